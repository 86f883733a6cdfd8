/* bench-util.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Adds the path of every note below @dir (hidden folders skipped, as the
 * vault does) to @paths. */
void
bench_collect_notes (const char *dir,
                     GPtrArray  *paths)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (name[0] == '.')
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        bench_collect_notes (path, paths);
      else if (g_str_has_suffix (name, ".md"))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

/* The @field ("VmRSS", "RssAnon", …) of process @pid's status, in kB; 0
 * if gone. */
static guint64
status_kb (int         pid,
           const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, key)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

static guint64
rss_kb (int pid)
{
  return status_kb (pid, "VmRSS");
}

/* The parent of process @pid, from its stat (the field after the name,
 * which may hold spaces and parentheses). */
static int
parent_of (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *end;
  char state;
  int ppid = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL ||
      sscanf (end + 1, " %c %d", &state, &ppid) != 2)
    return 0;
  return ppid;
}

/**
 * bench_print_memory:
 *
 * Prints the resident memory of this process (`ui_rss_mb`) and of it with
 * every process it started, directly or not (`total_rss_mb`: WebKit's
 * web and network processes, and what the sandbox runs them in), with a
 * line for each of those. Shared pages count in each process, the same
 * way for Lectern and its baseline.
 */
void
bench_print_memory (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) parents = g_array_new (FALSE, FALSE, sizeof (int));
  guint64 self_kb = rss_kb (getpid ()), total_kb = self_kb;
  const char *name;
  gboolean grew = TRUE;

  /* Each process and its parent, read once. */
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      int pid = atoi (name), ppid;

      if (pid <= 0)
        continue;
      ppid = parent_of (pid);
      g_array_append_val (pids, pid);
      g_array_append_val (parents, ppid);
    }
  g_hash_table_add (ours, GINT_TO_POINTER (getpid ()));
  /* Descendants, however deep: until a pass finds no new one. */
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < pids->len; i++)
        {
          int pid = g_array_index (pids, int, i);

          if (!g_hash_table_contains (ours, GINT_TO_POINTER (pid)) &&
              g_hash_table_contains (ours, GINT_TO_POINTER (g_array_index (parents, int, i))))
            {
              g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", pid);
              g_autofree char *comm = NULL;
              guint64 kb = rss_kb (pid);

              g_hash_table_add (ours, GINT_TO_POINTER (pid));
              grew = TRUE;
              total_kb += kb;
              if (g_file_get_contents (comm_path, &comm, NULL, NULL))
                printf ("process_rss_mb=%s:%.1f\n", g_strstrip (comm), kb / 1024.0);
            }
        }
    }
  printf ("ui_rss_anon_mb=%.1f\n", status_kb (getpid (), "RssAnon") / 1024.0);
  printf ("ui_rss_file_mb=%.1f\n", status_kb (getpid (), "RssFile") / 1024.0);
  printf ("ui_rss_mb=%.1f\n", self_kb / 1024.0);
  printf ("total_rss_mb=%.1f\n", total_kb / 1024.0);
}

/* For qsort() and g_array_sort() of doubles, smallest first. */
int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}
