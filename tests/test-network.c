/* test-network.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Nothing leaves the machine unasked: with online content off, no link,
 * image, hover or click of a note makes a DNS lookup, a connection or a
 * request before the reader agreed. A listener on 127.0.0.1 records every
 * connection, bare or not; it is also the proxy of the note view's
 * network session (and of the environment), so links to other hosts reach
 * it too. Links of every scheme are hovered, clicked, middle-clicked,
 * activated from the keyboard and from their context menu, and the
 * "open in browser?" question is answered both ways. The test fails at the
 * first connection, naming what made it. */

#include "config.h"

#include "lec-application.h"
#include "lec-window.h"
#include "test-ui.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

/* WebKit connected within ~30 ms of a click (PLATFORM.md); this leaves
 * room on a busy machine. */
#define SETTLE_MS 150

/* --- the listener --------------------------------------------------------- */

typedef struct
{
  GSocketService *service;
  guint16         port;
  GPtrArray      *seen;         /* per connection: its first line, or "(connect)" */
  GPtrArray      *connections;  /* kept open, never answered */
} Listener;

typedef struct
{
  Listener *listener;
  guint     index;
  char      buffer[256];
} Read;

static void
on_first_bytes (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Read *read = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n > 0)
    {
      char *line = g_strndup (read->buffer, strcspn (read->buffer, "\r\n"));

      /* TLS or another binary start: say so rather than print it. */
      if (!g_utf8_validate (line, -1, NULL) || (guchar) read->buffer[0] < ' ')
        {
          g_free (line);
          line = g_strdup_printf ("%zd bytes starting 0x%02x (a TLS ClientHello is 0x16)",
                                  n, (guchar) read->buffer[0]);
        }
      g_free (read->listener->seen->pdata[read->index]);
      read->listener->seen->pdata[read->index] = line;
    }
  g_free (read);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Listener          *listener)
{
  Read *read = g_new0 (Read, 1);

  read->listener = listener;
  read->index = listener->seen->len;
  g_ptr_array_add (listener->seen, g_strdup ("(a bare connect)"));
  g_ptr_array_add (listener->connections, g_object_ref (connection));
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             read->buffer, sizeof read->buffer - 1, G_PRIORITY_DEFAULT, NULL,
                             on_first_bytes, read);
  return TRUE;
}

static void
listener_start (Listener *listener)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  listener->seen = g_ptr_array_new_with_free_func (g_free);
  listener->connections = g_ptr_array_new_with_free_func (g_object_unref);
  listener->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (listener->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  listener->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (listener->service, "incoming", G_CALLBACK (on_incoming), listener);
  g_socket_service_start (listener->service);
}

static void
listener_stop (Listener *listener)
{
  g_socket_service_stop (listener->service);
  g_socket_listener_close (G_SOCKET_LISTENER (listener->service));
  g_clear_object (&listener->service);
  g_clear_pointer (&listener->connections, g_ptr_array_unref);
  g_clear_pointer (&listener->seen, g_ptr_array_unref);
}

/* Fails the test if anything connected since the start, naming @what. */
static void
assert_quiet (Listener   *listener,
              const char *what)
{
  run_for (SETTLE_MS);
  if (listener->seen->len == 0)
    return;
  /* A moment more, to read what it asked for. */
  run_for (200);
  g_error ("%s: a connection reached the listener on 127.0.0.1:%u, %u in all; the first sent: %s",
           what, listener->port, listener->seen->len, (char *) listener->seen->pdata[0]);
}

/* --- the browser, stood in for -------------------------------------------- */

typedef struct
{
  GPtrArray *launched;
} Browser;

static void
launch (GtkWindow  *window,
        const char *uri,
        gpointer    user_data)
{
  Browser *browser = user_data;

  g_ptr_array_add (browser->launched, g_strdup (uri));
}

/* The "open in browser?" question on screen, or NULL. */
static AdwMessageDialog *
find_question (LecWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      return l->data;
  return NULL;
}

