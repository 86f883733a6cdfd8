/* lec-passes.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-passes"

#include "config.h"

#include "lec-passes.h"
#include "lec-sanitize.h"
#include "lec-timestamp.h"

#include <string.h>

/* Lectern's own syntax, each a pass over the cmark-gfm tree. Text passes
 * look only at text nodes: code spans, code blocks and raw HTML are never
 * touched, and neither is anything inside a node an earlier pass made
 * (math, timestamps, wiki links, tags).
 *
 * Every pass is linear in the size of the tree: a delimiter that finds no
 * partner ends the search for that delimiter in its container, since any
 * later one would search a subset of the same text. */

typedef struct
{
  LecPassContext *ctx;
  GPtrArray      *graveyard;  /* unlinked nodes, freed when the pass ends */
  GHashTable     *buried;     /* nodes below buried ones, so no longer in the tree */
  gboolean        failed;     /* the current container has no more partners */
  /* Within the current text node: where scanning goes on, and how much of
   * its literal already went into nodes placed before it. The literal is
   * cut once, when the pass leaves the node, so a long line is never
   * copied once per match. */
  gsize           from;
  gsize           consumed;
  gboolean        current_gone;
  /* For math: which dollar signs of the current node's literal were
   * escaped in the source, found once per node. */
  cmark_node     *escapes_node;
  GArray         *escapes;
  GArray         *offsets;
  GArray         *src_offsets;  /* where each of them stands in the source */
  gsize           lit_len;
} Pass;

typedef cmark_node *(*TextFunc) (Pass       *pass,
                                 cmark_node *text);

/* --- small helpers ----------------------------------------------------- */

void
lec_node_data_free (LecNodeData *data)
{
  g_free (data->target);
  g_free (data->heading);
  g_free (data->label);
  g_free (data->shown);
  g_free (data->path);
  g_free (data);
}

/* Marks the end of an element that had to be written as raw HTML pieces
 * (see place_after()). */
static LecNodeData end_marker;

/* The data of a node one of the passes made, or NULL (for the closing piece
 * of an element written as raw HTML pieces, too). */
LecNodeData *
lec_node_data (cmark_node *node)
{
  cmark_node_type type = cmark_node_get_type (node);
  LecNodeData *data;

  if (type != CMARK_NODE_CUSTOM_INLINE && type != CMARK_NODE_CUSTOM_BLOCK &&
      type != CMARK_NODE_HTML_INLINE)
    return NULL;
  data = cmark_node_get_user_data (node);
  return data == &end_marker ? NULL : data;
}

/* Escapes text for an HTML attribute value or element content. */
char *
lec_html_escape (const char *text,
                 gssize      len)
{
  GString *s;
  const char *end;

  if (len < 0)
    len = strlen (text);
  s = g_string_sized_new (len + 16);
  end = text + len;

  for (const char *p = text; p < end; p++)
    switch (*p)
      {
      case '&': g_string_append (s, "&amp;"); break;
      case '<': g_string_append (s, "&lt;"); break;
      case '>': g_string_append (s, "&gt;"); break;
      case '"': g_string_append (s, "&quot;"); break;
      case '\'': g_string_append (s, "&#39;"); break;
      default: g_string_append_c (s, *p);
      }

  return g_string_free (s, FALSE);
}

static LecNodeData *
node_data_new (LecPassContext *ctx,
               LecNodeKind     kind)
{
  LecNodeData *data = g_new0 (LecNodeData, 1);

  data->kind = kind;
  g_ptr_array_add (ctx->node_data, data);
  return data;
}

static cmark_node *
text_node (const char *text,
           gssize      len)
{
  cmark_node *node = lec_markdown_node_new (CMARK_NODE_TEXT);
  g_autofree char *copy = len < 0 ? g_strdup (text) : g_strndup (text, len);

  cmark_node_set_literal (node, copy);
  return node;
}

static cmark_node *
custom_node (cmark_node_type  type,
             LecNodeData     *data,
             const char      *on_enter,
             const char      *on_exit)
{
  cmark_node *node = lec_markdown_node_new (type);

  if (on_enter != NULL)
    cmark_node_set_on_enter (node, on_enter);
  if (on_exit != NULL)
    cmark_node_set_on_exit (node, on_exit);
  cmark_node_set_user_data (node, data);
  return node;
}

/* Takes @node out of the tree until the pass ends. The nodes below it
 * are noted: an inline container among them is no longer to be visited,
 * and finding that out by walking up from each container cost its depth
 * (quadratic in a note of deeply nested emphasis). Each node is buried at
 * most once, so this stays linear. */
static void
bury (Pass       *pass,
      cmark_node *node)
{
  cmark_node_unlink (node);
  g_ptr_array_add (pass->graveyard, node);
  if (cmark_node_first_child (node) != NULL)
    {
      cmark_iter *iter = cmark_iter_new (node);
      cmark_event_type ev;

      if (pass->buried == NULL)
        pass->buried = g_hash_table_new (NULL, NULL);
      while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER)
          g_hash_table_add (pass->buried, cmark_iter_get_node (iter));
      cmark_iter_free (iter);
    }
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static const char *
literal (cmark_node *node)
{
  const char *s = cmark_node_get_literal (node);

  return s != NULL ? s : "";
}

/* Nodes whose content belongs to them alone. */
static gboolean
is_opaque (cmark_node *node)
{
  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_HTML_BLOCK:
      return TRUE;

    case CMARK_NODE_CUSTOM_INLINE:
      {
        LecNodeData *data = cmark_node_get_user_data (node);

        return data != NULL && data->kind != LEC_NODE_HIGHLIGHT;
      }

    default:
      return FALSE;
    }
}

/* The opening piece of an opaque element that place_after() had to write
 * as raw HTML pieces. */
static gboolean
is_opaque_start (cmark_node *node)
{
  LecNodeData *data;

  if (cmark_node_get_type (node) != CMARK_NODE_HTML_INLINE)
    return FALSE;
  data = cmark_node_get_user_data (node);
  return data != NULL && data != &end_marker && data->kind != LEC_NODE_HIGHLIGHT;
}

