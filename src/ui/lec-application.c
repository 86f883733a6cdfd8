/* lec-application.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-application"

#include "config.h"

#include "lec-application.h"
#include "lec-open-path.h"
#include "lec-search-provider.h"
#include "lec-window.h"

#include <glib/gi18n.h>
#include <stdio.h>

struct _LecApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  LecSearchProvider *search_provider;
  GQueue          to_open;   /* GFile: asked to open, not yet looked at */
  gboolean        resolving; /* one of them is looked at on a thread */
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
bench_print_since_start (const char *what)
{
  printf ("startup_%s_ms=%.1f\n", what, (g_get_real_time () - bench_start_us) / 1000.0);
}

static void
bench_on_load_changed (LecNoteView     *view,
                       WebKitLoadEvent  event,
                       GApplication    *app)
{
  /* Where the time went, for people reading the run. */
  if (lec_note_view_get_path (view) != NULL && event == WEBKIT_LOAD_STARTED)
    bench_print_since_start ("note_started");
  if (lec_note_view_get_path (view) != NULL && event == WEBKIT_LOAD_COMMITTED)
    bench_print_since_start ("note_committed");
  if (event != WEBKIT_LOAD_FINISHED || lec_note_view_get_path (view) == NULL)
    return;
  bench_print_since_start ("note_finished");
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
  bench_print_since_start ("window");
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

/* What a path asked to open turned out to be. */
typedef struct
{
  char *folder;
  char *note;   /* relative to the folder; NULL: the folder itself */
} OpenTarget;

static void
open_target_free (OpenTarget *target)
{
  g_free (target->folder);
  g_free (target->note);
  g_free (target);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenTarget, open_target_free)

/* The window for @folder: the one that shows it already, else one that
 * shows no folder yet, else a new one. Lectern shows one folder per
 * window. */
static LecWindow *
window_for_folder (LecApplication *self,
                   GFile          *folder)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
  LecWindow *window;

  for (GList *l = windows; l != NULL; l = l->next)
    if (LEC_IS_WINDOW (l->data) && lec_window_shows_folder (l->data, folder))
      return l->data;
  for (GList *l = windows; l != NULL; l = l->next)
    if (LEC_IS_WINDOW (l->data) && lec_window_get_vault (l->data) == NULL)
      return l->data;

  window = lec_window_new (GTK_APPLICATION (self));
  bench_watch_startup (self, window);
  return window;
}

/* Files' "Open With" on a picture, a path gone: said over the window the
 * reader sees, which opens (on the last folder) if there was none. */
static void
say_cannot_open (LecApplication *self,
                 GFile          *file,
                 const GError   *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = name != NULL ? g_filename_display_name (name) : g_file_get_uri (file);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  lec_application_activate (G_APPLICATION (self));
  /* Translators: %s is a file's name, such as "diagram.png" */
  heading = g_strdup_printf (_("Cannot Open “%s”"), display);
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void resolve_next (LecApplication *self);

static void
resolve_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LecApplication *self = LEC_APPLICATION (object);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  OpenTarget *target = g_task_propagate_pointer (G_TASK (result), &error);

  if (target == NULL)
    say_cannot_open (self, file, error);
  else
    {
      g_autoptr(GFile) folder = g_file_new_for_path (target->folder);
      LecWindow *window = window_for_folder (self, folder);

      lec_window_open_folder_at (window, folder, target->note);
      gtk_window_present (GTK_WINDOW (window));
      open_target_free (target);
    }

  self->resolving = FALSE;
  resolve_next (self);
  g_application_release (G_APPLICATION (self));
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  g_autoptr(OpenTarget) target = g_new0 (OpenTarget, 1);
  GError *error = NULL;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (task_data);

      /* Translators: %s is an address, such as "https://example.com/notes.md" */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Lectern opens notes on this computer only, not %s"), uri);
      return;
    }
  if (!lec_open_path_resolve (path, &target->folder, &target->note, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&target), (GDestroyNotify) open_target_free);
}

/* Looking at a path (which folder holds .obsidian/) is blocking I/O, so it
 * runs on a thread; one path at a time, so that what is asked first opens
 * first. */
static void
resolve_next (LecApplication *self)
{
  g_autoptr(GTask) task = NULL;
  GFile *file;

  if (self->resolving || (file = g_queue_pop_head (&self->to_open)) == NULL)
    return;
  self->resolving = TRUE;
  task = g_task_new (self, NULL, resolve_done, NULL);
  g_task_set_source_tag (task, resolve_next);
  g_task_set_task_data (task, file, g_object_unref);
  g_task_run_in_thread (task, resolve_thread);
}

