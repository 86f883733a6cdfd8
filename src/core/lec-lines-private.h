/* lec-lines-private.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

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

/* Whether none of the eight bytes at @p is NUL or above ASCII; if so,
 * they are in @word, the first in its lowest byte. */
static inline gboolean
_lec_ascii8 (const guchar *p,
             guint64      *word)
{
  guint64 w;

  memcpy (&w, p, sizeof w);
  w = GUINT64_FROM_LE (w);
  *word = w;
  return ((w | (w - G_GUINT64_CONSTANT (0x0101010101010101))) & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

/* g_utf8_validate_len (@text, @len, NULL), for a whole note at a time:
 * ASCII (nearly every byte of a note) is passed eight bytes at a time, and
 * GLib checks the runs of other bytes, each on its own, as a character's
 * bytes are all above ASCII. GLib's check of every byte was 2.4 % of a
 * first index's instructions. */
static inline gboolean
_lec_utf8_validate (const char *text,
                    gsize       len)
{
  const guchar *p = (const guchar *) text, *end = p + len;

  while (p < end)
    {
      const guchar *run;

      for (guint64 w; end - p >= 8 && _lec_ascii8 (p, &w); p += 8)
        ;
      for (; p < end && *p < 0x80; p++)
        if (*p == '\0')
          return FALSE;
      for (run = p; p < end && *p >= 0x80; p++)
        ;
      if (p > run && !g_utf8_validate_len ((const char *) run, (gsize) (p - run), NULL))
        return FALSE;
    }
  return TRUE;
}

G_END_DECLS
