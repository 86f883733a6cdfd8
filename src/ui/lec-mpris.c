/* lec-mpris.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-mpris"

#include "config.h"

#include "lec-mpris.h"

#include <math.h>

/* The player on the session bus as an MPRIS media player, so that media
 * keys and GNOME's media controls reach it: org.mpris.MediaPlayer2 and
 * its .Player at /org/mpris/MediaPlayer2, under the name
 * org.mpris.MediaPlayer2.Lectern, only while a video is loaded. What the
 * bus asks, the player does; what the player does (its reports through
 * "time-changed"), the bus hears as PropertiesChanged and Seeked.
 *
 * A connection holds one object at a path, so one player of this Lectern
 * is on the bus at a time: the one that played last, so that media keys
 * reach the video the user last played. A window's video loaded while another
 * plays waits; when it plays, it takes the bus; when the one on the bus
 * unloads its video, the next one takes it. The name stays owned through
 * a change, so the Shell's media controls follow it. */

#define BUS_NAME "org.mpris.MediaPlayer2.Lectern"
#define OBJECT_PATH "/org/mpris/MediaPlayer2"
#define ROOT_IFACE "org.mpris.MediaPlayer2"
#define PLAYER_IFACE "org.mpris.MediaPlayer2.Player"
#define MIN_RATE 0.5
#define MAX_RATE 2.0
#define USEC 1000000.0

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.mpris.MediaPlayer2'>"
  "    <method name='Raise'/>"
  "    <method name='Quit'/>"
  "    <property name='CanQuit' type='b' access='read'/>"
  "    <property name='CanRaise' type='b' access='read'/>"
  "    <property name='HasTrackList' type='b' access='read'/>"
  "    <property name='Identity' type='s' access='read'/>"
  "    <property name='DesktopEntry' type='s' access='read'/>"
  "    <property name='SupportedUriSchemes' type='as' access='read'/>"
  "    <property name='SupportedMimeTypes' type='as' access='read'/>"
  "  </interface>"
  "  <interface name='org.mpris.MediaPlayer2.Player'>"
  "    <method name='Next'/>"
  "    <method name='Previous'/>"
  "    <method name='Pause'/>"
  "    <method name='PlayPause'/>"
  "    <method name='Stop'/>"
  "    <method name='Play'/>"
  "    <method name='Seek'><arg name='Offset' type='x' direction='in'/></method>"
  "    <method name='SetPosition'>"
  "      <arg name='TrackId' type='o' direction='in'/>"
  "      <arg name='Position' type='x' direction='in'/>"
  "    </method>"
  "    <method name='OpenUri'><arg name='Uri' type='s' direction='in'/></method>"
  "    <signal name='Seeked'><arg name='Position' type='x'/></signal>"
  "    <property name='PlaybackStatus' type='s' access='read'/>"
  "    <property name='Rate' type='d' access='readwrite'/>"
  "    <property name='Metadata' type='a{sv}' access='read'/>"
  "    <property name='Volume' type='d' access='readwrite'/>"
  "    <property name='Position' type='x' access='read'/>"
  "    <property name='MinimumRate' type='d' access='read'/>"
  "    <property name='MaximumRate' type='d' access='read'/>"
  "    <property name='CanGoNext' type='b' access='read'/>"
  "    <property name='CanGoPrevious' type='b' access='read'/>"
  "    <property name='CanPlay' type='b' access='read'/>"
  "    <property name='CanPause' type='b' access='read'/>"
  "    <property name='CanSeek' type='b' access='read'/>"
  "    <property name='CanControl' type='b' access='read'/>"
  "  </interface>"
  "</node>";

struct _LecMpris
{
  GObject          parent_instance;

  LecMprisOwner    owner;
  gpointer         owner_data;

  LecPlayer       *player;     /* while a video is loaded */
  char            *track;      /* the video's key: its id, or its file */
  char            *title;
  char            *artist;

