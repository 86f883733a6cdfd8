/* test-a11y.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* libatspi's headers declare a few functions without a prototype. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <atspi/atspi.h>
#pragma GCC diagnostic pop
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <X11/keysym.h>

/* libatspi 2.46 defines no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiEventListener, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiRect, g_free)

/* Lectern as a screen reader sees it: the built app runs in a process of
 * its own, on the sample notes, with GTK's AT-SPI backend on, and this
 * test reads its accessibility tree over the bus, as Orca would. A client
 * in the app's own process would call itself over the bus and could
 * deadlock, so the app is a child. Everything runs on a private session
 * bus (GTestDBus) that starts its own accessibility bus (at-spi2-core's
 * bus launcher and registry), never the desktop's. */

#define WAIT_S 20

static GTestDBus       *bus;
static GPid             app_pid;
static AtspiAccessible *app;
static AtspiAccessible *frame;
static char            *tmp_dir;
static const char      *skip_reason;

/* --- the tree --------------------------------------------------------------- */

static char *
role_name (AtspiAccessible *node)
{
  char *role = atspi_accessible_get_role_name (node, NULL);

  return role != NULL ? role : g_strdup ("?");
}

/* GTK 4.8 names an accessible that has none after its widget's type
 * ("GtkImage", "GtkSearchEntry"), which is no name to a listener. */
static gboolean
has_real_name (const char *name)
{
  g_autoptr(GRegex) type_name = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  type_name = g_regex_new ("^(Gtk|Adw|Lec|WebKit)[A-Z][A-Za-z]*$", 0, 0, NULL);
  return !g_regex_match (type_name, name, 0, NULL);
}

typedef gboolean (*Visit) (AtspiAccessible *node,
                           int              depth,
                           gpointer         data);

/* Calls @visit on @node and everything under it; stops early when it
 * returns FALSE. The cache is dropped first: the tree is read as it is
 * now, not as it was when last asked. */
static gboolean
walk (AtspiAccessible *node,
      int              depth,
      Visit            visit,
      gpointer         data)
{
  int n;

  atspi_accessible_clear_cache (node);
  if (!visit (node, depth, data))
    return FALSE;
  n = atspi_accessible_get_child_count (node, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (node, i, NULL);

      if (child != NULL && !walk (child, depth + 1, visit, data))
        return FALSE;
    }
  return TRUE;
}

static char *
describe (AtspiAccessible *node)
{
  g_autofree char *role = role_name (node);
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (node, NULL);
  g_autofree char *parent_role = parent != NULL ? role_name (parent) : NULL;
  g_autofree char *parent_name = parent != NULL ? atspi_accessible_get_name (parent, NULL) : NULL;

  return g_strdup_printf ("%s \"%s\" (in %s \"%s\")", role, name != NULL ? name : "",
                          parent_role != NULL ? parent_role : "-", parent_name != NULL ? parent_name : "");
}

/* Whether @node is the child of its parent that its index in the parent
 * says it is. */
static gboolean
index_is_real (AtspiAccessible *node)
{
  g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (node, NULL);
  int index = atspi_accessible_get_index_in_parent (node, NULL);
  g_autoptr(AtspiAccessible) there = NULL;

  if (parent == NULL || atspi_accessible_get_role (node, NULL) == ATSPI_ROLE_APPLICATION)
    return TRUE;
  there = index >= 0 ? atspi_accessible_get_child_at_index (parent, index, NULL) : NULL;
  return there == node;
}

static gboolean
dump_node (AtspiAccessible *node,
           int              depth,
           gpointer         data)
{
  g_autofree char *role = role_name (node);
  g_autofree char *name = atspi_accessible_get_name (node, NULL);
  g_autoptr(GHashTable) attributes = atspi_accessible_get_attributes (node, NULL);
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (node);
  g_autoptr(GString) extra = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (attributes != NULL)
    {
      g_hash_table_iter_init (&iter, attributes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_strcmp0 (key, "toolkit") != 0)
          g_string_append_printf (extra, " %s=%s", (char *) key, (char *) value);
    }
  if (atspi_state_set_contains (states, ATSPI_STATE_FOCUSABLE))
    g_string_append (extra, " focusable");
  if (!index_is_real (node))
    g_string_append (extra, " INDEX-WRONG");
  g_printerr ("%*s[%s] \"%s\" #%d%s\n", depth * 2, "", role, name != NULL ? name : "",
              atspi_accessible_get_index_in_parent (node, NULL), extra->str);
  return TRUE;
}

