/* test-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-application.h"
#include "lec-index.h"
#include "lec-media.h"
#include "lec-player.h"
#include "lec-player-area.h"
#include "lec-player-bar.h"
#include "lec-positions.h"
#include "lec-note-info.h"
#include "lec-topic-item.h"
#include "lec-topics-page.h"
#include "lec-window.h"
#include "test-ui.h"
#include "test-util.h"
#include "lec-preferences.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A note of the bundled sample vault, with its title and one sentence of
 * its body, as a reader would see them. */
#define SAMPLE_NOTE_PATH "OpenSkies/light_gathering_and_aperture.md"
#define SAMPLE_NOTE_TITLE "Light gathering and aperture"
#define SAMPLE_NOTE_SENTENCE "A telescope is described as a light bucket."


static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  return find_widget (widget, is_button_labelled, label);
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelWait;

/* Whether a label under the widget shows the text (list rows are bound
 * only once they are laid out). */
static gboolean
shows_label (gpointer data)
{
  LabelWait *wait = data;

  return find_widget (wait->widget, is_label_with_text, wait->text) != NULL;
}

static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

static void
test_open_sample_note (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  g_autofree char *title = NULL;
  g_autofree char *found = NULL;
  g_autofree char *css = NULL;
  gboolean finished = FALSE;
  guint position;

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (lec_window_get_vault (window))), >=, 8);

  /* Each channel counts its videos; its own page is not one. */
  {
    LabelWait one = { GTK_WIDGET (lec_window_get_note_list (window)), "1 video" };
    LabelWait two = { GTK_WIDGET (lec_window_get_note_list (window)), "2 videos" };

    wait_for (shows_label, &one);
    wait_for (shows_label, &two);
  }

  /* Activate the row the way a click on it does. */
  position = find_note (window, SAMPLE_NOTE_PATH);
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)),
                                             "list.activate-item", "u", position));
  wait_for (flag_set, &finished);

  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (view), "lectern://vault/"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, SAMPLE_NOTE_TITLE " — Lectern");

  title = eval_string (view, "document.querySelector('h1.lec-title').textContent");
  g_assert_cmpstr (title, ==, SAMPLE_NOTE_TITLE);

  found = eval_string (view, "String(document.body.innerText.includes(" "'" SAMPLE_NOTE_SENTENCE "'" "))");
  g_assert_cmpstr (found, ==, "true");

  /* The page's own stylesheet loaded through Lectern's scheme. */
  css = eval_string (view, "getComputedStyle(document.querySelector('.lec-page')).maxWidth");
  g_assert_cmpstr (css, !=, "none");

  /* Timestamps became buttons, and wiki links to notes of the vault
   * resolved. */
  {
    g_autofree char *buttons = eval_string (view, "String(document.querySelectorAll('a.lec-ts').length)");
    g_autofree char *seek = eval_string (view, "document.querySelector('a.lec-ts').getAttribute('href')");

    g_assert_cmpint (atoi (buttons), >=, 5);
    g_assert_cmpstr (seek, ==, "lectern-seek:5");
  }

  /* The note follows the desktop's dark style, and back. */
  {
    AdwStyleManager *style = adw_style_manager_get_default ();
    const char *expected[] = { "rgb(30, 30, 30)", "rgb(255, 255, 255)" };
    AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_DARK, ADW_COLOR_SCHEME_FORCE_LIGHT };

    for (guint k = 0; k < G_N_ELEMENTS (schemes); k++)
      {
        g_autofree char *bg = NULL;

        adw_style_manager_set_color_scheme (style, schemes[k]);
        for (guint i = 0; i < 40; i++)
          {
            g_free (bg);
            bg = eval_string (view, "getComputedStyle (document.documentElement).backgroundColor");
            if (g_str_equal (bg, expected[k]))
              break;
            g_usleep (50 * 1000);
            while (g_main_context_iteration (NULL, FALSE));
          }
        g_assert_cmpstr (bg, ==, expected[k]);
      }
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  }

  /* Zoom steps and is kept for next time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom", "i", 1));
  g_assert_cmpfloat_with_epsilon (webkit_web_view_get_zoom_level (view), 1.1, 0.001);
  {
    g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

    g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom-level"), 1.1, 0.001);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom", "i", 0));
  g_assert_cmpfloat_with_epsilon (webkit_web_view_get_zoom_level (view), 1.0, 0.001);

  /* Scripts in the note page cannot run: markup script is off. */
  g_assert_false (webkit_settings_get_enable_javascript_markup (webkit_web_view_get_settings (view)));

  /* Follow a wiki link to another note, as a click on it does. */
  {
    g_autofree char *href = eval_string (view, "document.querySelector('a.lec-wikilink[href^=\"lectern://vault/\"]').getAttribute('href')");
    g_autofree char *next_title = NULL;
    g_autofree char *target = NULL;

    g_assert_true (g_str_has_prefix (href, "lectern://vault/OpenSkies/"));
    finished = FALSE;
    g_free (eval_string (view, "document.querySelector('a.lec-wikilink[href^=\"lectern://vault/\"]').click(); 'clicked'"));
    wait_for (flag_set, &finished);
    g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (view), href));
    target = g_uri_unescape_string (href + strlen ("lectern://vault/"), NULL);
    g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, target);
    next_title = eval_string (view, "document.querySelector('h1.lec-title').textContent");
    g_assert_cmpstr (next_title, !=, SAMPLE_NOTE_TITLE);
    g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), next_title));

    /* Back (Alt+Left) returns to the note the link was in; forward again. */
    finished = FALSE;
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
    wait_for (flag_set, &finished);
    g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, SAMPLE_NOTE_PATH);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, SAMPLE_NOTE_TITLE " — Lectern");
    finished = FALSE;
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.forward", NULL));
    wait_for (flag_set, &finished);
    g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, target);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_error (gpointer data)
{
  return find_status_page (data, "Cannot Open This Folder") != NULL;
}

static void
test_missing_folder (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/lectern/notes");
  AdwStatusPage *page;

  lec_window_open_folder (window, missing);
  wait_for (shows_error, window);
  page = find_status_page (GTK_WIDGET (window), "Cannot Open This Folder");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "/nonexistent/lectern/notes"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_status (gpointer data)
{
  return find_status_page (data, "No Notes Here") != NULL;
}

static void
test_empty_folder (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-empty-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  lec_window_open_folder (window, folder);
  wait_for (shows_status, window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_rmdir (dir);
}

/* The player's state as its page last reported it, through the message
 * handler in Lectern's script world. (Reading it back with
 * call_async_javascript_function failed now and then once the playback
 * rate had changed: "Unsupported result type".) */
static void
player_state (GtkWidget *player,
              double    *time,
              gboolean  *paused,
              char     **cue)
{
  LecPlayer *p = LEC_PLAYER (player);

  *time = lec_player_get_time (p);
  *paused = !lec_player_get_playing (p);
  if (cue != NULL)
    *cue = g_strdup (lec_player_get_cue (p) != NULL ? lec_player_get_cue (p) : "");
}

/* Times the player reports while playing, with the wall clock. */
typedef struct
{
  GArray *wall;   /* gint64, µs */
  GArray *media;  /* double, s */
} Track;

static void
on_time_changed (GtkWidget *player,
                 double     seconds,
                 gboolean   playing,
                 Track     *track)
{
  gint64 now = g_get_monotonic_time ();
  guint n = track->wall->len;

  if (!playing)
    return;
  /* A jump back or a long silence (a seek, a restart): start over. */
  if (n > 0 && (seconds < g_array_index (track->media, double, n - 1) ||
                now - g_array_index (track->wall, gint64, n - 1) > G_USEC_PER_SEC))
    {
      g_array_set_size (track->wall, 0);
      g_array_set_size (track->media, 0);
    }
  g_array_append_val (track->wall, now);
  g_array_append_val (track->media, seconds);
}

/* How long the rate is watched: the issue's 2 s. */
#define RATE_WINDOW_S 2

/* The playback rate over the last 2 s of reports, or -1 while there are
 * not 2 s of them yet: the least-squares slope of media time against
 * wall time, so that one report delivered late does not decide it. */
static double
track_rate (Track *track)
{
  guint n = track->wall->len;
  gint64 last;
  double sw = 0, sm = 0, sww = 0, swm = 0;
  guint first, count;

  if (n < 4)
    return -1;
  last = g_array_index (track->wall, gint64, n - 1);
  for (first = n - 1; first > 0; first--)
    if (last - g_array_index (track->wall, gint64, first) >= RATE_WINDOW_S * G_USEC_PER_SEC)
      break;
  if (last - g_array_index (track->wall, gint64, first) < RATE_WINDOW_S * G_USEC_PER_SEC)
    return -1;

  count = n - first;
  for (guint i = first; i < n; i++)
    {
      double w = (g_array_index (track->wall, gint64, i) - last) / (double) G_USEC_PER_SEC;
      double m = g_array_index (track->media, double, i);

      sw += w;
      sm += m;
      sww += w * w;
      swm += w * m;
    }
  return (count * swm - sw * sm) / (count * sww - sw * sw);
}

/* The rate the player plays at, from 2 s of its reports (-1 when it does
 * not report 2 s of playing within 20 s). */
static double
measure_rate (GtkWidget *player)
{
  Track track = { g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (double)) };
  gboolean expired = FALSE;
  double rate = -1;
  guint timeout;
  gulong id;

  id = g_signal_connect (player, "time-changed", G_CALLBACK (on_time_changed), &track);
  timeout = g_timeout_add_seconds (20, timed_out, &expired);
  while (!expired && (rate = track_rate (&track)) < 0)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);
  g_signal_handler_disconnect (player, id);
  g_array_unref (track.wall);
  g_array_unref (track.media);
  return rate;
}

typedef struct
{
  GtkWidget *player;
  double     at_least;
} Reach;

static gboolean
player_reached (gpointer data)
{
  Reach *reach = data;
  double time;
  gboolean paused;

  player_state (reach->player, &time, &paused, NULL);
  return !paused && time >= reach->at_least;
}

static gboolean
cue_is (gpointer data)
{
  const char **wait = data;
  LecPlayer *player = LEC_PLAYER (lec_window_get_player ((LecWindow *) wait[0]));

  return g_strcmp0 (lec_player_get_cue (player), wait[1]) == 0;
}

static gboolean
cue_shown (gpointer data)
{
  const char *cue = lec_player_get_cue (data);

  return cue != NULL && *cue != '\0';
}

static gboolean
player_paused (gpointer data)
{
  return !lec_player_get_playing (data);
}

/* Another note of the same video keeps the video playing, without a
 * reload; a note of a video with no local media shows the offline panel
 * and stops the hidden video. */
static void
test_player_across_notes (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  gboolean finished = FALSE;
  GtkWidget *player;
  GtkStack *slot;
  Reach reach;
  double time;
  gboolean paused;
  gboolean reloaded = FALSE;

  player = open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  slot = GTK_STACK (gtk_widget_get_ancestor (player, GTK_TYPE_STACK));
  g_free (eval_string (view, "document.querySelector('a.lec-ts[href=\"lectern-seek:95\"]').click (); 'clicked'"));
  reach = (Reach) { player, 95.5 };
  wait_for (player_reached, &reach);

  /* The same video's other note: still playing, moving on from there. */
  g_signal_connect (player, "load-changed", G_CALLBACK (on_load_changed), &reloaded);
  finished = FALSE;
  lec_window_open_note (window, "OpenSkies/refractors_and_reflectors.md");
  wait_for (flag_set, &finished);
  reach = (Reach) { player, 97.0 };
  wait_for (player_reached, &reach);
  g_assert_false (reloaded);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (slot), ==, "player");

  /* A video with no media here: the panel, and silence. */
  finished = FALSE;
  lec_window_open_note (window, "KitchenChemistry/the_maillard_reaction.md");
  wait_for (flag_set, &finished);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (slot)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (slot), ==, "offline");
  wait_for (player_paused, player);
  player_state (player, &time, &paused, NULL);
  g_assert_true (paused);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Clicking a timestamp in a note of a video with local media plays that
 * moment: the bundled sample video and its captions. */
