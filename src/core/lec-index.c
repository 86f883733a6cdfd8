/* lec-index.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index.h"
#include "lec-error.h"
#include "lec-link-table.h"
#include "lec-note.h"
#include "lec-note-info.h"
#include "lec-slug.h"
#include "lec-walk.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <zstd.h>

/* The index of a vault: SQLite with FTS5, in the user's cache directory
 * (never in the vault), one file per vault, keyed by the vault's real path.
 * It is a cache: a damaged or outdated file is deleted and rebuilt.
 *
 * A connection belongs to one thread at a time; LecIndex does its I/O on
 * the thread that calls it, so callers run it off the main thread. */

#define SCHEMA_VERSION 11
#define BATCH_SIZE 500

static const char schema[] =
  "PRAGMA user_version = 11;"
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
   * go through the body's overflow pages. */
  "CREATE TABLE text (id INTEGER PRIMARY KEY, title TEXT, aliases TEXT, headings TEXT, tags TEXT,"
  "  timestamps BLOB, body_z BLOB);"
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

  "CREATE INDEX aliases_note ON aliases (note_id);"
  "CREATE INDEX tags_note ON tags (note_id);"
  "CREATE INDEX videos_page ON videos (page_id);";

struct _LecIndex
{
  GObject    parent_instance;

  GFile     *root;
  char      *db_path;
  sqlite3   *db;
  char      *notice;
  GPtrArray *problems;
  GPtrArray *attachments;  /* as the last update found them */
  GPtrArray *folders;
  sqlite3_stmt *search;    /* prepared at the first search, kept */
  GArray     *row_sizes;   /* guint32 tokens per full-text row, by rowid */
  struct _Resolver *resolver;  /* kept while no note's name changes */
  struct _Topics   *topics;    /* the topic counts, kept from the first listing */
  GHashTable *sort_keys;   /* title → lec_note_info_make_sort_key() of it */
  int         failed_rc;   /* the SQLite result of the last write that failed */
  gboolean    damaged;     /* damage was seen: the next update rebuilds */
  gboolean    in_memory;   /* the file could not be written (see keep_in_memory()) */
  gint64      save_after;  /* in memory: when to try the file again (monotonic) */
};

typedef struct _Resolver Resolver;
typedef struct _Topics Topics;

static void resolver_free (Resolver *r);
static void topics_free (Topics *t);
static void topics_changed (LecIndex *self,
                            gint64    id);
static void resolver_keep (LecIndex *self,
                           Resolver *r);

G_DEFINE_FINAL_TYPE (LecIndex, lec_index, G_TYPE_OBJECT)

static void
close_db (LecIndex *self)
{
  g_clear_pointer (&self->search, sqlite3_finalize);
  g_clear_pointer (&self->row_sizes, g_array_unref);
  g_clear_pointer (&self->resolver, resolver_free);
  g_clear_pointer (&self->topics, topics_free);
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
}

