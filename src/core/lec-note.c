/* lec-note.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-note"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lec-note.h"
#include "lec-lines-private.h"
#include "lec-budget.h"
#include "lec-error.h"
#include "lec-markdown.h"
#include "lec-passes.h"
#include "lec-sanitize.h"
#include "lec-timestamp.h"

struct _LecNote
{
  GObject         parent_instance;

  char           *path;
  LecFrontMatter *front_matter;
  char           *title;
  LecMarkdown    *md;
  GPtrArray      *node_data;
  GPtrArray      *warnings;
  GArray         *headings;
  GArray         *links;
  GArray         *timestamps;
  GStrv           tags;
  char           *plain_text;
  gsize           plain_len;
  guint           word_count;
  guint           lead_tokens;
  gboolean        has_raw_html;
  GPtrArray      *heading_blocks;  /* the rendered heading of each heading */
  GPtrArray      *link_nodes;      /* each link's node (or NULL), until rendered */
  GArray         *video_titles;
  char           *source;
  LecBudget       budget;
  char           *tail;        /* past the budget: shown as plain text */
  gsize           tail_len;    /* the bytes of it that were kept */
  gsize           tail_total;  /* the bytes past the budget */
  gboolean        cut_short;   /* only the first LEC_NOTE_MAX_BYTES were read */
  gboolean        facts_only;  /* lec_note_new_facts(): never rendered */
};

/* Transclusion bounds: how deep embeds nest, how large an embedded note
 * may be, and how many one note may show. */
#define MAX_EMBED_DEPTH 3
#define MAX_EMBED_SOURCE_BYTES (1024 * 1024)
#define MAX_EMBED_HTML_BYTES (512 * 1024)
#define MAX_EMBEDS 32

typedef struct
{
  const LecNoteEnv *env;
  GPtrArray        *chain;   /* the paths being embedded, outermost first */
  guint            *budget;  /* embeds left for the whole page */
  gboolean          facts_only;
} Nest;

static LecNote *note_new_nested (const char *path,
                                 GBytes     *contents,
                                 Nest       *nest);

G_DEFINE_FINAL_TYPE (LecNote, lec_note, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  PROP_VIDEO_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
lec_note_finalize (GObject *object)
{
  LecNote *self = (LecNote *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->front_matter, lec_front_matter_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->md, lec_markdown_free);
  g_clear_pointer (&self->node_data, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->headings, g_array_unref);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->timestamps, g_array_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->plain_text, g_free);
  g_clear_pointer (&self->tail, g_free);
  g_clear_pointer (&self->heading_blocks, g_ptr_array_unref);
  g_clear_pointer (&self->link_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->video_titles, g_array_unref);
  g_clear_pointer (&self->source, g_free);

  G_OBJECT_CLASS (lec_note_parent_class)->finalize (object);
}

static void
lec_note_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LecNote *self = LEC_NOTE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_VIDEO_ID:
      g_value_set_string (value, lec_note_get_video_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_note_class_init (LecNoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lec_note_finalize;
  object_class->get_property = lec_note_get_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_VIDEO_ID] =
    g_param_spec_string ("video-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lec_note_init (LecNote *self)
{
}

/**
 * lec_title_from_path:
 * @path: a note's path, relative to its vault
 *
 * The title a note has when its front matter gives none: its file name
 * without the markdown extension.
 */
char *
lec_title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base &&
      (g_ascii_strcasecmp (dot, ".md") == 0 || g_ascii_strcasecmp (dot, ".markdown") == 0))
    *dot = '\0';

  return g_steal_pointer (&base);
}

static void
clear_heading (LecHeading *h)
{
  g_free (h->text);
  g_free (h->id);
}

static void
clear_link (LecLink *l)
{
  g_free (l->target);
  g_free (l->heading);
  g_free (l->label);
  g_free (l->path);
}

static void
clear_video_title (LecVideoTitle *v)
{
  g_free (v->video_id);
  g_free (v->title);
}

static void
clear_timestamp (LecTimestamp *t)
{
  g_free (t->shown);
}

/* What the facts walk carries from node to node. */
typedef struct
{
  LecNote    *note;
  GString    *plain;
  gsize       segment;      /* where the text since the block start or last timestamp starts */
  GHashTable *ids;
  GHashTable *tags;
  GPtrArray  *tag_order;
  GPtrArray  *heading_nodes;
  int         heading;
  char       *first_h1;
  guint       tokens;    /* words in plain so far, as the search index counts them */
  gboolean    in_token;
  guint       words;     /* runs of anything but ASCII spaces in plain so far */
  gboolean    in_word;
  gboolean    nested;    /* a note embedded in another: its links get no ids */
} Facts;

static char *
unique_id (Facts      *f,
           const char *text)
{
  g_autofree char *slug = lec_heading_slug (text);
  gpointer next;
  char *id;

  if (*slug == '\0')
    {
      g_free (slug);
      slug = g_strdup ("section");
    }
  /* Each id taken keeps the first suffix not yet tried after it, so a
   * note of many headings of one text numbers them in linear time. */
  if (!g_hash_table_lookup_extended (f->ids, slug, NULL, &next))
    id = g_strdup (slug);
  else
    {
      guint n = GPOINTER_TO_UINT (next);

      for (id = g_strdup_printf ("%s-%u", slug, n); g_hash_table_contains (f->ids, id);
           id = g_strdup_printf ("%s-%u", slug, n))
        {
          g_free (id);
          n++;
        }
      g_hash_table_insert (f->ids, g_strdup (slug), GUINT_TO_POINTER (n + 1));
    }
  g_hash_table_insert (f->ids, g_strdup (id), GUINT_TO_POINTER (1));
  return id;
}

