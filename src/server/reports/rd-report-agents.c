/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Agent performance: per agent and period, where the logged-in time went and what came
 * of it. Time comes from the agent state log only, clipped to the range and cut at period
 * ends, so that for every row
 *   logged = pause + wait + talk + wrap_up + preview
 * holds exactly (pause includes the "login" state, while the phone's leg is being made).
 * Calls come from the call rows, counted in the period they were launched (as the CDR). */
#include "config.h"

#include "rd-report-private.h"

typedef struct {
  char       *agent;
  gint64      period;
  gint64      pause, wait, talk, wrap, preview;
  GHashTable *pauses;      /* code -> gint64 * ms */
  gint64      calls, inbound, outbound, manual, conversions;
} Row;

static void
row_free (Row *row)
{
  g_free (row->agent);
  g_hash_table_unref (row->pauses);
  g_free (row);
}

/* An agent's rows, one slot per period of the range. */
typedef struct {
  Row **slots;
} AgentRows;

typedef struct {
  const RdReportQuery *query;
  guint                n_periods;
  GHashTable          *agents;  /* agent -> AgentRows */
  GPtrArray           *rows;    /* Row, owned */
  GHashTable          *codes;   /* the pause codes seen (set) */
} Acc;

static void
agent_rows_free (AgentRows *agent)
{
  g_free (agent->slots);
  g_free (agent);
}

static Row *
row_for (Acc        *acc,
         const char *agent,
         gint64      t_ms)
{
  AgentRows *rows = g_hash_table_lookup (acc->agents, agent);
  guint slot = rd_report_period_index (acc->query, t_ms);
  Row *row;

  if (rows == NULL)
    {
      rows = g_new0 (AgentRows, 1);
      rows->slots = g_new0 (Row *, acc->n_periods);
      g_hash_table_insert (acc->agents, g_strdup (agent), rows);
    }
  g_return_val_if_fail (slot < acc->n_periods, NULL);
  if ((row = rows->slots[slot]) == NULL)
    {
      row = rows->slots[slot] = g_new0 (Row, 1);
      row->agent = g_strdup (agent);
      row->period = rd_report_period (acc->query, t_ms);
      row->pauses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add (acc->rows, row);
    }
  return row;
}

static void
add_pause (Acc        *acc,
           Row        *row,
           const char *code,
           gint64      ms)
{
  gint64 *sum = g_hash_table_lookup (row->pauses, code);

  if (sum == NULL)
    {
      sum = g_new0 (gint64, 1);
      g_hash_table_insert (row->pauses, g_strdup (code), sum);
      if (!g_hash_table_contains (acc->codes, code))
        g_hash_table_add (acc->codes, g_strdup (code));
    }
  *sum += ms;
  row->pause += ms;
}

static void
piece_cb (const RdReportPiece *piece,
          gpointer             user_data)
{
  Acc *acc = user_data;
  Row *row = row_for (acc, piece->agent, piece->start);
  gint64 ms = piece->end - piece->start;

  if (g_str_equal (piece->state, "ready"))
    row->wait += ms;
  else if (g_str_equal (piece->state, "on_call"))
    row->talk += ms;
  else if (g_str_equal (piece->state, "wrap_up"))
    row->wrap += ms;
  else if (g_str_equal (piece->state, "previewing"))
    row->preview += ms;
  else if (g_str_equal (piece->state, "login"))
    add_pause (acc, row, "login", ms);
  else
    add_pause (acc, row, piece->reason != NULL ? piece->reason : "", ms);
}

/* The calls of agents launched in the range: all from the covering index calls_handled. */
char *
rd_report_agent_calls_sql (const RdReportQuery *query)
{
  GString *sql = g_string_new (
    "SELECT agent, created_at, direction, bridged_at IS NOT NULL, (lead_id IS NULL), disposition"
    " FROM calls WHERE agent IS NOT NULL AND created_at >= :from AND created_at < :to");
  rd_report_filter_sql (sql, query, "campaign_id", "agent");
  return g_string_free (sql, FALSE);
}

static gboolean
read_calls (sqlite3  *db,
            Acc      *acc,
            GError  **error)
{
  g_autofree char *sql = rd_report_agent_calls_sql (acc->query);
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rd_report_bind (stmt, acc->query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = row_for (acc, (const char *) sqlite3_column_text (stmt, 0),
                          sqlite3_column_int64 (stmt, 1));
      gboolean outbound = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "outbound") == 0;
      gboolean bridged = sqlite3_column_int (stmt, 3);
      const char *disposition = (const char *) sqlite3_column_text (stmt, 5);

      /* Handled: a customer was bridged to the agent. Manual: dialled by the agent
       * (no lead), answered or not. */
      if (bridged)
        {
          row->calls++;
          if (outbound)
            row->outbound++;
          else
            row->inbound++;
        }
      if (outbound && sqlite3_column_int (stmt, 4))
        row->manual++;
      if (disposition != NULL && g_strv_contains ((const char * const *) acc->query->sale, disposition))
        row->conversions++;
    }
  if (rc != SQLITE_DONE)
    return rd_report_fail (db, error);
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *x = *(const Row **) a, *y = *(const Row **) b;
  int by_agent = g_strcmp0 (x->agent, y->agent);

  if (by_agent != 0)
    return by_agent;
  return x->period < y->period ? -1 : x->period > y->period;
}

