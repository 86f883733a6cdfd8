/* lec-index-update.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"
#include "lec-note-info.h"
#include "lec-walk.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* Bringing the index up to date with the vault: the walk (or the paths
 * the folder monitors named), the parse workers (lec-index-parse.c), the
 * one thread that writes (with lec-index-write.c's statements), and the
 * links resolved again. */

#define BATCH_SIZE 500

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
    g_clear_pointer (&job->parsed[i], _lec_index_parsed_free);
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

/* The parse workers yield to the writer. On two cores the writer (one
 * thread, SQLite's) is a third thread and got two thirds of a core; when
 * it fell behind, the workers filled the jobs in flight and waited, and
 * a core stood idle. With the workers ten steps nicer, the writer runs
 * whenever it has work and they take the rest: a first index of 23,770
 * real notes took 5.8-6.3 s instead of 6.7-7.3 s over six alternating
 * pairs (see HACKING.md for later, smaller gains). In the app they yield
 * to the window too. Linux sets a thread's nice by its id; a thread can
 * only be made nicer, so the pool is exclusive: its threads are its own
 * and end with it. */
static void
nicer_thread (void)
{
#ifdef __linux__
  static GPrivate niced;
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice;

  if (g_private_get (&niced) != NULL)
    return;
  g_private_set (&niced, GINT_TO_POINTER (TRUE));
  errno = 0;
  nice = getpriority (PRIO_PROCESS, tid);
  if (errno == 0)
    setpriority (PRIO_PROCESS, tid, MIN (nice + 10, 19));
#endif
}

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
  nicer_thread ();
  for (guint i = 0; i < job->n; i++)
    job->parsed[i] = _lec_index_parse_note (job->states[i]);
  g_async_queue_push (q->results, job);
}

