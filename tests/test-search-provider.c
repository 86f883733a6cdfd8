/* test-search-provider.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-ui.h"
#include "test-util.h"

#include "lec-application.h"
#include "lec-index.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

/* GNOME Shell's search (issue 17): Lectern's org.gnome.Shell.SearchProvider2
 * asked over a private session bus (GTestDBus) as the Shell asks it. First
 * the built `lectern`, started by the bus through its service file; then
 * this process as Lectern, whose windows show what a result opens. */

#define PROVIDER "org.gnome.Shell.SearchProvider2"

static char *tmp;            /* the XDG folders, the service dir, a vault */
static char *provider_path;  /* from the app's ID, as the .ini says */
static char *samples;        /* the bundled sample notes */
static LecApplication *app;

/* Ticks the main loop while a condition is polled over D-Bus, where no
 * event of ours wakes it. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static GDBusConnection *
session (void)
{
  static GDBusConnection *bus;

  if (bus == NULL)
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  return bus;
}

/* Calls @method of the provider as the Shell does, with the main loop
 * running: the provider may be this process. */
static GVariant *
call_provider (const char  *method,
               GVariant    *parameters,
               const char  *reply_type,
               GError     **error)
{
  return test_dbus_call (session (), APP_ID, provider_path, PROVIDER, method, parameters, reply_type, error);
}

/* GetInitialResultSet for @terms (space-separated). */
static GStrv
find (const char *terms)
{
  g_auto(GStrv) words = g_strsplit (terms, " ", -1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GStrv ids = NULL;

  reply = call_provider ("GetInitialResultSet", g_variant_new ("(^as)", words), "(as)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &ids);
  return ids;
}

/* GetResultMetas for @id: its name and description, NULL if not given. */
static gboolean
meta (const char  *id,
      char       **name,
      char       **description)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) icon = NULL;
  g_autoptr(GIcon) gicon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got_id = NULL;

  reply = call_provider ("GetResultMetas", g_variant_new ("(^as)", ids), "(aa{sv})", &error);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (metas) == 0)
    return FALSE;
  g_assert_cmpuint (g_variant_n_children (metas), ==, 1);
  {
    g_autoptr(GVariant) dict = g_variant_get_child_value (metas, 0);
    GVariantDict d;

    g_variant_dict_init (&d, dict);
    g_assert_true (g_variant_dict_lookup (&d, "id", "s", &got_id));
    g_assert_true (g_variant_dict_lookup (&d, "name", "s", name));
    g_assert_true (g_variant_dict_lookup (&d, "description", "s", description));
    icon = g_variant_dict_lookup_value (&d, "icon", NULL);
    g_variant_dict_clear (&d);
  }
  g_assert_cmpstr (got_id, ==, id);
  /* An icon the Shell can make again. */
  g_assert_nonnull (icon);
  gicon = g_icon_deserialize (icon);
  g_assert_true (G_IS_THEMED_ICON (gicon));
  return TRUE;
}

static gboolean
name_has_owner (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (session (), "org.freedesktop.DBus", "/org/freedesktop/DBus",
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

static guint
owner_pid (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint pid = 0;

  reply = g_dbus_connection_call_sync (session (), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &pid);
  return pid;
}

/* The Shell finds Lectern's provider by its .ini file: on the app's bus
 * name, beside its object, through its desktop file. */
static void
test_ini (void)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (g_getenv ("LECTERN_SEARCH_PROVIDER"));
  g_autofree char *desktop = NULL;
  g_autofree char *bus_name = NULL;
  g_autofree char *path = NULL;

  g_key_file_load_from_file (ini, g_getenv ("LECTERN_SEARCH_PROVIDER"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, APP_ID ".search-provider.ini");
  desktop = g_key_file_get_string (ini, "Shell Search Provider", "DesktopId", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (desktop, ==, APP_ID ".desktop");
  bus_name = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bus_name, ==, APP_ID);
  path = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, provider_path);
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", &error), ==, 2);
  g_assert_no_error (error);
}

/* The sample notes' index, in this test's cache, as Lectern makes it. */
static void
index_samples (void)
{
  g_autoptr(GFile) root = g_file_new_for_path (samples);
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GError) error = NULL;

  index = lec_index_open (root, NULL, &error);
  g_assert_no_error (error);
  lec_index_update (index, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The Shell asking a Lectern that does not run: the bus starts the built
 * one (with --gapplication-service), which answers from the last folder's
 * index, stays for the next key typed, and opens no window. */
static void
test_activated (void)
{
  g_autofree char *keyfile = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) again = NULL;
  guint pid;

  index_samples ();
  /* Its settings: a key file in this test's XDG_CONFIG_HOME. */
  settings = g_strdup_printf ("[io/github/lectern/Lectern]\nlast-folder='%s'\n", samples);
  keyfile = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "glib-2.0", "settings", NULL);
  test_write_file (keyfile, "keyfile", settings);
  reply = g_dbus_connection_call_sync (session (), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new_parsed ("({'GSETTINGS_BACKEND': 'keyfile'},)"), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (name_has_owner (NULL));

  ids = find ("maillard");
  g_assert_true (g_strv_contains ((const char * const *) ids, "note:KitchenChemistry/the_maillard_reaction.md"));
  pid = owner_pid ();
  g_assert_cmpuint (pid, !=, (guint) getpid ());

  /* The next key: the same process answers. */
  again = find ("maillard re");
  g_assert_true (g_strv_contains ((const char * const *) again, "note:KitchenChemistry/the_maillard_reaction.md"));
  g_assert_cmpuint (owner_pid (), ==, pid);

  /* It would go by itself 10 s after the last answer. */
  kill ((pid_t) pid, SIGTERM);
  {
    guint id = g_timeout_add (20, tick, NULL);

    wait_for (name_gone, NULL);
    g_source_remove (id);
  }
}

static gboolean
last_folder_is (gpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *last = g_settings_get_string (settings, "last-folder");

  return g_strcmp0 (last, data) == 0;
}

static void
set_last_folder (const char *path)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

  g_settings_set_string (settings, "last-folder", path);
}

