/* lec-note-info.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-note-info"

#include "config.h"

#include <string.h>

#include "lec-note-info.h"

/* What lists need to know of a note, without its text: an item of the
 * vault's note models. */
struct _LecNoteInfo
{
  GObject  parent_instance;

  char    *path;
  char    *title;
  char    *video_id;
  char    *folder;
  char    *sort_key;
  GStrv    aliases;
  char    *channel;
};

G_DEFINE_FINAL_TYPE (LecNoteInfo, lec_note_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_VIDEO_ID,
  PROP_FOLDER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_note_info_finalize (GObject *object)
{
  LecNoteInfo *self = (LecNoteInfo *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->video_id, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->aliases, g_strfreev);
  g_clear_pointer (&self->channel, g_free);

  G_OBJECT_CLASS (lec_note_info_parent_class)->finalize (object);
}

static void
lec_note_info_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LecNoteInfo *self = LEC_NOTE_INFO (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_VIDEO_ID:
      g_value_set_string (value, self->video_id);
      break;

    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_note_info_class_init (LecNoteInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_note_info_finalize;
  object_class->get_property = lec_note_info_get_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_VIDEO_ID] =
    g_param_spec_string ("video-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_note_info_init (LecNoteInfo *self)
{
}

/**
 * lec_note_info_make_sort_key:
 *
 * The key notes titled @title sort by: case-insensitive, numbers in
 * numeric order, in the user's collation.
 */
char *
lec_note_info_make_sort_key (const char *title)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;

  /* A title made from a file name may be any bytes, which
   * g_utf8_casefold() would read past the end of. */
  if (!g_utf8_validate (title, -1, NULL))
    title = valid = g_utf8_make_valid (title, -1);
  folded = g_utf8_casefold (title, -1);

  return g_utf8_collate_key_for_filename (folded, -1);
}

/**
 * lec_note_info_new_with_sort_key:
 * @sort_key: what lec_note_info_make_sort_key() gives for @title
 *
 * As lec_note_info_new(), for callers that keep the keys of titles they
 * have seen: working one out is most of the cost of a note's info.
 */
LecNoteInfo *
lec_note_info_new_with_sort_key (const char *path,
                                 const char *title,
                                 const char *video_id,
                                 const char *sort_key)
{
  LecNoteInfo *self;
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (sort_key != NULL, NULL);

  self = g_object_new (LEC_TYPE_NOTE_INFO, NULL);
  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->video_id = g_strdup (video_id);

  {
    g_autofree char *folder = g_path_get_dirname (path);

    self->folder = g_strcmp0 (folder, ".") == 0 ? g_strdup ("") : g_steal_pointer (&folder);
  }
  self->sort_key = g_strdup (sort_key);

  return self;
}

LecNoteInfo *
lec_note_info_new (const char *path,
                   const char *title,
                   const char *video_id)
{
  g_autofree char *sort_key = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  sort_key = lec_note_info_make_sort_key (title);
  return lec_note_info_new_with_sort_key (path, title, video_id, sort_key);
}

const char *
lec_note_info_get_path (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return self->path;
}

const char *
lec_note_info_get_title (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return self->title;
}

const char *
lec_note_info_get_video_id (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return self->video_id;
}

/* The folder the note sits in, relative to the vault; "" at the top. */
const char *
lec_note_info_get_folder (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return self->folder;
}

/* Other names the note is known by (front matter "aliases"). */
const char * const *
lec_note_info_get_aliases (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return (const char * const *) self->aliases;
}

void
lec_note_info_set_aliases (LecNoteInfo        *self,
                           const char * const *aliases)
{
  g_return_if_fail (LEC_IS_NOTE_INFO (self));

  g_strfreev (self->aliases);
  self->aliases = g_strdupv ((char **) aliases);
}

/* The channel (top folder, or the "From:" source), or NULL. */
const char *
lec_note_info_get_channel (LecNoteInfo *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_INFO (self), NULL);

  return self->channel;
}

void
lec_note_info_set_channel (LecNoteInfo *self,
                           const char  *channel)
{
  g_return_if_fail (LEC_IS_NOTE_INFO (self));

  g_free (self->channel);
  self->channel = g_strdup (channel);
}

/* NULL and an empty list alike. */
static gboolean
same_aliases (GStrv a,
              GStrv b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

/* Whether two items show the same thing (so a list can keep the old one). */
gboolean
lec_note_info_equal (LecNoteInfo *a,
                     LecNoteInfo *b)
{
  if (a == b)
    return TRUE;
  return g_str_equal (a->path, b->path) && g_str_equal (a->title, b->title) &&
         g_strcmp0 (a->video_id, b->video_id) == 0 && g_strcmp0 (a->channel, b->channel) == 0 &&
         same_aliases (a->aliases, b->aliases);
}

/* Orders notes by title as people read them (case-insensitive, numbers in
 * numeric order), then by path so the order is total. */
int
lec_note_info_compare (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const LecNoteInfo *na = a;
  const LecNoteInfo *nb = b;
  int cmp = strcmp (na->sort_key, nb->sort_key);

  return cmp != 0 ? cmp : strcmp (na->path, nb->path);
}