/* Whether the files table lists exactly @attachments. */
static gboolean
same_attachments (LecIndex  *self,
                  GPtrArray *attachments)
{
  g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT path FROM files");
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

/* The entry of a note just parsed, as _lec_index_load_notes() would read
 * it back. */
static LecNoteInfo *
parsed_info_new (LecIndex *self,
                 Parsed   *p)
{
  LecNoteInfo *info = _lec_index_note_info_new (self, p->state->path, p->title, p->video_id, p->channel,
                                                p->sort_key);

  if (p->aliases != NULL && p->aliases[0] != NULL)
    lec_note_info_set_aliases (info, (const char * const *) p->aliases);
  return info;
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
  sqlite3_stmt *stmt = _lec_index_prepare (m->self, "SELECT path, size, mtime, inode FROM notes");
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
  _lec_index_resolver_sorted (_lec_index_ensure_resolver (m->self, NULL));
}

static guint
count (LecIndex   *self,
       const char *sql)
{
  sqlite3_stmt *stmt = _lec_index_prepare (self, sql);
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
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT size, mtime, inode FROM notes WHERE path = ?1");
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

/* One update, from what it looks at to the commit. */
typedef struct
{
  LecIndex         *self;
  Disk              disk;
  GPtrArray        *jobs;        /* FileState, as disk.notes holds them */
  GPtrArray        *gone;        /* the paths of notes no longer there */
  guint             n_indexed;   /* the notes the index held (1 for named paths) */
  gboolean          fresh;       /* a first build */
  gboolean          attachments_changed;
  Statements        st;
  GArray           *written;     /* ids of the notes written, but in a first build */
  GArray           *removed;     /* ids of notes gone, or whose names changed */
  GPtrArray        *name_keys;   /* see _lec_index_add_name_keys() */
  gboolean          names_changed;
  gboolean          names_unusual;
  guint             done;        /* notes the writer is done with */
  LecIndexProgress  progress;
  gpointer          progress_data;

  /* Where the time goes, for G_MESSAGES_DEBUG=lec-index. */
  gint64            t_start, t_walked, t_parsed, t_linked, t_waiting, t_writing;
} UpdateState;

/* The whole vault: the walk, with the notes the index holds read
 * meanwhile. What it did not find is gone. */
static void
walk_vault (UpdateState  *u,
            GCancellable *cancellable)
{
  LecIndex *self = u->self;
  Meanwhile meanwhile = { self, &u->disk };
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_set_size (self->problems, 0);
  lec_walk (self->root, disk_entry, &u->disk, self->problems, cancellable, walk_meanwhile, &meanwhile);
  /* A walk that could not start (a root without a local path) made no
   * call. */
  if (u->disk.indexed == NULL)
    walk_meanwhile (&meanwhile);
  u->t_walked = g_get_monotonic_time ();
  /* Made during the walk, the resolver did not know the attachments yet;
   * if they changed, the links are resolved with one made anew
   * (resolve_changed_links()). */
  if (self->resolver != NULL && self->resolver->attachments == NULL)
    self->resolver->attachments = g_ptr_array_ref (u->disk.attachments);

  u->n_indexed = g_hash_table_size (u->disk.indexed);
  g_hash_table_iter_init (&iter, u->disk.indexed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((Indexed *) value)->seen)
      g_ptr_array_add (u->gone, g_strdup (key));
}

/* Opens the update's transaction, a first build's in a file of its own. */
static gboolean
begin_writing (UpdateState  *u,
               sqlite3     **live,
               GError      **error)
{
  LecIndex *self = u->self;

  /* Row lengths are read again at the next search. */
  g_clear_pointer (&self->row_sizes, g_array_unref);

  u->fresh = u->n_indexed == 0 && u->jobs->len > 0;
  /* The resolver follows the notes as this update writes and removes them;
   * one made before another connection wrote is thrown away. */
  if (u->fresh || (self->resolver != NULL && self->resolver->data_version != _lec_index_data_version (self)))
    g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  /* So do the topics, through the notes whose links change. */
  _lec_index_topics_begin_update (self, u->fresh);
  if (u->fresh && !_lec_index_begin_build (self, live, error))
    return FALSE;
  /* A first build's resolver, and the table its links are resolved by,
   * take each note as it is written, while the workers parse the next:
   * made at the end from the notes read back, they held up the build's
   * last, single-threaded part for 0.2 s at 23,770 notes. */
  if (u->fresh)
    _lec_index_resolver_table (_lec_index_ensure_resolver (self, u->disk.attachments));

  if (!_lec_index_exec (self, "BEGIN", error))
    return u->fresh ? _lec_index_end_build (self, *live, FALSE, NULL) : FALSE;
  return TRUE;
}

/* Takes the notes that are gone out of the index. */
static gboolean
remove_gone (UpdateState  *u,
             GError      **error)
{
  LecIndex *self = u->self;
  gboolean ok = TRUE;

  for (guint i = 0; i < u->gone->len && ok; i++)
    {
      gint64 id = _lec_index_note_id (&u->st, u->gone->pdata[i], NULL, NULL);

      if (id >= 0)
        g_array_append_val (u->removed, id);
      if (id >= 0 && self->resolver != NULL)
        _lec_index_resolver_remove (self->resolver, id);
      _lec_index_topics_changed (self, id);
      ok = _lec_index_delete_note (self, u->st.deletes, u->gone->pdata[i], error);
    }
  return ok;
}

/* What a note read again changes in the names links go by: one now
 * unreadable or gone is taken out; a new note, or one with another title
 * or aliases, has new names. */
static void
note_names (UpdateState *u,
            Parsed      *p,
            gint64       keep_id,
            gboolean     same_names)
{
  LecIndex *self = u->self;

  if (p->state->indexed && !p->parsed && !p->denied)
    {
      if (keep_id >= 0)
        g_array_append_val (u->removed, keep_id);
      if (keep_id >= 0 && self->resolver != NULL)
        _lec_index_resolver_remove (self->resolver, keep_id);
      _lec_index_topics_changed (self, keep_id);
    }
  else if (p->parsed && !same_names)
    {
      u->names_changed = TRUE;
      if (keep_id >= 0)
        g_array_append_val (u->removed, keep_id);
      if (!u->fresh && !_lec_index_add_name_keys (u->name_keys, p->state->path, p->title,
                                                  (const char * const *) p->aliases))
        u->names_unusual = TRUE;
    }
}

/* Writes the note @p parsed, and tells the resolver and the topics. */
static gboolean
write_note (UpdateState  *u,
            Parsed       *p,
            gint64        keep_id,
            GError      **error)
{
  LecIndex *self = u->self;
  gint64 id;

  if (!_lec_index_insert_note (self, &u->st, p, keep_id, &id, error))
    return FALSE;
  if (!u->fresh)
    g_array_append_val (u->written, id);
  _lec_index_topics_changed (self, id);
  if (self->resolver != NULL)
    {
      g_autoptr(LecNoteInfo) info = parsed_info_new (self, p);

      _lec_index_resolver_put (self->resolver, id, info);
    }
  return TRUE;
}

/* The writer's part of one note: out with what the index had of it, in
 * with what it is now. Once a write failed (!@ok) only what the note
 * said is kept. */
static gboolean
write_parsed (UpdateState  *u,
              Parsed       *p,
              gboolean      ok,
              GError      **error)
{
  LecIndex *self = u->self;
  gint64 keep_id = -1;
  gboolean same_names = FALSE;

  /* A note its reader may no longer read keeps what the index had of it
   * (and its size and time, so the next update tries again); a note gone
   * is removed. */
  if (ok && p->state->indexed && !p->denied)
    {
      keep_id = _lec_index_old_note (&u->st, p, &same_names);
      ok = _lec_index_delete_note (self, u->st.deletes, p->state->path, error);
    }
  note_names (u, p, keep_id, same_names);
  u->t_writing -= g_get_monotonic_time ();
  if (ok && p->parsed)
    ok = write_note (u, p, keep_id, error);
  u->t_writing += g_get_monotonic_time ();
  g_ptr_array_extend_and_steal (self->problems, g_steal_pointer (&p->problems));

  /* Updates commit in batches so that a crash keeps what was done; a
   * first build is one transaction, as it is all or nothing anyway. */
  if (++u->done % BATCH_SIZE == 0 && ok)
    {
      if (!u->fresh)
        ok = _lec_index_exec (self, "COMMIT", error) && _lec_index_exec (self, "BEGIN", error);
      if (u->progress != NULL)
        u->progress (u->done, u->jobs->len, u->progress_data);
    }
  return ok;
}

/* Parses on every core; this thread alone writes. At most a few jobs are
 * in flight, so memory stays flat however large the vault. */
static gboolean
parse_and_write (UpdateState   *u,
                 gboolean       ok,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GAsyncQueue) results = g_async_queue_new ();
  g_autoptr(GAsyncQueue) spent_jobs = g_async_queue_new ();
  Queues queues = { results, spent_jobs };
  guint n_threads = MAX (1, g_get_num_processors ());
  GThreadPool *pool = g_thread_pool_new (parse_job, &queues, (int) n_threads, TRUE, NULL);
  guint next = 0, in_flight = 0, max_in_flight = n_threads * 4;
  Job *job;

  while (ok && (next < u->jobs->len || in_flight > 0))
    {
      while (next < u->jobs->len && in_flight < max_in_flight && !g_cancellable_is_cancelled (cancellable))
        {
          job = g_new0 (Job, 1);
          while (job->n < JOB_NOTES && next < u->jobs->len)
            job->states[job->n++] = u->jobs->pdata[next++];
          g_thread_pool_push (pool, job, NULL);
          in_flight++;
        }
      if (in_flight == 0)
        break;

      u->t_waiting -= g_get_monotonic_time ();
      job = g_async_queue_pop (queues.results);
      u->t_waiting += g_get_monotonic_time ();
      in_flight--;

      for (guint i = 0; i < job->n; i++)
        ok = write_parsed (u, job->parsed[i], ok, error);
      g_async_queue_push (queues.spent, job);
    }

  g_thread_pool_free (pool, FALSE, TRUE);
  /* Written jobs, and after a failure those never written. */
  while ((job = g_async_queue_try_pop (queues.spent)) != NULL ||
         (job = g_async_queue_try_pop (queues.results)) != NULL)
    job_free (job);
  return ok;
}

/* Resolves the links the update may have sent elsewhere, and no others:
 * a first build's held links, all of them when a name is unusual or the
 * attachments changed, else those that names, removals or the notes
 * written can touch. */
static gboolean
resolve_changed_links (UpdateState  *u,
                       GArray       *held_links,
                       GError      **error)
{
  LecIndex *self = u->self;
  GPtrArray *attachments = u->disk.attachments;

  if (held_links != NULL)
    return _lec_index_write_held_links (self, held_links, attachments, error);
  if (u->names_unusual || u->attachments_changed)
    return _lec_index_resolve_links (self, u->attachments_changed, attachments, error);
  if (u->names_changed)
    return _lec_index_resolve_after_names (self, u->removed, u->name_keys, u->written, attachments, error);
  if (u->removed->len > 0)
    return _lec_index_resolve_after_removal (self, u->removed, u->written, attachments, error);
  if (u->written->len > 0)
    return _lec_index_resolve_links_of (self, u->written, attachments, error);
  return TRUE;
}

/* Commits (@ok) or rolls back, and puts a first build in place. */
static gboolean
finish_writing (UpdateState  *u,
                sqlite3      *live,
                gboolean      ok,
                GError      **error)
{
  LecIndex *self = u->self;

  if (ok)
    ok = _lec_index_exec (self, "COMMIT", error);
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* What failed may have made them from rows that are not there now. */
  if (!ok)
    g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  _lec_index_topics_end_update (self, ok);

  if (u->fresh)
    ok = _lec_index_end_build (self, live, ok, ok ? error : NULL);
  return ok;
}

/* Writes what changed in one transaction (batches of one, for an update),
 * and resolves the links that may lead elsewhere now. */
static gboolean
write_changes (UpdateState    *u,
               LecIndexStats  *stats,
               GCancellable   *cancellable,
               GError        **error)
{
  LecIndex *self = u->self;
  g_autoptr(GArray) held_links = NULL;
  sqlite3 *live = NULL;
  gboolean ok;

  if (!begin_writing (u, &live, error))
    return FALSE;
  _lec_index_statements_prepare_deletes (self, &u->st);
  ok = remove_gone (u, error);
  _lec_index_statements_prepare_inserts (self, &u->st, u->fresh);
  ok = parse_and_write (u, ok, cancellable, error);
  held_links = g_steal_pointer (&u->st.held_links);
  _lec_index_statements_clear (&u->st);
  u->t_parsed = g_get_monotonic_time ();

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && u->attachments_changed)
    ok = _lec_index_write_attachments (self, u->disk.attachments, error);
  if (ok)
    ok = resolve_changed_links (u, held_links, error);
  u->t_linked = g_get_monotonic_time ();
  if (ok && u->fresh)
    ok = _lec_index_create_indexes (self, error);
  ok = finish_writing (u, live, ok, error);

  g_debug ("%u notes parsed: walk %d ms, parse and write %d ms (the writer waited %d ms and wrote %d ms), "
           "links %d ms, the rest %d ms",
           u->jobs->len, (int) ((u->t_walked - u->t_start) / 1000), (int) ((u->t_parsed - u->t_walked) / 1000),
           (int) (u->t_waiting / 1000), (int) (u->t_writing / 1000), (int) ((u->t_linked - u->t_parsed) / 1000),
           (int) ((g_get_monotonic_time () - u->t_linked) / 1000));
  if (u->progress != NULL && ok)
    u->progress (u->done, u->jobs->len, u->progress_data);
  if (stats != NULL)
    {
      stats->parsed = u->done;
      stats->removed = u->gone->len;
    }
  return ok;
}