/* `lectern FOLDER`, `lectern NOTE.md`, Files' "Open With", whether this
 * process is the first one or another one forwarded the paths to it over
 * D-Bus. */
static void
lec_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  LecApplication *self = LEC_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      /* Released once it is open: the app stays up till then. */
      g_application_hold (app);
      g_queue_push_tail (&self->to_open, g_object_ref (files[i]));
    }
  resolve_next (self);
}

/* --- GNOME Shell's search ----------------------------------------------------- */

static void
on_search_open_note (LecApplication    *self,
                     GFile             *folder,
                     const char        *path,
                     guint              timestamp,
                     LecSearchProvider *provider)
{
  LecWindow *window = window_for_folder (self, folder);

  lec_window_open_folder_at (window, folder, path);
  gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

static void
on_search_open_topic (LecApplication    *self,
                      GFile             *folder,
                      const char        *key,
                      guint              timestamp,
                      LecSearchProvider *provider)
{
  LecWindow *window = window_for_folder (self, folder);

  lec_window_open_folder_at_topic (window, folder, key);
  gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

/* The Shell's "search in Lectern": the sidebar's search, on the folder
 * the Shell searched (or, before any, the one Lectern starts on). */
static void
on_search_launch (LecApplication    *self,
                  GFile             *folder,
                  const char        *words,
                  guint              timestamp,
                  LecSearchProvider *provider)
{
  g_autoptr(GFile) start = folder != NULL ? g_object_ref (folder) : dup_start_folder (self);
  LecWindow *window = window_for_folder (self, start);

  lec_window_search_folder (window, start, words);
  gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

/* The search provider lives on the app's connection, beside the app's own
 * object, as the Shell's `.ini` file says (data/meson.build). */
static gboolean
lec_application_dbus_register (GApplication     *app,
                               GDBusConnection  *connection,
                               const char       *object_path,
                               GError          **error)
{
  LecApplication *self = LEC_APPLICATION (app);
  g_autofree char *path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (lec_application_parent_class)->dbus_register (app, connection, object_path, error) ||
      !lec_search_provider_export (self->search_provider, connection, path, error))
    return FALSE;
  /* Started by the bus, most likely for the Shell's search. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    lec_search_provider_warm (self->search_provider);
  return TRUE;
}

static void
lec_application_dbus_unregister (GApplication    *app,
                                 GDBusConnection *connection,
                                 const char      *object_path)
{
  LecApplication *self = LEC_APPLICATION (app);

  lec_search_provider_unexport (self->search_provider);
  G_APPLICATION_CLASS (lec_application_parent_class)->dbus_unregister (app, connection, object_path);
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

  g_clear_object (&self->search_provider);
  g_clear_object (&self->settings);
  g_queue_clear_full (&self->to_open, g_object_unref);

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

/* `lectern PATH` in a terminal: a path that cannot open is said there
 * too, and not only in a dialog of the Lectern that already runs, which
 * may be on another workspace. The paths go on as they are (that
 * Lectern shows the dialog). */
static gboolean
lec_application_local_command_line (GApplication   *app,
                                    char         ***arguments,
                                    int            *exit_status)
{
  for (guint i = 1; (*arguments)[i] != NULL; i++)
    {
      const char *arg = (*arguments)[i];
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *note = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_equal (arg, "--"))
        continue;
      if (arg[0] == '-')
        continue;
      file = g_file_new_for_commandline_arg (arg);
      path = g_file_get_path (file);
      if (path != NULL && !lec_open_path_resolve (path, &folder, &note, &error))
        g_printerr ("lectern: %s\n", error->message);
    }
  return G_APPLICATION_CLASS (lec_application_parent_class)->local_command_line (app, arguments, exit_status);
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
  app_class->local_command_line = lec_application_local_command_line;
  app_class->dbus_register = lec_application_dbus_register;
  app_class->dbus_unregister = lec_application_dbus_unregister;
}

static void
lec_application_init (LecApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (SCHEMA_ID);
  self->search_provider = lec_search_provider_new (G_APPLICATION (self), self->settings);
  g_signal_connect_object (self->search_provider, "open-note", G_CALLBACK (on_search_open_note), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_provider, "open-topic", G_CALLBACK (on_search_open_topic), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_provider, "search", G_CALLBACK (on_search_launch), self,
                           G_CONNECT_SWAPPED);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FOLDER|NOTE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open a folder of study notes, or a note in the folder "
                                              "it belongs to. Without one, Lectern reopens the last "
                                              "folder, or its sample notes. When Lectern is "
                                              "running, it opens them there."));
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
