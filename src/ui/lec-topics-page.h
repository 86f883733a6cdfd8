/* lec-topics-page.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lec-vault.h"

G_BEGIN_DECLS

#define LEC_TYPE_TOPICS_PAGE (lec_topics_page_get_type ())

G_DECLARE_FINAL_TYPE (LecTopicsPage, lec_topics_page, LEC, TOPICS_PAGE, GtkWidget)

void lec_topics_page_set_vault (LecTopicsPage *self,
                                LecVault      *vault);

G_END_DECLS