/* LECTERN_A11Y_DUMP=1 prints the tree as the test reads it. */
static void
maybe_dump (const char *when)
{
  if (g_getenv ("LECTERN_A11Y_DUMP") == NULL)
    return;
  g_printerr ("--- the tree %s ---\n", when);
  walk (app, 0, dump_node, NULL);
}

typedef struct
{
  AtspiRole        role;
  const char      *name_prefix;  /* NULL: any */
  AtspiAccessible *found;
} Find;

static gboolean
find_node (AtspiAccessible *node,
           int              depth,
           gpointer         data)
{
  Find *find = data;
  g_autofree char *name = NULL;

  if (atspi_accessible_get_role (node, NULL) != find->role)
    return TRUE;
  name = atspi_accessible_get_name (node, NULL);
  if (find->name_prefix != NULL && (name == NULL || !g_str_has_prefix (name, find->name_prefix)))
    return TRUE;
  find->found = g_object_ref (node);
  return FALSE;
}

/* The first node under @root of @role whose name starts with @prefix. */
static AtspiAccessible *
find (AtspiAccessible *root,
      AtspiRole        role,
      const char      *prefix)
{
  Find f = { role, prefix, NULL };

  walk (root, 0, find_node, &f);
  return f.found;
}

/* Runs the main loop (the bus's events) until @root holds a node of @role
 * named @prefix…; fails the test after WAIT_S seconds. */
static AtspiAccessible *
wait_for_node (AtspiAccessible *root,
               AtspiRole        role,
               const char      *prefix)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  AtspiAccessible *node;

  while ((node = find (root, role, prefix)) == NULL)
    {
      if (g_get_monotonic_time () > end)
        {
          g_autofree char *role_text = atspi_role_get_name (role);

          maybe_dump ("when the wait ran out");
          g_error ("Waited %d s in vain for a %s named “%s…”", WAIT_S, role_text, prefix ? prefix : "");
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50 * 1000);
    }
  return node;
}

/* Does the action named @name of @node, as a screen reader's user would. */
static void
do_action (AtspiAccessible *node,
           const char      *name)
{
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (node);
  int n = action != NULL ? atspi_action_get_n_actions (action, NULL) : 0;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *candidate = atspi_action_get_action_name (action, i, NULL);

      if (g_strcmp0 (candidate, name) == 0)
        {
          atspi_action_do_action (action, i, &error);
          g_assert_no_error (error);
          return;
        }
    }
  g_error ("%s has no action “%s”", describe (node), name);
}

/* --- the app ---------------------------------------------------------------- */

static AtspiAccessible *
find_app (void)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) candidate = atspi_accessible_get_child_at_index (desktop, i, NULL);
      g_autofree char *name = candidate != NULL ? atspi_accessible_get_name (candidate, NULL) : NULL;

      if (g_strcmp0 (name, "lectern") == 0)
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/* Asks the private session bus for the accessibility bus, which starts
 * at-spi2-core's launcher; NULL when there is none to be had. */
static char *
start_a11y_bus (GError **error)
{
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autoptr(GVariant) reply = NULL;
  char *address = NULL;

  if (session == NULL)
    return NULL;
  reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                       "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, WAIT_S * 1000, NULL, error);
  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(s)", &address);
  return address;
}

/* The app goes when the test does, even when a failed assertion ends it,
 * and writes to stderr: stdout is the test's TAP. */
static void
die_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
}

/* Starts the private buses and Lectern on the sample notes, and waits for
 * its window in the tree. Sets skip_reason when the buses cannot start. */
