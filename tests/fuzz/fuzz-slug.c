/* fuzz-slug.c — topic slugs and their display names
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-slug.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autofree char *slug = lec_slugify (text);
  g_autofree char *shown = lec_humanize_slug (slug);
  g_autofree char *shown_raw = lec_humanize_slug (text);

  fuzz_check (slug != NULL && g_utf8_validate (slug, -1, NULL));
  fuzz_check (shown != NULL && shown_raw != NULL);
  /* A slug is its own slug: the index groups links by it. */
  {
    g_autofree char *again = lec_slugify (slug);

    fuzz_check (g_str_equal (again, slug));
  }
  return 0;
}
