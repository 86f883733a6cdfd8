/* test-ui.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-ui.h"

/* Sets the flag @data points to; for g_timeout_add(). */
gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after 20 s,
 * naming what it waited for. */
void
wait_for_ (Condition    condition,
           gpointer     data,
           const char  *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (expired)
    g_error ("Waited 20 s in vain for %s", what);
  g_source_remove (id);
}

gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* @data: a LecWindow whose folder has finished loading. */
gboolean
vault_loaded (gpointer data)
{
  LecVault *vault = lec_window_get_vault (data);

  return vault != NULL && lec_vault_get_loaded (vault);
}

/* Sets *@finished when @view has finished loading a page. */
void
on_load_changed (WebKitWebView   *view,
                 WebKitLoadEvent  event,
                 gboolean        *finished)
{
  if (event == WEBKIT_LOAD_FINISHED)
    *finished = TRUE;
}

typedef struct
{
  gboolean  done;
  JSCValue *value;
  GError   *error;
} Eval;

static void
eval_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Eval *eval = user_data;

  eval->value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &eval->error);
  eval->done = TRUE;
}

/* Reads the page back as the reader sees it, from the page's own world
 * (not Lectern's), so it sees what note content would see. */
char *
eval_string (WebKitWebView *view,
             const char    *script)
{
  Eval eval = { 0 };
  char *ret;

  webkit_web_view_evaluate_javascript (view, script, -1, NULL, NULL, NULL, eval_done, &eval);
  wait_for (flag_set, &eval.done);
  g_assert_no_error (eval.error);
  ret = jsc_value_to_string (eval.value);
  g_object_unref (eval.value);
  return ret;
}

/* A window as the tests use it: 1100 × 720, shown. */
LecWindow *
test_window_new (void)
{
  LecWindow *window = lec_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
