/* lec-vault.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-vault"

#include "config.h"

#include "lec-vault.h"
#include "lec-error.h"
#include "lec-link-table.h"
#include "lec-note.h"
#include "lec-note-info.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* Deeper folders than this are not entered: no real vault needs them, and
 * the bound keeps a pathological tree from exhausting the stack. */
#define MAX_DEPTH 64

struct _LecVault
{
  GObject     parent_instance;

  GFile      *root;
  GListStore   *notes;
  GPtrArray    *problems;
  GPtrArray    *attachments;
  LecLinkTable *links;
  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (LecVault, lec_vault, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  GFile        *root;
  char         *root_real;
  GPtrArray    *notes;
  GPtrArray    *problems;
  GPtrArray    *attachments;
  GCancellable *cancellable;
} Scan;

static void
add_problem (Scan       *scan,
             const char *path,
             const char *message)
{
  g_ptr_array_add (scan->problems, g_strdup_printf ("%s: %s", path, message));
}

gboolean
lec_path_is_note (const char *name)
{
  return g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".MD") ||
         g_str_has_suffix (name, ".markdown");
}

/* TRUE if @path (already canonical) is @root or lies below it. */
static gboolean
path_is_inside (const char *path,
                const char *root)
{
  gsize n = strlen (root);

  if (strncmp (path, root, n) != 0)
    return FALSE;
  return path[n] == '\0' || path[n] == G_DIR_SEPARATOR || (n > 0 && root[n - 1] == G_DIR_SEPARATOR);
}

static int
compare_note_ptrs (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return lec_note_info_compare (*(LecNoteInfo **) a, *(LecNoteInfo **) b, NULL);
}

static void
scan_note (Scan       *scan,
           GFile      *file,
           const char *rel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LecNote) note = NULL;

  note = lec_note_new_for_file (file, rel, scan->cancellable, &error);
  if (note == NULL)
    {
      add_problem (scan, rel, error->message);
      return;
    }

  for (guint i = 0; i < lec_note_get_warnings (note)->len; i++)
    add_problem (scan, rel, g_ptr_array_index (lec_note_get_warnings (note), i));

  {
    LecNoteInfo *info = lec_note_info_new (rel, lec_note_get_title (note), lec_note_get_video_id (note));

    lec_note_info_set_aliases (info, (const char * const *) lec_note_get_front_matter (note)->aliases);
    g_ptr_array_add (scan->notes, info);
  }
}

/* Files notes can embed or play: images, audio, video, captions. */
static gboolean
is_attachment (const char *name)
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

/* A link is followed only to a regular file that stays inside the vault;
 * linked folders are left for the index to handle with loop detection. */
static gboolean
symlink_target_ok (Scan  *scan,
                   GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *real = path != NULL ? realpath (path, NULL) : NULL;

  return real != NULL &&
         path_is_inside (real, scan->root_real) &&
         g_file_test (real, G_FILE_TEST_IS_REGULAR);
}

static void
scan_folder (Scan       *scan,
             GFile      *dir,
             const char *rel_dir,
             guint       depth)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  if (depth > MAX_DEPTH || g_cancellable_is_cancelled (scan->cancellable))
    return;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          scan->cancellable, &error);
  if (enumerator == NULL)
    {
      add_problem (scan, *rel_dir ? rel_dir : ".", error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *rel = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, scan->cancellable, &error))
        {
          add_problem (scan, *rel_dir ? rel_dir : ".", error->message);
          return;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      /* Hidden entries are tool state (.git, .obsidian, .trash), not notes. */
      if (name[0] == '.')
        continue;

      rel = *rel_dir ? g_build_filename (rel_dir, name, NULL) : g_strdup (name);

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          scan_folder (scan, child, rel, depth + 1);
          break;

        case G_FILE_TYPE_REGULAR:
          if (lec_path_is_note (name))
            scan_note (scan, child, rel);
          else if (is_attachment (name))
            g_ptr_array_add (scan->attachments, g_strdup (rel));
          break;

        case G_FILE_TYPE_SYMBOLIC_LINK:
          if (!lec_path_is_note (name))
            break;
          if (symlink_target_ok (scan, child))
            scan_note (scan, child, rel);
          else
            add_problem (scan, rel, _("Link to a file that is missing or outside the folder"));
          break;

        case G_FILE_TYPE_UNKNOWN:
        case G_FILE_TYPE_SPECIAL:
        case G_FILE_TYPE_SHORTCUT:
        case G_FILE_TYPE_MOUNTABLE:
        default:
          if (lec_path_is_note (name))
            add_problem (scan, rel, _("Not a regular file"));
          break;
        }
    }
}

