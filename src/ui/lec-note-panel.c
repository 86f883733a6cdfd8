/* lec-note-panel.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-note-panel"

#include "config.h"

#include "lec-note-panel.h"

#include <glib/gi18n.h>

#include "lec-note-info.h"
#include "lec-slug.h"
#include "lec-timestamp.h"

/* The sidebar's page about the open note: its outline (headings, each
 * with the first timestamp under it) and its links — the notes linking
 * here, found in the index on a worker thread, and where this note links,
 * notes and topics. Activating a row asks the window, through signals, to
 * scroll (and play the section from its first timestamp), open a note or
 * show a topic. */

struct _LecNotePanel
{
  GtkWidget     parent_instance;

  GtkWidget    *scrolled;
  GtkListBox   *outline;
  GtkListBox   *backlinks;
  GtkListBox   *outgoing;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (LecNotePanel, lec_note_panel, GTK_TYPE_WIDGET)

enum {
  SCROLL_TO,
  SEEK,
  OPEN_NOTE,
  OPEN_TOPIC,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* A row's text as its tooltip (it may be cut short), asked for when shown:
 * gtk_widget_set_tooltip_text() made GTK ask X where the pointer was for
 * every row of every note opened. */
static gboolean
query_row_tooltip (GtkWidget  *row,
                   int         x,
                   int         y,
                   gboolean    keyboard,
                   GtkTooltip *tooltip,
                   gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (row), "text"));
  return TRUE;
}

/* Each list shows at most this many rows, then says how many more there
 * are: a note of 25,000 links would otherwise build as many rows on the
 * main thread (seconds, and hundreds of megabytes). The page has them all. */
#define MAX_ROWS 300

/* Counts a row for @list; past MAX_ROWS it is only counted, and %NULL
 * is returned instead of a new row. */
static GtkWidget *
new_row (GtkListBox *list)
{
  guint rows = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list), "lec-rows")) + 1;

  g_object_set_data (G_OBJECT (list), "lec-rows", GUINT_TO_POINTER (rows));
  return rows <= MAX_ROWS ? gtk_list_box_row_new () : NULL;
}

/* Ends a list that had more rows than it shows with a row that says so. */
static void
finish_list (GtkListBox *list)
{
  guint rows = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list), "lec-rows"));
  g_autofree char *text = NULL;
  GtkWidget *row, *label;

  if (rows <= MAX_ROWS)
    return;
  /* Translators: the last row of a list in the note's side panel */
  text = g_strdup_printf (ngettext ("%u more, in the note", "%u more, in the note", rows - MAX_ROWS),
                          rows - MAX_ROWS);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_object_set_data (G_OBJECT (row), "seconds", GINT_TO_POINTER (-1));
  gtk_list_box_append (list, row);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *text,
         const char *detail,
         guint       indent,
         guint       signal,
         const char *target)
{
  GtkWidget *row = new_row (list);
  GtkWidget *box, *label;

  if (row == NULL)
    return NULL;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (box, 12 * indent);
  gtk_box_append (GTK_BOX (box), label);
  if (detail != NULL)
    {
      GtkWidget *extra = gtk_label_new (detail);

      gtk_widget_add_css_class (extra, "dim-label");
      gtk_widget_add_css_class (extra, "numeric");
      gtk_box_append (GTK_BOX (box), extra);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* GTK 4.8 names a row after nothing it holds: a screen reader heard
   * only "list item". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (detail != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail, -1);
  g_object_set_data_full (G_OBJECT (row), "text", g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (row, TRUE);
  g_signal_connect (row, "query-tooltip", G_CALLBACK (query_row_tooltip), NULL);
  g_object_set_data (G_OBJECT (row), "signal", GUINT_TO_POINTER (signal));
  g_object_set_data_full (G_OBJECT (row), "target", g_strdup (target), g_free);
  gtk_list_box_append (list, row);
  return row;
}

static void
on_row_activated (LecNotePanel  *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  guint signal = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "signal"));
  const char *target = g_object_get_data (G_OBJECT (row), "target");

  if (target != NULL)
    g_signal_emit (self, signals [signal], 0, target);
  /* A section with a timestamp also plays from there. */
  if (signal == SCROLL_TO)
    {
      int seconds = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "seconds"));

      if (seconds >= 0)
        g_signal_emit (self, signals [SEEK], 0, (guint) seconds);
    }
}

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  g_object_set_data (G_OBJECT (list), "lec-rows", NULL);
}

/* The title of the note at @path, or the path when the vault lacks it. */
static const char *
title_of (LecVault   *vault,
          const char *path)
{
  LecNoteInfo *info = lec_vault_find_note (vault, path);

  return info != NULL ? lec_note_info_get_title (info) : path;
}

static void
on_backlinks (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LecNotePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = lec_vault_backlinks_finish (LEC_VAULT (object), result, &error);

  if (paths == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No backlinks: %s", error->message);
      return;
    }
  for (guint i = 0; i < paths->len; i++)
    add_row (self->backlinks, title_of (LEC_VAULT (object), paths->pdata[i]), NULL, 0, OPEN_NOTE, paths->pdata[i]);
  finish_list (self->backlinks);
}

/**
 * lec_note_panel_set_note:
 * @note: (nullable): the note shown, or %NULL for none
 *
 * Shows the outline and links of @note.
 */
