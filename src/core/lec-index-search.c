/* lec-index-search.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-index"

#include "config.h"

#include "lec-index-private.h"

#include <math.h>
#include <string.h>

/* Full-text search: the query as people type it, and the FTS5 functions
 * that rank its hits (lec_rank), place them among the note's timestamps
 * (lec_first_hit) and show them (lec_snippet). */

static void
append_fts_string (GString    *q,
                   const char *word,
                   gssize      len,
                   gboolean    prefix)
{
  g_string_append_c (q, '"');
  for (gssize i = 0; i < len; i++)
    {
      if (word[i] == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, word[i]);
    }
  g_string_append_c (q, '"');
  if (prefix)
    g_string_append_c (q, '*');
}

/**
 * lec_index_build_query:
 * @text: what the user typed
 *
 * Turns a search as people type it into an FTS5 query: every word must
 * match, "quoted words" match as a phrase, and the last word matches as a
 * prefix while it is being typed. Everything is quoted, so no input is a
 * syntax error: AND, NEAR, *, ( and " are only words.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL for no words
 */
char *
lec_index_build_query (const char *text)
{
  g_autoptr(GString) q = g_string_new (NULL);
  const char *p = text;
  const char *last_start = NULL;
  gsize last_len = 0;
  gboolean last_is_word = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (last_start != NULL)
        {
          if (q->len > 0)
            g_string_append_c (q, ' ');
          append_fts_string (q, last_start, last_len, FALSE);
          last_start = NULL;
        }

      if (*p == '"')
        {
          const char *end = strchr (p + 1, '"');

          start = p + 1;
          if (end == NULL)
            end = start + strlen (start);
          if (end > start)
            {
              if (q->len > 0)
                g_string_append_c (q, ' ');
              append_fts_string (q, start, end - start, FALSE);
            }
          p = *end == '"' ? end + 1 : end;
          last_is_word = FALSE;
          continue;
        }

      start = p;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"')
        p++;
      last_start = start;
      last_len = (gsize) (p - start);
      last_is_word = TRUE;
    }

  if (last_start != NULL)
    {
      if (q->len > 0)
        g_string_append_c (q, ' ');
      append_fts_string (q, last_start, last_len, last_is_word);
    }

  if (q->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&q), FALSE);
}

/* Where in @column the match is, as a word position (or -1): the first
 * occurrence of the query's rarest word in the note, the one that carries
 * the meaning ("bucket" rather than "light" in "light bucket"), at or
 * after word @lead when there is one there. */
static int
first_hit_from (const Fts5ExtensionApi *api,
                Fts5Context            *fts,
                int                     column,
                int                     lead)
{
  int n_phrases = api->xPhraseCount (fts);
  int n = 0, best_phrase = -1;
  g_autofree int *counts = g_new0 (int, MAX (n_phrases, 1));
  g_autofree int *firsts = g_new (int, MAX (n_phrases, 1));

  for (int i = 0; i < n_phrases; i++)
    firsts[i] = -1;
  if (api->xInstCount (fts, &n) != SQLITE_OK)
    n = 0;
  for (int i = 0; i < n; i++)
    {
      int phrase, col, offset;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column ||
          phrase < 0 || phrase >= n_phrases || offset < lead)
        continue;
      counts[phrase]++;
      if (firsts[phrase] < 0 || offset < firsts[phrase])
        firsts[phrase] = offset;
    }

  for (int i = 0; i < n_phrases; i++)
    if (counts[i] > 0 && (best_phrase < 0 || counts[i] < counts[best_phrase]))
      best_phrase = i;
  return best_phrase >= 0 ? firsts[best_phrase] : -1;
}

/* first_hit_from() past the note's boilerplate opening of @lead words
 * (the "From: [[channel]]" line that every note of a channel repeats),
 * or in it when the query matches nothing else in @column. */
static int
first_hit_offset (const Fts5ExtensionApi *api,
                  Fts5Context            *fts,
                  int                     column,
                  int                     lead)
{
  int hit = lead > 0 ? first_hit_from (api, fts, column, lead) : -1;

  return hit >= 0 ? hit : first_hit_from (api, fts, column, 0);
}

/* The boilerplate opening's words, from the argument @i of @values, if
 * there. */
static int
lead_arg (sqlite3_value **values,
          int             n_values,
          int             i)
{
  return n_values > i ? MAX (sqlite3_value_int (values[i]), 0) : 0;
}

/* lec_first_hit(fts, column, lead): first_hit_offset(), to place the match
 * among the note's timestamps. */
