/* lec-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-markdown"

#include "config.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "lec-markdown.h"

static const char * const extension_names[] = {
  "table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

/* Raw HTML is left out (no CMARK_OPT_UNSAFE) until it goes through the
 * allowlist sanitiser; invalid UTF-8 is replaced rather than passed on. */
#define PARSE_OPTIONS (CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8)
#define RENDER_OPTIONS (CMARK_OPT_FOOTNOTES)

static gpointer
register_extensions (gpointer data)
{
  cmark_gfm_core_extensions_ensure_registered ();
  return NULL;
}

char *
lec_markdown_to_html (const char *markdown,
                      gsize       len)
{
  static GOnce once = G_ONCE_INIT;
  cmark_parser *parser;
  cmark_node *root;
  char *html, *ret;

  g_return_val_if_fail (markdown != NULL || len == 0, NULL);

  g_once (&once, register_extensions, NULL);

  parser = cmark_parser_new (PARSE_OPTIONS);
  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);

      if (ext != NULL)
        cmark_parser_attach_syntax_extension (parser, ext);
    }

  cmark_parser_feed (parser, markdown != NULL ? markdown : "", len);
  root = cmark_parser_finish (parser);
  html = cmark_render_html (root, RENDER_OPTIONS, cmark_parser_get_syntax_extensions (parser));

  /* cmark allocates with its own allocator; hand back GLib memory. */
  ret = g_strdup (html);
  cmark_get_default_mem_allocator ()->free (html);
  cmark_node_free (root);
  cmark_parser_free (parser);

  return ret;
}
