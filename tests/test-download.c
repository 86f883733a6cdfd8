/* test-download.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-download.h"
#include "lec-error.h"

#include <glib/gstdio.h>
#include <string.h>

/* yt-dlp cannot reach the network here: tests/fake-yt-dlp stands in for
 * it, first on PATH, and copies a small file where yt-dlp would write. */
typedef struct
{
  char *bin;     /* holds "yt-dlp" → tests/fake-yt-dlp */
  char *media;   /* the file the stand-in "downloads" */
  char *folder;  /* the media folder downloaded into */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *link = NULL;
  g_autofree char *path = NULL;
  const char *script = g_test_get_filename (G_TEST_DIST, "fake-yt-dlp", NULL);

  f->bin = g_dir_make_tmp ("lectern-bin-XXXXXX", NULL);
  f->folder = g_dir_make_tmp ("lectern-media-XXXXXX", NULL);
  f->media = g_build_filename (f->bin, "source.webm", NULL);
  link = g_build_filename (f->bin, "yt-dlp", NULL);
  g_assert_no_errno (symlink (script, link));
  g_assert_true (g_file_set_contents (f->media, "not really a video, but bytes to copy", -1, NULL));

  path = g_strconcat (f->bin, ":", g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
  g_setenv ("LECTERN_FAKE_MEDIA", f->media, TRUE);
  g_unsetenv ("LECTERN_FAKE_MODE");
  g_unsetenv ("LECTERN_FAKE_DELAY");
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->bin);
  remove_tree (f->folder);
  g_free (f->bin);
  g_free (f->media);
  g_free (f->folder);
}

typedef struct
{
  GAsyncResult *result;
  GArray       *fractions;
} Run;

static void
on_fraction (LecDownload *download,
             GParamSpec  *pspec,
             Run         *run)
{
  double fraction = lec_download_get_fraction (download);

  g_array_append_val (run->fractions, fraction);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static char *
run_download (LecDownload   *download,
              GCancellable  *cancellable,
              GArray        *fractions,
              GError       **error)
{
  Run run = { NULL, fractions };
  char *file;

  g_signal_connect (download, "notify::fraction", G_CALLBACK (on_fraction), &run);
  lec_download_start_async (download, cancellable, on_done, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  file = lec_download_start_finish (download, run.result, error);
  g_object_unref (run.result);
  return file;
}

/* The video lands in the media folder, named by its id, with progress
 * reported on the way. */
static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LecDownload) download = lec_download_new ("dQw4w9WgXcQ", f->folder);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (f->folder, "dQw4w9WgXcQ.webm", NULL);
  g_autofree char *file = NULL;
  g_autofree char *copied = NULL;

  g_assert_true (lec_download_is_available ());
  file = run_download (download, NULL, fractions, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file, ==, expected);
  g_assert_true (g_file_get_contents (file, &copied, NULL, NULL));
  g_assert_cmpstr (copied, ==, "not really a video, but bytes to copy");

  /* 12.5 %, 50 %, 87.5 %, 100 % (0 % is no news): rising, ending at 1. */
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0.125);
  g_assert_cmpfloat (lec_download_get_fraction (download), ==, 1.0);
}

/* yt-dlp's own error is what the reader is told. */
static void
test_download_fails (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LecDownload) download = lec_download_new ("gone1234567", f->folder);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  g_setenv ("LECTERN_FAKE_MODE", "fail", TRUE);
  file = run_download (download, NULL, fractions, &error);
  g_assert_null (file);
  g_assert_error (error, LEC_ERROR, LEC_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "Video unavailable"));
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelled: it stops, and leaves no half file behind. */
static void
test_download_cancelled (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LecDownload) download = lec_download_new ("slow1234567", f->folder);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *part = g_build_filename (f->folder, "slow1234567.webm.part", NULL);
  gint64 start = g_get_monotonic_time ();

  g_setenv ("LECTERN_FAKE_DELAY", "5", TRUE);
  g_timeout_add (500, cancel_soon, cancellable);
  file = run_download (download, cancellable, fractions, &error);
  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* Only yt-dlp's progress lines are progress. */
static void
test_parse_progress (void)
{
  double f = -1;

  g_assert_true (lec_download_parse_progress ("[download]  42.5% of ~ 10.00MiB at 1.2MiB/s ETA 00:07", &f));
  g_assert_cmpfloat (f, ==, 0.425);
  g_assert_true (lec_download_parse_progress ("[download] 100% of 3.00MiB in 00:00:02", &f));
  g_assert_cmpfloat (f, ==, 1.0);
  g_assert_false (lec_download_parse_progress ("[download] Destination: /tmp/x.webm", &f));
  g_assert_false (lec_download_parse_progress ("[youtube] abc: Downloading webpage", &f));
  g_assert_false (lec_download_parse_progress ("[download]  142% of", &f));
}

/* An id that is no YouTube id (lec_youtube_id_is_valid) never reaches
 * yt-dlp: one that could be read as an option, or that would add to the
 * URL. */
static void
test_bad_id (Fixture       *f,
             gconstpointer  data)
{
  static const char * const ids[] = { "--exec=rm", "--exec=rm -", "abc", "dQw4w9WgXcQ&list=x", "x\" onerror=\"" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(LecDownload) download = lec_download_new (ids[i], f->folder);
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GError) error = NULL;
      g_autofree char *file = run_download (download, NULL, fractions, &error);

      g_assert_null (file);
      g_assert_error (error, LEC_ERROR, LEC_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/download/parse-progress", test_parse_progress);
  g_test_add ("/download/download", Fixture, NULL, fixture_set_up, test_download, fixture_tear_down);
  g_test_add ("/download/fails", Fixture, NULL, fixture_set_up, test_download_fails, fixture_tear_down);
  g_test_add ("/download/cancelled", Fixture, NULL, fixture_set_up, test_download_cancelled, fixture_tear_down);
  g_test_add ("/download/bad-id", Fixture, NULL, fixture_set_up, test_bad_id, fixture_tear_down);

  return g_test_run ();
}
