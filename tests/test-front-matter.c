/* test-front-matter.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"

#include "lec-front-matter.h"
#include "lec-note.h"

#include <string.h>

static LecFrontMatter *
parse (const char *text)
{
  return lec_front_matter_parse (text, strlen (text));
}

static void
test_basic (void)
{
  const char *text = "---\ntitle: AI development and Meta's role\nvideoId: rYXeQbTuVl0\n---\n\nFrom: [[x]]\n";
  g_autoptr(LecFrontMatter) fm = parse (text);

  g_assert_true (fm->present);
  g_assert_cmpstr (fm->title, ==, "AI development and Meta's role");
  g_assert_cmpstr (fm->video_id, ==, "rYXeQbTuVl0");
  g_assert_cmpstr (text + fm->body_offset, ==, "\nFrom: [[x]]\n");
  g_assert_cmpuint (fm->warnings->len, ==, 0);
}

static void
test_bom_crlf_and_dots (void)
{
  const char *text = "\xEF\xBB\xBF---\r\ntitle: \"Quoted: title\"\r\nmedia: clips/a.webm\r\n...\r\nBody\r\n";
  g_autoptr(LecFrontMatter) fm = parse (text);

  g_assert_true (fm->present);
  g_assert_cmpstr (fm->title, ==, "Quoted: title");
  g_assert_cmpstr (fm->media, ==, "clips/a.webm");
  g_assert_cmpstr (text + fm->body_offset, ==, "Body\r\n");
}

static void
test_lists (void)
{
  g_autoptr(LecFrontMatter) fm = parse ("---\n"
                                         "tags: [physics, \"#optics\"]\n"
                                         "aliases:\n  - Telescopes\n  - Light buckets\n"
                                         "date: 2024-05-01\n"
                                         "url: https://example.org/v\n"
                                         "nested: {a: [1, 2, {b: c}]}\n"
                                         "title: After nesting\n"
                                         "---\n");
  g_assert_nonnull (fm->tags);
  g_assert_cmpstr (fm->tags[0], ==, "physics");
  g_assert_cmpstr (fm->tags[1], ==, "optics");
  g_assert_null (fm->tags[2]);
  g_assert_cmpstr (fm->aliases[0], ==, "Telescopes");
  g_assert_cmpstr (fm->aliases[1], ==, "Light buckets");
  g_assert_cmpstr (fm->date, ==, "2024-05-01");
  g_assert_cmpstr (fm->url, ==, "https://example.org/v");
  g_assert_cmpstr (fm->title, ==, "After nesting");
}

static void
test_tag_string (void)
{
  g_autoptr(LecFrontMatter) fm = parse ("---\ntags: \"#a, b  c\"\n---\n");

  g_assert_cmpstr (fm->tags[0], ==, "a");
  g_assert_cmpstr (fm->tags[1], ==, "b");
  g_assert_cmpstr (fm->tags[2], ==, "c");
  g_assert_null (fm->tags[3]);
}

static void
test_unclosed (void)
{
  const char *text = "---\ntitle: Never closed\n\nBody text\n";
  g_autoptr(LecFrontMatter) fm = parse (text);

  g_assert_false (fm->present);
  g_assert_null (fm->title);
  g_assert_cmpuint (fm->body_offset, ==, 0);
  g_assert_cmpuint (fm->warnings->len, ==, 1);
}

static void
test_invalid_yaml (void)
{
  const char *text = "---\ntitle: [unterminated\nvideoId: x\n---\nThe body\n";
  g_autoptr(LecFrontMatter) fm = parse (text);

  g_assert_true (fm->present);
  g_assert_cmpuint (fm->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fm->warnings, 0), "YAML"));
  g_assert_cmpstr (text + fm->body_offset, ==, "The body\n");
}

static void
test_non_scalar_title (void)
{
  g_autoptr(LecFrontMatter) fm = parse ("---\ntitle:\n  - a\n  - b\nvideoId: abc\n---\n");

  g_assert_null (fm->title);
  g_assert_cmpstr (fm->video_id, ==, "abc");
}

/* "Billion laughs": libyaml's event parser must not expand aliases, and the
 * event bound keeps the work linear. */