/* --- the note ------------------------------------------------------------- */

static char *
probe_note (guint16 port)
{
  return g_strdup_printf ("---\ntitle: Probe\nvideoId: netProbe001\n---\n\n"
                          "[local http](http://127.0.0.1:%u/direct) "
                          "[https](https://attacker.example/x) "
                          "[http](http://attacker.example/y) "
                          "[mail](mailto:reader@attacker.example) "
                          "[ftp](ftp://attacker.example/f) "
                          "[ws](ws://attacker.example/w) [wss](wss://attacker.example/w) "
                          "[file](file:///etc/passwd) "
                          "[data](data:text/html,hi) "
                          "[js](javascript:location='http://127.0.0.1:%u/js') "
                          "[unknown](attacker://attacker.example/u) "
                          "[relative host](//attacker.example/p) "
                          "[titled](https://attacker.example/t \"A title\").\n\n"
                          "Autolinks: www.attacker.example/auto and https://attacker.example/bare "
                          "and <https://attacker.example/angle> and reader@attacker.example.\n\n"
                          "![remote image](https://attacker.example/img.png)\n\n"
                          "[![linked image](https://attacker.example/img2.png)](https://attacker.example/wrapped)\n\n"
                          "A footnote[^1] and [[Other note]] and [[no such note]] at [00:01:05].\n\n"
                          "<a href=\"https://attacker.example/raw\">raw</a> "
                          "<a href=\"http://127.0.0.1:%u/raw\">raw local</a> "
                          "<a href=\"HTTPS://attacker.example/upper\">upper</a> "
                          "<a href=\"ht&#x09;tps://attacker.example/tab\">tab</a>\n\n"
                          "[^1]: See https://attacker.example/fn.\n",
                          port, port, port);
}

typedef struct
{
  LecWindow     *window;
  WebKitWebView *view;
  Listener       listener;
  Browser        browser;
  gboolean       finished;
  guint          answers;    /* questions answered: even ones are cancelled */
} Probe;

static void
open_probe (Probe *p)
{
  p->finished = FALSE;
  lec_window_open_note (p->window, "probe.md");
  wait_for (flag_set, &p->finished);
}

static guint number_links (Probe *p);

/* Back on the probe note if a link led elsewhere in Lectern. */
static void
back_to_probe (Probe *p)
{
  if (g_strcmp0 (lec_note_view_get_path (LEC_NOTE_VIEW (p->view)), "probe.md") != 0)
    {
      open_probe (p);
      number_links (p);
    }
}

/* Answers the question if a link asked it: Cancel, then Open, in turn.
 * Open hands the very address the question showed to the browser. */