static void
test_timestamp_plays (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  gboolean finished = FALSE;
  GtkWidget *player;
  Reach reach;
  double time, closed_at;
  gboolean paused;
  g_autofree char *cue = NULL;

  /* Earlier tests played this video (an outline entry seeks): start it
   * afresh, as on a first run. */
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_flush ();

  player = open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (player)));

  /* Before any click the player waits, paused, at the start. */
  player_state (player, &time, &paused, NULL);
  g_assert_true (paused);
  g_assert_cmpfloat (time, <, 1.0);

  /* Click [00:01:35] as the reader would. */
  g_free (eval_string (view, "document.querySelector('a.lec-ts[href=\"lectern-seek:95\"]').click (); 'clicked'"));
  reach = (Reach) { player, 95.5 };
  wait_for (player_reached, &reach);
  player_state (player, &time, &paused, &cue);
  g_assert_false (paused);
  g_assert_cmpfloat (time, >=, 95.0);
  g_assert_cmpfloat (time, <, 99.0);
  /* The caption cue of that moment shows; "c" hides the captions and
   * shows them again. */
  g_assert_cmpstr (cue, !=, "");
  {
    const char *none[2] = { (const char *) window, "" };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.captions", NULL));
    g_assert_false (lec_player_get_captions (LEC_PLAYER (player)));
    wait_for (cue_is, none);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.captions", NULL));
    g_assert_true (lec_player_get_captions (LEC_PLAYER (player)));
    wait_for (cue_shown, player);
  }

  /* Follow along: the passage of [00:01:35] is marked in the note. */
  {
    g_autofree char *followed = NULL;

    for (guint i = 0; i < 50; i++)
      {
        g_free (followed);
        followed = eval_string (view, "(function () { const p = document.querySelector ('.lec-following');"
                                      " return p ? p.querySelector ('a.lec-ts').dataset.seconds : ''; }) ()");
        if (g_str_equal (followed, "95"))
          break;
        g_usleep (100 * 1000);
        while (g_main_context_iteration (NULL, FALSE));
      }
    g_assert_cmpstr (followed, ==, "95");
  }

  /* At 1.5× (two steps up from 1×, as pressing ">" twice does) the
   * position moves 3 ± 0.3 s in 2 s: measured on the times the player
   * itself reports, against the wall clock. */
  {
    double rate;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.rate", "i", 1));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "player.rate", "i", 1));
    /* GStreamer changes rate with a seek; let it settle, then watch. */
    run_for (700);

    rate = measure_rate (player);
    g_test_message ("moved %.2f s in 2 s at 1.5x", rate * 2);
    g_assert_cmpfloat (rate * 2, >=, 2.7);
    g_assert_cmpfloat (rate * 2, <=, 3.3);
  }

  /* The sidebar's outline marks the section playing: the note's headings
   * start at 1:40, 1:46, 1:56 and 2:05. */
  {
    static const int starts[] = { 100, 106, 116, 125 };
    double now;
    int expected = -1;

    /* Into the first section (a restart after a crash may have set the
     * video back a little). */
    reach = (Reach) { player, 100.5 };
    wait_for (player_reached, &reach);
    now = lec_player_get_time (LEC_PLAYER (player));

    for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
      if (now >= starts[i])
        expected = (int) i;
    g_test_message ("at %.1f s the outline marks section %d", now, expected);
    g_assert_cmpint (lec_note_panel_get_playing (lec_window_get_note_panel (window)), ==, expected);
    g_assert_cmpint (expected, >=, 0);
  }

  /* Choosing a section in the outline plays it: the last one starts at
   * 2:05, 20 s ahead, more than playing could cover in the 5 s allowed. */
  {
    GtkListBox *outline = lec_note_panel_get_outline (lec_window_get_note_panel (window));
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_signal_emit_by_name (outline, "row-activated", gtk_list_box_get_row_at_index (outline, 3));
    reach = (Reach) { player, 125.2 };
    while (!player_reached (&reach) && g_get_monotonic_time () < until)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    player_state (player, &time, &paused, NULL);
    g_assert_false (paused);
    g_assert_cmpfloat (time, >=, 125.0);
    g_assert_cmpfloat (time, <, 130.0);
  }

  /* When the player's web process dies (a driver crash), the video comes
   * back where it was, playing, at the speed chosen. */
  {
    double before = lec_player_get_time (LEC_PLAYER (player));
    double rate;

    webkit_web_view_terminate_web_process (WEBKIT_WEB_VIEW (player));
    rate = measure_rate (player);
    g_test_message ("after a restart, moved %.2f s in 2 s at 1.5x", rate * 2);
    g_assert_cmpfloat (rate * 2, >=, 2.7);
    g_assert_cmpfloat (rate * 2, <=, 3.3);
    player_state (player, &time, &paused, NULL);
    g_assert_false (paused);
    g_assert_cmpfloat (time, >=, before);
    g_assert_cmpfloat (time, <, before + 15);
  }

  /* And when the note's web process dies, the note shows again. */
  {
    g_autofree char *found = NULL;

    finished = FALSE;
    webkit_web_view_terminate_web_process (view);
    wait_for (flag_set, &finished);
    found = eval_string (view, "document.querySelectorAll ('a.lec-ts').length > 0 ? 'yes' : 'no'");
    g_assert_cmpstr (found, ==, "yes");
  }

  /* Resume: closing keeps the position (in the state folder); the video
   * opens there next time, paused. */
  player_state (player, &time, &paused, NULL);
  closed_at = time;
  gtk_window_close (GTK_WINDOW (window));
  window = test_window_new ();
  view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  finished = FALSE;
  open_sample_note_with_player (window, "OpenSkies/refractors_and_reflectors.md", &finished);
  g_usleep (500 * 1000);
  while (g_main_context_iteration (NULL, FALSE));
  player_state (lec_window_get_player (window), &time, &paused, NULL);
  g_assert_true (paused);
  g_assert_cmpfloat (time, >=, closed_at - 1);
  g_assert_cmpfloat (time, <=, closed_at + 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  LecFindBar *bar;
  const char *status;
} FindWait;

static gboolean
find_status_is (gpointer data)
{
  FindWait *wait = data;

  return g_strcmp0 (lec_find_bar_get_status (wait->bar), wait->status) == 0;
}

static gboolean
find_status_set (gpointer data)
{
  return *lec_find_bar_get_status (data) != '\0';
}

/* Ctrl+F finds in the note: the bar counts what the page shows, steps
 * through the matches both ways, wrapping, and says when nothing is found. */
static void
test_find_in_note (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  LecFindBar *bar = lec_window_get_find_bar (window);
  GtkEditable *entry = lec_find_bar_get_entry (bar);
  g_autofree char *count = NULL;
  g_autofree char *expected = NULL;
  FindWait nothing = { bar, "No matches" };
  gboolean finished = FALSE;
  guint n;

  open_sample_note (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  g_assert_false (lec_find_bar_is_open (bar));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_true (lec_find_bar_is_open (bar));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_has_focus (gtk_widget_get_focus_child (GTK_WIDGET (entry))));

  /* What the reader sees in the page, counted by the page itself. */
  count = eval_string (view, "String ((document.body.innerText.match (/diffraction/gi) || []).length)");
  n = (guint) g_ascii_strtoull (count, NULL, 10);
  g_assert_cmpuint (n, >=, 3);

  gtk_editable_set_text (entry, "Diffraction");
  wait_for (find_status_set, bar);
  expected = g_strdup_printf ("1 of %u", n);
  g_assert_cmpstr (lec_find_bar_get_status (bar), ==, expected);

  /* Enter goes to the next match; previous twice wraps to the last. */
  g_signal_emit_by_name (entry, "activate");
  g_free (expected);
  expected = g_strdup_printf ("2 of %u", n);
  g_assert_cmpstr (lec_find_bar_get_status (bar), ==, expected);
  g_signal_emit_by_name (entry, "previous-match");
  g_signal_emit_by_name (entry, "previous-match");
  g_free (expected);
  expected = g_strdup_printf ("%u of %u", n, n);
  g_assert_cmpstr (lec_find_bar_get_status (bar), ==, expected);

  gtk_editable_set_text (entry, "xylophonequartz");
  wait_for (find_status_is, &nothing);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  lec_find_bar_close (bar);
  g_assert_false (lec_find_bar_is_open (bar));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  LecNoteView *view;
  const char  *path;
} PathWait;

static gboolean
note_path_is (gpointer data)
{
  PathWait *wait = data;

  return g_strcmp0 (lec_note_view_get_path (wait->view), wait->path) == 0;
}

/* Ctrl+K: a few letters of a title, an alias or a topic find it; Enter
 * opens the best. */
static void
test_quick_open (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  LecNoteView *view = lec_window_get_note_view (window);
  PathWait expected = { view, "OpenSkies/angular_resolution_and_the_diffraction_limit.md" };
  LecQuickOpen *quick;
  GtkEditable *entry;
  GListModel *results;

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.quick-open", NULL));
  quick = lec_window_get_quick_open (window);
  g_assert_nonnull (quick);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (quick)));
  entry = lec_quick_open_get_entry (quick);
  results = lec_quick_open_get_results (quick);

  /* Letters in order, not a substring: "refrac" and "rfrctr". */
  gtk_editable_set_text (entry, "rfrctr");
  g_assert_cmpuint (g_list_model_get_n_items (results), >=, 1);
  g_assert_cmpstr (lec_quick_open_get_label (quick, 0), ==, "Refractors and reflectors");

  /* An alias finds its note. */
  gtk_editable_set_text (entry, "rayleigh");
  g_assert_cmpstr (lec_quick_open_get_label (quick, 0), ==, "Rayleigh criterion");

  /* A topic without a note is there too. */
  gtk_editable_set_text (entry, "electromagnetic");
  g_assert_cmpstr (lec_quick_open_get_label (quick, 0), ==, "The electromagnetic spectrum");

  /* Nothing matches: no results. */
  gtk_editable_set_text (entry, "zzqqxx");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  /* Enter opens the best match, and quick open goes away. */
  gtk_editable_set_text (entry, "rayleigh");
  g_signal_emit_by_name (entry, "activate");
  wait_for (note_path_is, &expected);
  g_assert_null (lec_window_get_quick_open (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const char *
row_label (GtkListBox *list,
           guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "text") : NULL;
}

static gboolean
backlinks_shown (gpointer data)
{
  return count_rows (lec_note_panel_get_backlinks (data)) > 0;
}

static gboolean
page_scrolled (gpointer data)
{
  g_autofree char *y = eval_string (data, "String (window.scrollY)");

  return g_ascii_strtod (y, NULL) > 0;
}

/* The sidebar's Note page: the open note's outline, the notes linking to
 * it and where it links; its rows scroll the note or open another. */
static void
test_note_panel (void)
{
  LecWindow *window = test_window_new ();
  LecNoteView *view = lec_window_get_note_view (window);
  LecNotePanel *panel = lec_window_get_note_panel (window);
  GtkListBox *outline = lec_note_panel_get_outline (panel);
  GtkListBox *backlinks = lec_note_panel_get_backlinks (panel);
  GtkListBox *outgoing = lec_note_panel_get_outgoing (panel);
  PathWait other = { view, NULL };
  gboolean finished = FALSE;
  g_autofree char *headings = NULL;
  guint topics = 0;

  open_sample_note (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  wait_for (backlinks_shown, panel);

  /* The outline has the page's sections, in order (a "#" comment in a
   * code block is not one). */
  headings = eval_string (WEBKIT_WEB_VIEW (view), "String (document.querySelectorAll ('h2, h3, h4, h5, h6').length)");
  g_assert_cmpuint (count_rows (outline), ==, (guint) g_ascii_strtoull (headings, NULL, 10));
  g_assert_cmpuint (count_rows (outline), ==, 4);
  g_assert_cmpstr (row_label (outline, 0), ==, "Why a star becomes a disc");
  g_assert_cmpstr (row_label (outline, 3), ==, "Mountains, mirrors that bend, and space");

  /* Four notes link here; this one links to notes and to topics. */
  g_assert_cmpuint (count_rows (backlinks), ==, 4);
  g_assert_cmpuint (count_rows (outgoing), >=, 3);
  for (guint i = 0; i < count_rows (outgoing); i++)
    if (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (outgoing, i)), "target") != NULL &&
        g_strcmp0 (row_label (outgoing, i), "Wavelength of light") == 0)
      topics++;
  g_assert_cmpuint (topics, ==, 1);

  /* A heading scrolls the note to it. */
  g_signal_emit_by_name (outline, "row-activated", gtk_list_box_get_row_at_index (outline, 3));
  wait_for (page_scrolled, view);

  /* A backlink opens the note it names. */
  other.path = g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (backlinks, 0)), "target");
  g_assert_nonnull (other.path);
  g_signal_emit_by_name (backlinks, "row-activated", gtk_list_box_get_row_at_index (backlinks, 0));
  wait_for (note_path_is, &other);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  WebKitWebView *view;
  const char    *script;
  const char    *value;
} PageWait;

static gboolean
page_says (gpointer data)
{
  PageWait *wait = data;
  g_autofree char *value = eval_string (wait->view, wait->script);

  return g_strcmp0 (value, wait->value) == 0;
}

/* Preferences: sepia and the text size show on the open note at once, and
 * the dialog shows what is set. */