static void
test_alias_bomb (void)
{
  GString *s = g_string_new ("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  g_autoptr(LecFrontMatter) fm = NULL;
  gint64 start;

  for (guint i = 1; i < 40; i++)
    {
      g_string_append_printf (s, "a%u: &a%u [", i, i);
      for (guint j = 0; j < 9; j++)
        g_string_append_printf (s, "%s*a%u", j ? ", " : "", i - 1);
      g_string_append (s, "]\n");
    }
  g_string_append (s, "title: Survived\n---\nbody\n");

  start = g_get_monotonic_time ();
  fm = lec_front_matter_parse (s->str, s->len);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpstr (fm->title, ==, "Survived");
  g_string_free (s, TRUE);
}

/* Deep flow nesting ("[[[[…") costs libyaml time quadratic in the depth
 * (a second for 200 KB): it is refused before libyaml sees it, while a few
 * levels read as usual. */
static void
test_deep_nesting (void)
{
  GString *s = g_string_new ("---\ntitle: Deep\nk: ");
  g_autoptr(LecFrontMatter) fm = NULL;
  g_autoptr(LecFrontMatter) shallow = parse ("---\nk: [[a, {b: [c]}], [d]]\ntitle: Shallow [1\n---\n");
  double start;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (s, i % 3 ? '[' : '{');
  g_string_append (s, "\n---\nBody after\n");

  start = test_thread_seconds ();
  fm = lec_front_matter_parse (s->str, s->len);
  g_assert_cmpfloat (test_thread_seconds () - start, <, 0.1);
  g_assert_null (fm->title);
  g_assert_cmpuint (fm->warnings->len, ==, 1);
  g_assert_cmpstr (s->str + fm->body_offset, ==, "Body after\n");
  g_string_free (s, TRUE);

  g_assert_cmpstr (shallow->title, ==, "Shallow [1");
  g_assert_cmpuint (shallow->warnings->len, ==, 0);
}

static void
test_too_large (void)
{
  GString *s = g_string_new ("---\ntitle: Big\n");
  g_autoptr(LecFrontMatter) fm = NULL;

  while (s->len < LEC_FRONT_MATTER_MAX_BYTES + 100)
    g_string_append (s, "k: a value that repeats to make the block large\n");
  g_string_append (s, "---\nBody after\n");

  fm = lec_front_matter_parse (s->str, s->len);
  g_assert_null (fm->title);
  g_assert_cmpuint (fm->warnings->len, ==, 1);
  g_assert_cmpstr (s->str + fm->body_offset, ==, "Body after\n");
  g_string_free (s, TRUE);
}

static void
test_no_front_matter (void)
{
  g_autoptr(LecFrontMatter) fm = parse ("# Heading\n---\ntitle: not front matter\n---\n");

  g_assert_false (fm->present);
  g_assert_null (fm->title);
  g_assert_cmpuint (fm->body_offset, ==, 0);
}

static void
test_note_title_fallback (void)
{
  g_autoptr(GBytes) with = g_bytes_new_static ("---\ntitle: From YAML\n---\nx", 26);
  g_autoptr(GBytes) without = g_bytes_new_static ("Just text\n", 10);
  g_autoptr(LecNote) a = lec_note_new ("folder/some_note.md", with);
  g_autoptr(LecNote) b = lec_note_new ("folder/some_note.md", without);
  g_autofree char *c = lec_title_from_path ("a/b/Reinforcement Learning.markdown");

  g_assert_cmpstr (lec_note_get_title (a), ==, "From YAML");
  g_assert_cmpstr (lec_note_get_title (b), ==, "some_note");
  g_assert_cmpstr (c, ==, "Reinforcement Learning");
}

/* A broken block is a warning on the note, never a failure: the note
 * opens and its body renders. */
static void
test_note_warnings (void)
{
  static const char *broken[] = {
    "---\ntitle: [unclosed\nvideoId: abc\n---\nThe *body* renders.\n",
    "---\ntitle: Never closed\n\nThe *body* renders.\n",
    "---\ntitle: \"bad \\q escape\"\n---\nThe *body* renders.\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (broken[i], strlen (broken[i]));
      g_autoptr(LecNote) note = lec_note_new ("folder/broken.md", bytes);
      g_autofree char *html = lec_note_render_html (note);

      g_assert_cmpuint (lec_note_get_warnings (note)->len, ==, 1);
      g_assert_nonnull (strstr (html, "<em>body</em> renders."));
      g_assert_cmpstr (lec_note_get_title (note), ==, "broken");
    }

  {
    static const char good[] = "---\ntitle: T\nsource: https://example.org/s\n---\nBody\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (good, sizeof good - 1);
    g_autoptr(LecNote) note = lec_note_new ("good.md", bytes);

    g_assert_cmpuint (lec_note_get_warnings (note)->len, ==, 0);
    g_assert_cmpstr (lec_note_get_front_matter (note)->source, ==, "https://example.org/s");
  }
}

static void
test_garbage (void)
{
  static const char garbage[] = "---\ntitle: \xff\xfe bad\x00 utf8\n---\n\x00\x01 body";
  g_autoptr(LecFrontMatter) fm = lec_front_matter_parse (garbage, sizeof garbage - 1);

  /* Invalid UTF-8 never becomes a title. */
  g_assert_null (fm->title);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/front-matter/basic", test_basic);
  g_test_add_func ("/front-matter/bom-crlf-dots", test_bom_crlf_and_dots);
  g_test_add_func ("/front-matter/lists", test_lists);
  g_test_add_func ("/front-matter/tag-string", test_tag_string);
  g_test_add_func ("/front-matter/unclosed", test_unclosed);
  g_test_add_func ("/front-matter/invalid-yaml", test_invalid_yaml);
  g_test_add_func ("/front-matter/non-scalar-title", test_non_scalar_title);
  g_test_add_func ("/front-matter/alias-bomb", test_alias_bomb);
  g_test_add_func ("/front-matter/deep-nesting", test_deep_nesting);
  g_test_add_func ("/front-matter/too-large", test_too_large);
  g_test_add_func ("/front-matter/none", test_no_front_matter);
  g_test_add_func ("/front-matter/garbage", test_garbage);
  g_test_add_func ("/note/title-fallback", test_note_title_fallback);
  g_test_add_func ("/note/front-matter-warnings", test_note_warnings);

  return g_test_run ();
}