static void
lec_index_init (LecIndex *self)
{
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->sort_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean is_damage (int code);

static gboolean
sql_error (LecIndex  *self,
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

static gboolean
exec (LecIndex    *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, error);
  return TRUE;
}

static sqlite3_stmt *
prepare (LecIndex   *self,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_warning ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
  return stmt;
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

static GBytes *
deflate_text (const char *text)
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

/* lec_inflate(blob): the text deflate_text() stored. A search makes a
 * snippet from every hit's body, so the context is kept per thread, as
 * deflate_text() keeps its own: ZSTD_decompress() makes one of about
 * 100 KB each time, which cost more than inflating the text. */
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

static gboolean
is_damage (int code)
{
  code &= 0xff;
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT;
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
  /* Memory-mapped reads spare a system call and a copy per page. */
  rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                               "PRAGMA mmap_size = 67108864;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;

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
  if (version != SCHEMA_VERSION)
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
static gboolean
write_collation (sqlite3 *db)
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
static gboolean
begin_build (LecIndex  *self,
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
       * take a second core. */
      sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY;"
                        "PRAGMA cache_size = -32768; PRAGMA threads = 2;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      !write_collation (db))
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
static gboolean
end_build (LecIndex  *self,
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

  /* Into WAL mode here, without syncs: done at the reopen, the switch
   * waited for the whole file to reach the disk (80 ms at 10,000 notes).
   * A crash before the data is written leaves a damaged cache, which the
   * next open rebuilds. */
  if (ok)
    sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
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
      g_clear_pointer (&resolver, resolver_free);
      return FALSE;
    }
  if (!open_db (self, error))
    {
      g_clear_pointer (&resolver, resolver_free);
      return FALSE;
    }
  resolver_keep (self, resolver);
  return TRUE;
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
  g_autofree char *root_path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (!lec_walk_check_root (root, error))
    return NULL;

  root_path = g_file_get_path (root);
  real = root_path != NULL ? realpath (root_path, NULL) : NULL;
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real != NULL ? real : root_path, -1);
  dir = cache_dir != NULL ? g_strdup (cache_dir) : g_build_filename (g_get_user_cache_dir (), "lectern", NULL);
  self = g_object_new (LEC_TYPE_INDEX, NULL);
  self->root = g_object_ref (root);
  name = g_strdup_printf ("index-%.16s.sqlite", digest);
  self->db_path = g_build_filename (dir, name, NULL);

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

/* --- update --------------------------------------------------------------- */

typedef struct
{
  char     *path;
  char     *abs_path;
  guint64   size;
  gint64    mtime;
  guint64   inode;
  gboolean  indexed;  /* an older version is in the index */
} FileState;

static void
file_state_free (FileState *fs)
{
  g_free (fs->path);
  g_free (fs->abs_path);
  g_free (fs);
}

/* A link as the links table stores it. */
typedef struct
{
  char     *target;
  char     *heading;
  char     *slug;    /* NULL when it equals the target */
  gboolean  embed;
  gboolean  odd;     /* the target has a "/" or a byte outside ASCII */
} LinkRow;

static void
link_row_clear (LinkRow *l)
{
  g_free (l->target);
  g_free (l->heading);
  g_free (l->slug);
}

/* What a worker hands the writer: a note already reduced to the rows it
 * becomes. The parsed note itself (its whole cmark tree) is freed by the
 * worker that made it: freed on the writer thread, its thousands of
 * blocks made the threads queue on each other's malloc arenas. */
typedef struct
{
  FileState *state;
  gboolean   parsed;
  gboolean   denied;         /* not readable now: an older version is kept */
  char      *title;
  char      *sort_key;       /* lec_note_info_make_sort_key (title) */
  char      *video_id;
  char      *channel;
  char     **aliases;
  char     **tags;
  char      *aliases_text;
  char      *tags_text;
  char      *headings_text;
  char      *body;           /* the plain text, for the full-text index */
  GBytes    *body_z;         /* the same, deflated, for snippets */
  GBytes    *timestamps;
  guint      words;
  GArray    *links;          /* LinkRow */
  GArray    *videos;         /* LecVideoTitle */
  GPtrArray *problems;       /* "path: message" */
} Parsed;

static void
video_title_clear (LecVideoTitle *v)
{
  g_free (v->video_id);
  g_free (v->title);
}

static void
parsed_free (Parsed *p)
{
  g_free (p->title);
  g_free (p->sort_key);
  g_free (p->video_id);
  g_free (p->channel);
  g_strfreev (p->aliases);
  g_strfreev (p->tags);
  g_free (p->aliases_text);
  g_free (p->tags_text);
  g_free (p->headings_text);
  g_free (p->body);
  g_clear_pointer (&p->body_z, g_bytes_unref);
  g_clear_pointer (&p->timestamps, g_bytes_unref);
  g_clear_pointer (&p->links, g_array_unref);
  g_clear_pointer (&p->videos, g_array_unref);
  g_clear_pointer (&p->problems, g_ptr_array_unref);
  g_free (p);
}

static GBytes *
pack_timestamps (GArray *timestamps)
{
  guint8 *out = g_malloc (timestamps->len * 8 + 1);

  for (guint i = 0; i < timestamps->len; i++)
    {
      const LecTimestamp *t = &g_array_index (timestamps, LecTimestamp, i);
      guint32 v[2] = { GUINT32_TO_LE (t->seconds), GUINT32_TO_LE (t->token_pos) };

      memcpy (out + i * 8, v, 8);
    }
  return g_bytes_new_take (out, timestamps->len * 8);
}

/* A note as the index holds it, to compare with the file. */
typedef struct
{
  guint64  size;
  gint64   mtime;
  guint64  inode;
  gboolean seen;   /* the walk found its file */
} Indexed;

typedef struct
{
  GHashTable   *notes;        /* path → FileState, as on disk now */
  GPtrArray    *attachments;
  GPtrArray    *folders;
  /* For a walk of the whole vault: path → Indexed, read while the walk
   * runs; notes found unchanged then get no FileState at all. */
  GHashTable   *indexed;
  GStringChunk *indexed_paths;
  Indexed      *indexed_rows;
} Disk;

static void
disk_entry (const LecWalkEntry *entry,
            gpointer            user_data)
{
  Disk *disk = user_data;
  FileState *fs;

  if (entry->kind == LEC_WALK_FOLDER)
    {
      g_ptr_array_add (disk->folders, g_strdup (entry->path));
      return;
    }
  if (entry->kind == LEC_WALK_ATTACHMENT)
    {
      g_ptr_array_add (disk->attachments, g_strdup (entry->path));
      return;
    }

  if (disk->indexed != NULL)
    {
      Indexed *in = g_hash_table_lookup (disk->indexed, entry->path);

      if (in != NULL)
        {
          in->seen = TRUE;
          /* Unchanged notes (same size, time and inode) are not read
           * again. */
          if (in->size == entry->size && in->mtime == entry->mtime && in->inode == entry->inode)
            return;
        }
      fs = g_new0 (FileState, 1);
      fs->indexed = in != NULL;
    }
  else
    fs = g_new0 (FileState, 1);
  fs->path = g_strdup (entry->path);
  fs->abs_path = g_strdup (entry->abs_path);
  fs->size = entry->size;
  fs->mtime = entry->mtime;
  fs->inode = entry->inode;
  g_hash_table_replace (disk->notes, fs->path, fs);
}

static char *
join_strv (const char * const *strv)
{
  return strv != NULL ? g_strjoinv ("\n", (char **) strv) : g_strdup ("");
}

static char *
channel_of (LecNote    *note,
            const char *path)
{
  const char *slash = strchr (path, '/');

  if (slash != NULL)
    return g_strndup (path, slash - path);
  return g_strdup (lec_note_get_source (note));
}

static GArray *
link_rows (LecNote *note)
{
  GArray *links = lec_note_get_links (note);
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (LinkRow), links->len);

  g_array_set_clear_func (rows, (GDestroyNotify) link_row_clear);
  for (guint i = 0; i < links->len; i++)
    {
      const LecLink *l = &g_array_index (links, LecLink, i);
      LinkRow row;

      if (*l->target == '\0')
        continue;
      row.target = g_strdup (l->target);
      row.heading = g_strdup (l->heading);
      row.slug = lec_slugify (l->target);
      row.embed = l->embed;
      row.odd = strchr (row.target, '/') != NULL || !g_str_is_ascii (row.target);
      if (g_str_equal (row.slug, row.target))
        g_clear_pointer (&row.slug, g_free);
      g_array_append_val (rows, row);
    }
  return rows;
}

static GArray *
video_rows (LecNote *note)
{
  GArray *videos = lec_note_get_video_titles (note);
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (LecVideoTitle), videos->len);

  g_array_set_clear_func (rows, (GDestroyNotify) video_title_clear);
  for (guint i = 0; i < videos->len; i++)
    {
      const LecVideoTitle *v = &g_array_index (videos, LecVideoTitle, i);
      LecVideoTitle row = { g_strdup (v->video_id), g_strdup (v->title) };

      g_array_append_val (rows, row);
    }
  return rows;
}

static char *
headings_text (LecNote *note)
{
  GArray *headings = lec_note_get_headings (note);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < headings->len; i++)
    {
      g_string_append (text, g_array_index (headings, LecHeading, i).text);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
parsed_fill (Parsed  *p,
             LecNote *note)
{
  const LecFrontMatter *fm = lec_note_get_front_matter (note);
  GPtrArray *warnings = lec_note_get_warnings (note);

  p->parsed = TRUE;
  p->title = g_strdup (lec_note_get_title (note));
  p->sort_key = lec_note_info_make_sort_key (p->title);
  p->video_id = g_strdup (fm->video_id);
  p->channel = channel_of (note, p->state->path);
  p->aliases = g_strdupv (fm->aliases);
  p->tags = g_strdupv ((char **) lec_note_get_tags (note));
  p->aliases_text = join_strv ((const char * const *) fm->aliases);
  p->tags_text = join_strv (lec_note_get_tags (note));
  p->headings_text = headings_text (note);
  p->body = g_strdup (lec_note_get_plain_text (note));
  p->body_z = deflate_text (p->body);
  p->timestamps = pack_timestamps (lec_note_get_timestamps (note));
  p->words = lec_note_get_word_count (note);
  p->links = link_rows (note);
  p->videos = video_rows (note);
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (p->problems, g_strdup_printf ("%s: %s", p->state->path,
                                                   (const char *) warnings->pdata[i]));
}

static Parsed *
parse_note (FileState *fs)
{
  Parsed *p = g_new0 (Parsed, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fs->abs_path);

  p->state = fs;
  p->problems = g_ptr_array_new_with_free_func (g_free);
  if (lec_note_load_file (file, &bytes, NULL, &error))
    {
      g_autoptr(LecNote) note = lec_note_new (fs->path, bytes);

      parsed_fill (p, note);
    }
  /* Gone since the walk found it (or a folder now): it was removed, and
   * the next update sees what is there. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
           !g_error_matches (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE))
    {
      p->denied = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_ptr_array_add (p->problems, g_strdup_printf ("%s: %s", fs->path, error->message));
    }
  return p;
}

/* Notes go to the workers and back a few at a time: one at a time, the
 * hand-overs woke a thread per note, 10,000 times in a 10,000-note build. */
#define JOB_NOTES 8

typedef struct
{
  FileState *states[JOB_NOTES];
  Parsed    *parsed[JOB_NOTES];
  guint      n;
} Job;

static void
job_free (Job *job)
{
  for (guint i = 0; i < job->n; i++)
    g_clear_pointer (&job->parsed[i], parsed_free);
  g_free (job);
}

/* Jobs go out on the pool's queue and come back on @results; written,
 * they wait on @spent to be freed by a worker. Freed on the writer, their
 * blocks from the workers' malloc arenas cost it 30 µs a note in locks. */
typedef struct
{
  GAsyncQueue *results;
  GAsyncQueue *spent;
} Queues;

static void
parse_job (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  Queues *q = user_data;
  Job *old;

  while ((old = g_async_queue_try_pop (q->spent)) != NULL)
    job_free (old);

  /* The costly parts run here, on every core. */
  for (guint i = 0; i < job->n; i++)
    job->parsed[i] = parse_note (job->states[i]);
  g_async_queue_push (q->results, job);
}

typedef struct
{
  sqlite3_stmt *deletes[8];
  sqlite3_stmt *insert_note;
  sqlite3_stmt *insert_sort_key;
  sqlite3_stmt *insert_link;
  sqlite3_stmt *insert_alias;
  sqlite3_stmt *insert_tag;
  sqlite3_stmt *insert_video;
  sqlite3_stmt *insert_text;
  sqlite3_stmt *insert_fts;
  sqlite3_stmt *old_note;
  sqlite3_stmt *old_aliases;
  GArray       *held_links;  /* HeldLink; in a first build only */
} Statements;

/* A link kept back until every note is in: a first build resolves each
 * link once, as it is written, rather than writing it and then updating
 * it. */
typedef struct
{
  gint64  note_id;
  LinkRow row;
} HeldLink;

static void
held_link_clear (HeldLink *h)
{
  link_row_clear (&h->row);
}

static void
statements_clear (Statements *st)
{
  for (guint i = 0; i < G_N_ELEMENTS (st->deletes); i++)
    sqlite3_finalize (st->deletes[i]);
  sqlite3_finalize (st->insert_fts);
  sqlite3_finalize (st->insert_note);
  sqlite3_finalize (st->insert_sort_key);
  sqlite3_finalize (st->insert_link);
  sqlite3_finalize (st->insert_alias);
  sqlite3_finalize (st->insert_tag);
  sqlite3_finalize (st->insert_video);
  sqlite3_finalize (st->insert_text);
  sqlite3_finalize (st->old_note);
  sqlite3_finalize (st->old_aliases);
}

/* Removes a note and everything that hangs off it; the full-text rows are
 * removed with their old values, as an external-content FTS5 table needs. */
static const char * const delete_sql[] = {
  "INSERT INTO fts (fts, rowid, title, aliases, headings, tags, body)"
  " SELECT 'delete', id, title, aliases, headings, tags, body FROM text_view"
  " WHERE id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM text WHERE id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM links WHERE note_id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM aliases WHERE note_id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM tags WHERE note_id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM videos WHERE page_id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM sort_keys WHERE id = (SELECT id FROM notes WHERE path = ?1)",
  "DELETE FROM notes WHERE path = ?1",
};

static gboolean
delete_note (LecIndex      *self,
             sqlite3_stmt **stmts,
             const char    *path,
             GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (delete_sql); i++)
    {
      sqlite3_bind_text (stmts[i], 1, path, -1, SQLITE_STATIC);
      if (sqlite3_step (stmts[i]) != SQLITE_DONE)
        {
          sqlite3_reset (stmts[i]);
          return sql_error (self, error);
        }
      sqlite3_reset (stmts[i]);
    }
  return TRUE;
}

static gboolean
step_done (LecIndex      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (self, error);
  return TRUE;
}

static gboolean
insert_note (LecIndex    *self,
             Statements  *st,
             Parsed      *p,
             gint64       keep_id,
             gint64      *out_id,
             GError     **error)
{
  sqlite3_int64 id;

  sqlite3_bind_text (st->insert_note, 1, p->state->path, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_note, 2, p->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_note, 3, p->video_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_note, 4, p->channel, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st->insert_note, 5, (sqlite3_int64) p->state->size);
  sqlite3_bind_int64 (st->insert_note, 6, p->state->mtime);
  sqlite3_bind_int64 (st->insert_note, 7, (sqlite3_int64) p->state->inode);
  sqlite3_bind_int (st->insert_note, 8, (int) p->words);
  if (keep_id >= 0)
    sqlite3_bind_int64 (st->insert_note, 9, keep_id);
  if (!step_done (self, st->insert_note, error))
    return FALSE;
  *out_id = id = sqlite3_last_insert_rowid (self->db);

  sqlite3_bind_int64 (st->insert_sort_key, 1, id);
  sqlite3_bind_blob (st->insert_sort_key, 2, p->sort_key, (int) strlen (p->sort_key), SQLITE_STATIC);
  if (!step_done (self, st->insert_sort_key, error))
    return FALSE;

  for (guint i = 0; i < p->links->len && st->held_links != NULL; i++)
    {
      HeldLink held = { id, g_array_index (p->links, LinkRow, i) };

      g_array_append_val (st->held_links, held);
    }
  if (st->held_links != NULL)
    g_array_set_clear_func (p->links, NULL);

  for (guint i = 0; i < p->links->len && st->held_links == NULL; i++)
    {
      const LinkRow *l = &g_array_index (p->links, LinkRow, i);

      sqlite3_bind_int64 (st->insert_link, 1, id);
      sqlite3_bind_text (st->insert_link, 2, l->target, -1, SQLITE_STATIC);
      sqlite3_bind_text (st->insert_link, 3, l->heading, -1, SQLITE_STATIC);
      sqlite3_bind_int (st->insert_link, 4, l->embed);
      sqlite3_bind_text (st->insert_link, 5, l->slug, -1, SQLITE_STATIC);
      if (l->odd)
        sqlite3_bind_int (st->insert_link, 6, 1);
      if (!step_done (self, st->insert_link, error))
        return FALSE;
    }

  for (guint i = 0; p->aliases != NULL && p->aliases[i] != NULL; i++)
    {
      sqlite3_bind_int64 (st->insert_alias, 1, id);
      sqlite3_bind_text (st->insert_alias, 2, p->aliases[i], -1, SQLITE_STATIC);
      if (!step_done (self, st->insert_alias, error))
        return FALSE;
    }

  for (guint i = 0; p->tags != NULL && p->tags[i] != NULL; i++)
    {
      sqlite3_bind_int64 (st->insert_tag, 1, id);
      sqlite3_bind_text (st->insert_tag, 2, p->tags[i], -1, SQLITE_STATIC);
      if (!step_done (self, st->insert_tag, error))
        return FALSE;
    }

  for (guint i = 0; i < p->videos->len; i++)
    {
      const LecVideoTitle *v = &g_array_index (p->videos, LecVideoTitle, i);

      sqlite3_bind_text (st->insert_video, 1, v->video_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st->insert_video, 2, v->title, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st->insert_video, 3, id);
      if (!step_done (self, st->insert_video, error))
        return FALSE;
    }

  sqlite3_bind_int64 (st->insert_text, 1, id);
  sqlite3_bind_text (st->insert_text, 2, p->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 3, p->aliases_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 4, p->headings_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 5, p->tags_text, -1, SQLITE_STATIC);
  sqlite3_bind_blob (st->insert_text, 6, g_bytes_get_data (p->body_z, NULL),
                     (int) g_bytes_get_size (p->body_z), SQLITE_STATIC);
  sqlite3_bind_blob (st->insert_text, 7, g_bytes_get_data (p->timestamps, NULL),
                     (int) g_bytes_get_size (p->timestamps), SQLITE_STATIC);
  if (!step_done (self, st->insert_text, error))
    return FALSE;

  /* The full text gets the plain text the worker still holds: reading it
   * back through the view would inflate what was just deflated. */
  sqlite3_bind_int64 (st->insert_fts, 1, id);
  sqlite3_bind_text (st->insert_fts, 2, p->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 3, p->aliases_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 4, p->headings_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 5, p->tags_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 6, p->body, -1, SQLITE_STATIC);
  return step_done (self, st->insert_fts, error);
}

/* The id of the note at @path in the index, or -1; with @same_title,
 * whether its title there is @title. */
static gint64
note_id (Statements  *st,
         const char  *path,
         const char  *title,
         gboolean    *same_title)
{
  gint64 id = -1;

  sqlite3_bind_text (st->old_note, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step (st->old_note) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (st->old_note, 0);
      if (same_title != NULL)
        *same_title = g_strcmp0 ((const char *) sqlite3_column_text (st->old_note, 1), title) == 0;
    }
  sqlite3_reset (st->old_note);
  return id;
}

/* The id a note already in the index has (kept when it is written again,
 * so that links to it stay resolved), and whether @p keeps its title and
 * aliases: the names links resolve by. */
static gint64
old_note (Statements *st,
          Parsed     *p,
          gboolean   *same_names)
{
  gboolean same_title = FALSE;
  gint64 id = note_id (st, p->state->path, p->title, &same_title);
  guint n = 0;

  *same_names = p->parsed && same_title;
  if (!*same_names)
    return id;

  sqlite3_bind_int64 (st->old_aliases, 1, id);
  while (*same_names && sqlite3_step (st->old_aliases) == SQLITE_ROW)
    {
      const char *alias = (const char *) sqlite3_column_text (st->old_aliases, 0);

      *same_names = p->aliases != NULL && p->aliases[n] != NULL && g_strcmp0 (alias, p->aliases[n]) == 0;
      n++;
    }
  sqlite3_reset (st->old_aliases);
  if (*same_names && p->aliases != NULL && p->aliases[n] != NULL)
    *same_names = FALSE;
  return id;
}

/* Whether the files table lists exactly @attachments. */
static gboolean
same_attachments (LecIndex  *self,
                  GPtrArray *attachments)
{
  g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = prepare (self, "SELECT path FROM files");
  guint n = 0;
  gboolean same = TRUE;

  for (guint i = 0; i < attachments->len; i++)
    g_hash_table_add (now, attachments->pdata[i]);
  while (same && sqlite3_step (stmt) == SQLITE_ROW)
    {
      same = g_hash_table_contains (now, sqlite3_column_text (stmt, 0));
      n++;
    }
  sqlite3_finalize (stmt);
  return same && n == g_hash_table_size (now);
}

/* Whether the sort_keys table holds keys for this process's collation. */
static gboolean
sort_keys_current (LecIndex *self)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM meta WHERE key = 'collate'");
  const char *collate = setlocale (LC_COLLATE, NULL);
  gboolean current = FALSE;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    current = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), collate) == 0;
  sqlite3_finalize (stmt);
  return current;
}

