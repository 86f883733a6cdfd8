/* lec-markdown.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-markdown"

#define _GNU_SOURCE 1  /* RTLD_NEXT */

#include "config.h"

#include "lec-markdown.h"
#include "lec-lines-private.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>
#include <string.h>

/* Debian 12's cmark-gfm (0.29.0.gfm.6) predates the fixes for several
 * quadratic-time inputs. A linear pre-pass bounds the two shapes that reach
 * it — very deep container nesting and very many image openers — before
 * cmark sees the text; real notes never come near either bound. */
#define MAX_CONTAINER_PREFIX 120
#define MAX_IMAGE_OPENERS 2000

/* Sources up to this size are parsed into an arena (below): real notes
 * are a few kilobytes. Past it, malloc's reuse of freed blocks wins (a
 * 1 MB note of 160,000 links took 0.9-1.1 s in an arena, 0.7-0.8 s
 * without). */
#define ARENA_MAX_SOURCE (256 * 1024)
#define ARENA_CHUNK (64 * 1024)

typedef struct _Arena Arena;

struct _LecMarkdown
{
  char          *source;
  gsize          source_len;
  GArray        *line_starts;  /* gsize offsets, index 0 is line 1 */
  cmark_parser  *parser;
  cmark_node    *root;
  Arena         *arena;
};

/* --- the arena --------------------------------------------------------------
 *
 * cmark-gfm makes a tree out of thousands of small allocations, and freeing
 * them one by one cost as much as making them. While a source is parsed,
 * its allocations come from an arena, bumped along 64 KB chunks and freed
 * all at once with the document.
 *
 * cmark-gfm only lets a node join a tree made with the same cmark_mem, so
 * every tree uses this one allocator. Each block starts with a header that
 * names its arena; outside a parse (a pass setting a node's literal, say)
 * blocks come from malloc, with no arena in their header, and are freed
 * one by one as usual. */

struct _Arena
{
  char      *pos;
  char      *end;
  char      *last;    /* the last block handed out: it may grow in place */
  GPtrArray *chunks;  /* of ARENA_CHUNK bytes */
  GPtrArray *big;     /* bigger, one block each */
};

typedef struct
{
  Arena *arena;
  gsize  size;
} Header;

G_STATIC_ASSERT (sizeof (Header) == 16);

/* The arena of the parse running on this thread, if any. Every block cmark
 * asks for looks it up: as a GPrivate, the lookup was 1.5 % of a first
 * index's instructions. */
static _Thread_local Arena *current_arena;

static inline gsize
round_up (gsize size)
{
  return (size + 15) & ~(gsize) 15;
}

/* The chunks of the parses that ended on this thread, for the next: given
 * back to malloc, they went back to the system, and the next parse's first
 * touch of each page cost a page fault (14 us each on this virtual
 * machine, a third of a first index's faults). A thread keeps a megabyte
 * at most, which a note of a few kilobytes never needs. */
#define SPARE_CHUNKS 16

static void
spare_chunks_free (gpointer data)
{
  g_ptr_array_unref (data);
}

static GPrivate spare_chunks = G_PRIVATE_INIT (spare_chunks_free);

static char *
chunk_new (void)
{
  GPtrArray *spare = g_private_get (&spare_chunks);

  if (spare != NULL && spare->len > 0)
    return g_ptr_array_steal_index_fast (spare, spare->len - 1);
  return g_malloc (ARENA_CHUNK);
}

static void
chunk_free (gpointer chunk)
{
  GPtrArray *spare = g_private_get (&spare_chunks);

  if (spare == NULL)
    {
      spare = g_ptr_array_new_full (SPARE_CHUNKS, g_free);
      g_private_set (&spare_chunks, spare);
    }
  if (spare->len < SPARE_CHUNKS)
    g_ptr_array_add (spare, chunk);
  else
    g_free (chunk);
}

static void *
arena_take (Arena *a,
            gsize  size)
{
  gsize need = sizeof (Header) + round_up (size);
  Header *h;

  if (need > (gsize) (a->end - a->pos))
    {
      char *chunk;

      if (need <= ARENA_CHUNK)
        g_ptr_array_add (a->chunks, (chunk = chunk_new ()));
      else
        g_ptr_array_add (a->big, (chunk = g_malloc (need)));
      if (need > ARENA_CHUNK / 4)
        {
          /* A big block gets a chunk of its own; the current one goes on. */
          h = (Header *) chunk;
          h->arena = a;
          h->size = size;
          return h + 1;
        }
      a->pos = chunk;
      a->end = chunk + ARENA_CHUNK;
    }

  h = (Header *) a->pos;
  h->arena = a;
  h->size = size;
  a->last = a->pos;
  a->pos += need;
  return h + 1;
}

