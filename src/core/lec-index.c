/* lec-index.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index.h"
#include "lec-index-private.h"
#include "lec-error.h"
#include "lec-walk.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

/* The index file's memory map while an update reads it: 64 MB. */
#define MMAP_SIZE "67108864"

/* The index of a vault: SQLite with FTS5, in the user's cache directory
 * (never in the vault), one file per vault, keyed by the vault's real path.
 * It is a cache: a damaged or outdated file is deleted and rebuilt.
 *
 * A connection belongs to one thread at a time; LecIndex does its I/O on
 * the thread that calls it, so callers run it off the main thread.
 *
 * This file holds the file's life: its schema, opening it, a first build
 * renamed into place, and what happens when it is damaged or cannot be
 * written. Updating it is lec-index-update.c (with lec-index-parse.c for
 * the workers and lec-index-write.c for the writer), where links lead
 * lec-index-resolver.c, and reading it lec-index-search.c and
 * lec-index-topics.c. */

static const char schema[] =
  "PRAGMA user_version = 14;"
  /* Kept small: every open reads it whole. */
  "CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, title TEXT NOT NULL,"
  "  video_id TEXT, channel TEXT, size INTEGER, mtime INTEGER, inode INTEGER, words INTEGER);"
  /* slug is NULL when it equals the target (most links in real vaults);
   * resolved is the id of the note the link leads to; odd is 1 for a
   * target with a "/" or a byte outside ASCII, else NULL. */
  "CREATE TABLE links (note_id INTEGER NOT NULL, target TEXT NOT NULL, heading TEXT,"
  "  embed INTEGER, slug TEXT, resolved INTEGER, odd INTEGER);"
  "CREATE TABLE aliases (note_id INTEGER NOT NULL, alias TEXT);"
  "CREATE TABLE tags (note_id INTEGER NOT NULL, tag TEXT);"
  "CREATE TABLE videos (video_id TEXT NOT NULL, title TEXT, page_id INTEGER NOT NULL);"
  "CREATE TABLE files (path TEXT PRIMARY KEY);"
  /* Each note's lec_note_info_make_sort_key() of its title, for the
   * collation meta's "collate" names (LC_COLLATE): worked out again by
   * every listing, the keys were a fifth of the time of reopening a vault. */
  "CREATE TABLE sort_keys (id INTEGER PRIMARY KEY, key BLOB NOT NULL);"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
  /* Search text, the body compressed (lec_inflate() reads it), and the
   * full-text index over it (external content, through the view). The
   * note's timestamps for its hits: (seconds, word position) pairs,
   * little-endian uint32, before the body, so that reading them does not
   * go through the body's overflow pages. lead: the words of the body's
   * boilerplate opening ("From: [[channel]]"), which snippets skip. */
  "CREATE TABLE text (id INTEGER PRIMARY KEY, title TEXT, aliases TEXT, headings TEXT, tags TEXT,"
  "  timestamps BLOB, lead INTEGER, body_z BLOB);"
  "CREATE VIEW text_view AS SELECT id, title, aliases, headings, tags, lec_inflate (body_z) AS body FROM text;"
  "CREATE VIRTUAL TABLE fts USING fts5 (title, aliases, headings, tags, body, content='text_view',"
  "  content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
  /* The ranking, as the table's own: "ORDER BY rank" then takes FTS5's
   * fast path. Title > aliases > headings > tags > body. */
  "INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 3.0, 1.0)');"
  /* FTS5 gathers the terms of a transaction in memory and writes them out
   * as a segment when they pass this size, to merge the segments later.
   * Its 1 MB made a first build write and merge dozens of segments; at
   * 16 MB the load of 10,000 notes takes a quarter less time, for about
   * 15 MB more memory while it lasts. */
  "INSERT INTO fts (fts, rank) VALUES ('hashsize', 16777216);";

/* A first index fills its tables before it gets these: building an index
 * over rows already there is cheaper than keeping it up to date row by
 * row. */
