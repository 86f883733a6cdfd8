/* lec-preferences.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-preferences"

#include "config.h"

#include "lec-preferences.h"

#include <glib/gi18n.h>

/* Preferences: how notes look, and whether they scroll along with the
 * video. Every row writes GSettings at once; the
 * window listens to GSettings, so a change shows while the dialog is open
 * and in every window. */

static const char * const styles[] = { "system", "light", "dark", "sepia" };

struct _LecPreferences
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwComboRow          *style_row;
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

  G_OBJECT_CLASS (lec_preferences_parent_class)->finalize (object);
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
  AdwActionRow *follow_row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *follow = gtk_switch_new ();

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

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (follow_row), _("Scroll Along"));
  adw_action_row_set_subtitle (follow_row, _("While the video plays, keep the passage being played in view"));
  gtk_widget_set_valign (follow, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (follow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scroll Along"), -1);
  adw_action_row_add_suffix (follow_row, follow);
  adw_action_row_set_activatable_widget (follow_row, follow);
  g_settings_bind (self->settings, "follow-along-scroll", follow, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_set_title (playing, _("Playing"));
  adw_preferences_group_add (playing, GTK_WIDGET (follow_row));
  adw_preferences_page_add (page, playing);
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
                       NULL);
}
