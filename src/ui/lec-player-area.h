/* lec-player-area.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_PLAYER_AREA (lec_player_area_get_type ())

G_DECLARE_FINAL_TYPE (LecPlayerArea, lec_player_area, LEC, PLAYER_AREA, GtkWidget)

void        lec_player_area_set_content     (LecPlayerArea *self,
                                             GtkWidget     *content);
GtkWidget  *lec_player_area_get_content     (LecPlayerArea *self);
void        lec_player_area_set_vault       (LecPlayerArea *self,
                                             LecVault      *vault);
void        lec_player_area_show_media      (LecPlayerArea *self,
                                             const char    *path,
                                             const char    *video_id,
                                             const char    *media_field);
gboolean    lec_player_area_take_room       (LecPlayerArea *self,
                                             const char    *path,
                                             const char    *video_id,
                                             const char    *media_field);
GtkWidget  *lec_player_area_get_player      (LecPlayerArea *self);
const char *lec_player_area_get_playing_note (LecPlayerArea *self);
gboolean    lec_player_area_get_showing     (LecPlayerArea *self);
gboolean    lec_player_area_get_shown       (LecPlayerArea *self);
gboolean    lec_player_area_get_beside      (LecPlayerArea *self);
const char *lec_player_area_get_video_id    (LecPlayerArea *self);
void        lec_player_area_save_position   (LecPlayerArea *self);
void        lec_player_area_seek            (LecPlayerArea *self,
                                             guint          seconds);
char       *lec_player_area_dup_youtube_url (LecPlayerArea *self);
void        lec_player_area_download        (LecPlayerArea *self);
void        lec_player_area_cancel_download (LecPlayerArea *self);

/* What the window's player actions and keys ask of it. */
void        lec_player_area_toggle_play     (LecPlayerArea *self);
void        lec_player_area_skip            (LecPlayerArea *self,
                                             double         delta);
double      lec_player_area_step_rate       (LecPlayerArea *self,
                                             int            step);
void        lec_player_area_set_rate        (LecPlayerArea *self,
                                             double         rate);
void        lec_player_area_toggle_captions (LecPlayerArea *self);
void        lec_player_area_toggle_mute     (LecPlayerArea *self);
void        lec_player_area_toggle_video    (LecPlayerArea *self);

G_END_DECLS