/* Gives every note the key of its title for this process's collation
 * (another locale's, or none, were there before). */
static gboolean
write_sort_keys (LecIndex  *self,
                 GError   **error)
{
  sqlite3_stmt *select = NULL, *insert = NULL;
  gboolean ok = exec (self, "BEGIN IMMEDIATE; DELETE FROM sort_keys;", error);

  if (ok)
    {
      select = prepare (self, "SELECT id, title FROM notes");
      insert = prepare (self, "INSERT INTO sort_keys (id, key) VALUES (?1, ?2)");
      ok = select != NULL && insert != NULL;
    }
  while (ok && sqlite3_step (select) == SQLITE_ROW)
    {
      g_autofree char *key = lec_note_info_make_sort_key ((const char *) sqlite3_column_text (select, 1));

      sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_blob (insert, 2, key, (int) strlen (key), SQLITE_STATIC);
      ok = step_done (self, insert, error);
    }
  if (ok && !write_collation (self->db))
    ok = sql_error (self, error);
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  if (ok)
    ok = exec (self, "COMMIT", error);
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}

/* A note's entry for the lists and the link table, with the key of its
 * title as the index holds it (@stored) or as worked out here. */
static LecNoteInfo *
note_info_new (LecIndex   *self,
               const char *path,
               const char *title,
               const char *video_id,
               const char *channel,
               const char *stored)
{
  const char *sort_key = stored != NULL ? stored : g_hash_table_lookup (self->sort_keys, title);
  LecNoteInfo *info;

  /* Kept from one listing to the next: working keys out was most of
   * the cost of listing 25,000 notes after every change. */
  if (sort_key == NULL)
    {
      if (g_hash_table_size (self->sort_keys) > 200000)
        g_hash_table_remove_all (self->sort_keys);
      sort_key = lec_note_info_make_sort_key (title);
      g_hash_table_insert (self->sort_keys, g_strdup (title), (gpointer) sort_key);
    }
  info = lec_note_info_new_with_sort_key (path, title, video_id, sort_key);
  lec_note_info_set_channel (info, channel);
  return info;
}

/* The entry of a note just parsed, as load_notes() would read it back. */
static LecNoteInfo *
parsed_info_new (LecIndex *self,
                 Parsed   *p)
{
  LecNoteInfo *info = note_info_new (self, p->state->path, p->title, p->video_id, p->channel,
                                     p->sort_key);

  if (p->aliases != NULL && p->aliases[0] != NULL)
    lec_note_info_set_aliases (info, (const char * const *) p->aliases);
  return info;
}

/* Every note as a LecNoteInfo (title, video, channel, aliases), in id
 * order; with @ids, their ids too, at the same positions. */
static GPtrArray *
load_notes (LecIndex *self,
            GArray   *ids)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  /* The keys of another locale are not used. */
  stmt = prepare (self, sort_keys_current (self)
                        ? "SELECT n.id, n.path, n.title, n.video_id, n.channel, k.key FROM notes n"
                          " LEFT JOIN sort_keys k ON k.id = n.id ORDER BY n.id"
                        : "SELECT id, path, title, video_id, channel, NULL FROM notes ORDER BY id");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LecNoteInfo *info = note_info_new (self, (const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3),
                                         (const char *) sqlite3_column_text (stmt, 4),
                                         (const char *) sqlite3_column_text (stmt, 5));

      if (ids != NULL)
        g_array_append_val (ids, id);
      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), info);
      g_ptr_array_add (notes, info);
    }
  sqlite3_finalize (stmt);

  /* Aliases join through the notes they name. */
  stmt = prepare (self, "SELECT note_id, alias FROM aliases");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LecNoteInfo *info = g_hash_table_lookup (by_id, &id);
      GPtrArray *list;

      if (info == NULL)
        continue;
      list = g_hash_table_lookup (aliases, info);
      if (list == NULL)
        g_hash_table_insert (aliases, info, list = g_ptr_array_new_with_free_func (g_free));
      g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, aliases);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (value, NULL);
      lec_note_info_set_aliases (key, (const char * const *) ((GPtrArray *) value)->pdata);
    }

  return notes;
}

static int
compare_info_ptrs (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return lec_note_info_compare (*(LecNoteInfo **) a, *(LecNoteInfo **) b, NULL);
}

/* How links resolve against the notes the index holds now: the notes'
 * paths, titles and aliases, and the attachments. Kept from one update
 * to the next and changed note by note as notes are written and removed
 * (remade when the attachments change, or another connection wrote). */
typedef struct
{
  gint64       id;
  LecNoteInfo *info;
} Known;

static void
known_free (Known *k)
{
  g_object_unref (k->info);
  g_free (k);
}

struct _Resolver
{
  gint64        data_version; /* of the connection, when made */
  GPtrArray    *attachments;
  LecLinkTable *table;        /* made at the first resolution (resolver_table()) */
  GHashTable   *by_id;        /* gint64 * in Known → Known */
  GHashTable   *by_path;      /* path → Known */
  GPtrArray    *sorted;       /* the entries in list order, made when asked for */
};

/* Forgets the note @id (as it was added). */
static void
resolver_remove (Resolver *r,
                 gint64    id)
{
  Known *k = g_hash_table_lookup (r->by_id, &id);

  if (k == NULL)
    return;
  g_clear_pointer (&r->sorted, g_ptr_array_unref);
  if (r->table != NULL)
    lec_link_table_remove_note (r->table, k->info);
  g_hash_table_remove (r->by_path, lec_note_info_get_path (k->info));
  g_hash_table_remove (r->by_id, &k->id);
}

/* Adds the note @id, or puts @info in place of what it was. */
static void
resolver_put (Resolver    *r,
              gint64       id,
              LecNoteInfo *info)
{
  Known *k = g_new (Known, 1);

  resolver_remove (r, id);
  g_clear_pointer (&r->sorted, g_ptr_array_unref);
  k->id = id;
  k->info = g_object_ref (info);
  if (r->table != NULL)
    lec_link_table_add_note (r->table, info);
  g_hash_table_insert (r->by_id, &k->id, k);
  g_hash_table_insert (r->by_path, (gpointer) lec_note_info_get_path (info), k);
}

static gpointer
ref_object (gconstpointer object,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/* @r's entries in list order (by title, as lec_note_info_compare() has
 * it), kept until a note comes or goes. */
static GPtrArray *
resolver_sorted (Resolver *r)
{
  if (r->sorted == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      r->sorted = g_ptr_array_new_full (g_hash_table_size (r->by_id), g_object_unref);
      g_hash_table_iter_init (&iter, r->by_id);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (r->sorted, g_object_ref (((Known *) value)->info));
      g_ptr_array_sort_with_data (r->sorted, compare_info_ptrs, NULL);
    }
  return r->sorted;
}

static Resolver *
resolver_new (LecIndex  *self,
              GPtrArray *attachments)
{
  Resolver *r = g_new0 (Resolver, 1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) infos = load_notes (self, ids);

  r->attachments = attachments != NULL ? g_ptr_array_ref (attachments) : NULL;
  r->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) known_free);
  r->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < infos->len; i++)
    {
      Known *k = g_new (Known, 1);

      k->id = g_array_index (ids, gint64, i);
      k->info = g_object_ref (infos->pdata[i]);
      g_hash_table_insert (r->by_id, &k->id, k);
      g_hash_table_insert (r->by_path, (gpointer) lec_note_info_get_path (k->info), k);
    }
  return r;
}

static void
resolver_free (Resolver *r)
{
  g_hash_table_unref (r->by_path);
  g_hash_table_unref (r->by_id);
  g_clear_pointer (&r->sorted, g_ptr_array_unref);
  g_clear_pointer (&r->table, lec_link_table_unref);
  g_clear_pointer (&r->attachments, g_ptr_array_unref);
  g_free (r);
}

/* The link table of @r's notes, made now if need be: listing the notes
 * (reopening a vault) does not need it. */
static LecLinkTable *
resolver_table (Resolver *r)
{
  if (r->table == NULL)
    {
      g_autoptr(GPtrArray) infos = g_ptr_array_new_full (g_hash_table_size (r->by_id), NULL);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, r->by_id);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (infos, ((Known *) value)->info);
      r->table = lec_link_table_new (infos, r->attachments);
    }
  return r->table;
}

/* SQLite's count of commits by other connections (lectern-cli, another
 * window) to the index file. */
static gint64
data_version (LecIndex *self)
{
  sqlite3_stmt *stmt = prepare (self, "PRAGMA data_version");
  gint64 version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;

  sqlite3_finalize (stmt);
  return version;
}

/* The index's resolver, made anew when there is none or another
 * connection wrote to the index since. */
static Resolver *
ensure_resolver (LecIndex  *self,
                 GPtrArray *attachments)
{
  gint64 version = data_version (self);

  if (self->resolver != NULL && self->resolver->data_version != version)
    g_clear_pointer (&self->resolver, resolver_free);
  if (self->resolver == NULL)
    {
      self->resolver = resolver_new (self, attachments);
      self->resolver->data_version = version;
    }
  return self->resolver;
}

typedef struct
{
  LecIndex *self;
  Disk     *disk;
} Meanwhile;

/* While the walk's threads look at the files: the notes the index holds,
 * to compare with what the walk finds, and their entries, which listing
 * them after the update needs (together, most of the time of reopening a
 * vault of 25,000 notes, done on the core the walk leaves). The
 * attachments come with the walk. */
static void
walk_meanwhile (gpointer user_data)
{
  Meanwhile *m = user_data;
  Disk *disk = m->disk;
  sqlite3_stmt *stmt = prepare (m->self, "SELECT path, size, mtime, inode FROM notes");
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Indexed));
  GPtrArray *paths = g_ptr_array_new ();

  disk->indexed_paths = g_string_chunk_new (64 * 1024);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      Indexed in = {
        (guint64) sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
        (guint64) sqlite3_column_int64 (stmt, 3),
        FALSE,
      };

      g_ptr_array_add (paths, g_string_chunk_insert (disk->indexed_paths,
                                                     (const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (rows, in);
    }
  sqlite3_finalize (stmt);

  /* The rows stay where they are once all are read. */
  disk->indexed_rows = (Indexed *) g_array_free (rows, FALSE);
  disk->indexed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < paths->len; i++)
    g_hash_table_insert (disk->indexed, paths->pdata[i], &disk->indexed_rows[i]);
  g_ptr_array_unref (paths);

  /* Sorted now too, for the listing that follows. */
  resolver_sorted (ensure_resolver (m->self, NULL));
}