static void
plain_of (GString    *out,
          cmark_node *node)
{
  cmark_iter *iter = cmark_iter_new (node);
  cmark_event_type ev;

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *n = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (n);

      if (ev != CMARK_EVENT_ENTER)
        continue;
      if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
        g_string_append (out, cmark_node_get_literal (n));
      else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
        g_string_append_c (out, ' ');
    }
  cmark_iter_free (iter);
}

/* For each byte of @w (all below 0x80), its top bit set if it is from
 * @lo to @hi. */
static inline guint64
ascii_range (guint64 w,
             guchar  lo,
             guchar  hi)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  guint64 at_least_lo = w + ones * (guint64) (0x80 - lo);
  guint64 above_hi = w + ones * (guint64) (0x7f - hi);

  return at_least_lo & ~above_hi & G_GUINT64_CONSTANT (0x8080808080808080);
}

/* How many bytes of @m have their top bit set (no other bit is): a sum
 * of the bytes in the top one (without -mpopcnt, __builtin_popcountll()
 * is a call). */
static inline guint
count_top_bits (guint64 m)
{
  return (guint) (((m >> 7) * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
}

/* Counts words the way SQLite's unicode61 tokenizer splits them (runs of
 * letters and digits), so a timestamp's position can be matched with a
 * search hit's. */
static void
count_words (Facts      *f,
             const char *text,
             gsize       len)
{
  /* What an ASCII character is: bit 0 set for the search index's word
   * characters (letters and digits), bit 1 for anything but space. */
#define K(c) ((((c) >= '0' && (c) <= '9') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z')) \
              ? 3 : ((c) == ' ' || ((c) >= '\t' && (c) <= '\r')) ? 0 : 2)
#define K8(c) K(c), K(c + 1), K(c + 2), K(c + 3), K(c + 4), K(c + 5), K(c + 6), K(c + 7)
#define K64(c) K8(c), K8(c + 8), K8(c + 16), K8(c + 24), K8(c + 32), K8(c + 40), K8(c + 48), K8(c + 56)
  static const guint8 ascii_kind[128] = { K64 (0), K64 (64) };
#undef K64
#undef K8
#undef K
  const guchar *p = (const guchar *) text, *end = p + len;
  guint in_token = f->in_token, in_word = f->in_word;
  guint tokens = f->tokens, words = f->words;

  while (p < end)
    {
      guint token, word;
      guint64 w;

      /* Eight ASCII characters at a time (the body's words were 3.5 % of
       * a first index's instructions a character at a time): each byte's
       * top bit says whether it is a word character, and a word starts
       * where one follows none. */
      if (end - p >= 8 && _lec_ascii8 (p, &w))
        {
          guint64 tok = ascii_range (w, '0', '9') | ascii_range (w, 'A', 'Z') | ascii_range (w, 'a', 'z');
          guint64 space = ascii_range (w, ' ', ' ') | ascii_range (w, '\t', '\r');
          guint64 nonspace = ~space & G_GUINT64_CONSTANT (0x8080808080808080);

          tokens += count_top_bits (tok & ~((tok << 8) | ((guint64) in_token << 7)));
          words += count_top_bits (nonspace & ~((nonspace << 8) | ((guint64) in_word << 7)));
          in_token = (guint) (tok >> 63);
          in_word = (guint) (nonspace >> 63);
          p += 8;
          continue;
        }

      /* Most of a note is ASCII; the Unicode tables are for the rest,
       * where letters, digits and marks are word characters. */
      if (*p < 0x80)
        {
          guint kind = ascii_kind[*p++];

          token = kind & 1;
          word = kind >> 1;
        }
      else
        {
          gunichar c = g_utf8_get_char ((const char *) p);

          token = g_unichar_isalnum (c) || g_unichar_ismark (c);
          word = 1;
          p = (const guchar *) g_utf8_next_char (p);
        }

      tokens += token & ~in_token;
      words += word & ~in_word;
      in_token = token;
      in_word = word;
    }
  f->in_token = in_token;
  f->in_word = in_word;
  f->tokens = tokens;
  f->words = words;
}

static void
add_plain (Facts      *f,
           const char *text)
{
  gsize len = strlen (text);

  g_string_append_len (f->plain, text, len);
  count_words (f, text, len);
}

static void
end_block (Facts *f)
{
  if (f->plain->len > 0 && f->plain->str[f->plain->len - 1] != '\n')
    g_string_append_c (f->plain, '\n');
  f->segment = f->plain->len;
  f->in_token = FALSE;
  f->in_word = FALSE;
}

/* "### [Title](https://www.youtube.com/watch?v=ID)" on a channel page. */
static void
find_video_title (Facts      *f,
                  cmark_node *heading,
                  const char *text)
{
  for (cmark_node *c = cmark_node_first_child (heading); c != NULL; c = cmark_node_next (c))
    {
      g_autofree char *id = NULL;
      int seconds;

      if (cmark_node_get_type (c) == CMARK_NODE_LINK &&
          lec_youtube_url_parse (cmark_node_get_url (c), &id, &seconds))
        {
          LecVideoTitle v = { g_steal_pointer (&id), g_strdup (text) };

          g_array_append_val (f->note->video_titles, v);
          return;
        }
    }
}

static void
visit_heading (Facts      *f,
               cmark_node *node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  LecHeading h = { 0 };

  plain_of (text, node);
  g_strstrip (text->str);
  h.level = (guint) cmark_node_get_heading_level (node);
  h.text = g_strdup (text->str);
  h.id = unique_id (f, text->str);
  h.first_timestamp = -1;
  g_array_append_val (f->note->headings, h);
  g_ptr_array_add (f->heading_nodes, node);
  find_video_title (f, node, text->str);
  f->heading = (int) f->note->headings->len - 1;

  if (h.level == 1 && f->first_h1 == NULL && *h.text != '\0')
    f->first_h1 = g_strdup (h.text);
}

static void
visit_custom (Facts       *f,
              LecNodeData *data)
{
  LecNote *self = f->note;

  switch (data->kind)
    {
    case LEC_NODE_WIKILINK:
    case LEC_NODE_EMBED:
      {
        LecLink l = {
          .target = g_strdup (data->target),
          .heading = g_strdup (data->heading),
          .label = g_strdup (data->label),
          .path = g_strdup (data->path),
          .embed = data->kind == LEC_NODE_EMBED,
          .plain_pos = f->plain->len,
        };

        /* "From: [[Channel]]" names the note's source. */
        if (self->links->len == 0 && self->source == NULL && l.target[0] != '\0')
          {
            g_autofree char *so_far = g_strstrip (g_strdup (f->plain->str));

            if (g_str_equal (so_far, "From:"))
              self->source = g_strdup (l.target);
          }
        g_array_append_val (self->links, l);
        add_plain (f, data->label);
        /* That line is the same in every note of the channel: it is
         * not what a search hit should show. */
        if (self->links->len == 1 && self->source != NULL && !f->nested)
          self->lead_tokens = f->tokens;
      }
      break;

    case LEC_NODE_TIMESTAMP:
      {
        LecTimestamp t = {
          .seconds = data->seconds,
          .shown = g_strdup (data->shown),
          .heading = f->heading,
          .context_pos = f->segment,
          .token_pos = f->tokens,
          .plain_pos = f->plain->len,
        };

        if (f->heading >= 0 && g_array_index (self->headings, LecHeading, f->heading).first_timestamp < 0)
          g_array_index (self->headings, LecHeading, f->heading).first_timestamp = (int) data->seconds;
        g_array_append_val (self->timestamps, t);
        f->segment = f->plain->len;
      }
      break;

    case LEC_NODE_TAG:
      if (!g_hash_table_contains (f->tags, data->label))
        {
          g_hash_table_add (f->tags, g_strdup (data->label));
          g_ptr_array_add (f->tag_order, g_strdup (data->label));
        }
      break;

    case LEC_NODE_MATH:
    case LEC_NODE_HIGHLIGHT:
    case LEC_NODE_CALLOUT:
    case LEC_NODE_CALLOUT_TITLE:
    default:
      break;
    }
}

/* Each link's id in the page, "lec-link-N" by its place among the note's
 * links, so that a mention on a topic page can lead to it. Done once,
 * before the first rendering. */
static void
set_link_ids (LecNote *self)
{
  for (guint i = 0; i < self->link_nodes->len; i++)
    {
      cmark_node *node = self->link_nodes->pdata[i];
      gboolean raw = node != NULL && cmark_node_get_type (node) == CMARK_NODE_HTML_INLINE;
      const char *html = node == NULL ? NULL : raw ? cmark_node_get_literal (node) : cmark_node_get_on_enter (node);
      g_autofree char *with_id = NULL;

      if (html == NULL || !g_str_has_prefix (html, "<a "))
        continue;
      with_id = g_strdup_printf ("<a id=\"lec-link-%u\" %s", i, html + 3);
      if (raw)
        cmark_node_set_literal (node, with_id);
      else
        cmark_node_set_on_enter (node, with_id);
    }
  g_ptr_array_set_size (self->link_nodes, 0);
}

/* Where @pos of the plain text is once the text is stripped to the bytes
 * from @lead to @end. */
static inline gsize
stripped_pos (gsize pos,
              gsize lead,
              gsize end)
{
  return pos > lead ? MIN (pos, end) - lead : 0;
}

/* One walk over the finished tree collects every fact of the note. */
static void
collect_facts (LecNote  *self,
               gboolean  nested)
{
  cmark_iter *iter = cmark_iter_new (lec_markdown_get_root (self->md));
  cmark_event_type ev;
  Facts f = {
    .note = self,
    .plain = g_string_new (NULL),
    .ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .tag_order = g_ptr_array_new (),
    .heading_nodes = g_ptr_array_new (),
    .heading = -1,
    .nested = nested,
  };

  if (self->front_matter->tags != NULL)
    for (guint i = 0; self->front_matter->tags[i] != NULL; i++)
      if (!g_hash_table_contains (f.tags, self->front_matter->tags[i]))
        {
          g_hash_table_add (f.tags, g_strdup (self->front_matter->tags[i]));
          g_ptr_array_add (f.tag_order, g_strdup (self->front_matter->tags[i]));
        }

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      LecNodeData *data;

      if (ev == CMARK_EVENT_EXIT)
        {
          if (!((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE))
            end_block (&f);
          continue;
        }

      switch ((int) type)
        {
        case CMARK_NODE_HEADING:
          end_block (&f);
          visit_heading (&f, node);
          break;

        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          add_plain (&f, cmark_node_get_literal (node));
          break;

        case CMARK_NODE_CODE_BLOCK:
          end_block (&f);
          add_plain (&f, cmark_node_get_literal (node));
          end_block (&f);
          break;

        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          add_plain (&f, " ");
          break;

        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_CUSTOM_INLINE:
        case CMARK_NODE_CUSTOM_BLOCK:
          data = lec_node_data (node);
          if (data == NULL)
            {
              if (type == CMARK_NODE_HTML_INLINE && !lec_node_is_end_marker (node))
                self->has_raw_html = TRUE;
              break;
            }
          visit_custom (&f, data);
          /* Their ids are written only if the note is rendered: the
           * index's parse has no use for them. */
          if (!f.nested && (data->kind == LEC_NODE_WIKILINK || data->kind == LEC_NODE_EMBED))
            g_ptr_array_add (self->link_nodes, node);
          /* Their text is the fact itself, not part of the sentence. */
          if (data->kind == LEC_NODE_TIMESTAMP || data->kind == LEC_NODE_TAG ||
              data->kind == LEC_NODE_MATH || data->kind == LEC_NODE_WIKILINK ||
              data->kind == LEC_NODE_EMBED)
            {
              cmark_node *end = node;

              /* Written as raw pieces in a table cell: skip to its end. */
              if (type == CMARK_NODE_HTML_INLINE)
                while (end != NULL && !lec_node_is_end_marker (end))
                  end = cmark_node_next (end);
              cmark_iter_reset (iter, end != NULL ? end : node, CMARK_EVENT_EXIT);
            }
          break;

        case CMARK_NODE_HTML_BLOCK:
          self->has_raw_html = TRUE;
          break;

        default:
          if ((type & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE)
            end_block (&f);
          break;
        }
    }
  cmark_iter_free (iter);

  /* Past the budget, the text is searchable as it is. */
  if (self->tail != NULL)
    {
      end_block (&f);
      add_plain (&f, self->tail);
    }

  /* Headings carry their ids into the page. */
  for (guint i = 0; !self->facts_only && i < f.heading_nodes->len; i++)
    {
      cmark_node *heading = f.heading_nodes->pdata[i];
      LecHeading *h = &g_array_index (self->headings, LecHeading, i);
      g_autofree char *id = lec_html_escape (h->id, -1);
      g_autofree char *enter = g_strdup_printf ("<h%u id=\"%s\">", h->level, id);
      g_autofree char *exit = g_strdup_printf ("</h%u>", h->level);
      cmark_node *block = lec_markdown_node_new (CMARK_NODE_CUSTOM_BLOCK);

      cmark_node_set_on_enter (block, enter);
      cmark_node_set_on_exit (block, exit);
      cmark_node_insert_before (heading, block);
      g_ptr_array_add (self->heading_blocks, block);
      while (cmark_node_first_child (heading) != NULL)
        {
          cmark_node *child = cmark_node_first_child (heading);

          cmark_node_unlink (child);
          cmark_node_append_child (block, child);
        }
      cmark_node_unlink (heading);
      cmark_node_free (heading);
    }

  g_ptr_array_add (f.tag_order, NULL);
  self->tags = (GStrv) g_ptr_array_free (f.tag_order, FALSE);
  self->plain_text = g_string_free (f.plain, FALSE);
  {
    /* Stripping moves the text: the positions in it move with it, and
     * one after the last word (a timestamp ending the note) stays at its
     * end. */
    gsize lead = 0, end = strlen (self->plain_text);

    while (g_ascii_isspace (self->plain_text[lead]))
      lead++;
    while (end > lead && g_ascii_isspace (self->plain_text[end - 1]))
      end--;
    for (guint i = 0; i < self->links->len; i++)
      {
        LecLink *l = &g_array_index (self->links, LecLink, i);

        l->plain_pos = stripped_pos (l->plain_pos, lead, end);
      }
    for (guint i = 0; i < self->timestamps->len; i++)
      {
        LecTimestamp *t = &g_array_index (self->timestamps, LecTimestamp, i);

        t->plain_pos = stripped_pos (t->plain_pos, lead, end);
        t->context_pos = stripped_pos (t->context_pos, lead, end);
      }
  }
  g_strstrip (self->plain_text);
  self->plain_len = strlen (self->plain_text);
  self->word_count = f.words;

  if (self->front_matter->title == NULL && f.first_h1 != NULL)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&f.first_h1);
    }

  g_free (f.first_h1);
  g_hash_table_unref (f.ids);
  g_hash_table_unref (f.tags);
  g_ptr_array_unref (f.heading_nodes);
}

