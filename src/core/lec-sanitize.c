/* lec-sanitize.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-sanitize"

#include "config.h"

#include "lec-sanitize.h"

#include <gumbo.h>
#include <string.h>

/* Notes are untrusted. Their HTML is parsed by gumbo, a complete HTML5
 * parser, so we work on the tree a browser would build; the page is then
 * written from that tree by our own serialiser, which emits only
 * allowlisted elements and attributes, quotes every attribute value and
 * escapes all text. Whatever the input, the output cannot contain markup
 * we did not write ourselves.
 *
 * gumbo 0.10.1 has no limits of its own, so a guard pass runs first. It
 * follows the HTML tokenizer closely enough to know which tags gumbo will
 * see, and rewrites gumbo's input where gumbo would otherwise do
 * unbounded work:
 *  - tree construction is quadratic in the nesting depth (25 000 nested
 *    <div> take a second, 25 000 nested lists several), so start tags that
 *    would nest deeper than MAX_DEPTH are removed, with their end tags;
 *  - each attribute is compared with all earlier ones of its tag, so tags
 *    keep only their first MAX_ATTRIBUTES attributes;
 *  - <svg>, <math>, <select> and <template> switch gumbo into parsing
 *    modes that the guard does not follow; they become <noscript>, an
 *    ordinary element here (gumbo parses as if scripting were off) that
 *    the serialiser drops with its content, as it would have dropped them.
 * The guard estimates depth conservatively: it takes an element as closed
 * only when the end tag closes the innermost open one (allowing for an
 * unclosed <p> or list item in between) and gumbo would close it too. It
 * only removes tags and surplus attributes, or renames elements that are
 * dropped anyway: it limits how much gumbo sees, and never decides what
 * reaches the page.
 *
 * gumbo allocates from an arena that is freed at once: its own
 * gumbo_destroy_output() recurses once per level of the tree. The arena
 * hands out zeroed memory because gumbo 0.10.1 never sets the document's
 * quirks mode when it parses a fragment, and reads it at every <table>;
 * zero is "no quirks", the mode of Lectern's pages. */

/* WebKit's HTML parser stops nesting at this depth too, so nothing deeper
 * could render differently. */
#define MAX_DEPTH 512
#define MAX_ATTRIBUTES 64

/* gumbo does not support inputs of 4 GiB or more. */
#define MAX_INPUT_LEN ((gsize) G_MAXINT32)

#define ARENA_BLOCK (64 * 1024)

typedef struct
{
  GPtrArray *blocks;
  char      *next;
  gsize      left;
} Arena;

static void
arena_clear (Arena *arena)
{
  g_clear_pointer (&arena->blocks, g_ptr_array_unref);
  arena->next = NULL;
  arena->left = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Arena, arena_clear)

static void *
arena_alloc (void   *user_data,
             size_t  size)
{
  Arena *arena = user_data;
  char *block;

  if (size > ARENA_BLOCK / 4)
    {
      block = g_malloc0 (size);
      g_ptr_array_add (arena->blocks, block);
      return block;
    }
  size = (MAX (size, 1) + 15) & ~(gsize) 15;
  if (size > arena->left)
    {
      arena->next = g_malloc0 (ARENA_BLOCK);
      arena->left = ARENA_BLOCK;
      g_ptr_array_add (arena->blocks, arena->next);
    }
  block = arena->next;
  arena->next += size;
  arena->left -= size;
  return block;
}

static void
arena_free (void *user_data,
            void *ptr)
{
  /* Everything goes when the arena is cleared. */
}

/* The guard */

typedef struct
{
  GumboTag tag;
  gsize    name_pos;    /* for unknown tags, which are told apart by name */
  gsize    name_len;
} OpenElement;

typedef struct
{
  GumboTag tag;
  gboolean end;
  gboolean self_closing;
  gboolean closed;      /* by a '>' rather than the end of the input */
  gboolean rename;      /* to <noscript> */
  gsize    start;       /* the '<' */
  gsize    name_pos;
  gsize    name_len;
  gsize    stop;        /* just past the '>', or the end of the input */
  gsize    trim_from;   /* if not 0, attributes from here on are dropped */
} Tag;

typedef struct
{
  const char  *in;
  gsize        len;
  GString     *out;     /* the rewritten input; NULL while unchanged */
  gsize        copied;  /* in[0, copied) is accounted for in out */
  guint        depth;
  OpenElement  open[MAX_DEPTH];
  guint        dropped[GUMBO_TAG_LAST + 1];
} Guard;

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static gboolean
has_prefix (const char *in,
            gsize       len,
            gsize       pos,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return pos + n <= len && g_ascii_strncasecmp (in + pos, prefix, n) == 0;
}

