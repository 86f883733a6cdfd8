/* lec-open-path.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean lec_open_path_resolve         (const char  *path,
                                        char       **folder,
                                        char       **note,
                                        GError     **error);
gboolean lec_open_path_is_portal_share (const char  *folder);

G_END_DECLS
