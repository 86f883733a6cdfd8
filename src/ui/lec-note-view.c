/* lec-note-view.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-note-view"

#include "config.h"

#include "lec-note-view.h"

#include "lec-application.h"
#include "lec-error.h"
#include "lec-note.h"
#include "lec-sanitize.h"
#include "lec-slug.h"
#include "lec-timestamp.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lec-restart-budget.h"

/* Note pages and the files they show come only from the lectern: scheme,
 * which serves the open vault's files and Lectern's own page resources —
 * never file:// for the whole disk. */
#define SCHEME "lectern"
#define WORLD "lectern"
#define VAULT_PREFIX SCHEME "://vault/"
#define APP_PREFIX SCHEME "://app/"
#define TOPIC_PREFIX SCHEME "://topic/"
#define REMOTE_PREFIX SCHEME "://remote/"
#define SEEK_PREFIX "lectern-seek:"

/* A timestamp's menu, from the pointer (WebKit's) or the keyboard (ours). */
#define PLAY_MOMENT_LABEL N_("_Play From Here")
#define COPY_MOMENT_LABEL N_("Copy Link to This _Moment")

/* The largest web image fetched for a note. */
#define MAX_REMOTE_IMAGE_BYTES (20 * 1024 * 1024)

/* No script from anywhere, no remote loads: styles, images and fonts come
 * from Lectern's scheme only. */
#define CONTENT_SECURITY_POLICY \
  "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; " \
  "form-action 'none'; frame-src 'none'; style-src " SCHEME ": 'unsafe-inline'; " \
  "img-src " SCHEME ":; font-src " SCHEME ":; media-src " SCHEME ":"

struct _LecNoteView
{
  WebKitWebView  parent_instance;

  LecVault      *vault;
  char          *path;
  char          *topic;      /* the key of the topic page showing, or NULL */
  LecNote       *note;
  gboolean       online;     /* web images may load */
  GHashTable    *allowed;    /* web images the user loaded once */
  char          *theme;      /* "light", "dark" or "sepia" */
  guint          font_size;  /* px */
  LecRestartBudget restarts;
  GCancellable  *loading;    /* the work for the page asked for last */
  gboolean       replacing;  /* start_load() stopped the web process */
  char          *menu_link;  /* the web address of the link the context menu is for */
  gboolean       menu_on_link;
  char          *menu_seek;  /* the "lectern-seek:" link of the timestamp the menu is for */
  char          *menu_moment; /* that moment as text to share */
  gboolean       following;  /* a passage may be marked as the one playing */
  GSimpleAction *copy_link;
  GSimpleAction *copy_moment;
  GSimpleAction *play_moment;
  GtkWidget     *moment_menu; /* a timestamp's menu, opened from the keyboard */
};

G_DEFINE_FINAL_TYPE (LecNoteView, lec_note_view, WEBKIT_TYPE_WEB_VIEW)

enum {
  PROP_0,
  PROP_VAULT,
  PROP_PATH,
  PROP_NOTE,
  N_PROPS
};

enum {
  OPEN_NOTE,
  OPEN_TOPIC,
  OPEN_TAG,
  OPEN_EXTERNAL,
  SEEK,
  SCROLLED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* The escaped URI of a note or vault file at @path (relative to the vault). */
char *
lec_note_view_uri_for_path (const char *path)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strconcat (VAULT_PREFIX, escaped, NULL);
}

/* The vault path a lectern://vault/ URI names, without query or fragment. */
static char *
path_for_uri (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_PATH, NULL);
  const char *path;

  if (parsed == NULL ||
      g_strcmp0 (g_uri_get_scheme (parsed), SCHEME) != 0 ||
      g_strcmp0 (g_uri_get_host (parsed), "vault") != 0)
    return NULL;

  path = g_uri_get_path (parsed);
  while (*path == '/')
    path++;
  return g_uri_unescape_string (path, NULL);
}

static void
finish_request (WebKitURISchemeRequest *request,
                GBytes                 *bytes,
                const char             *content_type)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(WebKitURISchemeResponse) response = NULL;
  SoupMessageHeaders *headers;

  response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  webkit_uri_scheme_response_set_content_type (response, content_type);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  soup_message_headers_append (headers, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
  /* nosniff makes WebKit check the type in the headers, so it goes there
   * too; a vault file is never taken for a script or a stylesheet. */
  soup_message_headers_append (headers, "Content-Type", content_type);
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  webkit_uri_scheme_response_set_http_headers (response, headers);

  webkit_uri_scheme_request_finish_with_response (request, response);
}

/* The stylesheets of the page libraries, linked only when the note has
 * something for them: KaTeX's for math, a highlight.js theme per style for
 * code. The theme that does not match the page is kept off with
 * media="not all"; note.js swaps them when the style changes. */
static void
append_library_styles (GString    *page,
                       const char *body_html,
                       gboolean    dark)
{
  if (strstr (body_html, "class=\"lec-math") != NULL)
    g_string_append (page, "<link rel=\"stylesheet\" href=\"" APP_PREFIX "vendor/katex/katex.min.css\">\n");

  if (strstr (body_html, "<code class=\"language-") != NULL)
    g_string_append_printf (page,
                            "<link rel=\"stylesheet\" href=\"" APP_PREFIX "vendor/highlight/github.min.css\" "
                            "data-lec-theme=\"light\" media=\"%s\">\n"
                            "<link rel=\"stylesheet\" href=\"" APP_PREFIX "vendor/highlight/github-dark.min.css\" "
                            "data-lec-theme=\"dark\" media=\"%s\">\n",
                            dark ? "not all" : "all",
                            dark ? "all" : "not all");
}

static char *
build_page (const char *title,
            const char *body_html,
            const char *extra_class,
            const char *theme,
            guint       font_size)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  /* Translators: on the placeholder of a web image; %s is its web site */
  g_autofree char *load_image = g_markup_escape_text (_("Load Image from %s"), -1);
  /* Translators: a button on a note that follows the video, shown when
   * the reader scrolled away from the passage being played */
  g_autofree char *back = g_markup_escape_text (_("Back to Playing"), -1);
  GString *page = g_string_new (NULL);

  g_string_append_printf (page,
                          "<!DOCTYPE html>\n"
                          "<html data-theme=\"%s\" style=\"--lec-font-size: %upx\" data-lec-load-image=\"%s\" "
                          "data-lec-back-to-playing=\"%s\">\n"
                          "<head>\n<meta charset=\"utf-8\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<link rel=\"stylesheet\" href=\"" APP_PREFIX "note.css\">\n",
                          theme, font_size, load_image, back,
                          CONTENT_SECURITY_POLICY);
  append_library_styles (page, body_html, g_str_equal (theme, "dark"));
  g_string_append_printf (page,
                          "<title>%s</title>\n</head>\n"
                          "<body class=\"%s\">\n<main class=\"lec-page\">\n"
                          "<header class=\"lec-header\"><h1 class=\"lec-title\">%s</h1></header>\n"
                          "<article class=\"lec-body\">\n",
                          escaped_title, extra_class, escaped_title);
  g_string_append (page, body_html);
  g_string_append (page, "</article>\n</main>\n</body>\n</html>\n");

  return g_string_free (page, FALSE);
}

