/* test-vault.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"
#include "lec-error.h"
#include "lec-index.h"
#include "lec-note.h"
#include "lec-media.h"
#include "lec-positions.h"
#include "lec-note-info.h"
#include "lec-topic-item.h"
#include "lec-vault.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct
{
  char  *dir;
  char  *outside;
  char  *cache;   /* where load_vault() keeps the index; NULL: the default */
  GFile *root;
} Fixture;

/* A vault of the usual shape: nested channel folders, a non-note file, a
 * hidden tool folder, a link to a note that is gone, a FIFO named like a
 * note, a link out of the vault and, when the tests do not run as root, a
 * note nobody may read. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fifo = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *escape = NULL;
  g_autofree char *secret = NULL;

  f->dir = g_dir_make_tmp ("lectern-vault-XXXXXX", &error);
  g_assert_no_error (error);
  f->outside = g_dir_make_tmp ("lectern-outside-XXXXXX", &error);
  g_assert_no_error (error);
  f->root = g_file_new_for_path (f->dir);

  test_write_file (f->dir, "Zeta top.md", "No front matter here.\n");
  test_write_file (f->dir, "Channel/Channel.md", "---\ntitle: Channel page\n---\n### [V](https://www.youtube.com/watch?v=abc)\n");
  test_write_file (f->dir, "Channel/Video one/part_1.md", "---\ntitle: Alpha part\nvideoId: abc\n---\nBody\n");
  test_write_file (f->dir, "Channel/Video one/part_2.md", "---\ntitle: beta part\nvideoId: abc\n---\nBody\n");
  test_write_file (f->dir, "Channel/Video one/broken.md", "---\ntitle: [oops\n---\nStill a note\n");
  test_write_file (f->dir, "Channel/cover.png", "\x89PNG not really");
  test_write_file (f->dir, "notes.txt", "not a note");
  test_write_file (f->dir, ".obsidian/workspace.md", "tool state, not a note");
  test_write_file (f->outside, "secret.md", "---\ntitle: Outside\n---\n");

  gone = g_build_filename (f->dir, "gone.md", NULL);
  g_assert_cmpint (symlink ("/nonexistent/lectern/gone.md", gone), ==, 0);
  escape = g_build_filename (f->dir, "escape.md", NULL);
  secret = g_build_filename (f->outside, "secret.md", NULL);
  g_assert_cmpint (symlink (secret, escape), ==, 0);
  fifo = g_build_filename (f->dir, "pipe.md", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (f->dir, "locked.md", NULL);

      test_write_file (f->dir, "locked.md", "---\ntitle: Locked\n---\n");
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_remove_tree (f->dir);
  test_remove_tree (f->outside);
  if (f->cache != NULL)
    test_remove_tree (f->cache);
  g_free (f->dir);
  g_free (f->outside);
  g_free (f->cache);
  g_object_unref (f->root);
}

static char *
test_path (const char *dir,
           const char *rel)
{
  return g_build_filename (dir, rel, NULL);
}

static gboolean
test_exists (const char *dir,
             const char *rel)
{
  g_autofree char *path = test_path (dir, rel);
  struct stat st;

  return lstat (path, &st) == 0;
}

static gboolean
problems_mention (GPtrArray  *problems,
                  const char *path)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (problems, i), path))
      return TRUE;
  return FALSE;
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (lec_vault_load_finish (LEC_VAULT (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the notes model has @n items; fails after 10 s.
 * Returns how long it took, in milliseconds. */
static gint64
wait_for_notes (LecVault *vault,
                guint     n)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (10, timed_out, &expired);
  gint64 start = g_get_monotonic_time ();

  while (g_list_model_get_n_items (lec_vault_get_notes (vault)) != n && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
  return (g_get_monotonic_time () - start) / 1000;
}

/* Waits until the note at @path has @title in the vault's models. */
static void
wait_for_title (LecVault   *vault,
                const char *path,
                const char *title)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (10, timed_out, &expired);

  while (!expired && (lec_vault_find_note (vault, path) == NULL ||
                      g_strcmp0 (lec_note_info_get_title (lec_vault_find_note (vault, path)), title) != 0))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
}

static LecVault *
load_vault (Fixture *f)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  LecVault *vault = lec_vault_new_with_cache (f->root, f->cache);

  lec_vault_load_async (vault, NULL, load_done, loop);
  g_main_loop_run (loop);
  return vault;
}

/* The notes of a loaded vault, as its model lists them. */
static GPtrArray *
model_notes (LecVault *vault)
{
  GListModel *model = lec_vault_get_notes (vault);
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (notes, g_list_model_get_item (model, i));
  return notes;
}

static void
load_failed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (lec_vault_load_finish (LEC_VAULT (object), result, error));
}

