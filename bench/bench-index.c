/* bench-index.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures the index of a vault and prints key=value lines for
 * build-aux/bench: a cold index into an empty cache, a warm reopen of the
 * unchanged vault, the index's size, the same files bulk-loaded into a
 * bare SQLite FTS5 table (the baseline), and search times for queries
 * read from a file, one per line.
 *
 *   bench-index DIR CACHE-DIR [QUERIES]
 *   bench-index --floor DIR CACHE-DIR
 *   bench-index --live DIR CACHE-DIR
 *
 * Each is measured once, the cold index first in a fresh process, as a
 * person's first open of a vault is (a second build in the same process
 * is a fifth faster: its memory is already mapped). The floor runs in a
 * process of its own for the same reason; build-aux/bench runs them
 * several times and keeps the best.
 */

#include "config.h"

#include "bench-util.h"
#include "lec-index.h"
#include "lec-vault.h"

#include "lec-markdown.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* The baseline: every note's raw text into one FTS5 table, in one
 * transaction, with the same tokenizer. */
static gint64
fts5_load (const char *dir,
           const char *db_path)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start = now_us ();

  bench_collect_notes (dir, paths);
  sqlite3_open (db_path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE VIRTUAL TABLE f USING fts5 (path, body, tokenize='unicode61 remove_diacritics 2');"
                    "BEGIN;", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO f (path, body) VALUES (?1, ?2)", -1, &stmt, NULL);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *text = NULL;
      gsize len;

      if (!g_file_get_contents (paths->pdata[i], &text, &len, NULL))
        continue;
      sqlite3_bind_text (stmt, 1, paths->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, text, (int) len, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL);
  sqlite3_close (db);
  return now_us () - start;
}

/* The floor: the part of a cold index that no index of these notes can
 * skip, and nothing else. Every file is read and parsed by cmark-gfm as
 * Lectern parses it at its fastest (lec_markdown_parse(): the same options
 * and extensions, the arena), on every core; the text of the tree goes
 * into a one-column FTS5 table on this thread, as Lectern's writer does.
 * No front matter, passes, links, other tables or compression: the time
 * it takes bounds from below what Lectern's cold index can take on this
 * machine. */
typedef struct
{
  GPtrArray   *paths;
  gint         next;     /* atomic */
  GAsyncQueue *texts;    /* char *, "" for a file that could not be read */
} Floor;

static void
floor_append_text (cmark_node *root,
                   GString    *text)
{
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type ev;

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);

      if (ev == CMARK_EVENT_ENTER &&
          (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK))
        {
          g_string_append (text, cmark_node_get_literal (node));
          g_string_append_c (text, ' ');
        }
    }
  cmark_iter_free (iter);
}

static gpointer
floor_worker (gpointer data)
{
  Floor *f = data;
  gint i;

  while ((i = g_atomic_int_add (&f->next, 1)) < (gint) f->paths->len)
    {
      g_autofree char *source = NULL;
      GString *text = g_string_new (NULL);
      gsize len;

      if (g_file_get_contents (f->paths->pdata[i], &source, &len, NULL))
        {
          LecMarkdown *md = lec_markdown_parse (source, len);

          floor_append_text (lec_markdown_get_root (md), text);
          lec_markdown_free (md);
        }
      g_async_queue_push (f->texts, g_string_free (text, FALSE));
    }
  return NULL;
}

static gint64
floor_load (const char *dir,
            const char *db_path,
            gint64     *write_us)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Floor f = { paths, 0, g_async_queue_new () };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start = now_us ();

  bench_collect_notes (dir, paths);
  sqlite3_open (db_path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                    "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize='unicode61 remove_diacritics 2');"
                    /* As the index does: fewer segments to write and merge. */
                    "INSERT INTO f (f, rank) VALUES ('hashsize', 16777216);"
                    "BEGIN;", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO f (body) VALUES (?1)", -1, &stmt, NULL);
  for (guint i = 0; i < g_get_num_processors (); i++)
    g_ptr_array_add (threads, g_thread_new ("floor", floor_worker, &f));

  *write_us = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *text = g_async_queue_pop (f.texts);
      gint64 t = now_us ();

      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
      *write_us += now_us () - t;
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT;", NULL, NULL, NULL);
  sqlite3_close (db);
  g_async_queue_unref (f.texts);
  return now_us () - start;
}

