/* fuzz-link-table.c — a link table built from fuzzed notes, resolving
 * fuzzed targets
 *
 * The input is lines. "note PATH|TITLE|ALIAS|ALIAS…" adds a note,
 * "file PATH" an attachment, "del N" removes the Nth note added, and any
 * other line "TARGET|FROM" is resolved (from the note at FROM, if any).
 * Lines before the first target build the table at once; notes after it
 * are added to the table as the index adds them.
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-link-table.h"
#include "lec-note-info.h"

static LecNoteInfo *
note_from_line (const char *line)
{
  g_auto(GStrv) fields = g_strsplit (line, "|", 8);
  LecNoteInfo *info;

  if (fields[0] == NULL || fields[0][0] == '\0')
    return NULL;
  info = lec_note_info_new (fields[0], fields[1] != NULL ? fields[1] : "", NULL);
  if (fields[1] != NULL && fields[2] != NULL)
    lec_note_info_set_aliases (info, (const char * const *) fields + 2);
  return info;
}

static void
unref_note (gpointer info)
{
  if (info != NULL)
    g_object_unref (info);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = fuzz_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (input, "\n", 256);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (unref_note);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LecLinkTable) table = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "note "))
        {
          LecNoteInfo *info = note_from_line (line + 5);

          if (info == NULL)
            continue;
          if (table != NULL)
            lec_link_table_add_note (table, info);
          g_ptr_array_add (notes, info);
        }
      else if (g_str_has_prefix (line, "file ") && line[5] != '\0')
        {
          if (table == NULL)
            g_ptr_array_add (files, g_strdup (line + 5));
        }
      else if (g_str_has_prefix (line, "del "))
        {
          guint64 n = g_ascii_strtoull (line + 4, NULL, 10);

          if (table != NULL && n < notes->len && notes->pdata[n] != NULL)
            {
              lec_link_table_remove_note (table, notes->pdata[n]);
              g_clear_object (&notes->pdata[n]);
            }
        }
      else
        {
          g_auto(GStrv) parts = g_strsplit (line, "|", 2);
          g_autofree char *path = NULL;
          char *heading;

          if (table == NULL)
            table = lec_link_table_new (notes, files);
          if (parts[0] == NULL)
            continue;
          /* Targets come trimmed, without their "#heading". */
          g_strstrip (parts[0]);
          heading = strchr (parts[0], '#');
          if (heading != NULL)
            *heading = '\0';
          path = lec_link_table_resolve (table, parts[0], parts[1]);
          fuzz_check (path == NULL || g_utf8_validate (path, -1, NULL) || !g_utf8_validate (input, -1, NULL));
        }
    }
  return 0;
}