static gboolean
check_root (GFile   *root,
            GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
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

  return TRUE;
}

/**
 * lec_vault_scan:
 * @root: the notes folder
 * @problems: (out) (optional) (transfer full): files that could not be read,
 *   each as "path: message"
 * @attachments: (out) (optional) (transfer full): paths of images and media
 *
 * Lists every note below @root, recursively, sorted by title. Blocking: call
 * it from a worker thread.
 *
 * Returns: (transfer full) (element-type LecNoteInfo): the notes, or %NULL
 *   when @root is missing, not a folder or unreadable
 */
GPtrArray *
lec_vault_scan (GFile         *root,
                GPtrArray    **problems,
                GPtrArray    **attachments,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileEnumerator) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *root_path = NULL;
  Scan scan = { 0 };

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (!check_root (root, error))
    return NULL;

  /* Reading the top folder must work, or the whole vault is unreadable. */
  probe = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                     G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (probe == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (root);

      g_set_error (error, LEC_ERROR, LEC_ERROR_UNREADABLE,
                   _("The folder “%s” cannot be read: %s"), display, local_error->message);
      return NULL;
    }

  root_path = g_file_get_path (root);
  scan.root = root;
  scan.root_real = root_path != NULL ? realpath (root_path, NULL) : NULL;
  if (scan.root_real == NULL)
    scan.root_real = g_strdup (root_path != NULL ? root_path : "/");
  scan.notes = g_ptr_array_new_with_free_func (g_object_unref);
  scan.problems = g_ptr_array_new_with_free_func (g_free);
  scan.attachments = g_ptr_array_new_with_free_func (g_free);
  scan.cancellable = cancellable;

  scan_folder (&scan, root, "", 0);

  g_free (scan.root_real);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_ptr_array_unref (scan.notes);
      g_ptr_array_unref (scan.problems);
      g_ptr_array_unref (scan.attachments);
      return NULL;
    }

  g_ptr_array_sort_with_data (scan.notes, compare_note_ptrs, NULL);

  if (problems != NULL)
    *problems = scan.problems;
  else
    g_ptr_array_unref (scan.problems);
  if (attachments != NULL)
    *attachments = scan.attachments;
  else
    g_ptr_array_unref (scan.attachments);

  return scan.notes;
}

static void
lec_vault_finalize (GObject *object)
{
  LecVault *self = (LecVault *)object;

  g_clear_object (&self->root);
  g_clear_object (&self->notes);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->links, lec_link_table_unref);

  G_OBJECT_CLASS (lec_vault_parent_class)->finalize (object);
}

