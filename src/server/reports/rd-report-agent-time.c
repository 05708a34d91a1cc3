/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Agent time: every state change with its duration (paged), the login to logout sessions,
 * and the breaks per pause code. All from the agent state log. */
#include "config.h"

#include <stdlib.h>

#include "rd-report-private.h"

/* ---- agent-states ------------------------------------------------------------------- */

/* "STARTED.ID" of the last row of a page. */
static gboolean
parse_cursor (const char  *cursor,
              gint64      *a,
              gint64      *b,
              GError     **error)
{
  char *end = NULL;

  *a = g_ascii_strtoll (cursor, &end, 10);
  if (end == cursor || *end != '.')
    goto bad;
  cursor = end + 1;
  *b = g_ascii_strtoll (cursor, &end, 10);
  if (end == cursor || *end != '\0')
    goto bad;
  return TRUE;

bad:
  g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID,
               "cursor: not one this report gave (use the last answer's “next”)");
  return FALSE;
}

/* Where the overlapping rows start: the earliest start of a row open across "from". */
static gint64
lowest_start (sqlite3             *db,
              const RdReportQuery *query)
{
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db,
    "SELECT min(s) FROM (SELECT min(started_at) AS s FROM agent_states"
    " WHERE ended_at > :from AND started_at < :from"
    " UNION ALL SELECT min(started_at) FROM agent_states WHERE ended_at IS NULL AND started_at < :from)",
    NULL);
  gint64 lowest = query->from_ms;

  if (stmt == NULL)
    return G_MININT64 / 2;
  rd_report_bind (stmt, query);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    lowest = MIN (lowest, sqlite3_column_int64 (stmt, 0));
  return lowest;
}

RdReportTable *
rd_report_agent_states (sqlite3              *db,
                        const RdReportQuery  *query,
                        GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("agent-states");
  g_autoptr(GString) sql = g_string_new (
    "SELECT id, agent, campaign_id, state, reason, call_id, started_at, ended_at FROM agent_states"
    " WHERE started_at >= :lowest AND started_at < :to"
    " AND (started_at >= :from OR ended_at > :from OR ended_at IS NULL)");
  g_autoptr(RdReportStmt) stmt = NULL;
  gint64 after_start = 0, after_id = 0, last_start = 0, last_id = 0;
  guint n = 0;
  int rc;
  static const char *const text_columns[] = { "agent", "campaign_id", "state", "reason", "call_id" };

  if (query->cursor != NULL && !parse_cursor (query->cursor, &after_start, &after_id, error))
    return NULL;
  rd_report_filter_sql (sql, query, "campaign_id", "agent");
  if (query->cursor != NULL)
    g_string_append (sql, " AND (started_at, id) > (:after_start, :after_id)");
  g_string_append (sql, " ORDER BY started_at, id LIMIT :limit");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":lowest"), lowest_start (db, query));
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), query->limit + 1);
  if (query->cursor != NULL)
    {
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_start"), after_start);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_id"), after_id);
    }

  rd_report_table_add_column (table, "id", RD_REPORT_INT);
  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    rd_report_table_add_column (table, text_columns[i], RD_REPORT_TEXT);
  rd_report_table_add_column (table, "started_at", RD_REPORT_TIME);
  rd_report_table_add_column (table, "ended_at", RD_REPORT_TIME);
  rd_report_table_add_column (table, "duration_ms", RD_REPORT_INT);
  rd_report_table_add_column (table, "in_range_ms", RD_REPORT_INT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 start = sqlite3_column_int64 (stmt, 6);
      gboolean open = sqlite3_column_type (stmt, 7) == SQLITE_NULL;
      gint64 end = open ? MAX (start, query->now_ms) : sqlite3_column_int64 (stmt, 7);

      if (++n > query->limit)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT,
                                                   last_start, last_id);

          rd_report_table_set_next (table, next);
          break;
        }
      last_start = start;
      last_id = sqlite3_column_int64 (stmt, 0);
      rd_report_table_int (table, last_id);
      for (int c = 1; c <= 5; c++)
        rd_report_table_text (table, (const char *) sqlite3_column_text (stmt, c));
      rd_report_table_int (table, start);
      if (open)
        rd_report_table_null (table);
      else
        rd_report_table_int (table, end);
      rd_report_table_int (table, end - start);
      rd_report_table_int (table, MAX (0, MIN (end, query->to_ms) - MAX (start, query->from_ms)));
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* ---- agent-sessions ----------------------------------------------------------------- */

typedef struct {
  char   *agent;
  char   *campaign_id;
  gint64  login_at;
  gint64  logout_at;    /* -1: still logged in */
  char   *reason;
} Session;

static void
session_emit (RdReportTable       *table,
              const RdReportQuery *query,
              Session             *s)
{
  gint64 end = s->logout_at >= 0 ? s->logout_at : MAX (s->login_at, query->now_ms);

  rd_report_table_text (table, s->agent);
  rd_report_table_text (table, s->campaign_id);
  rd_report_table_int (table, s->login_at);
  if (s->logout_at >= 0)
    rd_report_table_int (table, s->logout_at);
  else
    rd_report_table_null (table);
  rd_report_table_int (table, end - s->login_at);
  rd_report_table_int (table, MAX (0, MIN (end, query->to_ms) - MAX (s->login_at, query->from_ms)));
  rd_report_table_text (table, s->reason);
  g_clear_pointer (&s->agent, g_free);
  g_clear_pointer (&s->campaign_id, g_free);
  g_clear_pointer (&s->reason, g_free);
}

