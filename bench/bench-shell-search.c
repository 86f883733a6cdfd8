/* bench-shell-search.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GNOME Shell's search costs in Lectern, as the search provider
 * answers it (lec-index-shell.c): for a few queries, the time of
 * GetInitialResultSet (lec_index_shell_find) and GetResultMetas for the
 * five results the Shell shows (lec_index_shell_lookup), and the memory
 * the names read take until they are given back. Prints key=value lines.
 *
 *   bench-shell-search DIR CACHE-DIR
 *
 * DIR must be indexed into CACHE-DIR already (lectern-cli index, with
 * XDG_CACHE_HOME=PARENT-OF-CACHE-DIR); nothing is written. Each query's
 * time is the median of 15 runs; `first_` is the first query of a
 * session, which reads the names from the index (`first_query_cpu_ms`:
 * the processor time of its threads).
 */

#include "config.h"

#include "bench-util.h"

#include "lec-index-shell.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static const char *queries[][3] = {
  { "learning", NULL },
  { "machine", "learning", NULL },
  { "a", NULL },
  { "scal", NULL },
};

/* Processor time of every thread, which a busy machine does not stretch
 * as it does the wall-clock time. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

/* One answer as the Shell asks for it: the ids, then the metas of the
 * first five. */
static double
answer_ms (LecIndexShell      *shell,
           GFile              *root,
           const char * const *terms,
           guint              *n_found)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) ids = lec_index_shell_find (shell, root, terms, 10);

  for (guint i = 0; i < ids->len && i < 5; i++)
    {
      LecShellResult *result = lec_index_shell_lookup (shell, root, ids->pdata[i]);

      g_assert (result != NULL);
      lec_shell_result_free (result);
    }
  *n_found = ids->len;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static char *
query_name (const char * const *terms)
{
  g_autofree char *joined = g_strjoinv ("_", (char **) terms);

  return g_strdup (joined);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(LecIndexShell) shell = NULL;
  double before, held, released, first, cpu;
  guint n;

  if (argc != 3)
    {
      g_printerr ("usage: bench-shell-search DIR CACHE-DIR\n");
      return 1;
    }
  root = g_file_new_for_commandline_arg (argv[1]);
  shell = lec_index_shell_new (argv[2]);

  before = rss_mb ();
  cpu = cpu_ms ();
  first = answer_ms (shell, root, queries[0], &n);
  cpu = cpu_ms () - cpu;
  if (!lec_index_shell_is_held (shell))
    {
      g_printerr ("bench-shell-search: %s has no index in %s\n", argv[1], argv[2]);
      return 1;
    }
  held = rss_mb ();
  printf ("first_query_ms=%.1f\nfirst_query_cpu_ms=%.1f\n", first, cpu);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *name = query_name (queries[q]);
      double times[15];

      for (guint i = 0; i < G_N_ELEMENTS (times); i++)
        times[i] = answer_ms (shell, root, queries[q], &n);
      qsort (times, G_N_ELEMENTS (times), sizeof times[0], bench_compare_doubles);
      printf ("query_%s_ms=%.2f results=%u\n", name, times[G_N_ELEMENTS (times) / 2], n);
    }

  lec_index_shell_release (shell);
  released = rss_mb ();

  printf ("held_mb=%.1f\nafter_release_mb=%.1f\n", held - before, released - before);
  return 0;
}