static void
first_hit (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           sqlite3_context        *ctx,
           int                     n_values,
           sqlite3_value         **values)
{
  int column = n_values > 0 ? sqlite3_value_int (values[0]) : 0;

  sqlite3_result_int (ctx, first_hit_offset (api, fts, column, lead_arg (values, n_values, 1)));
}

/* The words lec_snippet() may show: their byte ranges in the text, from
 * word @first on. */
typedef struct
{
  int     first;
  int     limit;    /* words past first + limit are not needed */
  int     index;    /* words seen */
  int     before;   /* where the word before @first ends, or 0 */
  int     lead;     /* words of boilerplate before the text shown */
  gboolean stopped; /* there are words past those gathered */
  GArray *starts;
  GArray *ends;
} SnippetWords;

static int
snippet_word (void       *user_data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  SnippetWords *w = user_data;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  /* unicode61 reports SQLITE_DONE as SQLITE_OK: whether the text goes
   * on is known here alone. */
  if (w->index >= w->first + w->limit)
    {
      w->stopped = TRUE;
      return SQLITE_DONE;
    }
  if (w->index + 1 == w->first)
    w->before = end;
  if (w->index >= w->first)
    {
      g_array_append_val (w->starts, start);
      g_array_append_val (w->ends, end);
    }
  w->index++;
  return SQLITE_OK;
}

/* Whether word @i of @w begins a sentence: the text before it, back to the
 * word before, ends one. */
static gboolean
starts_sentence (SnippetWords *w,
                 const char   *text,
                 guint         i)
{
  int from = i > 0 ? g_array_index (w->ends, int, i - 1) : w->before;
  int to = g_array_index (w->starts, int, i);

  if (w->first + (int) i == w->lead)
    return TRUE;
  for (int j = from; j < to; j++)
    if (text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '\n')
      return TRUE;
  return FALSE;
}

/* The words of a snippet that lec_snippet() shows, @from to @to among
 * those gathered, and how to mark the matched ones. */
typedef struct
{
  const char *open;
  const char *close;
  const char *ellipsis;
  int         n_words;
  guint       from;
  guint       to;
} SnippetShown;

/* Which words lec_snippet() shows: from the start of the hit's sentence
 * if it is among them, else from a quarter of a snippet before the hit. */
static void
snippet_choose (SnippetShown *s,
                SnippetWords *w,
                const char   *text,
                int           hit)
{
  s->from = 0;
  if (hit >= 0)
    {
      guint at = MIN ((guint) (hit - w->first), w->starts->len - 1);

      s->from = at > (guint) s->n_words / 4 ? at - (guint) s->n_words / 4 : 0;
      for (guint i = at + 1; i-- > 0; )
        if (starts_sentence (w, text, i))
          {
            s->from = i;
            break;
          }
    }
  s->to = MIN (w->starts->len, s->from + (guint) s->n_words);
}

/* Which of the words shown the query matched, from the first shown. */
static gboolean *
snippet_marks (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               int                     column,
               SnippetWords           *w,
               SnippetShown           *s)
{
  gboolean *marked = g_new0 (gboolean, s->to - s->from);
  int n_inst = 0;

  if (api->xInstCount (fts, &n_inst) != SQLITE_OK)
    n_inst = 0;
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, col, offset, size;

      if (api->xInst (fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column)
        continue;
      size = api->xPhraseSize (fts, phrase);
      for (int k = offset; k < offset + MAX (size, 1); k++)
        if (k >= w->first + (int) s->from && k < w->first + (int) s->to)
          marked[k - w->first - (int) s->from] = TRUE;
    }
  return marked;
}

/* The snippet's text: the words shown with what lies between them, the
 * marked ones between the open and close marks. @whole: the words
 * gathered reach the end of the text (@len bytes). */
static GString *
snippet_write (SnippetShown   *s,
               SnippetWords   *w,
               const gboolean *marked,
               const char     *text,
               int             len,
               gboolean        whole)
{
  GArray *starts = w->starts, *ends = w->ends;
  GString *out = g_string_new (NULL);
  guint from = s->from, to = s->to;

  if (w->first + (int) from > w->lead)
    g_string_append (out, s->ellipsis);
  for (guint i = from; i < to; i++)
    {
      int start = g_array_index (starts, int, i), end = g_array_index (ends, int, i);

      if (i > from)
        g_string_append_len (out, text + g_array_index (ends, int, i - 1),
                             start - g_array_index (ends, int, i - 1));
      if (marked[i - from] && (i == from || !marked[i - from - 1]))
        g_string_append (out, s->open);
      g_string_append_len (out, text + start, end - start);
      if (marked[i - from] && (i + 1 == to || !marked[i - from + 1]))
        g_string_append (out, s->close);
    }
  /* The text after the last word, or the sign that there is more. */
  if (to == starts->len && whole)
    g_string_append_len (out, text + g_array_index (ends, int, to - 1),
                         len - g_array_index (ends, int, to - 1));
  else
    g_string_append (out, s->ellipsis);
  return out;
}

