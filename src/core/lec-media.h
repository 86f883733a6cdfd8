/* lec-media.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a note's video or audio is on disk, and its captions. */
typedef struct
{
  char *media;     /* absolute path */
  char *captions;  /* absolute path of a .vtt or .srt, or NULL */
} LecMediaFile;

LecMediaFile *lec_media_find        (const char         *vault_root,
                                     const char         *note_path,
                                     const char         *video_id,
                                     const char         *media_field,
                                     const char * const *media_dirs);
void          lec_media_file_free   (LecMediaFile       *file);
char         *lec_media_default_dir (void);
char         *lec_srt_to_vtt        (const char         *srt,
                                     gssize              len);
char         *lec_media_captions_cache_dir (void);
char         *lec_media_captions_vtt       (const char  *captions,
                                            const char  *cache_dir,
                                            GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LecMediaFile, lec_media_file_free)

G_END_DECLS
