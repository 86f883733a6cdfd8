/* lec-fuzzy.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lec_fuzzy_fold  (const char *text);
int   lec_fuzzy_score (const char *pattern,
                       const char *text);

G_END_DECLS
