/* lec-player-area.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-player-area"

#include "config.h"

#include "lec-player-area.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lec-download.h"
#include "lec-channel.h"
#include "lec-media.h"
#include "lec-mpris.h"
#include "lec-player.h"
#include "lec-player-bar.h"
#include "lec-positions.h"
#include "lec-timestamp.h"
#include "lec-video.h"

/* The note's side of the window: the player (or the panel that says its
 * media is not here, with "Download for Offline" and "Open on YouTube")
 * above or beside the content it is given, the note, with the divider
 * between them. It keeps each video's position, and tells the window
 * the player's time through "time-changed" so the note can follow. */

struct _LecPlayerArea
{
  GtkWidget       parent_instance;

  GSettings      *settings;
  LecVault       *vault;

  /* Template widgets */
  GtkPaned       *paned;
  GtkStack       *slot;
  AdwStatusPage  *offline_page;
  GtkButton      *youtube_button;
  GtkWidget      *offline_buttons;
  GtkWidget      *download_button;
  GtkWidget      *download_box;
  GtkProgressBar *download_progress;

  LecPlayer      *player;
  GtkWidget      *player_page;    /* the player and its bar */
  gboolean        video_hidden;   /* the player shows its bar only */
  int             video_position; /* the divider before the video was hidden */
  char           *video_id;       /* of the open note, or NULL */
  char           *playing_key;    /* the video in the player, for resuming */
  char           *playing_note;   /* the note the player was last shown for */
  gint64          saved_at;       /* when its position was last saved */
  guint           pending_seek;   /* for "Open on YouTube" */
  guint           rate_index;     /* into playback_rates */
  LecMpris       *mpris;          /* the player on the session bus */
  LecDownload    *download;       /* running, or NULL */
  GCancellable   *download_cancellable;
};

G_DEFINE_FINAL_TYPE (LecPlayerArea, lec_player_area, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTENT,
  PROP_BESIDE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  TIME_CHANGED,
  SEEK_PAST_END,
  DOWNLOADED,
  DOWNLOAD_FAILED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const double playback_rates[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0 };
#define NORMAL_RATE 2

/* Keeps the player's position, at most every 5 s while playing (and at
 * once when @now). */
static void
save_position (LecPlayerArea *self,
               gboolean       now)
{
  gint64 t = g_get_monotonic_time ();

  if (self->player == NULL || self->playing_key == NULL)
    return;
  if (!now && t - self->saved_at < 5 * G_USEC_PER_SEC)
    return;
  self->saved_at = t;
  lec_positions_set (self->playing_key, (guint) lec_player_get_time (self->player));
  if (now)
    lec_positions_flush ();
  else
    lec_positions_flush_later ();
}

static gboolean
player_in_view (LecPlayerArea *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->slot)) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->slot), "player") == 0;
}

/* Follow along: the note shows the passage being played, when the note
 * belongs to the video in the player. */
static void
on_player_time (LecPlayerArea *self,
                double         seconds,
                gboolean       playing,
                LecPlayer     *player)
{
  save_position (self, !playing);
  if (!player_in_view (self))
    return;
  g_signal_emit (self, signals [TIME_CHANGED], 0, seconds, playing);
}

/* A note's time past the end of its media: the player went to the end. */
static void
on_seek_past_end (LecPlayerArea *self,
                  double         requested,
                  double         duration,
                  LecPlayer     *player)
{
  g_signal_emit (self, signals [SEEK_PAST_END], 0, requested, duration);
}

/* The player goes with the vault it may read: it leaves the slot. */
static void
drop_player (LecPlayerArea *self)
{
  save_position (self, TRUE);
  lec_mpris_hide (self->mpris);
  gtk_stack_remove (self->slot, self->player_page);
  self->player = NULL;
  self->player_page = NULL;
}

/* A note without this video hides the player: it must not go on playing
 * where nobody can see or stop it. (Its position is kept.) */
static void
pause_hidden_player (LecPlayerArea *self)
{
  lec_mpris_hide (self->mpris);
  if (self->player == NULL)
    return;
  save_position (self, TRUE);
  lec_player_call (self->player, "return lectern.pause ();", NULL);
}

