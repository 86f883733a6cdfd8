/* lec-player.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-player"

#include "config.h"

#include "lec-player.h"
#include "lec-timestamp.h"

#include <glib/gi18n.h>

#include "lec-restart-budget.h"

/* The player: its own web view showing a page of Lectern's (never note
 * content), loaded with a file:// base of the media's folder, since WebKit
 * will not play <video> from a custom scheme. Its web context may read
 * only the vault and the user's media folders. The page carries no script:
 * the player's logic is a user script in Lectern's own script world, which
 * C calls with call_async_javascript_function() and which reports the time
 * back through a message handler in the same world. */

#define WORLD "lectern"

/* The online fallback: YouTube's embed without its tracking cookies, only
 * when the reader allowed online content. */
#define YOUTUBE_PREFIX "youtube:"
#define YOUTUBE_EMBED "https://www.youtube-nocookie.com/embed/"

/* Where embeds come from. LECTERN_YOUTUBE_EMBED stands a local imitation
 * in for the tests, which cannot reach YouTube. */
static const char *
youtube_embed (void)
{
  const char *embed = g_getenv ("LECTERN_YOUTUBE_EMBED");

  return embed != NULL && *embed != '\0' ? embed : YOUTUBE_EMBED;
}

struct _LecPlayer
{
  WebKitWebView  parent_instance;

  char          *media_path;
  char          *captions_path;
  double         time;
  double         duration;
  gboolean       playing;
  char          *cue;
  double         rate;
  gboolean       captions;
  double         volume;
  gboolean       muted;

  GStrv          readable;  /* the folders in its web process's sandbox */

  /* A seek asked for before the page was ready: done when it is. */
  gboolean       ready;
  int            pending_seek;  /* seconds, or -1 */
  gboolean       pending_play;
  GQueue         waiting;       /* PendingCall: commands before it was ready */

  /* After the web process died: play on from where it was. */
  gboolean       resume;
  LecRestartBudget restarts;
};

G_DEFINE_FINAL_TYPE (LecPlayer, lec_player, WEBKIT_TYPE_WEB_VIEW)

enum {
  TIME_CHANGED,
  SEEK_PAST_END,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  char     *body;
  GVariant *args;  /* nullable */
} PendingCall;

static void
pending_call_free (PendingCall *call)
{
  g_free (call->body);
  g_clear_pointer (&call->args, g_variant_unref);
  g_free (call);
}

static void load_page (LecPlayer *self,
                       guint      start);
static void send_settings (LecPlayer *self);

static void
on_message (WebKitUserContentManager *manager,
            JSCValue                 *message,
            LecPlayer                *self)
{
  g_autoptr(JSCValue) time = NULL;
  g_autoptr(JSCValue) kind = NULL;

  if (!jsc_value_is_object (message))
    return;
  kind = jsc_value_object_get_property (message, "kind");
  if (jsc_value_is_string (kind))
    {
      g_autofree char *name = jsc_value_to_string (kind);

      /* A seek past the end of the media went to its end. */
      if (g_str_equal (name, "past-end"))
        {
          g_autoptr(JSCValue) requested = jsc_value_object_get_property (message, "requested");
          g_autoptr(JSCValue) duration = jsc_value_object_get_property (message, "duration");

          if (jsc_value_is_number (requested) && jsc_value_is_number (duration))
            g_signal_emit (self, signals [SEEK_PAST_END], 0,
                           jsc_value_to_double (requested), jsc_value_to_double (duration));
          return;
        }
      /* A fresh page: give it the speed and captions the reader chose. */
      if (g_str_equal (name, "ready"))
        {
          self->ready = TRUE;
          send_settings (self);
          if (self->pending_seek >= 0)
            {
              lec_player_seek (self, (guint) self->pending_seek, self->pending_play);
              self->pending_seek = -1;
              self->resume = FALSE;
            }
          /* Then what was asked before, in order: a play pressed early. */
          while (!g_queue_is_empty (&self->waiting))
            {
              PendingCall *call = g_queue_pop_head (&self->waiting);

              lec_player_call (self, call->body, g_steal_pointer (&call->args));
              pending_call_free (call);
            }
          if (self->resume)
            {
              self->resume = FALSE;
              lec_player_call (self, "return lectern.play ();", NULL);
            }
        }
    }
  time = jsc_value_object_get_property (message, "time");
  if (jsc_value_is_number (time))
    {
      g_autoptr(JSCValue) paused = jsc_value_object_get_property (message, "paused");
      g_autoptr(JSCValue) cue = jsc_value_object_get_property (message, "cue");
      g_autoptr(JSCValue) duration = jsc_value_object_get_property (message, "duration");

      self->time = jsc_value_to_double (time);
      if (jsc_value_is_number (duration))
        self->duration = jsc_value_to_double (duration);
      self->playing = !jsc_value_to_boolean (paused);
      g_free (self->cue);
      self->cue = jsc_value_is_string (cue) ? jsc_value_to_string (cue) : NULL;
      g_signal_emit (self, signals [TIME_CHANGED], 0, self->time, self->playing);
    }
}

