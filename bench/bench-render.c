/* bench-render.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders every note below a folder through Lectern's full pipeline (read,
 * front matter, cmark-gfm, passes, facts, HTML, sanitiser) in one process
 * and prints: notes, bytes, and the best wall time of several rounds.
 * build-aux/bench compares it with the bare cmark-gfm tool.
 */

#include "config.h"

#include "bench-util.h"
#include "lec-note.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 3;
  gint64 best = G_MAXINT64;
  guint64 bytes = 0, html_bytes = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-render DIR [ROUNDS]\n");
      return 1;
    }

  bench_collect_notes (argv[1], paths);
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);

  for (guint r = 0; r < MAX (rounds, 1); r++)
    {
      gint64 start = g_get_monotonic_time ();

      bytes = html_bytes = 0;
      for (guint i = 0; i < paths->len; i++)
        {
          const char *path = paths->pdata[i];
          g_autoptr(GFile) file = g_file_new_for_path (path);
          g_autoptr(LecNote) note = lec_note_new_for_file (file, path, NULL, NULL);
          g_autofree char *html = NULL;

          if (note == NULL)
            continue;
          html = lec_note_render_html (note);
          html_bytes += strlen (html);
        }
      best = MIN (best, g_get_monotonic_time () - start);

      for (guint i = 0; i < paths->len; i++)
        {
          GStatBuf st;

          if (g_stat (paths->pdata[i], &st) == 0)
            bytes += st.st_size;
        }
    }

  printf ("notes=%u\nbytes=%" G_GUINT64_FORMAT "\nhtml_bytes=%" G_GUINT64_FORMAT "\nbest_us=%" G_GINT64_FORMAT "\n",
          paths->len, bytes, html_bytes, best);
  return 0;
}