  GDBusConnection *bus;
  GCancellable    *cancellable;
  gboolean         asked_bus;
  guint            registrations[2];

  /* What the bus heard last. */
  gboolean         playing;
  double           rate;
  double           duration;
  double           time;
  gint64           time_at;    /* monotonic µs of that time */
};

G_DEFINE_FINAL_TYPE (LecMpris, lec_mpris, G_TYPE_OBJECT)

/* The players with a video loaded, the last to play or load one first
 * (LecMpris, not owned), the one of them on the bus, and the bus name,
 * owned while one is. All on the main thread. */
static GQueue loaded = G_QUEUE_INIT;
static LecMpris *on_bus;
static guint bus_name_id;

static GDBusNodeInfo *
node_info (void)
{
  static GDBusNodeInfo *info;

  if (g_once_init_enter (&info))
    g_once_init_leave (&info, g_dbus_node_info_new_for_xml (introspection_xml, NULL));
  return info;
}

/* The track's object path: MPRIS wants one per track; any bytes may go
 * in an escaped element. */
static char *
track_path (LecMpris *self)
{
  g_autofree char *element = g_dbus_escape_object_path (self->track != NULL ? self->track : "none");

  return g_strconcat ("/io/github/lectern/Lectern/track/", element, NULL);
}

static GVariant *
metadata (LecMpris *self)
{
  GVariantBuilder b;
  g_autofree char *path = track_path (self);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "mpris:trackid", g_variant_new_object_path (path));
  if (self->player != NULL && lec_player_get_duration (self->player) > 0)
    g_variant_builder_add (&b, "{sv}", "mpris:length",
                           g_variant_new_int64 ((gint64) (lec_player_get_duration (self->player) * USEC)));
  if (self->title != NULL)
    g_variant_builder_add (&b, "{sv}", "xesam:title", g_variant_new_string (self->title));
  if (self->artist != NULL)
    {
      const char *artists[] = { self->artist, NULL };

      g_variant_builder_add (&b, "{sv}", "xesam:artist", g_variant_new_strv (artists, -1));
    }
  return g_variant_builder_end (&b);
}

static const char *
playback_status (LecMpris *self)
{
  return self->player != NULL && lec_player_get_playing (self->player) ? "Playing" : "Paused";
}

static GVariant *
get_property (GDBusConnection *connection,
              const char      *sender,
              const char      *object_path,
              const char      *interface_name,
              const char      *property_name,
              GError         **error,
              gpointer         user_data)
{
  LecMpris *self = user_data;
  LecPlayer *player = self->player;

  if (g_str_equal (interface_name, ROOT_IFACE))
    {
      if (g_str_equal (property_name, "CanRaise"))
        return g_variant_new_boolean (TRUE);
      if (g_str_equal (property_name, "CanQuit") || g_str_equal (property_name, "HasTrackList"))
        return g_variant_new_boolean (FALSE);
      if (g_str_equal (property_name, "Identity"))
        return g_variant_new_string ("Lectern");
      if (g_str_equal (property_name, "DesktopEntry"))
        return g_variant_new_string (APP_ID);
      return g_variant_new_strv (NULL, 0);
    }

  /* What a client was told is what a change is measured from: the
   * player's state can change without a report (a new video starts
   * paused), and a change from there must still be signalled. */
  if (g_str_equal (property_name, "PlaybackStatus"))
    {
      self->playing = player != NULL && lec_player_get_playing (player);
      return g_variant_new_string (playback_status (self));
    }
  if (g_str_equal (property_name, "Rate"))
    return g_variant_new_double (player != NULL ? lec_player_get_rate (player) : 1.0);
  if (g_str_equal (property_name, "Metadata"))
    return metadata (self);
  if (g_str_equal (property_name, "Volume"))
    return g_variant_new_double (player != NULL && !lec_player_get_muted (player) ? lec_player_get_volume (player) : 0);
  if (g_str_equal (property_name, "Position"))
    return g_variant_new_int64 (player != NULL ? (gint64) (lec_player_get_time (player) * USEC) : 0);
  if (g_str_equal (property_name, "MinimumRate"))
    return g_variant_new_double (MIN_RATE);
  if (g_str_equal (property_name, "MaximumRate"))
    return g_variant_new_double (MAX_RATE);
  if (g_str_equal (property_name, "CanGoNext") || g_str_equal (property_name, "CanGoPrevious"))
    return g_variant_new_boolean (FALSE);
  /* CanPlay, CanPause, CanSeek, CanControl */
  return g_variant_new_boolean (player != NULL);
}

