/* bench-ui.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a folder in a real LecWindow and switches between its notes the way
 * a click on a library row does, timing each switch from the activation to
 * the note view's load-changed FINISHED. Prints the median and p90 over
 * every note and several rounds, and where the time goes (the view's
 * STARTED and COMMITTED events). Leaves the folder's last note set to its
 * first note, so a later `lectern DIR` resumes there.
 *
 * Run by build-aux/bench ui under Xvfb with the tests' environment.
 */

#include "config.h"

#include "bench-util.h"
#include "lec-note-info.h"
#include "lec-player.h"
#include "lec-positions.h"
#include "lec-application.h"
#include "lec-window.h"

#include <gdk/x11/gdkx.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Above this many notes, an evenly spread sample of them is timed. */
#define MAX_NOTES 300

/* The moments of one switch, in µs of the monotonic clock. */
typedef struct
{
  gint64 clicked;
  gint64 started;
  gint64 committed;
  gint64 finished;
} Switch;

typedef gboolean (*Condition) (gpointer data);

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; gives up after @seconds. */
static void
wait_for (Condition   condition,
          gpointer    data,
          guint       seconds,
          const char *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, set_flag, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("bench-ui: waited %u s in vain for %s", seconds, what);
  g_source_remove (id);
}

/* Lets the main loop run for @ms, as the pause between two clicks. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
vault_loaded (gpointer data)
{
  LecVault *vault = lec_window_get_vault (data);

  return vault != NULL && lec_vault_get_loaded (vault);
}

static GListModel *
library_rows (LecWindow *window)
{
  return G_LIST_MODEL (gtk_list_view_get_model (lec_window_get_note_list (window)));
}

/* Opens every channel and video of the library tree. Children come right
 * after their row, so one pass reaches every level. */
static void
expand_all (LecWindow *window)
{
  GListModel *rows = library_rows (window);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);

      if (gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/* The paths of the library's notes, in the order the library shows them. */
static GPtrArray *
collect_notes (LecWindow *window)
{
  GListModel *rows = library_rows (window);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (LEC_IS_NOTE_INFO (item))
        g_ptr_array_add (paths, g_strdup (lec_note_info_get_path (LEC_NOTE_INFO (item))));
    }
  return paths;
}

typedef gboolean (*NoteTest) (LecNoteInfo *info,
                              gconstpointer data);

/* The row of the library's first note that passes @test, opening only
 * the channel and video rows on the way to it, as a reader does. */
static guint
find_first (LecWindow     *window,
            NoteTest       test,
            gconstpointer  data,
            LecNoteInfo  **found)
{
  GListModel *rows = library_rows (window);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (LEC_IS_NOTE_INFO (item) && test (LEC_NOTE_INFO (item), data))
        {
          if (found != NULL)
            *found = g_object_ref (LEC_NOTE_INFO (item));
          return i;
        }
      if (gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  g_error ("bench-ui: no note of the library fits");
}

static gboolean
has_path (LecNoteInfo   *info,
          gconstpointer  path)
{
  return g_str_equal (lec_note_info_get_path (info), path);
}

/* The row showing the note at @path; looked up each time, with every
 * channel and video open, since opening a note may change which rows are
 * expanded. */
static guint
find_row (LecWindow  *window,
          const char *path)
{
  expand_all (window);
  return find_first (window, has_path, path, NULL);
}

static gboolean
any_note (LecNoteInfo   *info,
          gconstpointer  data)
{
  return TRUE;
}

static gboolean
has_video (LecNoteInfo   *info,
           gconstpointer  data)
{
  return lec_note_info_get_video_id (info) != NULL;
}

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 Switch          *sw)
{
  gint64 now = g_get_monotonic_time ();

  if (event == WEBKIT_LOAD_STARTED)
    sw->started = now;
  else if (event == WEBKIT_LOAD_COMMITTED)
    sw->committed = now;
  else if (event == WEBKIT_LOAD_FINISHED)
    sw->finished = now;
}

static gboolean
switch_finished (gpointer data)
{
  return ((Switch *) data)->finished != 0;
}

/* Clicks the row of @path and returns the moments of the switch. */
static Switch
switch_to (LecWindow  *window,
           const char *path)
{
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  guint position = find_row (window, path);
  Switch sw = { 0 };
  gulong handler;

  /* A click is on a row in view: the list is scrolled there first, and
   * its rows made, as a reader scrolls to it before clicking. */
  if (!gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)),
                                   "list.scroll-to-item", "u", position))
    g_error ("bench-ui: the library's list.scroll-to-item failed");
  settle (100);

  handler = g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &sw);
  sw.clicked = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)),
                                   "list.activate-item", "u", position))
    g_error ("bench-ui: the library's list.activate-item failed");

  wait_for (switch_finished, &sw, 30, path);
  g_signal_handler_disconnect (view, handler);
  return sw;
}

