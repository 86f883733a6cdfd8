/* lec-quick-open.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-quick-open"

#include "config.h"

#include "lec-quick-open.h"

#include <glib/gi18n.h>

#include "lec-fuzzy.h"
#include "lec-note-info.h"
#include "lec-topic-item.h"

/* Quick open (Ctrl+K): type a few letters of a note's title, one of its
 * aliases or a topic, pick with the arrow keys, open with Enter. Every
 * candidate is folded once when the window opens; each keystroke scores
 * them all (a few milliseconds for tens of thousands) and shows the best. */

#define MAX_RESULTS 50

/* One thing quick open can open. */
#define LEC_TYPE_QUICK_ITEM (lec_quick_item_get_type ())
G_DECLARE_FINAL_TYPE (LecQuickItem, lec_quick_item, LEC, QUICK_ITEM, GObject)

struct _LecQuickItem
{
  GObject       parent_instance;
  LecQuickKind  kind;
  char         *label;
  char         *detail;
  char         *target;   /* a note's path, or a topic's name */
  char         *folded;
  int           score;
};

G_DEFINE_FINAL_TYPE (LecQuickItem, lec_quick_item, G_TYPE_OBJECT)

static void
lec_quick_item_finalize (GObject *object)
{
  LecQuickItem *self = LEC_QUICK_ITEM (object);

  g_free (self->label);
  g_free (self->detail);
  g_free (self->target);
  g_free (self->folded);
  G_OBJECT_CLASS (lec_quick_item_parent_class)->finalize (object);
}

static void
lec_quick_item_class_init (LecQuickItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lec_quick_item_finalize;
}

static void
lec_quick_item_init (LecQuickItem *self)
{
}

static LecQuickItem *
lec_quick_item_new (LecQuickKind  kind,
                    const char   *label,
                    char         *detail,
                    const char   *target)
{
  LecQuickItem *self = g_object_new (LEC_TYPE_QUICK_ITEM, NULL);

  self->kind = kind;
  self->label = g_strdup (label);
  self->detail = detail;
  self->target = g_strdup (target);
  self->folded = lec_fuzzy_fold (label);
  return self;
}

struct _LecQuickOpen
{
  AdwWindow           parent_instance;

  GtkSearchEntry     *entry;
  GtkListView        *list;
  GtkStack           *stack;
  GtkSingleSelection *selection;
  GListStore         *results;
  GPtrArray          *candidates;  /* LecQuickItem */
};

G_DEFINE_FINAL_TYPE (LecQuickOpen, lec_quick_open, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static int
by_score (gconstpointer a,
          gconstpointer b)
{
  const LecQuickItem *x = *(LecQuickItem **) a;
  const LecQuickItem *y = *(LecQuickItem **) b;

  if (x->score != y->score)
    return y->score - x->score;
  return g_utf8_collate (x->label, y->label);
}

static void
update_results (LecQuickOpen *self)
{
  g_autofree char *pattern = lec_fuzzy_fold (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  guint n;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      LecQuickItem *item = g_ptr_array_index (self->candidates, i);

      item->score = lec_fuzzy_score (pattern, item->folded);
      if (item->score >= 0)
        g_ptr_array_add (found, item);
    }
  g_ptr_array_sort (found, by_score);
  n = MIN (found->len, MAX_RESULTS);
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       found->pdata, n);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "results" : "empty");
  if (n > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", 0);
    }
}

static void
choose (LecQuickOpen *self,
        guint         position)
{
  g_autoptr(LecQuickItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (item == NULL)
    return;
  g_signal_emit (self, signals [CHOSEN], 0, item->kind, item->target);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_entry_activate (LecQuickOpen *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION)
    choose (self, position);
}

/* Up and Down move through the results while typing. */
static gboolean
on_key_pressed (LecQuickOpen          *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint position = gtk_single_selection_get_selected (self->selection);
  int step;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    step = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    step = -1;
  else
    return FALSE;

  if (n == 0)
    return TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  else
    position = (position + n + step) % n;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  LecQuickItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (label);

  gtk_label_set_label (GTK_LABEL (label), item->label);
  gtk_label_set_label (GTK_LABEL (detail), item->detail);
  gtk_widget_set_visible (detail, item->detail != NULL && *item->detail != '\0');
  /* GTK 4.8 names a row after nothing it holds (a screen reader heard
   * only "list item"); the row is the list item's widget, the child's
   * parent. */
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, item->label, -1);
}