static void
start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *display = NULL;
  int stdout_fd;
  g_autofree char *lectern = g_test_build_filename (G_TEST_BUILT, "..", "src", "ui", "lectern", NULL);
  const char *samples = g_getenv ("LECTERN_SAMPLE_NOTES_DIR");
  const char *argv[] = { lectern, samples, NULL };
  const char *xdg[] = { "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME" };
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_auto(GStrv) env = NULL;
  gint64 end;

  if (dbus_daemon == NULL)
    {
      skip_reason = "no dbus-daemon: install dbus-daemon (build-aux/dev deps does)";
      return;
    }

  /* The bus launcher puts its socket in the runtime folder, named after
   * the display: a private one keeps it apart from any other session. */
  tmp_dir = g_dir_make_tmp ("test-a11y-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_RUNTIME_DIR", tmp_dir, TRUE);
  g_unsetenv ("AT_SPI_BUS_ADDRESS");
  g_unsetenv ("GTK_A11Y");
  g_unsetenv ("NO_AT_BRIDGE");

  /* GTestDBus empties DISPLAY (so that D-Bus never autolaunches on X);
   * the app and the bus launcher need it. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_add_service_dir (bus, "/usr/share/dbus-1/services");
  /* The bus and what it starts (the registry says it runs) write to
   * stderr: stdout is the test's TAP. */
  fflush (stdout);
  stdout_fd = dup (STDOUT_FILENO);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  g_test_dbus_up (bus);
  dup2 (stdout_fd, STDOUT_FILENO);
  close (stdout_fd);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  address = start_a11y_bus (&error);
  if (address == NULL)
    {
      static char reason[512];

      g_snprintf (reason, sizeof reason, "the accessibility bus did not start (%s): install at-spi2-core",
                  error != NULL ? error->message : "?");
      skip_reason = reason;
      return;
    }
  /* Both sides use this bus, whatever an X root window property says. */
  g_setenv ("AT_SPI_BUS_ADDRESS", address, TRUE);
  g_assert_cmpint (atspi_init (), ==, 0);

  env = g_get_environ ();
  /* A first start: no settings, index or places of its own yet. */
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, xdg[i], NULL);

      env = g_environ_setenv (env, xdg[i], dir, TRUE);
    }
  g_assert_true (g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, die_with_test, NULL,
                                &app_pid, &error));
  g_assert_no_error (error);

  end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  while ((app = find_app ()) == NULL)
    {
      if (g_get_monotonic_time () > end)
        g_error ("Lectern did not appear in the accessibility tree in %d s", WAIT_S);
      g_usleep (50 * 1000);
    }
  frame = wait_for_node (app, ATSPI_ROLE_FRAME, NULL);
}

static void
stop (void)
{
  if (app_pid != 0)
    {
      int status;

      kill (app_pid, SIGTERM);
      waitpid (app_pid, &status, 0);
      g_spawn_close_pid (app_pid);
    }
  g_clear_object (&frame);
  g_clear_object (&app);
  if (bus != NULL)
    {
      atspi_exit ();
      g_test_dbus_down (bus);
      g_clear_object (&bus);
    }
  if (tmp_dir != NULL)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp_dir);

      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
      g_free (tmp_dir);
    }
}

static gboolean
check_skip (void)
{
  if (skip_reason == NULL)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

/* --- the tests -------------------------------------------------------------- */

/* Types @text and presses Enter, through XTest, as the keyboard would. */
static void
type_line (const char *text)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (0, text, ATSPI_KEY_STRING, &error);
  g_assert_no_error (error);
  atspi_generate_keyboard_event (XK_Return, NULL, ATSPI_KEY_SYM, &error);
  g_assert_no_error (error);
}

/* Opens the sample note that has a video of its own, through quick open. */
static void
open_video_note (void)
{
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) play = NULL;

  do_action (frame, "win.quick-open");
  entry = wait_for_node (app, ATSPI_ROLE_ENTRY, "Find a note");
  type_line ("Refractors and reflectors");
  play = wait_for_node (frame, ATSPI_ROLE_PUSH_BUTTON, "Play");
}

/* Whether @node is something a reader operates, which must have a name:
 * buttons, entries, sliders, menus and their items, and whatever else
 * takes focus but a container of other things. */
static gboolean
is_control (AtspiAccessible *node)
{
  static const AtspiRole controls[] = {
    ATSPI_ROLE_PUSH_BUTTON, ATSPI_ROLE_TOGGLE_BUTTON, ATSPI_ROLE_CHECK_BOX,
    ATSPI_ROLE_RADIO_BUTTON, ATSPI_ROLE_ENTRY, ATSPI_ROLE_PASSWORD_TEXT,
    ATSPI_ROLE_SPIN_BUTTON, ATSPI_ROLE_SLIDER, ATSPI_ROLE_COMBO_BOX,
    ATSPI_ROLE_MENU, ATSPI_ROLE_MENU_ITEM, ATSPI_ROLE_CHECK_MENU_ITEM,
    ATSPI_ROLE_RADIO_MENU_ITEM, ATSPI_ROLE_PAGE_TAB, ATSPI_ROLE_LINK,
    ATSPI_ROLE_LIST_ITEM, ATSPI_ROLE_TIMER,
  };
  static const AtspiRole containers[] = {
    ATSPI_ROLE_SCROLL_PANE, ATSPI_ROLE_LIST, ATSPI_ROLE_FRAME,
    ATSPI_ROLE_DIALOG, ATSPI_ROLE_WINDOW,
  };
  AtspiRole role = atspi_accessible_get_role (node, NULL);
  g_autoptr(AtspiStateSet) states = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (role == controls[i])
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    if (role == containers[i])
      return FALSE;
  states = atspi_accessible_get_state_set (node);
  return atspi_state_set_contains (states, ATSPI_STATE_FOCUSABLE);
}