static gboolean
is_inline_type (cmark_node_type type)
{
  return (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

/* Every node whose children are inlines, in document order, leaving out
 * opaque nodes (and, when @skip_links, links and images) and all below
 * them. */
static GPtrArray *
inline_containers (cmark_node *root,
                   gboolean    skip_links)
{
  GPtrArray *out = g_ptr_array_new ();
  cmark_node *node = root;

  /* A walk of its own, not a cmark_iter: the passes walk the whole tree
   * several times, and the iterator's events (two for every container)
   * cost about twice as much as following the nodes' pointers. */
  while (node != NULL)
    {
      cmark_node_type type = cmark_node_get_type (node);
      cmark_node *child = NULL;

      /* Text and breaks, most of the tree, hold nothing. */
      if (type != CMARK_NODE_TEXT && type != CMARK_NODE_SOFTBREAK && type != CMARK_NODE_LINEBREAK &&
          !is_opaque (node) && !(skip_links && (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)))
        {
          child = cmark_node_first_child (node);
          if (child != NULL && is_inline_type (cmark_node_get_type (child)))
            g_ptr_array_add (out, node);
        }

      if (child != NULL)
        {
          node = child;
          continue;
        }
      while (node != root && cmark_node_next (node) == NULL)
        node = cmark_node_parent (node);
      node = node != root ? cmark_node_next (node) : NULL;
    }

  return out;
}

/* Cuts what the pass consumed off the front of @text. */
static void
finish_text (Pass       *pass,
             cmark_node *text)
{
  const char *lit;

  if (pass->current_gone || pass->consumed == 0)
    return;
  lit = literal (text);
  if (lit[pass->consumed] == '\0')
    bury (pass, text);
  else
    {
      g_autofree char *rest = g_strdup (lit + pass->consumed);

      cmark_node_set_literal (text, rest);
    }
}

/* Runs @func on each text node of each inline container. @func returns the
 * node to go on with: the same node (with pass->from moved on) to look
 * further in it. */
static void
run_text_pass (LecPassContext *ctx,
               gboolean        skip_links,
               TextFunc        func)
{
  cmark_node *root = lec_markdown_get_root (ctx->md);
  g_autoptr(GPtrArray) containers = inline_containers (root, skip_links);
  Pass pass = { ctx, g_ptr_array_new_with_free_func ((GDestroyNotify) cmark_node_free), FALSE };

  for (guint i = 0; i < containers->len; i++)
    {
      cmark_node *container = containers->pdata[i];

      if (pass.buried != NULL && g_hash_table_contains (pass.buried, container))
        continue;

      pass.failed = FALSE;
      for (cmark_node *node = cmark_node_first_child (container); node != NULL && !pass.failed; )
        {
          if (cmark_node_get_type (node) == CMARK_NODE_TEXT)
            {
              cmark_node *next;

              pass.from = pass.consumed = 0;
              pass.current_gone = FALSE;
              do
                next = func (&pass, node);
              while (next == node && !pass.failed);
              finish_text (&pass, node);
              node = next;
            }
          else if (is_opaque_start (node))
            {
              /* An element written as raw pieces (in a table cell): step
               * over its content like over any opaque node. */
              while (node != NULL && !lec_node_is_end_marker (node))
                node = cmark_node_next (node);
            }
          else
            node = cmark_node_next (node);
        }
    }

  g_ptr_array_unref (pass.graveyard);
  g_clear_pointer (&pass.buried, g_hash_table_unref);
  g_clear_pointer (&pass.escapes, g_array_unref);
  g_clear_pointer (&pass.offsets, g_array_unref);
  g_clear_pointer (&pass.src_offsets, g_array_unref);
}

/* A bare URL the GFM autolink extension made a link of: its one text child
 * is the URL as written (less "http://" or "mailto:", which it adds). */
static gboolean
is_autolink (cmark_node *node)
{
  cmark_node *child = cmark_node_first_child (node);
  const char *url, *text;

  if (cmark_node_get_type (node) != CMARK_NODE_LINK || child == NULL ||
      cmark_node_next (child) != NULL || cmark_node_get_type (child) != CMARK_NODE_TEXT)
    return FALSE;
  url = cmark_node_get_url (node);
  text = literal (child);
  if (url == NULL || *text == '\0')
    return FALSE;
  if (g_str_has_prefix (url, "http://") && g_str_equal (url + 7, text))
    return TRUE;
  if (g_str_has_prefix (url, "mailto:") && g_str_equal (url + 7, text))
    return TRUE;
  return g_str_equal (url, text);
}

/* Finds @close at or after @from in @node, then in its following siblings'
 * text (other inlines are stepped over). Line breaks end the search unless
 * @cross_lines.
 *
 * With @unwrap (math), a bare URL the GFM autolink extension made a link
 * of, and that holds @close, is turned back into the text it was made of
 * (its literal is the source, where "\$" is an escaped sign): a URL runs
 * to the next space, so in "$\href{https://example.com}{x}$" the link took
 * the closing dollar sign. */
static gboolean
find_close (Pass        *unwrap,
            cmark_node  *node,
            gsize        from,
            const char  *close,
            gboolean     cross_lines,
            cmark_node **end_node,
            gsize       *end_offset)
{
  for (cmark_node *n = node; n != NULL; n = cmark_node_next (n))
    {
      cmark_node_type type = cmark_node_get_type (n);
      const char *hit;

      if (unwrap != NULL && type == CMARK_NODE_LINK && is_autolink (n) &&
          (hit = strstr (literal (cmark_node_first_child (n)), close)) != NULL &&
          (hit == literal (cmark_node_first_child (n)) || hit[-1] != '\\'))
        {
          cmark_node *text = text_node (literal (cmark_node_first_child (n)), -1);

          cmark_node_insert_before (n, text);
          bury (unwrap, n);
          n = text;
          type = CMARK_NODE_TEXT;
        }

      if (type == CMARK_NODE_TEXT)
        {
          const char *lit = literal (n);

          /* @from always lies within the literal it came from. */
          hit = strstr (lit + (n == node ? from : 0), close);
          if (hit != NULL)
            {
              *end_node = n;
              *end_offset = (gsize) (hit - lit);
              return TRUE;
            }
        }
      else if ((type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) && !cross_lines)
        return FALSE;
    }

  return FALSE;
}

/* Inserts @repl after @anchor. Table cells in cmark-gfm accept only the
 * core inline types, not custom ones, so there the element is written as
 * its opening HTML, its children, and its closing HTML: three siblings,
 * marked as Lectern's own so they are not taken for a note's raw HTML.
 * Returns the last node placed. */
static cmark_node *
place_after (cmark_node *anchor,
             cmark_node *repl)
{
  cmark_node *open, *close, *last;

  if (cmark_node_insert_after (anchor, repl))
    return repl;

  open = lec_markdown_node_new (CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal (open, cmark_node_get_on_enter (repl));
  cmark_node_set_user_data (open, cmark_node_get_user_data (repl));
  cmark_node_insert_after (anchor, open);
  last = open;
  while (cmark_node_first_child (repl) != NULL)
    {
      cmark_node *child = cmark_node_first_child (repl);

      cmark_node_unlink (child);
      cmark_node_insert_after (last, child);
      last = child;
    }
  close = lec_markdown_node_new (CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal (close, cmark_node_get_on_exit (repl));
  cmark_node_set_user_data (close, &end_marker);
  cmark_node_insert_after (last, close);
  cmark_node_free (repl);
  return close;
}

static cmark_node *
place_before (cmark_node *ref,
              cmark_node *repl)
{
  cmark_node *prev = cmark_node_previous (ref);
  cmark_node *holder;
  cmark_node *last;

  if (cmark_node_insert_before (ref, repl))
    return repl;
  if (prev != NULL)
    return place_after (prev, repl);

  /* @ref is the first child: place after it, then move it after. */
  holder = ref;
  last = place_after (holder, repl);
  cmark_node_unlink (holder);
  cmark_node_insert_after (last, holder);
  return last;
}

gboolean
lec_node_is_end_marker (cmark_node *node)
{
  return cmark_node_get_user_data (node) == &end_marker;
}

/* Replaces the text from the opening delimiter at @s_off in @s to the end of
 * the closing one at @e_off in @e with @repl (or nothing, when %NULL). With
 * @keep_inner, what lay between the delimiters becomes @repl's children.
 * Returns the node to go on scanning from. */
static cmark_node *
replace_span (Pass       *pass,
              cmark_node *s,
              gsize       s_off,
              gsize       open_len,
              cmark_node *e,
              gsize       e_off,
              gsize       close_len,
              cmark_node *repl,
              gboolean    keep_inner)
{
  const char *lit = literal (s);
  gboolean keep = keep_inner && repl != NULL;
  cmark_node *next;

  /* The text before the span, since what was consumed already. */
  if (s_off > pass->consumed)
    cmark_node_insert_before (s, text_node (lit + pass->consumed, s_off - pass->consumed));

  if (s == e)
    {
      if (keep && e_off > s_off + open_len)
        cmark_node_append_child (repl, text_node (lit + s_off + open_len, e_off - s_off - open_len));
      if (repl != NULL)
        place_before (s, repl);
      pass->consumed = pass->from = e_off + close_len;
      return s;
    }

  if (keep && lit[s_off + open_len] != '\0')
    cmark_node_append_child (repl, text_node (lit + s_off + open_len, -1));

  for (cmark_node *n = cmark_node_next (s); n != NULL && n != e; n = next)
    {
      next = cmark_node_next (n);
      if (keep)
        {
          cmark_node_unlink (n);
          cmark_node_append_child (repl, n);
        }
      else
        bury (pass, n);
    }

  if (keep && e_off > 0)
    cmark_node_append_child (repl, text_node (literal (e), e_off));
  if (repl != NULL)
    place_before (s, repl);

  /* @s is used up; @e keeps what follows the span, and scanning goes on
   * there (each node's tail is cut like this at most once). */
  bury (pass, s);
  pass->current_gone = TRUE;
  if (literal (e)[e_off + close_len] != '\0')
    {
      g_autofree char *after = g_strdup (literal (e) + e_off + close_len);

      cmark_node_set_literal (e, after);
      return e;
    }
  next = cmark_node_next (e);
  bury (pass, e);
  return next;
}

/* The first node after the line break that follows @node. */
static cmark_node *
next_line (cmark_node *node)
{
  for (cmark_node *n = cmark_node_next (node); n != NULL; n = cmark_node_next (n))
    {
      cmark_node_type type = cmark_node_get_type (n);

      if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
        return cmark_node_next (n);
    }
  return NULL;
}

/* The plain text of an inline node and its children. */
static void
append_plain (GString    *out,
              cmark_node *node)
{
  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      g_string_append (out, literal (node));
      return;

    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      g_string_append_c (out, ' ');
      return;

    default:
      for (cmark_node *c = cmark_node_first_child (node); c != NULL; c = cmark_node_next (c))
        append_plain (out, c);
    }
}

/* The plain text from offset @s_off of @s to @e_off of @e (siblings). */
static char *
span_plain (cmark_node *s,
            gsize       s_off,
            cmark_node *e,
            gsize       e_off)
{
  GString *out = g_string_new (NULL);

  if (s == e)
    {
      g_string_append_len (out, literal (s) + s_off, e_off - s_off);
      return g_string_free (out, FALSE);
    }

  g_string_append (out, literal (s) + s_off);
  for (cmark_node *n = cmark_node_next (s); n != NULL && n != e; n = cmark_node_next (n))
    append_plain (out, n);
  g_string_append_len (out, literal (e), e_off);
  return g_string_free (out, FALSE);
}

/* Whether @sign is anywhere in the note's source. The marks of comments,
 * math, highlights and tags are written, never made by another pass, so
 * a pass whose sign the source lacks has nothing to do; most notes lack
 * most of them, and a pass costs a walk over the whole tree. */
static gboolean
source_has (LecPassContext *ctx,
            const char     *sign)
{
  gsize len;
  const char *src = lec_markdown_get_source (ctx->md, &len);

  return lec_markdown_find (src, len, sign) != NULL;
}

/* --- comments: %%hidden%% ------------------------------------------------ */

static cmark_node *
comment_text (Pass       *pass,
              cmark_node *text)
{
  const char *lit = literal (text);
  const char *open = strstr (lit + pass->from, "%%");
  cmark_node *e;
  gsize e_off;

  if (open == NULL)
    return cmark_node_next (text);

  if (find_close (NULL, text, (gsize) (open - lit) + 2, "%%", TRUE, &e, &e_off))
    return replace_span (pass, text, (gsize) (open - lit), 2, e, e_off, 2, NULL, FALSE);

  /* Unclosed: hidden to the end of its paragraph, as Obsidian does. */
  if ((gsize) (open - lit) > pass->consumed)
    cmark_node_insert_before (text, text_node (lit + pass->consumed, (gsize) (open - lit) - pass->consumed));
  for (cmark_node *n = cmark_node_next (text), *next; n != NULL; n = next)
    {
      next = cmark_node_next (n);
      bury (pass, n);
    }
  bury (pass, text);
  pass->current_gone = TRUE;
  pass->failed = TRUE;
  return NULL;
}

void
lec_pass_comments (LecPassContext *ctx)
{
  if (source_has (ctx, "%%"))
    run_text_pass (ctx, FALSE, comment_text);
}

/* --- math: $inline$ and $$display$$, kept as TeX -------------------------- */

static guint
count_dollars (const char *s,
               gsize       len)
{
  guint n = 0;

  for (const char *p = memchr (s, '$', len); p != NULL; p = memchr (p + 1, '$', len - (p + 1 - s)))
    n++;
  return n;
}

/* The source of a text node inside math. Before a bare URL, cmark's
 * autolink takes the scheme ("https") off the text's literal but leaves it
 * in the text's source span, and an e-mail address splits a text node
 * without shortening its span: the first is cut off again, the second has
 * no usable source. */
static gboolean
math_text_source (LecPassContext  *ctx,
                  cmark_node      *text,
                  gssize           lit_len,
                  const char     **src,
                  gsize           *len)
{
  cmark_node *next = cmark_node_next (text);
  const char *url;
  gsize k = 0;

  if (!lec_markdown_node_source (ctx->md, text, src, len))
    return FALSE;
  if (next == NULL)
    return TRUE;
  if (is_autolink (next))
    {
      if (g_str_has_prefix (cmark_node_get_url (next), "mailto:"))
        return FALSE;
      url = literal (cmark_node_first_child (next));
    }
  else if (cmark_node_get_type (next) == CMARK_NODE_TEXT)
    url = literal (next);  /* an autolink the math pass turned back into text */
  else
    return TRUE;

  while (g_ascii_isalpha (url[k]))
    k++;
  if (lit_len < 0)
    lit_len = strlen (literal (text));
  if (k > 0 && strncmp (url + k, "://", 3) == 0 && *len >= (gsize) lit_len + k &&
      strncmp (*src + *len - k, url, k) == 0)
    *len -= k;
  return TRUE;
}

static guint count_below (GArray *offsets,
                          gsize   offset);

/* The source text of the span, so TeX keeps its backslashes; falls back to
 * the plain text where positions are not exact (table cells). */
static char *
math_source (Pass       *pass,
             cmark_node *s,
             gsize       s_off,
             cmark_node *e,
             gsize       e_off)
{
  LecPassContext *ctx = pass->ctx;
  GString *out = g_string_new (NULL);

  for (cmark_node *n = s; n != NULL; n = cmark_node_next (n))
    {
      const char *src;
      gsize len;
      const char *lit = literal (n);
      /* The node being scanned has its dollar signs indexed: a span there
       * costs its own length, not the node's (a line can hold thousands). */
      gboolean indexed = n == s && pass->escapes_node == s;
      gsize lit_len = indexed ? pass->lit_len : strlen (lit);
      gsize from = n == s ? s_off : 0;
      gsize to = n == e ? e_off : lit_len;
      cmark_node_type type = cmark_node_get_type (n);

      if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
        g_string_append_c (out, '\n');
      else if (type != CMARK_NODE_TEXT)
        {
          /* A bare URL is its own source (cmark gives it no position, or
           * one a column early); "<https://…>" has its brackets. */
          if (lec_markdown_node_source (ctx->md, n, &src, &len) &&
              (!is_autolink (n) || src[0] == '<'))
            g_string_append_len (out, src, len);
          else
            append_plain (out, n);
        }
      else if (!math_text_source (ctx, n, lit_len, &src, &len))
        g_string_append_len (out, lit + from, to - from);
      else if (len == lit_len)
        g_string_append_len (out, src + from, to - from);
      else if (indexed && pass->escapes->len > 0)
        {
          /* The literal lost escapes or entities: take the source after
           * the opening dollar sign, up to the closing one. */
          guint before = count_below (pass->offsets, from);
          guint upto = count_below (pass->offsets, to);
          const char *a = before > 0 ? src + g_array_index (pass->src_offsets, gsize, before - 1) + 1 : NULL;
          const char *b = n != e ? src + len
                          : upto < pass->src_offsets->len ? src + g_array_index (pass->src_offsets, gsize, upto)
                          : NULL;

          if (a != NULL && b != NULL && b >= a && b <= src + len)
            g_string_append_len (out, a, b - a);
          else
            g_string_append_len (out, lit + from, to - from);
        }
      else
        {
          /* The literal lost escapes or entities: take the source between
           * the same dollar signs, counted from the start. What is left of
           * a node after an earlier span keeps the whole node's source:
           * the extra dollar signs there come first. */
          guint before = 0, upto = 0, shift;
          const char *a = NULL, *b = NULL;

          for (gsize i = 0; i < from; i++)
            before += lit[i] == '$';
          for (gsize i = 0; i < to; i++)
            upto += lit[i] == '$';
          shift = count_dollars (src, len);
          shift = shift > count_dollars (lit, strlen (lit)) ? shift - count_dollars (lit, strlen (lit)) : 0;
          before += shift;
          upto += shift;
          for (gsize i = 0, seen = 0; i < len; i++)
            if (src[i] == '$')
              {
                seen++;
                if (seen == before && a == NULL)
                  a = src + i + 1;
                if (seen == upto + 1 && b == NULL)
                  b = src + i;
              }
          if (n != s || before == 0)
            a = n == s ? src + from : src;
          if (n != e)
            b = src + len;
          if (a != NULL && b != NULL && b >= a)
            g_string_append_len (out, a, b - a);
          else
            g_string_append_len (out, lit + from, to - from);
        }

      if (n == e)
        break;
    }

  return g_string_free (out, FALSE);
}

/* The length of "&dollar;", "&#36;" or "&#x24;" (as cmark reads numeric
 * references) at the start of @p, or 0. */
static gsize
entity_dollar_len (const char *p,
                   gsize       n)
{
  gboolean hex;
  guint64 value = 0;
  gsize i, digits;

  if (n >= 8 && strncmp (p, "&dollar;", 8) == 0)
    return 8;
  if (n < 4 || p[0] != '&' || p[1] != '#')
    return 0;
  hex = p[2] == 'x' || p[2] == 'X';
  for (i = hex ? 3 : 2; i < n && (hex ? g_ascii_isxdigit (p[i]) : g_ascii_isdigit (p[i])) && value <= 0x110000; i++)
    value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (p[i]) : g_ascii_digit_value (p[i]));
  digits = i - (hex ? 3 : 2);
  if (digits < 1 || digits > (hex ? 6 : 7) || i >= n || p[i] != ';' || value != '$')
    return 0;
  return i + 1;
}

/* The number of @offsets (sorted) below @offset. */
static guint
count_below (GArray *offsets,
             gsize   offset)
{
  guint lo = 0, hi = offsets->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (offsets, gsize, mid) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Indexes the dollar signs of @text's literal once: where each stands in
 * the literal and in the source, and whether it is text ("\$", or an
 * entity such as "&#36;") rather than a delimiter. What is left of a node
 * after an earlier span keeps the whole node's source: its first signs
 * are gone. Without an exact source, nothing is known of them. */
static void
index_dollars (Pass       *pass,
               cmark_node *text)
{
  const char *lit = literal (text);
  const char *src;
  gsize len, i;

  g_clear_pointer (&pass->escapes, g_array_unref);
  g_clear_pointer (&pass->offsets, g_array_unref);
  g_clear_pointer (&pass->src_offsets, g_array_unref);
  pass->escapes = g_array_new (FALSE, TRUE, sizeof (guint));
  pass->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  pass->src_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  pass->escapes_node = text;

  for (i = 0; lit[i] != '\0'; i++)
    if (lit[i] == '$')
      g_array_append_val (pass->offsets, i);
  pass->lit_len = i;

  if (lec_markdown_node_source (pass->ctx->md, text, &src, &len))
    for (i = 0; i < len; i++)
      {
        gsize at = i, n;
        guint escaped = TRUE;

        if (src[i] == '\\' && i + 1 < len && g_ascii_ispunct (src[i + 1]))
          {
            at = ++i;
            if (src[at] != '$')
              continue;
          }
        else if (src[i] == '&' && (n = entity_dollar_len (src + i, len - i)) > 0)
          i += n - 1;
        else if (src[i] == '$')
          escaped = FALSE;
        else
          continue;
        g_array_append_val (pass->escapes, escaped);
        g_array_append_val (pass->src_offsets, at);
      }

  if (pass->offsets->len < pass->escapes->len)
    {
      guint extra = pass->escapes->len - pass->offsets->len;

      g_array_remove_range (pass->escapes, 0, extra);
      g_array_remove_range (pass->src_offsets, 0, extra);
    }
  if (pass->offsets->len != pass->escapes->len)
    {
      g_array_set_size (pass->escapes, 0);
      g_array_set_size (pass->src_offsets, 0);
    }
}

/* Whether the dollar sign at @offset of @text's literal is text: written
 * "\$" or as an entity. */
static gboolean
dollar_escaped (Pass       *pass,
                cmark_node *text,
                gsize       offset)
{
  guint nth;

  if (pass->escapes_node != text)
    index_dollars (pass, text);
  if (pass->escapes->len == 0)
    return FALSE;

  nth = count_below (pass->offsets, offset);
  return nth < pass->escapes->len && g_array_index (pass->escapes, guint, nth);
}

static cmark_node *
math_node (LecPassContext *ctx,
           const char     *tex,
           gboolean        display)
{
  LecNodeData *data = node_data_new (ctx, LEC_NODE_MATH);
  cmark_node *node;

  data->label = g_strdup (tex);
  node = custom_node (CMARK_NODE_CUSTOM_INLINE, data,
                      display ? "<span class=\"lec-math lec-math-display\">" : "<span class=\"lec-math\">",
                      "</span>");
  cmark_node_append_child (node, text_node (tex, -1));
  return node;
}

/* Math whose delimiters both lie in one text node, found on the node's
 * source so that escaped dollars stay text and TeX keeps its backslashes.
 * The n-th dollar sign of the source is the n-th of the literal, which
 * maps each span back onto the literal for the text around it. Returns
 * %FALSE when the node has no such math or no exact source; else sets
 * @next to the node to go on with (%NULL at the end of the container). */
static gboolean
math_in_node (Pass        *pass,
              cmark_node  *text,
              cmark_node **next)
{
  const char *lit = literal (text);
  const char *src;
  gsize src_len;
  g_autoptr(GArray) ld = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) rd = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GPtrArray) pieces = g_ptr_array_new ();
  gsize lit_pos = 0;
  cmark_node *last;

  if (!lec_markdown_node_source (pass->ctx->md, text, &src, &src_len))
    return FALSE;
  for (gsize i = 0; lit[i] != '\0'; i++)
    if (lit[i] == '$')
      g_array_append_val (ld, i);
  for (gsize i = 0; i < src_len; i++)
    if (src[i] == '$')
      g_array_append_val (rd, i);
  if (ld->len < 2 || ld->len != rd->len)
    return FALSE;

#define L(k) g_array_index (ld, gsize, (k))
#define R(k) g_array_index (rd, gsize, (k))
#define ESCAPED(k) (R (k) > 0 && src[R (k) - 1] == '\\')

  for (guint i = 0; i + 1 < ld->len; )
    {
      gboolean display = !ESCAPED (i) && L (i + 1) == L (i) + 1 && R (i + 1) == R (i) + 1;
      guint j;

      if (ESCAPED (i) || (!display && g_ascii_isspace (lit[L (i) + 1])))
        {
          i++;
          continue;
        }

      for (j = i + (display ? 2 : 1); j < ld->len; j++)
        {
          if (ESCAPED (j))
            continue;
          if (display)
            {
              if (j + 1 < ld->len && L (j + 1) == L (j) + 1 && R (j + 1) == R (j) + 1)
                break;
            }
          else if (!g_ascii_isspace (lit[L (j) - 1]) && !g_ascii_isdigit (lit[L (j) + 1]))
            break;
        }
      if (j >= ld->len || (display && j + 1 >= ld->len))
        break;

      {
        gsize dlen = display ? 2 : 1;
        g_autofree char *tex = g_strndup (src + R (i) + dlen, R (j) - R (i) - dlen);

        if (is_blank (tex))
          {
            i = j;
            continue;
          }
        if (L (i) > lit_pos)
          g_ptr_array_add (pieces, text_node (lit + lit_pos, L (i) - lit_pos));
        g_ptr_array_add (pieces, math_node (pass->ctx, tex, display));
        lit_pos = L (j) + dlen;
        i = j + (display ? 2 : 1);
      }
    }

#undef L
#undef R
#undef ESCAPED

  if (pieces->len == 0)
    return FALSE;
  if (lit[lit_pos] != '\0')
    g_ptr_array_add (pieces, text_node (lit + lit_pos, -1));

  last = text;
  for (guint i = 0; i < pieces->len; i++)
    last = place_after (last, pieces->pdata[i]);
  bury (pass, text);
  pass->current_gone = TRUE;

  /* The rest may still open math that closes in a later node. */
  *next = lit[lit_pos] != '\0' ? last : cmark_node_next (last);
  return TRUE;
}

/* Whether the text before @node's next sibling ends in a space. */
static gboolean
ends_in_space (cmark_node *node)
{
  cmark_node_type type = node != NULL ? cmark_node_get_type (node) : CMARK_NODE_NONE;
  const char *lit;

  if (type == CMARK_NODE_NONE || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
    return TRUE;
  if (type != CMARK_NODE_TEXT)
    return FALSE;
  lit = literal (node);
  return *lit == '\0' || g_ascii_isspace (lit[strlen (lit) - 1]);
}

static cmark_node *
math_text (Pass       *pass,
           cmark_node *text)
{
  LecPassContext *ctx = pass->ctx;
  const char *lit = literal (text);
  cmark_node *next;

  /* Most text has no dollar sign, and math only opens at one. */
  if (strchr (lit + pass->from, '$') == NULL)
    return cmark_node_next (text);

  /* Its math found and placed, @text is gone: go on after it, also when
   * nothing follows. */
  if (pass->from == 0 && math_in_node (pass, text, &next))
    return next;

  for (const char *p = strchr (lit + pass->from, '$'); p != NULL; p = strchr (p + 1, '$'))
    {
      gsize off = (gsize) (p - lit);
      gboolean display = p[1] == '$';
      gsize dlen = display ? 2 : 1;
      g_autofree char *tex = NULL;
      cmark_node *e, *repl;
      gsize e_off;
      gboolean found;

      if (dollar_escaped (pass, text, off))
        {
          if (display)
            p++;
          continue;
        }

      /* Inline math opens before a non-space ("$5 and $10" is money), which
       * may begin a bare URL's link. */
      if (!display && (g_ascii_isspace (p[1]) ||
                       (p[1] == '\0' && (cmark_node_next (text) == NULL || !is_autolink (cmark_node_next (text))))))
        continue;

      found = find_close (pass, text, off + dlen, display ? "$$" : "$", display, &e, &e_off);
      /* A closing sign written "\$" (or as an entity) is text: look on. */
      while (found && e == text && dollar_escaped (pass, text, e_off))
        found = find_close (pass, text, e_off + 1, display ? "$$" : "$", display, &e, &e_off);
      if (!found)
        {
          /* No dollar sign follows on this line: none of the rest of the
           * line can close, so go on with the next line. */
          if (!display)
            return next_line (text);
          p++;
          continue;
        }

      if (!display)
        {
          const char *el = literal (e);

          /* Closing after a non-space, also when that ends an element:
           * "$a *b*$". */
          if ((e_off == 0 ? ends_in_space (cmark_node_previous (e)) : g_ascii_isspace (el[e_off - 1])) ||
              g_ascii_isdigit (el[e_off + 1]))
            continue;
        }

      tex = math_source (pass, text, off + dlen, e, e_off);
      if (is_blank (tex))
        continue;

      repl = math_node (ctx, tex, display);
      return replace_span (pass, text, off, dlen, e, e_off, dlen, repl, FALSE);
    }

  return cmark_node_next (text);
}

void
lec_pass_math (LecPassContext *ctx)
{
  if (source_has (ctx, "$"))
    run_text_pass (ctx, TRUE, math_text);
}

/* --- timestamps ---------------------------------------------------------- */

/* Copies @len bytes to @out; returns where the copy ends. */
static inline char *
put (char       *out,
     const char *bytes,
     gsize       len)
{
  memcpy (out, bytes, len);
  return out + len;
}

static cmark_node *
timestamp_node (LecPassContext *ctx,
                guint           seconds,
                const char     *shown)
{
  LecNodeData *data = node_data_new (ctx, LEC_NODE_TIMESTAMP);
  static const char head[] = "<a class=\"lec-ts\" href=\"lectern-seek:";
  static const char middle[] = "\" data-seconds=\"";
  char digits[12], on_enter[96], *o = on_enter;
  int n = sizeof digits;

  data->seconds = seconds;
  data->shown = g_strdup (shown);
  if (ctx->facts_only)
    return custom_node (CMARK_NODE_CUSTOM_INLINE, data, NULL, NULL);

  /* Written out by hand: notes have hundreds of these, and printf was a
   * good part of their cost. The number goes in twice. */
  do
    digits[--n] = (char) ('0' + seconds % 10);
  while ((seconds /= 10) > 0);
  o = put (o, head, sizeof head - 1);
  o = put (o, digits + n, sizeof digits - n);
  o = put (o, middle, sizeof middle - 1);
  o = put (o, digits + n, sizeof digits - n);
  strcpy (o, "\">");
  return custom_node (CMARK_NODE_CUSTOM_INLINE, data, on_enter, "</a>");
}

/* Recognises exactly the anchor that note tools write,
 * <a class="yt-timestamp" data-t="00:01:25">, attributes in any order and
 * quoted either way. Other attributes are ignored (never passed on: the
 * button Lectern makes has only its own). Anything else is left as raw
 * HTML for the sanitiser. */
static gboolean
parse_ts_anchor (const char  *html,
                 char       **data_t)
{
  const char *p = html;
  gboolean has_class = FALSE;
  g_autofree char *t = NULL;

  if (g_ascii_strncasecmp (p, "<a", 2) != 0 || !g_ascii_isspace (p[2]))
    return FALSE;
  p += 2;

  for (;;)
    {
      const char *name, *value;
      gsize name_len;
      char quote;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '>')
        {
          p++;
          break;
        }

      name = p;
      while (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        p++;
      name_len = (gsize) (p - name);
      if (name_len == 0)
        return FALSE;
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '=')
        return FALSE;
      p++;
      while (g_ascii_isspace (*p))
        p++;
      quote = *p;
      if (quote != '"' && quote != '\'')
        return FALSE;
      value = ++p;
      while (*p != '\0' && *p != quote)
        p++;
      if (*p != quote)
        return FALSE;

      if (name_len == 5 && g_ascii_strncasecmp (name, "class", 5) == 0)
        has_class = (gsize) (p - value) == 12 && strncmp (value, "yt-timestamp", 12) == 0;
      else if (name_len == 6 && g_ascii_strncasecmp (name, "data-t", 6) == 0)
        {
          g_free (t);
          t = g_strndup (value, (gsize) (p - value));
        }
      p++;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || !has_class)
    return FALSE;

  *data_t = g_steal_pointer (&t);
  return TRUE;
}

static gboolean
is_line_break_tag (const char *html)
{
  if (html[0] != '<' || (html[1] != 'b' && html[1] != 'B') || (html[2] != 'r' && html[2] != 'R'))
    return FALSE;
  html += 3;
  while (*html == ' ')
    html++;
  if (*html == '/')
    html++;
  return html[0] == '>' && html[1] == '\0';
}

static gboolean
is_closing_a (cmark_node *node)
{
  const char *s;

  if (cmark_node_get_type (node) != CMARK_NODE_HTML_INLINE)
    return FALSE;
  /* "</a>", any case, spaces allowed before the ">". */
  s = literal (node);
  if (s[0] != '<' || s[1] != '/' || (s[2] != 'a' && s[2] != 'A'))
    return FALSE;
  for (s += 3; *s == ' ' || *s == '\t'; s++)
    ;
  return s[0] == '>' && s[1] == '\0';
}

static cmark_node *
convert_anchor (Pass       *pass,
                cmark_node *open,
                const char *data_t)
{
  LecPassContext *ctx = pass->ctx;
  cmark_node *close = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *shown_text = NULL;
  guint seconds = 0;
  gboolean valid, empty;
  cmark_node *repl;

  for (cmark_node *n = cmark_node_next (open); n != NULL; n = cmark_node_next (n))
    {
      if (is_closing_a (n))
        {
          close = n;
          break;
        }
      /* Another tag: the anchor was cut off before it. */
      if (cmark_node_get_type (n) == CMARK_NODE_HTML_INLINE ||
          cmark_node_get_type (n) == CMARK_NODE_SOFTBREAK ||
          cmark_node_get_type (n) == CMARK_NODE_LINEBREAK)
        break;
      append_plain (shown, n);
    }
  if (close == NULL)
    g_string_truncate (shown, 0);

  shown_text = g_strstrip (g_strdup (shown->str));
  empty = *shown_text == '\0';
  valid = (data_t != NULL && lec_timestamp_parse (data_t, -1, &seconds)) ||
          lec_timestamp_parse (shown_text, -1, &seconds);

  if (!valid)
    {
      /* Neither the time nor the text is a time: plain text, no button. */
      cmark_node *after = cmark_node_next (open);

      if (after == close)
        after = cmark_node_next (close);
      if (close != NULL)
        bury (pass, close);
      bury (pass, open);
      return after;
    }

  if (*shown_text == '\0')
    {
      g_autofree char *formatted = lec_timestamp_format (seconds);

      g_free (shown_text);
      shown_text = g_strdup_printf ("[%s]", formatted);
    }

  repl = timestamp_node (ctx, seconds, shown_text);
  /* An empty anchor shows its time, or the button could not be seen. */
  if (close != NULL && !empty)
    {
      for (cmark_node *n = cmark_node_next (open), *next; n != close; n = next)
        {
          next = cmark_node_next (n);
          cmark_node_unlink (n);
          cmark_node_append_child (repl, n);
        }
    }
  else
    cmark_node_append_child (repl, text_node (shown_text, -1));

  {
    cmark_node *last = place_after (open, repl);
    cmark_node *next = close != NULL ? cmark_node_next (close) : cmark_node_next (last);

    if (close != NULL)
      bury (pass, close);
    bury (pass, open);
    return next;
  }
}

static void
timestamp_anchors (LecPassContext *ctx)
{
  cmark_node *root = lec_markdown_get_root (ctx->md);
  g_autoptr(GPtrArray) containers = inline_containers (root, TRUE);
  Pass pass = { ctx, g_ptr_array_new_with_free_func ((GDestroyNotify) cmark_node_free), FALSE };

  for (guint i = 0; i < containers->len; i++)
    {
      cmark_node *next;

      for (cmark_node *node = cmark_node_first_child (containers->pdata[i]); node != NULL; node = next)
        {
          g_autofree char *data_t = NULL;

          next = cmark_node_next (node);
          if (cmark_node_get_type (node) != CMARK_NODE_HTML_INLINE)
            continue;

          /* "<br/>" ends the source line of almost every note: a line
           * break, with no need for the sanitiser. */
          if (is_line_break_tag (literal (node)))
            {
              cmark_node *br = lec_markdown_node_new (CMARK_NODE_LINEBREAK);

              if (cmark_node_insert_before (node, br))
                bury (&pass, node);
              else
                cmark_node_free (br);
              continue;
            }

          if (!parse_ts_anchor (literal (node), &data_t))
            continue;

          next = convert_anchor (&pass, node, data_t);
        }
    }

  g_ptr_array_unref (pass.graveyard);
  g_clear_pointer (&pass.buried, g_hash_table_unref);
}

/* "[00:21:00](<a class="yt-timestamp" data-t="00:21:00%3C/a>)": an anchor
 * cut off inside a link's destination, as some notes have it. Its time is
 * what is left of its data-t, else the link's text. */
static gboolean
cut_anchor_seconds (cmark_node *link,
                    const char *url,
                    guint      *seconds)
{
  const char *t = strstr (url, "data-t=");
  g_autoptr(GString) text = g_string_new (NULL);

  if (t != NULL)
    {
      const char *v = t + 7;
      gsize n = 0;

      if (*v == '"' || *v == '\'')
        v++;
      while (g_ascii_isdigit (v[n]) || v[n] == ':')
        n++;
      if (lec_timestamp_parse (v, n, seconds))
        return TRUE;
    }
  append_plain (text, link);
  return lec_timestamp_parse (text->str, -1, seconds);
}

static void
timestamp_links (LecPassContext *ctx)
{
  cmark_node *root = lec_markdown_get_root (ctx->md);
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type ev;

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type (node) == CMARK_NODE_LINK)
        g_ptr_array_add (links, node);
    }
  cmark_iter_free (iter);

  for (guint i = 0; i < links->len; i++)
    {
      cmark_node *link = links->pdata[i];
      g_autofree char *id = NULL;
      g_autoptr(GString) shown = g_string_new (NULL);
      cmark_node *repl;
      const char *url = cmark_node_get_url (link);
      int seconds;

      if (url != NULL && strstr (url, "yt-timestamp") != NULL)
        {
          guint cut_seconds;

          if (!cut_anchor_seconds (link, url, &cut_seconds))
            {
              /* No time in it: its text, as for an anchor. */
              while (cmark_node_first_child (link) != NULL)
                place_before (link, cmark_node_first_child (link));
              cmark_node_unlink (link);
              cmark_node_free (link);
              continue;
            }
          seconds = (int) cut_seconds;
        }
      /* Links to other videos, and without a time, stay external links. */
      else if (ctx->video_id == NULL || !lec_youtube_url_parse (url, &id, &seconds) ||
               seconds < 0 || !g_str_equal (id, ctx->video_id))
        continue;

      append_plain (shown, link);
      repl = timestamp_node (ctx, seconds, shown->str);
      while (cmark_node_first_child (link) != NULL)
        {
          cmark_node *child = cmark_node_first_child (link);

          cmark_node_unlink (child);
          cmark_node_append_child (repl, child);
        }
      place_before (link, repl);
      cmark_node_unlink (link);
      cmark_node_free (link);
    }
}

