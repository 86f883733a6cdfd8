/* lec-index-topics.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"
#include "lec-note-info.h"
#include "lec-slug.h"

#include <string.h>

/* What links say: the topics and their counts (kept from one listing to
 * the next), backlinks, the notes that mention a topic, and the videos'
 * titles from the channel pages. */

/* The topics and their counts, kept from one listing to the next and
 * brought up to date note by note: counting every link again took 0.15 s
 * per update at 25,000 notes. A topic is a note links lead to, or the
 * slug (else the target) of links that lead nowhere. */
typedef struct
{
  gint64  to;         /* the note it is, or -1 */
  char   *key;        /* else its slug or target */
  char   *name;       /* and the name people read; NULL until asked for */
  guint   notes;      /* the notes that mention it */
  gint64  last_note;  /* the last note counted; while counting */
} Topic;

/* One way the links to a topic with no note write its target
 * ("Impact of AI", "impact of ai"), and how many notes write it so.
 * The topic is named after the spelling most notes use: a function of
 * the links there are now, whatever order they were counted in. */
typedef struct
{
  Topic  *topic;
  char   *text;
  guint   notes;
  gint64  last_note;
} Spelling;

/* The distinct topics and spellings one note mentions. */
typedef struct
{
  gint64     id;
  GPtrArray *topics;     /* Topic, borrowed */
  GPtrArray *spellings;  /* Spelling, borrowed */
} Mentions;

struct _Topics
{
  gint64      data_version;  /* of the connection, when counted */
  GHashTable *resolved;      /* gint64 * in Topic → Topic */
  GHashTable *open;          /* key in Topic → Topic */
  GHashTable *spellings;     /* Spelling, by topic and text */
  GHashTable *by_note;       /* gint64 * in Mentions → Mentions */
  GHashTable *changed;       /* gint64 ids whose links an update changed */
  gboolean    renamed;       /* a topic's spellings changed since its name */
};

static void
topic_struct_free (Topic *t)
{
  g_free (t->key);
  g_free (t->name);
  g_free (t);
}

static void
spelling_free (Spelling *s)
{
  g_free (s->text);
  g_free (s);
}

static guint
spelling_hash (gconstpointer p)
{
  const Spelling *s = p;

  return g_str_hash (s->text) ^ g_direct_hash (s->topic);
}

static gboolean
spelling_equal (gconstpointer a,
                gconstpointer b)
{
  const Spelling *x = a, *y = b;

  return x->topic == y->topic && strcmp (x->text, y->text) == 0;
}

static void
mentions_free (Mentions *m)
{
  g_ptr_array_unref (m->topics);
  g_ptr_array_unref (m->spellings);
  g_free (m);
}

void
_lec_index_topics_free (Topics *t)
{
  g_hash_table_unref (t->by_note);
  g_hash_table_unref (t->resolved);
  g_hash_table_unref (t->open);
  g_hash_table_unref (t->spellings);
  g_clear_pointer (&t->changed, g_hash_table_unref);
  g_free (t);
}

/* Counts note @m once for spelling @text of @topic: the name the topic
 * is read under may change. */
static void
topics_count_spelling (Topics     *t,
                       Mentions   *m,
                       Topic      *topic,
                       const char *text)
{
  Spelling probe = { topic, (char *) text, 0, -1 };
  Spelling *s = g_hash_table_lookup (t->spellings, &probe);

  if (s == NULL)
    {
      s = g_new0 (Spelling, 1);
      s->topic = topic;
      s->text = g_strdup (text);
      s->last_note = -1;
      g_hash_table_add (t->spellings, s);
    }
  if (s->last_note == m->id)
    return;
  s->last_note = m->id;
  s->notes++;
  g_ptr_array_add (m->spellings, s);
  g_clear_pointer (&topic->name, g_free);
  t->renamed = TRUE;
}

/* Counts the link of note @m to @to (a note id, or -1) or @key, written
 * @text, once per note: a note's links come one after another. */
static void
topics_count (Topics     *t,
              Mentions   *m,
              gint64      to,
              const char *key,
              const char *text)
{
  Topic *topic = to >= 0 ? g_hash_table_lookup (t->resolved, &to) : g_hash_table_lookup (t->open, key);

  if (topic == NULL)
    {
      topic = g_new0 (Topic, 1);
      topic->to = to;
      topic->key = to >= 0 ? NULL : g_strdup (key);
      topic->last_note = -1;
      if (to >= 0)
        g_hash_table_insert (t->resolved, &topic->to, topic);
      else
        g_hash_table_insert (t->open, topic->key, topic);
    }
  if (to < 0)
    topics_count_spelling (t, m, topic, text != NULL ? text : key);
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
      m->spellings = g_ptr_array_new ();
      g_hash_table_insert (t->by_note, &m->id, m);
    }
  return m;
}

/* Counts the link row @stmt stands on (resolved, slug or target,
 * target) for note @id. */
static void
topics_count_row (Topics       *t,
                  gint64        id,
                  sqlite3_stmt *stmt,
                  int           column)
{
  gboolean resolved = sqlite3_column_type (stmt, column) != SQLITE_NULL;
  const char *key = (const char *) sqlite3_column_text (stmt, column + 1);
  const char *text = (const char *) sqlite3_column_text (stmt, column + 2);

  if (resolved)
    topics_count (t, topics_mentions (t, id), sqlite3_column_int64 (stmt, column), NULL, NULL);
  else if (key != NULL && *key != '\0')
    topics_count (t, topics_mentions (t, id), -1, key, text);
}

