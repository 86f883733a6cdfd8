/* test-open-path.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"
#include "lec-error.h"
#include "lec-open-path.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* What `lectern PATH` opens: the vault a note belongs to (issue 17). */

static char *
make_tree (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lectern-open-XXXXXX", &error);
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  test_write_file (dir, "Vault/.obsidian/app.json", "{}\n");
  test_write_file (dir, "Vault/Channel/Video/part_1.md", "# One\n");
  test_write_file (dir, "Vault/top.md", "# Top\n");
  test_write_file (dir, "Vault/Channel/cover.png", "\x89PNG");
  test_write_file (dir, "Loose/Sub/note.md", "# Loose\n");
  /* Not a vault marker: a file named .obsidian. */
  test_write_file (dir, "Loose/.obsidian", "");
  empty = g_build_filename (dir, "Empty", NULL);
  g_assert_no_errno (g_mkdir (empty, 0700));
  return dir;
}

static void
assert_resolves (const char *path,
                 const char *want_folder,
                 const char *want_note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *note = NULL;

  g_assert_true (lec_open_path_resolve (path, &folder, &note, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (folder, ==, want_folder);
  g_assert_cmpstr (note, ==, want_note);
}

static void
test_note_in_obsidian_vault (void)
{
  g_autofree char *dir = make_tree ();
  g_autofree char *vault = g_build_filename (dir, "Vault", NULL);
  g_autofree char *deep = g_build_filename (vault, "Channel", "Video", "part_1.md", NULL);
  g_autofree char *top = g_build_filename (vault, "top.md", NULL);

  /* The nearest folder above that holds .obsidian/, however deep. */
  assert_resolves (deep, vault, "Channel/Video/part_1.md");
  assert_resolves (top, vault, "top.md");
  test_remove_tree (dir);
}

static void
test_loose_note (void)
{
  g_autofree char *dir = make_tree ();
  g_autofree char *sub = g_build_filename (dir, "Loose", "Sub", NULL);
  g_autofree char *note = g_build_filename (sub, "note.md", NULL);

  /* No .obsidian/ folder above it (Loose/.obsidian is a file): the
   * note's own folder. */
  assert_resolves (note, sub, "note.md");
  test_remove_tree (dir);
}

static void
test_folders (void)
{
  g_autofree char *dir = make_tree ();
  g_autofree char *vault = g_build_filename (dir, "Vault", NULL);
  g_autofree char *empty = g_build_filename (dir, "Empty", NULL);
  g_autofree char *messy = g_build_filename (dir, "Vault", "Channel", "..", ".", NULL);
  g_autofree char *channel = g_build_filename (dir, "Vault", "Channel", NULL);

  /* A folder is the vault itself, even inside another one; an empty
   * folder is an empty vault. */
  assert_resolves (vault, vault, NULL);
  assert_resolves (channel, channel, NULL);
  assert_resolves (empty, empty, NULL);
  assert_resolves (messy, vault, NULL);
  test_remove_tree (dir);
}

static void
test_relative (void)
{
  g_autofree char *dir = make_tree ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *vault = g_build_filename (dir, "Vault", NULL);

  g_assert_no_errno (chdir (vault));
  assert_resolves ("Channel/Video/part_1.md", vault, "Channel/Video/part_1.md");
  assert_resolves ("./Channel/../top.md", vault, "top.md");
  g_assert_no_errno (chdir (cwd));
  test_remove_tree (dir);
}

static void
test_not_a_note (void)
{
  g_autofree char *dir = make_tree ();
  g_autofree char *png = g_build_filename (dir, "Vault", "Channel", "cover.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "Vault", "gone.md", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (lec_open_path_resolve (png, &folder, &note, &error));
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE);
  g_assert_nonnull (strstr (error->message, "cover.png"));
  g_assert_null (folder);
  g_assert_null (note);
  g_clear_error (&error);

  g_assert_false (lec_open_path_resolve (missing, &folder, &note, &error));
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.md"));
  g_clear_error (&error);

  /* In a Flatpak, a path that is not there is most often a folder Files
   * gave from outside the sandbox: the message says so, and how. */
  g_setenv ("FLATPAK_ID", "io.github.lectern.Lectern", TRUE);
  g_assert_false (lec_open_path_resolve (missing, &folder, &note, &error));
  g_unsetenv ("FLATPAK_ID");
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.md"));
  g_assert_nonnull (strstr (error->message, "sandbox"));
  g_assert_nonnull (strstr (error->message, "Open Folder"));
  g_clear_error (&error);

  /* A device is not a note either, whatever its name. */
  g_assert_false (lec_open_path_resolve ("/dev/null", &folder, &note, &error));
  g_assert_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE);
  test_remove_tree (dir);
}

/* The runtime folder this test gives GLib, so that its doc/ stands for the
 * document portal's mount. */
static char *runtime_dir;

static void
test_document_portal (void)
{
  g_autofree char *doc = g_build_filename (runtime_dir, "doc", "AB12cd", NULL);
  g_autofree char *note = g_build_filename (doc, "lecture.md", NULL);
  g_autofree char *shared = g_build_filename (runtime_dir, "doc", "Ef34gh", "Vault", NULL);
  g_autofree char *deep = g_build_filename (shared, "Channel", "part_1.md", NULL);
  g_autofree char *host = g_build_filename (runtime_dir, "doc", "by-app", "io.example.App", "AB12cd", NULL);
  g_autofree char *host_note = g_build_filename (host, "lecture.md", NULL);

  /* Files shares one note with a sandboxed Lectern as doc/ID/NOTE.md. A
   * .obsidian/ folder above the portal's mount is not the note's vault:
   * the note opens in the folder the portal shows it in. */
  test_write_file (runtime_dir, ".obsidian/app.json", "{}\n");
  test_write_file (runtime_dir, "doc/AB12cd/lecture.md", "# Lecture\n");
  test_write_file (runtime_dir, "doc/by-app/io.example.App/AB12cd/lecture.md", "# Lecture\n");
  assert_resolves (note, doc, "lecture.md");
  assert_resolves (host_note, host, "lecture.md");

  /* A shared folder is looked up inside as usual. */
  test_write_file (runtime_dir, "doc/Ef34gh/Vault/.obsidian/app.json", "{}\n");
  test_write_file (runtime_dir, "doc/Ef34gh/Vault/Channel/part_1.md", "# One\n");
  assert_resolves (deep, shared, "Channel/part_1.md");

  /* The folder of shared files is the portal's; a shared folder is the
   * user's. */
  g_assert_true (lec_open_path_is_portal_share (doc));
  g_assert_true (lec_open_path_is_portal_share (host));
  g_assert_false (lec_open_path_is_portal_share (shared));
  g_assert_false (lec_open_path_is_portal_share (runtime_dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before GLib reads XDG_RUNTIME_DIR, which it does once. */
  runtime_dir = g_dir_make_tmp ("lectern-runtime-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/open-path/note-in-obsidian-vault", test_note_in_obsidian_vault);
  g_test_add_func ("/open-path/loose-note", test_loose_note);
  g_test_add_func ("/open-path/folders", test_folders);
  g_test_add_func ("/open-path/relative", test_relative);
  g_test_add_func ("/open-path/not-a-note", test_not_a_note);
  g_test_add_func ("/open-path/document-portal", test_document_portal);

  status = g_test_run ();
  test_remove_tree (runtime_dir);
  g_free (runtime_dir);
  return status;
}
