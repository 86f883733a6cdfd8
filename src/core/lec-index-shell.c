/* lec-index-shell.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-shell.h"
#include "lec-index-private.h"
#include "lec-slug.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <string.h>

/* A vault's index as GNOME Shell's search reads it: the notes' titles and
 * the topics' names, matched word by word.
 *
 * The Shell asks again at every key typed, and wants its answer at once.
 * Matching in SQL cost 25 ms a query at 23,770 real notes (the topics are
 * the targets of the links that lead to no note, 44,000 rows that no
 * index covers), so the names are read once, in one read transaction,
 * and kept in memory (a snapshot) while the index file stays as it was;
 * lec_index_shell_release() gives them back when the Shell is done.
 *
 * It only ever reads: the file is opened read-only, never made when it
 * is not there (then nothing is found), and one of another schema
 * version is left alone. A LecIndexShell may be called from any thread;
 * a lock keeps calls one at a time. */

/* The file as it was read: a commit changes the log's size or time, a
 * checkpoint the file's, a rebuild (a new file renamed over) its inode. */
typedef struct
{
  guint64 inode;
  gint64  size;
  gint64  mtime_ns;
  gint64  wal_size;
  gint64  wal_mtime_ns;
} DbState;

typedef struct
{
  const char *target;   /* the note's path, or the topic's key */
  const char *name;     /* the title, or the topic's commonest spelling */
  const char *channel;  /* nullable */
  const char *words;    /* " the name's slug words ", to match */
  guint       notes;    /* a topic's */
  gboolean    topic;
} Entry;

/* The notes or the topics, each read by a thread of its own. */
typedef struct
{
  GStringChunk *strings;
  GArray       *entries;  /* Entry */
} Names;

typedef struct
{
  char     *root;
  char     *db_path;
  DbState   state;
  Names     notes;
  Names     topics;
  GPtrArray *found;  /* Entry: what the last find gave, looked up next */
} Snapshot;

struct _LecIndexShell
{
  GObject   parent_instance;

  char     *cache_dir;
  GMutex    lock;
  Snapshot *snapshot;   /* under the lock */
};

G_DEFINE_FINAL_TYPE (LecIndexShell, lec_index_shell, G_TYPE_OBJECT)

void
lec_shell_result_free (LecShellResult *result)
{
  g_free (result->id);
  g_free (result->target);
  g_free (result->name);
  g_free (result->channel);
  g_free (result);
}

static void
snapshot_free (Snapshot *snap)
{
  g_free (snap->root);
  g_free (snap->db_path);
  g_clear_pointer (&snap->notes.strings, g_string_chunk_free);
  g_clear_pointer (&snap->notes.entries, g_array_unref);
  g_clear_pointer (&snap->topics.strings, g_string_chunk_free);
  g_clear_pointer (&snap->topics.entries, g_array_unref);
  g_clear_pointer (&snap->found, g_ptr_array_unref);
  g_free (snap);
}

static void
lec_index_shell_finalize (GObject *object)
{
  LecIndexShell *self = (LecIndexShell *)object;

  g_clear_pointer (&self->snapshot, snapshot_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (lec_index_shell_parent_class)->finalize (object);
}

static void
lec_index_shell_class_init (LecIndexShellClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lec_index_shell_finalize;
}

static void
lec_index_shell_init (LecIndexShell *self)
{
  g_mutex_init (&self->lock);
}

/**
 * lec_index_shell_new:
 * @cache_dir: (nullable): where index files live; by default
 *   `$XDG_CACHE_HOME/lectern`
 */
LecIndexShell *
lec_index_shell_new (const char *cache_dir)
{
  LecIndexShell *self = g_object_new (LEC_TYPE_INDEX_SHELL, NULL);

  self->cache_dir = g_strdup (cache_dir);
  return self;
}

/* FALSE when there is no index file. */
static gboolean
db_state_read (const char *db_path,
                 DbState  *state)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  GStatBuf st;

  memset (state, 0, sizeof *state);
  if (g_stat (db_path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  state->inode = st.st_ino;
  state->size = st.st_size;
  state->mtime_ns = st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  if (g_stat (wal, &st) == 0)
    {
      state->wal_size = st.st_size;
      state->wal_mtime_ns = st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
    }
  return TRUE;
}

/* " words of the slug ", so that a word is found with its spaces. */
static const char *
chunk_words (GStringChunk *strings,
             GString      *buffer,
             const char   *slug)
{
  g_string_assign (buffer, " ");
  g_string_append (buffer, slug);
  g_string_append_c (buffer, ' ');
  for (char *p = buffer->str; *p != '\0'; p++)
    if (*p == '_')
      *p = ' ';
  return g_string_chunk_insert_len (strings, buffer->str, buffer->len);
}

/* Text from the index that goes over D-Bus, which takes UTF-8 only. */
static const char *
chunk_text (GStringChunk *strings,
            const char   *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, -1, NULL))
    return g_string_chunk_insert (strings, text);
  valid = g_utf8_make_valid (text, -1);
  return g_string_chunk_insert (strings, valid);
}

