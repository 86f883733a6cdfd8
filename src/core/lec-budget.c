/* lec-budget.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-budget"

#include "config.h"

#include "lec-budget.h"
#include "lec-lines-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>


/* Every note has a budget: parsing, the passes, the facts, the sanitiser
 * and the web page must each stay within a second of processor time and
 * 100 MB, whatever the note holds. cmark-gfm 0.29.0.gfm.6, gumbo and
 * WebKit's layout all have shapes whose cost grows faster than the text
 * (a table's width, nested delimiters, tens of thousands of links or tags),
 * and even where the pipeline is linear each piece of syntax costs 5 to
 * 40 microseconds of nodes, passes and HTML. So a linear scan counts that
 * syntax first, and the note is rendered in full only up to the last
 * paragraph that keeps every count within its bound; the rest is shown as
 * plain text with a notice. The bounds on what becomes an element of the
 * page (links, tags, timestamps) are set by the web process: at them a
 * page of dense prose grows it to about 280 of its 300 MB. The largest
 * real notes (5,000 brackets, 4,000 tags, 11,000 delimiters, 20,000
 * pieces of syntax in all) stay within them, and the longest (986 KB,
 * most of it a table's padding) just within the size; at the bounds a
 * note renders in about half a second (HACKING.md, "Budgets"). */
#define MAX_BYTES (1024 * 1024)
#define MAX_LINE (512 * 1024)
#define MAX_LINES 100000
#define MAX_BRACKETS 25000
#define MAX_TAGS 12000
#define MAX_TABLE_COLUMNS 200
#define MAX_TABLE_CELLS 8000
#define MAX_DELIMITERS 100000
#define MAX_SYNTAX 60000
/* Bytes that are not UTF-8 text (each shown as a replacement character)
 * or control characters: random bytes make the web page lay out text in
 * dozens of scripts, falling back from font to font (1 MB: 8 s and 370 MB
 * of the web process). Real notes have none. */
#define MAX_INVALID 1000

/* Table cells, callouts and code blocks each make much more of the web
 * page than of the tree: 60,000 cells took the web process 4.6 s and
 * 500 MB, 11,000 callouts 12 s and 520 MB, 10,000 highlighted code blocks
 * 7 s. Real notes have a few dozen of each at most. */
#define MAX_CALLOUTS 500
#define MAX_FENCES 1000

/* A callout ("> [!note]") or a heading (its id, its outline entry, its
 * element) costs about as much as eight other pieces of syntax. */
#define CALLOUT_WEIGHT 8
#define HEADING_WEIGHT 8

typedef struct
{
  gsize lines;
  gsize brackets;
  gsize tags;
  gsize cells;
  gsize delimiters;
  gsize callouts;
  gsize headings;
  gsize fences;
  gsize invalid;
  gsize table_columns;  /* of the table the line before was in, or 0 */
} Counts;

/* Whether a line is a table's delimiter row ("|---|:--:|"), which makes
 * the line before it the table's header. */