/* "</name" followed by a character that ends a tag name, at @pos. */
static gboolean
is_end_tag_of (const char *in,
               gsize       len,
               gsize       pos,
               const char *name)
{
  gsize n = strlen (name);
  char after;

  if (pos + 2 + n >= len || in[pos + 1] != '/' ||
      g_ascii_strncasecmp (in + pos + 2, name, n) != 0)
    return FALSE;
  after = in[pos + 2 + n];
  return is_space (after) || after == '/' || after == '>';
}

static gboolean
is_start_tag_of (const char *in,
                 gsize       len,
                 gsize       pos,
                 const char *name)
{
  gsize n = strlen (name);
  char after;

  if (pos + 1 + n >= len || g_ascii_strncasecmp (in + pos + 1, name, n) != 0)
    return FALSE;
  after = in[pos + 1 + n];
  return is_space (after) || after == '/' || after == '>';
}

static gsize
skip_spaces (const char *in,
             gsize       len,
             gsize       pos)
{
  while (pos < len && is_space (in[pos]))
    pos++;
  return pos;
}

static gsize
find_char (const char *in,
           gsize       len,
           gsize       pos,
           char        c)
{
  const char *found = pos < len ? memchr (in + pos, c, len - pos) : NULL;

  return found != NULL ? (gsize) (found - in) : len;
}

/* Reads one attribute as the tokenizer does and returns where it ends. */
static gsize
read_attribute (const char *in,
                gsize       len,
                gsize       pos)
{
  /* The first character belongs to the name even if it is '='. */
  pos++;
  while (pos < len && !is_space (in[pos]) && in[pos] != '/' && in[pos] != '>' && in[pos] != '=')
    pos++;
  pos = skip_spaces (in, len, pos);
  if (pos >= len || in[pos] != '=')
    return pos;
  pos = skip_spaces (in, len, pos + 1);
  if (pos < len && (in[pos] == '"' || in[pos] == '\''))
    return MIN (find_char (in, len, pos + 1, in[pos]) + 1, len);
  while (pos < len && !is_space (in[pos]) && in[pos] != '>')
    pos++;
  return pos;
}

/* Reads the start or end tag whose '<' is at @pos. */
static void
read_tag (const char *in,
          gsize       len,
          gsize       pos,
          Tag        *tag)
{
  guint n_attributes = 0;
  gsize last_end;

  memset (tag, 0, sizeof *tag);
  tag->start = pos;
  tag->end = in[pos + 1] == '/';
  tag->name_pos = pos = pos + 1 + tag->end;
  while (pos < len && !is_space (in[pos]) && in[pos] != '/' && in[pos] != '>')
    pos++;
  tag->name_len = pos - tag->name_pos;
  tag->tag = gumbo_tagn_enum (in + tag->name_pos, (unsigned int) tag->name_len);
  last_end = pos;

  for (;;)
    {
      pos = skip_spaces (in, len, pos);
      if (pos >= len)
        break;
      if (in[pos] == '>')
        {
          tag->closed = TRUE;
          pos++;
          break;
        }
      if (in[pos] == '/')
        {
          tag->self_closing = tag->closed = pos + 1 < len && in[pos + 1] == '>';
          pos += 1 + tag->closed;
          if (tag->closed)
            break;
          continue;
        }
      if (++n_attributes == MAX_ATTRIBUTES + 1)
        tag->trim_from = last_end;
      last_end = pos = read_attribute (in, len, pos);
    }

  tag->stop = MIN (pos, len);
}

/* Where a comment that opens at @pos ("<!--") ends, with the tokenizer's
 * abrupt forms "<!-->", "<!--->" and the "--!>" ending. */
static gsize
comment_end (const char *in,
             gsize       len,
             gsize       pos)
{
  pos += 4;
  if (has_prefix (in, len, pos, ">"))
    return pos + 1;
  if (has_prefix (in, len, pos, "->"))
    return pos + 2;
  for (pos = find_char (in, len, pos, '-'); pos < len; pos = find_char (in, len, pos + 1, '-'))
    {
      if (has_prefix (in, len, pos, "-->"))
        return pos + 3;
      if (has_prefix (in, len, pos, "--!>"))
        return pos + 4;
    }
  return len;
}

/* Where the text of a raw text or RCDATA element ends: at its end tag. */
static gsize
raw_text_end (const char *in,
              gsize       len,
              gsize       pos,
              const char *name)
{
  for (pos = find_char (in, len, pos, '<'); pos < len; pos = find_char (in, len, pos + 1, '<'))
    {
      if (is_end_tag_of (in, len, pos, name))
        return pos;
    }
  return len;
}

/* Where the text of a <script> ends, following the tokenizer's escape
 * states: "<!--<script>" hides a "</script>" until the next "-->". */
