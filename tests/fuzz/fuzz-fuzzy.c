/* fuzz-fuzzy.c — quick-open's fuzzy matching: the input is a pattern, a
 * newline, then the text it is matched against
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-fuzzy.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = fuzz_strndup (data, size);
  char *newline = strchr (input, '\n');
  const char *text = "";
  g_autofree char *pattern = NULL;
  g_autofree char *folded = NULL;

  if (newline != NULL)
    {
      *newline = '\0';
      text = newline + 1;
    }
  /* Quick-open folds what the user typed and every title alike. */
  pattern = lec_fuzzy_fold (input);
  folded = lec_fuzzy_fold (text);
  fuzz_check (pattern != NULL && folded != NULL);
  (void) lec_fuzzy_score (pattern, folded);
  return 0;
}