static gboolean
set_property (GDBusConnection *connection,
              const char      *sender,
              const char      *object_path,
              const char      *interface_name,
              const char      *property_name,
              GVariant        *value,
              GError         **error,
              gpointer         user_data)
{
  LecMpris *self = user_data;

  if (self->player == NULL)
    return TRUE;
  if (g_str_equal (property_name, "Rate"))
    {
      double rate = g_variant_get_double (value);

      /* MPRIS says a rate of 0 should pause, not be refused. */
      if (rate <= 0)
        lec_player_call (self->player, "return lectern.pause ();", NULL);
      else if (isfinite (rate) && self->owner.set_rate != NULL)
        self->owner.set_rate (self->owner_data, CLAMP (rate, MIN_RATE, MAX_RATE));
    }
  else if (g_str_equal (property_name, "Volume"))
    {
      double volume = g_variant_get_double (value);

      if (isfinite (volume))
        lec_player_set_volume (self->player, CLAMP (volume, 0, 1), volume <= 0);
    }
  return TRUE;
}

/* Seeks to @seconds, playing on when it played. */
static void
seek_to (LecMpris *self,
         double    seconds)
{
  double duration = lec_player_get_duration (self->player);

  if (seconds < 0)
    seconds = 0;
  if (duration > 0 && seconds > duration)
    seconds = duration;
  lec_player_seek (self->player, (guint) MIN (round (seconds), G_MAXINT), lec_player_get_playing (self->player));
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  LecMpris *self = user_data;

  if (g_str_equal (method_name, "Raise"))
    {
      if (self->owner.raise != NULL)
        self->owner.raise (self->owner_data);
    }
  else if (g_str_equal (method_name, "OpenUri"))
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED,
                                                     "Lectern plays the videos of its notes only");
      return;
    }
  else if (self->player == NULL)
    ;
  else if (g_str_equal (method_name, "PlayPause"))
    lec_player_call (self->player, "return lectern.togglePlay ();", NULL);
  else if (g_str_equal (method_name, "Play"))
    lec_player_call (self->player, "return lectern.play ();", NULL);
  else if (g_str_equal (method_name, "Pause") || g_str_equal (method_name, "Stop"))
    lec_player_call (self->player, "return lectern.pause ();", NULL);
  else if (g_str_equal (method_name, "Seek"))
    {
      gint64 offset;

      g_variant_get (parameters, "(x)", &offset);
      seek_to (self, lec_player_get_time (self->player) + offset / USEC);
    }
  else if (g_str_equal (method_name, "SetPosition"))
    {
      g_autofree char *mine = track_path (self);
      const char *track;
      gint64 position;

      /* A position for another track, or outside this one, is ignored. */
      g_variant_get (parameters, "(&ox)", &track, &position);
      if (g_str_equal (track, mine) && position >= 0 &&
          (lec_player_get_duration (self->player) <= 0 || position / USEC <= lec_player_get_duration (self->player)))
        seek_to (self, position / USEC);
    }
  /* Quit, Next, Previous: Can* says no. */
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call, get_property, set_property, { 0 } };

static void
emit_changed (LecMpris   *self,
              const char *name,
              GVariant   *value)
{
  GVariantBuilder changed;

  if (self->registrations[1] == 0)
    {
      g_variant_unref (g_variant_ref_sink (value));
      return;
    }
  g_variant_builder_init (&changed, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&changed, "{sv}", name, value);
  g_dbus_connection_emit_signal (self->bus, NULL, OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                 "PropertiesChanged",
                                 g_variant_new ("(sa{sv}as)", PLAYER_IFACE, &changed, NULL), NULL);
}