/* Keeps @r (made for what the database holds now) as the resolver. */
static void
resolver_keep (LecIndex *self,
               Resolver *r)
{
  g_clear_pointer (&self->resolver, resolver_free);
  self->resolver = r;
  if (r != NULL)
    r->data_version = data_version (self);
}

/* The id of the note @target leads to from the note at @from_path, or -1
 * (a topic, or a file that is not a note). */
static gint64
resolver_lookup (Resolver   *r,
                 const char *target,
                 const char *from_path)
{
  g_autofree char *path = lec_link_table_resolve (resolver_table (r), target, from_path);
  Known *k = path != NULL ? g_hash_table_lookup (r->by_path, path) : NULL;

  return k != NULL ? k->id : -1;
}

/* The links to resolve again, as resolve_rows() reads them: rowid, target,
 * the linking note's path, where it leads now, the linking note's id. */
#define LINK_ROWS "SELECT l.rowid, l.target, n.path, l.resolved, l.note_id FROM links l JOIN notes n ON n.id = l.note_id"

/* Resolves again the links a LINK_ROWS query gives, and writes those that
 * now lead elsewhere. */
static gboolean
resolve_rows (LecIndex      *self,
              Resolver      *r,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  sqlite3_stmt *update = prepare (self, "UPDATE links SET resolved = ?1 WHERE rowid = ?2");
  gboolean ok = TRUE;

  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = resolver_lookup (r, (const char *) sqlite3_column_text (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 2));
      gint64 old = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);

      if (id == old)
        continue;
      if (id >= 0)
        sqlite3_bind_int64 (update, 1, id);
      else
        sqlite3_bind_null (update, 1);
      sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (stmt, 0));
      ok = step_done (self, update, error);
      topics_changed (self, sqlite3_column_int64 (stmt, 4));
    }
  sqlite3_reset (stmt);
  sqlite3_finalize (update);
  return ok;
}

/* Re-resolves every link against the vault as it is now: a note added,
 * removed or renamed anywhere, or given another title or aliases, can
 * change where any link leads. With @remake, against a resolver made
 * anew (the attachments changed). */
static gboolean
resolve_links (LecIndex    *self,
               gboolean     remake,
               GPtrArray   *attachments,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (remake)
    g_clear_pointer (&self->resolver, resolver_free);
  stmt = prepare (self, LINK_ROWS);
  ok = resolve_rows (self, ensure_resolver (self, attachments), stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Resolves again the links @sql (LINK_ROWS and a condition) selects for
 * each of @ids, bound as ?1. */
static gboolean
resolve_links_for_ids (LecIndex    *self,
                       Resolver    *r,
                       const char  *sql,
                       GArray      *ids,
                       GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql);
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      ok = resolve_rows (self, r, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Resolves the links of the notes @ids only: when no note's name changed,
 * every other link still leads where it did (a note written again keeps
 * its id). At 25,000 notes, resolving them all took 0.7 s. */
static gboolean
resolve_links_of (LecIndex   *self,
                  GArray     *ids,
                  GPtrArray  *attachments,
                  GError    **error)
{
  return resolve_links_for_ids (self, ensure_resolver (self, attachments),
                                LINK_ROWS " WHERE l.note_id = ?1",
                                ids, error);
}

/* After notes were only removed (and others perhaps written again, with
 * the same names): a link that led elsewhere still does, since the note
 * it chose is still there and was preferred to the removed ones. Only the
 * links that led to a removed note, and those of the notes written, are
 * resolved again, against the notes left. */
static gboolean
resolve_after_removal (LecIndex   *self,
                       GArray     *removed,
                       GArray     *written,
                       GPtrArray  *attachments,
                       GError    **error)
{
  return resolve_links_for_ids (self, ensure_resolver (self, attachments),
                                LINK_ROWS " WHERE l.resolved = ?1",
                                removed, error) &&
         resolve_links_of (self, written, attachments, error);
}

/* The slugs under which links could find a note with these names, added
 * to @keys: its file name (with and without ".md", as a target can carry
 * it), its title and its aliases. For plain ASCII, any link target that
 * the link table could match to the note by name or slug has one of these
 * slugs (folding and slugs agree on ASCII); targets with a "/" or any
 * other byte are resolved again whatever their slug. FALSE when a name is
 * not plain ASCII: case folding and slugs part ways there (ß). */
static gboolean
add_name_keys (GPtrArray          *keys,
               const char         *path,
               const char         *title,
               const char * const *aliases)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_str_has_suffix (base, ".md") ? g_strndup (base, strlen (base) - 3) : g_strdup (base);
  const char *names[] = { path, name, title };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_str_is_ascii (names[i]))
      return FALSE;
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    if (!g_str_is_ascii (aliases[i]))
      return FALSE;

  {
    g_autofree char *with_md = g_strconcat (name, ".md", NULL);

    g_ptr_array_add (keys, lec_slugify (name));
    g_ptr_array_add (keys, lec_slugify (with_md));
  }
  g_ptr_array_add (keys, lec_slugify (title));
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    g_ptr_array_add (keys, lec_slugify (aliases[i]));
  return TRUE;
}

/* After notes were added, or given other names: the links that led to
 * the renamed ones (@moved), and those that could find an added or renamed
 * one by its new names (@keys, see add_name_keys()), are resolved again;
 * every other link still leads where it did. With the links of the notes
 * written. */
static gboolean
resolve_after_names (LecIndex   *self,
                     GArray     *moved,
                     GPtrArray  *keys,
                     GArray     *written,
                     GPtrArray  *attachments,
                     GError    **error)
{
  /* One pass over the links without the join: at 25,000 notes, 70 ms
   * with the join and the test for odd targets in SQL, 30 without. */
  g_autoptr(GString) sql = g_string_new (LINK_ROWS " WHERE l.rowid IN (SELECT rowid FROM links"
                                         " WHERE odd OR coalesce (slug, target) IN (");
  sqlite3_stmt *stmt;
  gboolean ok;

  for (guint i = 0; i < keys->len; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append (sql, "))");

  if (!resolve_after_removal (self, moved, written, attachments, error))
    return FALSE;
  stmt = prepare (self, sql->str);
  for (guint i = 0; i < keys->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, keys->pdata[i], -1, SQLITE_STATIC);
  ok = resolve_rows (self, ensure_resolver (self, attachments), stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* The links a first build held back are resolved on a thread of their own
 * while this one writes those already resolved: each half takes about as
 * long as the other. */
typedef struct
{
  Resolver   *resolver;
  GArray     *held;
  gint64     *to;      /* the note each held link leads to, or -1 */
  GMutex      lock;
  GCond       cond;
  guint       done;    /* links resolved so far; under the lock */
  gboolean    stop;    /* the writer gave up; under the lock */
} Resolving;

#define RESOLVE_STEP 1024

static gpointer
resolve_held (gpointer data)
{
  Resolving *rs = data;

  for (guint i = 0; i < rs->held->len; i++)
    {
      const HeldLink *h = &g_array_index (rs->held, HeldLink, i);
      Known *k = g_hash_table_lookup (rs->resolver->by_id, &h->note_id);
      const char *from = k != NULL ? lec_note_info_get_path (k->info) : NULL;
      gboolean stop;

      rs->to[i] = from != NULL ? resolver_lookup (rs->resolver, h->row.target, from) : -1;
      if ((i + 1) % RESOLVE_STEP != 0 && i + 1 != rs->held->len)
        continue;

      g_mutex_lock (&rs->lock);
      rs->done = i + 1;
      stop = rs->stop;
      g_cond_signal (&rs->cond);
      g_mutex_unlock (&rs->lock);
      if (stop)
        break;
    }
  return NULL;
}

/* Writes the links a first build held back, each resolved. */
static gboolean
write_held_links (LecIndex    *self,
                  GArray      *held,
                  GPtrArray   *attachments,
                  GError     **error)
{
  g_autofree gint64 *to = g_new (gint64, MAX (held->len, 1));
  Resolving rs = { NULL, held, to };
  GThread *thread;
  sqlite3_stmt *insert;
  gboolean ok = TRUE;
  guint ready = 0;

  g_clear_pointer (&self->resolver, resolver_free);
  rs.resolver = ensure_resolver (self, attachments);
  resolver_table (rs.resolver);  /* before the thread uses it */

  g_mutex_init (&rs.lock);
  g_cond_init (&rs.cond);
  thread = g_thread_new ("lec-resolve", resolve_held, &rs);

  insert = prepare (self, "INSERT INTO links (note_id, target, heading, embed, slug, resolved, odd)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (guint i = 0; i < held->len && ok; i++)
    {
      const HeldLink *h = &g_array_index (held, HeldLink, i);

      if (i == ready)
        {
          g_mutex_lock (&rs.lock);
          while (rs.done <= i)
            g_cond_wait (&rs.cond, &rs.lock);
          ready = rs.done;
          g_mutex_unlock (&rs.lock);
        }

      sqlite3_bind_int64 (insert, 1, h->note_id);
      sqlite3_bind_text (insert, 2, h->row.target, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, h->row.heading, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 4, h->row.embed);
      sqlite3_bind_text (insert, 5, h->row.slug, -1, SQLITE_STATIC);
      if (to[i] >= 0)
        sqlite3_bind_int64 (insert, 6, to[i]);
      else
        sqlite3_bind_null (insert, 6);
      if (h->row.odd)
        sqlite3_bind_int (insert, 7, 1);
      ok = step_done (self, insert, error);
    }
  sqlite3_finalize (insert);

  g_mutex_lock (&rs.lock);
  rs.stop = TRUE;
  g_mutex_unlock (&rs.lock);
  g_thread_join (thread);
  g_mutex_clear (&rs.lock);
  g_cond_clear (&rs.cond);
  return ok;
}

/* The topics and their counts, kept from one listing to the next and
 * brought up to date note by note: counting every link again took 0.15 s
 * per update at 25,000 notes. A topic is a note links lead to, or the
 * slug (else the target) of links that lead nowhere. */
typedef struct
{
  gint64  to;         /* the note it is, or -1 */
  char   *key;        /* else its slug or target */
  char   *name;       /* and the name people read, made once */
  guint   notes;      /* the notes that mention it */
  gint64  last_note;  /* the last note counted; while counting */
} Topic;

/* The distinct topics one note mentions. */
typedef struct
{
  gint64     id;
  GPtrArray *topics;  /* Topic, borrowed */
} Mentions;

struct _Topics
{
  gint64      data_version;  /* of the connection, when counted */
  GHashTable *resolved;      /* gint64 * in Topic → Topic */
  GHashTable *open;          /* key in Topic → Topic */
  GHashTable *by_note;       /* gint64 * in Mentions → Mentions */
  GHashTable *changed;       /* gint64 ids whose links an update changed */
};

static void
topic_struct_free (Topic *t)
{
  g_free (t->key);
  g_free (t->name);
  g_free (t);
}

static void
mentions_free (Mentions *m)
{
  g_ptr_array_unref (m->topics);
  g_free (m);
}

static void
topics_free (Topics *t)
{
  g_hash_table_unref (t->by_note);
  g_hash_table_unref (t->resolved);
  g_hash_table_unref (t->open);
  g_clear_pointer (&t->changed, g_hash_table_unref);
  g_free (t);
}

/* Counts the link of note @m to @to (a note id, or -1) or @key once per
 * note: a note's links come one after another. */
static void
topics_count (Topics     *t,
              Mentions   *m,
              gint64      to,
              const char *key)
{
  Topic *topic = to >= 0 ? g_hash_table_lookup (t->resolved, &to) : g_hash_table_lookup (t->open, key);

  if (topic == NULL)
    {
      topic = g_new0 (Topic, 1);
      topic->to = to;
      topic->key = to >= 0 ? NULL : g_strdup (key);
      topic->name = to >= 0 ? NULL : lec_humanize_slug (key);
      topic->last_note = -1;
      if (to >= 0)
        g_hash_table_insert (t->resolved, &topic->to, topic);
      else
        g_hash_table_insert (t->open, topic->key, topic);
    }
  if (topic->last_note == m->id)
    return;
  topic->last_note = m->id;
  topic->notes++;
  g_ptr_array_add (m->topics, topic);
}

static Mentions *
topics_mentions (Topics *t,
                 gint64  id)
{
  Mentions *m = g_hash_table_lookup (t->by_note, &id);

  if (m == NULL)
    {
      m = g_new0 (Mentions, 1);
      m->id = id;
      m->topics = g_ptr_array_new ();
      g_hash_table_insert (t->by_note, &m->id, m);
    }
  return m;
}

/* Counts the link row @stmt stands on (resolved, slug or target) for
 * note @id. */
static void
topics_count_row (Topics       *t,
                  gint64        id,
                  sqlite3_stmt *stmt,
                  int           column)
{
  gboolean resolved = sqlite3_column_type (stmt, column) != SQLITE_NULL;
  const char *key = (const char *) sqlite3_column_text (stmt, column + 1);

  if (resolved)
    topics_count (t, topics_mentions (t, id), sqlite3_column_int64 (stmt, column), NULL);
  else if (key != NULL && *key != '\0')
    topics_count (t, topics_mentions (t, id), -1, key);
}

static Topics *
topics_new (LecIndex *self)
{
  Topics *t = g_new0 (Topics, 1);
  sqlite3_stmt *stmt;

  t->resolved = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) topic_struct_free);
  t->open = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) topic_struct_free);
  t->by_note = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) mentions_free);
  t->data_version = data_version (self);

  /* A note's links are written together, so in rowid order they come
   * together too: a topic's last counted note tells a new one. (SQL's
   * GROUP BY sorted every link: 0.6 s at 25,000 notes.) */
  stmt = prepare (self, "SELECT note_id, resolved, coalesce (slug, target) FROM links ORDER BY rowid");
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    topics_count_row (t, sqlite3_column_int64 (stmt, 0), stmt, 1);
  sqlite3_finalize (stmt);
  return t;
}

