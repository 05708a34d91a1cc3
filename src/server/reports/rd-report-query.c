/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query of a report: its parameters read and checked, the SQL filters and periods
 * they give, and the agent state intervals every time report is made of. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rd-phone-number.h"
#include "rd-report-private.h"

#define DAY_MS  (24 * 3600 * G_GINT64_CONSTANT (1000))
#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))

static const char *const parameters[] = {
  "from", "to", "tz", "by", "campaign", "queue", "agent", "team", "direction", "result", "number", "country",
  "sale", "cursor", "limit", "format", NULL,
};
static const char *const results[] = {
  "human", "machine", "busy", "no-answer", "failed", "abandoned", "cancelled", "in-progress", NULL,
};

void
rd_report_query_clear (RdReportQuery *query)
{
  g_clear_pointer (&query->scope, g_strfreev);
  g_clear_pointer (&query->campaign, g_free);
  g_clear_pointer (&query->queue_scope, g_strfreev);
  g_clear_pointer (&query->owners, g_strfreev);
  g_clear_pointer (&query->user_names, g_free);
  g_clear_pointer (&query->queue, g_free);
  g_clear_pointer (&query->agent, g_free);
  g_clear_pointer (&query->agents, g_strfreev);
  g_clear_pointer (&query->team, g_free);
  g_clear_pointer (&query->tz, g_free);
  g_clear_pointer (&query->direction, g_free);
  g_clear_pointer (&query->result, g_free);
  g_clear_pointer (&query->number, g_free);
  g_clear_pointer (&query->digits, g_free);
  g_clear_pointer (&query->sale, g_strfreev);
  g_clear_pointer (&query->cursor, g_free);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RD_REPORT_ERROR, RD_REPORT_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/* "2026-12-01" (a day of @tz: as "to", the end of it), "2026-12-01T08:00:00Z" (ISO 8601,
 * in @tz unless it names a zone) or Unix ms. */
static gboolean
parse_time (const char  *name,
            const char  *text,
            gboolean     end_of_day,
            GTimeZone   *tz,
            gint64      *ms,
            GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  guint64 number;
  int y, m, d;
  char tail;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64 / 2, &number, NULL))
    {
      *ms = (gint64) number;
      return TRUE;
    }
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (text) == 10)
    {
      time = g_date_time_new (tz, y, m, d, 0, 0, 0);
      if (time != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (time, 1);

          g_date_time_unref (time);
          time = next;
        }
    }
  else
    time = g_date_time_new_from_iso8601 (text, tz);
  if (time == NULL)
    return invalid (error, "%s: “%s” is no date; use YYYY-MM-DD, an ISO 8601 time such as"
                    " 2026-12-01T08:00:00Z, or Unix ms", name, text);
  *ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
  return TRUE;
}