static void take_bus (LecMpris *self);

/* The player's report: what changed is said on the bus. A time that is
 * not where playing on would have brought it is a seek. */
static void
on_player_time (LecMpris  *self,
                double     seconds,
                gboolean   playing,
                LecPlayer *player)
{
  gint64 now = g_get_monotonic_time ();
  double expected = self->time + (self->playing ? (now - self->time_at) / USEC * self->rate : 0);
  double rate = lec_player_get_rate (player);
  double duration = lec_player_get_duration (player);

  if (playing != self->playing)
    {
      self->playing = playing;
      emit_changed (self, "PlaybackStatus", g_variant_new_string (playback_status (self)));
      /* Played here: the keys come here. */
      if (playing && on_bus != self)
        {
          g_queue_remove (&loaded, self);
          g_queue_push_head (&loaded, self);
          take_bus (self);
        }
    }
  if (rate != self->rate)
    {
      self->rate = rate;
      emit_changed (self, "Rate", g_variant_new_double (rate));
    }
  if (duration != self->duration)
    {
      self->duration = duration;
      emit_changed (self, "Metadata", metadata (self));
    }
  if (fabs (seconds - expected) > 1.5 && self->registrations[1] != 0)
    g_dbus_connection_emit_signal (self->bus, NULL, OBJECT_PATH, PLAYER_IFACE, "Seeked",
                                   g_variant_new ("(x)", (gint64) (seconds * USEC)), NULL);
  self->time = seconds;
  self->time_at = now;
}

static void
unregister (LecMpris *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->registrations); i++)
    {
      if (self->registrations[i] != 0)
        g_dbus_connection_unregister_object (self->bus, self->registrations[i]);
      self->registrations[i] = 0;
    }
}

/* Registers the objects of the player on the bus (on_bus), once it has a
 * connection, and owns the name. A player that takes the bus from another
 * says what it plays: the name stayed, the objects behind it changed. */
static void
export (LecMpris *self)
{
  GDBusNodeInfo *info = node_info ();
  g_autoptr(GError) error = NULL;

  if (self != on_bus || self->bus == NULL || self->player == NULL || self->registrations[0] != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->registrations); i++)
    {
      self->registrations[i] = g_dbus_connection_register_object (self->bus, OBJECT_PATH, info->interfaces[i],
                                                                  &vtable, self, NULL, &error);
      if (self->registrations[i] == 0)
        {
          /* Something else of this process holds the path. */
          g_debug ("Not on the bus as a media player: %s", error->message);
          unregister (self);
          return;
        }
    }
  if (bus_name_id == 0)
    bus_name_id = g_bus_own_name_on_connection (self->bus, BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                NULL, NULL, NULL, NULL);
  else
    {
      emit_changed (self, "Metadata", metadata (self));
      emit_changed (self, "PlaybackStatus", g_variant_new_string (playback_status (self)));
      emit_changed (self, "Rate", g_variant_new_double (self->rate));
    }
}

static void ask_bus (LecMpris *self);

/* @self goes on the bus in place of the one there. */
static void
take_bus (LecMpris *self)
{
  if (on_bus == self)
    return;
  if (on_bus != NULL)
    unregister (on_bus);
  on_bus = self;
  if (self->bus != NULL)
    export (self);
  else
    ask_bus (self);
}

/* @self's video is gone: another loaded one takes the bus (one playing
 * first, else the last loaded), or the name goes. */
static void
leave_bus (LecMpris *self)
{
  LecMpris *next = NULL;

  g_queue_remove (&loaded, self);
  if (on_bus != self)
    return;
  unregister (self);
  on_bus = NULL;
  for (GList *l = loaded.head; l != NULL && next == NULL; l = l->next)
    if (((LecMpris *) l->data)->playing)
      next = l->data;
  if (next == NULL && loaded.head != NULL)
    next = loaded.head->data;
  if (next != NULL)
    take_bus (next);
  else if (bus_name_id != 0)
    {
      g_bus_unown_name (bus_name_id);
      bus_name_id = 0;
    }
}