RdReportTable *
rd_report_agents (sqlite3              *db,
                  const RdReportQuery  *query,
                  GError              **error)
{
  g_autoptr(RdReportTable) table = rd_report_table_new ("agents");
  g_autoptr(GHashTable) agents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) agent_rows_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) code_list = g_ptr_array_new ();
  Acc acc = { query, rd_report_n_periods (query), agents, sorted, codes };
  GHashTableIter iter;
  gpointer code;
  static const char *const time_columns[] = {
    "logged_ms", "pause_ms", "wait_ms", "talk_ms", "wrap_ms", "preview_ms",
  };
  static const char *const count_columns[] = {
    "calls", "inbound", "outbound", "manual", "conversions",
  };

  if (!rd_report_each_piece (db, query, piece_cb, &acc, error) || !read_calls (db, &acc, error))
    return NULL;

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    g_ptr_array_add (code_list, code);
  rd_report_sort_strings (code_list);

  rd_report_table_add_column (table, "agent", RD_REPORT_TEXT);
  rd_report_add_period_column (table, query);
  for (guint i = 0; i < G_N_ELEMENTS (time_columns); i++)
    rd_report_table_add_column (table, time_columns[i], RD_REPORT_INT);
  for (guint i = 0; i < G_N_ELEMENTS (count_columns); i++)
    rd_report_table_add_column (table, count_columns[i], RD_REPORT_INT);
  rd_report_table_add_column (table, "aht_ms", RD_REPORT_REAL);
  rd_report_table_add_column (table, "calls_per_hour", RD_REPORT_REAL);
  rd_report_table_add_column (table, "occupancy", RD_REPORT_REAL);
  rd_report_table_add_column (table, "conversion_rate", RD_REPORT_REAL);
  for (guint i = 0; i < code_list->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("pause_%s_ms", (const char *) code_list->pdata[i]);

      rd_report_table_add_column (table, name, RD_REPORT_INT);
    }

  g_ptr_array_sort (sorted, compare_rows);
  for (guint r = 0; r < sorted->len; r++)
    {
      Row *row = sorted->pdata[r];
      gint64 logged = row->pause + row->wait + row->talk + row->wrap + row->preview;

      rd_report_table_text (table, row->agent);
      rd_report_table_int (table, row->period);
      rd_report_table_int (table, logged);
      rd_report_table_int (table, row->pause);
      rd_report_table_int (table, row->wait);
      rd_report_table_int (table, row->talk);
      rd_report_table_int (table, row->wrap);
      rd_report_table_int (table, row->preview);
      rd_report_table_int (table, row->calls);
      rd_report_table_int (table, row->inbound);
      rd_report_table_int (table, row->outbound);
      rd_report_table_int (table, row->manual);
      rd_report_table_int (table, row->conversions);
      /* no hold state yet: hold is 0 until the switch holds calls */
      rd_report_table_real (table, rd_report_aht_ms (row->talk, 0, row->wrap, row->calls));
      rd_report_table_real (table, rd_report_per_hour (row->calls, logged));
      rd_report_table_real (table, rd_report_occupancy (row->talk + row->wrap, row->wait));
      rd_report_table_real (table, rd_report_conversion_rate (row->conversions, row->calls));
      for (guint i = 0; i < code_list->len; i++)
        {
          gint64 *ms = g_hash_table_lookup (row->pauses, code_list->pdata[i]);

          rd_report_table_int (table, ms != NULL ? *ms : 0);
        }
    }
  return g_steal_pointer (&table);
}