static void
test_preferences (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  PageWait sepia = { view, "document.documentElement.dataset.theme + ' ' + getComputedStyle (document.documentElement).backgroundColor",
                     "sepia rgb(244, 236, 216)" };
  PageWait size = { view, "getComputedStyle (document.querySelector ('.lec-body p')).fontSize", "21px" };
  PageWait normal = { view, "getComputedStyle (document.querySelector ('.lec-body p')).fontSize", "17px" };
  gboolean finished = FALSE;
  GtkWindow *dialog = NULL;
  GListModel *toplevels;

  open_sample_note (window, SAMPLE_NOTE_PATH, &finished);
  wait_for (page_says, &normal);

  g_settings_set_string (settings, "style-variant", "sepia");
  wait_for (page_says, &sepia);
  g_settings_set_int (settings, "font-size", 21);
  wait_for (page_says, &size);

  /* A note opened now gets them too. */
  finished = FALSE;
  webkit_web_view_reload (view);
  wait_for (flag_set, &finished);
  wait_for (page_says, &sepia);
  wait_for (page_says, &size);

  /* The dialog opens from the window's action (Ctrl+comma). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (LEC_IS_PREFERENCES (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));

  /* Dark, chosen in the dialog as the reader would: the note turns dark. */
  {
    PageWait dark = { view, "document.documentElement.dataset.theme + ' ' + getComputedStyle (document.documentElement).backgroundColor",
                      "dark rgb(30, 30, 30)" };
    AdwComboRow *style = ADW_COMBO_ROW (find_widget_of_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));

    adw_combo_row_set_selected (style, 2);
    g_assert_cmpstr (g_settings_get_string (settings, "style-variant"), ==, "dark");
    wait_for (page_says, &dark);
  }

  /* A media folder added shows as a row that removes it. */
  {
    g_auto(GStrv) folders = NULL;
    GtkWidget *remove;

    lec_preferences_add_media_folder (LEC_PREFERENCES (dialog), "/srv/lectures");
    folders = g_settings_get_strv (settings, "media-folders");
    g_assert_cmpstrv (folders, ((const char *[]) { "/srv/lectures", NULL }));
    remove = find_widget (GTK_WIDGET (dialog), is_button_with_icon, "user-trash-symbolic");
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    g_strfreev (folders);
    folders = g_settings_get_strv (settings, "media-folders");
    g_assert_cmpstrv (folders, ((const char *[]) { NULL }));
  }
  gtk_window_destroy (dialog);

  g_settings_reset (settings, "style-variant");
  g_settings_reset (settings, "font-size");
  wait_for (page_says, &normal);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clipboard_read (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* Closes the print dialog once it shows; counts it. */
static gboolean
close_print_dialog (gpointer data)
{
  guint *seen = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (g_str_equal (G_OBJECT_TYPE_NAME (w), "GtkPrintUnixDialog") && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          (*seen)++;
          gtk_dialog_response (GTK_DIALOG (w), GTK_RESPONSE_CANCEL);
          return G_SOURCE_REMOVE;
        }
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  return G_SOURCE_CONTINUE;
}

/* The note's menu: only with a note; Copy Link puts a wiki link to the
 * note on the clipboard; Print opens the print dialog for the note. */
static void
test_note_menu (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  g_autofree char *text = NULL;
  gboolean finished = FALSE;
  guint dialogs = 0;

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  /* No note yet: nothing to copy. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "before");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-link", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, clipboard_read, &text);
  wait_for (string_set, &text);
  g_assert_cmpstr (text, ==, "before");
  g_clear_pointer (&text, g_free);

  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)), "list.activate-item", "u",
                                             find_note (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md")));
  wait_for (flag_set, &finished);
  wait_for (backlinks_shown, lec_window_get_note_panel (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-link", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, clipboard_read, &text);
  wait_for (string_set, &text);
  g_assert_cmpstr (text, ==, "[[angular_resolution_and_the_diffraction_limit|Angular resolution and the diffraction limit]]");

  /* WebKit's print dialog runs its own loop: close it from inside. */
  g_timeout_add (100, close_print_dialog, &dialogs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL));
  for (guint i = 0; i < 100 && dialogs == 0; i++)
    {
      g_usleep (50 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_assert_cmpuint (dialogs, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *key;
  int         y;
} ScrollWait;

static gboolean
scroll_kept (gpointer data)
{
  ScrollWait *wait = data;

  return lec_positions_get_int_in ("scroll", wait->key) == wait->y;
}

typedef struct
{
  GtkWindow  *window;
  const char *title;
} TitleWait;

static gboolean
window_title_is (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (gtk_window_get_title (wait->window), wait->title) == 0;
}

/* The player area comes and goes with the click, not after the page: the
 * page is laid out where it stays, and does not jump down when a player
 * appears above it. Title and library row follow the page. */
static void
test_player_room_at_once (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  LecPlayerArea *area = LEC_PLAYER_AREA (find_widget_of_type (GTK_WIDGET (window), LEC_TYPE_PLAYER_AREA));
  PathWait opened = { lec_window_get_note_view (window), "OpenSkies/OpenSkies.md" };

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);

  lec_window_open_note (window, "OpenSkies/light_gathering_and_aperture.md");
  g_assert_true (lec_player_area_get_shown (area));
  /* A channel's page has no video: the room goes at once too. */
  lec_window_open_note (window, "OpenSkies/OpenSkies.md");
  g_assert_false (lec_player_area_get_shown (area));
  wait_for (note_path_is, &opened);
  {
    TitleWait titled = { GTK_WINDOW (window), "OpenSkies — Lectern" };

    wait_for (window_title_is, &titled);
  }
  g_assert_false (lec_player_area_get_shown (area));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The vault's state when the note view was given a note. */
typedef struct
{
  LecWindow *window;
  gboolean   seen;
  gboolean   loaded;
  guint      listed;
} OpenState;

static void
note_state_at_open (LecNoteView *view,
                    GParamSpec  *pspec,
                    OpenState   *state)
{
  LecVault *vault = lec_window_get_vault (state->window);

  if (state->seen || lec_note_view_get_path (view) == NULL)
    return;
  state->seen = TRUE;
  state->loaded = lec_vault_get_loaded (vault);
  state->listed = g_list_model_get_n_items (lec_vault_get_notes (vault));
}

/* Lectern reopens a folder at the note read last, scrolled to where the
 * reader left it. */
static void
test_resume (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *root = g_file_get_path (samples);
  g_autofree char *key = g_strconcat (root, "\n", "OpenSkies/light_gathering_and_aperture.md", NULL);
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  ScrollWait kept = { key, 700 };
  PathWait reopened = { NULL, "OpenSkies/light_gathering_and_aperture.md" };
  PageWait scrolled = { NULL, "String (window.scrollY)", "700" };
  OpenState at_open = { NULL };
  gboolean finished = FALSE;

  open_sample_note (window, "OpenSkies/light_gathering_and_aperture.md", &finished);

  /* The reader scrolls down; the page tells where once they stop. */
  g_free (eval_string (view, "window.scrollTo (0, 700); String (window.scrollY)"));
  wait_for (scroll_kept, &kept);
  gtk_window_close (GTK_WINDOW (window));

  window = test_window_new ();
  at_open.window = window;
  reopened.view = lec_window_get_note_view (window);
  scrolled.view = WEBKIT_WEB_VIEW (reopened.view);
  lec_window_resume_folder (window, samples);
  /* No "Choose a Note" while the note comes. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (reopened.view)))),
                   ==, "note");
  g_signal_connect (reopened.view, "notify::path", G_CALLBACK (note_state_at_open), &at_open);
  wait_for (note_path_is, &reopened);
  /* The note was opened before the library was made: the index's last
   * state is enough to show it. */
  g_assert_true (at_open.seen);
  g_assert_false (at_open.loaded);
  g_assert_cmpuint (at_open.listed, ==, 0);
  wait_for (page_says, &scrolled);
  /* Its links were resolved: the topic link of the note leads to a note. */
  {
    PageWait resolved = { scrolled.view, "String (document.querySelectorAll ('a.lec-wikilink:not(.lec-unresolved)').length > 0)",
                          "true" };

    wait_for (page_says, &resolved);
  }
  /* The library, made after, shows the note selected. */
  wait_for (vault_loaded, window);
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (lec_window_get_note_list (window)));
    GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
    g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

    g_assert_true (LEC_IS_NOTE_INFO (item));
    g_assert_cmpstr (lec_note_info_get_path (LEC_NOTE_INFO (item)), ==, "OpenSkies/light_gathering_and_aperture.md");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
search_has_results (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (data));

  return g_list_model_get_n_items (model) > 0;
}

/* A search result opens its note with the words searched for marked, as
 * many marks as the page has such words. */
/* A topic link opens the topic's page: every note that mentions it,
 * under its video, each mention in its sentence with a timestamp. A
 * mention opens its note at that passage; back returns to the page. */
static void
test_topic_page (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  GListModel *topics;
  guint expected_notes = 0;
  gboolean finished = FALSE;

  open_sample_note (window, "OpenSkies/refractors_and_reflectors.md", &finished);

  /* The index's count of notes naming the topic, for the page to match. */
  topics = lec_vault_get_topics (lec_window_get_vault (window));
  for (guint i = 0; i < g_list_model_get_n_items (topics); i++)
    {
      g_autoptr(LecTopicItem) topic = g_list_model_get_item (topics, i);

      if (g_str_equal (lec_topic_item_get_key (topic), "the_electromagnetic_spectrum"))
        expected_notes = lec_topic_item_get_notes (topic);
    }
  g_assert_cmpuint (expected_notes, >=, 3);

  finished = FALSE;
  g_free (eval_string (view, "document.querySelector ('a.lec-unresolved[data-target=\"the_electromagnetic_spectrum\"]').click (); ''"));
  wait_for (flag_set, &finished);
  g_assert_cmpstr (webkit_web_view_get_uri (view), ==, "lectern://topic/the_electromagnetic_spectrum");
  g_assert_cmpstr (lec_note_view_get_topic (LEC_NOTE_VIEW (view)), ==, "the_electromagnetic_spectrum");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "The electromagnetic spectrum — Lectern");

  {
    g_autofree char *notes = eval_string (view, "String (document.querySelectorAll ('h3.lec-topic-note').length)");
    g_autofree char *videos = eval_string (view, "String (document.querySelectorAll ('section.lec-topic-video > h2').length)");
    g_autofree char *sentence = eval_string (view, "Array.from (document.querySelectorAll ('li.lec-mention'))"
                                                   ".map (li => li.innerText).find (t => t.includes ('prism split sunlight')) || ''");

    g_assert_cmpint (atoi (notes), ==, (int) expected_notes);
    g_assert_cmpint (atoi (videos), >=, 2);
    /* The sentence, its link's words, and the timestamp after it. */
    g_assert_true (g_str_has_prefix (sentence, "This is chromatic aberration"));
    g_assert_nonnull (strstr (sentence, "into the spectrum. 01:17"));
  }

  /* The mention leads to its passage in the note, marked and in view. */
  finished = FALSE;
  g_free (eval_string (view, "Array.from (document.querySelectorAll ('a.lec-mention-text'))"
                             ".find (a => a.innerText.includes ('prism split sunlight')).click (); ''"));
  wait_for (flag_set, &finished);
  g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, "OpenSkies/refractors_and_reflectors.md");
  /* The library shows where the note is: selected, its video open. */
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (lec_window_get_note_list (window)));
    GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
    g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

    g_assert_true (LEC_IS_NOTE_INFO (item));
    g_assert_cmpstr (lec_note_info_get_path (LEC_NOTE_INFO (item)), ==, "OpenSkies/refractors_and_reflectors.md");
  }
  {
    PageWait shown = { view, "(() => { const p = document.querySelector ('.lec-mentioned');"
                             " const r = p ? p.getBoundingClientRect () : null;"
                             " return String (p !== null && r.top >= 0 && r.bottom <= innerHeight &&"
                             "   p.innerText.includes ('prism split sunlight')); }) ()", "true" };

    wait_for (page_says, &shown);
  }

  finished = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  wait_for (flag_set, &finished);
  g_assert_cmpstr (webkit_web_view_get_uri (view), ==, "lectern://topic/the_electromagnetic_spectrum");

  /* A mention's timestamp opens its note and plays its video there. */
  {
    Reach reach;

    lec_positions_set ("lcSkyTel180", 0);
    finished = FALSE;
    g_free (eval_string (view, "Array.from (document.querySelectorAll ('li.lec-mention'))"
                               ".find (li => li.innerText.includes ('prism split sunlight'))"
                               ".querySelector ('a.lec-ts').click (); ''"));
    wait_for (flag_set, &finished);
    g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, "OpenSkies/refractors_and_reflectors.md");
    wait_for (player_ready, window);
    reach = (Reach) { lec_window_get_player (window), 77.5 };
    wait_for (player_reached, &reach);
    g_assert_cmpfloat (lec_player_get_time (LEC_PLAYER (lec_window_get_player (window))), <, 82.0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A web image: served by a server on this machine, counting requests. */
static void
on_image_request (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  guint *requests = user_data;
  const guint8 pixels[4 * 4 * 4] = { 0 };
  g_autoptr(GBytes) data = g_bytes_new (pixels, sizeof pixels);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, data, 16);
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  (*requests)++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* Nothing is fetched from the web until the reader allows it: a web image
 * shows as a placeholder, loads once when clicked, and loads by itself
 * with online content allowed. */
static void
test_remote_images (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *dir = g_dir_make_tmp ("lectern-web-XXXXXX", NULL);
  g_autofree char *note = g_build_filename (dir, "web.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  guint requests = 0;
  guint port;
  gboolean finished = FALSE;
  PageWait placeholder = { view, "(() => { const b = document.querySelector ('button.lec-remote-image');"
                                 " return b ? b.textContent : ''; }) ()", NULL };
  PageWait loaded = { view, "(() => { const i = document.querySelector ('.lec-body img');"
                            " return String (i !== null && !i.hidden && i.naturalWidth === 4 &&"
                            "   document.querySelector ('button.lec-remote-image') === null); }) ()", "true" };

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  soup_server_add_handler (server, "/pixel.png", on_image_request, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  text = g_strdup_printf ("# Web\n\nA picture: ![a pixel](http://127.0.0.1:%u/pixel.png)\n", port);
  g_assert_true (g_file_set_contents (note, text, -1, NULL));
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);
  lec_window_open_note (window, "web.md");
  wait_for (flag_set, &finished);

  {
    g_autofree char *label = g_strdup_printf ("Load Image from 127.0.0.1:%u", port);

    placeholder.value = label;
    wait_for (page_says, &placeholder);
  }
  g_assert_cmpuint (requests, ==, 0);

  /* Once, on the reader's click. */
  g_free (eval_string (view, "document.querySelector ('button.lec-remote-image').click (); ''"));
  wait_for (page_says, &loaded);
  g_assert_cmpuint (requests, ==, 1);

  /* Allowed: the note's images load as it opens. */
  g_settings_set_boolean (settings, "allow-online-content", TRUE);
  finished = FALSE;
  webkit_web_view_reload (view);
  wait_for (flag_set, &finished);
  wait_for (page_says, &loaded);
  g_assert_cmpuint (requests, ==, 2);

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (note);
  g_rmdir (dir);
}

static void
test_search_opens_marked (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  GtkListView *results = lec_window_get_search_list (window);
  g_autofree char *expected = NULL;
  PageWait marked = { view, "String (document.querySelectorAll ('mark.lec-hit').length)", NULL };
  PageWait counted = { view, "String ((document.querySelector ('.lec-page').innerText.match (/(?<![\\p{L}\\p{N}])aperture/giu) || []).length)", NULL };
  gboolean finished = FALSE;

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  gtk_editable_set_text (lec_window_get_search_entry (window), "aperture");
  wait_for (search_has_results, results);

  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (results), "list.activate-item", "u", 0));
  wait_for (flag_set, &finished);

  /* The page's own count of the word, then the same number of marks. */
  counted.value = "";
  expected = eval_string (view, counted.script);
  g_assert_cmpint (atoi (expected), >, 0);
  marked.value = expected;
  wait_for (page_says, &marked);

  gtk_window_destroy (GTK_WINDOW (window));
}


