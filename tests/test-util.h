/* test-util.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void test_write_file  (const char *dir,
                       const char *rel,
                       const char *contents);
void test_remove_tree (const char *path);
double test_thread_seconds (void);

G_END_DECLS
