/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A hybrid logical clock value: 48-bit wall milliseconds << 16 | 16-bit counter.
 * Ties between equal values are broken by the site id (the replica's UUID). */
typedef guint64 RdHlcValue;

#define RD_HLC_ERROR (rd_hlc_error_quark ())

typedef enum {
  RD_HLC_ERROR_SKEW,       /* a remote timestamp is too far ahead of our wall clock */
  RD_HLC_ERROR_OVERFLOW,   /* the 16-bit counter ran out within one millisecond */
} RdHlcError;

/* The default limit on how far a remote clock may be ahead of ours: 5 minutes. */
#define RD_HLC_DEFAULT_MAX_DRIFT_MS (5 * 60 * 1000)

/* Returns the wall clock in milliseconds since the epoch; injected so tests control time. */
typedef gint64 (*RdHlcClockFunc) (gpointer user_data);

#define RD_TYPE_HLC (rd_hlc_get_type ())
G_DECLARE_FINAL_TYPE (RdHlc, rd_hlc, RD, HLC, GObject)

GQuark      rd_hlc_error_quark        (void);

/* A clock for @site that reads g_get_real_time() until rd_hlc_set_clock() says otherwise. */
RdHlc      *rd_hlc_new                (const char     *site);

/* The site id this clock stamps with. */
const char *rd_hlc_get_site           (RdHlc          *self);

/* Replaces the wall clock (tests); @func NULL restores the real clock. */
void        rd_hlc_set_clock          (RdHlc          *self,
                                       RdHlcClockFunc  func,
                                       gpointer        user_data,
                                       GDestroyNotify  destroy);

/* A fresh timestamp for a local event, greater than every value seen so far. */
RdHlcValue  rd_hlc_now                (RdHlc          *self);

/* Merges a timestamp received from another site; FALSE (clock unchanged) if it is more
 * than @max_drift_ms ahead of our wall clock (0 = RD_HLC_DEFAULT_MAX_DRIFT_MS). */
gboolean    rd_hlc_update_from_remote (RdHlc          *self,
                                       RdHlcValue      remote,
                                       gint64          max_drift_ms,
                                       GError        **error);

/* Raises the clock to at least @value without checks (used when reopening a replica). */
void        rd_hlc_observe            (RdHlc          *self,
                                       RdHlcValue      value);

/* The last value handed out or observed. */
RdHlcValue  rd_hlc_last               (RdHlc          *self);

/* Orders (a, site_a) against (b, site_b): <0, 0, >0. NULL sites sort first. */
int         rd_hlc_compare            (RdHlcValue      a,
                                       const char     *site_a,
                                       RdHlcValue      b,
                                       const char     *site_b);

/* Packs and unpacks the two parts. */
static inline RdHlcValue rd_hlc_pack (gint64 ms, guint counter) { return ((guint64) ms << 16) | (counter & 0xffff); }
static inline gint64     rd_hlc_ms (RdHlcValue v) { return (gint64) (v >> 16); }
static inline guint      rd_hlc_counter (RdHlcValue v) { return (guint) (v & 0xffff); }

G_END_DECLS
