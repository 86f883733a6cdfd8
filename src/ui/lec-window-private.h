/* lec-window-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lec-window.h"
#include "lec-history.h"
#include "lec-library-page.h"
#include "lec-player-area.h"
#include "lec-search-page.h"
#include "lec-topics-page.h"

G_BEGIN_DECLS

/* What lec-window.c and lec-window-actions.c share: the window's
 * fields, and the few helpers both use. */

struct _LecWindow
{
  AdwApplicationWindow  parent_instance;

  LecUriLauncher        launcher;     /* NULL: gtk_show_uri() */
  gpointer              launcher_data;

  GSettings            *settings;
  LecVault             *vault;
  GCancellable         *load_cancellable;
  LecHistory           *history;
  GHashTable           *problems_said; /* "path: message" the window told of */
  LecQuickOpen         *quick_open;    /* while it is open */
  gboolean              resume_note;   /* open the folder's last note when loaded */
  char                 *start_note;    /* or this note, asked for from outside */
  char                 *start_topic;   /* or this topic's page (GNOME Shell's search) */
  int                   restore_y;     /* scroll the loading note there, or -1 */
  char                 *highlight;     /* search words to mark in the loading note */
  guint                 pulse_id;      /* while the links of a first index are resolved */
  char                 *around_path;   /* the note whose title, row and player wait for its page */
  LecNoteInfo          *around_info;
  guint                 around_id;
  gboolean              around_player; /* its player is still to be shown */
  gboolean              around_wait_page; /* ... and made, once its page is in */
  gboolean              around_titled; /* its title and row are shown */
  gboolean              around_page_in; /* its page is in: the player comes after its frame */
  int                   drag_width;    /* the sidebar's width as a drag began */
  LecNoteView          *note_view;
  AdwToast             *missing_toast; /* while the folder is gone */
  AdwToast             *rate_toast;    /* the speed said, until dismissed */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  AdwClamp             *sidebar_clamp;
  GtkWidget            *sidebar;
  GtkWidget            *sidebar_edge;
  AdwWindowTitle       *sidebar_title;
  GtkStack             *sidebar_stack;
  GtkSpinner           *spinner;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  AdwStatusPage        *sidebar_status;
  GtkStack             *sidebar_views;
  LecLibraryPage       *library_page;
  LecTopicsPage        *topics_page;
  LecSearchPage        *search_page;
  LecNotePanel         *note_panel;
  AdwWindowTitle       *note_title;
  LecPlayerArea        *player_area;
  LecFindBar           *find_bar;
  GtkStack             *content_stack;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *error_page;
};

void     _lec_window_class_actions_init (LecWindowClass *klass);
void     _lec_window_actions_init       (LecWindow      *self);
void     _lec_window_show_toast         (LecWindow      *self,
                                         const char     *title);
gboolean _lec_window_note_showing       (LecWindow      *self);
void     _lec_window_ask_open_external  (LecWindow      *self,
                                         const char     *uri);

G_END_DECLS