/* lec_snippet(fts, column, open, close, ellipsis, words, lead): like FTS5's
 * snippet(), @words words of @column with the matched ones between @open
 * and @close, around the place lec_first_hit() names, from the start of
 * its sentence when that is near, never in the @lead words of boilerplate
 * unless the match is there. snippet() reads the whole text twice to
 * score every window; this one stops at the last word it shows, which
 * made a search with twenty hits a third faster. */
static void
snippet_func (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              sqlite3_context        *ctx,
              int                     n_values,
              sqlite3_value         **values)
{
  int column, hit, lead, len = 0, rc;
  const char *text = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *marked = NULL;
  SnippetShown s;
  SnippetWords w;
  GString *out;

  if (n_values != 5 && n_values != 6)
    {
      sqlite3_result_error (ctx, "lec_snippet: wrong number of arguments", -1);
      return;
    }
  column = sqlite3_value_int (values[0]);
  s.open = (const char *) sqlite3_value_text (values[1]);
  s.close = (const char *) sqlite3_value_text (values[2]);
  s.ellipsis = (const char *) sqlite3_value_text (values[3]);
  s.n_words = CLAMP (sqlite3_value_int (values[4]), 1, 64);
  if (s.open == NULL || s.close == NULL || s.ellipsis == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }

  rc = api->xColumnText (fts, column, &text, &len);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  if (text == NULL || len == 0)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }

  /* The words from most of a snippet before the hit to a snippet after
   * it. */
  lead = lead_arg (values, n_values, 5);
  hit = first_hit_offset (api, fts, column, lead);
  w.lead = hit < 0 || hit >= lead ? lead : 0;
  w.first = MAX (w.lead, hit - MAX (s.n_words - 4, 0));
  w.limit = hit < 0 ? s.n_words : hit - w.first + s.n_words;
  w.index = 0;
  w.before = 0;
  w.stopped = FALSE;
  w.starts = starts;
  w.ends = ends;
  rc = api->xTokenize (fts, text, len, &w, snippet_word);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  if (starts->len == 0)
    {
      sqlite3_result_text (ctx, "", 0, SQLITE_STATIC);
      return;
    }

  snippet_choose (&s, &w, text, hit);
  marked = snippet_marks (api, fts, column, &w, &s);
  out = snippet_write (&s, &w, marked, text, len, !w.stopped);
  sqlite3_result_text (ctx, out->str, (int) out->len, g_free);
  g_string_free (out, FALSE);
}

/* Every full-text row's length in tokens (all columns), as FTS5 keeps it
 * in fts_docsize: a varint per column. */
static GArray *
load_row_sizes (LecIndex *self)
{
  GArray *sizes = g_array_new (FALSE, TRUE, sizeof (guint32));
  sqlite3_stmt *stmt = _lec_index_prepare (self, "SELECT id, sz FROM fts_docsize");

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 id = sqlite3_column_int64 (stmt, 0);
      const guint8 *sz = sqlite3_column_blob (stmt, 1);
      int len = sqlite3_column_bytes (stmt, 1);
      guint32 total = 0;

      if (id < 0 || id > G_MAXINT32 - 1)
        continue;
      for (int i = 0; i < len; )
        {
          guint32 v = 0;

          /* SQLite's varint, big-endian groups of seven bits; column
           * sizes never need more than five bytes. */
          for (int n = 0; i < len && n < 5; n++)
            {
              v = (v << 7) | (sz[i] & 0x7f);
              if ((sz[i++] & 0x80) == 0)
                break;
            }
          total += v;
        }
      if ((guint) id >= sizes->len)
        g_array_set_size (sizes, (guint) id + 1);
      g_array_index (sizes, guint32, id) = total;
    }
  sqlite3_finalize (stmt);
  return sizes;
}

typedef struct
{
  double *idf;
  double *freq;
  double  avgdl;
  int     n_phrases;
} RankData;

