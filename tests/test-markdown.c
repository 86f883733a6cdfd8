/* test-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"

#include "lec-markdown.h"
#include "lec-note.h"

#include <string.h>
#include <time.h>

static char *
render (const char *md)
{
  g_autoptr(LecMarkdown) doc = lec_markdown_parse (md, strlen (md));

  return lec_markdown_render (doc);
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
                                  "~~gone~~ and www.example.org and someone@example.org\n\n"
                                  "- [x] done\n- [ ] todo\n\n"
                                  "Text[^1].\n\n[^1]: The note.\n\n"
                                  "```python\nprint(1)\n```\n\n"
                                  "<xmp>filtered</xmp>\n");

  assert_contains (html, "<table>");
  assert_contains (html, "<td>2</td>");
  assert_contains (html, "<del>gone</del>");
  assert_contains (html, "<a href=\"http://www.example.org\">");
  assert_contains (html, "<a href=\"mailto:someone@example.org\">");
  assert_contains (html, "type=\"checkbox\"");
  assert_contains (html, "class=\"footnotes\"");
  assert_contains (html, "class=\"language-python\"");
  /* tagfilter: GFM's disallowed raw HTML is escaped. */
  assert_contains (html, "&lt;xmp>filtered&lt;/xmp>");
}

/* A node's source text, by position: escapes and all. */
static void
test_node_source (void)
{
  const char *text = "Para \\{x\\} and *emph* here\n";
  g_autoptr(LecMarkdown) doc = lec_markdown_parse (text, strlen (text));
  cmark_node *para = cmark_node_first_child (lec_markdown_get_root (doc));
  cmark_node *first = cmark_node_first_child (para);
  const char *src;
  gsize len;

  g_assert_true (lec_markdown_node_source (doc, first, &src, &len));
  g_assert_cmpint (strncmp (src, "Para \\{x\\} and ", len), ==, 0);
  g_assert_cmpstr (cmark_node_get_literal (first), ==, "Para {x} and ");

  /* A paragraph's later lines: after indentation, quote markers (lazy or
   * not) and tabs, the source is the text itself, cut at whole
   * characters. */
  {
    static const char * const shapes[] = {
      "a\n $\xc3\xa9$", "a\n    $\xc3\xa9$", "- a\n   $\xc3\xa9$", "> a\n$\xc3\xa9$",
      "> a\n>$\xc3\xa9$", "> a\n>    $\xc3\xa9$", "  a\n  $\xc3\xa9$", "a\n\t$\xc3\xa9$",
      "> a\n>\t$\xc3\xa9$", "- a\n\t$\xc3\xa9$", "> > a\n> >  b\n>  $\xc3\xa9$",
      "1. a\n\n   - b\n        $\xc3\xa9$", "a\n  $\xc3\xa9$\n---", "> a\n  $\xc3\xa9$",
      "> > a\n>   $\xc3\xa9$", "- a\n $\xc3\xa9$", "- a\n\n  b\n $\xc3\xa9$", "> a\n\t$\xc3\xa9$",
    };

    for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
      {
        g_autoptr(LecMarkdown) d = lec_markdown_parse (shapes[i], strlen (shapes[i]));
        cmark_iter *iter = cmark_iter_new (lec_markdown_get_root (d));
        gboolean found = FALSE;

        while (cmark_iter_next (iter) != CMARK_EVENT_DONE)
          {
            cmark_node *n = cmark_iter_get_node (iter);

            if (cmark_node_get_type (n) != CMARK_NODE_TEXT ||
                g_strcmp0 (cmark_node_get_literal (n), "$\xc3\xa9$") != 0)
              continue;
            g_test_message ("%s", shapes[i]);
            g_assert_true (lec_markdown_node_source (d, n, &src, &len));
            g_assert_cmpmem (src, len, "$\xc3\xa9$", 4);
            found = TRUE;
          }
        cmark_iter_free (iter);
        g_assert_true (found);
      }
  }

  /* cmark-gfm 0.29.0.gfm.6 gives a paragraph that runs into a table no
   * position, and its inlines wrong ones: they have no source. */
  {
    const char *before_table = "A first line long enough to hold the next one.\n`c` and more\n| a |\n|---|\n";
    g_autoptr(LecMarkdown) doc2 = lec_markdown_parse (before_table, strlen (before_table));
    cmark_node *para2 = cmark_node_first_child (lec_markdown_get_root (doc2));

    g_assert_cmpint (cmark_node_get_type (para2), ==, CMARK_NODE_PARAGRAPH);
    for (cmark_node *n = cmark_node_first_child (para2); n != NULL; n = cmark_node_next (n))
      g_assert_false (lec_markdown_node_source (doc2, n, &src, &len));
  }
}