/* A player, made on first use: its web process may read the vault, the
 * media folders and the captions cache, which exist by then. */
static void
ensure_player (LecPlayerArea      *self,
               const char         *root,
               const char * const *folders)
{
  g_autofree char *captions_dir = lec_media_captions_cache_dir ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) readable = NULL;
  GtkWidget *bar;

  if (self->player != NULL)
    return;

  /* The sandbox takes only folders that exist when it starts: the user's
   * media folder is made now, so a download can play. */
  g_mkdir_with_parents (captions_dir, 0700);
  g_mkdir_with_parents (folders[0], 0755);
  g_strv_builder_add (builder, root);
  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, captions_dir);
  readable = g_strv_builder_end (builder);

  self->player = lec_player_new ((const char * const *) readable);
  self->video_hidden = FALSE;
  gtk_widget_set_vexpand (GTK_WIDGET (self->player), TRUE);
  g_signal_connect_object (self->player, "time-changed", G_CALLBACK (on_player_time), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "seek-past-end", G_CALLBACK (on_seek_past_end), self, G_CONNECT_SWAPPED);

  bar = lec_player_bar_new ();
  lec_player_bar_set_player (LEC_PLAYER_BAR (bar), self->player);
  self->player_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->player_page), GTK_WIDGET (self->player));
  gtk_box_append (GTK_BOX (self->player_page), bar);
  gtk_stack_add_named (self->slot, self->player_page, "player");
}

static gboolean
is_beside (LecPlayerArea *self)
{
  return gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_HORIZONTAL;
}

/* Above the note, the panel gets the height it needs to show its
 * message and its buttons whole. */
static void
fit_offline_panel (LecPlayerArea *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int natural = 0;

  if (is_beside (self) || self->video_hidden)
    return;
  gtk_widget_measure (GTK_WIDGET (self->offline_page), GTK_ORIENTATION_VERTICAL, width > 0 ? width : -1,
                      NULL, &natural, NULL, NULL);
  if (natural > 0)
    gtk_paned_set_position (self->paned, natural);
}

/* The slot with @page ("player", or "waiting": the player's room while
 * it is made), at the player's height if it was hidden. */
static void
show_player (LecPlayerArea *self,
             const char    *page)
{
  gtk_stack_set_visible_child_name (self->slot, page);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->slot)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->slot), TRUE);
      gtk_paned_set_position (self->paned, 300);
    }
}

static void
update_youtube_button (LecPlayerArea *self)
{
  g_autofree char *time = lec_timestamp_format (self->pending_seek);
  /* Translators: a button; %s is a time like 01:25 */
  g_autofree char *label = g_strdup_printf (_("Open on YouTube at %s"), time);

  gtk_button_set_label (self->youtube_button, label);
}

/* "Download for offline", offered when yt-dlp is installed; while a
 * download runs, its progress and Cancel instead. */
static void
update_download (LecPlayerArea *self)
{
  gboolean running = self->download != NULL;
  gboolean this_video = running && g_strcmp0 (lec_download_get_video_id (self->download), self->video_id) == 0;

  gtk_widget_set_visible (self->download_button, !running && lec_download_is_available () &&
                          lec_youtube_id_is_valid (self->video_id));
  gtk_widget_set_visible (self->download_box, this_video);
  gtk_widget_set_visible (self->offline_buttons, !this_video);
}