static gsize
script_end (const char *in,
            gsize       len,
            gsize       pos)
{
  enum { PLAIN, ESCAPED, DOUBLE_ESCAPED } state = PLAIN;

  for (; pos < len; pos++)
    {
      if (in[pos] == '-' && state != PLAIN && has_prefix (in, len, pos, "-->"))
        state = PLAIN;
      if (in[pos] != '<')
        continue;
      if (state == PLAIN && has_prefix (in, len, pos, "<!--"))
        state = ESCAPED;
      else if (state != DOUBLE_ESCAPED && is_end_tag_of (in, len, pos, "script"))
        return pos;
      else if (state == ESCAPED && is_start_tag_of (in, len, pos, "script"))
        state = DOUBLE_ESCAPED;
      else if (state == DOUBLE_ESCAPED && is_end_tag_of (in, len, pos, "script"))
        state = ESCAPED;
    }
  return len;
}

/* Elements that never stay open in a <div> fragment. */
static gboolean
never_open (GumboTag tag)
{
  switch (tag)
    {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND: case GUMBO_TAG_BR: case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_FRAME: case GUMBO_TAG_HR:
    case GUMBO_TAG_IMAGE: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_ISINDEX: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR:
    /* Ignored, or merged into the root, inside a body. */
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
    case GUMBO_TAG_FRAMESET:
    /* Closed again by anything but <col>. */
    case GUMBO_TAG_COLGROUP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Start tags that close an open <p>. */
static gboolean
closes_p (GumboTag tag)
{
  switch (tag)
    {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_UL: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_FORM: case GUMBO_TAG_LI:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_XMP:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_heading (GumboTag tag)
{
  return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

static gboolean
is_list_item (GumboTag tag)
{
  return tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT;
}

static void
guard_edit (Guard      *guard,
            gsize       from,
            gsize       to,
            const char *with)
{
  g_assert (from >= guard->copied && to >= from);

  if (guard->out == NULL)
    guard->out = g_string_sized_new (guard->len + 64);
  g_string_append_len (guard->out, guard->in + guard->copied, from - guard->copied);
  g_string_append (guard->out, with);
  guard->copied = to;
}

/* Passes @tag on to gumbo, or leaves it out if @drop. */
static void
guard_emit (Guard     *guard,
            const Tag *tag,
            gboolean   drop)
{
  if (drop)
    {
      guard_edit (guard, tag->start, tag->stop, "");
      return;
    }
  if (tag->rename)
    guard_edit (guard, tag->name_pos, tag->name_pos + tag->name_len, "noscript");
  if (tag->trim_from != 0)
    guard_edit (guard, tag->trim_from, tag->stop,
                !tag->closed ? "" : tag->self_closing ? "/>" : ">");
}

static GumboTag
guard_top (Guard *guard)
{
  return guard->depth > 0 ? guard->open[guard->depth - 1].tag : GUMBO_TAG_LAST;
}

static gboolean
guard_pop_if (Guard    *guard,
              gboolean  condition)
{
  if (condition)
    guard->depth--;
  return condition;
}

/* The closing that opening @tag implies, where gumbo does it for certain:
 * only the innermost element is ever taken as closed. */
static void
guard_close_implied (Guard    *guard,
                     GumboTag  tag)
{
  if (closes_p (tag))
    guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_P);

  switch (tag)
    {
    case GUMBO_TAG_LI:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_LI);
      break;

    case GUMBO_TAG_DD: case GUMBO_TAG_DT:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_DD || guard_top (guard) == GUMBO_TAG_DT);
      break;

    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      guard_pop_if (guard, is_heading (guard_top (guard)));
      break;

    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_OPTION);
      break;

    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TD || guard_top (guard) == GUMBO_TAG_TH);
      break;

    case GUMBO_TAG_TR:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TD || guard_top (guard) == GUMBO_TAG_TH);
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TR);
      break;

    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TD || guard_top (guard) == GUMBO_TAG_TH);
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TR);
      guard_pop_if (guard, guard_top (guard) == GUMBO_TAG_TBODY ||
                           guard_top (guard) == GUMBO_TAG_THEAD ||
                           guard_top (guard) == GUMBO_TAG_TFOOT);
      break;

    default:
      break;
    }
}

static gboolean
guard_open_matches (Guard     *guard,
                    guint      i,
                    const Tag *tag)
{
  const OpenElement *open = &guard->open[i];

  if (open->tag != tag->tag)
    return FALSE;
  return tag->tag != GUMBO_TAG_UNKNOWN ||
         (open->name_len == tag->name_len &&
          g_ascii_strncasecmp (guard->in + open->name_pos, guard->in + tag->name_pos, tag->name_len) == 0);
}

/* An end tag closes the innermost element, or the one just outside an
 * unclosed <p> and list item, as in "<li><p>text</li>". Going further
 * would need gumbo's whole tree builder to stay safe: taking too much as
 * closed would let gumbo nest deeper than the guard knows. */
