/* lec-index-parse.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"
#include "lec-error.h"
#include "lec-note.h"
#include "lec-note-info.h"
#include "lec-slug.h"

#include <string.h>

/* What the parse workers do, on every core: a note read and parsed,
 * reduced to the rows the writer puts in the index (see
 * lec-index-update.c). Nothing here touches the database. */

void
_lec_index_file_state_free (FileState *fs)
{
  g_free (fs->path);
  g_free (fs->abs_path);
  g_free (fs);
}

void
_lec_index_link_row_clear (LinkRow *l)
{
  g_free (l->target);
  g_free (l->heading);
  g_free (l->slug);
}

static void
video_title_clear (LecVideoTitle *v)
{
  g_free (v->video_id);
  g_free (v->title);
}

void
_lec_index_parsed_free (Parsed *p)
{
  g_free (p->title);
  g_free (p->sort_key);
  g_free (p->video_id);
  g_free (p->channel);
  g_strfreev (p->aliases);
  g_strfreev (p->tags);
  g_free (p->aliases_text);
  g_free (p->tags_text);
  g_free (p->headings_text);
  g_free (p->body);
  g_clear_pointer (&p->body_z, g_bytes_unref);
  g_clear_pointer (&p->timestamps, g_bytes_unref);
  g_clear_pointer (&p->links, g_array_unref);
  g_clear_pointer (&p->videos, g_array_unref);
  g_clear_pointer (&p->problems, g_ptr_array_unref);
  g_free (p);
}

static GBytes *
pack_timestamps (GArray *timestamps)
{
  guint8 *out = g_malloc (timestamps->len * 8 + 1);

  for (guint i = 0; i < timestamps->len; i++)
    {
      const LecTimestamp *t = &g_array_index (timestamps, LecTimestamp, i);
      guint32 v[2] = { GUINT32_TO_LE (t->seconds), GUINT32_TO_LE (t->token_pos) };

      memcpy (out + i * 8, v, 8);
    }
  return g_bytes_new_take (out, timestamps->len * 8);
}

static char *
join_strv (const char * const *strv)
{
  return strv != NULL ? g_strjoinv ("\n", (char **) strv) : g_strdup ("");
}

static char *
channel_of (LecNote    *note,
            const char *path)
{
  const char *slash = strchr (path, '/');

  if (slash != NULL)
    return g_strndup (path, slash - path);
  return g_strdup (lec_note_get_source (note));
}

static GArray *
link_rows (LecNote *note)
{
  GArray *links = lec_note_get_links (note);
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (LinkRow), links->len);

  g_array_set_clear_func (rows, (GDestroyNotify) _lec_index_link_row_clear);
  for (guint i = 0; i < links->len; i++)
    {
      const LecLink *l = &g_array_index (links, LecLink, i);
      LinkRow row;

      if (*l->target == '\0')
        continue;
      row.target = g_strdup (l->target);
      row.heading = g_strdup (l->heading);
      row.slug = lec_slugify (l->target);
      row.embed = l->embed;
      row.odd = strchr (row.target, '/') != NULL || !g_str_is_ascii (row.target);
      if (g_str_equal (row.slug, row.target))
        g_clear_pointer (&row.slug, g_free);
      g_array_append_val (rows, row);
    }
  return rows;
}

static GArray *
video_rows (LecNote *note)
{
  GArray *videos = lec_note_get_video_titles (note);
  GArray *rows = g_array_sized_new (FALSE, FALSE, sizeof (LecVideoTitle), videos->len);

  g_array_set_clear_func (rows, (GDestroyNotify) video_title_clear);
  for (guint i = 0; i < videos->len; i++)
    {
      const LecVideoTitle *v = &g_array_index (videos, LecVideoTitle, i);
      LecVideoTitle row = { g_strdup (v->video_id), g_strdup (v->title) };

      g_array_append_val (rows, row);
    }
  return rows;
}

static char *
headings_text (LecNote *note)
{
  GArray *headings = lec_note_get_headings (note);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < headings->len; i++)
    {
      g_string_append (text, g_array_index (headings, LecHeading, i).text);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
parsed_fill (Parsed  *p,
             LecNote *note)
{
  const LecFrontMatter *fm = lec_note_get_front_matter (note);
  GPtrArray *warnings = lec_note_get_warnings (note);

  p->parsed = TRUE;
  p->title = g_strdup (lec_note_get_title (note));
  p->sort_key = lec_note_info_make_sort_key (p->title);
  p->video_id = g_strdup (fm->video_id);
  p->channel = channel_of (note, p->state->path);
  p->aliases = g_strdupv (fm->aliases);
  p->tags = g_strdupv ((char **) lec_note_get_tags (note));
  p->aliases_text = join_strv ((const char * const *) fm->aliases);
  p->tags_text = join_strv (lec_note_get_tags (note));
  p->headings_text = headings_text (note);
  p->body = g_strdup (lec_note_get_plain_text (note));
  p->body_z = _lec_index_deflate_text (p->body);
  p->timestamps = pack_timestamps (lec_note_get_timestamps (note));
  p->lead = lec_note_get_lead_tokens (note);
  p->words = lec_note_get_word_count (note);
  p->links = link_rows (note);
  p->videos = video_rows (note);
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (p->problems, g_strdup_printf ("%s: %s", p->state->path,
                                                   (const char *) warnings->pdata[i]));
}

Parsed *
_lec_index_parse_note (FileState *fs)
{
  Parsed *p = g_new0 (Parsed, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fs->abs_path);

  p->state = fs;
  p->problems = g_ptr_array_new_with_free_func (g_free);
  if (lec_note_load_file (file, &bytes, NULL, &error))
    {
      g_autoptr(LecNote) note = lec_note_new_facts (fs->path, bytes);

      parsed_fill (p, note);
    }
  /* Gone since the walk found it (or a folder now): it was removed, and
   * the next update sees what is there. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
           !g_error_matches (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE))
    {
      p->denied = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_ptr_array_add (p->problems, g_strdup_printf ("%s: %s", fs->path, error->message));
    }
  return p;
}