static gboolean
is_image_path (const char *path)
{
  static const char * const extensions[] = { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

/* The paragraph around @node if @node is all it holds (but blank text). */
static cmark_node *
sole_child_paragraph (cmark_node *node)
{
  cmark_node *para = cmark_node_parent (node);

  if (para == NULL || cmark_node_get_type (para) != CMARK_NODE_PARAGRAPH)
    return NULL;
  for (cmark_node *c = cmark_node_first_child (para); c != NULL; c = cmark_node_next (c))
    {
      const char *lit;

      if (c == node || cmark_node_get_type (c) == CMARK_NODE_SOFTBREAK)
        continue;
      if (cmark_node_get_type (c) != CMARK_NODE_TEXT)
        return NULL;
      for (lit = cmark_node_get_literal (c); *lit != '\0'; lit++)
        if (!g_ascii_isspace (*lit))
          return NULL;
    }
  return para;
}

static char *
embedded_html (LecNodeData  *data,
               Nest         *nest)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LecNote) child = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  Nest inner;

  for (guint i = 0; i < nest->chain->len; i++)
    if (g_str_equal (nest->chain->pdata[i], data->path))
      return NULL;

  bytes = nest->env->load (data->path, nest->env->user_data);
  if (bytes == NULL || g_bytes_get_size (bytes) > MAX_EMBED_SOURCE_BYTES)
    return NULL;

  chain = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < nest->chain->len; i++)
    g_ptr_array_add (chain, g_strdup (nest->chain->pdata[i]));
  g_ptr_array_add (chain, g_strdup (data->path));
  inner = (Nest) { nest->env, chain, nest->budget, nest->facts_only };

  child = note_new_nested (data->path, bytes, &inner);
  return data->heading != NULL
         ? lec_note_render_section_html (child, data->heading)
         : lec_note_render_html (child);
}

