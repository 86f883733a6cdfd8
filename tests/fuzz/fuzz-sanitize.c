/* fuzz-sanitize.c — the HTML sanitiser and the URL rule on any bytes
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-sanitize.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *html = lec_sanitize_html ((const char *) data, size);
  g_autofree char *url = fuzz_strndup (data, size);
  g_autofree char *remote = lec_remote_image_src ((const char *) data, size);

  fuzz_check (html != NULL && g_utf8_validate (html, -1, NULL));
  /* Sanitising its own output changes nothing that makes it unsafe: no
   * script element survives a second pass either. */
  {
    g_autofree char *again = lec_sanitize_html (html, -1);

    fuzz_check (strstr (again, "<script") == NULL);
  }
  (void) lec_sanitize_url_is_safe (url);
  fuzz_check (remote == NULL || g_str_has_prefix (remote, "lectern://remote/"));
  return 0;
}
