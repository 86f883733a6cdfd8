/* lec-download.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-download"

#include "config.h"

#include "lec-download.h"
#include "lec-error.h"
#include "lec-timestamp.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* "Download for offline": a video fetched by yt-dlp, when it is installed,
 * into a media folder of the user's (never the vault). yt-dlp prints a
 * line per progress step (--newline) and, at the end, the file it made
 * (--print after_move:filepath). The program is looked up on PATH, so
 * tests can stand in a script of their own. */

#define PROGRAM "yt-dlp"

struct _LecDownload
{
  GObject           parent_instance;

  char             *video_id;
  char             *folder;
  double            fraction;
  GSubprocess      *process;
  GDataInputStream *output;
  char             *file;       /* the last line naming a file */
  GString          *last_lines; /* for the error message */
};

G_DEFINE_FINAL_TYPE (LecDownload, lec_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Whether yt-dlp can be run: "Download for offline" is offered only then. */
gboolean
lec_download_is_available (void)
{
  g_autofree char *path = g_find_program_in_path (PROGRAM);

  return path != NULL;
}

/**
 * lec_download_parse_progress:
 * @line: a line yt-dlp printed
 * @fraction: (out): how much is done, 0 to 1
 *
 * Reads "[download]  42.3% of ~10.00MiB at …" lines.
 *
 * Returns: whether @line was one
 */
gboolean
lec_download_parse_progress (const char *line,
                             double     *fraction)
{
  const char *p;
  char *end;
  double percent;

  g_return_val_if_fail (line != NULL, FALSE);

  if (!g_str_has_prefix (line, "[download]"))
    return FALSE;
  p = line + strlen ("[download]");
  while (*p == ' ')
    p++;
  percent = g_ascii_strtod (p, &end);
  if (end == p || *end != '%' || percent < 0 || percent > 100)
    return FALSE;
  *fraction = percent / 100.0;
  return TRUE;
}

static void
lec_download_finalize (GObject *object)
{
  LecDownload *self = (LecDownload *)object;

  g_clear_pointer (&self->video_id, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_object (&self->process);
  g_clear_object (&self->output);
  g_clear_pointer (&self->file, g_free);
  g_string_free (self->last_lines, TRUE);

  G_OBJECT_CLASS (lec_download_parent_class)->finalize (object);
}

static void
lec_download_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LecDownload *self = LEC_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_download_class_init (LecDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_download_finalize;
  object_class->get_property = lec_download_get_property;

  properties [PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_download_init (LecDownload *self)
{
  self->last_lines = g_string_new (NULL);
}

/**
 * lec_download_new:
 * @video_id: a YouTube video id
 * @folder: the media folder to download into; made if missing
 */
LecDownload *
lec_download_new (const char *video_id,
                  const char *folder)
{
  LecDownload *self;

  g_return_val_if_fail (video_id != NULL, NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (LEC_TYPE_DOWNLOAD, NULL);
  self->video_id = g_strdup (video_id);
  self->folder = g_strdup (folder);
  return self;
}

const char *
lec_download_get_video_id (LecDownload *self)
{
  g_return_val_if_fail (LEC_IS_DOWNLOAD (self), NULL);

  return self->video_id;
}

double
lec_download_get_fraction (LecDownload *self)
{
  g_return_val_if_fail (LEC_IS_DOWNLOAD (self), 0);

  return self->fraction;
}

/* A cancelled or failed download leaves no half file behind. */
static void
remove_partial_files (LecDownload *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, self->video_id) &&
        (g_str_has_suffix (name, ".part") || g_str_has_suffix (name, ".ytdl") || strstr (name, ".part-Frag") != NULL))
      {
        g_autofree char *path = g_build_filename (self->folder, name, NULL);

        g_unlink (path);
      }
}

static void read_next_line (GTask *task);

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LecDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    {
      remove_partial_files (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_subprocess_get_successful (G_SUBPROCESS (object)) || self->file == NULL ||
      !g_file_test (self->file, G_FILE_TEST_IS_REGULAR))
    {
      remove_partial_files (self);
      g_strstrip (self->last_lines->str);
      g_task_return_new_error (task, LEC_ERROR, LEC_ERROR_UNREADABLE,
                               _("The download failed: %s"),
                               self->last_lines->len > 0 ? self->last_lines->str : _("yt-dlp gave no reason"));
      return;
    }
  if (self->fraction < 1.0)
    {
      self->fraction = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FRACTION]);
    }
  g_task_return_pointer (task, g_strdup (self->file), g_free);
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  LecDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  double fraction;

  if (line == NULL)
    {
      /* The end of its output: what it made is known when it exits. */
      g_subprocess_wait_async (self->process, g_task_get_cancellable (task), on_exited, task);
      return;
    }

  if (lec_download_parse_progress (line, &fraction))
    {
      if (fraction > self->fraction)
        {
          self->fraction = fraction;
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FRACTION]);
        }
    }
  else if (g_path_is_absolute (line))
    {
      g_free (self->file);
      self->file = g_strdup (line);
    }
  else if (g_str_has_prefix (line, "ERROR"))
    {
      g_string_truncate (self->last_lines, 0);
      g_string_append (self->last_lines, line);
    }
  read_next_line (task);
}

static void
read_next_line (GTask *task)
{
  LecDownload *self = g_task_get_source_object (task);

  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_line, task);
}

static void
on_cancelled (GCancellable *cancellable,
              LecDownload  *self)
{
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
}

/**
 * lec_download_start_async:
 *
 * Runs yt-dlp for the video, into the folder. #LecDownload:fraction tells
 * how far it got; cancelling stops it and removes what it left.
 */
void
lec_download_start_async (LecDownload         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *output = NULL;

  g_return_if_fail (LEC_IS_DOWNLOAD (self));
  g_return_if_fail (self->process == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lec_download_start_async);

  /* Only a YouTube id (lec_youtube_id_is_valid), and as a whole URL after
   * "--": nothing of a note's can be read as an option or another site. */
  url = lec_youtube_watch_url (self->video_id, -1);
  if (url == NULL)
    {
      g_task_return_new_error (task, LEC_ERROR, LEC_ERROR_INVALID, _("“%s” is not a YouTube video id"), self->video_id);
      return;
    }
  if (g_mkdir_with_parents (self->folder, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Cannot make the folder %s: %s"), self->folder, g_strerror (saved));
      return;
    }

  output = g_build_filename (self->folder, "%(id)s.%(ext)s", NULL);
  /* One file with sound and picture, at most 720p: no merging (which
   * would need ffmpeg), and a size that suits study. */
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                    PROGRAM, "--newline", "--progress", "--no-playlist", "--no-mtime",
                                    "--format", "best[height<=720]/best",
                                    "--output", output,
                                    "--print", "after_move:filepath",
                                    "--", url, NULL);
  if (self->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_cancelled), self, 0);

  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  /* --newline still ends some lines with \r alone. */
  g_data_input_stream_set_newline_type (self->output, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_next_line (g_steal_pointer (&task));
}

/**
 * lec_download_start_finish:
 *
 * Returns: (transfer full): the path of the downloaded file
 */
char *
lec_download_start_finish (LecDownload   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (LEC_IS_DOWNLOAD (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
