/* lec-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-window"

#include "config.h"

#include "lec-window.h"
#include "lec-window-private.h"
#include "lec-note-info.h"
#include "lec-open-path.h"
#include "lec-positions.h"
#include "lec-timestamp.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (LecWindow, lec_window, ADW_TYPE_APPLICATION_WINDOW)

static char *reading_key (LecWindow  *self,
                          const char *path);
static LecNoteInfo *find_note_info (LecWindow  *self,
                                    const char *path);

static void
save_window_state (LecWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
lec_window_close_request (GtkWindow *window)
{
  save_window_state (LEC_WINDOW (window));
  lec_player_area_save_position (LEC_WINDOW (window)->player_area);
  lec_positions_flush ();

  return GTK_WINDOW_CLASS (lec_window_parent_class)->close_request (window);
}

void
_lec_window_show_toast (LecWindow  *self,
                        const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
set_note_title (LecWindow  *self,
                const char *title,
                const char *subtitle)
{
  g_autofree char *window_title = NULL;

  adw_window_title_set_title (self->note_title, title ? title : "");
  adw_window_title_set_subtitle (self->note_title, subtitle ? subtitle : "");

  /* Translators: the window title: a note's title, then the app's name. */
  window_title = title ? g_strdup_printf (_("%s — Lectern"), title) : g_strdup (_("Lectern"));
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_pulse (LecWindow *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
show_vault_error (LecWindow    *self,
                  const GError *error)
{
  stop_pulse (self);
  gtk_spinner_stop (self->spinner);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
  adw_status_page_set_title (self->sidebar_status, _("No Notes"));
  adw_status_page_set_description (self->sidebar_status, NULL);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
  set_note_title (self, NULL, NULL);
}

/* What could not be read (at the load, or a note changed since), said
 * once: each problem is told of one time while the folder is open. */
static void
say_new_problems (LecWindow *self)
{
  GPtrArray *problems = lec_vault_get_problems (self->vault);
  g_autofree char *message = NULL;
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (g_hash_table_add (self->problems_said, g_strdup (problems->pdata[i])))
      {
        g_message ("%s", (const char *) problems->pdata[i]);
        n++;
      }
  if (n == 0)
    return;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u file could not be read fully",
                                          "%u files could not be read fully",
                                          n),
                             n);
  _lec_window_show_toast (self, message);
}

static void resume_last_note (LecWindow *self);
static void show_around      (LecWindow *self);
static void show_around_page_in (LecWindow *self,
                                 gboolean   ours);

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LecVault *vault = LEC_VAULT (object);
  g_autoptr(LecWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lec_vault_load_finish (vault, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && vault == self->vault)
        show_vault_error (self, error);
      return;
    }

  if (vault != self->vault)
    return;

  stop_pulse (self);
  gtk_spinner_stop (self->spinner);

  {
    g_autofree char *path = g_file_get_path (lec_vault_get_root (vault));

    /* A note Files shares with the Flatpak opens in the document
     * portal's folder for it, which may be gone after this session: the
     * folder to reopen next time stays the last one the user chose. */
    if (path != NULL && !lec_open_path_is_portal_share (path))
      g_settings_set_string (self->settings, "last-folder", path);
  }

  if (g_list_model_get_n_items (lec_vault_get_notes (vault)) == 0)
    {
      adw_status_page_set_title (self->sidebar_status, _("No Notes Here"));
      adw_status_page_set_description (self->sidebar_status,
                                       _("This folder has no markdown (.md) notes."));
      gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "notes");

  /* A note opened before the library was there is selected in it now. */
  if (lec_note_view_get_path (self->note_view) != NULL)
    lec_library_page_select_note (self->library_page, lec_note_view_get_path (self->note_view));
  else
    resume_last_note (self);

  say_new_problems (self);
}

/* Back where the reader left this folder, when asked to resume: as soon
 * as the vault can show its notes, before the library is made. */
static void
resume_last_note (LecWindow *self)
{
  g_autofree char *root = NULL;
  g_autofree char *last = NULL;
  g_autoptr(LecNoteInfo) info = NULL;

  if (!self->resume_note || !lec_vault_get_readable (self->vault))
    return;
  self->resume_note = FALSE;
  /* A note asked for from outside (lectern NOTE.md) opens even when it is
   * not among the vault's notes (in a hidden folder, say). */
  if (self->start_note != NULL)
    {
      g_autofree char *note = g_steal_pointer (&self->start_note);

      lec_window_open_note (self, note);
      return;
    }
  if (self->start_topic != NULL)
    {
      g_autofree char *key = g_steal_pointer (&self->start_topic);

      lec_window_open_topic (self, key);
      return;
    }
  root = g_file_get_path (lec_vault_get_root (self->vault));
  last = root != NULL ? lec_positions_get_string_in ("last-note", root) : NULL;
  info = last != NULL ? find_note_info (self, last) : NULL;
  /* Something was opened meanwhile. */
  if (lec_note_view_get_path (self->note_view) != NULL || lec_note_view_get_topic (self->note_view) != NULL)
    return;
  if (info != NULL)
    lec_window_open_note (self, last);
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "welcome");
      lec_vault_first_note_shown (self->vault);
    }
}

