/* lec-note.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lec-front-matter.h"

G_BEGIN_DECLS

#define LEC_TYPE_NOTE (lec_note_get_type ())

G_DECLARE_FINAL_TYPE (LecNote, lec_note, LEC, NOTE, GObject)

/* Notes larger than this are refused rather than rendered. */
#define LEC_NOTE_MAX_BYTES (32 * 1024 * 1024)

LecNote              *lec_note_new              (const char  *path,
                                                 GBytes      *contents);
LecNote              *lec_note_new_for_file     (GFile       *file,
                                                 const char  *path,
                                                 GCancellable *cancellable,
                                                 GError     **error);
const char           *lec_note_get_path         (LecNote     *self);
const char           *lec_note_get_title        (LecNote     *self);
const char           *lec_note_get_video_id     (LecNote     *self);
const LecFrontMatter *lec_note_get_front_matter (LecNote     *self);
GPtrArray            *lec_note_get_warnings     (LecNote     *self);
char                 *lec_note_render_html      (LecNote     *self);

char                 *lec_title_from_path       (const char  *path);

G_END_DECLS