/* A video with SubRip captions next to it plays with them. */
static void
test_srt_captions (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-srt-XXXXXX", NULL);
  g_autofree char *note = g_build_filename (dir, "clip.md", NULL);
  g_autofree char *video = g_build_filename (dir, "srtClip01.webm", NULL);
  g_autofree char *srt = g_build_filename (dir, "srtClip01.srt", NULL);
  g_autofree char *sample = g_build_filename (g_file_peek_path (samples), "OpenSkies", "lcSkyTel180.webm", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *wait[2] = { (const char *) window, "Lectern reads SubRip" };
  gsize len;

  g_assert_true (g_file_get_contents (sample, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (video, bytes, len, NULL));
  g_assert_true (g_file_set_contents (srt, "1\r\n00:00:01,000 --> 00:00:30,000\r\nLectern reads SubRip\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (note, "---\ntitle: Clip\nvideoId: srtClip01\n---\n\nA moment "
                                            "<a class=\"yt-timestamp\" data-t=\"00:00:02\">[00:00:02]</a>.\n", -1, NULL));

  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  lec_window_open_note (window, "clip.md");
  wait_for (player_ready, window);
  lec_player_seek (LEC_PLAYER (lec_window_get_player (window)), 3, TRUE);
  wait_for (cue_is, wait);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (note);
  g_unlink (video);
  g_unlink (srt);
  g_rmdir (dir);
}


static gboolean
offline_panel_showing (gpointer data)
{
  LecWindow *window = data;

  return find_status_page (GTK_WIDGET (window), "Not Available Offline") != NULL;
}

static gboolean
download_offered (gpointer data)
{
  GtkWidget *button = find_button (GTK_WIDGET (data), "_Download for Offline");

  return button != NULL && gtk_widget_is_drawable (button);
}

typedef struct
{
  LecWindow *window;
  GArray    *fractions;
} Watch;

static gboolean
watch_progress (gpointer data)
{
  Watch *watch = data;
  GtkWidget *bar = find_widget_of_type (GTK_WIDGET (watch->window), GTK_TYPE_PROGRESS_BAR);

  if (bar != NULL && gtk_widget_is_drawable (bar))
    {
      double fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar));

      if (watch->fractions->len == 0 || g_array_index (watch->fractions, double, watch->fractions->len - 1) != fraction)
        g_array_append_val (watch->fractions, fraction);
    }
  return lec_window_get_player (watch->window) != NULL &&
         player_reached (&(Reach) { lec_window_get_player (watch->window), 6.0 });
}

/* No local copy: the panel says so and offers yt-dlp's download (a
 * stand-in script here), which shows its progress and then plays, from
 * the user's media folder, at the moment last asked for. */
static void
test_download_for_offline (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-dl-XXXXXX", NULL);
  g_autofree char *bin = g_dir_make_tmp ("lectern-bin-XXXXXX", NULL);
  g_autofree char *note = g_build_filename (dir, "talk.md", NULL);
  g_autofree char *link = g_build_filename (bin, "yt-dlp", NULL);
  g_autofree char *sample = g_build_filename (g_file_peek_path (samples), "OpenSkies", "lcSkyTel180.webm", NULL);
  g_autofree char *media_dir = lec_media_default_dir ();
  g_autofree char *downloaded = g_build_filename (media_dir, "dlTest12345.webm", NULL);
  g_autofree char *path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Watch watch = { window, fractions };

  g_unlink (downloaded);
  g_assert_no_errno (symlink (g_test_get_filename (G_TEST_DIST, "fake-yt-dlp", NULL), link));
  g_setenv ("PATH", path, TRUE);
  g_setenv ("LECTERN_FAKE_MEDIA", sample, TRUE);
  g_setenv ("LECTERN_FAKE_DELAY", "0.3", TRUE);
  g_assert_true (g_file_set_contents (note, "---\ntitle: A talk\nvideoId: dlTest12345\n---\n\nA moment "
                                            "<a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>.\n", -1, NULL));

  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  lec_window_open_note (window, "talk.md");
  wait_for (offline_panel_showing, window);
  wait_for (download_offered, window);

  /* The reader asks for 00:00:05 first, then downloads. */
  g_signal_emit_by_name (lec_window_get_note_view (window), "seek", 5);
  gtk_widget_activate (find_button (GTK_WIDGET (window), "_Download for Offline"));
  wait_for (watch_progress, &watch);

  /* It showed progress on the way, and plays the file from the media
   * folder (never the notes folder), from where it was asked. */
  g_assert_cmpuint (fractions->len, >=, 2);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), >, 0.0);
  g_assert_true (g_file_test (downloaded, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (lec_player_get_media_path (LEC_PLAYER (lec_window_get_player (window))), ==, downloaded);
  g_assert_true (lec_player_get_playing (LEC_PLAYER (lec_window_get_player (window))));
  g_assert_cmpfloat (lec_player_get_time (LEC_PLAYER (lec_window_get_player (window))), <, 30);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("LECTERN_FAKE_DELAY");
  g_unlink (downloaded);
  g_unlink (link);
  g_unlink (note);
  g_rmdir (bin);
  g_rmdir (dir);
}

static gboolean
player_playing (gpointer data)
{
  return lec_player_get_playing (data);
}

/* Laid out side by side: the video's right edge at or left of the
 * note's left edge, their tops level. */
static gboolean
video_beside_note (gpointer data)
{
  GtkWidget *video = lec_window_get_player (data);
  GtkWidget *note = GTK_WIDGET (lec_window_get_note_view (data));
  graphene_point_t v, n;

  if (!gtk_widget_compute_point (video, GTK_WIDGET (data), &GRAPHENE_POINT_INIT (0, 0), &v) ||
      !gtk_widget_compute_point (note, GTK_WIDGET (data), &GRAPHENE_POINT_INIT (0, 0), &n))
    return FALSE;
  return gtk_widget_get_width (video) > 0 && v.x + gtk_widget_get_width (video) <= n.x + 1 && fabs (v.y - n.y) < 1.0;
}

/* Space, as the window's key controllers see it before any widget:
 * whether one of them took it. */
static gboolean
press_space (LecWindow *window)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean taken = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !taken; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) && gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (c, "key-pressed", GDK_KEY_space, 65, 0, &taken);
    }
  g_object_unref (controllers);
  return taken;
}

/* The player's own bar: play and pause, speed, captions, and the video
 * beside the note, each doing what it shows. */
static void
test_player_bar (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  gboolean finished = FALSE;
  GtkWidget *bar, *play, *note;
  LecPlayer *player;
  graphene_point_t video_at, note_at;

  g_settings_set_boolean (settings, "player-beside", FALSE);
  player = LEC_PLAYER (open_sample_note_with_player (window, SAMPLE_NOTE_PATH, &finished));
  bar = find_widget_of_type (GTK_WIDGET (window), LEC_TYPE_PLAYER_BAR);
  g_assert_nonnull (bar);
  g_assert_true (gtk_widget_is_drawable (bar));

  /* Play, then the button offers Pause; and pause again. */
  play = find_widget (bar, is_button_with_icon, "media-playback-start-symbolic");
  g_assert_nonnull (play);
  g_signal_emit_by_name (play, "clicked");
  wait_for (player_playing, player);
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (play)), ==, "media-playback-pause-symbolic");
  g_signal_emit_by_name (play, "clicked");
  wait_for (player_paused, player);

  /* Space plays and pauses too, but not while the reader types. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (lec_window_get_note_list (window))));
  g_assert_true (press_space (window));
  wait_for (player_playing, player);
  g_assert_true (press_space (window));
  wait_for (player_paused, player);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (lec_window_get_search_entry (window)),
                                                                        GTK_TYPE_STACK)), "search");
  gtk_widget_grab_focus (GTK_WIDGET (lec_window_get_search_entry (window)));
  g_assert_false (press_space (window));

  /* The speed menu's choice plays at that speed, and says so. */
  g_assert_true (gtk_widget_activate_action (bar, "player.set-rate", "d", 1.5));
  g_assert_cmpfloat (lec_player_get_rate (player), ==, 1.5);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_widget_of_type (bar, GTK_TYPE_MENU_BUTTON))), ==, "1.5×");
  g_assert_true (gtk_widget_activate_action (bar, "player.set-rate", "d", 1.0));

  /* Captions off and on from their toggle. */
  {
    GtkWidget *captions = find_widget (bar, is_button_with_icon, "media-view-subtitles-symbolic");

    g_assert_true (lec_player_get_captions (player));
    g_signal_emit_by_name (captions, "clicked");
    g_assert_false (lec_player_get_captions (player));
    g_signal_emit_by_name (captions, "clicked");
    g_assert_true (lec_player_get_captions (player));
  }

  /* The picture folds away, the bar (and the sound) stay; and back. */
  {
    GtkWidget *hide = find_widget (bar, is_button_with_icon, "go-up-symbolic");

    g_signal_emit_by_name (hide, "clicked");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (player)));
    g_assert_true (gtk_widget_get_visible (bar));
    g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (hide)), ==, "go-down-symbolic");
    g_signal_emit_by_name (hide, "clicked");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (player)));
  }

  /* Beside the note: the video on the left, the note on its right. */
  g_signal_emit_by_name (find_widget (bar, is_button_with_icon, "view-dual-symbolic"), "clicked");
  g_assert_true (g_settings_get_boolean (settings, "player-beside"));
  wait_for (video_beside_note, window);
  note = GTK_WIDGET (lec_window_get_note_view (window));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (player), GTK_WIDGET (window), &GRAPHENE_POINT_INIT (0, 0), &video_at));
  g_assert_true (gtk_widget_compute_point (note, GTK_WIDGET (window), &GRAPHENE_POINT_INIT (0, 0), &note_at));
  g_assert_cmpfloat (video_at.x + gtk_widget_get_width (GTK_WIDGET (player)), <=, note_at.x + 1);
  g_assert_cmpfloat (fabs (video_at.y - note_at.y), <, 1.0);
  g_settings_set_boolean (settings, "player-beside", FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
player_shows_file (gpointer data)
{
  const char **wait = data;
  GtkWidget *player = lec_window_get_player ((LecWindow *) wait[0]);

  return player != NULL && gtk_widget_is_drawable (player) &&
         g_strcmp0 (lec_player_get_media_path (LEC_PLAYER (player)), wait[1]) == 0;
}

/* A stand-in for YouTube's embed (the network cannot be reached here): it
 * answers the embed's postMessage protocol as Lectern uses it — ready
 * when told we listen, seekTo, playVideo, pauseVideo — and reports its
 * time while it "plays". */
static const char fake_embed[] =
  "<!DOCTYPE html><html><body><script>\n"
  "let t = Number (new URLSearchParams (location.search).get ('start') || 0), state = 2;\n"
  "function send (m) { parent.postMessage (JSON.stringify (m), '*'); }\n"
  "function info () { send ({ event: 'infoDelivery', info: { currentTime: t, duration: 600, playerState: state, playbackRate: 1 } }); }\n"
  "addEventListener ('message', e => {\n"
  "  const d = JSON.parse (e.data);\n"
  "  if (d.event === 'listening') { send ({ event: 'onReady' }); info (); }\n"
  "  if (d.event !== 'command') return;\n"
  "  if (d.func === 'seekTo') t = d.args[0];\n"
  "  if (d.func === 'playVideo') state = 1;\n"
  "  if (d.func === 'pauseVideo') state = 2;\n"
  "  info ();\n"
  "});\n"
  "setInterval (() => { if (state === 1) { t += 0.25; info (); } }, 250);\n"
  "</script></body></html>\n";

static void
on_embed_request (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, fake_embed, strlen (fake_embed));
}

