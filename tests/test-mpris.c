/* test-mpris.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-ui.h"
#include "test-util.h"

#include "lec-application.h"
#include "lec-player.h"
#include "lec-positions.h"

#include <math.h>
#include <stdlib.h>

/* The player as an MPRIS media player (issue 17): on a private session
 * bus (GTestDBus), a second connection plays GNOME's media controls. It
 * calls PlayPause, SetPosition and Seek, sets Rate, and reads Metadata,
 * Position and PlaybackStatus; the player follows, and what the player
 * does is heard as PropertiesChanged. */

#define NAME "org.mpris.MediaPlayer2.Lectern"
#define PATH "/org/mpris/MediaPlayer2"
#define PLAYER "org.mpris.MediaPlayer2.Player"

static GDBusConnection *client;

/* Calls @method and waits, the main loop running (Lectern answers from
 * it, in this process). */
static GVariant *
call (const char *iface,
      const char *method,
      GVariant   *args)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = test_dbus_call (client, NAME, PATH, iface, method, args, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

static GVariant *
get (const char *property)
{
  g_autoptr(GVariant) reply = call ("org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", PLAYER, property));
  GVariant *value;

  g_variant_get (reply, "(v)", &value);
  return value;
}

static gboolean
name_owned (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = test_dbus_call (client, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                              "org.freedesktop.DBus", "NameHasOwner",
                                              g_variant_new ("(s)", NAME), "(b)", &error);
  gboolean owned = FALSE;

  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &owned);
  return owned == GPOINTER_TO_INT (data);
}

/* PlaybackStatus as the last PropertiesChanged said it. */
static char *heard_status;

static void
on_properties_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *iface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         data)
{
  g_autoptr(GVariant) changed = NULL;
  const char *status;

  g_variant_get (parameters, "(&s@a{sv}@as)", NULL, &changed, NULL);
  if (g_variant_lookup (changed, "PlaybackStatus", "&s", &status))
    {
      g_free (heard_status);
      heard_status = g_strdup (status);
    }
}

/* Where the last Seeked signal said the player went, in µs, or -1. */
static gint64 seeked_to = -1;

static void
on_seeked (GDBusConnection *connection,
           const char      *sender,
           const char      *path,
           const char      *iface,
           const char      *signal,
           GVariant        *parameters,
           gpointer         data)
{
  g_variant_get (parameters, "(x)", &seeked_to);
}

static gboolean
seeked_near (gpointer data)
{
  gint64 to = *(gint64 *) data;

  return seeked_to >= to && seeked_to < to + 3 * G_USEC_PER_SEC;
}

static gboolean
heard (gpointer data)
{
  return g_strcmp0 (heard_status, data) == 0;
}

typedef struct
{
  LecPlayer *player;
  double     from;
  double     to;
} Span;

/* The player plays, somewhere in [from, to). */
static gboolean
playing_in (gpointer data)
{
  Span *span = data;
  double t = lec_player_get_time (span->player);

  return lec_player_get_playing (span->player) && t >= span->from && t < span->to;
}

static gboolean
paused (gpointer data)
{
  return !lec_player_get_playing (data);
}

static gboolean
rate_is (gpointer data)
{
  LecPlayer *player = ((gpointer *) data)[0];
  double *rate = ((gpointer *) data)[1];

  return lec_player_get_rate (player) == *rate;
}

/* Metadata has the video's length once the player has read it. */
static gboolean
has_length (gpointer data)
{
  g_autoptr(GVariant) metadata = get ("Metadata");
  gint64 *length = data;

  return g_variant_lookup (metadata, "mpris:length", "x", length);
}

