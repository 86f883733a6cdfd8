/* lec-window-actions.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lec-window-private.h"
#include "lec-application.h"
#include "lec-preferences.h"

/* The window's actions ("win." and "player."), their keys, and the keys
 * and mouse buttons that reach them another way. The player's actions
 * live on the window, not on the player area, so that its keys work
 * wherever the focus is; they ask the area. */

static void
player_toggle_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  lec_player_area_toggle_play (LEC_WINDOW (widget)->player_area);
}

static void
player_skip_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  lec_player_area_skip (LEC_WINDOW (widget)->player_area, g_variant_get_int32 (param) * 1.0);
}

static void
on_rate_toast_dismissed (LecWindow *self,
                         AdwToast  *toast)
{
  if (self->rate_toast == toast)
    g_clear_object (&self->rate_toast);
}

static void
player_rate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  double rate = lec_player_area_step_rate (self->player_area, g_variant_get_int32 (param));
  g_autofree char *message = NULL;

  if (rate == 0)
    return;
  /* Translators: the playback speed, e.g. "Speed 1.5×" */
  message = g_strdup_printf (_("Speed %g×"), rate);
  /* One toast says the speed, the one still up when there is one: a
   * toast for each key would show after the one before, seconds late. */
  if (self->rate_toast != NULL)
    {
      adw_toast_set_title (self->rate_toast, message);
      return;
    }
  self->rate_toast = adw_toast_new (message);
  g_signal_connect_object (self->rate_toast, "dismissed", G_CALLBACK (on_rate_toast_dismissed), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->rate_toast));
}

static void
player_set_rate_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  lec_player_area_set_rate (LEC_WINDOW (widget)->player_area, g_variant_get_double (param));
}

/* Hides the picture, keeping the bar (and the sound), or shows it again. */
static void
player_hide_video_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  lec_player_area_toggle_video (LEC_WINDOW (widget)->player_area);
}

static void
player_mute_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  lec_player_area_toggle_mute (LEC_WINDOW (widget)->player_area);
}

static void
player_captions_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  lec_player_area_toggle_captions (LEC_WINDOW (widget)->player_area);
}

/* Back and forward, wherever the focus is: the note view takes every key
 * it is given (its page may want it), and neither an entry nor the page
 * has a use of its own for these. Returns whether @keyval is one. */
static gboolean
history_key (LecWindow       *self,
             guint            keyval,
             GdkModifierType  mods)
{
  const char *action = NULL;

  if ((keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left) && mods == GDK_ALT_MASK)
    action = "win.back";
  else if ((keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right) && mods == GDK_ALT_MASK)
    action = "win.forward";
  else if (keyval == GDK_KEY_Back && mods == 0)
    action = "win.back";
  else if (keyval == GDK_KEY_Forward && mods == 0)
    action = "win.forward";
  if (action == NULL)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
  return TRUE;
}

/* The window sees keys before the focused widget does (capture phase):
 * back and forward, and Space, which plays and pauses as k does unless
 * the reader is typing (the note view would take it to scroll). */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LecWindow             *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  if (history_key (self, keyval, mods))
    return TRUE;
  if (keyval != GDK_KEY_space || mods != 0)
    return FALSE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) ||
                        gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  if (!lec_player_area_get_showing (self->player_area))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "player.toggle", NULL);
  return TRUE;
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_window_present (GTK_WINDOW (lec_preferences_new (GTK_WINDOW (widget))));
}

static void
on_quick_chosen (LecWindow    *self,
                 LecQuickKind  kind,
                 const char   *target)
{
  if (kind == LEC_QUICK_NOTE)
    lec_window_open_note (self, target);
  else
    lec_window_open_topic (self, target);
}

/* Ctrl+K: open a note, an alias or a topic by a few of its letters. */
static void
quick_open_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  LecQuickOpen *quick;

  if (self->vault == NULL || !lec_vault_get_loaded (self->vault) || self->quick_open != NULL)
    return;
  quick = lec_quick_open_new (GTK_WINDOW (self), self->vault);
  g_set_weak_pointer (&self->quick_open, quick);
  g_signal_connect_object (quick, "chosen", G_CALLBACK (on_quick_chosen), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (quick));
}

/* The note's menu works only while a note shows. */
static void
update_note_actions (LecWindow *self)
{
  gboolean showing = _lec_window_note_showing (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-link", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-editor", showing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", showing);
}

/* Ctrl+Shift+C: a wiki link to the note, to paste into another note. */
static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  g_autofree char *base = NULL;
  g_autofree char *link = NULL;
  LecNote *note;

  if (!_lec_window_note_showing (self))
    return;
  base = g_path_get_basename (lec_note_view_get_path (self->note_view));
  if (g_str_has_suffix (base, ".md"))
    base[strlen (base) - 3] = '\0';
  note = lec_note_view_get_note (self->note_view);
  if (note != NULL && g_strcmp0 (lec_note_get_title (note), base) != 0)
    link = g_strdup_printf ("[[%s|%s]]", base, lec_note_get_title (note));
  else
    link = g_strdup_printf ("[[%s]]", base);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
  _lec_window_show_toast (self, _("Link copied"));
}

static void
editor_launched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LecWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The note cannot be opened in an editor: %s"), error->message);

      _lec_window_show_toast (self, message);
    }
}

/* Opens the note's file in the user's editor for Markdown (Lectern itself
 * never writes into the notes folder). */