static gboolean
player_at_least (gpointer data)
{
  Reach *reach = data;

  return lec_player_get_playing (LEC_PLAYER (reach->player)) && lec_player_get_time (LEC_PLAYER (reach->player)) >= reach->at_least;
}

/* A note's "media:" file plays; a video with no copy here plays from
 * YouTube's nocookie embed, but only once online content is allowed, and
 * the note's timestamps seek it. */
static void
test_player_sources (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-src-XXXXXX", NULL);
  g_autofree char *clip = g_build_filename (dir, "lecture recording.webm", NULL);
  g_autofree char *audio_note = g_build_filename (dir, "lecture.md", NULL);
  g_autofree char *online_note = g_build_filename (dir, "online.md", NULL);
  g_autofree char *sample = g_build_filename (g_file_peek_path (samples), "OpenSkies", "lcSkyTel180.webm", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *wait[2] = { (const char *) window, clip };
  const char *youtube[2] = { (const char *) window, "youtube:ytOnline012" };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *embed = NULL;
  g_autofree char *embed_src = NULL;
  gsize len;

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  g_assert_true (g_file_get_contents (sample, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (clip, bytes, len, NULL));
  g_assert_true (g_file_set_contents (audio_note, "---\ntitle: Lecture\nmedia: lecture recording.webm\n---\n\n"
                                                  "At [00:00:04] it starts.\n", -1, NULL));
  g_assert_true (g_file_set_contents (online_note, "---\ntitle: Online\nvideoId: ytOnline012\n---\n\n"
                                                   "Said here <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.\n", -1, NULL));
  soup_server_add_handler (server, "/embed", on_embed_request, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL));
  {
    GSList *uris = soup_server_get_uris (server);

    embed = g_strdup_printf ("http://127.0.0.1:%d/embed/", g_uri_get_port (uris->data));
    g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  }
  g_setenv ("LECTERN_YOUTUBE_EMBED", embed, TRUE);

  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  lec_window_open_note (window, "lecture.md");
  wait_for (player_shows_file, wait);

  lec_window_open_note (window, "online.md");
  wait_for (offline_panel_showing, window);

  g_settings_set_boolean (settings, "allow-online-content", TRUE);
  lec_window_open_note (window, "lecture.md");
  wait_for (player_shows_file, wait);
  lec_window_open_note (window, "online.md");
  wait_for (player_shows_file, youtube);
  wait_for (player_answers, window);
  {
    PageWait frame = { WEBKIT_WEB_VIEW (lec_window_get_player (window)),
                       "(() => { const f = document.querySelector ('iframe.lec-youtube');"
                       " return f ? f.getAttribute ('src').split ('?')[0] : ''; }) ()",
                       NULL };

    embed_src = g_strconcat (embed, "ytOnline012", NULL);
    frame.value = embed_src;
    wait_for (page_says, &frame);
  }

  /* The timestamp in the note seeks the embed and plays it. */
  {
    Reach reach = { lec_window_get_player (window), 85.0 };

    g_free (eval_string (WEBKIT_WEB_VIEW (lec_window_get_note_view (window)),
                         "document.querySelector ('a.lec-ts').click (); ''"));
    wait_for (player_at_least, &reach);
    g_assert_cmpfloat (lec_player_get_time (LEC_PLAYER (reach.player)), <, 90.0);
  }
  g_unsetenv ("LECTERN_YOUTUBE_EMBED");

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (clip);
  g_unlink (audio_note);
  g_unlink (online_note);
  g_rmdir (dir);
}

static gboolean
is_adw_flap (GtkWidget     *widget,
             gconstpointer  data)
{
  return ADW_IS_FLAP (widget);
}

static gboolean
sidebar_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Toggle Sidebar") == 0;
}

static gboolean
flap_folded (gpointer data)
{
  return adw_flap_get_folded (data);
}

/* A narrow window folds the sidebar away; its toggle brings it over the
 * note, and choosing a note puts it away again. */
static void
test_narrow_window (void)
{
  LecWindow *window = lec_window_new (NULL);
  gboolean finished = FALSE;
  AdwFlap *flap;
  GtkWidget *toggle;

  gtk_window_set_default_size (GTK_WINDOW (window), 560, 700);
  gtk_window_present (GTK_WINDOW (window));
  flap = ADW_FLAP (find_widget (GTK_WIDGET (window), is_adw_flap, NULL));
  toggle = find_widget (GTK_WIDGET (window), sidebar_button, NULL);
  g_assert_nonnull (flap);
  g_assert_nonnull (toggle);

  open_sample_note (window, SAMPLE_NOTE_PATH, &finished);
  wait_for (flap_folded, flap);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_is_drawable (toggle));

  g_signal_emit_by_name (toggle, "clicked");
  g_assert_true (adw_flap_get_reveal_flap (flap));
  finished = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)), "list.activate-item", "u",
                                             find_note (window, "OpenSkies/olbers_paradox.md")));
  wait_for (flag_set, &finished);
  g_assert_false (adw_flap_get_reveal_flap (flap));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
sidebar_edge (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_SEPARATOR (widget) && gtk_widget_has_css_class (widget, "lec-sidebar-edge");
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_is_drawable (data) && gtk_widget_get_width (data) > 0;
}

/* The width the sidebar is given: its clamp's, and its own least. */
static int
sidebar_width_of (GtkWidget *edge)
{
  AdwClamp *clamp = ADW_CLAMP (gtk_widget_get_next_sibling (edge));
  int request;

  gtk_widget_get_size_request (adw_clamp_get_child (clamp), &request, NULL);
  g_assert_cmpint (request, ==, adw_clamp_get_maximum_size (clamp));
  return request;
}

/* The sidebar is as wide as the reader dragged its edge, and is so again
 * in the next window. */
static void
test_sidebar_width (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  LecWindow *window;
  GtkWidget *edge;
  GtkEventController *drag = NULL;
  GListModel *controllers;

  g_settings_set_int (settings, "sidebar-width", 320);
  window = test_window_new ();
  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  edge = find_widget (GTK_WIDGET (window), sidebar_edge, NULL);
  g_assert_nonnull (edge);
  /* AdwFlap puts the flap after its separator: a clamp holding the
   * sidebar. */
  g_assert_true (ADW_IS_CLAMP (gtk_widget_get_next_sibling (edge)));
  g_assert_cmpint (sidebar_width_of (edge), ==, 320);
  wait_for (is_drawn, edge);

  /* Drag the edge 80 px to the right, as the pointer would. */
  controllers = gtk_widget_observe_controllers (edge);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        drag = c;
    }
  g_object_unref (controllers);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", 2.0, 300.0);
  g_signal_emit_by_name (drag, "drag-update", 40.0, 0.0);
  g_signal_emit_by_name (drag, "drag-update", 80.0, 0.0);
  g_assert_cmpint (sidebar_width_of (edge), >=, 400);
  g_signal_emit_by_name (drag, "drag-end", 80.0, 0.0);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, sidebar_width_of (edge));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The next window has it. */
  window = test_window_new ();
  edge = find_widget (GTK_WIDGET (window), sidebar_edge, NULL);
  g_assert_cmpint (sidebar_width_of (edge), ==, g_settings_get_int (settings, "sidebar-width"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "sidebar-width");
}

/* Opening a note of another video swaps the media, and the first video's
 * place is kept: back on its note, it is there again. */
