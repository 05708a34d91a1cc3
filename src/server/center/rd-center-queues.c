/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inbound queues in callcenter.db: their settings (one table says each one's type, default
 * and limits), the numbers (DIDs) that lead to them, and the callbacks a lost caller is owed. */
#include "config.h"

#include <string.h>

#include "rd-center-db-private.h"
#include "rd-uuid.h"

typedef enum { KIND_INT, KIND_BOOL, KIND_TEXT, KIND_ENUM } Kind;

typedef struct {
  const char *name;
  Kind        kind;
  gint64      def;         /* KIND_INT, KIND_BOOL */
  gint64      min, max;    /* KIND_INT; KIND_TEXT: max characters */
  const char *values;      /* KIND_ENUM: "a|b|c", the first the default */
  gboolean    zero_ok;     /* KIND_INT: 0 switches the feature off */
} Setting;

static const Setting settings[] = {
  { "strategy",              KIND_ENUM, 0, 0, 0, "longest-idle|round-robin|ring-all", FALSE },
  { "answer_mode",           KIND_ENUM, 0, 0, 0, "auto|accept", FALSE },
  { "ring_timeout",          KIND_INT,  20, 5, 120, NULL, FALSE },
  { "max_wait",              KIND_INT,  300, 10, 86400, NULL, FALSE },
  { "announce_period",       KIND_INT,  30, 10, 600, NULL, TRUE },
  { "announce_wait",         KIND_BOOL, 1, 0, 1, NULL, FALSE },
  { "hold_message",          KIND_TEXT, 0, 0, 500, NULL, FALSE },
  { "max_wait_message",      KIND_TEXT, 0, 0, 500, NULL, FALSE },
  { "voicemail",             KIND_BOOL, 0, 0, 1, NULL, FALSE },
  { "voicemail_seconds",     KIND_INT,  60, 10, 300, NULL, FALSE },
  { "voicemail_message",     KIND_TEXT, 0, 0, 500, NULL, FALSE },
  { "language",              KIND_ENUM, 0, 0, 0, "en|ru", FALSE },
  { "owner_routing",         KIND_BOOL, 0, 0, 1, NULL, FALSE },
  { "owner_routing_seconds", KIND_INT,  15, 1, 300, NULL, FALSE },
  { "wrap_up_timeout",       KIND_INT,  30, 5, 600, NULL, TRUE },
  { "service_level",         KIND_INT,  20, 5, 600, NULL, FALSE },
};

#define COLUMNS "id, name, team, strategy, answer_mode, members, ring_timeout, max_wait, overflow_queue_id," \
                " announce_period, announce_wait, hold_message, max_wait_message, voicemail, voicemail_seconds," \
                " voicemail_message, language, owner_routing," \
                " owner_routing_seconds, wrap_up_timeout, service_level, created_at, updated_at"

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, message);
  return FALSE;
}

static const Setting *
find_setting (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].name, name))
      return &settings[i];
  return NULL;
}

static gboolean
enum_has (const char *values,
          const char *value)
{
  g_auto(GStrv) parts = g_strsplit (values, "|", -1);

  return g_strv_contains ((const char * const *) parts, value);
}

