/* test-app.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-ui.h"
#include "test-util.h"

#include "lec-application.h"

#include <string.h>

/* Lectern on the desktop (issue 17): started by the session bus through
 * its service file, one instance, and `lectern FOLDER` or `lectern
 * NOTE.md` run while it runs opening there. All on a private session bus
 * (GTestDBus), with the built `lectern` as the second process. */

static char *tmp;         /* the vaults, the XDG folders, the service dir */
static char *object_path; /* the app's, from its ID */
static LecApplication *app;

static char *
tmp_path (const char *rel)
{
  return g_build_filename (tmp, rel, NULL);
}

/* Ticks the main loop while a condition is polled over D-Bus, where no
 * event of ours wakes it. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
name_has_owner (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static gboolean
name_gone (gpointer data)
{
  return !name_has_owner (data);
}

/* The windows a GtkApplication exports under its object path. */
static gboolean
has_window_on_bus (gpointer data)
{
  g_autofree char *path = g_strconcat (object_path, "/window", NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  const char *xml;

  reply = g_dbus_connection_call_sync (data, APP_ID, path, "org.freedesktop.DBus.Introspectable",
                                       "Introspect", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, NULL);
  return node != NULL && node->nodes != NULL && node->nodes[0] != NULL;
}

static void
poll_until_ (Condition   condition,
             gpointer    data,
             const char *what)
{
  guint id = g_timeout_add (20, tick, NULL);

  wait_for_ (condition, data, what);
  g_source_remove (id);
}
#define poll_until(condition, data) poll_until_ (condition, data, #condition)

/* The desktop file asks to be started over D-Bus and offers Lectern for
 * folders and notes; the service file it needs is there, named alike. */
static void
test_desktop_files (void)
{
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GKeyFile) service = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *desktop_name = g_path_get_basename (g_getenv ("LECTERN_DESKTOP_FILE"));
  g_autofree char *service_name = g_path_get_basename (g_getenv ("LECTERN_DBUS_SERVICE"));
  g_auto(GStrv) types = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *name = NULL;

  g_key_file_load_from_file (desktop, g_getenv ("LECTERN_DESKTOP_FILE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (desktop, "Desktop Entry", "DBusActivatable", &error));
  g_assert_no_error (error);
  types = g_key_file_get_string_list (desktop, "Desktop Entry", "MimeType", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) types, "text/markdown"));
  g_assert_true (g_strv_contains ((const char * const *) types, "inode/directory"));
  exec = g_key_file_get_string (desktop, "Desktop Entry", "Exec", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (exec, " %U"));
  g_clear_pointer (&exec, g_free);

  g_key_file_load_from_file (service, g_getenv ("LECTERN_DBUS_SERVICE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  name = g_key_file_get_string (service, "D-BUS Service", "Name", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, APP_ID);
  g_assert_true (g_str_has_prefix (desktop_name, APP_ID) && g_str_equal (desktop_name + strlen (APP_ID), ".desktop"));
  g_assert_true (g_str_has_prefix (service_name, APP_ID) && g_str_equal (service_name + strlen (APP_ID), ".service"));
  exec = g_key_file_get_string (service, "D-BUS Service", "Exec", &error);
  g_assert_no_error (error);
  g_assert_true (g_path_is_absolute (exec));
  g_assert_true (g_str_has_suffix (exec, "/lectern --gapplication-service"));
}

/* Files opening a folder: the bus starts Lectern through the service file
 * (as main.c's binary, with --gapplication-service), which opens a window. */
static void
test_dbus_activation (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *vault = tmp_path ("Activated");
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  test_write_file (vault, "note.md", "# Activated\n");
  file = g_file_new_for_path (vault);
  uri = g_file_get_uri (file);
  g_assert_false (name_has_owner (bus));

  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.freedesktop.Application", "Open",
                                       g_variant_new_parsed ("([%s], @a{sv} {})", uri), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);
  poll_until (has_window_on_bus, bus);

  /* And it goes when asked to quit. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, APP_ID, object_path, "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new_parsed ("('quit', @av [], @a{sv} {})"), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 20000, NULL, &error);
  g_assert_no_error (error);
  poll_until (name_gone, bus);
}

/* --- a second `lectern` while this process is Lectern --------------------- */

typedef struct
{
  gboolean done;
  gboolean ok;
} Run;

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  run->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, NULL);
  run->done = TRUE;
}

