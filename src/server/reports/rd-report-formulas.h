/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The call-center formulas, written once for every report and board (docs/reports.md).
 * Each returns a ratio (0..1) or a mean in ms; NAN when the denominator is zero, which
 * the reports write as null: "no calls" is not "0 %". */

/* The service level's default threshold: answered within 20 s (the 80/20 target). */
#define RD_REPORT_SERVICE_LEVEL_SECONDS 20

/* Answered within the threshold / offered. */
double rd_report_service_level (guint64 answered_within,
                                guint64 offered);
/* Abandoned / offered. Outbound (the compliance figure): offered = calls a person
 * answered (human + abandoned), as the pacer counts them. */
double rd_report_abandon_rate  (guint64 abandoned,
                                guint64 offered);
/* Average speed of answer: queue time of the answered calls / answered. */
double rd_report_asa_ms        (gint64  queue_ms,
                                guint64 answered);
/* Average handle time: (talk + hold + wrap-up) / handled. */
double rd_report_aht_ms        (gint64  talk_ms,
                                gint64  hold_ms,
                                gint64  wrap_ms,
                                guint64 handled);
/* Occupancy: handle / (handle + wait), handle = talk + hold + wrap-up. */
double rd_report_occupancy     (gint64  handle_ms,
                                gint64  wait_ms);
/* Conversions (calls disposed as a sale) / handled. */
double rd_report_conversion_rate (guint64 conversions,
                                  guint64 handled);
/* @part / @whole: a share of a pie, the lead penetration. */
double rd_report_share (guint64 part,
                        guint64 whole);
/* @count per hour of @ms. */
double rd_report_per_hour      (guint64 count,
                                gint64  ms);

G_END_DECLS
