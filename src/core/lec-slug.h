/* lec-slug.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lec_slugify       (const char *text);
char *lec_humanize_slug (const char *slug);

G_END_DECLS
