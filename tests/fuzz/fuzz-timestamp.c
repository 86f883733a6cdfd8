/* fuzz-timestamp.c — "HH:MM:SS", YouTube t= values and YouTube URLs
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-timestamp.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autofree char *video_id = NULL;
  guint seconds;
  int at;

  if (lec_timestamp_parse ((const char *) data, size, &seconds))
    {
      g_autofree char *shown = lec_timestamp_format (seconds);
      guint again;

      fuzz_check (seconds <= LEC_TIMESTAMP_MAX_SECONDS);
      /* What Lectern writes, it reads back as the same time. */
      fuzz_check (lec_timestamp_parse (shown, -1, &again) && again == seconds);
    }
  if (lec_timestamp_parse_youtube (text, &seconds))
    fuzz_check (seconds <= LEC_TIMESTAMP_MAX_SECONDS);
  if (lec_youtube_url_parse (text, &video_id, &at))
    fuzz_check (video_id != NULL);
  return 0;
}