static void
guard_close (Guard     *guard,
             const Tag *tag)
{
  guint i = guard->depth;

  if (i > 0 && !guard_open_matches (guard, i - 1, tag) && guard->open[i - 1].tag == GUMBO_TAG_P)
    i--;
  if (i > 0 && !guard_open_matches (guard, i - 1, tag) && is_list_item (guard->open[i - 1].tag))
    i--;
  if (i > 0 && guard_open_matches (guard, i - 1, tag))
    guard->depth = i - 1;
}

static void
guard_end_tag (Guard *guard,
               Tag   *tag)
{
  if (guard->dropped[tag->tag] > 0)
    {
      guard->dropped[tag->tag]--;
      guard_emit (guard, tag, TRUE);
      return;
    }
  guard_emit (guard, tag, FALSE);
  guard_close (guard, tag);
}

/* Returns whether gumbo will open the element. */
static gboolean
guard_start_tag (Guard *guard,
                 Tag   *tag)
{
  /* A self-closing <svg/> or <math/> is empty; as <noscript/> it would not be. */
  if (tag->rename && tag->self_closing &&
      (tag->tag == GUMBO_TAG_SVG || tag->tag == GUMBO_TAG_MATH))
    {
      guard_emit (guard, tag, TRUE);
      return FALSE;
    }
  if (tag->rename)
    tag->tag = GUMBO_TAG_NOSCRIPT;

  if (never_open (tag->tag))
    {
      guard_emit (guard, tag, FALSE);
      return FALSE;
    }

  guard_close_implied (guard, tag->tag);
  if (guard->depth >= MAX_DEPTH)
    {
      guard->dropped[tag->tag]++;
      guard_emit (guard, tag, TRUE);
      return FALSE;
    }

  guard->open[guard->depth++] = (OpenElement) { tag->tag, tag->name_pos, tag->name_len };
  guard_emit (guard, tag, FALSE);
  return TRUE;
}

/* Where gumbo goes back to reading markup after an element it opened. */
static gsize
guard_content_end (Guard     *guard,
                   const Tag *tag)
{
  switch (tag->tag)
    {
    case GUMBO_TAG_SCRIPT:
      return script_end (guard->in, guard->len, tag->stop);

    case GUMBO_TAG_STYLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TITLE:
      return raw_text_end (guard->in, guard->len, tag->stop, gumbo_normalized_tagname (tag->tag));

    case GUMBO_TAG_PLAINTEXT:
      return guard->len;

    default:
      return tag->stop;
    }
}

static gsize
guard_tag (Guard *guard,
           gsize  pos)
{
  Tag tag;

  read_tag (guard->in, guard->len, pos, &tag);
  tag.rename = tag.tag == GUMBO_TAG_SVG || tag.tag == GUMBO_TAG_MATH ||
               tag.tag == GUMBO_TAG_SELECT || tag.tag == GUMBO_TAG_TEMPLATE;

  if (tag.end)
    {
      if (tag.rename)
        tag.tag = GUMBO_TAG_NOSCRIPT;
      guard_end_tag (guard, &tag);
      return tag.stop;
    }
  if (guard_start_tag (guard, &tag))
    return guard_content_end (guard, &tag);
  return tag.stop;
}

/* Handles the markup that starts with the '<' at @pos, and returns where
 * gumbo will be reading text again. */
static gsize
guard_markup (Guard *guard,
              gsize  pos)
{
  const char *in = guard->in;
  gsize len = guard->len;
  char next = pos + 1 < len ? in[pos + 1] : '\0';

  if (g_ascii_isalpha (next) || (next == '/' && pos + 2 < len && g_ascii_isalpha (in[pos + 2])))
    return guard_tag (guard, pos);
  if (has_prefix (in, len, pos, "<!--"))
    return comment_end (in, len, pos);
  if (has_prefix (in, len, pos, "</>"))
    return pos + 3;
  /* Doctypes, "<![CDATA[" outside foreign content, "<?" and "</1" are
   * bogus comments up to the next '>'. */
  if (next == '!' || next == '?' || next == '/')
    return MIN (find_char (in, len, pos + 2, '>') + 1, len);
  return pos + 1;
}

/* Returns the input gumbo should parse, or NULL if that is @html as is. */
static GString *
guard_input (const char *html,
             gsize       len)
{
  g_autofree Guard *guard = g_new0 (Guard, 1);
  gsize pos = 0;

  guard->in = html;
  guard->len = len;
  while ((pos = find_char (html, len, pos, '<')) < len)
    pos = guard_markup (guard, pos);

  if (guard->out != NULL)
    g_string_append_len (guard->out, html + guard->copied, len - guard->copied);
  return guard->out;
}

/* The allowlist */