typedef struct
{
  GFile        *file;
  char         *path;
  LecLinkTable *links;
  LecVault     *vault;
  char         *theme;
  guint         font_size;
  LecNote      *note;   /* the result, for the view's facts */
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->links, lec_link_table_unref);
  g_clear_object (&job->vault);
  g_clear_object (&job->note);
  g_free (job->theme);
  g_free (job);
}

static void
render_note_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RenderJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LecNote) note = NULL;
  g_autofree char *body = NULL;
  char *page;

  if (lec_note_load_file (job->file, &bytes, cancellable, &error))
    {
      LecVaultLinks links = { job->vault, job->links, job->path };
      LecNoteEnv env = lec_vault_links_env (&links);

      note = lec_note_new_full (job->path, bytes, &env);
    }
  /* The reader moved on: nobody waits for this page. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (note == NULL)
    {
      g_autofree char *message = g_markup_escape_text (error->message, -1);
      g_autofree char *html = g_strdup_printf ("<p class=\"lec-error\">%s</p>", message);

      page = build_page (_("This note cannot be opened"), html, "lec-error-page", job->theme, job->font_size);
    }
  else
    {
      body = lec_note_render_html (note);
      page = build_page (lec_note_get_title (note), body, "", job->theme, job->font_size);
      job->note = g_steal_pointer (&note);
    }

  g_task_return_pointer (task, g_bytes_new_take (page, strlen (page)), (GDestroyNotify) g_bytes_unref);
}

static void
render_note_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), NULL);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (request);

  if (bytes == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  /* The facts of the note the view shows, for the outline and links. */
  if (LEC_IS_NOTE_VIEW (view) && g_strcmp0 (LEC_NOTE_VIEW (view)->path, job->path) == 0 &&
      g_set_object (&LEC_NOTE_VIEW (view)->note, job->note))
    g_object_notify_by_pspec (G_OBJECT (view), properties [PROP_NOTE]);

  finish_request (request, bytes, "text/html");
}

/* Files in the vault other than notes are served only as passive media. */
static const char *
media_content_type (const char *path)
{
  static const struct { const char *ext; const char *type; } types[] = {
    { ".png", "image/png" }, { ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" },
    { ".gif", "image/gif" }, { ".webp", "image/webp" }, { ".avif", "image/avif" },
    { ".bmp", "image/bmp" },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (lower, types[i].ext))
      return types[i].type;
  return NULL;
}

/* An image of the vault is read on a thread too: it may be large, on a
 * slow disk, or not a file at all (a FIFO named like an image would block
 * whoever reads it). */
#define MAX_IMAGE_BYTES (20 * 1024 * 1024)

static void
read_image_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;
  char *data = NULL;
  gsize len = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info != NULL && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    error = g_error_new (LEC_ERROR, LEC_ERROR_NOT_FOUND, _("The image is not a file"));
  else if (info != NULL && g_file_info_get_size (info) > MAX_IMAGE_BYTES)
    error = g_error_new (LEC_ERROR, LEC_ERROR_TOO_LARGE, _("The image is larger than 20 MB"));
  if (error != NULL || !g_file_load_contents (file, cancellable, &data, &len, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (data, len), (GDestroyNotify) g_bytes_unref);
}

/* Answers a request with what a thread made of it: bytes of the request's
 * "lec-content-type", or an error. */
static void
finish_from_task (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes == NULL)
    webkit_uri_scheme_request_finish_error (request, error);
  else
    finish_request (request, bytes, g_object_get_data (G_OBJECT (request), "lec-content-type"));
}

static void
serve_vault_file (WebKitURISchemeRequest *request,
                  LecNoteView            *self,
                  const char             *uri)
{
  g_autofree char *path = path_for_uri (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  const char *type;

  if (path == NULL || self->vault == NULL)
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("No notes folder is open"));
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  file = lec_vault_resolve_path (self->vault, path, &error);
  if (file == NULL)
    {
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  if (lec_path_is_note (path))
    {
      RenderJob *job = g_new0 (RenderJob, 1);

      job->file = g_steal_pointer (&file);
      job->path = g_strdup (path);
      job->links = lec_vault_dup_link_table (self->vault);
      job->vault = g_object_ref (self->vault);
      job->theme = g_strdup (self->theme);
      job->font_size = self->font_size;
      task = g_task_new (NULL, self->loading, render_note_done, g_object_ref (request));
      g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
      g_task_run_in_thread (task, render_note_thread);
      return;
    }

  type = media_content_type (path);
  if (type == NULL)
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND,
                   _("“%s” is not a note or an image"), path);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  g_object_set_data (G_OBJECT (request), "lec-content-type", (gpointer) type);
  task = g_task_new (NULL, self->loading, finish_from_task, g_object_ref (request));
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, read_image_thread);
}

typedef struct
{
  char         *theme;
  guint         font_size;
  LecTopicPage *page;
} TopicRequest;

static void
topic_request_free (TopicRequest *r)
{
  g_clear_pointer (&r->page, lec_topic_page_free);
  g_free (r->theme);
  g_free (r);
}

/* A topic page's HTML is made on a thread too: a topic many notes name
 * makes a long page. */
static void
render_topic_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  TopicRequest *r = task_data;
  g_autofree char *body = lec_topic_page_render_html (r->page);
  char *html = build_page (r->page->name, body, "lec-topic-page", r->theme, r->font_size);

  g_task_return_pointer (task, g_bytes_new_take (html, strlen (html)), (GDestroyNotify) g_bytes_unref);
}


static void
topic_page_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  TopicRequest *r = g_object_steal_data (G_OBJECT (request), "lec-topic-request");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  r->page = lec_vault_topic_page_finish (LEC_VAULT (object), result, &error);
  if (r->page == NULL)
    {
      topic_request_free (r);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  g_object_set_data (G_OBJECT (request), "lec-content-type", (gpointer) "text/html");
  task = g_task_new (NULL, NULL, finish_from_task, g_object_ref (request));
  g_task_set_task_data (task, r, (GDestroyNotify) topic_request_free);
  g_task_run_in_thread (task, render_topic_thread);
}

