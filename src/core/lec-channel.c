/* lec-channel.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-channel"

#include "config.h"

#include "lec-channel.h"
#include "lec-video.h"

/* A channel (a top folder of the vault, or a "From:" source) and its
 * videos, a model of LecVideo sorted by title. */
struct _LecChannel
{
  GObject     parent_instance;

  char       *name;
  char       *sort_key;  /* of the name, for strcmp() */
  GListStore *videos;
};

G_DEFINE_FINAL_TYPE (LecChannel, lec_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_channel_finalize (GObject *object)
{
  LecChannel *self = (LecChannel *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_object (&self->videos);

  G_OBJECT_CLASS (lec_channel_parent_class)->finalize (object);
}

static void
lec_channel_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LecChannel *self = LEC_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_channel_class_init (LecChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_channel_finalize;
  object_class->get_property = lec_channel_get_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_channel_init (LecChannel *self)
{
  self->videos = g_list_store_new (LEC_TYPE_VIDEO);
}

LecChannel *
lec_channel_new (const char *name)
{
  LecChannel *self = g_object_new (LEC_TYPE_CHANNEL, NULL);

  self->name = g_strdup (name);
  self->sort_key = g_utf8_collate_key (name, -1);
  return self;
}

const char *
lec_channel_get_sort_key (LecChannel *self)
{
  g_return_val_if_fail (LEC_IS_CHANNEL (self), NULL);

  return self->sort_key;
}

const char *
lec_channel_get_name (LecChannel *self)
{
  g_return_val_if_fail (LEC_IS_CHANNEL (self), NULL);

  return self->name;
}

/**
 * lec_channel_get_videos:
 *
 * Returns: (transfer none): the videos of this channel, a model of
 *   #LecVideo sorted by title
 */
GListStore *
lec_channel_get_videos (LecChannel *self)
{
  g_return_val_if_fail (LEC_IS_CHANNEL (self), NULL);

  return self->videos;
}