/* "[01:02:03]" and "(12:34)" written as plain text. */
static cmark_node *
plain_timestamp_text (Pass       *pass,
                      cmark_node *text)
{
  const char *lit = literal (text);

  for (const char *p = strpbrk (lit + pass->from, "[("); p != NULL; p = strpbrk (p + 1, "[("))
    {
      const char *close, *q;
      guint seconds;

      if (!g_ascii_isdigit (p[1]))
        continue;

      close = NULL;
      for (q = p + 1; *q != '\0' && q - p <= 10; q++)
        if (*q == (*p == '[' ? ']' : ')'))
          {
            close = q;
            break;
          }
        else if (!g_ascii_isdigit (*q) && *q != ':')
          break;

      if (close == NULL || !lec_timestamp_parse (p, close - p + 1, &seconds))
        continue;

      {
        g_autofree char *shown = g_strndup (p, close - p + 1);
        cmark_node *repl = timestamp_node (pass->ctx, seconds, shown);

        cmark_node_append_child (repl, text_node (shown, -1));
        return replace_span (pass, text, (gsize) (p - lit), 0, text, (gsize) (close - lit) + 1, 0, repl, FALSE);
      }
    }

  return cmark_node_next (text);
}

void
lec_pass_timestamps (LecPassContext *ctx)
{
  timestamp_anchors (ctx);
  timestamp_links (ctx);
  if (ctx->plain_timestamps)
    run_text_pass (ctx, TRUE, plain_timestamp_text);
}