/* The user's media folder, then the ones added in Preferences. */
static GStrv
dup_media_folders (LecPlayerArea *self)
{
  g_auto(GStrv) extra = g_settings_get_strv (self->settings, "media-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *mine = lec_media_default_dir ();

  g_strv_builder_add (builder, mine);
  g_strv_builder_addv (builder, (const char **) extra);
  return g_strv_builder_end (builder);
}

/* Loads @media_path (a file, or "youtube:ID") unless it plays already,
 * from where its @key was left. */
static void
swap_in (LecPlayerArea      *self,
         const char         *key,
         const char         *media_path,
         const LecMediaFile *media)
{
  if (g_strcmp0 (lec_player_get_media_path (self->player), media_path) == 0)
    return;
  /* Another video: remember where the old one was, resume the new. */
  save_position (self, TRUE);
  g_free (self->playing_key);
  self->playing_key = g_strdup (key);
  if (media != NULL)
    lec_player_load (self->player, media, lec_positions_get (self->playing_key));
  else
    lec_player_load_youtube (self->player, key, lec_positions_get (self->playing_key));
}

static void
show_offline_panel (LecPlayerArea *self,
                    const char    *video_id,
                    const char    *media_field,
                    const char    *folder)
{
  /* The status page reads markup: the note's values are escaped. Where
   * lec_media_find() looks, said as a reader would put the file there:
   * by video id beside the note, in the vault's media folders (at its
   * top), then the user's; a "media:" path beside the note or from the
   * vault's top. */
  g_autofree char *description =
    video_id != NULL
    ? g_markup_printf_escaped (_("Put “%s.webm” (or .mp4, .mkv, .m4a, .opus, .mp3) next to the note, "
                                 "in the notes folder’s “media” folder (or “attachments”, “assets”, “_media”), "
                                 "or in %s, to play it here."),
                               video_id, folder)
    : g_markup_printf_escaped (_("The note’s media, “%s”, is neither next to the note nor at that path "
                                 "in the notes folder."), media_field);

  pause_hidden_player (self);
  self->pending_seek = 0;
  update_youtube_button (self);
  update_download (self);
  gtk_widget_set_visible (GTK_WIDGET (self->youtube_button), lec_youtube_id_is_valid (video_id));
  adw_status_page_set_description (self->offline_page, description);
  gtk_stack_set_visible_child_name (self->slot, "offline");
  gtk_widget_set_visible (GTK_WIDGET (self->slot), TRUE);
  fit_offline_panel (self);
}

/* The title of video @id in @channel as the library shows it, or NULL. */
static const char *
video_title (LecPlayerArea *self,
             const char    *channel,
             const char    *id)
{
  GListModel *channels = lec_vault_get_channels (self->vault);

  if (channel == NULL || id == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr(LecChannel) c = g_list_model_get_item (channels, i);
      GListModel *videos;

      if (g_strcmp0 (lec_channel_get_name (c), channel) != 0)
        continue;
      videos = G_LIST_MODEL (lec_channel_get_videos (c));
      for (guint j = 0; j < g_list_model_get_n_items (videos); j++)
        {
          g_autoptr(LecVideo) v = g_list_model_get_item (videos, j);

          if (g_strcmp0 (lec_video_get_id (v), id) == 0)
            return lec_video_get_title (v);
        }
    }
  return NULL;
}

/* The video loaded and shown: media keys and GNOME's media controls may
 * reach it, with its title and channel. */
static void
show_on_bus (LecPlayerArea *self,
             const char    *path)
{
  LecNoteInfo *info = lec_vault_find_note (self->vault, path);
  const char *channel = info != NULL ? lec_note_info_get_channel (info) : NULL;
  const char *title = video_title (self, channel, self->video_id);

  if (title == NULL && info != NULL)
    title = lec_note_info_get_title (info);
  lec_mpris_show (self->mpris, self->player, self->playing_key, title, channel);
}

static gboolean show_media (LecPlayerArea *self,
                            const char    *path,
                            const char    *video_id,
                            const char    *media_field,
                            gboolean       may_wait);

/**
 * lec_player_area_show_media:
 * @path: the note's path in the vault
 * @video_id: (nullable): the note's video
 * @media_field: (nullable): the file of the note's "media:" field
 *
 * The player for the note: the local media when there is some (offline
 * first); else YouTube's embed when online content is allowed; else a
 * panel that says so, with what to do. Notes of the video already playing
 * keep it playing; another video swaps in, where it was left. A note of
 * no video hides it all.
 */
void
lec_player_area_show_media (LecPlayerArea *self,
                            const char    *path,
                            const char    *video_id,
                            const char    *media_field)
{
  show_media (self, path, video_id, media_field, FALSE);
}

/**
 * lec_player_area_take_room:
 *
 * As lec_player_area_show_media() does, but a player not made yet is not
 * made now: the area only takes the room it will have, and a later
 * lec_player_area_show_media() makes it. Its web process costs half a
 * second of a processor to start; the note's own page goes first.
 *
 * Returns: whether the player is still to be made
 */
gboolean
lec_player_area_take_room (LecPlayerArea *self,
                           const char    *path,
                           const char    *video_id,
                           const char    *media_field)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), FALSE);

  return show_media (self, path, video_id, media_field, TRUE);
}