static gboolean
collect_nameless (AtspiAccessible *node,
                  int              depth,
                  gpointer         data)
{
  GPtrArray *nameless = data;
  g_autofree char *name = NULL;

  if (!is_control (node))
    return TRUE;
  name = atspi_accessible_get_name (node, NULL);
  if (!has_real_name (name))
    g_ptr_array_add (nameless, describe (node));
  return TRUE;
}

/* Every control under @root (the app: all its windows) has a name. */
static void
assert_all_named (AtspiAccessible *root,
                  const char      *when)
{
  g_autoptr(GPtrArray) nameless = g_ptr_array_new_with_free_func (g_free);

  walk (root, 0, collect_nameless, nameless);
  for (guint i = 0; i < nameless->len; i++)
    g_test_message ("%s: no name: %s", when, (char *) nameless->pdata[i]);
  if (nameless->len > 0)
    {
      maybe_dump (when);
      g_test_fail_printf ("%u controls have no name %s (see above; LECTERN_A11Y_DUMP=1 shows the tree)",
                          nameless->len, when);
    }
}

/* Clicks the button inside the menu button @name (GTK 4.8 nests one). */
static void
click_menu_button (AtspiAccessible *root,
                   const char      *name)
{
  g_autoptr(AtspiAccessible) outer = wait_for_node (root, ATSPI_ROLE_PUSH_BUTTON, name);
  g_autoptr(AtspiAccessible) inner = atspi_accessible_get_child_at_index (outer, 0, NULL);

  g_assert_nonnull (inner);
  do_action (inner, "click");
}

static gboolean ready;

/* The sample notes are listed, and the note with a video of its own is
 * open, its player showing. */
static void
get_ready (void)
{
  g_autoptr(AtspiAccessible) channel = NULL;

  if (ready)
    return;
  channel = wait_for_node (app, ATSPI_ROLE_LABEL, "OpenSkies");
  maybe_dump ("at start");
  open_video_note ();
  maybe_dump ("with a video");
  ready = TRUE;
}

/* Issue 16: the volume button, the find bar's close button and the two
 * sidebar search entries had no name; nor had the library's rows, the
 * divider, the menus, the offline page's YouTube button. */
static void
test_controls_named (void)
{
  g_autoptr(AtspiAccessible) menu = NULL;

  if (check_skip ())
    return;
  get_ready ();
  assert_all_named (app, "in the window with a video playing");

  click_menu_button (frame, "Main Menu");
  menu = wait_for_node (frame, ATSPI_ROLE_MENU, "Main Menu");
  assert_all_named (menu, "in the main menu");
  click_menu_button (frame, "Main Menu");
  g_clear_object (&menu);

  click_menu_button (frame, "Speed");
  menu = wait_for_node (frame, ATSPI_ROLE_MENU, "Speed");
  assert_all_named (menu, "in the speed menu");
  click_menu_button (frame, "Speed");

  /* The volume's popup. */
  {
    g_autoptr(AtspiAccessible) volume = wait_for_node (frame, ATSPI_ROLE_FILLER, "Volume");
    g_autoptr(AtspiAccessible) button = wait_for_node (volume, ATSPI_ROLE_PUSH_BUTTON, NULL);
    g_autoptr(AtspiAccessible) slider = NULL;

    do_action (button, "click");
    slider = wait_for_node (volume, ATSPI_ROLE_SLIDER, NULL);
    maybe_dump ("volume");
    assert_all_named (volume, "in the volume's popup");
    do_action (button, "click");
  }

  /* Quick open, with what it found. (The preferences window is left
   * out: what has no name there is libadwaita's own, its view switcher's
   * tabs, its search entry and its search results.) */
  do_action (frame, "win.quick-open");
  {
    g_autoptr(AtspiAccessible) entry = wait_for_node (app, ATSPI_ROLE_ENTRY, "Find a note");
    g_autoptr(AtspiAccessible) matches = NULL;
    g_autoptr(AtspiAccessible) match = NULL;
    g_autoptr(GError) error = NULL;

    atspi_generate_keyboard_event (0, "light", ATSPI_KEY_STRING, &error);
    g_assert_no_error (error);
    matches = wait_for_node (app, ATSPI_ROLE_LIST, "Matches");
    match = wait_for_node (matches, ATSPI_ROLE_LABEL, "Light gathering");
    {
      g_autoptr(AtspiAccessible) window = g_object_ref (matches);

      /* Quick open's own window: up from its list to the app. */
      for (;;)
        {
          g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (window, NULL);

          if (parent == NULL || atspi_accessible_get_role (parent, NULL) == ATSPI_ROLE_APPLICATION)
            break;
          g_set_object (&window, parent);
        }
      assert_all_named (window, "in quick open");
    }
    atspi_generate_keyboard_event (XK_Escape, NULL, ATSPI_KEY_SYM, &error);
    g_assert_no_error (error);
  }
}

