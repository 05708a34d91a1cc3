/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_RATE_LIMIT (rd_rate_limit_get_type ())
G_DECLARE_FINAL_TYPE (RdRateLimit, rd_rate_limit, RD, RATE_LIMIT, GObject)

/* At most @max_events per key in any sliding window of @window_seconds. */
RdRateLimit *rd_rate_limit_new    (guint        max_events,
                                   guint        window_seconds);
/* TRUE when @key may act at @now_us; otherwise FALSE and the seconds to wait. */
gboolean     rd_rate_limit_check  (RdRateLimit *self,
                                   const char  *key,
                                   gint64       now_us,
                                   guint       *retry_after);
/* Counts one event of @key at @now_us. */
void         rd_rate_limit_record (RdRateLimit *self,
                                   const char  *key,
                                   gint64       now_us);
/* Forgets @key (e.g. after a successful login). */
void         rd_rate_limit_reset  (RdRateLimit *self,
                                   const char  *key);

G_END_DECLS
