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

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* Walking a vault: every note and attachment below the root. Hidden
 * entries (.git, .obsidian, .trash) are tool state and skipped. Linked
 * folders are not entered (no loops, nothing outside the vault); a linked
 * file counts only when it stays inside the vault. */

/* Deeper folders than this are not entered: no real vault needs them, and
 * the bound keeps a pathological tree from exhausting the stack. */
#define MAX_DEPTH 64

#define ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," \
  G_FILE_ATTRIBUTE_UNIX_INODE

typedef struct
{
  char         *root_real;
  LecWalkFunc   func;
  gpointer      user_data;
  GPtrArray    *problems;
  GCancellable *cancellable;
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
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
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
emit (Walk        *walk,
      LecWalkKind  kind,
      const char  *rel,
      GFile       *file,
      GFileInfo   *info)
{
  LecWalkEntry entry = {
    .kind = kind,
    .path = (char *) rel,
    .file = file,
    .size = (guint64) g_file_info_get_size (info),
    .mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
             g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
    .inode = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE),
  };

  walk->func (&entry, walk->user_data);
}

static void
walk_symlink (Walk       *walk,
              const char *rel,
              const char *name,
              GFile      *child)
{
  g_autofree char *path = g_file_get_path (child);
  g_autofree char *real = path != NULL ? realpath (path, NULL) : NULL;
  g_autoptr(GFileInfo) target = NULL;

  if (!lec_path_is_note (name) && !lec_path_is_attachment (name))
    return;

  if (real != NULL && lec_path_is_inside (real, walk->root_real))
    target = g_file_query_info (child, ATTRIBUTES, G_FILE_QUERY_INFO_NONE, walk->cancellable, NULL);

  if (target == NULL || g_file_info_get_file_type (target) != G_FILE_TYPE_REGULAR)
    {
      add_problem (walk, rel, _("Link to a file that is missing or outside the folder"));
      return;
    }

  emit (walk, lec_path_is_note (name) ? LEC_WALK_NOTE : LEC_WALK_ATTACHMENT, rel, child, target);
}

static void
walk_folder (Walk       *walk,
             GFile      *dir,
             const char *rel_dir,
             guint       depth)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  if (depth > MAX_DEPTH || g_cancellable_is_cancelled (walk->cancellable))
    return;

  enumerator = g_file_enumerate_children (dir, ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          walk->cancellable, &error);
  if (enumerator == NULL)
    {
      add_problem (walk, *rel_dir ? rel_dir : ".", error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *rel = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, walk->cancellable, &error))
        {
          add_problem (walk, *rel_dir ? rel_dir : ".", error->message);
          return;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name[0] == '.')
        continue;

      rel = *rel_dir ? g_strconcat (rel_dir, "/", name, NULL) : g_strdup (name);

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          emit (walk, LEC_WALK_FOLDER, rel, child, info);
          walk_folder (walk, child, rel, depth + 1);
          break;

        case G_FILE_TYPE_REGULAR:
          if (lec_path_is_note (name))
            emit (walk, LEC_WALK_NOTE, rel, child, info);
          else if (lec_path_is_attachment (name))
            emit (walk, LEC_WALK_ATTACHMENT, rel, child, info);
          break;

        case G_FILE_TYPE_SYMBOLIC_LINK:
          walk_symlink (walk, rel, name, child);
          break;

        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_SPECIAL:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          if (lec_path_is_note (name))
            add_problem (walk, rel, _("Not a regular file"));
          break;
        }
    }
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

/**
 * lec_walk:
 * @problems: (nullable): where to add what could not be read, each as
 *   "path: message"
 *
 * Calls @func for each note and attachment below @root. Blocking: call it
 * from a worker thread.
 */
void
lec_walk (GFile        *root,
          LecWalkFunc   func,
          gpointer      user_data,
          GPtrArray    *problems,
          GCancellable *cancellable)
{
  g_autofree char *root_path = g_file_get_path (root);
  Walk walk = { NULL, func, user_data, problems, cancellable };

  g_return_if_fail (G_IS_FILE (root));
  g_return_if_fail (func != NULL);

  walk.root_real = root_path != NULL ? realpath (root_path, NULL) : NULL;
  if (walk.root_real == NULL)
    walk.root_real = g_strdup (root_path != NULL ? root_path : "/");

  walk_folder (&walk, root, "", 0);

  free (walk.root_real);
}
