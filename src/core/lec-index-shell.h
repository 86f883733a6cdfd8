/* lec-index-shell.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEC_TYPE_INDEX_SHELL (lec_index_shell_get_type ())

G_DECLARE_FINAL_TYPE (LecIndexShell, lec_index_shell, LEC, INDEX_SHELL, GObject)

/* A note or a topic as GNOME Shell's search shows it. */
typedef struct
{
  char     *id;       /* "note:PATH" or "topic:KEY" */
  gboolean  topic;
  char     *target;   /* the note's vault path, or the topic's key */
  char     *name;     /* the note's title, or the topic's name */
  char     *channel;  /* nullable: the note's */
  guint     notes;    /* a topic's: the notes that mention it */
} LecShellResult;

void lec_shell_result_free (LecShellResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecShellResult, lec_shell_result_free)

LecIndexShell  *lec_index_shell_new     (const char          *cache_dir);
GPtrArray      *lec_index_shell_find    (LecIndexShell       *self,
                                         GFile               *root,
                                         const char * const  *terms,
                                         guint                limit);
LecShellResult *lec_index_shell_lookup  (LecIndexShell       *self,
                                         GFile               *root,
                                         const char          *id);
gboolean        lec_index_shell_load    (LecIndexShell       *self,
                                         GFile               *root);
gboolean        lec_index_shell_release (LecIndexShell       *self);
gboolean        lec_index_shell_is_held (LecIndexShell       *self);

G_END_DECLS
