/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inbound queues: what became of the calls each queue answered, per period. A queue call
 * is offered when the queue answers the caller (answered_at: they hear the hold message);
 * answered when an agent takes it (bridged_at); its wait is from one to the other, or to
 * its end when no agent took it. Abandoned: the caller hung up waiting (not a voicemail
 * they left); a call that overflowed counts in the queue it ended in (and as overflowed
 * in there). Service level and ASA are the formulas of rd-report-formulas.c, the threshold
 * each queue's own (its service_level setting, 20 s by default). */
#include "config.h"

#include "rd-report-private.h"

#define ABANDONED "c.bridged_at IS NULL AND c.ended_at IS NOT NULL AND coalesce(c.disposition, '') <> 'voicemail'"

RdReportTable *
rd_report_queues (sqlite3              *db,
                  const RdReportQuery  *query,
                  GError              **error)
{
  static const char *const counts[] = {
    "offered", "answered", "abandoned", "voicemails", "waiting", "answered_within_sl",
    "abandoned_within_sl", "overflowed_in",
  };
  g_autoptr(RdReportTable) table = rd_report_table_new ("queues");
  g_autofree char *period = rd_report_period_sql (query, "c.created_at");
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(RdReportStmt) stmt = NULL;
  int rc;

  g_string_append_printf (sql,
    "SELECT q.id, q.name, q.service_level, %s AS period, count(*),"
    " count(*) FILTER (WHERE c.bridged_at IS NOT NULL),"
    " count(*) FILTER (WHERE " ABANDONED "),"
    " count(*) FILTER (WHERE c.disposition = 'voicemail' AND c.bridged_at IS NULL),"
    " count(*) FILTER (WHERE c.bridged_at IS NULL AND c.ended_at IS NULL),"
    " count(*) FILTER (WHERE c.bridged_at - c.answered_at <= q.service_level * 1000),"
    " count(*) FILTER (WHERE " ABANDONED " AND c.ended_at - c.answered_at <= q.service_level * 1000),"
    " count(*) FILTER (WHERE c.overflow_from IS NOT NULL),"
    " coalesce(sum(c.bridged_at - c.answered_at), 0),"
    " coalesce(sum(c.ended_at - c.answered_at) FILTER (WHERE " ABANDONED "), 0),"
    " coalesce(max(coalesce(c.bridged_at, c.ended_at, :now) - c.answered_at), 0)"
    " FROM calls c JOIN queues q ON q.id = c.queue_id"
    " WHERE c.created_at >= :from AND c.created_at < :to AND c.answered_at IS NOT NULL",
    period);
  if (query->queue_scope != NULL)
    g_string_append (sql, " AND c.queue_id IN (SELECT value FROM json_each(:queue_scope))");
  if (query->queue != NULL)
    g_string_append (sql, " AND c.queue_id = :queue");
  g_string_append (sql, " GROUP BY q.id, period ORDER BY q.name, q.id, period");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);

  rd_report_table_add_column (table, "queue_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "queue", RD_REPORT_TEXT);
  rd_report_add_period_column (table, query);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    rd_report_table_add_column (table, counts[i], RD_REPORT_INT);
  rd_report_table_add_column (table, "service_level_seconds", RD_REPORT_INT);
  rd_report_table_add_column (table, "service_level", RD_REPORT_REAL);
  rd_report_table_add_column (table, "abandon_rate", RD_REPORT_REAL);
  rd_report_table_add_column (table, "asa_ms", RD_REPORT_REAL);
  rd_report_table_add_column (table, "avg_abandon_wait_ms", RD_REPORT_REAL);
  rd_report_table_add_column (table, "longest_wait_ms", RD_REPORT_INT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 offered = sqlite3_column_int64 (stmt, 4);
      gint64 answered = sqlite3_column_int64 (stmt, 5);
      gint64 abandoned = sqlite3_column_int64 (stmt, 6);
      gint64 within = sqlite3_column_int64 (stmt, 9);

      rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, 0));
      rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, 1));
      rd_report_table_int (table, sqlite3_column_int64 (stmt, 3));
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        rd_report_table_int (table, sqlite3_column_int64 (stmt, 4 + i));
      rd_report_table_int (table, sqlite3_column_int64 (stmt, 2));
      rd_report_table_real (table, rd_report_service_level (within, offered));
      rd_report_table_real (table, rd_report_abandon_rate (abandoned, offered));
      rd_report_table_real (table, rd_report_asa_ms (sqlite3_column_int64 (stmt, 12), answered));
      /* the same mean for the callers who hung up: how long they waited first */
      rd_report_table_real (table, rd_report_asa_ms (sqlite3_column_int64 (stmt, 13), abandoned));
      rd_report_table_int (table, sqlite3_column_int64 (stmt, 14));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}