/* --- wiki links and embeds ------------------------------------------------ */

/* A heading's anchor id as Lectern writes it: lower case, letters and
 * digits kept, runs of anything else turned into one hyphen. */
char *
lec_heading_slug (const char *text)
{
  g_autofree char *lower = NULL;
  GString *out;
  gboolean hyphen = FALSE;
  const char *a;

  /* Most headings are ASCII, where the Unicode tables say what
   * g_ascii_isalnum() says; and a capital I is an i whatever the locale. */
  for (a = text; (guchar) *a - 1u < 0x7f; a++)
    ;
  if (*a == '\0')
    {
      out = g_string_sized_new (a - text);
      for (a = text; *a != '\0'; a++)
        if (g_ascii_isalnum (*a) || *a == '_')
          {
            if (hyphen && out->len > 0)
              g_string_append_c (out, '-');
            hyphen = FALSE;
            g_string_append_c (out, g_ascii_tolower (*a));
          }
        else
          hyphen = TRUE;
      return g_string_free (out, FALSE);
    }

  lower = g_utf8_strdown (text, -1);
  out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c) || c == '_')
        {
          if (hyphen && out->len > 0)
            g_string_append_c (out, '-');
          hyphen = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        hyphen = TRUE;
    }

  return g_string_free (out, FALSE);
}

