/* test-cli.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmpdir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* In the child, before lectern-cli starts: become the user given. */
static void
become_user (gpointer data)
{
  if (!test_become_user (data))
    _exit (126);
}

/* In the child: a disk that takes no more than 16 KB in any file. A write
 * past it fails with EFBIG, as one on a full disk fails with ENOSPC,
 * rather than stopping the process. */
static void
fill_disk (gpointer data)
{
  struct rlimit limit = { 16 * 1024, 16 * 1024 };

  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    _exit (126);
}

static void
run_cliv (Run                  *run,
          GSpawnChildSetupFunc  setup,
          gpointer              setup_data,
          const char           *cache,
          const char           *first,
          va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("LECTERN_CLI"));
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, setup, setup_data, NULL);
  if (cache != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cliv (run, NULL, NULL, NULL, first, args);
  va_end (args);
}

/* Runs lectern-cli as @user. */
static void
run_cli_as (Run            *run,
            const TestUser *user,
            const char     *first,
            ...)
{
  va_list args;

  va_start (args, first);
  run_cliv (run, become_user, (gpointer) user, NULL, first, args);
  va_end (args);
}

/* Runs lectern-cli with its index in @cache, on a full disk. */
static void
run_cli_disk_full (Run        *run,
                   const char *cache,
                   const char *first,
                   ...)
{
  va_list args;

  va_start (args, first);
  run_cliv (run, fill_disk, NULL, cache, first, args);
  va_end (args);
}

/* A failure is one line on stderr, naming the program, and status 1. */
static void
assert_one_line_error (Run        *run,
                       const char *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "lectern-cli: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (needle != NULL && strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in stderr: %s", needle, run->err);
}

static void
test_help_and_version (void)
{
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };

  run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "render"));

  run_cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "lectern-cli " PACKAGE_VERSION "\n");
}

static void
test_render (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "note.md", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path,
                                      "---\ntitle: A note\nvideoId: abc\n---\n\n"
                                      "## Optics\n\nLight bends <a class=\"yt-timestamp\" data-t=\"00:01:25\">[00:01:25]</a>.\n\n"
                                      "| a | b |\n|---|---|\n| 1 | 2 |\n", -1, NULL));
  run_cli (&run, "render", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "<h2 id=\"optics\">"));
  g_assert_nonnull (strstr (run.out, "<td>2</td>"));
  g_assert_nonnull (strstr (run.out, "<a class=\"lec-ts\" href=\"lectern-seek:85\" data-seconds=\"85\">[00:01:25]</a>"));
  /* The front matter is not part of the body. */
  g_assert_null (strstr (run.out, "videoId"));
}

static void
test_render_in_vault (void)
{
  const char *vault = g_getenv ("LECTERN_SAMPLE_NOTES_DIR");
  g_autofree char *note = g_build_filename (vault, "OpenSkies", "light_gathering_and_aperture.md", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) not_folder = { 0 };

  /* Wiki links to notes of the vault resolve to their files. */
  run_cli (&run, "render", note, "--vault", vault, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "href=\"lectern://vault/OpenSkies/dark_adaptation_of_the_human_eye.md\""));
  g_assert_nonnull (strstr (run.out, "lec-unresolved"));

  run_cli (&json, "note", vault, "OpenSkies/light_gathering_and_aperture.md", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"title\" : \"Light gathering and aperture\""));
  g_assert_nonnull (strstr (json.out, "\"seconds\" : 5"));
  /* Its links resolve as the page's do. */
  g_assert_nonnull (strstr (json.out, "\"path\" : \"OpenSkies/dark_adaptation_of_the_human_eye.md\""));

  {
    g_auto(Run) index = { 0 };
    g_auto(Run) search = { 0 };
    g_auto(Run) topics = { 0 };
    g_auto(Run) bad = { 0 };

    run_cli (&index, "index", vault, "--json", NULL);
    g_assert_cmpint (index.status, ==, 0);
    g_assert_nonnull (strstr (index.out, "\"notes\" : 12"));
    g_assert_nonnull (strstr (index.out, "\"videos\" : 3"));

    run_cli (&search, "search", vault, "light bucket", "--json", "--limit", "2", NULL);
    g_assert_cmpint (search.status, ==, 0);
    g_assert_nonnull (strstr (search.out, "OpenSkies/light_gathering_and_aperture.md"));
    g_assert_nonnull (strstr (search.out, "\"seconds\" : 12"));

    run_cli (&topics, "topics", vault, "--json", NULL);
    g_assert_cmpint (topics.status, ==, 0);
    g_assert_nonnull (strstr (topics.out, "\"name\" : \"The electromagnetic spectrum\""));

    run_cli (&bad, "search", vault, "x", "--limit", "0", NULL);
    assert_one_line_error (&bad, "--limit");
  }

  run_cli (&missing, "note", "/nonexistent/lectern", "x.md", "--json", NULL);
  assert_one_line_error (&missing, "does not exist");
  run_cli (&not_folder, "render", note, "--vault", note, NULL);
  assert_one_line_error (&not_folder, "not a folder");
}

