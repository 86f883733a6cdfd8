/* lec-note-panel.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-note.h"
#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_NOTE_PANEL (lec_note_panel_get_type ())

G_DECLARE_FINAL_TYPE (LecNotePanel, lec_note_panel, LEC, NOTE_PANEL, GtkWidget)

GtkWidget  *lec_note_panel_new           (void);
void        lec_note_panel_set_note      (LecNotePanel *self,
                                          LecVault     *vault,
                                          LecNote      *note);
GtkListBox *lec_note_panel_get_outline   (LecNotePanel *self);
GtkListBox *lec_note_panel_get_backlinks (LecNotePanel *self);
GtkListBox *lec_note_panel_get_outgoing  (LecNotePanel *self);
void        lec_note_panel_follow        (LecNotePanel *self,
                                          double        seconds);
int         lec_note_panel_get_playing   (LecNotePanel *self);

G_END_DECLS
