/* lec-list-rows.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkSingleSelection *lec_list_rows_setup         (GtkListView *list,
                                                 GCallback    setup,
                                                 GCallback    bind,
                                                 gpointer     user_data);
void                lec_list_rows_setup_two_line (GtkSignalListItemFactory *factory,
                                                  GtkListItem              *item,
                                                  gpointer                  user_data);
void                lec_list_rows_set_two_lines  (GtkListItem *item,
                                                  const char  *title,
                                                  const char  *detail,
                                                  gboolean     detail_markup);

G_END_DECLS
