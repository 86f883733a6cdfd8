/* lec-search-provider.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEC_TYPE_SEARCH_PROVIDER (lec_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (LecSearchProvider, lec_search_provider, LEC, SEARCH_PROVIDER, GObject)

LecSearchProvider *lec_search_provider_new        (GApplication       *application,
                                                   GSettings          *settings);
gboolean           lec_search_provider_export     (LecSearchProvider  *self,
                                                   GDBusConnection    *connection,
                                                   const char         *object_path,
                                                   GError            **error);
void               lec_search_provider_unexport   (LecSearchProvider  *self);
void               lec_search_provider_warm       (LecSearchProvider  *self);

G_END_DECLS
