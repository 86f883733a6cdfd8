/* lec-index-write.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"
#include "lec-note.h"

#include <string.h>

/* The writer's statements: a note's rows taken out and put in, and the
 * links a first build held back, written resolved. Only the update's
 * writer thread runs them (see lec-index-update.c). */

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
  _lec_index_link_row_clear (&h->row);
}

void
_lec_index_statements_clear (Statements *st)
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

/* The statements that take notes out, and those that find what the
 * index held of a note. */
void
_lec_index_statements_prepare_deletes (LecIndex   *self,
                                       Statements *st)
{
  for (guint i = 0; i < G_N_ELEMENTS (delete_sql); i++)
    st->deletes[i] = _lec_index_prepare (self, delete_sql[i]);
  st->old_note = _lec_index_prepare (self, "SELECT id, title FROM notes WHERE path = ?1");
  st->old_aliases = _lec_index_prepare (self, "SELECT alias FROM aliases WHERE note_id = ?1 ORDER BY rowid");
}

/* The statements that write a note; a first build (@fresh) holds its
 * links back instead. */
void
_lec_index_statements_prepare_inserts (LecIndex   *self,
                                       Statements *st,
                                       gboolean    fresh)
{
  st->insert_note = _lec_index_prepare (self, "INSERT INTO notes (id, path, title, video_id, channel, size, mtime, inode, words) "
                                              "VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st->insert_sort_key = _lec_index_prepare (self, "INSERT OR REPLACE INTO sort_keys (id, key) VALUES (?1, ?2)");
  st->insert_link = _lec_index_prepare (self, "INSERT INTO links (note_id, target, heading, embed, slug, odd)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  st->insert_alias = _lec_index_prepare (self, "INSERT INTO aliases (note_id, alias) VALUES (?1, ?2)");
  st->insert_tag = _lec_index_prepare (self, "INSERT INTO tags (note_id, tag) VALUES (?1, ?2)");
  st->insert_video = _lec_index_prepare (self, "INSERT INTO videos (video_id, title, page_id) VALUES (?1, ?2, ?3)");
  if (fresh)
    {
      st->held_links = g_array_new (FALSE, FALSE, sizeof (HeldLink));
      g_array_set_clear_func (st->held_links, (GDestroyNotify) held_link_clear);
    }
  st->insert_text = _lec_index_prepare (self, "INSERT INTO text (id, title, aliases, headings, tags, body_z, timestamps, lead)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st->insert_fts = _lec_index_prepare (self, "INSERT INTO fts (rowid, title, aliases, headings, tags, body)"
                                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
}

gboolean
_lec_index_delete_note (LecIndex      *self,
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
          return _lec_index_sql_error (self, error);
        }
      sqlite3_reset (stmts[i]);
    }
  return TRUE;
}

/* The links of note @id, held back in a first build (the held array
 * takes their strings), else written unresolved. */
static gboolean
insert_links (LecIndex    *self,
              Statements  *st,
              gint64       id,
              Parsed      *p,
              GError     **error)
{
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
      if (!_lec_index_step_done (self, st->insert_link, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_aliases_and_tags (LecIndex    *self,
                         Statements  *st,
                         gint64       id,
                         Parsed      *p,
                         GError     **error)
{
  for (guint i = 0; p->aliases != NULL && p->aliases[i] != NULL; i++)
    {
      sqlite3_bind_int64 (st->insert_alias, 1, id);
      sqlite3_bind_text (st->insert_alias, 2, p->aliases[i], -1, SQLITE_STATIC);
      if (!_lec_index_step_done (self, st->insert_alias, error))
        return FALSE;
    }

  for (guint i = 0; p->tags != NULL && p->tags[i] != NULL; i++)
    {
      sqlite3_bind_int64 (st->insert_tag, 1, id);
      sqlite3_bind_text (st->insert_tag, 2, p->tags[i], -1, SQLITE_STATIC);
      if (!_lec_index_step_done (self, st->insert_tag, error))
        return FALSE;
    }
  return TRUE;
}

/* The titles of videos a channel page gives. */
static gboolean
insert_videos (LecIndex    *self,
               Statements  *st,
               gint64       id,
               Parsed      *p,
               GError     **error)
{
  for (guint i = 0; i < p->videos->len; i++)
    {
      const LecVideoTitle *v = &g_array_index (p->videos, LecVideoTitle, i);

      sqlite3_bind_text (st->insert_video, 1, v->video_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (st->insert_video, 2, v->title, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st->insert_video, 3, id);
      if (!_lec_index_step_done (self, st->insert_video, error))
        return FALSE;
    }
  return TRUE;
}

/* The note's search text, and its full-text row. */
static gboolean
insert_text (LecIndex    *self,
             Statements  *st,
             gint64       id,
             Parsed      *p,
             GError     **error)
{
  sqlite3_bind_int64 (st->insert_text, 1, id);
  sqlite3_bind_text (st->insert_text, 2, p->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 3, p->aliases_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 4, p->headings_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_text, 5, p->tags_text, -1, SQLITE_STATIC);
  sqlite3_bind_blob (st->insert_text, 6, g_bytes_get_data (p->body_z, NULL),
                     (int) g_bytes_get_size (p->body_z), SQLITE_STATIC);
  sqlite3_bind_blob (st->insert_text, 7, g_bytes_get_data (p->timestamps, NULL),
                     (int) g_bytes_get_size (p->timestamps), SQLITE_STATIC);
  sqlite3_bind_int (st->insert_text, 8, (int) MIN (p->lead, G_MAXINT));
  if (!_lec_index_step_done (self, st->insert_text, error))
    return FALSE;

  /* The full text gets the plain text the worker still holds: reading it
   * back through the view would inflate what was just deflated. */
  sqlite3_bind_int64 (st->insert_fts, 1, id);
  sqlite3_bind_text (st->insert_fts, 2, p->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 3, p->aliases_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 4, p->headings_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 5, p->tags_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (st->insert_fts, 6, p->body, -1, SQLITE_STATIC);
  return _lec_index_step_done (self, st->insert_fts, error);
}

/* Writes note @p, as the id @keep_id when it had one in the index. */
gboolean
_lec_index_insert_note (LecIndex    *self,
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
  if (!_lec_index_step_done (self, st->insert_note, error))
    return FALSE;
  *out_id = id = sqlite3_last_insert_rowid (self->db);

  sqlite3_bind_int64 (st->insert_sort_key, 1, id);
  sqlite3_bind_blob (st->insert_sort_key, 2, p->sort_key, (int) strlen (p->sort_key), SQLITE_STATIC);
  if (!_lec_index_step_done (self, st->insert_sort_key, error))
    return FALSE;

  return insert_links (self, st, id, p, error) &&
         insert_aliases_and_tags (self, st, id, p, error) &&
         insert_videos (self, st, id, p, error) &&
         insert_text (self, st, id, p, error);
}

/* The id of the note at @path in the index, or -1; with @same_title,
 * whether its title there is @title. */
gint64
_lec_index_note_id (Statements  *st,
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
gint64
_lec_index_old_note (Statements *st,
                     Parsed     *p,
                     gboolean   *same_names)
{
  gboolean same_title = FALSE;
  gint64 id = _lec_index_note_id (st, p->state->path, p->title, &same_title);
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

      rs->to[i] = from != NULL ? _lec_index_resolver_lookup (rs->resolver, h->row.target, from) : -1;
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
gboolean
_lec_index_write_held_links (LecIndex    *self,
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

  /* The build's own, which has every note already (see begin_writing()
   * in lec-index-update.c). */
  rs.resolver = _lec_index_ensure_resolver (self, attachments);
  _lec_index_resolver_table (rs.resolver);  /* before the thread uses it */

  g_mutex_init (&rs.lock);
  g_cond_init (&rs.cond);
  thread = g_thread_new ("lec-resolve", resolve_held, &rs);

  /* While that thread resolves the first links: FTS5 writes out the terms
   * it still holds in memory, as it does when a savepoint opens (else at
   * the first statement after, the creation of the links' indexes). At
   * 23,770 notes, 130 ms the other core had nothing to do in. */
  _lec_index_exec (self, "SAVEPOINT lec_flush; RELEASE lec_flush", NULL);

  insert = _lec_index_prepare (self, "INSERT INTO links (note_id, target, heading, embed, slug, resolved, odd)"
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
      ok = _lec_index_step_done (self, insert, error);
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

/* Lists @attachments in the files table, in place of what it held. */
gboolean
_lec_index_write_attachments (LecIndex   *self,
                              GPtrArray  *attachments,
                              GError    **error)
{
  gboolean ok = _lec_index_exec (self, "DELETE FROM files", error);
  sqlite3_stmt *stmt = _lec_index_prepare (self, "INSERT OR IGNORE INTO files (path) VALUES (?1)");

  for (guint i = 0; ok && i < attachments->len; i++)
    {
      sqlite3_bind_text (stmt, 1, attachments->pdata[i], -1, SQLITE_STATIC);
      ok = _lec_index_step_done (self, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}