static int
count_row (const Fts5ExtensionApi *api,
           Fts5Context            *fts,
           void                   *user_data)
{
  (*(sqlite3_int64 *) user_data)++;
  return SQLITE_OK;
}

/* What lec_rank() works out once per query: each phrase's IDF and the
 * rows' average length. NULL, with the error set on @ctx, when that
 * fails. */
static RankData *
rank_data_new (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               sqlite3_context        *ctx)
{
  sqlite3_int64 rows = 0, tokens = 0;
  int n = api->xPhraseCount (fts);
  RankData *data = sqlite3_malloc64 (sizeof (RankData) + 2 * sizeof (double) * (gsize) MAX (n, 1));
  int rc;

  if (data == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return NULL;
    }
  data->n_phrases = n;
  data->idf = (double *) (data + 1);
  data->freq = data->idf + n;
  rc = api->xRowCount (fts, &rows);
  if (rc == SQLITE_OK)
    rc = api->xColumnTotalSize (fts, -1, &tokens);
  data->avgdl = rows > 0 ? (double) tokens / (double) rows : 1.0;
  for (int i = 0; rc == SQLITE_OK && i < n; i++)
    {
      sqlite3_int64 hits = 0;

      rc = api->xQueryPhrase (fts, i, &hits, count_row);
      data->idf[i] = MAX (log ((rows - hits + 0.5) / (hits + 0.5)), 1e-6);
    }
  if (rc == SQLITE_OK)
    rc = api->xSetAuxdata (fts, data, sqlite3_free);
  else
    sqlite3_free (data);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return NULL;
    }
  return data;
}

/* lec_rank(fts, weight...): FTS5's bm25() to the digit (same k1, b, IDF and
 * weights), with each row's length read from memory. bm25() asks for it
 * with a query per matching row, which was half the time of a search for
 * a common word. */
static void
rank_func (const Fts5ExtensionApi  *api,
           Fts5Context             *fts,
           sqlite3_context         *ctx,
           int                      n_values,
           sqlite3_value          **values)
{
  const double k1 = 1.2, b = 0.75;
  LecIndex *self = api->xUserData (fts);
  RankData *data = api->xGetAuxdata (fts, 0);
  sqlite3_int64 rowid = api->xRowid (fts);
  double score = 0.0, length;
  int n_inst = 0, rc = SQLITE_OK;

  if (data == NULL && (data = rank_data_new (api, fts, ctx)) == NULL)
    return;

  memset (data->freq, 0, sizeof (double) * (gsize) data->n_phrases);
  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK)
        data->freq[phrase] += n_values > column ? sqlite3_value_double (values[column]) : 1.0;
    }

  if (self->row_sizes != NULL && rowid >= 0 && (guint64) rowid < self->row_sizes->len)
    length = g_array_index (self->row_sizes, guint32, rowid);
  else
    {
      int tokens = 0;

      if (rc == SQLITE_OK)
        rc = api->xColumnSize (fts, -1, &tokens);
      length = tokens;
    }

  for (int i = 0; rc == SQLITE_OK && i < data->n_phrases; i++)
    score += data->idf[i] * (data->freq[i] * (k1 + 1.0)) /
             (data->freq[i] + k1 * (1 - b + b * length / data->avgdl));

  if (rc == SQLITE_OK)
    sqlite3_result_double (ctx, -score);
  else
    sqlite3_result_error_code (ctx, rc);
}

static gboolean
register_functions (LecIndex *self)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (api == NULL)
    return FALSE;
  return api->xCreateFunction (api, "lec_first_hit", NULL, first_hit, NULL) == SQLITE_OK &&
         api->xCreateFunction (api, "lec_snippet", NULL, snippet_func, NULL) == SQLITE_OK &&
         api->xCreateFunction (api, "lec_rank", self, rank_func, NULL) == SQLITE_OK;
}

/* The last timestamp at or before word @token, from a packed list in
 * document order, or -1. */
static int
timestamp_before (const guint8 *packed,
                  int           len,
                  int           token)
{
  int seconds = -1;

  for (int i = 0; packed != NULL && i + 8 <= len; i += 8)
    {
      guint32 v[2];

      memcpy (v, packed + i, 8);
      if ((int) GUINT32_FROM_LE (v[1]) > token)
        break;
      seconds = (int) GUINT32_FROM_LE (v[0]);
    }
  return seconds;
}

