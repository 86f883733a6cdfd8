/* lec-fuzzy.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-fuzzy"

#include "config.h"

#include "lec-fuzzy.h"

#include <string.h>

/* Fuzzy matching for quick open: the letters typed must appear in order in
 * a title, alias or topic; matches that start words, run together or start
 * the text rank first, as in GNOME Builder's or VS Code's pickers. Both
 * sides are folded first (lower case, accents removed), so "cafe" finds
 * "Café". */

/**
 * lec_fuzzy_fold:
 *
 * @text lower-cased with its accents removed, for lec_fuzzy_score().
 */
char *
lec_fuzzy_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  /* A title made from a file name may be any bytes, and
   * lec_fuzzy_score() walks what this returns character by character:
   * it must be valid UTF-8, or the walk steps over its end. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_word_start (const char *text,
               const char *p)
{
  gunichar before;

  if (p == text)
    return TRUE;
  before = g_utf8_get_char (g_utf8_prev_char (p));
  return !g_unichar_isalnum (before);
}

/**
 * lec_fuzzy_score:
 * @pattern: folded (lec_fuzzy_fold()); spaces in it are ignored
 * @text: folded
 *
 * How well @pattern matches @text: -1 when its letters do not all appear
 * in order, else higher for better matches. Each letter matched is worth
 * 1, more at the start of a word (8) or right after the previous match (5);
 * a match at the very start of @text adds 10; letters skipped cost a
 * little, so among equals the shorter text wins. The first place each
 * letter can go is taken, after trying every start of the first letter.
 */
int
lec_fuzzy_score (const char *pattern,
                 const char *text)
{
  int best = -1;

  g_return_val_if_fail (pattern != NULL, -1);
  g_return_val_if_fail (text != NULL, -1);

  while (*pattern == ' ')
    pattern++;
  if (*pattern == '\0')
    return 0;

  /* Try each place the first letter occurs: "ap" in "lamp apart" must
   * find the word "apart", not the "a" and a later "p". */
  for (const char *start = text; *start != '\0'; start = g_utf8_next_char (start))
    {
      const char *p = pattern;
      const char *t = start;
      const char *last = NULL;
      int score = 0;

      if (g_utf8_get_char (start) != g_utf8_get_char (pattern))
        continue;

      while (*p != '\0' && *t != '\0')
        {
          gunichar want = g_utf8_get_char (p);

          if (want == ' ')
            {
              p = g_utf8_next_char (p);
              continue;
            }
          if (g_utf8_get_char (t) == want)
            {
              score += 1;
              if (is_word_start (text, t))
                score += 8;
              if (last != NULL && g_utf8_next_char (last) == t)
                score += 5;
              if (t == text)
                score += 10;
              last = t;
              p = g_utf8_next_char (p);
            }
          else if (last != NULL)
            score -= 1;
          t = g_utf8_next_char (t);
        }
      while (*p == ' ')
        p++;
      if (*p != '\0')
        break;  /* it did not fit from here; it will not from later */

      /* The rest of the text left unmatched weighs a little. */
      score -= (int) MIN (g_utf8_strlen (t, -1), 20) / 4;
      if (score > best)
        best = MAX (score, 0);
    }
  return best;
}
