/* lec-note-view.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "lec-note.h"
#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_NOTE_VIEW (lec_note_view_get_type ())

G_DECLARE_FINAL_TYPE (LecNoteView, lec_note_view, LEC, NOTE_VIEW, WebKitWebView)

GtkWidget  *lec_note_view_new       (void);
LecVault   *lec_note_view_get_vault (LecNoteView *self);
void        lec_note_view_set_vault (LecNoteView *self,
                                     LecVault    *vault);
const char *lec_note_view_get_path  (LecNoteView *self);
void        lec_note_view_set_online (LecNoteView *self,
                                      gboolean     online);
gboolean    lec_note_view_get_online (LecNoteView *self);
void        lec_note_view_load_topic (LecNoteView *self,
                                      const char  *key);
const char *lec_note_view_get_topic (LecNoteView *self);
void        lec_note_view_start     (LecNoteView *self);
void        lec_note_view_load_note (LecNoteView *self,
                                     const char  *path,
                                     const char  *fragment);
char       *lec_note_view_uri_for_path (const char *path);
void        lec_note_view_set_theme (LecNoteView *self,
                                     const char  *theme);
const char *lec_note_view_get_theme (LecNoteView *self);
void        lec_note_view_set_font_size (LecNoteView *self,
                                         guint        font_size);
void        lec_note_view_follow    (LecNoteView *self,
                                     const char  *playing,
                                     double       seconds,
                                     gboolean     scroll);
LecNote    *lec_note_view_get_note  (LecNoteView *self);
void        lec_note_view_scroll_to (LecNoteView *self,
                                     const char  *id);
void        lec_note_view_scroll_to_y (LecNoteView *self,
                                       int          y);
void        lec_note_view_highlight (LecNoteView *self,
                                     const char  *words);

G_END_DECLS
