/* fuzz-note.c — a whole note through Lectern's pipeline: front matter,
 * markdown, every pass, the facts, transclusion and the HTML
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-common.h"
#include "lec-note.h"

/* Targets starting with a-m (or A-M) are notes of the vault, the rest are
 * topics, so that both kinds of link are rendered. */
static char *
resolve (const char *target,
         gboolean    embed,
         gpointer    user_data)
{
  char c = g_ascii_tolower (target[0]);

  if (c < 'a' || c > 'm')
    return NULL;
  return g_strconcat (target, ".md", NULL);
}

/* Every embedded note is the note itself again: transclusion then meets
 * the same shapes, and its cycle and budget checks are exercised. */
static GBytes *
load (const char *path,
      gpointer    user_data)
{
  return g_bytes_ref (user_data);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  LecNoteEnv env = { resolve, load, bytes };
  g_autoptr(LecNote) note = lec_note_new_full ("Fuzz/fuzzed note.md", bytes, &env);
  g_autofree char *html = NULL;
  GArray *headings, *links, *timestamps;
  const char * const *tags;

  fuzz_check (note != NULL);
  fuzz_check (g_utf8_validate (lec_note_get_title (note), -1, NULL));
  fuzz_check (g_utf8_validate (lec_note_get_plain_text (note), -1, NULL));
  (void) lec_note_get_word_count (note);
  (void) lec_note_get_video_titles (note);
  (void) lec_note_get_warnings (note);

  headings = lec_note_get_headings (note);
  links = lec_note_get_links (note);
  timestamps = lec_note_get_timestamps (note);
  tags = lec_note_get_tags (note);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    fuzz_check (g_utf8_validate (tags[i], -1, NULL));
  /* Positions are within the plain text (topic pages cut around them). */
  for (guint i = 0; i < timestamps->len; i++)
    fuzz_check (g_array_index (timestamps, LecTimestamp, i).plain_pos <= strlen (lec_note_get_plain_text (note)));
  for (guint i = 0; i < links->len; i++)
    fuzz_check (g_array_index (links, LecLink, i).plain_pos <= strlen (lec_note_get_plain_text (note)));

  /* What a topic page asks of the note, for its first few links. */
  for (guint i = 0; i < MIN (links->len, 8); i++)
    {
      int seconds;
      g_free (lec_note_dup_link_context (note, i, &seconds));
    }

  html = lec_note_render_html (note);
  fuzz_check (html != NULL);
  /* The page is valid UTF-8. */
  fuzz_check (g_utf8_validate (html, -1, NULL));

  if (headings->len > 0)
    {
      LecHeading *h = &g_array_index (headings, LecHeading, headings->len - 1);
      g_free (lec_note_render_section_html (note, h->text));
    }

  /* The index's parse, for the facts only, finds what a parse for the
   * page finds (without the vault, as the index parses). */
  {
    g_autoptr(LecNote) page = lec_note_new ("Fuzz/fuzzed note.md", bytes);
    g_autoptr(LecNote) facts = lec_note_new_facts ("Fuzz/fuzzed note.md", bytes);

    fuzz_check (g_str_equal (lec_note_get_plain_text (page), lec_note_get_plain_text (facts)));
    fuzz_check (lec_note_get_word_count (page) == lec_note_get_word_count (facts));
    fuzz_check (lec_note_get_links (page)->len == lec_note_get_links (facts)->len);
    fuzz_check (lec_note_get_timestamps (page)->len == lec_note_get_timestamps (facts)->len);
    fuzz_check (lec_note_get_headings (page)->len == lec_note_get_headings (facts)->len);
  }
  return 0;
}
