/* lec-note-info.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LEC_TYPE_NOTE_INFO (lec_note_info_get_type ())

G_DECLARE_FINAL_TYPE (LecNoteInfo, lec_note_info, LEC, NOTE_INFO, GObject)

LecNoteInfo *lec_note_info_new          (const char  *path,
                                         const char  *title,
                                         const char  *video_id);
LecNoteInfo *lec_note_info_new_with_sort_key (const char *path,
                                              const char *title,
                                              const char *video_id,
                                              const char *sort_key);
char        *lec_note_info_make_sort_key (const char *title);
const char  *lec_note_info_get_path     (LecNoteInfo *self);
const char  *lec_note_info_get_title    (LecNoteInfo *self);
const char  *lec_note_info_get_video_id (LecNoteInfo *self);
const char  *lec_note_info_get_folder   (LecNoteInfo *self);
const char * const *lec_note_info_get_aliases (LecNoteInfo *self);
const char  *lec_note_info_get_channel  (LecNoteInfo *self);
void         lec_note_info_set_channel  (LecNoteInfo *self,
                                         const char  *channel);
gboolean     lec_note_info_equal        (LecNoteInfo *a,
                                         LecNoteInfo *b);
void         lec_note_info_set_aliases  (LecNoteInfo        *self,
                                         const char * const *aliases);
int          lec_note_info_compare      (gconstpointer a,
                                         gconstpointer b,
                                         gpointer      user_data);

G_END_DECLS