static const char * const image_extensions[] = {
  ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp",
};

static gboolean
is_image_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_str_has_suffix (lower, image_extensions[i]))
      return TRUE;
  return FALSE;
}

/* A copy of [@start, @end) without the ASCII space around it (as
 * g_strstrip() trims). */
static char *
strip_dup (const char *start,
           const char *end)
{
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

/* Splits "target#heading|label" (the first pipe splits; "\|" is the pipe
 * escaped for tables) into its trimmed parts. */
static void
split_wikilink (const char  *inner,
                char       **target,
                char       **heading,
                char       **label)
{
  const char *head_end = inner + strcspn (inner, "\\|");
  const char *hash;

  /* A backslash not before a pipe is part of the name. */
  while (*head_end == '\\' && head_end[1] != '|')
    head_end += 1 + strcspn (head_end + 1, "\\|");

  *label = NULL;
  if (*head_end != '\0')
    {
      const char *pipe = *head_end == '|' ? head_end : head_end + 1;

      *label = strip_dup (pipe + 1, pipe + 1 + strlen (pipe + 1));
      if (**label == '\0')
        g_clear_pointer (label, g_free);
    }

  hash = memchr (inner, '#', head_end - inner);
  *heading = NULL;
  if (hash != NULL)
    {
      *heading = strip_dup (hash + 1, head_end);
      if (**heading == '\0')
        g_clear_pointer (heading, g_free);
    }
  *target = strip_dup (inner, hash != NULL ? hash : head_end);
}

/* The page address of a vault file, with the heading to scroll to. */
char *
lec_vault_href (const char *path,
                const char *heading)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *slug = heading != NULL ? lec_heading_slug (heading) : NULL;

  if (slug != NULL && heading[0] != '^')
    return g_strdup_printf ("lectern://vault/%s#%s", escaped, slug);
  return g_strdup_printf ("lectern://vault/%s", escaped);
}