/* "Reading notes…" with "2,500 of 25,000 notes" on the bar; once every
 * note is read, "Linking notes…" while the rest of the work (a few
 * seconds in a big vault) goes on, the bar pulsing. */
static void
on_vault_progress (LecWindow *self)
{
  guint done, total;

  lec_vault_get_progress_counts (self->vault, &done, &total);
  if (total > 0 && done >= total)
    {
      gtk_label_set_text (self->progress_label, _("Linking notes…"));
      gtk_progress_bar_set_text (self->progress_bar, NULL);
      gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
      if (self->pulse_id == 0)
        {
          gtk_progress_bar_set_pulse_step (self->progress_bar, 0.1);
          self->pulse_id = g_timeout_add (100, pulse_cb, self->progress_bar);
        }
      return;
    }

  stop_pulse (self);
  gtk_label_set_text (self->progress_label, _("Reading notes…"));
  gtk_progress_bar_set_fraction (self->progress_bar, lec_vault_get_progress (self->vault));
  if (total > 0)
    {
      /* Translators: indexing progress, "2,500 of 25,000 notes". */
      g_autofree char *text = g_strdup_printf (ngettext ("%'u of %'u note", "%'u of %'u notes", total),
                                               done, total);

      gtk_progress_bar_set_text (self->progress_bar, text);
      gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
    }
  else
    gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
}

/* "The index was rebuilt", "checking for changes every 3 s": said once.
 * A folder gone has a toast of its own (on_vault_missing()). */
static void
on_vault_notice (LecWindow *self)
{
  const char *notice = lec_vault_get_notice (self->vault);

  if (notice != NULL && !lec_vault_get_missing (self->vault))
    _lec_window_show_toast (self, notice);
}

static void
dismiss_missing_toast (LecWindow *self)
{
  if (self->missing_toast != NULL)
    adw_toast_dismiss (self->missing_toast);
  g_clear_object (&self->missing_toast);
}

/* The folder removed, renamed or unmounted while open: what was listed
 * stays, and the toast stays until the folder is back, offering another. */
static void
on_vault_missing (LecWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  dismiss_missing_toast (self);
  if (!lec_vault_get_missing (self->vault))
    return;

  name = lec_vault_dup_name (self->vault);
  title = g_strdup_printf (_("The folder “%s” is gone: it was moved, renamed or removed"), name);
  self->missing_toast = adw_toast_new (title);
  adw_toast_set_button_label (self->missing_toast, _("_Open Another Folder…"));
  adw_toast_set_action_name (self->missing_toast, "win.open-folder");
  adw_toast_set_timeout (self->missing_toast, 0);
  adw_toast_set_priority (self->missing_toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->missing_toast));
}

static void
on_vault_changed (LecWindow *self)
{
  say_new_problems (self);
}

static void open_folder (LecWindow  *self,
                         GFile      *folder,
                         const char *first_note);

/**
 * lec_window_resume_folder:
 *
 * Opens @folder at the note the reader had open there last, scrolled to
 * where they left it.
 */
void
lec_window_resume_folder (LecWindow *self,
                          GFile     *folder)
{
  g_autofree char *root = NULL;
  g_autofree char *last = NULL;

  g_return_if_fail (LEC_IS_WINDOW (self));

  root = g_file_get_path (folder);
  last = root != NULL ? lec_positions_get_string_in ("last-note", root) : NULL;
  open_folder (self, folder, last);
  self->resume_note = TRUE;
  /* Its page comes in a moment: no "Choose a Note" in between. */
  if (last != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "note");
}

/**
 * lec_window_shows_folder:
 *
 * Whether @folder is the notes folder open in this window.
 */
gboolean
lec_window_shows_folder (LecWindow *self,
                         GFile     *folder)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), FALSE);

  return self->vault != NULL && g_file_equal (lec_vault_get_root (self->vault), folder);
}

/**
 * lec_window_open_folder_at:
 * @folder: the notes folder
 * @note: (nullable): a note's path relative to @folder
 *
 * Shows @note of @folder, as soon as the folder can show its notes; or,
 * without @note, @folder where the reader left it. A folder already open
 * here stays open, as it is.
 */