static void
answer_question (Probe      *p,
                 const char *what)
{
  AdwMessageDialog *dialog = find_question (p->window);
  g_autofree char *shown = NULL;
  gboolean open;

  if (dialog == NULL)
    return;
  shown = g_strdup (adw_message_dialog_get_body (dialog));
  if (g_ascii_strncasecmp (shown, "http://", 7) != 0 && g_ascii_strncasecmp (shown, "https://", 8) != 0 &&
      g_ascii_strncasecmp (shown, "mailto:", 7) != 0)
    g_error ("%s asked to open “%s”", what, shown);
  open = p->answers++ % 2 == 1;
  g_test_message ("%s asked to open %s: %s", what, shown, open ? "Open" : "Cancel");
  g_ptr_array_set_size (p->browser.launched, 0);
  adw_message_dialog_response (dialog, open ? "open" : "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (open)
    {
      g_assert_cmpuint (p->browser.launched->len, ==, 1);
      g_assert_cmpstr (p->browser.launched->pdata[0], ==, shown);
    }
  else
    g_assert_cmpuint (p->browser.launched->len, ==, 0);
  assert_quiet (&p->listener, what);
}

/* Marks the page's links with their index (data-probe); returns how
 * many there are. */
static guint
number_links (Probe *p)
{
  g_autofree char *n = eval_string (p->view,
                                    "(() => { const links = document.querySelectorAll ('.lec-body a');"
                                    " links.forEach ((a, i) => a.dataset.probe = i);"
                                    " return String (links.length); }) ()");

  return (guint) atoi (n);
}

static char *
link_script (guint       i,
             const char *body)
{
  return g_strdup_printf ("(() => { const a = document.querySelector ('a[data-probe=\"%u\"]');"
                          " if (!a) return ''; %s }) ()", i, body);
}

/* What the reader sees of each link and where it leads, one per line. */
static char **
describe_links (Probe *p)
{
  g_autofree char *all = eval_string (p->view,
                                      "[...document.querySelectorAll ('.lec-body a')].map (a =>"
                                      " (a.textContent + ' → ' + (a.getAttribute ('href') || '(no href)'))"
                                      " .replace (/\\s+/g, ' ').slice (0, 120)).join ('\\n')");

  return g_strsplit (all, "\n", -1);
}

/* Where the middle of link @i is on the screen; FALSE if it has no box. */
static gboolean
link_on_screen (Probe *p,
                guint  i,
                int   *x,
                int   *y)
{
  /* A web image's placeholder inside a link: clicking it is the reader's
   * yes to that image (test-window's remote-images tests it), not a
   * link's activation. */
  g_autofree char *script = link_script (i, "if (a.querySelector ('button')) return '';"
                                            " a.scrollIntoView ({ block: 'center' });"
                                            " const r = a.getClientRects ()[0];"
                                            " return r ? Math.round (r.left + Math.min (r.width / 2, 8)) + ' ' +"
                                            "            Math.round (r.top + r.height / 2) : '';");
  g_autofree char *where = eval_string (p->view, script);
  int cx, cy;

  if (sscanf (where, "%d %d", &cx, &cy) != 2)
    return FALSE;
  test_input_to_screen (GTK_WIDGET (p->view), cx, cy, x, y);
  return TRUE;
}

/* The context menu of a link, as the reader would get it: checked, and
 * its "Copy Link Address" used; it is never shown. */
typedef struct
{
  gboolean  opened;
  char     *copied_from;  /* the link's href, when the menu was for one */
  gboolean  forbidden;    /* a download or new-window item was in it */
  GAction  *copy;         /* Lectern's own "Copy Link Address", if there */
} Menu;

static gboolean
on_context_menu (WebKitWebView       *view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit,
                 Menu                *m)
{
  m->opened = TRUE;
  g_clear_pointer (&m->copied_from, g_free);
  m->copied_from = g_strdup (webkit_hit_test_result_get_link_uri (hit));
  g_clear_object (&m->copy);
  for (GList *l = webkit_context_menu_get_items (menu); l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;
      GAction *action = webkit_context_menu_item_get_gaction (item);

      switch (webkit_context_menu_item_get_stock_action (item))
        {
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW:
        case WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK:
        case WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK:
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW:
          m->forbidden = TRUE;
          break;
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
          /* WebKit's own would copy the page's form of an external link. */
          if (m->copied_from != NULL && g_str_has_prefix (m->copied_from, "lectern-external:"))
            m->forbidden = TRUE;
          break;
        default:
          if (action != NULL && g_str_equal (g_action_get_name (action), "copy-link"))
            m->copy = g_object_ref (action);
          break;
        }
    }
  /* Not shown: the test has no one to close it. */
  return TRUE;
}

static void
clipboard_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
check_context_menu (Probe *p,
                    guint  i,
                    int    x,
                    int    y,
                    const char *what)
{
  Menu m = { 0 };
  gulong id = g_signal_connect_after (p->view, "context-menu", G_CALLBACK (on_context_menu), &m);
  g_autofree char *href_script = link_script (i, "return a.getAttribute ('href') || '';");
  g_autofree char *href = eval_string (p->view, href_script);
  gboolean done = FALSE;
  guint timeout;

  test_input_move (x, y);
  run_for (50);
  test_input_button (3);
  timeout = g_timeout_add (2000, timed_out, &done);
  while (!m.opened && !done)
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (timeout);
  g_signal_handler_disconnect (p->view, id);
  assert_quiet (&p->listener, what);
  if (!m.opened)
    {
      g_test_message ("%s: no context menu came", what);
      return;
    }
  g_assert_false (m.forbidden);

  /* Copying a link out of Lectern gives its real address. */
  if (g_str_has_prefix (href, "lectern-external:"))
    {
      g_autofree char *text = NULL;
      g_autofree char *expected = g_uri_unescape_string (href + strlen ("lectern-external:"), NULL);

      g_assert_nonnull (m.copy);
      g_action_activate (m.copy, NULL);
      gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (p->view)), NULL, clipboard_read, &text);
      while (text == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (text, ==, expected);
      assert_quiet (&p->listener, what);
    }
  g_clear_object (&m.copy);
  g_free (m.copied_from);
}

