/* webkit-hello.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The start-up baseline of build-aux/bench ui: a bare GTK 4 application
 * whose window holds one WebKitWebView loading a small HTML string. It
 * measures the same span as Lectern's LECTERN_BENCH_STARTUP hook: from
 * the start time in that variable (µs of the wall clock, taken by the
 * script just before it starts the process) to the first frame painted
 * after the first load finished; prints `startup_ms=N` and quits.
 */

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include <stdio.h>

#include "bench-util.h"

static const char page[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Hello</title>"
  "<style>body { font-family: sans-serif; max-width: 40em; margin: 2em auto; }</style>"
  "</head><body><h1>Hello</h1>"
  "<p>A small page, to time how long a bare GTK and WebKit window takes "
  "to show something.</p></body></html>";

static gint64 start_us;

/* With LECTERN_BENCH_MEMORY: a few seconds after the page is in, the
 * memory of this process and of WebKit's, then quit. */
static gboolean
print_memory (gpointer app)
{
  bench_print_memory ();
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, app);
  printf ("startup_ms=%.1f\n", (g_get_real_time () - start_us) / 1000.0);
  fflush (stdout);
  g_application_quit (app);
}

static void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 GApplication    *app)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  g_signal_handlers_disconnect_by_func (view, on_load_changed, app);
  if (g_getenv ("LECTERN_BENCH_MEMORY") != NULL)
    {
      g_timeout_add_seconds (3, print_memory, app);
      return;
    }
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (view)), "after-paint",
                    G_CALLBACK (on_after_paint), app);
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *view = webkit_web_view_new ();

  gtk_window_set_title (GTK_WINDOW (window), "WebKit Hello");
  /* The size Lectern's window opens at. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), app);
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (view), page, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;
  const char *start = g_getenv ("LECTERN_BENCH_STARTUP");

  if (g_getenv ("LECTERN_BENCH_MEMORY") == NULL &&
      (start == NULL || (start_us = g_ascii_strtoll (start, NULL, 10)) <= 0))
    {
      fprintf (stderr, "webkit-hello: set LECTERN_BENCH_STARTUP to the start time in µs "
                       "(e.g. ${EPOCHREALTIME/./})\n");
      return 1;
    }

  app = gtk_application_new ("io.github.lectern.WebKitHello", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
