/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Campaigns: their settings (one table drives checks, defaults, SQL and the editor's
 * schema), assigned agents, dispositions and pause codes. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rd-center-db-private.h"
#include "rd-uuid.h"

typedef enum { K_TEXT, K_ENUM, K_INT, K_REAL, K_BOOL, K_TIME } Kind;

typedef struct {
  const char *name;
  Kind        kind;
  const char *text;      /* default of K_TEXT/K_ENUM/K_TIME (NULL: none) */
  double      num;       /* default of K_INT/K_REAL/K_BOOL */
  double      min, max;  /* K_INT/K_REAL; K_TEXT: max length */
  const char *values;    /* K_ENUM, separated by | */
} Setting;

/* The compliance floors are the minimums: ring 15 s, connect within 2 s, 72 h before an
 * abandoned number is called again (docs/callcenter.md). */
static const Setting settings[] = {
  { "name",                 K_TEXT, NULL,          0,    1, 100,  NULL },
  { "dial_method",          K_ENUM, "progressive", 0,    0, 0,    "preview|progressive|predictive|broadcast" },
  { "caller_id",            K_TEXT, NULL,          0,    0, 32,   NULL },
  { "trunk",                K_TEXT, NULL,          0,    0, 256,  NULL },
  { "team",                 K_TEXT, NULL,          0,    0, 64,   NULL },
  { "calling_hours_start",  K_TIME, "08:00",       0,    0, 0,    NULL },
  { "calling_hours_end",    K_TIME, "21:00",       0,    0, 0,    NULL },
  { "max_attempts",         K_INT,  NULL,          3,    1, 50,   NULL },
  { "ring_timeout",         K_INT,  NULL,          20,   15, 120, NULL },
  { "wrap_up_timeout",      K_INT,  NULL,          30,   0, 3600, NULL },
  { "wrap_up_then",         K_ENUM, "ready",       0,    0, 0,    "ready|paused" },
  { "abandon_cap",          K_REAL, NULL,          3,    0, 3,    NULL },
  { "compliance_window",    K_ENUM, "30d",         0,    0, 0,    "24h|30d" },
  { "safe_harbor_ms",       K_INT,  NULL,          2000, 300, 2000, NULL },
  { "safe_harbor_message",  K_TEXT, NULL,          0,    0, 2000, NULL },
  { "hold_message",         K_TEXT, NULL,          0,    0, 2000, NULL },
  { "abandon_redial_hours", K_INT,  NULL,          72,   72, 720, NULL },
  { "amd",                  K_ENUM, "off",         0,    0, 0,    "off|detect|hangup" },
  { "broadcast_message",    K_TEXT, NULL,          0,    0, 2000, NULL },
  { "press_one",            K_BOOL, NULL,          0,    0, 1,    NULL },
  { "record_calls",         K_BOOL, NULL,          1,    0, 1,    NULL },
  { "order_by_score",       K_BOOL, NULL,          0,    0, 1,    NULL },
  { "recycle_busy",         K_INT,  NULL,          15,   0, 10080, NULL },
  { "recycle_no_answer",    K_INT,  NULL,          120,  0, 10080, NULL },
  { "recycle_machine",      K_INT,  NULL,          240,  0, 10080, NULL },
  { "recycle_failed",       K_INT,  NULL,          60,   0, 10080, NULL },
  { "script",               K_TEXT, NULL,          0,    0, 65536, NULL },
};

/* Codes the app translates; managers add their own. */
static const struct {
  const char *code, *label;
  gboolean    closes, callback, dnc;
} predefined[] = {
  { "sale",              "Sale",              TRUE,  FALSE, FALSE },
  { "not-interested",    "Not interested",    TRUE,  FALSE, FALSE },
  { "callback",          "Call back",         FALSE, TRUE,  FALSE },
  { "do-not-call",       "Do not call",       TRUE,  FALSE, TRUE },
  { "wrong-number",      "Wrong number",      TRUE,  FALSE, FALSE },
  { "answering-machine", "Answering machine", FALSE, FALSE, FALSE },
  { "no-answer",         "No answer",         FALSE, FALSE, FALSE },
};

static const Setting *
find_setting (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].name, name))
      return &settings[i];
  return NULL;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
