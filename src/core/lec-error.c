/* lec-error.c
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lec-error.h"

G_DEFINE_QUARK (lec-error-quark, lec_error)