static void
test_swap_videos (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-swap-XXXXXX", NULL);
  g_autofree char *sample = g_build_filename (g_file_peek_path (samples), "OpenSkies", "lcSkyTel180.webm", NULL);
  g_autofree char *first = g_build_filename (dir, "swapFirst01.webm", NULL);
  g_autofree char *second = g_build_filename (dir, "swapSecond1.webm", NULL);
  g_autofree char *note_a = g_build_filename (dir, "a.md", NULL);
  g_autofree char *note_b = g_build_filename (dir, "b.md", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *on_first[2] = { (const char *) window, first };
  const char *on_second[2] = { (const char *) window, second };
  LecPlayer *player;
  Reach reach;
  gsize len;

  lec_positions_set ("swapFirst01", 0);
  lec_positions_set ("swapSecond1", 0);
  g_assert_true (g_file_get_contents (sample, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (first, bytes, len, NULL));
  g_assert_true (g_file_set_contents (second, bytes, len, NULL));
  g_assert_true (g_file_set_contents (note_a, "---\ntitle: A\nvideoId: swapFirst01\n---\n\nAt [00:00:40] it says.\n", -1, NULL));
  g_assert_true (g_file_set_contents (note_b, "---\ntitle: B\nvideoId: swapSecond1\n---\n\nAt [00:00:10] it says.\n\n"
                                            "Later <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.\n", -1, NULL));

  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  lec_window_open_note (window, "a.md");
  wait_for (player_shows_file, on_first);
  wait_for (player_ready, window);
  player = LEC_PLAYER (lec_window_get_player (window));
  lec_player_seek (player, 40, TRUE);
  reach = (Reach) { GTK_WIDGET (player), 41.0 };
  wait_for (player_reached, &reach);

  /* Another video: its file, from its own start. */
  lec_window_open_note (window, "b.md");
  wait_for (player_shows_file, on_second);
  {
    PageWait page = { WEBKIT_WEB_VIEW (player),
                      "(() => { const v = document.querySelector ('video');"
                      " return v && v.src.includes ('swapSecond1') && v.readyState >= 1 && v.currentTime < 5 ? 'yes' : 'no'; }) ()",
                      "yes" };

    wait_for (page_says, &page);
  }
  g_assert_cmpuint (lec_positions_get ("swapFirst01"), >=, 40);

  /* Its 00:01:25, clicked: playing at 85 s, give or take one. */
  {
    PageWait shown = { WEBKIT_WEB_VIEW (lec_window_get_note_view (window)),
                       "String (document.querySelector ('a.lec-ts[href=\"lectern-seek:85\"]') !== null)", "true" };

    wait_for (page_says, &shown);
  }
  g_free (eval_string (WEBKIT_WEB_VIEW (lec_window_get_note_view (window)),
                       "document.querySelector ('a.lec-ts[href=\"lectern-seek:85\"]').click (); ''"));
  reach = (Reach) { GTK_WIDGET (player), 85.0 };
  wait_for (player_reached, &reach);
  g_assert_cmpfloat (lec_player_get_time (player), <=, 86.0);

  /* Back to the first: where it was left. */
  lec_window_open_note (window, "a.md");
  wait_for (player_shows_file, on_first);
  {
    PageWait page = { WEBKIT_WEB_VIEW (player),
                      "(() => { const v = document.querySelector ('video');"
                      " return v && v.src.includes ('swapFirst01') && v.readyState >= 1 && v.currentTime >= 40 ? 'yes' : 'no'; }) ()",
                      "yes" };

    wait_for (page_says, &page);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (first);
  g_unlink (second);
  g_unlink (note_a);
  g_unlink (note_b);
  g_rmdir (dir);
}

static gboolean
has_two_notes (gpointer data)
{
  LecVault *vault = lec_window_get_vault (data);

  return vault != NULL && g_list_model_get_n_items (lec_vault_get_notes (vault)) == 2;
}

/* A note written into the open folder shows up in the sidebar by itself. */
static void
test_live_folder (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-live-XXXXXX", NULL);
  g_autofree char *first = g_build_filename (dir, "first.md", NULL);
  g_autofree char *second = g_build_filename (dir, "second.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GtkListView *list = lec_window_get_note_list (window);

  g_assert_true (g_file_set_contents (first, "---\ntitle: First\n---\nOne.\n", -1, NULL));
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (lec_window_get_vault (window))), ==, 1);

  g_assert_true (g_file_set_contents (second, "---\ntitle: Second\n---\nTwo.\n", -1, NULL));
  wait_for (has_two_notes, window);
  /* The library shows it too: one channel, one video group, two notes. */
  g_assert_cmpuint (find_note (window, "second.md"), ==, 3);
  g_assert_nonnull (list);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (first);
  g_unlink (second);
  g_rmdir (dir);
}

/* How many labels on screen in @widget (a button's too) say something
 * with @text in it. */
static guint
count_text (GtkWidget  *widget,
            const char *text)
{
  const char *said = NULL;
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget))
    said = gtk_label_get_text (GTK_LABEL (widget));
  if (said != NULL && strstr (said, text) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_text (child, text);
  return n;
}

static gboolean
says_gone (gpointer window)
{
  return count_text (window, "is gone") > 0;
}

static gboolean
no_longer_says_gone (gpointer window)
{
  return count_text (window, "is gone") == 0;
}

static gboolean
says_unreadable (gpointer window)
{
  return count_text (window, "could not be read fully") > 0;
}

/* Whether "Back to Playing" shows: following is paused. */
#define BACK_SHOWN "String (document.querySelector ('button.lec-back-to-playing:not([hidden])') !== null)"

/* The seconds of the passage marked as playing, or "" (none). */
static char *
followed_seconds (WebKitWebView *view)
{
  return eval_string (view, "(function () { const p = document.querySelector ('.lec-following');"
                            " const a = p ? p.querySelector ('a.lec-ts') : null;"
                            " return a ? a.dataset.seconds : ''; }) ()");
}

static gboolean
following_marked (gpointer data)
{
  g_autofree char *seconds = followed_seconds (data);

  return seconds[0] != '\0';
}

/* Follow along never fights the reader: wheel scrolling away pauses it
 * (the page stays where the reader put it while the video plays on) and
 * shows "Back to Playing", whose click brings the playing passage back.
 * A topic page marks only the playing note's mentions, and does not
 * scroll. Real wheel and clicks, through XTest. */
static void
test_follow_never_fights (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  gboolean finished = FALSE;
  GtkWidget *player;
  Reach reach;
  int x, y;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *box = NULL;
  g_autofree char *in_view = NULL;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_flush ();
  player = open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);

  g_free (eval_string (view, "document.querySelector('a.lec-ts[href=\"lectern-seek:95\"]').click (); 'clicked'"));
  reach = (Reach) { player, 95.5 };
  wait_for (player_reached, &reach);
  wait_for (following_marked, view);

  /* The reader wheels down, away from the passage, over the page. */
  test_input_to_screen (GTK_WIDGET (view), gtk_widget_get_width (GTK_WIDGET (view)) / 2,
                        gtk_widget_get_height (GTK_WIDGET (view)) / 2, &x, &y);
  test_input_move (x, y);
  run_for (100);
  for (guint i = 0; i < 15; i++)
    {
      test_input_button (5);
      run_for (30);
    }
  run_for (500);
  g_assert_cmpstr ((after = eval_string (view, BACK_SHOWN)), ==, "true");
  g_clear_pointer (&after, g_free);
  before = eval_string (view, "String (Math.round (window.scrollY))");
  g_assert_cmpint (atoi (before), >, 0);

  /* The video plays on into the next passages: the page stays put. */
  reach = (Reach) { player, 101.5 };
  wait_for (player_reached, &reach);
  run_for (1500);
  after = eval_string (view, "String (Math.round (window.scrollY))");
  g_assert_cmpstr (after, ==, before);

  /* "Back to Playing", clicked: following resumes, the passage shows. */
  box = eval_string (view, "(function () { const b = document.querySelector ('button.lec-back-to-playing');"
                           " if (!b || b.hidden) return '';"
                           " const r = b.getBoundingClientRect ();"
                           " return Math.round (r.left + r.width / 2) + ' ' + Math.round (r.top + r.height / 2); }) ()");
  g_assert_cmpstr (box, !=, "");
  {
    int bx, by;

    g_assert_cmpint (sscanf (box, "%d %d", &bx, &by), ==, 2);
    test_input_to_screen (GTK_WIDGET (view), bx, by, &x, &y);
    test_input_move (x, y);
    run_for (100);
    test_input_button (1);
  }
  run_for (1200);
  g_assert_cmpstr ((in_view = eval_string (view, BACK_SHOWN)), ==, "false");
  g_clear_pointer (&in_view, g_free);
  in_view = eval_string (view, "(function () { const p = document.querySelector ('.lec-following');"
                               " if (!p) return 'none'; const r = p.getBoundingClientRect ();"
                               " return r.bottom > 0 && r.top < window.innerHeight ? 'yes' : 'no'; }) ()");
  g_assert_cmpstr (in_view, ==, "yes");
  g_assert_cmpstr ((after = eval_string (view, "document.querySelector ('.lec-following').getAttribute ('aria-current')")),
                   ==, "true");

  /* A topic page with mentions from this note and from others: only this
   * note's are marked, and the page does not move. */
  finished = FALSE;
  lec_window_open_topic (window, "wavelength_of_light");
  wait_for (flag_set, &finished);
  run_for (1500);
  g_clear_pointer (&after, g_free);
  after = eval_string (view, "(function () { let mine = 0, other = 0;"
                             " for (const p of document.querySelectorAll ('.lec-following'))"
                             "   for (const a of p.querySelectorAll ('a.lec-ts'))"
                             "     a.getAttribute ('href').endsWith ('@OpenSkies/angular_resolution_and_the_diffraction_limit.md')"
                             "       ? mine++ : other++;"
                             " return mine + ' ' + other + ' ' + Math.round (window.scrollY); }) ()");
  g_test_message ("on the topic page (marked from this note, from others, scrollY): %s", after);
  g_assert_cmpstr (after, ==, "1 0 0");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A timestamp past the end of the media: the player goes to the end, not
 * back to 0, and a toast says why. */
static gboolean
says_past_end (gpointer data)
{
  return count_text (GTK_WIDGET (data), "is past the end of the video") == 1;
}

static void
test_seek_past_end (void)
{
  LecWindow *window = test_window_new ();
  LecNoteView *view = lec_window_get_note_view (window);
  gboolean finished = FALSE;
  GtkWidget *player;
  double time;
  gboolean paused;

  player = open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);

  /* As a click on a timestamp [00:10:00] in the note does. */
  g_signal_emit_by_name (view, "seek", 600);
  wait_for (says_past_end, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "This note’s time 10:00 is past the end of the video (03:00)"), ==, 1);
  run_for (800);
  player_state (player, &time, &paused, NULL);
  g_test_message ("after a seek to 600 s of a 180 s video: at %.1f s", time);
  g_assert_cmpfloat (time, >=, 175.0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The folder removed while open: the window says so once, in a toast
 * that offers to open another and stays until the folder is back; the
 * library keeps what it listed. */
static void
test_folder_gone (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-gone-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  gint64 until;

  test_write_file (dir, "first.md", "---\ntitle: First\n---\nOne.\n");
  test_write_file (dir, "broken.md", "---\ntitle: [oops\n---\nStill a note.\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  /* What could not be read is said, once. */
  wait_for (says_unreadable, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "could not be read fully"), ==, 1);

  test_remove_tree (dir);
  wait_for (says_gone, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "is gone"), ==, 1);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "Open Another Folder"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (lec_window_get_vault (window))), ==, 2);

  /* Nothing more is said while it stays gone. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "is gone"), ==, 1);

  /* Back: the toast goes. */
  test_write_file (dir, "first.md", "---\ntitle: First\n---\nOne.\n");
  wait_for (no_longer_says_gone, window);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* A note that cannot be read fully written while the folder is open:
 * said too, not only what the first load found. */
static void
test_later_problem (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-later-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  test_write_file (dir, "first.md", "---\ntitle: First\n---\nOne.\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "could not be read fully"), ==, 0);

  test_write_file (dir, "broken.md", "---\ntitle: [oops\n---\nStill a note.\n");
  wait_for (says_unreadable, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "could not be read fully"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static gboolean
says_rebuilt (gpointer window)
{
  return count_text (window, "being rebuilt") > 0;
}

/* Damage in the index that only a search meets: the search that met it
 * runs again once the vault has rebuilt it, and the rebuild is said
 * once. */
static void
test_damaged_index (void)
{
  LecWindow *window = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lectern-damaged-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *db = NULL;
  GtkListView *results;

  test_write_file (dir, "first.md", "---\ntitle: First\n---\nThe word zirconium.\n");
  test_write_file (dir, "second.md", "---\ntitle: Second\n---\nAnother word.\n");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LecIndex) index = lec_index_open (folder, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (lec_index_update (index, NULL, NULL, NULL, NULL, &error));
    db = g_strdup (lec_index_get_db_path (index));
  }
  test_damage_table (db, "fts_data");

  window = test_window_new ();
  results = lec_window_get_search_list (window);
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "being rebuilt"), ==, 0);
  gtk_editable_set_text (lec_window_get_search_entry (window), "zirconium");
  wait_for (says_rebuilt, window);
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "being rebuilt"), ==, 1);
  wait_for (search_has_results, results);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (results))), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* Whether the note showing becomes @path within a second and a half. */
static gboolean
shows_path_soon (LecWindow  *window,
                 const char *path)
{
  PathWait wait = { lec_window_get_note_view (window), path };

  for (guint i = 0; i < 30 && !note_path_is (&wait); i++)
    run_for (50);
  return note_path_is (&wait);
}

/* Back and forward, by keys and by the mouse's side buttons, wherever the
 * focus is: in the note page (as after a click on it), in the find bar
 * and in the search entry. Real input, through XTest. */
static void
test_history_keys (void)
{
  const char *first = "OpenSkies/angular_resolution_and_the_diffraction_limit.md";
  const char *second = "OpenSkies/refractors_and_reflectors.md";
  LecWindow *window = test_window_new ();
  LecNoteView *view = lec_window_get_note_view (window);
  LecFindBar *bar = lec_window_get_find_bar (window);
  gboolean finished = FALSE;
  int x, y;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  open_sample_note (window, first, &finished);
  finished = FALSE;
  lec_window_open_note (window, second);
  wait_for (flag_set, &finished);

  /* A click in the page's margin gives it the keyboard focus. */
  test_input_to_screen (GTK_WIDGET (view), 6, gtk_widget_get_height (GTK_WIDGET (view)) - 6, &x, &y);
  test_input_move (x, y);
  run_for (100);
  test_input_button (1);
  run_for (300);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  test_input_key_with (GDK_KEY_Alt_L, GDK_KEY_Left);
  g_assert_true (shows_path_soon (window, first));
  test_input_key_with (GDK_KEY_Alt_L, GDK_KEY_Right);
  g_assert_true (shows_path_soon (window, second));

  /* The mouse's back (8) and forward (9) buttons, over the page. */
  test_input_button (8);
  g_assert_true (shows_path_soon (window, first));
  test_input_button (9);
  g_assert_true (shows_path_soon (window, second));

  /* Typing in the find bar: Alt+Left still goes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_true (lec_find_bar_is_open (bar));
  run_for (200);
  test_input_key_with (GDK_KEY_Alt_L, GDK_KEY_Left);
  g_assert_true (shows_path_soon (window, first));

  /* And in the search entry, Alt+Right goes forward. */
  gtk_widget_grab_focus (GTK_WIDGET (lec_window_get_search_entry (window)));
  run_for (200);
  test_input_key_with (GDK_KEY_Alt_L, GDK_KEY_Right);
  g_assert_true (shows_path_soon (window, second));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The speed's toast and the speed's button agree after > then <: the
 * toast of the first key does not stay up, queued before the second's.
 * Real keys, through XTest. */
static void
test_rate_toast (void)
{
  LecWindow *window = test_window_new ();
  gboolean finished = FALSE;
  GtkWidget *bar;
  GtkMenuButton *rate;
  gboolean agree = FALSE;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  bar = find_widget_of_type (GTK_WIDGET (window), LEC_TYPE_PLAYER_BAR);
  rate = GTK_MENU_BUTTON (find_widget_of_type (bar, GTK_TYPE_MENU_BUTTON));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (lec_window_get_note_list (window))));
  run_for (200);

  test_input_key_with (GDK_KEY_Shift_L, GDK_KEY_greater);
  run_for (300);
  g_assert_cmpstr (gtk_menu_button_get_label (rate), ==, "1.25×");
  g_assert_cmpuint (count_text (GTK_WIDGET (window), "Speed 1.25×"), ==, 1);
  test_input_key (GDK_KEY_less);
  run_for (100);
  g_assert_cmpstr (gtk_menu_button_get_label (rate), ==, "1×");

  /* Within a second, the only speed said is the button's. */
  for (guint i = 0; i < 20 && !agree; i++)
    {
      run_for (50);
      agree = count_text (GTK_WIDGET (window), "Speed 1×") == 1 &&
              count_text (GTK_WIDGET (window), "Speed 1.25×") == 0;
    }
  g_assert_true (agree);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing of a find stays on the page once Esc closed the bar: no match
 * selected (which showed as a grey box). Real keys, through XTest. */