parse_time (const char *text,
            int        *minutes)
{
  int h, m;
  char tail;

  if (text == NULL || sscanf (text, "%2d:%2d%c", &h, &m, &tail) != 2 || strlen (text) != 5 ||
      h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

/* Checks @node for @s and binds it to parameter @index (null node: the column's NULL). */
static gboolean
bind_setting (const Setting  *s,
              JsonNode       *node,
              sqlite3_stmt   *stmt,
              int             index,
              GError        **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  int minutes;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (s->kind != K_TEXT || g_str_equal (s->name, "name"))
        return invalid (error, "%s may not be null", s->name);
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }

  switch (s->kind)
    {
    case K_TEXT:
      if (type != G_TYPE_STRING)
        return invalid (error, "%s must be a string", s->name);
      if (g_utf8_strlen (json_node_get_string (node), -1) < (glong) s->min ||
          g_utf8_strlen (json_node_get_string (node), -1) > (glong) s->max)
        return invalid (error, "%s must have %d to %d characters", s->name, (int) s->min, (int) s->max);
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      return TRUE;
    case K_ENUM:
      {
        g_auto(GStrv) values = g_strsplit (s->values, "|", -1);

        if (type != G_TYPE_STRING || !g_strv_contains ((const char * const *) values,
                                                       json_node_get_string (node)))
          return invalid (error, "%s must be one of %s", s->name, s->values);
        sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
        return TRUE;
      }
    case K_TIME:
      if (type != G_TYPE_STRING || !parse_time (json_node_get_string (node), &minutes))
        return invalid (error, "%s must be a time of day as HH:MM", s->name);
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      return TRUE;
    case K_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return invalid (error, "%s must be true or false", s->name);
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      return TRUE;
    case K_INT:
    case K_REAL:
      {
        double v;

        if (type != G_TYPE_INT64 && (s->kind == K_INT || type != G_TYPE_DOUBLE))
          return invalid (error, "%s must be %s", s->name, s->kind == K_INT ? "an integer" : "a number");
        v = type == G_TYPE_INT64 ? (double) json_node_get_int (node) : json_node_get_double (node);
        if (!isfinite (v) || v < s->min || v > s->max)
          return invalid (error, "%s must be between %g and %g", s->name, s->min, s->max);
        if (s->kind == K_INT)
          sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
        else
          sqlite3_bind_double (stmt, index, v);
        return TRUE;
      }
    }
  g_assert_not_reached ();
}

static JsonNode *
default_node (const Setting *s)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (s->kind)
    {
    case K_TEXT: case K_ENUM: case K_TIME:
      if (s->text != NULL)
        json_node_set_string (node, s->text);
      else
        json_node_init_null (node);
      break;
    case K_INT:
      json_node_set_int (node, (gint64) s->num);
      break;
    case K_REAL:
      json_node_set_double (node, s->num);
      break;
    case K_BOOL:
      json_node_set_boolean (node, s->num != 0);
      break;
    }
  return node;
}

