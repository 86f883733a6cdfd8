/* lec-error.h
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LEC_ERROR (lec_error_quark ())

typedef enum
{
  LEC_ERROR_NOT_FOUND,
  LEC_ERROR_NOT_A_FOLDER,
  LEC_ERROR_NOT_A_NOTE,
  LEC_ERROR_UNREADABLE,
  LEC_ERROR_TOO_LARGE,
  LEC_ERROR_INVALID,
  LEC_ERROR_OUTSIDE_VAULT,
  LEC_ERROR_DAMAGED,       /* the index: rebuilt at its next update */
} LecError;

GQuark lec_error_quark (void);

G_END_DECLS