/* "![[note]]" alone in its paragraph shows the note (or the section under
 * "#heading") in place, as Obsidian does. Deeper than MAX_EMBED_DEPTH, in a
 * cycle, too large, or past the page's budget, it stays a link. */
static void
transclude (LecNote *self,
            Nest    *nest)
{
  g_autoptr(GPtrArray) embeds = g_ptr_array_new ();
  cmark_iter *iter;
  cmark_event_type ev;

  /* The chain holds the top note too: len - 1 embeds deep so far. */
  if (nest->env == NULL || nest->env->load == NULL || nest->chain->len > MAX_EMBED_DEPTH)
    return;

  iter = cmark_iter_new (lec_markdown_get_root (self->md));
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      LecNodeData *data;

      if (ev != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_CUSTOM_INLINE)
        continue;
      data = lec_node_data (node);
      if (data != NULL && data->kind == LEC_NODE_EMBED && data->path != NULL &&
          !is_image_path (data->path) && g_str_has_suffix (data->path, ".md") && sole_child_paragraph (node) != NULL)
        g_ptr_array_add (embeds, node);
    }
  cmark_iter_free (iter);

  for (guint i = 0; i < embeds->len && *nest->budget > 0; i++)
    {
      cmark_node *node = embeds->pdata[i];
      cmark_node *para = sole_child_paragraph (node);
      LecNodeData *data = lec_node_data (node);
      g_autofree char *html = NULL;
      g_autofree char *href = NULL;
      g_autofree char *label = NULL;
      g_autofree char *path_attr = NULL;
      g_autofree char *enter = NULL;
      cmark_node *block;

      (*nest->budget)--;
      html = embedded_html (data, nest);
      if (html == NULL || strlen (html) > MAX_EMBED_HTML_BYTES)
        continue;

      href = lec_vault_href (data->path, NULL);
      label = lec_html_escape (data->label, -1);
      path_attr = lec_html_escape (data->path, -1);
      enter = g_strdup_printf ("<div class=\"lec-transclusion\" data-path=\"%s\">"
                               "<div class=\"lec-transclusion-title\"><a class=\"lec-wikilink\" href=\"%s\">%s</a></div>\n"
                               "%s",
                               path_attr, href, label, html);
      block = lec_markdown_node_new (CMARK_NODE_CUSTOM_BLOCK);
      cmark_node_set_on_enter (block, enter);
      cmark_node_set_on_exit (block, "</div>");
      cmark_node_insert_before (para, block);
      /* The embed's node goes with its paragraph. */
      {
        guint idx;

        if (g_ptr_array_find (self->link_nodes, node, &idx))
          self->link_nodes->pdata[idx] = NULL;
      }
      cmark_node_unlink (para);
      cmark_node_free (para);
    }
}

