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
 * index covers), so the words of the names are read once, in one read
 * transaction, and kept in memory (a snapshot) while the index file stays
 * as it was; lec_index_shell_release() gives them back when the Shell is
 * done. Only what matching needs is kept: memory this process touches for
 * the first time costs about 4 ms a megabyte on a virtual machine, and
 * the first key of a search waits for it (8 MB of names took 30 of that
 * key's 70 ms). What the Shell shows of the few results it asks about
 * (a note's title and channel) is read for them alone.
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

/* A note or a topic. Its words are the slug of its name between
 * underscores ("_snells_law_"): slugs have no other underscores, so a
 * word is found with the ones around it, and a topic's key is its words
 * without the outer two. */
typedef struct
{
  gint64  id;      /* a note's row; -1 for a topic */
  guint32 words;   /* offsets in the Names' text */
  guint32 name;    /* a topic's commonest spelling */
  guint32 notes;   /* a topic's: the notes that mention it */
} Entry;

/* The notes or the topics, each read by a thread of its own. */
typedef struct
{
  GString *text;     /* NUL-terminated strings, one after another */
  GArray  *entries;  /* Entry */
} Names;

typedef struct
{
  char         *root;
  char         *db_path;
  DbState       state;
  Names         notes;
  Names         topics;
  GPtrArray    *found;   /* Entry: what the last find gave, looked up next */
  sqlite3      *db;      /* kept open, outside any transaction */
  sqlite3_stmt *note_path;
  sqlite3_stmt *note_meta;
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
names_clear (Names *names)
{
  if (names->text != NULL)
    g_string_free (g_steal_pointer (&names->text), TRUE);
  g_clear_pointer (&names->entries, g_array_unref);
}

static void
snapshot_free (Snapshot *snap)
{
  g_free (snap->root);
  g_free (snap->db_path);
  names_clear (&snap->notes);
  names_clear (&snap->topics);
  g_clear_pointer (&snap->found, g_ptr_array_unref);
  g_clear_pointer (&snap->note_path, sqlite3_finalize);
  g_clear_pointer (&snap->note_meta, sqlite3_finalize);
  g_clear_pointer (&snap->db, sqlite3_close);
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

static const char *
names_text (const Names *names,
            guint32      offset)
{
  return names->text->str + offset;
}

/* Appends a NUL-terminated string; its offset. */
static guint32
names_add (Names      *names,
           const char *text)
{
  guint32 offset = (guint32) names->text->len;

  g_string_append_len (names->text, text, (gssize) strlen (text) + 1);
  return offset;
}

/* Appends "_slug_" (see Entry); its offset. */
static guint32
names_add_words (Names      *names,
                 const char *slug)
{
  guint32 offset = (guint32) names->text->len;

  g_string_append_c (names->text, '_');
  g_string_append (names->text, slug);
  g_string_append_len (names->text, "_", 2);
  return offset;
}

static void
names_init (Names *names,
            gsize  text_size)
{
  names->text = g_string_sized_new (text_size);
  names->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
}

/* Text from the index that goes over D-Bus, which takes UTF-8 only. */
static char *
dup_valid (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_utf8_validate (text, -1, NULL) ? g_strdup (text) : g_utf8_make_valid (text, -1);
}

static void
read_notes (Names   *names,
            sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT id, path, title FROM notes", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 1);
      const char *title = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *slug = NULL;
      Entry entry = { 0 };

      /* A result's id carries its path over D-Bus: a path that is not
       * UTF-8 cannot be one. */
      if (path == NULL || title == NULL || !g_utf8_validate (path, -1, NULL))
        continue;
      slug = lec_slugify (title);
      entry.id = sqlite3_column_int64 (stmt, 0);
      entry.words = names_add_words (names, slug);
      g_array_append_val (names->entries, entry);
    }
  sqlite3_finalize (stmt);
}

/* A topic while its links are read: the notes that mention it (a note
 * that writes it two ways counts once), and the way most notes write it
 * (of as common, the first in byte order), as lec_index_topics() names
 * them. */
typedef struct
{
  char   *key;
  GArray *notes;       /* gint64, of every spelling */
  char   *best;
  guint   best_notes;
} Topic;

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
topic_end (Names *names,
           Topic *topic)
{
  Entry entry = { 0 };
  gint64 *ids = (gint64 *) (void *) topic->notes->data;
  guint n = topic->notes->len, distinct = 0;

  if (topic->key == NULL)
    return;
  if (topic->best != NULL)
    {
      /* Each spelling's notes came in order: most topics have one. */
      if (topic->best_notes != n)
        g_array_sort (topic->notes, compare_ids);
      for (guint i = 0; i < n; i++)
        if (i == 0 || ids[i] != ids[i - 1])
          distinct++;
      entry.id = -1;
      entry.words = names_add_words (names, topic->key);
      entry.name = names_add (names, topic->best);
      entry.notes = distinct;
      g_array_append_val (names->entries, entry);
    }
  g_clear_pointer (&topic->key, g_free);
  g_clear_pointer (&topic->best, g_free);
  topic->best_notes = 0;
  g_array_set_size (topic->notes, 0);
}

/* The topics that are no note: the targets of links that lead nowhere, by
 * slug. (A topic that is a note is found as that note.) links_open gives
 * them in order of topic, spelling and note, so each is counted as its
 * rows pass, with nothing kept but its count and name. */
static void
read_topics (Names   *names,
             sqlite3 *db)
{
  g_autoptr(GArray) notes = g_array_new (FALSE, FALSE, sizeof (gint64));
  Topic topic = { NULL, notes, NULL, 0 };
  g_autofree char *spelling = NULL;
  guint spelling_notes = 0;
  gint64 last_note = -1;
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT coalesce (slug, target), target, note_id FROM links INDEXED BY links_open"
                          " WHERE resolved IS NULL ORDER BY coalesce (slug, target), target, note_id",
                      -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *target = (const char *) sqlite3_column_text (stmt, 1);
      gint64 note = sqlite3_column_int64 (stmt, 2);

      /* Its name and key go over D-Bus, as UTF-8. */
      if (key == NULL || target == NULL || *key == '\0' ||
          !g_utf8_validate (key, -1, NULL) || !g_utf8_validate (target, -1, NULL))
        continue;
      if (topic.key == NULL || strcmp (key, topic.key) != 0)
        {
          topic_end (names, &topic);
          topic.key = g_strdup (key);
          g_clear_pointer (&spelling, g_free);
        }
      if (spelling == NULL || strcmp (target, spelling) != 0)
        {
          g_free (spelling);
          spelling = g_strdup (target);
          spelling_notes = 0;
          last_note = -1;
        }
      if (note == last_note)
        continue;
      last_note = note;
      g_array_append_val (notes, note);
      if (++spelling_notes > topic.best_notes)
        {
          if (topic.best == NULL || strcmp (topic.best, spelling) != 0)
            {
              g_free (topic.best);
              topic.best = g_strdup (spelling);
            }
          topic.best_notes = spelling_notes;
        }
    }
  topic_end (names, &topic);
  sqlite3_finalize (stmt);
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
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return GINT_TO_POINTER (TRUE);
}

/* Reads the names of the index at @db_path, or returns NULL when there is
 * none, or one of another version. The topics are read on a second
 * thread, with a connection of its own, while this one reads the notes:
 * each half takes about as long. This connection stays, for what the
 * Shell asks of the results. */
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
  snap->db = db;
  /* About what the names of 23,770 real notes and their 10,000 topics
   * take, so that the text is seldom moved. */
  names_init (&snap->notes, 1 << 20);
  names_init (&snap->topics, 1 << 18);
  snap->found = g_ptr_array_new ();
  job.db_path = db_path;
  job.names = &snap->topics;
  thread = g_thread_new ("lec-shell-topics", topics_thread, &job);
  read_notes (&snap->notes, db);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  topics_read = GPOINTER_TO_INT (g_thread_join (thread));
  if (!topics_read)
    {
      /* Replaced meanwhile by another version: the next call sees it. */
      snapshot_free (snap);
      return NULL;
    }
  /* After the reading: a read-only connection may leave a log it made. */
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
 * term's last word as the start of one (see Entry). */
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
      g_ptr_array_add (patterns, g_strconcat ("_", slug, i + 1 < n ? "_" : "", NULL));
    }
  return patterns;
}

