/* test-index-shell.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"
#include "lec-index.h"
#include "lec-index-shell.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* The index as GNOME Shell's search reads it (lec-index-shell.c): only
 * read, matched word by word, and read again when the index changed. */

typedef struct
{
  char          *dir;
  char          *cache;
  GFile         *root;
  LecIndexShell *shell;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("lectern-shell-XXXXXX", NULL);
  f->cache = g_dir_make_tmp ("lectern-shell-cache-XXXXXX", NULL);
  f->root = g_file_new_for_path (f->dir);
  f->shell = lec_index_shell_new (f->cache);

  test_write_file (f->dir, "Optics/refraction.md",
                   "---\ntitle: Refraction of light\n---\nFrom: [[Optics]]\nSee [[Snell's law]] and "
                   "[[snells_law | the law]], and [[Café Optics]].\n");
  test_write_file (f->dir, "Optics/lenses.md",
                   "---\ntitle: Lenses and light\n---\nA lens, as [[Snell's Law]] says.\n");
  test_write_file (f->dir, "Optics/Optics.md", "---\ntitle: Optics\n---\n- [[refraction]]\n");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->shell);
  g_clear_object (&f->root);
  test_remove_tree (f->dir);
  test_remove_tree (f->cache);
  g_free (f->dir);
  g_free (f->cache);
}

static void
index_vault (Fixture *f)
{
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  index = lec_index_open (f->root, f->cache, &error);
  g_assert_no_error (error);
  lec_index_update (index, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static GPtrArray *
find (Fixture    *f,
      const char *terms)
{
  g_auto(GStrv) words = g_strsplit (terms, " ", -1);

  return lec_index_shell_find (f->shell, f->root, (const char * const *) words, 10);
}

static gboolean
has (GPtrArray  *ids,
     const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (ids->pdata[i], id))
      return TRUE;
  return FALSE;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* No index: nothing found, and nothing made. */
static void
test_no_index (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = find (f, "light");

  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_false (lec_index_shell_is_held (f->shell));
  g_assert_cmpuint (count_files (f->cache), ==, 0);
  g_assert_null (lec_index_shell_lookup (f->shell, f->root, "note:Optics/refraction.md"));
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(LecShellResult) note = NULL;
  g_autoptr(LecShellResult) topic = NULL;

  index_vault (f);

  /* Every term a word of the title, the last one's start. */
  ids = find (f, "light");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_true (has (ids, "note:Optics/refraction.md"));
  g_assert_true (has (ids, "note:Optics/lenses.md"));
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = find (f, "REFRACTION l");
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = find (f, "refrac light");
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = find (f, "ight");
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A topic with no note, found by its slug's words, accents aside; its
   * name is the spelling most notes use. */
  ids = find (f, "snell");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "topic:snells_law");
  topic = lec_index_shell_lookup (f->shell, f->root, ids->pdata[0]);
  g_assert_nonnull (topic);
  g_assert_true (topic->topic);
  g_assert_cmpstr (topic->target, ==, "snells_law");
  g_assert_cmpuint (topic->notes, ==, 2);
  g_assert_cmpstr (topic->name, ==, "Snell's Law");
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = find (f, "cafe");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "topic:cafe_optics");

  /* The name that is the words asked for comes first. */
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = find (f, "optics");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, "note:Optics/Optics.md");

  note = lec_index_shell_lookup (f->shell, f->root, "note:Optics/lenses.md");
  g_assert_nonnull (note);
  g_assert_false (note->topic);
  g_assert_cmpstr (note->id, ==, "note:Optics/lenses.md");
  g_assert_cmpstr (note->name, ==, "Lenses and light");
  g_assert_cmpstr (note->channel, ==, "Optics");
}

/* Ids come from anyone: only what the index holds is found. */
static void
test_bad_ids (Fixture       *f,
              gconstpointer  data)
{
  const char *bad[] = {
    "note:../outside.md", "note:/etc/passwd", "note:Optics/../Optics/lenses.md", "note:Optics",
    "note:", "topic:", "topic:refraction", "topic:Optics/refraction.md", "Optics/lenses.md",
    "notes:Optics/lenses.md", "", "note:Optics/lenses.md\n",
  };

  index_vault (f);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (lec_index_shell_lookup (f->shell, f->root, bad[i]));
}

/* A note added and indexed: found at the next question, as the names are
 * read again. */
static void
test_reread (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  index_vault (f);
  before = find (f, "prism");
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_true (lec_index_shell_is_held (f->shell));

  test_write_file (f->dir, "Optics/prism.md", "---\ntitle: A prism\n---\nColours.\n");
  index_vault (f);
  after = find (f, "prism");
  g_assert_cmpuint (after->len, ==, 1);

  g_assert_true (lec_index_shell_release (f->shell));
  g_assert_false (lec_index_shell_is_held (f->shell));
}

/* An index of another version is not read, nor touched. */
static void
test_other_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db_path = lec_index_dup_file_path (f->root, f->cache);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;

  index_vault (f);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 9999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (db_path, &before, &before_len, NULL));

  ids = find (f, "light");
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_true (g_file_get_contents (db_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/index-shell/no-index", Fixture, NULL, fixture_setup, test_no_index, fixture_teardown);
  g_test_add ("/index-shell/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);
  g_test_add ("/index-shell/bad-ids", Fixture, NULL, fixture_setup, test_bad_ids, fixture_teardown);
  g_test_add ("/index-shell/reread", Fixture, NULL, fixture_setup, test_reread, fixture_teardown);
  g_test_add ("/index-shell/other-version", Fixture, NULL, fixture_setup, test_other_version, fixture_teardown);

  return g_test_run ();
}
