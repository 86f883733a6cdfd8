/* lec-search-page.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-search-page"

#include "config.h"

#include "lec-search-page.h"

#include <glib/gi18n.h>

#include "lec-error.h"
#include "lec-list-rows.h"
#include "lec-search-result.h"
#include "lec-timestamp.h"

/* The sidebar's Search: the vault's full text as the reader types, each
 * hit with its video's title and its snippet, and for notes of a video a
 * button with the time of its passage. Activating a hit asks, through
 * "open-note", for the note with the words searched for marked; its time
 * button, through "play-note", for the same note playing from there. */

struct _LecSearchPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *entry;
  GtkLabel           *count;
  GtkStack           *stack;
  GtkListView        *list;
  GtkSingleSelection *selection;
  LecVault           *vault;
  GCancellable       *cancellable;
  char               *query;         /* what the hits shown were found for */
  guint               total;         /* how many notes it finds */
  gboolean            loading;       /* the next page is on its way */
  gboolean            search_again;  /* the index was damaged: search once it is rebuilt */
};

/* Hits are shown a page at a time, the next as the list reaches its end:
 * the first page comes as fast as ever, however many notes match. */
#define PAGE_SIZE 50

G_DEFINE_FINAL_TYPE (LecSearchPage, lec_search_page, GTK_TYPE_WIDGET)

enum {
  OPEN_NOTE,
  PLAY_NOTE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The snippet as Pango markup: escaped, with the matches in bold. The
 * markers are split out before escaping (g_markup_escape_text() would
 * turn them into character references). */
static char *
snippet_markup (const char *snippet)
{
  GString *out = g_string_new (NULL);
  const char *run = snippet != NULL ? snippet : "";

  for (const char *p = run; ; p++)
    {
      if (*p == '\x02' || *p == '\x03' || *p == '\n' || *p == '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (run, p - run);

          g_string_append (out, escaped);
          if (*p == '\0')
            break;
          g_string_append (out, *p == '\x02' ? "<b>" : *p == '\x03' ? "</b>" : " ");
          run = p + 1;
        }
    }
  return g_string_free (out, FALSE);
}

static char *dup_search_words (LecSearchPage *self);

/* The time button of a row: the note of its hit, playing from there. */
static void
on_time_clicked (GtkButton     *button,
                 LecSearchPage *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (button), "lec-list-item");
  LecSearchResult *hit = item != NULL ? gtk_list_item_get_item (item) : NULL;
  g_autofree char *words = NULL;

  if (hit == NULL || lec_search_result_get_seconds (hit) < 0)
    return;
  words = dup_search_words (self);
  g_signal_emit (self, signals [PLAY_NOTE], 0, lec_search_result_get_path (hit), words,
                 (guint) lec_search_result_get_seconds (hit));
}

/* A hit's row: its note's title; the time of its passage, a button that
 * plays it, beside its video's title; the snippet. */
