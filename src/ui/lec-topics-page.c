/* lec-topics-page.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-topics-page"

#include "config.h"

#include "lec-topics-page.h"

#include <glib/gi18n.h>

#include "lec-list-rows.h"
#include "lec-topic-item.h"

/* The sidebar's Topics: every link target of the vault with how many
 * notes mention it, filtered as the reader types. Activating one asks,
 * through "open-topic", for its page. */

struct _LecTopicsPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *filter_entry;
  GtkListView        *list;
  GtkSingleSelection *selection;
  GtkStringFilter    *filter;
};

G_DEFINE_FINAL_TYPE (LecTopicsPage, lec_topics_page, GTK_TYPE_WIDGET)

enum {
  OPEN_TOPIC,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
bind_topic_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LecTopicItem *topic = gtk_list_item_get_item (item);
  guint n = lec_topic_item_get_notes (topic);
  g_autofree char *detail = NULL;

  if (lec_topic_item_get_path (topic) != NULL)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note mentions it", "%u notes mention it", n), n);
  else
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note mentions it · no note of its own",
                                           "%u notes mention it · no note of its own", n), n);
  lec_list_rows_set_two_lines (item, lec_topic_item_get_name (topic), detail, FALSE);
}

static void
on_activate (LecTopicsPage *self,
             guint          position,
             GtkListView   *list)
{
  g_autoptr(LecTopicItem) topic = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (topic == NULL)
    return;
  g_signal_emit (self, signals [OPEN_TOPIC], 0, lec_topic_item_get_key (topic));
}

static void
on_filter_changed (LecTopicsPage  *self,
                   GtkSearchEntry *entry)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
lec_topics_page_dispose (GObject *object)
{
  LecTopicsPage *self = LEC_TOPICS_PAGE (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LEC_TYPE_TOPICS_PAGE);
  /* GTK 4.8 leaves the template's top widget, which no id names. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (lec_topics_page_parent_class)->dispose (object);
}

static void
lec_topics_page_class_init (LecTopicsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_topics_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-topics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LecTopicsPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LecTopicsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  /**
   * LecTopicsPage::open-topic:
   * @key: the key of the topic whose row was activated
   */
  signals [OPEN_TOPIC] =
    g_signal_new ("open-topic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lec_topics_page_init (LecTopicsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_string_filter_new (gtk_property_expression_new (LEC_TYPE_TOPIC_ITEM, NULL, "name"));
  self->selection = lec_list_rows_setup (self->list, G_CALLBACK (lec_list_rows_setup_two_line),
                                         G_CALLBACK (bind_topic_row), NULL);
}

/* The vault's topics, under the filter the reader typed; %NULL empties
 * the list. */
void
lec_topics_page_set_vault (LecTopicsPage *self,
                           LecVault      *vault)
{
  g_autoptr(GtkFilterListModel) topics = NULL;

  g_return_if_fail (LEC_IS_TOPICS_PAGE (self));

  if (vault != NULL)
    topics = gtk_filter_list_model_new (g_object_ref (lec_vault_get_topics (vault)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (topics));
}
