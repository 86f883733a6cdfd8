/* test-l10n.c — the window in each language of po/LINGUAS
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-application.h"
#include "lec-preferences.h"
#include "test-ui.h"

#include <glib/gi18n.h>
#include <locale.h>

/* The sidebar's width when nobody has dragged its edge (the schema's
 * default). */
#define SIDEBAR_DEFAULT_WIDTH 320

static char **
languages (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "po", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) langs = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      g_strdelimit (lines[i], "#", '\0');
      words = g_strsplit_set (lines[i], " \t", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (langs, g_strdup (words[j]));
    }
  g_ptr_array_add (langs, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&langs), FALSE);
}

/* Messages from here on in @lang, from the build's po/LANG/LC_MESSAGES. */
static void
speak (const char *lang)
{
  g_setenv ("LANGUAGE", lang, TRUE);
  /* glibc keeps what it looked up; this makes it look again. */
  {
    extern int _nl_msg_cat_cntr;
    ++_nl_msg_cat_cntr;
  }
}

static gboolean
is_of_type (GtkWidget *widget,
            GType      type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, type);
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (is_of_type (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static int
natural_width (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* The sidebar's tabs (Library, Topics, Search, Note) show in full at the
 * sidebar's usual width, in English and in every translation, and no
 * translation makes the window or its preferences wider than English. */
static void
test_fits (void)
{
  g_auto(GStrv) langs = languages ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  int english_window = 0, english_preferences = 0;

  g_ptr_array_add (all, (gpointer) "C");
  for (guint i = 0; langs[i] != NULL; i++)
    g_ptr_array_add (all, langs[i]);

  for (guint i = 0; i < all->len; i++)
    {
      const char *lang = all->pdata[i];
      LecWindow *window;
      LecPreferences *preferences;
      GtkWidget *tabs;
      int tabs_width, window_width, preferences_width;

      speak (lang);
      /* Translated at all: the window's tab says so. */
      if (g_strcmp0 (lang, "C") != 0)
        g_assert_cmpstr (_("Library"), !=, "Library");

      window = test_window_new ();
      tabs = find_of_type (GTK_WIDGET (window), GTK_TYPE_STACK_SWITCHER);
      g_assert_nonnull (tabs);
      preferences = lec_preferences_new (GTK_WINDOW (window));
      run_for (200);

      tabs_width = natural_width (tabs);
      window_width = min_width (GTK_WIDGET (window));
      preferences_width = min_width (GTK_WIDGET (preferences));
      g_test_message ("%s: tabs %d px, window at least %d px, preferences at least %d px",
                      lang, tabs_width, window_width, preferences_width);
      g_assert_cmpint (tabs_width, <=, SIDEBAR_DEFAULT_WIDTH);
      if (i == 0)
        {
          english_window = window_width;
          english_preferences = preferences_width;
        }
      g_assert_cmpint (window_width, <=, english_window);
      g_assert_cmpint (preferences_width, <=, english_preferences);

      gtk_window_destroy (GTK_WINDOW (preferences));
      gtk_window_destroy (GTK_WINDOW (window));
      run_for (50);
    }
  speak ("C");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po = NULL;

  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-l10n");
  /* A locale other than "C", where glibc would not read LANGUAGE, and the
   * translations of this build. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  lec_application_choose_renderer ();
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();
  /* What GtkApplication loads for the app from its resource base path. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/lectern/Lectern/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/l10n/fits", test_fits);

  return g_test_run ();
}