JsonNode *
rd_center_campaign_schema (void)
{
  static const char *const kinds[] = { "text", "enum", "integer", "number", "boolean", "time" };
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      const Setting *s = &settings[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, s->name);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, kinds[s->kind]);
      json_builder_set_member_name (b, "default");
      json_builder_add_value (b, default_node (s));
      if (s->kind == K_INT || s->kind == K_REAL || s->kind == K_TEXT)
        {
          json_builder_set_member_name (b, s->kind == K_TEXT ? "max_length" : "min");
          json_builder_add_double_value (b, s->kind == K_TEXT ? s->max : s->min);
          if (s->kind != K_TEXT)
            {
              json_builder_set_member_name (b, "max");
              json_builder_add_double_value (b, s->max);
            }
        }
      if (s->kind == K_ENUM)
        {
          g_auto(GStrv) values = g_strsplit (s->values, "|", -1);

          json_builder_set_member_name (b, "values");
          json_builder_begin_array (b);
          for (guint v = 0; values[v] != NULL; v++)
            json_builder_add_string_value (b, values[v]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static gboolean
check_members (JsonObject  *fields,
               GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (fields);

  for (GList *l = names; l != NULL; l = l->next)
    if (find_setting (l->data) == NULL)
      return invalid (error, "unknown campaign setting \"%s\"", (const char *) l->data);
  return TRUE;
}

static gboolean
check_hours (RdCenterDb  *self,
             const char  *id,
             GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT calling_hours_start, calling_hours_end FROM campaigns WHERE id = ?1", error);
  int start = 0, end = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return rd_center_db_fail (self, "cannot read the campaign", error);
  parse_time ((const char *) sqlite3_column_text (stmt, 0), &start);
  parse_time ((const char *) sqlite3_column_text (stmt, 1), &end);
  if (start >= end)
    return invalid (error, "calling_hours_start must be before calling_hours_end");
  return TRUE;
}

static gboolean
in_transaction (RdCenterDb  *self,
                gboolean     ok,
                GError     **error)
{
  if (!ok)
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

static gboolean
insert_dispositions (RdCenterDb  *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT INTO dispositions (campaign_id, code, label, closes_lead, callback, dnc, sort)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (predefined); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, predefined[i].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, predefined[i].label, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, predefined[i].closes);
      sqlite3_bind_int (stmt, 5, predefined[i].callback);
      sqlite3_bind_int (stmt, 6, predefined[i].dnc);
      sqlite3_bind_int (stmt, 7, (int) i);
      if (!rd_center_db_step_done (self, stmt, "the disposition", error))
        return FALSE;
    }
  return TRUE;
}

JsonNode *
rd_center_campaign_create (RdCenterDb  *self,
                           JsonObject  *fields,
                           GError     **error)
{
  g_autofree char *id = rd_uuid_v7 ();
  g_autoptr(GString) sql = g_string_new ("INSERT INTO campaigns (id, created_at, updated_at");
  g_autoptr(RdCenterStmt) stmt = NULL;
  gint64 now = rd_center_db_now (self);
  gboolean ok;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (!check_members (fields, error))
    return NULL;
  if (!json_object_has_member (fields, "name"))
    {
      invalid (error, "a campaign needs a name");
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_string_append_printf (sql, ", %s", settings[i].name);
  g_string_append (sql, ") VALUES (?1, ?2, ?2");
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_string_append_printf (sql, ", ?%u", i + 3);
  g_string_append (sql, ")");

  stmt = rd_center_db_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_autoptr(JsonNode) fallback = default_node (&settings[i]);
      JsonNode *node = json_object_get_member (fields, settings[i].name);

      if (!bind_setting (&settings[i], node != NULL ? node : fallback, stmt, (int) i + 3, error))
        return NULL;
    }

  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  ok = rd_center_db_step_done (self, stmt, "a campaign with this name", error) &&
       check_hours (self, id, error) && insert_dispositions (self, id, error);
  if (!in_transaction (self, ok, error))
    return NULL;
  return rd_center_campaign_get (self, id, error);
}

static void
add_list (RdCenterDb  *self,
          JsonObject  *campaign,
          const char  *member,
          const char  *sql)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (campaign, "id"), -1, SQLITE_TRANSIENT);
  if (sqlite3_column_count (stmt) == 1)
    {
      JsonArray *values = json_array_new ();

      while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_add_string_element (values, (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_array_member (campaign, member, values);
    }
  else
    json_object_set_member (campaign, member, rd_center_db_rows_json (stmt));
}

/* The campaign rows of @stmt, each with its agents, dispositions and leadsets. */
static JsonNode *
campaigns_json (RdCenterDb   *self,
                sqlite3_stmt *stmt)
{
  JsonNode *rows = rd_center_db_rows_json (stmt);
  JsonArray *array = json_node_get_array (rows);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);

      json_object_set_boolean_member (c, "press_one", json_object_get_int_member (c, "press_one") != 0);
      json_object_set_boolean_member (c, "record_calls", json_object_get_int_member (c, "record_calls") != 0);
      json_object_set_boolean_member (c, "order_by_score", json_object_get_int_member (c, "order_by_score") != 0);
      add_list (self, c, "agents",
                "SELECT agent FROM campaign_agents WHERE campaign_id = ?1 ORDER BY agent");
      add_list (self, c, "leadsets",
                "SELECT leadset_id FROM campaign_leadsets WHERE campaign_id = ?1 ORDER BY leadset_id");
      add_list (self, c, "dispositions",
                "SELECT code, label, closes_lead = 1 AS closes_lead, callback = 1 AS callback,"
                " dnc = 1 AS dnc FROM dispositions WHERE campaign_id = ?1 ORDER BY sort, code");
      /* SQLite has no booleans: 0/1 become false/true for the app. */
      {
        JsonArray *d = json_object_get_array_member (c, "dispositions");

        for (guint k = 0; k < json_array_get_length (d); k++)
          {
            JsonObject *o = json_array_get_object_element (d, k);

            for (guint m = 0; m < 3; m++)
              {
                const char *name = (const char *[]) { "closes_lead", "callback", "dnc" }[m];

                json_object_set_boolean_member (o, name, json_object_get_int_member (o, name) != 0);
              }
          }
      }
    }
  return rows;
}