/* A broken note is not bad input: it renders, and its facts say what is
 * wrong with it. */
static void
test_malformed_note (void)
{
  static const char text[] = "---\ntitle: [unclosed\n---\nBody \xff\xfe and \x00 a NUL, [[link]] "
                             "<a class=\"yt-timestamp\" data-t=\"HH:99:99\"></a> <script>x</script>\n";
  g_autofree char *dir = g_build_filename (tmpdir, "broken", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.md", NULL);
  g_auto(Run) render = { 0 };
  g_auto(Run) json = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, sizeof text - 1, NULL));

  run_cli (&render, "render", path, NULL);
  g_assert_cmpint (render.status, ==, 0);
  g_assert_cmpstr (render.err, ==, "");
  g_assert_true (g_utf8_validate (render.out, -1, NULL));
  g_assert_nonnull (strstr (render.out, "a NUL"));
  g_assert_null (strstr (render.out, "<script"));

  run_cli (&json, "note", dir, "broken.md", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  g_assert_nonnull (strstr (json.out, "\"title\" : \"broken\""));
  g_assert_nonnull (strstr (json.out, "not valid YAML"));
  g_assert_nonnull (strstr (json.out, "\"target\" : \"link\""));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *fifo = g_build_filename (tmpdir, "pipe.md", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.md", NULL);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL);
    assert_one_line_error (&run, "expected a command");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "frobnicate", NULL);
    assert_one_line_error (&run, "unknown command");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "render", missing, NULL);
    assert_one_line_error (&run, "missing.md");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "render", tmpdir, NULL);
    assert_one_line_error (&run, "folder");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "render", fifo, NULL);
    assert_one_line_error (&run, "regular file");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "render", NULL);
    assert_one_line_error (&run, "expected one note");
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, "render", "--no-such-option", missing, NULL);
    assert_one_line_error (&run, "no-such-option");
  }

  g_unlink (fifo);
}

/* A note its reader may not read. Root reads every file anyway, so under
 * root lectern-cli runs as the user nobody, on a note of root's with mode
 * 000 in a folder nobody may enter. */
static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_auto(Run) run = { 0 };
  TestUser user;

  if (!test_unprivileged_user (&user, g_getenv ("LECTERN_CLI")))
    {
      g_test_skip ("Running as root, and the user nobody cannot be switched to or cannot run lectern-cli");
      return;
    }

  dir = g_dir_make_tmp ("lectern-cli-locked-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  locked = g_build_filename (dir, "locked.md", NULL);
  g_assert_true (g_file_set_contents (locked, "---\ntitle: Locked\n---\nSecret\n", -1, NULL));
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  run_cli_as (&run, &user, "render", locked, NULL);
  assert_one_line_error (&run, "locked.md");
  g_assert_nonnull (strstr (run.err, g_strerror (EACCES)));

  g_unlink (locked);
  g_rmdir (dir);
}

/* One line on stderr, naming the program and saying @needle, and a run
 * that did its work (status 0). */
static void
assert_one_line_notice (Run        *run,
                        const char *needle)
{
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_prefix (run->err, "lectern-cli: "));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (strstr (run->err, needle) == NULL)
    g_error ("expected “%s” in stderr: %s", needle, run->err);
}