/* How many pixels of @widget's area on the screen are dark enough to be
 * text on the light page: read back from the X server, so what counts is
 * what a person would see, not what the web process says it drew. */
static guint
dark_pixels (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *display = gdk_x11_display_get_xdisplay (GDK_X11_DISPLAY (gtk_widget_get_display (widget)));
  graphene_rect_t bounds;
  double sx, sy;
  XImage *image;
  guint dark = 0;
  int w, h;

  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds))
    return 0;
  gtk_native_get_surface_transform (native, &sx, &sy);
  w = MIN ((int) bounds.size.width, 2000);
  h = MIN ((int) bounds.size.height, 2000);
  if (w <= 0 || h <= 0)
    return 0;
  image = XGetImage (display, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                     (int) (sx + bounds.origin.x), (int) (sy + bounds.origin.y), w, h,
                     AllPlanes, ZPixmap);
  if (image == NULL)
    return 0;
  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2)
      {
        unsigned long p = XGetPixel (image, x, y);
        guint luma = (((p >> 16) & 0xff) * 3 + ((p >> 8) & 0xff) * 6 + (p & 0xff)) / 10;

        dark += luma < 96;
      }
  XDestroyImage (image);
  return dark;
}

typedef struct
{
  GtkWidget *view;
  gint64     painted;
} Paint;

static void
on_after_paint (GdkFrameClock *clock,
                Paint         *paint)
{
  /* The title alone is a few hundred dark pixels (every second one is
   * read); a blank or half-drawn page has none. */
  if (paint->painted == 0 && dark_pixels (paint->view) > 200)
    paint->painted = g_get_monotonic_time ();
}

static gboolean
text_painted (gpointer data)
{
  return ((Paint *) data)->painted != 0;
}

/* The web process's frames reach the window on their own; this makes sure
 * the screen is read again even when no frame of the window comes. */
static gboolean
poll_paint (gpointer data)
{
  Paint *paint = data;

  on_after_paint (NULL, paint);
  return G_SOURCE_CONTINUE;
}

/* A fresh start's first note: from a click on the library's first note,
 * as soon as the library shows, to its text on the screen. */
static double
first_note_paint (LecWindow  *window,
                  const char *path)
{
  Paint paint = { GTK_WIDGET (lec_window_get_note_view (window)), 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint position = find_first (window, has_path, path, NULL);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &paint);
  guint poll = g_timeout_add (10, poll_paint, &paint);
  Switch sw = { 0 };
  gulong loads = g_signal_connect (paint.view, "load-changed", G_CALLBACK (on_load_changed), &sw);

  sw.clicked = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (GTK_WIDGET (lec_window_get_note_list (window)),
                                   "list.activate-item", "u", position))
    g_error ("bench-ui: the library's list.activate-item failed");
  wait_for (text_painted, &paint, 30, "the first note's text on the screen");
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (paint.view, loads);
  g_source_remove (poll);
  /* Where the time went: the page's own load, then its first frame. */
  printf ("first_note_commit_ms=%.1f\n", (sw.committed - sw.clicked) / 1000.0);
  printf ("first_note_finish_ms=%.1f\n", (sw.finished - sw.clicked) / 1000.0);
  return (paint.painted - sw.clicked) / 1000.0;
}

static gboolean
player_ready_to_play (gpointer data)
{
  LecPlayer *player = (LecPlayer *) lec_window_get_player (data);

  return player != NULL && lec_player_get_duration (player) > 0;
}

static gboolean
player_playing (gpointer data)
{
  LecPlayer *player = (LecPlayer *) lec_window_get_player (data);

  return player != NULL && lec_player_get_playing (player) && lec_player_get_time (player) > 2.0;
}

/* The memory of Lectern at work: @dir open, and a note of it playing its
 * video from @media, given to Lectern as that video's file in the user's
 * media folder (never written into @dir). */