/* The error loading @root gives. */
static GError *
load_error (GFile *root)
{
  g_autoptr(LecVault) vault = lec_vault_new (root);
  GError *error = NULL;

  lec_vault_load_async (vault, NULL, load_failed, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LecVault) vault = load_vault (f);
  g_autoptr(GPtrArray) notes = model_notes (vault);
  GPtrArray *problems = lec_vault_get_problems (vault);
  const char *expected_titles[] = { "Alpha part", "beta part", "broken", "Channel page", "Zeta top" };

  /* Sorted by title, case-insensitively; front matter title, else name. */
  g_assert_cmpuint (notes->len, ==, G_N_ELEMENTS (expected_titles));
  for (guint i = 0; i < notes->len; i++)
    g_assert_cmpstr (lec_note_info_get_title (g_ptr_array_index (notes, i)), ==, expected_titles[i]);

  g_assert_cmpstr (lec_note_info_get_path (g_ptr_array_index (notes, 0)), ==, "Channel/Video one/part_1.md");
  g_assert_cmpstr (lec_note_info_get_folder (g_ptr_array_index (notes, 0)), ==, "Channel/Video one");
  g_assert_cmpstr (lec_note_info_get_video_id (g_ptr_array_index (notes, 0)), ==, "abc");
  g_assert_cmpstr (lec_note_info_get_folder (g_ptr_array_index (notes, 4)), ==, "");

  /* What could not be read is reported, never fatal. */
  g_assert_true (problems_mention (problems, "gone.md"));
  g_assert_true (problems_mention (problems, "escape.md"));
  g_assert_true (problems_mention (problems, "pipe.md"));
  g_assert_true (problems_mention (problems, "Channel/Video one/broken.md"));
  if (geteuid () != 0)
    g_assert_true (problems_mention (problems, "locked.md"));
  g_assert_false (problems_mention (problems, "notes.txt"));
  g_assert_false (problems_mention (problems, ".obsidian"));
}

/* The scan of /vault/scan, with a note nobody may read, in a child process
 * that is not root: root would read it anyway. */
static void
test_scan_unreadable (void)
{
  TestUser user;

  if (g_test_subprocess ())
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_true (test_unprivileged_user (&user, NULL));
      g_assert_true (test_become_user (&user));
      g_assert_cmpint (geteuid (), !=, 0);
      fixture_setup (&f, NULL);
      /* The user's cache may belong to root; the index goes beside. */
      f.cache = g_dir_make_tmp ("lectern-cache-XXXXXX", &error);
      g_assert_no_error (error);
      g_assert_true (g_file_test (f.dir, G_FILE_TEST_IS_DIR));
      {
        g_autofree char *locked = g_build_filename (f.dir, "locked.md", NULL);

        g_assert_true (g_file_test (locked, G_FILE_TEST_IS_REGULAR));
        g_assert_cmpint (g_access (locked, R_OK), !=, 0);
      }
      test_scan (&f, NULL);
      fixture_teardown (&f, NULL);
      return;
    }

  if (!test_unprivileged_user (&user, NULL))
    {
      g_test_skip ("Running as root, and cannot switch to the user nobody to have a file it may not read");
      return;
    }
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

static void
test_bad_roots (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/lectern/vault");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) file = NULL;

  error = load_error (missing);
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (g_file_open_tmp ("lectern-not-a-folder-XXXXXX", &tmp, NULL), >=, 0);
  file = g_file_new_for_path (tmp);
  error = load_error (file);
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_A_FOLDER);
  g_unlink (tmp);
}

static void
test_resolve_path (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(LecVault) vault = lec_vault_new (f->root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) inside = NULL;
  const char *refused[] = { "../etc/passwd", "/etc/passwd", "Channel/../../x.md", "escape.md", "", "a//b" };

  inside = lec_vault_resolve_path (vault, "Channel/Video one/part_1.md", &error);
  g_assert_no_error (error);
  g_assert_nonnull (inside);
  g_assert_true (g_file_query_exists (inside, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GFile) file = lec_vault_resolve_path (vault, refused[i], &error);

      g_assert_null (file);
      g_assert_error (error, LEC_ERROR, LEC_ERROR_OUTSIDE_VAULT);
      g_clear_error (&error);
    }

  g_assert_null (lec_vault_resolve_path (vault, "no-such-note.md", &error));
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND);
}

static void
test_load_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(LecVault) vault = lec_vault_new (f->root);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *name = lec_vault_dup_name (vault);

  g_assert_false (lec_vault_get_loaded (vault));
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 0);

  lec_vault_load_async (vault, NULL, load_done, loop);
  g_main_loop_run (loop);

  g_assert_true (lec_vault_get_loaded (vault));
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
  g_assert_cmpuint (lec_vault_get_problems (vault)->len, >=, 4);
  g_assert_true (g_str_has_prefix (name, "lectern-vault-"));

  /* Every note of the model is found by its path, and nothing else. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(LecNoteInfo) info = g_list_model_get_item (lec_vault_get_notes (vault), i);

      g_assert_true (lec_vault_find_note (vault, lec_note_info_get_path (info)) != NULL);
      g_assert_cmpstr (lec_note_info_get_title (lec_vault_find_note (vault, lec_note_info_get_path (info))), ==,
                       lec_note_info_get_title (info));
    }
  g_assert_null (lec_vault_find_note (vault, "no/such/note.md"));
}


/* What a reopened vault can find when it first says it is readable. */
typedef struct
{
  gboolean readable;
  gboolean finds_first;
  gboolean finds_other;
} AtReadable;