typedef enum
{
  POLICY_UNWRAP,        /* the tags go, the content stays */
  POLICY_DROP,          /* the element goes with everything in it */
  POLICY_KEEP,
  POLICY_VOID,          /* kept; has no content and no end tag */
} Policy;

static Policy
element_policy (GumboTag tag)
{
  switch (tag)
    {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_CODE:
    case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_VAR:
    case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_EM: case GUMBO_TAG_U: case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_DEL: case GUMBO_TAG_INS:
    case GUMBO_TAG_MARK: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP:
    case GUMBO_TAG_SMALL: case GUMBO_TAG_ABBR: case GUMBO_TAG_CITE:
    case GUMBO_TAG_Q: case GUMBO_TAG_DFN: case GUMBO_TAG_TIME:
    case GUMBO_TAG_A: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_TABLE: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_TH: case GUMBO_TAG_TD: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_RT: case GUMBO_TAG_RP: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
      return POLICY_KEEP;

    case GUMBO_TAG_BR: case GUMBO_TAG_HR: case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_WBR: case GUMBO_TAG_COL:
      return POLICY_VOID;

    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_BASE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AREA: case GUMBO_TAG_BGSOUND:
      return POLICY_DROP;

    default:
      return POLICY_UNWRAP;
    }
}

typedef enum
{
  ATTR_DROP,
  ATTR_TEXT,
  ATTR_NUMBER,
  ATTR_URL,
} AttrKind;

static const struct {
  GumboTag    tag;
  const char *name;
  AttrKind    kind;
} element_attributes[] = {
  { GUMBO_TAG_A, "href", ATTR_URL },
  { GUMBO_TAG_A, "name", ATTR_TEXT },
  { GUMBO_TAG_IMG, "src", ATTR_URL },
  { GUMBO_TAG_IMG, "alt", ATTR_TEXT },
  { GUMBO_TAG_IMG, "width", ATTR_NUMBER },
  { GUMBO_TAG_IMG, "height", ATTR_NUMBER },
  { GUMBO_TAG_TD, "align", ATTR_TEXT },
  { GUMBO_TAG_TD, "colspan", ATTR_NUMBER },
  { GUMBO_TAG_TD, "rowspan", ATTR_NUMBER },
  { GUMBO_TAG_TH, "align", ATTR_TEXT },
  { GUMBO_TAG_TH, "colspan", ATTR_NUMBER },
  { GUMBO_TAG_TH, "rowspan", ATTR_NUMBER },
  { GUMBO_TAG_OL, "start", ATTR_NUMBER },
  { GUMBO_TAG_OL, "type", ATTR_TEXT },
  { GUMBO_TAG_LI, "value", ATTR_NUMBER },
  { GUMBO_TAG_DETAILS, "open", ATTR_TEXT },
  { GUMBO_TAG_TIME, "datetime", ATTR_TEXT },
  { GUMBO_TAG_COL, "span", ATTR_NUMBER },
  { GUMBO_TAG_COLGROUP, "span", ATTR_NUMBER },
  { GUMBO_TAG_Q, "cite", ATTR_URL },
  { GUMBO_TAG_BLOCKQUOTE, "cite", ATTR_URL },
  { GUMBO_TAG_DEL, "cite", ATTR_URL },
  { GUMBO_TAG_INS, "cite", ATTR_URL },
};

static const char * const global_attributes[] = {
  "class", "id", "title", "lang", "dir", "aria-label", "aria-hidden",
};

/* data-* with a name that needs no escaping anywhere. */
static gboolean
is_data_attribute (const char *name)
{
  if (strncmp (name, "data-", 5) != 0 || name[5] == '\0')
    return FALSE;
  for (name += 5; *name != '\0'; name++)
    {
      if (!g_ascii_islower (*name) && !g_ascii_isdigit (*name) && *name != '-')
        return FALSE;
    }
  return TRUE;
}

static AttrKind
attribute_kind (GumboTag    tag,
                const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (element_attributes); i++)
    {
      if (element_attributes[i].tag == tag && strcmp (element_attributes[i].name, name) == 0)
        return element_attributes[i].kind;
    }
  for (guint i = 0; i < G_N_ELEMENTS (global_attributes); i++)
    {
      if (strcmp (global_attributes[i], name) == 0)
        return ATTR_TEXT;
    }
  return is_data_attribute (name) ? ATTR_TEXT : ATTR_DROP;
}

static gboolean
is_number (const char *value)
{
  gsize n = strspn (value, "0123456789");

  return n > 0 && n <= 9 && value[n] == '\0';
}

static const char * const url_schemes[] = {
  "http", "https", "mailto", "lectern", "lectern-seek", "lectern-topic", "lectern-note", "lectern-tag",
  "lectern-external",
};

/* @url is trimmed already, but may still hold tabs and newlines, which
 * browsers drop wherever they are: "java\tscript:" is javascript:. */