static void
setup_search_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  LecSearchPage            *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *time = gtk_button_new ();
  GtkWidget *video = gtk_label_new (NULL);
  GtkWidget *box, *title;

  lec_list_rows_setup_two_line (factory, item, NULL);
  box = gtk_list_item_get_child (item);
  title = gtk_widget_get_first_child (box);

  gtk_widget_add_css_class (time, "flat");
  gtk_widget_add_css_class (time, "caption");
  gtk_widget_add_css_class (time, "lec-search-time");
  gtk_widget_set_valign (time, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (time, FALSE);
  g_object_set_data (G_OBJECT (time), "lec-list-item", item);
  g_signal_connect (time, "clicked", G_CALLBACK (on_time_clicked), self);
  gtk_label_set_xalign (GTK_LABEL (video), 0);
  gtk_label_set_ellipsize (GTK_LABEL (video), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (video, TRUE);
  gtk_widget_add_css_class (video, "caption");
  gtk_widget_add_css_class (video, "dim-label");
  gtk_box_append (GTK_BOX (line), time);
  gtk_box_append (GTK_BOX (line), video);
  gtk_box_insert_child_after (GTK_BOX (box), line, title);
}

static void
bind_search_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  LecSearchResult *hit = gtk_list_item_get_item (item);
  g_autofree char *snippet = snippet_markup (lec_search_result_get_snippet (hit));
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *line = gtk_widget_get_next_sibling (title);
  GtkWidget *time = gtk_widget_get_first_child (line);
  GtkWidget *video = gtk_widget_get_next_sibling (time);
  GtkWidget *detail = gtk_widget_get_next_sibling (line);
  const char *video_title = lec_search_result_get_video_title (hit);
  int seconds = lec_search_result_get_seconds (hit);

  gtk_label_set_text (GTK_LABEL (title), lec_search_result_get_title (hit));
  gtk_label_set_markup (GTK_LABEL (detail), snippet);
  gtk_widget_set_visible (detail, *snippet != '\0');
  gtk_label_set_text (GTK_LABEL (video), video_title != NULL ? video_title : "");
  gtk_widget_set_visible (video, video_title != NULL);
  gtk_widget_set_visible (time, seconds >= 0);
  if (seconds >= 0)
    {
      g_autofree char *shown = lec_timestamp_format ((guint) seconds);
      /* Translators: a search hit's button; %s is a time such as "12:34" */
      g_autofree char *tooltip = g_strdup_printf (_("Play from %s"), shown);

      gtk_button_set_label (GTK_BUTTON (time), shown);
      gtk_widget_set_tooltip_text (time, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (time), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  gtk_widget_set_visible (line, video_title != NULL || seconds >= 0);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint total = 0;
  g_autoptr(GListModel) results = lec_vault_search_range_finish (LEC_VAULT (object), result, &total, &error);
  LecSearchPage *self = user_data;

  /* Cancelled: another search runs, or the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (results == NULL)
    {
      g_debug ("Search failed: %s", error->message);
      /* The vault rebuilds the index, and says so: the search runs again
       * when it is done. */
      self->search_again = g_error_matches (error, LEC_ERROR, LEC_ERROR_DAMAGED);
      return;
    }

  self->total = MAX (total, g_list_model_get_n_items (results));
  gtk_single_selection_set_model (self->selection, results);
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (results) > 0 ? "results" : "none");
  if (self->total > 0)
    {
      /* Translators: how many notes a search finds */
      g_autofree char *count = g_strdup_printf (ngettext ("%u note", "%u notes", self->total), self->total);

      gtk_label_set_text (self->count, count);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count), self->total > 0);
}

/* The next page of hits, after those shown. */
static void
more_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) more = lec_vault_search_range_finish (LEC_VAULT (object), result, NULL, &error);
  LecSearchPage *self = user_data;
  GListModel *shown;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  shown = gtk_single_selection_get_model (self->selection);
  if (more == NULL || !G_IS_LIST_STORE (shown))
    {
      if (more == NULL)
        g_debug ("Search failed: %s", error->message);
      return;
    }

  n = g_list_model_get_n_items (more);
  /* The notes changed under the search: no more than were found. */
  if (n == 0)
    self->total = g_list_model_get_n_items (shown);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (more, i));
  g_list_store_splice (G_LIST_STORE (shown), g_list_model_get_n_items (shown), 0, items->pdata, n);
}

static void
load_more (LecSearchPage *self)
{
  GListModel *shown = gtk_single_selection_get_model (self->selection);
  guint n = shown != NULL ? g_list_model_get_n_items (shown) : 0;

  if (self->loading || self->vault == NULL || self->query == NULL || self->cancellable == NULL ||
      n == 0 || n >= self->total)
    return;
  self->loading = TRUE;
  lec_vault_search_range_async (self->vault, self->query, n, PAGE_SIZE, self->cancellable, more_done, self);
}

static void
on_edge_reached (LecSearchPage     *self,
                 GtkPositionType    pos,
                 GtkScrolledWindow *scrolled)
{
  if (pos == GTK_POS_BOTTOM)
    load_more (self);
}

