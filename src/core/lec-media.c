/* lec-media.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-media"

#include "config.h"

#include "lec-media.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "lec-walk.h"

#include <stdlib.h>
#include <string.h>

/* Offline first: a note's media is looked for, in order,
 *  1. at its front matter "media:" path (next to the note, then from the
 *     vault's root);
 *  2. named after the video id, then after the note, next to the note;
 *  3. the same in the vault's media folders;
 *  4. the same in the user's media folders.
 * Paths from notes never leave the vault: "..", absolute paths and links
 * out are refused. Captions are a .vtt or .srt beside the media file with
 * the same name, or that name and a language ("X.en.vtt"). */

static const char * const media_extensions[] = {
  ".webm", ".mp4", ".mkv", ".m4a", ".opus", ".ogg", ".mp3", ".wav", ".flac",
};

static const char * const vault_media_dirs[] = {
  "media", "Media", "attachments", "Attachments", "_media", "assets",
};

void
lec_media_file_free (LecMediaFile *file)
{
  if (file == NULL)
    return;
  g_free (file->media);
  g_free (file->captions);
  g_free (file);
}

/* The user's own folder for downloaded media: never the vault. */
char *
lec_media_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "lectern", "media", NULL);
}

static gboolean
is_regular (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* @rel joined to @dir, if it stays inside @jail (canonical). */
static char *
inside (const char *jail,
        const char *dir,
        const char *rel)
{
  g_autofree char *joined = NULL;
  g_autofree char *real = NULL;

  if (rel == NULL || *rel == '\0' || g_path_is_absolute (rel) || strstr (rel, "..") != NULL)
    return NULL;
  joined = g_build_filename (dir, rel, NULL);
  real = realpath (joined, NULL);
  if (real == NULL || !lec_path_is_inside (real, jail) || !is_regular (real))
    return NULL;
  return g_steal_pointer (&real);
}

static char *
find_named (const char *dir,
            const char *base)
{
  for (guint i = 0; base != NULL && i < G_N_ELEMENTS (media_extensions); i++)
    {
      g_autofree char *name = g_strconcat (base, media_extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (is_regular (path))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static char *
find_captions (const char *media)
{
  g_autofree char *dir = g_path_get_dirname (media);
  g_autofree char *name = g_path_get_basename (media);
  char *dot = strrchr (name, '.');
  g_autoptr(GDir) d = NULL;
  const char *entry;
  char *best = NULL;

  if (dot != NULL)
    *dot = '\0';

  /* "X.vtt" first, then "X.srt", then "X.<lang>.vtt" or ".srt". */
  for (guint pass = 0; pass < 2 && best == NULL; pass++)
    {
      g_autofree char *path = g_strconcat (dir, G_DIR_SEPARATOR_S, name, pass == 0 ? ".vtt" : ".srt", NULL);

      if (is_regular (path))
        best = g_steal_pointer (&path);
    }
  if (best != NULL)
    return best;

  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, name) && entry[strlen (name)] == '.' &&
        (g_str_has_suffix (entry, ".vtt") || g_str_has_suffix (entry, ".srt")))
      {
        g_free (best);
        best = g_build_filename (dir, entry, NULL);
        if (g_str_has_suffix (entry, ".vtt"))
          break;
      }
  return best;
}

/**
 * lec_media_find:
 * @vault_root: the vault's folder
 * @note_path: the note's path in the vault
 * @video_id: (nullable): the note's videoId
 * @media_field: (nullable): the note's "media:" front matter
 * @media_dirs: (nullable): the user's media folders; by default
 *   lec_media_default_dir()
 *
 * Returns: (transfer full) (nullable): the media found, or %NULL
 */
LecMediaFile *
lec_media_find (const char         *vault_root,
                const char         *note_path,
                const char         *video_id,
                const char         *media_field,
                const char * const *media_dirs)
{
  g_autofree char *root = NULL;
  g_autofree char *note_dir_rel = NULL;
  g_autofree char *note_dir = NULL;
  g_autofree char *note_name = NULL;
  g_autofree char *default_dir = NULL;
  g_autofree char *found = NULL;
  const char *names[2];
  LecMediaFile *file;

  g_return_val_if_fail (vault_root != NULL, NULL);
  g_return_val_if_fail (note_path != NULL, NULL);

  root = realpath (vault_root, NULL);
  if (root == NULL)
    return NULL;
  note_dir_rel = g_path_get_dirname (note_path);
  note_dir = g_build_filename (root, note_dir_rel, NULL);
  note_name = g_path_get_basename (note_path);
  if (g_str_has_suffix (note_name, ".md"))
    note_name[strlen (note_name) - 3] = '\0';
  names[0] = video_id;
  names[1] = note_name;

  /* 1. The note's own "media:". */
  if (media_field != NULL)
    {
      found = inside (root, note_dir, media_field);
      if (found == NULL)
        found = inside (root, root, media_field);
    }

  /* 2. and 3. Beside the note, then in the vault's media folders. */
  for (guint n = 0; found == NULL && n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *candidate = find_named (note_dir, names[n]);

      if (candidate != NULL)
        found = inside (root, note_dir, strrchr (candidate, G_DIR_SEPARATOR) + 1);
      for (guint i = 0; found == NULL && i < G_N_ELEMENTS (vault_media_dirs); i++)
        {
          g_autofree char *dir = g_build_filename (root, vault_media_dirs[i], NULL);

          g_clear_pointer (&candidate, g_free);
          candidate = find_named (dir, names[n]);
          if (candidate != NULL)
            found = inside (root, dir, strrchr (candidate, G_DIR_SEPARATOR) + 1);
        }
    }

  /* 4. The user's media folders, by video id only (notes' names are not
   *    unique across vaults); an id is a file name there, never a path. */
  if (found == NULL && video_id != NULL && strchr (video_id, G_DIR_SEPARATOR) == NULL)
    {
      const char * const *dirs = media_dirs;
      const char *fallback[] = { NULL, NULL };

      if (dirs == NULL || dirs[0] == NULL)
        {
          default_dir = lec_media_default_dir ();
          fallback[0] = default_dir;
          dirs = fallback;
        }
      for (guint i = 0; found == NULL && dirs[i] != NULL; i++)
        found = find_named (dirs[i], video_id);
    }

  if (found == NULL)
    return NULL;

  file = g_new0 (LecMediaFile, 1);
  file->media = g_steal_pointer (&found);
  file->captions = find_captions (file->media);
  return file;
}

/**
 * lec_srt_to_vtt:
 *
 * Converts SubRip captions to WebVTT: a header, and "," → "." in the cue
 * times. Cue numbers are kept (WebVTT reads them as cue identifiers).
 */
char *
lec_srt_to_vtt (const char *srt,
                gssize      len)
{
  GString *out;
  const char *p, *end;

  g_return_val_if_fail (srt != NULL, NULL);

  if (len < 0)
    len = strlen (srt);
  end = srt + len;
  out = g_string_sized_new (len + 16);
  g_string_append (out, "WEBVTT\n\n");

  if (len >= 3 && memcmp (srt, "\xEF\xBB\xBF", 3) == 0)
    srt += 3;

  for (p = srt; p < end; )
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize n = (gsize) (line_end - p);

      if (n > 0 && p[n - 1] == '\r')
        n--;

      if (g_strstr_len (p, n, "-->") != NULL)
        for (gsize i = 0; i < n; i++)
          g_string_append_c (out, p[i] == ',' ? '.' : p[i]);
      else
        g_string_append_len (out, p, n);
      g_string_append_c (out, '\n');
      p = nl != NULL ? nl + 1 : end;
    }

  return g_string_free (out, FALSE);
}

/* Where converted captions are kept: Lectern's cache, never the vault. */
char *
lec_media_captions_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "lectern", "captions", NULL);
}

