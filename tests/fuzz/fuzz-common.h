/* fuzz-common.h — what every libFuzzer target of tests/fuzz shares
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* GLib's slice allocator would hide use after free and overflows of its
 * blocks from ASan; its warnings and criticals are bugs here, so they
 * abort (the fuzzer then saves the input). */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* The input as a nul-terminated string (it may hold nul bytes itself,
 * which then end it early, as they would for any C string). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  char *s = g_malloc (size + 1);

  if (size > 0)
    memcpy (s, data, size);
  s[size] = '\0';
  return s;
}

/* Fails loudly, so that libFuzzer records the input. */
#define fuzz_check(cond) \
  G_STMT_START { if (!(cond)) { g_printerr ("fuzz_check failed: %s\n", #cond); abort (); } } G_STMT_END