/* CPU time the process has used so far, all threads, user and system. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
floor_main (const char *dir,
            const char *cache_dir)
{
  g_autofree char *db = g_build_filename (cache_dir, "floor-fts5.sqlite", NULL);
  gint64 cpu = cpu_us (), write_us, us;

  g_mkdir_with_parents (cache_dir, 0700);
  remove_db (db);
  us = floor_load (dir, db, &write_us);
  cpu = cpu_us () - cpu;
  remove_db (db);
  printf ("floor_ms=%.1f\nfloor_cpu_ms=%.1f\nfloor_write_ms=%.1f\n",
          us / 1000.0, cpu / 1000.0, write_us / 1000.0);
  return 0;
}

/* --live: a copy of the vault open in a LecVault, as the app holds it;
 * the time from a note written, created or deleted to the vault's models
 * changed. The copy is the vault's, never the vault itself. */
static void
on_changed (gboolean *changed)
{
  *changed = TRUE;
}

static void
on_loaded (GObject      *vault,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lec_vault_load_finish (LEC_VAULT (vault), result, &error))
    g_error ("bench-index: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

/* Runs @change, then the main loop until the vault says it changed;
 * returns the milliseconds between. */
static double
time_change (gboolean   *changed,
             const char *path,
             const char *contents)
{
  gint64 start;

  /* Whatever the monitors still had to say first. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  *changed = FALSE;
  start = now_us ();
  if (contents != NULL)
    g_file_set_contents (path, contents, -1, NULL);
  else
    g_unlink (path);
  while (!*changed && now_us () - start < 20 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  return (now_us () - start) / 1000.0;
}

static int
live_main (const char *dir,
           const char *cache_dir)
{
  g_autofree char *copy = g_build_filename (cache_dir, "vault", NULL);
  g_autofree char *index_dir = g_build_filename (cache_dir, "index", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) root = NULL;
  g_autoptr(LecVault) vault = NULL;
  const char *argv[] = { "cp", "-a", dir, copy, NULL };
  gboolean loaded = FALSE, changed = FALSE;
  double edit_ms, create_ms, delete_ms;
  int status;

  remove_tree (cache_dir);
  g_mkdir_with_parents (cache_dir, 0700);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    g_error ("bench-index: %s could not be copied", dir);

  bench_collect_notes (copy, paths);
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  if (paths->len == 0 || !g_file_get_contents (paths->pdata[paths->len / 2], &text, NULL, NULL))
    g_error ("bench-index: no notes in %s", dir);

  root = g_file_new_for_path (copy);
  vault = lec_vault_new_with_cache (root, index_dir);
  g_signal_connect_swapped (vault, "changed", G_CALLBACK (on_changed), &changed);
  lec_vault_load_async (vault, NULL, on_loaded, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);

  /* A note edited in the middle of the vault, a new note, and it deleted. */
  {
    g_autofree char *edited = g_strconcat (text, "\nOne more line, about [[Bench topic]].\n", NULL);

    edit_ms = time_change (&changed, paths->pdata[paths->len / 2], edited);
  }
  fresh = g_build_filename (copy, "bench-fresh-note.md", NULL);
  create_ms = time_change (&changed, fresh, "---\ntitle: Fresh\n---\nA new note about [[Bench topic]].\n");
  delete_ms = time_change (&changed, fresh, NULL);

  printf ("live_edit_ms=%.1f\nlive_create_ms=%.1f\nlive_delete_ms=%.1f\n", edit_ms, create_ms, delete_ms);
  g_clear_object (&vault);
  remove_tree (cache_dir);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *baseline_db = NULL;
  LecIndexStats st = { 0 };
  g_autofree char *db_path = NULL;
  gint64 cold_us, warm_us, fts5_us, cold_cpu, fts5_cpu;
  struct rusage usage;

  if (argc == 4 && g_str_equal (argv[1], "--floor"))
    return floor_main (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--live"))
    return live_main (argv[2], argv[3]);

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-index DIR CACHE-DIR [QUERIES]\n"
                       "       bench-index --floor DIR CACHE-DIR\n"
                       "       bench-index --live DIR CACHE-DIR\n");
      return 1;
    }

  root = g_file_new_for_path (argv[1]);

  remove_tree (argv[2]);
  g_mkdir_with_parents (argv[2], 0700);

  /* Cold: an empty cache, built as the app builds it. The counts
   * lectern-cli reports (the notes and bytes printed below) are asked for
   * after the clock stops: the app never asks for them, and at 25,000
   * notes they take 0.2 s of queries. */
  {
    gint64 start = now_us ();
    gint64 start_cpu = cpu_us ();
    g_autoptr(LecIndex) index = lec_index_open (root, argv[2], &error);

    if (index == NULL || !lec_index_update (index, NULL, NULL, NULL, NULL, &error))
      {
        fprintf (stderr, "bench-index: %s\n", error->message);
        return 1;
      }
    cold_us = now_us () - start;
    cold_cpu = cpu_us () - start_cpu;
    db_path = g_strdup (lec_index_get_db_path (index));
    if (!lec_index_update (index, NULL, NULL, &st, NULL, &error))
      {
        fprintf (stderr, "bench-index: %s\n", error->message);
        return 1;
      }
  }

  /* Warm: reopen the unchanged vault, as starting the app does. */
  {
    gint64 start = now_us ();
    g_autoptr(LecIndex) index = lec_index_open (root, argv[2], &error);
    g_autoptr(GPtrArray) notes = NULL;

    gint64 listed;

    if (index == NULL || !lec_index_update (index, NULL, NULL, NULL, NULL, &error))
      {
        fprintf (stderr, "bench-index: %s\n", error->message);
        return 1;
      }
    listed = now_us ();
    notes = lec_index_list_notes (index);
    warm_us = now_us () - start;
    printf ("warm_update_ms=%.1f\nwarm_list_ms=%.1f\n", (listed - start) / 1000.0, (now_us () - listed) / 1000.0);
  }

  printf ("notes=%u\nvault_bytes=%" G_GUINT64_FORMAT "\n", st.notes, st.bytes);
  printf ("cold_ms=%.1f\nwarm_ms=%.1f\n", cold_us / 1000.0, warm_us / 1000.0);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);

    printf ("index_bytes=%" G_GUINT64_FORMAT "\n", file_size (db_path) + file_size (wal));
  }

  /* Search: each query timed on its own. */
  if (argc > 3)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) queries = NULL;
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(LecIndex) index = lec_index_open (root, argv[2], &error);
      guint hits = 0;

      if (!g_file_get_contents (argv[3], &text, NULL, &error))
        {
          fprintf (stderr, "bench-index: %s\n", error->message);
          return 1;
        }
      queries = g_strsplit (text, "\n", -1);
      /* As Lectern searches: between updates, without the file mapped. */
      lec_index_settle (index);
      for (guint i = 0; queries[i] != NULL; i++)
        {
          g_autoptr(GPtrArray) results = NULL;
          gint64 start;

          if (*queries[i] == '\0')
            continue;
          start = now_us ();
          results = lec_index_search (index, queries[i], 20, NULL);
          g_array_append_val (times, (gint64) { now_us () - start });
          hits += results != NULL ? results->len : 0;
        }
      g_array_sort (times, compare_gint64);
      if (times->len > 0)
        printf ("search_queries=%u\nsearch_hits=%u\nsearch_p50_ms=%.2f\nsearch_p95_ms=%.2f\n",
                times->len, hits,
                g_array_index (times, gint64, times->len / 2) / 1000.0,
                g_array_index (times, gint64, (times->len * 95 + 99) / 100 - 1) / 1000.0);
    }

  getrusage (RUSAGE_SELF, &usage);
  printf ("peak_rss_mb=%.1f\n", usage.ru_maxrss / 1024.0);

  /* The baseline last, so its memory does not count above. */
  baseline_db = g_build_filename (argv[2], "baseline-fts5.sqlite", NULL);
  fts5_cpu = cpu_us ();
  fts5_us = fts5_load (argv[1], baseline_db);
  fts5_cpu = cpu_us () - fts5_cpu;
  printf ("fts5_load_ms=%.1f\n", fts5_us / 1000.0);

  /* The work behind the wall times: on few cores the cold index cannot be
   * much faster than its CPU time divided by the cores. */
  printf ("cores=%u\ncold_cpu_ms=%.1f\nfts5_load_cpu_ms=%.1f\n",
          g_get_num_processors (), cold_cpu / 1000.0, fts5_cpu / 1000.0);

  return 0;
}