/* What a screen reader says of a menu item's place: its index among its
 * parent's children, which GTK 4.8 counts within the item's section (a
 * box of its own), and no "posinset"/"setsize" attributes, which GTK 4.8
 * does not export (it drops GTK_ACCESSIBLE_RELATION_POS_IN_SET and
 * _SET_SIZE). What can be held: each index is the item's real place in
 * the tree (the parent's child at that index is the item), the items of
 * a section count 0, 1, 2… in the order shown, and the menu has a name. */
typedef struct
{
  GPtrArray *names;
  GString   *places;
} MenuItems;

static gboolean
collect_items (AtspiAccessible *node,
               int              depth,
               gpointer         data)
{
  MenuItems *items = data;
  int index;

  if (atspi_accessible_get_role (node, NULL) != ATSPI_ROLE_MENU_ITEM)
    return TRUE;
  g_ptr_array_add (items->names, atspi_accessible_get_name (node, NULL));
  index = atspi_accessible_get_index_in_parent (node, NULL);
  g_assert_true (index_is_real (node));
  {
    /* A GTK that gives the place as attributes must give this one. */
    g_autoptr(GHashTable) attributes = atspi_accessible_get_attributes (node, NULL);
    const char *posinset = attributes != NULL ? g_hash_table_lookup (attributes, "posinset") : NULL;

    if (posinset != NULL)
      g_assert_cmpint (atoi (posinset), ==, index + 1);
  }
  g_string_append_printf (items->places, "%s%d", index == 0 && items->places->len > 0 ? " | " : " ", index);
  return TRUE;
}

static void
check_menu (const char *button,
            const char *expected_names,
            const char *expected_places)
{
  g_autoptr(AtspiAccessible) menu = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) places = g_string_new (NULL);
  MenuItems items = { names, places };
  g_autofree char *menu_name = NULL;
  g_autofree char *joined = NULL;

  click_menu_button (frame, button);
  menu = wait_for_node (frame, ATSPI_ROLE_MENU, button);
  wait_for_node (menu, ATSPI_ROLE_MENU_ITEM, NULL);
  menu_name = atspi_accessible_get_name (menu, NULL);
  g_assert_cmpstr (menu_name, ==, button);
  walk (menu, 0, collect_items, &items);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  g_assert_cmpstr (joined, ==, expected_names);
  g_assert_cmpstr (g_strstrip (places->str), ==, expected_places);
  click_menu_button (frame, button);
}

static void
test_menu_positions (void)
{
  if (check_skip ())
    return;
  get_ready ();
  check_menu ("Main Menu", "Open Folder…, Open Sample Notes, Preferences, Keyboard Shortcuts, About Lectern",
              "0 1 | 0 1 2");
  check_menu ("Note Menu", "Find in Note, Copy Link to Note, Open in Text Editor, Print…",
              "0 1 2 | 0");
  check_menu ("Speed", "0.5×, 0.75×, 1×, 1.25×, 1.5×, 1.75×, 2×", "0 1 2 3 4 5 6");
}

/* The time of the player is a timer whose name says it: "Playback
 * position 0:00 of 3:00". As the video plays the name follows, once a
 * second, not at each of the player's reports (several a second), and
 * never as anything else (a GtkLabel as the timer was also announced as
 * "00:01 / 03:00" at each second). */
static guint name_changes;
static guint other_names;
static AtspiAccessible *watched;

static void
on_name_changed (AtspiEvent *event,
                 gpointer    data)
{
  if (event->source == watched)
    {
      const char *name = G_VALUE_HOLDS_STRING (&event->any_data) ? g_value_get_string (&event->any_data) : NULL;

      name_changes++;
      if (name == NULL || !g_str_has_prefix (name, "Playback position "))
        {
          g_test_message ("the timer was named \"%s\"", name);
          other_names++;
        }
    }
  g_boxed_free (ATSPI_TYPE_EVENT, event);
}