/* lectern://topic/KEY: the notes that mention a topic, made on a worker. */
static void
serve_topic_page (WebKitURISchemeRequest *request,
                  LecNoteView            *self,
                  const char             *uri)
{
  g_autofree char *key = g_uri_unescape_segment (uri + strlen (TOPIC_PREFIX), strchr (uri, '#'), NULL);
  TopicRequest *r;

  if (key == NULL || *key == '\0' || self->vault == NULL)
    {
      g_autoptr(GError) error = g_error_new (LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Not found: “%s”"), uri);

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  r = g_new0 (TopicRequest, 1);
  r->theme = g_strdup (self->theme);
  r->font_size = self->font_size;
  g_object_set_data_full (G_OBJECT (request), "lec-topic-request", r, (GDestroyNotify) topic_request_free);
  lec_vault_topic_page_async (self->vault, key, NULL, topic_page_done, g_object_ref (request));
}

/* --- web images ----------------------------------------------------------- */

/* One session for the web images of every note view, made when the first
 * is allowed: with online content off, Lectern has no HTTP client at all. */
static SoupSession *
get_soup_session (void)
{
  static SoupSession *session;

  if (g_once_init_enter (&session))
    g_once_init_leave (&session, soup_session_new_with_options ("timeout", 30,
                                                                "user-agent", "Lectern/" PACKAGE_VERSION,
                                                                NULL));
  return session;
}

typedef struct
{
  WebKitURISchemeRequest *request;
  GInputStream           *stream;
  GByteArray             *data;
  char                   *content_type;
} RemoteFetch;

static void
remote_fetch_free (RemoteFetch *fetch)
{
  g_clear_object (&fetch->request);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->data, g_byte_array_unref);
  g_free (fetch->content_type);
  g_free (fetch);
}

static void
remote_fetch_fail (RemoteFetch *fetch,
                   GError      *error)
{
  webkit_uri_scheme_request_finish_error (fetch->request, error);
  remote_fetch_free (fetch);
}

static void
on_remote_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RemoteFetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      remote_fetch_fail (fetch, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->data));

      finish_request (fetch->request, bytes, fetch->content_type);
      remote_fetch_free (fetch);
      return;
    }
  if (fetch->data->len + g_bytes_get_size (chunk) > MAX_REMOTE_IMAGE_BYTES)
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_TOO_LARGE, _("The image is larger than 20 MB"));
      remote_fetch_fail (fetch, error);
      return;
    }
  g_byte_array_append (fetch->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT, NULL, on_remote_read, fetch);
}

static void
on_remote_sent (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RemoteFetch *fetch = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  const char *type;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      remote_fetch_fail (fetch, error);
      return;
    }
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  /* Only an image is shown: a page, a script or a stylesheet is not. */
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)) ||
      type == NULL || !g_str_has_prefix (type, "image/"))
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Not an image: “%s”"),
                   webkit_uri_scheme_request_get_uri (fetch->request));
      remote_fetch_fail (fetch, error);
      return;
    }
  fetch->content_type = g_strdup (type);
  fetch->data = g_byte_array_new ();
  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT, NULL, on_remote_read, fetch);
}

/* The address a lectern://remote/ URI stands for, without its fragment. */
static char *
remote_url_for_uri (const char *uri)
{
  return g_uri_unescape_segment (uri + strlen (REMOTE_PREFIX), strchr (uri, '#'), NULL);
}

/* lectern://remote/URL: a web image of a note, fetched only when the user
 * allowed online content, or this image. */
static void
serve_remote_image (WebKitURISchemeRequest *request,
                    LecNoteView            *self,
                    const char             *uri)
{
  g_autofree char *url = remote_url_for_uri (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  RemoteFetch *fetch;

  if (url == NULL || !(self->online || g_hash_table_contains (self->allowed, url)))
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Online content is not allowed"));
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL || (g_ascii_strncasecmp (url, "http://", 7) != 0 && g_ascii_strncasecmp (url, "https://", 8) != 0))
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Not found: “%s”"), uri);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  fetch = g_new0 (RemoteFetch, 1);
  fetch->request = g_object_ref (request);
  soup_session_send_async (get_soup_session (), message, G_PRIORITY_DEFAULT, NULL, on_remote_sent, fetch);
}

/* Whether @name is a resource path of the note page: plain segments only,
 * none empty, none hidden, so it cannot climb out of /page/. */
static gboolean
app_resource_name_is_valid (const char *name)
{
  g_auto(GStrv) segments = g_strsplit (name, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || segments[i][0] == '.')
        return FALSE;
      for (const char *c = segments[i]; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && *c != '.' && *c != '-' && *c != '_')
          return FALSE;
    }
  return TRUE;
}

/* Only what a page may load is served: stylesheets, fonts and images.
 * Scripts never are — Lectern's own, KaTeX and highlight.js run as user
 * scripts in the "lectern" world, and the page itself has no script. */
static const char *
app_resource_content_type (const char *name)
{
  if (g_str_has_suffix (name, ".css"))
    return "text/css";
  if (g_str_has_suffix (name, ".svg"))
    return "image/svg+xml";
  if (g_str_has_suffix (name, ".woff2"))
    return "font/woff2";
  return NULL;
}

static void
serve_app_resource (WebKitURISchemeRequest *request,
                    const char             *uri)
{
  const char *name = uri + strlen (APP_PREFIX);
  const char *type = app_resource_content_type (name);
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (type == NULL || !app_resource_name_is_valid (name))
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Not found: “%s”"), uri);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  resource = g_strconcat (RESOURCE_BASE "/page/", name, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  finish_request (request, bytes, type);
}

static void
handle_scheme_request (WebKitURISchemeRequest *request,
                       gpointer                user_data)
{
  const char *uri = webkit_uri_scheme_request_get_uri (request);
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  g_autoptr(GError) error = NULL;

  if (g_str_has_prefix (uri, APP_PREFIX))
    serve_app_resource (request, uri);
  else if (g_str_has_prefix (uri, VAULT_PREFIX) && LEC_IS_NOTE_VIEW (web_view))
    serve_vault_file (request, LEC_NOTE_VIEW (web_view), uri);
  else if (g_str_has_prefix (uri, TOPIC_PREFIX) && LEC_IS_NOTE_VIEW (web_view))
    serve_topic_page (request, LEC_NOTE_VIEW (web_view), uri);
  else if (g_str_has_prefix (uri, REMOTE_PREFIX) && LEC_IS_NOTE_VIEW (web_view))
    serve_remote_image (request, LEC_NOTE_VIEW (web_view), uri);
  else
    {
      g_set_error (&error, LEC_ERROR, LEC_ERROR_NOT_FOUND, _("Not found: “%s”"), uri);
      webkit_uri_scheme_request_finish_error (request, error);
    }
}