/* Counts again the links of the notes an update changed. */
static void
topics_refresh (LecIndex *self)
{
  Topics *t = self->topics;
  sqlite3_stmt *stmt = prepare (self, "SELECT resolved, coalesce (slug, target) FROM links WHERE note_id = ?1");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, t->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      Mentions *m = g_hash_table_lookup (t->by_note, &id);

      for (guint i = 0; m != NULL && i < m->topics->len; i++)
        {
          Topic *topic = m->topics->pdata[i];

          topic->last_note = -1;
          if (--topic->notes == 0)
            g_hash_table_remove (topic->to >= 0 ? t->resolved : t->open,
                                 topic->to >= 0 ? (gpointer) &topic->to : topic->key);
        }
      g_hash_table_remove (t->by_note, &id);

      sqlite3_bind_int64 (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        topics_count_row (t, id, stmt, 0);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_clear_pointer (&t->changed, g_hash_table_unref);
  t->data_version = data_version (self);
}

/* Notes the links of note @id as changed, for topics_refresh(). */
static void
topics_changed (LecIndex *self,
                gint64    id)
{
  if (self->topics == NULL || self->topics->changed == NULL)
    return;
  g_hash_table_add (self->topics->changed, g_memdup2 (&id, sizeof id));
}

static guint
count (LecIndex   *self,
       const char *sql)
{
  sqlite3_stmt *stmt = prepare (self, sql);
  guint n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
fill_stats (LecIndex      *self,
            LecIndexStats *stats)
{
  stats->notes = count (self, "SELECT count(*) FROM notes");
  stats->bytes = count (self, "SELECT total(size) FROM notes");
  stats->links_resolved = count (self, "SELECT count(*) FROM links WHERE resolved IS NOT NULL");
  stats->links_unresolved = count (self, "SELECT count(*) FROM links WHERE resolved IS NULL");
  /* The notes links lead to, through the index on resolved, and the
   * targets of the rest: a third of the time of one DISTINCT over all. */
  stats->topics = count (self, "SELECT count(*) FROM (SELECT '#' || resolved FROM links WHERE resolved IS NOT NULL"
                               " GROUP BY resolved UNION SELECT coalesce (slug, target) FROM links"
                               " WHERE resolved IS NULL)");
  stats->timestamps = count (self, "SELECT total (length (timestamps)) / 8 FROM text");
  stats->videos = count (self, "SELECT count(DISTINCT video_id) FROM notes WHERE video_id IS NOT NULL");
  stats->channels = count (self, "SELECT count(DISTINCT channel) FROM notes WHERE channel IS NOT NULL");
  stats->warnings = self->problems->len;
}

/* For an update of the notes at @paths only (see lec_index_update_paths()):
 * those on disk and changed into @disk, those gone into @gone; the
 * attachments and folders are those the last update found. */
static void
gather_paths (LecIndex  *self,
              GPtrArray *paths,
              Disk      *disk,
              GPtrArray *gone)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT size, mtime, inode FROM notes WHERE path = ?1");
  g_autoptr(GPtrArray) touched = g_ptr_array_new ();

  g_ptr_array_unref (disk->attachments);
  disk->attachments = g_ptr_array_ref (self->attachments);
  g_ptr_array_unref (disk->folders);
  disk->folders = g_ptr_array_ref (self->folders);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      FileState *fs = NULL;

      if (lec_walk_file (self->root, path, disk_entry, disk))
        fs = g_hash_table_lookup (disk->notes, path);
      sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_ptr_array_add (touched, (gpointer) path);
      else if (fs == NULL)
        {
          g_ptr_array_add (gone, g_strdup (path));
          g_ptr_array_add (touched, (gpointer) path);
        }
      else if (fs->size == (guint64) sqlite3_column_int64 (stmt, 0) &&
               fs->mtime == sqlite3_column_int64 (stmt, 1) &&
               fs->inode == (guint64) sqlite3_column_int64 (stmt, 2))
        g_hash_table_remove (disk->notes, path);
      else
        {
          fs->indexed = TRUE;
          g_ptr_array_add (touched, (gpointer) path);
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  /* What was said of the notes read again or gone is said anew. */
  for (guint i = self->problems->len; i > 0; i--)
    {
      const char *problem = self->problems->pdata[i - 1];

      for (guint j = 0; j < touched->len; j++)
        {
          gsize n = strlen (touched->pdata[j]);

          if (strncmp (problem, touched->pdata[j], n) == 0 && problem[n] == ':' && problem[n + 1] == ' ')
            {
              g_ptr_array_remove_index (self->problems, i - 1);
              break;
            }
        }
    }
}

static gboolean
update_once (LecIndex          *self,
             GPtrArray         *paths,
             LecIndexProgress   progress,
             gpointer           progress_data,
             LecIndexStats     *stats,
             GCancellable      *cancellable,
             GError           **error)
{
  Disk disk = {
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) file_state_free),
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free),
  };
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncQueue) results = g_async_queue_new ();
  g_autoptr(GAsyncQueue) spent_jobs = g_async_queue_new ();
  Queues queues = { results, spent_jobs };
  Job *spent;
  g_autoptr(GArray) held_links = NULL;
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) name_keys = g_ptr_array_new_with_free_func (g_free);
  gboolean names_changed = FALSE, names_unusual = FALSE, attachments_changed;
  Meanwhile meanwhile = { self, &disk };
  Statements st = { 0 };
  GThreadPool *pool = NULL;
  sqlite3 *live = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE, fresh;
  guint next = 0, in_flight = 0, done = 0, max_in_flight, n_indexed = 0;
  guint n_threads = MAX (1, g_get_num_processors ());

  /* Where the time goes, for G_MESSAGES_DEBUG=lec-index. */
  gint64 t_start = g_get_monotonic_time (), t_walked, t_parsed, t_linked, t_waiting = 0, t_writing = 0;

  if (paths != NULL)
    {
      gather_paths (self, paths, &disk, gone);
      n_indexed = 1;
      t_walked = g_get_monotonic_time ();
      goto gathered;
    }

  g_ptr_array_set_size (self->problems, 0);
  lec_walk (self->root, disk_entry, &disk, self->problems, cancellable, walk_meanwhile, &meanwhile);
  /* A walk that could not start (a root without a local path) made no
   * call. */
  if (disk.indexed == NULL)
    walk_meanwhile (&meanwhile);
  t_walked = g_get_monotonic_time ();
  /* Made during the walk, the resolver did not know the attachments yet;
   * if they changed, the links are resolved with one made anew below. */
  if (self->resolver != NULL && self->resolver->attachments == NULL)
    self->resolver->attachments = g_ptr_array_ref (disk.attachments);

  /* What the walk did not find is gone. */
  {
    GHashTableIter iter;
    gpointer key, value;

    n_indexed = g_hash_table_size (disk.indexed);
    g_hash_table_iter_init (&iter, disk.indexed);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!((Indexed *) value)->seen)
        g_ptr_array_add (gone, g_strdup (key));
  }