/* One setting's value checked, as the text or integer the column takes. */
static gboolean
check_setting (const Setting  *s,
               JsonNode       *node,
               GError        **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (s->kind)
    {
    case KIND_INT:
      {
        gint64 v;

        if (type != G_TYPE_INT64)
          return invalid (error, "“%s” must be a whole number of seconds", s->name);
        v = json_node_get_int (node);
        if (v == 0 && s->zero_ok)
          return TRUE;
        if (v < s->min || v > s->max)
          return invalid (error, "“%s” must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "%s",
                          s->name, s->min, s->max, s->zero_ok ? " (0: off)" : "");
        return TRUE;
      }
    case KIND_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return invalid (error, "“%s” must be true or false", s->name);
      return TRUE;
    case KIND_TEXT:
      if (JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (type != G_TYPE_STRING || g_utf8_strlen (json_node_get_string (node), -1) > s->max)
        return invalid (error, "“%s” must be text of at most %" G_GINT64_FORMAT " characters",
                        s->name, s->max);
      return TRUE;
    case KIND_ENUM:
    default:
      if (type != G_TYPE_STRING || !enum_has (s->values, json_node_get_string (node)))
        {
          g_autofree char *list = g_strdelimit (g_strdup (s->values), "|", ',');

          return invalid (error, "“%s” must be one of %s", s->name, list);
        }
      return TRUE;
    }
}

/* A DID as it arrives in the Request-URI's user part: an optional + and 3 to 15 digits. */
gboolean
rd_center_queue_number_is_valid (const char *number)
{
  const char *p = number != NULL && number[0] == '+' ? number + 1 : number;
  gsize n = p != NULL ? strlen (p) : 0;

  if (n < 3 || n > 15)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
name_is_valid (const char *name)
{
  gsize n = name != NULL ? strlen (name) : 0;

  if (n == 0 || n > 64)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("._@-", name[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* "members": [{"agent": NAME} or {"team": NAME}, "priority": 0-9 (0 first)], as its JSON text. */
static char *
check_members (JsonNode  *node,
               GError   **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“members” must be an array of {\"agent\" or \"team\", \"priority\"}"), NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > 500)
    return invalid (error, "a queue has at most 500 members"), NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *m = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *agent = m != NULL ? json_object_get_string_member_with_default (m, "agent", NULL) : NULL;
      const char *team = m != NULL ? json_object_get_string_member_with_default (m, "team", NULL) : NULL;
      JsonNode *prio = m != NULL ? json_object_get_member (m, "priority") : NULL;
      guint known = (agent != NULL) + (team != NULL) + (prio != NULL);

      if (m == NULL || (agent == NULL) == (team == NULL) || known != json_object_get_size (m))
        return invalid (error, "member %u must have one of “agent” or “team” (and an optional “priority”)", i + 1), NULL;
      if (!name_is_valid (agent != NULL ? agent : team))
        return invalid (error, "member %u: “%s” is not a user or team name", i + 1, agent != NULL ? agent : team), NULL;
      if (prio != NULL && (!JSON_NODE_HOLDS_VALUE (prio) || json_node_get_value_type (prio) != G_TYPE_INT64 ||
                           json_node_get_int (prio) < 0 || json_node_get_int (prio) > 9))
        return invalid (error, "member %u: “priority” must be from 0 (first) to 9", i + 1), NULL;
    }
  return json_to_string (node, FALSE);
}

static GStrv
check_numbers (JsonNode  *node,
               GError   **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "“numbers” must be an array of the numbers (DIDs) that lead to the queue"), NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *n = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
                      ? json_node_get_string (item) : NULL;

      if (!rd_center_queue_number_is_valid (n))
        return invalid (error, "“numbers”: “%s” is not a number as the trunk sends it (+ and 3 to 15 digits)",
                        n != NULL ? n : "?"), NULL;
      g_strv_builder_add (builder, n);
    }
  return g_strv_builder_end (builder);
}

/* The queue rows of @stmt, each with its numbers and members parsed. */
static JsonNode *
queue_rows (RdCenterDb    *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  JsonNode *rows = rd_center_db_rows_json (stmt);
  JsonArray *array = json_node_get_array (rows);
  g_autoptr(RdCenterStmt) numbers = rd_center_db_prepare (self,
    "SELECT number FROM queue_numbers WHERE queue_id = ?1 ORDER BY number", error);

  if (numbers == NULL)
    return json_node_unref (rows), NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *q = json_array_get_object_element (array, i);
      JsonArray *list = json_array_new ();
      g_autoptr(JsonNode) members = json_from_string (json_object_get_string_member (q, "members"), NULL);

      sqlite3_reset (numbers);
      sqlite3_bind_text (numbers, 1, json_object_get_string_member (q, "id"), -1, SQLITE_TRANSIENT);
      while (sqlite3_step (numbers) == SQLITE_ROW)
        json_array_add_string_element (list, (const char *) sqlite3_column_text (numbers, 0));
      json_object_set_array_member (q, "numbers", list);
      json_object_set_member (q, "members", members != NULL ? g_steal_pointer (&members)
                                                            : json_node_init_array (json_node_alloc (), json_array_new ()));
      json_object_set_boolean_member (q, "owner_routing", json_object_get_int_member (q, "owner_routing") != 0);
      json_object_set_boolean_member (q, "voicemail", json_object_get_int_member (q, "voicemail") != 0);
      json_object_set_boolean_member (q, "announce_wait", json_object_get_int_member (q, "announce_wait") != 0);
      json_object_set_member (q, "dispositions",
                              rd_center_queue_dispositions (self, json_object_get_string_member (q, "id"), NULL));
    }
  return rows;
}

