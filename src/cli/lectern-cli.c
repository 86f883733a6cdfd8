/* lectern-cli.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lectern-cli"

#include "config.h"

#include "lec-error.h"
#include "lec-note.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static int cmd_render (int argc, char **argv);

static const Command commands[] = {
  { "render", N_("NOTE.md [--vault DIR]"), N_("Print a note as a sanitized HTML fragment"), cmd_render },
};

/* Every failure ends here: one line a person can act on, and status 1. */
static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "lectern-cli: %s\n", message);
  return 1;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n  lectern-cli %s\n\n%s\n",
           _("Usage:"), _("COMMAND [ARGUMENTS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].args));

      fprintf (out, "  %-32s %s\n", usage, _(commands[i].summary));
    }
  fprintf (out, "\n%s\n  %-32s %s\n  %-32s %s\n",
           _("Options:"),
           "-h, --help", _("Show this help"),
           "--version", _("Show the version"));
}

/* Parses a command's own options; fails with a clear line on unknown ones. */
static gboolean
parse_options (const char    *command,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = fail ("%s: %s", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_render (int    argc,
            char **argv)
{
  g_autofree char *vault = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(LecNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  GOptionEntry entries[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &vault, N_("The notes folder the note belongs to"), N_("DIR") },
    { NULL }
  };
  int status = 0;

  if (!parse_options ("render", entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return fail (_("render: expected one note file (see lectern-cli --help)"));

  file = g_file_new_for_commandline_arg (argv[1]);
  note = lec_note_new_for_file (file, NULL, NULL, &error);
  if (note == NULL)
    return fail (_("cannot read “%s”: %s"), argv[1], error->message);

  html = lec_note_render_html (note);
  fputs (html, stdout);

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return 1;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("lectern-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  return fail (_("unknown command “%s” (see lectern-cli --help)"), argv[1]);
}