void
lec_window_open_folder_at (LecWindow  *self,
                           GFile      *folder,
                           const char *note)
{
  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (!lec_window_shows_folder (self, folder))
    {
      if (note == NULL)
        {
          lec_window_resume_folder (self, folder);
          return;
        }
      open_folder (self, folder, note);
    }
  if (note == NULL)
    return;

  g_clear_pointer (&self->start_topic, g_free);
  g_free (self->start_note);
  self->start_note = g_strdup (note);
  self->resume_note = TRUE;
  gtk_stack_set_visible_child_name (self->content_stack, "note");
  resume_last_note (self);
}

/**
 * lec_window_open_folder_at_topic:
 * @folder: the notes folder
 * @key: a topic's key
 *
 * Shows the page of topic @key of @folder, as soon as the folder can show
 * its notes.
 */
void
lec_window_open_folder_at_topic (LecWindow  *self,
                                 GFile      *folder,
                                 const char *key)
{
  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (key != NULL);

  if (!lec_window_shows_folder (self, folder))
    lec_window_open_folder (self, folder);
  g_clear_pointer (&self->start_note, g_free);
  g_free (self->start_topic);
  self->start_topic = g_strdup (key);
  self->resume_note = TRUE;
  gtk_stack_set_visible_child_name (self->content_stack, "note");
  resume_last_note (self);
}

/**
 * lec_window_open_folder:
 * @folder: the notes folder
 *
 * Shows @folder's notes. Problems (a missing or unreadable folder) are shown
 * in the window, never raised.
 */
void
lec_window_open_folder (LecWindow *self,
                        GFile     *folder)
{
  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  open_folder (self, folder, NULL);
}

/* @first_note: the note that will be shown first, if known: the vault
 * makes it readable sooner. */
