/* lec-search-page.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_SEARCH_PAGE (lec_search_page_get_type ())

G_DECLARE_FINAL_TYPE (LecSearchPage, lec_search_page, LEC, SEARCH_PAGE, GtkWidget)

void         lec_search_page_set_vault (LecSearchPage *self,
                                        LecVault      *vault);
void         lec_search_page_set_query (LecSearchPage *self,
                                        const char    *query);
GtkEditable *lec_search_page_get_entry (LecSearchPage *self);
GtkListView *lec_search_page_get_list  (LecSearchPage *self);

G_END_DECLS