static void
test_find_leaves_nothing (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  LecFindBar *bar = lec_window_get_find_bar (window);
  gboolean finished = FALSE;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  open_sample_note (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  gtk_editable_set_text (lec_find_bar_get_entry (bar), "Diffraction");
  wait_for (find_status_set, bar);
  run_for (300);
  during = eval_string (view, "getSelection ().toString ()");
  g_test_message ("selected while finding: “%s”", during);

  test_input_key (GDK_KEY_Escape);
  for (guint i = 0; i < 20 && lec_find_bar_is_open (bar); i++)
    run_for (50);
  g_assert_false (lec_find_bar_is_open (bar));
  run_for (300);
  after = eval_string (view, "getSelection ().rangeCount + ' ' + getSelection ().toString ()");
  g_assert_cmpstr (after, ==, "0 ");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long video title in the library is read whole: on two lines rather
 * than cut on one. (Its accessible label, the whole title too, cannot
 * be read back here: GTK 4.8 under GTK_A11Y=none has no AT context.) */
static void
test_long_titles (void)
{
  const char *long_title = "How telescopes gather light, and why the dark night sky puzzled astronomers so long";
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-titles-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *channel = g_strdup_printf ("---\ntitle: Chan\n---\n"
                                              "### [%s](https://www.youtube.com/watch?v=abcdefghijk)\n\n"
                                              "- [[note]]\n", long_title);
  LabelWait shown = { GTK_WIDGET (lec_window_get_note_list (window)), long_title };
  GtkWidget *label;

  test_write_file (dir, "Chan.md", channel);
  test_write_file (dir, "note.md", "---\ntitle: Note\nvideoId: abcdefghijk\n---\nFrom: [[Chan]]\n\nBody.\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  find_note (window, "note.md");
  wait_for (shows_label, &shown);
  run_for (200);

  label = find_widget (shown.widget, is_label_with_text, long_title);
  g_test_message ("title row: %d px wide, %d px high", gtk_widget_get_width (label), gtk_widget_get_height (label));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* The library's selected note, or NULL. */
static char *
dup_selected_note (LecWindow *window)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (lec_window_get_note_list (window)));
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  return LEC_IS_NOTE_INFO (item) ? g_strdup (lec_note_info_get_path (LEC_NOTE_INFO (item))) : NULL;
}

/* While a topic page shows, no note's row is selected in the library;
 * back at the note, its row is again. */
static void
test_topic_unselects (void)
{
  const char *path = "OpenSkies/refractors_and_reflectors.md";
  LecWindow *window = test_window_new ();
  gboolean finished = FALSE;
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  open_sample_note (window, path, &finished);
  g_assert_cmpstr ((before = dup_selected_note (window)), ==, path);

  finished = FALSE;
  lec_window_open_topic (window, "the_electromagnetic_spectrum");
  wait_for (flag_set, &finished);
  g_assert_null ((during = dup_selected_note (window)));

  finished = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  wait_for (flag_set, &finished);
  g_assert_cmpstr ((after = dup_selected_note (window)), ==, path);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The "Not Available Offline" page names the vault's media folder, and a
 * file put there as it says plays. */
static void
test_offline_names_media (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-offline-XXXXXX", NULL);
  g_autofree char *media = g_build_filename (dir, "media", NULL);
  g_autofree char *sample = g_build_filename (g_file_peek_path (samples), "OpenSkies", "lcSkyTel180.webm", NULL);
  g_autofree char *copy = g_build_filename (media, "mdTest12345.webm", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *contents = NULL;
  gsize length;
  AdwStatusPage *page;
  const char *description;

  test_write_file (dir, "talk.md", "---\ntitle: A talk\nvideoId: mdTest12345\n---\n\nA moment.\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  lec_window_open_note (window, "talk.md");
  wait_for (offline_panel_showing, window);
  page = find_status_page (GTK_WIDGET (window), "Not Available Offline");
  description = adw_status_page_get_description (page);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "“mdTest12345.webm”"));
  g_assert_nonnull (strstr (description, "next to the note"));
  g_assert_nonnull (strstr (description, "“media” folder"));

  /* Put there, it plays. */
  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  lec_window_open_note (window, "talk.md");
  wait_for (player_ready, window);
  g_assert_false (offline_panel_showing (window));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* The first visible widget under @widget with CSS class @name. */
static GtkWidget *
find_visible_with_class (GtkWidget  *widget,
                         const char *name)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (gtk_widget_has_css_class (widget, name))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_visible_with_class (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
note_is_open (gpointer data)
{
  const char **wait = data;

  return g_strcmp0 (lec_note_view_get_path (lec_window_get_note_view ((LecWindow *) wait[0])), wait[1]) == 0;
}

/* A search hit shows its video's title and the time of its passage, a
 * button: clicked, it opens the note and plays the video from there. */
static void
test_search_hit_plays (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  GtkListView *results = lec_window_get_search_list (window);
  const char *opened[2] = { (const char *) window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md" };
  GtkWidget *time, *video, *player;
  Reach reach;
  int x, y;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_flush ();
  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (lec_window_get_search_entry (window)),
                                                                        GTK_TYPE_STACK)), "search");
  /* "Airy" is in one note, after its [00:01:35]. */
  gtk_editable_set_text (lec_window_get_search_entry (window), "airy");
  wait_for (search_has_results, results);
  /* The sidebar, folded or not, slides to Search: let it come to rest. */
  adw_flap_set_reveal_flap (ADW_FLAP (find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_FLAP)), TRUE);
  run_for (1000);

  time = find_visible_with_class (GTK_WIDGET (results), "lec-search-time");
  g_assert_nonnull (time);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (time)), ==, "01:35");
  video = gtk_widget_get_next_sibling (time);
  g_assert_true (gtk_widget_get_visible (video));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (video)), ==, "How Telescopes Gather Light");

  test_input_to_screen (time, gtk_widget_get_width (time) / 2, gtk_widget_get_height (time) / 2, &x, &y);
  test_input_move (x, y);
  run_for (100);
  test_input_button (1);
  wait_for (note_is_open, opened);
  wait_for (player_ready, window);
  player = lec_window_get_player (window);
  reach = (Reach) { player, 95.5 };
  wait_for (player_reached, &reach);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkListView *list;
  guint        more_than;
} MoreHits;

static gboolean
search_has_more_than (gpointer data)
{
  MoreHits *wait = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (wait->list))) > wait->more_than;
}

/* A search that finds more notes than a page says how many, and shows the
 * next hits as the reader scrolls to the end of the list. */
static void
test_search_count_and_more (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-many-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GtkListView *results = lec_window_get_search_list (window);
  GtkWidget *count, *scrolled;
  MoreHits wait = { results, 50 };
  int x, y;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      test_remove_tree (dir);
      return;
    }
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *name = g_strdup_printf ("zebra%03u.md", i);
      g_autofree char *body = g_strdup_printf ("# Stripes %u\n\nThe zebra number %u grazes.\n", i, i);

      test_write_file (dir, name, body);
    }
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (lec_window_get_search_entry (window)),
                                                                        GTK_TYPE_STACK)), "search");
  adw_flap_set_reveal_flap (ADW_FLAP (find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_FLAP)), TRUE);
  gtk_editable_set_text (lec_window_get_search_entry (window), "zebra");
  wait_for (search_has_results, results);
  run_for (1000);

  /* The first page, and the count of all. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (results))), ==, 50);
  count = find_visible_with_class (GTK_WIDGET (window), "lec-search-count");
  g_assert_nonnull (count);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "120 notes");

  /* The reader wheels down the list to its end: the next hits come, up
   * to the last. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (results), GTK_TYPE_SCROLLED_WINDOW);
  test_input_to_screen (scrolled, gtk_widget_get_width (scrolled) / 2, gtk_widget_get_height (scrolled) / 2, &x, &y);
  test_input_move (x, y);
  run_for (100);
  for (guint round = 0; round < 3; round++)
    {
      GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (results));

      wait.more_than = g_list_model_get_n_items (model);
      if (wait.more_than >= 120)
        break;
      for (guint i = 0; i < 200 && g_list_model_get_n_items (model) == wait.more_than; i++)
        {
          test_input_button (5);
          run_for (20);
        }
      wait_for (search_has_more_than, &wait);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (results))), ==, 120);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "120 notes");

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static gboolean
title_is (gpointer data)
{
  const char **wait = data;

  return g_strcmp0 (gtk_window_get_title (GTK_WINDOW (wait[0])), wait[1]) == 0;
}

/* A topic with no note is named after its target as the notes write it,
 * capitals kept: in the Topics list and on its page, opened with a real
 * click and Enter. The name follows the links as notes change. */
static void
test_topic_keeps_capitals (void)
{
  LecWindow *window = test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-topics-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  const char *titled[2] = { (const char *) window, "Impact of AI Integration — Lectern" };
  GtkWidget *page, *label;
  LabelWait upper, lower;
  int x, y;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  test_write_file (dir, "a.md", "---\ntitle: A\n---\nSee [[Impact of AI Integration]].\n");
  test_write_file (dir, "b.md", "---\ntitle: B\n---\nSee [[impact of ai integration]].\n");
  test_write_file (dir, "c.md", "---\ntitle: C\n---\nSee [[Impact of AI Integration]].\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  page = find_widget_of_type (GTK_WIDGET (window), LEC_TYPE_TOPICS_PAGE);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (page, GTK_TYPE_STACK)), "topics");
  adw_flap_set_reveal_flap (ADW_FLAP (find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_FLAP)), TRUE);
  run_for (1000);

  /* Two notes of three write it with capitals. */
  upper = (LabelWait) { page, "Impact of AI Integration" };
  wait_for (shows_label, &upper);
  label = find_widget (page, is_label_with_text, upper.text);
  test_input_to_screen (label, gtk_widget_get_width (label) / 2, gtk_widget_get_height (label) / 2, &x, &y);
  test_input_move (x, y);
  run_for (100);
  test_input_button (1);
  run_for (100);
  test_input_key (XK_Return);
  wait_for (title_is, titled);

  /* Only the note in lower case left: the list says it so. */
  {
    g_autofree char *a = g_build_filename (dir, "a.md", NULL);
    g_autofree char *c = g_build_filename (dir, "c.md", NULL);

    g_assert_cmpint (g_unlink (a), ==, 0);
    g_assert_cmpint (g_unlink (c), ==, 0);
  }
  lower = (LabelWait) { page, "Impact of ai integration" };
  wait_for (shows_label, &lower);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* A timestamp's context menu, as WebKit makes it: its items' actions. */
typedef struct
{
  guint    opened;
  gboolean webkit_link_items;  /* WebKit's own Open Link or Copy Link Location */
  gboolean copy;               /* "Copy Link to This Moment" */
  gboolean play;               /* "Play From Here" */
} MomentMenu;

static gboolean
on_moment_menu (WebKitWebView       *view,
                WebKitContextMenu   *menu,
                WebKitHitTestResult *hit,
                MomentMenu          *m)
{
  m->opened++;
  m->webkit_link_items = m->copy = m->play = FALSE;
  for (GList *l = webkit_context_menu_get_items (menu); l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;
      GAction *action = webkit_context_menu_item_get_gaction (item);
      WebKitContextMenuAction stock = webkit_context_menu_item_get_stock_action (item);

      if (stock == WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK || stock == WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD)
        m->webkit_link_items = TRUE;
      else if (action != NULL && g_str_equal (g_action_get_name (action), "copy-moment"))
        m->copy = TRUE;
      else if (action != NULL && g_str_equal (g_action_get_name (action), "play-moment"))
        m->play = TRUE;
    }
  /* Shown: the reader picks an item with its mnemonic. */
  return FALSE;
}

/* The player plays within a few seconds after reach->at_least. */
static gboolean
player_just_after (gpointer data)
{
  Reach *reach = data;
  double time;
  gboolean paused;

  player_state (reach->player, &time, &paused, NULL);
  return !paused && time >= reach->at_least && time < reach->at_least + 4;
}

static gboolean
moment_menu_opened (gpointer data)
{
  MomentMenu *m = data;

  return m->opened > 0;
}

static gboolean
is_shown_menu (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_mapped (widget);
}

/* Waits for a menu of @view to show: keys pressed before it has the
 * keyboard would go to the note ("m" mutes the player). */
static void
wait_for_menu (WebKitWebView *view)
{
  GtkWidget *menu = NULL;

  for (guint i = 0; i < 200 && menu == NULL; i++)
    {
      menu = find_widget (GTK_WIDGET (view), is_shown_menu, NULL);
      run_for (50);
    }
  g_assert_nonnull (menu);
  run_for (200);
}

/* Right-clicks the timestamp whose link is @href with the real pointer;
 * returns once WebKit's menu shows, checked. */
static void
right_click_timestamp (WebKitWebView *view,
                       MomentMenu    *m,
                       const char    *href)
{
  g_autofree char *script = g_strdup_printf ("(() => { const a = document.querySelector ('a.lec-ts[href=\"%s\"]');"
                                             " if (!a) return '';"
                                             " a.scrollIntoView ({ block: 'center' });"
                                             " const r = a.getClientRects ()[0];"
                                             " return Math.round (r.left + r.width / 2) + ' ' + Math.round (r.top + r.height / 2); }) ()",
                                             href);
  g_autofree char *where = NULL;
  int cx, cy, x, y;

  run_for (100);
  where = eval_string (view, script);
  g_assert_cmpint (sscanf (where, "%d %d", &cx, &cy), ==, 2);
  test_input_to_screen (GTK_WIDGET (view), cx, cy, &x, &y);
  /* Moved there, even when the pointer is there already: after a menu
   * closed, the view hears of the pointer again only when it moves. */
  test_input_move (x - 2, y);
  run_for (50);
  test_input_move (x, y);
  run_for (100);
  m->opened = 0;
  test_input_button (3);
  wait_for (moment_menu_opened, m);
  g_assert_true (m->copy);
  g_assert_true (m->play);
  g_assert_false (m->webkit_link_items);
  wait_for_menu (view);
}

/* Gives the timestamp of @seconds the keyboard focus and presses
 * @modifier + @key (Menu, or Shift+F10) on it; returns once our menu
 * shows. */
static void
menu_key_on_timestamp (WebKitWebView *view,
                       guint          seconds,
                       KeySym         modifier,
                       KeySym         key)
{
  g_autofree char *script = g_strdup_printf ("document.querySelector ('a.lec-ts[href=\"lectern-seek:%u\"]').focus (); ''",
                                             seconds);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_free (eval_string (view, script));
  run_for (100);
  test_input_key_with (modifier, key);
  wait_for_menu (view);
}

/* Presses @mnemonic in the open menu; returns the clipboard's text once it
 * is no longer "before". */
static char *
pick_copy (WebKitWebView *view,
           KeySym         mnemonic)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));

  test_input_key (mnemonic);
  for (guint i = 0; i < 100; i++)
    {
      char *text = NULL;

      gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read, &text);
      wait_for (string_set, &text);
      if (!g_str_equal (text, "before"))
        return text;
      g_free (text);
      run_for (50);
    }
  return g_strdup ("before");
}