/* A block of @size bytes, not cleared: from the arena of the parse running
 * on this thread, else from the heap. */
static void *
block_new (gsize size)
{
  Arena *a = current_arena;
  Header *h;

  if (size > G_MAXSIZE - 64)
    g_error ("cmark asked for too much memory");
  if (a != NULL)
    return arena_take (a, size);

  h = g_malloc (sizeof (Header) + size);
  h->arena = NULL;
  h->size = size;
  return h + 1;
}

static void *
arena_calloc (size_t n,
              size_t size)
{
  gsize total;

  if (!g_size_checked_mul (&total, n, size))
    g_error ("cmark asked for too much memory");
  return memset (block_new (total), 0, total);
}

static void *
arena_realloc (void   *ptr,
               size_t  size)
{
  Header *h;
  Arena *a;
  void *out;

  if (ptr == NULL)
    return block_new (size);

  h = (Header *) ptr - 1;
  a = h->arena;
  if (a == NULL)
    {
      h = g_realloc (h, sizeof (Header) + size);
      h->size = size;
      return h + 1;
    }

  if (size <= h->size)
    return ptr;

  /* The block last handed out grows where it is, when the chunk has room
   * (a buffer being appended to, most often). */
  if ((char *) h == a->last &&
      sizeof (Header) + round_up (size) <= (gsize) (a->end - a->last))
    {
      a->pos = a->last + sizeof (Header) + round_up (size);
      h->size = size;
      return ptr;
    }

  out = arena_take (a, size);
  memcpy (out, ptr, h->size);
  return out;
}

static void
arena_free (void *ptr)
{
  Header *h;

  if (ptr == NULL)
    return;
  h = (Header *) ptr - 1;
  if (h->arena == NULL)
    g_free (h);
  else if ((char *) h == h->arena->last)
    {
      /* The block last handed out, given back: its room is taken again
       * (a scratch buffer, most often). */
      h->arena->pos = h->arena->last;
      h->arena->last = NULL;
    }
}

static cmark_mem tree_mem = { arena_calloc, arena_realloc, arena_free };

static Arena *
arena_new (void)
{
  Arena *a = g_new0 (Arena, 1);

  a->chunks = g_ptr_array_new_with_free_func (chunk_free);
  a->big = g_ptr_array_new_with_free_func (g_free);
  return a;
}

static void
arena_destroy (Arena *a)
{
  g_ptr_array_unref (a->chunks);
  g_ptr_array_unref (a->big);
  g_free (a);
}

/**
 * lec_markdown_begin_changes:
 *
 * Until lec_markdown_end_changes(), what cmark allocates for this
 * document's tree (nodes, literals) comes from its arena too. Returns what
 * to hand lec_markdown_end_changes(): changes to documents nest.
 */
gpointer
lec_markdown_begin_changes (LecMarkdown *md)
{
  gpointer previous = current_arena;

  current_arena = md->arena;
  return previous;
}

void
lec_markdown_end_changes (gpointer previous)
{
  current_arena = previous;
}

/**
 * lec_markdown_node_new:
 *
 * A new node that can join the trees lec_markdown_parse() makes.
 */
cmark_node *
lec_markdown_node_new (cmark_node_type type)
{
  return cmark_node_new_with_mem (type, &tree_mem);
}

static GMutex inline_lock;