static const char *
param (GHashTable *params,
       const char *name)
{
  const char *value = params != NULL ? g_hash_table_lookup (params, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
parse_number (RdReportQuery  *query,
              const char     *text,
              const char     *country,
              GError        **error)
{
  g_autofree char *upper = country != NULL ? g_ascii_strup (country, -1) : NULL;
  g_autofree char *e164 = NULL;
  g_autofree char *digits = NULL;
  const char *p;

  if (upper != NULL && (strlen (upper) != 2 || !rd_phone_number_region_supported (upper)))
    return invalid (error, "country: “%s” is no ISO 3166 code such as DE or RU", country);
  e164 = rd_phone_number_to_e164 (text, upper);
  if (e164 != NULL && rd_phone_number_is_valid (e164, upper))
    {
      query->number = g_steal_pointer (&e164);
      return TRUE;
    }
  /* Partial: the digits, without the trunk or international prefix's zeros, anywhere in
   * the stored E.164. */
  digits = rd_phone_number_digits (text);
  for (p = digits; *p == '0'; p++)
    ;
  if (strlen (p) < 3)
    return invalid (error, "number: “%s” needs at least 3 digits (or a whole number: give"
                    " country for one written without its +code)", text);
  query->digits = g_strdup (p);
  return TRUE;
}

gboolean
rd_report_query_parse (RdReportQuery  *query,
                       GHashTable     *params,
                       gint64          now_ms,
                       GError        **error)
{
  static const char *const bys[] = { "day", "hour", "hour-of-day", "total", NULL };
  GHashTableIter iter;
  const char *name, *value;
  guint64 limit = 100;

  g_autoptr(GTimeZone) tz = NULL;
  gint64 today;

  memset (query, 0, sizeof *query);
  query->now_ms = now_ms;
  query->limit = 100;

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
        if (!g_strv_contains (parameters, name))
          {
            g_autofree char *known = g_strjoinv (", ", (char **) parameters);

            return invalid (error, "unknown parameter “%s” (known: %s)", name, known);
          }
    }

  /* The zone days are cut in: "+03:00", "UTC", or an IANA name whose offset at the start of
   * the range holds for the whole of it (a DST change inside the range is not followed). */
  if ((value = param (params, "tz")) != NULL)
    {
      tz = g_ascii_strcasecmp (value, "UTC") == 0 || g_str_equal (value, "Z") ? g_time_zone_new_utc ()
         : g_time_zone_new_identifier (value);
      if (tz == NULL)
        return invalid (error, "tz: “%s” is no time zone; use an offset such as +03:00 or a name"
                        " such as Europe/Moscow", value);
      query->tz = g_strdup (value);
    }
  else
    tz = g_time_zone_new_utc ();
  query->offset_ms = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                           now_ms / 1000)) * G_GINT64_CONSTANT (1000);
  today = (now_ms + query->offset_ms) / DAY_MS * DAY_MS - query->offset_ms;
  query->from_ms = today;
  query->to_ms = today + DAY_MS;

  if ((value = param (params, "from")) != NULL &&
      !parse_time ("from", value, FALSE, tz, &query->from_ms, error))
    return FALSE;
  if ((value = param (params, "to")) != NULL &&
      !parse_time ("to", value, TRUE, tz, &query->to_ms, error))
    return FALSE;
  if (param (params, "from") != NULL && param (params, "to") == NULL)
    query->to_ms = MAX (query->from_ms, today) + DAY_MS;
  if (param (params, "to") != NULL && param (params, "from") == NULL)
    query->from_ms = query->to_ms - DAY_MS;
  if (query->from_ms >= query->to_ms)
    return invalid (error, "from must be before to");
  query->offset_ms = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                           query->from_ms / 1000)) * G_GINT64_CONSTANT (1000);
  /* The periods are cut by integer division, which is only right for local times from
   * 1970 on (a negative time would fall in a period index below 0). */
  if (query->from_ms + query->offset_ms < 0)
    return invalid (error, "from: the range starts before 1970");
  if (query->to_ms - query->from_ms > RD_REPORT_MAX_DAYS * DAY_MS)
    return invalid (error, "the range is longer than %d days; ask for a shorter one",
                    RD_REPORT_MAX_DAYS);

  if ((value = param (params, "by")) != NULL)
    {
      if (!g_strv_contains (bys, value))
        return invalid (error, "by: “%s” is none of day, hour, hour-of-day, total", value);
      for (guint i = 0; bys[i]; i++)
        if (g_str_equal (bys[i], value))
          query->by = (RdReportBy) i;
    }
  if (query->by == RD_REPORT_BY_HOUR && query->to_ms - query->from_ms > 31 * DAY_MS)
    return invalid (error, "by=hour takes at most 31 days; use by=day or by=hour-of-day");

  query->campaign = g_strdup (param (params, "campaign"));
  query->queue = g_strdup (param (params, "queue"));
  query->agent = g_strdup (param (params, "agent"));
  query->team = g_strdup (param (params, "team"));
  if ((value = param (params, "direction")) != NULL)
    {
      if (!g_str_equal (value, "outbound") && !g_str_equal (value, "inbound"))
        return invalid (error, "direction: “%s” is neither outbound nor inbound", value);
      query->direction = g_strdup (value);
    }
  if ((value = param (params, "result")) != NULL)
    {
      if (!g_strv_contains (results, value))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) results);

          return invalid (error, "result: “%s” is none of %s", value, known);
        }
      query->result = g_strdup (value);
    }
  if ((value = param (params, "number")) != NULL &&
      !parse_number (query, value, param (params, "country"), error))
    return FALSE;
  query->sale = g_strsplit (param (params, "sale") != NULL ? param (params, "sale") : "sale", ",", -1);
  query->cursor = g_strdup (param (params, "cursor"));
  if ((value = param (params, "limit")) != NULL &&
      !g_ascii_string_to_unsigned (value, 10, 1, 1000, &limit, NULL))
    return invalid (error, "limit: “%s” is not a number from 1 to 1000", value);
  query->limit = (guint) limit;
  if ((value = param (params, "format")) != NULL)
    {
      if (!g_str_equal (value, "json") && !g_str_equal (value, "csv"))
        return invalid (error, "format: “%s” is neither json nor csv", value);
      query->csv = g_str_equal (value, "csv");
    }
  return TRUE;
}

