/* lec-library-page.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_LIBRARY_PAGE (lec_library_page_get_type ())

G_DECLARE_FINAL_TYPE (LecLibraryPage, lec_library_page, LEC, LIBRARY_PAGE, GtkWidget)

void         lec_library_page_set_vault   (LecLibraryPage *self,
                                           LecVault       *vault);
gboolean     lec_library_page_select_note (LecLibraryPage *self,
                                           const char     *path);
void         lec_library_page_unselect    (LecLibraryPage *self);
GtkListView *lec_library_page_get_list    (LecLibraryPage *self);

G_END_DECLS