static void
on_readable (LecVault   *vault,
             GParamSpec *pspec,
             AtReadable *at)
{
  at->readable = lec_vault_get_readable (vault);
  at->finds_first = lec_vault_find_note (vault, "Channel/Video one/part_1.md") != NULL;
  at->finds_other = lec_vault_find_note (vault, "Zeta top.md") != NULL;
  lec_vault_first_note_shown (vault);
}

/* Reopened at a note, the vault is readable for that note before it has
 * read the rest of the index; without one, with every note at once. Both
 * end with every note. */
static void
test_first_note (Fixture       *f,
                 gconstpointer  data)
{
  g_object_unref (load_vault (f));

  for (int i = 0; i < 2; i++)
    {
      gboolean with_first = i == 1;
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(LecVault) vault = lec_vault_new_with_cache (f->root, f->cache);
      AtReadable at = { FALSE, };

      if (with_first)
        lec_vault_set_first_note (vault, "Channel/Video one/part_1.md");
      g_signal_connect (vault, "notify::readable", G_CALLBACK (on_readable), &at);
      lec_vault_load_async (vault, NULL, load_done, loop);
      g_main_loop_run (loop);

      g_assert_true (at.readable);
      g_assert_true (at.finds_first);
      g_assert_true (at.finds_other == !with_first);
      g_assert_nonnull (lec_vault_find_note (vault, "Zeta top.md"));
      g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
    }
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
count_readable (LecVault   *vault,
                GParamSpec *pspec,
                guint      *count)
{
  (*count)++;
}

/* Reopened at a note, the load goes on once that note is shown: not
 * before, or its work would slow the note's page. */
static void
test_first_note_shown (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint readable = 0;
  gboolean waited = FALSE;

  g_object_unref (load_vault (f));
  vault = lec_vault_new_with_cache (f->root, f->cache);
  lec_vault_set_first_note (vault, "Channel/Video one/part_1.md");
  g_signal_connect (vault, "notify::readable", G_CALLBACK (count_readable), &readable);
  lec_vault_load_async (vault, NULL, load_done, loop);
  while (readable == 0)
    g_main_context_iteration (NULL, TRUE);

  /* Half a second on, the load still waits (it gives up after two). */
  g_timeout_add_once (500, set_true, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (lec_vault_get_loaded (vault));
  g_assert_null (lec_vault_find_note (vault, "Zeta top.md"));

  lec_vault_first_note_shown (vault);
  g_main_loop_run (loop);
  g_assert_true (lec_vault_get_loaded (vault));
  g_assert_nonnull (lec_vault_find_note (vault, "Zeta top.md"));
  g_assert_cmpuint (readable, ==, 1);
}

/* Names real vaults have: a folder wrapped in invisible isolate marks,
 * two notes differing only in case, accents, and a folder linked into
 * itself (a loop that must not be followed). */
static void
test_odd_names (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *loop = g_build_filename (f->dir, "Channel", "loop", NULL);
  g_autofree char *channel = g_build_filename (f->dir, "Channel", NULL);
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(GFile) file = NULL;
  gboolean isolated = FALSE;

  test_write_file (f->dir, "\u2068Isolated Channel\u2069/inside.md", "---\ntitle: Inside isolates\n---\nx\n");
  test_write_file (f->dir, "Case/Future_Of_Things.md", "---\ntitle: Upper\n---\nx\n");
  test_write_file (f->dir, "Case/future_of_things.md", "---\ntitle: Lower\n---\nx\n");
  test_write_file (f->dir, "Café/Économie.md", "x\n");
  g_assert_cmpint (symlink (channel, loop), ==, 0);

  vault = load_vault (f);
  notes = model_notes (vault);
  g_assert_cmpuint (notes->len, ==, 9);
  for (guint i = 0; i < notes->len; i++)
    isolated |= g_str_equal (lec_note_info_get_path (notes->pdata[i]), "\u2068Isolated Channel\u2069/inside.md");
  g_assert_true (isolated);

  file = lec_vault_resolve_path (vault, "\u2068Isolated Channel\u2069/inside.md", &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_clear_object (&file);
  file = lec_vault_resolve_path (vault, "Café/Économie.md", &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
}

static gboolean
has_topic (GListModel *topics,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(LecTopicItem) t = g_list_model_get_item (topics, i);

      if (g_str_equal (lec_topic_item_get_name (t), name))
        return TRUE;
    }
  return FALSE;
}

static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LecVault) vault = load_vault (f);
  g_autofree char *renamed = g_build_filename (f->dir, "Channel", "renamed.md", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "Channel", "fresh.md", NULL);
  GListModel *topics = lec_vault_get_topics (vault);
  GListModel *channels = lec_vault_get_channels (vault);
  gint64 ms;

  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
  g_assert_false (lec_vault_get_polling (vault));
  /* The first indexing read every note, and said so. */
  {
    guint done, total;

    lec_vault_get_progress_counts (vault, &done, &total);
    g_assert_cmpuint (total, ==, 5);
    g_assert_cmpuint (done, ==, total);
    g_assert_cmpfloat (lec_vault_get_progress (vault), ==, 1.0);
  }
  g_assert_cmpuint (g_list_model_get_n_items (channels), >=, 1);

  /* A note written while the vault is open appears in the models. */
  test_write_file (f->dir, "Channel/fresh.md", "---\ntitle: Freshly written\nvideoId: abc\n---\nSee [[brand_new_topic]].\n");
  ms = wait_for_notes (vault, 6);
  g_assert_cmpstr (lec_note_info_get_title (lec_vault_find_note (vault, "Channel/fresh.md")), ==, "Freshly written");
  g_test_message ("created: %" G_GINT64_FORMAT " ms", ms);
  g_assert_true (has_topic (topics, "Brand new topic"));

  /* Saved as many editors save: a hidden copy renamed over the note. */
  {
    g_autofree char *copy = g_build_filename (f->dir, "Channel", ".fresh.md.swp", NULL);

    g_assert_true (g_file_set_contents (copy, "---\ntitle: Saved by a rename\nvideoId: abc\n---\n"
                                              "See [[brand_new_topic]].\n", -1, NULL));
    g_assert_cmpint (g_rename (copy, fresh), ==, 0);
    wait_for_title (vault, "Channel/fresh.md", "Saved by a rename");
  }

  /* Renamed, then deleted. */
  g_assert_cmpint (g_rename (fresh, renamed), ==, 0);
  while (g_main_context_iteration (NULL, FALSE));
  g_usleep (300 * 1000);
  wait_for_notes (vault, 6);
  g_assert_cmpint (g_unlink (renamed), ==, 0);
  ms = wait_for_notes (vault, 5);
  /* Looking a note up by path follows the changes too. */
  g_assert_null (lec_vault_find_note (vault, "Channel/renamed.md"));
  g_assert_null (lec_vault_find_note (vault, "Channel/fresh.md"));
  g_test_message ("deleted: %" G_GINT64_FORMAT " ms", ms);
  /* The topic only it mentioned went with it. */
  g_assert_false (has_topic (topics, "Brand new topic"));
}

static void
test_polling_fallback (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LecVault) vault = NULL;

  /* Pretend the system allows a single watch. */
  g_setenv ("LECTERN_MAX_FOLDER_WATCHES", "1", TRUE);
  vault = load_vault (f);
  g_unsetenv ("LECTERN_MAX_FOLDER_WATCHES");

  g_assert_true (lec_vault_get_polling (vault));
  g_assert_nonnull (lec_vault_get_notice (vault));

  /* Changes are still found, by the periodic check. */
  test_write_file (f->dir, "Channel/Video one/polled.md", "---\ntitle: Polled\n---\nx\n");
  wait_for_notes (vault, 6);
}