static void
open_folder (LecWindow  *self,
             GFile      *folder,
             const char *first_note)
{
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (self->vault != NULL)
    g_signal_handlers_disconnect_by_data (self->vault, self);
  /* The player may read only this vault: a new one gets a new player. */
  lec_player_area_set_vault (self->player_area, NULL);
  lec_history_clear (self->history);
  g_clear_pointer (&self->start_note, g_free);
  g_clear_pointer (&self->start_topic, g_free);
  g_set_object (&self->vault, NULL);
  self->vault = lec_vault_new (folder);
  g_signal_connect_object (self->vault, "notify::progress", G_CALLBACK (on_vault_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault, "notify::notice", G_CALLBACK (on_vault_notice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault, "notify::missing", G_CALLBACK (on_vault_missing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault, "notify::readable", G_CALLBACK (resume_last_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault, "changed", G_CALLBACK (on_vault_changed), self, G_CONNECT_SWAPPED);
  g_hash_table_remove_all (self->problems_said);
  dismiss_missing_toast (self);
  stop_pulse (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  gtk_label_set_text (self->progress_label, _("Reading notes…"));
  lec_library_page_set_vault (self->library_page, self->vault);
  lec_topics_page_set_vault (self->topics_page, self->vault);
  lec_search_page_set_vault (self->search_page, self->vault);
  lec_note_view_set_vault (self->note_view, self->vault);
  lec_player_area_set_vault (self->player_area, self->vault);

  name = lec_vault_dup_name (self->vault);
  display = g_file_get_parse_name (folder);
  adw_window_title_set_subtitle (self->sidebar_title, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), display);

  adw_status_page_set_title (self->welcome_page, _("Choose a Note"));
  gtk_stack_set_visible_child_name (self->content_stack, "welcome");
  gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  gtk_spinner_start (self->spinner);
  set_note_title (self, NULL, NULL);

  lec_vault_set_first_note (self->vault, first_note);
  lec_vault_load_async (self->vault, self->load_cancellable, load_done, g_object_ref (self));
}

static LecNoteInfo *
find_note_info (LecWindow  *self,
                const char *path)
{
  LecNoteInfo *info = lec_vault_find_note (self->vault, path);

  return info != NULL ? g_object_ref (info) : NULL;
}

static void
update_player (LecWindow   *self,
               LecNoteInfo *info,
               const char  *path)
{
  lec_player_area_show_media (self->player_area, path, info != NULL ? lec_note_info_get_video_id (info) : NULL, NULL);
}

/* Follow along: the note shows the passage being played, when the note
 * belongs to the video in the player. */
static void
on_player_time (LecWindow     *self,
                double         seconds,
                gboolean       playing,
                LecPlayerArea *area)
{
  lec_note_view_follow (self->note_view, lec_player_area_get_playing_note (area), seconds,
                        playing && g_settings_get_boolean (self->settings, "follow-along-scroll"));
  lec_note_panel_follow (self->note_panel, seconds);
}

static void
on_seek (LecWindow *self,
         guint      seconds,
         gpointer   source)
{
  /* The player of the note asking, not of the one before it. */
  show_around (self);
  lec_player_area_seek (self->player_area, seconds);
}

/* --- the sidebar's width ----------------------------------------------------- */

#define SIDEBAR_MIN 240
#define SIDEBAR_MAX 560

static void
set_sidebar_width (LecWindow *self,
                   int        width)
{
  width = CLAMP (width, SIDEBAR_MIN, SIDEBAR_MAX);
  adw_clamp_set_maximum_size (self->sidebar_clamp, width);
  adw_clamp_set_tightening_threshold (self->sidebar_clamp, width);
  gtk_widget_set_size_request (self->sidebar, width, -1);
}

static void
on_edge_drag_begin (GtkGestureDrag *gesture,
                    double          x,
                    double          y,
                    LecWindow      *self)
{
  int requested;

  /* From the width it shows, or (not shown yet) the one it was given. */
  gtk_widget_get_size_request (self->sidebar, &requested, NULL);
  self->drag_width = gtk_widget_get_width (self->sidebar) > 0 ? gtk_widget_get_width (self->sidebar) : requested;
}

/* Dragging the line between sidebar and note makes the sidebar wider or
 * narrower (the other way round in right-to-left layouts). */
static void
on_edge_drag_update (GtkGestureDrag *gesture,
                     double          dx,
                     double          dy,
                     LecWindow      *self)
{
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    dx = -dx;
  set_sidebar_width (self, self->drag_width + (int) dx);
}

static void
on_edge_drag_end (GtkGestureDrag *gesture,
                  double          dx,
                  double          dy,
                  LecWindow      *self)
{
  int width;

  gtk_widget_get_size_request (self->sidebar, &width, NULL);
  g_settings_set_int (self->settings, "sidebar-width", width);
}

/* The video beside the note in a narrow window: the sidebar folds away
 * when both would not fit beside it. */
static void
on_player_beside (LecWindow *self)
{
  if (lec_player_area_get_beside (self->player_area) && gtk_widget_get_width (GTK_WIDGET (self)) < 1400)
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* The note's colours: sepia when chosen, else the window's light or dark. */
static void
update_note_theme (LecWindow *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style-variant");

  if (g_str_equal (style, "sepia"))
    lec_note_view_set_theme (self->note_view, "sepia");
  else
    lec_note_view_set_theme (self->note_view, adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "dark" : "light");
}

/* The style the reader chose: the desktop's, light, dark, or sepia (light
 * around a paper-coloured note). Only a change of the setting touches the
 * application's colour scheme; the desktop's changes come by themselves. */
static void
apply_style (LecWindow *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style-variant");
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (style, "light") || g_str_equal (style, "sepia"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (style, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  if (adw_style_manager_get_color_scheme (manager) != scheme)
    adw_style_manager_set_color_scheme (manager, scheme);
  update_note_theme (self);
}

static void
apply_font_size (LecWindow *self)
{
  lec_note_view_set_font_size (self->note_view, g_settings_get_int (self->settings, "font-size"));
}

static void
apply_online (LecWindow *self)
{
  lec_note_view_set_online (self->note_view, g_settings_get_boolean (self->settings, "allow-online-content"));
}

/* A media folder added or removed: the open note may have media now. */
static void
apply_media_folders (LecWindow *self)
{
  const char *path = self->note_view != NULL ? lec_note_view_get_path (self->note_view) : NULL;
  g_autoptr(LecNoteInfo) info = NULL;

  if (path == NULL || self->vault == NULL)
    return;
  info = find_note_info (self, path);
  update_player (self, info, path);
}

/* The sidebar's Note page follows the note the view shows. */
static void
on_note_parsed (LecWindow   *self,
                GParamSpec  *pspec,
                LecNoteView *view)
{
  LecNote *note = lec_note_view_get_note (view);

  lec_note_panel_set_note (self->note_panel, self->vault, note);

  /* "media:" is known once the note is parsed: its file plays. */
  if (note != NULL && lec_note_get_front_matter (note)->media != NULL)
    lec_player_area_show_media (self->player_area, lec_note_get_path (note), lec_note_get_video_id (note),
                                lec_note_get_front_matter (note)->media);
}

static void
on_panel_scroll_to (LecWindow  *self,
                    const char *id)
{
  lec_note_view_scroll_to (self->note_view, id);
}

static void
on_panel_open_note (LecWindow  *self,
                    const char *path)
{
  lec_window_open_note (self, path);
}

/* Whether a note (or a topic's page) shows, which the note's actions
 * work on. */
gboolean
_lec_window_note_showing (LecWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "note") == 0 &&
         lec_note_view_get_path (self->note_view) != NULL;
}

/* The key the reading state of @path in this folder is kept under. */
static char *
reading_key (LecWindow  *self,
             const char *path)
{
  g_autofree char *root = g_file_get_path (lec_vault_get_root (self->vault));

  return g_strconcat (root != NULL ? root : "", "\n", path, NULL);
}

static void
on_note_scrolled (LecWindow   *self,
                  int          y,
                  LecNoteView *view)
{
  g_autofree char *key = NULL;

  if (self->vault == NULL || lec_note_view_get_path (view) == NULL)
    return;
  key = reading_key (self, lec_note_view_get_path (view));
  lec_positions_set_int_in ("scroll", key, y);
}

static void
on_note_loaded (LecWindow       *self,
                WebKitLoadEvent  event,
                LecNoteView     *view)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  show_around_page_in (self, g_strcmp0 (self->around_path, lec_note_view_get_path (view)) == 0);
  /* Opened from a search: its words, marked; else where the reader was. */
  if (self->highlight != NULL)
    lec_note_view_highlight (view, self->highlight);
  else if (self->restore_y > 0)
    lec_note_view_scroll_to_y (view, self->restore_y);
  self->restore_y = -1;
  g_clear_pointer (&self->highlight, g_free);
}

/* A download done: the note still showing is of this video, so it plays,
 * where it was asked; else the reader is told. */
static void
on_downloaded (LecWindow     *self,
               const char    *video_id,
               guint          start,
               LecPlayerArea *area)
{
  const char *path = lec_note_view_get_path (self->note_view);

  if (path != NULL && g_strcmp0 (lec_player_area_get_video_id (area), video_id) == 0)
    {
      g_autoptr(LecNoteInfo) info = find_note_info (self, path);

      update_player (self, info, path);
      if (lec_player_area_get_showing (area))
        lec_player_area_seek (area, start);
    }
  else
    _lec_window_show_toast (self, _("Downloaded for offline"));
}

static void
on_download_failed (LecWindow     *self,
                    const char    *message,
                    LecPlayerArea *area)
{
  _lec_window_show_toast (self, message);
}

/* A note's time past the end of its media: the player went to the end;
 * the reader is told why. */
static void
on_seek_past_end (LecWindow     *self,
                  double         requested,
                  double         duration,
                  LecPlayerArea *area)
{
  g_autofree char *asked = lec_timestamp_format ((guint) MIN (requested, G_MAXUINT));
  g_autofree char *length = lec_timestamp_format ((guint) duration);
  /* Translators: the first %s is a time in the note, such as "9:00:00",
   * the second the video's length, such as "48:20" */
  g_autofree char *message = g_strdup_printf (_("This note’s time %s is past the end of the video (%s)"),
                                              asked, length);

  _lec_window_show_toast (self, message);
}

/* What a switch changes around the note (the window's title, the
 * library's row, the player) comes with the note's page, not before it:
 * laid out first, they held the main thread 30 to 60 ms a switch in a
 * vault of 21,000 real notes, and the page's load waited for them. */
#define AROUND_DELAY_MS 150

/* The window's title and the library's row, once for a note. */
static void
show_title_and_row (LecWindow *self)
{
  g_autofree char *folder = NULL;

  if (self->around_titled)
    return;
  self->around_titled = TRUE;
  folder = g_path_get_dirname (self->around_path);
  set_note_title (self, self->around_info != NULL ? lec_note_info_get_title (self->around_info) : self->around_path,
                  g_strcmp0 (folder, ".") != 0 ? folder : NULL);
  lec_library_page_select_note (self->library_page, self->around_path);
}

static void
show_around (LecWindow *self)
{
  g_autofree char *path = NULL;
  g_autoptr(LecNoteInfo) info = NULL;

  g_clear_handle_id (&self->around_id, g_source_remove);
  if (self->around_path == NULL)
    return;
  show_title_and_row (self);
  path = g_steal_pointer (&self->around_path);
  info = g_steal_pointer (&self->around_info);
  if (self->around_player)
    update_player (self, info, path);
}

static gboolean
show_around_idle (gpointer user_data)
{
  LecWindow *self = user_data;

  self->around_id = 0;
  show_around (self);
  return G_SOURCE_REMOVE;
}

/* Once the frame is out, not within its painting. */
static void
on_page_painted (GdkFrameClock *clock,
                 LecWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_page_painted, self);
  if (self->vault != NULL)
    lec_vault_first_note_shown (self->vault);
  if (!self->around_page_in)
    return;
  self->around_page_in = FALSE;
  g_clear_handle_id (&self->around_id, g_source_remove);
  self->around_id = g_idle_add (show_around_idle, self);
}

/* A note's page is in. A player yet to be made comes once the page is
 * on the screen: making it (and the first layout under it) held the
 * first frame of a start 100 ms. The vault's load, reopening a folder,
 * goes on then too. */
static void
show_around_page_in (LecWindow *self,
                     gboolean   ours)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (ours && self->around_wait_page && clock != NULL)
    {
      show_title_and_row (self);
      self->around_page_in = TRUE;
    }
  else if (ours)
    show_around (self);
  if (clock == NULL)
    {
      if (self->vault != NULL)
        lec_vault_first_note_shown (self->vault);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, on_page_painted, self);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_page_painted), self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->note_view));
}