static const char * const extension_names[] = {
  "table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

/* Raw HTML is kept in the tree (CMARK_OPT_UNSAFE) so that Lectern's passes
 * can read it; every piece of it that reaches the page goes through the
 * allowlist sanitiser. Invalid UTF-8 is replaced rather than passed on.
 * Without CMARK_OPT_SOURCEPOS cmark-gfm places the inlines after a code
 * span that crosses a line on the wrong line, and passes read the wrong
 * source. */
#define PARSE_OPTIONS (CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS)
#define RENDER_OPTIONS (CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE)

/* Whether @s is valid UTF-8. cmark-gfm checks every line itself when asked
 * (CMARK_OPT_VALIDATE_UTF8), and copies it while it does, at a tenth of a
 * cold index's parse; notes are mostly ASCII, taken here eight bytes at a
 * time. NUL bytes pass: cmark replaces them either way. */
static gboolean
is_valid_utf8 (const char *s,
               gsize       len)
{
  gsize i = 0;

  while (i < len)
    {
      guint64 word;
      gsize n;

      if (i + 8 <= len)
        {
          memcpy (&word, s + i, 8);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) == 0)
            {
              i += 8;
              continue;
            }
        }
      if ((guchar) s[i] < 0x80)
        {
          i++;
          continue;
        }
      n = (gsize) g_utf8_skip[(guchar) s[i]];
      if (n > len - i || !g_utf8_validate_len (s + i, n, NULL))
        return FALSE;
      i += n;
    }
  return TRUE;
}

/* cmark-gfm (0.29.0.gfm.6 here, gfm.13 in the Flatpak) keeps the
 * characters its inline extensions react to (":", "w", "~", "|") in one
 * table for the whole process. cmark_parser_finish sets its extensions'
 * characters there when its inline phase starts and clears them when it
 * ends, through cmark_manage_extensions_special_characters: a parse
 * finishing on one thread made another, midway, miss strikethrough and
 * autolinks (and so timestamps).
 *
 * Lectern's parsers all use the same extensions, so the table needs
 * setting only once. This function takes the library's place (it is
 * called through the library's PLT, so the program's definition wins):
 * the characters are set once, at start-up, through the library's own,
 * and every later call is nothing. The table never changes after that,
 * and inline phases run in parallel. A parser without autolinks (costly
 * notes) still stops at ":" and "w"; with no extension to take them they
 * stay text, in more text nodes, which the passes read as one run.
 *
 * Should the library call its own directly (a static or -Bsymbolic
 * build), parse_in_parallel stays FALSE and the inline phase runs under
 * a lock, as before. /note/parallel-parses fails with the race. */
static void (*library_manage_special_characters) (cmark_parser *, int);
static gboolean parse_in_parallel;
static volatile gint interposed_calls;

void cmark_manage_extensions_special_characters (cmark_parser *parser,
                                                 int           add);

void
cmark_manage_extensions_special_characters (cmark_parser *parser,
                                            int           add)
{
  g_atomic_int_inc (&interposed_calls);
}

static cmark_parser *
new_parser (gboolean autolinks,
            cmark_mem *mem)
{
  cmark_parser *parser = cmark_parser_new_with_mem (PARSE_OPTIONS, mem);

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext;

      if (!autolinks && g_str_equal (extension_names[i], "autolink"))
        continue;
      ext = cmark_find_syntax_extension (extension_names[i]);
      if (ext != NULL)
        cmark_parser_attach_syntax_extension (parser, ext);
    }
  return parser;
}

static void
set_special_characters_once (void)
{
  cmark_parser *parser;
  cmark_node *root;

  library_manage_special_characters = dlsym (RTLD_NEXT, "cmark_manage_extensions_special_characters");
  if (library_manage_special_characters == NULL)
    return;

  parser = new_parser (TRUE, cmark_get_default_mem_allocator ());
  library_manage_special_characters (parser, TRUE);
  /* Whether cmark_parser_finish calls this file's function. */
  cmark_parser_feed (parser, "a ~~b~~\n", 8);
  root = cmark_parser_finish (parser);
  parse_in_parallel = g_atomic_int_get (&interposed_calls) == 2;
  if (!parse_in_parallel)
    {
      g_debug ("cmark-gfm calls its own special-character function: inline phases run one at a time");
      /* The library cleared the table; each finish sets it again. */
    }
  cmark_node_free (root);
  cmark_parser_free (parser);
}

static GOnce registered = G_ONCE_INIT;
static gpointer register_extensions (gpointer data);

/**
 * lec_markdown_parses_in_parallel:
 *
 * Whether cmark-gfm's inline phases run in parallel here (see
 * set_special_characters_once), for the tests and the benchmarks.
 */
gboolean
lec_markdown_parses_in_parallel (void)
{
  g_once (&registered, register_extensions, NULL);
  return parse_in_parallel;
}

static gpointer
register_extensions (gpointer data)
{
  cmark_gfm_core_extensions_ensure_registered ();
  set_special_characters_once ();
  return NULL;
}

/* Length of the run of container markers (indentation, ">", list bullets
 * and ordinals) that starts a line. */
