/* test-util.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Whether this test runs under ASan (build-aux/dev test runs the suite a
 * second time in _build-asan/): bounds of time mean nothing there. */
#if defined(__SANITIZE_ADDRESS__)
# define TEST_SANITIZED 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define TEST_SANITIZED 1
# endif
#endif
#ifndef TEST_SANITIZED
# define TEST_SANITIZED 0
#endif

/* Someone who is not root, for tests of files nobody may read. */
typedef struct
{
  uid_t uid;
  gid_t gid;
} TestUser;

void test_write_file  (const char *dir,
                       const char *rel,
                       const char *contents);
void test_remove_tree (const char *path);
double test_thread_seconds (void);

extern const char * const test_allowed_tags[];

void     test_damage_table      (const char     *db,
                                 const char     *table);

gboolean test_unprivileged_user (TestUser       *user,
                                 const char     *executable);
gboolean test_become_user       (const TestUser *user);

G_END_DECLS