/* Keeps the part of the body past the note's budget, as valid UTF-8 and
 * no longer than the plain text a page shows. */
static void
keep_tail (LecNote    *self,
           const char *tail,
           gsize       len)
{
  gsize cut = lec_budget_plain_cut (tail, len, self->budget.limit);

  self->tail = g_utf8_make_valid (tail, cut);
  self->tail_len = cut;
  self->tail_total = len;
}

static LecNote *
note_new_nested (const char *path,
                 GBytes     *contents,
                 Nest       *nest)
{
  LecNote *self;
  const char *data, *body;
  gsize len, body_len;
  LecPassContext ctx = { 0 };
  gpointer changes;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  self = g_object_new (LEC_TYPE_NOTE, NULL);
  self->path = g_strdup (path);

  data = g_bytes_get_data (contents, &len);
  self->cut_short = len >= LEC_NOTE_MAX_BYTES;
  /* An empty note's bytes are NULL, and NULL + 0 is undefined. */
  if (data == NULL)
    data = "";
  self->front_matter = lec_front_matter_parse (data, len);
  self->warnings = g_ptr_array_ref (self->front_matter->warnings);
  self->title = self->front_matter->title != NULL
                ? g_strdup (self->front_matter->title)
                : lec_title_from_path (path);

  body = data + self->front_matter->body_offset;
  body_len = len - self->front_matter->body_offset;
  lec_budget_measure (body, body_len, &self->budget);
  if (self->budget.limit != LEC_LIMIT_NONE)
    keep_tail (self, body + self->budget.full_len, body_len - self->budget.full_len);
  self->md = lec_markdown_parse (body, self->budget.full_len);
  self->node_data = g_ptr_array_new_with_free_func ((GDestroyNotify) lec_node_data_free);
  self->headings = g_array_new (FALSE, TRUE, sizeof (LecHeading));
  g_array_set_clear_func (self->headings, (GDestroyNotify) clear_heading);
  self->links = g_array_new (FALSE, TRUE, sizeof (LecLink));
  g_array_set_clear_func (self->links, (GDestroyNotify) clear_link);
  self->timestamps = g_array_new (FALSE, TRUE, sizeof (LecTimestamp));
  g_array_set_clear_func (self->timestamps, (GDestroyNotify) clear_timestamp);
  self->heading_blocks = g_ptr_array_new ();
  self->link_nodes = g_ptr_array_new ();
  self->video_titles = g_array_new (FALSE, TRUE, sizeof (LecVideoTitle));
  g_array_set_clear_func (self->video_titles, (GDestroyNotify) clear_video_title);

  ctx.md = self->md;
  ctx.video_id = self->front_matter->video_id;
  ctx.plain_timestamps = self->front_matter->video_id != NULL || self->front_matter->media != NULL;
  ctx.resolve = nest->env != NULL ? nest->env->resolve : NULL;
  ctx.resolve_data = nest->env != NULL ? nest->env->user_data : NULL;
  ctx.node_data = self->node_data;
  ctx.facts_only = self->facts_only = nest->facts_only;

  /* What the passes allocate for the tree lives and goes with it. */
  changes = lec_markdown_begin_changes (self->md);

  /* Math first, while every text node still has its source position. */
  lec_pass_math (&ctx);
  lec_pass_comments (&ctx);
  lec_pass_timestamps (&ctx);
  lec_pass_wikilinks (&ctx);
  lec_pass_highlights (&ctx);
  lec_pass_tags (&ctx);
  lec_pass_callouts (&ctx);
  lec_pass_urls (&ctx);

  /* The chain holds the top note and the ones embedding this one. */
  collect_facts (self, nest->chain->len > 1);
  lec_markdown_end_changes (changes);
  transclude (self, nest);

  return self;
}

