/* lec-index-resolver.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"
#include "lec-link-table.h"
#include "lec-note-info.h"
#include "lec-slug.h"

#include <locale.h>
#include <string.h>

/* Every note's entry (LecNoteInfo) with its title's sort key, by id and
 * by path, the link table made from them, and links resolved again after
 * an update: kept from one update to the next and changed note by note. */

/* Whether the sort_keys table holds keys for this process's collation. */
gboolean
_lec_index_sort_keys_current (LecIndex *self)
{
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT value FROM meta WHERE key = 'collate'");
  const char *collate = setlocale (LC_COLLATE, NULL);
  gboolean current = FALSE;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    current = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), collate) == 0;
  sqlite3_finalize (stmt);
  return current;
}

/* Gives every note the key of its title for this process's collation
 * (another locale's, or none, were there before). */
gboolean
_lec_index_write_sort_keys (LecIndex  *self,
                            GError   **error)
{
  sqlite3_stmt *select = NULL, *insert = NULL;
  gboolean ok = _lec_index_exec (self, "BEGIN IMMEDIATE; DELETE FROM sort_keys;", error);

  if (ok)
    {
      select = _lec_index_prepare (self, "SELECT id, title FROM notes");
      insert = _lec_index_prepare (self, "INSERT INTO sort_keys (id, key) VALUES (?1, ?2)");
      ok = select != NULL && insert != NULL;
    }
  while (ok && sqlite3_step (select) == SQLITE_ROW)
    {
      g_autofree char *key = lec_note_info_make_sort_key ((const char *) sqlite3_column_text (select, 1));

      sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_blob (insert, 2, key, (int) strlen (key), SQLITE_STATIC);
      ok = _lec_index_step_done (self, insert, error);
    }
  if (ok && !_lec_index_write_collation (self->db))
    ok = _lec_index_sql_error (self, error);
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  if (ok)
    ok = _lec_index_exec (self, "COMMIT", error);
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}

/* A note's entry for the lists and the link table, with the key of its
 * title as the index holds it (@stored) or as worked out here. */
LecNoteInfo *
_lec_index_note_info_new (LecIndex   *self,
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

/* Every note as a LecNoteInfo (title, video, channel, aliases), in id
 * order; with @ids, their ids too, at the same positions. */
GPtrArray *
_lec_index_load_notes (LecIndex *self,
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
  stmt = _lec_index_prepare (self, _lec_index_sort_keys_current (self)
                        ? "SELECT n.id, n.path, n.title, n.video_id, n.channel, k.key FROM notes n"
                          " LEFT JOIN sort_keys k ON k.id = n.id ORDER BY n.id"
                        : "SELECT id, path, title, video_id, channel, NULL FROM notes ORDER BY id");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LecNoteInfo *info = _lec_index_note_info_new (self, (const char *) sqlite3_column_text (stmt, 1),
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
  stmt = _lec_index_prepare (self, "SELECT note_id, alias FROM aliases");
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

void
_lec_index_known_free (Known *k)
{
  g_object_unref (k->info);
  g_free (k);
}

/* Forgets the note @id (as it was added). */
void
_lec_index_resolver_remove (Resolver *r,
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
void
_lec_index_resolver_put (Resolver    *r,
                         gint64       id,
                         LecNoteInfo *info)
{
  Known *k = g_new (Known, 1);

  _lec_index_resolver_remove (r, id);
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
GPtrArray *
_lec_index_resolver_sorted (Resolver *r)
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
  g_autoptr(GPtrArray) infos = _lec_index_load_notes (self, ids);

  r->attachments = attachments != NULL ? g_ptr_array_ref (attachments) : NULL;
  r->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) _lec_index_known_free);
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

void
_lec_index_resolver_free (Resolver *r)
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
LecLinkTable *
_lec_index_resolver_table (Resolver *r)
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

/* The index's resolver, made anew when there is none or another
 * connection wrote to the index since. */
Resolver *
_lec_index_ensure_resolver (LecIndex  *self,
                            GPtrArray *attachments)
{
  gint64 version = _lec_index_data_version (self);

  if (self->resolver != NULL && self->resolver->data_version != version)
    g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  if (self->resolver == NULL)
    {
      self->resolver = resolver_new (self, attachments);
      self->resolver->data_version = version;
    }
  return self->resolver;
}

/* Keeps @r (made for what the database holds now) as the resolver. */
void
_lec_index_resolver_keep (LecIndex *self,
                          Resolver *r)
{
  g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  self->resolver = r;
  if (r != NULL)
    r->data_version = _lec_index_data_version (self);
}

/* The id of the note @target leads to from the note at @from_path, or -1
 * (a topic, or a file that is not a note). */
gint64
_lec_index_resolver_lookup (Resolver   *r,
                            const char *target,
                            const char *from_path)
{
  g_autofree char *path = lec_link_table_resolve (_lec_index_resolver_table (r), target, from_path);
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
  sqlite3_stmt *update = _lec_index_prepare (self, "UPDATE links SET resolved = ?1 WHERE rowid = ?2");
  gboolean ok = TRUE;

  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = _lec_index_resolver_lookup (r, (const char *) sqlite3_column_text (stmt, 1),
                                              (const char *) sqlite3_column_text (stmt, 2));
      gint64 old = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);

      if (id == old)
        continue;
      if (id >= 0)
        sqlite3_bind_int64 (update, 1, id);
      else
        sqlite3_bind_null (update, 1);
      sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (stmt, 0));
      ok = _lec_index_step_done (self, update, error);
      _lec_index_topics_changed (self, sqlite3_column_int64 (stmt, 4));
    }
  sqlite3_reset (stmt);
  sqlite3_finalize (update);
  return ok;
}