static void
on_list_activate (LecQuickOpen *self,
                  guint         position,
                  GtkListView  *list)
{
  choose (self, position);
}

static void
add_candidates (LecQuickOpen *self,
                LecVault     *vault)
{
  GListModel *notes = lec_vault_get_notes (vault);
  GListModel *topics = lec_vault_get_topics (vault);
  guint n;

  n = g_list_model_get_n_items (notes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LecNoteInfo) note = g_list_model_get_item (notes, i);
      const char * const *aliases = lec_note_info_get_aliases (note);
      const char *channel = lec_note_info_get_channel (note);

      g_ptr_array_add (self->candidates,
                       lec_quick_item_new (LEC_QUICK_NOTE, lec_note_info_get_title (note),
                                           g_strdup (channel != NULL ? channel : lec_note_info_get_path (note)),
                                           lec_note_info_get_path (note)));
      for (guint j = 0; aliases != NULL && aliases[j] != NULL; j++)
        /* Translators: a quick open result found by one of a note's
         * other names; %s is the note's title */
        g_ptr_array_add (self->candidates,
                         lec_quick_item_new (LEC_QUICK_NOTE, aliases[j],
                                             g_strdup_printf (_("Also known as: %s"), lec_note_info_get_title (note)),
                                             lec_note_info_get_path (note)));
    }

  /* Topics without a note of their own; the others are found as notes. */
  n = g_list_model_get_n_items (topics);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LecTopicItem) topic = g_list_model_get_item (topics, i);
      guint count = lec_topic_item_get_notes (topic);

      if (lec_topic_item_get_path (topic) != NULL)
        continue;
      g_ptr_array_add (self->candidates,
                       lec_quick_item_new (LEC_QUICK_TOPIC, lec_topic_item_get_name (topic),
                                           /* Translators: a topic in quick open */
                                           g_strdup_printf (ngettext ("Topic · %u note", "Topic · %u notes", count), count),
                                           lec_topic_item_get_key (topic)));
    }
}

static void
lec_quick_open_finalize (GObject *object)
{
  LecQuickOpen *self = (LecQuickOpen *)object;

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (lec_quick_open_parent_class)->finalize (object);
}

static void
lec_quick_open_class_init (LecQuickOpenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lec_quick_open_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * LecQuickOpen::chosen:
   * @kind: a #LecQuickKind
   * @target: the note's path, or the topic's name
   */
  signals [CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
lec_quick_open_init (LecQuickOpen *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  self->results = g_list_store_new (LEC_TYPE_QUICK_ITEM);

  gtk_window_set_title (GTK_WINDOW (self), _("Quick Open"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 460);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  g_object_set (self->entry, "placeholder-text", _("Find a note, an alias or a topic"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a note, an alias or a topic"), -1);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->entry));

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Matches"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing Found"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("No note, alias or topic has these letters in this order."));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "results");
  gtk_stack_add_named (self->stack, empty, "empty");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);

  /* Every keystroke at once: scoring is fast enough not to wait. */
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (update_results), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search", G_CALLBACK (gtk_window_close), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "activate", G_CALLBACK (on_list_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

/* Quick open over the notes, aliases and topics of @vault. */
LecQuickOpen *
lec_quick_open_new (GtkWindow *parent,
                    LecVault  *vault)
{
  LecQuickOpen *self;

  g_return_val_if_fail (LEC_IS_VAULT (vault), NULL);

  self = g_object_new (LEC_TYPE_QUICK_OPEN, "transient-for", parent, NULL);
  add_candidates (self, vault);
  update_results (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

GtkEditable *
lec_quick_open_get_entry (LecQuickOpen *self)
{
  g_return_val_if_fail (LEC_IS_QUICK_OPEN (self), NULL);

  return GTK_EDITABLE (self->entry);
}

/* The results shown, best first. */
GListModel *
lec_quick_open_get_results (LecQuickOpen *self)
{
  g_return_val_if_fail (LEC_IS_QUICK_OPEN (self), NULL);

  return G_LIST_MODEL (self->results);
}

/* The label of the result at @position: a title, an alias or a topic. */
const char *
lec_quick_open_get_label (LecQuickOpen *self,
                          guint         position)
{
  g_autoptr(LecQuickItem) item = NULL;

  g_return_val_if_fail (LEC_IS_QUICK_OPEN (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  return item != NULL ? item->label : NULL;
}
