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
 * its service file, on a private session bus (GTestDBus). */

static char *tmp;         /* the vaults, the XDG folders, the service dir */
static char *object_path; /* the app's, from its ID */

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

/* The desktop file asks to be started over D-Bus; the service file it
 * needs is there, named alike. */
static void
test_desktop_files (void)
{
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GKeyFile) service = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *desktop_name = g_path_get_basename (g_getenv ("LECTERN_DESKTOP_FILE"));
  g_autofree char *service_name = g_path_get_basename (g_getenv ("LECTERN_DBUS_SERVICE"));
  g_autofree char *exec = NULL;
  g_autofree char *name = NULL;

  g_key_file_load_from_file (desktop, g_getenv ("LECTERN_DESKTOP_FILE"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_get_boolean (desktop, "Desktop Entry", "DBusActivatable", &error));
  g_assert_no_error (error);
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

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autofree char *services = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) error = NULL;
  const char *xdg[] = { "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME" };
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-app");

  /* Nothing of the user's: the XDG folders of every Lectern started here
   * are in a fresh folder, its settings in memory (tests/meson.build). */
  tmp = g_dir_make_tmp ("lectern-app-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (tmp, "xdg", xdg[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (xdg[i], dir, TRUE);
    }
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");

  /* The built service file, run from the build tree. */
  g_file_get_contents (g_getenv ("LECTERN_DBUS_SERVICE"), &contents, NULL, &error);
  g_assert_no_error (error);
  exec = g_strdup_printf ("Exec=%s --gapplication-service", g_getenv ("LECTERN_BIN"));
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "Exec="))
        {
          g_free (lines[i]);
          lines[i] = g_strdup (exec);
        }
    g_free (contents);
    contents = g_strjoinv ("\n", lines);
  }
  services = g_build_filename (tmp, "services", NULL);
  test_write_file (services, APP_ID ".service", contents);

  object_path = g_strconcat ("/", APP_ID, NULL);
  g_strdelimit (object_path, ".", '/');

  /* GTestDBus unsets DISPLAY, for the bus and this process: both get it
   * back, so that what the bus starts opens its window on it. */
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

  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app/desktop-files", test_desktop_files);
  g_test_add_func ("/app/dbus-activation", test_dbus_activation);

  ret = g_test_run ();

  /* Not g_test_dbus_down() (nor unref, which calls it): GTK keeps its
   * own reference to the session bus to the end, which that would wait
   * 30 s for, then fail. */
  g_test_dbus_stop (bus);
  test_remove_tree (tmp);
  return ret;
}
