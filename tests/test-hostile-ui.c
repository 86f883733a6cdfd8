/* test-hostile-ui.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The hostile notes of tests/hostile/make-hostile in a real window: the
 * library of a folder of them appears, each of them opens, the main
 * thread never stalls on one, no web process grows past its bound, and
 * the page the reader asked for last is the one shown. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lec-application.h"
#include "lec-note-view.h"
#include "lec-vault.h"
#include "test-ui.h"
#include "test-util.h"

/* No note may make a web process grow past this (resident, peak). */
#define WEB_PROCESS_MAX_KB (300 * 1024)

/* The longest the main thread may work without going back to its loop,
 * in processor time: a frame or two drawn late is a stutter, more would be
 * a freeze. */
#define MAX_STALL_MS 250

static const char * const hostile[] = {
  "table-wide", "table-tall", "wikilinks-100k-paragraph", "wikilinks-100k-lines",
  "emphasis-nested", "line-10mb", "lines-1m", "word-2mb", "timestamps-100k",
  "html-anchors-100k", "html-divs-deep", "images-50k", "combining-marks",
  "invalid-utf8", "xss-payloads", "yaml-billion-laughs", "math-many",
  "code-blocks-many", "callouts-many", "headings-100k",
  "bound-prose", "bound-table", "bound-wikilinks", "bound-headings", "bound-callouts",
  "bound-code-blocks", "bound-emphasis", "bound-tags",
};

static char *vault_dir;

/* --- the main thread's longest stall ---------------------------------------
 *
 * A tick every 10 ms notes how much processor time the main thread used
 * since the one before: the longest such stretch is the longest the window
 * could not answer because of Lectern's own work. (Wall time between ticks
 * would also count the time the thread waited for a core on a busy
 * machine, which is not the window's fault.) */

typedef struct
{
  gint64 last;
  gint64 longest;
  guint  id;
} Stalls;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer data)
{
  Stalls *s = data;
  gint64 now = thread_cpu_us ();

  s->longest = MAX (s->longest, now - s->last);
  s->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stalls_start (Stalls *s)
{
  *s = (Stalls) { 0 };
  s->last = thread_cpu_us ();
  s->id = g_timeout_add (10, on_tick, s);
}

static guint
stalls_stop (Stalls *s)
{
  on_tick (s);
  g_source_remove (s->id);
  return (guint) (s->longest / 1000);
}

/* --- web processes --------------------------------------------------------- */

static pid_t
parent_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *close;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (close = strrchr (stat, ')')) == NULL)
    return 0;
  /* ") S PPID …" */
  return (pid_t) atoi (close + 4);
}

static gboolean
descends_from_us (pid_t pid)
{
  for (guint depth = 0; pid > 1 && depth < 8; depth++)
    {
      pid = parent_of (pid);
      if (pid == getpid ())
        return TRUE;
    }
  return FALSE;
}

/* The highest peak resident size of our web processes, in KB, since
 * the last call; with @reset, the peaks start again from there
 * (/proc/PID/clear_refs), so that each note is measured on its own. */
static glong
web_processes_peak_kb (gboolean reset)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;
  glong peak = 0;

  g_assert_nonnull (proc);
  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      pid_t pid = (pid_t) atoi (entry);
      g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", entry);
      g_autofree char *status_path = g_strdup_printf ("/proc/%s/status", entry);
      g_autofree char *clear_path = g_strdup_printf ("/proc/%s/clear_refs", entry);
      g_autofree char *comm = NULL;
      g_autofree char *status = NULL;
      const char *hwm;

      if (pid <= 0 || !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_has_prefix (comm, "WebKitWebProces") || !descends_from_us (pid) ||
          !g_file_get_contents (status_path, &status, NULL, NULL) ||
          (hwm = strstr (status, "VmHWM:")) == NULL)
        continue;
      peak = MAX (peak, atol (hwm + strlen ("VmHWM:")));
      if (reset)
        {
          /* Written in place: g_file_set_contents() would replace it. */
          FILE *clear = fopen (clear_path, "w");

          if (clear != NULL)
            {
              fputs ("5", clear);
              fclose (clear);
            }
        }
    }
  return peak;
}

/* --- the tests ------------------------------------------------------------- */

static void
open_vault (LecWindow *window)
{
  g_autoptr(GFile) folder = g_file_new_for_path (vault_dir);
  gint64 start = g_get_monotonic_time ();
  Stalls stalls;
  guint longest;

  /* The window's first frames (and its web process starting) first. */
  run_for (1000);
  start = g_get_monotonic_time ();
  stalls_start (&stalls);
  lec_window_open_folder (window, folder);
  wait_for (vault_loaded, window);
  longest = stalls_stop (&stalls);
  g_test_message ("library of %u hostile notes after %.2f s; longest stall %u ms",
                  g_list_model_get_n_items (lec_vault_get_notes (lec_window_get_vault (window))),
                  (g_get_monotonic_time () - start) / 1e6, longest);
  g_assert_cmpuint (g_list_model_get_n_items (lec_vault_get_notes (lec_window_get_vault (window))), ==,
                    G_N_ELEMENTS (hostile) + 1);
  if (!TEST_SANITIZED)
    g_assert_cmpuint (longest, <=, MAX_STALL_MS);
}

