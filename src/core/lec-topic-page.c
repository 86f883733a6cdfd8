/* lec-topic-page.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-topic-page"

#include "config.h"

#include "lec-topic-page.h"
#include "lec-passes.h"
#include "lec-slug.h"
#include "lec-timestamp.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A page shows this many mentions of one note, then says how many more
 * there are: a note may name a topic 25,000 times within its budget, and
 * each mention's sentence is looked for in its paragraph. */
#define MAX_MENTIONS_PER_NOTE 50

/* A topic page is made from the index (which notes mention the topic) and
 * from parsing those notes again (where, in which sentence, at what time):
 * the sentences are not kept in the index, which would double its size
 * for a page read now and then. */

static void
clear_mention (LecMention *m)
{
  g_free (m->label);
  g_free (m->context);
}

static void
topic_note_free (LecTopicNote *n)
{
  g_free (n->path);
  g_free (n->title);
  g_free (n->video_id);
  g_free (n->video_title);
  g_array_unref (n->mentions);
  g_free (n);
}

LecTopicPage *
lec_topic_page_new (const char *key,
                    const char *name,
                    const char *note_path)
{
  LecTopicPage *page = g_new0 (LecTopicPage, 1);

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  page->key = g_strdup (key);
  page->name = g_strdup (name);
  page->note_path = g_strdup (note_path);
  page->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) topic_note_free);
  return page;
}

void
lec_topic_page_free (LecTopicPage *page)
{
  if (page == NULL)
    return;
  g_free (page->key);
  g_free (page->name);
  g_free (page->note_path);
  g_ptr_array_unref (page->notes);
  g_free (page);
}

/* Whether @link names the topic @key, as the index groups links: by the
 * note it resolves to, else by the slug of its target. */
static gboolean
link_names (const LecLink *link,
            const char    *key)
{
  g_autofree char *slug = NULL;

  if (link->path != NULL)
    return g_str_equal (link->path, key);
  if (*link->target == '\0')
    return FALSE;
  slug = lec_slugify (link->target);
  return g_str_equal (slug, key);
}

/**
 * lec_topic_page_add_note:
 * @row: the note as the index knows it
 * @note: the note, parsed with its vault's links
 *
 * Adds the places @note names the topic. A note that no longer does (it
 * changed since it was indexed) is left out.
 *
 * Returns: whether the note mentions the topic
 */
gboolean
lec_topic_page_add_note (LecTopicPage            *page,
                         const LecMentioningNote *row,
                         LecNote                 *note)
{
  GArray *links = lec_note_get_links (note);
  LecTopicNote *n;

  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  n = g_new0 (LecTopicNote, 1);
  n->mentions = g_array_new (FALSE, TRUE, sizeof (LecMention));
  g_array_set_clear_func (n->mentions, (GDestroyNotify) clear_mention);

  for (guint i = 0; i < links->len; i++)
    {
      const LecLink *l = &g_array_index (links, LecLink, i);
      LecMention m = { 0 };

      if (!link_names (l, page->key))
        continue;
      if (n->mentions->len == MAX_MENTIONS_PER_NOTE)
        {
          n->more++;
          continue;
        }
      m.link = i;
      m.label = g_strdup (l->label);
      m.context = lec_note_dup_link_context (note, i, &m.seconds);
      g_array_append_val (n->mentions, m);
    }

  if (n->mentions->len == 0)
    {
      topic_note_free (n);
      return FALSE;
    }
  n->path = g_strdup (row->path);
  n->title = g_strdup (row->title);
  n->video_id = g_strdup (row->video_id);
  n->video_title = g_strdup (row->video_title);
  g_ptr_array_add (page->notes, n);
  return TRUE;
}

guint
lec_topic_page_count_mentions (LecTopicPage *page)
{
  guint total = 0;

  g_return_val_if_fail (page != NULL, 0);

  for (guint i = 0; i < page->notes->len; i++)
    {
      const LecTopicNote *n = page->notes->pdata[i];

      total += n->mentions->len + n->more;
    }
  return total;
}

