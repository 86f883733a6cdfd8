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
#include "test-util.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <unistd.h>

/* The sidebar's width when nobody has dragged its edge (the schema's
 * default). */
#define SIDEBAR_DEFAULT_WIDTH 320
/* The narrowest the note's side may be (its width-request). */
#define NOTE_PANE_MIN_WIDTH 360

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

static gboolean
offline_panel_showing (gpointer data)
{
  return find_status_page (data, _("Not Available Offline")) != NULL;
}

/* The labels under @widget shown cut short with "…", into @cut. */
static void
collect_ellipsized (GtkWidget *widget,
                    GPtrArray *cut)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_ptr_array_add (cut, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_ellipsized (child, cut);
}

static void
assert_nothing_cut (const char *lang,
                    GtkWidget  *widget)
{
  g_autoptr(GPtrArray) cut = g_ptr_array_new ();

  collect_ellipsized (widget, cut);
  for (guint i = 0; i < cut->len; i++)
    g_test_message ("%s: cut short: “%s”", lang, (const char *) cut->pdata[i]);
  g_assert_cmpuint (cut->len, ==, 0);
}

/* In English and in every translation: the sidebar's tabs (Library,
 * Topics, Search, Note) show in full at the sidebar's usual width; the
 * preferences cut no label short and are no wider than in English; the
 * panel of a video that is not here (with "Download for Offline") fits
 * the narrowest note pane. */
static void
test_fits (void)
{
  g_auto(GStrv) langs = languages ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *dir = g_dir_make_tmp ("lectern-l10n-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  int english_window = 0, english_preferences = 0;

  test_write_file (dir, "talk.md", "---\ntitle: A talk\nvideoId: l10nTest123\n---\n\nA moment [00:01:25].\n");
  g_ptr_array_add (all, (gpointer) "C");
  for (guint i = 0; langs[i] != NULL; i++)
    g_ptr_array_add (all, langs[i]);

  for (guint i = 0; i < all->len; i++)
    {
      const char *lang = all->pdata[i];
      LecWindow *window;
      LecPreferences *preferences;
      AdwStatusPage *offline;
      GtkWidget *tabs;
      int tabs_width, window_width, preferences_width, offline_width;

      speak (lang);
      /* Translated at all: the window's tab says so. */
      if (g_strcmp0 (lang, "C") != 0)
        g_assert_cmpstr (_("Library"), !=, "Library");

      window = test_window_new ();
      tabs = find_widget_of_type (GTK_WIDGET (window), GTK_TYPE_STACK_SWITCHER);
      g_assert_nonnull (tabs);
      lec_window_open_folder (window, folder);
      wait_for (vault_loaded, window);
      lec_window_open_note (window, "talk.md");
      wait_for (offline_panel_showing, window);
      offline = find_status_page (GTK_WIDGET (window), _("Not Available Offline"));
      preferences = lec_preferences_new (GTK_WINDOW (window));
      gtk_window_present (GTK_WINDOW (preferences));
      run_for (300);

      tabs_width = natural_width (tabs);
      window_width = min_width (GTK_WIDGET (window));
      preferences_width = min_width (GTK_WIDGET (preferences));
      offline_width = min_width (GTK_WIDGET (offline));
      g_test_message ("%s: tabs %d px, window at least %d px, preferences at least %d px, offline panel at least %d px",
                      lang, tabs_width, window_width, preferences_width, offline_width);
      g_assert_cmpint (tabs_width, <=, SIDEBAR_DEFAULT_WIDTH);
      if (i == 0)
        {
          english_window = window_width;
          english_preferences = preferences_width;
        }
      g_assert_cmpint (window_width, <=, english_window);
      g_assert_cmpint (preferences_width, <=, english_preferences);
      assert_nothing_cut (lang, GTK_WIDGET (preferences));
      g_assert_cmpint (offline_width, <=, NOTE_PANE_MIN_WIDTH);

      gtk_window_destroy (GTK_WINDOW (preferences));
      gtk_window_destroy (GTK_WINDOW (window));
      run_for (50);
    }
  speak ("C");
  test_remove_tree (dir);
}

/* Every shortcut of the shortcuts window shows its keys: its own
 * accelerator, or the application's for its action. Two named only
 * their action, whose keys the window binds itself, and showed none. */
static void
test_shortcuts_show_keys (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (lec_application_new ());
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *overlay;
  guint shortcuts = 0;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  builder = gtk_builder_new_from_resource ("/io/github/lectern/Lectern/gtk/help-overlay.ui");
  overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_nonnull (overlay);

  for (GSList *l = gtk_builder_get_objects (builder); l != NULL; l = g_slist_delete_link (l, l))
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      shortcuts++;
      g_object_get (l->data, "title", &title, "accelerator", &accelerator, "action-name", &action, NULL);
      if (action != NULL)
        accels = gtk_application_get_accels_for_action (app, action);
      g_test_message ("%s: %s %s", title, accelerator ? accelerator : "", action ? action : "");
      g_assert_true ((accelerator != NULL && *accelerator != '\0') || (accels != NULL && accels[0] != NULL));
    }
  g_assert_cmpuint (shortcuts, >, 20);
  gtk_window_destroy (GTK_WINDOW (overlay));
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
  /* "Download for Offline" shows when yt-dlp is on PATH. */
  {
    g_autofree char *bin = g_dir_make_tmp ("lectern-l10n-bin-XXXXXX", NULL);
    g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "fake-yt-dlp", NULL);
    g_autofree char *link = g_build_filename (bin, "yt-dlp", NULL);
    g_autofree char *path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);

    g_assert_cmpint (symlink (fake, link), ==, 0);
    g_setenv ("PATH", path, TRUE);
  }
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
  g_test_add_func ("/l10n/shortcuts-show-keys", test_shortcuts_show_keys);

  return g_test_run ();
}
