/* test-hostile.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every note has a budget: rendered, read for its facts and indexed, each
 * within a second of processor time and 100 MB, whatever it holds. The
 * hostile notes of tests/hostile/make-hostile go through lectern-cli, each
 * command in a fresh process whose time and peak memory the kernel
 * counts (wait4). Notes past a bound must say so; the ones made just
 * within the bounds must not. */

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-util.h"

#define CPU_BUDGET_SECONDS 1.0
#define MEMORY_BUDGET_KB (100 * 1024)

static char *hostile_dir;   /* every note, side by side */
static char *single_dir;    /* a folder of its own for each note */

/* Notes that cannot be shown in full: each must come with the notice. */
static const char * const must_be_cut[] = {
  "line-10mb", "word-2mb", "table-wide", "table-tall", "table-ragged",
  "wikilinks-100k-paragraph", "wikilinks-100k-lines", "wikilink-openers",
  "markdown-links-100k", "html-anchors-100k", "timestamps-100k",
  "tags-100k", "highlights-100k", "images-50k", "image-embeds-50k",
  "emphasis-nested", "emphasis-underscores", "emphasis-mixed-runs",
  "brackets-nested", "html-divs-deep", "html-attributes-many",
  "callouts-many", "code-blocks-many", "math-many", "lines-1m", "invalid-utf8",
};