static const char schema_indexes[] =
  "CREATE INDEX links_note ON links (note_id);"
  "CREATE INDEX links_resolved ON links (resolved);"
  /* The links that lead to no note, by topic (as lec_index_topics() and
   * GNOME Shell's search key them) and spelling: a topic's page finds its
   * notes in it, and the Shell's search counts every topic's notes from
   * it in order, without a table in memory (reading the rows through
   * links_resolved took twice as long). 2 % of the index. */
  "CREATE INDEX links_open ON links (coalesce (slug, target), target, note_id) WHERE resolved IS NULL;"

  "CREATE INDEX aliases_note ON aliases (note_id);"
  "CREATE INDEX tags_note ON tags (note_id);"
  "CREATE INDEX videos_page ON videos (page_id);";

G_DEFINE_FINAL_TYPE (LecIndex, lec_index, G_TYPE_OBJECT)

static void
close_db (LecIndex *self)
{
  g_clear_pointer (&self->search, sqlite3_finalize);
  g_clear_pointer (&self->row_sizes, g_array_unref);
  g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  g_clear_pointer (&self->topics, _lec_index_topics_free);
  g_clear_pointer (&self->db, sqlite3_close);
}

static void
lec_index_finalize (GObject *object)
{
  LecIndex *self = (LecIndex *)object;

  close_db (self);
  g_clear_object (&self->root);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  g_clear_pointer (&self->sort_keys, g_hash_table_unref);

  G_OBJECT_CLASS (lec_index_parent_class)->finalize (object);
}

