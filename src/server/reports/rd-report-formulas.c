/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The formulas of docs/reports.md, in one place. */
#include "config.h"

#include <math.h>

#include "rd-report-formulas.h"

static double
ratio (double num,
       double den)
{
  return den > 0 ? num / den : NAN;
}

double
rd_report_service_level (guint64 answered_within,
                         guint64 offered)
{
  return ratio (answered_within, offered);
}

double
rd_report_abandon_rate (guint64 abandoned,
                        guint64 offered)
{
  return ratio (abandoned, offered);
}

double
rd_report_asa_ms (gint64  queue_ms,
                  guint64 answered)
{
  return ratio (queue_ms, answered);
}

double
rd_report_aht_ms (gint64  talk_ms,
                  gint64  hold_ms,
                  gint64  wrap_ms,
                  guint64 handled)
{
  return ratio (talk_ms + hold_ms + wrap_ms, handled);
}

double
rd_report_occupancy (gint64 handle_ms,
                     gint64 wait_ms)
{
  return ratio (handle_ms, handle_ms + wait_ms);
}

double
rd_report_conversion_rate (guint64 conversions,
                           guint64 handled)
{
  return ratio (conversions, handled);
}

double
rd_report_share (guint64 part,
                 guint64 whole)
{
  return ratio (part, whole);
}

double
rd_report_per_hour (guint64 count,
                    gint64  ms)
{
  return ratio (count * 3600000.0, ms);
}