/* "Copy Link to This Moment" and "Play From Here" in a timestamp's menu,
 * from a right-click and from the keyboard (Menu, Shift+F10), picked by
 * their mnemonics: the YouTube address at that second, or the note's path
 * and the time when it names no YouTube video; and the player plays from
 * there. */
static void
test_moment_menu (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  g_autofree char *dir = g_dir_make_tmp ("lectern-moment-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  MomentMenu m = { 0 };
  gboolean finished = FALSE;
  GtkWidget *player;
  char *text;
  Reach reach;
  gulong id;

  if (!test_input_available ())
    {
      g_test_skip ("No XTest on this display");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  lec_positions_set ("lcSkyTel180", 0);
  lec_positions_flush ();
  player = open_sample_note_with_player (window, "OpenSkies/angular_resolution_and_the_diffraction_limit.md", &finished);
  id = g_signal_connect_after (view, "context-menu", G_CALLBACK (on_moment_menu), &m);

  /* Right-clicked: the moment on YouTube; played from there. */
  gdk_clipboard_set_text (clipboard, "before");
  right_click_timestamp (view, &m, "lectern-seek:106");
  text = pick_copy (view, XK_m);
  g_assert_cmpstr (text, ==, "https://www.youtube.com/watch?v=lcSkyTel180&t=106s");
  g_free (text);
  right_click_timestamp (view, &m, "lectern-seek:106");
  test_input_key (XK_p);
  reach = (Reach) { player, 106.0 };
  wait_for (player_just_after, &reach);

  /* From the keyboard, on a focused timestamp: Menu, then Shift+F10. */
  gdk_clipboard_set_text (clipboard, "before");
  menu_key_on_timestamp (view, 120, 0, XK_Menu);
  text = pick_copy (view, XK_m);
  g_assert_cmpstr (text, ==, "https://www.youtube.com/watch?v=lcSkyTel180&t=120s");
  g_free (text);
  menu_key_on_timestamp (view, 95, XK_Shift_L, XK_F10);
  test_input_key (XK_p);
  reach = (Reach) { player, 95.0 };
  wait_for (player_just_after, &reach);

  /* On a topic page, a mention's timestamp: its own note's video. */
  finished = FALSE;
  lec_window_open_topic (window, "wavelength_of_light");
  wait_for (flag_set, &finished);
  {
    g_autofree char *href = eval_string (view, "document.querySelector ('a.lec-ts[href$=\"@OpenSkies/"
                                               "angular_resolution_and_the_diffraction_limit.md\"]').getAttribute ('href')");
    g_autofree char *expected = g_strdup_printf ("https://www.youtube.com/watch?v=lcSkyTel180&t=%ds",
                                                 atoi (href + strlen ("lectern-seek:")));

    gdk_clipboard_set_text (clipboard, "before");
    right_click_timestamp (view, &m, href);
    text = pick_copy (view, XK_m);
    g_assert_cmpstr (text, ==, expected);
    g_free (text);
  }

  /* A note with no YouTube video: its path and the time, as text. */
  test_write_file (dir, "notes/foo.md",
                   "---\ntitle: Foo\nvideoId: not-an-id\n---\n"
                   "A moment <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.\n");
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  finished = FALSE;
  lec_window_open_note (window, "notes/foo.md");
  wait_for (flag_set, &finished);
  gdk_clipboard_set_text (clipboard, "before");
  right_click_timestamp (view, &m, "lectern-seek:85");
  text = pick_copy (view, XK_m);
  g_assert_cmpstr (text, ==, "notes/foo.md 01:25");
  g_free (text);

  g_signal_handler_disconnect (view, id);
  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* Opening a note selects its row in the library, found through the
 * note's channel and video, for every place a note can be listed: a
 * channel's video, a channel's "Notes", and "Other notes". */
static void
test_library_selects_any_note (void)
{
  static const char * const paths[] = {
    "Chan/with_video.md", "Chan/plain.md", "Loose.md", "Chan/Sub/deeper.md",
  };
  g_autofree char *dir = g_dir_make_tmp ("lectern-select-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  LecWindow *window = test_window_new ();
  gboolean finished = FALSE;

  test_write_file (dir, "Chan/with_video.md", "---\ntitle: With video\nvideoId: abcdefghijk\n---\nText\n");
  test_write_file (dir, "Chan/plain.md", "---\ntitle: Plain\n---\nText\n");
  test_write_file (dir, "Chan/Sub/deeper.md", "---\ntitle: Deeper\nvideoId: abcdefghijk\n---\nText\n");
  test_write_file (dir, "Loose.md", "Nothing but text\n");
  lec_window_open_folder (window, root);
  wait_for (vault_loaded, window);
  g_signal_connect (lec_window_get_note_view (window), "load-changed", G_CALLBACK (on_load_changed), &finished);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *selected = NULL;

      finished = FALSE;
      lec_window_open_note (window, paths[i]);
      wait_for (flag_set, &finished);
      g_assert_cmpstr ((selected = dup_selected_note (window)), ==, paths[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

typedef struct
{
  LecWindow *window;
  gboolean   finished;
  gboolean   player_at_finish;
} PlayerAtFinish;

static void
note_finished_player (WebKitWebView   *view,
                      WebKitLoadEvent  event,
                      PlayerAtFinish  *p)
{
  if (event != WEBKIT_LOAD_FINISHED || p->finished)
    return;
  p->finished = TRUE;
  p->player_at_finish = lec_window_get_player (p->window) != NULL;
}

/* The first video of a window: its room at once, its player (and the
 * player's web process) once the note's page is on the screen. */
static void
test_player_after_page (void)
{
  LecWindow *window = test_window_new ();
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();
  LecPlayerArea *area = LEC_PLAYER_AREA (find_widget_of_type (GTK_WIDGET (window), LEC_TYPE_PLAYER_AREA));
  PlayerAtFinish p = { window, FALSE, FALSE };

  lec_window_open_folder (window, samples);
  wait_for (vault_loaded, window);
  g_signal_connect (lec_window_get_note_view (window), "load-changed", G_CALLBACK (note_finished_player), &p);

  lec_window_open_note (window, "OpenSkies/light_gathering_and_aperture.md");
  g_assert_true (lec_player_area_get_shown (area));
  g_assert_null (lec_window_get_player (window));
  wait_for (flag_set, &p.finished);
  g_assert_false (p.player_at_finish);
  wait_for (player_ready, window);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;

  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-window");
  /* Playing positions start empty on every run (GLib reads this once). */
  state = g_dir_make_tmp ("lectern-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  /* The renderer Lectern itself picks on this machine. */
  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/window/open-sample-note", test_open_sample_note);
  g_test_add_func ("/window/missing-folder", test_missing_folder);
  g_test_add_func ("/window/empty-folder", test_empty_folder);
  g_test_add_func ("/window/live-folder", test_live_folder);
  g_test_add_func ("/window/folder-gone", test_folder_gone);
  g_test_add_func ("/window/later-problem", test_later_problem);
  g_test_add_func ("/window/damaged-index", test_damaged_index);
  g_test_add_func ("/window/topic-page", test_topic_page);
  g_test_add_func ("/window/remote-images", test_remote_images);
  g_test_add_func ("/window/find-in-note", test_find_in_note);
  g_test_add_func ("/window/quick-open", test_quick_open);
  g_test_add_func ("/window/note-panel", test_note_panel);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/note-menu", test_note_menu);
  g_test_add_func ("/window/resume", test_resume);
  g_test_add_func ("/window/player-room-at-once", test_player_room_at_once);
  g_test_add_func ("/window/search-opens-marked", test_search_opens_marked);
  g_test_add_func ("/window/srt-captions", test_srt_captions);
  g_test_add_func ("/window/download-for-offline", test_download_for_offline);
  g_test_add_func ("/window/player-bar", test_player_bar);
  g_test_add_func ("/window/player-sources", test_player_sources);
  g_test_add_func ("/window/swap-videos", test_swap_videos);
  g_test_add_func ("/window/narrow-window", test_narrow_window);
  g_test_add_func ("/window/sidebar-width", test_sidebar_width);
  g_test_add_func ("/window/timestamp-plays", test_timestamp_plays);
  g_test_add_func ("/window/follow-never-fights", test_follow_never_fights);
  g_test_add_func ("/window/seek-past-end", test_seek_past_end);
  g_test_add_func ("/window/history-keys", test_history_keys);
  g_test_add_func ("/window/rate-toast", test_rate_toast);
  g_test_add_func ("/window/find-leaves-nothing", test_find_leaves_nothing);
  g_test_add_func ("/window/long-titles", test_long_titles);
  g_test_add_func ("/window/topic-unselects", test_topic_unselects);
  g_test_add_func ("/window/offline-names-media", test_offline_names_media);
  /* After the test that starts the sample video from its beginning: this
   * one leaves it somewhere else. */
  g_test_add_func ("/window/player-across-notes", test_player_across_notes);
  g_test_add_func ("/window/search-hit-plays", test_search_hit_plays);
  g_test_add_func ("/window/search-count-and-more", test_search_count_and_more);
  g_test_add_func ("/window/topic-keeps-capitals", test_topic_keeps_capitals);
  g_test_add_func ("/window/moment-menu", test_moment_menu);
  g_test_add_func ("/window/library-selects-any-note", test_library_selects_any_note);
  g_test_add_func ("/window/player-after-page", test_player_after_page);

  {
    int ret = g_test_run ();
    g_autofree char *ini = g_build_filename (state, "lectern", "positions.ini", NULL);
    g_autofree char *dir = g_build_filename (state, "lectern", NULL);

    g_unlink (ini);
    g_rmdir (dir);
    g_rmdir (state);
    return ret;
  }
}
