/* lec-preferences.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-preferences"

#include "config.h"

#include "lec-preferences.h"
#include "lec-media.h"

#include <glib/gi18n.h>

/* Preferences: how notes look, whether they scroll along with the video,
 * whether anything may come from the web, and where media is kept. Every
 * row writes GSettings at once; the window listens to GSettings, so a
 * change shows while the dialog is open and in every window. */

static const char * const styles[] = { "system", "light", "dark", "sepia" };

struct _LecPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwComboRow          *style_row;
  AdwPreferencesGroup  *media_group;
  GPtrArray            *media_rows;
};

G_DEFINE_FINAL_TYPE (LecPreferences, lec_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static void
style_from_settings (LecPreferences *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style-variant");

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_str_equal (style, styles[i]) && adw_combo_row_get_selected (self->style_row) != i)
      adw_combo_row_set_selected (self->style_row, i);
}

static void
style_to_settings (LecPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->style_row);

  if (selected < G_N_ELEMENTS (styles))
    g_settings_set_string (self->settings, "style-variant", styles[selected]);
}

static void
lec_preferences_finalize (GObject *object)
{
  LecPreferences *self = (LecPreferences *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->media_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lec_preferences_parent_class)->finalize (object);
}

/* A row with a switch bound to the boolean setting @key. */
static AdwActionRow *
switch_row (LecPreferences *self,
            const char     *title,
            const char     *subtitle,
            const char     *key)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (row, toggle);
  adw_action_row_set_activatable_widget (row, toggle);
  g_settings_bind (self->settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  return row;
}

/* --- media folders --------------------------------------------------------- */

static void
set_media_folders (LecPreferences     *self,
                   const char * const *folders)
{
  g_settings_set_strv (self->settings, "media-folders", folders);
}

static void
on_remove_folder (GtkButton      *button,
                  LecPreferences *self)
{
  const char *folder = g_object_get_data (G_OBJECT (button), "folder");
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "media-folders");
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    if (g_strcmp0 (folders[i], folder) != 0)
      g_strv_builder_add (kept, folders[i]);
  result = g_strv_builder_end (kept);
  set_media_folders (self, (const char * const *) result);
}

static AdwActionRow *
add_folder_row (LecPreferences *self,
                const char     *path,
                const char     *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  adw_preferences_group_add (self->media_group, GTK_WIDGET (row));
  g_ptr_array_add (self->media_rows, row);
  return row;
}

/* The user's media folder first (it cannot be removed: downloads go
 * there), then one row per folder added. */
static void
media_folders_from_settings (LecPreferences *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "media-folders");
  g_autofree char *dir = lec_media_default_dir ();

  for (guint i = 0; i < self->media_rows->len; i++)
    adw_preferences_group_remove (self->media_group, self->media_rows->pdata[i]);
  g_ptr_array_set_size (self->media_rows, 0);

  /* Translators: under the media folder that downloads go into */
  add_folder_row (self, dir, _("Downloads for offline go here"));

  for (guint i = 0; folders[i] != NULL; i++)
    {
      AdwActionRow *row = add_folder_row (self, folders[i], NULL);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Folder"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Folder"), -1);
      g_object_set_data_full (G_OBJECT (remove), "folder", g_strdup (folders[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_folder), self, 0);
      adw_action_row_add_suffix (row, remove);
    }
}

static void
on_folder_chosen (GtkNativeDialog *dialog,
                  int              response,
                  LecPreferences  *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (folder != NULL)
    path = g_file_get_path (folder);
  if (path != NULL)
    lec_preferences_add_media_folder (self, path);
  g_object_unref (dialog);
}

static void
on_add_folder (LecPreferences *self)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Add Media Folder"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_folder_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * lec_preferences_add_media_folder:
 * @path: an absolute path
 *
 * Adds a folder to look for media in, after those already there.
 */