/* Only the page Lectern loads itself; the player follows no link. */
static gboolean
lec_player_decide_policy (WebKitWebView            *web_view,
                          WebKitPolicyDecision     *decision,
                          WebKitPolicyDecisionType  type)
{
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      WebKitNavigationAction *action =
        webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));

      LecPlayer *self = LEC_PLAYER (web_view);
      const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
      gboolean youtube = self->media_path != NULL && g_str_has_prefix (self->media_path, YOUTUBE_PREFIX);

      /* Lectern's page (loaded as HTML, so about:blank or its base), and
       * with the online fallback, the embed inside it. */
      if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER &&
          (!g_str_has_prefix (uri, "http") ||
           (youtube && (g_str_has_prefix (uri, youtube_embed ()) || g_str_has_prefix (uri, "https://www.youtube.com/embed/"))) ||
           g_str_equal (uri, "https://lectern.invalid/") || g_str_equal (uri, "http://lectern.invalid/")))
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      webkit_policy_decision_ignore (decision);
      return TRUE;
    }
  return FALSE;
}

/* The web process showing the video died (WebKit or the GL driver under
 * it crashed): load the page again where it was, playing if it played;
 * but not more than three times a minute. */
static void
lec_player_web_process_terminated (WebKitWebView                     *view,
                                   WebKitWebProcessTerminationReason  reason)
{
  LecPlayer *self = LEC_PLAYER (view);

  if (self->media_path == NULL)
    return;
  if (!lec_restart_budget_take (&self->restarts))
    {
      g_warning ("The player stopped again (%d); not restarting it", reason);
      return;
    }

  g_message ("The player stopped (%d); restarting it at %.0f s", reason, self->time);
  self->resume = self->playing;
  load_page (self, (guint) self->time);
}

static void
lec_player_finalize (GObject *object)
{
  LecPlayer *self = (LecPlayer *)object;

  g_clear_pointer (&self->media_path, g_free);
  g_clear_pointer (&self->captions_path, g_free);
  g_clear_pointer (&self->cue, g_free);
  g_clear_pointer (&self->readable, g_strfreev);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) pending_call_free);

  G_OBJECT_CLASS (lec_player_parent_class)->finalize (object);
}

static void
lec_player_constructed (GObject *object)
{
  LecPlayer *self = (LecPlayer *)object;
  WebKitSettings *settings;
  WebKitUserContentManager *manager;
  g_autoptr(GBytes) script = NULL;
  g_autoptr(WebKitUserScript) user_script = NULL;

  G_OBJECT_CLASS (lec_player_parent_class)->constructed (object);

  settings = webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self));
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, DEVELOPMENT_BUILD);
  webkit_settings_set_media_playback_requires_user_gesture (settings, FALSE);
  /* No GL for the video: over software GL (VMs, Xvfb) the web process
   * crashed every few seconds in GStreamer's GL sink and WebKit's threaded
   * compositor (swrast_dri.so), and one small video does not need it. */
  webkit_settings_set_hardware_acceleration_policy (settings, WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);

  manager = webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (self));
  script = g_resources_lookup_data (RESOURCE_BASE "/player/player.js", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  user_script = webkit_user_script_new_for_world (g_bytes_get_data (script, NULL),
                                                  WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                  WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                                  WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, user_script);
  webkit_user_content_manager_register_script_message_handler (manager, "player", WORLD);
  g_signal_connect_object (manager, "script-message-received::player", G_CALLBACK (on_message), self, 0);
}