/* The login that began the session a row of @agent at @at_ms belongs to (it may lie
 * before the range); @at_ms when there is none. */
static gint64
session_login (sqlite3    *db,
               const char *agent,
               gint64      at_ms)
{
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db,
    "SELECT started_at FROM agent_states WHERE agent = ?1 AND state = 'login' AND started_at <= ?2"
    " AND started_at > coalesce((SELECT max(started_at) FROM agent_states WHERE agent = ?1"
    "   AND state = 'logout' AND started_at <= ?2), -1)"
    " ORDER BY started_at DESC LIMIT 1", NULL);

  if (stmt == NULL)
    return at_ms;
  sqlite3_bind_text (stmt, 1, agent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, at_ms);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : at_ms;
}

RdReportTable *
rd_report_agent_sessions (sqlite3              *db,
                          const RdReportQuery  *query,
                          GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("agent-sessions");
  g_autoptr(GString) sql = g_string_new (
    "SELECT agent, campaign_id, state, reason, started_at FROM agent_states"
    " WHERE started_at < :to AND (started_at >= :from OR ended_at > :from OR ended_at IS NULL)");
  g_autoptr(RdReportStmt) stmt = NULL;
  Session open = { NULL, };
  int rc;

  rd_report_filter_sql (sql, query, "campaign_id", "agent");
  g_string_append (sql, " ORDER BY agent, started_at, id");
  if ((stmt = rd_report_prepare (db, sql->str, error)) == NULL)
    return NULL;
  rd_report_bind (stmt, query);

  rd_report_table_add_column (table, "agent", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "campaign_id", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "login_at", RD_REPORT_TIME);
  rd_report_table_add_column (table, "logout_at", RD_REPORT_TIME);
  rd_report_table_add_column (table, "duration_ms", RD_REPORT_INT);
  rd_report_table_add_column (table, "in_range_ms", RD_REPORT_INT);
  rd_report_table_add_column (table, "logout_reason", RD_REPORT_TEXT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *agent = (const char *) sqlite3_column_text (stmt, 0);
      const char *state = (const char *) sqlite3_column_text (stmt, 2);
      gint64 at = sqlite3_column_int64 (stmt, 4);

      if (open.agent != NULL && g_strcmp0 (open.agent, agent) != 0)
        session_emit (table, query, &open);   /* the agent's last session, still open */
      if (g_str_equal (state, "logout"))
        {
          if (open.agent == NULL)
            continue;   /* a logout with no login in the log */
          open.logout_at = at;
          open.reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          session_emit (table, query, &open);
          continue;
        }
      if (open.agent != NULL)
        continue;
      open.agent = g_strdup (agent);
      open.campaign_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      open.login_at = g_str_equal (state, "login") ? at : session_login (db, agent, at);
      open.logout_at = -1;
    }
  if (open.agent != NULL)
    session_emit (table, query, &open);
  if (rc != SQLITE_DONE)
    {
      rd_report_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* ---- breaks --------------------------------------------------------------------------- */

typedef struct {
  char   *agent;
  gint64  period;
  char   *code;
  gint64  count;
  gint64  ms;
} Break;

static void
break_free (Break *b)
{
  g_free (b->agent);
  g_free (b->code);
  g_free (b);
}

static void
break_piece_cb (const RdReportPiece *piece,
                gpointer             user_data)
{
  GHashTable *breaks = user_data;
  g_autofree char *key = NULL;
  Break *b;

  if (!g_str_equal (piece->state, "paused"))
    return;
  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%s", piece->agent, piece->period,
                         piece->reason != NULL ? piece->reason : "");
  if ((b = g_hash_table_lookup (breaks, key)) == NULL)
    {
      b = g_new0 (Break, 1);
      b->agent = g_strdup (piece->agent);
      b->period = piece->period;
      b->code = g_strdup (piece->reason != NULL ? piece->reason : "");
      g_hash_table_insert (breaks, g_steal_pointer (&key), b);
    }
  b->count++;
  b->ms += piece->end - piece->start;
}

static int
compare_breaks (gconstpointer a,
                gconstpointer b)
{
  const Break *x = *(const Break **) a, *y = *(const Break **) b;
  int c = g_strcmp0 (x->agent, y->agent);

  if (c == 0)
    c = x->period < y->period ? -1 : x->period > y->period;
  return c != 0 ? c : g_strcmp0 (x->code, y->code);
}

RdReportTable *
rd_report_breaks (sqlite3              *db,
                  const RdReportQuery  *query,
                  GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("breaks");
  g_autoptr(GHashTable) breaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) break_free);
  g_autoptr(GPtrArray) sorted = NULL;

  if (!rd_report_each_piece (db, query, break_piece_cb, breaks, error))
    return NULL;
  rd_report_table_add_column (table, "agent", RD_REPORT_TEXT);
  rd_report_add_period_column (table, query);
  rd_report_table_add_column (table, "code", RD_REPORT_TEXT);
  rd_report_table_add_column (table, "pauses", RD_REPORT_INT);
  rd_report_table_add_column (table, "pause_ms", RD_REPORT_INT);
  sorted = rd_report_values (breaks);
  g_ptr_array_sort (sorted, compare_breaks);
  for (guint i = 0; i < sorted->len; i++)
    {
      Break *b = sorted->pdata[i];

      rd_report_table_text (table, b->agent);
      rd_report_table_int (table, b->period);
      rd_report_table_text (table, b->code);
      rd_report_table_int (table, b->count);
      rd_report_table_int (table, b->ms);
    }
  return g_steal_pointer (&table);
}
