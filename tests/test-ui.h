/* test-ui.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lec-window.h"

G_BEGIN_DECLS

/* What the window tests share: waiting for a condition while the main loop
 * runs, and reading pages back. */

typedef gboolean (*Condition) (gpointer data);

gboolean  timed_out       (gpointer         data);
void      wait_for_       (Condition        condition,
                           gpointer         data,
                           const char      *what);
#define   wait_for(condition, data) wait_for_ (condition, data, #condition)
gboolean  flag_set        (gpointer         data);
gboolean  vault_loaded    (gpointer         data);
void      on_load_changed (WebKitWebView   *view,
                           WebKitLoadEvent  event,
                           gboolean        *finished);
char     *eval_string     (WebKitWebView   *view,
                           const char      *script);
LecWindow *test_window_new (void);

G_END_DECLS
