/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Outbound campaigns: what the dialer's calls came to per campaign and period (with the
 * abandon rate against the campaign's cap), the lead penetration of each leadset, and
 * the dispositions given. */
#include "config.h"

#include "rd-report-private.h"

static const char *const results[] = {
  "human", "machine", "busy", "no-answer", "failed", "abandoned", "cancelled", "in-progress",
};

typedef struct {
  const RdReportQuery *query;
  GHashTable          *logged;   /* "campaign\nperiod" -> gint64 * ms */
} Hours;

static void
hours_piece_cb (const RdReportPiece *piece,
                gpointer             user_data)
{
  Hours *hours = user_data;
  g_autofree char *key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT,
                                          piece->campaign_id != NULL ? piece->campaign_id : "",
                                          piece->period);
  gint64 *ms = g_hash_table_lookup (hours->logged, key);

  if (ms == NULL)
    {
      ms = g_new0 (gint64, 1);
      g_hash_table_insert (hours->logged, g_steal_pointer (&key), ms);
    }
  *ms += piece->end - piece->start;
}

RdReportTable *
rd_report_campaign (sqlite3              *db,
                    const RdReportQuery  *query,
                    GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("campaign");
  g_autoptr(GHashTable) logged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *period = rd_report_period_sql (query, "c.created_at");
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(RdReportStmt) stmt = NULL;
  RdReportQuery campaigns_only = *query;
  Hours hours = { query, logged };
  int rc;

  /* Agent time of the campaign, whoever the agents were. */
  campaigns_only.agent = NULL;
  campaigns_only.agents = NULL;
  if (!rd_report_each_piece (db, &campaigns_only, hours_piece_cb, &hours, error))
    return NULL;

  g_string_append_printf (sql, "SELECT c.campaign_id, p.name, p.abandon_cap, %s AS period, count(*)",
                          period);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_string_append_printf (sql, ", count(*) FILTER (WHERE c.result = '%s')", results[i]);
  g_string_append (sql, " FROM calls c LEFT JOIN campaigns p ON p.id = c.campaign_id"
                        " WHERE c.direction = 'outbound' AND c.campaign_id IS NOT NULL"
                        " AND c.created_at >= :from AND c.created_at < :to");
  rd_report_filter_sql (sql, &campaigns_only, "c.campaign_id", NULL);
  g_string_append (sql, " GROUP BY c.campaign_id, period ORDER BY c.campaign_id, period");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);

  rd_report_table_add_column (table, "campaign_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "campaign", RD_REPORT_TEXT);
  rd_report_add_period_column (table, query);
  rd_report_table_add_column (table, "dialed", RD_REPORT_INT);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (results[i]), "-", '_');

      rd_report_table_add_column (table, name, RD_REPORT_INT);
    }
  rd_report_table_add_column (table, "answered", RD_REPORT_INT);
  rd_report_table_add_column (table, "abandon_rate", RD_REPORT_REAL);
  rd_report_table_add_column (table, "abandon_cap", RD_REPORT_REAL);
  rd_report_table_add_column (table, "over_cap", RD_REPORT_INT);
  rd_report_table_add_column (table, "agent_ms", RD_REPORT_INT);
  rd_report_table_add_column (table, "contacts_per_agent_hour", RD_REPORT_REAL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *campaign_id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 start = sqlite3_column_int64 (stmt, 3);
      g_autofree char *key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, campaign_id, start);
      gint64 *agent_ms = g_hash_table_lookup (logged, key);
      gint64 human = sqlite3_column_int64 (stmt, 5);
      gint64 abandoned = sqlite3_column_int64 (stmt, 5 + 5);
      double cap = sqlite3_column_double (stmt, 2) / 100.0;
      double rate = rd_report_abandon_rate (abandoned, human + abandoned);

      rd_report_table_text (table, campaign_id);
      rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, 1));
      rd_report_table_int (table, start);
      for (guint i = 0; i <= G_N_ELEMENTS (results); i++)
        rd_report_table_int (table, sqlite3_column_int64 (stmt, 4 + i));
      rd_report_table_int (table, human + abandoned);
      rd_report_table_real (table, rate);
      rd_report_table_real (table, cap);
      rd_report_table_int (table, rate > cap);
      rd_report_table_int (table, agent_ms != NULL ? *agent_ms : 0);
      rd_report_table_real (table, rd_report_per_hour (human, agent_ms != NULL ? *agent_ms : 0));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* Lead penetration: the leads of each leadset attached to a campaign as they are now.
 * Exhausted: done without a closing disposition (its attempts were used up); closed: done
 * by a disposition that closes the lead (a sale, not interested, ...). */