/* One web context for all note views, as Epiphany and Manuals do; it is
 * created on first use and lives as long as the process. */
static WebKitWebContext *
get_web_context (void)
{
  static WebKitWebContext *context;

  if (g_once_init_enter (&context))
    {
      g_autoptr(WebKitMemoryPressureSettings) pressure = webkit_memory_pressure_settings_new ();
      WebKitWebContext *ctx;
      WebKitSecurityManager *security;

      /* A note may make its web process grow to 300 MB, no more. What the
       * notes shown before left behind (caches, freed memory the
       * allocator kept) counts too: WebKit lets it go under pressure,
       * which starts well before the bound and is looked for every
       * second. */
      webkit_memory_pressure_settings_set_memory_limit (pressure, 300);
      webkit_memory_pressure_settings_set_strict_threshold (pressure, 0.65);
      webkit_memory_pressure_settings_set_conservative_threshold (pressure, 0.5);
      webkit_memory_pressure_settings_set_poll_interval (pressure, 1.0);
      ctx = g_object_new (WEBKIT_TYPE_WEB_CONTEXT, "memory-pressure-settings", pressure, NULL);
      security = webkit_web_context_get_security_manager (ctx);

      webkit_web_context_register_uri_scheme (ctx, SCHEME, handle_scheme_request, NULL, NULL);
      webkit_security_manager_register_uri_scheme_as_secure (security, SCHEME);
      webkit_web_context_set_cache_model (ctx, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);

      g_once_init_leave (&context, ctx);
    }

  return context;
}

static WebKitNetworkSession *
get_network_session (void)
{
  static WebKitNetworkSession *session;

  /* Ephemeral: nothing a note page does is remembered on disk. */
  if (g_once_init_enter (&session))
    g_once_init_leave (&session, webkit_network_session_new_ephemeral ());

  return session;
}

static gboolean
same_document (const char *a,
               const char *b)
{
  const char *ha, *hb;
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;
  ha = strchr (a, '#');
  hb = strchr (b, '#');
  la = ha != NULL ? (gsize) (ha - a) : strlen (a);
  lb = hb != NULL ? (gsize) (hb - b) : strlen (b);
  return la == lb && strncmp (a, b, la) == 0;
}

/* A timestamp's link is "lectern-seek:SECONDS", and on a topic page
 * "lectern-seek:SECONDS@PATH" (escaped), naming the note whose video it
 * plays. A note may write such a link itself: it is read as strictly as
 * any. Returns FALSE when @uri is not one. */
static gboolean
parse_seek (const char  *uri,
            guint       *seconds,
            char       **path)
{
  const char *digits = uri + strlen (SEEK_PREFIX);
  char *end = NULL;
  guint64 value;

  if (!g_str_has_prefix (uri, SEEK_PREFIX) || !g_ascii_isdigit (*digits))
    return FALSE;
  value = g_ascii_strtoull (digits, &end, 10);
  *seconds = (guint) MIN (value, G_MAXINT);
  *path = NULL;
  if (*end == '\0')
    return TRUE;
  if (*end != '@')
    return FALSE;
  *path = g_uri_unescape_string (end + 1, NULL);
  if (*path == NULL || !lec_path_is_note (*path))
    {
      g_clear_pointer (path, g_free);
      return FALSE;
    }
  return TRUE;
}

/* A timestamp, clicked or its menu's "Play From Here": the player plays
 * from there. On a topic page its note opens first, and so its video. */
static void
follow_seek (LecNoteView *self,
             const char  *uri)
{
  g_autofree char *path = NULL;
  guint seconds;

  if (!parse_seek (uri, &seconds, &path))
    return;
  if (path != NULL)
    g_signal_emit (self, signals [OPEN_NOTE], 0, path, NULL);
  g_signal_emit (self, signals [SEEK], 0, seconds);
}

/* A timestamp's moment as text to share: the video on YouTube at that
 * second when its note names a YouTube video, else the note's path in the
 * vault and the time ("notes/foo.md 01:25"). Only text: the address is
 * built from a checked id (lec_youtube_watch_url) and nothing fetches it. */
static char *
moment_text (LecNoteView *self,
             const char  *uri)
{
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shown = NULL;
  const char *video_id = NULL;
  guint seconds;

  if (!parse_seek (uri, &seconds, &path))
    return NULL;
  if (path != NULL)
    {
      LecNoteInfo *info = self->vault != NULL ? lec_vault_find_note (self->vault, path) : NULL;

      video_id = info != NULL ? lec_note_info_get_video_id (info) : NULL;
    }
  else if (self->path != NULL)
    {
      path = g_strdup (self->path);
      video_id = self->note != NULL ? lec_note_get_video_id (self->note) : NULL;
    }
  url = lec_youtube_watch_url (video_id, (int) seconds);
  if (url != NULL)
    return g_steal_pointer (&url);
  if (path == NULL)
    return NULL;
  shown = lec_timestamp_format (seconds);
  return g_strdup_printf ("%s %s", path, shown);
}

/* What a menu opened on @link is for; FALSE when @link is no timestamp. */
static gboolean
set_menu_moment (LecNoteView *self,
                 const char  *link)
{
  g_clear_pointer (&self->menu_seek, g_free);
  g_clear_pointer (&self->menu_moment, g_free);
  if (link == NULL || (self->menu_moment = moment_text (self, link)) == NULL)
    return FALSE;
  self->menu_seek = g_strdup (link);
  return TRUE;
}

/* Every navigation is decided here: the page never leaves Lectern's scheme
 * by itself. Links to notes are handed to the window, web links are handed
 * over for the user to confirm, and anything else is refused. */
