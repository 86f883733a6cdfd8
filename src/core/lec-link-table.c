/* lec-link-table.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-link-table"

#include "config.h"

#include "lec-link-table.h"
#include "lec-note-info.h"
#include "lec-slug.h"

#include <string.h>

/* Resolution follows Obsidian's "shortest path" rule (Quartz does the
 * same), first match wins:
 *  1. a target with a folder is a path from the vault root (".md" optional),
 *     or from the linking note's folder;
 *  2. a file whose name equals the target, ignoring case — in the linking
 *     note's folder first, then the one with the shortest path;
 *  3. the same by slug, also against titles and aliases.
 * Targets with "..", absolute paths or URL schemes never leave the vault:
 * they simply match nothing. */

struct _LecLinkTable
{
  GRWLock     lock;      /* readers resolve, the index adds and removes */
  GHashTable *by_path;   /* folded path (with and without .md) → path */
  GHashTable *exact;     /* path as written (with and without .md) → path */
  GHashTable *by_name;   /* folded file name → GPtrArray of paths */
  GHashTable *by_slug;   /* slug of name, title or alias → GPtrArray of paths */
  /* The paths that lost a key of by_path or exact to one first in byte
   * order: the next to take it when that one goes. Rare. */
  GHashTable *by_path_rest;
  GHashTable *exact_rest;
};

static void
add_multi (GHashTable *table,
           char       *key,
           const char *path)
{
  GPtrArray *paths = g_hash_table_lookup (table, key);

  if (paths == NULL)
    {
      paths = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (table, key, paths);
    }
  else
    g_free (key);

  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (paths->pdata[i], path))
      return;
  g_ptr_array_add (paths, g_strdup (path));
}

/* Case folding, with a fast path for plain ASCII (nearly every name and
 * target), where it is lower case. A file's name may be any bytes, and
 * g_utf8_casefold() reads past the end of a cut sequence: such a name is
 * folded as if each bad byte were U+FFFD. */
static char *
fold (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        g_autofree char *valid = NULL;

        if (!g_utf8_validate (p, -1, NULL))
          text = valid = g_utf8_make_valid (text, -1);
        return g_utf8_casefold (text, -1);
      }
  return g_ascii_strdown (text, -1);
}

/* Removes @path from @table's list under @key (taking @key). */
static void
remove_multi (GHashTable *table,
              char       *key,
              const char *path)
{
  GPtrArray *paths = g_hash_table_lookup (table, key);

  for (guint i = 0; paths != NULL && i < paths->len; i++)
    if (g_str_equal (paths->pdata[i], path))
      {
        g_ptr_array_remove_index_fast (paths, i);
        break;
      }
  if (paths != NULL && paths->len == 0)
    g_hash_table_remove (table, key);
  g_free (key);
}

/* Paths that fold alike ("a/Note.md", "a/note.md"): the first in byte
 * order keeps the key, whatever order the files came in; the others wait
 * in @rest. */
static void
add_path (GHashTable *table,
          GHashTable *rest,
          char       *key,
          const char *path)
{
  const char *old = g_hash_table_lookup (table, key);

  if (old != NULL && strcmp (old, path) == 0)
    g_free (key);
  else if (old != NULL && strcmp (old, path) < 0)
    add_multi (rest, key, path);
  else
    {
      if (old != NULL)
        add_multi (rest, g_strdup (key), old);
      g_hash_table_insert (table, key, g_strdup (path));
    }
}

/* Undoes add_path(): when @path held @key, the first in byte order of
 * those waiting takes it. */
static void
remove_path (GHashTable *table,
             GHashTable *rest,
             char       *key,
             const char *path)
{
  const char *old = g_hash_table_lookup (table, key);
  GPtrArray *waiting;
  const char *next = NULL;

  if (old == NULL || !g_str_equal (old, path))
    {
      remove_multi (rest, key, path);
      return;
    }

  waiting = g_hash_table_lookup (rest, key);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    if (next == NULL || strcmp (waiting->pdata[i], next) < 0)
      next = waiting->pdata[i];
  if (next == NULL)
    {
      g_hash_table_remove (table, key);
      g_free (key);
      return;
    }
  g_hash_table_insert (table, g_strdup (key), g_strdup (next));
  remove_multi (rest, key, next);
}