typedef struct
{
  double  seconds;
  glong   max_rss_kb;
  int     status;
  char   *out;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs lectern-cli with @args in a fresh process, its index in @cache, and
 * reads what the kernel counted of it. */
static void
run_cli (const char * const *args,
         const char         *cache,
         Run                *run)
{
  g_autofree char *out_path = g_build_filename (hostile_dir, "..", "out.txt", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  struct rusage usage;
  pid_t pid;

  g_ptr_array_add (argv, (char *) g_getenv ("LECTERN_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd = open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = open ("/dev/null", O_WRONLY);

      dup2 (fd, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
      execv (argv->pdata[0], (char **) argv->pdata);
      _exit (127);
    }
  g_assert_cmpint (wait4 (pid, &run->status, 0, &usage), ==, pid);
  run->seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                 (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run->max_rss_kb = usage.ru_maxrss;
  g_assert_true (g_file_get_contents (out_path, &run->out, NULL, NULL));
}

static void
assert_within_budget (const char *what,
                      const char *name,
                      const Run  *run)
{
  g_test_message ("%s %s: %.2f s, %ld MB", what, name, run->seconds, run->max_rss_kb / 1024);
  g_assert_true (WIFEXITED (run->status));
  g_assert_cmpint (WEXITSTATUS (run->status), ==, 0);
  /* Under ASan time and memory say nothing of the budget; what is
   * checked there is that every note gets through. */
  if (!TEST_SANITIZED && (run->seconds > CPU_BUDGET_SECONDS || run->max_rss_kb > MEMORY_BUDGET_KB))
    g_error ("%s of %s took %.2f s and %ld MB: the budget is %.1f s and %d MB",
             what, name, run->seconds, run->max_rss_kb / 1024, CPU_BUDGET_SECONDS, MEMORY_BUDGET_KB / 1024);
}

static char *
cache_for (const char *name)
{
  return g_build_filename (hostile_dir, "..", "cache", name, NULL);
}

static void
test_render (gconstpointer data)
{
  const char *name = data;
  g_autofree char *file = g_strconcat (hostile_dir, "/", name, ".md", NULL);
  /* The index of the folder, which /hostile/index-folder built first. */
  g_autofree char *cache = cache_for ("folder");
  const char *args[] = { "render", file, "--vault", hostile_dir, NULL };
  g_auto(Run) run = { 0 };
  gboolean cut = g_strv_contains (must_be_cut, name);

  run_cli (args, cache, &run);
  assert_within_budget ("render", name, &run);
  g_assert_cmpuint (strlen (run.out), >, 0);
  if (cut)
    g_assert_nonnull (strstr (run.out, "class=\"lec-notice\""));
  if (g_str_has_prefix (name, "bound-"))
    g_assert_null (strstr (run.out, "class=\"lec-notice\""));
  /* Whatever was cut, the page has no markup of the note's own making. */
  g_assert_null (strstr (run.out, "<script"));
  g_assert_null (strstr (run.out, "onerror="));
}

/* The index and the facts of the note alone in its folder. */
static void
test_index (gconstpointer data)
{
  const char *name = data;
  g_autofree char *dir = g_build_filename (single_dir, name, NULL);
  g_autofree char *note = g_strconcat (name, ".md", NULL);
  g_autofree char *cache = cache_for (name);
  const char *index_args[] = { "index", dir, NULL };
  const char *note_args[] = { "note", dir, note, "--json", NULL };
  g_auto(Run) index = { 0 };
  g_auto(Run) facts = { 0 };

  run_cli (index_args, cache, &index);
  assert_within_budget ("index", name, &index);
  g_assert_nonnull (strstr (index.out, "Notes "));

  run_cli (note_args, cache, &facts);
  assert_within_budget ("note", name, &facts);
  g_assert_nonnull (strstr (facts.out, "\"title\""));
}

/* All of them in one folder: the issue that brought these notes in saw
 * 32 s and 494 MB here. Two parse workers may each hold a note. */
static void
test_index_folder (void)
{
  g_autofree char *cache = cache_for ("folder");
  const char *args[] = { "index", hostile_dir, NULL };
  g_auto(Run) run = { 0 };

  run_cli (args, cache, &run);
  g_test_message ("index of every hostile note: %.2f s, %ld MB", run.seconds, run.max_rss_kb / 1024);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  if (!TEST_SANITIZED)
    {
      g_assert_cmpfloat (run.seconds, <, 15.0);
      g_assert_cmpint (run.max_rss_kb, <, 3 * MEMORY_BUDGET_KB);
    }
}

/* Makes the notes, and a folder for each (a link to the same file). The
 * three notes that embed one another share theirs. */
static GPtrArray *
make_notes (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "hostile", "make-hostile", NULL);
  const char *argv[] = { "python3", script, hostile_dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("make-hostile: %s", error->message);

  dir = g_dir_open (hostile_dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *name = g_strndup (entry, strlen (entry) - strlen (".md"));
      g_autofree char *folder = g_build_filename (single_dir, name, NULL);
      g_autofree char *from = g_build_filename (hostile_dir, entry, NULL);
      g_autofree char *to = g_build_filename (folder, entry, NULL);

      if (!g_str_has_suffix (entry, ".md"))
        continue;
      g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
      g_assert_cmpint (link (from, to), ==, 0);
      if (g_str_has_prefix (name, "embeds-fanout-"))
        for (const char *other = "abc"; *other != '\0'; other++)
          {
            g_autofree char *sibling = g_strdup_printf ("embeds-fanout-%c.md", *other);
            g_autofree char *sibling_from = g_build_filename (hostile_dir, sibling, NULL);
            g_autofree char *sibling_to = g_build_filename (folder, sibling, NULL);

            if (!g_str_equal (sibling, entry))
              g_assert_cmpint (link (sibling_from, sibling_to), ==, 0);
          }
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *top = NULL;
  g_autoptr(GPtrArray) names = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_set_prgname ("test-hostile");

  top = g_dir_make_tmp ("lectern-hostile-XXXXXX", NULL);
  g_assert_nonnull (top);
  hostile_dir = g_build_filename (top, "notes", NULL);
  single_dir = g_build_filename (top, "single", NULL);
  names = make_notes ();
  for (guint i = 0; i < G_N_ELEMENTS (must_be_cut); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (names, must_be_cut[i], g_str_equal, NULL));

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *render = g_strconcat ("/hostile/render/", name, NULL);
      g_autofree char *index = g_strconcat ("/hostile/index/", name, NULL);

      g_test_add_data_func (render, name, test_render);
      g_test_add_data_func (index, name, test_index);
    }
  g_test_add_func ("/hostile/index-folder", test_index_folder);

  status = g_test_run ();
  test_remove_tree (top);
  g_free (hostile_dir);
  g_free (single_dir);
  return status;
}