static void
names_init (Names *names)
{
  names->strings = g_string_chunk_new (1 << 20);
  names->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), 1 << 14);
}

static void
read_notes (Names   *names,
            sqlite3 *db)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT path, title, channel FROM notes", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);
      const char *title = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *slug = NULL;
      Entry entry = { NULL };

      /* A result's id carries its path over D-Bus: a path that is not
       * UTF-8 cannot be one. */
      if (path == NULL || title == NULL || !g_utf8_validate (path, -1, NULL))
        continue;
      slug = lec_slugify (title);
      entry.target = g_string_chunk_insert (names->strings, path);
      entry.name = chunk_text (names->strings, title);
      entry.channel = chunk_text (names->strings, (const char *) sqlite3_column_text (stmt, 2));
      entry.words = chunk_words (names->strings, buffer, slug);
      g_array_append_val (names->entries, entry);
    }
  sqlite3_finalize (stmt);
}

/* A topic while its links are counted: the notes that mention it, and
 * the way they write it most, as lec_index_topics() counts them. */
typedef struct
{
  guint        notes;
  gint64       last_note;
  const char  *best;       /* the commonest spelling's text */
  guint        best_notes;
} Count;

/* One way of writing a topic, and how many notes write it so. */
typedef struct
{
  Count  *count;
  guint   notes;
  gint64  last_note;
} Spelling;

/* The spelling most notes use; of as common, the first in byte order. */
static void
count_spelling (Count      *count,
                Spelling   *spelling,
                const char *text)
{
  if (spelling->notes > count->best_notes ||
      (spelling->notes == count->best_notes && strcmp (text, count->best) < 0))
    {
      count->best = text;
      count->best_notes = spelling->notes;
    }
}

/* The topics that are no note: the targets of links that lead nowhere, by
 * slug. (A topic that is a note is found as that note.) A note's links
 * are written together, so in rowid order, which the index on `resolved`
 * keeps, they come together: the last note counted tells a new one. Each
 * row is looked up by its target, as written: most topics are written
 * one way. */
static void
read_topics (Names   *names,
             sqlite3 *db)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) spellings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;

  sqlite3_prepare_v2 (db, "SELECT coalesce (slug, target), target, note_id FROM links WHERE resolved IS NULL",
                      -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *target = (const char *) sqlite3_column_text (stmt, 1);
      gint64 note = sqlite3_column_int64 (stmt, 2);
      Spelling *spelling;
      Count *count;

      if (target == NULL)
        continue;
      if (g_hash_table_lookup_extended (spellings, target, &key, &value))
        {
          target = key;
          spelling = value;
        }
      else
        {
          const char *slug = (const char *) sqlite3_column_text (stmt, 0);

          /* Its name and key go over D-Bus, as UTF-8. */
          if (slug == NULL || *slug == '\0' || !g_utf8_validate (slug, -1, NULL) ||
              !g_utf8_validate (target, -1, NULL))
            continue;
          if ((count = g_hash_table_lookup (counts, slug)) == NULL)
            {
              count = g_new0 (Count, 1);
              count->last_note = -1;
              g_hash_table_insert (counts, g_string_chunk_insert (names->strings, slug), count);
            }
          spelling = g_new0 (Spelling, 1);
          spelling->count = count;
          spelling->last_note = -1;
          target = g_string_chunk_insert (names->strings, target);
          g_hash_table_insert (spellings, (gpointer) target, spelling);
        }

      count = spelling->count;
      if (count->last_note != note)
        {
          count->last_note = note;
          count->notes++;
        }
      if (spelling->last_note != note)
        {
          spelling->last_note = note;
          spelling->notes++;
          count_spelling (count, spelling, target);
        }
    }
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Count *count = value;
      Entry entry = { NULL };

      entry.topic = TRUE;
      entry.target = key;
      entry.name = count->best;
      entry.words = chunk_words (names->strings, buffer, key);
      entry.notes = count->notes;
      g_array_append_val (names->entries, entry);
    }
}