static gboolean
show_media (LecPlayerArea *self,
            const char    *path,
            const char    *video_id,
            const char    *media_field,
            gboolean       may_wait)
{
  g_autofree char *root = NULL;
  g_autoptr(LecMediaFile) media = NULL;
  g_auto(GStrv) folders = NULL;
  gboolean online;

  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), FALSE);

  g_free (self->video_id);
  self->video_id = g_strdup (video_id);
  root = self->vault != NULL ? g_file_get_path (lec_vault_get_root (self->vault)) : NULL;

  if ((video_id == NULL && media_field == NULL) || root == NULL)
    {
      pause_hidden_player (self);
      gtk_widget_set_visible (GTK_WIDGET (self->slot), FALSE);
      return FALSE;
    }

  folders = dup_media_folders (self);
  media = lec_media_find (root, path, video_id, media_field, (const char * const *) folders);

  /* No local media: YouTube's embed, if online content is allowed. */
  online = media == NULL && lec_youtube_id_is_valid (video_id) &&
           g_settings_get_boolean (self->settings, "allow-online-content");
  if (media == NULL && !online)
    {
      show_offline_panel (self, video_id, media_field, folders[0]);
      return FALSE;
    }

  if (may_wait && self->player == NULL)
    {
      /* Its room, empty until it is made. */
      show_player (self, "waiting");
      return TRUE;
    }

  /* Media in a folder the player's sandbox was not given (added since):
   * a new player, which is given it. */
  if (media != NULL && self->player != NULL && !lec_player_can_read (self->player, media->media))
    drop_player (self);
  ensure_player (self, root, (const char * const *) folders);

  if (online)
    {
      g_autofree char *embed = g_strconcat ("youtube:", video_id, NULL);

      swap_in (self, video_id, embed, NULL);
    }
  else
    /* Positions are kept by video, or by file for media of no video. */
    swap_in (self, video_id != NULL ? video_id : media->media, media->media, media);
  g_free (self->playing_note);
  self->playing_note = g_strdup (path);
  show_player (self, "player");
  show_on_bus (self, path);
  return FALSE;
}

/* Whether the area takes its room: a player or the offline panel shows. */
gboolean
lec_player_area_get_shown (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->slot));
}

/* The note whose video the player was last shown for (what it plays
 * belongs to that note), or NULL. */
const char *
lec_player_area_get_playing_note (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), NULL);

  return self->player != NULL ? self->playing_note : NULL;
}

/* The player, when one was made for this folder; else NULL. */
GtkWidget *
lec_player_area_get_player (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), NULL);

  return self->player != NULL ? GTK_WIDGET (self->player) : NULL;
}

/* Whether the player shows (not the offline panel, nor nothing). */
gboolean
lec_player_area_get_showing (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), FALSE);

  return self->player != NULL && player_in_view (self);
}

/* Whether the video is beside the note rather than above it. */
gboolean
lec_player_area_get_beside (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), FALSE);

  return is_beside (self);
}

/* The video of the note shown last, or NULL. */
const char *
lec_player_area_get_video_id (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), NULL);

  return self->video_id;
}

/* Keeps where the video is now, at once (the window closes, say). */
void
lec_player_area_save_position (LecPlayerArea *self)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  save_position (self, TRUE);
}

/* Plays from @seconds; with no player showing, "Open on YouTube" will
 * start there. */
