/* lec-link-table.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An immutable map from wiki link targets to vault paths, made once per
 * load of a vault and shared (by reference) with the threads that render
 * notes. */
typedef struct _LecLinkTable LecLinkTable;

LecLinkTable *lec_link_table_new     (GPtrArray    *notes,
                                      GPtrArray    *attachments);
LecLinkTable *lec_link_table_ref     (LecLinkTable *table);
void          lec_link_table_unref   (LecLinkTable *table);
char         *lec_link_table_resolve (LecLinkTable *table,
                                      const char   *target,
                                      const char   *from_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecLinkTable, lec_link_table_unref)

G_END_DECLS
