/* lec-markdown.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lec_markdown_to_html (const char *markdown,
                            gsize       len);

G_END_DECLS