typedef struct
{
  GInputStream *stream;
  gboolean      done;
} ClipboardRead;

static void
clipboard_stream (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL, NULL);
  read->done = TRUE;
}

static void
spliced (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* The HTML on the clipboard, or "". */
static char *
clipboard_html (GtkWidget *widget)
{
  static const char *types[] = { "text/html", NULL };
  ClipboardRead read = { 0 };
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  gdk_clipboard_read_async (gtk_widget_get_clipboard (widget), types, G_PRIORITY_DEFAULT, NULL,
                            clipboard_stream, &read);
  wait_for (flag_set, &read.done);
  if (read.stream == NULL)
    return g_strdup ("");
  /* The other end of the stream is this process's own main loop. */
  read.done = FALSE;
  g_output_stream_splice_async (out, read.stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, spliced, &read.done);
  wait_for (flag_set, &read.done);
  g_object_unref (read.stream);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

/* A copied passage keeps its links' real addresses. */
static void
check_copied_passage (Probe *p)
{
  g_autofree char *html = NULL;

  g_free (eval_string (p->view, "(() => { const a = [...document.querySelectorAll ('.lec-body a')]"
                                " .find (a => a.textContent === 'https');"
                                " const r = document.createRange (); r.selectNodeContents (a.parentElement);"
                                " getSelection ().removeAllRanges (); getSelection ().addRange (r); return ''; }) ()"));
  webkit_web_view_execute_editing_command (p->view, WEBKIT_EDITING_COMMAND_COPY);
  run_for (300);
  html = clipboard_html (GTK_WIDGET (p->view));
  g_test_message ("copied: %.200s", html);
  g_assert_nonnull (strstr (html, "href=\"https://attacker.example/x\""));
  g_assert_null (strstr (html, "lectern-external:"));
  g_assert_null (strstr (html, "javascript:"));
  assert_quiet (&p->listener, "copying a passage");
}

/* --- the test ------------------------------------------------------------- */

/* One way of activating link @i, then the question answered if asked. */
static void
activate (Probe      *p,
          guint       i,
          const char *link,
          const char *how,
          void      (*act) (Probe *, guint, const char *, gpointer),
          gpointer    data)
{
  g_autofree char *what = g_strdup_printf ("%s link %u (%s)", how, i, link);

  g_test_message ("%s", what);
  act (p, i, what, data);
  assert_quiet (&p->listener, what);
  answer_question (p, what);
  back_to_probe (p);
}

static void
act_script_click (Probe      *p,
                  guint       i,
                  const char *what,
                  gpointer    data)
{
  g_autofree char *script = link_script (i, "a.click (); return 'clicked';");

  g_free (eval_string (p->view, script));
}

static void
act_button (Probe      *p,
            guint       i,
            const char *what,
            gpointer    data)
{
  int x, y;

  if (!link_on_screen (p, i, &x, &y))
    return;
  test_input_move (x, y);
  run_for (50);
  test_input_button (GPOINTER_TO_UINT (data));
}

static void
act_key (Probe      *p,
         guint       i,
         const char *what,
         gpointer    data)
{
  g_autofree char *script = link_script (i, "a.focus (); return String (document.activeElement === a);");
  g_autofree char *focused = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (p->view));
  focused = eval_string (p->view, script);
  if (g_strcmp0 (focused, "true") != 0)
    return;
  test_input_key (GDK_KEY_Return);
}

static void
act_hover (Probe      *p,
           guint       i,
           const char *what,
           gpointer    data)
{
  int x, y;

  if (link_on_screen (p, i, &x, &y))
    test_input_move (x, y);
}

static void
act_context_menu (Probe      *p,
                  guint       i,
                  const char *what,
                  gpointer    data)
{
  int x, y;

  if (link_on_screen (p, i, &x, &y))
    check_context_menu (p, i, x, y, what);
}

static gboolean
offline_panel_showing (gpointer data)
{
  GtkWidget *player = lec_window_get_player (data);

  /* With online content off and no copy here, the player is never made. */
  return player == NULL && lec_note_view_get_note (lec_window_get_note_view (data)) != NULL;
}

static void
test_nothing_leaves (void)
{
  Probe p = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *dir = g_dir_make_tmp ("lectern-net-XXXXXX", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe.md", NULL);
  g_autofree char *other = g_build_filename (dir, "Other note.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(WebKitNetworkProxySettings) proxy = NULL;
  g_autofree char *proxy_uri = NULL;
  g_autofree char *titled = NULL;
  g_auto(GStrv) links = NULL;
  guint n;

  listener_start (&p.listener);
  p.browser.launched = g_ptr_array_new_with_free_func (g_free);
  proxy_uri = g_strdup_printf ("http://127.0.0.1:%u", p.listener.port);
  /* Before any web process starts, which reads them; the player's embed
   * would come from the listener too. */
  {
    static const char * const names[] = {
      "http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY",
    };
    g_autofree char *embed = g_strdup_printf ("%s/embed/", proxy_uri);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_setenv (names[i], proxy_uri, TRUE);
    g_unsetenv ("no_proxy");
    g_unsetenv ("NO_PROXY");
    g_setenv ("LECTERN_YOUTUBE_EMBED", embed, TRUE);
  }

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  text = probe_note (p.listener.port);
  g_assert_true (g_file_set_contents (probe, text, -1, NULL));
  g_assert_true (g_file_set_contents (other, "# Other\n\nA note.\n", -1, NULL));

  p.window = lec_window_new (NULL);
  p.view = WEBKIT_WEB_VIEW (lec_window_get_note_view (p.window));
  lec_window_set_uri_launcher (p.window, launch, &p.browser);
  /* Every address WebKit could reach goes to the listener. */
  proxy = webkit_network_proxy_settings_new (proxy_uri, NULL);
  webkit_network_session_set_proxy_settings (webkit_web_view_get_network_session (p.view),
                                             WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
  gtk_window_set_default_size (GTK_WINDOW (p.window), 1000, 700);
  gtk_window_present (GTK_WINDOW (p.window));
  g_signal_connect (p.view, "load-changed", G_CALLBACK (on_load_changed), &p.finished);

  lec_window_open_folder (p.window, folder);
  wait_for (vault_loaded, p.window);
  open_probe (&p);
  assert_quiet (&p.listener, "opening the note");

  /* The player, for the note's video: no copy here and online content
   * off, so nothing of YouTube's is loaded. */
  wait_for (offline_panel_showing, p.window);
  assert_quiet (&p.listener, "the note's video");

  n = number_links (&p);
  links = describe_links (&p);
  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpuint (g_strv_length (links), ==, n);
  for (guint i = 0; i < n; i++)
    activate (&p, i, links[i], "script click on", act_script_click, NULL);

  if (!test_input_available ())
    g_test_message ("No XTest on this display: real pointer and keyboard input not tried");
  for (guint i = 0; test_input_available () && i < n; i++)
    {
      activate (&p, i, links[i], "hover over", act_hover, NULL);
      /* An anchor with no href (a refused address) is no link to activate:
       * its script click above covers it. */
      if (g_str_has_suffix (links[i], "(no href)"))
        continue;
      activate (&p, i, links[i], "left click on", act_button, GUINT_TO_POINTER (1));
      activate (&p, i, links[i], "middle click on", act_button, GUINT_TO_POINTER (2));
      activate (&p, i, links[i], "Enter on", act_key, NULL);
      activate (&p, i, links[i], "context menu of", act_context_menu, NULL);
    }
  /* Both answers were given, and Open reached the stand-in browser. */
  g_assert_cmpuint (p.answers, >=, 2);

  /* Hovering shows a link's real address, from the page alone. */
  titled = eval_string (p.view, "(() => { const a = [...document.querySelectorAll ('.lec-body a')]"
                                " .find (a => a.textContent === 'https'); return a ? a.title : ''; }) ()");
  g_assert_cmpstr (titled, ==, "https://attacker.example/x");
  check_copied_passage (&p);

  gtk_window_destroy (GTK_WINDOW (p.window));
  run_for (100);
  assert_quiet (&p.listener, "closing the window");
  listener_stop (&p.listener);
  g_ptr_array_unref (p.browser.launched);
  g_unlink (probe);
  g_unlink (other);
  g_rmdir (dir);
}

/* "Open on YouTube" is built from a checked id only: a videoId that is
 * no YouTube id adds nothing to a URL, and a good one asks first. */
static void
test_youtube_id (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *dir = g_dir_make_tmp ("lectern-yt-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.md", NULL);
  g_autofree char *good = g_build_filename (dir, "good.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  Probe p = { 0 };
  AdwMessageDialog *dialog;

  g_settings_set_boolean (settings, "allow-online-content", FALSE);
  g_assert_true (g_file_set_contents (bad, "---\ntitle: Bad\nvideoId: 'x\" onerror=\"alert(1)'\n---\n\nText.\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "---\ntitle: Good\nvideoId: dQw4w9WgXcQ\n---\n\nText.\n", -1, NULL));
  p.window = lec_window_new (NULL);
  p.view = WEBKIT_WEB_VIEW (lec_window_get_note_view (p.window));
  p.browser.launched = g_ptr_array_new_with_free_func (g_free);
  lec_window_set_uri_launcher (p.window, launch, &p.browser);
  gtk_window_present (GTK_WINDOW (p.window));
  g_signal_connect (p.view, "load-changed", G_CALLBACK (on_load_changed), &p.finished);
  lec_window_open_folder (p.window, folder);
  wait_for (vault_loaded, p.window);

  p.finished = FALSE;
  lec_window_open_note (p.window, "bad.md");
  wait_for (flag_set, &p.finished);
  gtk_widget_activate_action (GTK_WIDGET (p.window), "win.open-on-youtube", NULL);
  run_for (100);
  g_assert_null (find_question (p.window));

  p.finished = FALSE;
  lec_window_open_note (p.window, "good.md");
  wait_for (flag_set, &p.finished);
  gtk_widget_activate_action (GTK_WIDGET (p.window), "win.open-on-youtube", NULL);
  run_for (100);
  dialog = find_question (p.window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0s");
  adw_message_dialog_response (dialog, "open");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (p.browser.launched->len, ==, 1);
  g_assert_cmpstr (p.browser.launched->pdata[0], ==, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0s");

  gtk_window_destroy (GTK_WINDOW (p.window));
  g_ptr_array_unref (p.browser.launched);
  g_unlink (bad);
  g_unlink (good);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* WebKit builds its data path from the program name. */
  g_set_prgname ("test-network");
  lec_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/network/nothing-leaves", test_nothing_leaves);
  g_test_add_func ("/network/youtube-id", test_youtube_id);

  return g_test_run ();
}
