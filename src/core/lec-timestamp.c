/* lec-timestamp.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-timestamp"

#include "config.h"

#include "lec-timestamp.h"
#include "lec-sanitize.h"

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

/**
 * lec_youtube_url_parse:
 * @video_id: (out): the video's id
 * @seconds: (out): the time the link starts at (t= or start=), or -1
 *
 * Reads a YouTube video link in any of its forms (watch?v=, youtu.be/,
 * embed/, live/, shorts/, youtube-nocookie), also as the note's page
 * holds it (lec_external_href()).
 */
gboolean
lec_youtube_url_parse (const char  *url,
                       char       **video_id,
                       int         *seconds)
{
  g_autofree char *external = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *id = NULL;
  const char *host, *path, *t = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  external = lec_external_href_to_url (url);
  uri = g_uri_parse (external != NULL ? external : url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);
  if (host == NULL)
    return FALSE;

  if (g_uri_get_query (uri) != NULL)
    params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  if (g_ascii_strcasecmp (host, "youtu.be") == 0)
    id = g_strdup (path[0] == '/' ? path + 1 : path);
  else if (g_str_has_suffix (host, "youtube.com") || g_str_has_suffix (host, "youtube-nocookie.com"))
    {
      if (params != NULL && g_hash_table_lookup (params, "v") != NULL)
        id = g_strdup (g_hash_table_lookup (params, "v"));
      else if (g_str_has_prefix (path, "/embed/") || g_str_has_prefix (path, "/live/") ||
               g_str_has_prefix (path, "/shorts/"))
        id = g_strdup (strchr (path + 1, '/') + 1);
    }
  if (id == NULL || *id == '\0')
    return FALSE;

  if (params != NULL)
    {
      t = g_hash_table_lookup (params, "t");
      if (t == NULL)
        t = g_hash_table_lookup (params, "start");
    }
  if (t == NULL && g_uri_get_fragment (uri) != NULL && g_str_has_prefix (g_uri_get_fragment (uri), "t="))
    t = g_uri_get_fragment (uri) + 2;
  {
    guint s;

    *seconds = t != NULL && lec_timestamp_parse_youtube (t, &s) ? (int) s : -1;
  }
  *video_id = g_steal_pointer (&id);
  return TRUE;
}

/**
 * lec_youtube_id_is_valid:
 * @video_id: (nullable): a note's videoId
 *
 * The one rule for what Lectern takes as a YouTube video id: exactly 11
 * letters, digits, '-' or '_'. Anything else is no YouTube video: it gets
 * no "Open on YouTube", no embed and no download, so a note's value can
 * never add to a URL or be read as an option by yt-dlp.
 */
gboolean
lec_youtube_id_is_valid (const char *video_id)
{
  if (video_id == NULL)
    return FALSE;
  for (guint i = 0; i < LEC_YOUTUBE_ID_LENGTH; i++)
    if (!g_ascii_isalnum (video_id[i]) && video_id[i] != '-' && video_id[i] != '_')
      return FALSE;
  return video_id[LEC_YOUTUBE_ID_LENGTH] == '\0';
}

/**
 * lec_youtube_watch_url:
 * @video_id: a note's videoId
 * @seconds: where to start, or -1 for the start
 *
 * Returns: (transfer full) (nullable): the video's page on YouTube, or
 *   %NULL when @video_id is not a YouTube video id
 */
char *
lec_youtube_watch_url (const char *video_id,
                       int         seconds)
{
  if (!lec_youtube_id_is_valid (video_id))
    return NULL;
  if (seconds < 0)
    return g_strconcat ("https://www.youtube.com/watch?v=", video_id, NULL);
  return g_strdup_printf ("https://www.youtube.com/watch?v=%s&t=%ds", video_id, seconds);
}