/* A note as the page or the index has it, not embedded in another. */
static LecNote *
note_new_top (const char       *path,
              GBytes           *contents,
              const LecNoteEnv *env,
              gboolean          facts_only)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_free);
  guint budget = MAX_EMBEDS;
  Nest nest = { env, chain, &budget, facts_only };

  g_return_val_if_fail (path != NULL, NULL);

  g_ptr_array_add (chain, g_strdup (path));
  return note_new_nested (path, contents, &nest);
}

/**
 * lec_note_new_full:
 * @path: the note's path relative to its vault (used for its name)
 * @contents: the note's bytes, in any state: invalid UTF-8 and NUL bytes
 *   are tolerated
 * @env: (nullable): how links resolve and embedded notes are read; without
 *   it every link is an unresolved topic and nothing is transcluded
 *
 * Parses the note once: front matter, markdown, Lectern's passes, and the
 * facts, from which both the index and the page are made.
 */
LecNote *
lec_note_new_full (const char       *path,
                   GBytes           *contents,
                   const LecNoteEnv *env)
{
  return note_new_top (path, contents, env, FALSE);
}

LecNote *
lec_note_new (const char *path,
              GBytes     *contents)
{
  return lec_note_new_full (path, contents, NULL);
}

/**
 * lec_note_new_facts:
 *
 * lec_note_new() for the index: the same facts (plain text, headings,
 * links, timestamps, tags, counts), without what only a page needs (its
 * HTML, link destinations made safe, the headings' ids in the tree), a
 * twentieth of a first index's instructions. The note cannot be rendered.
 */
LecNote *
lec_note_new_facts (const char *path,
                    GBytes     *contents)
{
  return note_new_top (path, contents, NULL, TRUE);
}

/**
 * lec_note_load_file:
 *
 * Reads a note's bytes: all of them, or the first %LEC_NOTE_MAX_BYTES of a
 * larger file (the note's budget shows no more than that anyway). Fails
 * with %LEC_ERROR_NOT_A_NOTE for folders and special files (a FIFO would
 * block), and with the I/O error when the file cannot be read.
 */
/* A folder or a special file (a FIFO would block) where a note was asked
 * for. */
static gboolean
fail_not_a_note (gboolean     is_folder,
                 const char  *display,
                 GError     **error)
{
  g_set_error (error, LEC_ERROR, LEC_ERROR_NOT_A_NOTE,
               is_folder ? _("“%s” is a folder, not a note") : _("“%s” is not a regular file"), display);
  return FALSE;
}

static gboolean
fail_with_errno (int          saved_errno,
                 const char  *display,
                 GError     **error)
{
  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist"), display);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("“%s” cannot be read: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

/* A local file, with plain system calls: GIO's file info and streams cost
 * as much again as the reading itself, for each of the thousands of notes
 * a first index reads. Opened without blocking, so that a FIFO is found
 * out by fstat() rather than waited on. */
static gboolean
load_local (const char  *path,
            const char  *display,
            GBytes     **contents,
            GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  g_autofree char *data = NULL;
  gsize len = 0, capacity;
  struct stat st;

  if (fd < 0)
    return fail_with_errno (errno, display, error);
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return fail_with_errno (saved_errno, display, error);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return fail_not_a_note (S_ISDIR (st.st_mode), display, error);
    }
  /* The file may grow while it is read: it is read up to the bound. */
  capacity = MIN ((gsize) st.st_size + 1, (gsize) LEC_NOTE_MAX_BYTES);
  data = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          if (capacity >= LEC_NOTE_MAX_BYTES)
            break;
          capacity = MIN (capacity * 2, (gsize) LEC_NOTE_MAX_BYTES);
          data = g_realloc (data, capacity);
        }
      n = read (fd, data + len, capacity - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return fail_with_errno (saved_errno, display, error);
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  close (fd);
  *contents = g_bytes_new_take (g_steal_pointer (&data), len);
  return TRUE;
}

