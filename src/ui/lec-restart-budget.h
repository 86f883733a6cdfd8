/* lec-restart-budget.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How often a web view may bring its dead web process back: three times
 * a minute, so that a driver crash now and then is survived and a page
 * that crashes at once is not reloaded for ever. */
typedef struct
{
  gint64 since;  /* start of the current minute, monotonic µs */
  guint  used;
} LecRestartBudget;

static inline gboolean
lec_restart_budget_take (LecRestartBudget *budget)
{
  gint64 now = g_get_monotonic_time ();

  if (budget->used == 0 || now - budget->since > 60 * G_USEC_PER_SEC)
    {
      budget->since = now;
      budget->used = 0;
    }
  if (budget->used >= 3)
    return FALSE;
  budget->used++;
  return TRUE;
}

G_END_DECLS
