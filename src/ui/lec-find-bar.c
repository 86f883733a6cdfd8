/* lec-find-bar.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-find-bar"

#include "config.h"

#include "lec-find-bar.h"

#include <glib/gi18n.h>

/* Find in the note: a search bar over the note view, driven by WebKit's
 * own find controller, with the match count and which match is shown
 * ("3 of 12"). Enter and Ctrl+G go to the next match, Shift+Enter and
 * Ctrl+Shift+G to the previous one, Escape closes. */

#define MAX_MATCHES 1000

struct _LecFindBar
{
  GtkWidget            parent_instance;

  GtkSearchBar        *bar;
  GtkSearchEntry      *entry;
  GtkLabel            *status;
  GtkButton           *previous;
  GtkButton           *next;

  WebKitWebView       *view;
  WebKitFindController *finder;
  guint                matches;
  guint                current;  /* 1-based; 0 when there is none */
};

G_DEFINE_FINAL_TYPE (LecFindBar, lec_find_bar, GTK_TYPE_WIDGET)

static void
update_status (LecFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *status = NULL;
  gboolean found = self->matches > 0;

  if (*text == '\0')
    status = g_strdup ("");
  else if (!found)
    status = g_strdup (_("No matches"));
  else
    /* Translators: which match of the search in the note is shown, e.g. "3 of 12" */
    status = g_strdup_printf (_("%u of %u"), self->current, self->matches);

  gtk_label_set_label (self->status, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous), found);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next), found);
  if (*text != '\0' && !found)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

static guint32
find_options (void)
{
  return WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE | WEBKIT_FIND_OPTIONS_WRAP_AROUND;
}

/* Searches from the start of the note for what the entry holds. */
static void
find (LecFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (self->finder == NULL)
    return;
  self->matches = 0;
  self->current = 0;
  if (*text == '\0')
    {
      webkit_find_controller_search_finish (self->finder);
      update_status (self);
      return;
    }
  webkit_find_controller_count_matches (self->finder, text, find_options (), MAX_MATCHES);
  webkit_find_controller_search (self->finder, text, find_options (), MAX_MATCHES);
}

static void
on_counted_matches (LecFindBar           *self,
                    guint                 matches,
                    WebKitFindController *finder)
{
  self->matches = matches;
  if (matches > 0 && (self->current == 0 || self->current > matches))
    self->current = 1;
  update_status (self);
}

static void
on_failed_to_find (LecFindBar           *self,
                   WebKitFindController *finder)
{
  self->matches = 0;
  self->current = 0;
  update_status (self);
}

static void
go_next (LecFindBar *self)
{
  if (self->finder == NULL || self->matches == 0)
    return;
  webkit_find_controller_search_next (self->finder);
  self->current = self->current % self->matches + 1;
  update_status (self);
}

static void
go_previous (LecFindBar *self)
{
  if (self->finder == NULL || self->matches == 0)
    return;
  webkit_find_controller_search_previous (self->finder);
  self->current = (self->current + self->matches - 2) % self->matches + 1;
  update_status (self);
}

