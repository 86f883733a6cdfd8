/* test-ui.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-ui.h"
#include "test-util.h"

#include "lec-application.h"
#include "lec-note-info.h"
#include "lec-player.h"

#include <dlfcn.h>

/* Sets the flag @data points to; for g_timeout_add(). */
gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after 20 s,
 * naming what it waited for. */
void
wait_for_ (Condition    condition,
           gpointer     data,
           const char  *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    g_error ("Waited 20 s in vain for %s", what);
  g_source_remove (id);
}

gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* @data: a LecWindow whose folder has finished loading. */
gboolean
vault_loaded (gpointer data)
{
  LecVault *vault = lec_window_get_vault (data);

  return vault != NULL && lec_vault_get_loaded (vault);
}

/* Sets *@finished when @view has finished loading a page. */
void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

/* An asynchronous call's callback that keeps its result in *@data, for
 * the caller to wait for and finish. */
static void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
result_kept (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Reads the page back as the reader sees it, from the page's own world
 * (not Lectern's), so it sees what note content would see. */
char *
eval_string (WebKitWebView *view,
             const char    *script)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, keep_result, &result);
  wait_for (result_kept, &result);
  value = webkit_web_view_evaluate_javascript_finish (view, result, &error);
  g_assert_no_error (error);
  return jsc_value_to_string (value);
}

/* Runs the main loop for @ms milliseconds. */
void
run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timed_out, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* Walks the library tree as a person would: opens every channel and video,
 * then finds the note's row. */
guint
find_note (LecWindow  *window,
           const char *path)
{
  GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (lec_window_get_note_list (window)));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (LEC_IS_NOTE_INFO (item) && g_str_equal (lec_note_info_get_path (LEC_NOTE_INFO (item)), path))
        return i;
      if (gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  g_error ("note %s is not in the library", path);
}

/* Opens the bundled sample notes in @window, then the note at @path from
 * the library tree as a click would; returns once its page has loaded.
 * *@finished stays set by the view's loads, for the caller's next waits. */
void
open_sample_note (LecWindow  *window,
                  const char *path,
                  gboolean   *finished)
{
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  *finished = FALSE;
  g_signal_connect (lec_window_get_note_view (window), "load-changed", G_CALLBACK (on_load_changed), finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)), "list.activate-item", "u",
                                             find_note (window, path)));
  wait_for (flag_set, finished);
}

/* @data: a LecWindow whose player's page is loaded (its first report
 * follows). */
gboolean
player_answers (gpointer data)
{
  GtkWidget *player = lec_window_get_player (data);

  return player != NULL && lec_player_get_media_path (LEC_PLAYER (player)) != NULL &&
         !webkit_web_view_is_loading (WEBKIT_WEB_VIEW (player));
}

/* @data: a LecWindow whose player has loaded its media's page. */
gboolean
player_ready (gpointer data)
{
  GtkWidget *player = lec_window_get_player (data);

  return player != NULL && !webkit_web_view_is_loading (WEBKIT_WEB_VIEW (player)) &&
         webkit_web_view_get_uri (WEBKIT_WEB_VIEW (player)) != NULL && player_answers (data);
}

/* open_sample_note(), then waits for the note's player to be ready.
 * Returns: (transfer none): the player */
GtkWidget *
open_sample_note_with_player (LecWindow  *window,
                              const char *path,
                              gboolean   *finished)
{
  open_sample_note (window, path, finished);
  wait_for (player_ready, window);
  return lec_window_get_player (window);
}

/* A window as the tests use it: 1100 × 720, shown. */
LecWindow *
test_window_new (void)
{
  LecWindow *window = lec_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* --- real input through XTest, when the display has it --------------------- */

typedef struct
{
  gboolean  tried;
  gboolean  ok;
  Display  *display;
  int     (*fake_motion) (Display *, int, int, int, unsigned long);
  int     (*fake_button) (Display *, unsigned int, int, unsigned long);
  int     (*fake_key) (Display *, unsigned int, int, unsigned long);
  KeyCode (*keysym_to_keycode) (Display *, KeySym);
  int     (*translate) (Display *, Window, Window, int, int, int *, int *, Window *);
  int     (*flush) (Display *);
} Input;

static Input input;

/* libXtst is loaded at run time: the tests need no headers of it, and
 * without it only their real-input steps are skipped. */
gboolean
test_input_available (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  void *xtst;

  if (input.tried)
    return input.ok;
  input.tried = TRUE;
  if (!GDK_IS_X11_DISPLAY (display) || (xtst = dlopen ("libXtst.so.6", RTLD_NOW)) == NULL)
    return FALSE;
  input.display = gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (display));
  input.fake_motion = dlsym (xtst, "XTestFakeMotionEvent");
  input.fake_button = dlsym (xtst, "XTestFakeButtonEvent");
  input.fake_key = dlsym (xtst, "XTestFakeKeyEvent");
  input.keysym_to_keycode = dlsym (xtst, "XKeysymToKeycode");
  input.translate = dlsym (xtst, "XTranslateCoordinates");
  input.flush = dlsym (xtst, "XFlush");
  input.ok = input.fake_motion && input.fake_button && input.fake_key && input.keysym_to_keycode &&
             input.translate && input.flush;
  return input.ok;
}

