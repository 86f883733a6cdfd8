/* lec-positions.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-positions"

#include "config.h"

#include "lec-positions.h"

#include <glib/gstdio.h>

/* Where the reader left off, so Lectern resumes there: a key file in
 * $XDG_STATE_HOME/lectern (never in the vault). The group "positions"
 * keeps where each video was left, keyed by video id (or media path);
 * other groups (the last note of each folder, the scroll position of each
 * note) use the lec_positions_*_in() calls, whose keys are hashed so that
 * any path can be one. Used from the main thread only. */

#define GROUP "positions"

static GKeyFile *positions;
static gboolean dirty;
static gboolean save_failed;

char *
lec_positions_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "lectern", "positions.ini", NULL);
}

static GKeyFile *
get_file (void)
{
  if (positions == NULL)
    {
      g_autofree char *path = lec_positions_path ();

      positions = g_key_file_new ();
      /* A missing or damaged file simply means no positions yet. */
      g_key_file_load_from_file (positions, path, G_KEY_FILE_NONE, NULL);
    }
  return positions;
}

/* Where @key was left, in seconds; 0 when never played. */
guint
lec_positions_get (const char *key)
{
  g_return_val_if_fail (key != NULL, 0);

  return (guint) MAX (0, g_key_file_get_integer (get_file (), GROUP, key, NULL));
}

void
lec_positions_set (const char *key,
                   guint       seconds)
{
  g_return_if_fail (key != NULL);

  if (lec_positions_get (key) == seconds)
    return;
  g_key_file_set_integer (get_file (), GROUP, key, (int) MIN (seconds, G_MAXINT));
  dirty = TRUE;
}

static guint flush_source;

static gboolean
flush_soon (gpointer data)
{
  flush_source = 0;
  lec_positions_flush ();
  return G_SOURCE_REMOVE;
}

/* Writes the positions out a second from now, once for however many
 * changes come meanwhile: for calls on a hot path, such as opening a note,
 * that should not wait for the disk. */
void
lec_positions_flush_later (void)
{
  if (flush_source == 0)
    flush_source = g_timeout_add_seconds (1, flush_soon, NULL);
}

/* Writes the positions out (atomically) now, if anything changed. */
void
lec_positions_flush (void)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&flush_source, g_source_remove);
  if (!dirty || positions == NULL)
    return;

  path = lec_positions_path ();
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  /* A full disk is no bug: the file there stays as it was (it is written
   * aside and renamed over), the positions stay in memory, and the next
   * flush tries again. Said once until a save works. */
  if (!g_key_file_save_to_file (positions, path, &error))
    {
      if (!save_failed)
        g_message ("Cannot save playing positions: %s", error->message);
      save_failed = TRUE;
    }
  else
    dirty = save_failed = FALSE;
}

static char *
hashed (const char *key)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
}

/* The number kept for @key in @group, or -1. */
int
lec_positions_get_int_in (const char *group,
                          const char *key)
{
  g_autofree char *k = NULL;
  g_autoptr(GError) error = NULL;
  int value;

  g_return_val_if_fail (group != NULL && key != NULL, -1);

  k = hashed (key);
  value = g_key_file_get_integer (get_file (), group, k, &error);
  return error != NULL ? -1 : value;
}

void
lec_positions_set_int_in (const char *group,
                          const char *key,
                          int         value)
{
  g_autofree char *k = NULL;

  g_return_if_fail (group != NULL && key != NULL);

  if (lec_positions_get_int_in (group, key) == value)
    return;
  k = hashed (key);
  g_key_file_set_integer (get_file (), group, k, value);
  dirty = TRUE;
}

/* The text kept for @key in @group, or %NULL. */
char *
lec_positions_get_string_in (const char *group,
                             const char *key)
{
  g_autofree char *k = NULL;

  g_return_val_if_fail (group != NULL && key != NULL, NULL);

  k = hashed (key);
  return g_key_file_get_string (get_file (), group, k, NULL);
}

void
lec_positions_set_string_in (const char *group,
                             const char *key,
                             const char *value)
{
  g_autofree char *k = NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (group != NULL && key != NULL && value != NULL);

  old = lec_positions_get_string_in (group, key);
  if (g_strcmp0 (old, value) == 0)
    return;
  k = hashed (key);
  g_key_file_set_string (get_file (), group, k, value);
  dirty = TRUE;
}