static gboolean
show_around_cb (gpointer user_data)
{
  LecWindow *self = user_data;

  self->around_id = 0;
  /* A player yet to be made waits for the page even so: its web
   * process would slow the page's own, which is starting. */
  if (self->around_wait_page)
    show_title_and_row (self);
  else
    show_around (self);
  return G_SOURCE_REMOVE;
}

/* Shows @path's surroundings once its page is in (on_note_loaded()), or
 * after AROUND_DELAY_MS at the latest. The player area comes or goes at
 * once, though: the page is laid out where it stays, and does not jump
 * when the player appears above it. */
static void
show_around_later (LecWindow   *self,
                   const char  *path,
                   LecNoteInfo *info)
{
  gboolean has_video = info != NULL && lec_note_info_get_video_id (info) != NULL;

  self->around_player = has_video == lec_player_area_get_shown (self->player_area);
  self->around_wait_page = FALSE;
  self->around_page_in = FALSE;
  self->around_titled = FALSE;
  /* A player yet to be made (the first video of this window) only takes
   * its room now, and comes with the page. */
  if (!self->around_player)
    self->around_player = self->around_wait_page =
      lec_player_area_take_room (self->player_area, path, info != NULL ? lec_note_info_get_video_id (info) : NULL, NULL);
  g_free (self->around_path);
  self->around_path = g_strdup (path);
  g_set_object (&self->around_info, info);
  if (self->around_id == 0)
    self->around_id = g_timeout_add (AROUND_DELAY_MS, show_around_cb, self);
}

