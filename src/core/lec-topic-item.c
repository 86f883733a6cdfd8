/* lec-topic-item.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-topic-item"

#include "config.h"

#include "lec-topic-item.h"

/* A topic of the vault: a wiki link target, resolved to a note or not, with
 * the number of notes that mention it. */
struct _LecTopicItem
{
  GObject parent_instance;

  char *name;
  char *key;
  char *path;
  guint notes;
};

G_DEFINE_FINAL_TYPE (LecTopicItem, lec_topic_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KEY,
  PROP_PATH,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_topic_item_finalize (GObject *object)
{
  LecTopicItem *self = (LecTopicItem *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lec_topic_item_parent_class)->finalize (object);
}

static void
lec_topic_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LecTopicItem *self = LEC_TOPIC_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_NOTES:
      g_value_set_uint (value, self->notes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_topic_item_class_init (LecTopicItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_topic_item_finalize;
  object_class->get_property = lec_topic_item_get_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTES] =
    g_param_spec_uint ("notes", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_topic_item_init (LecTopicItem *self)
{
}

LecTopicItem *
lec_topic_item_new (const char *name,
                    const char *key,
                    const char *path,
                    guint notes)
{
  LecTopicItem *self = g_object_new (LEC_TYPE_TOPIC_ITEM, NULL);

  self->name = g_strdup (name);
  self->key = g_strdup (key);
  self->path = g_strdup (path);
  self->notes = notes;
  return self;
}

const char *
lec_topic_item_get_name (LecTopicItem *self)
{
  g_return_val_if_fail (LEC_IS_TOPIC_ITEM (self), NULL);

  return self->name;
}

const char *
lec_topic_item_get_key (LecTopicItem *self)
{
  g_return_val_if_fail (LEC_IS_TOPIC_ITEM (self), NULL);

  return self->key;
}

const char *
lec_topic_item_get_path (LecTopicItem *self)
{
  g_return_val_if_fail (LEC_IS_TOPIC_ITEM (self), NULL);

  return self->path;
}

guint
lec_topic_item_get_notes (LecTopicItem *self)
{
  g_return_val_if_fail (LEC_IS_TOPIC_ITEM (self), 0);

  return self->notes;
}
