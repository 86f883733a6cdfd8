/* lec-note.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-note"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lec-note.h"
#include "lec-error.h"
#include "lec-markdown.h"

struct _LecNote
{
  GObject         parent_instance;

  char           *path;
  GBytes         *contents;
  LecFrontMatter *front_matter;
  char           *title;
};

G_DEFINE_FINAL_TYPE (LecNote, lec_note, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_VIDEO_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_note_finalize (GObject *object)
{
  LecNote *self = (LecNote *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->front_matter, lec_front_matter_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (lec_note_parent_class)->finalize (object);
}

static void
lec_note_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LecNote *self = LEC_NOTE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_VIDEO_ID:
      g_value_set_string (value, lec_note_get_video_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_note_class_init (LecNoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_note_finalize;
  object_class->get_property = lec_note_get_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_VIDEO_ID] =
    g_param_spec_string ("video-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_note_init (LecNote *self)
{
}

/**
 * lec_title_from_path:
 * @path: a note's path, relative to its vault
 *
 * The title a note has when its front matter gives none: its file name
 * without the markdown extension.
 */
char *
lec_title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base &&
      (g_ascii_strcasecmp (dot, ".md") == 0 || g_ascii_strcasecmp (dot, ".markdown") == 0))
    *dot = '\0';

  return g_steal_pointer (&base);
}

/**
 * lec_note_new:
 * @path: the note's path relative to its vault (used for its name)
 * @contents: the note's bytes, in any state: invalid UTF-8 and NUL bytes
 *   are tolerated
 */
LecNote *
lec_note_new (const char *path,
              GBytes     *contents)
{
  LecNote *self;
  const char *data;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  self = g_object_new (LEC_TYPE_NOTE, NULL);
  self->path = g_strdup (path);
  self->contents = g_bytes_ref (contents);

  data = g_bytes_get_data (contents, &len);
  self->front_matter = lec_front_matter_parse (data, len);

  if (self->front_matter->title != NULL)
    self->title = g_strdup (self->front_matter->title);
  else
    self->title = lec_title_from_path (path);

  return self;
}

/**
 * lec_note_new_for_file:
 *
 * Reads @file and parses it. Fails with %LEC_ERROR_TOO_LARGE for files over
 * %LEC_NOTE_MAX_BYTES, and with the I/O error when the file cannot be read.
 */
LecNote *
lec_note_new_for_file (GFile         *file,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  display = g_file_get_parse_name (file);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE,
                   _("“%s” is a folder, not a note"), display);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE,
                   _("“%s” is not a regular file"), display);
      return NULL;
    }

  if (g_file_info_get_size (info) > LEC_NOTE_MAX_BYTES)
    {
      g_set_error (error, LEC_ERROR, LEC_ERROR_TOO_LARGE,
                   _("“%s” is too large to open (more than %d MB)"),
                   display, LEC_NOTE_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!g_file_load_contents (file, cancellable, &data, &len, NULL, error))
    return NULL;

  bytes = g_bytes_new_take (data, len);
  name = path != NULL ? g_strdup (path) : g_file_get_basename (file);

  return lec_note_new (name, bytes);
}

const char *
lec_note_get_path (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->path;
}

const char *
lec_note_get_title (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->title;
}

const char *
lec_note_get_video_id (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->front_matter->video_id;
}

const LecFrontMatter *
lec_note_get_front_matter (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->front_matter;
}

/**
 * lec_note_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): problems found while parsing
 */
GPtrArray *
lec_note_get_warnings (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->front_matter->warnings;
}

/**
 * lec_note_render_html:
 *
 * Returns: (transfer full): the note's body as an HTML fragment
 */
char *
lec_note_render_html (LecNote *self)
{
  const char *data;
  gsize len;

  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  data = g_bytes_get_data (self->contents, &len);
  g_assert (self->front_matter->body_offset <= len);

  return lec_markdown_to_html (data + self->front_matter->body_offset,
                               len - self->front_matter->body_offset);
}