gathered:
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, disk.notes);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (jobs, value);
  }

  /* Nothing changed, the commonest update: no transaction, no workers. */
  attachments_changed = paths == NULL && !same_attachments (self, disk.attachments);
  if (jobs->len == 0 && gone->len == 0 && !attachments_changed)
    {
      if (stats != NULL)
        stats->parsed = stats->removed = 0;
      goto out;
    }

  /* Row lengths are read again at the next search. */
  g_clear_pointer (&self->row_sizes, g_array_unref);

  fresh = n_indexed == 0 && jobs->len > 0;
  /* The resolver follows the notes as they are written and removed below;
   * one made before another connection wrote is thrown away. */
  if (fresh || (self->resolver != NULL && self->resolver->data_version != data_version (self)))
    g_clear_pointer (&self->resolver, resolver_free);
  /* So do the topics, through the notes whose links change. */
  if (fresh || (self->topics != NULL && self->topics->data_version != data_version (self)))
    g_clear_pointer (&self->topics, topics_free);
  if (self->topics != NULL)
    self->topics->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (fresh && !begin_build (self, &live, error))
    {
      ok = FALSE;
      goto out;
    }

  if (!exec (self, "BEGIN", error))
    {
      ok = fresh ? end_build (self, live, FALSE, NULL) : FALSE;
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (delete_sql); i++)
    st.deletes[i] = prepare (self, delete_sql[i]);
  st.insert_fts = prepare (self, "INSERT INTO fts (rowid, title, aliases, headings, tags, body)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

  st.old_note = prepare (self, "SELECT id, title FROM notes WHERE path = ?1");
  st.old_aliases = prepare (self, "SELECT alias FROM aliases WHERE note_id = ?1 ORDER BY rowid");

  for (guint i = 0; i < gone->len && ok; i++)
    {
      gint64 id = note_id (&st, gone->pdata[i], NULL, NULL);

      if (id >= 0)
        g_array_append_val (removed, id);
      if (id >= 0 && self->resolver != NULL)
        resolver_remove (self->resolver, id);
      topics_changed (self, id);
      ok = delete_note (self, st.deletes, gone->pdata[i], error);
    }

  st.insert_note = prepare (self, "INSERT INTO notes (id, path, title, video_id, channel, size, mtime, inode, words) "
                                  "VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.insert_sort_key = prepare (self, "INSERT OR REPLACE INTO sort_keys (id, key) VALUES (?1, ?2)");
  st.insert_link = prepare (self, "INSERT INTO links (note_id, target, heading, embed, slug, odd)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  st.insert_alias = prepare (self, "INSERT INTO aliases (note_id, alias) VALUES (?1, ?2)");
  st.insert_tag = prepare (self, "INSERT INTO tags (note_id, tag) VALUES (?1, ?2)");
  st.insert_video = prepare (self, "INSERT INTO videos (video_id, title, page_id) VALUES (?1, ?2, ?3)");
  if (fresh)
    {
      st.held_links = g_array_new (FALSE, FALSE, sizeof (HeldLink));
      g_array_set_clear_func (st.held_links, (GDestroyNotify) held_link_clear);
    }
  st.insert_text = prepare (self, "INSERT INTO text (id, title, aliases, headings, tags, body_z, timestamps)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

  /* Parse on every core; this thread alone writes. At most a few jobs
   * are in flight, so memory stays flat however large the vault. */
  pool = g_thread_pool_new (parse_job, &queues, (int) n_threads, FALSE, NULL);
  max_in_flight = n_threads * 4;

  while (ok && (next < jobs->len || in_flight > 0))
    {
      Job *job;

      while (next < jobs->len && in_flight < max_in_flight && !g_cancellable_is_cancelled (cancellable))
        {
          job = g_new0 (Job, 1);
          while (job->n < JOB_NOTES && next < jobs->len)
            job->states[job->n++] = jobs->pdata[next++];
          g_thread_pool_push (pool, job, NULL);
          in_flight++;
        }
      if (in_flight == 0)
        break;

      t_waiting -= g_get_monotonic_time ();
      job = g_async_queue_pop (queues.results);
      t_waiting += g_get_monotonic_time ();
      in_flight--;

      for (guint i = 0; i < job->n; i++)
        {
          Parsed *p = job->parsed[i];

          gint64 keep_id = -1, id;
          gboolean same_names = FALSE;

          /* A note its reader may no longer read keeps what the index
           * had of it (and its size and time, so the next update tries
           * again); a note gone is removed. */
          if (ok && p->state->indexed && !p->denied)
            {
              keep_id = old_note (&st, p, &same_names);
              ok = delete_note (self, st.deletes, p->state->path, error);
            }
          /* A new note, or one with another title or aliases, changes the
           * names links go by. */
          if (p->state->indexed && !p->parsed && !p->denied)
            {
              if (keep_id >= 0)
                g_array_append_val (removed, keep_id);
              if (keep_id >= 0 && self->resolver != NULL)
                resolver_remove (self->resolver, keep_id);
              topics_changed (self, keep_id);
            }
          else if (p->parsed && !same_names)
            {
              names_changed = TRUE;
              if (keep_id >= 0)
                g_array_append_val (removed, keep_id);
              if (!fresh && !add_name_keys (name_keys, p->state->path, p->title,
                                            (const char * const *) p->aliases))
                names_unusual = TRUE;
            }
          t_writing -= g_get_monotonic_time ();
          if (ok && p->parsed)
            {
              ok = insert_note (self, &st, p, keep_id, &id, error);
              if (ok && !fresh)
                g_array_append_val (written, id);
              if (ok)
                topics_changed (self, id);
              if (ok && self->resolver != NULL)
                {
                  g_autoptr(LecNoteInfo) info = parsed_info_new (self, p);

                  resolver_put (self->resolver, id, info);
                }
            }
          t_writing += g_get_monotonic_time ();
          g_ptr_array_extend_and_steal (self->problems, g_steal_pointer (&p->problems));

          /* Updates commit in batches so that a crash keeps what was
           * done; a first build is one transaction, as it is all or
           * nothing anyway. */
          if (++done % BATCH_SIZE == 0 && ok)
            {
              if (!fresh)
                ok = exec (self, "COMMIT", error) && exec (self, "BEGIN", error);
              if (progress != NULL)
                progress (done, jobs->len, progress_data);
            }
        }
      g_async_queue_push (queues.spent, job);
    }

  g_thread_pool_free (pool, FALSE, TRUE);
  /* Written jobs, and after a failure those never written. */
  while ((spent = g_async_queue_try_pop (queues.spent)) != NULL ||
         (spent = g_async_queue_try_pop (queues.results)) != NULL)
    job_free (spent);
  held_links = g_steal_pointer (&st.held_links);
  statements_clear (&st);
  t_parsed = g_get_monotonic_time ();

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  if (ok && attachments_changed)
    {
      ok = exec (self, "DELETE FROM files", error);
      stmt = prepare (self, "INSERT OR IGNORE INTO files (path) VALUES (?1)");
      for (guint i = 0; ok && i < disk.attachments->len; i++)
        {
          sqlite3_bind_text (stmt, 1, disk.attachments->pdata[i], -1, SQLITE_STATIC);
          ok = step_done (self, stmt, error);
        }
      sqlite3_finalize (stmt);
    }
  if (ok && held_links != NULL)
    ok = write_held_links (self, held_links, disk.attachments, error);
  else if (ok && (names_unusual || attachments_changed))
    ok = resolve_links (self, attachments_changed, disk.attachments, error);
  else if (ok && names_changed)
    ok = resolve_after_names (self, removed, name_keys, written, disk.attachments, error);
  else if (ok && removed->len > 0)
    ok = resolve_after_removal (self, removed, written, disk.attachments, error);
  else if (ok && written->len > 0)
    ok = resolve_links_of (self, written, disk.attachments, error);

  t_linked = g_get_monotonic_time ();
  if (ok && fresh)
    ok = exec (self, schema_indexes, error);

  if (ok)
    ok = exec (self, "COMMIT", error);
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* What failed may have made them from rows that are not there now. */
  if (!ok)
    {
      g_clear_pointer (&self->resolver, resolver_free);
      g_clear_pointer (&self->topics, topics_free);
    }
  else if (self->topics != NULL)
    topics_refresh (self);

  if (fresh)
    ok = end_build (self, live, ok, ok ? error : NULL);
  g_debug ("%u notes parsed: walk %d ms, parse and write %d ms (the writer waited %d ms and wrote %d ms), "
           "links %d ms, the rest %d ms",
           jobs->len, (int) ((t_walked - t_start) / 1000), (int) ((t_parsed - t_walked) / 1000),
           (int) (t_waiting / 1000), (int) (t_writing / 1000), (int) ((t_linked - t_parsed) / 1000),
           (int) ((g_get_monotonic_time () - t_linked) / 1000));

  if (progress != NULL && ok)
    progress (done, jobs->len, progress_data);

  if (stats != NULL)
    {
      stats->parsed = done;
      stats->removed = gone->len;
    }

out:
  g_hash_table_unref (disk.notes);
  g_clear_pointer (&disk.indexed, g_hash_table_unref);
  g_clear_pointer (&disk.indexed_paths, g_string_chunk_free);
  g_free (disk.indexed_rows);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  self->attachments = disk.attachments;
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  self->folders = disk.folders;
  return ok;
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
      g_clear_pointer (&resolver, resolver_free);
      self->in_memory = TRUE;
      open_db (self, NULL);
      return;
    }
  resolver_keep (self, resolver);
  g_clear_pointer (&self->notice, g_free);
  g_message ("The index was saved to %s", self->db_path);
}

/* lec_index_update() for @paths only, or the whole vault (NULL). */
static gboolean
update (LecIndex          *self,
        GPtrArray         *paths,
        LecIndexProgress   progress,
        gpointer           progress_data,
        LecIndexStats     *stats,
        GCancellable      *cancellable,
        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 start = g_get_monotonic_time ();
  LecIndexStats local = { 0 };

  if (!lec_walk_check_root (self->root, error))
    return FALSE;

  if (self->in_memory && g_get_monotonic_time () >= self->save_after)
    save_to_file (self);
  self->failed_rc = SQLITE_OK;

  /* Damage a search or a listing saw: start over. */
  if (self->damaged && !rebuild (self, error))
    return FALSE;

  /* Sort keys of another collation (another locale, or lectern-cli run
   * in another) are made anew before anything else is written. */
  if ((!sort_keys_current (self) && !write_sort_keys (self, &local_error)) ||
      !update_once (self, paths, progress, progress_data, &local, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Damage that showed only now: start over from an empty index. A
       * file that cannot be written: on from memory. */
      if (is_damage (sqlite3_extended_errcode (self->db)) || is_damage (self->failed_rc))
        {
          if (!rebuild (self, error))
            return FALSE;
        }
      else if (!self->in_memory && is_unsavable (self->failed_rc))
        {
          if (!keep_in_memory (self, self->failed_rc, error))
            return FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!update_once (self, NULL, progress, progress_data, &local, cancellable, error))
        return FALSE;
    }

  if (stats != NULL)
    {
      fill_stats (self, &local);
      local.elapsed_ms = (g_get_monotonic_time () - start) / 1000;
      *stats = local;
    }
  return TRUE;
}

/**
 * lec_index_update:
 * @progress: (nullable): told how many changed notes are done, of how many
 * @stats: (out) (optional): what the index holds afterwards
 *
 * Brings the index up to date with the vault: new and changed notes are
 * parsed (on every core), deleted ones removed, unchanged ones only
 * checked by size, modification time and inode. Links are resolved again
 * whenever anything changed. Damage found on the way rebuilds the index.
 */
gboolean
lec_index_update (LecIndex          *self,
                  LecIndexProgress   progress,
                  gpointer           progress_data,
                  LecIndexStats     *stats,
                  GCancellable      *cancellable,
                  GError           **error)
{
  g_return_val_if_fail (LEC_IS_INDEX (self), FALSE);

  return update (self, NULL, progress, progress_data, stats, cancellable, error);
}

/* Whether any part of @path is hidden (".git/x", "a/.trash/b.md"): the
 * walk never enters those. */
static gboolean
is_hidden_path (const char *path)
{
  for (const char *p = path; p != NULL; p = strchr (p, '/'))
    {
      if (*p == '/')
        p++;
      if (*p == '.')
        return TRUE;
    }
  return FALSE;
}

/* The notes among @paths, when all of @paths that matter are notes (on
 * disk or gone) in folders the last update found; FALSE when any is a
 * folder, an attachment, a link, or in a folder not seen before. */
static gboolean
note_paths (LecIndex   *self,
            GPtrArray  *paths,
            GPtrArray **notes)
{
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *root_path = g_file_get_path (self->root);

  *notes = g_ptr_array_new_with_free_func (g_free);
  if (root_path == NULL)
    return FALSE;
  g_hash_table_add (folders, (gpointer) ".");
  for (guint i = 0; i < self->folders->len; i++)
    g_hash_table_add (folders, self->folders->pdata[i]);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *abs = g_build_filename (root_path, path, NULL);
      struct stat st;

      if (*path == '\0' || is_hidden_path (path))
        continue;
      if (g_hash_table_contains (folders, path) || !g_hash_table_contains (folders, folder) ||
          lec_path_is_attachment (name))
        return FALSE;
      if (lstat (abs, &st) == 0)
        {
          if (!S_ISREG (st.st_mode))
            return FALSE;
        }
      else if (errno != ENOENT)
        return FALSE;
      if (lec_path_is_note (name))
        g_ptr_array_add (*notes, g_strdup (path));
    }
  return TRUE;
}

/**
 * lec_index_update_paths:
 * @paths: (element-type utf8): vault paths the folder monitors saw change
 *
 * As lec_index_update(), but when every one of @paths that matters is a
 * note in a folder the last update found, only those notes are looked at:
 * no walk of the vault. Anything else (a folder, an attachment, a link, a
 * new folder), or no update before, takes a full one.
 */
gboolean
lec_index_update_paths (LecIndex          *self,
                        GPtrArray         *paths,
                        LecIndexProgress   progress,
                        gpointer           progress_data,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(GPtrArray) notes = NULL;

  g_return_val_if_fail (LEC_IS_INDEX (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  if (self->attachments == NULL || self->folders == NULL || !note_paths (self, paths, &notes))
    return update (self, NULL, progress, progress_data, NULL, cancellable, error);
  if (notes->len == 0)
    return TRUE;
  return update (self, notes, progress, progress_data, NULL, cancellable, error);
}

/* --- search ----------------------------------------------------------------- */

static void
append_fts_string (GString    *q,
                   const char *word,
                   gssize      len,
                   gboolean    prefix)
{
  g_string_append_c (q, '"');
  for (gssize i = 0; i < len; i++)
    {
      if (word[i] == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, word[i]);
    }
  g_string_append_c (q, '"');
  if (prefix)
    g_string_append_c (q, '*');
}

/**
 * lec_index_build_query:
 * @text: what the user typed
 *
 * Turns a search as people type it into an FTS5 query: every word must
 * match, "quoted words" match as a phrase, and the last word matches as a
 * prefix while it is being typed. Everything is quoted, so no input is a
 * syntax error: AND, NEAR, *, ( and " are only words.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL for no words
 */
char *
lec_index_build_query (const char *text)
{
  g_autoptr(GString) q = g_string_new (NULL);
  const char *p = text;
  const char *last_start = NULL;
  gsize last_len = 0;
  gboolean last_is_word = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (last_start != NULL)
        {
          if (q->len > 0)
            g_string_append_c (q, ' ');
          append_fts_string (q, last_start, last_len, FALSE);
          last_start = NULL;
        }

      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');

          start = p + 1;
          if (end == NULL)
            end = start + strlen (start);
          if (end > start)
            {
              if (q->len > 0)
                g_string_append_c (q, ' ');
              append_fts_string (q, start, end - start, FALSE);
            }
          p = *end == '"' ? end + 1 : end;
          last_is_word = FALSE;
          continue;
        }

      start = p;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"')
        p++;
      last_start = start;
      last_len = (gsize) (p - start);
      last_is_word = TRUE;
    }

  if (last_start != NULL)
    {
      if (q->len > 0)
        g_string_append_c (q, ' ');
      append_fts_string (q, last_start, last_len, last_is_word);
    }

  if (q->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&q), FALSE);
}

/* Where in @column the match is, as a word position (or -1): the first
 * occurrence of the query's rarest word in the note, the one that carries
 * the meaning ("bucket" rather than "light" in "light bucket"). */
static int
first_hit_offset (const Fts5ExtensionApi *api,
                  Fts5Context            *fts,
                  int                     column)
{
  int n_phrases = api->xPhraseCount (fts);
  int n = 0, best_phrase = -1;
  g_autofree int *counts = g_new0 (int, MAX (n_phrases, 1));
  g_autofree int *firsts = g_new (int, MAX (n_phrases, 1));

  for (int i = 0; i < n_phrases; i++)
    firsts[i] = -1;
  if (api->xInstCount (fts, &n) != SQLITE_OK)
    n = 0;
  for (int i = 0; i < n; i++)
    {
      int phrase, col, offset;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column ||
          phrase < 0 || phrase >= n_phrases)
        continue;
      counts[phrase]++;
      if (firsts[phrase] < 0 || offset < firsts[phrase])
        firsts[phrase] = offset;
    }

  for (int i = 0; i < n_phrases; i++)
    if (counts[i] > 0 && (best_phrase < 0 || counts[i] < counts[best_phrase]))
      best_phrase = i;
  return best_phrase >= 0 ? firsts[best_phrase] : -1;
}