typedef struct
{
  const Entry *entry;
  const char  *words;
  guint exact;   /* 0: the name is the words asked for */
  guint start;   /* 0: it starts with the first of them */
  guint length;
} Match;

/* The name that is the words first, then those that start with them, the
 * shorter, the topic more notes mention, then in the order of the words
 * (and of notes, of their rows). */
static int
compare_matches (const Match *x,
                 const Match *y)
{
  const Entry *ex = x->entry, *ey = y->entry;
  int words;

  if (x->exact != y->exact)
    return x->exact < y->exact ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->length != y->length)
    return x->length < y->length ? -1 : 1;
  if (ex->notes != ey->notes)
    return ex->notes > ey->notes ? -1 : 1;
  if ((words = strcmp (x->words, y->words)) != 0)
    return words;
  if (ex->id != ey->id)
    return ex->id < ey->id ? -1 : 1;
  return 0;
}

static gboolean
words_match (const char *words,
             GPtrArray  *patterns)
{
  for (guint i = 0; i < patterns->len; i++)
    if (strstr (words, patterns->pdata[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Keeps the best @limit matches of @names in @matches, in order: a
 * letter matches thousands of names, and sorting them all took most of
 * that query's time. */
static void
add_matches (GArray      *matches,
             guint        limit,
             const Names *names,
             GPtrArray   *patterns,
             const char  *exact)
{
  for (guint i = 0; i < names->entries->len; i++)
    {
      const Entry *entry = &g_array_index (names->entries, Entry, i);
      const char *words = names_text (names, entry->words);
      Match m;
      guint at;

      if (!words_match (words, patterns))
        continue;
      m.entry = entry;
      m.words = words;
      m.exact = strcmp (words, exact) != 0;
      m.start = !g_str_has_prefix (words, patterns->pdata[0]);
      m.length = strlen (words);
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

/* The key of a topic: its words without the outer underscores. */
static char *
topic_key (const Snapshot *snap,
           const Entry    *entry)
{
  const char *words = names_text (&snap->topics, entry->words);

  return g_strndup (words + 1, strlen (words) - 2);
}

/* The topic of key @key, or NULL. The Shell asks for what the last find
 * gave, and only for a few results at a time: those first, and else a
 * walk through them all (a tenth of a millisecond at 10,000 topics),
 * which costs less than a table made at every reading. */
static const Entry *
find_topic (Snapshot   *snap,
            const char *key)
{
  g_autofree char *words = g_strconcat ("_", key, "_", NULL);
  GArray *entries = snap->topics.entries;

  for (guint i = 0; i < snap->found->len; i++)
    {
      const Entry *entry = snap->found->pdata[i];

      if (entry->id < 0 && strcmp (names_text (&snap->topics, entry->words), words) == 0)
        return entry;
    }
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (names_text (&snap->topics, g_array_index (entries, Entry, i).words), words) == 0)
      return &g_array_index (entries, Entry, i);
  return NULL;
}

/* Prepares @stmt on the snapshot's connection once, and resets it. */
static sqlite3_stmt *
snapshot_statement (Snapshot      *snap,
                    sqlite3_stmt **stmt,
                    const char    *sql)
{
  if (*stmt == NULL && sqlite3_prepare_v2 (snap->db, sql, -1, stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_reset (*stmt);
  return *stmt;
}

/* The id of @entry, or NULL when its note went since the names were read
 * (the next call reads them again). */
static char *
make_id (Snapshot    *snap,
         const Entry *entry)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  char *id = NULL;

  if (entry->id < 0)
    {
      key = topic_key (snap, entry);
      return g_strconcat ("topic:", key, NULL);
    }
  stmt = snapshot_statement (snap, &snap->note_path, "SELECT path FROM notes WHERE id = ?1");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);

      if (path != NULL && g_utf8_validate (path, -1, NULL))
        id = g_strconcat ("note:", path, NULL);
    }
  sqlite3_reset (stmt);
  return id;
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
      g_string_append (all, g_str_has_suffix (all->str, "_") ? (char *) patterns->pdata[i] + 1 : patterns->pdata[i]);
    if (!g_str_has_suffix (all->str, "_"))
      g_string_append_c (all, '_');
    exact = g_string_free (g_steal_pointer (&all), FALSE);
  }

  matches = g_array_new (FALSE, FALSE, sizeof (Match));
  add_matches (matches, limit, &snap->notes, patterns, exact);
  add_matches (matches, limit, &snap->topics, patterns, exact);
  g_ptr_array_set_size (snap->found, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      const Entry *entry = g_array_index (matches, Match, i).entry;
      char *id = make_id (snap, entry);

      if (id == NULL)
        continue;
      g_ptr_array_add (snap->found, (gpointer) entry);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

/* The note at vault path @path, as the index holds it now, or NULL. */
static LecShellResult *
lookup_note (Snapshot   *snap,
             const char *path)
{
  sqlite3_stmt *stmt;
  LecShellResult *result = NULL;

  stmt = snapshot_statement (snap, &snap->note_meta, "SELECT title, channel FROM notes WHERE path = ?1");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    {
      result = g_new0 (LecShellResult, 1);
      result->id = g_strconcat ("note:", path, NULL);
      result->target = g_strdup (path);
      result->name = dup_valid ((const char *) sqlite3_column_text (stmt, 0));
      result->channel = dup_valid ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return result;
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
  if (!g_utf8_validate (target, -1, NULL))
    return NULL;

  /* Only what the index holds is found, so nothing else is ever opened:
   * no path outside the vault, no made-up topic. */
  locker = g_mutex_locker_new (&self->lock);
  if ((snap = ensure_snapshot (self, root)) == NULL)
    return NULL;
  if (!topic)
    return lookup_note (snap, target);
  if ((entry = find_topic (snap, target)) == NULL)
    return NULL;

  result = g_new0 (LecShellResult, 1);
  result->id = g_strdup (id);
  result->topic = TRUE;
  result->target = g_strdup (target);
  result->name = lec_humanize_slug (names_text (&snap->topics, entry->name));
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
