/* lectern-cli.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lectern-cli"

#include "config.h"

#include "lec-error.h"
#include "lec-index.h"
#include "lec-note.h"
#include "lec-vault.h"

#include <json-glib/json-glib.h>

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static int cmd_render (int argc, char **argv);
static int cmd_note (int argc, char **argv);
static int cmd_index (int argc, char **argv);
static int cmd_search (int argc, char **argv);
static int cmd_topics (int argc, char **argv);

static const Command commands[] = {
  { "render", N_("NOTE.md [--vault DIR]"), N_("Print a note as a sanitized HTML fragment"), cmd_render },
  { "index", N_("DIR [--json]"), N_("Index (or refresh) a notes folder and print what it holds"), cmd_index },
  { "search", N_("DIR QUERY [--json] [--limit N]"), N_("Search a notes folder"), cmd_search },
  { "topics", N_("DIR [--json]"), N_("List the topics of a notes folder with their note counts"), cmd_topics },
  { "note", N_("DIR NOTE.md --json"), N_("Print a note’s facts: title, headings, links, tags, timestamps"), cmd_note },
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

/* @text, then spaces up to @width columns: printf's "%-20s" counts bytes,
 * and a translated "Chaînes" or "Vídeos" has more bytes than letters. */
static void
print_padded (FILE       *out,
              const char *text,
              glong       width)
{
  fputs (text, out);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    fputc (' ', out);
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n  lectern-cli %s\n\n%s\n",
           _("Usage:"), _("COMMAND [ARGUMENTS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].args));

      fputs ("  ", out);
      print_padded (out, usage, 32);
      fprintf (out, " %s\n", _(commands[i].summary));
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

static LecVault *open_vault (const char  *dir,
                             GError     **error);
static LecIndex *open_index (const char     *dir,
                             LecIndexStats  *stats,
                             GError        **error);

static int
cmd_render (int    argc,
            char **argv)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LecNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *name = NULL;
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(LecLinkTable) links = NULL;
  g_autofree char *from = NULL;
  LecVaultLinks vault_links = { 0 };
  LecNoteEnv env;
  GOptionEntry entries[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, &vault_dir, N_("The notes folder the note belongs to"), N_("DIR") },
    { NULL }
  };
  int status = 0;

  if (!parse_options ("render", entries, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return fail (_("render: expected one note file (see lectern-cli --help)"));

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!lec_note_load_file (file, &bytes, NULL, &error))
    return fail ("%s", error->message);

  name = g_file_get_basename (file);
  if (vault_dir != NULL)
    {
      g_autoptr(LecIndex) index = NULL;

      vault = open_vault (vault_dir, &error);
      if (vault == NULL)
        return fail ("%s", error->message);
      /* The index knows every note's name: reopening it is cheap. */
      index = open_index (vault_dir, NULL, &error);
      if (index == NULL)
        return fail ("%s", error->message);
      links = lec_index_dup_link_table (index);
      from = g_file_get_relative_path (lec_vault_get_root (vault), file);
    }

  vault_links = (LecVaultLinks) { vault, links, from != NULL ? from : name };
  env = lec_vault_links_env (&vault_links);
  note = lec_note_new_full (vault_links.from, bytes, vault != NULL ? &env : NULL);
  html = lec_note_render_html (note);
  fputs (html, stdout);

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strv (JsonBuilder        *b,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static JsonNode *
note_to_json (LecNote *note)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const LecFrontMatter *fm = lec_note_get_front_matter (note);
  GArray *headings = lec_note_get_headings (note);
  GArray *links = lec_note_get_links (note);
  GArray *timestamps = lec_note_get_timestamps (note);
  GPtrArray *warnings = lec_note_get_warnings (note);

  json_builder_begin_object (b);
  add_string (b, "path", lec_note_get_path (note));
  add_string (b, "title", lec_note_get_title (note));
  add_string (b, "videoId", fm->video_id);
  add_string (b, "media", fm->media);
  add_string (b, "date", fm->date);
  add_string (b, "source", fm->source != NULL ? fm->source : fm->url);
  add_strv (b, "aliases", (const char * const *) fm->aliases);
  add_strv (b, "tags", lec_note_get_tags (note));
  json_builder_set_member_name (b, "wordCount");
  json_builder_add_int_value (b, lec_note_get_word_count (note));

  json_builder_set_member_name (b, "headings");
  json_builder_begin_array (b);
  for (guint i = 0; i < headings->len; i++)
    {
      const LecHeading *h = &g_array_index (headings, LecHeading, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_int_value (b, h->level);
      add_string (b, "text", h->text);
      add_string (b, "id", h->id);
      json_builder_set_member_name (b, "firstTimestamp");
      if (h->first_timestamp >= 0)
        json_builder_add_int_value (b, h->first_timestamp);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "links");
  json_builder_begin_array (b);
  for (guint i = 0; i < links->len; i++)
    {
      const LecLink *l = &g_array_index (links, LecLink, i);

      json_builder_begin_object (b);
      add_string (b, "target", l->target);
      add_string (b, "heading", l->heading);
      add_string (b, "label", l->label);
      add_string (b, "path", l->path);
      json_builder_set_member_name (b, "embed");
      json_builder_add_boolean_value (b, l->embed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "timestamps");
  json_builder_begin_array (b);
  for (guint i = 0; i < timestamps->len; i++)
    {
      const LecTimestamp *t = &g_array_index (timestamps, LecTimestamp, i);
      g_autofree char *context = lec_note_dup_timestamp_context (note, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_int_value (b, t->seconds);
      add_string (b, "shown", t->shown);
      add_string (b, "heading", t->heading >= 0 ? g_array_index (headings, LecHeading, t->heading).text : NULL);
      add_string (b, "context", context);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (warnings, i));
  json_builder_end_array (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The vault at @dir, checked: a missing, non-folder or unreadable DIR is
 * reported, as a line, through @error. */
static LecVault *
open_vault (const char  *dir,
            GError     **error)
{
  g_autoptr(GFile) root = g_file_new_for_commandline_arg (dir);

  if (!lec_walk_check_root (root, error))
    return NULL;
  return lec_vault_new (root);
}

static int
cmd_note (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(LecVault) vault = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) arg_file = NULL;
  g_autoptr(LecNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(LecLinkTable) links = NULL;
  LecVaultLinks vault_links = { 0 };
  LecNoteEnv env;
  g_autofree char *rel = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (!parse_options ("note", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return fail (_("note: expected a folder and a note in it (see lectern-cli --help)"));
  if (!json)
    return fail (_("note: only --json output is available"));

  vault = open_vault (argv[1], &error);
  if (vault == NULL)
    return fail ("%s", error->message);

  /* The note may be given relative to DIR or as a path inside it. */
  arg_file = g_file_new_for_commandline_arg (argv[2]);
  rel = g_file_get_relative_path (lec_vault_get_root (vault), arg_file);
  if (rel == NULL)
    rel = g_strdup (argv[2]);
  file = lec_vault_resolve_path (vault, rel, &error);
  if (file == NULL)
    return fail ("%s", error->message);

  if (!lec_note_load_file (file, &bytes, NULL, &error))
    return fail ("%s", error->message);

  /* Links resolve as the page's do (render --vault): through the index. */
  index = open_index (argv[1], NULL, NULL);
  links = index != NULL ? lec_index_dup_link_table (index) : NULL;
  vault_links = (LecVaultLinks) { vault, links, rel };
  env = lec_vault_links_env (&vault_links);
  note = lec_note_new_full (rel, bytes, links != NULL ? &env : NULL);

  root = note_to_json (note);
  {
    g_autoptr(GPtrArray) backlinks = index != NULL ? lec_index_backlinks (index, rel, NULL) : NULL;
    JsonArray *array = json_array_new ();

    for (guint i = 0; backlinks != NULL && i < backlinks->len; i++)
      json_array_add_string_element (array, backlinks->pdata[i]);
    json_object_set_array_member (json_node_get_object (root), "backlinks", array);
  }
  out = json_to_string (root, TRUE);
  puts (out);

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

/* The index of @dir, brought up to date; notices go to stderr. */
static LecIndex *
open_index (const char     *dir,
            LecIndexStats  *stats,
            GError        **error)
{
  g_autoptr(GFile) root = g_file_new_for_commandline_arg (dir);
  g_autoptr(LecIndex) index = lec_index_open (root, NULL, error);

  if (index == NULL || !lec_index_update (index, NULL, NULL, stats, NULL, error))
    return NULL;
  if (lec_index_get_notice (index) != NULL)
    fprintf (stderr, "lectern-cli: %s\n", lec_index_get_notice (index));
  return g_steal_pointer (&index);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *out = json_to_string (root, TRUE);

  puts (out);
}

static int
cmd_index (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  LecIndexStats st = { 0 };
  int status = 0;

  if (!parse_options ("index", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (_("index: expected one folder (see lectern-cli --help)"));

  index = open_index (argv[1], &st, &error);
  if (index == NULL)
    return fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const struct { const char *name; gint64 value; } fields[] = {
        { "notes", st.notes }, { "bytes", (gint64) st.bytes }, { "parsed", st.parsed },
        { "removed", st.removed }, { "linksResolved", st.links_resolved },
        { "linksUnresolved", st.links_unresolved }, { "topics", st.topics },
        { "timestamps", st.timestamps }, { "videos", st.videos }, { "channels", st.channels },
        { "warnings", st.warnings }, { "elapsedMs", st.elapsed_ms },
      };

      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          json_builder_set_member_name (b, fields[i].name);
          json_builder_add_int_value (b, fields[i].value);
        }
      add_string (b, "index", lec_index_get_db_path (index));
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      const struct { const char *label; guint64 value; } rows[] = {
        { N_("Notes"), st.notes }, { N_("Bytes"), st.bytes }, { N_("Read now"), st.parsed },
        { N_("Removed"), st.removed }, { N_("Links resolved"), st.links_resolved },
        { N_("Links unresolved"), st.links_unresolved }, { N_("Topics"), st.topics },
        { N_("Timestamps"), st.timestamps }, { N_("Videos"), st.videos },
        { N_("Channels"), st.channels }, { N_("Warnings"), st.warnings },
        { N_("Milliseconds"), (guint64) st.elapsed_ms },
      };

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          print_padded (stdout, _(rows[i].label), 20);
          printf (" %" G_GUINT64_FORMAT "\n", rows[i].value);
        }
    }

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

/* The snippet with its match markers as the terminal shows them. */
static char *
plain_snippet (const char *snippet,
               gboolean    json)
{
  GString *out = g_string_new (NULL);

  for (const char *p = snippet; p != NULL && *p != '\0'; p++)
    {
      if (*p == '\x02')
        g_string_append (out, json ? "<mark>" : "\033[1m");
      else if (*p == '\x03')
        g_string_append (out, json ? "</mark>" : "\033[0m");
      else if (*p == '\n')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static int
cmd_search (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  int limit = 20;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Print at most N results"), N_("N") },
    { NULL }
  };
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse_options ("search", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return fail (_("search: expected a folder and a query (see lectern-cli --help)"));
  if (limit <= 0)
    return fail (_("search: --limit must be a positive number"));

  index = open_index (argv[1], NULL, &error);
  if (index == NULL)
    return fail ("%s", error->message);
  hits = lec_index_search (index, argv[2], (guint) limit, &error);
  if (hits == NULL)
    return fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < hits->len; i++)
        {
          LecSearchHit *hit = hits->pdata[i];
          g_autofree char *snippet = plain_snippet (hit->snippet, TRUE);

          json_builder_begin_object (b);
          add_string (b, "path", hit->path);
          add_string (b, "title", hit->title);
          add_string (b, "snippet", snippet);
          json_builder_set_member_name (b, "seconds");
          if (hit->seconds >= 0)
            json_builder_add_int_value (b, hit->seconds);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else
    for (guint i = 0; i < hits->len; i++)
      {
        LecSearchHit *hit = hits->pdata[i];
        g_autofree char *snippet = plain_snippet (hit->snippet, !isatty (fileno (stdout)));

        printf ("%s — %s\n  %s\n", hit->title, hit->path, snippet);
      }

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

static int
cmd_topics (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(LecIndex) index = NULL;
  g_autoptr(GPtrArray) topics = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse_options ("topics", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return fail (_("topics: expected one folder (see lectern-cli --help)"));

  index = open_index (argv[1], NULL, &error);
  if (index == NULL)
    return fail ("%s", error->message);
  topics = lec_index_topics (index, &error);
  if (topics == NULL)
    return fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < topics->len; i++)
        {
          LecTopic *t = topics->pdata[i];

          json_builder_begin_object (b);
          add_string (b, "name", t->name);
          add_string (b, "key", t->key);
          add_string (b, "path", t->path);
          json_builder_set_member_name (b, "notes");
          json_builder_add_int_value (b, t->notes);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
    }
  else
    for (guint i = 0; i < topics->len; i++)
      {
        LecTopic *t = topics->pdata[i];

        printf ("%5u  %s%s\n", t->notes, t->name, t->path == NULL ? _(" (no note)") : "");
      }

  return fflush (stdout) == 0 ? 0 : fail (_("cannot write the output"));
}

/* The core logs, as messages, what the app's journal keeps (an index
 * rebuilt or kept in memory); lectern-cli says each of those once, in one
 * line of its own, so messages show only when G_MESSAGES_DEBUG asks. */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) != 0 && g_getenv ("G_MESSAGES_DEBUG") == NULL)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Run from the build tree, lectern-cli speaks that build's translations,
 * as the app does: meson builds each as po/LANG/LC_MESSAGES/lectern.mo. */
static const char *
locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

  return g_strcmp0 (dir, BUILD_ROOT "/src/cli") == 0 ? BUILD_ROOT "/po" : LOCALEDIR;
}

int
main (int    argc,
      char **argv)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return fail (_("expected a command (see lectern-cli --help)"));

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
