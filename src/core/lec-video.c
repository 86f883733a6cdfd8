/* lec-video.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-video"

#include "config.h"

#include "lec-video.h"
#include "lec-note-info.h"

/* A video of a channel, and the notes made from it (a model of
 * LecNoteInfo). Notes with no video id gather in a video with id NULL. */
struct _LecVideo
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *sort_key;  /* of the title, for strcmp() */
  GListStore *notes;
};

G_DEFINE_FINAL_TYPE (LecVideo, lec_video, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_video_finalize (GObject *object)
{
  LecVideo *self = (LecVideo *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_object (&self->notes);

  G_OBJECT_CLASS (lec_video_parent_class)->finalize (object);
}

static void
lec_video_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LecVideo *self = LEC_VIDEO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_video_class_init (LecVideoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_video_finalize;
  object_class->get_property = lec_video_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_video_init (LecVideo *self)
{
  self->notes = g_list_store_new (LEC_TYPE_NOTE_INFO);
}

LecVideo *
lec_video_new (const char *id,
               const char *title)
{
  LecVideo *self = g_object_new (LEC_TYPE_VIDEO, NULL);

  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->sort_key = g_utf8_collate_key (title != NULL ? title : "", -1);
  return self;
}

const char *
lec_video_get_id (LecVideo *self)
{
  g_return_val_if_fail (LEC_IS_VIDEO (self), NULL);

  return self->id;
}

const char *
lec_video_get_title (LecVideo *self)
{
  g_return_val_if_fail (LEC_IS_VIDEO (self), NULL);

  return self->title;
}

void
lec_video_set_title (LecVideo   *self,
                     const char *title)
{
  g_return_if_fail (LEC_IS_VIDEO (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->sort_key);
  self->sort_key = g_utf8_collate_key (title != NULL ? title : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

/* The title's collation key: videos sort by strcmp() of theirs as by
 * g_utf8_collate() of their titles, without working the key out again
 * for each comparison. */
const char *
lec_video_get_sort_key (LecVideo *self)
{
  g_return_val_if_fail (LEC_IS_VIDEO (self), NULL);

  return self->sort_key;
}

/**
 * lec_video_get_notes:
 *
 * Returns: (transfer none): the notes of this video, a model of
 *   #LecNoteInfo sorted by title
 */
GListStore *
lec_video_get_notes (LecVideo *self)
{
  g_return_val_if_fail (LEC_IS_VIDEO (self), NULL);

  return self->notes;
}
