/* lec-search-provider.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lec-search-provider"

#include "config.h"

#include "lec-search-provider.h"
#include "lec-index-shell.h"

#include <glib/gi18n.h>
#include <string.h>

/* GNOME Shell's search (org.gnome.Shell.SearchProvider2): the notes and
 * topics of the last folder opened, from its index (lec-index-shell.c),
 * read on a thread. The application exports it next to its own object
 * (lec-application.c's dbus_register), and holds itself while an answer
 * is on its way, so that a Lectern the bus started only to search does
 * not quit in the middle of one.
 *
 * Everything that comes over the bus is the Shell's or anyone's: a
 * result's id is opened only when the index holds it (lec_index_shell_lookup),
 * and a request with too many or too long terms is answered with nothing.
 * Opening a result and launching a search are the application's
 * ("open-note", "open-topic", "search"). */

/* The names read stay this long after the last request: a search in the
 * overview asks at every key, then nothing more. */
#define RELEASE_AFTER_S 60

/* A Lectern the bus started for the Shell stays this long after an
 * answer (GApplication's service would quit at once, to be started again
 * for the next key typed). */
#define LINGER_S 10

/* At most what anyone types into the overview. */
#define MAX_TERMS 32
#define MAX_TERM_BYTES 256
#define MAX_IDS 100
#define MAX_RESULTS 10

struct _LecSearchProvider
{
  GObject          parent_instance;

  GApplication    *application;  /* not owned: it owns us */
  GSettings       *settings;
  LecIndexShell   *index;
  GDBusConnection *connection;
  guint            registration;
  guint            release_id;
  guint            linger_id;    /* holds the application while it runs */
};

G_DEFINE_FINAL_TYPE (LecSearchProvider, lec_search_provider, G_TYPE_OBJECT)

enum {
  OPEN_NOTE,
  OPEN_TOPIC,
  SEARCH,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* The folder the Shell searches: the last one opened, if any. */
static GFile *
dup_folder (LecSearchProvider *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-folder");

  return last != NULL && g_path_is_absolute (last) ? g_file_new_for_path (last) : NULL;
}

static gboolean
release_names (gpointer data)
{
  LecSearchProvider *self = data;

  /* A request is reading them: the next release will do. */
  if (!lec_index_shell_release (self->index))
    return G_SOURCE_CONTINUE;
  g_debug ("The names read for the Shell's search are given back");
  self->release_id = 0;
  return G_SOURCE_REMOVE;
}

static void
release_later (LecSearchProvider *self)
{
  g_clear_handle_id (&self->release_id, g_source_remove);
  self->release_id = g_timeout_add_seconds (RELEASE_AFTER_S, release_names, self);
}

static gboolean
linger_done (gpointer data)
{
  LecSearchProvider *self = data;

  self->linger_id = 0;
  g_application_release (self->application);
  return G_SOURCE_REMOVE;
}

static void
linger (LecSearchProvider *self)
{
  if (!(g_application_get_flags (self->application) & G_APPLICATION_IS_SERVICE))
    return;
  if (self->linger_id == 0)
    g_application_hold (self->application);
  g_clear_handle_id (&self->linger_id, g_source_remove);
  self->linger_id = g_timeout_add_seconds (LINGER_S, linger_done, self);
}

/* --- a request, answered from a thread ------------------------------------ */

typedef enum
{
  FIND,
  METAS,
  ACTIVATE,
} RequestKind;

typedef struct
{
  RequestKind             kind;
  GDBusMethodInvocation  *invocation;
  GFile                  *folder;
  GStrv                   terms;
  GStrv                   ids;
  guint                   timestamp;
  GPtrArray              *found;    /* FIND: ids; else LecShellResult */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->invocation);
  g_clear_object (&request->folder);
  g_clear_pointer (&request->terms, g_strfreev);
  g_clear_pointer (&request->ids, g_strfreev);
  g_clear_pointer (&request->found, g_ptr_array_unref);
  g_free (request);
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LecSearchProvider *self = source_object;
  Request *request = task_data;

  if (request->kind == FIND)
    {
      request->found = lec_index_shell_find (self->index, request->folder,
                                             (const char * const *) request->terms, MAX_RESULTS);
      g_task_return_boolean (task, TRUE);
      return;
    }
  request->found = g_ptr_array_new_with_free_func ((GDestroyNotify) lec_shell_result_free);
  for (guint i = 0; request->ids[i] != NULL; i++)
    {
      LecShellResult *result = lec_index_shell_lookup (self->index, request->folder, request->ids[i]);

      if (result != NULL)
        g_ptr_array_add (request->found, result);
    }
  g_task_return_boolean (task, TRUE);
}

