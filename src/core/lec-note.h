/* lec-note.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lec-front-matter.h"
#include "lec-passes.h"

G_BEGIN_DECLS

#define LEC_TYPE_NOTE (lec_note_get_type ())

G_DECLARE_FINAL_TYPE (LecNote, lec_note, LEC, NOTE, GObject)

/* Of a larger file, only this much is read. */
#define LEC_NOTE_MAX_BYTES (32 * 1024 * 1024)

typedef struct
{
  guint  level;
  char  *text;
  char  *id;               /* unique within the note */
  int    first_timestamp;  /* seconds, or -1 */
} LecHeading;

typedef struct
{
  char     *target;   /* "" for [[#Heading]] */
  char     *heading;  /* after '#', or NULL */
  char     *label;    /* the text shown */
  char     *path;     /* the vault path it resolved to, or NULL */
  gboolean  embed;
  gsize     plain_pos;  /* where its label starts in the plain text */
} LecLink;

typedef struct
{
  guint  seconds;
  char  *shown;      /* as written in the note */
  int    heading;    /* index into the headings, or -1 before the first */
  gsize  context_pos; /* where the plain text it backs starts (see
                         lec_note_dup_timestamp_context()) */
  guint  token_pos;  /* words of the plain text before it */
  gsize  plain_pos;  /* where it stands in the plain text */
} LecTimestamp;

/* A video a channel page lists: "### [Title](https://youtube.com/watch?v=ID)". */
typedef struct
{
  char *video_id;
  char *title;
} LecVideoTitle;

LecNote              *lec_note_new              (const char     *path,
                                                 GBytes         *contents);
LecNote              *lec_note_new_facts        (const char     *path,
                                                 GBytes         *contents);
LecNote              *lec_note_new_full         (const char       *path,
                                                 GBytes           *contents,
                                                 const LecNoteEnv *env);
LecNote              *lec_note_new_for_file     (GFile          *file,
                                                 const char     *path,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
gboolean              lec_note_load_file        (GFile          *file,
                                                 GBytes        **contents,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
const char           *lec_note_get_path         (LecNote        *self);
const char           *lec_note_get_title        (LecNote        *self);
const char           *lec_note_get_video_id     (LecNote        *self);
const LecFrontMatter *lec_note_get_front_matter (LecNote        *self);
GPtrArray            *lec_note_get_warnings     (LecNote        *self);
GArray               *lec_note_get_headings     (LecNote        *self);
GArray               *lec_note_get_links        (LecNote        *self);
GArray               *lec_note_get_timestamps   (LecNote        *self);
const char * const   *lec_note_get_tags         (LecNote        *self);
const char           *lec_note_get_plain_text   (LecNote        *self);
GArray               *lec_note_get_video_titles (LecNote        *self);
char                 *lec_note_dup_link_context (LecNote        *self,
                                                 guint           link,
                                                 int            *seconds);
char                 *lec_note_dup_timestamp_context (LecNote   *self,
                                                 guint           timestamp);
const char           *lec_note_get_source       (LecNote        *self);
guint                 lec_note_get_word_count   (LecNote        *self);
guint                 lec_note_get_lead_tokens  (LecNote        *self);
char                 *lec_note_render_html      (LecNote        *self);
char                 *lec_note_render_section_html (LecNote     *self,
                                                    const char  *heading);

char                 *lec_title_from_path       (const char     *path);

G_END_DECLS
