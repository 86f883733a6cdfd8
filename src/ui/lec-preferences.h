/* lec-preferences.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LEC_TYPE_PREFERENCES (lec_preferences_get_type ())

G_DECLARE_FINAL_TYPE (LecPreferences, lec_preferences, LEC, PREFERENCES, AdwPreferencesWindow)

LecPreferences *lec_preferences_new              (GtkWindow      *parent);
void            lec_preferences_add_media_folder (LecPreferences *self,
                                                  const char     *path);

G_END_DECLS