static GVariant *
result_meta (LecShellResult *result)
{
  g_auto(GVariantBuilder) meta = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autofree char *description = NULL;

  if (result->topic)
    /* Translators: a topic in GNOME Shell's search, and how many notes
     * mention it */
    description = g_strdup_printf (ngettext ("Topic · %u note", "Topic · %u notes", result->notes),
                                   result->notes);
  else
    description = g_strdup (result->channel != NULL ? result->channel : "");

  g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (result->id));
  g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (result->name));
  g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
  g_variant_builder_add (&meta, "{sv}", "icon", g_icon_serialize (icon));
  return g_variant_builder_end (&meta);
}

static void
answer_metas (Request *request)
{
  g_auto(GVariantBuilder) metas = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; i < request->found->len; i++)
    g_variant_builder_add_value (&metas, result_meta (request->found->pdata[i]));
  g_dbus_method_invocation_return_value (request->invocation, g_variant_new ("(aa{sv})", &metas));
}

static void
answer_activate (LecSearchProvider *self,
                 Request           *request)
{
  LecShellResult *result = request->found->len > 0 ? request->found->pdata[0] : NULL;

  if (result == NULL)
    {
      g_dbus_method_invocation_return_error (request->invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "No such result: %s", request->ids[0]);
      return;
    }
  g_dbus_method_invocation_return_value (request->invocation, NULL);
  g_signal_emit (self, signals [result->topic ? OPEN_TOPIC : OPEN_NOTE], 0,
                 request->folder, result->target, request->timestamp);
}

static void
request_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LecSearchProvider *self = LEC_SEARCH_PROVIDER (object);
  Request *request = g_task_get_task_data (G_TASK (result));

  switch (request->kind)
    {
    case FIND:
      g_ptr_array_add (request->found, NULL);
      g_dbus_method_invocation_return_value (request->invocation,
                                             g_variant_new ("(^as)", (char **) request->found->pdata));
      break;
    case METAS:
      answer_metas (request);
      break;
    case ACTIVATE:
      answer_activate (self, request);
      break;
    default:
      g_assert_not_reached ();
    }
  g_clear_object (&request->invocation);

  release_later (self);
  linger (self);
  g_application_release (self->application);
}

/* Runs @request on a thread, the application held until it is answered. */
static void
request_start (LecSearchProvider *self,
               Request           *request)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, request_done, NULL);

  g_task_set_source_tag (task, request_start);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_application_hold (self->application);
  g_task_run_in_thread (task, request_thread);
}

/* --- the methods ------------------------------------------------------------ */

static gboolean
terms_acceptable (const char * const *terms)
{
  guint n = g_strv_length ((char **) terms);

  if (n == 0 || n > MAX_TERMS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strlen (terms[i]) > MAX_TERM_BYTES)
      return FALSE;
  return TRUE;
}

static void
find (LecSearchProvider     *self,
      GDBusMethodInvocation *invocation,
      GVariant              *terms_variant)
{
  g_autofree const char **terms = g_variant_get_strv (terms_variant, NULL);
  g_autoptr(GFile) folder = dup_folder (self);
  Request *request;

  if (folder == NULL || !terms_acceptable (terms))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(as)", NULL));
      return;
    }
  request = g_new0 (Request, 1);
  request->kind = FIND;
  request->invocation = g_object_ref (invocation);
  request->folder = g_steal_pointer (&folder);
  request->terms = g_strdupv ((char **) terms);
  request_start (self, request);
}

static void
lookup (LecSearchProvider     *self,
        GDBusMethodInvocation *invocation,
        RequestKind            kind,
        GStrv                  ids,
        guint                  timestamp)
{
  g_autoptr(GFile) folder = dup_folder (self);
  Request *request;

  if (folder == NULL || g_strv_length (ids) > MAX_IDS)
    {
      g_strfreev (ids);
      if (kind == METAS)
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(aa{sv})", NULL));
      else
        g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                               "No such result");
      return;
    }
  request = g_new0 (Request, 1);
  request->kind = kind;
  request->invocation = g_object_ref (invocation);
  request->folder = g_steal_pointer (&folder);
  request->ids = ids;
  request->timestamp = timestamp;
  request_start (self, request);
}

