/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CRM's lead and ticket reports, over the server's merged store (merged.db, attached
 * to the report connections as "crm"): the records created in the range, grouped by one
 * of their fields, as the caller may see them (query->owners: the owner keys of the
 * caller's visibility, docs/sync.md; NULL for an admin), owners by their account names
 * (query->user_names). A ticket's closing time is the
 * clock of its status field (the field version the sync keeps, docs/store.md): when the
 * status last changed, which for a closed ticket is when it was closed. */
#include "config.h"

#include "rd-report-private.h"

/* Rows the caller may see: their owner keys, shared and unowned rows. */
static void
owners_sql (GString             *sql,
            const RdReportQuery *query,
            const char          *alias)
{
  if (query->owners != NULL)
    g_string_append_printf (sql, " AND (%1$s.owner IS NULL OR %1$s.owner = '' OR %1$s.owner = 'shared'"
                                 " OR %1$s.owner IN (SELECT value FROM json_each(:owners)))", alias);
}

/* The key a row is grouped by: the field's value, a user's or team's name for an owner or
 * a group, "" for none. */
static const char *
key_sql (const char *dimension)
{
  if (g_str_equal (dimension, "owner"))
    return "coalesce(json_extract(:user_names, '$.\"' || r.owner || '\"'),"
           " CASE WHEN r.owner LIKE 'team:%' THEN substr(r.owner, 6) END, r.owner, '')";
  if (g_str_equal (dimension, "group"))
    return "coalesce(g.name, r.group_id, '')";
  return NULL;
}

static RdReportTable *
leads_by (sqlite3              *db,
          const RdReportQuery  *query,
          const char           *name,
          const char           *dimension,
          GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new (name);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(RdReportStmt) stmt = NULL;
  const char *key = key_sql (dimension);
  g_autofree char *field = key == NULL ? g_strdup_printf ("coalesce(r.%s, '')", dimension) : NULL;
  int rc;

  g_string_append_printf (sql,
    "SELECT %s AS k, count(*),"
    " count(*) FILTER (WHERE coalesce(r.status, 'new') NOT IN ('converted', 'lost')),"
    " count(*) FILTER (WHERE r.status = 'converted' OR r.converted_contact_id IS NOT NULL),"
    " count(*) FILTER (WHERE r.status = 'lost')"
    " FROM crm.leads r"
    " WHERE r.deleted = 0 AND r.created_at >= :from AND r.created_at < :to",
    key != NULL ? key : field);
  owners_sql (sql, query, "r");
  g_string_append (sql, " GROUP BY k ORDER BY count(*) DESC, k");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);
  rd_report_table_add_column (table, dimension, RD_REPORT_TEXT);
  rd_report_table_add_column (table, "leads", RD_REPORT_INT);
  rd_report_table_add_column (table, "open", RD_REPORT_INT);
  rd_report_table_add_column (table, "converted", RD_REPORT_INT);
  rd_report_table_add_column (table, "lost", RD_REPORT_INT);
  rd_report_table_add_column (table, "conversion_rate", RD_REPORT_REAL);
  rd_report_table_add_column (table, "win_rate", RD_REPORT_REAL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 leads = sqlite3_column_int64 (stmt, 1);
      gint64 converted = sqlite3_column_int64 (stmt, 3);
      gint64 lost = sqlite3_column_int64 (stmt, 4);

      rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, 0));
      rd_report_table_int (table, leads);
      rd_report_table_int (table, sqlite3_column_int64 (stmt, 2));
      rd_report_table_int (table, converted);
      rd_report_table_int (table, lost);
      /* converted of all the leads; and of those decided (converted or lost) */
      rd_report_table_real (table, rd_report_share (converted, leads));
      rd_report_table_real (table, rd_report_share (converted, converted + lost));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* When the ticket was closed: its status field's clock (Unix ms). */
#define CLOSED_AT "(json_extract(r.fv, '$.status[0]') >> 16)"
#define CLOSED    "(r.status = 'closed')"

static RdReportTable *
tickets_by (sqlite3              *db,
            const RdReportQuery  *query,
            const char           *name,
            const char           *dimension,
            GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new (name);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(RdReportStmt) stmt = NULL;
  const char *key = key_sql (dimension);
  g_autofree char *field = key == NULL ? g_strdup_printf ("coalesce(r.%s, '')", dimension) : NULL;
  int rc;

  g_string_append_printf (sql,
    "SELECT %s AS k, count(*),"
    " count(*) FILTER (WHERE NOT " CLOSED "),"
    " count(*) FILTER (WHERE " CLOSED "),"
    " count(*) FILTER (WHERE r.sla_due IS NOT NULL AND " CLOSED " AND " CLOSED_AT " <= r.sla_due),"
    " count(*) FILTER (WHERE r.sla_due IS NOT NULL AND ((" CLOSED " AND " CLOSED_AT " > r.sla_due)"
    "                                                 OR (NOT " CLOSED " AND :now > r.sla_due))),"
    " count(*) FILTER (WHERE r.sla_due IS NOT NULL AND NOT " CLOSED " AND :now <= r.sla_due),"
    " coalesce(sum(" CLOSED_AT " - r.created_at) FILTER (WHERE " CLOSED "), 0)"
    " FROM crm.tickets r LEFT JOIN crm.teams g ON g.id = r.group_id"
    " WHERE r.deleted = 0 AND r.created_at >= :from AND r.created_at < :to",
    key != NULL ? key : field);
  owners_sql (sql, query, "r");
  g_string_append (sql, " GROUP BY k ORDER BY count(*) DESC, k");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);
  rd_report_table_add_column (table, dimension, RD_REPORT_TEXT);
  rd_report_table_add_column (table, "tickets", RD_REPORT_INT);
  rd_report_table_add_column (table, "open", RD_REPORT_INT);
  rd_report_table_add_column (table, "closed", RD_REPORT_INT);
  rd_report_table_add_column (table, "sla_met", RD_REPORT_INT);
  rd_report_table_add_column (table, "sla_breached", RD_REPORT_INT);
  rd_report_table_add_column (table, "sla_pending", RD_REPORT_INT);
  rd_report_table_add_column (table, "sla_met_rate", RD_REPORT_REAL);
  rd_report_table_add_column (table, "avg_resolve_ms", RD_REPORT_REAL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 closed = sqlite3_column_int64 (stmt, 3);
      gint64 met = sqlite3_column_int64 (stmt, 4);
      gint64 breached = sqlite3_column_int64 (stmt, 5);

      rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, 0));
      for (int i = 1; i <= 6; i++)
        rd_report_table_int (table, sqlite3_column_int64 (stmt, i));
      /* met of those the SLA has decided (met or breached) */
      rd_report_table_real (table, rd_report_share (met, met + breached));
      rd_report_table_real (table, rd_report_asa_ms (sqlite3_column_int64 (stmt, 7), closed));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

#define LEADS(dim)   RdReportTable *rd_report_leads_by_##dim (sqlite3 *db, const RdReportQuery *query, GError **error) \
                     { return leads_by (db, query, "leads-by-" #dim, #dim, error); }
#define TICKETS(dim) RdReportTable *rd_report_tickets_by_##dim (sqlite3 *db, const RdReportQuery *query, GError **error) \
                     { return tickets_by (db, query, "tickets-by-" #dim, #dim, error); }

LEADS (status)
LEADS (source)
LEADS (industry)
LEADS (owner)
TICKETS (status)
TICKETS (group)
TICKETS (priority)
