/* lec-player-bar.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-player-bar"

#include "config.h"

#include "lec-player-bar.h"
#include "lec-timestamp.h"

#include <glib/gi18n.h>

/* The player's own controls, under the video: back and forward 10 s,
 * play and pause, where it is of how long, the speed, captions, and
 * where to play from, the volume, and whether the video sits above the
 * note or beside it. The buttons activate the window's player actions,
 * so they do what the keys do. */

struct _LecPlayerBar
{
  GtkBox        parent_instance;

  LecPlayer    *player;
  GtkButton    *play_button;
  GtkWidget    *time_box;
  GtkLabel     *time_label;
  char         *time_name;   /* what a screen reader hears of the time */
  GtkScale     *seek_scale;
  GtkScaleButton *volume_button;
  GtkMenuButton *rate_button;
  GtkToggleButton *captions_button;
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (LecPlayerBar, lec_player_bar, GTK_TYPE_BOX)

static const double rates[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0 };

/* A time as it is said: "1:25", "48:20", "1:02:03". */
static char *
spoken_time (double seconds)
{
  guint s = (guint) MAX (0, seconds);

  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

/* The time is a timer to a screen reader, named "Playback position 1:25
 * of 48:20". The player reports its time several times a second; the
 * name changes, and is announced as changed, only when the second does.
 * The timer is a box around the label the eye reads: a GtkLabel names
 * itself after its text at each change, so as the timer itself it was
 * announced twice a second, as "00:01 / 03:00" and then as this. */
static void
update_time_name (LecPlayerBar *self)
{
  g_autofree char *now = spoken_time (self->player != NULL ? lec_player_get_time (self->player) : 0);
  g_autofree char *total = NULL;
  g_autofree char *name = NULL;

  if (self->player != NULL && lec_player_get_duration (self->player) > 0)
    {
      total = spoken_time (lec_player_get_duration (self->player));
      /* Translators: the player's time to a screen reader, e.g.
       * "Playback position 1:25 of 48:20" */
      name = g_strdup_printf (_("Playback position %s of %s"), now, total);
    }
  else
    /* Translators: the player's time to a screen reader before the
     * video's length is known, e.g. "Playback position 0:00" */
    name = g_strdup_printf (_("Playback position %s"), now);

  if (g_strcmp0 (name, self->time_name) == 0)
    return;
  g_free (self->time_name);
  self->time_name = g_steal_pointer (&name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->time_name, -1);
}

static void
update (LecPlayerBar *self)
{
  g_autofree char *now = NULL;
  g_autofree char *total = NULL;
  g_autofree char *time = NULL;
  g_autofree char *rate = NULL;
  gboolean playing;

  if (self->player == NULL)
    return;

  playing = lec_player_get_playing (self->player);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (k)") : _("Play (k)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);

  now = lec_timestamp_format ((guint) MAX (0, lec_player_get_time (self->player)));
  if (lec_player_get_duration (self->player) > 0)
    {
      total = lec_timestamp_format ((guint) lec_player_get_duration (self->player));
      /* Translators: the player's time: "01:25 / 12:40" */
      time = g_strdup_printf (_("%s / %s"), now, total);
    }
  gtk_label_set_text (self->time_label, time != NULL ? time : now);
  update_time_name (self);

  /* Translators: the playback speed on its button, e.g. "1.5×" */
  rate = g_strdup_printf (_("%g×"), lec_player_get_rate (self->player));
  gtk_menu_button_set_label (self->rate_button, rate);

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->captions_button, lec_player_get_captions (self->player));
  gtk_range_set_range (GTK_RANGE (self->seek_scale), 0, MAX (1.0, lec_player_get_duration (self->player)));
  gtk_range_set_value (GTK_RANGE (self->seek_scale), lec_player_get_time (self->player));
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale), lec_player_get_duration (self->player) > 0);
  gtk_scale_button_set_value (self->volume_button,
                              lec_player_get_muted (self->player) ? 0 : lec_player_get_volume (self->player));
  self->updating = FALSE;
}

