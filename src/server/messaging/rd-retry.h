/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How an outgoing message (an SMS, an e-mail) is tried again when its gateway or server
 * cannot take it: bounded tries with a doubling delay. */
typedef struct {
  guint attempts;      /* tries before a message fails (≥ 1) */
  guint first_delay;   /* ms before the second try; doubles after each, up to max_delay */
  guint max_delay;     /* ms */
} RdRetryPolicy;

/* After failed try number @attempts (1 for the first) because of @why: the reason the row
 * keeps. *@delay_ms is the wait before the next try, or 0 when the policy's tries are used
 * and the message has failed for good. */
char *rd_retry_after_failure (const RdRetryPolicy *policy,
                              guint                attempts,
                              const char          *why,
                              guint               *delay_ms);

G_END_DECLS