JsonNode *
rd_center_campaign_get (RdCenterDb  *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT * FROM campaigns WHERE id = ?1", error);
  g_autoptr(JsonNode) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rows = campaigns_json (self, stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no campaign %s", id);
      return NULL;
    }
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

JsonNode *
rd_center_campaign_list (RdCenterDb  *self,
                         const char  *team,
                         const char  *agent,
                         const char  *agent_team,
                         GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT * FROM campaigns WHERE (?1 IS NULL OR team = ?1)"
    " AND (?2 IS NULL OR (?3 IS NOT NULL AND team = ?3)"
    "      OR id IN (SELECT campaign_id FROM campaign_agents WHERE agent = ?2))"
    " ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, team);
  rd_center_db_bind_text (stmt, 2, agent);
  rd_center_db_bind_text (stmt, 3, agent_team);
  return campaigns_json (self, stmt);
}

static gboolean
require_campaign (RdCenterDb  *self,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "SELECT 1 FROM campaigns WHERE id = ?1",
                                                       error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no campaign %s", id);
  return FALSE;
}

JsonNode *
rd_center_campaign_update (RdCenterDb  *self,
                           const char  *id,
                           JsonObject  *fields,
                           GError     **error)
{
  g_autoptr(GList) names = NULL;
  g_autoptr(GString) sql = g_string_new ("UPDATE campaigns SET updated_at = ?2");
  g_autoptr(RdCenterStmt) stmt = NULL;
  int index = 3;

  if (!require_campaign (self, id, error) || !check_members (fields, error))
    return NULL;

  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (sql, ", %s = ?%d", (const char *) l->data, index++);
  g_string_append (sql, " WHERE id = ?1");

  stmt = rd_center_db_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, rd_center_db_now (self));
  index = 3;
  for (GList *l = names; l != NULL; l = l->next)
    if (!bind_setting (find_setting (l->data), json_object_get_member (fields, l->data), stmt,
                       index++, error))
      return NULL;

  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!in_transaction (self, rd_center_db_step_done (self, stmt, "a campaign with this name", error) &&
                             check_hours (self, id, error), error))
    return NULL;
  return rd_center_campaign_get (self, id, error);
}

