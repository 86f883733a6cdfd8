/* lec-application.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LEC_TYPE_APPLICATION (lec_application_get_type ())

G_DECLARE_FINAL_TYPE (LecApplication, lec_application, LEC, APPLICATION, AdwApplication)

LecApplication *lec_application_new              (void);
void            lec_application_choose_renderer  (void);
gboolean        lec_application_has_gpu          (void);
GFile          *lec_application_dup_sample_notes (void);

G_END_DECLS