static gsize
container_prefix (const char *p,
                  const char *end)
{
  const char *start = p;

  while (p < end)
    {
      if (*p == ' ' || *p == '\t' || *p == '>')
        p++;
      else if ((*p == '-' || *p == '+' || *p == '*') && p + 1 < end && (p[1] == ' ' || p[1] == '\t'))
        p += 2;
      else if (g_ascii_isdigit (*p))
        {
          const char *q = p;

          while (q < end && q - p < 9 && g_ascii_isdigit (*q))
            q++;
          if (q + 1 < end && (*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\t'))
            p = q + 2;
          else
            break;
        }
      else
        break;
    }

  return (gsize) (p - start);
}

/* Returns a bounded copy of @text, or %NULL when @text is within bounds. */
static GString *
bound_input (const char *text,
             gsize       len)
{
  const char *p = text, *end = text + len;
  gboolean needed = FALSE;
  guint openers = 0;
  GString *out;

  for (const char *line = text; line < end && !needed; )
    {
      const char *nl = memchr (line, '\n', end - line);

      if (container_prefix (line, nl ? nl : end) > MAX_CONTAINER_PREFIX)
        needed = TRUE;
      line = nl ? nl + 1 : end;
    }
  for (const char *q = text; !needed && (q = memchr (q, '!', (gsize) (end - q))) != NULL; q++)
    if (q + 1 < end && q[1] == '[' && ++openers > MAX_IMAGE_OPENERS)
      needed = TRUE;

  if (!needed)
    return NULL;

  out = g_string_sized_new (len + len / 8);
  openers = 0;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl + 1 : end;
      gsize prefix = container_prefix (p, nl ? nl : end);

      if (prefix > MAX_CONTAINER_PREFIX)
        {
          g_string_append_len (out, p, MAX_CONTAINER_PREFIX);
          p += prefix;
        }
      for (; p < line_end; p++)
        {
          if (p[0] == '!' && p + 1 < end && p[1] == '[' && ++openers > MAX_IMAGE_OPENERS)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }

  return out;
}

/* cmark-gfm's e-mail autolinks copy the rest of their text node for each
 * address they find: time and memory grow with addresses times the length
 * of their line (4,000 addresses on one 2 MB line: 8 s and 1.7 GB). Past
 * this budget of bytes copied, a note is parsed without autolinks. */
#define MAX_EMAIL_AUTOLINK_COST (100 * 1000 * 1000)

static gboolean
email_autolinks_too_costly (const char *text,
                            gsize       len)
{
  const char *end = text + len;
  guint64 cost = 0;

  for (const char *line = text; line < end; )
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *line_end = nl != NULL ? nl : end;
      guint64 ats = 0;

      for (const char *at = memchr (line, '@', line_end - line); at != NULL;
           at = memchr (at + 1, '@', line_end - at - 1))
        ats++;
      cost += ats * (guint64) (line_end - line);
      if (cost > MAX_EMAIL_AUTOLINK_COST)
        return TRUE;
      line = line_end + 1;
    }
  return FALSE;
}

/* A code fence's opening or closing line: up to three spaces, then three
 * or more of "`" or "~". Returns the run's length (0: not a fence) and
 * where its info string starts. */
static gsize
fence_run (const char  *line,
           const char  *end,
           char        *fence_char,
           const char **info)
{
  const char *p = line;
  gsize run = 0;

  while (p < end && *p == ' ' && p - line < 3)
    p++;
  if (p == end || (*p != '`' && *p != '~'))
    return 0;
  *fence_char = *p;
  while (p < end && *p == *fence_char)
    p++, run++;
  *info = p;
  return run >= 3 ? run : 0;
}

/* Whether a fence's info string names markdown ("markdown", "md"). */
static gboolean
info_is_markdown (const char *info,
                  const char *end)
{
  const char *word;

  while (info < end && (*info == ' ' || *info == '\t'))
    info++;
  word = info;
  while (info < end && !g_ascii_isspace (*info))
    info++;
  return ((info - word == 8 && g_ascii_strncasecmp (word, "markdown", 8) == 0) ||
          (info - word == 2 && g_ascii_strncasecmp (word, "md", 2) == 0));
}

/* Lectern's own syntax on a line: a timestamp's anchor or a wiki link. */
static gboolean
has_lectern_syntax (const char *line,
                    const char *end)
{
  gsize len = (gsize) (end - line);
  const char *open;

  if (lec_markdown_find (line, len, "yt-timestamp") != NULL)
    return TRUE;
  open = lec_markdown_find (line, len, "[[");
  return open != NULL && lec_markdown_find (open + 2, end - open - 2, "]]") != NULL;
}

static void
blank_line (char *line,
            char *end)
{
  for (; line < end; line++)
    if (*line != '\r')
      *line = ' ';
}

/* Some tools write a note's whole body inside a fence labelled
 * "markdown" or "md", often never closed, meaning that text as markdown:
 * its timestamps and wiki links showed as code. Such a fence, when it
 * holds Lectern's syntax, has its fence lines blanked (in place, so that
 * every line and byte keeps its position), and its text is parsed as the
 * note's own. A fence of example markdown without that syntax stays
 * code, and fences within other fences are left alone; as in cmark, a
 * fence closes at a line of the same character, at least as long, with
 * nothing after it, or at the end. Fences within quotes and lists are not
 * looked at. */
static void
unwrap_markdown_fences (char *source,
                        gsize len)
{
  char *end = source + len, *line, *next;
  char *opening = NULL, *opening_end = NULL;
  char fence_char = 0;
  gsize fence_len = 0;
  gboolean in_markdown = FALSE, has_syntax = FALSE;

  for (line = source; line < end; line = next)
    {
      char *line_end = memchr (line, '\n', (gsize) (end - line));
      const char *info;
      char c;
      gsize run;

      if (line_end == NULL)
        line_end = end;
      next = line_end < end ? line_end + 1 : end;
      run = fence_run (line, line_end, &c, &info);

      if (fence_len == 0)
        {
          /* A "`" fence's info string may not hold a "`". */
          if (run == 0 || (c == '`' && memchr (info, '`', (gsize) (line_end - info)) != NULL))
            continue;
          fence_char = c;
          fence_len = run;
          in_markdown = info_is_markdown (info, line_end);
          has_syntax = FALSE;
          opening = line;
          opening_end = line_end;
        }
      else if (run >= fence_len && c == fence_char && _lec_line_is_blank (info, line_end))
        {
          if (in_markdown && has_syntax)
            {
              blank_line (opening, opening_end);
              blank_line (line, line_end);
            }
          fence_len = 0;
        }
      else if (in_markdown && !has_syntax)
        has_syntax = has_lectern_syntax (line, line_end);
    }

  if (fence_len > 0 && in_markdown && has_syntax)
    blank_line (opening, opening_end);
}

static void
index_lines (LecMarkdown *md)
{
  const char *end = md->source + md->source_len;
  gsize zero = 0;

  md->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (md->line_starts, zero);

  /* cmark ends a line at a lone "\r" too, and counts its positions so;
   * most notes have none. */
  if (memchr (md->source, '\r', md->source_len) != NULL)
    {
      for (const char *p = md->source; p < end; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n')))
          {
            gsize next = (gsize) (p + 1 - md->source);

            g_array_append_val (md->line_starts, next);
          }
      return;
    }

  for (const char *p = md->source;
       (p = memchr (p, '\n', (gsize) (end - p))) != NULL; )
    {
      gsize next = (gsize) (++p - md->source);

      g_array_append_val (md->line_starts, next);
    }
}

/* cmark-gfm 0.29.0.gfm.6 (and its command line) cuts the text of a
 * footnote reference that has no definition and spans lines at a wrong
 * length: "[^\nabc]" gives the text "[^\n]", and "[^\né]" half of "é",
 * which is no longer UTF-8. Such texts are made whole characters again
 * (what cmark dropped stays dropped). Only notes with "[^" pay for the
 * walk. */
static void
mend_footnote_references (LecMarkdown *md)
{
  cmark_iter *iter;

  if (md->root == NULL || lec_markdown_find (md->source, md->source_len, "[^") == NULL)
    return;

  iter = cmark_iter_new (md->root);
  while (cmark_iter_next (iter) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      const char *lit;

      if (cmark_node_get_type (node) != CMARK_NODE_TEXT ||
          (lit = cmark_node_get_literal (node)) == NULL || strstr (lit, "[^") == NULL)
        continue;
      if (!g_utf8_validate (lit, -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (lit, -1);

          cmark_node_set_literal (node, valid);
        }
    }
  cmark_iter_free (iter);
}

/**
 * lec_markdown_parse:
 * @text: markdown, in any state (invalid UTF-8 and NUL bytes are tolerated)
 *
 * Returns: (transfer full): the parsed document
 */
LecMarkdown *
lec_markdown_parse (const char *text,
                    gsize       len)
{
  LecMarkdown *md;
  GString *bounded;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  g_once (&registered, register_extensions, NULL);

  md = g_new0 (LecMarkdown, 1);
  bounded = bound_input (text != NULL ? text : "", len);
  if (bounded != NULL)
    {
      md->source_len = bounded->len;
      md->source = g_string_free (bounded, FALSE);
    }
  else
    {
      md->source = g_malloc (len + 1);
      if (len > 0)
        memcpy (md->source, text, len);
      md->source[len] = '\0';
      md->source_len = len;
    }
  /* Passes copy a node's source as it is (math, for one): a note of
   * invalid UTF-8 is made valid here, once, so that nothing taken from it
   * is not UTF-8 (cmark then needs no check of its own). */
  if (!is_valid_utf8 (md->source, md->source_len))
    {
      char *valid = g_utf8_make_valid (md->source, md->source_len);

      g_free (md->source);
      md->source = valid;
      md->source_len = strlen (valid);
    }
  unwrap_markdown_fences (md->source, md->source_len);
  index_lines (md);

  if (md->source_len <= ARENA_MAX_SOURCE)
    {
      md->arena = arena_new ();
      current_arena = md->arena;
    }
  md->parser = new_parser (md->source_len <= LEC_MARKDOWN_AUTOLINK_MAX_BYTES &&
                           !email_autolinks_too_costly (md->source, md->source_len),
                           &tree_mem);

  cmark_parser_feed (md->parser, md->source, md->source_len);
  /* See set_special_characters_once (). */
  if (parse_in_parallel)
    md->root = cmark_parser_finish (md->parser);
  else
    {
      g_mutex_lock (&inline_lock);
      md->root = cmark_parser_finish (md->parser);
      g_mutex_unlock (&inline_lock);
    }
  current_arena = NULL;
  mend_footnote_references (md);

  return md;
}

void
lec_markdown_free (LecMarkdown *md)
{
  if (md == NULL)
    return;

  if (md->root != NULL)
    cmark_node_free (md->root);
  if (md->parser != NULL)
    cmark_parser_free (md->parser);
  g_clear_pointer (&md->arena, arena_destroy);
  g_clear_pointer (&md->line_starts, g_array_unref);
  g_free (md->source);
  g_free (md);
}

cmark_node *
lec_markdown_get_root (LecMarkdown *md)
{
  g_return_val_if_fail (md != NULL, NULL);

  return md->root;
}

/* The text cmark parsed (after bounding), nul-terminated. */
const char *
lec_markdown_get_source (LecMarkdown *md,
                         gsize       *len)
{
  g_return_val_if_fail (md != NULL, NULL);

  if (len != NULL)
    *len = md->source_len;
  return md->source;
}

/**
 * lec_markdown_find:
 *
 * Where @sign first is in the @len bytes at @text, or %NULL. A whole
 * note's source is searched for a mark at a time: memchr() for its first
 * byte is many times faster than glibc's memmem() or g_strstr_len() (a
 * comparison at every byte: 2.6 % of a first index's instructions went to
 * finding "[^" that way).
 */
const char *
lec_markdown_find (const char *text,
                   gsize       len,
                   const char *sign)
{
  gsize n = strlen (sign);
  const char *end = text + len;

  g_return_val_if_fail (n > 0, NULL);

  for (const char *p = memchr (text, sign[0], len); p != NULL; p = memchr (p + 1, sign[0], end - p - 1))
    if ((gsize) (end - p) >= n && memcmp (p, sign, n) == 0)
      return p;
  return NULL;
}

/* Whether @len bytes at @src can be @node's source: whole characters,
 * and the first and last bytes the node's own (a text's may be an escape
 * or an entity). */
static gboolean
cut_fits (cmark_node  *node,
          const char  *src,
          gsize        len)
{
  const char *lit = cmark_node_get_literal (node);
  gsize lit_len;

  if (len == 0 || (src[0] & 0xc0) == 0x80 || (src[len] & 0xc0) == 0x80 ||
      !g_utf8_validate_len (src, len, NULL))
    return FALSE;

  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
      lit_len = lit != NULL ? strlen (lit) : 0;
      return lit_len > 0 &&
             (src[0] == lit[0] || src[0] == '\\' || src[0] == '&') &&
             (src[len - 1] == lit[lit_len - 1] || src[len - 1] == ';');
    case CMARK_NODE_CODE:
      return src[0] == '`' && src[len - 1] == '`';
    case CMARK_NODE_HTML_INLINE:
      return src[0] == '<' && src[len - 1] == '>';
    default:
      return TRUE;
    }
}

/**
 * lec_markdown_node_source:
 *
 * Finds the source text of an inline @node that lies on one line, from its
 * source position. Positions inside table cells are not exact in cmark-gfm,
 * so those are refused, as are positions that fall outside the line.
 */
gboolean
lec_markdown_node_source (LecMarkdown  *md,
                          cmark_node   *node,
                          const char  **start,
                          gsize        *len)
{
  int line = cmark_node_get_start_line (node);
  int first = cmark_node_get_start_column (node);
  int last = cmark_node_get_end_column (node);
  cmark_node *leaf;
  gsize line_start, line_end;

  if (line <= 0 || line != cmark_node_get_end_line (node) || first <= 0 || last < first ||
      (guint) line > md->line_starts->len)
    return FALSE;

  for (cmark_node *p = cmark_node_parent (node); p != NULL; p = cmark_node_parent (p))
    if (g_strcmp0 (cmark_node_get_type_string (p), "table_cell") == 0)
      return FALSE;

  /* A paragraph whose last line became a table's header is left without a
   * position, and its inlines with positions a line early: refused too. */
  for (leaf = cmark_node_parent (node); leaf != NULL; leaf = cmark_node_parent (leaf))
    if ((cmark_node_get_type (leaf) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
      break;
  if (leaf == NULL || cmark_node_get_start_line (leaf) <= 0)
    return FALSE;

  line_start = g_array_index (md->line_starts, gsize, line - 1);
  line_end = (guint) line < md->line_starts->len
             ? g_array_index (md->line_starts, gsize, line)
             : md->source_len;

  /* On a paragraph's later lines, cmark-gfm 0.29.0.gfm.6 counts columns
   * from where the paragraph's first line began, over the line's text
   * without what its containers took ("a\n  $x$" gives "$x$" 2:1-2:3).
   * That text begins after the indentation and quote markers (no
   * paragraph's line begins with ">" after its markers: that would start
   * a quote), or, on a lazy line, where the containers stopped matching,
   * with its spaces. The one whose cut fits the node is taken. */
  if (line > cmark_node_get_start_line (leaf))
    {
      int shift = cmark_node_get_start_column (leaf) - 1;
      gsize text_start = line_start;
      gboolean found = FALSE;
      gsize at;

      while (text_start < line_end &&
             (md->source[text_start] == ' ' || md->source[text_start] == '\t' ||
              md->source[text_start] == '>'))
        text_start++;
      if (first <= shift)
        return FALSE;
      first -= shift;
      last -= shift;
      for (at = text_start + 1; !found && at-- > line_start; )
        found = at + (gsize) last <= line_end &&
                cut_fits (node, md->source + at + first - 1, (gsize) (last - first + 1));
      if (!found)
        return FALSE;
      line_start = at;
    }
  else if (line_start + (gsize) last > line_end ||
           !cut_fits (node, md->source + line_start + first - 1, (gsize) (last - first + 1)))
    return FALSE;

  *start = md->source + line_start + first - 1;
  *len = (gsize) (last - first + 1);
  return TRUE;
}

/**
 * lec_markdown_render:
 *
 * Renders the tree as HTML. Raw HTML nodes are rendered as they are: the
 * caller sanitises the result when the tree still holds any.
 */
char *
lec_markdown_render (LecMarkdown *md)
{
  g_return_val_if_fail (md != NULL, NULL);

  return lec_markdown_render_node (md, md->root);
}

/* Renders @node (of this document's parse) and its children. */
char *
lec_markdown_render_node (LecMarkdown *md,
                          cmark_node  *node)
{
  char *html, *ret;

  g_return_val_if_fail (md != NULL, NULL);

  html = cmark_render_html_with_mem (node, RENDER_OPTIONS, cmark_parser_get_syntax_extensions (md->parser),
                                     cmark_get_default_mem_allocator ());

  /* cmark allocates with its own allocator; hand back GLib memory. */
  ret = g_strdup (html);
  cmark_get_default_mem_allocator ()->free (html);

  return ret;
}
