/* lec-slug.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-slug"

#include "config.h"

#include "lec-slug.h"

/**
 * lec_slugify:
 *
 * The slug a topic is known by in real vaults: "Reinforcement Learning (RL)"
 * → "reinforcement_learning_rl". Letters and digits are kept (lower case,
 * accents removed), every other run of characters becomes one underscore,
 * and apostrophes vanish ("Meta's" → "metas").
 */
char *
lec_slugify (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *lower = NULL;
  GString *out;
  gboolean gap = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  /* Plain ASCII (nearly every target and title in real vaults) needs no
   * Unicode normalisation: the same rule, byte by byte, into a buffer of
   * the text's length (the slug is never longer). GNOME Shell's search
   * slugs every title of a vault at its first key. */
  {
    const char *p;

    for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
      ;
    if (*p == '\0')
      {
        char *slug = g_malloc (p - text + 1);
        char *o = slug;

        for (p = text; *p != '\0'; p++)
          {
            char c = *p;

            if (c == '\'')
              continue;
            if (c >= 'A' && c <= 'Z')
              c += 'a' - 'A';
            else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
              {
                gap = TRUE;
                continue;
              }
            if (gap && o > slug)
              *o++ = '_';
            gap = FALSE;
            *o++ = c;
          }
        *o = '\0';
        return slug;
      }
  }

  /* g_utf8_normalize() reads past the end of a cut sequence before it
   * refuses it, and a file's name may be any bytes: each bad byte is read
   * as U+FFFD, which is no letter. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      folded = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
    }
  else
    folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (folded == NULL)
    return g_strdup ("");
  lower = g_utf8_strdown (folded, -1);
  out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* Combining marks left by NFKD are the accents: drop them. */
      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (c == '\'' || c == 0x2019)
        continue;
      if (g_unichar_isalnum (c))
        {
          if (gap && out->len > 0)
            g_string_append_c (out, '_');
          gap = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        gap = TRUE;
    }

  return g_string_free (out, FALSE);
}

/**
 * lec_humanize_slug:
 *
 * A topic's display name from its slug:
 * "aidriven_personalization_and_applications" → "Aidriven personalization
 * and applications".
 */
char *
lec_humanize_slug (const char *slug)
{
  g_autofree char *spaced = NULL;
  GString *out;

  g_return_val_if_fail (slug != NULL, NULL);

  /* Any bytes may come in (a topic key, a link's target): the walk
   * below is by character, and would step over the end of an invalid
   * sequence. */
  if (g_utf8_validate (slug, -1, NULL))
    spaced = g_strdup (slug);
  else
    spaced = g_utf8_make_valid (slug, -1);
  g_strdelimit (spaced, "_-", ' ');
  g_strstrip (spaced);
  out = g_string_new (NULL);

  for (const char *p = spaced; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' && out->len > 0 && out->str[out->len - 1] == ' ')
        continue;
      if (out->len == 0)
        c = g_unichar_totitle (c);
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
