/* lec-open-path.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-open-path"

#include "config.h"

#include "lec-open-path.h"
#include "lec-error.h"
#include "lec-walk.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* What `lectern PATH` (or Files' "Open With") means: a folder is a vault;
 * a note opens inside its vault, so that its links, topics and video
 * work. */

/* Inside a Flatpak, a note opened from Files arrives through the document
 * portal as $XDG_RUNTIME_DIR/doc/ID/NOTE.md (on the host, also as
 * doc/by-app/APP/ID/NOTE.md): the folder ID is a view that holds just
 * what was shared, and the folders above it are the portal's, not the
 * user's. Returns that folder for a @path inside it, or NULL. */
static char *
document_root (const char *path)
{
  g_autofree char *portal = g_canonicalize_filename ("doc", g_get_user_runtime_dir ());
  g_auto(GStrv) parts = NULL;
  gsize len = strlen (portal);

  if (strncmp (path, portal, len) != 0 || path[len] != G_DIR_SEPARATOR || path[len + 1] == '\0')
    return NULL;
  parts = g_strsplit (path + len + 1, G_DIR_SEPARATOR_S, 4);
  if (!g_str_equal (parts[0], "by-app"))
    return g_build_filename (portal, parts[0], NULL);
  if (g_strv_length (parts) < 3)
    return NULL;
  return g_build_filename (portal, parts[0], parts[1], parts[2], NULL);
}

/* Whether Lectern runs in a Flatpak sandbox: Flatpak puts this file in
 * every sandbox, and says the app's id in FLATPAK_ID. */
static gboolean
in_flatpak (void)
{
  return g_getenv ("FLATPAK_ID") != NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* The nearest folder from @dir up that holds an Obsidian vault's
 * `.obsidian/`, or NULL. The search stops at a shared document's folder:
 * above it there are no notes of the user's to find. */
static char *
find_obsidian_vault (const char *dir)
{
  g_autofree char *here = g_strdup (dir);
  g_autofree char *ceiling = document_root (dir);

  for (;;)
    {
      g_autofree char *marker = g_build_filename (here, ".obsidian", NULL);
      g_autofree char *parent = NULL;

      if (g_file_test (marker, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&here);
      parent = g_path_get_dirname (here);
      if (g_str_equal (parent, here) || g_strcmp0 (here, ceiling) == 0)
        return NULL;
      g_free (here);
      here = g_steal_pointer (&parent);
    }
}

/**
 * lec_open_path_resolve:
 * @path: a folder or a note, as given to open (relative to the current
 *   folder when not absolute)
 * @folder: (out): the notes folder to open, absolute
 * @note: (out) (nullable): the note's path relative to @folder, or %NULL
 *   when @path is a folder
 * @error: %LEC_ERROR_NOT_FOUND when nothing is at @path,
 *   %LEC_ERROR_NOT_A_NOTE when it is neither a folder nor a note
 *
 * A note's folder is the nearest one above it that holds `.obsidian/`,
 * else the folder it is in. A note shared through the document portal is
 * looked up no higher than the folder the portal shows it in. A folder without notes is fine: an empty
 * vault. Only looks; never writes.
 */
gboolean
lec_open_path_resolve (const char  *path,
                       char       **folder,
                       char       **note,
                       GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *vault = NULL;
  GStatBuf st;
  size_t len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (folder != NULL && note != NULL, FALSE);

  *folder = NULL;
  *note = NULL;
  canonical = g_canonicalize_filename (path, NULL);
  name = g_filename_display_basename (canonical);

  if (g_stat (canonical, &st) != 0)
    {
      g_autofree char *display = g_filename_display_name (canonical);

      /* Files hands a sandboxed app a folder's path as it is on the host,
       * where the sandbox cannot see it (only files go through the
       * document portal): the folder is there, just not for Lectern. */
      if (in_flatpak ())
        g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND,
                     /* Translators: %s is a path, such as "/home/me/Notes";
                      * "Open Folder…" is the menu item of that name */
                     _("Lectern cannot see %s from its sandbox. Choose the folder with Open Folder… to let Lectern read it."),
                     display);
      else
        /* Translators: %s is a path, such as "/home/me/Notes/lecture.md" */
        g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("There is no file or folder at %s"), display);
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      *folder = g_steal_pointer (&canonical);
      return TRUE;
    }

  if (!S_ISREG (st.st_mode) || !lec_path_is_note (canonical))
    {
      /* Translators: %s is a file's name, such as "diagram.png" */
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE,
                   _("“%s” is not a note. Lectern opens Markdown notes (.md) and folders of them."), name);
      return FALSE;
    }

  dir = g_path_get_dirname (canonical);
  vault = find_obsidian_vault (dir);
  if (vault == NULL)
    vault = g_steal_pointer (&dir);

  /* @canonical is below @vault: skip it and the separator ("/" is the one
   * folder that ends in one). */
  len = strlen (vault);
  if (len > 0 && vault[len - 1] != G_DIR_SEPARATOR)
    len++;
  *note = g_strdup (canonical + len);
  *folder = g_steal_pointer (&vault);
  return TRUE;
}

/**
 * lec_open_path_is_portal_share:
 * @folder: an absolute, canonical folder
 *
 * Whether @folder is one the document portal made for files shared with
 * the app ($XDG_RUNTIME_DIR/doc/ID), as when Files opens a note in the
 * sandboxed Lectern, rather than a folder of the user's. Such a folder
 * holds only what was shared and may last only for the session. A folder
 * shared through the file chooser is one level deeper (doc/ID/NAME), and
 * is the user's.
 */
gboolean
lec_open_path_is_portal_share (const char *folder)
{
  g_autofree char *root = NULL;

  g_return_val_if_fail (folder != NULL, FALSE);

  root = document_root (folder);
  return root != NULL && g_str_equal (root, folder);
}
