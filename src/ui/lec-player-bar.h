/* lec-player-bar.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-player.h"

G_BEGIN_DECLS

#define LEC_TYPE_PLAYER_BAR (lec_player_bar_get_type ())

G_DECLARE_FINAL_TYPE (LecPlayerBar, lec_player_bar, LEC, PLAYER_BAR, GtkBox)

GtkWidget *lec_player_bar_new        (void);
void       lec_player_bar_set_player (LecPlayerBar *self,
                                      LecPlayer    *player);

G_END_DECLS