static void
launch_search (LecSearchProvider     *self,
               GDBusMethodInvocation *invocation,
               GVariant              *parameters)
{
  g_autofree const char **terms = NULL;
  g_autoptr(GVariant) terms_variant = NULL;
  g_autoptr(GFile) folder = dup_folder (self);
  g_autofree char *words = NULL;
  guint timestamp;

  g_variant_get (parameters, "(@asu)", &terms_variant, &timestamp);
  terms = g_variant_get_strv (terms_variant, NULL);
  g_dbus_method_invocation_return_value (invocation, NULL);
  if (!terms_acceptable (terms))
    return;
  words = g_strjoinv (" ", (char **) terms);
  g_signal_emit (self, signals [SEARCH], 0, folder, words, timestamp);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  LecSearchProvider *self = user_data;
  g_autoptr(GVariant) terms = NULL;
  g_autoptr(GVariant) previous = NULL;

  /* GDBus checked the arguments' types against the interface. */
  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_variant_get (parameters, "(@as)", &terms);
      find (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      /* Searching again costs less than a millisecond: the previous
       * results, at most MAX_RESULTS of them, are not enough to narrow. */
      g_variant_get (parameters, "(@as@as)", &previous, &terms);
      find (self, invocation, terms);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      GStrv ids = NULL;

      g_variant_get (parameters, "(^as)", &ids);
      lookup (self, invocation, METAS, ids, 0);
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      char *id = NULL;
      guint timestamp;
      GStrv ids = g_new0 (char *, 2);

      g_variant_get (parameters, "(s@asu)", &id, &terms, &timestamp);
      ids[0] = id;
      lookup (self, invocation, ACTIVATE, ids, timestamp);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    launch_search (self, invocation, parameters);
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "Unknown method %s", method_name);
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { NULL } };

/* --- the object ------------------------------------------------------------- */

static void
lec_search_provider_dispose (GObject *object)
{
  LecSearchProvider *self = (LecSearchProvider *)object;

  lec_search_provider_unexport (self);
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->linger_id != 0)
    linger_done (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (lec_search_provider_parent_class)->dispose (object);
}

static void
lec_search_provider_class_init (LecSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lec_search_provider_dispose;

  /**
   * LecSearchProvider::open-note:
   * @folder: the notes folder
   * @path: the note, relative to @folder; one the index holds
   * @timestamp: the event's time, for focus
   */
  signals [OPEN_NOTE] =
    g_signal_new ("open-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_FILE, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * LecSearchProvider::open-topic:
   * @key: the topic's key; one the index holds
   */
  signals [OPEN_TOPIC] =
    g_signal_new ("open-topic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_FILE, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * LecSearchProvider::search:
   * @folder: (nullable): the notes folder, %NULL when none was opened yet
   * @words: what the Shell was asked
   */
  signals [SEARCH] =
    g_signal_new ("search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_FILE, G_TYPE_STRING, G_TYPE_UINT);
}

static void
lec_search_provider_init (LecSearchProvider *self)
{
  self->index = lec_index_shell_new (NULL);
}

LecSearchProvider *
lec_search_provider_new (GApplication *application,
                         GSettings    *settings)
{
  LecSearchProvider *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LEC_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  return self;
}

/**
 * lec_search_provider_export:
 * @object_path: where, as the search provider's `.ini` file says
 *
 * Puts the provider on @connection, from the application's
 * dbus_register.
 */
gboolean
lec_search_provider_export (LecSearchProvider  *self,
                            GDBusConnection    *connection,
                            const char         *object_path,
                            GError            **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (LEC_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;
  self->registration = g_dbus_connection_register_object (connection, object_path, info->interfaces[0],
                                                          &vtable, self, NULL, error);
  if (self->registration == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
lec_search_provider_unexport (LecSearchProvider *self)
{
  g_return_if_fail (LEC_IS_SEARCH_PROVIDER (self));

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->connection);
}

static void
warm_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LecSearchProvider *self = source_object;

  lec_index_shell_load (self->index, task_data);
  g_task_return_boolean (task, TRUE);
}

static void
warm_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  release_later (LEC_SEARCH_PROVIDER (object));
}

/**
 * lec_search_provider_warm:
 *
 * Reads the names of the last folder's index on a thread now, for a
 * Lectern the bus starts for the Shell's search: they are read while GTK
 * starts, before the first question comes (reading them takes longer
 * than answering it).
 */
void
lec_search_provider_warm (LecSearchProvider *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (LEC_IS_SEARCH_PROVIDER (self));

  if ((folder = dup_folder (self)) == NULL)
    return;
  task = g_task_new (self, NULL, warm_done, NULL);
  g_task_set_source_tag (task, lec_search_provider_warm);
  g_task_set_task_data (task, g_steal_pointer (&folder), g_object_unref);
  g_task_run_in_thread (task, warm_thread);
}