static void
test_media_player (void)
{
  LecWindow *window = test_window_new ();
  gboolean finished = FALSE;
  g_autoptr(GVariant) metadata = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree char *title = NULL;
  g_autofree char *track = NULL;
  g_autofree const char **artists = NULL;
  gint64 length = 0, position;
  LecPlayer *player;
  Span span;
  guint id, seeked_id;
  gint64 to;

  id = g_dbus_connection_signal_subscribe (client, NULL, "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                           PATH, PLAYER, G_DBUS_SIGNAL_FLAGS_NONE, on_properties_changed, NULL, NULL);
  seeked_id = g_dbus_connection_signal_subscribe (client, NULL, PLAYER, "Seeked", PATH, NULL,
                                                  G_DBUS_SIGNAL_FLAGS_NONE, on_seeked, NULL, NULL);

  /* No video yet: no media player on the bus. */
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_flush ();
  g_assert_true (name_owned (GINT_TO_POINTER (FALSE)));
  player = LEC_PLAYER (open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md",
                                                     &finished));
  wait_for (name_owned, GINT_TO_POINTER (TRUE));

  /* The video's title and channel, its length and a track id. */
  wait_for (has_length, &length);
  g_assert_cmpint (llabs (length - 180 * G_USEC_PER_SEC), <, G_USEC_PER_SEC);
  metadata = get ("Metadata");
  g_assert_true (g_variant_lookup (metadata, "xesam:title", "s", &title));
  g_assert_cmpstr (title, ==, "How Telescopes Gather Light");
  g_assert_true (g_variant_lookup (metadata, "xesam:artist", "^a&s", &artists));
  g_assert_cmpstr (artists[0], ==, "OpenSkies");
  g_assert_null (artists[1]);
  g_assert_true (g_variant_lookup (metadata, "mpris:trackid", "o", &track));
  value = get ("PlaybackStatus");
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "Paused");
  g_clear_pointer (&value, g_variant_unref);

  /* PlayPause plays, and the bus hears of it. */
  g_variant_unref (call (PLAYER, "PlayPause", NULL));
  span = (Span) { player, 0, 10 };
  wait_for (playing_in, &span);
  wait_for (heard, "Playing");

  /* SetPosition: 100 s into the video, playing on; Seeked says so. */
  g_variant_unref (call (PLAYER, "SetPosition", g_variant_new ("(ox)", track, (gint64) 100 * G_USEC_PER_SEC)));
  span = (Span) { player, 100, 103 };
  wait_for (playing_in, &span);
  value = get ("Position");
  position = g_variant_get_int64 (value);
  g_assert_cmpint (position, >=, 100 * G_USEC_PER_SEC);
  g_assert_cmpint (position, <, 104 * G_USEC_PER_SEC);
  g_clear_pointer (&value, g_variant_unref);
  to = 100 * G_USEC_PER_SEC;
  wait_for (seeked_near, &to);

  /* Seek: 20 s back from where it is. */
  g_variant_unref (call (PLAYER, "Seek", g_variant_new ("(x)", (gint64) -20 * G_USEC_PER_SEC)));
  span = (Span) { player, 80, 85 };
  wait_for (playing_in, &span);

  /* Rate: the speed the player plays at. */
  {
    double rate = 1.5;
    gpointer wait[2] = { player, &rate };

    g_variant_unref (call ("org.freedesktop.DBus.Properties", "Set",
                           g_variant_new ("(ssv)", PLAYER, "Rate", g_variant_new_double (1.5))));
    wait_for (rate_is, wait);
    value = get ("Rate");
    g_assert_cmpfloat (g_variant_get_double (value), ==, 1.5);
    g_clear_pointer (&value, g_variant_unref);
  }

  /* Paused from the window (the space bar's action): the bus hears. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.toggle", NULL));
  wait_for (paused, player);
  wait_for (heard, "Paused");

  /* A note of no video: off the bus. */
  lec_window_open_note (window, "OpenSkies/OpenSkies.md");
  wait_for (name_owned, GINT_TO_POINTER (FALSE));

  g_dbus_connection_signal_unsubscribe (client, id);
  g_dbus_connection_signal_unsubscribe (client, seeked_id);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The title Metadata gives now, if the player is on the bus. */