/* Runs the built `lectern ARG` in @cwd, as a terminal would, and waits for
 * it to hand ARG over and exit. Returns what it wrote to its standard
 * error, if @err. */
static void
run_lectern_err (const char  *cwd,
                 const char  *arg,
                 char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (err != NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE
                                                                                  : G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { FALSE, FALSE };
  gint64 start = g_get_monotonic_time ();
  double elapsed_ms;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LECTERN_BIN"), arg, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_exited, &run);
  wait_for (flag_set, &run.done);
  if (err != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;

      g_assert_true (g_subprocess_communicate (process, NULL, NULL, NULL, &bytes, &error));
      g_assert_no_error (error);
      /* (Empty bytes have no data, and g_strndup (NULL, 0) is NULL.) */
      *err = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "", g_bytes_get_size (bytes));
    }
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_true (run.ok);
  g_test_message ("lectern %s handed over and exited in %.0f ms", arg, elapsed_ms);
  /* Promptly: 0.2–0.8 s here, 2.4 s with the machine's 2 cores busy. */
  if (!TEST_SANITIZED)
    g_assert_cmpfloat (elapsed_ms, <, 10000);
}

static void
run_lectern (const char *cwd,
             const char *arg)
{
  run_lectern_err (cwd, arg, NULL);
}

static guint
n_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += LEC_IS_WINDOW (l->data);
  return n;
}

