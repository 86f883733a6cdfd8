/* bench-shell-dbus.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME Shell's search over D-Bus: Lectern's search provider
 * (LecSearchProvider, as the app exports it) answering
 * GetInitialResultSet, then GetResultMetas for the five results the
 * Shell shows, from a client in another thread on a peer-to-peer
 * connection (the Shell's calls pass the bus daemon too). Prints
 * key=value lines, medians of 15 answers; `dbus_first_` is the first
 * question of a session, which reads the names.
 *
 *   bench-shell-dbus DIR
 *
 * DIR must be indexed in $XDG_CACHE_HOME/lectern already; the settings
 * are GSettings' memory backend with the build's schema
 * (GSETTINGS_SCHEMA_DIR), so nothing of the user's is read or written.
 */

#include "config.h"

#include "bench-util.h"

#include "lec-search-provider.h"

#include <stdio.h>
#include <stdlib.h>

static const char *queries[][3] = {
  { "learning", NULL },
  { "machine", "learning", NULL },
  { "a", NULL },
  { "scal", NULL },
};

typedef struct
{
  const char *address;
  GMainLoop  *loop;
} Client;

/* GetInitialResultSet and GetResultMetas of its first five, in ms. */
static double
answer_ms (GDBusConnection    *connection,
           const char * const *terms)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GVariant) found = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **ids = NULL;
  gsize n;

  found = g_dbus_connection_call_sync (connection, NULL, "/bench", "org.gnome.Shell.SearchProvider2",
                                       "GetInitialResultSet", g_variant_new ("(^as)", terms),
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (found, "(^a&s)", &ids);
  n = g_strv_length ((char **) ids);
  if (n > 5)
    ids[5] = NULL;
  metas = g_dbus_connection_call_sync (connection, NULL, "/bench", "org.gnome.Shell.SearchProvider2",
                                       "GetResultMetas", g_variant_new ("(^as)", ids),
                                       G_VARIANT_TYPE ("(aa{sv})"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
quit (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_dbus_connection_new_for_address_sync (client->address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  printf ("dbus_first_query_ms=%.1f\n", answer_ms (connection, queries[0]));
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *name = g_strjoinv ("_", (char **) queries[q]);
      double times[15];

      for (guint i = 0; i < G_N_ELEMENTS (times); i++)
        times[i] = answer_ms (connection, queries[q]);
      qsort (times, G_N_ELEMENTS (times), sizeof times[0], bench_compare_doubles);
      printf ("dbus_query_%s_ms=%.2f\n", name, times[G_N_ELEMENTS (times) / 2]);
    }
  g_idle_add (quit, client->loop);
  return NULL;
}

static gboolean
on_new_connection (GDBusServer     *server,
                   GDBusConnection *connection,
                   gpointer         provider)
{
  g_autoptr(GError) error = NULL;

  lec_search_provider_export (provider, connection, "/bench", &error);
  g_assert_no_error (error);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(LecSearchProvider) provider = NULL;
  g_autoptr(GDBusServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autofree char *dir = NULL;
  GThread *thread;
  Client client;

  if (argc != 2)
    {
      g_printerr ("usage: bench-shell-dbus DIR\n");
      return 1;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  dir = realpath (argv[1], NULL);
  settings = g_settings_new (SCHEMA_ID);
  g_settings_set_string (settings, "last-folder", dir);
  app = g_application_new ("io.github.lectern.BenchShell", G_APPLICATION_NON_UNIQUE);
  provider = lec_search_provider_new (app, settings);

  server = g_dbus_server_new_sync ("unix:tmpdir=/tmp", G_DBUS_SERVER_FLAGS_NONE, guid, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (server, "new-connection", G_CALLBACK (on_new_connection), provider);
  g_dbus_server_start (server);

  loop = g_main_loop_new (NULL, FALSE);
  client.address = g_dbus_server_get_client_address (server);
  client.loop = loop;
  thread = g_thread_new ("client", client_thread, &client);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_dbus_server_stop (server);
  return 0;
}
