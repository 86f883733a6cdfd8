/* lec-history.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LEC_TYPE_HISTORY (lec_history_get_type ())

G_DECLARE_FINAL_TYPE (LecHistory, lec_history, LEC, HISTORY, GObject)

LecHistory *lec_history_new             (void);
void        lec_history_clear           (LecHistory  *self);
void        lec_history_push_note       (LecHistory  *self,
                                         const char  *path,
                                         const char  *fragment);
void        lec_history_push_topic      (LecHistory  *self,
                                         const char  *key);
gboolean    lec_history_go              (LecHistory  *self,
                                         int          delta,
                                         char       **path,
                                         char       **fragment,
                                         char       **topic);
gboolean    lec_history_can_go_back     (LecHistory  *self);
gboolean    lec_history_can_go_forward  (LecHistory  *self);

G_END_DECLS