static gboolean
url_is_allowed (const char *url,
                gsize       len)
{
  char scheme[24];
  gsize n = 0;

  /* "/path" and "//host" (or "\\host") leave the note's own location. */
  if (len == 0 || url[0] == '/' || url[0] == '\\')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = url[i];

      if (c == '\t' || c == '\n' || c == '\r')
        continue;
      if (c == '/' || c == '?' || c == '#')
        return TRUE;
      if (c == ':')
        {
          for (guint j = 0; n < sizeof scheme && j < G_N_ELEMENTS (url_schemes); j++)
            {
              if (strlen (url_schemes[j]) == n && g_ascii_strncasecmp (scheme, url_schemes[j], n) == 0)
                return TRUE;
            }
          return FALSE;
        }
      if (n < sizeof scheme)
        scheme[n] = c;
      n++;
    }

  return TRUE;
}

/* The serialiser */

static void
append_entity (GString *out,
               char     c)
{
  switch (c)
    {
    case '&': g_string_append_len (out, "&amp;", 5); break;
    case '<': g_string_append_len (out, "&lt;", 4); break;
    case '>': g_string_append_len (out, "&gt;", 4); break;
    case '"': g_string_append_len (out, "&quot;", 6); break;
    default: g_assert_not_reached ();
    }
}

/* Writes the nul-terminated @text with '&', '<' and '>' escaped, and '"'
 * too if @quote. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    quote)
{
  const char *specials = quote ? "&<>\"" : "&<>";

  for (;;)
    {
      gsize n = strcspn (text, specials);

      g_string_append_len (out, text, n);
      text += n;
      if (*text == '\0')
        break;
      append_entity (out, *text++);
    }
}

/* Browsers strip C0 controls and spaces around a URL. */
static gboolean
url_trim (const char  *value,
          const char **start,
          gsize       *len)
{
  const char *end = value + strlen (value);

  while (value < end && (guchar) *value <= ' ')
    value++;
  while (end > value && (guchar) end[-1] <= ' ')
    end--;
  *start = value;
  *len = end - value;
  return url_is_allowed (value, *len);
}

/**
 * lec_sanitize_url_is_safe:
 *
 * Whether a note may link to @url: the one rule for every URL Lectern
 * writes, whether it came from raw HTML or from markdown.
 */
gboolean
lec_sanitize_url_is_safe (const char *url)
{
  const char *start;
  gsize len;

  g_return_val_if_fail (url != NULL, FALSE);

  return url_trim (url, &start, &len);
}

/* Writes a trimmed URL as an attribute value, without the tabs and
 * newlines that browsers drop from it anyway. */