/* Offline first: the media beside the note, by video id, with captions;
 * a "media:" path never leaves the vault. */
static void
test_media (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(LecMediaFile) found = NULL;
  g_autoptr(LecMediaFile) named = NULL;
  g_autoptr(LecMediaFile) outside = NULL;
  g_autoptr(LecMediaFile) none = NULL;
  g_autofree char *media_dir = g_build_filename (f->outside, "media", NULL);
  const char *dirs[] = { media_dir, NULL };

  test_write_file (f->dir, "Channel/Video one/abc.webm", "not really a video");
  test_write_file (f->dir, "Channel/Video one/abc.en.vtt", "WEBVTT\n");
  test_write_file (f->dir, "media/part_2.mp3", "not really audio");
  test_write_file (f->outside, "media/zzz.opus", "elsewhere");

  found = lec_media_find (f->dir, "Channel/Video one/part_1.md", "abc", NULL, NULL);
  g_assert_nonnull (found);
  g_assert_true (g_str_has_suffix (found->media, "Channel/Video one/abc.webm"));
  g_assert_true (g_str_has_suffix (found->captions, "Channel/Video one/abc.en.vtt"));

  /* Named after the note, in the vault's media folder. */
  named = lec_media_find (f->dir, "Channel/Video one/part_2.md", "nope", NULL, NULL);
  g_assert_nonnull (named);
  g_assert_true (g_str_has_suffix (named->media, "media/part_2.mp3"));
  g_assert_null (named->captions);

  /* "media:" out of the vault is refused; the user's folder, by id, not. */
  outside = lec_media_find (f->dir, "Zeta top.md", "zzz", "../../etc/passwd", dirs);
  g_assert_nonnull (outside);
  g_assert_true (g_str_has_suffix (outside->media, "media/zzz.opus"));
  none = lec_media_find (f->dir, "Zeta top.md", NULL, "../secret.md", dirs);
  g_assert_null (none);

  /* Nor does a videoId lead out of the user's media folder. */
  test_write_file (f->outside, "secret.opus", "not the media folder's");
  g_clear_pointer (&none, lec_media_file_free);
  none = lec_media_find (f->dir, "Zeta top.md", "../secret", NULL, dirs);
  g_assert_null (none);
}

static void
test_srt (void)
{
  static const char srt[] = "\xEF\xBB\xBF" "1\r\n00:00:01,500 --> 00:00:02,000\r\nHi, there\r\n\r\n"
                            "2\n00:01:00,000 --> 00:01:02,250\nSecond, cue\n";
  g_autofree char *vtt = lec_srt_to_vtt (srt, -1);

  g_assert_cmpstr (vtt, ==, "WEBVTT\n\n1\n00:00:01.500 --> 00:00:02.000\nHi, there\n\n"
                            "2\n00:01:00.000 --> 00:01:02.250\nSecond, cue\n");
}

