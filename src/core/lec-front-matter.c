/* lec-front-matter.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-front-matter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yaml.h>

#include "lec-front-matter.h"

/* libyaml's event parser never expands aliases, so an alias bomb costs one
 * event per alias; the event count bound keeps huge documents linear. */
#define MAX_EVENTS 20000

/* libyaml looks at every open flow collection ("[", "{") at each token, so
 * deep nesting costs time quadratic in the depth (a second for 200 KB of
 * "[" here). Real front matter nests them a level or two. */
#define MAX_FLOW_DEPTH 64

typedef struct
{
  yaml_parser_t   parser;
  LecFrontMatter *fm;
  guint           n_events;
  gboolean        failed;
} Reader;

void
lec_front_matter_free (LecFrontMatter *fm)
{
  if (fm == NULL)
    return;

  g_free (fm->title);
  g_free (fm->video_id);
  g_free (fm->media);
  g_free (fm->date);
  g_free (fm->source);
  g_free (fm->url);
  g_strfreev (fm->tags);
  g_strfreev (fm->aliases);
  g_clear_pointer (&fm->warnings, g_ptr_array_unref);
  g_free (fm);
}

static void
add_warning (LecFrontMatter *fm,
             char           *message)
{
  g_ptr_array_add (fm->warnings, message);
}

/* Returns the length of the line starting at @p (without its line end) and
 * stores the offset of the next line in @next. */
static gsize
line_at (const char *text,
         gsize       len,
         gsize       p,
         gsize      *next)
{
  const char *nl = memchr (text + p, '\n', len - p);
  gsize end = nl != NULL ? (gsize) (nl - text) : len;

  *next = nl != NULL ? end + 1 : len;
  if (end > p && text[end - 1] == '\r')
    end--;
  return end - p;
}