/* lec_first_hit(fts, column): first_hit_offset(), to place the match among
 * the note's timestamps. */
static void
first_hit (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           sqlite3_context        *ctx,
           int                     n_values,
           sqlite3_value         **values)
{
  int column = n_values > 0 ? sqlite3_value_int (values[0]) : 0;

  sqlite3_result_int (ctx, first_hit_offset (api, fts, column));
}

/* The words lec_snippet() may show: their byte ranges in the text, from
 * word @first on. */
typedef struct
{
  int     first;
  int     limit;    /* words past first + limit are not needed */
  int     index;    /* words seen */
  int     before;   /* where the word before @first ends, or 0 */
  GArray *starts;
  GArray *ends;
} SnippetWords;

static int
snippet_word (void       *user_data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  SnippetWords *w = user_data;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  if (w->index >= w->first + w->limit)
    return SQLITE_DONE;
  if (w->index + 1 == w->first)
    w->before = end;
  if (w->index >= w->first)
    {
      g_array_append_val (w->starts, start);
      g_array_append_val (w->ends, end);
    }
  w->index++;
  return SQLITE_OK;
}

/* Whether word @i of @w begins a sentence: the text before it, back to the
 * word before, ends one. */
static gboolean
starts_sentence (SnippetWords *w,
                 const char   *text,
                 guint         i)
{
  int from = i > 0 ? g_array_index (w->ends, int, i - 1) : w->before;
  int to = g_array_index (w->starts, int, i);

  if (w->first + (int) i == 0)
    return TRUE;
  for (int j = from; j < to; j++)
    if (text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '\n')
      return TRUE;
  return FALSE;
}

/* lec_snippet(fts, column, open, close, ellipsis, words): like FTS5's
 * snippet(), @words words of @column with the matched ones between @open
 * and @close, around the place lec_first_hit() names, from the start of
 * its sentence when that is near. snippet() reads the whole text twice to
 * score every window; this one stops at the last word it shows, which
 * made a search with twenty hits a third faster. */
static void
snippet_func (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              sqlite3_context        *ctx,
              int                     n_values,
              sqlite3_value         **values)
{
  int column, n_words, hit, n_inst = 0, len = 0, rc;
  const char *open, *close, *ellipsis, *text = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *marked = NULL;
  SnippetWords w;
  GString *out;
  guint from, to;

  if (n_values != 5)
    {
      sqlite3_result_error (ctx, "lec_snippet: wrong number of arguments", -1);
      return;
    }
  column = sqlite3_value_int (values[0]);
  open = (const char *) sqlite3_value_text (values[1]);
  close = (const char *) sqlite3_value_text (values[2]);
  ellipsis = (const char *) sqlite3_value_text (values[3]);
  n_words = CLAMP (sqlite3_value_int (values[4]), 1, 64);
  if (open == NULL || close == NULL || ellipsis == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }

  rc = api->xColumnText (fts, column, &text, &len);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  if (text == NULL || len == 0)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }

  /* The words from most of a snippet before the hit to a snippet after
   * it. */
  hit = first_hit_offset (api, fts, column);
  w.first = MAX (0, hit - MAX (n_words - 4, 0));
  w.limit = hit < 0 ? n_words : hit - w.first + n_words;
  w.index = 0;
  w.before = 0;
  w.starts = starts;
  w.ends = ends;
  rc = api->xTokenize (fts, text, len, &w, snippet_word);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  if (starts->len == 0)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }

  /* From the start of the hit's sentence if it is among them, else a
   * quarter of a snippet before the hit. */
  from = 0;
  if (hit >= 0)
    {
      guint at = MIN ((guint) (hit - w.first), starts->len - 1);

      from = at > (guint) n_words / 4 ? at - (guint) n_words / 4 : 0;
      for (guint i = at + 1; i-- > 0; )
        if (starts_sentence (&w, text, i))
          {
            from = i;
            break;
          }
    }
  to = MIN (starts->len, from + (guint) n_words);

  /* The matched words among those shown. */
  marked = g_new0 (gboolean, to - from);
  if (api->xInstCount (fts, &n_inst) != SQLITE_OK)
    n_inst = 0;
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, col, offset, size;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column)
        continue;
      size = api->xPhraseSize (fts, phrase);
      for (int k = offset; k < offset + MAX (size, 1); k++)
        if (k >= w.first + (int) from && k < w.first + (int) to)
          marked[k - w.first - (int) from] = TRUE;
    }

  out = g_string_new (NULL);
  if (w.first + (int) from > 0)
    g_string_append (out, ellipsis);
  for (guint i = from; i < to; i++)
    {
      int start = g_array_index (starts, int, i), end = g_array_index (ends, int, i);

      if (i > from)
        g_string_append_len (out, text + g_array_index (ends, int, i - 1),
                             start - g_array_index (ends, int, i - 1));
      if (marked[i - from] && (i == from || !marked[i - from - 1]))
        g_string_append (out, open);
      g_string_append_len (out, text + start, end - start);
      if (marked[i - from] && (i + 1 == to || !marked[i - from + 1]))
        g_string_append (out, close);
    }
  /* The text after the last word, or the sign that there is more. */
  if (to == starts->len && rc == SQLITE_OK)
    g_string_append_len (out, text + g_array_index (ends, int, to - 1),
                         len - g_array_index (ends, int, to - 1));
  else
    g_string_append (out, ellipsis);

  sqlite3_result_text (ctx, out->str, (int) out->len, g_free);
  g_string_free (out, FALSE);
}

/* Every full-text row's length in tokens (all columns), as FTS5 keeps it
 * in fts_docsize: a varint per column. */
static GArray *
load_row_sizes (LecIndex *self)
{
  GArray *sizes = g_array_new (FALSE, TRUE, sizeof (guint32));
  sqlite3_stmt *stmt = prepare (self, "SELECT id, sz FROM fts_docsize");

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);
      const guint8 *sz = sqlite3_column_blob (stmt, 1);
      int len = sqlite3_column_bytes (stmt, 1);
      guint32 total = 0;

      if (id < 0 || id > G_MAXINT32 - 1)
        continue;
      for (int i = 0; i < len; )
        {
          guint32 v = 0;

          /* SQLite's varint, big-endian groups of seven bits; column
           * sizes never need more than five bytes. */
          for (int n = 0; i < len && n < 5; n++)
            {
              v = (v << 7) | (sz[i] & 0x7f);
              if ((sz[i++] & 0x80) == 0)
                break;
            }
          total += v;
        }
      if ((guint) id >= sizes->len)
        g_array_set_size (sizes, (guint) id + 1);
      g_array_index (sizes, guint32, id) = total;
    }
  sqlite3_finalize (stmt);
  return sizes;
}

typedef struct
{
  double *idf;
  double *freq;
  double  avgdl;
  int     n_phrases;
} RankData;

static int
count_row (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

/* lec_rank(fts, weight...): FTS5's bm25() to the digit (same k1, b, IDF and
 * weights), with each row's length read from memory. bm25() asks for it
 * with a query per matching row, which was half the time of a search for
 * a common word. */
static void
rank_func (const Fts5ExtensionApi  *api,
           Fts5Context             *fts,
           sqlite3_context         *ctx,
           int                      n_values,
           sqlite3_value          **values)
{
  const double k1 = 1.2, b = 0.75;
  LecIndex *self = api->xUserData (fts);
  RankData *data = api->xGetAuxdata (fts, 0);
  sqlite3_int64 rowid = api->xRowid (fts);
  double score = 0.0, length;
  int n_inst = 0, rc = SQLITE_OK;

  if (data == NULL)
    {
      sqlite3_int64 rows = 0, tokens = 0;
      int n = api->xPhraseCount (fts);

      data = sqlite3_malloc64 (sizeof (RankData) + 2 * sizeof (double) * (gsize) MAX (n, 1));
      if (data == NULL)
        {
          sqlite3_result_error_nomem (ctx);
          return;
        }
      data->n_phrases = n;
      data->idf = (double *) (data + 1);
      data->freq = data->idf + n;
      rc = api->xRowCount (fts, &rows);
      if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize (fts, -1, &tokens);
      data->avgdl = rows > 0 ? (double) tokens / (double) rows : 1.0;
      for (int i = 0; rc == SQLITE_OK && i < n; i++)
        {
          sqlite3_int64 hits = 0;

          rc = api->xQueryPhrase (fts, i, &hits, count_row);
          data->idf[i] = MAX (log ((rows - hits + 0.5) / (hits + 0.5)), 1e-6);
        }
      if (rc == SQLITE_OK)
        rc = api->xSetAuxdata (fts, data, sqlite3_free);
      else
        sqlite3_free (data);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (ctx, rc);
          return;
        }
    }

  memset (data->freq, 0, sizeof (double) * (gsize) data->n_phrases);
  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK)
        data->freq[phrase] += n_values > column ? sqlite3_value_double (values[column]) : 1.0;
    }

  if (self->row_sizes != NULL && rowid >= 0 && (guint64) rowid < self->row_sizes->len)
    length = g_array_index (self->row_sizes, guint32, rowid);
  else
    {
      int tokens = 0;

      if (rc == SQLITE_OK)
        rc = api->xColumnSize (fts, -1, &tokens);
      length = tokens;
    }

  for (int i = 0; rc == SQLITE_OK && i < data->n_phrases; i++)
    score += data->idf[i] * (data->freq[i] * (k1 + 1.0)) /
             (data->freq[i] + k1 * (1 - b + b * length / data->avgdl));

  if (rc == SQLITE_OK)
    sqlite3_result_double (ctx, -score);
  else
    sqlite3_result_error_code (ctx, rc);
}