/* Waits until the page says its typesetting is done (at most 10 s), forces
 * its layout, and lets a few frames be drawn. */
static void
laid_out (WebKitWebView *view)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      g_autofree char *done = eval_string (view, "String (document.documentElement.dataset.lecTypeset === 'done')");

      if (g_str_equal (done, "true"))
        break;
      g_usleep (20 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  g_free (eval_string (view, "String (document.body.scrollHeight)"));
  run_for (250);
}

/* Each note opens in the window, past its bounds with the notice; the
 * window keeps answering, and the web process stays within its bound. */
static void
test_open_each (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  gboolean finished = FALSE;

  open_vault (window);
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *path = g_strconcat (hostile[i], ".md", NULL);
      g_autofree char *notices = NULL;
      g_autofree char *scripts = NULL;
      gint64 start = g_get_monotonic_time ();
      Stalls stalls;
      guint longest;
      glong peak;

      finished = FALSE;
      web_processes_peak_kb (TRUE);
      stalls_start (&stalls);
      lec_window_open_note (window, path);
      wait_for (flag_set, &finished);
      /* Typeset, laid out and drawn: the page's typesetting done, its
       * layout forced (reading its height), then a few frames. (A fixed
       * second after each load made this test 20 s longer.) */
      laid_out (view);
      longest = stalls_stop (&stalls);
      peak = web_processes_peak_kb (FALSE);
      notices = eval_string (view, "String(document.querySelectorAll('.lec-notice').length)");
      scripts = eval_string (view, "String(document.querySelectorAll('script, [onerror], [onload]').length)");
      g_test_message ("%s: loaded after %.2f s, longest stall %u ms, web process peak %ld MB, notices %s",
                      hostile[i], (g_get_monotonic_time () - start) / 1e6 - 0.25, longest, peak / 1024, notices);

      g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, path);
      g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (view), "lectern://vault/"));
      g_assert_cmpstr (scripts, ==, "0");
      if (g_str_has_prefix (hostile[i], "bound-"))
        g_assert_cmpstr (notices, ==, "0");
      /* Under ASan the window's own work is several times slower; the
       * web process is not built with it and keeps its bound. */
      if (!TEST_SANITIZED)
        g_assert_cmpuint (longest, <=, MAX_STALL_MS);
      g_assert_cmpint (peak, <=, WEB_PROCESS_MAX_KB);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A reader who asks for another note while a heavy one is still coming
 * gets the one asked for last, and it stays. */
static void
test_last_asked_wins (void)
{
  LecWindow *window = test_window_new ();
  WebKitWebView *view = WEBKIT_WEB_VIEW (lec_window_get_note_view (window));
  gboolean finished = FALSE;
  g_autofree char *title = NULL;

  open_vault (window);
  g_signal_connect (view, "load-changed", G_CALLBACK (on_load_changed), &finished);

  for (guint round = 0; round < 3; round++)
    {
      finished = FALSE;
      lec_window_open_note (window, "table-wide.md");
      lec_window_open_note (window, "bound-prose.md");
      lec_window_open_note (window, "plain.md");
      wait_for (flag_set, &finished);
      run_for (1500);
      g_free (title);
      title = eval_string (view, "document.querySelector('h1.lec-title').textContent");
      g_assert_cmpstr (title, ==, "A plain note");
      g_assert_cmpstr (lec_note_view_get_path (LEC_NOTE_VIEW (view)), ==, "plain.md");
      g_assert_true (g_str_has_suffix (webkit_web_view_get_uri (view), "/plain.md"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
make_vault (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "hostile", "make-hostile", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  int status;

  vault_dir = g_dir_make_tmp ("lectern-hostile-ui-XXXXXX", NULL);
  g_assert_nonnull (vault_dir);
  g_ptr_array_add (argv, "python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, vault_dir);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    g_ptr_array_add (argv, (char *) hostile[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("make-hostile: %s", error->message);

  plain = g_build_filename (vault_dir, "plain.md", NULL);
  g_assert_true (g_file_set_contents (plain, "---\ntitle: A plain note\n---\n\nNothing to see here.\n", -1, NULL));
}

static void
remove_vault (void)
{
  g_autoptr(GDir) dir = g_dir_open (vault_dir, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (vault_dir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (vault_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_set_prgname ("test-hostile-ui");
  state = g_dir_make_tmp ("lectern-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  make_vault ();
  g_test_add_func ("/hostile-ui/open-each", test_open_each);
  g_test_add_func ("/hostile-ui/last-asked-wins", test_last_asked_wins);
  ret = g_test_run ();
  remove_vault ();
  g_rmdir (state);
  return ret;
}