static void
on_search_changed (LecSearchPage  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  g_free (self->query);
  self->query = g_strdup (text);

  if (self->vault == NULL || *text == '\0')
    {
      gtk_single_selection_set_model (self->selection, NULL);
      gtk_stack_set_visible_child_name (self->stack, "results");
      gtk_widget_set_visible (GTK_WIDGET (self->count), FALSE);
      self->total = 0;
      return;
    }

  self->cancellable = g_cancellable_new ();
  lec_vault_search_range_async (self->vault, text, 0, PAGE_SIZE, self->cancellable, search_done, self);
}

static void
on_vault_changed (LecSearchPage *self)
{
  if (self->search_again)
    {
      self->search_again = FALSE;
      on_search_changed (self, self->entry);
    }
}

/* The words searched for, without quotes, operators or stars, one a
 * line; NULL when there are none. */
static char *
dup_search_words (LecSearchPage *self)
{
  g_auto(GStrv) tokens = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->entry)), " \t\"*()", -1);
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *token = tokens[i];

      if (*token == '\0' || g_str_equal (token, "AND") || g_str_equal (token, "OR") || g_str_equal (token, "NOT"))
        continue;
      if (*token == '-' || *token == '+')
        token++;
      if (words->len > 0)
        g_string_append_c (words, '\n');
      g_string_append (words, token);
    }
  return words->len > 0 ? g_strdup (words->str) : NULL;
}

static void
on_activate (LecSearchPage *self,
             guint          position,
             GtkListView   *list)
{
  g_autoptr(LecSearchResult) hit = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autofree char *words = NULL;

  if (hit == NULL)
    return;
  words = dup_search_words (self);
  g_signal_emit (self, signals [OPEN_NOTE], 0, lec_search_result_get_path (hit), words);
}

static void
lec_search_page_dispose (GObject *object)
{
  LecSearchPage *self = LEC_SEARCH_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->query, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEC_TYPE_SEARCH_PAGE);
  /* GTK 4.8 leaves the template's top widget, which no id names. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (lec_search_page_parent_class)->dispose (object);
}

static void
lec_search_page_class_init (LecSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_search_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LecSearchPage, entry);
  gtk_widget_class_bind_template_child (widget_class, LecSearchPage, count);
  gtk_widget_class_bind_template_child (widget_class, LecSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LecSearchPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached);

  /**
   * LecSearchPage::open-note:
   * @path: the path of the note whose result was activated
   * @words: (nullable): the words searched for, one a line, to mark in it
   */
  signals [OPEN_NOTE] =
    g_signal_new ("open-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * LecSearchPage::play-note:
   * @path: the path of the note whose result's time was clicked
   * @words: (nullable): the words searched for, one a line, to mark in it
   * @seconds: the time of the passage, to play from
   */
  signals [PLAY_NOTE] =
    g_signal_new ("play-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

static void
lec_search_page_init (LecSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selection = lec_list_rows_setup (self->list, G_CALLBACK (setup_search_row),
                                         G_CALLBACK (bind_search_row), self);
}

/* Another folder: no results, and an empty entry. */
void
lec_search_page_set_vault (LecSearchPage *self,
                           LecVault      *vault)
{
  g_return_if_fail (LEC_IS_SEARCH_PAGE (self));

  if (self->vault != NULL)
    g_signal_handlers_disconnect_by_data (self->vault, self);
  g_set_object (&self->vault, vault);
  if (vault != NULL)
    g_signal_connect_object (vault, "changed", G_CALLBACK (on_vault_changed), self, G_CONNECT_SWAPPED);
  self->search_again = FALSE;
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Searches for @query, as if the reader had typed it. */
void
lec_search_page_set_query (LecSearchPage *self,
                           const char    *query)
{
  g_return_if_fail (LEC_IS_SEARCH_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), query);
}

GtkEditable *
lec_search_page_get_entry (LecSearchPage *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_PAGE (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GtkListView *
lec_search_page_get_list (LecSearchPage *self)
{
  g_return_val_if_fail (LEC_IS_SEARCH_PAGE (self), NULL);

  return self->list;
}