static void
test_timer (void)
{
  g_autoptr(AtspiAccessible) timer = NULL;
  g_autoptr(AtspiEventListener) listener = NULL;
  g_autoptr(GRegex) time_name = g_regex_new ("^Playback position ([0-9]+):([0-9][0-9]) of [0-9]+:[0-9][0-9]$", 0, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 end;

  if (check_skip ())
    return;
  get_ready ();

  /* Once the player knows the video's length. */
  timer = wait_for_node (frame, ATSPI_ROLE_TIMER, "Playback position 0:00 of ");
  name = atspi_accessible_get_name (timer, NULL);
  g_assert_true (g_regex_match (time_name, name, 0, NULL));
  g_assert_cmpstr (name, ==, "Playback position 0:00 of 3:00");

  watched = timer;
  listener = atspi_event_listener_new (on_name_changed, NULL, NULL);
  atspi_event_listener_register (listener, "object:property-change:accessible-name", &error);
  g_assert_no_error (error);

  /* Plays until the name has said three more seconds. */
  do_action (frame, "player.toggle");
  end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  g_hash_table_add (seen, g_steal_pointer (&name));
  while (g_hash_table_size (seen) < 4)
    {
      if (g_get_monotonic_time () > end)
        g_error ("The timer's name did not follow the playing video in %d s", WAIT_S);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
      atspi_accessible_clear_cache (timer);
      name = atspi_accessible_get_name (timer, NULL);
      g_assert_true (g_regex_match (time_name, name, 0, NULL));
      g_hash_table_add (seen, g_steal_pointer (&name));
    }
  do_action (frame, "player.toggle");
  /* The events of the last change may still be on their way. */
  for (int i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);

  g_test_message ("%u name changes announced for %u seconds shown", name_changes, g_hash_table_size (seen) - 1);
  g_assert_cmpuint (other_names, ==, 0);
  g_assert_cmpuint (name_changes, >=, 1);
  g_assert_cmpuint (name_changes, <=, g_hash_table_size (seen));
  atspi_event_listener_deregister (listener, "object:property-change:accessible-name", NULL);
  watched = NULL;
}

/* The library's arrows say what they open ("Videos of OpenSkies", "Notes
 * of …"), the rows and their expanders are named after their titles;
 * GTK 4.8 called all of them "Expand", and the rows nothing. Also after
 * a channel is closed and opened again. */
typedef struct
{
  guint      channels;
  guint      videos;
  GPtrArray *wrong;
} Arrows;

static gboolean
check_arrow (AtspiAccessible *node,
             int              depth,
             gpointer         data)
{
  Arrows *arrows = data;
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (node);
  g_autoptr(AtspiAccessible) arrow = NULL;
  g_autofree char *title = NULL;
  g_autofree char *opens = NULL;
  g_autofree char *row_name = NULL;
  g_autoptr(AtspiAccessible) row = NULL;
  g_autoptr(AtspiAccessible) box = NULL;
  g_autoptr(AtspiAccessible) title_label = NULL;
  gboolean expander = FALSE;
  int n;

  n = action != NULL ? atspi_action_get_n_actions (action, NULL) : 0;
  for (int i = 0; i < n && !expander; i++)
    {
      g_autofree char *action_name = atspi_action_get_action_name (action, i, NULL);

      expander = g_strcmp0 (action_name, "listitem.toggle-expand") == 0;
    }
  if (!expander)
    return TRUE;

  /* The expander holds the arrow (when the row opens) and the box of
   * the title and its detail. */
  title = atspi_accessible_get_name (node, NULL);
  row = atspi_accessible_get_parent (node, NULL);
  row_name = atspi_accessible_get_name (row, NULL);
  n = atspi_accessible_get_child_count (node, NULL);
  box = atspi_accessible_get_child_at_index (node, n - 1, NULL);
  title_label = atspi_accessible_get_child_at_index (box, 0, NULL);
  {
    g_autofree char *shown = atspi_accessible_get_name (title_label, NULL);

    if (g_strcmp0 (title, shown) != 0 || g_strcmp0 (row_name, shown) != 0)
      g_ptr_array_add (arrows->wrong, g_strdup_printf ("row \"%s\", expander \"%s\" for \"%s\"",
                                                       row_name, title, shown));
  }
  if (n < 2)
    return TRUE;

  arrow = atspi_accessible_get_child_at_index (node, 0, NULL);
  opens = atspi_accessible_get_name (arrow, NULL);
  if (g_str_has_prefix (opens, "Videos of ") && g_strcmp0 (opens + strlen ("Videos of "), title) == 0)
    arrows->channels++;
  else if (g_str_has_prefix (opens, "Notes of ") && g_strcmp0 (opens + strlen ("Notes of "), title) == 0)
    arrows->videos++;
  else
    g_ptr_array_add (arrows->wrong, g_strdup_printf ("arrow \"%s\" of \"%s\"", opens, title));
  return TRUE;
}

/* Checks every row of @library, and gives the number of videos shown. */
static guint
check_arrows (AtspiAccessible *library)
{
  g_autoptr(GPtrArray) wrong = g_ptr_array_new_with_free_func (g_free);
  Arrows arrows = { 0, 0, wrong };

  walk (library, 0, check_arrow, &arrows);
  for (guint i = 0; i < wrong->len; i++)
    g_test_message ("misnamed: %s", (char *) wrong->pdata[i]);
  g_assert_cmpuint (wrong->len, ==, 0);
  g_assert_cmpuint (arrows.channels, ==, 2);
  return arrows.videos;
}

static void
wait_for_videos (AtspiAccessible *library,
                 guint            videos)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  while (check_arrows (library) != videos)
    {
      if (g_get_monotonic_time () > end)
        {
          maybe_dump ("when the videos did not come or go");
          g_error ("Waited %d s in vain for %u videos in the library", WAIT_S, videos);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50 * 1000);
    }
}