/* The player shows WebVTT: SubRip captions become a .vtt in the cache,
 * made once, and again when the .srt changes; a .vtt is used as it is. */
static void
test_captions_vtt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lectern-captions-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *srt = g_build_filename (dir, "talk.srt", NULL);
  g_autofree char *vtt = g_build_filename (dir, "talk.vtt", NULL);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *same = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (srt, "1\n00:00:01,000 --> 00:00:02,000\nHello\n", -1, NULL));
  first = lec_media_captions_vtt (srt, cache, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, cache));
  g_assert_true (g_file_get_contents (first, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello\n");

  again = lec_media_captions_vtt (srt, cache, &error);
  g_assert_cmpstr (again, ==, first);

  /* Edited (another size): converted anew. */
  g_assert_true (g_file_set_contents (srt, "1\n00:00:01,000 --> 00:00:02,000\nHello again\n", -1, NULL));
  edited = lec_media_captions_vtt (srt, cache, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edited, !=, first);

  g_assert_true (g_file_set_contents (vtt, "WEBVTT\n", -1, NULL));
  same = lec_media_captions_vtt (vtt, cache, &error);
  g_assert_cmpstr (same, ==, vtt);

  /* A missing file: an error, no crash. */
  g_unlink (srt);
  g_assert_null (lec_media_captions_vtt (srt, cache, &error));
  g_assert_nonnull (error);

  test_remove_tree (dir);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Where the reader was is written out soon after a change, once for many
 * changes, without the caller waiting for the disk; and at once on demand. */
static void
test_positions_flush_later (void)
{
  g_autofree char *path = lec_positions_path ();
  gint64 until;

  g_unlink (path);
  lec_positions_set_string_in ("last-note", "/some/vault", "a.md");
  lec_positions_set_int_in ("scroll", "/some/vault\na.md", 120);
  lec_positions_flush_later ();
  lec_positions_flush_later ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!file_exists (path) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (file_exists (path));

  g_unlink (path);
  lec_positions_set_int_in ("scroll", "/some/vault\na.md", 240);
  lec_positions_flush_later ();
  lec_positions_flush ();
  g_assert_true (file_exists (path));
  g_assert_cmpint (lec_positions_get_int_in ("scroll", "/some/vault\na.md"), ==, 240);
}

/* Runs the current test again in a child process with the fault shim
 * (tests/fault-shim.c) loaded and @variable set to @value. */
static void
run_with_fault (const char *variable,
                const char *value)
{
  g_autofree char *asan = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_autofree char *asan_shim = NULL;

  g_assert_nonnull (g_getenv ("LECTERN_FAULT_SHIM"));
  /* In a build with AddressSanitizer as a shared library, it would
   * refuse to come after the shim. */
  asan_shim = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "", "verify_asan_link_order=0", NULL);
  g_setenv ("ASAN_OPTIONS", asan_shim, TRUE);
  g_setenv ("LD_PRELOAD", g_getenv ("LECTERN_FAULT_SHIM"), TRUE);
  g_setenv (variable, value, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv (variable);
  g_unsetenv ("LD_PRELOAD");
  if (asan != NULL)
    g_setenv ("ASAN_OPTIONS", asan, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Runs the main loop until @done (@data) or 10 s have passed. */
static void
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (10, timed_out, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
}

/* The processor time this process used, all threads. */
static double
process_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Lets the main loop run for @ms, and returns the processor time spent. */
static double
idle_for (guint ms)
{
  double start = process_seconds ();
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  return process_seconds () - start;
}

/* Notes that vanish between the walk that listed them and their read,
 * and a folder between the listing of its parent and its own: they are
 * simply gone, not problems to report. */
static void
test_vanishing (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  GPtrArray *problems;

  if (!g_test_subprocess ())
    {
      run_with_fault ("LECTERN_FAULT_VANISH", "vanish");
      return;
    }

  test_write_file (f->dir, "Channel/vanishing.md", "---\ntitle: Going\n---\nx\n");
  test_write_file (f->dir, "vanishing folder/inside.md", "---\ntitle: Inside\n---\nx\n");
  vault = load_vault (f);
  notes = model_notes (vault);
  problems = lec_vault_get_problems (vault);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) problems->pdata[i]);

  /* They did vanish, at the read. */
  g_assert_false (test_exists (f->dir, "Channel/vanishing.md"));
  g_assert_false (test_exists (f->dir, "vanishing folder"));
  g_assert_cmpuint (notes->len, ==, 5);
  g_assert_null (lec_vault_find_note (vault, "Channel/vanishing.md"));
  g_assert_false (problems_mention (problems, "Channel/vanishing.md"));
  g_assert_false (problems_mention (problems, "vanishing folder"));
  /* What is really wrong is still said. */
  g_assert_true (problems_mention (problems, "pipe.md"));
}

/* A note that became a folder between the walk and its read. */
static void
test_note_becomes_folder_midway (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(LecVault) vault = NULL;
  g_autofree char *becoming = NULL;
  GPtrArray *problems;

  if (!g_test_subprocess ())
    {
      run_with_fault ("LECTERN_FAULT_TO_FOLDER", "becoming");
      return;
    }

  test_write_file (f->dir, "Channel/becoming.md", "---\ntitle: Becoming\n---\nx\n");
  vault = load_vault (f);
  problems = lec_vault_get_problems (vault);
  becoming = test_path (f->dir, "Channel/becoming.md");
  g_assert_true (g_file_test (becoming, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
  g_assert_false (problems_mention (problems, "Channel/becoming.md"));
}

static gboolean
has_note (gpointer data)
{
  gpointer *args = data;

  return lec_vault_find_note (args[0], args[1]) != NULL;
}

/* A note replaced by a folder of the same name while the vault is open,
 * then the other way round, and between two openings. */
static void
test_note_becomes_folder (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *zeta = g_build_filename (f->dir, "Zeta top.md", NULL);
  g_autofree char *channel_page = g_build_filename (f->dir, "Channel", "Channel.md", NULL);

  {
    g_autoptr(LecVault) vault = load_vault (f);
    gpointer inside[] = { vault, "Zeta top.md/inside.md" };
    gpointer back[] = { vault, "Zeta top.md" };
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;

    g_assert_nonnull (lec_vault_find_note (vault, "Zeta top.md"));
    g_assert_cmpint (g_unlink (zeta), ==, 0);
    test_write_file (f->dir, "Zeta top.md/inside.md", "---\ntitle: Inside now\n---\nx\n");
    wait_until (has_note, inside);
    g_assert_null (lec_vault_find_note (vault, "Zeta top.md"));
    g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
    g_assert_false (problems_mention (lec_vault_get_problems (vault), "Zeta top.md"));
    /* Asked for by its old path, it says what it is now. */
    file = lec_vault_resolve_path (vault, "Zeta top.md", &error);
    g_assert_no_error (error);
    g_assert_false (lec_note_load_file (file, &bytes, NULL, &error));
    g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE);

    test_remove_tree (zeta);
    test_write_file (f->dir, "Zeta top.md", "Back as a note.\n");
    wait_until (has_note, back);
    g_assert_null (lec_vault_find_note (vault, "Zeta top.md/inside.md"));
  }

  /* Between two openings. */
  g_assert_cmpint (g_unlink (channel_page), ==, 0);
  test_write_file (f->dir, "Channel/Channel.md/page.md", "---\ntitle: Page in a folder\n---\nx\n");
  {
    g_autoptr(LecVault) vault = load_vault (f);

    g_assert_null (lec_vault_find_note (vault, "Channel/Channel.md"));
    g_assert_nonnull (lec_vault_find_note (vault, "Channel/Channel.md/page.md"));
    g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
  }
}

/* Linked folders are never entered: a link to the vault itself, to its
 * parent, to /, to a folder of the vault, and links that lead to each
 * other. The walk ends, and every note is listed once. */
static void
test_link_loops (Fixture       *f,
                 gconstpointer  data)
{
  const struct { const char *link; const char *target; } links[] = {
    { "self", "." },
    { "Channel/up", ".." },
    { "Channel/Video one/vault", NULL },  /* the vault, by its full path */
    { "Channel/parent", "../.." },
    { "root", "/" },
    { "dir.md", "Channel" },
    { "loop-a.md", "loop-b.md" },
    { "loop-b.md", "loop-a.md" },
  };
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  GPtrArray *problems;
  double cpu;

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *path = test_path (f->dir, links[i].link);

      g_assert_cmpint (symlink (links[i].target != NULL ? links[i].target : f->dir, path), ==, 0);
    }

  cpu = process_seconds ();
  vault = load_vault (f);
  cpu = process_seconds () - cpu;
  notes = model_notes (vault);
  problems = lec_vault_get_problems (vault);
  g_assert_cmpuint (notes->len, ==, 5);
  for (guint i = 0; i < notes->len; i++)
    g_assert_false (g_str_has_prefix (lec_note_info_get_path (notes->pdata[i]), "self/"));
  g_assert_true (problems_mention (problems, "dir.md"));
  g_assert_true (problems_mention (problems, "loop-a.md"));
  g_assert_true (problems_mention (problems, "loop-b.md"));
  g_assert_cmpfloat (cpu, <, 2.0);

  /* Live updates do not follow them either. */
  test_write_file (f->dir, "Channel/fresh.md", "---\ntitle: Fresh\n---\nx\n");
  wait_for_notes (vault, 6);
  g_assert_null (lec_vault_find_note (vault, "self/Channel/fresh.md"));
}

static gboolean
is_missing (gpointer vault)
{
  return lec_vault_get_missing (vault);
}

static gboolean
is_back (gpointer vault)
{
  return !lec_vault_get_missing (vault) &&
         g_list_model_get_n_items (lec_vault_get_notes (vault)) == 5;
}

/* The vault's folder removed while open: said once, what was listed is
 * kept, nothing spins; when a folder is there again, it is read again. */
static void
test_folder_removed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LecVault) vault = load_vault (f);
  g_autoptr(GPtrArray) notes = NULL;
  guint notices = 0;
  double cpu;

  g_signal_connect (vault, "notify::notice", G_CALLBACK (count_notify), &notices);
  test_remove_tree (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  wait_until (is_missing, vault);
  g_assert_cmpuint (notices, ==, 1);
  g_assert_nonnull (strstr (lec_vault_get_notice (vault), "does not exist"));
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);

  cpu = idle_for (1500);
  g_test_message ("gone for 1.5 s: %.3f s of processor time", cpu);
  g_assert_cmpfloat (cpu, <, 0.3);
  g_assert_cmpuint (notices, ==, 1);

  /* Back: read again, and watched again. */
  test_write_file (f->dir, "a.md", "---\ntitle: A\n---\nx\n");
  wait_for_notes (vault, 1);
  g_assert_false (lec_vault_get_missing (vault));
  test_write_file (f->dir, "b.md", "---\ntitle: B\n---\nx\n");
  wait_for_notes (vault, 2);
  notes = model_notes (vault);
  g_assert_cmpuint (notes->len, ==, 2);

  /* Gone a second time: said again. */
  test_remove_tree (f->dir);
  wait_until (is_missing, vault);
}

