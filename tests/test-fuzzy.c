/* test-fuzzy.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-fuzzy.h"

static int
score (const char *pattern,
       const char *text)
{
  g_autofree char *p = lec_fuzzy_fold (pattern);
  g_autofree char *t = lec_fuzzy_fold (text);

  return lec_fuzzy_score (p, t);
}

static void
test_fold (void)
{
  g_autofree char *a = lec_fuzzy_fold ("Café Crème");
  g_autofree char *b = lec_fuzzy_fold ("ÅNGSTRÖM");

  g_assert_cmpstr (a, ==, "cafe creme");
  g_assert_cmpstr (b, ==, "angstrom");
}

/* Found by fuzz-fuzzy: a title of invalid UTF-8 (from a file name) was
 * folded as it was, and scoring it read past its end. */
static void
test_fold_invalid_utf8 (void)
{
  g_autofree char *folded = lec_fuzzy_fold ("Caf\xe9 \xff\xfeX");
  g_autofree char *cut = lec_fuzzy_fold ("ab\xe2\x82");

  g_assert_cmpstr (folded, ==, "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbdx");
  g_assert_cmpstr (cut, ==, "ab\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpint (lec_fuzzy_score ("b", cut), >, 0);
  g_assert_cmpint (lec_fuzzy_score ("x", folded), >, 0);
}

static void
test_match (void)
{
  /* In order, any case, accents folded, spaces ignored. */
  g_assert_cmpint (score ("tele", "Telescope"), >, 0);
  g_assert_cmpint (score ("TLSCP", "telescope"), >, 0);
  g_assert_cmpint (score ("cafe", "Café au lait"), >, 0);
  g_assert_cmpint (score ("ang res", "Angular resolution"), >, 0);
  g_assert_cmpint (score ("", "anything"), ==, 0);

  /* Out of order or missing letters: no match. */
  g_assert_cmpint (score ("elet", "telescope"), ==, -1);
  g_assert_cmpint (score ("telescopes", "telescope"), ==, -1);
  g_assert_cmpint (score ("x", ""), ==, -1);
}

static void
test_ranking (void)
{
  /* The start of the text beats the start of a later word, which beats
   * the middle of a word. */
  g_assert_cmpint (score ("ref", "Refractors and reflectors"), >, score ("ref", "The reflector"));
  g_assert_cmpint (score ("ref", "The reflector"), >, score ("ref", "Prefix rules"));

  /* Letters that run together beat letters spread out. */
  g_assert_cmpint (score ("mag", "Magnification"), >, score ("mag", "Meta and gauges"));

  /* Initials of words find their phrase. */
  g_assert_cmpint (score ("ar", "Angular resolution"), >, score ("ar", "Paragraph"));

  /* The best place is found, not the first: "ap" in "lamp apart". */
  g_assert_cmpint (score ("ap", "lamp apart"), >, score ("ap", "lamp") + 10);

  /* Among equals, the shorter text. */
  g_assert_cmpint (score ("light", "Light"), >, score ("light", "Light gathering and aperture"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzzy/fold", test_fold);
  g_test_add_func ("/fuzzy/fold-invalid-utf8", test_fold_invalid_utf8);
  g_test_add_func ("/fuzzy/match", test_match);
  g_test_add_func ("/fuzzy/ranking", test_ranking);

  return g_test_run ();
}
