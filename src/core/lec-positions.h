/* lec-positions.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint lec_positions_get   (const char *key);
void  lec_positions_set   (const char *key,
                           guint       seconds);
void  lec_positions_flush (void);
void  lec_positions_flush_later (void);
char *lec_positions_path  (void);
int   lec_positions_get_int_in    (const char *group,
                                   const char *key);
void  lec_positions_set_int_in    (const char *group,
                                   const char *key,
                                   int         value);
char *lec_positions_get_string_in (const char *group,
                                   const char *key);
void  lec_positions_set_string_in (const char *group,
                                   const char *key,
                                   const char *value);

G_END_DECLS