static LecWindow *
window_showing (const char *path)
{
  g_autoptr(GFile) folder = g_file_new_for_path (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (LEC_IS_WINDOW (l->data) && lec_window_shows_folder (l->data, folder))
      return l->data;
  return NULL;
}

static gboolean
is_shown (gpointer data)
{
  return window_showing (data) != NULL;
}

typedef struct
{
  const char *folder;
  const char *note;
} Showing;

static gboolean
note_shown (gpointer data)
{
  Showing *showing = data;
  LecWindow *window = window_showing (showing->folder);

  return window != NULL &&
         g_strcmp0 (lec_note_view_get_path (lec_window_get_note_view (window)), showing->note) == 0;
}

/* The first process: this one, as Lectern, on a folder. */
static void
start_app (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (folder);

  app = lec_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  wait_for (is_shown, (gpointer) folder);
  g_assert_cmpuint (n_windows (), ==, 1);
}

static void
test_second_instance (void)
{
  g_autofree char *a = tmp_path ("A");
  g_autofree char *b = tmp_path ("B");
  Showing deep = { a, "Sub/Deep/note.md" };

  test_write_file (a, ".obsidian/app.json", "{}\n");
  test_write_file (a, "top.md", "# Top of A\n");
  test_write_file (a, "Sub/Deep/note.md", "# Deep in A\n\nSee [[top]].\n");
  test_write_file (b, "b.md", "# In B\n");

  start_app (a);

  /* Another folder: a window of its own; the first stays on its folder. */
  run_lectern (tmp, b);
  wait_for (is_shown, b);
  g_assert_cmpuint (n_windows (), ==, 2);
  g_assert_nonnull (window_showing (a));

  /* That folder again: the same window. Then a note deep in A, given
   * relative to the terminal's folder: A's window, at that note (opens
   * are handled in order, so B's was handled by then). */
  run_lectern (tmp, b);
  run_lectern (a, "Sub/Deep/note.md");
  wait_for (note_shown, &deep);
  g_assert_cmpuint (n_windows (), ==, 2);
  g_assert_nonnull (window_showing (b));
}

/* A window with no folder yet takes the next folder asked for. */
static void
test_empty_window (void)
{
  g_autofree char *c = tmp_path ("C");
  LecWindow *empty = lec_window_new (GTK_APPLICATION (app));
  guint before = n_windows ();

  test_write_file (c, "c.md", "# In C\n");
  run_lectern (tmp, c);
  wait_for (is_shown, c);
  g_assert_true (window_showing (c) == empty);
  g_assert_cmpuint (n_windows (), ==, before);
}

/* A note with no .obsidian/ above: its own folder, in a new window. */
static void
test_loose_note (void)
{
  g_autofree char *d = tmp_path ("D/Sub");
  g_autofree char *note = tmp_path ("D/Sub/loose.md");
  Showing loose = { d, "loose.md" };
  guint before = n_windows ();

  test_write_file (d, "loose.md", "# Loose\n");
  run_lectern (tmp, note);
  wait_for (note_shown, &loose);
  g_assert_cmpuint (n_windows (), ==, before + 1);
}

/* Files shares a note with the sandboxed Lectern through the document
 * portal, as $XDG_RUNTIME_DIR/doc/ID/NOTE.md, and that folder may be gone
 * next session: the note opens there, and the folder to reopen next time
 * stays the last real one. */
static void
test_shared_note (void)
{
  /* GTestDBus unsets XDG_RUNTIME_DIR: GLib's runtime folder is then the
   * cache folder, in tmp. */
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", "AB12cd", NULL);
  g_autofree char *note = g_build_filename (doc, "shared.md", NULL);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *before = g_settings_get_string (settings, "last-folder");
  g_autofree char *after = NULL;
  Showing shared = { doc, "shared.md" };

  g_assert_true (g_str_has_prefix (doc, tmp));
  g_assert_cmpstr (before, !=, "");
  test_write_file (doc, "shared.md", "# Shared\n");
  run_lectern (tmp, note);
  wait_for (note_shown, &shared);
  /* Loaded is set in the window's callback, before it saves the folder. */
  wait_for (vault_loaded, window_showing (doc));
  after = g_settings_get_string (settings, "last-folder");
  g_assert_cmpstr (after, ==, before);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* Opens @arg from a second `lectern`; returns the message it is given, the
 * dialog closed. The second `lectern` says it in its terminal too. */
static char *
message_for (const char *arg)
{
  AdwMessageDialog *dialog;
  g_autofree char *err = NULL;
  char *text;
  guint before = n_windows ();

  run_lectern_err (tmp, arg, &err);
  wait_for (dialog_shown, NULL);
  dialog = find_dialog ();
  g_assert_nonnull (strstr (err, adw_message_dialog_get_body (dialog)));
  text = g_strconcat (adw_message_dialog_get_heading (dialog), "\n", adw_message_dialog_get_body (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The windows stay as they were. */
  g_assert_cmpuint (n_windows (), ==, before);
  return text;
}

/* Files' "Open With" on a picture, a path gone: a clear message over the
 * window, no crash, no window on nothing. */
static void
test_not_a_note (void)
{
  g_autofree char *png = tmp_path ("A/cover.png");
  g_autofree char *gone = tmp_path ("A/gone.md");
  g_autofree char *text = NULL;

  test_write_file (tmp, "A/cover.png", "\x89PNG");
  text = message_for (png);
  g_assert_nonnull (strstr (text, "Cannot Open “cover.png”"));
  g_assert_nonnull (strstr (text, "not a note"));
  g_clear_pointer (&text, g_free);

  text = message_for (gone);
  g_assert_nonnull (strstr (text, "gone.md"));
  g_assert_nonnull (strstr (text, "There is no file or folder"));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-app");

  tmp = g_dir_make_tmp ("lectern-app-XXXXXX", &error);
  g_assert_no_error (error);
  bus = test_app_bus_up (tmp);
  object_path = g_strconcat ("/", APP_ID, NULL);
  g_strdelimit (object_path, ".", '/');

  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app/desktop-files", test_desktop_files);
  /* First: later, this process is Lectern on the bus. */
  g_test_add_func ("/app/dbus-activation", test_dbus_activation);
  g_test_add_func ("/app/second-instance", test_second_instance);
  g_test_add_func ("/app/empty-window", test_empty_window);
  g_test_add_func ("/app/loose-note", test_loose_note);
  g_test_add_func ("/app/not-a-note", test_not_a_note);
  g_test_add_func ("/app/shared-note", test_shared_note);

  ret = g_test_run ();

  if (app != NULL)
    {
      g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

      for (GList *l = windows; l != NULL; l = l->next)
        gtk_window_destroy (l->data);
      g_clear_object (&app);
    }
  g_test_dbus_stop (bus);
  test_remove_tree (tmp);
  return ret;
}