/* Where the point (@cx, @cy) of @widget is on the screen. */
void
test_input_to_screen (GtkWidget *widget,
                      int        cx,
                      int        cy,
                      int       *x,
                      int       *y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t in_widget = GRAPHENE_POINT_INIT (0, 0), in_native;
  double sx, sy;
  Window child;

  g_assert_true (test_input_available ());
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in_widget, &in_native));
  gtk_native_get_surface_transform (native, &sx, &sy);
  input.translate (input.display,
                   gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                   DefaultRootWindow (input.display),
                   (int) (sx + in_native.x) + cx, (int) (sy + in_native.y) + cy, x, y, &child);
}

void
test_input_move (int x,
                 int y)
{
  input.fake_motion (input.display, -1, x, y, 0);
  input.flush (input.display);
}

/* Presses and releases pointer button @button (4 and 5 scroll). */
void
test_input_button (unsigned int button)
{
  input.fake_button (input.display, button, True, 0);
  input.fake_button (input.display, button, False, 0);
  input.flush (input.display);
}

/* Presses and releases the key of @keysym, with @modifier (a keysym such
 * as GDK_KEY_Alt_L, or 0) held. */
void
test_input_key_with (KeySym modifier,
                     KeySym keysym)
{
  KeyCode code = input.keysym_to_keycode (input.display, keysym);
  KeyCode held = modifier != 0 ? input.keysym_to_keycode (input.display, modifier) : 0;

  if (held != 0)
    input.fake_key (input.display, held, True, 0);
  input.fake_key (input.display, code, True, 0);
  input.fake_key (input.display, code, False, 0);
  if (held != 0)
    input.fake_key (input.display, held, False, 0);
  input.flush (input.display);
}

void
test_input_key (KeySym keysym)
{
  test_input_key_with (0, keysym);
}

/* The first widget under @widget that @match accepts, depth first. */
GtkWidget *
find_widget (GtkWidget     *widget,
             gboolean     (*match) (GtkWidget *, gconstpointer),
             gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  return find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

/* Finds a visible status page whose title is @title. */
AdwStatusPage *
find_status_page (GtkWidget  *widget,
                  const char *title)
{
  if (!gtk_widget_is_visible (widget) || !gtk_widget_get_child_visible (widget))
    return NULL;

  if (ADW_IS_STATUS_PAGE (widget) &&
      g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0)
    return ADW_STATUS_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_status_page (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ticks the main loop while a reply is awaited: a reply from another
 * process wakes no source of ours. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * test_dbus_call:
 * @reply_type: (nullable): the reply's type, as a string
 *
 * Calls @method and waits for its reply with the main loop running: the
 * one who answers may be this process.
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
GVariant *
test_dbus_call (GDBusConnection  *connection,
                const char       *name,
                const char       *path,
                const char       *iface,
                const char       *method,
                GVariant         *args,
                const char       *reply_type,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint id = g_timeout_add (20, tick, NULL);

  g_dbus_connection_call (connection, name, path, iface, method, args,
                          reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                          G_DBUS_CALL_FLAGS_NONE, 20000, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return g_dbus_connection_call_finish (connection, result, error);
}

/**
 * test_app_bus_up:
 * @tmp: a fresh folder of the test's
 *
 * Starts a private session bus where Lectern's built service file (its
 * `Exec=` the built `lectern`) can be activated, with the XDG folders of
 * every Lectern started here (this process's too) in @tmp: nothing of the
 * user's. GTestDBus unsets DISPLAY, for the bus and this process: both
 * get it back, so that what the bus starts opens its window on it.
 *
 * Returns: the bus; stop it with g_test_dbus_stop(), not
 *   g_test_dbus_down() (nor unref, which calls it): GTK keeps its own
 *   reference to the session bus to the end, which that would wait 30 s
 *   for, then fail.
 */
GTestDBus *
test_app_bus_up (const char *tmp)
{
  const char *xdg[] = { "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME" };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *services = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) lines = NULL;
  GTestDBus *bus;

  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (tmp, "xdg", xdg[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (xdg[i], dir, TRUE);
    }
  /* This process's settings: in memory (tests/meson.build). */
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");

  /* The built service file, run from the build tree. */
  g_file_get_contents (g_getenv ("LECTERN_DBUS_SERVICE"), &contents, NULL, &error);
  g_assert_no_error (error);
  exec = g_strdup_printf ("Exec=%s --gapplication-service", g_getenv ("LECTERN_BIN"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Exec="))
      {
        g_free (lines[i]);
        lines[i] = g_strdup (exec);
      }
  g_free (contents);
  contents = g_strjoinv ("\n", lines);
  services = g_build_filename (tmp, "services", NULL);
  test_write_file (services, APP_ID ".service", contents);

  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (bus, services);
  g_test_dbus_up (bus);
  if (display != NULL)
    {
      g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_autoptr(GVariant) reply = NULL;

      g_assert_no_error (error);
      g_setenv ("DISPLAY", display, TRUE);
      reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                           g_variant_new_parsed ("({'DISPLAY': %s},)", display), NULL,
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
    }
  return bus;
}