static void
on_captions_toggled (LecPlayerBar *self)
{
  if (self->updating || self->player == NULL)
    return;
  lec_player_set_captions (self->player, gtk_toggle_button_get_active (self->captions_button));
}

/* Dragging the bar or clicking along it plays from there. */
static gboolean
on_seek_changed (GtkRange      *range,
                 GtkScrollType  scroll,
                 double         value,
                 LecPlayerBar  *self)
{
  if (self->updating || self->player == NULL || lec_player_get_duration (self->player) <= 0)
    return FALSE;
  lec_player_seek (self->player, (guint) CLAMP (value, 0, lec_player_get_duration (self->player)),
                   lec_player_get_playing (self->player));
  return FALSE;
}

static void
on_volume_changed (LecPlayerBar *self,
                   double        value)
{
  if (self->updating || self->player == NULL)
    return;
  lec_player_set_volume (self->player, value, value <= 0.0);
}

static void
on_hide_toggled (GtkToggleButton *hide)
{
  gboolean hidden = gtk_toggle_button_get_active (hide);
  const char *label = hidden ? _("Show the Picture") : _("Hide the Picture");

  gtk_button_set_icon_name (GTK_BUTTON (hide), hidden ? "go-down-symbolic" : "go-up-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (hide), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_activate_action (GTK_WIDGET (hide), "player.hide-video", NULL);
}

/* The scale button's parts, which GTK 4.8 leaves nameless: the button
 * inside it that takes focus and is clicked (no getter for it), and in
 * its popup the − and + buttons and the scale. */
static void
name_volume_parts (GtkScaleButton *button)
{
  GtkWidget *popup = gtk_scale_button_get_popup (button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (button))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (popup), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"), -1);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scale_button_get_minus_button (button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Quieter"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_scale_button_get_plus_button (button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Louder"), -1);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (GtkWidget *child = gtk_widget_get_first_child (popup); child != NULL;
       child = gtk_widget_get_first_child (child))
    for (GtkWidget *part = child; part != NULL; part = gtk_widget_get_next_sibling (part))
      if (GTK_IS_SCALE (part))
        gtk_accessible_update_property (GTK_ACCESSIBLE (part), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"), -1);
}

static void
lec_player_bar_dispose (GObject *object)
{
  LecPlayerBar *self = LEC_PLAYER_BAR (object);

  g_clear_weak_pointer (&self->player);
  g_clear_pointer (&self->time_name, g_free);

  G_OBJECT_CLASS (lec_player_bar_parent_class)->dispose (object);
}

static void
lec_player_bar_class_init (LecPlayerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lec_player_bar_dispose;
  gtk_widget_class_set_css_name (widget_class, "lecplayerbar");
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static void
lec_player_bar_init (LecPlayerBar *self)
{
  GtkBox *box = GTK_BOX (self);
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *layout;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (box, 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "toolbar");

  gtk_box_append (box, icon_button ("media-seek-backward-symbolic", _("Back 10 Seconds"), _("Back 10 Seconds (j)"),
                                    "player.skip", g_variant_new_int32 (-10)));
  self->play_button = GTK_BUTTON (icon_button ("media-playback-start-symbolic", _("Play"), _("Play (k)"),
                                               "player.toggle", NULL));
  gtk_box_append (box, GTK_WIDGET (self->play_button));
  gtk_box_append (box, icon_button ("media-seek-forward-symbolic", _("Forward 10 Seconds"), _("Forward 10 Seconds (l)"),
                                    "player.skip", g_variant_new_int32 (10)));

  /* Roles can only be given as a widget is made. The label is left out
   * of the tree: the timer says what it shows. */
  self->time_box = g_object_new (GTK_TYPE_BOX, "accessible-role", GTK_ACCESSIBLE_ROLE_TIMER, NULL);
  self->time_label = g_object_new (GTK_TYPE_LABEL,
                                   "label", "00:00",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_NONE,
                                   NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");
  gtk_widget_set_margin_start (self->time_box, 6);
  gtk_box_append (GTK_BOX (self->time_box), GTK_WIDGET (self->time_label));
  gtk_box_append (box, self->time_box);
  update_time_name (self);

  self->seek_scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1));
  gtk_scale_set_draw_value (self->seek_scale, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->seek_scale), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->seek_scale), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->seek_scale), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->seek_scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position"), -1);
  g_signal_connect_object (self->seek_scale, "change-value", G_CALLBACK (on_seek_changed), self, 0);
  gtk_box_append (box, GTK_WIDGET (self->seek_scale));

  {
    const char *icons[] = { "audio-volume-muted-symbolic", "audio-volume-high-symbolic",
                            "audio-volume-low-symbolic", "audio-volume-medium-symbolic", NULL };

    self->volume_button = GTK_SCALE_BUTTON (gtk_scale_button_new (0.0, 1.0, 0.05, icons));
    gtk_scale_button_set_value (self->volume_button, 1.0);
    gtk_widget_add_css_class (GTK_WIDGET (self->volume_button), "flat");
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->volume_button), _("Volume (m mutes)"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->volume_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"), -1);
    name_volume_parts (self->volume_button);
    g_signal_connect_object (self->volume_button, "value-changed", G_CALLBACK (on_volume_changed), self, G_CONNECT_SWAPPED);
    gtk_box_append (box, GTK_WIDGET (self->volume_button));
  }

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      /* Translators: a playback speed in the speed menu, e.g. "1.5×" */
      g_autofree char *label = g_strdup_printf (_("%g×"), rates[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "player.set-rate", g_variant_new_double (rates[i]));
      g_menu_append_item (menu, item);
    }
  self->rate_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_menu_model (self->rate_button, G_MENU_MODEL (menu));
  gtk_menu_button_set_label (self->rate_button, "1×");
  gtk_widget_add_css_class (GTK_WIDGET (self->rate_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rate_button), _("Speed (< and >)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rate_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Speed"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_menu_button_get_popover (self->rate_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Speed"), -1);
  gtk_box_append (box, GTK_WIDGET (self->rate_button));

  self->captions_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->captions_button), "media-view-subtitles-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->captions_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->captions_button), _("Captions (c)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->captions_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Captions"), -1);
  g_signal_connect_object (self->captions_button, "toggled", G_CALLBACK (on_captions_toggled), self, G_CONNECT_SWAPPED);
  gtk_box_append (box, GTK_WIDGET (self->captions_button));

  {
    GtkWidget *hide = gtk_toggle_button_new ();

    gtk_button_set_icon_name (GTK_BUTTON (hide), "go-up-symbolic");
    gtk_widget_add_css_class (hide, "flat");
    gtk_widget_set_tooltip_text (hide, _("Hide the Picture"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (hide), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hide the Picture"), -1);
    g_signal_connect (hide, "toggled", G_CALLBACK (on_hide_toggled), NULL);
    gtk_box_append (box, hide);
  }

  layout = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (layout), "view-dual-symbolic");
  gtk_widget_add_css_class (layout, "flat");
  gtk_widget_set_tooltip_text (layout, _("Video Beside the Note"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (layout), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Video Beside the Note"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (layout), "win.player-beside");
  gtk_box_append (box, layout);
}

GtkWidget *
lec_player_bar_new (void)
{
  return g_object_new (LEC_TYPE_PLAYER_BAR, NULL);
}

/* Shows and drives @player. */
void
lec_player_bar_set_player (LecPlayerBar *self,
                           LecPlayer    *player)
{
  g_return_if_fail (LEC_IS_PLAYER_BAR (self));
  g_return_if_fail (player == NULL || LEC_IS_PLAYER (player));

  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_weak_pointer (&self->player, player);
  if (player != NULL)
    g_signal_connect_object (player, "time-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}