RdReportTable *
rd_report_leadsets (sqlite3              *db,
                    const RdReportQuery  *query,
                    GError              **error)
{
  static const struct {
    const char *name;
    const char *where;
  } counts[] = {
    { "leads",        "1" },
    { "never_called", "l.attempts = 0" },
    { "called_once",  "l.attempts = 1" },
    { "called_more",  "l.attempts > 1" },
    { "remaining",    "l.state IN ('new', 'callback', 'in-progress')" },
    { "callbacks",    "l.state = 'callback'" },
    { "exhausted",    "l.state = 'done' AND coalesce(d.closes_lead, 0) = 0" },
    { "closed",       "l.state = 'done' AND d.closes_lead = 1" },
    { "dnc",          "l.state = 'dnc'" },
    { "invalid",      "l.state = 'invalid'" },
  };
  g_autoptr(RdReportTable) table = rd_report_table_new ("leadsets");
  g_autoptr(GString) sql = g_string_new ("SELECT cl.campaign_id, p.name, cl.leadset_id, s.name");
  g_autoptr(RdReportStmt) stmt = NULL;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_string_append_printf (sql, ", count(l.id) FILTER (WHERE %s)", counts[i].where);
  g_string_append (sql,
    " FROM campaign_leadsets cl JOIN campaigns p ON p.id = cl.campaign_id"
    " JOIN leadsets s ON s.id = cl.leadset_id"
    " LEFT JOIN leads l ON l.leadset_id = cl.leadset_id"
    " LEFT JOIN dispositions d ON d.campaign_id = cl.campaign_id AND d.code = l.disposition"
    " WHERE 1");
  rd_report_filter_sql (sql, query, "cl.campaign_id", NULL);
  g_string_append (sql, " GROUP BY cl.campaign_id, cl.leadset_id ORDER BY p.name, s.name");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);

  rd_report_table_add_column (table, "campaign_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "campaign", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "leadset_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "leadset", RD_REPORT_TEXT);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    rd_report_table_add_column (table, counts[i].name, RD_REPORT_INT);
  rd_report_table_add_column (table, "penetration", RD_REPORT_REAL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < 4; c++)
        rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, c));
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        rd_report_table_int (table, sqlite3_column_int64 (stmt, 4 + i));
      /* called at least once / leads */
      rd_report_table_real (table, rd_report_share (
        sqlite3_column_int64 (stmt, 4) - sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 4)));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* The dispositions given to the calls launched in the range, per campaign, with each
 * code's share of the campaign's disposed calls (the pie). */
RdReportTable *
rd_report_dispositions (sqlite3              *db,
                        const RdReportQuery  *query,
                        GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("dispositions");
  g_autoptr(GString) sql = g_string_new (
    "SELECT c.campaign_id, p.name, c.disposition, d.label, count(*),"
    " sum(count(*)) OVER (PARTITION BY c.campaign_id)"
    " FROM calls c LEFT JOIN campaigns p ON p.id = c.campaign_id"
    " LEFT JOIN dispositions d ON d.campaign_id = c.campaign_id AND d.code = c.disposition"
    " WHERE c.disposition IS NOT NULL AND c.created_at >= :from AND c.created_at < :to");
  g_autoptr(RdReportStmt) stmt = NULL;
  RdReportQuery campaigns_only = *query;
  int rc;

  campaigns_only.agent = NULL;
  campaigns_only.agents = NULL;
  rd_report_filter_sql (sql, &campaigns_only, "c.campaign_id", NULL);
  g_string_append (sql, " GROUP BY c.campaign_id, c.disposition ORDER BY p.name, count(*) DESC, c.disposition");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);

  rd_report_table_add_column (table, "campaign_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "campaign", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "disposition", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "label", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "calls", RD_REPORT_INT);
  rd_report_table_add_column (table, "share", RD_REPORT_REAL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < 4; c++)
        rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, c));
      rd_report_table_int (table, sqlite3_column_int64 (stmt, 4));
      rd_report_table_real (table, rd_report_share (sqlite3_column_int64 (stmt, 4),
                                                              sqlite3_column_int64 (stmt, 5)));
    }
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}