static void
got_bus (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LecMpris) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      /* No session bus (a test without one, say): no media keys. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No session bus: %s", error->message);
      return;
    }
  self->bus = bus;
  export (self);
}

static void
ask_bus (LecMpris *self)
{
  if (self->asked_bus)
    return;
  self->asked_bus = TRUE;
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, got_bus, g_object_ref (self));
}

/**
 * lec_mpris_show:
 * @player: the player, with a video loaded
 * @track: what identifies the video (its id, or its file)
 * @title: (nullable): the video's title
 * @artist: (nullable): its channel
 *
 * Puts the player on the session bus, or tells the bus of another video.
 */
void
lec_mpris_show (LecMpris   *self,
                LecPlayer  *player,
                const char *track,
                const char *title,
                const char *artist)
{
  gboolean same;

  g_return_if_fail (LEC_IS_MPRIS (self));
  g_return_if_fail (LEC_IS_PLAYER (player));

  same = self->player == player && g_strcmp0 (self->track, track) == 0 &&
         g_strcmp0 (self->title, title) == 0 && g_strcmp0 (self->artist, artist) == 0;
  if (same)
    return;
  if (self->player != player)
    {
      if (self->player != NULL)
        g_signal_handlers_disconnect_by_data (self->player, self);
      g_set_object (&self->player, player);
      g_signal_connect_object (player, "time-changed", G_CALLBACK (on_player_time), self, G_CONNECT_SWAPPED);
    }
  g_free (self->track);
  self->track = g_strdup (track);
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->artist);
  self->artist = g_strdup (artist);
  self->playing = lec_player_get_playing (player);
  self->rate = lec_player_get_rate (player);
  self->duration = lec_player_get_duration (player);
  self->time = lec_player_get_time (player);
  self->time_at = g_get_monotonic_time ();

  g_queue_remove (&loaded, self);
  g_queue_push_head (&loaded, self);
  if (self->registrations[0] != 0)
    {
      emit_changed (self, "Metadata", metadata (self));
      emit_changed (self, "PlaybackStatus", g_variant_new_string (playback_status (self)));
      return;
    }
  /* Not while another plays: that one keeps the keys. */
  if (on_bus == NULL || on_bus == self || !on_bus->playing)
    take_bus (self);
}

/* No video loaded: the player leaves the bus. */
void
lec_mpris_hide (LecMpris *self)
{
  g_return_if_fail (LEC_IS_MPRIS (self));

  leave_bus (self);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  g_clear_pointer (&self->track, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->artist, g_free);
}

/* Whether the player is on the bus (objects registered). */
gboolean
lec_mpris_get_exported (LecMpris *self)
{
  g_return_val_if_fail (LEC_IS_MPRIS (self), FALSE);

  return self->registrations[0] != 0;
}

static void
lec_mpris_dispose (GObject *object)
{
  LecMpris *self = LEC_MPRIS (object);

  lec_mpris_hide (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (lec_mpris_parent_class)->dispose (object);
}

static void
lec_mpris_class_init (LecMprisClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lec_mpris_dispose;
}

static void
lec_mpris_init (LecMpris *self)
{
  self->cancellable = g_cancellable_new ();
  self->rate = 1.0;
}

/**
 * lec_mpris_new:
 * @owner: what the player's owner does for MPRIS
 * @owner_data: passed to @owner's functions; outlives the object
 */
LecMpris *
lec_mpris_new (const LecMprisOwner *owner,
               gpointer             owner_data)
{
  LecMpris *self = g_object_new (LEC_TYPE_MPRIS, NULL);

  self->owner = *owner;
  self->owner_data = owner_data;
  return self;
}