/* A damaged index: rebuilt, with one line saying so, and the answer. */
static void
test_damaged_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault = g_dir_make_tmp ("lectern-cli-vault-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  const char *cuts[] = { "garbage, not a database, not at all, just words", "x" };

  g_assert_no_error (error);
  test_write_file (vault, "a.md", "---\ntitle: A\n---\nThe word zirconium.\n");
  {
    g_auto(Run) run = { 0 };
    const char *start, *end;

    run_cli (&run, "index", "--json", vault, NULL);
    g_assert_cmpint (run.status, ==, 0);
    start = strstr (run.out, "\"index\" : \"");
    g_assert_nonnull (start);
    start += strlen ("\"index\" : \"");
    end = strchr (start, '"');
    db = g_strndup (start, end - start);
    wal = g_strconcat (db, "-wal", NULL);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_auto(Run) run = { 0 };
      g_auto(Run) again = { 0 };

      g_assert_true (g_file_set_contents (db, cuts[i], -1, NULL));
      g_unlink (wal);
      run_cli (&run, "search", vault, "zirconium", NULL);
      assert_one_line_notice (&run, "rebuilt");
      g_assert_nonnull (strstr (run.out, "a.md"));

      run_cli (&again, "search", vault, "zirconium", NULL);
      g_assert_cmpint (again.status, ==, 0);
      g_assert_cmpstr (again.err, ==, "");
    }
  test_remove_tree (vault);
}

/* The disk full: the answer all the same, and one line saying the index
 * could not be saved. */
static void
test_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault = g_dir_make_tmp ("lectern-cli-vault-XXXXXX", &error);
  g_autofree char *cache = g_dir_make_tmp ("lectern-cli-cache-XXXXXX", &error);
  g_auto(Run) run = { 0 };

  g_assert_no_error (error);
  test_write_file (vault, "a.md", "---\ntitle: A\n---\nThe word zirconium.\n");
  run_cli_disk_full (&run, cache, "search", vault, "zirconium", NULL);
  assert_one_line_notice (&run, "could not be saved");
  g_assert_nonnull (strstr (run.out, "a.md"));

  test_remove_tree (vault);
  test_remove_tree (cache);
}

/* The column of an "index" line's number, in characters. */
static glong
value_column (const char *line)
{
  const char *space = strrchr (line, ' ');

  g_assert_nonnull (space);
  return g_utf8_pointer_to_offset (line, space);
}

/* Run from the build tree, lectern-cli speaks the build's translations,
 * and its table of counts stays in columns when the labels have more
 * bytes than letters ("Vídeos", "Chaînes"). */
static void
test_translated (void)
{
  const char *vault = g_getenv ("LECTERN_SAMPLE_NOTES_DIR");
  const char *langs[] = { "fr", "es" };
  g_autofree char *cache = g_dir_make_tmp ("lectern-cli-cache-XXXXXX", NULL);
  g_autofree char *shared_cache = g_strdup (g_getenv ("XDG_CACHE_HOME"));

  /* An index of its own: one made here in C.UTF-8 would be another
   * collation's for the window tests that share the build's cache. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_auto(Run) help = { 0 };
      g_auto(Run) index = { 0 };
      g_auto(GStrv) lines = NULL;

      g_setenv ("LANGUAGE", langs[i], TRUE);
      run_cli (&help, "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_null (strstr (help.out, "Usage:"));
      g_assert_null (strstr (help.out, "Commands:"));

      run_cli (&index, "index", vault, NULL);
      g_test_message ("%s", index.out);
      g_assert_cmpint (index.status, ==, 0);
      lines = g_strsplit (g_strchomp (index.out), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), >, 10);
      for (guint j = 1; lines[j] != NULL; j++)
        g_assert_cmpint (value_column (lines[j]), ==, value_column (lines[0]));
    }
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LANG");
  if (shared_cache != NULL)
    g_setenv ("XDG_CACHE_HOME", shared_cache, TRUE);
  else
    g_unsetenv ("XDG_CACHE_HOME");
  test_remove_tree (cache);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LECTERN_CLI"));
  tmpdir = g_dir_make_tmp ("lectern-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/render", test_render);
  g_test_add_func ("/cli/render-in-vault", test_render_in_vault);
  g_test_add_func ("/cli/malformed-note", test_malformed_note);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/unreadable", test_unreadable);
  g_test_add_func ("/cli/damaged-index", test_damaged_index);
  g_test_add_func ("/cli/disk-full", test_disk_full);
  g_test_add_func ("/cli/translated", test_translated);

  ret = g_test_run ();

  {
    g_autofree char *note = g_build_filename (tmpdir, "note.md", NULL);

    g_unlink (note);
    g_rmdir (tmpdir);
  }
  return ret;
}
