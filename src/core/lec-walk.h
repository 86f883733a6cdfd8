/* lec-walk.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LEC_WALK_NOTE,
  LEC_WALK_ATTACHMENT,
  LEC_WALK_FOLDER,
} LecWalkKind;

typedef struct
{
  LecWalkKind  kind;
  char        *path;      /* relative to the vault, '/'-separated */
  char        *abs_path;  /* in the file system's encoding */
  guint64      size;
  gint64       mtime;     /* microseconds */
  guint64      inode;
} LecWalkEntry;

/* Called for every note, attachment and folder below the root (a folder
 * before what it holds). */
typedef void (*LecWalkFunc) (const LecWalkEntry *entry,
                             gpointer            user_data);

/* What the calling thread does while lec_walk()'s threads walk. */
typedef void (*LecWalkMeanwhile) (gpointer user_data);

gboolean lec_walk_check_root (GFile         *root,
                              GError       **error);
void     lec_walk            (GFile            *root,
                              LecWalkFunc       func,
                              gpointer          user_data,
                              GPtrArray        *problems,
                              GCancellable     *cancellable,
                              LecWalkMeanwhile  meanwhile,
                              gpointer          meanwhile_data);
gboolean lec_walk_file       (GFile         *root,
                              const char    *rel,
                              LecWalkFunc    func,
                              gpointer       user_data);
gboolean lec_path_is_note    (const char    *name);
gboolean lec_path_is_attachment (const char *name);
gboolean lec_path_is_inside (const char    *path,
                             const char    *root);

G_END_DECLS