static void
lec_player_class_init (LecPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WebKitWebViewClass *web_view_class = WEBKIT_WEB_VIEW_CLASS (klass);

  object_class->finalize = lec_player_finalize;
  object_class->constructed = lec_player_constructed;
  web_view_class->decide_policy = lec_player_decide_policy;
  web_view_class->web_process_terminated = lec_player_web_process_terminated;

  /**
   * LecPlayer::time-changed:
   * @seconds: the playing position
   * @playing: whether it is playing
   */
  signals [TIME_CHANGED] =
    g_signal_new ("time-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);

  /**
   * LecPlayer::seek-past-end:
   * @requested: the time asked for, in seconds
   * @duration: the media's length, where the player went instead
   */
  signals [SEEK_PAST_END] =
    g_signal_new ("seek-past-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
lec_player_init (LecPlayer *self)
{
  self->rate = 1.0;
  self->captions = TRUE;
  self->volume = 1.0;
  self->pending_seek = -1;
}

/**
 * lec_player_new:
 * @readable_paths: the folders the player's web process may read (the
 *   vault, the user's media folders)
 */
LecPlayer *
lec_player_new (const char * const *readable_paths)
{
  g_autoptr(WebKitWebContext) context = webkit_web_context_new ();
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  g_autoptr(WebKitUserContentManager) manager = webkit_user_content_manager_new ();
  /* Playing with sound outside a gesture in this page: a timestamp
   * clicked in the note view asks for it, and the seek may have to wait
   * for the media to load. Nothing but Lectern's own page loads here. */
  g_autoptr(WebKitWebsitePolicies) policies = webkit_website_policies_new_with_policies ("autoplay", WEBKIT_AUTOPLAY_ALLOW, NULL);

  /* Before the first web process starts: its sandbox is fixed then. */
  for (guint i = 0; readable_paths != NULL && readable_paths[i] != NULL; i++)
    if (g_file_test (readable_paths[i], G_FILE_TEST_IS_DIR))
      webkit_web_context_add_path_to_sandbox (context, readable_paths[i], TRUE);

  {
    LecPlayer *self = g_object_new (LEC_TYPE_PLAYER,
                                    "web-context", context,
                                    "network-session", session,
                                    "user-content-manager", manager,
                                    "website-policies", policies,
                                    NULL);
    g_autoptr(GStrvBuilder) readable = g_strv_builder_new ();
    /* The video's black from the start: white showed till the page was in. */
    const GdkRGBA black = { 0.0, 0.0, 0.0, 1.0 };

    webkit_web_view_set_background_color (WEBKIT_WEB_VIEW (self), &black);
    for (guint i = 0; readable_paths != NULL && readable_paths[i] != NULL; i++)
      if (g_file_test (readable_paths[i], G_FILE_TEST_IS_DIR))
        g_strv_builder_add (readable, readable_paths[i]);
    self->readable = g_strv_builder_end (readable);
    return self;
  }
}

/**
 * lec_player_can_read:
 * @path: an absolute path
 *
 * Whether the player's web process may read @path: a folder added to the
 * media folders after it started is not in its sandbox, and a new player
 * is needed for media there.
 */
gboolean
lec_player_can_read (LecPlayer  *self,
                     const char *path)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; self->readable[i] != NULL; i++)
    {
      g_autofree char *dir = g_str_has_suffix (self->readable[i], "/") ? g_strdup (self->readable[i])
                                                                       : g_strconcat (self->readable[i], "/", NULL);

      if (g_str_has_prefix (path, dir))
        return TRUE;
    }
  return FALSE;
}

/* The embed in a page of ours, whose script (in Lectern's world) drives
 * it with the embed's postMessage commands. Its base is an https origin
 * of Lectern's own, so the embed is told where it is embedded. */
static void
load_youtube_page (LecPlayer  *self,
                   const char *video_id,
                   guint       start)
{
  g_autoptr(GBytes) css = g_resources_lookup_data (RESOURCE_BASE "/player/player.css", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *escaped = g_uri_escape_string (video_id, NULL, FALSE);
  g_autofree char *embed = g_markup_escape_text (youtube_embed (), -1);
  g_autofree char *html = NULL;

  /* The embed is YouTube's page and runs YouTube's script; this page of
   * ours has none. */
  webkit_settings_set_enable_javascript_markup (webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self)), TRUE);
  html = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<style>%s</style></head><body>"
                          "<iframe class=\"lec-youtube\" src=\"%s%s?start=%u&amp;enablejsapi=1&amp;rel=0\""
                          " allow=\"autoplay; encrypted-media\" allowfullscreen></iframe>"
                          "</body></html>",
                          css != NULL ? (const char *) g_bytes_get_data (css, NULL) : "",
                          embed, escaped, start);
  /* Of the embed's scheme: an https page may not frame an http one. */
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (self), html,
                             g_str_has_prefix (youtube_embed (), "http:") ? "http://lectern.invalid/" : "https://lectern.invalid/");
}