static char *
bus_title (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = test_dbus_call (client, NAME, PATH, "org.freedesktop.DBus.Properties", "Get",
                                              g_variant_new ("(ss)", PLAYER, "Metadata"), "(v)", &error);
  g_autoptr(GVariant) metadata = NULL;
  char *title = NULL;

  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(v)", &metadata);
  g_variant_lookup (metadata, "xesam:title", "s", &title);
  return title;
}

static gboolean
bus_title_is (gpointer data)
{
  g_autofree char *title = bus_title ();

  return g_strcmp0 (title, data) == 0;
}

static gboolean
player_playing (gpointer data)
{
  return lec_player_get_playing (data);
}

/* Two windows with a video each: the keys reach the one played last. A
 * video loaded while the other plays waits; played, it takes the bus;
 * unloaded, it gives the bus back to the one still playing. */
static void
test_two_windows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lectern-mpris-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autoptr(GFile) media = g_file_get_child (samples, "OpenSkies/lcSkyTel180.webm");
  g_autoptr(GFile) copy = g_file_get_child (folder, "lcSkyTwo180.webm");
  g_autoptr(GError) error = NULL;
  const char *first = "How Telescopes Gather Light";
  const char *second = "Comets and their tails";
  LecWindow *a = test_window_new ();
  LecWindow *b = test_window_new ();
  gboolean finished = FALSE;
  LecPlayer *player_a, *player_b;

  test_write_file (dir, "comets.md", "---\ntitle: Comets and their tails\nvideoId: lcSkyTwo180\n---\nA comet's tail.\n");
  test_write_file (dir, "plain.md", "---\ntitle: Plain\n---\nNo video here.\n");
  g_assert_true (g_file_copy (media, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_set ("lcSkyTwo180", 0);
  lec_positions_flush ();

  /* The first window's video, played: on the bus. */
  player_a = LEC_PLAYER (open_sample_note_with_player (a, "OpenSkies/angular_resolution_and_the_diffraction_limit.md",
                                                       &finished));
  wait_for (bus_title_is, (gpointer) first);
  g_variant_unref (call (PLAYER, "PlayPause", NULL));
  wait_for (player_playing, player_a);

  /* The second window's video, loaded while the first plays: the bus
   * stays with the first. */
  lec_window_open_folder_at (b, folder, "comets.md");
  wait_for (player_ready, b);
  player_b = LEC_PLAYER (lec_window_get_player (b));
  run_for (300);
  g_assert_true (bus_title_is ((gpointer) first));

  /* Played: the second takes the bus, under the same name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (b), "player.toggle", NULL));
  wait_for (player_playing, player_b);
  wait_for (bus_title_is, (gpointer) second);
  g_assert_true (name_owned (GINT_TO_POINTER (TRUE)));

  /* The second's video unloaded: the first, still playing, is back. */
  lec_window_open_note (b, "plain.md");
  wait_for (bus_title_is, (gpointer) first);
  g_assert_true (name_owned (GINT_TO_POINTER (TRUE)));

  /* And none left: the name goes. */
  lec_window_open_note (a, "OpenSkies/OpenSkies.md");
  wait_for (name_owned, GINT_TO_POINTER (FALSE));

  gtk_window_destroy (GTK_WINDOW (a));
  gtk_window_destroy (GTK_WINDOW (b));
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *state = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_set_prgname ("test-mpris");
  state = g_dir_make_tmp ("lectern-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  /* GTestDBus unsets DISPLAY: it comes back, for GTK and WebKit. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  client = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                   NULL, NULL, &error);
  g_assert_no_error (error);

  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/mpris/media-player", test_media_player);
  g_test_add_func ("/mpris/two-windows", test_two_windows);

  ret = g_test_run ();

  g_clear_object (&client);
  /* Not g_test_dbus_down() (nor unref, which calls it): GTK keeps its
   * own reference to the session bus to the end (see test-app.c). */
  g_test_dbus_stop (bus);
  test_remove_tree (state);
  return ret;
}