/* A read-only connection to the index at @db_path, in a read
 * transaction; NULL when there is no index, or one of another version. */
static sqlite3 *
open_index (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 1000);
  /* Each table is read once, in order: SQLite's 2 MB page cache only
   * cost its pages' first touch (103 ms of processor time to read the
   * names at 23,770 notes with 256 KB, 122 ms with 2 MB). */
  sqlite3_exec (db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version != LEC_INDEX_SCHEMA_VERSION ||
      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static void
close_index (sqlite3 *db)
{
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
}

typedef struct
{
  const char *db_path;
  Names      *names;
} TopicsJob;

static gpointer
topics_thread (gpointer data)
{
  TopicsJob *job = data;
  sqlite3 *db = open_index (job->db_path);

  if (db == NULL)
    return GINT_TO_POINTER (FALSE);
  read_topics (job->names, db);
  close_index (db);
  return GINT_TO_POINTER (TRUE);
}

/* Reads the names of the index at @db_path, or returns NULL when there is
 * none, or one of another version. The topics are read on a second
 * thread, with a connection of its own, while this one reads the notes:
 * each half takes about as long. */
static Snapshot *
snapshot_load (const char *root,
               const char *db_path)
{
  Snapshot *snap;
  sqlite3 *db;
  DbState before;
  TopicsJob job;
  GThread *thread;
  gboolean topics_read;

  if (!db_state_read (db_path, &before) || (db = open_index (db_path)) == NULL)
    return NULL;

  snap = g_new0 (Snapshot, 1);
  snap->root = g_strdup (root);
  snap->db_path = g_strdup (db_path);
  names_init (&snap->notes);
  names_init (&snap->topics);
  snap->found = g_ptr_array_new ();
  job.db_path = db_path;
  job.names = &snap->topics;
  thread = g_thread_new ("lec-shell-topics", topics_thread, &job);
  read_notes (&snap->notes, db);
  close_index (db);
  topics_read = GPOINTER_TO_INT (g_thread_join (thread));
  if (!topics_read)
    {
      /* Replaced meanwhile by another version: the next call sees it. */
      snapshot_free (snap);
      return NULL;
    }
  /* After the close: a read-only connection may leave a log it made. */
  db_state_read (db_path, &snap->state);
  g_debug ("The Shell's search read %u notes and %u topics of %s",
           snap->notes.entries->len, snap->topics.entries->len, db_path);
  return snap;
}

/* The snapshot of @root's index, as the file is now; NULL when it has
 * none. Under the lock. */
static Snapshot *
ensure_snapshot (LecIndexShell *self,
                 GFile         *root)
{
  g_autofree char *root_path = g_file_get_path (root);
  DbState now;

  if (root_path == NULL)
    return NULL;
  if (self->snapshot != NULL && strcmp (self->snapshot->root, root_path) == 0)
    {
      if (db_state_read (self->snapshot->db_path, &now) &&
          memcmp (&now, &self->snapshot->state, sizeof now) == 0)
        return self->snapshot;
    }
  g_clear_pointer (&self->snapshot, snapshot_free);

  {
    g_autofree char *db_path = lec_index_dup_file_path (root, self->cache_dir);

    self->snapshot = snapshot_load (root_path, db_path);
  }
  return self->snapshot;
}

/* What the terms ask for: each word of every term as a word, the last
 * term's last word as the start of one. */
static GPtrArray *
make_patterns (const char * const *terms)
{
  GPtrArray *patterns = g_ptr_array_new_with_free_func (g_free);
  guint n = terms != NULL ? g_strv_length ((char **) terms) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *slug = NULL;

      if (!g_utf8_validate (terms[i], -1, NULL))
        continue;
      slug = lec_slugify (terms[i]);
      if (*slug == '\0')
        continue;
      g_strdelimit (slug, "_", ' ');
      g_ptr_array_add (patterns, g_strconcat (" ", slug, i + 1 < n ? " " : "", NULL));
    }
  return patterns;
}

