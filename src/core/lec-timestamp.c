/* lec-timestamp.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-timestamp"

#include "config.h"

#include "lec-timestamp.h"

#include <string.h>

/* Reads 1 to @max_digits ASCII digits at *p. */
static gboolean
read_number (const char **p,
             const char  *end,
             guint        min_digits,
             guint        max_digits,
             guint       *value)
{
  guint n = 0, v = 0;

  while (*p < end && g_ascii_isdigit (**p))
    {
      if (++n > max_digits)
        return FALSE;
      v = v * 10 + (guint) (**p - '0');
      (*p)++;
    }
  *value = v;
  return n >= min_digits;
}

/**
 * lec_timestamp_parse:
 * @text: "H:MM:SS", "HH:MM:SS", "MM:SS" or "M:SS", optionally in square
 *   brackets or parentheses and surrounded by spaces
 * @len: length of @text, or -1 when it is nul-terminated
 * @seconds: (out): the time in seconds
 *
 * Minutes and seconds after the first field must be two digits below 60, so
 * "00:99:99", "00:00:00:00" and "mm:ss" are refused — real vaults contain
 * all of them.
 */
gboolean
lec_timestamp_parse (const char *text,
                     gssize      len,
                     guint      *seconds)
{
  const char *p, *end;
  guint fields[3];
  guint n_fields = 0;
  guint total;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  end = text + (len < 0 ? strlen (text) : (gsize) len);

  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  if (end - p >= 2 && ((*p == '[' && end[-1] == ']') || (*p == '(' && end[-1] == ')')))
    {
      p++;
      end--;
    }

  for (;;)
    {
      gboolean first = n_fields == 0;

      if (n_fields == 3)
        return FALSE;
      if (!read_number (&p, end, first ? 1 : 2, first ? 3 : 2, &fields[n_fields]))
        return FALSE;
      if (!first && fields[n_fields] >= 60)
        return FALSE;
      n_fields++;
      if (p == end)
        break;
      if (*p != ':')
        return FALSE;
      p++;
    }

  if (n_fields < 2)
    return FALSE;

  if (n_fields == 3)
    {
      if (fields[0] > 99)
        return FALSE;
      total = fields[0] * 3600 + fields[1] * 60 + fields[2];
    }
  else
    total = fields[0] * 60 + fields[1];

  if (total > LEC_TIMESTAMP_MAX_SECONDS)
    return FALSE;

  *seconds = total;
  return TRUE;
}

/**
 * lec_timestamp_parse_youtube:
 * @value: the value of a YouTube `t=` or `start=` parameter: "85", "85s",
 *   "1m25s", "1h2m3s"
 * @seconds: (out): the time in seconds
 */
gboolean
lec_timestamp_parse_youtube (const char *value,
                             guint      *seconds)
{
  const char *p = value;
  guint64 total = 0;
  int last_unit = 4;

  g_return_val_if_fail (value != NULL, FALSE);

  if (*p == '\0')
    return FALSE;

  while (*p != '\0')
    {
      guint64 n = 0;
      guint digits = 0;
      int unit;

      while (g_ascii_isdigit (*p))
        {
          if (++digits > 6)
            return FALSE;
          n = n * 10 + (guint64) (*p++ - '0');
        }
      if (digits == 0)
        return FALSE;

      switch (*p)
        {
        case 'h': unit = 3; n *= 3600; p++; break;
        case 'm': unit = 2; n *= 60; p++; break;
        case 's': unit = 1; p++; break;
        case '\0': unit = 0; break;
        default: return FALSE;
        }

      /* Units come largest first, each at most once; a bare number ends it. */
      if (unit >= last_unit || (unit == 0 && last_unit != 4))
        return FALSE;
      last_unit = unit;
      total += n;
    }

  if (total > LEC_TIMESTAMP_MAX_SECONDS)
    return FALSE;

  *seconds = (guint) total;
  return TRUE;
}

/* "01:25" under an hour, "1:02:03" from an hour on. */
char *
lec_timestamp_format (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  return g_strdup_printf ("%02u:%02u", seconds / 60, seconds % 60);
}