static void
open_in_editor_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (!_lec_window_note_showing (self) || self->vault == NULL)
    return;
  file = lec_vault_resolve_path (self->vault, lec_note_view_get_path (self->note_view), NULL);
  if (file == NULL)
    return;
  uri = g_file_get_uri (file);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, editor_launched, g_object_ref (self));
}

/* Ctrl+P: print the note, or save it as PDF from the same dialog. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  g_autoptr(WebKitPrintOperation) operation = NULL;

  if (!_lec_window_note_showing (self))
    return;
  operation = webkit_print_operation_new (WEBKIT_WEB_VIEW (self->note_view));
  webkit_print_operation_run_dialog (operation, GTK_WINDOW (self));
}

/* Ctrl+F: find in the note showing. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "note") == 0)
    lec_find_bar_open (self->find_bar);
}

/* Zoom of the note view, in steps, kept in GSettings. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  int step = g_variant_get_int32 (param);
  double zoom = webkit_web_view_get_zoom_level (WEBKIT_WEB_VIEW (self->note_view));

  if (step == 0)
    zoom = 1.0;
  else
    zoom = CLAMP (zoom + step * 0.1, 0.5, 3.0);
  webkit_web_view_set_zoom_level (WEBKIT_WEB_VIEW (self->note_view), zoom);
  g_settings_set_double (self->settings, "zoom-level", zoom);
}

static void
open_on_youtube_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  g_autofree char *uri = lec_player_area_dup_youtube_url (self->player_area);

  if (uri == NULL)
    return;
  /* Leaving Lectern for the web: ask first, as for any link. */
  _lec_window_ask_open_external (self, uri);
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  lec_player_area_download (LEC_WINDOW (widget)->player_area);
}

static void
cancel_download_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  lec_player_area_cancel_download (LEC_WINDOW (widget)->player_area);
}

static void
update_history_actions (LecWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", lec_history_can_go_back (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward", lec_history_can_go_forward (self->history));
}

/* Opens what the history holds @delta steps away; opening it adds
 * nothing to the history, which shows it already. */
static void
go_in_history (LecWindow *self,
               int        delta)
{
  g_autofree char *path = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *topic = NULL;

  if (!lec_history_go (self->history, delta, &path, &fragment, &topic))
    return;
  if (topic != NULL)
    lec_window_open_topic (self, topic);
  else
    lec_window_open_note_at (self, path, fragment);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  go_in_history (LEC_WINDOW (widget), -1);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  go_in_history (LEC_WINDOW (widget), 1);
}

/* The mouse's back and forward buttons. */
static void
on_mouse_button (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 LecWindow       *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button != 8 && button != 9)
    return;
  /* Ours alone: the note view passes on nothing of it to its page. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate_action (GTK_WIDGET (self), button == 8 ? "win.back" : "win.forward", NULL);
}

static void
folder_chosen (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  LecWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        lec_window_open_folder (self, folder);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Notes Folder"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GFile) samples = lec_application_dup_sample_notes ();

  lec_window_open_folder (LEC_WINDOW (widget), samples);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LecWindow *self = LEC_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}


/* Back and Forward follow the history; the note's menu works only while
 * a note shows. Space and the mouse's back and forward buttons, too. */
void
_lec_window_actions_init (LecWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_mouse_button), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (self->history, "notify", G_CALLBACK (update_history_actions), self, G_CONNECT_SWAPPED);
  update_history_actions (self);
  g_signal_connect_object (self->content_stack, "notify::visible-child-name", G_CALLBACK (update_note_actions), self, G_CONNECT_SWAPPED);
  update_note_actions (self);
}

void
_lec_window_class_actions_init (LecWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.open-on-youtube", NULL, open_on_youtube_action);
  gtk_widget_class_install_action (widget_class, "win.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-download", NULL, cancel_download_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, forward_action);
  /* Their keys (Alt+Left, Alt+Right, Back, Forward) are the capture
   * phase's: see history_key(). */
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.copy-link", NULL, copy_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-link", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-in-editor", NULL, open_in_editor_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.quick-open", NULL, quick_open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.quick-open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_install_action (widget_class, "win.zoom", "i", zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom", "i", 0);
  gtk_widget_class_install_action (widget_class, "player.toggle", NULL, player_toggle_action);
  gtk_widget_class_install_action (widget_class, "player.skip", "i", player_skip_action);
  gtk_widget_class_install_action (widget_class, "player.rate", "i", player_rate_action);
  gtk_widget_class_install_action (widget_class, "player.captions", NULL, player_captions_action);
  gtk_widget_class_install_action (widget_class, "player.set-rate", "d", player_set_rate_action);
  gtk_widget_class_install_action (widget_class, "player.mute", NULL, player_mute_action);
  gtk_widget_class_install_action (widget_class, "player.hide-video", NULL, player_hide_video_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "player.mute", NULL);

  /* The player's keys, as in video sites. They reach the window only when
   * the focused widget did not take them (so never while typing). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "player.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "player.skip", "i", -10);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "player.skip", "i", 10);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_less, GDK_SHIFT_MASK, "player.rate", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_greater, GDK_SHIFT_MASK, "player.rate", "i", 1);
  /* On ISO keyboards (German, French…) < is a key of its own, unshifted. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_less, 0, "player.rate", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "player.captions", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
}