static void
lec_vault_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LecVault *self = LEC_VAULT (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_vault_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LecVault *self = LEC_VAULT (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_vault_class_init (LecVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_vault_finalize;
  object_class->get_property = lec_vault_get_property;
  object_class->set_property = lec_vault_set_property;

  properties [PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_vault_init (LecVault *self)
{
  self->notes = g_list_store_new (LEC_TYPE_NOTE_INFO);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

LecVault *
lec_vault_new (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  return g_object_new (LEC_TYPE_VAULT, "root", root, NULL);
}

GFile *
lec_vault_get_root (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->root;
}

/* The name people know the vault by: its folder's display name. */
char *
lec_vault_dup_name (LecVault *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  base = g_file_get_basename (self->root);
  return g_filename_display_name (base != NULL ? base : "/");
}

/**
 * lec_vault_get_notes:
 *
 * Returns: (transfer none): a #GListModel of #LecNoteInfo, sorted by title;
 *   empty until the vault is loaded
 */
GListModel *
lec_vault_get_notes (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return G_LIST_MODEL (self->notes);
}

/**
 * lec_vault_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): what the last load could not
 *   read, each as "path: message"
 */
GPtrArray *
lec_vault_get_problems (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->problems;
}

gboolean
lec_vault_get_loaded (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);

  return self->loaded;
}

typedef struct
{
  GPtrArray    *notes;
  GPtrArray    *problems;
  GPtrArray    *attachments;
  LecLinkTable *links;
} LoadResult;

static void
load_result_free (LoadResult *r)
{
  g_clear_pointer (&r->notes, g_ptr_array_unref);
  g_clear_pointer (&r->problems, g_ptr_array_unref);
  g_clear_pointer (&r->attachments, g_ptr_array_unref);
  g_clear_pointer (&r->links, lec_link_table_unref);
  g_free (r);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *root = task_data;
  g_autoptr(GError) error = NULL;
  LoadResult *r = g_new0 (LoadResult, 1);

  r->notes = lec_vault_scan (root, &r->problems, &r->attachments, cancellable, &error);
  if (r->notes == NULL)
    {
      load_result_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r->links = lec_link_table_new (r->notes, r->attachments);

  g_task_return_pointer (task, r, (GDestroyNotify) load_result_free);
}

/**
 * lec_vault_load_async:
 *
 * Scans the vault on a worker thread; the notes model is filled on the
 * thread of the caller's main context when it completes.
 */
void
lec_vault_load_async (LecVault            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LEC_IS_VAULT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lec_vault_load_async);
  g_task_set_task_data (task, g_object_ref (self->root), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
lec_vault_load_finish (LecVault      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  LoadResult *r;

  g_return_val_if_fail (LEC_IS_VAULT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return FALSE;

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&r->problems);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  self->attachments = g_steal_pointer (&r->attachments);
  g_clear_pointer (&self->links, lec_link_table_unref);
  self->links = g_steal_pointer (&r->links);
  g_list_store_splice (self->notes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->notes)),
                       r->notes->pdata, r->notes->len);
  load_result_free (r);

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);

  return TRUE;
}

/**
 * lec_vault_dup_link_table:
 *
 * Returns: (transfer full) (nullable): how this vault's wiki links resolve,
 *   safe to use from any thread; %NULL until the vault is loaded
 */
LecLinkTable *
lec_vault_dup_link_table (LecVault *self)
{
  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);

  return self->links != NULL ? lec_link_table_ref (self->links) : NULL;
}

/**
 * lec_vault_resolve_path:
 * @path: a path relative to the vault, as it appears in a URI
 *
 * Maps @path to a file that is certainly inside the vault. Absolute paths,
 * ".." components and symbolic links that lead out of the vault are refused,
 * so a note can never reach the rest of the disk.
 *
 * Returns: (transfer full): the file, or %NULL with %LEC_ERROR_OUTSIDE_VAULT
 *   or %LEC_ERROR_NOT_FOUND
 */
GFile *
lec_vault_resolve_path (LecVault    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *root_real = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *file_real = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (LEC_IS_VAULT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (path[0] == '/' || path[0] == '\0' || !g_utf8_validate (path, -1, NULL))
    goto outside;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0 || strcmp (parts[i], ".") == 0 || parts[i][0] == '\0')
      goto outside;

  file = g_file_resolve_relative_path (self->root, path);
  root_path = g_file_get_path (self->root);
  file_path = g_file_get_path (file);
  if (root_path == NULL || file_path == NULL)
    goto outside;

  root_real = realpath (root_path, NULL);
  file_real = realpath (file_path, NULL);
  if (root_real == NULL || file_real == NULL)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND,
                   _("“%s” does not exist in this folder"), path);
      return NULL;
    }

  if (!path_is_inside (file_real, root_real))
    goto outside;

  return g_file_new_for_path (file_real);

outside:
  g_set_error (error, LEC_ERROR, LEC_ERROR_OUTSIDE_VAULT,
               _("“%s” is outside the notes folder"), path);
  return NULL;
}
