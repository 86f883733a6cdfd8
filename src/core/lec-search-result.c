/* lec-search-result.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-search-result"

#include "config.h"

#include "lec-search-result.h"

/* One hit of a search: the note, a snippet with the matched words between
 * U+0002 and U+0003, and the nearest timestamp before the match (or -1). */
struct _LecSearchResult
{
  GObject parent_instance;

  char *path;
  char *title;
  char *snippet;
  char *video_title;
  int seconds;
};

G_DEFINE_FINAL_TYPE (LecSearchResult, lec_search_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_SNIPPET,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_search_result_finalize (GObject *object)
{
  LecSearchResult *self = (LecSearchResult *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->snippet, g_free);
  g_clear_pointer (&self->video_title, g_free);

  G_OBJECT_CLASS (lec_search_result_parent_class)->finalize (object);
}

static void
lec_search_result_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LecSearchResult *self = LEC_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;

    case PROP_SECONDS:
      g_value_set_int (value, self->seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_search_result_class_init (LecSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_search_result_finalize;
  object_class->get_property = lec_search_result_get_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SECONDS] =
    g_param_spec_int ("seconds", NULL, NULL, -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_search_result_init (LecSearchResult *self)
{
}

LecSearchResult *
lec_search_result_new (const char *path,
                       const char *title,
                       const char *snippet,
                       int seconds)
{
  LecSearchResult *self = g_object_new (LEC_TYPE_SEARCH_RESULT, NULL);

  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->snippet = g_strdup (snippet);
  self->seconds = seconds;
  return self;
}

const char *
lec_search_result_get_path (LecSearchResult *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_RESULT (self), NULL);

  return self->path;
}

const char *
lec_search_result_get_title (LecSearchResult *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_RESULT (self), NULL);

  return self->title;
}

const char *
lec_search_result_get_snippet (LecSearchResult *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_RESULT (self), NULL);

  return self->snippet;
}

/* The title of the note's video, as the library shows it, or NULL. */
const char *
lec_search_result_get_video_title (LecSearchResult *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_RESULT (self), NULL);

  return self->video_title;
}

void
lec_search_result_set_video_title (LecSearchResult *self,
                                   const char      *video_title)
{
  g_return_if_fail (LEC_IS_SEARCH_RESULT (self));

  g_free (self->video_title);
  self->video_title = g_strdup (video_title);
}

int
lec_search_result_get_seconds (LecSearchResult *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_RESULT (self), 0);

  return self->seconds;
}