static Topics *
topics_new (LecIndex *self)
{
  Topics *t = g_new0 (Topics, 1);
  sqlite3_stmt *stmt;

  t->resolved = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) topic_struct_free);
  t->open = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) topic_struct_free);
  t->spellings = g_hash_table_new_full (spelling_hash, spelling_equal, (GDestroyNotify) spelling_free, NULL);
  t->by_note = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) mentions_free);
  t->data_version = _lec_index_data_version (self);

  /* A note's links are written together, so in rowid order they come
   * together too: a topic's last counted note tells a new one. (SQL's
   * GROUP BY sorted every link: 0.6 s at 25,000 notes.) */
  stmt = _lec_index_prepare (self, "SELECT note_id, resolved, coalesce (slug, target), target FROM links ORDER BY rowid");
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
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT resolved, coalesce (slug, target), target FROM links WHERE note_id = ?1");
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, t->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      Mentions *m = g_hash_table_lookup (t->by_note, &id);

      /* Its spellings first: a topic no note mentions has none left. */
      for (guint i = 0; m != NULL && i < m->spellings->len; i++)
        {
          Spelling *s = m->spellings->pdata[i];

          s->last_note = -1;
          g_clear_pointer (&s->topic->name, g_free);
          t->renamed = TRUE;
          if (--s->notes == 0)
            g_hash_table_remove (t->spellings, s);
        }
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
  t->data_version = _lec_index_data_version (self);
}

/* Names the topics whose spellings changed after the spelling most notes
 * use; of spellings as common, the first in byte order, which puts
 * capitals first ("Impact of AI" before "impact of ai"). */
static void
topics_name (Topics *t)
{
  g_autoptr(GHashTable) best = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!t->renamed)
    return;
  best = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, t->spellings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Spelling *s = key;
      Spelling *b;

      if (s->topic->name != NULL)
        continue;
      b = g_hash_table_lookup (best, s->topic);
      if (b == NULL || s->notes > b->notes || (s->notes == b->notes && strcmp (s->text, b->text) < 0))
        g_hash_table_insert (best, s->topic, s);
    }
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ((Topic *) key)->name = lec_humanize_slug (((Spelling *) value)->text);
  t->renamed = FALSE;
}

/* Before an update writes: topics counted before another connection
 * wrote (or before a first build, @fresh) are thrown away; the others
 * follow the notes whose links the update changes. */
void
_lec_index_topics_begin_update (LecIndex *self,
                                gboolean  fresh)
{
  if (fresh || (self->topics != NULL && self->topics->data_version != _lec_index_data_version (self)))
    g_clear_pointer (&self->topics, _lec_index_topics_free);
  if (self->topics != NULL)
    self->topics->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* After the update's commit (@ok), or its rollback: what failed may have
 * counted rows that are not there now. */
void
_lec_index_topics_end_update (LecIndex *self,
                              gboolean  ok)
{
  if (!ok)
    g_clear_pointer (&self->topics, _lec_index_topics_free);
  else if (self->topics != NULL)
    topics_refresh (self);
}

/* Notes the links of note @id as changed, for topics_refresh(). */
void
_lec_index_topics_changed (LecIndex *self,
                           gint64    id)
{
  if (self->topics == NULL || self->topics->changed == NULL)
    return;
  g_hash_table_add (self->topics->changed, g_memdup2 (&id, sizeof id));
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

/* Every note's entry by id (gint64 * in Known → Known), read from the
 * notes table. */
static GHashTable *
load_known (LecIndex *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) infos = _lec_index_load_notes (self, ids);
  GHashTable *known = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify) _lec_index_known_free);

  for (guint i = 0; i < infos->len; i++)
    {
      Known *k = g_new (Known, 1);

      k->id = g_array_index (ids, gint64, i);
      k->info = g_object_ref (infos->pdata[i]);
      g_hash_table_insert (known, &k->id, k);
    }
  return known;
}

/**
 * lec_index_topics:
 *
 * Every wiki link target of the vault, resolved or not, with the number of
 * notes that mention it; most mentioned first. A resolved topic is named
 * by its note's title, an unresolved one by its target as most of the
 * notes that link to it write it, capitals kept.
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

  if (self->topics != NULL && self->topics->data_version != _lec_index_data_version (self))
    g_clear_pointer (&self->topics, _lec_index_topics_free);
  if (self->topics == NULL)
    self->topics = topics_new (self);
  topics_name (self->topics);

  /* The notes topics are, by id: the resolver's, else read here. */
  if (self->attachments != NULL)
    notes = _lec_index_ensure_resolver (self, self->attachments)->by_id;
  else
    notes = names = load_known (self);

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
      t->name = topic->name != NULL ? g_strdup (topic->name) : lec_humanize_slug (topic->key);
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

  stmt = _lec_index_prepare (self, "SELECT DISTINCT n.path FROM links l JOIN notes n ON n.id = l.note_id"
                        " WHERE l.resolved = (SELECT id FROM notes WHERE path = ?1) AND n.path <> ?1"
                        " ORDER BY n.path");
  if (stmt == NULL)
    {
      _lec_index_sql_error (self, error);
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
  stmt = _lec_index_prepare (self,
                             "SELECT n.path, n.title, n.video_id,"
                             "  (SELECT v.title FROM videos v WHERE v.video_id = n.video_id LIMIT 1) AS vt"
                             " FROM notes n WHERE n.id IN"
                             "  (SELECT l.note_id FROM links l WHERE l.resolved = (SELECT id FROM notes WHERE path = ?1)"
                             "   UNION SELECT l.note_id FROM links l WHERE l.resolved IS NULL AND coalesce (l.slug, l.target) = ?1)"
                             " ORDER BY n.video_id IS NULL, coalesce (vt, n.video_id), n.path");
  if (stmt == NULL)
    {
      _lec_index_sql_error (self, error);
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

  stmt = _lec_index_prepare (self, "SELECT video_id, title FROM videos");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (titles, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return titles;
}
