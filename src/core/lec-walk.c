/* lec-walk.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-walk"

#include "config.h"

#include "lec-walk.h"
#include "lec-error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Walking a vault: every note and attachment below the root. Hidden
 * entries (.git, .obsidian, .trash) are tool state and skipped. Linked
 * folders are not entered (no loops, nothing outside the vault); a linked
 * file counts only when it stays inside the vault. */

/* Deeper folders than this are not entered: no real vault needs them, and
 * the bound keeps a pathological tree from exhausting the stack. */
#define MAX_DEPTH 64

typedef struct
{
  char         *root_real;
  LecWalkFunc   func;
  gpointer      user_data;
  GPtrArray    *problems;
  GCancellable *cancellable;
  GArray       *found;    /* LecWalkEntry with its strings, when gathered for later */
  GPtrArray    *subdirs;  /* at the root: folders left for the threads, "rel\0abs" */
} Walk;

gboolean
lec_path_is_note (const char *name)
{
  return g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".MD") ||
         g_str_has_suffix (name, ".markdown");
}

/* Files notes can embed or play: images, audio, video, captions. */
gboolean
lec_path_is_attachment (const char *name)
{
  static const char * const extensions[] = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp",
    ".webm", ".mp4", ".mkv", ".m4a", ".opus", ".ogg", ".mp3", ".wav", ".flac",
    ".vtt", ".srt", ".pdf",
  };
  const char *dot = strrchr (name, '.');
  char lower[8];
  gsize n;

  if (dot == NULL || (n = strlen (dot)) >= sizeof lower)
    return FALSE;
  for (gsize i = 0; i <= n; i++)
    lower[i] = g_ascii_tolower (dot[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (strcmp (lower, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
add_problem (Walk       *walk,
             const char *path,
             const char *message)
{
  if (walk->problems != NULL)
    g_ptr_array_add (walk->problems, g_strdup_printf ("%s: %s", path, message));
}

/* TRUE if @path (already canonical) is @root or lies below it. */
gboolean
lec_path_is_inside (const char *path,
                    const char *root)
{
  gsize n = strlen (root);

  if (strncmp (path, root, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == G_DIR_SEPARATOR || (n > 0 && root[n - 1] == G_DIR_SEPARATOR);
}

static void
emit (Walk              *walk,
      LecWalkKind        kind,
      const char        *rel,
      const char        *abs,
      const struct stat *st)
{
  LecWalkEntry entry = {
    .kind = kind,
    .path = (char *) rel,
    .abs_path = (char *) abs,
    .size = (guint64) st->st_size,
    .mtime = (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000,
    .inode = (guint64) st->st_ino,
  };

  if (walk->found != NULL)
    {
      entry.path = g_strdup (rel);
      entry.abs_path = g_strdup (abs);
      g_array_append_val (walk->found, entry);
      return;
    }
  walk->func (&entry, walk->user_data);
}

static void
walk_symlink (Walk       *walk,
              const char *rel,
              const char *abs,
              const char *name)
{
  g_autofree char *real = NULL;
  struct stat st;

  if (!lec_path_is_note (name) && !lec_path_is_attachment (name))
    return;

  real = realpath (abs, NULL);
  if (real == NULL || !lec_path_is_inside (real, walk->root_real) ||
      stat (real, &st) != 0 || !S_ISREG (st.st_mode))
    {
      add_problem (walk, rel, _("Link to a file that is missing or outside the folder"));
      return;
    }

  emit (walk, lec_path_is_note (name) ? LEC_WALK_NOTE : LEC_WALK_ATTACHMENT, rel, abs, &st);
}

/* readdir and fstatat directly: for a vault of 25,000 notes this is the
 * whole cost of reopening it, and GIO's per-file objects would triple it. */
static void
walk_folder (Walk       *walk,
             const char *abs_dir,
             const char *rel_dir,
             guint       depth)
{
  DIR *dir;
  struct dirent *ent;

  if (depth > MAX_DEPTH || g_cancellable_is_cancelled (walk->cancellable))
    return;

  dir = opendir (abs_dir);
  if (dir == NULL)
    {
      /* A folder removed (or made a file) since its parent was listed is
       * simply gone. */
      if (errno != ENOENT && errno != ENOTDIR)
        add_problem (walk, *rel_dir ? rel_dir : ".", g_strerror (errno));
      return;
    }

  while ((ent = readdir (dir)) != NULL)
    {
      const char *name = ent->d_name;
      g_autofree char *rel = NULL;
      g_autofree char *abs = NULL;
      struct stat st;

      /* Hidden entries are tool state (.git, .obsidian, .trash), not notes. */
      if (name[0] == '.')
        continue;

      if (fstatat (dirfd (dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        {
          if (errno == ENOENT)
            continue;
          g_autofree char *bad = *rel_dir ? g_strconcat (rel_dir, "/", name, NULL) : g_strdup (name);

          add_problem (walk, bad, g_strerror (errno));
          continue;
        }

      if (!S_ISDIR (st.st_mode) && !S_ISLNK (st.st_mode) &&
          !lec_path_is_note (name) && !lec_path_is_attachment (name))
        continue;

      rel = *rel_dir ? g_strconcat (rel_dir, "/", name, NULL) : g_strdup (name);
      abs = g_strconcat (abs_dir, G_DIR_SEPARATOR_S, name, NULL);

      if (S_ISDIR (st.st_mode))
        {
          emit (walk, LEC_WALK_FOLDER, rel, abs, &st);
          if (walk->subdirs != NULL && depth == 0)
            g_ptr_array_add (walk->subdirs, g_strdup_printf ("%s%c%s", rel, '\0', abs));
          else
            walk_folder (walk, abs, rel, depth + 1);
        }
      else if (S_ISREG (st.st_mode))
        emit (walk, lec_path_is_note (name) ? LEC_WALK_NOTE : LEC_WALK_ATTACHMENT, rel, abs, &st);
      else if (S_ISLNK (st.st_mode))
        walk_symlink (walk, rel, abs, name);
      else if (lec_path_is_note (name))
        add_problem (walk, rel, _("Not a regular file"));
    }

  closedir (dir);
}

/**
 * lec_walk_check_root:
 *
 * Fails with a message a person can act on when @root is missing, not a
 * folder, or cannot be listed.
 */
gboolean
lec_walk_check_root (GFile   *root,
                     GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileEnumerator) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_file_get_parse_name (root);

  info = g_file_query_info (root, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND,
                     _("The folder “%s” does not exist"), display);
      else
        g_set_error (error, LEC_ERROR, LEC_ERROR_UNREADABLE,
                     _("The folder “%s” cannot be read: %s"), display, local_error->message);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_A_FOLDER,
                   _("“%s” is not a folder"), display);
      return FALSE;
    }

  probe = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                     G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (probe == NULL)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_UNREADABLE,
                   _("The folder “%s” cannot be read: %s"), display, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The folders below the root, shared out among threads: a vault of
 * 25,000 notes is some 30,000 system calls, which one thread waits on for
 * a tenth of a second. Each folder's entries are gathered, then handed to
 * the caller's function on this thread, folder by folder, as a walk on one
 * thread would (its order aside). */
typedef struct
{
  Walk       *walk;
  GPtrArray  *subdirs;
  GArray    **found;     /* per folder */
  GPtrArray **problems;  /* per folder */
  gint        next;      /* atomic */
} Shared;

static void
clear_found (LecWalkEntry *entry)
{
  g_free ((char *) entry->path);
  g_free ((char *) entry->abs_path);
}

static gpointer
walk_thread (gpointer data)
{
  Shared *shared = data;
  gint i;

  while ((i = g_atomic_int_add (&shared->next, 1)) < (gint) shared->subdirs->len)
    {
      const char *rel = shared->subdirs->pdata[i];
      Walk walk = *shared->walk;

      walk.subdirs = NULL;
      walk.found = shared->found[i] = g_array_new (FALSE, FALSE, sizeof (LecWalkEntry));
      g_array_set_clear_func (walk.found, (GDestroyNotify) clear_found);
      walk.problems = shared->problems[i] = g_ptr_array_new_with_free_func (g_free);
      walk_folder (&walk, rel + strlen (rel) + 1, rel, 1);
    }
  return NULL;
}

static void
walk_parallel (Walk             *walk,
               const char       *root_path,
               LecWalkMeanwhile  meanwhile,
               gpointer          meanwhile_data)
{
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GArray) root_found = g_array_new (FALSE, FALSE, sizeof (LecWalkEntry));
  Shared shared = { walk, subdirs, NULL, NULL, 0 };

  /* The root's own entries are gathered too: @func sees nothing before
   * @meanwhile is done. */
  g_array_set_clear_func (root_found, (GDestroyNotify) clear_found);
  walk->subdirs = subdirs;
  walk->found = root_found;
  walk_folder (walk, root_path, "", 0);
  walk->subdirs = NULL;
  walk->found = NULL;

  shared.found = g_new0 (GArray *, subdirs->len);
  shared.problems = g_new0 (GPtrArray *, subdirs->len);
  for (guint t = 0; t < MIN (g_get_num_processors (), subdirs->len); t++)
    g_ptr_array_add (threads, g_thread_new ("lec-walk", walk_thread, &shared));
  if (meanwhile != NULL)
    meanwhile (meanwhile_data);
  for (guint i = 0; i < root_found->len; i++)
    walk->func (&g_array_index (root_found, LecWalkEntry, i), walk->user_data);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (threads->pdata[t]);

  for (guint i = 0; i < subdirs->len; i++)
    {
      for (guint j = 0; shared.found[i] != NULL && j < shared.found[i]->len; j++)
        walk->func (&g_array_index (shared.found[i], LecWalkEntry, j), walk->user_data);
      if (walk->problems != NULL && shared.problems[i] != NULL)
        g_ptr_array_extend_and_steal (walk->problems, g_steal_pointer (&shared.problems[i]));
      g_clear_pointer (&shared.found[i], g_array_unref);
      g_clear_pointer (&shared.problems[i], g_ptr_array_unref);
    }
  g_free (shared.found);
  g_free (shared.problems);
}

/**
 * lec_walk_file:
 * @rel: a path below @root, '/'-separated
 *
 * Calls @func for the file at @rel, as lec_walk() would, when it is a
 * regular note or attachment (not a link, not a folder).
 *
 * Returns: whether it was
 */
gboolean
lec_walk_file (GFile       *root,
               const char  *rel,
               LecWalkFunc  func,
               gpointer     user_data)
{
  g_autofree char *root_path = g_file_get_path (root);
  g_autofree char *abs = NULL;
  g_autofree char *name = g_path_get_basename (rel);
  Walk walk = { NULL, func, user_data };
  struct stat st;

  if (root_path == NULL || (!lec_path_is_note (name) && !lec_path_is_attachment (name)))
    return FALSE;
  abs = g_build_filename (root_path, rel, NULL);
  if (lstat (abs, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  emit (&walk, lec_path_is_note (name) ? LEC_WALK_NOTE : LEC_WALK_ATTACHMENT, rel, abs, &st);
  return TRUE;
}

/**
 * lec_walk:
 * @problems: (nullable): where to add what could not be read, each as
 *   "path: message"
 *
 * @meanwhile: (nullable): called once on this thread during the walk,
 *   while other threads (if there are cores for them) go through the
 *   folders, and before @func is first called
 *
 * Calls @func for each note and attachment below @root. Blocking: call it
 * from a worker thread.
 */
void
lec_walk (GFile            *root,
          LecWalkFunc       func,
          gpointer          user_data,
          GPtrArray        *problems,
          GCancellable     *cancellable,
          LecWalkMeanwhile  meanwhile,
          gpointer          meanwhile_data)
{
  g_autofree char *root_path = g_file_get_path (root);
  Walk walk = { NULL, func, user_data, problems, cancellable, NULL, NULL };

  g_return_if_fail (G_IS_FILE (root));
  g_return_if_fail (func != NULL);

  if (root_path == NULL)
    return;
  walk.root_real = realpath (root_path, NULL);
  if (walk.root_real == NULL)
    walk.root_real = g_strdup (root_path);

  if (g_get_num_processors () < 2)
    {
      if (meanwhile != NULL)
        meanwhile (meanwhile_data);
      walk_folder (&walk, root_path, "", 0);
    }
  else
    walk_parallel (&walk, root_path, meanwhile, meanwhile_data);

  free (walk.root_real);
}