static void
load_page (LecPlayer *self,
           guint      start)
{
  g_autoptr(GBytes) css = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *src = NULL;
  g_autofree char *track = NULL;
  g_autofree char *html = NULL;
  g_autofree char *src_attr = NULL;

  self->time = start;
  self->duration = 0;
  self->playing = FALSE;
  self->ready = FALSE;
  g_clear_pointer (&self->cue, g_free);

  if (g_str_has_prefix (self->media_path, YOUTUBE_PREFIX))
    {
      load_youtube_page (self, self->media_path + strlen (YOUTUBE_PREFIX), start);
      return;
    }
  /* Lectern's own page: no script from it, ever. */
  webkit_settings_set_enable_javascript_markup (webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self)), FALSE);

  dir = g_path_get_dirname (self->media_path);
  base = g_filename_to_uri (dir, NULL, NULL);
  if (!g_str_has_suffix (base, "/"))
    {
      char *with_slash = g_strconcat (base, "/", NULL);

      g_free (base);
      base = with_slash;
    }
  src = g_filename_to_uri (self->media_path, NULL, NULL);
  src_attr = g_markup_escape_text (src, -1);
  /* The start time rides on the media fragment: "#t=85". */
  /* SubRip captions play as a WebVTT copy in Lectern's cache. */
  if (self->captions_path != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *cache = lec_media_captions_cache_dir ();
      g_autofree char *path = lec_media_captions_vtt (self->captions_path, cache, &error);

      if (path == NULL)
        g_message ("No captions: %s", error->message);
      else
        {
          g_autofree char *vtt = g_filename_to_uri (path, NULL, NULL);
          g_autofree char *vtt_attr = g_markup_escape_text (vtt, -1);

          track = g_strdup_printf ("<track kind=\"captions\" src=\"%s\" label=\"%s\" default>", vtt_attr, _("Captions"));
        }
    }

  css = g_resources_lookup_data (RESOURCE_BASE "/player/player.css", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  html = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<style>%s</style></head><body>"
                          "<video src=\"%s#t=%u\" preload=\"auto\">%s</video>"
                          "</body></html>",
                          css != NULL ? (const char *) g_bytes_get_data (css, NULL) : "",
                          src_attr, start, track != NULL ? track : "");
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (self), html, base);
}

/**
 * lec_player_load:
 * @start: where to start, in seconds
 *
 * Shows @media; the page starts paused at @start, at the speed and with
 * the captions set last.
 */
void
lec_player_load (LecPlayer          *self,
                 const LecMediaFile *media,
                 guint               start)
{
  g_return_if_fail (LEC_IS_PLAYER (self));
  g_return_if_fail (media != NULL);

  g_free (self->media_path);
  self->media_path = g_strdup (media->media);
  g_free (self->captions_path);
  self->captions_path = g_strdup (media->captions);
  self->resume = FALSE;
  /* What was asked of the last media is not for this one. */
  g_queue_clear_full (&self->waiting, (GDestroyNotify) pending_call_free);
  self->pending_seek = -1;
  load_page (self, start);
}

/**
 * lec_player_load_youtube:
 * @video_id: a YouTube video id
 * @start: where to start, in seconds
 *
 * Shows the video from YouTube (youtube-nocookie.com): only for a reader
 * who allowed online content, when there is no copy on the computer.
 */
void
lec_player_load_youtube (LecPlayer  *self,
                         const char *video_id,
                         guint       start)
{
  g_return_if_fail (LEC_IS_PLAYER (self));
  /* The id goes into the embed's URL: a YouTube id only. */
  g_return_if_fail (lec_youtube_id_is_valid (video_id));

  g_free (self->media_path);
  self->media_path = g_strconcat (YOUTUBE_PREFIX, video_id, NULL);
  g_clear_pointer (&self->captions_path, g_free);
  self->resume = FALSE;
  g_queue_clear_full (&self->waiting, (GDestroyNotify) pending_call_free);
  self->pending_seek = -1;
  load_page (self, start);
}

/* The length of the media, in seconds; 0 until it is known. */
double
lec_player_get_duration (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), 0);

  return self->duration;
}

/* The speed it plays at; 1 is normal. */
double
lec_player_get_rate (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), 1.0);

  return self->rate;
}

/* The media file shown, or NULL. */
const char *
lec_player_get_media_path (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), NULL);

  return self->media_path;
}

/* The playing position, as the page last reported it. */
double
lec_player_get_time (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), 0.0);

  return self->time;
}