static cmark_node *
wikilink_node (LecPassContext *ctx,
               const char     *inner,
               gboolean        embed)
{
  char *target, *heading, *label;
  const char *shown, *path = NULL;
  g_autofree char *href = NULL;
  g_autofree char *on_enter = NULL;
  g_autofree char *target_attr = NULL;
  LecNodeData *data;
  cmark_node *node;

  split_wikilink (inner, &target, &heading, &label);
  if (*target == '\0' && heading == NULL)
    {
      g_free (target);
      g_free (label);
      return NULL;
    }

  /* The parts belong to the node's data from here on (a note can hold
   * 100,000 links: no copies). */
  data = node_data_new (ctx, embed ? LEC_NODE_EMBED : LEC_NODE_WIKILINK);
  data->target = target;
  data->heading = heading;

  if (label != NULL)
    data->label = label;
  else if (*target == '\0')
    data->label = g_strdup (heading);
  else if (heading != NULL)
    data->label = g_strdup_printf ("%s › %s", target, heading);
  else
    data->label = g_strdup (target);
  shown = data->label;

  if (*target != '\0' && ctx->resolve != NULL)
    path = data->path = ctx->resolve (target, embed, ctx->resolve_data);

  /* The label is the link's text in the facts; what it looks like and
   * leads to is the page's. */
  if (ctx->facts_only)
    {
      node = custom_node (CMARK_NODE_CUSTOM_INLINE, data, NULL, NULL);
      cmark_node_append_child (node, text_node (shown, -1));
      return node;
    }

  target_attr = lec_html_escape (target, -1);

  if (embed && is_image_name (target))
    {
      g_autofree char *alt = lec_html_escape (label != NULL && !g_ascii_isdigit (*label) ? label : target, -1);
      guint64 width = label != NULL ? g_ascii_strtoull (label, NULL, 10) : 0;

      if (path == NULL)
        {
          on_enter = g_strdup_printf ("<span class=\"lec-embed-missing\" data-target=\"%s\">", target_attr);
          node = custom_node (CMARK_NODE_CUSTOM_INLINE, data, on_enter, "</span>");
          cmark_node_append_child (node, text_node (target, -1));
          return node;
        }

      href = lec_vault_href (path, NULL);
      if (width > 0 && width < 10000)
        on_enter = g_strdup_printf ("<img class=\"lec-embed-image\" src=\"%s\" alt=\"%s\" width=\"%u\">",
                                    href, alt, (guint) width);
      else
        on_enter = g_strdup_printf ("<img class=\"lec-embed-image\" src=\"%s\" alt=\"%s\">", href, alt);
      return custom_node (CMARK_NODE_CUSTOM_INLINE, data, on_enter, "");
    }

  {
    /* Built with one string: a note can hold 100,000 links. */
    GString *a = g_string_sized_new (128);

    g_string_append (a, "<a class=\"lec-wikilink");
    if (path == NULL && *target != '\0')
      g_string_append (a, " lec-unresolved");
    if (embed)
      g_string_append (a, " lec-embed");
    g_string_append (a, "\" href=\"");
    if (*target == '\0')
      {
        g_autofree char *slug = lec_heading_slug (heading);

        g_string_append_c (a, '#');
        g_string_append_uri_escaped (a, slug, NULL, TRUE);
      }
    else if (path != NULL)
      {
        g_autofree char *vhref = lec_vault_href (path, heading);

        g_string_append (a, vhref);
      }
    else
      {
        g_string_append (a, "lectern-topic:");
        g_string_append_uri_escaped (a, target, NULL, FALSE);
      }
    g_string_append (a, "\" data-target=\"");
    g_string_append (a, target_attr);
    g_string_append (a, "\">");
    on_enter = g_string_free (a, FALSE);
  }

  node = custom_node (CMARK_NODE_CUSTOM_INLINE, data, on_enter, "</a>");
  cmark_node_append_child (node, text_node (shown, -1));
  return node;
}

