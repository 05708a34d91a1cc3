/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call detail records: every call row, newest first, filtered, paged by keyset (the last
 * row's created_at and id), never by OFFSET: a page costs the same at row 10,000,000 as
 * at row 1. Each filter has an index to walk in order: the time (calls_created), the
 * campaign (calls_campaign), the agent (calls_agent) and the exact number (calls_number).
 * A partial number is matched within the range instead (no index can find digits in the
 * middle of a number), in calls_created, which holds the number beside the time, so only
 * the rows that match are read from the table; the page still stops at its limit.
 *
 * Inbound calls (queues, later) fit the same rows: queue_id, and wait_ms (answered to
 * bridged) becomes the queue time the ASA and the service level read. */
#include "config.h"

#include <string.h>

#include "rd-report-private.h"

static const struct {
  const char   *name;
  RdReportType  type;
  const char   *sql;
} columns[] = {
  { "id",               RD_REPORT_TEXT, "c.id" },
  { "created_at",       RD_REPORT_TIME, "c.created_at" },
  { "direction",        RD_REPORT_TEXT, "c.direction" },
  { "campaign_id",      RD_REPORT_TEXT, "c.campaign_id" },
  { "campaign",         RD_REPORT_TEXT, "p.name" },
  { "queue_id",         RD_REPORT_TEXT, "c.queue_id" },
  { "lead_id",          RD_REPORT_TEXT, "c.lead_id" },
  { "number",           RD_REPORT_TEXT, "c.number" },
  { "caller_id",        RD_REPORT_TEXT, "c.caller_id" },
  { "agent",            RD_REPORT_TEXT, "c.agent" },
  { "ringing_at",       RD_REPORT_TIME, "c.ringing_at" },
  { "answered_at",      RD_REPORT_TIME, "c.answered_at" },
  { "bridged_at",       RD_REPORT_TIME, "c.bridged_at" },
  { "ended_at",         RD_REPORT_TIME, "c.ended_at" },
  { "total_ms",         RD_REPORT_INT,  "c.ended_at - c.created_at" },
  { "bill_ms",          RD_REPORT_INT,  "c.ended_at - c.answered_at" },
  { "wait_ms",          RD_REPORT_INT,  "c.bridged_at - c.answered_at" },
  { "talk_ms",          RD_REPORT_INT,  "c.ended_at - c.bridged_at" },
  { "result",           RD_REPORT_TEXT, "c.result" },
  { "sip_code",         RD_REPORT_INT,  "c.sip_code" },
  { "hangup_cause",     RD_REPORT_TEXT, "c.hangup_cause" },
  { "hangup_by",        RD_REPORT_TEXT, "c.hangup_by" },
  { "safe_harbor",      RD_REPORT_INT,  "c.safe_harbor" },
  { "disposition",      RD_REPORT_TEXT, "c.disposition" },
  { "notes",            RD_REPORT_TEXT, "c.notes" },
  { "has_recording",    RD_REPORT_INT,  "c.recording IS NOT NULL" },
  { "transferred_from", RD_REPORT_TEXT, "c.transferred_from" },
  { "transferred_at",   RD_REPORT_TIME, "c.transferred_at" },
  { "transferred_to",   RD_REPORT_TEXT, "c.transferred_to" },
  { "tags",             RD_REPORT_TEXT, "c.tags" },
};

/* "CREATED.ID" of a page's last row. */
static gboolean
parse_cursor (const char  *cursor,
              gint64      *created,
              char       **id,
              GError     **error)
{
  const char *dot = strchr (cursor, '.');
  char *end = NULL;

  if (dot != NULL && dot[1] != '\0')
    {
      *created = g_ascii_strtoll (cursor, &end, 10);
      if (end == dot)
        {
          *id = g_strdup (dot + 1);
          return TRUE;
        }
    }
  g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
               "cursor: not one this report gave (use the last answer's “next”)");
  return FALSE;
}

/* The SQL of a CDR page for @query. */
char *
rd_report_cdr_sql (const RdReportQuery *query)
{
  GString *sql = g_string_new ("SELECT ");

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", columns[i].sql);
  /* :upper is the range's end, or just past the cursor's row: one bound for the index to
   * start the walk from (with two, SQLite may take the range's and scan down to the page). */
  g_string_append (sql, " FROM calls c LEFT JOIN campaigns p ON p.id = c.campaign_id"
                        " WHERE c.created_at >= :from AND c.created_at < :upper");
  rd_report_filter_sql (sql, query, "c.campaign_id", "c.agent");
  if (query->direction != NULL)
    g_string_append (sql, " AND c.direction = :direction");
  if (query->result != NULL)
    g_string_append (sql, " AND c.result = :result");
  if (query->number != NULL)
    g_string_append (sql, " AND c.number = :number");
  if (query->digits != NULL)
    g_string_append (sql, " AND c.number LIKE '%' || :digits || '%'");
  if (query->cursor != NULL)
    g_string_append (sql, " AND (c.created_at < :after_created OR c.id < :after_id)");
  g_string_append (sql, " ORDER BY c.created_at DESC, c.id DESC LIMIT :limit");
  return g_string_free (sql, FALSE);
}

/* The statement of a page, bound, and its cursor read. */
static sqlite3_stmt *
prepare_page (sqlite3              *db,
              const RdReportQuery  *query,
              GError              **error)
{
  g_autofree char *sql = rd_report_cdr_sql (query);
  g_autofree char *after_id = NULL;
  gint64 after_created = 0;
  sqlite3_stmt *stmt;

  if (query->cursor != NULL && !parse_cursor (query->cursor, &after_created, &after_id, error))
    return NULL;
  if ((stmt = rd_report_prepare (db, sql, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), query->limit + 1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":upper"),
                      query->cursor != NULL ? MIN (query->to_ms, after_created + 1) : query->to_ms);
  if (query->cursor != NULL)
    {
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_created"), after_created);
      sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":after_id"), after_id, -1,
                         SQLITE_TRANSIENT);
    }
  return stmt;
}

gboolean
rd_report_cdr_floor (sqlite3              *db,
                     const RdReportQuery  *query,
                     guint64              *rows,
                     GError              **error)
{
  g_autoptr(RdReportStmt) stmt = prepare_page (db, query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    (*rows)++;
  return rc == SQLITE_DONE || rd_report_fail (db, error);
}

RdReportTable *
rd_report_cdr (sqlite3              *db,
               const RdReportQuery  *query,
               GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("cdr");
  g_autoptr(RdReportStmt) stmt = prepare_page (db, query, error);
  g_autofree char *last_id = NULL;
  gint64 last_created = 0;
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    rd_report_table_add_column (table, columns[i].name, columns[i].type);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n > query->limit)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", last_created, last_id);

          rd_report_table_set_next (table, next);
          break;
        }
      g_free (last_id);
      last_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      last_created = sqlite3_column_int64 (stmt, 1);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            rd_report_table_null (table);
          else if (columns[c].type == RD_REPORT_TEXT)
            rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, c));
          else
            rd_report_table_int (table, sqlite3_column_int64 (stmt, c));
        }
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}
