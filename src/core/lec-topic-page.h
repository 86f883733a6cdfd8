/* lec-topic-page.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lec-index.h"
#include "lec-note.h"

G_BEGIN_DECLS

/* One place a note names the topic. */
typedef struct
{
  guint  link;      /* its index among the note's links: "lec-link-N" in the page */
  char  *label;     /* the link's text */
  char  *context;   /* the sentence it stands in */
  int    seconds;   /* the timestamp backing it, or -1 */
} LecMention;

typedef struct
{
  char   *path;
  char   *title;
  char   *video_id;     /* nullable */
  char   *video_title;  /* nullable */
  GArray *mentions;     /* LecMention */
  guint   more;         /* mentions past those a page shows of one note */
} LecTopicNote;

/* Everything a topic page shows: every note that mentions the topic,
 * grouped by video, each mention in its sentence with its timestamp. */
typedef struct
{
  char      *key;        /* the resolved note's path, or the slug */
  char      *name;
  char      *note_path;  /* the topic's own note, or NULL */
  GPtrArray *notes;      /* LecTopicNote, in the index's order */
} LecTopicPage;

LecTopicPage *lec_topic_page_new         (const char              *key,
                                          const char              *name,
                                          const char              *note_path);
void          lec_topic_page_free        (LecTopicPage            *page);
gboolean      lec_topic_page_add_note    (LecTopicPage            *page,
                                          const LecMentioningNote *row,
                                          LecNote                 *note);
guint         lec_topic_page_count_mentions (LecTopicPage         *page);
char         *lec_topic_page_render_html (LecTopicPage            *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecTopicPage, lec_topic_page_free)

G_END_DECLS