/**
 * lec_media_captions_vtt:
 * @captions: a .vtt or .srt file
 * @cache_dir: where a converted copy may go (lec_media_captions_cache_dir())
 *
 * A WebVTT file of @captions for the player: @captions itself when it is
 * one, else a copy converted from SubRip into @cache_dir, named by a hash
 * of the original's path, size and modification time (so an edited file
 * is converted again).
 *
 * Returns: (transfer full): the .vtt's path, or %NULL with @error set
 */
char *
lec_media_captions_vtt (const char  *captions,
                        const char  *cache_dir,
                        GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *out = NULL;
  g_autofree char *srt = NULL;
  g_autofree char *vtt = NULL;
  gsize len;

  g_return_val_if_fail (captions != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  if (g_str_has_suffix (captions, ".vtt"))
    return g_strdup (captions);

  file = g_file_new_for_path (captions);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  stamp = g_strdup_printf ("%s\n%" G_GOFFSET_FORMAT "\n%" G_GUINT64_FORMAT, captions,
                           g_file_info_get_size (info),
                           g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, stamp, -1);
  name = g_strconcat (hash, ".vtt", NULL);
  out = g_build_filename (cache_dir, name, NULL);
  if (g_file_test (out, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&out);

  /* Captions are small; a huge "caption" file is not one. */
  if (g_file_info_get_size (info) > 16 * 1024 * 1024)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The captions file “%s” is too large"), captions);
      return NULL;
    }
  if (!g_file_get_contents (captions, &srt, &len, error))
    return NULL;
  vtt = lec_srt_to_vtt (srt, len);
  if (g_mkdir_with_parents (cache_dir, 0700) != 0 && !g_file_test (cache_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The folder “%s” cannot be created"), cache_dir);
      return NULL;
    }
  if (!g_file_set_contents (out, vtt, -1, error))
    return NULL;
  return g_steal_pointer (&out);
}
