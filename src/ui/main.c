/* main.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-application.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

/* A developer who runs _build/src/ui/lectern directly gets a working app:
 * the build tree's compiled settings schema (GSettings aborts the process
 * when a schema is missing), its translations and the source tree's
 * sample notes. Only for that binary, and only where the environment does
 * not say otherwise. */
static void
use_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  g_autofree char *compiled = g_build_filename (BUILD_SCHEMAS_DIR, "gschemas.compiled", NULL);
  g_autofree char *locale_dir = g_build_filename (BUILD_ROOT, "po", NULL);

  if (dir == NULL || g_strcmp0 (dir, BUILD_UI_DIR) != 0)
    return;

  /* meson builds each language as po/LANG/LC_MESSAGES/lectern.mo, so
   * LANGUAGE=fr shows the French of this build, not an installed one. */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      if (!g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
        {
          /* Translators: %s is a folder, such as "/home/me/lectern/_build" */
          g_printerr (_("Lectern’s settings schema is missing from the build: run “meson compile -C %s”"),
                      BUILD_ROOT);
          g_printerr ("\n");
          exit (EXIT_FAILURE);
        }
      g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMAS_DIR, TRUE);
    }
  g_setenv ("LECTERN_SAMPLE_NOTES_DIR", SOURCE_SAMPLE_NOTES_DIR, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LecApplication) app = NULL;

  /* Before any message: GTK sets the locale only as the app starts up,
   * after --help and the messages above have been printed. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  use_build_tree ();
  lec_application_choose_renderer ();
  app = lec_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
