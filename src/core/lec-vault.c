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
#include "lec-walk.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

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

static void
scan_entry (const LecWalkEntry *entry,
            gpointer            user_data)
{
  Scan *scan = user_data;

  if (entry->kind == LEC_WALK_NOTE)
    scan_note (scan, entry->file, entry->path);
  else
    g_ptr_array_add (scan->attachments, g_strdup (entry->path));
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
  Scan scan = { 0 };

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (!lec_walk_check_root (root, error))
    return NULL;

  scan.notes = g_ptr_array_new_with_free_func (g_object_unref);
  scan.problems = g_ptr_array_new_with_free_func (g_free);
  scan.attachments = g_ptr_array_new_with_free_func (g_free);
  scan.cancellable = cancellable;

  lec_walk (root, scan_entry, &scan, scan.problems, cancellable);

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

  if (!lec_path_is_inside (file_real, root_real))
    goto outside;

  return g_file_new_for_path (file_real);

outside:
  g_set_error (error, LEC_ERROR, LEC_ERROR_OUTSIDE_VAULT,
               _("“%s” is outside the notes folder"), path);
  return NULL;
}