static char *
strip_md (const char *name)
{
  if (g_str_has_suffix (name, ".md"))
    return g_strndup (name, strlen (name) - 3);
  return g_strdup (name);
}

typedef void (*PathFunc)  (GHashTable *table, GHashTable *rest, char *key, const char *path);
typedef void (*MultiFunc) (GHashTable *table, char *key, const char *path);

/* Adds (or, with remove_path() and remove_multi(), removes) the keys of
 * the file at @path, and for a note those of its title and @aliases. */
static void
put_file (LecLinkTable       *t,
          const char         *path,
          gboolean            is_note,
          const char         *title,
          const char * const *aliases,
          PathFunc            put_path,
          MultiFunc           put_multi)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = is_note ? strip_md (base) : g_strdup (base);
  g_autofree char *no_ext = is_note ? strip_md (path) : g_strdup (path);

  put_path (t->by_path, t->by_path_rest, fold (path), path);
  put_path (t->by_path, t->by_path_rest, fold (no_ext), path);
  put_path (t->exact, t->exact_rest, g_strdup (path), path);
  put_path (t->exact, t->exact_rest, g_strdup (no_ext), path);
  put_multi (t->by_name, fold (name), path);
  if (!is_note)
    return;
  put_multi (t->by_slug, lec_slugify (name), path);
  put_multi (t->by_slug, lec_slugify (title), path);
  for (guint j = 0; aliases != NULL && aliases[j] != NULL; j++)
    put_multi (t->by_slug, lec_slugify (aliases[j]), path);
}

LecLinkTable *
lec_link_table_new (GPtrArray *notes,
                    GPtrArray *attachments)
{
  LecLinkTable *t = g_atomic_rc_box_new0 (LecLinkTable);

  g_rw_lock_init (&t->lock);
  t->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  t->by_slug = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  t->by_path_rest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  t->exact_rest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    lec_link_table_add_note (t, notes->pdata[i]);

  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    put_file (t, attachments->pdata[i], FALSE, NULL, NULL, add_path, add_multi);

  return t;
}

/**
 * lec_link_table_add_note:
 *
 * Makes @info's note one that links can lead to, by its path, name, title
 * and aliases. Safe while other threads resolve.
 */
void
lec_link_table_add_note (LecLinkTable *t,
                         LecNoteInfo  *info)
{
  g_rw_lock_writer_lock (&t->lock);
  put_file (t, lec_note_info_get_path (info), TRUE, lec_note_info_get_title (info),
            lec_note_info_get_aliases (info), add_path, add_multi);
  g_rw_lock_writer_unlock (&t->lock);
}

/**
 * lec_link_table_remove_note:
 * @info: the note as it was added
 *
 * Undoes lec_link_table_add_note(): where links led to it, they lead to
 * the next note that fits, if any.
 */
void
lec_link_table_remove_note (LecLinkTable *t,
                            LecNoteInfo  *info)
{
  g_rw_lock_writer_lock (&t->lock);
  put_file (t, lec_note_info_get_path (info), TRUE, lec_note_info_get_title (info),
            lec_note_info_get_aliases (info), remove_path, remove_multi);
  g_rw_lock_writer_unlock (&t->lock);
}

LecLinkTable *
lec_link_table_ref (LecLinkTable *table)
{
  return g_atomic_rc_box_acquire (table);
}

static void
link_table_clear (LecLinkTable *t)
{
  g_hash_table_unref (t->by_path);
  g_hash_table_unref (t->exact);
  g_hash_table_unref (t->by_name);
  g_hash_table_unref (t->by_slug);
  g_hash_table_unref (t->by_path_rest);
  g_hash_table_unref (t->exact_rest);
  g_rw_lock_clear (&t->lock);
}

void
lec_link_table_unref (LecLinkTable *table)
{
  g_atomic_rc_box_release_full (table, (GDestroyNotify) link_table_clear);
}

