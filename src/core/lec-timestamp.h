/* lec-timestamp.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest media Lectern accepts a timestamp into: 100 hours. */
#define LEC_TIMESTAMP_MAX_SECONDS (100 * 3600)

/* A YouTube video id: this many letters, digits, '-' or '_'. */
#define LEC_YOUTUBE_ID_LENGTH 11

gboolean  lec_timestamp_parse         (const char *text,
                                       gssize      len,
                                       guint      *seconds);
gboolean  lec_timestamp_parse_youtube (const char *value,
                                       guint      *seconds);
char     *lec_timestamp_format        (guint       seconds);
gboolean  lec_youtube_url_parse       (const char *url,
                                       char      **video_id,
                                       int        *seconds);
gboolean  lec_youtube_id_is_valid     (const char *video_id);
char     *lec_youtube_watch_url       (const char *video_id,
                                       int         seconds);

G_END_DECLS
