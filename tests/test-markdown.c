/* test-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-markdown.h"

#include <string.h>

static char *
render (const char *md)
{
  return lec_markdown_to_html (md, strlen (md));
}

static void
assert_contains (const char *html,
                 const char *needle)
{
  if (strstr (html, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, html);
}

static void
test_gfm (void)
{
  g_autofree char *html = render ("| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                  "~~gone~~ and www.example.org\n\n"
                                  "- [x] done\n- [ ] todo\n\n"
                                  "Text[^1].\n\n[^1]: The note.\n\n"
                                  "```python\nprint(1)\n```\n");

  assert_contains (html, "<table>");
  assert_contains (html, "<td>2</td>");
  assert_contains (html, "<del>gone</del>");
  assert_contains (html, "<a href=\"http://www.example.org\">");
  assert_contains (html, "type=\"checkbox\"");
  assert_contains (html, "class=\"footnotes\"");
  assert_contains (html, "class=\"language-python\"");
}

/* Until the sanitiser passes raw HTML through its allowlist, none of it
 * reaches the page. */
static void
test_raw_html_dropped (void)
{
  g_autofree char *html = render ("<script>alert(1)</script>\n\n"
                                  "Hi <img src=x onerror=alert(1)> there\n\n"
                                  "[x](javascript:alert(1))\n");

  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "onerror"));
  g_assert_null (strstr (html, "javascript:"));
}

static void
test_invalid_utf8_and_nul (void)
{
  static const char bad[] = "caf\xc3 \xff\xfe text\x00more";
  g_autofree char *html = lec_markdown_to_html (bad, sizeof bad - 1);

  g_assert_true (g_utf8_validate (html, -1, NULL));
  assert_contains (html, "more");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/gfm", test_gfm);
  g_test_add_func ("/markdown/raw-html-dropped", test_raw_html_dropped);
  g_test_add_func ("/markdown/invalid-utf8-and-nul", test_invalid_utf8_and_nul);

  return g_test_run ();
}