static gboolean
lec_note_view_decide_policy (WebKitWebView            *web_view,
                             WebKitPolicyDecision     *decision,
                             WebKitPolicyDecisionType  type)
{
  LecNoteView *self = LEC_NOTE_VIEW (web_view);
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      /* Loads Lectern started itself (and reloads) stay on its scheme. */
      if (webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
        {
          if (g_str_has_prefix (uri, VAULT_PREFIX) || g_str_has_prefix (uri, TOPIC_PREFIX))
            webkit_policy_decision_use (decision);
          else
            webkit_policy_decision_ignore (decision);
          return TRUE;
        }

      /* Footnotes and other anchors within the page. */
      if (same_document (uri, webkit_web_view_get_uri (web_view)))
        {
          webkit_policy_decision_use (decision);
          return TRUE;
        }
    }

  webkit_policy_decision_ignore (decision);

  if (g_str_has_prefix (uri, VAULT_PREFIX))
    {
      g_autofree char *path = path_for_uri (uri);
      const char *hash = strchr (uri, '#');

      if (path != NULL && lec_path_is_note (path))
        g_signal_emit (self, signals [OPEN_NOTE], 0, path, hash != NULL ? hash + 1 : NULL);
    }
  else if (g_str_has_prefix (uri, SEEK_PREFIX))
    follow_seek (self, uri);
  /* A link to a note that does not exist names a topic: its page opens. */
  else if (g_str_has_prefix (uri, "lectern-topic:"))
    {
      g_autofree char *target = g_uri_unescape_string (uri + strlen ("lectern-topic:"), NULL);
      g_autofree char *key = target != NULL ? lec_slugify (target) : NULL;

      if (key != NULL && *key != '\0')
        g_signal_emit (self, signals [OPEN_TOPIC], 0, key);
    }
  else if (g_str_has_prefix (uri, "lectern-tag:"))
    {
      g_autofree char *tag = g_uri_unescape_string (uri + strlen ("lectern-tag:"), NULL);

      if (tag != NULL && *tag != '\0')
        g_signal_emit (self, signals [OPEN_TAG], 0, tag);
    }
  /* A link out of Lectern: the page holds it as "lectern-external:" (see
   * lec_external_href), so WebKit made no connection for it; the reader
   * is asked before the browser gets the real address. */
  else if (g_str_has_prefix (uri, "lectern-external:"))
    {
      g_autofree char *url = lec_external_href_to_url (uri);

      if (url != NULL)
        g_signal_emit (self, signals [OPEN_EXTERNAL], 0, url);
    }
  /* Never in a note's page; should one get there, it is still asked. */
  else if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://") ||
           g_str_has_prefix (uri, "mailto:"))
    g_signal_emit (self, signals [OPEN_EXTERNAL], 0, uri);

  return TRUE;
}

/* WebKit's context menu is a GtkPopoverMenu it makes, parented to the
 * view, once the "context-menu" signal has been answered; GTK 4.8 gives
 * it no name ("GtkPopoverMenu" to a screen reader). Right after, it is
 * found among the view's children and named. */
static gboolean
name_context_menu (gpointer data)
{
  LecNoteView *self = data;
  const char *name = self->menu_on_link ? _("Link Menu") : _("Page Menu");

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The context menu of a link: nothing in it may reach the network. A
 * download or a new window would be started by WebKit without
 * decide-policy's question, so they go; "Copy Link Address" of a link
 * out of Lectern copies its real address, not the page's form of it. */
static gboolean
lec_note_view_context_menu (WebKitWebView       *web_view,
                            WebKitContextMenu   *menu,
                            WebKitHitTestResult *hit)
{
  LecNoteView *self = LEC_NOTE_VIEW (web_view);
  const char *link = webkit_hit_test_result_get_link_uri (hit);
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));
  guint copy_at = G_MAXUINT;
  guint position = 0;

  g_clear_pointer (&self->menu_link, g_free);
  self->menu_on_link = webkit_hit_test_result_context_is_link (hit);
  if (link != NULL)
    self->menu_link = lec_external_href_to_url (link);
  set_menu_moment (self, link);

  for (GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      switch (webkit_context_menu_item_get_stock_action (item))
        {
        /* A timestamp has its own items instead: WebKit's would copy
         * "lectern-seek:85" or follow it as a click does. */
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK:
          if (self->menu_seek == NULL)
            break;
          webkit_context_menu_remove (menu, item);
          continue;
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
          if (self->menu_link == NULL && self->menu_seek == NULL)
            break;
          copy_at = position;
          G_GNUC_FALLTHROUGH;
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW:
        case WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK:
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW:
        case WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK:
        case WEBKIT_CONTEXT_MENU_ACTION_OPEN_FRAME_IN_NEW_WINDOW:
          webkit_context_menu_remove (menu, item);
          continue;
        default:
          break;
        }
      position++;
    }
  g_list_free (items);

  if (self->menu_link != NULL)
    webkit_context_menu_insert (menu,
                                webkit_context_menu_item_new_from_gaction (G_ACTION (self->copy_link),
                                                                           _("Copy Link Address"), NULL),
                                copy_at != G_MAXUINT ? (int) copy_at : -1);
  if (self->menu_seek != NULL)
    {
      if (webkit_context_menu_get_n_items (menu) > 0)
        webkit_context_menu_prepend (menu, webkit_context_menu_item_new_separator ());
      webkit_context_menu_prepend (menu,
                                   webkit_context_menu_item_new_from_gaction (G_ACTION (self->copy_moment),
                                                                              _(COPY_MOMENT_LABEL), NULL));
      webkit_context_menu_prepend (menu,
                                   webkit_context_menu_item_new_from_gaction (G_ACTION (self->play_moment),
                                                                              _(PLAY_MOMENT_LABEL), NULL));
    }
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, name_context_menu, g_object_ref (self), NULL);
  return FALSE;
}

static void
copy_moment_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       LecNoteView   *self)
{
  if (self->menu_moment != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->menu_moment);
}

static void
play_moment_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       LecNoteView   *self)
{
  if (self->menu_seek != NULL)
    follow_seek (self, self->menu_seek);
}

static void call_page (LecNoteView *self,
                       const char  *body,
                       GVariant    *args);

/* WebKitGTK 6 opens no context menu from the keyboard (GTK 4 has no
 * popup-menu signal), so Menu and Shift+F10 ask the page which element has
 * the focus; a timestamp answers with where it is (on_note_message). */
static gboolean
menu_key_pressed (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  call_page (LEC_NOTE_VIEW (widget), "return lectern.focusedMoment ();", NULL);
  return TRUE;
}

/* The menu of the focused timestamp, as the page told it: @moment holds
 * its href and its box in the view, in CSS pixels. */
static void
popup_moment_menu (LecNoteView *self,
                   JSCValue    *moment)
{
  g_autoptr(JSCValue) href = jsc_value_object_get_property (moment, "href");
  const char *names[] = { "x", "y", "width", "height" };
  double box[G_N_ELEMENTS (names)];
  double zoom = webkit_web_view_get_zoom_level (WEBKIT_WEB_VIEW (self));
  g_autofree char *link = NULL;
  GdkRectangle at;

  if (!jsc_value_is_string (href))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JSCValue) value = jsc_value_object_get_property (moment, names[i]);

      if (!jsc_value_is_number (value))
        return;
      box[i] = jsc_value_to_double (value) * zoom;
    }
  link = jsc_value_to_string (href);
  if (!set_menu_moment (self, link))
    return;

  if (self->moment_menu == NULL)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      g_menu_append (menu, _(PLAY_MOMENT_LABEL), "note-view.play-moment");
      g_menu_append (menu, _(COPY_MOMENT_LABEL), "note-view.copy-moment");
      self->moment_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_popover_set_position (GTK_POPOVER (self->moment_menu), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->moment_menu, GTK_WIDGET (self));
    }
  at = (GdkRectangle) { (int) box[0], (int) box[1], MAX (1, (int) box[2]), MAX (1, (int) box[3]) };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->moment_menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->moment_menu));
}