static void
call_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (value == NULL)
    g_warning ("The player did not take a command: %s", error->message);
}

/* Whether the media plays, as the page last reported. */
gboolean
lec_player_get_playing (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), FALSE);

  return self->playing;
}

/* The caption showing now, or NULL. */
const char *
lec_player_get_cue (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), NULL);

  return self->cue;
}

/**
 * lec_player_call:
 * @body: a function body run in the player's script world, e.g.
 *   "return lectern.seek (t, play)"
 * @arguments: (nullable): a{sv} of its arguments
 */
void
lec_player_call (LecPlayer  *self,
                 const char *body,
                 GVariant   *arguments)
{
  g_return_if_fail (LEC_IS_PLAYER (self));

  /* Before its page is ready, a command waits for it (a seek waits in
   * lec_player_seek); a few at most, the last ones. */
  if (!self->ready)
    {
      PendingCall *call = g_new0 (PendingCall, 1);

      call->body = g_strdup (body);
      call->args = arguments != NULL ? g_variant_ref_sink (arguments) : NULL;
      g_queue_push_tail (&self->waiting, call);
      while (self->waiting.length > 8)
        pending_call_free (g_queue_pop_head (&self->waiting));
      return;
    }
  webkit_web_view_call_async_javascript_function (WEBKIT_WEB_VIEW (self), body, -1, arguments,
                                                  WORLD, NULL, NULL, call_done, NULL);
}

/* Seeks to @seconds, and plays when @play. */
void
lec_player_seek (LecPlayer *self,
                 guint      seconds,
                 gboolean   play)
{
  GVariantDict dict;

  g_return_if_fail (LEC_IS_PLAYER (self));

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "t", "d", (double) seconds);
  /* Numbers and strings cross into the page; booleans do not. */
  g_variant_dict_insert (&dict, "play", "i", play ? 1 : 0);
  self->time = seconds;
  if (!self->ready)
    {
      g_variant_dict_clear (&dict);
      self->pending_seek = (int) MIN (seconds, G_MAXINT);
      self->pending_play = play;
      return;
    }
  lec_player_call (self, "return lectern.seek (t, play !== 0);", g_variant_dict_end (&dict));
}

static void
send_settings (LecPlayer *self)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "rate", "d", self->rate);
  g_variant_dict_insert (&dict, "on", "i", self->captions ? 1 : 0);
  g_variant_dict_insert (&dict, "volume", "d", self->volume);
  g_variant_dict_insert (&dict, "muted", "i", self->muted ? 1 : 0);
  lec_player_call (self, "lectern.setRate (rate); lectern.setCaptions (on !== 0);"
                         " lectern.setVolume (volume, muted !== 0); return true;",
                   g_variant_dict_end (&dict));
}

/* Plays at @rate (1 is normal speed), this video and the next. */
void
lec_player_set_rate (LecPlayer *self,
                     double     rate)
{
  g_return_if_fail (LEC_IS_PLAYER (self));
  g_return_if_fail (rate > 0);

  self->rate = rate;
  if (self->media_path != NULL)
    send_settings (self);
  /* The state changed: whoever shows it updates. */
  g_signal_emit (self, signals [TIME_CHANGED], 0, self->time, self->playing);
}

/* Shows the captions, when the video has them, or hides them. */
void
lec_player_set_captions (LecPlayer *self,
                         gboolean   on)
{
  g_return_if_fail (LEC_IS_PLAYER (self));

  self->captions = !!on;
  if (self->media_path != NULL)
    send_settings (self);
  g_signal_emit (self, signals [TIME_CHANGED], 0, self->time, self->playing);
}

/* Whether captions show (when the video has them). */
gboolean
lec_player_get_captions (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), FALSE);

  return self->captions;
}

/* The loudness, 0 to 1, and whether it is muted: this video and the next. */
void
lec_player_set_volume (LecPlayer *self,
                       double     volume,
                       gboolean   muted)
{
  g_return_if_fail (LEC_IS_PLAYER (self));

  self->volume = CLAMP (volume, 0.0, 1.0);
  self->muted = !!muted;
  if (self->media_path != NULL)
    send_settings (self);
  g_signal_emit (self, signals [TIME_CHANGED], 0, self->time, self->playing);
}

double
lec_player_get_volume (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), 1.0);

  return self->volume;
}

gboolean
lec_player_get_muted (LecPlayer *self)
{
  g_return_val_if_fail (LEC_IS_PLAYER (self), FALSE);

  return self->muted;
}