/**
 * lec_window_open_note_at:
 * @path: a note's path relative to the open vault
 * @fragment: (nullable): the id of a heading to scroll to
 */
void
lec_window_open_note_at (LecWindow  *self,
                         const char *path,
                         const char *fragment)
{
  g_autoptr(LecNoteInfo) info = NULL;

  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->vault == NULL)
    return;

  info = find_note_info (self, path);

  /* Where the reader left this note, unless a heading is asked for; and
   * this note is the one to reopen the folder at. */
  {
    g_autofree char *key = reading_key (self, path);
    g_autofree char *root = g_file_get_path (lec_vault_get_root (self->vault));

    self->restore_y = fragment == NULL || *fragment == '\0' ? lec_positions_get_int_in ("scroll", key) : -1;
    if (root != NULL)
      lec_positions_set_string_in ("last-note", root, path);
    lec_positions_flush_later ();
  }

  lec_note_view_load_note (self->note_view, path, fragment);
  gtk_stack_set_visible_child_name (self->content_stack, "note");
  show_around_later (self, path, info);
  lec_history_push_note (self->history, path, fragment);

  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

void
lec_window_open_note (LecWindow  *self,
                      const char *path)
{
  lec_window_open_note_at (self, path, NULL);
}

/* The search sidebar, showing what @query finds. */
static void
show_search (LecWindow  *self,
             const char *query)
{
  gtk_stack_set_visible_child_name (self->sidebar_stack, "notes");
  gtk_stack_set_visible_child_name (self->sidebar_views, "search");
  lec_search_page_set_query (self->search_page, query);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

/**
 * lec_window_search_folder:
 * @folder: the notes folder
 * @words: what to search for
 *
 * Shows the sidebar's search for @words in @folder, which opens where the
 * reader left it if it is not open here yet.
 */
void
lec_window_search_folder (LecWindow  *self,
                          GFile      *folder,
                          const char *words)
{
  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (words != NULL);

  if (!lec_window_shows_folder (self, folder))
    lec_window_resume_folder (self, folder);
  /* While the folder loads, its progress stays; the search shows once
   * it is done (load_done()). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->sidebar_stack), "loading") == 0)
    {
      gtk_stack_set_visible_child_name (self->sidebar_views, "search");
      lec_search_page_set_query (self->search_page, words);
      adw_flap_set_reveal_flap (self->flap, TRUE);
    }
  else
    show_search (self, words);
}

/* A tag in a note: the notes that carry it. */
static void
on_open_tag (LecWindow  *self,
             const char *tag)
{
  show_search (self, tag);
}

/**
 * lec_window_open_topic:
 * @key: a topic's key: its note's path, or the slug of its name
 *
 * Shows the topic's page: every note that mentions it, grouped by video.
 */
void
lec_window_open_topic (LecWindow  *self,
                       const char *key)
{
  g_autofree char *name = NULL;

  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (key != NULL);

  if (self->vault == NULL)
    return;

  name = lec_vault_dup_topic_name (self->vault, key);
  /* Translators: the subtitle of a topic's page */
  set_note_title (self, name, _("Topic"));
  self->restore_y = -1;
  /* The page is no note's: the note read before is no longer shown as
   * the one open (going back to it selects it again). */
  lec_library_page_unselect (self->library_page);
  lec_note_view_load_topic (self->note_view, key);
  gtk_stack_set_visible_child_name (self->content_stack, "note");

  lec_history_push_topic (self->history, key);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* A search result: its note, with the words searched for marked. */
static void
on_search_open_note (LecWindow     *self,
                     const char    *path,
                     const char    *words,
                     LecSearchPage *page)
{
  lec_window_open_note (self, path);
  g_free (self->highlight);
  self->highlight = g_strdup (words);
}

/* A search result's time: its note, marked, playing from there. */
static void
on_search_play_note (LecWindow     *self,
                     const char    *path,
                     const char    *words,
                     guint          seconds,
                     LecSearchPage *page)
{
  on_search_open_note (self, path, words, page);
  show_around (self);
  lec_player_area_seek (self->player_area, seconds);
}

static void
on_open_note (LecWindow   *self,
              const char  *path,
              const char  *fragment,
              LecNoteView *view)
{
  lec_window_open_note_at (self, path, fragment);
}

static void
open_external_response (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  g_autofree char *uri = user_data;
  LecWindow *self = LEC_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_strcmp0 (response, "open") != 0)
    return;
  /* Lectern itself never connects: the browser does. */
  if (self->launcher != NULL)
    self->launcher (GTK_WINDOW (self), uri, self->launcher_data);
  else
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* Links out of Lectern open in the browser only after the user agrees. */
void
_lec_window_ask_open_external (LecWindow  *self,
                               const char *uri)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Open Link in Browser?"),
                                                       uri));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "open");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (open_external_response), g_strdup (uri));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_external (LecWindow   *self,
                  const char  *uri,
                  LecNoteView *view)
{
  _lec_window_ask_open_external (self, uri);
}