static void
copy_link_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     LecNoteView   *self)
{
  if (self->menu_link != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->menu_link);
}

static void run_libraries (LecNoteView *self,
                           JSCValue    *wanted);

/* What the page's script tells: where the reader scrolled to, which web
 * image they asked to see, and which timestamp's menu the keyboard asked
 * for. */
static void
on_note_message (WebKitUserContentManager *manager,
                 JSCValue                 *message,
                 LecNoteView              *self)
{
  g_autoptr(JSCValue) scroll = NULL;
  g_autoptr(JSCValue) image = NULL;

  if (!jsc_value_is_object (message))
    return;
  scroll = jsc_value_object_get_property (message, "scroll");
  if (jsc_value_is_number (scroll) && self->path != NULL)
    g_signal_emit (self, signals [SCROLLED], 0, MAX (0, jsc_value_to_int32 (scroll)));

  /* A page with math or code asks for the libraries that typeset them. */
  {
    g_autoptr(JSCValue) wanted = jsc_value_object_get_property (message, "libraries");

    if (jsc_value_is_array (wanted))
      run_libraries (self, wanted);
  }

  {
    g_autoptr(JSCValue) moment = jsc_value_object_get_property (message, "moment");

    if (jsc_value_is_object (moment))
      popup_moment_menu (self, moment);
  }

  /* The reader asked for one web image: it may load from now on. */
  image = jsc_value_object_get_property (message, "loadImage");
  if (jsc_value_is_string (image))
    {
      g_autofree char *src = jsc_value_to_string (image);
      g_autofree char *url = g_str_has_prefix (src, REMOTE_PREFIX) ? remote_url_for_uri (src) : NULL;

      if (url == NULL)
        return;
      g_hash_table_add (self->allowed, g_steal_pointer (&url));
      call_page (self, "return lectern.loadImage (src);", g_variant_new_parsed ("{'src': <%s>}", src));
    }
}

/* Lectern's page logic: a user script in its own world, on every page. */
static void
add_page_script (WebKitUserContentManager *manager)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_BASE "/page/note.js", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(WebKitUserScript) script = NULL;

  /* GResource data always ends in a NUL. */
  g_assert (bytes != NULL);
  script = webkit_user_script_new_for_world (g_bytes_get_data (bytes, NULL),
                                             WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END,
                                             WORLD, NULL, NULL);
  webkit_user_content_manager_add_script (manager, script);
}

/* The libraries a page may ask for, run in Lectern's world. Parsing them
 * costs more than showing most notes, so only a page with math or code
 * gets them. */
static const struct { const char *name; const char *resource; } libraries[] = {
  { "katex", "vendor/katex/katex.min.js" },
  { "highlight", "vendor/highlight/highlight.min.js" },
};

typedef struct
{
  LecNoteView *view;
  guint        pending;
} LibraryLoad;

static void
library_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LibraryLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (value == NULL)
    g_warning ("A page library did not load: %s", error->message);
  if (--load->pending > 0)
    return;
  /* All run: the page typesets with what it has. */
  call_page (load->view, "return lectern.typeset ();", NULL);
  g_object_unref (load->view);
  g_free (load);
}

static void
run_libraries (LecNoteView *self,
               JSCValue    *wanted)
{
  g_autoptr(JSCValue) length = jsc_value_object_get_property (wanted, "length");
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int n = jsc_value_is_number (length) ? jsc_value_to_int32 (length) : 0;
  LibraryLoad *load;

  for (int j = 0; j < MIN (n, 8); j++)
    {
      g_autoptr(JSCValue) item = jsc_value_object_get_property_at_index (wanted, (guint) j);

      if (jsc_value_is_string (item))
        g_hash_table_add (names, jsc_value_to_string (item));
    }
  /* In the order of the table, whatever the page's. */
  for (guint i = 0; i < G_N_ELEMENTS (libraries); i++)
    if (g_hash_table_contains (names, libraries[i].name))
      {
        g_autofree char *resource = g_strconcat (RESOURCE_BASE "/page/", libraries[i].resource, NULL);

        g_ptr_array_add (sources, g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL));
      }

  if (sources->len == 0)
    {
      call_page (self, "return lectern.typeset ();", NULL);
      return;
    }
  load = g_new0 (LibraryLoad, 1);
  load->view = g_object_ref (self);
  load->pending = sources->len;
  for (guint i = 0; i < sources->len; i++)
    {
      gsize len;
      const char *code = g_bytes_get_data (sources->pdata[i], &len);

      webkit_web_view_evaluate_javascript (WEBKIT_WEB_VIEW (self), code, (gssize) len, WORLD, NULL,
                                           NULL, library_loaded, load);
    }
}

/* WebKit's own guesses at what comes next: a connection to a link's host
 * as it is clicked (LinkPreconnect, in HTMLAnchorElement's click handling,
 * before decide-policy), DNS and preloads the page asks for. A note page
 * has no web address to guess at (lec_external_href); these go too, so
 * nothing WebKit adds later can connect before the reader agreed. */
static void
disable_speculative_loads (WebKitSettings *settings)
{
  static const char * const off[] = {
    "LinkPreconnect", "LinkPreconnectEarlyHints", "LinkDNSPrefetch", "LinkPreload", "LinkPrefetch",
    "PrivateClickMeasurement", NULL
  };
  g_autoptr(WebKitFeatureList) features = webkit_settings_get_all_features ();

  for (gsize i = 0; i < webkit_feature_list_get_length (features); i++)
    {
      WebKitFeature *feature = webkit_feature_list_get (features, i);

      if (g_strv_contains (off, webkit_feature_get_identifier (feature)))
        webkit_settings_set_feature_enabled (settings, feature, FALSE);
    }
}