static void
test_library_expanders (void)
{
  g_autoptr(AtspiAccessible) library = NULL;
  g_autoptr(AtspiAccessible) channel = NULL;
  g_autoptr(AtspiAccessible) expander = NULL;
  guint videos;

  if (check_skip ())
    return;
  get_ready ();

  /* Opening the note opened its channel, OpenSkies, and its videos. */
  library = wait_for_node (frame, ATSPI_ROLE_LIST, "Library");
  wait_for_node (library, ATSPI_ROLE_PUSH_BUTTON, "Notes of ");
  videos = check_arrows (library);
  g_assert_cmpuint (videos, >=, 2);

  channel = wait_for_node (library, ATSPI_ROLE_LABEL, "OpenSkies");
  {
    g_autoptr(AtspiAccessible) box = atspi_accessible_get_parent (channel, NULL);

    expander = atspi_accessible_get_parent (box, NULL);
  }
  /* Its videos (and the group of its own pages) go, and come back. */
  do_action (expander, "listitem.collapse");
  wait_for_videos (library, 0);
  do_action (expander, "listitem.expand");
  wait_for_videos (library, videos);
}

/* The note page's paragraph that follows the playing video carries
 * aria-current (page/note.js). Whether a screen reader can see it depends
 * on WebKit putting the page's tree under the web view: WebKitGTK 6.0
 * does that through GTK's AT-SPI socket, which GTK has only from 4.14, so
 * with GTK 4.8 the web view is a leaf of the tree and no other
 * application holds the page. This test looks for the page anywhere on
 * the bus and says which it found. */
typedef struct
{
  guint documents;
  guint paragraphs;
  guint current;
} Page;

static gboolean
look_at_page (AtspiAccessible *node,
              int              depth,
              gpointer         data)
{
  Page *page = data;
  AtspiRole role = atspi_accessible_get_role (node, NULL);

  if (role == ATSPI_ROLE_DOCUMENT_WEB || role == ATSPI_ROLE_DOCUMENT_FRAME)
    page->documents++;
  if (role == ATSPI_ROLE_PARAGRAPH)
    {
      g_autoptr(GHashTable) attributes = atspi_accessible_get_attributes (node, NULL);

      page->paragraphs++;
      if (attributes != NULL && g_hash_table_lookup (attributes, "current") != NULL)
        page->current++;
    }
  return TRUE;
}

static void
test_current_paragraph (void)
{
  g_autoptr(AtspiAccessible) desktop = NULL;
  g_autoptr(AtspiAccessible) view = NULL;
  Page page = { 0 };
  int n;

  if (check_skip ())
    return;
  get_ready ();

  view = wait_for_node (frame, ATSPI_ROLE_FILLER, "LecNoteView");
  desktop = atspi_get_desktop (0);
  n = atspi_accessible_get_child_count (desktop, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) other = atspi_accessible_get_child_at_index (desktop, i, NULL);
      g_autofree char *name = other != NULL ? atspi_accessible_get_name (other, NULL) : NULL;

      g_test_message ("application on the bus: \"%s\"", name);
      if (other != NULL)
        walk (other, 0, look_at_page, &page);
    }
  g_test_message ("the note view has %d children; %u documents, %u paragraphs, %u of them current",
                  atspi_accessible_get_child_count (view, NULL), page.documents, page.paragraphs, page.current);
  if (page.documents == 0)
    {
      g_test_incomplete ("the note page is not in the accessibility tree: WebKitGTK embeds it "
                         "through GtkAtSpiSocket, which GTK 4.8 does not have");
      return;
    }
  g_assert_cmpuint (page.current, ==, 1);
}