static void
lec_window_dispose (GObject *object)
{
  LecWindow *self = (LecWindow *)object;

  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->around_path, g_free);
  g_clear_object (&self->around_info);
  g_clear_handle_id (&self->around_id, g_source_remove);
  g_clear_pointer (&self->start_note, g_free);
  g_clear_pointer (&self->start_topic, g_free);
  stop_pulse (self);
  if (self->quick_open != NULL)
    gtk_window_destroy (GTK_WINDOW (self->quick_open));
  g_clear_weak_pointer (&self->quick_open);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->vault);
  g_clear_object (&self->missing_toast);
  g_clear_object (&self->rate_toast);
  /* It holds the settings, which would go on telling a window gone. */
  g_action_map_remove_action (G_ACTION_MAP (self), "player-beside");
  g_clear_object (&self->settings);
  g_clear_object (&self->history);
  g_clear_pointer (&self->problems_said, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), LEC_TYPE_WINDOW);

  G_OBJECT_CLASS (lec_window_parent_class)->dispose (object);
}

static void
lec_window_class_init (LecWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lec_window_dispose;
  window_class->close_request = lec_window_close_request;

  g_type_ensure (LEC_TYPE_FIND_BAR);
  g_type_ensure (LEC_TYPE_NOTE_PANEL);
  g_type_ensure (LEC_TYPE_LIBRARY_PAGE);
  g_type_ensure (LEC_TYPE_TOPICS_PAGE);
  g_type_ensure (LEC_TYPE_SEARCH_PAGE);
  g_type_ensure (LEC_TYPE_PLAYER_AREA);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LecWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_views);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, topics_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_status);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, note_title);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, note_panel);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_clamp);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_edge);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, player_area);

  _lec_window_class_actions_init (klass);
}

/* The player's layout follows the setting (the button on its bar sets
 * it); its time, downloads and layout come back as signals. */
static void
init_player_area (LecWindow *self)
{
  g_autoptr(GAction) beside = g_settings_create_action (self->settings, "player-beside");

  g_action_map_add_action (G_ACTION_MAP (self), beside);
  g_signal_connect_object (self->player_area, "notify::beside", G_CALLBACK (on_player_beside), self, G_CONNECT_SWAPPED);
  on_player_beside (self);
  g_signal_connect_object (self->player_area, "time-changed", G_CALLBACK (on_player_time), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player_area, "downloaded", G_CALLBACK (on_downloaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player_area, "download-failed", G_CALLBACK (on_download_failed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player_area, "seek-past-end", G_CALLBACK (on_seek_past_end), self, G_CONNECT_SWAPPED);
}

/* The sidebar keeps the width the reader gave it by its edge. */
static void
init_sidebar_edge (LecWindow *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_autoptr(GdkCursor) cursor = gdk_cursor_new_from_name ("col-resize", NULL);

  set_sidebar_width (self, g_settings_get_int (self->settings, "sidebar-width"));
  gtk_widget_set_cursor (self->sidebar_edge, cursor);
  gtk_widget_add_css_class (self->sidebar_edge, "lec-sidebar-edge");
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_edge_drag_begin), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_edge_drag_update), self, 0);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (on_edge_drag_end), self, 0);
  gtk_widget_add_controller (self->sidebar_edge, GTK_EVENT_CONTROLLER (drag));
}

