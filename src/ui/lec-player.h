/* lec-player.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "lec-media.h"

G_BEGIN_DECLS

#define LEC_TYPE_PLAYER (lec_player_get_type ())

G_DECLARE_FINAL_TYPE (LecPlayer, lec_player, LEC, PLAYER, WebKitWebView)

LecPlayer  *lec_player_new            (const char * const *readable_paths);
void        lec_player_load           (LecPlayer          *self,
                                       const LecMediaFile *media,
                                       guint               start);
void        lec_player_load_youtube   (LecPlayer          *self,
                                       const char         *video_id,
                                       guint               start);
const char *lec_player_get_media_path (LecPlayer          *self);
gboolean    lec_player_can_read       (LecPlayer          *self,
                                       const char         *path);
double      lec_player_get_time       (LecPlayer          *self);
double      lec_player_get_duration   (LecPlayer          *self);
double      lec_player_get_rate       (LecPlayer          *self);
gboolean    lec_player_get_playing    (LecPlayer          *self);
const char *lec_player_get_cue        (LecPlayer          *self);
void        lec_player_seek           (LecPlayer          *self,
                                       guint               seconds,
                                       gboolean            play);
void        lec_player_set_rate       (LecPlayer          *self,
                                       double              rate);
void        lec_player_set_captions   (LecPlayer          *self,
                                       gboolean            on);
gboolean    lec_player_get_captions   (LecPlayer          *self);
void        lec_player_set_volume     (LecPlayer          *self,
                                       double              volume,
                                       gboolean            muted);
double      lec_player_get_volume     (LecPlayer          *self);
gboolean    lec_player_get_muted      (LecPlayer          *self);
void        lec_player_call           (LecPlayer          *self,
                                       const char         *body,
                                       GVariant           *arguments);

G_END_DECLS