/* Whether @path's folder (as g_path_get_dirname() gives it) is @folder. */
static gboolean
in_folder (const char *path,
           const char *folder)
{
  const char *slash = strrchr (path, '/');

  if (slash == NULL || slash == path)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      return g_str_equal (dir, folder);
    }
  return strlen (folder) == (gsize) (slash - path) && strncmp (path, folder, slash - path) == 0;
}

/* Among @paths, the ones in @folder first, and among those the shortest,
 * then the first in byte order: the choice never depends on the order the
 * notes came in (two notes in one folder can share a title, or names that
 * differ in case only). */
static char *
nearest (GPtrArray  *paths,
         const char *folder)
{
  const char *best = NULL;
  gboolean best_in = FALSE;
  gsize best_len = 0;

  if (paths == NULL || paths->len == 0)
    return NULL;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *p = paths->pdata[i];
      gboolean in = in_folder (p, folder);
      gsize len = strlen (p);

      if (best == NULL || (in && !best_in) ||
          (in == best_in && (len < best_len || (len == best_len && strcmp (p, best) < 0))))
        {
          best = p;
          best_in = in;
          best_len = len;
        }
    }
  return g_strdup (best);
}

static gboolean
is_safe_target (const char *target)
{
  if (target[0] == '/' || target[0] == '\\' || strstr (target, "://") != NULL ||
      (g_ascii_isalpha (target[0]) && target[1] == ':'))
    return FALSE;

  /* No ".." between separators. */
  for (const char *p = strstr (target, ".."); p != NULL; p = strstr (p + 1, ".."))
    if ((p == target || p[-1] == '/' || p[-1] == '\\') &&
        (p[2] == '\0' || p[2] == '/' || p[2] == '\\'))
      return FALSE;
  return TRUE;
}

static char *
resolve (LecLinkTable *t,
         const char   *target,
         const char   *from_path)
{
  g_autofree char *folder = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *slug = NULL;
  char *hit;

  folder = from_path != NULL ? g_path_get_dirname (from_path) : g_strdup (".");

  /* 1. A path: from the vault root, then from the linking note's folder. */
  if (strchr (target, '/') != NULL)
    {
      g_autofree char *key = fold (target);
      g_autofree char *relative = g_build_filename (folder, target, NULL);
      g_autofree char *relative_key = fold (relative);
      const char *path;

      /* As written first, then ignoring case. */
      path = g_hash_table_lookup (t->exact, target);
      if (path == NULL && !g_str_equal (folder, "."))
        path = g_hash_table_lookup (t->exact, relative);
      if (path == NULL)
        path = g_hash_table_lookup (t->by_path, key);
      if (path == NULL && !g_str_equal (folder, "."))
        path = g_hash_table_lookup (t->by_path, relative_key);
      if (path != NULL)
        return g_strdup (path);
    }

  /* 2. A file name, ignoring case and the .md extension. */
  {
    g_autofree char *name = strip_md (target);

    folded = fold (name);
    hit = nearest (g_hash_table_lookup (t->by_name, folded), folder);
    if (hit != NULL)
      return hit;
    if (!g_str_equal (name, target))
      {
        g_autofree char *folded_full = fold (target);

        hit = nearest (g_hash_table_lookup (t->by_name, folded_full), folder);
        if (hit != NULL)
          return hit;
      }
  }

  /* 3. By slug: title-style targets, titles and aliases. */
  slug = lec_slugify (target);
  if (*slug == '\0')
    return NULL;
  return nearest (g_hash_table_lookup (t->by_slug, slug), folder);
}

/**
 * lec_link_table_resolve:
 * @target: a wiki link target, trimmed, without its "#heading"
 * @from_path: (nullable): the linking note's vault path
 *
 * Returns: (transfer full) (nullable): the vault path of the note or file
 *   @target names, or %NULL when it names none (an unresolved topic)
 */
char *
lec_link_table_resolve (LecLinkTable *t,
                        const char   *target,
                        const char   *from_path)
{
  char *path;

  g_return_val_if_fail (t != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (*target == '\0' || !is_safe_target (target))
    return NULL;

  g_rw_lock_reader_lock (&t->lock);
  path = resolve (t, target, from_path);
  g_rw_lock_reader_unlock (&t->lock);
  return path;
}