static gboolean
is_delimiter_row (const char *p,
                  const char *end)
{
  gboolean pipe = FALSE, dash = FALSE;

  for (; p < end; p++)
    if (*p == '|')
      pipe = TRUE;
    else if (*p == '-')
      dash = TRUE;
    else if (*p != ':' && *p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return pipe && dash;
}

/* The cells a line adds to the tables of the note: cmark-gfm splits each
 * row of a table at every pipe, then fits it to the header's width, and
 * is quadratic in that width. Pipes outside tables (a list of times
 * written "00:01 | 00:02 | …") cost nothing more than other text. */
static gsize
count_cells (const char *p,
             const char *end,
             gsize       pipes,
             Counts     *c)
{
  if (_lec_line_is_blank (p, end))
    c->table_columns = 0;
  else if (is_delimiter_row (p, end))
    {
      c->table_columns = MAX (pipes, 1);
      /* The header and the delimiter row. */
      return 2 * c->table_columns;
    }
  else if (c->table_columns > 0)
    return MAX (pipes, c->table_columns);
  return 0;
}

/* Bytes of a line that are not UTF-8 (the control characters are counted
 * with the line's syntax, in count_line). */
static gsize
count_invalid_utf8 (const char *p,
                    const char *end)
{
  gsize n = 0;

  while (p < end)
    {
      const char *bad;

      if (g_utf8_validate_len (p, (gsize) (end - p), &bad))
        break;
      /* NUL bytes were counted as control characters already. */
      if (*bad != '\0')
        n++;
      p = bad + 1;
    }
  return n;
}

/* The bytes count_line looks at: its syntax, and the control characters
 * other than tabs and carriage returns. */
static const gboolean syntax_byte[256] = {
  [0x00] = TRUE, [0x01] = TRUE, [0x02] = TRUE, [0x03] = TRUE, [0x04] = TRUE,
  [0x05] = TRUE, [0x06] = TRUE, [0x07] = TRUE, [0x08] = TRUE, [0x0a] = TRUE,
  [0x0b] = TRUE, [0x0c] = TRUE, [0x0e] = TRUE, [0x0f] = TRUE, [0x10] = TRUE,
  [0x11] = TRUE, [0x12] = TRUE, [0x13] = TRUE, [0x14] = TRUE, [0x15] = TRUE,
  [0x16] = TRUE, [0x17] = TRUE, [0x18] = TRUE, [0x19] = TRUE, [0x1a] = TRUE,
  [0x1b] = TRUE, [0x1c] = TRUE, [0x1d] = TRUE, [0x1e] = TRUE, [0x1f] = TRUE,
  ['['] = TRUE, [']'] = TRUE, ['|'] = TRUE, ['<'] = TRUE, ['*'] = TRUE,
  ['_'] = TRUE, ['~'] = TRUE, ['='] = TRUE, ['$'] = TRUE, ['`'] = TRUE,
};

/* Adds one line's shapes to @c; returns the limit it passes, if any. */
static LecLimit
count_line (const char *p,
            const char *end,
            gboolean    utf8,
            Counts     *c)
{
  const char *start = p;
  gsize pipes = 0;
  guint wiki = 0;

  if ((gsize) (end - p) > MAX_LINE)
    return LEC_LIMIT_LINE;

  for (const char *q = p; q < end && q - p < 4; q++)
    if (*q == '#')
      {
        c->headings++;
        break;
      }
    else if ((*q == '`' || *q == '~') && q + 2 < end && q[1] == *q && q[2] == *q)
      {
        c->fences++;
        break;
      }
    else if (*q != ' ')
      break;

  for (; p < end; p++)
    {
      /* Most bytes are none of these: passed over at a table lookup each. */
      while (p < end && !syntax_byte[(guchar) *p])
        p++;
      if (p == end)
        break;
      switch (*p)
        {
        case '[':
          c->brackets++;
          if (p + 1 < end && p[1] == '!')
            c->callouts++;
          if (p + 1 < end && p[1] == '[')
            {
              wiki++;
              c->brackets++;
              p++;
            }
          break;
        case ']':
          if (wiki > 0 && p + 1 < end && p[1] == ']')
            {
              wiki--;
              p++;
            }
          break;
        case '|':
          /* "[[slug | Label]]" is a link, not a table's cell. */
          if (wiki == 0)
            pipes++;
          break;
        case '<':
          if (p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
            c->tags++;
          break;
        case '*': case '_': case '~': case '=': case '$': case '`':
          c->delimiters++;
          break;
        default:
          /* Control characters other than tabs and carriage returns. */
          if ((guchar) *p < 0x20 && *p != '\t' && *p != '\r')
            c->invalid++;
          break;
        }
    }

  c->cells += count_cells (start, end, pipes, c);
  c->lines++;
  if (!utf8)
    c->invalid += count_invalid_utf8 (start, end);

  if (c->invalid > MAX_INVALID)
    return LEC_LIMIT_ENCODING;
  if (c->table_columns > MAX_TABLE_COLUMNS || c->cells > MAX_TABLE_CELLS)
    return LEC_LIMIT_TABLE;
  if (c->lines > MAX_LINES)
    return LEC_LIMIT_LINES;
  if (c->brackets > MAX_BRACKETS)
    return LEC_LIMIT_LINKS;
  if (c->callouts > MAX_CALLOUTS || c->fences > MAX_FENCES)
    return LEC_LIMIT_BLOCKS;
  if (c->tags > MAX_TAGS)
    return LEC_LIMIT_MARKUP;
  if (c->delimiters > MAX_DELIMITERS)
    return LEC_LIMIT_EMPHASIS;
  if (c->brackets + c->tags + c->delimiters + c->cells +
      c->callouts * CALLOUT_WEIGHT + c->headings * HEADING_WEIGHT > MAX_SYNTAX)
    return LEC_LIMIT_SYNTAX;
  return LEC_LIMIT_NONE;
}

/**
 * lec_budget_measure:
 * @body: a note's markdown, after its front matter
 *
 * Finds how much of @body can be rendered in full within the note's
 * budget: all of it, or up to the end of the last paragraph (a blank line)
 * before the first line that passes a bound, and which bound that was.
 */
void
lec_budget_measure (const char *body,
                    gsize       len,
                    LecBudget  *budget)
{
  const char *end = body + len;
  gsize safe = 0;
  Counts counts = { 0 };
  gboolean utf8;

  g_return_if_fail (body != NULL || len == 0);
  g_return_if_fail (budget != NULL);

  budget->full_len = len;
  budget->limit = LEC_LIMIT_NONE;
  /* Nearly every note is UTF-8: checked once, not line by line. */
  utf8 = _lec_utf8_validate (body, len);

  for (const char *line = body; line < end; )
    {
      const char *nl = memchr (line, '\n', (gsize) (end - line));
      const char *line_end = nl != NULL ? nl : end;
      LecLimit limit;

      limit = count_line (line, line_end, utf8, &counts);
      if (limit == LEC_LIMIT_NONE && (gsize) (line_end - body) > MAX_BYTES)
        limit = LEC_LIMIT_SIZE;

      if (limit != LEC_LIMIT_NONE)
        {
          budget->full_len = safe;
          budget->limit = limit;
          return;
        }

      if (_lec_line_is_blank (line, line_end))
        safe = (gsize) (line - body);
      line = nl != NULL ? nl + 1 : end;
    }
}

/* Why the note is not shown in full, in a sentence. */
static const char *
limit_sentence (LecLimit limit)
{
  switch (limit)
    {
    case LEC_LIMIT_SIZE:
      return _("This note is too long to show in full.");
    case LEC_LIMIT_LINE:
      return _("A paragraph of this note is too long to show in full.");
    case LEC_LIMIT_LINES:
      return _("This note has too many lines to show in full.");
    case LEC_LIMIT_LINKS:
      return _("This note has too many links to show in full.");
    case LEC_LIMIT_MARKUP:
      return _("This note has too much HTML markup to show in full.");
    case LEC_LIMIT_TABLE:
      return _("A table in this note is too large to show in full.");
    case LEC_LIMIT_BLOCKS:
      return _("This note has too many callouts or code blocks to show in full.");
    case LEC_LIMIT_ENCODING:
      return _("This note is not UTF-8 text; it cannot be shown in full.");
    case LEC_LIMIT_EMPHASIS:
    case LEC_LIMIT_SYNTAX:
      return _("This note has too much formatting to show in full.");
    case LEC_LIMIT_NONE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * lec_budget_dup_notice:
 * @limit: the bound the note passed
 * @shown: bytes of the rest shown as plain text
 * @total: bytes of the rest
 * @cut_short: whether the note was read only in part, so that the rest
 *   is larger still
 *
 * Returns: (transfer full): the notice above such a note, as an HTML
 *   fragment
 */
char *
lec_budget_dup_notice (LecLimit limit,
                       gsize    shown,
                       gsize    total,
                       gboolean cut_short)
{
  GString *html = g_string_new ("<div class=\"lec-notice\" role=\"note\"><p>");
  g_autofree char *sentence = g_markup_escape_text (limit_sentence (limit), -1);

  g_return_val_if_fail (limit != LEC_LIMIT_NONE, NULL);

  g_string_append (html, sentence);
  g_string_append_c (html, ' ');
  g_string_append (html, _("From there on it is shown as plain text."));
  if (shown < total)
    {
      g_autofree char *size = g_format_size (total - shown);
      /* Translators: %s is a size, such as "3.2 MB" */
      g_autofree char *rest = g_strdup_printf (cut_short ? _("More than the last %s are not shown.")
                                                         : _("The last %s are not shown."), size);
      g_autofree char *escaped = g_markup_escape_text (rest, -1);

      g_string_append_c (html, ' ');
      g_string_append (html, escaped);
    }
  g_string_append (html, "</p></div>\n");
  return g_string_free (html, FALSE);
}

/**
 * lec_budget_plain_cut:
 * @limit: why the text is shown as plain text
 *
 * Returns: how many bytes of @text are shown as plain text: all of it up to
 *   %LEC_BUDGET_PLAIN_MAX_BYTES and %LEC_BUDGET_PLAIN_MAX_LINES, cut at the
 *   start of a character
 */
gsize
lec_budget_plain_cut (const char *text,
                      gsize       len,
                      LecLimit    limit)
{
  /* Text that is not text is shown only as a sample. */
  gsize cut = MIN (len, limit == LEC_LIMIT_ENCODING ? LEC_BUDGET_PLAIN_MAX_BYTES / 8 : LEC_BUDGET_PLAIN_MAX_BYTES);
  const char *nl = text;

  for (guint lines = 0; lines < LEC_BUDGET_PLAIN_MAX_LINES; lines++)
    {
      nl = memchr (nl, '\n', (gsize) (text + cut - nl));
      if (nl == NULL)
        break;
      nl++;
    }
  if (nl != NULL)
    cut = (gsize) (nl - text);

  while (cut > 0 && cut < len && ((guchar) text[cut] & 0xC0) == 0x80)
    cut--;
  return cut;
}

/* A run of this many bytes without a space gets a break opportunity: WebKit
 * took seconds to lay out 256 KB of one word with "overflow-wrap: anywhere"
 * alone. */
#define MAX_RUN 64

static void
append_plain_paragraph (GString    *html,
                        const char *start,
                        const char *end)
{
  g_autofree char *valid = NULL;
  guint run = 0;

  while (start < end && (*start == '\n' || *start == '\r'))
    start++;
  while (end > start && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  if (start >= end)
    return;
  valid = g_utf8_make_valid (start, end - start);
  g_string_append (html, "<p class=\"lec-plain\">");
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        run = 0;
      else if (++run > MAX_RUN && ((guchar) *p & 0xC0) != 0x80 &&
               !g_unichar_ismark (g_utf8_get_char (p)))
        {
          g_string_append (html, "<wbr>");
          run = 1;
        }
      switch (*p)
        {
        case '&': g_string_append (html, "&amp;"); break;
        case '<': g_string_append (html, "&lt;"); break;
        case '>': g_string_append (html, "&gt;"); break;
        case '"': g_string_append (html, "&quot;"); break;
        case '\'': g_string_append (html, "&#39;"); break;
        default: g_string_append_c (html, *p);
        }
    }
  g_string_append (html, "</p>\n");
}

/**
 * lec_budget_plain_html:
 * @text: text in any state (invalid UTF-8 and NUL bytes are replaced)
 *
 * Returns: (transfer full): @text as escaped paragraphs, one for each run
 *   of lines between blank lines
 */
char *
lec_budget_plain_html (const char *text,
                       gsize       len)
{
  GString *html = g_string_sized_new (len + len / 8 + 64);
  const char *end = text + len;
  const char *para = text;

  for (const char *line = text; line < end; )
    {
      const char *nl = memchr (line, '\n', (gsize) (end - line));
      const char *line_end = nl != NULL ? nl : end;

      if (_lec_line_is_blank (line, line_end))
        {
          append_plain_paragraph (html, para, line);
          para = line_end;
        }
      line = nl != NULL ? nl + 1 : end;
    }
  append_plain_paragraph (html, para, end);
  return g_string_free (html, FALSE);
}
