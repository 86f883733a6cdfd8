/* lec-search-result.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LEC_TYPE_SEARCH_RESULT (lec_search_result_get_type ())

G_DECLARE_FINAL_TYPE (LecSearchResult, lec_search_result, LEC, SEARCH_RESULT, GObject)

LecSearchResult *lec_search_result_new (const char *path,
                                        const char *title,
                                        const char *snippet,
                                        int seconds);
const char *lec_search_result_get_path (LecSearchResult *self);
const char *lec_search_result_get_title (LecSearchResult *self);
const char *lec_search_result_get_snippet (LecSearchResult *self);
int lec_search_result_get_seconds (LecSearchResult *self);
const char *lec_search_result_get_video_title (LecSearchResult *self);
void lec_search_result_set_video_title (LecSearchResult *self,
                                        const char      *video_title);

G_END_DECLS