static gboolean
register_functions (LecIndex *self)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (api == NULL)
    return FALSE;
  return api->xCreateFunction (api, "lec_first_hit", NULL, first_hit, NULL) == SQLITE_OK &&
         api->xCreateFunction (api, "lec_snippet", NULL, snippet_func, NULL) == SQLITE_OK &&
         api->xCreateFunction (api, "lec_rank", self, rank_func, NULL) == SQLITE_OK;
}

/* The last timestamp at or before word @token, from a packed list in
 * document order, or -1. */
static int
timestamp_before (const guint8 *packed,
                  int           len,
                  int           token)
{
  int seconds = -1;

  for (int i = 0; packed != NULL && i + 8 <= len; i += 8)
    {
      guint32 v[2];

      memcpy (v, packed + i, 8);
      if ((int) GUINT32_FROM_LE (v[1]) > token)
        break;
      seconds = (int) GUINT32_FROM_LE (v[0]);
    }
  return seconds;
}

static void
search_hit_free (LecSearchHit *hit)
{
  g_free (hit->path);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

/**
 * lec_index_search:
 * @query: what the user typed (see lec_index_build_query())
 *
 * Ranks notes with BM25, weighting matches in the title highest, then
 * aliases, headings, tags and the body.
 *
 * Returns: (transfer full) (element-type LecSearchHit): the best @limit hits
 */
GPtrArray *
lec_index_search (LecIndex    *self,
                  const char  *query,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) search_hit_free);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  match = lec_index_build_query (query);
  if (match == NULL)
    return g_steal_pointer (&hits);

  /* One statement per connection, and the function it calls registered
   * with it: typing a query runs a search per key press.
   *
   * The inner query ranks with lec_rank(), bm25() with row lengths kept
   * in memory, rather than ORDER BY rank (the same weights as the table's
   * rank): FTS5's own sort keeps every
   * matching row with its positions, while SQLite's sort under a LIMIT
   * keeps only the best few, which halves the time of a common word.
   * Snippets and hit positions are then made for those few alone.
   * The outer query goes through the matches once more (a match for
   * each of the few by rowid would gather the doclists of a prefix again
   * each time) and keeps those the inner one chose; CROSS JOIN holds that
   * order, so that only they are looked up in the notes (SQLite's own
   * order looked up every match there). */
  if (self->search == NULL &&
      (!register_functions (self) ||
       sqlite3_prepare_v3 (self->db,
                           "SELECT n.path, n.title, lec_snippet (fts, 4, char(2), char(3), '…', 16),"
                           "  f.rank, lec_first_hit (fts, 4), (SELECT timestamps FROM text WHERE id = f.rowid)"
                           " FROM fts CROSS JOIN (SELECT rowid, lec_rank (fts, 10.0, 6.0, 4.0, 3.0, 1.0) AS rank"
                           "       FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2) f ON f.rowid = fts.rowid"
                           " CROSS JOIN notes n ON n.id = f.rowid"
                           " WHERE fts MATCH ?1"
                           " ORDER BY f.rank",
                           -1, SQLITE_PREPARE_PERSISTENT, &self->search, NULL) != SQLITE_OK))
    {
      sql_error (self, error);
      return NULL;
    }

  if (self->row_sizes == NULL)
    self->row_sizes = load_row_sizes (self);

  stmt = self->search;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LecSearchHit *hit = g_new0 (LecSearchHit, 1);
      int token = sqlite3_column_int (stmt, 4);

      hit->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->rank = sqlite3_column_double (stmt, 3);
      hit->seconds = -1;
      if (token >= 0)
        {
          const guint8 *packed = sqlite3_column_blob (stmt, 5);

          hit->seconds = timestamp_before (packed, sqlite3_column_bytes (stmt, 5), token);
        }
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    sql_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&hits);
}

static void
topic_free (LecTopic *t)
{
  g_free (t->key);
  g_free (t->name);
  g_free (t->path);
  g_free (t);
}

static int
compare_topics (gconstpointer a,
                gconstpointer b)
{
  const LecTopic *x = *(const LecTopic **) a, *y = *(const LecTopic **) b;

  if (x->notes != y->notes)
    return x->notes > y->notes ? -1 : 1;
  return strcmp (x->key, y->key);
}

/**
 * lec_index_topics:
 *
 * Every wiki link target of the vault, resolved or not, with the number of
 * notes that mention it; most mentioned first. A resolved topic is named
 * by its note's title, an unresolved one by its humanised slug.
 *
 * Returns: (transfer full) (element-type LecTopic)
 */
GPtrArray *
lec_index_topics (LecIndex  *self,
                  GError   **error)
{
  g_autoptr(GHashTable) names = NULL;
  GHashTable *notes;
  GPtrArray *topics;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  if (self->topics != NULL && self->topics->data_version != data_version (self))
    g_clear_pointer (&self->topics, topics_free);
  if (self->topics == NULL)
    self->topics = topics_new (self);

  /* The notes topics are, by id: the resolver's, else read here. */
  if (self->attachments != NULL)
    notes = ensure_resolver (self, self->attachments)->by_id;
  else
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) infos = load_notes (self, ids);

      names = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) known_free);
      for (guint i = 0; i < infos->len; i++)
        {
          Known *k = g_new (Known, 1);

          k->id = g_array_index (ids, gint64, i);
          k->info = g_object_ref (infos->pdata[i]);
          g_hash_table_insert (names, &k->id, k);
        }
      notes = names;
    }

  topics = g_ptr_array_new_full (g_hash_table_size (self->topics->resolved) +
                                 g_hash_table_size (self->topics->open), (GDestroyNotify) topic_free);
  g_hash_table_iter_init (&iter, self->topics->resolved);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Topic *topic = value;
      Known *k = g_hash_table_lookup (notes, &topic->to);
      LecTopic *t;

      if (k == NULL)
        continue;
      t = g_new0 (LecTopic, 1);
      t->key = g_strdup (lec_note_info_get_path (k->info));
      t->path = g_strdup (t->key);
      t->name = g_strdup (lec_note_info_get_title (k->info));
      t->notes = topic->notes;
      g_ptr_array_add (topics, t);
    }
  g_hash_table_iter_init (&iter, self->topics->open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Topic *topic = value;
      LecTopic *t = g_new0 (LecTopic, 1);

      t->key = g_strdup (topic->key);
      t->name = g_strdup (topic->name);
      t->notes = topic->notes;
      g_ptr_array_add (topics, t);
    }

  g_ptr_array_sort (topics, compare_topics);
  return topics;
}

/**
 * lec_index_backlinks:
 * @path: a note's vault path
 *
 * Returns: (transfer full) (element-type utf8): the paths of the notes
 *   that link to @path, sorted
 */
GPtrArray *
lec_index_backlinks (LecIndex    *self,
                     const char  *path,
                     GError     **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  stmt = prepare (self, "SELECT DISTINCT n.path FROM links l JOIN notes n ON n.id = l.note_id"
                        " WHERE l.resolved = (SELECT id FROM notes WHERE path = ?1) AND n.path <> ?1"
                        " ORDER BY n.path");
  if (stmt == NULL)
    {
      sql_error (self, error);
      g_ptr_array_unref (out);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return out;
}

void
lec_mentioning_note_free (LecMentioningNote *note)
{
  g_free (note->path);
  g_free (note->title);
  g_free (note->video_id);
  g_free (note->video_title);
  g_free (note);
}

/**
 * lec_index_mentioning:
 * @key: a topic's key (see #LecTopic): a note's path or a slug
 *
 * The notes that link to a topic, by video title then path; notes of no
 * video come last.
 *
 * Returns: (transfer full) (element-type LecMentioningNote)
 */
GPtrArray *
lec_index_mentioning (LecIndex    *self,
                      const char  *key,
                      GError     **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) lec_mentioning_note_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  /* A resolved topic is found through the index on links.resolved; an
   * unresolved one by its slug among the unresolved links. */
  stmt = prepare (self,
                  "SELECT n.path, n.title, n.video_id,"
                  "  (SELECT v.title FROM videos v WHERE v.video_id = n.video_id LIMIT 1) AS vt"
                  " FROM notes n WHERE n.id IN"
                  "  (SELECT l.note_id FROM links l WHERE l.resolved = (SELECT id FROM notes WHERE path = ?1)"
                  "   UNION SELECT l.note_id FROM links l WHERE l.resolved IS NULL AND coalesce (l.slug, l.target) = ?1)"
                  " ORDER BY n.video_id IS NULL, coalesce (vt, n.video_id), n.path");
  if (stmt == NULL)
    {
      sql_error (self, error);
      g_ptr_array_unref (out);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LecMentioningNote *m = g_new0 (LecMentioningNote, 1);

      m->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      m->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      m->video_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      m->video_title = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (out, m);
    }
  sqlite3_finalize (stmt);
  return out;
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

/**
 * lec_index_dup_link_table:
 *
 * Returns: (transfer full): how the vault's links resolve now, for
 *   rendering notes on any thread
 */
LecLinkTable *
lec_index_dup_link_table (LecIndex *self)
{
  g_autoptr(GPtrArray) notes = NULL;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  /* Before any update the attachments are unknown: not one to keep. */
  if (self->attachments == NULL)
    {
      notes = lec_index_list_notes (self);
      return lec_link_table_new (notes, NULL);
    }
  return lec_link_table_ref (resolver_table (ensure_resolver (self, self->attachments)));
}

/**
 * lec_index_list_notes:
 *
 * Returns: (transfer full) (element-type LecNoteInfo): every note with its
 *   title, video, channel and aliases, sorted by title
 */
GPtrArray *
lec_index_list_notes (LecIndex *self)
{
  GPtrArray *notes;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  /* After an update, the resolver's entries: the same objects from one
   * update to the next for the notes that did not change. */
  if (self->attachments != NULL)
    return g_ptr_array_copy (resolver_sorted (ensure_resolver (self, self->attachments)),
                             ref_object, NULL);

  notes = load_notes (self, NULL);
  g_ptr_array_sort_with_data (notes, compare_info_ptrs, NULL);
  return notes;
}

/**
 * lec_index_video_titles:
 *
 * Returns: (transfer full): video id → title, from the channel pages
 */
GHashTable *
lec_index_video_titles (LecIndex *self)
{
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);

  stmt = prepare (self, "SELECT video_id, title FROM videos");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (titles, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return titles;
}
