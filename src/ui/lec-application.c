/* lec-application.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-application"

#include "config.h"

#include "lec-application.h"
#include "lec-window.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _LecApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LecApplication, lec_application, ADW_TYPE_APPLICATION)

/**
 * lec_application_dup_sample_notes:
 *
 * The notes bundled with Lectern. `LECTERN_SAMPLE_NOTES_DIR` points an
 * uninstalled build (build-aux/dev, the tests) at the source tree's copy.
 */
GFile *
lec_application_dup_sample_notes (void)
{
  const char *dir = g_getenv ("LECTERN_SAMPLE_NOTES_DIR");

  return g_file_new_for_path (dir != NULL && *dir != '\0' ? dir : SAMPLE_NOTES_DIR);
}

/* For build-aux/bench ui only: with `LECTERN_BENCH_STARTUP` set to the
 * wall-clock time (µs) the process was started at, Lectern prints
 * `startup_ms=N` once the first note has loaded and the frame after it is
 * painted, then quits. bench/webkit-hello.c measures its baseline the same
 * way. */
static gint64 bench_start_us;

static void
bench_on_after_paint (GdkFrameClock *clock,
                      GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, bench_on_after_paint, app);
  printf ("startup_ms=%.1f\n", (g_get_real_time () - bench_start_us) / 1000.0);
  fflush (stdout);
  g_application_quit (app);
}

static void
bench_on_load_changed (LecNoteView     *view,
                       WebKitLoadEvent  event,
                       GApplication    *app)
{
  if (event != WEBKIT_LOAD_FINISHED || lec_note_view_get_path (view) == NULL)
    return;
  g_signal_handlers_disconnect_by_func (view, bench_on_load_changed, app);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (view)), "after-paint",
                    G_CALLBACK (bench_on_after_paint), app);
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

static void
bench_watch_startup (LecApplication *self,
                     LecWindow      *window)
{
  const char *start = g_getenv ("LECTERN_BENCH_STARTUP");

  if (start == NULL || (bench_start_us = g_ascii_strtoll (start, NULL, 10)) <= 0)
    return;
  g_signal_connect (lec_window_get_note_view (window), "load-changed",
                    G_CALLBACK (bench_on_load_changed), self);
}

/**
 * lec_application_has_gpu:
 *
 * Whether the machine has a GPU to render with: a DRI render node.
 */
gboolean
lec_application_has_gpu (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/**
 * lec_application_choose_renderer:
 *
 * GTK 4.8 draws with OpenGL. Without a GPU (no render node: a VM, a
 * container, a virtual display) that OpenGL is software, and GTK's cairo
 * renderer draws Lectern's widgets faster: here a note switch took 67 ms
 * over software OpenGL and 37 ms with cairo (build-aux/bench ui). Unless the user chose a renderer
 * (GSK_RENDERER), cairo is used then. Call before GTK starts, while the
 * program has one thread.
 */
void
lec_application_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || lec_application_has_gpu ())
    return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

static LecWindow *
get_or_create_window (LecApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (lec_window_new (GTK_APPLICATION (self)));
      bench_watch_startup (self, LEC_WINDOW (window));
    }
  return LEC_WINDOW (window);
}

/* Without a folder on the command line Lectern reopens the last folder, or
 * the bundled sample notes on first run. */
static GFile *
dup_start_folder (LecApplication *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-folder");

  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);

  return lec_application_dup_sample_notes ();
}

static void
lec_application_activate (GApplication *app)
{
  LecApplication *self = LEC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autoptr(GFile) folder = dup_start_folder (self);
      LecWindow *new_window = get_or_create_window (self);

      lec_window_resume_folder (new_window, folder);
      window = GTK_WINDOW (new_window);
    }

  gtk_window_present (window);
}

static void
lec_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  LecWindow *window = get_or_create_window (LEC_APPLICATION (app));

  /* Lectern shows one folder per window; the first one given wins. */
  lec_window_resume_folder (window, files[0]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Lectern authors", NULL };
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Lectern"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Lectern authors"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/lectern/lectern",
                         "issue-url", "https://github.com/lectern/lectern/issues",
                         "comments", _("Read study notes made from videos and podcasts, "
                                       "with every timestamp a button that plays the moment it comes from."),
                         "developers", developers,
                         /* Translators: Replace "translator-credits" with your names, one name per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Lectern authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Closing through close-request lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
lec_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (lec_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
lec_application_dispose (GObject *object)
{
  LecApplication *self = (LecApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lec_application_parent_class)->dispose (object);
}

static int
lec_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("lectern %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
lec_application_class_init (LecApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = lec_application_dispose;
  app_class->activate = lec_application_activate;
  app_class->open = lec_application_open;
  app_class->startup = lec_application_startup;
  app_class->handle_local_options = lec_application_handle_local_options;
}

static void
lec_application_init (LecApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (SCHEMA_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FOLDER]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open a folder of study notes. Without a folder, "
                                              "Lectern reopens the last one, or its sample notes."));
}

LecApplication *
lec_application_new (void)
{
  LecApplication *app = g_object_new (LEC_TYPE_APPLICATION,
                                      "application-id", APP_ID,
                                      "flags", G_APPLICATION_HANDLES_OPEN,
                                      "resource-base-path", RESOURCE_BASE,
                                      NULL);
  return app;
}
