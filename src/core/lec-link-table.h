/* lec-link-table.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LecNoteInfo LecNoteInfo;

/* A map from wiki link targets to vault paths, kept by the index as notes
 * come and go and shared (by reference) with the threads that render
 * notes: they resolve while it changes. */
typedef struct _LecLinkTable LecLinkTable;

LecLinkTable *lec_link_table_new     (GPtrArray    *notes,
                                      GPtrArray    *attachments);
void          lec_link_table_add_note    (LecLinkTable *table,
                                          LecNoteInfo  *info);
void          lec_link_table_remove_note (LecLinkTable *table,
                                          LecNoteInfo  *info);
LecLinkTable *lec_link_table_ref     (LecLinkTable *table);
void          lec_link_table_unref   (LecLinkTable *table);
char         *lec_link_table_resolve (LecLinkTable *table,
                                      const char   *target,
                                      const char   *from_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecLinkTable, lec_link_table_unref)

G_END_DECLS