gboolean
lec_note_load_file (GFile         *file,
                    GBytes       **contents,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  const char *path;
  char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  display = g_file_get_parse_name (file);
  path = g_file_peek_path (file);
  if (path != NULL)
    return load_local (path, display, contents, error);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      /* GIO's own message names the file already, and says more than
       * needed for the commonest case. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return fail_not_a_note (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY, display, error);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;
  data = g_malloc (MIN ((gsize) g_file_info_get_size (info) + 1, (gsize) LEC_NOTE_MAX_BYTES));
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data,
                                MIN ((gsize) g_file_info_get_size (info) + 1, (gsize) LEC_NOTE_MAX_BYTES),
                                &len, cancellable, error))
    {
      g_free (data);
      return FALSE;
    }

  *contents = g_bytes_new_take (data, len);
  return TRUE;
}

/**
 * lec_note_new_for_file:
 *
 * Reads @file (see lec_note_load_file()) and parses it.
 */
LecNote *
lec_note_new_for_file (GFile         *file,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  if (!lec_note_load_file (file, &bytes, cancellable, error))
    return NULL;

  name = path != NULL ? g_strdup (path) : g_file_get_basename (file);
  return lec_note_new (name, bytes);
}

const char *
lec_note_get_path (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->path;
}

const char *
lec_note_get_title (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->title;
}

const char *
lec_note_get_video_id (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->front_matter->video_id;
}

const LecFrontMatter *
lec_note_get_front_matter (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->front_matter;
}

/**
 * lec_note_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): problems found while parsing
 */
GPtrArray *
lec_note_get_warnings (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->warnings;
}

/**
 * lec_note_get_headings:
 *
 * Returns: (transfer none) (element-type LecHeading): in document order
 */
GArray *
lec_note_get_headings (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->headings;
}

/**
 * lec_note_get_links:
 *
 * Returns: (transfer none) (element-type LecLink): wiki links and embeds,
 *   in document order
 */
GArray *
lec_note_get_links (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->links;
}

/**
 * lec_note_get_timestamps:
 *
 * Returns: (transfer none) (element-type LecTimestamp): in document order
 */
GArray *
lec_note_get_timestamps (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->timestamps;
}

/* Front matter tags, then inline #tags, each once. */
const char * const *
lec_note_get_tags (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return (const char * const *) self->tags;
}

/* The note's text for search: no markup, no tags, entities decoded. */
const char *
lec_note_get_plain_text (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->plain_text;
}

/**
 * lec_note_get_video_titles:
 *
 * Returns: (transfer none) (element-type LecVideoTitle): the videos this
 *   note (a channel page) lists under headings
 */
GArray *
lec_note_get_video_titles (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->video_titles;
}

#define MAX_CONTEXT_BYTES 400

static gboolean
ends_sentence (const char *text,
               gsize       i,
               gsize       end)
{
  return (text[i] == '.' || text[i] == '!' || text[i] == '?') &&
         (i + 1 >= end || g_ascii_isspace (text[i + 1]));
}

/* Where a timestamp stood after a word and before its full stop, the
 * plain text has "word ."; the sentence reads "word.". In place. */
static char *
tidy_context (char *text)
{
  char *out = text;

  for (const char *in = text; *in != '\0'; in++)
    {
      if (*in == ' ' && out > text && (in[1] == '.' || in[1] == ',' || in[1] == ';' ||
                                       in[1] == ':' || in[1] == '!' || in[1] == '?'))
        continue;
      *out++ = *in;
    }
  *out = '\0';
  return g_strstrip (text);
}

/**
 * lec_note_dup_timestamp_context:
 * @timestamp: an index into the note's timestamps
 *
 * The plain text a timestamp backs: from the start of its block, or the
 * timestamp before it in the block, up to it. Cut out of the plain text
 * when asked for, as the index's parse never asks.
 *
 * Returns: (transfer full): the text, without the spaces around it
 */
char *
lec_note_dup_timestamp_context (LecNote *self,
                                guint    timestamp)
{
  const LecTimestamp *t;
  gsize start, end;

  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);
  g_return_val_if_fail (timestamp < self->timestamps->len, NULL);

  t = &g_array_index (self->timestamps, LecTimestamp, timestamp);
  end = MIN (t->plain_pos, self->plain_len);
  start = MIN (t->context_pos, end);
  return g_strstrip (g_strndup (self->plain_text + start, end - start));
}

/**
 * lec_note_dup_link_context:
 * @link: an index into the note's links
 * @seconds: (out) (optional): the timestamp that backs the mention: the
 *   first after it in its paragraph, else the last before it; -1 for none
 *
 * The sentence a link stands in, as plain text, for a topic page to show
 * the mention in its words.
 *
 * Returns: (transfer full): the sentence, at most about 400 bytes
 */
