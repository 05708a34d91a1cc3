/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A queue's disposition list: the codes its agents file a queue call with. A queue keeps
 * its own (queue_disposition_codes, migration 9) or, while it has none, the defaults every
 * queue starts with (queue_dispositions, migration 8). "voicemail" is the server's own:
 * it marks a message a caller left and no agent picks it. */
#include "config.h"

#include <string.h>

#include "rd-center-db-private.h"

#define MAX_DISPOSITIONS 30

static gboolean
code_is_valid (const char *code)
{
  gsize n = code != NULL ? strlen (code) : 0;

  if (n == 0 || n > 40)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-' && code[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
bad (GError     **error,
     guint        n,
     const char  *what)
{
  g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "“dispositions”: entry %u %s", n, what);
  return FALSE;
}

gboolean
rd_center_queue_write_dispositions (RdCenterDb  *self,
                                    const char  *queue_id,
                                    JsonNode    *node,
                                    GError     **error)
{
  g_autoptr(RdCenterStmt) clear = NULL;
  g_autoptr(RdCenterStmt) add = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = array != NULL ? json_array_get_length (array) : 0;

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && array == NULL)
    {
      g_set_error_literal (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                           "“dispositions” must be an array of {\"code\", \"label\", \"dnc\"?} (empty: the defaults)");
      return FALSE;
    }
  if (n > MAX_DISPOSITIONS)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "“dispositions”: a queue has at most %d, not %u", MAX_DISPOSITIONS, n);
      return FALSE;
    }
  /* Every entry checked before anything is written. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *d = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *code = d != NULL ? json_object_get_string_member_with_default (d, "code", NULL) : NULL;
      const char *label = d != NULL ? json_object_get_string_member_with_default (d, "label", NULL) : NULL;
      JsonNode *dnc = d != NULL ? json_object_get_member (d, "dnc") : NULL;
      guint known = (code != NULL) + (label != NULL) + (dnc != NULL);

      if (d == NULL || known != json_object_get_size (d))
        return bad (error, i + 1, "must have “code”, “label” and an optional “dnc”, nothing else");
      if (!code_is_valid (code))
        return bad (error, i + 1, "needs a “code” of 1 to 40 letters, digits, - or _");
      if (g_str_equal (code, "voicemail"))
        return bad (error, i + 1, "may not be “voicemail”: the server marks a message left with it");
      if (label == NULL || *label == '\0' || g_utf8_strlen (label, -1) > 80)
        return bad (error, i + 1, "needs a “label” of 1 to 80 characters");
      if (dnc != NULL && (!JSON_NODE_HOLDS_VALUE (dnc) || json_node_get_value_type (dnc) != G_TYPE_BOOLEAN))
        return bad (error, i + 1, "has a “dnc” that is not true or false");
      if (!g_hash_table_add (seen, (gpointer) code))
        return bad (error, i + 1, "repeats a code");
    }

  clear = rd_center_db_prepare (self, "DELETE FROM queue_disposition_codes WHERE queue_id = ?1", error);
  add = rd_center_db_prepare (self,
    "INSERT INTO queue_disposition_codes (queue_id, code, label, dnc, sort) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (clear == NULL || add == NULL)
    return FALSE;
  sqlite3_bind_text (clear, 1, queue_id, -1, SQLITE_TRANSIENT);
  if (!rd_center_db_step_done (self, clear, "the dispositions", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *d = json_array_get_object_element (array, i);

      sqlite3_reset (add);
      sqlite3_bind_text (add, 1, queue_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (add, 2, json_object_get_string_member (d, "code"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (add, 3, json_object_get_string_member (d, "label"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (add, 4, json_object_get_boolean_member_with_default (d, "dnc", FALSE));
      sqlite3_bind_int (add, 5, (int) i);
      if (!rd_center_db_step_done (self, add, "a disposition", error))
        return FALSE;
    }
  return TRUE;
}

JsonNode *
rd_center_queue_dispositions (RdCenterDb  *self,
                              const char  *queue_id,
                              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT code, label, dnc = 1 AS dnc FROM ("
    "  SELECT code, label, dnc, sort FROM queue_disposition_codes WHERE queue_id = ?1"
    "  UNION ALL SELECT code, label, dnc, sort FROM queue_dispositions"
    "    WHERE code <> 'voicemail' AND NOT EXISTS (SELECT 1 FROM queue_disposition_codes WHERE queue_id = ?1))"
    " ORDER BY sort, code", error);
  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, queue_id);
  return rd_center_db_rows_json (stmt);
}