static void
lec_index_class_init (LecIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lec_index_finalize;

  /* SQLite counts the memory it holds, under a mutex, at every allocation
   * (FTS5 makes one for nearly every new term of a note): 0.9 % of a
   * first index's instructions, for figures Lectern never asks for. Only
   * before SQLite's first use in the process; later it is refused, and
   * nothing changes. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
lec_index_init (LecIndex *self)
{
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->sort_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
is_damage (int code)
{
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT;
}

gboolean
_lec_index_sql_error (LecIndex  *self,
                      GError   **error)
{
  self->failed_rc = sqlite3_extended_errcode (self->db);
  /* Damage may show in any statement, a search as well as an update: the
   * next update rebuilds. */
  if (is_damage (self->failed_rc))
    {
      self->damaged = TRUE;
      g_set_error (error, LEC_ERROR, LEC_ERROR_DAMAGED,
                   _("The index is damaged: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  g_set_error (error, LEC_ERROR, LEC_ERROR_INVALID,
               _("The index could not be written: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
_lec_index_exec (LecIndex    *self,
                 const char  *sql,
                 GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _lec_index_sql_error (self, error);
  return TRUE;
}

sqlite3_stmt *
_lec_index_prepare (LecIndex   *self,
                    const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_warning ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
  return stmt;
}

gboolean
_lec_index_step_done (LecIndex      *self,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _lec_index_sql_error (self, error);
  return TRUE;
}

/* SQLite's count of commits by other connections (lectern-cli, another
 * window) to the index file. */
gint64
_lec_index_data_version (LecIndex *self)
{
  sqlite3_stmt *stmt = _lec_index_prepare (self, "PRAGMA data_version");
  gint64 version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;

  sqlite3_finalize (stmt);
  return version;
}

/* The body text is stored compressed, so that the index stays smaller
 * than the vault: a zstd frame at level 1, which compresses plain text
 * about as well as zlib and several times faster, and records its own
 * length. */
static void
free_compress_context (gpointer cctx)
{
  ZSTD_freeCCtx (cctx);
}

static GPrivate compress_context = G_PRIVATE_INIT (free_compress_context);

GBytes *
_lec_index_deflate_text (const char *text)
{
  ZSTD_CCtx *cctx = g_private_get (&compress_context);
  gsize len = strlen (text);
  gsize bound = ZSTD_compressBound (len);
  guint8 *out = g_malloc (bound);
  gsize out_len;

  /* A context per thread: making one costs more than compressing a
   * note. */
  if (cctx == NULL)
    {
      cctx = ZSTD_createCCtx ();
      g_private_set (&compress_context, cctx);
    }
  out_len = ZSTD_compressCCtx (cctx, out, bound, text, len, 1);

  if (ZSTD_isError (out_len))
    out_len = 0;
  return g_bytes_new_take (out, out_len);
}

static void
free_decompress_context (gpointer dctx)
{
  ZSTD_freeDCtx (dctx);
}

static GPrivate decompress_context = G_PRIVATE_INIT (free_decompress_context);

/* lec_inflate(blob): the text _lec_index_deflate_text() stored. A search
 * makes a snippet from every hit's body, so the context is kept per
 * thread, as _lec_index_deflate_text() keeps its own: ZSTD_decompress()
 * makes one of about 100 KB each time, which cost more than inflating
 * the text. */
static void
inflate_func (sqlite3_context  *ctx,
              int               n_values,
              sqlite3_value   **values)
{
  const guint8 *in = sqlite3_value_blob (values[0]);
  int in_len = sqlite3_value_bytes (values[0]);
  ZSTD_DCtx *dctx = g_private_get (&decompress_context);
  unsigned long long len;
  char *out;
  gsize out_len;

  if (in == NULL || in_len == 0)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }
  len = ZSTD_getFrameContentSize (in, (gsize) in_len);
  if (len == ZSTD_CONTENTSIZE_UNKNOWN || len == ZSTD_CONTENTSIZE_ERROR || len >= G_MAXINT)
    {
      sqlite3_result_error (ctx, "damaged text in the index", -1);
      sqlite3_result_error_code (ctx, SQLITE_CORRUPT);
      return;
    }
  if (dctx == NULL)
    {
      dctx = ZSTD_createDCtx ();
      g_private_set (&decompress_context, dctx);
    }
  out = dctx != NULL ? sqlite3_malloc64 (len + 1) : NULL;
  out_len = out != NULL ? ZSTD_decompressDCtx (dctx, out, len, in, (gsize) in_len) : 0;
  if (out == NULL || ZSTD_isError (out_len) || out_len != len)
    {
      sqlite3_free (out);
      sqlite3_result_error (ctx, "damaged text in the index", -1);
      sqlite3_result_error_code (ctx, SQLITE_CORRUPT);
      return;
    }
  sqlite3_result_text (ctx, out, (int) len, sqlite3_free);
}

/* Results that say the file cannot be written where it lives (the disk
 * full, a read-only or failing file system, a folder in its place), as
 * opposed to a damaged file. */
static gboolean
is_unsavable (int code)
{
  code &= 0xff;
  return code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
         code == SQLITE_READONLY || code == SQLITE_PERM;
}

/* How long an index kept in memory waits before it tries its file again:
 * long enough that a full disk is not written to over and over. */
static gint64
save_retry_us (void)
{
  const char *env = g_getenv ("LECTERN_INDEX_SAVE_RETRY_S");

  return (env != NULL ? (gint64) g_ascii_strtoull (env, NULL, 10) : 60) * G_USEC_PER_SEC;
}

static void
remove_db_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Opens the file and checks it is an index of this version; returns the
 * SQLite result, with SQLITE_SCHEMA meaning "another version". */
static int
try_open (LecIndex *self)
{
  sqlite3_stmt *stmt;
  int rc, version = -1;

  close_db (self);
  rc = sqlite3_open_v2 (self->in_memory ? ":memory:" : self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function_v2 (self->db, "lec_inflate", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, inflate_func, NULL, NULL, NULL);
  /* Memory-mapped reads spare a system call and a copy per page, while an
   * update reads the index through (lec_index_settle() gives the mapping
   * back after). */
  rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                               "PRAGMA mmap_size = " MMAP_SIZE ";", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;
  self->settled = FALSE;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  rc = sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;

  if (version == 0)
    {
      /* A new file: give it the schema. */
      rc = sqlite3_exec (self->db, schema, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, schema_indexes, NULL, NULL, NULL);
      return rc;
    }
  if (version != LEC_INDEX_SCHEMA_VERSION)
    return SQLITE_SCHEMA;

  /* Walking the notes table finds a damaged or cut-off file before any
   * work starts; damage elsewhere shows during the update, which then
   * rebuilds. (Reading every table, or FTS5's integrity check, would cost
   * more than the whole reopen.) */
  return sqlite3_exec (self->db, "SELECT count(*), total (length (path)) FROM notes;", NULL, NULL, NULL);
}

static gboolean
open_db (LecIndex  *self,
         GError   **error)
{
  int rc = try_open (self);

  if (rc == SQLITE_OK)
    return TRUE;

  if (rc == SQLITE_SCHEMA || is_damage (rc) || rc == SQLITE_ERROR)
    {
      g_free (self->notice);
      self->notice = g_strdup (rc == SQLITE_SCHEMA
                               ? _("The index was made by another version of Lectern and is being rebuilt")
                               : _("The index was damaged and is being rebuilt"));
      g_message ("%s (%s)", self->notice, self->db_path);
      close_db (self);
      remove_db_files (self->db_path);
      rc = try_open (self);
      if (rc == SQLITE_OK)
        return TRUE;
    }

  self->failed_rc = rc;
  g_set_error (error, LEC_ERROR, LEC_ERROR_UNREADABLE,
               _("The index at “%s” cannot be opened: %s"), self->db_path,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

/* The file cannot be written (see is_unsavable()): the index lives in
 * memory, Lectern works from it, and the file, which is left as it was,
 * is tried again later (save_to_file()). Said once. */
static gboolean
keep_in_memory (LecIndex  *self,
                int        rc,
                GError   **error)
{
  const char *reason;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      reason = _("the disk is full");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      reason = _("it may not be written");
      break;
    case SQLITE_CANTOPEN:
      reason = _("its file cannot be opened");
      break;
    default:
      reason = _("the disk could not write it");
    }
  g_free (self->notice);
  /* Translators: the reason is "the disk is full", "its file cannot be
   * opened", … */
  self->notice = g_strdup_printf (_("The index could not be saved (%s); Lectern keeps it in memory and "
                                    "tries again later"), reason);
  g_message ("%s (%s)", self->notice, self->db_path);
  close_db (self);
  self->in_memory = TRUE;
  self->save_after = g_get_monotonic_time () + save_retry_us ();
  return open_db (self, error);
}

/* Where a first index is built before it is renamed into place; the
 * process id tells a build still under way from one a crash left. */
static char *
build_path (const char *db_path,
            GPid        pid)
{
  return g_strdup_printf ("%s.build-%d", db_path, (int) pid);
}

/* Removes what builds of this index that can no longer finish left
 * behind: never a file another running Lectern is still writing. */
static void
remove_stale_builds (LecIndex *self)
{
  g_autofree char *dir_path = g_path_get_dirname (self->db_path);
  g_autofree char *base = g_path_get_basename (self->db_path);
  g_autofree char *prefix = g_strconcat (base, ".build-", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      pid = g_ascii_strtoll (name + strlen (prefix), &end, 10);
      if (pid != getpid () && pid > 0 && pid <= G_MAXINT && kill ((pid_t) pid, 0) == 0)
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_unlink (path);
    }
}

/* Records that the sort keys in @db are for this process's collation. */
gboolean
_lec_index_write_collation (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('collate', ?1)", -1,
                               &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, setlocale (LC_COLLATE, NULL), -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* A first index is built in a file of its own and renamed over the
 * empty one only once it is complete. Nothing else can see that file, so
 * it is written without a journal or syncs, in one transaction: a crash
 * midway leaves a stray file (removed at the next open), never a
 * half-built index. The connection to the live file is kept in @live. */
gboolean
_lec_index_begin_build (LecIndex  *self,
                        sqlite3  **live,
                        GError   **error)
{
  g_autofree char *path = build_path (self->db_path, getpid ());
  sqlite3 *db = NULL;

  if (!self->in_memory)
    g_unlink (path);
  if (sqlite3_open_v2 (self->in_memory ? ":memory:" : path, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      /* threads: the sorts that make the tables' indexes at the end may
       * take a second core. page_size: a note's row of the text table
       * (2.6 KB on average in real vaults) left most of a 4 KB page
       * unused; with 16 KB pages the index of 23,770 real notes is 5 %
       * smaller, 0.98 of the vault's size instead of 1.03. auto_vacuum:
       * FTS5's merges of its segments leave pages free (649 of 10,979, 6 %
       * of the file, at 23,770 notes); the build gives them back at its
       * end (see _lec_index_end_build). cache_size: the build writes its
       * tables at their ends (the notes in their paths' order), so a page
       * is rarely wanted again once written; with 32 MB a first build of
       * 23,770 real notes touched 6,000 more pages for nothing (1.5 % of
       * its time in page faults, three alternating pairs). */
      sqlite3_exec (db, "PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL;"
                        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY;"
                        "PRAGMA cache_size = -8192; PRAGMA threads = 2;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      !_lec_index_write_collation (db))
    {
      self->failed_rc = db != NULL ? sqlite3_extended_errcode (db) : SQLITE_NOMEM;
      g_set_error (error, LEC_ERROR, LEC_ERROR_INVALID,
                   _("The index could not be written: %s"),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (SQLITE_NOMEM));
      sqlite3_close (db);
      if (!self->in_memory)
        g_unlink (path);
      return FALSE;
    }

  sqlite3_create_function_v2 (db, "lec_inflate", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, inflate_func, NULL, NULL, NULL);
  *live = self->db;
  self->db = db;
  return TRUE;
}

/* Puts the built file in place of the live one (@ok) or throws it away. */
gboolean
_lec_index_end_build (LecIndex  *self,
                      sqlite3   *live,
                      gboolean   ok,
                      GError   **error)
{
  g_autofree char *path = build_path (self->db_path, getpid ());
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->db_path, "-shm", NULL);
  Resolver *resolver;

  /* In memory, the database built is the index: nothing to rename. The
   * kept statement belongs to the one it replaces. */
  if (self->in_memory)
    {
      g_clear_pointer (&self->search, sqlite3_finalize);
      g_clear_pointer (&self->row_sizes, g_array_unref);
      sqlite3_close (ok ? live : self->db);
      if (!ok)
        self->db = live;
      return ok;
    }

  /* The pages FTS5's merges left free go: pages from the file's end move
   * into them, and the file is cut (5 ms at 23,770 notes). Into WAL mode here,
   * without syncs: done at the reopen, the switch
   * waited for the whole file to reach the disk (80 ms at 10,000 notes).
   * A crash before the data is written leaves a damaged cache, which the
   * next open rebuilds. */
  if (ok)
    sqlite3_exec (self->db, "PRAGMA incremental_vacuum; PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  sqlite3_close (self->db);
  self->db = live;
  if (!ok)
    {
      g_unlink (path);
      return FALSE;
    }

  /* The empty index's log must not outlive it: SQLite would replay it
   * over the new file. The resolver the build made holds for the new file:
   * it is kept, but not its connection's count of writes. */
  resolver = g_steal_pointer (&self->resolver);
  close_db (self);
  g_unlink (wal);
  g_unlink (shm);
  /* Gone first, so that the rename replaces nothing: ext4 writes a file
   * out to disk before it replaces another (auto_da_alloc), 60 ms for a
   * 10,000-note index. The empty file held nothing. */
  g_unlink (self->db_path);
  if (g_rename (path, self->db_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (path);
      self->failed_rc = saved_errno == ENOSPC ? SQLITE_FULL : SQLITE_CANTOPEN;
      g_set_error (error, LEC_ERROR, LEC_ERROR_INVALID,
                   _("The index could not be written: %s"), g_strerror (saved_errno));
      open_db (self, NULL);
      g_clear_pointer (&resolver, _lec_index_resolver_free);
      return FALSE;
    }
  if (!open_db (self, error))
    {
      g_clear_pointer (&resolver, _lec_index_resolver_free);
      return FALSE;
    }
  _lec_index_resolver_keep (self, resolver);
  return TRUE;
}

/* The tables' indexes, at the end of a first build (see schema_indexes). */
gboolean
_lec_index_create_indexes (LecIndex  *self,
                           GError   **error)
{
  return _lec_index_exec (self, schema_indexes, error);
}

/* Starts over from an empty index, saying so. */
static gboolean
rebuild (LecIndex  *self,
         GError   **error)
{
  g_free (self->notice);
  self->notice = g_strdup (_("The index was damaged and is being rebuilt"));
  g_message ("%s (%s)", self->notice, self->db_path);
  self->damaged = FALSE;
  close_db (self);
  if (!self->in_memory)
    remove_db_files (self->db_path);
  return open_db (self, error);
}

/* An index kept in memory tries its file again: copied into a file of
 * its own, which is renamed into place once complete, as a first build
 * is. On failure it stays in memory, and tries again later, silently. */
static void
save_to_file (LecIndex *self)
{
  g_autofree char *path = build_path (self->db_path, getpid ());
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->db_path, "-shm", NULL);
  sqlite3 *db = NULL;
  sqlite3_backup *backup;
  Resolver *resolver;
  int rc;

  self->save_after = g_get_monotonic_time () + save_retry_us ();
  /* The cache folder may not have been made either. */
  {
    g_autofree char *dir = g_path_get_dirname (self->db_path);

    g_mkdir_with_parents (dir, 0700);
  }
  g_unlink (path);
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (db, "main", self->db, "main");
      rc = backup != NULL ? sqlite3_backup_step (backup, -1) : sqlite3_errcode (db);
      if (backup != NULL && sqlite3_backup_finish (backup) != SQLITE_OK)
        rc = sqlite3_errcode (db);
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  sqlite3_close (db);
  if (rc == SQLITE_OK)
    {
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (self->db_path);
      if (g_rename (path, self->db_path) != 0)
        rc = SQLITE_CANTOPEN;
    }
  if (rc != SQLITE_OK)
    {
      g_debug ("The index is still kept in memory: %s", sqlite3_errstr (rc));
      g_unlink (path);
      return;
    }

  resolver = g_steal_pointer (&self->resolver);
  self->in_memory = FALSE;
  if (!open_db (self, NULL))
    {
      /* Back to memory, empty: the next update fills it again. */
      g_clear_pointer (&resolver, _lec_index_resolver_free);
      self->in_memory = TRUE;
      open_db (self, NULL);
      return;
    }
  _lec_index_resolver_keep (self, resolver);
  g_clear_pointer (&self->notice, g_free);
  g_message ("The index was saved to %s", self->db_path);
}

/* Before an update: an index kept in memory tries its file again when
 * it is time, and damage a search or a listing saw starts it over. */
gboolean
_lec_index_before_update (LecIndex  *self,
                          GError   **error)
{
  if (self->in_memory && g_get_monotonic_time () >= self->save_after)
    save_to_file (self);
  self->failed_rc = SQLITE_OK;
  if (self->settled)
    {
      sqlite3_exec (self->db, "PRAGMA mmap_size = " MMAP_SIZE, NULL, NULL, NULL);
      self->settled = FALSE;
    }

  /* Damage a search or a listing saw: start over. */
  if (self->damaged && !rebuild (self, error))
    return FALSE;
  return TRUE;
}

/**
 * lec_index_settle:
 *
 * Gives back what an update used and a reader between updates does not
 * need: the index file's memory map, whose pages counted in the process's
 * memory (37 MB of it with 23,770 real notes), and SQLite's freed caches.
 * Reads go through the system's page cache until the next update.
 */
void
lec_index_settle (LecIndex *self)
{
  g_return_if_fail (LEC_IS_INDEX (self));

  if (self->db == NULL || self->settled)
    return;
  sqlite3_exec (self->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
  sqlite3_db_release_memory (self->db);
  self->settled = TRUE;
}

/* After an update failed with @failure: whether it may run again. Damage
 * that showed only now starts over from an empty index; a file that
 * cannot be written goes on from memory. Else @failure is the error. */
gboolean
_lec_index_recover (LecIndex  *self,
                    GError   **failure,
                    GError   **error)
{
  if (is_damage (sqlite3_extended_errcode (self->db)) || is_damage (self->failed_rc))
    return rebuild (self, error);
  if (!self->in_memory && is_unsavable (self->failed_rc))
    return keep_in_memory (self, self->failed_rc, error);
  g_propagate_error (error, g_steal_pointer (failure));
  return FALSE;
}

/**
 * lec_index_dup_file_path:
 * @root: the vault's folder
 * @cache_dir: (nullable): where index files live; by default
 *   `$XDG_CACHE_HOME/lectern`
 *
 * Where the index of @root lives, named after a hash of the folder's real
 * path, whether or not it exists yet. Resolving the path is blocking I/O.
 *
 * Returns: (transfer full): the file's path
 */
char *
lec_index_dup_file_path (GFile      *root,
                         const char *cache_dir)
{
  g_autofree char *root_path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  root_path = g_file_get_path (root);
  real = root_path != NULL ? realpath (root_path, NULL) : NULL;
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real != NULL ? real : root_path, -1);
  dir = cache_dir != NULL ? g_strdup (cache_dir) : g_build_filename (g_get_user_cache_dir (), "lectern", NULL);
  name = g_strdup_printf ("index-%.16s.sqlite", digest);
  return g_build_filename (dir, name, NULL);
}

/**
 * lec_index_open:
 * @root: the vault's folder
 * @cache_dir: (nullable): where index files live; by default
 *   `$XDG_CACHE_HOME/lectern`
 *
 * Opens (or creates) the index of @root. A damaged, truncated or
 * older-schema file is deleted and rebuilt; lec_index_get_notice() then
 * says so.
 */
LecIndex *
lec_index_open (GFile       *root,
                const char  *cache_dir,
                GError     **error)
{
  g_autoptr(LecIndex) self = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (!lec_walk_check_root (root, error))
    return NULL;

  self = g_object_new (LEC_TYPE_INDEX, NULL);
  self->root = g_object_ref (root);
  self->db_path = lec_index_dup_file_path (root, cache_dir);
  dir = g_path_get_dirname (self->db_path);

  /* A cache folder that cannot be made, or a file that cannot be opened
   * (a folder in its place), leaves the index in memory. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return keep_in_memory (self, SQLITE_CANTOPEN, error) ? g_steal_pointer (&self) : NULL;

  /* No SQLite file is smaller than a page of 512 bytes: a shorter one
   * (an empty one is what a crash leaves before the first write) was cut
   * short, though SQLite would take it for a new one. */
  if (g_stat (self->db_path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size < 512)
    {
      self->notice = g_strdup (_("The index was damaged and is being rebuilt"));
      g_message ("%s (%s)", self->notice, self->db_path);
      remove_db_files (self->db_path);
    }

  remove_stale_builds (self);
  if (open_db (self, &local_error))
    return g_steal_pointer (&self);
  if (!is_unsavable (self->failed_rc))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!keep_in_memory (self, self->failed_rc, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
lec_index_get_db_path (LecIndex *self)
{
  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  return self->db_path;
}

/* A sentence for the user when the index had to be rebuilt, or NULL. */
const char *
lec_index_get_notice (LecIndex *self)
{
  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  return self->notice;
}

/**
 * lec_index_problems:
 *
 * Returns: (transfer none) (element-type utf8): what the last update could
 *   not read, and warnings from notes, each as "path: message"
 */
GPtrArray *
lec_index_problems (LecIndex *self)
{
  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  return self->problems;
}

/**
 * lec_index_get_folders:
 *
 * Returns: (transfer none) (element-type utf8) (nullable): the vault's
 *   folders (relative paths) as the last update found them
 */
GPtrArray *
lec_index_get_folders (LecIndex *self)
{
  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  return self->folders;
}