/* cmark-gfm cuts the text of an undefined footnote reference across lines
 * at a wrong length, inside a character: the text is whole characters
 * again. */
static void
test_footnote_reference_across_lines (void)
{
  static const char * const shapes[] = { "[^\n\xc3\xa9s]", "[^\n\0s]", "a [^\n\xe2\x82\xac\xe2\x82\xac] b" };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      gsize len = i == 1 ? 6 : strlen (shapes[i]);
      g_autoptr(LecMarkdown) doc = lec_markdown_parse (shapes[i], len);
      cmark_iter *iter = cmark_iter_new (lec_markdown_get_root (doc));
      g_autofree char *html = lec_markdown_render (doc);

      while (cmark_iter_next (iter) != CMARK_EVENT_DONE)
        {
          const char *lit = cmark_node_get_literal (cmark_iter_get_node (iter));

          g_assert_true (lit == NULL || g_utf8_validate (lit, -1, NULL));
        }
      cmark_iter_free (iter);
      g_assert_true (g_utf8_validate (html, -1, NULL));
    }
}

static void
test_invalid_utf8_and_nul (void)
{
  static const char bad[] = "caf\xc3 \xff\xfe text\x00more";
  g_autoptr(LecMarkdown) doc = lec_markdown_parse (bad, sizeof bad - 1);
  g_autofree char *html = lec_markdown_render (doc);

  g_assert_true (g_utf8_validate (html, -1, NULL));
  assert_contains (html, "more");

  /* Bad bytes after a long run of ASCII, and a sequence cut off at the
   * end, are replaced too; good UTF-8 passes untouched. */
  {
    static const char cases[][64] = {
      "A long enough line of plain ASCII text \xff then more",
      "Ends in half a character: caf\xc3",
      "An overlong slash \xc0\xaf and a lone continuation \x80 byte",
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(LecMarkdown) d = lec_markdown_parse (cases[i], strlen (cases[i]));
        g_autofree char *h = lec_markdown_render (d);

        g_assert_true (g_utf8_validate (h, -1, NULL));
        assert_contains (h, "\xef\xbf\xbd");  /* U+FFFD */
      }
  }
  {
    static const char good[] = "Caf\xc3\xa9, na\xc3\xafve \xe2\x80\x94 \xf0\x9f\x8e\xac and ASCII after it";
    g_autoptr(LecMarkdown) d = lec_markdown_parse (good, sizeof good - 1);
    g_autofree char *h = lec_markdown_render (d);

    assert_contains (h, good);
  }
}

/* Inputs that take cmark-gfm 0.29.0.gfm.6 seconds to minutes, and that
 * Lectern bounds before parsing. Each must render through the whole note
 * pipeline in under a second. */
static double
render_seconds (GBytes *bytes)
{
  g_autoptr(LecNote) note = NULL;
  g_autofree char *html = NULL;
  double start = test_thread_seconds ();

  note = lec_note_new ("pathological.md", bytes);
  html = lec_note_render_html (note);
  g_assert_true (g_utf8_validate (html, -1, NULL));
  return test_thread_seconds () - start;
}

/* The best of two runs, so a busy machine does not fail the bound. */
static void
check_fast (const char *what,
            GString    *input)
{
  gsize len = input->len;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_string_free (input, FALSE), len);
  double seconds = render_seconds (bytes);

  if (seconds >= 1.0)
    seconds = MIN (seconds, render_seconds (bytes));
  g_test_message ("%s: %.3f s", what, seconds);
  if (seconds >= 1.0)
    g_error ("%s took %.2f s", what, seconds);
}

static GString *
make_wikilinks (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (s, "[[topic_%u | Label %u]] ", i, i);
  return s;
}

