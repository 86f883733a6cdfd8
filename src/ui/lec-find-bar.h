/* lec-find-bar.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define LEC_TYPE_FIND_BAR (lec_find_bar_get_type ())

G_DECLARE_FINAL_TYPE (LecFindBar, lec_find_bar, LEC, FIND_BAR, GtkWidget)

GtkWidget      *lec_find_bar_new        (void);
void            lec_find_bar_set_view   (LecFindBar    *self,
                                         WebKitWebView *view);
void            lec_find_bar_open       (LecFindBar    *self);
void            lec_find_bar_close      (LecFindBar    *self);
gboolean        lec_find_bar_is_open    (LecFindBar    *self);
GtkEditable    *lec_find_bar_get_entry  (LecFindBar    *self);
const char     *lec_find_bar_get_status (LecFindBar    *self);

G_END_DECLS