/* "[[ref]]" where "[ref]" is a defined link reference reaches us as "[",
 * a link, "]": it is still a wiki link. */
static cmark_node *
reference_wikilink (Pass       *pass,
                    cmark_node *text)
{
  const char *lit = literal (text);
  gsize len = strlen (lit);
  cmark_node *link = cmark_node_next (text);
  cmark_node *after = link != NULL ? cmark_node_next (link) : NULL;
  gboolean embed;
  g_autoptr(GString) inner = NULL;
  cmark_node *repl;

  if (len == 0 || len - 1 < pass->consumed || lit[len - 1] != '[' || link == NULL || after == NULL ||
      cmark_node_get_type (link) != CMARK_NODE_LINK ||
      cmark_node_get_type (after) != CMARK_NODE_TEXT || literal (after)[0] != ']')
    return NULL;

  inner = g_string_new (NULL);

  embed = len >= 2 && len - 2 >= pass->consumed && lit[len - 2] == '!';
  append_plain (inner, link);
  repl = wikilink_node (pass->ctx, inner->str, embed);
  if (repl == NULL)
    return NULL;

  return replace_span (pass, text, len - 1 - (embed ? 1 : 0), 0, after, 0, 1, repl, FALSE);
}

static cmark_node *
wikilink_text (Pass       *pass,
               cmark_node *text)
{
  const char *lit = literal (text);
  const char *open = strstr (lit + pass->from, "[[");
  cmark_node *e, *repl;
  gsize e_off, s_off;
  g_autofree char *inner = NULL;
  gboolean embed;

  if (open == NULL)
    {
      cmark_node *next = reference_wikilink (pass, text);

      return next != NULL ? next : cmark_node_next (text);
    }

  s_off = (gsize) (open - lit);
  if (!find_close (NULL, text, s_off + 2, "]]", FALSE, &e, &e_off))
    return next_line (text);

  embed = s_off > pass->consumed && lit[s_off - 1] == '!';
  inner = span_plain (text, s_off + 2, e, e_off);
  repl = wikilink_node (pass->ctx, inner, embed);
  if (repl == NULL)
    {
      /* "[[]]": not a link; look on after it. */
      pass->from = s_off + 2;
      return text;
    }

  if (embed)
    s_off--;
  return replace_span (pass, text, s_off, embed ? 3 : 2, e, e_off, 2, repl, FALSE);
}

void
lec_pass_wikilinks (LecPassContext *ctx)
{
  run_text_pass (ctx, TRUE, wikilink_text);
}

/* --- ==highlights== ------------------------------------------------------- */

static cmark_node *
highlight_text (Pass       *pass,
                cmark_node *text)
{
  const char *lit = literal (text);
  const char *open = strstr (lit + pass->from, "==");
  cmark_node *e, *repl;
  gsize e_off;

  if (open == NULL)
    return cmark_node_next (text);
  if (g_ascii_isspace (open[2]) || open[2] == '\0' || open[2] == '=')
    {
      pass->from = (gsize) (open - lit) + 2;
      while (lit[pass->from] == '=')
        pass->from++;
      return text;
    }

  if (!find_close (NULL, text, (gsize) (open - lit) + 2, "==", FALSE, &e, &e_off))
    return next_line (text);

  repl = custom_node (CMARK_NODE_CUSTOM_INLINE, node_data_new (pass->ctx, LEC_NODE_HIGHLIGHT),
                      "<mark>", "</mark>");
  return replace_span (pass, text, (gsize) (open - lit), 2, e, e_off, 2, repl, TRUE);
}

void
lec_pass_highlights (LecPassContext *ctx)
{
  if (source_has (ctx, "=="))
    run_text_pass (ctx, FALSE, highlight_text);
}

/* --- #tags ----------------------------------------------------------------- */

static gboolean
is_tag_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-' || c == '/';
}

static cmark_node *
tag_text (Pass       *pass,
          cmark_node *text)
{
  const char *lit = literal (text);

  for (const char *p = strchr (lit + pass->from, '#'); p != NULL; p = strchr (p + 1, '#'))
    {
      const char *q = p + 1;
      gboolean has_non_digit = FALSE;

      /* A tag starts a word: "page#frag" and "C#" are not tags. */
      if (p > lit && !g_ascii_isspace (p[-1]) && p[-1] != '(' && p[-1] != ',')
        continue;

      while (*q != '\0')
        {
          gunichar c = g_utf8_get_char_validated (q, -1);

          if (c == (gunichar) -1 || c == (gunichar) -2 || !is_tag_char (c))
            break;
          if (!g_unichar_isdigit (c))
            has_non_digit = TRUE;
          q = g_utf8_next_char (q);
        }

      /* "#1" is a number, not a tag. */
      if (q == p + 1 || !has_non_digit)
        continue;

      {
        g_autofree char *name = g_strndup (p + 1, q - p - 1);
        g_autofree char *escaped = g_uri_escape_string (name, "/", FALSE);
        g_autofree char *on_enter = g_strdup_printf ("<a class=\"lec-tag\" href=\"lectern-tag:%s\">", escaped);
        LecNodeData *data = node_data_new (pass->ctx, LEC_NODE_TAG);
        cmark_node *repl;

        data->label = g_strdup (name);
        repl = custom_node (CMARK_NODE_CUSTOM_INLINE, data, on_enter, "</a>");
        cmark_node_append_child (repl, text_node (p, q - p));
        return replace_span (pass, text, (gsize) (p - lit), 0, text, (gsize) (q - lit), 0, repl, FALSE);
      }
    }

  return cmark_node_next (text);
}

/* A tag is "#" then a tag character: "# " and "##" start headings. */
static gboolean
source_may_have_tags (LecPassContext *ctx)
{
  gsize len;
  const char *src = lec_markdown_get_source (ctx->md, &len);
  const char *end = src + len;

  for (const char *p = memchr (src, '#', len); p != NULL && p + 1 < end; p = memchr (p + 1, '#', end - p - 1))
    if (!g_ascii_isspace (p[1]) && p[1] != '#')
      return TRUE;
  return FALSE;
}

