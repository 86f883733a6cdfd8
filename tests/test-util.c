/* test-util.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests share: writing fixture vaults and removing them.
 */

#include "config.h"

#include "test-util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* Writes @contents at @rel below @dir, making the folders on the way. */
void
test_write_file (const char *dir,
                 const char *rel,
                 const char *contents)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Removes @path and all below it, never following a link out. */
void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* The processor time this thread has used: other tests and programs
 * running beside it do not count against it. */
double
test_thread_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Root reads every file whatever its mode, so a test that a file nobody may
 * read is reported needs a process that is not root. Fills @user with the
 * user to become: oneself when not root, else "nobody". Returns FALSE when
 * root cannot become nobody here (no such user, no right to switch), or
 * nobody could not run @executable (nullable). The check runs in a forked
 * child, so this process stays who it is. */
gboolean
test_unprivileged_user (TestUser   *user,
                        const char *executable)
{
  struct passwd *pw;
  int status = 0;
  pid_t pid;

  user->uid = geteuid ();
  user->gid = getegid ();
  if (user->uid != 0)
    return TRUE;

  pw = getpwnam ("nobody");
  if (pw == NULL || pw->pw_uid == 0)
    return FALSE;
  user->uid = pw->pw_uid;
  user->gid = pw->pw_gid;

  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      if (!test_become_user (user) || (executable != NULL && access (executable, X_OK) != 0))
        _exit (1);
      _exit (0);
    }
  return waitpid (pid, &status, 0) == pid && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Switches this process to @user for good (nothing to do when it is that
 * user already). Safe in a child between fork and exec. */
gboolean
test_become_user (const TestUser *user)
{
  if (geteuid () == user->uid)
    return TRUE;
  return setgroups (0, NULL) == 0 && setgid (user->gid) == 0 && setuid (user->uid) == 0 &&
         geteuid () == user->uid;
}

/* The elements the sanitiser lets through, as the tests of pages and of
 * the sanitiser expect them. */
const char * const test_allowed_tags[] = {
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
  "blockquote", "pre", "code", "kbd", "samp", "var", "b", "i", "strong", "em",
  "u", "s", "strike", "del", "ins", "mark", "sub", "sup", "small", "abbr",
  "cite", "q", "dfn", "time", "a", "img", "ul", "ol", "li", "dl", "dt", "dd",
  "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup",
  "col", "details", "summary", "figure", "figcaption", "ruby", "rt", "rp",
  "wbr", "section", "article", "aside", "header", "footer", "nav", "input",
  NULL
};

/* Overwrites the first page of @table in the index file at @db (closed),
 * with bytes no page has: damage that only what reads @table meets. */
void
test_damage_table (const char *db,
                   const char *table)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *garbage = NULL;
  int root, page_size;
  FILE *fp;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                             " FROM sqlite_master WHERE name = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  page_size = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  g_assert_cmpint (root, >, 1);
  g_assert_cmpint (page_size, >=, 512);

  garbage = g_malloc (page_size);
  memset (garbage, 0xab, page_size);
  fp = fopen (db, "r+b");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, (long) (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, page_size, fp), ==, (gsize) page_size);
  fclose (fp);
}