/* This process becomes Lectern on the bus, with no window yet. */
static void
start_app (void)
{
  g_autoptr(GError) error = NULL;

  app = lec_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A folder never indexed: nothing found, and no index made for it, nor
 * anything written into it. */
static void
test_no_index (void)
{
  g_autofree char *vault = g_build_filename (tmp, "Unindexed", NULL);
  g_autoptr(GFile) root = NULL;
  g_autofree char *db = NULL;
  g_auto(GStrv) ids = NULL;
  guint before;

  start_app ();
  test_write_file (vault, "maillard.md", "---\ntitle: Maillard at home\n---\n# Maillard\n");
  root = g_file_new_for_path (vault);
  db = lec_index_dup_file_path (root, NULL);
  before = count_files (vault);
  set_last_folder (vault);

  ids = find ("maillard");
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (vault), ==, before);
}

static LecWindow *
the_window (void)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_nonnull (windows);
  g_assert_null (windows->next);
  return LEC_WINDOW (windows->data);
}

/* The sample notes, open in a window: notes by their titles, topics by
 * their names, every word asked for in them, the last as a beginning. */
static void
test_results (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (samples);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) sub = NULL;
  const char *previous[] = { "note:OpenSkies/light_gathering_and_aperture.md", NULL };
  const char *terms[] = { "light", "gathering", NULL };

  g_application_open (G_APPLICATION (app), &file, 1, "");
  wait_for (last_folder_is, samples);
  wait_for (vault_loaded, the_window ());

  ids = find ("light ap");
  g_assert_cmpstrv (ids, ((const char *[]) { "note:OpenSkies/light_gathering_and_aperture.md", NULL }));
  g_clear_pointer (&ids, g_strfreev);

  /* Accents and case do not count. */
  ids = find ("MAILLÁRD");
  g_assert_cmpstr (ids[0], ==, "note:KitchenChemistry/the_maillard_reaction.md");
  g_clear_pointer (&ids, g_strfreev);

  /* A topic with no note of its own, and the notes that name it. */
  ids = find ("electromagnetic");
  g_assert_cmpstrv (ids, ((const char *[]) { "topic:the_electromagnetic_spectrum", NULL }));
  g_assert_true (meta (ids[0], &name, &description));
  g_assert_cmpstr (name, ==, "The electromagnetic spectrum");
  g_assert_cmpstr (description, ==, "Topic · 5 notes");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&description, g_free);

  /* A note: its title, and its channel. */
  g_assert_true (meta ("note:KitchenChemistry/the_maillard_reaction.md", &name, &description));
  g_assert_cmpstr (name, ==, "The Maillard reaction");
  g_assert_cmpstr (description, ==, "KitchenChemistry");

  /* Whole words before the last: "ligh" is no word. */
  g_clear_pointer (&ids, g_strfreev);
  ids = find ("ligh gathering");
  g_assert_cmpuint (g_strv_length (ids), ==, 0);

  reply = call_provider ("GetSubsearchResultSet", g_variant_new ("(^as^as)", previous, terms), "(as)", &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &sub);
  g_assert_cmpstrv (sub, previous);
}

/* Ids come over the bus from anyone: only what the index holds is a
 * result; the rest are refused, and nothing opens. */
