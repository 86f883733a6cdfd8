/* lec-topic-item.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LEC_TYPE_TOPIC_ITEM (lec_topic_item_get_type ())

G_DECLARE_FINAL_TYPE (LecTopicItem, lec_topic_item, LEC, TOPIC_ITEM, GObject)

LecTopicItem *lec_topic_item_new (const char *name,
                                  const char *key,
                                  const char *path,
                                  guint notes);
const char *lec_topic_item_get_name (LecTopicItem *self);
const char *lec_topic_item_get_key (LecTopicItem *self);
const char *lec_topic_item_get_path (LecTopicItem *self);
guint lec_topic_item_get_notes (LecTopicItem *self);

G_END_DECLS