static void
append_url (GString    *out,
            const char *url,
            gsize       len)
{
  const char *end = url + len;
  const char *run = url;

  for (const char *p = url; p < end; p++)
    {
      switch (*p)
        {
        case '\t': case '\n': case '\r':
          g_string_append_len (out, run, p - run);
          break;
        case '&': case '<': case '>': case '"':
          g_string_append_len (out, run, p - run);
          append_entity (out, *p);
          break;
        default:
          continue;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
}

/* @url without the tabs and newlines browsers drop anywhere in a URL. */
static GString *
url_without_breaks (const char *url,
                    gssize      len)
{
  GString *clean;

  if (len < 0)
    len = strlen (url);
  clean = g_string_sized_new (len);
  for (gssize i = 0; i < len; i++)
    if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
      g_string_append_c (clean, url[i]);
  return clean;
}

/**
 * lec_remote_image_src:
 * @url: an image's address, trimmed
 * @len: its length, or -1
 *
 * A web image is never loaded by the page itself: its address goes
 * through Lectern's scheme (lectern://remote/…), which fetches it only if
 * the user allowed online content, or this one image.
 *
 * Returns: (transfer full) (nullable): the address to use instead, or
 *   %NULL when @url is not an http or https address
 */
char *
lec_remote_image_src (const char *url,
                      gssize      len)
{
  g_autoptr(GString) clean = url_without_breaks (url, len);
  g_autofree char *escaped = NULL;

  if (g_ascii_strncasecmp (clean->str, "http://", 7) != 0 &&
      g_ascii_strncasecmp (clean->str, "https://", 8) != 0)
    return NULL;

  escaped = g_uri_escape_string (clean->str, NULL, FALSE);
  return g_strconcat ("lectern://remote/", escaped, NULL);
}

#define EXTERNAL_PREFIX "lectern-external:"

static gboolean
is_external_url (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0 ||
         g_ascii_strncasecmp (url, "https://", 8) == 0 ||
         g_ascii_strncasecmp (url, "mailto:", 7) == 0;
}

/**
 * lec_external_href:
 * @url: a link's address, trimmed
 * @len: its length, or -1
 *
 * A link out of Lectern never reaches the page as a web address: WebKit
 * connects to the host of an http(s) link the moment it is activated
 * (HTMLAnchorElement's preconnect), before Lectern is asked whether to
 * follow it. The page gets "lectern-external:" and the escaped address
 * instead, a scheme nothing in WebKit connects for; the note view maps it
 * back (lec_external_href_to_url()) and asks the reader.
 *
 * Returns: (transfer full) (nullable): the href to use instead, or %NULL
 *   when @url is not an http, https or mailto address
 */
char *
lec_external_href (const char *url,
                   gssize      len)
{
  g_autoptr(GString) clean = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  clean = url_without_breaks (url, len);
  if (!is_external_url (clean->str) || !lec_sanitize_url_is_safe (clean->str))
    return NULL;
  escaped = g_uri_escape_string (clean->str, NULL, FALSE);
  return g_strconcat (EXTERNAL_PREFIX, escaped, NULL);
}

/**
 * lec_external_href_to_url:
 * @href: an href of the page
 *
 * The address a "lectern-external:" href stands for, checked again: the
 * href may have been written by the note itself.
 *
 * Returns: (transfer full) (nullable): an http, https or mailto address,
 *   or %NULL when @href is no external link
 */
char *
lec_external_href_to_url (const char *href)
{
  g_autofree char *url = NULL;
  const char *end;

  g_return_val_if_fail (href != NULL, NULL);

  if (g_ascii_strncasecmp (href, EXTERNAL_PREFIX, strlen (EXTERNAL_PREFIX)) != 0)
    return NULL;
  href += strlen (EXTERNAL_PREFIX);
  /* A fragment of the page's own (WebKit may add one) is not the URL's. */
  end = strchr (href, '#');
  url = g_uri_unescape_segment (href, end, NULL);
  if (url == NULL || !is_external_url (url) || !lec_sanitize_url_is_safe (url) ||
      strpbrk (url, "\t\n\r") != NULL)
    return NULL;
  return g_steal_pointer (&url);
}

/* Writes @attribute with @url as Lectern's own form of it (@rewrite), or
 * nothing when there is none. */
static gboolean
append_rewritten (GString    *out,
                  const char *attribute,
                  char       *(*rewrite) (const char *url, gssize len),
                  const char *url,
                  gsize       len)
{
  g_autofree char *value = rewrite (url, len);

  if (value == NULL)
    return FALSE;
  /* Escaped as a URI: no quote or angle bracket left in it. */
  g_string_append_printf (out, " %s=\"%s\"", attribute, value);
  return TRUE;
}

static gboolean
append_external_href (GString    *out,
                      const char *url,
                      gsize       len)
{
  return append_rewritten (out, "href", lec_external_href, url, len);
}

static gboolean
append_remote_src (GString    *out,
                   const char *url,
                   gsize       len)
{
  return append_rewritten (out, "src", lec_remote_image_src, url, len);
}

static void
append_attribute_name (GString    *out,
                       const char *name)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append_len (out, "=\"", 2);
}

static void
append_attribute (GString              *out,
                  GumboTag              tag,
                  const GumboAttribute *attribute)
{
  const char *url;
  gsize url_len;

  if (attribute->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE)
    return;

  switch (attribute_kind (tag, attribute->name))
    {
    case ATTR_DROP:
      return;

    case ATTR_NUMBER:
      if (!is_number (attribute->value))
        return;
      G_GNUC_FALLTHROUGH;
    case ATTR_TEXT:
      append_attribute_name (out, attribute->name);
      append_escaped (out, attribute->value, TRUE);
      break;

    case ATTR_URL:
      if (!url_trim (attribute->value, &url, &url_len))
        return;
      if (tag == GUMBO_TAG_IMG && g_ascii_strcasecmp (attribute->name, "src") == 0 &&
          append_remote_src (out, url, url_len))
        return;
      if (tag == GUMBO_TAG_A && g_ascii_strcasecmp (attribute->name, "href") == 0 &&
          append_external_href (out, url, url_len))
        return;
      append_attribute_name (out, attribute->name);
      append_url (out, url, url_len);
      break;

    default:
      g_assert_not_reached ();
    }
  g_string_append_c (out, '"');
}

static void
append_start_tag (GString            *out,
                  const GumboElement *element)
{
  g_string_append_c (out, '<');
  g_string_append (out, gumbo_normalized_tagname (element->tag));
  for (guint i = 0; i < element->attributes.length; i++)
    append_attribute (out, element->tag, element->attributes.data[i]);
  g_string_append_c (out, '>');
}

/* Task list items: a disabled checkbox and nothing else. */
static void
append_checkbox (GString            *out,
                 const GumboElement *element)
{
  GumboAttribute *type = gumbo_get_attribute (&element->attributes, "type");

  if (type == NULL || g_ascii_strcasecmp (type->value, "checkbox") != 0)
    return;
  g_string_append (out, "<input type=\"checkbox\"");
  if (gumbo_get_attribute (&element->attributes, "checked") != NULL)
    g_string_append (out, " checked=\"\"");
  g_string_append (out, " disabled=\"\">");
}

static void
append_void (GString            *out,
             const GumboElement *element)
{
  GumboAttribute *src;
  const char *url;
  gsize url_len;

  switch (element->tag)
    {
    case GUMBO_TAG_INPUT:
      append_checkbox (out, element);
      break;

    case GUMBO_TAG_IMG:
      src = gumbo_get_attribute (&element->attributes, "src");
      if (src != NULL && url_trim (src->value, &url, &url_len))
        append_start_tag (out, element);
      break;

    default:
      append_start_tag (out, element);
      break;
    }
}

/* The parser drops a newline right after <pre>; a text that starts with
 * one needs another in front to keep it. */
static void
append_pre_newline (GString            *out,
                    const GumboElement *element)
{
  const GumboNode *first;

  if (element->tag != GUMBO_TAG_PRE || element->children.length == 0)
    return;
  first = element->children.data[0];
  if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE) &&
      first->v.text.text[0] == '\n')
    g_string_append_c (out, '\n');
}

