/* lec-window.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lec-find-bar.h"
#include "lec-note-panel.h"
#include "lec-note-view.h"
#include "lec-quick-open.h"
#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_WINDOW (lec_window_get_type ())

G_DECLARE_FINAL_TYPE (LecWindow, lec_window, LEC, WINDOW, AdwApplicationWindow)

/* Hands a web address the reader agreed to open to the desktop. */
typedef void (*LecUriLauncher) (GtkWindow  *window,
                                const char *uri,
                                gpointer    user_data);

LecWindow   *lec_window_new           (GtkApplication *application);
void         lec_window_open_folder   (LecWindow      *self,
                                       GFile          *folder);
void         lec_window_resume_folder (LecWindow      *self,
                                       GFile          *folder);
void         lec_window_open_folder_at (LecWindow     *self,
                                       GFile          *folder,
                                       const char     *note);
void         lec_window_open_folder_at_topic (LecWindow *self,
                                       GFile          *folder,
                                       const char     *key);
void         lec_window_search_folder (LecWindow      *self,
                                       GFile          *folder,
                                       const char     *words);
gboolean     lec_window_shows_folder  (LecWindow      *self,
                                       GFile          *folder);
void         lec_window_open_note     (LecWindow      *self,
                                       const char     *path);
void         lec_window_open_note_at  (LecWindow      *self,
                                       const char     *path,
                                       const char     *fragment);
void         lec_window_open_topic    (LecWindow      *self,
                                       const char     *key);
LecVault    *lec_window_get_vault     (LecWindow      *self);
LecNoteView *lec_window_get_note_view (LecWindow      *self);
GtkListView *lec_window_get_note_list (LecWindow      *self);
GtkWidget   *lec_window_get_player    (LecWindow      *self);
LecFindBar  *lec_window_get_find_bar  (LecWindow      *self);
LecQuickOpen *lec_window_get_quick_open (LecWindow    *self);
LecNotePanel *lec_window_get_note_panel (LecWindow    *self);
GtkEditable  *lec_window_get_search_entry (LecWindow  *self);
GtkListView  *lec_window_get_search_list  (LecWindow  *self);
void          lec_window_set_uri_launcher (LecWindow      *self,
                                           LecUriLauncher  launcher,
                                           gpointer        user_data);

G_END_DECLS