/* Renamed while open, then back: the folder monitors cannot see it. */
static void
test_folder_renamed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LecVault) vault = load_vault (f);
  g_autofree char *away = g_strconcat (f->dir, "-renamed", NULL);
  guint notices = 0;

  g_signal_connect (vault, "notify::notice", G_CALLBACK (count_notify), &notices);
  g_assert_cmpint (g_rename (f->dir, away), ==, 0);
  wait_until (is_missing, vault);
  g_assert_cmpuint (notices, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);

  g_assert_cmpint (g_rename (away, f->dir), ==, 0);
  wait_until (is_back, vault);
  test_write_file (f->dir, "Channel/after.md", "---\ntitle: After\n---\nx\n");
  wait_for_notes (vault, 6);
}

/* The system out of inotify watches: GLib's monitors still come, but
 * deaf. The vault finds out, says once that changes show later, and
 * finds them by looking. */
static void
test_watch_limit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LecVault) vault = NULL;
  guint notices = 0;

  if (!g_test_subprocess ())
    {
      run_with_fault ("LECTERN_FAULT_NO_WATCHES", "1");
      return;
    }

  vault = load_vault (f);
  g_signal_connect (vault, "notify::notice", G_CALLBACK (count_notify), &notices);
  g_assert_true (lec_vault_get_polling (vault));
  g_assert_nonnull (lec_vault_get_notice (vault));
  g_assert_nonnull (strstr (lec_vault_get_notice (vault), "Live updates are slower"));

  test_write_file (f->dir, "Channel/Video one/polled.md", "---\ntitle: Polled\n---\nx\n");
  wait_for_notes (vault, 6);
  test_write_file (f->dir, "Channel/Video one/polled-too.md", "---\ntitle: Polled too\n---\nx\n");
  wait_for_notes (vault, 7);
  g_assert_cmpuint (notices, ==, 0);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gpointer *out = user_data;

  out[0] = lec_vault_search_finish (LEC_VAULT (object), result, out[1]);
  out[2] = GINT_TO_POINTER (TRUE);
}