void
lec_player_area_seek (LecPlayerArea *self,
                      guint          seconds)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  g_debug ("Seek to %u s", seconds);
  if (lec_player_area_get_showing (self))
    lec_player_seek (self->player, seconds, TRUE);
  else if (self->video_id != NULL)
    {
      self->pending_seek = seconds;
      update_youtube_button (self);
    }
}

/**
 * lec_player_area_dup_youtube_url:
 *
 * The video on YouTube, at the moment last asked for. Built from a checked
 * id only: a note's videoId is no part of a URL unless it is a YouTube id.
 *
 * Returns: (nullable): the address, or %NULL
 */
char *
lec_player_area_dup_youtube_url (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), NULL);

  return lec_youtube_watch_url (self->video_id, (int) MIN (self->pending_seek, G_MAXINT));
}

/* --- download for offline ---------------------------------------------------- */

static void
on_download_progress (LecPlayerArea *self,
                      GParamSpec    *pspec,
                      LecDownload   *download)
{
  double fraction = lec_download_get_fraction (download);
  /* Translators: while a video downloads; %d is a percentage */
  g_autofree char *text = g_strdup_printf (_("Downloading… %d %%"), (int) (fraction * 100));

  gtk_progress_bar_set_fraction (self->download_progress, fraction);
  gtk_progress_bar_set_text (self->download_progress, text);
}

static void
download_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LecPlayerArea) self = user_data;
  g_autoptr(LecDownload) download = LEC_DOWNLOAD (g_object_ref (object));
  g_autoptr(GError) error = NULL;
  g_autofree char *file = lec_download_start_finish (download, result, &error);
  gboolean gone = self->settings == NULL;

  g_clear_object (&self->download);
  g_clear_object (&self->download_cancellable);
  /* The window closed meanwhile (which cancelled it). */
  if (gone)
    return;
  update_download (self);

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals [DOWNLOAD_FAILED], 0, error->message);
      return;
    }
  g_signal_emit (self, signals [DOWNLOADED], 0, lec_download_get_video_id (download), self->pending_seek);
}

/* yt-dlp fetches the video of the note into the user's media folder. */
void
lec_player_area_download (LecPlayerArea *self)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (!lec_youtube_id_is_valid (self->video_id) || self->download != NULL)
    return;
  /* Into the user's media folder: never into the notes folder. */
  folder = lec_media_default_dir ();
  self->download = lec_download_new (self->video_id, folder);
  self->download_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->download, "notify::fraction", G_CALLBACK (on_download_progress), self, G_CONNECT_SWAPPED);
  on_download_progress (self, NULL, self->download);
  lec_download_start_async (self->download, self->download_cancellable, download_done, g_object_ref (self));
  update_download (self);
}

void
lec_player_area_cancel_download (LecPlayerArea *self)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (self->download_cancellable != NULL)
    g_cancellable_cancel (self->download_cancellable);
}

/* --- what the player's actions do ---------------------------------------------- */

void
lec_player_area_toggle_play (LecPlayerArea *self)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (lec_player_area_get_showing (self))
    lec_player_call (self->player, "return lectern.togglePlay ();", NULL);
}

void
lec_player_area_skip (LecPlayerArea *self,
                      double         delta)
{
  GVariantDict dict;

  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (!lec_player_area_get_showing (self))
    return;
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "delta", "d", delta);
  lec_player_call (self->player, "lectern.skip (delta); return true;", g_variant_dict_end (&dict));
}

/**
 * lec_player_area_step_rate:
 * @step: -1 for slower, 1 for faster
 *
 * Returns: the speed it plays at now, or 0 when no player shows
 */
double
lec_player_area_step_rate (LecPlayerArea *self,
                           int            step)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), 0);

  if (!lec_player_area_get_showing (self))
    return 0;
  if (step < 0 && self->rate_index > 0)
    self->rate_index--;
  else if (step > 0 && self->rate_index + 1 < G_N_ELEMENTS (playback_rates))
    self->rate_index++;
  lec_player_set_rate (self->player, playback_rates[self->rate_index]);
  return playback_rates[self->rate_index];
}