static void
lec_note_view_constructed (GObject *object)
{
  LecNoteView *self = (LecNoteView *)object;
  WebKitSettings *settings;

  G_OBJECT_CLASS (lec_note_view_parent_class)->constructed (object);

  settings = webkit_web_view_get_settings (WEBKIT_WEB_VIEW (self));

  /* Note content must never run script; Lectern's own page logic runs as
   * user scripts, which this setting does not stop. */
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, DEVELOPMENT_BUILD);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  /* Without a GPU, compositing is done with software OpenGL: it cost the
   * web process about 60 MB more of the 300 MB a note may make it use,
   * and a page of text gains nothing from it. */
  if (!lec_application_has_gpu ())
    webkit_settings_set_hardware_acceleration_policy (settings, WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
  disable_speculative_loads (settings);

  /* Lectern's page logic, after the libraries it uses to typeset math
   * and highlight code: user scripts in Lectern's own world, in this
   * order. */
  {
    WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (WEBKIT_WEB_VIEW (self));

    add_page_script (manager);
    webkit_user_content_manager_register_script_message_handler (manager, "note", WORLD);
    g_signal_connect_object (manager, "script-message-received::note", G_CALLBACK (on_note_message), self, 0);
  }
}

static void
lec_note_view_dispose (GObject *object)
{
  LecNoteView *self = (LecNoteView *)object;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->vault);
  g_clear_object (&self->note);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->theme, g_free);
  g_clear_pointer (&self->allowed, g_hash_table_unref);
  g_clear_pointer (&self->menu_link, g_free);
  g_clear_pointer (&self->menu_seek, g_free);
  g_clear_pointer (&self->menu_moment, g_free);
  g_clear_object (&self->copy_link);
  g_clear_object (&self->copy_moment);
  g_clear_object (&self->play_moment);
  g_clear_pointer (&self->moment_menu, gtk_widget_unparent);

  G_OBJECT_CLASS (lec_note_view_parent_class)->dispose (object);
}

static void
lec_note_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LecNoteView *self = LEC_NOTE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_NOTE:
      g_value_set_object (value, self->note);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lec_note_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LecNoteView *self = LEC_NOTE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      lec_note_view_set_vault (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The web process showing the note died (WebKit or the GL driver under it
 * crashed): show the note again, but not more than three times a minute. */
static void
lec_note_view_web_process_terminated (WebKitWebView                     *view,
                                      WebKitWebProcessTerminationReason  reason)
{
  LecNoteView *self = LEC_NOTE_VIEW (view);

  /* Stopped by start_load(), which loads the page asked for itself. */
  if (self->replacing)
    {
      self->replacing = FALSE;
      return;
    }
  if (self->path == NULL)
    return;
  if (!lec_restart_budget_take (&self->restarts))
    {
      g_warning ("The note view stopped again (%d); not restarting it", reason);
      return;
    }
  g_message ("The note view stopped (%d); showing %s again", reason, self->path);
  webkit_web_view_reload (view);
}

static void
lec_note_view_class_init (LecNoteViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WebKitWebViewClass *web_view_class = WEBKIT_WEB_VIEW_CLASS (klass);

  object_class->constructed = lec_note_view_constructed;
  object_class->dispose = lec_note_view_dispose;
  object_class->get_property = lec_note_view_get_property;
  object_class->set_property = lec_note_view_set_property;

  web_view_class->decide_policy = lec_note_view_decide_policy;
  web_view_class->context_menu = lec_note_view_context_menu;
  web_view_class->web_process_terminated = lec_note_view_web_process_terminated;

  properties [PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL,
                         LEC_TYPE_VAULT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NOTE] =
    g_param_spec_object ("note", NULL, NULL,
                         LEC_TYPE_NOTE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LecNoteView::open-note:
   * @path: the note's path relative to the vault
   * @fragment: (nullable): the heading id to scroll to
   *
   * The user followed a link to another note of the vault.
   */
  signals [OPEN_NOTE] =
    g_signal_new ("open-note",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * LecNoteView::open-topic:
   * @key: the topic's key: the slug of a link target with no note
   *
   * The user followed a link to a topic; its page is to open.
   */
  signals [OPEN_TOPIC] =
    g_signal_new ("open-topic",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * LecNoteView::open-tag:
   * @tag: a tag's name, without '#'
   */
  signals [OPEN_TAG] =
    g_signal_new ("open-tag",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * LecNoteView::seek:
   * @seconds: the time of the timestamp the user clicked
   */
  /**
   * LecNoteView::scrolled:
   * @y: where the reader stopped scrolling, in CSS pixels from the top
   */
  signals [SCROLLED] =
    g_signal_new ("scrolled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  signals [SEEK] =
    g_signal_new ("seek",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * LecNoteView::open-external:
   * @uri: an http(s) or mailto URI
   *
   * The user followed a link out of Lectern; it opens only after they agree.
   */
  signals [OPEN_EXTERNAL] =
    g_signal_new ("open-external",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lec_note_view_init (LecNoteView *self)
{
  self->theme = g_strdup ("light");
  self->font_size = 17;
  self->allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->copy_link = g_simple_action_new ("copy-link", NULL);
  g_signal_connect_object (self->copy_link, "activate", G_CALLBACK (copy_link_activated), self, 0);
  self->copy_moment = g_simple_action_new ("copy-moment", NULL);
  g_signal_connect_object (self->copy_moment, "activate", G_CALLBACK (copy_moment_activated), self, 0);
  self->play_moment = g_simple_action_new ("play-moment", NULL);
  g_signal_connect_object (self->play_moment, "activate", G_CALLBACK (play_moment_activated), self, 0);
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->copy_moment));
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->play_moment));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "note-view", G_ACTION_GROUP (group));
  }
  /* In the capture phase: WebKit would only hand them to the page. */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();
    GtkShortcutTrigger *trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                               gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK));

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (trigger, gtk_callback_action_new (menu_key_pressed, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}

GtkWidget *
lec_note_view_new (void)
{
  return g_object_new (LEC_TYPE_NOTE_VIEW,
                       "web-context", get_web_context (),
                       "network-session", get_network_session (),
                       NULL);
}

LecVault *
lec_note_view_get_vault (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), NULL);

  return self->vault;
}

void
lec_note_view_set_vault (LecNoteView *self,
                         LecVault    *vault)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (!vault || LEC_IS_VAULT (vault));

  if (g_set_object (&self->vault, vault))
    {
      g_clear_pointer (&self->path, g_free);
      g_clear_pointer (&self->topic, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VAULT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATH]);
    }
}

const char *
lec_note_view_get_path (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), NULL);

  return self->path;
}

/* Calls @body, a function of the page's script with @args (a{sv}, floating)
 * as its named arguments, in Lectern's world; nothing waits for it. */
static void
call_page (LecNoteView *self,
           const char  *body,
           GVariant    *args)
{
  webkit_web_view_call_async_javascript_function (WEBKIT_WEB_VIEW (self), body, -1, args,
                                                  WORLD, NULL, NULL, NULL, NULL);
}

/**
 * lec_note_view_set_online:
 * @online: whether web images load
 *
 * With online content off (the default), a web image in a note shows as a
 * placeholder the reader can load once; nothing is fetched before.
 */