void
lec_note_panel_set_note (LecNotePanel *self,
                         LecVault     *vault,
                         LecNote      *note)
{
  GArray *headings;
  GArray *links;
  g_autoptr(GHashTable) seen = NULL;

  g_return_if_fail (LEC_IS_NOTE_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear (self->outline);
  clear (self->backlinks);
  clear (self->outgoing);
  if (note == NULL || vault == NULL)
    return;

  headings = lec_note_get_headings (note);
  for (guint i = 0; headings != NULL && i < headings->len; i++)
    {
      const LecHeading *heading = &g_array_index (headings, LecHeading, i);
      GtkWidget *row;
      g_autofree char *time = heading->first_timestamp >= 0 ? lec_timestamp_format (heading->first_timestamp) : NULL;

      /* The note's own title is the page's heading, not a section. */
      if (heading->level == 1 && i == 0)
        continue;
      row = add_row (self->outline, heading->text, time, MIN (heading->level, 4) - 1, SCROLL_TO, heading->id);
      if (row != NULL)
        g_object_set_data (G_OBJECT (row), "seconds", GINT_TO_POINTER (heading->first_timestamp));
    }
  finish_list (self->outline);

  /* Where this note leads: each note or topic once, in order. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  links = lec_note_get_links (note);
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      const LecLink *link = &g_array_index (links, LecLink, i);
      const char *key = link->path != NULL ? link->path : link->target;

      if (key == NULL || *key == '\0' || g_strcmp0 (link->path, lec_note_get_path (note)) == 0 ||
          !g_hash_table_add (seen, (gpointer) key))
        continue;
      if (link->path != NULL)
        add_row (self->outgoing, title_of (vault, link->path), NULL, 0, OPEN_NOTE, link->path);
      else
        {
          g_autofree char *name = lec_humanize_slug (link->target);
          g_autofree char *topic = lec_slugify (link->target);

          /* Translators: beside a link to a topic that has no note */
          add_row (self->outgoing, name, _("topic"), 0, OPEN_TOPIC, topic);
        }
    }
  finish_list (self->outgoing);

  self->cancellable = g_cancellable_new ();
  lec_vault_backlinks_async (vault, lec_note_get_path (note), self->cancellable, on_backlinks, g_object_ref (self));
}

static GtkListBox *
add_section (GtkBox     *box,
             const char *title,
             const char *empty)
{
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (empty);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 14);
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_widget_set_margin_start (placeholder, 14);
  gtk_widget_set_margin_bottom (placeholder, 6);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (box, heading);
  gtk_box_append (box, list);
  return GTK_LIST_BOX (list);
}

static void
lec_note_panel_dispose (GObject *object)
{
  LecNotePanel *self = (LecNotePanel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (lec_note_panel_parent_class)->dispose (object);
}

static void
lec_note_panel_class_init (LecNotePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_note_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  /**
   * LecNotePanel::scroll-to:
   * @id: a heading's id in the page
   */
  signals [SCROLL_TO] =
    g_signal_new ("scroll-to", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LecNotePanel::seek:
   * @seconds: the first timestamp of the section chosen
   */
  signals [SEEK] =
    g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * LecNotePanel::open-note:
   * @path: a note's path in the vault
   */
  signals [OPEN_NOTE] =
    g_signal_new ("open-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LecNotePanel::open-topic:
   * @key: the key of a topic without a note (the slug of its name)
   */
  signals [OPEN_TOPIC] =
    g_signal_new ("open-topic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lec_note_panel_init (LecNotePanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->outline = add_section (GTK_BOX (box), _("Outline"), _("No headings"));
  self->backlinks = add_section (GTK_BOX (box), _("Linked From"), _("No note links here"));
  self->outgoing = add_section (GTK_BOX (box), _("Links To"), _("This note links nowhere"));
  gtk_widget_set_margin_bottom (box, 12);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), box);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  g_signal_connect_object (self->outline, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->backlinks, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outgoing, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lec_note_panel_new (void)
{
  return g_object_new (LEC_TYPE_NOTE_PANEL, NULL);
}

GtkListBox *
lec_note_panel_get_outline (LecNotePanel *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_PANEL (self), NULL);

  return self->outline;
}

GtkListBox *
lec_note_panel_get_backlinks (LecNotePanel *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_PANEL (self), NULL);

  return self->backlinks;
}

GtkListBox *
lec_note_panel_get_outgoing (LecNotePanel *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_PANEL (self), NULL);

  return self->outgoing;
}

/**
 * lec_note_panel_follow:
 * @seconds: where the note's video is playing, or -1 when it is not
 *
 * Marks the outline's section being played: the one whose first
 * timestamp is the latest at or before @seconds.
 */
void
lec_note_panel_follow (LecNotePanel *self,
                       double        seconds)
{
  GtkListBoxRow *best = NULL;
  int best_time = -1;
  GtkListBoxRow *row;

  g_return_if_fail (LEC_IS_NOTE_PANEL (self));

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->outline, i)) != NULL; i++)
    {
      int t = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "seconds"));

      gtk_widget_remove_css_class (GTK_WIDGET (row), "lec-playing");
      if (t >= 0 && t <= seconds && t >= best_time)
        {
          best = row;
          best_time = t;
        }
    }
  if (best != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (best), "lec-playing");
}

/* The index of the outline's row marked as playing, or -1. */
int
lec_note_panel_get_playing (LecNotePanel *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LEC_IS_NOTE_PANEL (self), -1);

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->outline, i)) != NULL; i++)
    if (gtk_widget_has_css_class (GTK_WIDGET (row), "lec-playing"))
      return (int) i;
  return -1;
}