/* The speed the bar's menu offers nearest to @rate (MPRIS may ask for
 * any). */
void
lec_player_area_set_rate (LecPlayerArea *self,
                          double         rate)
{
  guint nearest = 0;

  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (!lec_player_area_get_showing (self))
    return;
  for (guint i = 1; i < G_N_ELEMENTS (playback_rates); i++)
    if (fabs (playback_rates[i] - rate) < fabs (playback_rates[nearest] - rate))
      nearest = i;
  self->rate_index = nearest;
  lec_player_set_rate (self->player, playback_rates[nearest]);
}

void
lec_player_area_toggle_captions (LecPlayerArea *self)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (lec_player_area_get_showing (self))
    lec_player_set_captions (self->player, !lec_player_get_captions (self->player));
}

void
lec_player_area_toggle_mute (LecPlayerArea *self)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (!lec_player_area_get_showing (self))
    return;
  lec_player_set_volume (self->player, MAX (0.05, lec_player_get_volume (self->player)),
                         !lec_player_get_muted (self->player));
}

/* Hides the picture, keeping the bar (and the sound), or shows it again
 * where it was. */
void
lec_player_area_toggle_video (LecPlayerArea *self)
{
  gboolean beside;

  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (self->player == NULL)
    return;
  beside = is_beside (self);
  self->video_hidden = !self->video_hidden;
  gtk_widget_set_visible (GTK_WIDGET (self->player), !self->video_hidden);
  if (self->video_hidden)
    {
      self->video_position = gtk_paned_get_position (self->paned);
      gtk_widget_set_size_request (GTK_WIDGET (self->slot), -1, -1);
      gtk_paned_set_position (self->paned, 0);
    }
  else
    {
      gtk_widget_set_size_request (GTK_WIDGET (self->slot), beside ? 320 : -1, beside ? -1 : 200);
      gtk_paned_set_position (self->paned, self->video_position);
    }
}

/* --- the layout -------------------------------------------------------------------- */

/* Splits the room between video and note once the layout is allocated. */
static gboolean
place_divider (gpointer data)
{
  LecPlayerArea *self = data;
  gboolean beside = is_beside (self);
  int size = beside ? gtk_widget_get_width (GTK_WIDGET (self->paned))
                    : gtk_widget_get_height (GTK_WIDGET (self->paned));

  if (beside)
    {
      int video_min = 0, note_min = 0;

      /* The note keeps the width it needs; the video gets up to half. */
      gtk_widget_measure (GTK_WIDGET (self->slot), GTK_ORIENTATION_HORIZONTAL, -1, &video_min, NULL, NULL, NULL);
      gtk_widget_measure (gtk_paned_get_end_child (self->paned), GTK_ORIENTATION_HORIZONTAL, -1,
                          &note_min, NULL, NULL, NULL);
      gtk_paned_set_position (self->paned, MAX (video_min, MIN (size / 2, size - note_min)));
    }
  else
    gtk_paned_set_position (self->paned, MAX (200, size * 2 / 5));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The video above the note, or beside it, as the setting says. */
static void
apply_layout (LecPlayerArea *self)
{
  gboolean beside = g_settings_get_boolean (self->settings, "player-beside");
  GtkOrientation orientation = beside ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == orientation)
    return;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
  gtk_widget_set_size_request (GTK_WIDGET (self->slot), beside ? 320 : -1, beside ? -1 : 200);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BESIDE]);
  g_idle_add_full (G_PRIORITY_LOW, place_divider, g_object_ref (self), NULL);
}

/* --- the object ---------------------------------------------------------------------- */

/* Another folder: the player may read only one vault, so a new one gets
 * a new player. */
void
lec_player_area_set_vault (LecPlayerArea *self,
                           LecVault      *vault)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (self->player != NULL)
    {
      drop_player (self);
      g_clear_pointer (&self->playing_key, g_free);
      g_clear_pointer (&self->playing_note, g_free);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->slot), FALSE);
  g_set_object (&self->vault, vault);
}

