/* lec-markdown.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <cmark-gfm.h>

G_BEGIN_DECLS

/* A markdown body parsed by cmark-gfm with the GFM extensions, together
 * with the exact text it was parsed from (so passes can read the source of
 * a node by its position). */
typedef struct _LecMarkdown LecMarkdown;

/* Bodies larger than this are parsed without the autolink extension, whose
 * cost in cmark-gfm 0.29.0.gfm.6 grows too fast on megabytes of text. */
#define LEC_MARKDOWN_AUTOLINK_MAX_BYTES (2 * 1024 * 1024)

gboolean     lec_markdown_parses_in_parallel (void);
LecMarkdown *lec_markdown_parse      (const char  *text,
                                      gsize        len);
void         lec_markdown_free       (LecMarkdown *md);
cmark_node  *lec_markdown_get_root   (LecMarkdown *md);
const char  *lec_markdown_get_source (LecMarkdown *md,
                                      gsize       *len);
const char  *lec_markdown_find       (const char  *text,
                                      gsize        len,
                                      const char  *sign);
gboolean     lec_markdown_node_source (LecMarkdown *md,
                                      cmark_node  *node,
                                      const char **start,
                                      gsize       *len);
char        *lec_markdown_render     (LecMarkdown *md);
char        *lec_markdown_render_node (LecMarkdown *md,
                                      cmark_node  *node);
cmark_node  *lec_markdown_node_new   (cmark_node_type type);
gpointer     lec_markdown_begin_changes (LecMarkdown *md);
void         lec_markdown_end_changes (gpointer     previous);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecMarkdown, lec_markdown_free)

G_END_DECLS
