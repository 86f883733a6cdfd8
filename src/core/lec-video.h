/* lec-video.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEC_TYPE_VIDEO (lec_video_get_type ())

G_DECLARE_FINAL_TYPE (LecVideo, lec_video, LEC, VIDEO, GObject)

LecVideo   *lec_video_new       (const char *id,
                                 const char *title);
const char *lec_video_get_id    (LecVideo   *self);
const char *lec_video_get_title (LecVideo   *self);
const char *lec_video_get_sort_key (LecVideo *self);
void        lec_video_set_title (LecVideo   *self,
                                 const char *title);
GListStore *lec_video_get_notes (LecVideo   *self);

G_END_DECLS