/* Re-resolves every link against the vault as it is now: a note added,
 * removed or renamed anywhere, or given another title or aliases, can
 * change where any link leads. With @remake, against a resolver made
 * anew (the attachments changed). */
gboolean
_lec_index_resolve_links (LecIndex    *self,
                          gboolean     remake,
                          GPtrArray   *attachments,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (remake)
    g_clear_pointer (&self->resolver, _lec_index_resolver_free);
  stmt = _lec_index_prepare (self, LINK_ROWS);
  ok = resolve_rows (self, _lec_index_ensure_resolver (self, attachments), stmt, error);
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
  sqlite3_stmt *stmt = _lec_index_prepare (self, sql);
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
gboolean
_lec_index_resolve_links_of (LecIndex   *self,
                             GArray     *ids,
                             GPtrArray  *attachments,
                             GError    **error)
{
  return resolve_links_for_ids (self, _lec_index_ensure_resolver (self, attachments),
                                LINK_ROWS " WHERE l.note_id = ?1",
                                ids, error);
}

/* After notes were only removed (and others perhaps written again, with
 * the same names): a link that led elsewhere still does, since the note
 * it chose is still there and was preferred to the removed ones. Only the
 * links that led to a removed note, and those of the notes written, are
 * resolved again, against the notes left. */
gboolean
_lec_index_resolve_after_removal (LecIndex   *self,
                                  GArray     *removed,
                                  GArray     *written,
                                  GPtrArray  *attachments,
                                  GError    **error)
{
  return resolve_links_for_ids (self, _lec_index_ensure_resolver (self, attachments),
                                LINK_ROWS " WHERE l.resolved = ?1",
                                removed, error) &&
         _lec_index_resolve_links_of (self, written, attachments, error);
}

/* The slugs under which links could find a note with these names, added
 * to @keys: its file name (with and without ".md", as a target can carry
 * it), its title and its aliases. For plain ASCII, any link target that
 * the link table could match to the note by name or slug has one of these
 * slugs (folding and slugs agree on ASCII); targets with a "/" or any
 * other byte are resolved again whatever their slug. FALSE when a name is
 * not plain ASCII: case folding and slugs part ways there (ß). */
gboolean
_lec_index_add_name_keys (GPtrArray          *keys,
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
 * the renamed ones (@moved), and those that could find an added or
 * renamed one by its new names (@keys, see _lec_index_add_name_keys()),
 * are resolved again; every other link still leads where it did. With
 * the links of the notes written. */
gboolean
_lec_index_resolve_after_names (LecIndex   *self,
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

  if (!_lec_index_resolve_after_removal (self, moved, written, attachments, error))
    return FALSE;
  stmt = _lec_index_prepare (self, sql->str);
  for (guint i = 0; i < keys->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, keys->pdata[i], -1, SQLITE_STATIC);
  ok = resolve_rows (self, _lec_index_ensure_resolver (self, attachments), stmt, error);
  sqlite3_finalize (stmt);
  return ok;
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
  return lec_link_table_ref (_lec_index_resolver_table (_lec_index_ensure_resolver (self, self->attachments)));
}

/* The attachments the last update found, as the files table keeps them. */
static GPtrArray *
stored_attachments (LecIndex *self)
{
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT path FROM files");
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (paths, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return paths;
}

/**
 * lec_index_last_state:
 * @notes: (out) (transfer full): the notes the index holds, in no order
 * @links: (out) (transfer full): how their links resolve
 *
 * What the last update left, before this run updates anything: enough to
 * show a note with its links while the first update runs. The resolver
 * made for it is the one that update goes on with, if nothing changed.
 *
 * Returns: %FALSE if the index holds no notes (a first build) or was
 *   already brought up to date
 */
gboolean
lec_index_last_state (LecIndex      *self,
                      GPtrArray    **notes,
                      LecLinkTable **links)
{
  g_autoptr(GPtrArray) attachments = NULL;
  Resolver *r;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (LEC_IS_INDEX (self), FALSE);
  g_return_val_if_fail (notes != NULL && links != NULL, FALSE);

  if (self->attachments != NULL)
    return FALSE;
  attachments = stored_attachments (self);
  r = _lec_index_ensure_resolver (self, attachments);
  if (g_hash_table_size (r->by_id) == 0)
    return FALSE;

  *notes = g_ptr_array_new_full (g_hash_table_size (r->by_id), g_object_unref);
  g_hash_table_iter_init (&iter, r->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (*notes, g_object_ref (((Known *) value)->info));
  *links = lec_link_table_ref (_lec_index_resolver_table (r));
  return TRUE;
}

/* The note at @path, the notes its embeds show (as deep as a page nests
 * them), and every note their links lead to, as the last update resolved
 * them. */
static const char note_state_sql[] =
  "WITH RECURSIVE shown (id, depth) AS ("
  "  SELECT id, 0 FROM notes WHERE path = ?1"
  "  UNION"
  "  SELECT l.resolved, s.depth + 1 FROM links l JOIN shown s ON l.note_id = s.id"
  "   WHERE l.embed AND l.resolved IS NOT NULL AND s.depth < 4)"
  " SELECT n.id, n.path, n.title, n.video_id, n.channel FROM notes n"
  "  WHERE n.id IN (SELECT id FROM shown)"
  "     OR n.id IN (SELECT resolved FROM links WHERE note_id IN (SELECT id FROM shown))"
  "  ORDER BY n.id";

/**
 * lec_index_note_state:
 * @path: the vault path of the note to show first
 * @notes: (out) (transfer full): that note and the notes it leads to
 * @links: (out) (transfer full): a table that resolves that note's links
 *   (and those of the notes it embeds) as the last update did
 *
 * What showing one note needs of the last update, read without loading
 * the whole vault: at 23,770 notes, lec_index_last_state() took 0.4 s and
 * this a few milliseconds. Links of other notes may not resolve with
 * this table.
 *
 * Returns: %FALSE if the index does not hold @path, or was already
 *   brought up to date
 */
gboolean
lec_index_note_state (LecIndex      *self,
                      const char    *path,
                      GPtrArray    **notes,
                      LecLinkTable **links)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  sqlite3_stmt *stmt, *aliases;

  g_return_val_if_fail (LEC_IS_INDEX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (notes != NULL && links != NULL, FALSE);

  if (self->attachments != NULL)
    return FALSE;
  found = g_ptr_array_new_with_free_func (g_object_unref);
  stmt = _lec_index_prepare (self, note_state_sql);
  aliases = _lec_index_prepare (self, "SELECT alias FROM aliases WHERE note_id = ?1 ORDER BY rowid");
  if (stmt == NULL || aliases == NULL)
    {
      sqlite3_finalize (stmt);
      sqlite3_finalize (aliases);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      LecNoteInfo *info = _lec_index_note_info_new (self, (const char *) sqlite3_column_text (stmt, 1),
                                                    (const char *) sqlite3_column_text (stmt, 2),
                                                    (const char *) sqlite3_column_text (stmt, 3),
                                                    (const char *) sqlite3_column_text (stmt, 4),
                                                    NULL);

      sqlite3_bind_int64 (aliases, 1, sqlite3_column_int64 (stmt, 0));
      while (sqlite3_step (aliases) == SQLITE_ROW)
        g_strv_builder_add (names, (const char *) sqlite3_column_text (aliases, 0));
      sqlite3_reset (aliases);
      list = g_strv_builder_end (names);
      if (list[0] != NULL)
        lec_note_info_set_aliases (info, (const char * const *) list);
      g_ptr_array_add (found, info);
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (aliases);
  if (found->len == 0)
    return FALSE;

  /* Embedded pictures and files: as few as a vault holds, and not
   * known by id. */
  attachments = stored_attachments (self);
  *links = lec_link_table_new (found, attachments);
  *notes = g_steal_pointer (&found);
  return TRUE;
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
    return g_ptr_array_copy (_lec_index_resolver_sorted (_lec_index_ensure_resolver (self, self->attachments)),
                             ref_object, NULL);

  notes = _lec_index_load_notes (self, NULL);
  g_ptr_array_sort_with_data (notes, compare_info_ptrs, NULL);
  return notes;
}
