/* bench-util.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bench_collect_notes (const char *dir,
                          GPtrArray  *paths);

void bench_print_memory  (void);

int  bench_compare_doubles (gconstpointer a,
                            gconstpointer b);

G_END_DECLS
