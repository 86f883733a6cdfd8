/* lec-budget.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What made a note too big to render in full. */
typedef enum
{
  LEC_LIMIT_NONE = 0,
  LEC_LIMIT_SIZE,      /* more text than a note is rendered with */
  LEC_LIMIT_LINE,      /* one line (a paragraph, most often) too long */
  LEC_LIMIT_LINES,     /* too many lines */
  LEC_LIMIT_LINKS,     /* too many links and brackets */
  LEC_LIMIT_MARKUP,    /* too many HTML tags */
  LEC_LIMIT_TABLE,     /* a table too wide, or too many cells */
  LEC_LIMIT_EMPHASIS,  /* too many emphasis and other inline delimiters */
  LEC_LIMIT_SYNTAX,    /* too much syntax of every kind together */
  LEC_LIMIT_ENCODING,  /* too many bytes that are not UTF-8 text */
  LEC_LIMIT_BLOCKS,    /* too many callouts or code blocks */
} LecLimit;

typedef struct
{
  gsize    full_len;   /* the bytes from the start rendered in full */
  LecLimit limit;      /* why the rest is not, or LEC_LIMIT_NONE */
} LecBudget;

/* Text past the full part is shown (and indexed) as plain paragraphs, up to
 * this many bytes and lines: WebKit lays out 170,000 short lines of plain
 * text in seven seconds and 370 MB. */
#define LEC_BUDGET_PLAIN_MAX_BYTES (256 * 1024)
#define LEC_BUDGET_PLAIN_MAX_LINES 4000

void        lec_budget_measure      (const char *body,
                                     gsize       len,
                                     LecBudget  *budget);
char       *lec_budget_dup_notice   (LecLimit    limit,
                                     gsize       shown,
                                     gsize       total,
                                     gboolean    cut_short);
char       *lec_budget_plain_html   (const char *text,
                                     gsize       len);
gsize       lec_budget_plain_cut    (const char *text,
                                     gsize       len,
                                     LecLimit    limit);

G_END_DECLS
