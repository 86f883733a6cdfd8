/* lec-index.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lec-link-table.h"

G_BEGIN_DECLS

#define LEC_TYPE_INDEX (lec_index_get_type ())

G_DECLARE_FINAL_TYPE (LecIndex, lec_index, LEC, INDEX, GObject)

typedef struct
{
  guint   notes;
  guint64 bytes;
  guint   parsed;        /* notes (re)read by this update */
  guint   removed;
  guint   links_resolved;
  guint   links_unresolved;
  guint   topics;
  guint   timestamps;
  guint   videos;
  guint   channels;
  guint   warnings;
  gint64  elapsed_ms;
} LecIndexStats;

typedef struct
{
  char *path;
  char *title;
  char *snippet;   /* plain text; matches between U+0002 and U+0003 */
  int   seconds;   /* the nearest timestamp before the match, or -1 */
  double rank;
} LecSearchHit;

typedef struct
{
  char  *key;      /* the resolved note's path, or the slug */
  char  *name;     /* the note's title, or the target as most notes write it */
  char  *path;     /* NULL for an unresolved topic */
  guint  notes;
} LecTopic;

/* A note that mentions a topic, with the video it is about. */
typedef struct
{
  char *path;
  char *title;
  char *video_id;     /* nullable */
  char *video_title;  /* nullable: from a channel page */
} LecMentioningNote;

void lec_mentioning_note_free (LecMentioningNote *note);

typedef void (*LecIndexProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

char       *lec_index_dup_file_path (GFile          *root,
                                   const char       *cache_dir);
LecIndex   *lec_index_open        (GFile            *root,
                                   const char       *cache_dir,
                                   GError          **error);
const char *lec_index_get_db_path (LecIndex         *self);
const char *lec_index_get_notice  (LecIndex         *self);
gboolean    lec_index_update      (LecIndex         *self,
                                   LecIndexProgress  progress,
                                   gpointer          progress_data,
                                   LecIndexStats    *stats,
                                   GCancellable     *cancellable,
                                   GError          **error);
gboolean    lec_index_update_paths (LecIndex         *self,
                                    GPtrArray        *paths,
                                    LecIndexProgress  progress,
                                    gpointer          progress_data,
                                    GCancellable     *cancellable,
                                    GError          **error);
GPtrArray  *lec_index_search      (LecIndex         *self,
                                   const char       *query,
                                   guint             limit,
                                   GError          **error);
GPtrArray  *lec_index_search_range (LecIndex        *self,
                                   const char       *query,
                                   guint             offset,
                                   guint             limit,
                                   GError          **error);
gboolean    lec_index_count_matches (LecIndex       *self,
                                   const char       *query,
                                   guint            *count,
                                   GError          **error);
GPtrArray  *lec_index_topics      (LecIndex         *self,
                                   GError          **error);
GPtrArray  *lec_index_backlinks   (LecIndex         *self,
                                   const char       *path,
                                   GError          **error);
GPtrArray  *lec_index_mentioning  (LecIndex         *self,
                                   const char       *key,
                                   GError          **error);
GPtrArray  *lec_index_problems    (LecIndex         *self);

GPtrArray  *lec_index_get_folders (LecIndex         *self);
GPtrArray  *lec_index_list_notes  (LecIndex         *self);
GHashTable *lec_index_video_titles (LecIndex        *self);
LecLinkTable *lec_index_dup_link_table (LecIndex    *self);
void        lec_index_settle      (LecIndex         *self);
gboolean    lec_index_last_state  (LecIndex         *self,
                                   GPtrArray       **notes,
                                   LecLinkTable    **links);
gboolean    lec_index_note_state  (LecIndex         *self,
                                   const char       *path,
                                   GPtrArray       **notes,
                                   LecLinkTable    **links);

char       *lec_index_build_query (const char       *text);

G_END_DECLS