/* The sentence, its first use of the link's words in bold. */
static void
append_context (GString          *html,
                const LecMention *m)
{
  const char *at = *m->label != '\0' ? strstr (m->context, m->label) : NULL;
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *after = NULL;

  if (at == NULL)
    {
      g_autofree char *all = lec_html_escape (m->context, -1);

      g_string_append (html, all);
      return;
    }
  before = lec_html_escape (m->context, at - m->context);
  label = lec_html_escape (m->label, -1);
  after = lec_html_escape (at + strlen (m->label), -1);
  g_string_append_printf (html, "%s<strong>%s</strong>%s", before, label, after);
}

static void
append_note (GString            *html,
             const LecTopicNote *n)
{
  g_autofree char *href = lec_vault_href (n->path, NULL);
  g_autofree char *title = lec_html_escape (n->title, -1);
  g_autofree char *path = g_uri_escape_string (n->path, "/", FALSE);

  g_string_append_printf (html, "<h3 class=\"lec-topic-note\"><a class=\"lec-wikilink\" href=\"%s\">%s</a></h3>\n"
                                "<ul class=\"lec-mentions\">\n",
                          href, title);
  for (guint i = 0; i < n->mentions->len; i++)
    {
      const LecMention *m = &g_array_index (n->mentions, LecMention, i);

      g_string_append_printf (html, "<li class=\"lec-mention\"><a class=\"lec-mention-text\" href=\"%s#lec-link-%u\">",
                              href, m->link);
      append_context (html, m);
      g_string_append (html, "</a>");
      /* A timestamp plays the mention's own video, whichever note is open. */
      if (m->seconds >= 0)
        {
          g_autofree char *shown = lec_timestamp_format ((guint) m->seconds);

          g_string_append_printf (html, " <a class=\"lec-ts\" href=\"lectern-seek:%d@%s\" data-seconds=\"%d\">%s</a>",
                                  m->seconds, path, m->seconds, shown);
        }
      g_string_append (html, "</li>\n");
    }
  if (n->more > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more in this note",
                                                            "and %u more in this note", n->more),
                                               n->more);

      g_string_append_printf (html, "<li class=\"lec-mention lec-mention-more\"><a href=\"%s\">%s</a></li>\n",
                              href, more);
    }
  g_string_append (html, "</ul>\n");
}

/**
 * lec_topic_page_render_html:
 *
 * The page's body: a summary, a link to the topic's own note when it has
 * one, then the mentions under their videos.
 *
 * Returns: (transfer full): HTML, everything from the notes escaped
 */
char *
lec_topic_page_render_html (LecTopicPage *page)
{
  GString *html = g_string_new (NULL);
  guint mentions;
  const char *group = NULL;
  gboolean open = FALSE;

  g_return_val_if_fail (page != NULL, NULL);

  mentions = lec_topic_page_count_mentions (page);
  g_string_append (html, "<p class=\"lec-topic-summary\">");
  if (page->notes->len == 0)
    g_string_append (html, _("No note mentions this topic."));
  else
    {
      g_autofree char *times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Mentioned once", "Mentioned %u times", mentions),
                                                mentions);
      g_autofree char *notes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u note", "in %u notes", page->notes->len),
                                                page->notes->len);

      /* Translators: "Mentioned 5 times" "in 3 notes" */
      g_string_append_printf (html, C_("topic summary", "%s %s"), times, notes);
    }
  g_string_append (html, "</p>\n");

  if (page->note_path != NULL)
    {
      g_autofree char *href = lec_vault_href (page->note_path, NULL);

      g_string_append_printf (html, "<p class=\"lec-topic-own\"><a class=\"lec-wikilink\" href=\"%s\">%s</a></p>\n",
                              href, _("Read the topic’s own note"));
    }

  for (guint i = 0; i < page->notes->len; i++)
    {
      const LecTopicNote *n = page->notes->pdata[i];
      const char *video = n->video_title != NULL ? n->video_title : n->video_id;

      if (i == 0 || g_strcmp0 (video, group) != 0)
        {
          g_autofree char *heading = lec_html_escape (video != NULL ? video : _("Notes of no video"), -1);

          if (open)
            g_string_append (html, "</section>\n");
          g_string_append_printf (html, "<section class=\"lec-topic-video\">\n<h2>%s</h2>\n", heading);
          open = TRUE;
          group = video;
        }
      append_note (html, n);
    }
  if (open)
    g_string_append (html, "</section>\n");

  return g_string_free (html, FALSE);
}
