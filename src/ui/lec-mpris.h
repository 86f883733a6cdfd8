/* lec-mpris.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lec-player.h"

G_BEGIN_DECLS

#define LEC_TYPE_MPRIS (lec_mpris_get_type ())

G_DECLARE_FINAL_TYPE (LecMpris, lec_mpris, LEC, MPRIS, GObject)

/* What MPRIS asks of the player's owner, which keeps the speeds it
 * offers and the window to raise. */
typedef struct
{
  void (*set_rate) (gpointer owner,
                    double   rate);
  void (*raise)    (gpointer owner);
} LecMprisOwner;

LecMpris *lec_mpris_new  (const LecMprisOwner *owner,
                          gpointer             owner_data);
void      lec_mpris_show (LecMpris            *self,
                          LecPlayer           *player,
                          const char          *track,
                          const char          *title,
                          const char          *artist);
void      lec_mpris_hide (LecMpris            *self);
gboolean  lec_mpris_get_exported (LecMpris    *self);

G_END_DECLS