static void
measure_memory (LecWindow  *window,
                const char *media)
{
  g_autoptr(LecNoteInfo) info = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "lectern", "media", NULL);
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  find_first (window, has_video, NULL, &info);
  target = g_strdup_printf ("%s/%s%s", folder, lec_note_info_get_video_id (info), strrchr (media, '.'));
  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_get_contents (media, &contents, &length, &error) ||
      !g_file_set_contents (target, contents, length, &error))
    g_error ("bench-ui: cannot put the media in place: %s", error != NULL ? error->message : g_strerror (errno));

  lec_window_open_note (window, lec_note_info_get_path (info));
  wait_for (player_ready_to_play, window, 30, "the player");
  gtk_widget_activate_action (GTK_WIDGET (window), "player.toggle", NULL);
  wait_for (player_playing, window, 30, "the video to play");
  /* What a few more seconds of play and the page's own work settle to. */
  settle (3000);
  printf ("memory_note=%s\n", lec_note_info_get_path (info));
  bench_print_memory ();
}

/* The @percent percentile of @values, by nearest rank; sorts @values. */
static double
percentile (GArray *values,
            guint   percent)
{
  guint rank = (values->len * percent + 99) / 100;

  g_assert (values->len > 0);
  g_array_sort (values, bench_compare_doubles);
  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

static double
median (GArray *values)
{
  g_array_sort (values, bench_compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static void
add_ms (GArray *values,
        gint64  from,
        gint64  to)
{
  double ms = (to - from) / 1000.0;

  if (from != 0 && to != 0)
    g_array_append_val (values, ms);
}

/* At most MAX_NOTES of @all, spread evenly over the library. */
static GPtrArray *
pick_notes (GPtrArray *all)
{
  GPtrArray *picked = g_ptr_array_new ();
  guint step = MAX (1, (all->len + MAX_NOTES - 1) / MAX_NOTES);

  for (guint i = 0; i < all->len; i += step)
    g_ptr_array_add (picked, all->pdata[i]);
  return picked;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) timed = NULL;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_commit = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_finish = g_array_new (FALSE, FALSE, sizeof (double));
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5;
  LecWindow *window;

  gboolean first_paint = argc > 1 && g_str_equal (argv[1], "--first-paint");
  const char *media = NULL;

  if (argc > 2 && g_str_equal (argv[1], "--memory"))
    media = argv[2], argv += 2, argc -= 2;
  if (first_paint)
    argv++, argc--;
  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-ui [--first-paint | --memory MEDIA] DIR [ROUNDS]\n");
      return 1;
    }

  /* WebKit builds its data path from the program name. */
  g_set_prgname ("bench-ui");
  /* As Lectern itself does. */
  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  window = lec_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));

  folder = g_file_new_for_commandline_arg (argv[1]);
  lec_window_open_folder (window, folder);
  /* A big vault's first index can take minutes. */
  wait_for (vault_loaded, window, 600, "the folder to load");

  if (media != NULL)
    {
      measure_memory (window, media);
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  if (first_paint)
    {
      g_autoptr(LecNoteInfo) first = NULL;

      find_first (window, any_note, NULL, &first);
      settle (100);
      printf ("first_note_paint_ms=%.1f\n", first_note_paint (window, lec_note_info_get_path (first)));
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  expand_all (window);
  notes = collect_notes (window);
  if (notes->len < 2)
    g_error ("bench-ui: %s needs at least two notes", argv[1]);
  timed = pick_notes (notes);

  /* The first load starts the web process: not a switch a reader waits
   * for twice, so it is not counted. */
  switch_to (window, notes->pdata[notes->len - 1]);
  settle (200);

  for (guint r = 0; r < MAX (rounds, 1); r++)
    for (guint i = 0; i < timed->len; i++)
      {
        Switch sw = switch_to (window, timed->pdata[i]);

        add_ms (total, sw.clicked, sw.finished);
        add_ms (to_commit, sw.clicked, sw.committed);
        add_ms (to_finish, sw.committed, sw.finished);
        /* A reader's next click comes after the page's own follow-up work
         * (the frames that show it, scroll restore, outline), which is not
         * the next switch's to pay for. */
        settle (100);
      }

  /* Where `lectern DIR` resumes: the library's first note. */
  switch_to (window, notes->pdata[0]);
  settle (100);
  lec_positions_flush ();

  /* Under Xvfb GTK's GL renderer draws with llvmpipe, in software: its
   * frames take the main thread's time, and so part of every switch. */
  printf ("gsk_renderer=%s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  printf ("notes=%u\n", notes->len);
  printf ("notes_timed=%u\n", timed->len);
  printf ("switches=%u\n", total->len);
  printf ("resume_note=%s\n", (const char *) notes->pdata[0]);
  printf ("note_switch_click_to_commit_median_ms=%.1f\n", median (to_commit));
  printf ("note_switch_commit_to_finish_median_ms=%.1f\n", median (to_finish));
  printf ("note_switch_p90_ms=%.1f\n", percentile (total, 90));
  printf ("note_switch_median_ms=%.1f\n", median (total));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