/* The note's side, after (or beside) the player. */
void
lec_player_area_set_content (LecPlayerArea *self,
                             GtkWidget     *content)
{
  g_return_if_fail (LEC_IS_PLAYER_AREA (self));

  if (gtk_paned_get_end_child (self->paned) == content)
    return;
  gtk_paned_set_end_child (self->paned, content);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTENT]);
}

GtkWidget *
lec_player_area_get_content (LecPlayerArea *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER_AREA (self), NULL);

  return gtk_paned_get_end_child (self->paned);
}

static void
lec_player_area_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LecPlayerArea *self = LEC_PLAYER_AREA (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      g_value_set_object (value, lec_player_area_get_content (self));
      break;
    case PROP_BESIDE:
      g_value_set_boolean (value, is_beside (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_player_area_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LecPlayerArea *self = LEC_PLAYER_AREA (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      lec_player_area_set_content (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_player_area_dispose (GObject *object)
{
  LecPlayerArea *self = LEC_PLAYER_AREA (object);
  GtkWidget *child;

  g_cancellable_cancel (self->download_cancellable);
  /* Off the bus now: a pending bus lookup may keep the object a while. */
  if (self->mpris != NULL)
    lec_mpris_hide (self->mpris);
  g_clear_object (&self->mpris);
  g_clear_object (&self->settings);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->video_id, g_free);
  g_clear_pointer (&self->playing_key, g_free);
  g_clear_pointer (&self->playing_note, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEC_TYPE_PLAYER_AREA);
  /* GTK 4.8 leaves the template's top widget to its parent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lec_player_area_parent_class)->dispose (object);
}

static void
lec_player_area_class_init (LecPlayerAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_player_area_dispose;
  object_class->get_property = lec_player_area_get_property;
  object_class->set_property = lec_player_area_set_property;

  properties [PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties [PROP_BESIDE] =
    g_param_spec_boolean ("beside", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LecPlayerArea::time-changed:
   * @seconds: where the video showing is
   * @playing: whether it plays
   */
  signals [TIME_CHANGED] =
    g_signal_new ("time-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);
  /**
   * LecPlayerArea::seek-past-end:
   * @requested: the time asked for, in seconds
   * @duration: the media's length, where the player went instead
   */
  signals [SEEK_PAST_END] =
    g_signal_new ("seek-past-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /**
   * LecPlayerArea::downloaded:
   * @video_id: the video now in the user's media folder
   * @seconds: where it was last asked to play from
   */
  signals [DOWNLOADED] =
    g_signal_new ("downloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * LecPlayerArea::download-failed:
   * @message: what went wrong, for the reader
   */
  signals [DOWNLOAD_FAILED] =
    g_signal_new ("download-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-player-area.ui");
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, paned);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, slot);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, offline_page);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, youtube_button);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, offline_buttons);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, download_button);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, download_box);
  gtk_widget_class_bind_template_child (widget_class, LecPlayerArea, download_progress);
}

static void
mpris_set_rate (gpointer owner,
                double   rate)
{
  lec_player_area_set_rate (owner, rate);
}

static void
mpris_raise (gpointer owner)
{
  GtkRoot *root = gtk_widget_get_root (owner);

  if (GTK_IS_WINDOW (root))
    gtk_window_present (GTK_WINDOW (root));
}

static void
lec_player_area_init (LecPlayerArea *self)
{
  static const LecMprisOwner mpris_owner = { mpris_set_rate, mpris_raise };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->mpris = lec_mpris_new (&mpris_owner, self);
  {
    GtkWidget *waiting = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_add_css_class (waiting, "lec-player-waiting");
    gtk_stack_add_named (self->slot, waiting, "waiting");
  }

  self->settings = g_settings_new (SCHEMA_ID);
  self->rate_index = NORMAL_RATE;
  g_signal_connect_object (self->settings, "changed::player-beside", G_CALLBACK (apply_layout), self, G_CONNECT_SWAPPED);
  apply_layout (self);
}