typedef struct
{
  const Entry *entry;
  guint exact;   /* 0: the name is the words asked for */
  guint start;   /* 0: it starts with the first of them */
  guint length;
} Match;

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const Match *x = a, *y = b;
  const Entry *ex = x->entry, *ey = y->entry;

  if (x->exact != y->exact)
    return x->exact < y->exact ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->length != y->length)
    return x->length < y->length ? -1 : 1;
  if (ex->notes != ey->notes)
    return ex->notes > ey->notes ? -1 : 1;
  return strcmp (ex->target, ey->target);
}

static gboolean
entry_matches (const Entry *entry,
               GPtrArray   *patterns)
{
  for (guint i = 0; i < patterns->len; i++)
    if (strstr (entry->words, patterns->pdata[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Keeps the best @limit matches of @entries in @matches, in order: a
 * letter matches thousands of names, and sorting them all took most of
 * that query's time. */
static void
add_matches (GArray     *matches,
             guint       limit,
             GArray     *entries,
             GPtrArray  *patterns,
             const char *exact)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = &g_array_index (entries, Entry, i);
      Match m;
      guint at;

      if (!entry_matches (entry, patterns))
        continue;
      m.entry = entry;
      m.exact = strcmp (entry->words, exact) != 0;
      m.start = !g_str_has_prefix (entry->words, patterns->pdata[0]);
      m.length = strlen (entry->words);
      at = matches->len;
      while (at > 0 && compare_matches (&m, &g_array_index (matches, Match, at - 1)) < 0)
        at--;
      if (at >= limit)
        continue;
      g_array_insert_val (matches, at, m);
      if (matches->len > limit)
        g_array_set_size (matches, limit);
    }
}

/* The entry of @target in @entries, or NULL. The Shell asks for what the
 * last find gave, and only for a few results at a time: those first, and
 * else a walk through them all (1 ms at 34,000 names), which costs less
 * than a table made at every reading. */
static const Entry *
find_entry (Snapshot   *snap,
            gboolean    topic,
            const char *target)
{
  GArray *entries = topic ? snap->topics.entries : snap->notes.entries;

  for (guint i = 0; i < snap->found->len; i++)
    {
      const Entry *entry = snap->found->pdata[i];

      if (entry->topic == topic && strcmp (entry->target, target) == 0)
        return entry;
    }
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (g_array_index (entries, Entry, i).target, target) == 0)
      return &g_array_index (entries, Entry, i);
  return NULL;
}

static char *
make_id (const Entry *entry)
{
  return g_strconcat (entry->topic ? "topic:" : "note:", entry->target, NULL);
}

/**
 * lec_index_shell_find:
 * @root: the vault's folder
 * @terms: the words typed, as the Shell splits them
 * @limit: at most this many
 *
 * The notes whose title, and the topics whose name, hold every term as a
 * word (the last as the start of one), as letters and digits without
 * accents or case: the name that is those words first, then the names
 * that start with them, then the shorter ones.
 *
 * Returns: (transfer full) (element-type utf8): the results' ids,
 *   "note:PATH" or "topic:KEY"; none when @root has no index
 */
GPtrArray *
lec_index_shell_find (LecIndexShell      *self,
                      GFile              *root,
                      const char * const *terms,
                      guint               limit)
{
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *exact = NULL;
  Snapshot *snap;

  g_return_val_if_fail (LEC_IS_INDEX_SHELL (self), ids);
  g_return_val_if_fail (G_IS_FILE (root), ids);

  patterns = make_patterns (terms);
  if (patterns->len == 0)
    return ids;
  locker = g_mutex_locker_new (&self->lock);
  if ((snap = ensure_snapshot (self, root)) == NULL)
    return ids;

  {
    g_autoptr(GString) all = g_string_new (NULL);

    for (guint i = 0; i < patterns->len; i++)
      g_string_append (all, g_str_has_suffix (all->str, " ") ? (char *) patterns->pdata[i] + 1 : patterns->pdata[i]);
    if (!g_str_has_suffix (all->str, " "))
      g_string_append_c (all, ' ');
    exact = g_string_free (g_steal_pointer (&all), FALSE);
  }

  matches = g_array_new (FALSE, FALSE, sizeof (Match));
  add_matches (matches, limit, snap->notes.entries, patterns, exact);
  add_matches (matches, limit, snap->topics.entries, patterns, exact);
  g_ptr_array_set_size (snap->found, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      g_ptr_array_add (snap->found, (gpointer) g_array_index (matches, Match, i).entry);
      g_ptr_array_add (ids, make_id (g_array_index (matches, Match, i).entry));
    }
  return ids;
}

/**
 * lec_index_shell_lookup:
 * @root: the vault's folder
 * @id: a result's id, as lec_index_shell_find() gave it, or as anyone
 *   sent it over D-Bus
 *
 * Returns: (transfer full) (nullable): the note or topic @id names, or
 *   %NULL when @root's index has none of that id (a malformed id, a path
 *   outside the vault, a note gone since)
 */
LecShellResult *
lec_index_shell_lookup (LecIndexShell *self,
                        GFile         *root,
                        const char    *id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  LecShellResult *result;
  const Entry *entry;
  const char *target;
  gboolean topic;
  Snapshot *snap;

  g_return_val_if_fail (LEC_IS_INDEX_SHELL (self), NULL);
  g_return_val_if_fail (G_IS_FILE (root), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  topic = g_str_has_prefix (id, "topic:");
  if (!topic && !g_str_has_prefix (id, "note:"))
    return NULL;
  target = strchr (id, ':') + 1;

  /* Only what the index holds is found, so nothing else is ever opened:
   * no path outside the vault, no made-up topic. */
  locker = g_mutex_locker_new (&self->lock);
  if ((snap = ensure_snapshot (self, root)) == NULL)
    return NULL;
  entry = find_entry (snap, topic, target);
  if (entry == NULL)
    return NULL;

  result = g_new0 (LecShellResult, 1);
  result->id = make_id (entry);
  result->topic = entry->topic;
  result->target = g_strdup (entry->target);
  result->name = entry->topic ? lec_humanize_slug (entry->name) : g_strdup (entry->name);
  result->channel = g_strdup (entry->channel);
  result->notes = entry->notes;
  return result;
}

/**
 * lec_index_shell_load:
 * @root: the vault's folder
 *
 * Reads the names of @root's index now, if it has one, so that the first
 * lec_index_shell_find() does not wait for them.
 *
 * Returns: whether @root has an index to search
 */
gboolean
lec_index_shell_load (LecIndexShell *self,
                      GFile         *root)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (LEC_IS_INDEX_SHELL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (root), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return ensure_snapshot (self, root) != NULL;
}

/**
 * lec_index_shell_release:
 *
 * Gives back the names read, unless a call is reading them now.
 *
 * Returns: %TRUE when nothing is held any more
 */
gboolean
lec_index_shell_release (LecIndexShell *self)
{
  g_return_val_if_fail (LEC_IS_INDEX_SHELL (self), FALSE);

  if (!g_mutex_trylock (&self->lock))
    return FALSE;
  if (self->snapshot != NULL)
    {
      g_clear_pointer (&self->snapshot, snapshot_free);
      /* Most of it was small blocks, which glibc keeps otherwise. */
      malloc_trim (0);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Whether names are held (for the tests and the benchmark). */
gboolean
lec_index_shell_is_held (LecIndexShell *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (LEC_IS_INDEX_SHELL (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->snapshot != NULL;
}
