/* lec-quick-open.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_QUICK_OPEN (lec_quick_open_get_type ())

G_DECLARE_FINAL_TYPE (LecQuickOpen, lec_quick_open, LEC, QUICK_OPEN, AdwWindow)

typedef enum
{
  LEC_QUICK_NOTE,
  LEC_QUICK_TOPIC,
} LecQuickKind;

LecQuickOpen *lec_quick_open_new         (GtkWindow    *parent,
                                          LecVault     *vault);
GtkEditable  *lec_quick_open_get_entry   (LecQuickOpen *self);
GListModel   *lec_quick_open_get_results (LecQuickOpen *self);
const char   *lec_quick_open_get_label   (LecQuickOpen *self,
                                          guint         position);

G_END_DECLS