gboolean
rd_center_campaign_set_status (RdCenterDb  *self,
                               const char  *id,
                               const char  *status,
                               GError     **error)
{
  static const char *const statuses[] = { "running", "paused", "stopped", NULL };
  g_autoptr(RdCenterStmt) stmt = NULL;

  if (status == NULL || !g_strv_contains (statuses, status))
    return invalid (error, "status must be running, paused or stopped");
  if (!require_campaign (self, id, error))
    return FALSE;
  stmt = rd_center_db_prepare (self,
    "UPDATE campaigns SET status = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, rd_center_db_now (self));
  return rd_center_db_step_done (self, stmt, "the campaign", error);
}

gboolean
rd_center_campaign_set_agents (RdCenterDb          *self,
                               const char          *id,
                               const char * const  *agents,
                               GError             **error)
{
  g_autoptr(RdCenterStmt) clear = NULL;
  g_autoptr(RdCenterStmt) add = NULL;
  gboolean ok = TRUE;

  if (!require_campaign (self, id, error))
    return FALSE;
  clear = rd_center_db_prepare (self, "DELETE FROM campaign_agents WHERE campaign_id = ?1", error);
  add = rd_center_db_prepare (self,
    "INSERT OR IGNORE INTO campaign_agents (campaign_id, agent) VALUES (?1, ?2)", error);
  if (clear == NULL || add == NULL || !rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_bind_text (clear, 1, id, -1, SQLITE_TRANSIENT);
  ok = rd_center_db_step_done (self, clear, "the agents", error);
  for (guint i = 0; ok && agents != NULL && agents[i] != NULL; i++)
    {
      sqlite3_reset (add);
      sqlite3_bind_text (add, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (add, 2, agents[i], -1, SQLITE_TRANSIENT);
      ok = rd_center_db_step_done (self, add, "the agent", error);
    }
  return in_transaction (self, ok, error);
}

static gboolean
code_is_valid (const char *code)
{
  if (code == NULL || *code == '\0' || strlen (code) > 40)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
rd_center_campaign_put_disposition (RdCenterDb  *self,
                                    const char  *id,
                                    JsonObject  *d,
                                    GError     **error)
{
  static const char *const members[] = { "code", "label", "closes_lead", "callback", "dnc", NULL };
  g_autoptr(GList) names = json_object_get_members (d);
  g_autoptr(RdCenterStmt) stmt = NULL;
  const char *code = json_object_get_string_member_with_default (d, "code", NULL);
  const char *label = json_object_get_string_member_with_default (d, "label", NULL);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (members, l->data))
      return invalid (error, "unknown disposition member \"%s\"", (const char *) l->data);
  for (guint m = 2; members[m] != NULL; m++)
    if (json_object_has_member (d, members[m]) &&
        json_node_get_value_type (json_object_get_member (d, members[m])) != G_TYPE_BOOLEAN)
      return invalid (error, "%s must be true or false", members[m]);
  if (!code_is_valid (code))
    return invalid (error, "a disposition code has 1 to 40 letters, digits, - or _");
  if (label == NULL || *label == '\0' || g_utf8_strlen (label, -1) > 80)
    return invalid (error, "a disposition needs a label of up to 80 characters");
  if (!require_campaign (self, id, error))
    return FALSE;

  stmt = rd_center_db_prepare (self,
    "INSERT INTO dispositions (campaign_id, code, label, closes_lead, callback, dnc, sort)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    "  (SELECT coalesce(max(sort), -1) + 1 FROM dispositions WHERE campaign_id = ?1))"
    " ON CONFLICT (campaign_id, code) DO UPDATE SET label = ?3, closes_lead = ?4, callback = ?5,"
    " dnc = ?6", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, json_object_get_boolean_member_with_default (d, "closes_lead", FALSE));
  sqlite3_bind_int (stmt, 5, json_object_get_boolean_member_with_default (d, "callback", FALSE));
  sqlite3_bind_int (stmt, 6, json_object_get_boolean_member_with_default (d, "dnc", FALSE));
  return rd_center_db_step_done (self, stmt, "the disposition", error);
}

gboolean
rd_center_campaign_delete_disposition (RdCenterDb  *self,
                                       const char  *id,
                                       const char  *code,
                                       GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "DELETE FROM dispositions WHERE campaign_id = ?1 AND code = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, code);
  if (!rd_center_db_step_done (self, stmt, "the disposition", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND,
                   "campaign %s has no disposition %s", id, code);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
rd_center_pause_codes (RdCenterDb  *self,
                       const char  *campaign_id,
                       GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT code, label, nullif(campaign_id, '') AS campaign_id FROM pause_codes"
    " WHERE campaign_id = '' OR campaign_id = ?1 ORDER BY campaign_id <> '', code", error);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, campaign_id);
  return rd_center_db_rows_json (stmt);
}

gboolean
rd_center_pause_code_put (RdCenterDb  *self,
                          const char  *campaign_id,
                          const char  *code,
                          const char  *label,
                          GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = NULL;

  if (!code_is_valid (code))
    return invalid (error, "a pause code has 1 to 40 letters, digits, - or _");
  if (label == NULL || *label == '\0' || g_utf8_strlen (label, -1) > 80)
    return invalid (error, "a pause code needs a label of up to 80 characters");
  if (campaign_id != NULL && !require_campaign (self, campaign_id, error))
    return FALSE;
  stmt = rd_center_db_prepare (self,
    "INSERT INTO pause_codes (campaign_id, code, label) VALUES (coalesce(?1, ''), ?2, ?3)"
    " ON CONFLICT (campaign_id, code) DO UPDATE SET label = ?3", error);
  if (stmt == NULL)
    return FALSE;
  rd_center_db_bind_text (stmt, 1, campaign_id);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, label, -1, SQLITE_TRANSIENT);
  return rd_center_db_step_done (self, stmt, "the pause code", error);
}