static GListModel *
search_vault (LecVault    *vault,
              const char  *query,
              GError     **error)
{
  gpointer out[3] = { NULL, error, NULL };

  lec_vault_search_async (vault, query, 10, NULL, search_done, out);
  while (out[2] == NULL)
    g_main_context_iteration (NULL, TRUE);
  return out[0];
}

/* A search that meets damage in the index: the vault rebuilds it, and says
 * so once. */
static void
test_damaged_search (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(LecVault) vault = NULL;

  f->cache = g_dir_make_tmp ("lectern-cache-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autoptr(LecIndex) index = lec_index_open (f->root, f->cache, &error);

    g_assert_no_error (error);
    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
    db = g_strdup (lec_index_get_db_path (index));
  }
  /* The full-text index's first page, which only a search reads. */
  test_damage_table (db, "fts_data");

  vault = load_vault (f);
  {
    guint notices = 0;
    g_autoptr(GListModel) results = NULL;

    g_assert_null (lec_vault_get_notice (vault));
    g_signal_connect (vault, "notify::notice", G_CALLBACK (count_notify), &notices);
    results = search_vault (vault, "Body", &error);
    g_assert_null (results);
    g_assert_error (error, LEC_ERROR, LEC_ERROR_DAMAGED);
    g_clear_error (&error);
    while (notices == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (strstr (lec_vault_get_notice (vault), "rebuilt"));
    results = search_vault (vault, "Body", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
    g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);
  }
}

static gboolean
says_part_1_unreadable (gpointer vault)
{
  return problems_mention (lec_vault_get_problems (vault), "Channel/Video one/part_1.md");
}

/* A listed note replaced by a version its reader may not read (as a sync
 * tool may write it): the library keeps what it had of it, and says why
 * it is old. Root reads every file, so this runs as the user nobody. */
static void
test_note_becomes_unreadable (void)
{
  TestUser user;

  if (g_test_subprocess ())
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(LecVault) vault = NULL;
      g_autofree char *note = NULL;
      g_autofree char *copy = NULL;

      g_assert_true (test_unprivileged_user (&user, NULL));
      g_assert_true (test_become_user (&user));
      fixture_setup (&f, NULL);
      f.cache = g_dir_make_tmp ("lectern-cache-XXXXXX", &error);
      g_assert_no_error (error);
      vault = load_vault (&f);
      g_assert_cmpstr (lec_note_info_get_title (lec_vault_find_note (vault, "Channel/Video one/part_1.md")), ==,
                       "Alpha part");

      note = test_path (f.dir, "Channel/Video one/part_1.md");
      copy = test_path (f.dir, "Channel/Video one/.part_1.md.new");
      g_assert_true (g_file_set_contents (copy, "---\ntitle: Alpha part, new\n---\nNew\n", -1, NULL));
      g_assert_cmpint (g_chmod (copy, 0), ==, 0);
      g_assert_cmpint (g_rename (copy, note), ==, 0);
      wait_until (says_part_1_unreadable, vault);
      g_assert_nonnull (lec_vault_find_note (vault, "Channel/Video one/part_1.md"));
      g_assert_cmpstr (lec_note_info_get_title (lec_vault_find_note (vault, "Channel/Video one/part_1.md")), ==,
                       "Alpha part");
      g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (vault)), ==, 5);

      /* Readable again: read again. */
      g_assert_cmpint (g_chmod (note, 0644), ==, 0);
      test_write_file (f.dir, "Channel/Video one/part_1.md", "---\ntitle: Alpha part, readable\n---\nNew\n");
      wait_for_title (vault, "Channel/Video one/part_1.md", "Alpha part, readable");
      g_clear_object (&vault);
      fixture_teardown (&f, NULL);
      return;
    }

  if (!test_unprivileged_user (&user, NULL))
    {
      g_test_skip ("Running as root, and cannot switch to the user nobody to have a file it may not read");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The disk full when playing positions are saved: the file there stays
 * as it was, and saving is tried again at the next flush. */
static void
test_positions_disk_full (void)
{
  g_autofree char *path = lec_positions_path ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct rlimit limit;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  lec_positions_set_string_in ("last-note", "/full/vault", "a.md");
  lec_positions_flush ();
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = 8;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  lec_positions_set_string_in ("last-note", "/full/vault", "b.md");
  lec_positions_flush ();
  lec_positions_flush ();
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  limit.rlim_cur = limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  lec_positions_flush ();
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_nonnull (strstr (after, "b.md"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;

  g_test_init (&argc, &argv, NULL);
  /* The state file goes to a folder of this run (GLib reads it once); a
   * test's subprocess uses its parent's. */
  if (!g_test_subprocess ())
    {
      state = g_dir_make_tmp ("lectern-state-XXXXXX", NULL);
      g_setenv ("XDG_STATE_HOME", state, TRUE);
      g_assert_cmpstr (g_get_user_state_dir (), ==, state);
    }

  g_test_add ("/vault/scan", Fixture, NULL, fixture_setup, test_scan, fixture_teardown);
  g_test_add_func ("/vault/scan-unreadable", test_scan_unreadable);
  g_test_add ("/vault/resolve-path", Fixture, NULL, fixture_setup, test_resolve_path, fixture_teardown);
  g_test_add ("/vault/load-async", Fixture, NULL, fixture_setup, test_load_async, fixture_teardown);
  g_test_add ("/vault/first-note", Fixture, NULL, fixture_setup, test_first_note, fixture_teardown);
  g_test_add ("/vault/first-note-shown", Fixture, NULL, fixture_setup, test_first_note_shown, fixture_teardown);
  g_test_add_func ("/vault/bad-roots", test_bad_roots);
  g_test_add ("/media/find", Fixture, NULL, fixture_setup, test_media, fixture_teardown);
  g_test_add_func ("/media/srt", test_srt);
  g_test_add_func ("/media/captions-vtt", test_captions_vtt);
  g_test_add_func ("/positions/flush-later", test_positions_flush_later);
  g_test_add ("/vault/odd-names", Fixture, NULL, fixture_setup, test_odd_names, fixture_teardown);
  g_test_add ("/vault/live", Fixture, NULL, fixture_setup, test_live, fixture_teardown);
  g_test_add ("/vault/polling-fallback", Fixture, NULL, fixture_setup, test_polling_fallback, fixture_teardown);
  g_test_add ("/vault/vanishing", Fixture, NULL, fixture_setup, test_vanishing, fixture_teardown);
  g_test_add ("/vault/note-becomes-folder", Fixture, NULL, fixture_setup, test_note_becomes_folder, fixture_teardown);
  g_test_add ("/vault/note-becomes-folder-midway", Fixture, NULL, fixture_setup, test_note_becomes_folder_midway,
              fixture_teardown);
  g_test_add ("/vault/link-loops", Fixture, NULL, fixture_setup, test_link_loops, fixture_teardown);
  g_test_add ("/vault/folder-removed", Fixture, NULL, fixture_setup, test_folder_removed, fixture_teardown);
  g_test_add ("/vault/folder-renamed", Fixture, NULL, fixture_setup, test_folder_renamed, fixture_teardown);
  g_test_add ("/vault/watch-limit", Fixture, NULL, fixture_setup, test_watch_limit, fixture_teardown);
  g_test_add ("/vault/damaged-search", Fixture, NULL, fixture_setup, test_damaged_search, fixture_teardown);
  g_test_add_func ("/positions/disk-full", test_positions_disk_full);
  g_test_add_func ("/vault/note-becomes-unreadable", test_note_becomes_unreadable);

  {
    int ret = g_test_run ();

    if (state != NULL)
      test_remove_tree (state);
    return ret;
  }
}
