/* lec-channel.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEC_TYPE_CHANNEL (lec_channel_get_type ())

G_DECLARE_FINAL_TYPE (LecChannel, lec_channel, LEC, CHANNEL, GObject)

LecChannel *lec_channel_new        (const char *name);
const char *lec_channel_get_name   (LecChannel *self);
const char *lec_channel_get_sort_key (LecChannel *self);
GListStore *lec_channel_get_videos (LecChannel *self);

G_END_DECLS
