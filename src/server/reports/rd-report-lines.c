/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Line (trunk) utilization: how many calls were up at once, per period. A call holds a
 * line from its launch (created_at: it rings) to its end. Peak: the most calls up at any
 * instant of the period; average: the call time in the period / its length (exact, from
 * the clipped intervals). By hour-of-day the hours are folded over the days of the range:
 * the peak is the highest of them, the average the mean over them. */
#include "config.h"

#include <stdlib.h>

#include "rd-report-private.h"

#define DAY_MS  (24 * 3600 * G_GINT64_CONSTANT (1000))
#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))

typedef struct {
  gint64 step;    /* 0: one period */
  gint64 base;    /* the start of period 0 */
  guint  n;
} Periods;

static guint
period_index (const Periods *p,
              gint64         t)
{
  return p->step == 0 ? 0 : (guint) ((t - p->base) / p->step);
}

static gint64
period_start (const Periods       *p,
              const RdReportQuery *query,
              guint                i)
{
  return p->step == 0 ? query->from_ms : p->base + i * p->step;
}

static gint64
period_end (const Periods       *p,
            const RdReportQuery *query,
            guint                i)
{
  return p->step == 0 ? query->to_ms : MIN (query->to_ms, p->base + (i + 1) * p->step);
}

static int
compare_times (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static char *
lines_sql (const RdReportQuery *query)
{
  GString *sql = g_string_new (NULL);

  for (int open = 0; open < 2; open++)
    {
      if (open)
        g_string_append (sql, " UNION ALL ");
      g_string_append_printf (sql, "SELECT created_at, %s FROM calls WHERE %s AND created_at < :to",
                              open ? "max(created_at, :now)" : "ended_at",
                              open ? "ended_at IS NULL" : "ended_at > :from");
      rd_report_filter_sql (sql, query, "campaign_id", NULL);
    }
  return g_string_free (sql, FALSE);
}

RdReportTable *
rd_report_lines (sqlite3              *db,
                 const RdReportQuery  *query,
                 GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("lines");
  g_autofree char *sql = lines_sql (query);
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db, sql, error);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gint64 *sum = NULL, *calls = NULL, *peak = NULL;
  Periods p = { 0, };
  gint64 level = 0;
  guint cur = 0, e = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  p.step = query->by == RD_REPORT_BY_DAY ? DAY_MS : query->by == RD_REPORT_BY_TOTAL ? 0 : HOUR_MS;
  p.base = p.step != 0 ? (query->from_ms + query->offset_ms) / p.step * p.step - query->offset_ms
                       : query->from_ms;
  p.n = p.step != 0 ? period_index (&p, query->to_ms - 1) + 1 : 1;
  sum = g_new0 (gint64, p.n);
  calls = g_new0 (gint64, p.n);
  peak = g_new0 (gint64, p.n);

  rd_report_bind (stmt, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 created = sqlite3_column_int64 (stmt, 0);
      gint64 start = MAX (created, query->from_ms);
      gint64 end = MIN (sqlite3_column_int64 (stmt, 1), query->to_ms);

      if (created >= query->from_ms)
        calls[period_index (&p, created)]++;
      if (start >= end)
        continue;
      g_array_append_val (starts, start);
      g_array_append_val (ends, end);
      for (gint64 s = start; s < end; )
        {
          guint i = period_index (&p, s);
          gint64 stop = MIN (end, period_end (&p, query, i));

          sum[i] += stop - s;
          s = stop;
        }
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }

  /* The sweep: ends before starts at the same instant (a line freed and taken again is
   * not two calls at once). */
  qsort (starts->data, starts->len, sizeof (gint64), compare_times);
  qsort (ends->data, ends->len, sizeof (gint64), compare_times);
  for (guint s = 0; s < starts->len || e < ends->len; )
    {
      gboolean is_end = e < ends->len && (s >= starts->len ||
                                          g_array_index (ends, gint64, e) <= g_array_index (starts, gint64, s));
      gint64 t = is_end ? g_array_index (ends, gint64, e++) : g_array_index (starts, gint64, s++);

      /* the periods before @t begin with the calls carried into them */
      for (guint i = MIN (period_index (&p, t), p.n - 1); cur < i; )
        peak[++cur] = level;
      level += is_end ? -1 : 1;
      peak[cur] = MAX (peak[cur], level);
    }

  rd_report_add_period_column (table, query);
  rd_report_table_add_column (table, "calls", RD_REPORT_INT);
  rd_report_table_add_column (table, "peak", RD_REPORT_INT);
  rd_report_table_add_column (table, "average", RD_REPORT_REAL);
  rd_report_table_add_column (table, "call_ms", RD_REPORT_INT);
  if (query->by == RD_REPORT_BY_HOUR_OF_DAY)
    {
      gint64 f_calls[24] = { 0, }, f_peak[24] = { 0, }, f_sum[24] = { 0, }, f_len[24] = { 0, };

      for (guint i = 0; i < p.n; i++)
        {
          gint64 ps = MAX (period_start (&p, query, i), query->from_ms);
          guint h = (guint) ((period_start (&p, query, i) + query->offset_ms) / HOUR_MS % 24);

          f_calls[h] += calls[i];
          f_peak[h] = MAX (f_peak[h], peak[i]);
          f_sum[h] += sum[i];
          f_len[h] += period_end (&p, query, i) - ps;
        }
      for (guint h = 0; h < 24; h++)
        {
          if (f_len[h] == 0)
            continue;
          rd_report_table_int (table, h);
          rd_report_table_int (table, f_calls[h]);
          rd_report_table_int (table, f_peak[h]);
          rd_report_table_real (table, (double) f_sum[h] / f_len[h]);
          rd_report_table_int (table, f_sum[h]);
        }
      return g_steal_pointer (&table);
    }
  for (guint i = 0; i < p.n; i++)
    {
      gint64 ps = MAX (period_start (&p, query, i), query->from_ms);

      rd_report_table_int (table, period_start (&p, query, i));
      rd_report_table_int (table, calls[i]);
      rd_report_table_int (table, peak[i]);
      rd_report_table_real (table, (double) sum[i] / (period_end (&p, query, i) - ps));
      rd_report_table_int (table, sum[i]);
    }
  return g_steal_pointer (&table);
}
