/* fuzz-srt.c — SubRip captions to WebVTT
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-media.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *vtt = lec_srt_to_vtt ((const char *) data, size);

  fuzz_check (vtt != NULL && g_str_has_prefix (vtt, "WEBVTT"));
  return 0;
}