JsonNode *
rd_center_queue_get (RdCenterDb  *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "SELECT " COLUMNS " FROM queues WHERE id = ?1", error);
  g_autoptr(JsonNode) rows = NULL;

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, id);
  rows = queue_rows (self, stmt, error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no queue %s", id != NULL ? id : "");
      return NULL;
    }
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

JsonNode *
rd_center_queue_list (RdCenterDb  *self,
                      const char  *team,
                      GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT " COLUMNS " FROM queues WHERE ?1 IS NULL OR team IS ?1 ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, team);
  return queue_rows (self, stmt, error);
}

/* Writes @fields (checked) into queue @id's row and replaces its numbers when given. */
static gboolean
write_fields (RdCenterDb  *self,
              const char  *id,
              JsonObject  *fields,
              GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (fields);
  g_auto(GStrv) numbers = NULL;
  g_autofree char *members = NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (fields, name);
      const Setting *s = find_setting (name);
      g_autofree char *sql = NULL;
      g_autoptr(RdCenterStmt) stmt = NULL;

      if (g_str_equal (name, "dispositions"))
        {
          if (!rd_center_queue_write_dispositions (self, id, node, error))
            return FALSE;
          continue;
        }
      if (g_str_equal (name, "numbers"))
        {
          if ((numbers = check_numbers (node, error)) == NULL)
            return FALSE;
          continue;
        }
      if (g_str_equal (name, "name"))
        {
          const char *v = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                          ? json_node_get_string (node) : NULL;

          if (v == NULL || *v == '\0' || g_utf8_strlen (v, -1) > 100)
            return invalid (error, "“name” must be text of 1 to 100 characters");
        }
      else if (g_str_equal (name, "members"))
        {
          if ((members = check_members (node, error)) == NULL)
            return FALSE;
        }
      else if (g_str_equal (name, "overflow_queue_id"))
        {
          if (!JSON_NODE_HOLDS_NULL (node))
            {
              const char *v = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                              ? json_node_get_string (node) : NULL;
              g_autoptr(JsonNode) other = v != NULL ? rd_center_queue_get (self, v, NULL) : NULL;

              if (other == NULL)
                return invalid (error, "“overflow_queue_id”: no queue %s", v != NULL ? v : "?");
              if (g_str_equal (v, id))
                return invalid (error, "“overflow_queue_id”: a queue cannot overflow into itself");
            }
        }
      else if (s == NULL)
        return invalid (error, "unknown queue setting “%s”", name);
      else if (!check_setting (s, node, error))
        return FALSE;

      sql = g_strdup_printf ("UPDATE queues SET %s = ?2 WHERE id = ?1", name);
      stmt = rd_center_db_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (members != NULL && g_str_equal (name, "members"))
        sqlite3_bind_text (stmt, 2, members, -1, SQLITE_TRANSIENT);
      else if (JSON_NODE_HOLDS_NULL (node))
        sqlite3_bind_null (stmt, 2);
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        sqlite3_bind_text (stmt, 2, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        sqlite3_bind_int (stmt, 2, json_node_get_boolean (node));
      else
        sqlite3_bind_int64 (stmt, 2, json_node_get_int (node));
      if (!rd_center_db_step_done (self, stmt, "a queue of that name", error))
        return FALSE;
    }
  if (numbers != NULL)
    {
      g_autoptr(RdCenterStmt) clear = rd_center_db_prepare (self, "DELETE FROM queue_numbers WHERE queue_id = ?1", error);
      g_autoptr(RdCenterStmt) add = rd_center_db_prepare (self,
        "INSERT INTO queue_numbers (number, queue_id) VALUES (?1, ?2)", error);

      if (clear == NULL || add == NULL)
        return FALSE;
      sqlite3_bind_text (clear, 1, id, -1, SQLITE_TRANSIENT);
      if (!rd_center_db_step_done (self, clear, "the numbers", error))
        return FALSE;
      for (guint i = 0; numbers[i] != NULL; i++)
        {
          g_autofree char *what = g_strdup_printf ("number %s (another queue has it)", numbers[i]);

          sqlite3_reset (add);
          sqlite3_bind_text (add, 1, numbers[i], -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (add, 2, id, -1, SQLITE_TRANSIENT);
          if (!rd_center_db_step_done (self, add, what, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
in_transaction (RdCenterDb  *self,
                const char  *id,
                JsonObject  *fields,
                GError     **error)
{
  g_autoptr(RdCenterStmt) touch = rd_center_db_prepare (self, "UPDATE queues SET updated_at = ?2 WHERE id = ?1", error);

  if (touch == NULL || !rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_bind_text (touch, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (touch, 2, rd_center_db_now (self));
  if (!write_fields (self, id, fields, error) || !rd_center_db_step_done (self, touch, "the queue", error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

JsonNode *
rd_center_queue_create (RdCenterDb  *self,
                        JsonObject  *fields,
                        const char  *team,
                        GError     **error)
{
  g_autofree char *id = rd_uuid_v7 ();
  g_autoptr(RdCenterStmt) insert = NULL;
  const char *name = json_object_get_string_member_with_default (fields, "name", NULL);
  gint64 now = rd_center_db_now (self);

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (name == NULL || *name == '\0')
    return invalid (error, "a queue needs a “name”"), NULL;
  insert = rd_center_db_prepare (self,
    "INSERT INTO queues (id, name, team, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)", error);
  if (insert == NULL || !rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, name, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (insert, 3, team);
  sqlite3_bind_int64 (insert, 4, now);
  if (!rd_center_db_step_done (self, insert, "a queue of that name", error) ||
      !write_fields (self, id, fields, error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  if (!rd_center_db_exec (self, "COMMIT", error))
    return NULL;
  return rd_center_queue_get (self, id, error);
}

JsonNode *
rd_center_queue_update (RdCenterDb  *self,
                        const char  *id,
                        JsonObject  *fields,
                        GError     **error)
{
  g_autoptr(JsonNode) queue = rd_center_queue_get (self, id, error);

  if (queue == NULL || !in_transaction (self, id, fields, error))
    return NULL;
  return rd_center_queue_get (self, id, error);
}

gboolean
rd_center_queue_delete (RdCenterDb  *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(JsonNode) queue = rd_center_queue_get (self, id, error);
  g_autoptr(RdCenterStmt) used = rd_center_db_prepare (self,
    "SELECT name FROM queues WHERE overflow_queue_id = ?1 LIMIT 1", error);
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "DELETE FROM queues WHERE id = ?1", error);

  if (queue == NULL || used == NULL || stmt == NULL)
    return FALSE;
  sqlite3_bind_text (used, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (used) == SQLITE_ROW)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_EXISTS,
                   "queue “%s” overflows into this one: change it first", sqlite3_column_text (used, 0));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return rd_center_db_step_done (self, stmt, "the queue", error);
}

char *
rd_center_queue_for_number (RdCenterDb *self,
                            const char *number)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT queue_id FROM queue_numbers WHERE number = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, number);
  return sqlite3_step (stmt) == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
}

GStrv
rd_center_queue_numbers (RdCenterDb *self)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "SELECT number FROM queue_numbers ORDER BY number", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

gboolean
rd_center_call_set_queue (RdCenterDb  *self,
                          const char  *call_id,
                          const char  *queue_id,
                          const char  *overflow_from,
                          GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE calls SET queue_id = ?2, overflow_from = coalesce(overflow_from, ?3) WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, queue_id);
  rd_center_db_bind_text (stmt, 3, overflow_from);
  return rd_center_db_step_done (self, stmt, "the call", error);
}

gboolean
rd_center_call_set_voicemail (RdCenterDb  *self,
                              const char  *call_id,
                              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE calls SET disposition = 'voicemail', crm_filed = 0 WHERE id = ?1 AND agent IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
  return rd_center_db_step_done (self, stmt, "the call", error);
}

/* ---- callbacks owed to callers a queue lost -------------------------------------------- */

gboolean
rd_center_queue_callback_add (RdCenterDb  *self,
                              const char  *queue_id,
                              const char  *call_id,
                              const char  *number,
                              const char  *reason,
                              gint64       waited_ms,
                              gint64       message_at_ms,
                              GError     **error)
{
  g_autofree char *id = rd_uuid_v7 ();
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT OR IGNORE INTO queue_callbacks (id, queue_id, call_id, number, team, reason, waited_ms,"
    "  created_at, message_at_ms)"
    " VALUES (?1, ?2, ?3, ?4, (SELECT team FROM queues WHERE id = ?2), ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, queue_id);
  rd_center_db_bind_text (stmt, 3, call_id);
  rd_center_db_bind_text (stmt, 4, number);
  rd_center_db_bind_text (stmt, 5, reason);
  sqlite3_bind_int64 (stmt, 6, waited_ms);
  sqlite3_bind_int64 (stmt, 7, rd_center_db_now (self));
  if (message_at_ms >= 0)
    sqlite3_bind_int64 (stmt, 8, message_at_ms);
  return rd_center_db_step_done (self, stmt, "the callback", error);
}

JsonNode *
rd_center_queue_callbacks (RdCenterDb  *self,
                           const char  *queue_id,
                           gboolean     open_only,
                           GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT b.id, b.queue_id, b.call_id, b.number, b.team, b.reason, b.waited_ms, b.message_at_ms,"
    "  b.attempts, b.last_call_id,"
    "  c.recording IS NOT NULL AND c.ended_at IS NOT NULL AS has_recording, b.created_at, b.done_at, b.done_by"
    " FROM queue_callbacks b LEFT JOIN calls c ON c.id = b.call_id"
    " WHERE b.queue_id = ?1 AND (?2 = 0 OR b.done_at IS NULL) ORDER BY b.created_at", error);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, queue_id);
  sqlite3_bind_int (stmt, 2, open_only);
  return rd_center_db_rows_json (stmt);
}

gboolean
rd_center_queue_callback_done (RdCenterDb  *self,
                               const char  *queue_id,
                               const char  *id,
                               const char  *actor,
                               GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE queue_callbacks SET done_at = ?3, done_by = ?4 WHERE id = ?1 AND queue_id = ?2 AND done_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, queue_id);
  sqlite3_bind_int64 (stmt, 3, rd_center_db_now (self));
  rd_center_db_bind_text (stmt, 4, actor);
  if (!rd_center_db_step_done (self, stmt, "the callback", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no open callback %s", id);
      return FALSE;
    }
  return TRUE;
}

/* Offers agents let ring out in [@from_ms, @to_ms). */
static gint64
missed_offers (RdCenterDb *self,
               const char *queue_id,
               gint64      from_ms,
               gint64      to_ms)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT count(*) FROM queue_missed_offers WHERE queue_id = ?1 AND offered_at >= ?2 AND offered_at < ?3", NULL);

  if (stmt == NULL)
    return 0;
  rd_center_db_bind_text (stmt, 1, queue_id);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, to_ms);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

gboolean
rd_center_queue_missed_offer_add (RdCenterDb  *self,
                                  const char  *queue_id,
                                  const char  *call_id,
                                  const char  *agent,
                                  gint64       offered_at_ms,
                                  gint64       missed_at_ms,
                                  GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT INTO queue_missed_offers (queue_id, call_id, agent, offered_at, missed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);

  if (stmt == NULL)
    return FALSE;
  rd_center_db_bind_text (stmt, 1, queue_id);
  rd_center_db_bind_text (stmt, 2, call_id);
  rd_center_db_bind_text (stmt, 3, agent);
  sqlite3_bind_int64 (stmt, 4, offered_at_ms);
  sqlite3_bind_int64 (stmt, 5, missed_at_ms);
  return rd_center_db_step_done (self, stmt, "the missed offer", error);
}

/* {calls, answered, abandoned, within_sl, service_level (share), wait_p50_ms, wait_max_ms}
 * of @queue_id's calls created in [@from_ms, @to_ms). */
JsonNode *
rd_center_queue_stats (RdCenterDb  *self,
                       const char  *queue_id,
                       gint64       from_ms,
                       gint64       to_ms,
                       GError     **error)
{
  g_autoptr(JsonNode) queue = rd_center_queue_get (self, queue_id, error);
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT bridged_at IS NOT NULL, coalesce(bridged_at, ended_at, ?4) - answered_at"
    " FROM calls WHERE queue_id = ?1 AND direction = 'inbound'"   /* not the calls back */
    "  AND created_at >= ?2 AND created_at < ?3 AND answered_at IS NOT NULL"
    " ORDER BY 2", error);
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonObject *o = json_object_new ();
  gint64 sl_ms, answered = 0, within = 0, abandoned = 0;

  if (queue == NULL || stmt == NULL)
    return json_object_unref (o), NULL;
  sl_ms = json_object_get_int_member (json_node_get_object (queue), "service_level") * 1000;
  sqlite3_bind_text (stmt, 1, queue_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, to_ms);
  sqlite3_bind_int64 (stmt, 4, rd_center_db_now (self));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 wait = sqlite3_column_int64 (stmt, 1);

      g_array_append_val (waits, wait);
      if (sqlite3_column_int (stmt, 0))
        answered++, within += wait <= sl_ms;
      else
        abandoned++;
    }
  json_object_set_int_member (o, "calls", waits->len);
  json_object_set_int_member (o, "answered", answered);
  json_object_set_int_member (o, "abandoned", abandoned);
  json_object_set_int_member (o, "answered_within_sl", within);
  json_object_set_double_member (o, "service_level", waits->len > 0 ? (double) within / waits->len : 1.0);
  json_object_set_int_member (o, "wait_p50_ms", waits->len > 0 ? g_array_index (waits, gint64, waits->len / 2) : 0);
  json_object_set_int_member (o, "wait_max_ms", waits->len > 0 ? g_array_index (waits, gint64, waits->len - 1) : 0);
  json_object_set_int_member (o, "missed_offers", missed_offers (self, queue_id, from_ms, to_ms));
  return json_node_init_object (json_node_alloc (), o);
}

gint64
rd_center_queue_handle_ms (RdCenterDb *self,
                           const char *queue_id,
                           guint       last)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT avg(ended_at - bridged_at) FROM (SELECT ended_at, bridged_at FROM calls"
    "  WHERE queue_id = ?1 AND direction = 'inbound' AND bridged_at IS NOT NULL AND ended_at IS NOT NULL"
    "  ORDER BY created_at DESC LIMIT ?2)", NULL);

  if (stmt == NULL)
    return -1;
  rd_center_db_bind_text (stmt, 1, queue_id);
  sqlite3_bind_int (stmt, 2, (int) last);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  return (gint64) sqlite3_column_double (stmt, 0);
}

gboolean
rd_center_queue_callback_called (RdCenterDb  *self,
                                 const char  *id,
                                 const char  *call_id,
                                 const char  *agent,
                                 GError     **error)
{
  g_autoptr(RdCenterStmt) count = rd_center_db_prepare (self,
    "UPDATE queue_callbacks SET attempts = attempts + 1, last_call_id = ?2 WHERE id = ?1", error);
  g_autoptr(RdCenterStmt) owner = rd_center_db_prepare (self,
    "UPDATE calls SET agent = ?2 WHERE id = ?1 AND ended_at IS NULL", error);

  if (count == NULL || owner == NULL || !rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_bind_text (count, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (count, 2, call_id);
  sqlite3_bind_text (owner, 1, call_id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (owner, 2, agent);
  if (!rd_center_db_step_done (self, count, "the callback", error) ||
      !rd_center_db_step_done (self, owner, "the call", error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}