void
lec_preferences_add_media_folder (LecPreferences *self,
                                  const char     *path)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  g_return_if_fail (LEC_IS_PREFERENCES (self));
  g_return_if_fail (path != NULL && g_path_is_absolute (path));

  folders = g_settings_get_strv (self->settings, "media-folders");
  if (g_strv_contains ((const char * const *) folders, path))
    return;
  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, path);
  result = g_strv_builder_end (builder);
  set_media_folders (self, (const char * const *) result);
}

static void
lec_preferences_class_init (LecPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lec_preferences_finalize;
}

static void
lec_preferences_init (LecPreferences *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *reading = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkStringList *names = gtk_string_list_new (NULL);
  AdwActionRow *size_row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *spin = gtk_spin_button_new_with_range (10, 32, 1);
  AdwPreferencesGroup *playing = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *online = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *add_folder = gtk_button_new_from_icon_name ("list-add-symbolic");

  self->settings = g_settings_new (SCHEMA_ID);

  /* Translators: the style of notes and the window */
  gtk_string_list_append (names, C_("style", "Follow System"));
  gtk_string_list_append (names, C_("style", "Light"));
  gtk_string_list_append (names, C_("style", "Dark"));
  /* Translators: warm, paper-like colours for reading */
  gtk_string_list_append (names, C_("style", "Sepia"));

  self->style_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->style_row), _("Style"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->style_row), _("Sepia shows notes on warm, paper-like colours"));
  adw_combo_row_set_model (self->style_row, G_LIST_MODEL (names));
  g_object_unref (names);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (size_row), _("Text Size"));
  adw_action_row_set_subtitle (size_row, _("Of the note's body text, in pixels, before zoom"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text Size"), -1);
  adw_action_row_add_suffix (size_row, spin);
  adw_action_row_set_activatable_widget (size_row, spin);
  g_settings_bind (self->settings, "font-size", gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin)), "value",
                   G_SETTINGS_BIND_DEFAULT);

  adw_preferences_group_set_title (reading, _("Reading"));
  adw_preferences_group_add (reading, GTK_WIDGET (self->style_row));
  adw_preferences_group_add (reading, GTK_WIDGET (size_row));
  adw_preferences_page_add (page, reading);

  adw_preferences_group_set_title (playing, _("Playing"));
  adw_preferences_group_add (playing,
                             GTK_WIDGET (switch_row (self, _("Scroll Along"),
                                                     _("While the video plays, keep the passage being played in view"),
                                                     "follow-along-scroll")));
  adw_preferences_page_add (page, playing);

  adw_preferences_group_set_title (online, _("Privacy"));
  adw_preferences_group_add (online,
                             GTK_WIDGET (switch_row (self, _("Allow Online Content"),
                                                     _("Show web images in notes, and play a video from YouTube when there is no copy on this computer"),
                                                     "allow-online-content")));
  adw_preferences_page_add (page, online);

  self->media_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->media_rows = g_ptr_array_new ();
  adw_preferences_group_set_title (self->media_group, _("Media Folders"));
  adw_preferences_group_set_description (self->media_group,
                                         _("Where videos and recordings are looked for, after the notes folder"));
  gtk_widget_add_css_class (add_folder, "flat");
  gtk_widget_set_tooltip_text (add_folder, _("Add Folder…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_folder), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Folder…"), -1);
  g_signal_connect_object (add_folder, "clicked", G_CALLBACK (on_add_folder), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->media_group, add_folder);
  adw_preferences_page_add (page, self->media_group);
  media_folders_from_settings (self);
  g_signal_connect_object (self->settings, "changed::media-folders", G_CALLBACK (media_folders_from_settings), self, G_CONNECT_SWAPPED);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  style_from_settings (self);
  g_signal_connect_object (self->settings, "changed::style-variant", G_CALLBACK (style_from_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_row, "notify::selected", G_CALLBACK (style_to_settings), self, G_CONNECT_SWAPPED);
}

LecPreferences *
lec_preferences_new (GtkWindow *parent)
{
  return g_object_new (LEC_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "modal", TRUE,
                       "search-enabled", FALSE,
                       "default-width", 600,
                       "default-height", 620,
                       NULL);
}