/* The note view: its zoom, colours and font from the settings, and what
 * it asks of the window. */
static void
init_note_view (LecWindow *self)
{
  gtk_widget_set_vexpand (GTK_WIDGET (self->note_view), TRUE);
  webkit_web_view_set_zoom_level (WEBKIT_WEB_VIEW (self->note_view),
                                  g_settings_get_double (self->settings, "zoom-level"));
  /* Notes follow the chosen style, or the desktop's light or dark one. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_note_theme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::style-variant", G_CALLBACK (apply_style), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::font-size", G_CALLBACK (apply_font_size), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::allow-online-content", G_CALLBACK (apply_online), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::media-folders", G_CALLBACK (apply_media_folders), self, G_CONNECT_SWAPPED);
  apply_style (self);
  apply_font_size (self);
  apply_online (self);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->note_view), "note");
  lec_find_bar_set_view (self->find_bar, WEBKIT_WEB_VIEW (self->note_view));
  g_signal_connect_object (self->note_view, "notify::note", G_CALLBACK (on_note_parsed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "scrolled", G_CALLBACK (on_note_scrolled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "load-changed", G_CALLBACK (on_note_loaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "open-note", G_CALLBACK (on_open_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "open-external", G_CALLBACK (on_open_external), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "seek", G_CALLBACK (on_seek), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "open-topic", G_CALLBACK (lec_window_open_topic), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "open-tag", G_CALLBACK (on_open_tag), self, G_CONNECT_SWAPPED);
}

/* What the sidebar's pages ask for. */
static void
connect_sidebar (LecWindow *self)
{
  g_signal_connect_object (self->note_panel, "scroll-to", G_CALLBACK (on_panel_scroll_to), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_panel, "seek", G_CALLBACK (on_seek), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_panel, "open-note", G_CALLBACK (on_panel_open_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_panel, "open-topic", G_CALLBACK (lec_window_open_topic), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library_page, "open-note", G_CALLBACK (lec_window_open_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->topics_page, "open-topic", G_CALLBACK (lec_window_open_topic), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_page, "open-note", G_CALLBACK (on_search_open_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_page, "play-note", G_CALLBACK (on_search_play_note), self, G_CONNECT_SWAPPED);
}

static void
lec_window_init (LecWindow *self)
{
  /* Of all the window holds, the note view's web process takes the
   * longest to start (half a second here): it starts first, while the
   * rest is made. */
  self->note_view = LEC_NOTE_VIEW (lec_note_view_new ());
  lec_note_view_start (self->note_view);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->history = lec_history_new ();
  self->problems_said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->restore_y = -1;
  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  init_player_area (self);
  init_sidebar_edge (self);
  init_note_view (self);
  connect_sidebar (self);
  _lec_window_actions_init (self);
}

LecWindow *
lec_window_new (GtkApplication *application)
{
  return g_object_new (LEC_TYPE_WINDOW, "application", application, NULL);
}

/* The sidebar's search: its entry and its list of results. */
GtkEditable *
lec_window_get_search_entry (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return lec_search_page_get_entry (self->search_page);
}

GtkListView *
lec_window_get_search_list (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return lec_search_page_get_list (self->search_page);
}

LecNotePanel *
lec_window_get_note_panel (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return self->note_panel;
}

/* Quick open, while it shows. */
LecQuickOpen *
lec_window_get_quick_open (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return self->quick_open;
}

LecFindBar *
lec_window_get_find_bar (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return self->find_bar;
}

LecVault *
lec_window_get_vault (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return self->vault;
}

LecNoteView *
lec_window_get_note_view (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return self->note_view;
}

GtkListView *
lec_window_get_note_list (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return lec_library_page_get_list (self->library_page);
}

/* The player, once a note with local media was opened; else NULL. */
GtkWidget *
lec_window_get_player (LecWindow *self)
{
  g_return_val_if_fail (LEC_IS_WINDOW (self), NULL);

  return lec_player_area_get_player (self->player_area);
}

/**
 * lec_window_set_uri_launcher:
 * @launcher: (nullable): what opens a web address once the reader agreed;
 *   %NULL for the desktop's browser (gtk_show_uri())
 *
 * The tests stand in for the browser with it.
 */
void
lec_window_set_uri_launcher (LecWindow      *self,
                             LecUriLauncher  launcher,
                             gpointer        user_data)
{
  g_return_if_fail (LEC_IS_WINDOW (self));

  self->launcher = launcher;
  self->launcher_data = user_data;
}
