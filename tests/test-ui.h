/* test-ui.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lec-window.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

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
void      run_for         (guint            ms);

/* The bundled sample notes: a note opened from the library, and its
 * player. */
guint      find_note                    (LecWindow  *window,
                                         const char *path);
void       open_sample_note             (LecWindow  *window,
                                         const char *path,
                                         gboolean   *finished);
gboolean   player_answers               (gpointer    data);
gboolean   player_ready                 (gpointer    data);
GtkWidget *open_sample_note_with_player (LecWindow  *window,
                                         const char *path,
                                         gboolean   *finished);

/* Widgets under @widget, depth first: the first that @match accepts, of
 * @type, or a visible status page titled @title. */
GtkWidget     *find_widget         (GtkWidget     *widget,
                                    gboolean     (*match) (GtkWidget *, gconstpointer),
                                    gconstpointer  data);
GtkWidget     *find_widget_of_type (GtkWidget     *widget,
                                    GType          type);
AdwStatusPage *find_status_page    (GtkWidget     *widget,
                                    const char    *title);

/* Lectern on a private session bus: the D-Bus tests. */
GTestDBus *test_app_bus_up     (const char       *tmp);
GVariant  *test_dbus_call      (GDBusConnection  *connection,
                                const char       *name,
                                const char       *path,
                                const char       *iface,
                                const char       *method,
                                GVariant         *args,
                                const char       *reply_type,
                                GError          **error);

/* Real pointer and keyboard input through XTest, on screen coordinates;
 * test_input_available() is FALSE without an X11 display with XTest. */
gboolean  test_input_available  (void);
void      test_input_to_screen  (GtkWidget    *widget,
                                 int           cx,
                                 int           cy,
                                 int          *x,
                                 int          *y);
void      test_input_move       (int           x,
                                 int           y);
void      test_input_button     (unsigned int  button);
void      test_input_key        (KeySym        keysym);
void      test_input_key_with   (KeySym        modifier,
                                 KeySym        keysym);

G_END_DECLS
