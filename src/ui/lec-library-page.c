/* lec-library-page.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-library-page"

#include "config.h"

#include "lec-library-page.h"

#include <glib/gi18n.h>

#include "lec-channel.h"
#include "lec-list-rows.h"
#include "lec-note-info.h"
#include "lec-video.h"

/* The sidebar's Library: the vault as a tree of channels, their videos
 * and the videos' notes. Activating a note's row asks, through
 * "open-note", for the note; the window says which note shows, and the
 * tree selects it. */

struct _LecLibraryPage
{
  GtkWidget           parent_instance;

  GtkListView        *list;
  GtkSingleSelection *selection;
  LecVault           *vault;
};

G_DEFINE_FINAL_TYPE (LecLibraryPage, lec_library_page, GTK_TYPE_WIDGET)

enum {
  OPEN_NOTE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  if (LEC_IS_CHANNEL (item))
    return G_LIST_MODEL (g_object_ref (lec_channel_get_videos (item)));
  if (LEC_IS_VIDEO (item))
    return G_LIST_MODEL (g_object_ref (lec_video_get_notes (item)));
  return NULL;
}

/* Whether the channel or video @item lists the note @info: known from
 * the note's channel and video, as the vault groups them. Looking through
 * the notes of every channel before the note's took 12 ms a switch at
 * 23,770 notes. */
static gboolean
lists_note (gpointer     item,
            LecNoteInfo *info)
{
  if (LEC_IS_CHANNEL (item))
    return g_strcmp0 (lec_channel_get_name (item), lec_vault_note_channel (info)) == 0;
  if (LEC_IS_VIDEO (item))
    return g_strcmp0 (lec_video_get_id (item), lec_note_info_get_video_id (info)) == 0;
  return FALSE;
}

static GtkTreeListRow *
top_row (gpointer tree,
         guint    i)
{
  return gtk_tree_list_model_get_child_row (tree, i);
}

static GtkTreeListRow *
child_row (gpointer row,
           guint    i)
{
  return gtk_tree_list_row_get_child_row (row, i);
}

/* The row of the note @info among the @n rows that get_row() gives (a
 * level of the library), opening the channel and the video that hold it
 * on the way; NULL if none does. */
static GtkTreeListRow *
find_note_row (gpointer          level,
               guint             n,
               GtkTreeListRow *(*get_row) (gpointer level,
                                           guint    i),
               LecNoteInfo      *info)
{
  const char *path = lec_note_info_get_path (info);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = get_row (level, i);
      g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

      if (item == NULL)
        continue;
      if (LEC_IS_NOTE_INFO (item))
        {
          if (g_strcmp0 (lec_note_info_get_path (LEC_NOTE_INFO (item)), path) == 0)
            return g_steal_pointer (&row);
        }
      else if (lists_note (item, info))
        {
          GListModel *children;

          gtk_tree_list_row_set_expanded (row, TRUE);
          children = gtk_tree_list_row_get_children (row);
          return children != NULL
                 ? find_note_row (row, g_list_model_get_n_items (children), child_row, info)
                 : NULL;
        }
    }
  return NULL;
}

/* A row's whole title when even two lines cut it, and a note's path. */
static gboolean
query_row_tooltip (GtkWidget   *box,
                   int          x,
                   int          y,
                   gboolean     keyboard,
                   GtkTooltip  *tooltip,
                   GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(GObject) object = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (box));
  gboolean cut = pango_layout_is_ellipsized (gtk_label_get_layout (title));
  g_autofree char *text = NULL;

  if (LEC_IS_NOTE_INFO (object))
    text = cut ? g_strdup_printf ("%s\n%s", gtk_label_get_text (title), lec_note_info_get_path (LEC_NOTE_INFO (object)))
               : g_strdup (lec_note_info_get_path (LEC_NOTE_INFO (object)));
  else if (cut)
    text = g_strdup (gtk_label_get_text (title));
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Sets the row's title: on up to two lines, and whole to a screen
 * reader. */
static void
set_row_title (GtkWidget  *title,
               const char *text)
{
  gtk_label_set_text (GTK_LABEL (title), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
setup_tree_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 5);
  gtk_widget_set_margin_bottom (box, 5);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  /* Long video titles wrap to a second line, then ellipsize (the whole
   * title in the tooltip) instead of widening the sidebar. */
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 28);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  /* A note's path as its tooltip, asked for when shown: set at each bind,
   * a tooltip made GTK ask X where the pointer was, for every row that
   * scrolled into view. */
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect_object (box, "query-tooltip", G_CALLBACK (query_row_tooltip), item, 0);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

/* "3 videos" under a channel; a channel whose notes are none of a video
 * (its own pages, say) counts its notes instead. */
static char *
channel_detail (LecChannel *channel)
{
  GListModel *videos = G_LIST_MODEL (lec_channel_get_videos (channel));
  guint n = 0, notes = 0;

  /* The channel's own pages and other notes without a video gather
   * in a group of their own, which is not a video. */
  for (guint i = 0; i < g_list_model_get_n_items (videos); i++)
    {
      g_autoptr(LecVideo) video = g_list_model_get_item (videos, i);

      if (lec_video_get_id (video) != NULL)
        n++;
      else
        notes += g_list_model_get_n_items (G_LIST_MODEL (lec_video_get_notes (video)));
    }

  if (n > 0 || notes == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u video", "%u videos", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", notes), notes);
}