/* Shift+Enter goes back, as in every GNOME find bar. */
static gboolean
on_key_pressed (LecFindBar            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      go_previous (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_search_mode (LecFindBar *self,
                GParamSpec *pspec,
                GtkSearchBar *bar)
{
  if (!gtk_search_bar_get_search_mode (bar) && self->finder != NULL)
    {
      /* Finishing takes the marks away but leaves the last match
       * selected, a grey box on the page: nothing of the find stays. */
      webkit_find_controller_search_finish (self->finder);
      if (self->view != NULL)
        webkit_web_view_evaluate_javascript (self->view, "getSelection ().removeAllRanges ()", -1,
                                             "lectern", NULL, NULL, NULL, NULL);
      if (self->view != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
}

/* A new note in the view: find again in it. */
static void
on_load_changed (LecFindBar      *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *view)
{
  if (event == WEBKIT_LOAD_FINISHED && lec_find_bar_is_open (self))
    find (self);
}

static void
lec_find_bar_dispose (GObject *object)
{
  LecFindBar *self = (LecFindBar *)object;

  lec_find_bar_set_view (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->bar, gtk_widget_unparent);

  G_OBJECT_CLASS (lec_find_bar_parent_class)->dispose (object);
}

static void
lec_find_bar_class_init (LecFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_find_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lecfindbar");
}

static GtkButton *
nav_button (const char *icon,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return GTK_BUTTON (button);
}

/* The search bar's close button, which GTK 4.8 makes without a name (a
 * screen reader says "button") and gives no getter for: the one button
 * in the bar that is not ours. */
static GtkWidget *
find_close_button (LecFindBar *self,
                   GtkWidget  *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && child != GTK_WIDGET (self->previous) && child != GTK_WIDGET (self->next))
        return child;
      if ((found = find_close_button (self, child)) != NULL)
        return found;
    }
  return NULL;
}

static void
lec_find_bar_init (LecFindBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, 100);
  gtk_widget_set_size_request (GTK_WIDGET (self->entry), 260, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find in Note"), -1);
  g_object_set (self->entry, "placeholder-text", _("Find in Note"), NULL);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->status, 10);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "numeric");

  self->previous = nav_button ("go-up-symbolic", _("Previous Match"));
  self->next = nav_button ("go-down-symbolic", _("Next Match"));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->previous));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->next));

  self->bar = GTK_SEARCH_BAR (gtk_search_bar_new ());
  gtk_search_bar_set_child (self->bar, box);
  gtk_search_bar_set_show_close_button (self->bar, TRUE);
  {
    GtkWidget *close = find_close_button (self, GTK_WIDGET (self->bar));

    if (close != NULL)
      {
        gtk_widget_set_tooltip_text (close, _("Close (Esc)"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Close Find Bar"), -1);
      }
  }
  gtk_search_bar_connect_entry (self->bar, GTK_EDITABLE (self->entry));
  gtk_widget_set_parent (GTK_WIDGET (self->bar), GTK_WIDGET (self));

  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (find), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (go_next), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "next-match", G_CALLBACK (go_next), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "previous-match", G_CALLBACK (go_previous), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->next, "clicked", G_CALLBACK (go_next), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->previous, "clicked", G_CALLBACK (go_previous), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  update_status (self);
}

GtkWidget *
lec_find_bar_new (void)
{
  return g_object_new (LEC_TYPE_FIND_BAR, NULL);
}

/* Finds in @view (or nothing, when NULL). */
void
lec_find_bar_set_view (LecFindBar    *self,
                       WebKitWebView *view)
{
  g_return_if_fail (LEC_IS_FIND_BAR (self));
  g_return_if_fail (view == NULL || WEBKIT_IS_WEB_VIEW (view));

  if (self->view == view)
    return;
  if (self->finder != NULL)
    g_signal_handlers_disconnect_by_data (self->finder, self);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  self->finder = NULL;
  g_set_weak_pointer (&self->view, view);
  if (view == NULL)
    return;

  self->finder = webkit_web_view_get_find_controller (view);
  g_signal_connect_object (self->finder, "counted-matches", G_CALLBACK (on_counted_matches), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->finder, "failed-to-find-text", G_CALLBACK (on_failed_to_find), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "load-changed", G_CALLBACK (on_load_changed), self, G_CONNECT_SWAPPED);
}

/* Shows the bar with its entry focused and its text selected. */
void
lec_find_bar_open (LecFindBar *self)
{
  g_return_if_fail (LEC_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    find (self);
}

void
lec_find_bar_close (LecFindBar *self)
{
  g_return_if_fail (LEC_IS_FIND_BAR (self));

  gtk_search_bar_set_search_mode (self->bar, FALSE);
}

gboolean
lec_find_bar_is_open (LecFindBar *self)
{
  g_return_val_if_fail (LEC_IS_FIND_BAR (self), FALSE);

  return gtk_search_bar_get_search_mode (self->bar);
}

GtkEditable *
lec_find_bar_get_entry (LecFindBar *self)
{
  g_return_val_if_fail (LEC_IS_FIND_BAR (self), NULL);

  return GTK_EDITABLE (self->entry);
}

/* What the bar says about the matches: "3 of 12", "No matches" or "". */
const char *
lec_find_bar_get_status (LecFindBar *self)
{
  g_return_val_if_fail (LEC_IS_FIND_BAR (self), NULL);

  return gtk_label_get_label (self->status);
}
