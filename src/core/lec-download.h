/* lec-download.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEC_TYPE_DOWNLOAD (lec_download_get_type ())

G_DECLARE_FINAL_TYPE (LecDownload, lec_download, LEC, DOWNLOAD, GObject)

gboolean     lec_download_is_available (void);
LecDownload *lec_download_new          (const char          *video_id,
                                        const char          *folder);
const char  *lec_download_get_video_id (LecDownload         *self);
double       lec_download_get_fraction (LecDownload         *self);
void         lec_download_start_async  (LecDownload         *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char        *lec_download_start_finish (LecDownload         *self,
                                        GAsyncResult        *result,
                                        GError             **error);
gboolean     lec_download_parse_progress (const char        *line,
                                          double            *fraction);

G_END_DECLS
