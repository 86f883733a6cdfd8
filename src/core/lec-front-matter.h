/* lec-front-matter.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The YAML block at the top of a note, reduced to the keys Lectern knows.
 * Parsing never fails: a broken block leaves the fields it could not read
 * empty and adds a warning, and the note's body still renders. */
typedef struct
{
  char      *title;
  char      *video_id;
  char      *media;
  char      *date;
  char      *source;
  char      *url;
  char     **tags;
  char     **aliases;
  GPtrArray *warnings;
  /* Offset in the note's text where the markdown body starts. */
  gsize      body_offset;
  gboolean   present;
} LecFrontMatter;

/* Front matter larger than this is not parsed (the body still renders). */
#define LEC_FRONT_MATTER_MAX_BYTES (256 * 1024)

LecFrontMatter *lec_front_matter_parse (const char     *text,
                                        gsize           len);
void            lec_front_matter_free  (LecFrontMatter *fm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecFrontMatter, lec_front_matter_free)

G_END_DECLS
