/* lec-sanitize.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a newly allocated, sanitized HTML fragment (valid UTF-8). Never NULL.
 *
 * @html is parsed as the content of a <div> by a full HTML5 parser and
 * written out again keeping only allowlisted elements, attributes and URL
 * schemes. @len is its length in bytes, or -1 if it is nul-terminated; it
 * may contain nul bytes and invalid UTF-8. */
char     *lec_sanitize_html        (const char *html,
                                   gsize       len);
gboolean  lec_sanitize_url_is_safe (const char *url);
char     *lec_remote_image_src     (const char *url,
                                   gssize      len);
char     *lec_external_href        (const char *url,
                                   gssize      len);
char     *lec_external_href_to_url (const char *href);

G_END_DECLS
