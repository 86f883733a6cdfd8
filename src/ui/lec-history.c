/* lec-history.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-history"

#include "config.h"

#include "lec-history.h"

#include <string.h>

/* What the reader read in this folder, for Back and Forward: notes (with
 * the heading they were opened at) and topic pages. Reading something
 * new drops what lay ahead, as in a browser. */

struct _LecHistory
{
  GObject    parent_instance;

  GPtrArray *entries;  /* "path#fragment" of notes, TOPIC_ENTRY "key" of topics */
  guint      pos;      /* the one showing, when any */
};

G_DEFINE_FINAL_TYPE (LecHistory, lec_history, G_TYPE_OBJECT)

/* A topic page in the history: never a note's path, which is relative. */
#define TOPIC_ENTRY "/topic:"

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
notify_moves (LecHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_BACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_GO_FORWARD]);
}

static void
lec_history_finalize (GObject *object)
{
  LecHistory *self = LEC_HISTORY (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (lec_history_parent_class)->finalize (object);
}

static void
lec_history_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LecHistory *self = LEC_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, lec_history_can_go_back (self));
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, lec_history_can_go_forward (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_history_class_init (LecHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_history_finalize;
  object_class->get_property = lec_history_get_property;

  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties [PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_history_init (LecHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_free);
}

LecHistory *
lec_history_new (void)
{
  return g_object_new (LEC_TYPE_HISTORY, NULL);
}

/* Another folder: nothing to go back to. */
void
lec_history_clear (LecHistory *self)
{
  g_return_if_fail (LEC_IS_HISTORY (self));

  g_ptr_array_set_size (self->entries, 0);
  self->pos = 0;
  notify_moves (self);
}

/* The entry showing again (as going back or forward opens it) is no new
 * step: that is how a move in the history does not add to it. */
static void
push (LecHistory *self,
      char       *entry)
{
  if (self->entries->len > 0 && g_str_equal (self->entries->pdata[self->pos], entry))
    {
      g_free (entry);
      return;
    }
  if (self->entries->len > 0)
    g_ptr_array_set_size (self->entries, self->pos + 1);
  g_ptr_array_add (self->entries, entry);
  self->pos = self->entries->len - 1;
  notify_moves (self);
}

/**
 * lec_history_push_note:
 * @path: a note's path in the vault
 * @fragment: (nullable): the heading it was opened at
 */
void
lec_history_push_note (LecHistory *self,
                       const char *path,
                       const char *fragment)
{
  g_return_if_fail (LEC_IS_HISTORY (self));
  g_return_if_fail (path != NULL);

  push (self, fragment != NULL ? g_strconcat (path, "#", fragment, NULL) : g_strdup (path));
}

void
lec_history_push_topic (LecHistory *self,
                        const char *key)
{
  g_return_if_fail (LEC_IS_HISTORY (self));
  g_return_if_fail (key != NULL);

  push (self, g_strconcat (TOPIC_ENTRY, key, NULL));
}

/**
 * lec_history_go:
 * @delta: -1 for back, 1 for forward
 * @path: (out) (optional): the note to open, or %NULL for a topic
 * @fragment: (out) (optional): its heading, or %NULL
 * @topic: (out) (optional): the topic's key, or %NULL for a note
 *
 * Moves in the history, and says what to open there.
 *
 * Returns: whether there was somewhere to go
 */
gboolean
lec_history_go (LecHistory  *self,
                int          delta,
                char       **path,
                char       **fragment,
                char       **topic)
{
  g_autofree char *entry = NULL;
  char *hash;
  gboolean is_topic;

  g_return_val_if_fail (LEC_IS_HISTORY (self), FALSE);

  if ((delta < 0 && !lec_history_can_go_back (self)) ||
      (delta > 0 && !lec_history_can_go_forward (self)) || delta == 0)
    return FALSE;
  self->pos += delta < 0 ? -1 : 1;
  entry = g_strdup (self->entries->pdata[self->pos]);
  is_topic = g_str_has_prefix (entry, TOPIC_ENTRY);
  hash = is_topic ? NULL : strchr (entry, '#');
  if (hash != NULL)
    *hash++ = '\0';
  if (path != NULL)
    *path = is_topic ? NULL : g_strdup (entry);
  if (fragment != NULL)
    *fragment = g_strdup (hash);
  if (topic != NULL)
    *topic = is_topic ? g_strdup (entry + strlen (TOPIC_ENTRY)) : NULL;
  notify_moves (self);
  return TRUE;
}

gboolean
lec_history_can_go_back (LecHistory *self)
{
  g_return_val_if_fail (LEC_IS_HISTORY (self), FALSE);

  return self->entries->len > 0 && self->pos > 0;
}

gboolean
lec_history_can_go_forward (LecHistory *self)
{
  g_return_val_if_fail (LEC_IS_HISTORY (self), FALSE);

  return self->pos + 1 < self->entries->len;
}