static void
search_hit_free (LecSearchHit *hit)
{
  g_free (hit->path);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

/* The search statement, prepared at the first search and kept: one per
 * connection, with the functions it calls registered with it, since
 * typing a query runs a search per key press. */
static gboolean
ensure_search (LecIndex  *self,
               GError   **error)
{
  /* The inner query ranks with lec_rank(), bm25() with row lengths kept
   * in memory, rather than ORDER BY rank (the same weights as the table's
   * rank): FTS5's own sort keeps every
   * matching row with its positions, while SQLite's sort under a LIMIT
   * keeps only the best few, which halves the time of a common word.
   * Snippets and hit positions are then made for those few alone.
   * The outer query goes through the matches once more (a match for
   * each of the few by rowid would gather the doclists of a prefix again
   * each time) and keeps those the inner one chose; CROSS JOIN holds that
   * order, so that only they are looked up in the notes (SQLite's own
   * order looked up every match there). */
  if (self->search == NULL &&
      (!register_functions (self) ||
       sqlite3_prepare_v3 (self->db,
                           "SELECT n.path, n.title, lec_snippet (fts, 4, char(2), char(3), '…', 16, t.lead),"
                           "  f.rank, lec_first_hit (fts, 4, t.lead), t.timestamps"
                           " FROM fts CROSS JOIN (SELECT rowid, lec_rank (fts, 10.0, 6.0, 4.0, 3.0, 1.0) AS rank"
                           "       FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2 OFFSET ?3) f ON f.rowid = fts.rowid"
                           " CROSS JOIN notes n ON n.id = f.rowid CROSS JOIN text t ON t.id = f.rowid"
                           " WHERE fts MATCH ?1"
                           " ORDER BY f.rank",
                           -1, SQLITE_PREPARE_PERSISTENT, &self->search, NULL) != SQLITE_OK))
    return _lec_index_sql_error (self, error);
  return TRUE;
}

/* The hit the search statement @stmt stands on. */
static LecSearchHit *
search_hit_new (sqlite3_stmt *stmt)
{
  LecSearchHit *hit = g_new0 (LecSearchHit, 1);
  int token = sqlite3_column_int (stmt, 4);

  hit->path = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  hit->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  hit->rank = sqlite3_column_double (stmt, 3);
  hit->seconds = -1;
  if (token >= 0)
    {
      const guint8 *packed = sqlite3_column_blob (stmt, 5);

      hit->seconds = timestamp_before (packed, sqlite3_column_bytes (stmt, 5), token);
    }
  return hit;
}

/**
 * lec_index_search:
 * @query: what the user typed (see lec_index_build_query())
 *
 * Ranks notes with BM25, weighting matches in the title highest, then
 * aliases, headings, tags and the body.
 *
 * Returns: (transfer full) (element-type LecSearchHit): the best @limit hits
 */
GPtrArray *
lec_index_search (LecIndex    *self,
                  const char  *query,
                  guint        limit,
                  GError     **error)
{
  return lec_index_search_range (self, query, 0, limit, error);
}

/**
 * lec_index_count_matches:
 * @query: what the user typed (see lec_index_build_query())
 * @count: (out): how many notes it finds
 *
 * Counts every note lec_index_search() would find, for a list that shows
 * the first few.
 *
 * Returns: %FALSE, with @error set, when the index cannot be read
 */
gboolean
lec_index_count_matches (LecIndex    *self,
                         const char  *query,
                         guint       *count,
                         GError     **error)
{
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (LEC_IS_INDEX (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  *count = 0;
  match = lec_index_build_query (query);
  if (match == NULL)
    return TRUE;

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM fts WHERE fts MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
    return _lec_index_sql_error (self, error);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
  else
    _lec_index_sql_error (self, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/**
 * lec_index_search_range:
 * @query: what the user typed (see lec_index_build_query())
 * @offset: how many of the best hits to pass over
 *
 * lec_index_search(), from hit @offset on: the next page of a list.
 *
 * Returns: (transfer full) (element-type LecSearchHit): up to @limit hits
 */
GPtrArray *
lec_index_search_range (LecIndex    *self,
                        const char  *query,
                        guint        offset,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) search_hit_free);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LEC_IS_INDEX (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  match = lec_index_build_query (query);
  if (match == NULL)
    return g_steal_pointer (&hits);

  if (!ensure_search (self, error))
    return NULL;

  if (self->row_sizes == NULL)
    self->row_sizes = load_row_sizes (self);

  stmt = self->search;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
  sqlite3_bind_int (stmt, 3, (int) MIN (offset, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (hits, search_hit_new (stmt));
  if (rc != SQLITE_DONE)
    _lec_index_sql_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&hits);
}