static gboolean
is_fence_line (const char *line,
               gsize       n,
               const char *fence)
{
  if (n < 3 || strncmp (line, fence, 3) != 0)
    return FALSE;
  for (gsize i = 3; i < n; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;
  return TRUE;
}

static gboolean
next_event (Reader       *r,
            yaml_event_t *event)
{
  if (r->failed)
    return FALSE;

  if (++r->n_events > MAX_EVENTS)
    {
      add_warning (r->fm, g_strdup (_("Front matter is too complex and was only partly read")));
      r->failed = TRUE;
      return FALSE;
    }

  if (!yaml_parser_parse (&r->parser, event))
    {
      add_warning (r->fm,
                   g_strdup_printf (_("Front matter is not valid YAML (line %u: %s)"),
                                    (guint) r->parser.problem_mark.line + 1,
                                    r->parser.problem ? r->parser.problem : _("unknown problem")));
      r->failed = TRUE;
      return FALSE;
    }

  return TRUE;
}

/* Skips the node whose start event was just read, including its children. */
static void
skip_node (Reader             *r,
           const yaml_event_t *start)
{
  int depth;

  if (start->type != YAML_SEQUENCE_START_EVENT && start->type != YAML_MAPPING_START_EVENT)
    return;

  depth = 1;
  while (depth > 0)
    {
      yaml_event_t event;

      if (!next_event (r, &event))
        return;
      if (event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT)
        depth++;
      else if (event.type == YAML_SEQUENCE_END_EVENT || event.type == YAML_MAPPING_END_EVENT)
        depth--;
      yaml_event_delete (&event);
    }
}

static char *
scalar_dup (const yaml_event_t *event)
{
  g_autofree char *s = g_strndup ((const char *) event->data.scalar.value,
                                  event->data.scalar.length);

  g_strstrip (s);
  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    return NULL;
  return g_steal_pointer (&s);
}

/* Splits "a, b c" or "#a #b" into words, as Obsidian reads a tag string. */
static void
add_words (GPtrArray  *out,
           const char *s,
           gboolean    is_tags)
{
  g_auto(GStrv) parts = g_strsplit_set (s, is_tags ? ", " : ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *w = g_strstrip (parts[i]);

      if (is_tags)
        while (*w == '#')
          w++;
      if (*w != '\0')
        g_ptr_array_add (out, g_strdup (w));
    }
}

/* Reads a value that may be a scalar or a sequence of scalars. */
static char **
read_list (Reader             *r,
           const yaml_event_t *start,
           gboolean            is_tags)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (start->type == YAML_SCALAR_EVENT)
    {
      g_autofree char *s = scalar_dup (start);

      if (s != NULL)
        add_words (out, s, is_tags);
    }
  else if (start->type == YAML_SEQUENCE_START_EVENT)
    {
      for (;;)
        {
          yaml_event_t event;

          if (!next_event (r, &event))
            break;
          if (event.type == YAML_SEQUENCE_END_EVENT)
            {
              yaml_event_delete (&event);
              break;
            }
          if (event.type == YAML_SCALAR_EVENT)
            {
              g_autofree char *s = scalar_dup (&event);

              if (s != NULL)
                add_words (out, s, is_tags);
            }
          else
            skip_node (r, &event);
          yaml_event_delete (&event);
        }
    }
  else
    skip_node (r, start);

  if (out->len == 0)
    return NULL;
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static char **
scalar_field (LecFrontMatter *fm,
              const char     *key)
{
  static const struct { const char *key; gsize offset; } fields[] = {
    { "title",    G_STRUCT_OFFSET (LecFrontMatter, title) },
    { "videoid",  G_STRUCT_OFFSET (LecFrontMatter, video_id) },
    { "video_id", G_STRUCT_OFFSET (LecFrontMatter, video_id) },
    { "media",    G_STRUCT_OFFSET (LecFrontMatter, media) },
    { "date",     G_STRUCT_OFFSET (LecFrontMatter, date) },
    { "source",   G_STRUCT_OFFSET (LecFrontMatter, source) },
    { "url",      G_STRUCT_OFFSET (LecFrontMatter, url) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_ascii_strcasecmp (key, fields[i].key) == 0)
      return G_STRUCT_MEMBER_P (fm, fields[i].offset);
  return NULL;
}

static void
read_value (Reader             *r,
            const char         *key,
            const yaml_event_t *value)
{
  LecFrontMatter *fm = r->fm;
  char **field;

  if (g_ascii_strcasecmp (key, "tags") == 0 || g_ascii_strcasecmp (key, "tag") == 0)
    {
      g_strfreev (fm->tags);
      fm->tags = read_list (r, value, TRUE);
      return;
    }
  if (g_ascii_strcasecmp (key, "aliases") == 0 || g_ascii_strcasecmp (key, "alias") == 0)
    {
      g_strfreev (fm->aliases);
      fm->aliases = read_list (r, value, FALSE);
      return;
    }

  field = scalar_field (fm, key);
  if (field != NULL && value->type == YAML_SCALAR_EVENT)
    {
      g_free (*field);
      *field = scalar_dup (value);
      return;
    }

  skip_node (r, value);
}

static void
read_mapping (Reader *r)
{
  for (;;)
    {
      yaml_event_t key_event, value_event;
      g_autofree char *key = NULL;

      if (!next_event (r, &key_event))
        return;
      if (key_event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&key_event);
          return;
        }
      if (key_event.type == YAML_SCALAR_EVENT)
        key = g_strndup ((const char *) key_event.data.scalar.value, key_event.data.scalar.length);
      else
        skip_node (r, &key_event);
      yaml_event_delete (&key_event);

      if (!next_event (r, &value_event))
        return;
      if (key != NULL)
        read_value (r, key, &value_event);
      else
        skip_node (r, &value_event);
      yaml_event_delete (&value_event);
    }
}

/* Brackets are counted wherever they stand, quoted or not: an unbalanced
 * one in a title only adds a level, and quotes cannot hide a bomb. */
static gboolean
flow_too_deep (const char *yaml,
               gsize       len)
{
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (yaml[i] == '[' || yaml[i] == '{')
        {
          if (++depth > MAX_FLOW_DEPTH)
            return TRUE;
        }
      else if ((yaml[i] == ']' || yaml[i] == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}

static void
read_yaml (LecFrontMatter *fm,
           const char     *yaml,
           gsize           len)
{
  Reader r = { .fm = fm };

  if (flow_too_deep (yaml, len))
    {
      add_warning (fm, g_strdup (_("Front matter is too complex and was only partly read")));
      return;
    }

  if (!yaml_parser_initialize (&r.parser))
    return;
  yaml_parser_set_input_string (&r.parser, (const unsigned char *) yaml, len);

  for (;;)
    {
      yaml_event_t event;
      gboolean done;

      if (!next_event (&r, &event))
        break;
      done = event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT;
      if (event.type == YAML_MAPPING_START_EVENT)
        read_mapping (&r);
      else if (event.type == YAML_SEQUENCE_START_EVENT)
        skip_node (&r, &event);
      yaml_event_delete (&event);
      if (done)
        break;
    }

  yaml_parser_delete (&r.parser);
}

LecFrontMatter *
lec_front_matter_parse (const char *text,
                        gsize       len)
{
  LecFrontMatter *fm = g_new0 (LecFrontMatter, 1);
  gsize start = 0, p, next, n;

  g_return_val_if_fail (text != NULL || len == 0, fm);

  fm->warnings = g_ptr_array_new_with_free_func (g_free);
  /* An empty note's bytes may be NULL, and even NULL + 0 is undefined. */
  if (len == 0)
    return fm;

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  fm->body_offset = start;

  n = line_at (text, len, start, &next);
  if (!is_fence_line (text + start, n, "---"))
    return fm;

  for (p = next; p < len; p = next)
    {
      n = line_at (text, len, p, &next);
      if (is_fence_line (text + p, n, "---") || is_fence_line (text + p, n, "..."))
        break;
    }

  if (p >= len)
    {
      add_warning (fm, g_strdup (_("Front matter is not closed by a “---” line")));
      return fm;
    }

  fm->present = TRUE;
  fm->body_offset = next;

  if (p - start > LEC_FRONT_MATTER_MAX_BYTES)
    {
      add_warning (fm, g_strdup (_("Front matter is too large and was not read")));
      return fm;
    }
  {
    gsize yaml_start;

    line_at (text, len, start, &yaml_start);
    read_yaml (fm, text + yaml_start, p - yaml_start);
  }

  return fm;
}
