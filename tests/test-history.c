/* test-history.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-history.h"

/* Goes @delta and checks what it says to open: @path with @fragment, or
 * the topic @topic. */
static void
assert_go (LecHistory *history,
           int         delta,
           const char *path,
           const char *fragment,
           const char *topic)
{
  g_autofree char *p = NULL;
  g_autofree char *f = NULL;
  g_autofree char *t = NULL;

  g_assert_true (lec_history_go (history, delta, &p, &f, &t));
  g_assert_cmpstr (p, ==, path);
  g_assert_cmpstr (f, ==, fragment);
  g_assert_cmpstr (t, ==, topic);
}

static void
test_back_and_forward (void)
{
  g_autoptr(LecHistory) history = lec_history_new ();

  g_assert_false (lec_history_can_go_back (history));
  g_assert_false (lec_history_can_go_forward (history));
  g_assert_false (lec_history_go (history, -1, NULL, NULL, NULL));

  lec_history_push_note (history, "a.md", NULL);
  g_assert_false (lec_history_can_go_back (history));
  lec_history_push_note (history, "b/c.md", "heading");
  lec_history_push_topic (history, "some_topic");
  g_assert_true (lec_history_can_go_back (history));
  g_assert_false (lec_history_can_go_forward (history));

  assert_go (history, -1, "b/c.md", "heading", NULL);
  assert_go (history, -1, "a.md", NULL, NULL);
  g_assert_false (lec_history_can_go_back (history));
  g_assert_false (lec_history_go (history, -1, NULL, NULL, NULL));
  assert_go (history, 1, "b/c.md", "heading", NULL);
  assert_go (history, 1, NULL, NULL, "some_topic");
  g_assert_false (lec_history_go (history, 1, NULL, NULL, NULL));
}

/* Opening what a move showed adds nothing; opening something else drops
 * what lay ahead. */
static void
test_push_while_moving (void)
{
  g_autoptr(LecHistory) history = lec_history_new ();

  lec_history_push_note (history, "a.md", NULL);
  lec_history_push_note (history, "b.md", NULL);
  lec_history_push_note (history, "c.md", NULL);
  assert_go (history, -1, "b.md", NULL, NULL);
  lec_history_push_note (history, "b.md", NULL);
  g_assert_true (lec_history_can_go_forward (history));

  lec_history_push_topic (history, "t");
  g_assert_false (lec_history_can_go_forward (history));
  assert_go (history, -1, "b.md", NULL, NULL);
  assert_go (history, -1, "a.md", NULL, NULL);

  lec_history_clear (history);
  g_assert_false (lec_history_can_go_back (history));
  g_assert_false (lec_history_can_go_forward (history));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  g_autoptr(LecHistory) history = lec_history_new ();
  guint back = 0;
  gboolean can = FALSE;

  g_signal_connect (history, "notify::can-go-back", G_CALLBACK (count_notify), &back);
  lec_history_push_note (history, "a.md", NULL);
  lec_history_push_note (history, "b.md", NULL);
  g_assert_cmpuint (back, >=, 1);
  g_object_get (history, "can-go-back", &can, NULL);
  g_assert_true (can);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/back-and-forward", test_back_and_forward);
  g_test_add_func ("/history/push-while-moving", test_push_while_moving);
  g_test_add_func ("/history/notify", test_notify);

  return g_test_run ();
}