void
lec_note_view_set_online (LecNoteView *self,
                          gboolean     online)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));

  online = !!online;
  if (self->online == online)
    return;
  self->online = online;
  if (online && webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self)) != NULL)
    call_page (self, "return lectern.loadImages ();", NULL);
}

gboolean
lec_note_view_get_online (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), FALSE);

  return self->online;
}

/**
 * lec_note_view_set_theme:
 * @theme: "light", "dark" or "sepia"
 *
 * Colours the page now and every page after.
 */
void
lec_note_view_set_theme (LecNoteView *self,
                         const char  *theme)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (g_strv_contains ((const char * const[]) { "light", "dark", "sepia", NULL }, theme));

  g_free (self->theme);
  self->theme = g_strdup (theme);
  call_page (self, "return lectern.setTheme (theme);",
             g_variant_new_parsed ("{'theme': <%s>}", theme));
}

const char *
lec_note_view_get_theme (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), NULL);

  return self->theme;
}

/* The size of the body text in pixels (before zoom), now and after. */
void
lec_note_view_set_font_size (LecNoteView *self,
                             guint        font_size)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));

  self->font_size = CLAMP (font_size, 10, 32);
  call_page (self, "return lectern.setFontSize (px);",
             g_variant_new_parsed ("{'px': <%i>}", (int) self->font_size));
}

/**
 * lec_note_view_follow:
 * @playing: the vault path of the note whose video is playing
 * @seconds: the player's position
 * @scroll: whether to bring the passage into view
 *
 * Marks the passage whose timestamp is the latest at or before @seconds,
 * and brings it into view with @scroll, on the note of the playing video.
 * A topic page marks the mentions from that note only, and does not
 * scroll: it belongs to no video. Any other note's page is left alone.
 */
void
lec_note_view_follow (LecNoteView *self,
                      const char  *playing,
                      double       seconds,
                      gboolean     scroll)
{
  gboolean mine;

  g_return_if_fail (LEC_IS_NOTE_VIEW (self));

  if (webkit_web_view_is_loading (WEBKIT_WEB_VIEW (self)))
    return;
  mine = playing != NULL && (self->topic != NULL || g_strcmp0 (self->path, playing) == 0);
  /* Unmarked once, then nothing more for a page of another video. */
  if (!mine && !self->following)
    return;
  self->following = mine;
  call_page (self, "return lectern.follow (t, scroll !== 0, only);",
             g_variant_new_parsed ("{'t': <%d>, 'scroll': <%i>, 'only': <%s>}",
                                   mine ? seconds : -1.0, scroll && mine && self->topic == NULL ? 1 : 0,
                                   self->topic != NULL && playing != NULL ? playing : ""));
}

/* Loads @uri, so that the page asked for last is the one shown: the work
 * for the page before is cancelled, and a web process that stopped
 * answering (still laying out the page before, say) is stopped, so that a
 * new one shows @uri. */
static void
start_load (LecNoteView *self,
            const char  *uri)
{
  WebKitWebView *view = WEBKIT_WEB_VIEW (self);

  self->following = TRUE;
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  if (!webkit_web_view_get_is_web_process_responsive (view))
    {
      g_message ("The note view is not responding; starting it again for %s", uri);
      self->replacing = TRUE;
      webkit_web_view_terminate_web_process (view);
    }
  webkit_web_view_load_uri (view, uri);
}

/**
 * lec_note_view_start:
 *
 * Starts the view's web process on an empty page of the notes' own
 * origin, before any note is asked for.
 */
void
lec_note_view_start (LecNoteView *self)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));

  if (self->path != NULL || self->topic != NULL || webkit_web_view_get_uri (WEBKIT_WEB_VIEW (self)) != NULL)
    return;
  webkit_web_view_load_html (WEBKIT_WEB_VIEW (self),
                             "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                             "<link rel=\"stylesheet\" href=\"" APP_PREFIX "note.css\"></head>"
                             "<body></body></html>\n",
                             VAULT_PREFIX);
}

void
lec_note_view_load_note (LecNoteView *self,
                         const char  *path,
                         const char  *fragment)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->topic, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATH]);

  uri = lec_note_view_uri_for_path (path);
  if (fragment != NULL && *fragment != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (fragment, NULL, FALSE);
      char *with_fragment = g_strconcat (uri, "#", escaped, NULL);

      g_free (uri);
      uri = with_fragment;
    }
  start_load (self, uri);
}

/**
 * lec_note_view_load_topic:
 * @key: a topic's key: its note's path, or the slug of its name
 *
 * Shows the topic's page: every note that mentions it.
 */
void
lec_note_view_load_topic (LecNoteView *self,
                          const char  *key)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (key != NULL);

  g_clear_pointer (&self->path, g_free);
  g_free (self->topic);
  self->topic = g_strdup (key);
  if (self->note != NULL)
    {
      g_clear_object (&self->note);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATH]);

  escaped = g_uri_escape_string (key, NULL, FALSE);
  uri = g_strconcat (TOPIC_PREFIX, escaped, NULL);
  start_load (self, uri);
}

/* The key of the topic page showing, or %NULL. */
const char *
lec_note_view_get_topic (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), NULL);

  return self->topic;
}

/**
 * lec_note_view_get_note:
 *
 * The parsed note the view shows (its headings, links and timestamps), or
 * %NULL before it has loaded. #GObject::notify tells when it changes.
 */
LecNote *
lec_note_view_get_note (LecNoteView *self)
{
  g_return_val_if_fail (LEC_IS_NOTE_VIEW (self), NULL);

  return self->note;
}

/* Scrolls the note to the heading (or any element) with @id. */
void
lec_note_view_scroll_to (LecNoteView *self,
                         const char  *id)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (id != NULL);

  call_page (self, "const e = document.getElementById (id);"
                   " if (e) e.scrollIntoView ({ block: 'start' });"
                   " return e !== null;",
             g_variant_new_parsed ("{'id': <%s>}", id));
}

/* Scrolls the note to @y CSS pixels from its top. */
void
lec_note_view_scroll_to_y (LecNoteView *self,
                           int          y)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));

  call_page (self, "return lectern.scrollToY (y);",
             g_variant_new_parsed ("{'y': <%i>}", MAX (0, y)));
}

/* Marks the words a search matched (one per line of @words) in the note
 * and scrolls to the first. */
void
lec_note_view_highlight (LecNoteView *self,
                         const char  *words)
{
  g_return_if_fail (LEC_IS_NOTE_VIEW (self));
  g_return_if_fail (words != NULL);

  call_page (self, "return lectern.highlight (words.split ('\\n'));",
             g_variant_new_parsed ("{'words': <%s>}", words));
}