void
lec_pass_tags (LecPassContext *ctx)
{
  if (source_may_have_tags (ctx))
    run_text_pass (ctx, TRUE, tag_text);
}

/* --- callouts: > [!type] Title ------------------------------------------- */

/* Obsidian's callout types and their aliases, each mapped to the style it
 * is drawn with; unknown types are drawn as notes. */
static const struct { const char *type; const char *style; } callout_styles[] = {
  { "note", "note" }, { "abstract", "abstract" }, { "summary", "abstract" },
  { "tldr", "abstract" }, { "info", "info" }, { "todo", "todo" },
  { "tip", "tip" }, { "hint", "tip" }, { "important", "tip" },
  { "success", "success" }, { "check", "success" }, { "done", "success" },
  { "question", "question" }, { "help", "question" }, { "faq", "question" },
  { "warning", "warning" }, { "caution", "warning" }, { "attention", "warning" },
  { "failure", "failure" }, { "fail", "failure" }, { "missing", "failure" },
  { "danger", "danger" }, { "error", "danger" }, { "bug", "bug" },
  { "example", "example" }, { "quote", "quote" }, { "cite", "quote" },
  { "definition", "definition" },
};

static const char *
callout_style (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (callout_styles); i++)
    if (g_str_equal (type, callout_styles[i].type))
      return callout_styles[i].style;
  return "note";
}

/* Reads "[!type]", "[!type|Title]", then "-" or "+", at the start of @s.
 * Returns the offset after it, or 0. */
static gsize
parse_callout_marker (const char  *s,
                      char       **type,
                      char       **title,
                      char        *fold)
{
  const char *p = s + 2, *end, *bar;
  g_autoptr(GString) t = g_string_new (NULL);

  if (strncmp (s, "[!", 2) != 0)
    return 0;
  end = strchr (p, ']');
  if (end == NULL || end == p || end - p > 64)
    return 0;

  bar = memchr (p, '|', end - p);
  for (const char *q = p; q < (bar ? bar : end); q++)
    {
      if (g_ascii_isalnum (*q) || *q == '-' || *q == '_')
        g_string_append_c (t, g_ascii_tolower (*q));
      else if (!g_ascii_isspace (*q))
        return 0;
    }
  if (t->len == 0)
    return 0;

  *type = g_string_free (g_steal_pointer (&t), FALSE);
  *title = bar != NULL ? g_strstrip (g_strndup (bar + 1, end - bar - 1)) : NULL;
  p = end + 1;
  *fold = (*p == '-' || *p == '+') ? *p++ : '\0';
  return (gsize) (p - s);
}

static void
convert_callout (LecPassContext *ctx,
                 cmark_node     *quote)
{
  cmark_node *para = cmark_node_first_child (quote);
  cmark_node *first = para != NULL ? cmark_node_first_child (para) : NULL;
  g_autofree char *type = NULL;
  g_autofree char *bar_title = NULL;
  g_autofree char *on_enter = NULL;
  g_autofree char *title_enter = NULL;
  char fold = '\0';
  gsize marker;
  cmark_node *callout, *title, *content, *n, *next;
  LecNodeData *data;

  if (para == NULL || cmark_node_get_type (para) != CMARK_NODE_PARAGRAPH ||
      first == NULL || cmark_node_get_type (first) != CMARK_NODE_TEXT)
    return;

  marker = parse_callout_marker (literal (first), &type, &bar_title, &fold);
  if (marker == 0)
    return;

  data = node_data_new (ctx, LEC_NODE_CALLOUT);
  data->label = g_strdup (type);

  if (fold != '\0')
    on_enter = g_strdup_printf ("<details class=\"lec-callout lec-callout-%s\" data-callout=\"%s\"%s>",
                                callout_style (type), type, fold == '+' ? " open" : "");
  else
    on_enter = g_strdup_printf ("<div class=\"lec-callout lec-callout-%s\" data-callout=\"%s\">",
                                callout_style (type), type);
  callout = custom_node (CMARK_NODE_CUSTOM_BLOCK, data, on_enter, fold != '\0' ? "</details>" : "</div>");

  title_enter = g_strdup_printf ("<%s class=\"lec-callout-title\"><span class=\"lec-callout-icon\" aria-hidden=\"true\"></span><span class=\"lec-callout-title-text\">",
                                 fold != '\0' ? "summary" : "div");
  title = custom_node (CMARK_NODE_CUSTOM_BLOCK, node_data_new (ctx, LEC_NODE_CALLOUT_TITLE), title_enter,
                       fold != '\0' ? "</span></summary>" : "</span></div>");
  content = custom_node (CMARK_NODE_CUSTOM_BLOCK, NULL, "<div class=\"lec-callout-content\">", "</div>");
  cmark_node_append_child (callout, title);
  cmark_node_append_child (callout, content);
  cmark_node_insert_before (quote, callout);

  /* The rest of the first line is the title. */
  {
    const char *rest = literal (first) + marker;

    while (*rest == ' ' || *rest == '\t')
      rest++;
    if (*rest != '\0')
      cmark_node_append_child (title, text_node (rest, -1));
  }
  n = cmark_node_next (first);
  cmark_node_unlink (first);
  cmark_node_free (first);
  for (; n != NULL; n = next)
    {
      cmark_node_type type_n = cmark_node_get_type (n);

      next = cmark_node_next (n);
      cmark_node_unlink (n);
      if (type_n == CMARK_NODE_SOFTBREAK || type_n == CMARK_NODE_LINEBREAK)
        {
          cmark_node_free (n);
          break;
        }
      cmark_node_append_child (title, n);
    }

  if (cmark_node_first_child (title) == NULL)
    {
      /* No title: the type's name, as Obsidian shows it. */
      g_autofree char *name = g_strdup (bar_title != NULL && *bar_title != '\0' ? bar_title : type);

      if (bar_title == NULL || *bar_title == '\0')
        name[0] = g_ascii_toupper (name[0]);
      cmark_node_append_child (title, text_node (name, -1));
    }

  /* What is left of the first paragraph, then the quote's other blocks. */
  if (cmark_node_first_child (para) == NULL)
    {
      cmark_node_unlink (para);
      cmark_node_free (para);
    }
  while (cmark_node_first_child (quote) != NULL)
    {
      n = cmark_node_first_child (quote);
      cmark_node_unlink (n);
      cmark_node_append_child (content, n);
    }

  cmark_node_unlink (quote);
  cmark_node_free (quote);
}

void
lec_pass_callouts (LecPassContext *ctx)
{
  cmark_node *root = lec_markdown_get_root (ctx->md);
  g_autoptr(GPtrArray) quotes = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type ev;

  /* Blocks only: a node whose children are inlines holds no quote, and
   * its inlines (most of the tree) are passed over whole. */
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node *child;

      if (ev != CMARK_EVENT_ENTER)
        continue;
      if (cmark_node_get_type (node) == CMARK_NODE_BLOCK_QUOTE)
        g_ptr_array_add (quotes, node);
      else if ((child = cmark_node_first_child (node)) != NULL && is_inline_type (cmark_node_get_type (child)))
        cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
    }
  cmark_iter_free (iter);

  /* Innermost first, so a nested callout is built before its parent moves it. */
  for (guint i = quotes->len; i > 0; i--)
    convert_callout (ctx, quotes->pdata[i - 1]);
}

/* --- link and image destinations ------------------------------------------ */

void
lec_pass_urls (LecPassContext *ctx)
{
  cmark_iter *iter;
  cmark_event_type ev;

  /* Destinations matter to the page only. */
  if (ctx->facts_only)
    return;

  iter = cmark_iter_new (lec_markdown_get_root (ctx->md));

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      const char *url;

      if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
        continue;

      url = cmark_node_get_url (node);
      /* The sanitiser's rule, so markdown and raw HTML links agree. */
      if (url != NULL && *url != '\0' && !lec_sanitize_url_is_safe (url))
        cmark_node_set_url (node, "");
      /* Web images, as the sanitiser writes them: through Lectern. */
      else if (url != NULL && type == CMARK_NODE_IMAGE)
        {
          g_autofree char *remote = lec_remote_image_src (url, -1);

          if (remote != NULL)
            cmark_node_set_url (node, remote);
        }
      /* Links out of Lectern, as the sanitiser writes them: never a web
       * address WebKit could connect to before the reader agreed. */
      else if (url != NULL)
        {
          g_autofree char *external = lec_external_href (url, -1);

          if (external != NULL)
            cmark_node_set_url (node, external);
        }
      /* Titles are escaped by cmark; nothing else to check. */
    }
  cmark_iter_free (iter);
}
