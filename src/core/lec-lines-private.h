/* lec-lines-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the core's line scanners share (lec-budget.c and the pre-pass of
 * lec-markdown.c), which read a note's bytes a line at a time between
 * two pointers, without a NUL at the line's end. */

/* Whether the line from @p to @end holds only spaces and tabs (and the
 * "\r" of a CRLF line end), as markdown's blank line does. */
static inline gboolean
_lec_line_is_blank (const char *p,
                    const char *end)
{
  for (; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

G_END_DECLS