static GString *
make_brackets (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 25000; i++)
    g_string_append_c (s, '[');
  g_string_append (s, "x");
  for (guint i = 0; i < 25000; i++)
    g_string_append_c (s, ']');
  return s;
}

static GString *
make_blockquotes (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 25000; i++)
    g_string_append (s, "> ");
  g_string_append (s, "*emph* _more_ [[link]]\n");
  for (guint i = 0; i < 25000; i++)
    g_string_append (s, ">");
  g_string_append (s, " **strong** text\n");
  return s;
}

static GString *
make_long_line (void)
{
  GString *s = g_string_new (NULL);

  while (s->len < 10 * 1024 * 1024)
    g_string_append (s, "word ");
  return s;
}

static GString *
make_image_openers (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 160000; i++)
    g_string_append (s, "![[]()");
  return s;
}

static GString *
make_deep_list (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    {
      for (guint j = 0; j < i; j++)
        g_string_append (s, "  ");
      g_string_append (s, "- item\n\n\n");
    }
  return s;
}

static GString *
make_binary (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (s, (char) (i * 7919));
  return s;
}

/* Many math spans on one line, with a dollar sign written as an entity
 * so that the spans cannot all be read at once. */
static GString *
make_math_spans (void)
{
  GString *s = g_string_new ("&#36; ");

  for (guint i = 0; i < 50000; i++)
    g_string_append (s, "$a_1 \\{b\\}$ ");
  return s;
}

static GString *
make_dollars (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 600000; i++)
    g_string_append_c (s, '$');
  return s;
}

/* cmark-gfm copies the rest of a line for every e-mail address in it. */
static GString *
make_email_addresses (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 4000; i++)
    {
      g_string_append_printf (s, "user%u@example.org ", i);
      for (guint j = 0; j < 60; j++)
        g_string_append (s, "padding ");
    }
  return s;
}

typedef struct
{
  const char *name;
  GString  *(*make) (void);
} Pathological;

/* Inputs that take cmark-gfm 0.29.0.gfm.6 seconds to minutes, or that
 * stress Lectern's own passes. Each runs in a fresh process, as opening a
 * note would, and must render through the whole pipeline in under a
 * second of processor time. */
static const Pathological pathological[] = {
  { "wiki-links-100k", make_wikilinks },
  { "nested-brackets-25k", make_brackets },
  { "nested-blockquotes-25k", make_blockquotes },
  { "single-line-10mb", make_long_line },
  { "image-openers-160k", make_image_openers },
  { "deep-list-blank-lines", make_deep_list },
  { "binary-nul-invalid-utf8", make_binary },
  { "math-spans-one-line", make_math_spans },
  { "dollar-signs", make_dollars },
  { "email-addresses-one-line", make_email_addresses },
};

static void
test_pathological (gconstpointer data)
{
  const Pathological *p = data;

  if (TEST_SANITIZED)
    {
      /* Under ASan and UBSan wiki-links-100k took more than the 20 s the
       * subprocess has, where it takes under 1 s without them; the
       * fuzzers (tests/fuzz/) look for memory errors in such shapes. */
      g_test_skip ("its one-second bound means nothing under ASan and UBSan");
      return;
    }

  if (g_test_subprocess ())
    {
      check_fast (p->name, p->make ());
      return;
    }

  /* A hang fails too: the subprocess is killed after 20 s. A second
   * process gets a second chance: the same binary runs some of these
   * inputs in 0.45 s or 0.9 s by where its memory happens to lie (seen
   * with image-openers-160k), and a quadratic blow-up fails both. */
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (!g_test_trap_has_passed ())
    g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/gfm", test_gfm);
  g_test_add_func ("/markdown/node-source", test_node_source);
  g_test_add_func ("/markdown/footnote-reference-across-lines", test_footnote_reference_across_lines);
  g_test_add_func ("/markdown/invalid-utf8-and-nul", test_invalid_utf8_and_nul);
  for (guint i = 0; i < G_N_ELEMENTS (pathological); i++)
    {
      g_autofree char *path = g_strdup_printf ("/markdown/pathological/%s", pathological[i].name);

      g_test_add_data_func (path, &pathological[i], test_pathological);
    }

  return g_test_run ();
}