static void
test_bad_ids (void)
{
  const char *bad[] = {
    "note:../../etc/passwd", "note:/etc/passwd", "note:OpenSkies/../../x.md",
    "note:OpenSkies/nothing.md", "note:", "topic:", "topic:no_such_topic", "nonsense", "",
    "note:OpenSkies", "topic:OpenSkies/olbers_paradox.md", NULL
  };
  LecWindow *window = the_window ();
  const char *shown = lec_note_view_get_path (lec_window_get_note_view (window));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_provider ("GetResultMetas", g_variant_new ("(^as)", bad), "(aa{sv})", &error);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 0);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GVariant) none = NULL;
      g_autoptr(GError) refused = NULL;

      none = call_provider ("ActivateResult", g_variant_new ("(s^asu)", bad[i], (const char *[]) { "x", NULL }, 0),
                            "()", &refused);
      g_assert_error (refused, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
    }
  /* Nor does a wrong call. */
  {
    g_autoptr(GVariant) none = NULL;
    g_autoptr(GError) refused = NULL;

    none = call_provider ("ActivateResult", g_variant_new ("(s)", "note:OpenSkies/olbers_paradox.md"), "()", &refused);
    g_assert_nonnull (refused);
  }
  run_for (200);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpstr (lec_note_view_get_path (lec_window_get_note_view (window)), ==, shown);
}

typedef struct
{
  LecWindow  *window;
  const char *path;
  const char *topic;
} Shown;

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;
  LecNoteView *view = lec_window_get_note_view (shown->window);

  if (shown->path != NULL)
    return g_strcmp0 (lec_note_view_get_path (view), shown->path) == 0;
  return g_strcmp0 (lec_note_view_get_topic (view), shown->topic) == 0;
}

static void
activate (const char *id)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_provider ("ActivateResult", g_variant_new ("(s^asu)", id, (const char *[]) { "olbers", NULL }, 0),
                         "()", &error);
  g_assert_no_error (error);
}

/* A result chosen in the overview opens in Lectern's window of that
 * folder: a note, or a topic's page. */
static void
test_activate (void)
{
  Shown note = { the_window (), "OpenSkies/olbers_paradox.md", NULL };
  Shown topic = { the_window (), NULL, "the_electromagnetic_spectrum" };

  activate ("note:OpenSkies/olbers_paradox.md");
  wait_for (is_shown, &note);
  activate ("topic:the_electromagnetic_spectrum");
  wait_for (is_shown, &topic);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* With no window, as after the bus started Lectern: a new one, which
   * shows the topic as soon as its folder can. */
  gtk_window_destroy (GTK_WINDOW (the_window ()));
  activate ("topic:the_electromagnetic_spectrum");
  topic.window = the_window ();
  wait_for (is_shown, &topic);
}

static gboolean
search_shows (gpointer data)
{
  GtkEditable *entry = lec_window_get_search_entry (the_window ());

  return g_strcmp0 (gtk_editable_get_text (entry), data) == 0 && gtk_widget_get_mapped (GTK_WIDGET (entry));
}

static gboolean
search_found (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (lec_window_get_search_list (the_window ())));

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static void
launch_search (const char *first,
               const char *second)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call_provider ("LaunchSearch", g_variant_new ("(^asu)", (const char *[]) { first, second, NULL }, 0),
                         "()", &error);
  g_assert_no_error (error);
}

/* "Search in Lectern": the sidebar's search, with the words, in the
 * folder's window; or in a new one, once its folder is loaded. */
static void
test_launch_search (void)
{
  launch_search ("bortle", "scale");
  wait_for (search_shows, "bortle scale");
  wait_for (search_found, NULL);

  gtk_window_destroy (GTK_WINDOW (the_window ()));
  launch_search ("maillard", "reaction");
  wait_for (search_shows, "maillard reaction");
  wait_for (vault_loaded, the_window ());
  wait_for (search_found, NULL);
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
  g_set_prgname ("test-search-provider");

  tmp = g_dir_make_tmp ("lectern-search-XXXXXX", &error);
  g_assert_no_error (error);
  bus = test_app_bus_up (tmp);
  samples = g_strdup (g_getenv ("LECTERN_SAMPLE_NOTES_DIR"));
  g_assert_nonnull (samples);
  provider_path = g_strconcat ("/", APP_ID, "/SearchProvider", NULL);
  g_strdelimit (provider_path, ".", '/');

  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/search-provider/ini", test_ini);
  /* First: later, this process is Lectern on the bus. */
  g_test_add_func ("/search-provider/activated", test_activated);
  g_test_add_func ("/search-provider/no-index", test_no_index);
  g_test_add_func ("/search-provider/results", test_results);
  g_test_add_func ("/search-provider/bad-ids", test_bad_ids);
  g_test_add_func ("/search-provider/activate", test_activate);
  g_test_add_func ("/search-provider/launch-search", test_launch_search);

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