char *
lec_note_dup_link_context (LecNote *self,
                           guint    link,
                           int     *seconds)
{
  const char *text;
  const LecLink *l;
  gsize len, line_start, line_end, start, end, label_end;

  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);
  g_return_val_if_fail (link < self->links->len, NULL);

  text = self->plain_text;
  len = self->plain_len;
  l = &g_array_index (self->links, LecLink, link);
  start = MIN (l->plain_pos, len);
  label_end = MIN (start + strlen (l->label), len);

  line_start = start;
  while (line_start > 0 && text[line_start - 1] != '\n')
    line_start--;
  line_end = label_end;
  while (line_end < len && text[line_end] != '\n')
    line_end++;

  if (seconds != NULL)
    {
      *seconds = -1;
      for (guint i = 0; i < self->timestamps->len; i++)
        {
          const LecTimestamp *t = &g_array_index (self->timestamps, LecTimestamp, i);

          if (t->plain_pos > line_end)
            break;
          *seconds = (int) t->seconds;
          if (t->plain_pos >= start)
            break;
        }
    }

  /* The sentence: from the end of the one before to the end of its own. */
  while (start > line_start && !ends_sentence (text, start - 1, line_end))
    start--;
  end = label_end;
  while (end < line_end && !ends_sentence (text, end, line_end))
    end++;
  if (end < line_end)
    end++;

  if (end - start > MAX_CONTEXT_BYTES)
    {
      /* Around the link, cut at characters, not bytes. */
      gsize from = l->plain_pos > start + MAX_CONTEXT_BYTES / 2 ? l->plain_pos - MAX_CONTEXT_BYTES / 2 : start;
      gsize to = MIN (end, from + MAX_CONTEXT_BYTES);
      g_autofree char *cut = NULL;

      while (from < to && (text[from] & 0xC0) == 0x80)
        from++;
      while (to > from && to < len && (text[to] & 0xC0) == 0x80)
        to--;
      cut = g_strndup (text + from, to - from);
      return g_strconcat (from > start ? "… " : "", tidy_context (cut), to < end ? " …" : "", NULL);
    }
  return tidy_context (g_strndup (text + start, end - start));
}

/* The channel or speaker of "From: [[x]]", or NULL. */
const char *
lec_note_get_source (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);

  return self->source;
}

/**
 * lec_note_get_lead_tokens:
 *
 * How many words of the plain text (as the search index counts them) are
 * the note's boilerplate opening, the "From: [[x]]" line that every note
 * of a channel repeats: 0 when it has none.
 */
guint
lec_note_get_lead_tokens (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), 0);

  return self->lead_tokens;
}

guint
lec_note_get_word_count (LecNote *self)
{
  g_return_val_if_fail (LEC_IS_NOTE (self), 0);

  return self->word_count;
}

/* A note past its budget: the notice, the part rendered in full, then the
 * rest as plain paragraphs. */
static char *
with_plain_tail (LecNote    *self,
                 const char *html)
{
  g_autofree char *notice = lec_budget_dup_notice (self->budget.limit, self->tail_len, self->tail_total,
                                                   self->cut_short);
  g_autofree char *plain = lec_budget_plain_html (self->tail, strlen (self->tail));

  return g_strconcat (notice, html, "<div class=\"lec-plain-text\">\n", plain, "</div>\n", NULL);
}

/**
 * lec_note_render_html:
 *
 * Renders the parsed note. When the note contains raw HTML, the whole
 * fragment goes through the allowlist sanitiser, so no markup a note wrote
 * reaches the page unchecked.
 *
 * Returns: (transfer full): the note's body as a safe HTML fragment
 */
char *
lec_note_render_html (LecNote *self)
{
  g_autofree char *html = NULL;

  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);
  g_return_val_if_fail (!self->facts_only, NULL);

  set_link_ids (self);
  html = lec_markdown_render (self->md);
  if (self->has_raw_html)
    {
      char *safe = lec_sanitize_html (html, strlen (html));

      g_free (html);
      html = safe;
    }
  if (self->budget.limit == LEC_LIMIT_NONE)
    return g_steal_pointer (&html);
  return with_plain_tail (self, html);
}

/**
 * lec_note_render_section_html:
 * @heading: a heading's text (or its id)
 *
 * Renders the part of the note under @heading, down to the next heading of
 * the same or a higher level; the whole note when there is no such heading.
 * Consumes that part of the tree: use it on notes made for one rendering,
 * as transclusion does.
 */
char *
lec_note_render_section_html (LecNote    *self,
                              const char *heading)
{
  g_autofree char *slug = NULL;
  g_autofree char *html = NULL;
  cmark_node *doc, *start = NULL;
  guint level = 0;
  gboolean raw;

  g_return_val_if_fail (LEC_IS_NOTE (self), NULL);
  g_return_val_if_fail (!self->facts_only, NULL);
  g_return_val_if_fail (heading != NULL, NULL);

  raw = self->has_raw_html;

  slug = lec_heading_slug (heading);
  for (guint i = 0; i < self->headings->len; i++)
    {
      LecHeading *h = &g_array_index (self->headings, LecHeading, i);

      if (g_str_equal (h->id, slug) || g_str_equal (h->text, heading))
        {
          start = self->heading_blocks->pdata[i];
          level = h->level;
          break;
        }
    }
  if (start == NULL)
    return lec_note_render_html (self);

  /* Move the section into a document of its own and render that. */
  doc = lec_markdown_node_new (CMARK_NODE_DOCUMENT);
  for (cmark_node *n = start, *next; n != NULL; n = next)
    {
      next = cmark_node_next (n);
      if (n != start)
        {
          guint idx;

          if (g_ptr_array_find (self->heading_blocks, n, &idx) &&
              g_array_index (self->headings, LecHeading, idx).level <= level)
            break;
        }
      cmark_node_unlink (n);
      cmark_node_append_child (doc, n);
    }

  html = lec_markdown_render_node (self->md, doc);
  cmark_node_free (doc);
  if (raw)
    return lec_sanitize_html (html, strlen (html));
  return g_steal_pointer (&html);
}