/* Names a row for a screen reader: the row and its expander by its title,
 * and the expander's arrow by what it opens (GTK 4.8 calls every one
 * "Expand", and the row and the expander nothing). The arrow is the
 * expander's child of CSS name "expander", which GTK makes as the row
 * becomes expandable; GTK 4.8 has no getter for it, nor for the row
 * (the list item's widget, the expander's parent). */
static void
name_tree_row (GtkWidget  *expander,
               const char *title,
               const char *opens)
{
  GtkWidget *row = gtk_widget_get_parent (expander);

  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (expander); child != NULL && opens != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_css_name (child), "expander") == 0)
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, opens, -1);
}

static void
bind_tree_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  g_autoptr(GObject) object = gtk_tree_list_row_get_item (row);
  g_autofree char *detail_text = NULL;
  g_autofree char *opens = NULL;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_widget_remove_css_class (title, "heading");

  if (LEC_IS_CHANNEL (object))
    {
      set_row_title (title, lec_channel_get_name (LEC_CHANNEL (object)));
      gtk_widget_add_css_class (title, "heading");
      detail_text = channel_detail (LEC_CHANNEL (object));
      /* Translators: what a channel's arrow in the library opens, to a
       * screen reader; %s is the channel's name */
      opens = g_strdup_printf (_("Videos of %s"), lec_channel_get_name (LEC_CHANNEL (object)));
    }
  else if (LEC_IS_VIDEO (object))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (lec_video_get_notes (LEC_VIDEO (object))));

      set_row_title (title, lec_video_get_title (LEC_VIDEO (object)));
      detail_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", n), n);
      /* Translators: what a video's arrow in the library opens, to a
       * screen reader; %s is the video's title */
      opens = g_strdup_printf (_("Notes of %s"), lec_video_get_title (LEC_VIDEO (object)));
    }
  else if (LEC_IS_NOTE_INFO (object))
    set_row_title (title, lec_note_info_get_title (LEC_NOTE_INFO (object)));

  gtk_label_set_text (GTK_LABEL (detail), detail_text != NULL ? detail_text : "");
  gtk_widget_set_visible (detail, detail_text != NULL);
  name_tree_row (expander, gtk_label_get_text (GTK_LABEL (title)), opens);
}

/* A note asks to be opened; a channel or a video opens or closes. */
static void
on_activate (LecLibraryPage *self,
             guint           position,
             GtkListView    *list)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (item == NULL)
    return;
  if (LEC_IS_NOTE_INFO (item))
    g_signal_emit (self, signals [OPEN_NOTE], 0, lec_note_info_get_path (LEC_NOTE_INFO (item)));
  else
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
lec_library_page_dispose (GObject *object)
{
  LecLibraryPage *self = LEC_LIBRARY_PAGE (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LEC_TYPE_LIBRARY_PAGE);
  /* GTK 4.8 leaves the template's top widget, which no id names. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (lec_library_page_parent_class)->dispose (object);
}

static void
lec_library_page_class_init (LecLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_library_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/lec-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LecLibraryPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  /**
   * LecLibraryPage::open-note:
   * @path: the path of the note whose row was activated
   */
  signals [OPEN_NOTE] =
    g_signal_new ("open-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lec_library_page_init (LecLibraryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selection = lec_list_rows_setup (self->list, G_CALLBACK (setup_tree_row), G_CALLBACK (bind_tree_row), NULL);
}

/* The vault's channels, all closed; %NULL empties the tree. */
void
lec_library_page_set_vault (LecLibraryPage *self,
                            LecVault       *vault)
{
  g_autoptr(GtkTreeListModel) tree = NULL;

  g_return_if_fail (LEC_IS_LIBRARY_PAGE (self));

  g_set_object (&self->vault, vault);
  if (vault != NULL)
    tree = gtk_tree_list_model_new (g_object_ref (lec_vault_get_channels (vault)),
                                    FALSE, FALSE, create_child_model, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
}

/**
 * lec_library_page_select_note:
 * @path: a note's path in the vault
 *
 * Selects @path's row, opening its channel and video; a note the library
 * does not hold leaves nothing selected. The library is gone through from
 * the top down, to the note's channel then its video, never row by row:
 * with every channel open, 25,000 notes took 20 ms a switch.
 *
 * Returns: whether the library holds the note
 */
gboolean
lec_library_page_select_note (LecLibraryPage *self,
                              const char     *path)
{
  GtkTreeListModel *tree;
  LecNoteInfo *info;
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (LEC_IS_LIBRARY_PAGE (self), FALSE);

  tree = GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (self->selection));
  info = self->vault != NULL ? lec_vault_find_note (self->vault, path) : NULL;
  if (tree != NULL && info != NULL)
    row = find_note_row (tree, g_list_model_get_n_items (gtk_tree_list_model_get_model (tree)),
                         top_row, info);
  if (row != NULL)
    {
      guint position = gtk_tree_list_row_get_position (row);

      gtk_single_selection_set_selected (self->selection, position);
      /* GtkListView's own action (GTK 4.8 has no scroll_to call). */
      gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
      return TRUE;
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  return FALSE;
}

/* Nothing read shows in the library (a topic page, say). */
void
lec_library_page_unselect (LecLibraryPage *self)
{
  g_return_if_fail (LEC_IS_LIBRARY_PAGE (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

GtkListView *
lec_library_page_get_list (LecLibraryPage *self)
{
  g_return_val_if_fail (LEC_IS_LIBRARY_PAGE (self), NULL);

  return self->list;
}
