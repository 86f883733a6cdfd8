/* lec-window.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-window"

#include "config.h"

#include "lec-window.h"
#include "lec-application.h"
#include "lec-note-info.h"

#include <glib/gi18n.h>

struct _LecWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  LecVault             *vault;
  GCancellable         *load_cancellable;
  GtkSingleSelection   *selection;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  AdwWindowTitle       *sidebar_title;
  GtkStack             *sidebar_stack;
  GtkSpinner           *spinner;
  GtkProgressBar       *progress_bar;
  GtkListView          *note_list;
  AdwStatusPage        *sidebar_status;
  AdwWindowTitle       *note_title;
  GtkStack             *content_stack;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *error_page;
  LecNoteView          *note_view;
};

G_DEFINE_FINAL_TYPE (LecWindow, lec_window, ADW_TYPE_APPLICATION_WINDOW)

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

  return GTK_WINDOW_CLASS (lec_window_parent_class)->close_request (window);
}

static void
show_toast (LecWindow  *self,
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

static void
show_vault_error (LecWindow    *self,
                  const GError *error)
{
  gtk_spinner_stop (self->spinner);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->content_stack, "error");
  adw_status_page_set_title (self->sidebar_status, _("No Notes"));
  adw_status_page_set_description (self->sidebar_status, NULL);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
  set_note_title (self, NULL, NULL);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LecVault *vault = LEC_VAULT (object);
  g_autoptr(LecWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (!lec_vault_load_finish (vault, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && vault == self->vault)
        show_vault_error (self, error);
      return;
    }

  if (vault != self->vault)
    return;

  gtk_spinner_stop (self->spinner);

  {
    g_autofree char *path = g_file_get_path (lec_vault_get_root (vault));

    if (path != NULL)
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

  problems = lec_vault_get_problems (vault);
  if (problems->len > 0)
    {
      g_autofree char *message = NULL;

      for (guint i = 0; i < problems->len; i++)
        g_message ("%s", (const char *) g_ptr_array_index (problems, i));
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u file could not be read fully",
                                              "%u files could not be read fully",
                                              problems->len),
                                 problems->len);
      show_toast (self, message);
    }
}

static void
on_vault_progress (LecWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, lec_vault_get_progress (self->vault));
}

/* "The index was rebuilt", "checking for changes every 3 s": said once. */
static void
on_vault_notice (LecWindow *self)
{
  const char *notice = lec_vault_get_notice (self->vault);

  if (notice != NULL)
    show_toast (self, notice);
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
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;

  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (self->vault != NULL)
    g_signal_handlers_disconnect_by_data (self->vault, self);
  g_set_object (&self->vault, NULL);
  self->vault = lec_vault_new (folder);
  g_signal_connect_object (self->vault, "notify::progress", G_CALLBACK (on_vault_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault, "notify::notice", G_CALLBACK (on_vault_notice), self, G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_single_selection_set_model (self->selection, lec_vault_get_notes (self->vault));
  lec_note_view_set_vault (self->note_view, self->vault);

  name = lec_vault_dup_name (self->vault);
  display = g_file_get_parse_name (folder);
  adw_window_title_set_subtitle (self->sidebar_title, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sidebar_title), display);

  adw_status_page_set_title (self->welcome_page, _("Choose a Note"));
  gtk_stack_set_visible_child_name (self->content_stack, "welcome");
  gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  gtk_spinner_start (self->spinner);
  set_note_title (self, NULL, NULL);

  lec_vault_load_async (self->vault, self->load_cancellable, load_done, g_object_ref (self));
}

static gboolean
select_note_position (LecWindow  *self,
                      const char *path)
{
  GListModel *notes = lec_vault_get_notes (self->vault);
  guint n = g_list_model_get_n_items (notes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LecNoteInfo) info = g_list_model_get_item (notes, i);

      if (g_strcmp0 (lec_note_info_get_path (info), path) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
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
  g_autofree char *folder = NULL;
  const char *title;

  g_return_if_fail (LEC_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->vault == NULL)
    return;

  if (select_note_position (self, path))
    info = g_object_ref (gtk_single_selection_get_selected_item (self->selection));

  folder = g_path_get_dirname (path);
  title = info != NULL ? lec_note_info_get_title (info) : path;
  set_note_title (self, title, g_strcmp0 (folder, ".") != 0 ? folder : NULL);

  lec_note_view_load_note (self->note_view, path, fragment);
  gtk_stack_set_visible_child_name (self->content_stack, "note");

  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

void
lec_window_open_note (LecWindow  *self,
                      const char *path)
{
  lec_window_open_note_at (self, path, NULL);
}

static void
on_note_activated (LecWindow   *self,
                   guint        position,
                   GtkListView *list)
{
  g_autoptr(LecNoteInfo) info = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (info != NULL)
    lec_window_open_note (self, lec_note_info_get_path (info));
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

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (gtk_window_get_transient_for (GTK_WINDOW (dialog)), uri, GDK_CURRENT_TIME);
}

/* Links out of Lectern open in the browser only after the user agrees. */
static void
on_open_external (LecWindow   *self,
                  const char  *uri,
                  LecNoteView *view)
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
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *folder = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (folder), 0);
  gtk_label_set_ellipsize (GTK_LABEL (folder), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (folder, "dim-label");
  gtk_widget_add_css_class (folder, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), folder);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  LecNoteInfo *info = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *folder = gtk_widget_get_next_sibling (title);
  const char *folder_name = lec_note_info_get_folder (info);

  gtk_label_set_text (GTK_LABEL (title), lec_note_info_get_title (info));
  gtk_widget_set_tooltip_text (box, lec_note_info_get_path (info));
  gtk_label_set_text (GTK_LABEL (folder), folder_name);
  gtk_widget_set_visible (folder, *folder_name != '\0');
}

static void
folder_chosen (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  LecWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        lec_window_open_folder (self, folder);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Notes Folder"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();

  lec_window_open_folder (LEC_WINDOW (widget), samples);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
lec_window_dispose (GObject *object)
{
  LecWindow *self = (LecWindow *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->vault);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);

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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LecWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, note_list);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, sidebar_status);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, note_title);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, LecWindow, error_page);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}

static void
lec_window_init (LecWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  self->note_view = LEC_NOTE_VIEW (lec_note_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->note_view), TRUE);
  gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->note_view), "note");
  g_signal_connect_object (self->note_view, "open-note", G_CALLBACK (on_open_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->note_view, "open-external", G_CALLBACK (on_open_external), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->note_list, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->note_list, factory);
  g_signal_connect_object (self->note_list, "activate", G_CALLBACK (on_note_activated), self, G_CONNECT_SWAPPED);
}

LecWindow *
lec_window_new (GtkApplication *application)
{
  return g_object_new (LEC_TYPE_WINDOW, "application", application, NULL);
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

  return self->note_list;
}
