/* lec-passes.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "lec-markdown.h"

G_BEGIN_DECLS

/* What a node made by one of Lectern's passes stands for; attached to the
 * node as its cmark user data so the facts walk can read it back. */
typedef enum
{
  LEC_NODE_WIKILINK = 1,
  LEC_NODE_EMBED,
  LEC_NODE_TIMESTAMP,
  LEC_NODE_TAG,
  LEC_NODE_MATH,
  LEC_NODE_HIGHLIGHT,
  LEC_NODE_CALLOUT,
  LEC_NODE_CALLOUT_TITLE,
} LecNodeKind;

typedef struct
{
  LecNodeKind  kind;
  guint        seconds;     /* timestamps */
  char        *target;      /* wiki links, embeds: the note or file named */
  char        *heading;     /* wiki links, embeds: after '#', or NULL */
  char        *label;       /* wiki links: the text shown; tags: the name */
  char        *shown;       /* timestamps: the text shown */
  char        *path;        /* wiki links, embeds: the vault path, if resolved */
} LecNodeData;

/* Maps a wiki link target to the vault path of its note or file, or NULL
 * when it names no note (an unresolved topic). */
typedef char *(*LecResolveFunc) (const char *target,
                                 gboolean    embed,
                                 gpointer    user_data);

/* Reads the note at a vault path, for transclusion; NULL when it cannot. */
typedef GBytes *(*LecLoadFunc) (const char *path,
                                gpointer    user_data);

/* What a note can see of its vault while it is parsed. */
typedef struct
{
  LecResolveFunc  resolve;
  LecLoadFunc     load;
  gpointer        user_data;
} LecNoteEnv;

typedef struct
{
  LecMarkdown    *md;
  const char     *video_id;
  /* Plain "[01:02]" and "(01:02)" text counts as a timestamp only in notes
   * that belong to a video or a media file. */
  gboolean        plain_timestamps;
  LecResolveFunc  resolve;
  gpointer        resolve_data;
  GPtrArray      *node_data;   /* owns every LecNodeData */
  /* Parsed for its facts only (the index's parse): the nodes the passes
   * make carry their data and text but no HTML, and link destinations are
   * left as written. Such a tree is never rendered. */
  gboolean        facts_only;
} LecPassContext;

void  lec_pass_comments   (LecPassContext *ctx);
void  lec_pass_math       (LecPassContext *ctx);
void  lec_pass_timestamps (LecPassContext *ctx);
void  lec_pass_wikilinks  (LecPassContext *ctx);
void  lec_pass_highlights (LecPassContext *ctx);
void  lec_pass_tags       (LecPassContext *ctx);
void  lec_pass_callouts   (LecPassContext *ctx);
void  lec_pass_urls       (LecPassContext *ctx);

LecNodeData *lec_node_data (cmark_node *node);
gboolean     lec_node_is_end_marker (cmark_node *node);
void         lec_node_data_free (LecNodeData *data);
char        *lec_heading_slug (const char *text);
char        *lec_html_escape (const char *text,
                              gssize      len);
char        *lec_vault_href  (const char *path,
                              const char *heading);

G_END_DECLS
