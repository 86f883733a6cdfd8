/* test-timestamp.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-timestamp.h"

static void
test_parse (void)
{
  static const struct { const char *text; gboolean ok; guint seconds; } cases[] = {
    { "00:01:25", TRUE, 85 },
    { "1:02:03", TRUE, 3723 },
    { "01:02:03", TRUE, 3723 },
    { "12:34", TRUE, 754 },
    { "2:05", TRUE, 125 },
    { "[00:01:25]", TRUE, 85 },
    { "(12:34)", TRUE, 754 },
    { "  00:00:07 ", TRUE, 7 },
    { "47:17", TRUE, 2837 },
    /* What real vaults contain and Lectern must refuse. */
    { "HH:99:99", FALSE, 0 },
    { "00:99:99", FALSE, 0 },
    { "00:00:00:00", FALSE, 0 },
    { "mm:ss", FALSE, 0 },
    { "", FALSE, 0 },
    { "[]", FALSE, 0 },
    { "00:01:2", FALSE, 0 },
    { "1:5", FALSE, 0 },
    { "00:01:25x", FALSE, 0 },
    { "-1:00", FALSE, 0 },
    { "12", FALSE, 0 },
    { "1:60", FALSE, 0 },
    { "[00:01:25", FALSE, 0 },
    { "9999:00:00", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint seconds = 0;
      gboolean ok = lec_timestamp_parse (cases[i].text, -1, &seconds);

      if (ok != cases[i].ok || (ok && seconds != cases[i].seconds))
        g_error ("“%s”: expected %s %u, got %s %u", cases[i].text,
                 cases[i].ok ? "valid" : "invalid", cases[i].seconds,
                 ok ? "valid" : "invalid", seconds);
    }
}

static void
test_youtube (void)
{
  static const struct { const char *value; gboolean ok; guint seconds; } cases[] = {
    { "85", TRUE, 85 },
    { "85s", TRUE, 85 },
    { "1m25s", TRUE, 85 },
    { "1h2m3s", TRUE, 3723 },
    { "2m", TRUE, 120 },
    { "1h", TRUE, 3600 },
    { "", FALSE, 0 },
    { "abc", FALSE, 0 },
    { "1s2m", FALSE, 0 },
    { "1m1m", FALSE, 0 },
    { "5x", FALSE, 0 },
    { "99999999", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint seconds = 0;
      gboolean ok = lec_timestamp_parse_youtube (cases[i].value, &seconds);

      if (ok != cases[i].ok || (ok && seconds != cases[i].seconds))
        g_error ("t=%s: expected %s %u, got %s %u", cases[i].value,
                 cases[i].ok ? "valid" : "invalid", cases[i].seconds,
                 ok ? "valid" : "invalid", seconds);
    }
}

/* YouTube links in their forms, with t= or start= in each of its
 * notations; the note decides whether the video is its own. */
static void
test_youtube_url (void)
{
  static const struct { const char *url; gboolean ok; const char *id; int seconds; } cases[] = {
    { "https://www.youtube.com/watch?v=abcdefghijk&t=85", TRUE, "abcdefghijk", 85 },
    { "https://youtu.be/abcdefghijk?t=85s", TRUE, "abcdefghijk", 85 },
    { "https://www.youtube.com/watch?v=abcdefghijk&start=85", TRUE, "abcdefghijk", 85 },
    { "https://m.youtube.com/watch?t=1m25s&v=abcdefghijk", TRUE, "abcdefghijk", 85 },
    { "https://www.youtube.com/embed/abcdefghijk?start=3723", TRUE, "abcdefghijk", 3723 },
    { "https://www.youtube-nocookie.com/embed/abcdefghijk?t=1h2m3s", TRUE, "abcdefghijk", 3723 },
    { "https://www.youtube.com/shorts/abcdefghijk?t=5", TRUE, "abcdefghijk", 5 },
    { "https://www.youtube.com/live/abcdefghijk?t=6", TRUE, "abcdefghijk", 6 },
    { "https://www.youtube.com/watch?v=abcdefghijk#t=1m", TRUE, "abcdefghijk", 60 },
    { "https://www.youtube.com/watch?v=abcdefghijk", TRUE, "abcdefghijk", -1 },
    { "https://www.youtube.com/watch?v=abcdefghijk&t=soon", TRUE, "abcdefghijk", -1 },
    { "https://example.com/watch?v=abcdefghijk&t=85", FALSE, NULL, 0 },
    { "https://www.youtube.com/channel/xyz", FALSE, NULL, 0 },
    { "not a url", FALSE, NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = NULL;
      int seconds = 0;
      gboolean ok = lec_youtube_url_parse (cases[i].url, &id, &seconds);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        continue;
      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpint (seconds, ==, cases[i].seconds);
    }
}

/* The one rule for a YouTube id, and the only way a note's id goes into
 * a URL. */
static void
test_youtube_id (void)
{
  static const char * const valid[] = { "dQw4w9WgXcQ", "abc-def_123", "___________", "-abcdefghij" };
  static const char * const invalid[] = {
    "", "abc", "dQw4w9WgXcQQ", "dQw4w9WgXc", "x\" onerror=\"", "abc def ghi", "abcdefghij&",
    "abcdefghij#", "abcdefghij/", "abcdefghij.", "abcdefghi%2", "abcdéfghij", "--exec=rm -",
    "abcdefghijk\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *url = lec_youtube_watch_url (valid[i], 85);
      g_autofree char *expected = g_strdup_printf ("https://www.youtube.com/watch?v=%s&t=85s", valid[i]);

      g_assert_true (lec_youtube_id_is_valid (valid[i]));
      g_assert_cmpstr (url, ==, expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (lec_youtube_id_is_valid (invalid[i]));
      g_assert_null (lec_youtube_watch_url (invalid[i], 0));
    }
  g_assert_false (lec_youtube_id_is_valid (NULL));

  {
    g_autofree char *url = lec_youtube_watch_url ("dQw4w9WgXcQ", -1);

    g_assert_cmpstr (url, ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  }
}

static void
test_format (void)
{
  g_autofree char *a = lec_timestamp_format (85);
  g_autofree char *b = lec_timestamp_format (3723);

  g_assert_cmpstr (a, ==, "01:25");
  g_assert_cmpstr (b, ==, "1:02:03");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timestamp/parse", test_parse);
  g_test_add_func ("/timestamp/youtube", test_youtube);
  g_test_add_func ("/timestamp/youtube-url", test_youtube_url);
  g_test_add_func ("/timestamp/youtube-id", test_youtube_id);
  g_test_add_func ("/timestamp/format", test_format);

  return g_test_run ();
}
