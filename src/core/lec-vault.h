/* lec-vault.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lec-link-table.h"
#include "lec-note-info.h"
#include "lec-passes.h"
#include "lec-topic-page.h"
#include "lec-walk.h"

G_BEGIN_DECLS

#define LEC_TYPE_VAULT (lec_vault_get_type ())

G_DECLARE_FINAL_TYPE (LecVault, lec_vault, LEC, VAULT, GObject)

LecVault   *lec_vault_new          (GFile         *root);
LecVault   *lec_vault_new_with_cache (GFile       *root,
                                    const char    *cache_dir);
GListModel *lec_vault_get_channels (LecVault      *self);
GListModel *lec_vault_get_topics   (LecVault      *self);
double      lec_vault_get_progress (LecVault      *self);
void        lec_vault_get_progress_counts (LecVault *self,
                                           guint    *done,
                                           guint    *total);
const char *lec_vault_get_notice   (LecVault      *self);
gboolean    lec_vault_get_polling  (LecVault      *self);
gboolean    lec_vault_get_missing  (LecVault      *self);
void        lec_vault_search_async (LecVault      *self,
                                    const char    *query,
                                    guint          limit,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
GListModel *lec_vault_search_finish (LecVault     *self,
                                    GAsyncResult  *result,
                                    GError       **error);
void        lec_vault_search_range_async  (LecVault            *self,
                                           const char          *query,
                                           guint                offset,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GListModel *lec_vault_search_range_finish (LecVault            *self,
                                           GAsyncResult        *result,
                                           guint               *total,
                                           GError             **error);
void        lec_vault_backlinks_async  (LecVault            *self,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray  *lec_vault_backlinks_finish (LecVault      *self,
                                        GAsyncResult  *result,
                                        GError       **error);
char       *lec_vault_dup_topic_name    (LecVault            *self,
                                         const char          *key);
void        lec_vault_topic_page_async  (LecVault            *self,
                                         const char          *key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
LecTopicPage *lec_vault_topic_page_finish (LecVault          *self,
                                         GAsyncResult        *result,
                                         GError             **error);
GFile      *lec_vault_get_root     (LecVault      *self);
char       *lec_vault_dup_name     (LecVault      *self);
GListModel *lec_vault_get_notes    (LecVault      *self);
LecNoteInfo *lec_vault_find_note   (LecVault      *self,
                                    const char    *path);
GPtrArray  *lec_vault_get_problems (LecVault      *self);
gboolean    lec_vault_get_loaded   (LecVault      *self);
gboolean    lec_vault_get_readable (LecVault      *self);
void        lec_vault_set_first_note (LecVault    *self,
                                      const char  *path);
void        lec_vault_first_note_shown (LecVault    *self);
const char *lec_vault_note_channel (LecNoteInfo   *info);
void        lec_vault_load_async   (LecVault      *self,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
gboolean    lec_vault_load_finish  (LecVault      *self,
                                    GAsyncResult  *result,
                                    GError       **error);
GFile      *lec_vault_resolve_path (LecVault      *self,
                                    const char    *path,
                                    GError       **error);

LecLinkTable *lec_vault_dup_link_table (LecVault *self);

/* What a note parsed for reading sees of its vault: where its links lead
 * and how embedded notes are read. The fields are borrowed. */
typedef struct
{
  LecVault     *vault;
  LecLinkTable *links;  /* nullable: every link is then a topic */
  const char   *from;   /* the note's vault path */
} LecVaultLinks;

LecNoteEnv  lec_vault_links_env (LecVaultLinks *links);

G_END_DECLS
