/* lec-list-rows.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-list-rows"

#include "config.h"

#include "lec-list-rows.h"

/* What the sidebar's lists share: a selection, and the rows of two lines
 * that topics and search results are shown in. */

/**
 * lec_list_rows_setup:
 * @setup: the factory's "setup" handler
 * @bind: the factory's "bind" handler
 *
 * Gives @list a selection (nothing selected until the user picks) and a
 * factory with the given row handlers.
 *
 * Returns: (transfer full): the selection, with no model yet
 */
GtkSingleSelection *
lec_list_rows_setup (GtkListView *list,
                     GCallback    setup,
                     GCallback    bind,
                     gpointer     user_data)
{
  GtkSingleSelection *selection = gtk_single_selection_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (list, GTK_SELECTION_MODEL (selection));
  g_signal_connect (factory, "setup", setup, user_data);
  g_signal_connect (factory, "bind", bind, user_data);
  gtk_list_view_set_factory (list, factory);
  return selection;
}

/* Rows of two lines: a title, and a dimmed line under it. */
void
lec_list_rows_setup_two_line (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 30);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_lines (GTK_LABEL (detail), 3);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (item, box);
}

/* Fills a row of lec_list_rows_setup_two_line(); no detail hides its
 * line. */
void
lec_list_rows_set_two_lines (GtkListItem *item,
                             const char  *title,
                             const char  *detail,
                             gboolean     detail_markup)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title_label = gtk_widget_get_first_child (box);
  GtkWidget *detail_label = gtk_widget_get_next_sibling (title_label);
  GtkWidget *row = gtk_widget_get_parent (box);

  gtk_label_set_text (GTK_LABEL (title_label), title);
  /* GTK 4.8 names a list's row after nothing it holds (a screen reader
   * heard only "list item") and has no setter for it: the row is the
   * list item's widget, the child's parent. */
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (detail_markup)
    gtk_label_set_markup (GTK_LABEL (detail_label), detail != NULL ? detail : "");
  else
    gtk_label_set_text (GTK_LABEL (detail_label), detail != NULL ? detail : "");
  gtk_widget_set_visible (detail_label, detail != NULL && *detail != '\0');
}