/* Writes the start of @node, and returns whether its children follow.
 * @tagged is set if an end tag is owed. Past MAX_DEPTH only text is kept. */
static gboolean
open_element (GString         *out,
              const GumboNode *node,
              guint            depth,
              gboolean        *tagged)
{
  const GumboElement *element = &node->v.element;
  Policy policy = POLICY_DROP;

  if (node->type == GUMBO_NODE_ELEMENT && element->tag_namespace == GUMBO_NAMESPACE_HTML)
    policy = element_policy (element->tag);

  *tagged = FALSE;
  switch (policy)
    {
    case POLICY_DROP:
      return FALSE;

    case POLICY_UNWRAP:
      return TRUE;

    case POLICY_VOID:
      if (depth < MAX_DEPTH)
        append_void (out, element);
      return FALSE;

    case POLICY_KEEP:
      if (depth < MAX_DEPTH)
        {
          append_start_tag (out, element);
          append_pre_newline (out, element);
          *tagged = TRUE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  const GumboNode *node;
  guint            next_child;
  gboolean         tagged;
} Frame;

/* Iterative, so that no input can exhaust the C stack. */
static void
serialize_children (GString         *out,
                    const GumboNode *root)
{
  g_autoptr(GArray) stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 64);
  Frame frame = { root, 0, FALSE };
  guint depth = 0;

  g_array_append_val (stack, frame);
  while (stack->len > 0)
    {
      Frame *top = &g_array_index (stack, Frame, stack->len - 1);
      const GumboVector *children = &top->node->v.element.children;
      const GumboNode *child;

      if (top->next_child >= children->length)
        {
          if (top->tagged)
            {
              g_string_append_len (out, "</", 2);
              g_string_append (out, gumbo_normalized_tagname (top->node->v.element.tag));
              g_string_append_c (out, '>');
              depth--;
            }
          g_array_set_size (stack, stack->len - 1);
          continue;
        }

      child = children->data[top->next_child++];
      switch (child->type)
        {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
          append_escaped (out, child->v.text.text, FALSE);
          break;

        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          frame.node = child;
          frame.next_child = 0;
          if (open_element (out, child, depth, &frame.tagged))
            {
              depth += frame.tagged;
              g_array_append_val (stack, frame);
            }
          break;

        case GUMBO_NODE_DOCUMENT:
        case GUMBO_NODE_COMMENT:
        default:
          break;
        }
    }
}

char *
lec_sanitize_html (const char *html,
                   gsize       len)
{
  g_auto(Arena) arena = { g_ptr_array_new_with_free_func (g_free), NULL, 0 };
  g_autoptr(GString) guarded = NULL;
  GumboOptions options = kGumboDefaultOptions;
  GumboOutput *output;
  GString *out;

  g_return_val_if_fail (html != NULL || len == 0, g_strdup (""));

  if (len == (gsize) -1)
    len = strlen (html);
  len = MIN (len, MAX_INPUT_LEN);
  if (len == 0)
    return g_strdup ("");

  guarded = guard_input (html, len);
  if (guarded != NULL)
    {
      html = guarded->str;
      len = MIN (guarded->len, MAX_INPUT_LEN);
    }

  options.allocator = arena_alloc;
  options.deallocator = arena_free;
  options.userdata = &arena;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 0;
  output = gumbo_parse_with_options (&options, html, len);

  out = g_string_sized_new (len + len / 8 + 16);
  serialize_children (out, output->root);

  /* gumbo replaces invalid input, but the page must be valid whatever. */
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
    }
  return g_string_free (out, FALSE);
}