/* ---- SQL helpers ------------------------------------------------------------------ */

gboolean
rd_report_fail (sqlite3  *db,
                GError  **error)
{
  g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_SQLITE, "report query: %s",
               sqlite3_errmsg (db));
  return FALSE;
}

sqlite3_stmt *
rd_report_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rd_report_fail (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0 && value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int (sqlite3_stmt *stmt,
          const char   *name,
          gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

/* @list as a JSON array, for json_each(). */
static void
bind_list (sqlite3_stmt *stmt,
           const char   *name,
           char        **list)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (list == NULL || sqlite3_bind_parameter_index (stmt, name) == 0)
    return;
  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; list[i]; i++)
    json_builder_add_string_value (b, list[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  bind_text (stmt, name, text);
}

static gint64
period_step (const RdReportQuery *query)
{
  switch (query->by)
    {
    case RD_REPORT_BY_DAY:
      return DAY_MS;
    case RD_REPORT_BY_HOUR:
    case RD_REPORT_BY_HOUR_OF_DAY:
      return HOUR_MS;
    case RD_REPORT_BY_TOTAL:
    default:
      return 0;
    }
}

void
rd_report_bind (sqlite3_stmt        *stmt,
                const RdReportQuery *query)
{
  bind_int (stmt, ":from", query->from_ms);
  bind_int (stmt, ":to", query->to_ms);
  bind_int (stmt, ":now", query->now_ms);
  bind_int (stmt, ":step", period_step (query));
  bind_int (stmt, ":offset", query->offset_ms);
  bind_list (stmt, ":scope", query->scope);
  bind_list (stmt, ":queue_scope", query->queue_scope);
  bind_list (stmt, ":owners", query->owners);
  bind_text (stmt, ":user_names", query->user_names);
  bind_text (stmt, ":queue", query->queue);
  bind_list (stmt, ":agents", query->agents);
  bind_text (stmt, ":campaign", query->campaign);
  bind_text (stmt, ":agent", query->agent);
  bind_text (stmt, ":direction", query->direction);
  bind_text (stmt, ":result", query->result);
  bind_text (stmt, ":number", query->number);
  bind_text (stmt, ":digits", query->digits);
}

void
rd_report_filter_sql (GString             *sql,
                      const RdReportQuery *query,
                      const char          *campaign_col,
                      const char          *agent_col)
{
  if (campaign_col != NULL && query->scope != NULL)
    g_string_append_printf (sql, " AND %s IN (SELECT value FROM json_each(:scope))", campaign_col);
  if (campaign_col != NULL && query->campaign != NULL)
    g_string_append_printf (sql, " AND %s = :campaign", campaign_col);
  if (agent_col != NULL && query->agent != NULL)
    g_string_append_printf (sql, " AND %s = :agent", agent_col);
  if (agent_col != NULL && query->agents != NULL)
    g_string_append_printf (sql, " AND %s IN (SELECT value FROM json_each(:agents))", agent_col);
}

char *
rd_report_period_sql (const RdReportQuery *query,
                      const char          *column)
{
  switch (query->by)
    {
    case RD_REPORT_BY_DAY:
    case RD_REPORT_BY_HOUR:
      return g_strdup_printf ("((%s + :offset) / :step * :step - :offset)", column);
    case RD_REPORT_BY_HOUR_OF_DAY:
      return g_strdup_printf ("((%s + :offset) / :step %% 24)", column);
    case RD_REPORT_BY_TOTAL:
    default:
      return g_strdup (":from");
    }
}

gint64
rd_report_period (const RdReportQuery *query,
                  gint64               t_ms)
{
  gint64 step = period_step (query);

  switch (query->by)
    {
    case RD_REPORT_BY_DAY:
    case RD_REPORT_BY_HOUR:
      return (t_ms + query->offset_ms) / step * step - query->offset_ms;
    case RD_REPORT_BY_HOUR_OF_DAY:
      return (t_ms + query->offset_ms) / step % 24;
    case RD_REPORT_BY_TOTAL:
    default:
      return query->from_ms;
    }
}

gint64
rd_report_period_end (const RdReportQuery *query,
                      gint64               t_ms)
{
  gint64 step = period_step (query);

  if (step == 0)
    return query->to_ms;
  return MIN (query->to_ms, ((t_ms + query->offset_ms) / step + 1) * step - query->offset_ms);
}

guint
rd_report_period_index (const RdReportQuery *query,
                        gint64               t_ms)
{
  gint64 step = period_step (query);

  switch (query->by)
    {
    case RD_REPORT_BY_DAY:
    case RD_REPORT_BY_HOUR:
      return (guint) ((t_ms + query->offset_ms) / step - (query->from_ms + query->offset_ms) / step);
    case RD_REPORT_BY_HOUR_OF_DAY:
      return (guint) ((t_ms + query->offset_ms) / step % 24);
    case RD_REPORT_BY_TOTAL:
    default:
      return 0;
    }
}

guint
rd_report_n_periods (const RdReportQuery *query)
{
  switch (query->by)
    {
    case RD_REPORT_BY_DAY:
    case RD_REPORT_BY_HOUR:
      return rd_report_period_index (query, query->to_ms - 1) + 1;
    case RD_REPORT_BY_HOUR_OF_DAY:
      return 24;
    case RD_REPORT_BY_TOTAL:
    default:
      return 1;
    }
}

void
rd_report_add_period_column (RdReportTable       *table,
                             const RdReportQuery *query)
{
  if (query->by == RD_REPORT_BY_HOUR_OF_DAY)
    rd_report_table_add_column (table, "hour", RD_REPORT_INT);
  else
    rd_report_table_add_column (table, "period", RD_REPORT_TIME);
}

GPtrArray *
rd_report_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);
  return values;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

void
rd_report_sort_strings (GPtrArray *strings)
{
  g_ptr_array_sort (strings, compare_strings);
}

/* ---- agent state intervals ---------------------------------------------------------- */

char *
rd_report_states_sql (const RdReportQuery *query)
{
  GString *sql = g_string_new (NULL);

  /* Rows that ended inside or after the range (the index on ended_at), and the open
   * ones (at most one per agent): together every row that overlaps it. The unary + keeps
   * the planner off the index on started_at, which would walk the log from its start. */
  for (int open = 0; open < 2; open++)
    {
      if (open)
        g_string_append (sql, " UNION ALL ");
      g_string_append_printf (sql,
        "SELECT agent, campaign_id, state, reason, started_at, %s FROM agent_states"
        " WHERE %s AND +started_at < :to AND state <> 'logout'",
        open ? "max(started_at, :now)" : "ended_at",
        open ? "ended_at IS NULL" : "ended_at > :from");
      rd_report_filter_sql (sql, query, "campaign_id", "agent");
    }
  return g_string_free (sql, FALSE);
}

gboolean
rd_report_each_piece (sqlite3              *db,
                      const RdReportQuery  *query,
                      RdReportPieceFunc     func,
                      gpointer              user_data,
                      GError              **error)
{
  g_autofree char *sql = rd_report_states_sql (query);
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rd_report_bind (stmt, query);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdReportPiece piece = {
        .agent = (const char *) sqlite3_column_text (stmt, 0),
        .campaign_id = (const char *) sqlite3_column_text (stmt, 1),
        .state = (const char *) sqlite3_column_text (stmt, 2),
        .reason = (const char *) sqlite3_column_text (stmt, 3),
        .row_start = sqlite3_column_int64 (stmt, 4),
        .row_end = sqlite3_column_int64 (stmt, 5),
      };
      gint64 end = MIN (piece.row_end, query->to_ms);

      for (gint64 start = MAX (piece.row_start, query->from_ms); start < end; )
        {
          piece.start = start;
          piece.end = MIN (end, rd_report_period_end (query, start));
          piece.period = rd_report_period (query, start);
          func (&piece, user_data);
          start = piece.end;
        }
    }
  if (rc != SQLITE_DONE)
    return rd_report_fail (db, error);
  return TRUE;
}