/* Frees what @u holds, and keeps the attachments and folders it found. */
static void
update_state_finish (UpdateState *u)
{
  LecIndex *self = u->self;

  g_hash_table_unref (u->disk.notes);
  g_clear_pointer (&u->disk.indexed, g_hash_table_unref);
  g_clear_pointer (&u->disk.indexed_paths, g_string_chunk_free);
  g_free (u->disk.indexed_rows);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  self->attachments = u->disk.attachments;
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  self->folders = u->disk.folders;
  g_ptr_array_unref (u->jobs);
  g_ptr_array_unref (u->gone);
  g_array_unref (u->written);
  g_array_unref (u->removed);
  g_ptr_array_unref (u->name_keys);
}

static int
compare_state_paths (gconstpointer a,
                     gconstpointer b)
{
  const FileState *x = *(FileState * const *) a, *y = *(FileState * const *) b;

  return strcmp (x->path, y->path);
}

/* One update: what changed on disk (the notes at @paths, or the whole
 * vault), then written. */
static gboolean
update_once (LecIndex          *self,
             GPtrArray         *paths,
             LecIndexProgress   progress,
             gpointer           progress_data,
             LecIndexStats     *stats,
             GCancellable      *cancellable,
             GError           **error)
{
  UpdateState u = {
    .self = self,
    .disk = {
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _lec_index_file_state_free),
      g_ptr_array_new_with_free_func (g_free),
      g_ptr_array_new_with_free_func (g_free),
    },
    .jobs = g_ptr_array_new (),
    .gone = g_ptr_array_new_with_free_func (g_free),
    .written = g_array_new (FALSE, FALSE, sizeof (gint64)),
    .removed = g_array_new (FALSE, FALSE, sizeof (gint64)),
    .name_keys = g_ptr_array_new_with_free_func (g_free),
    .progress = progress,
    .progress_data = progress_data,
    .t_start = g_get_monotonic_time (),
  };
  GHashTableIter iter;
  gpointer value;
  gboolean ok = TRUE;

  if (paths != NULL)
    {
      gather_paths (self, paths, &u.disk, u.gone);
      u.n_indexed = 1;
      u.t_walked = g_get_monotonic_time ();
    }
  else
    walk_vault (&u, cancellable);

  g_hash_table_iter_init (&iter, u.disk.notes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (u.jobs, value);
  /* In the order of their paths, so that the notes table's index of
   * paths grows at its end rather than at random places. */
  g_ptr_array_sort (u.jobs, compare_state_paths);

  /* Nothing changed, the commonest update: no transaction, no workers. */
  u.attachments_changed = paths == NULL && !same_attachments (self, u.disk.attachments);
  if (u.jobs->len == 0 && u.gone->len == 0 && !u.attachments_changed)
    {
      if (stats != NULL)
        stats->parsed = stats->removed = 0;
    }
  else
    ok = write_changes (&u, stats, cancellable, error);

  update_state_finish (&u);
  return ok;
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
  if (!_lec_index_before_update (self, error))
    return FALSE;

  /* Sort keys of another collation (another locale, or lectern-cli run
   * in another) are made anew before anything else is written. */
  if ((!_lec_index_sort_keys_current (self) && !_lec_index_write_sort_keys (self, &local_error)) ||
      !update_once (self, paths, progress, progress_data, &local, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Damage that showed only now starts over from an empty index; a
       * file that cannot be written goes on from memory. */
      if (!_lec_index_recover (self, &local_error, error))
        return FALSE;
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