/* The menu under @root, once there is one; NULL if none comes in 2 s. */
static AtspiAccessible *
wait_for_menu (AtspiAccessible *root)
{
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  AtspiAccessible *menu;

  while ((menu = find (root, ATSPI_ROLE_MENU, NULL)) == NULL && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  return menu;
}

/* Closes WebKit's context menu, which WebKit then destroys. */
static void
close_context_menu (AtspiAccessible *root)
{
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  atspi_generate_keyboard_event (XK_Escape, NULL, ATSPI_KEY_SYM, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(AtspiAccessible) menu = find (root, ATSPI_ROLE_MENU, NULL);

      if (menu == NULL)
        return;
      if (g_get_monotonic_time () > end)
        g_error ("Waited %d s in vain for the context menu to close", WAIT_S);
      g_usleep (20 * 1000);
    }
}

/* The note's context menus (WebKit's, a GtkPopoverMenu GTK 4.8 left
 * nameless) are named "Link Menu" and "Page Menu", and their items'
 * places are real as in the app's own menus. The link is the note's
 * first, "From: [[OpenSkies]]", found by right-clicking down the page's
 * left side until a link's menu comes. */
static void
test_context_menus (void)
{
  g_autoptr(AtspiAccessible) view = NULL;
  g_autoptr(AtspiComponent) component = NULL;
  g_autoptr(AtspiRect) rect = NULL;
  g_autoptr(GError) error = NULL;
  gboolean page_menu = FALSE, link_menu = FALSE;

  if (check_skip ())
    return;
  get_ready ();
  view = wait_for_node (frame, ATSPI_ROLE_FILLER, "LecNoteView");
  component = atspi_accessible_get_component_iface (view);
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_SCREEN, &error);
  g_assert_no_error (error);

  for (int y = 40, tries = 0; y < MIN (rect->height, 400) && !(page_menu && link_menu); y += 12)
    {
      g_autoptr(AtspiAccessible) menu = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) places = g_string_new (NULL);
      MenuItems items = { names, places };
      g_autofree char *name = NULL;
      g_autofree char *joined = NULL;

      atspi_generate_mouse_event (rect->x + 90, rect->y + y, "b3c", &error);
      g_assert_no_error (error);
      menu = wait_for_menu (view);
      /* A click right after a menu closed may go unseen: once more. */
      if (menu == NULL && tries++ == 0)
        y -= 12;
      if (menu == NULL)
        continue;
      tries = 0;
      wait_for_node (menu, ATSPI_ROLE_MENU_ITEM, NULL);
      name = atspi_accessible_get_name (menu, NULL);
      walk (menu, 0, collect_items, &items);
      g_ptr_array_add (names, NULL);
      joined = g_strjoinv (", ", (char **) names->pdata);
      g_test_message ("at %d px: %s: %s (places %s)", y, name, joined, places->str);
      if (g_strcmp0 (name, "Link Menu") == 0)
        {
          g_assert_true (g_str_has_prefix (joined, "Open Link"));
          g_assert_cmpstr (g_strstrip (places->str), ==, "0 1");
          if (!link_menu)
            assert_all_named (menu, "in a link's menu");
          link_menu = TRUE;
        }
      else
        {
          g_assert_cmpstr (name, ==, "Page Menu");
          if (!page_menu)
            assert_all_named (menu, "in the page's menu");
          page_menu = TRUE;
        }
      close_context_menu (view);
    }
  g_assert_true (page_menu);
  g_assert_true (link_menu);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_set_prgname ("test-a11y");
  /* libatspi asks every new application for its cache of the tree, which
   * GTK 4 does not have, and says so in a warning: no failure. Warnings
   * are not fatal here, unlike in other tests (g_test_init makes them
   * so): what this test checks, it asserts. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  start ();
  g_test_add_func ("/a11y/controls-named", test_controls_named);
  g_test_add_func ("/a11y/menu-positions", test_menu_positions);
  g_test_add_func ("/a11y/timer", test_timer);
  g_test_add_func ("/a11y/library-expanders", test_library_expanders);
  g_test_add_func ("/a11y/current-paragraph", test_current_paragraph);
  g_test_add_func ("/a11y/context-menus", test_context_menus);
  status = g_test_run ();
  stop ();
  return status;
}
