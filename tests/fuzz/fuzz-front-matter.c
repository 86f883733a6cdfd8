/* fuzz-front-matter.c — lec_front_matter_parse() on any bytes
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-front-matter.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(LecFrontMatter) fm = lec_front_matter_parse ((const char *) data, size);
  const char *fields[6];

  fuzz_check (fm != NULL);
  fuzz_check (fm->body_offset <= size);
  /* Every field Lectern keeps is valid UTF-8: they reach the UI and the
   * index. */
  fields[0] = fm->title;
  fields[1] = fm->video_id;
  fields[2] = fm->media;
  fields[3] = fm->date;
  fields[4] = fm->source;
  fields[5] = fm->url;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fuzz_check (fields[i] == NULL || g_utf8_validate (fields[i], -1, NULL));
  for (guint i = 0; fm->tags != NULL && fm->tags[i] != NULL; i++)
    fuzz_check (g_utf8_validate (fm->tags[i], -1, NULL));
  for (guint i = 0; fm->aliases != NULL && fm->aliases[i] != NULL; i++)
    fuzz_check (g_utf8_validate (fm->aliases[i], -1, NULL));
  return 0;
}
