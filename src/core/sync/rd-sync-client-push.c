/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdSyncClient push: the outbox and the kept conflicts sent to the server. */
#include "config.h"

#include "rd-sync-client-private.h"
#include "rd-fault.h"

/* ---- push ------------------------------------------------------------------- */

/* Conflicts kept here since the last push, then those resolved here and not yet told (as
 * conflicts with "resolved": true; their ids in @resolved), as JSON objects; the last id of
 * the first kind in *@last_id. */
static JsonArray *
collect_conflicts (RdSyncClient *self,
                   gint64       *last_id,
                   GArray       *resolved)
{
  g_autofree char *sent = rd_store_get_meta (self->store, META_CONFLICTS_SENT);
  JsonArray *array = json_array_new ();
  sqlite3_stmt *stmt = NULL;

  *last_id = sent ? g_ascii_strtoll (sent, NULL, 10) : 0;
  if (sqlite3_prepare_v2 (rd_store_get_db (self->store),
        "SELECT id, tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value, lost_hlc,"
        " lost_site, 0 FROM conflicts WHERE id > ?1 AND lost_site IS NOT NULL AND kept_hlc IS NOT NULL"
        " AND resolved = 0"
        " UNION ALL SELECT id, tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
        " lost_hlc, lost_site, 1 FROM conflicts WHERE resolved = 1 AND lost_site IS NOT NULL"
        " AND kept_hlc IS NOT NULL ORDER BY 11, 1 LIMIT 1000", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return array;
    }
  sqlite3_bind_int64 (stmt, 1, *last_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *c = json_object_new ();
      const char *names[] = { NULL, "table", "id", "field", "kept_value", NULL, "kept_site",
                              "lost_value", NULL, "lost_site" };
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (sqlite3_column_int (stmt, 10))
        {
          json_object_set_boolean_member (c, "resolved", TRUE);
          g_array_append_val (resolved, id);
        }
      else
        *last_id = id;
      for (guint i = 1; i < G_N_ELEMENTS (names); i++)
        {
          if (names[i] == NULL)
            continue;
          if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            json_object_set_null_member (c, names[i]);
          else
            json_object_set_string_member (c, names[i],
                                           (const char *) sqlite3_column_text (stmt, i));
        }
      json_object_set_int_member (c, "kept_hlc", sqlite3_column_int64 (stmt, 5));
      json_object_set_int_member (c, "lost_hlc", sqlite3_column_int64 (stmt, 8));
      json_array_add_object_element (array, c);
    }
  sqlite3_finalize (stmt);

  return array;
}

/* The server took these resolutions: resolved and told (conflicts.resolved 2). */
static gboolean
resolutions_told (RdSyncClient  *self,
                  GArray        *ids,
                  GError       **error)
{
  sqlite3 *db = rd_store_get_db (self->store);
  sqlite3_stmt *stmt = NULL;

  if (ids->len == 0)
    return TRUE;
  if (sqlite3_prepare_v2 (db, "UPDATE conflicts SET resolved = 2 WHERE id = ? AND resolved = 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "cannot note the resolutions sent: %s", sqlite3_errmsg (db));
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                       "cannot note the resolutions sent: %s", sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static JsonNode *
outbox_batch_to_json (RdSyncClient *self,
                      GPtrArray    *entries,
                      JsonArray    *conflicts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, RD_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, rd_store_get_site (self->store));
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      RdOutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonNode *value = entry->value ? json_from_string (entry->value, NULL) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op");
      json_builder_add_int_value (builder, entry->seq);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, entry->table);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, entry->row_id);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, entry->field);
      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, value ? value : json_node_init_null (json_node_alloc ()));
      json_builder_set_member_name (builder, "hlc");
      json_builder_add_int_value (builder, (gint64) entry->hlc);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (conflicts && json_array_get_length (conflicts) > 0)
    {
      JsonNode *node = json_node_alloc ();

      json_node_init_array (node, conflicts);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_value (builder, node);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
rd_sync_client_push (RdSyncClient  *self,
                     RdSyncStats   *stats,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RdSyncStats local = { 0 };

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  if (stats == NULL)
    stats = &local;
  if (!rd_sync_client_require_login (self, error))
    return FALSE;

  for (guint round = 0; round < 100000; round++)
    {
      g_autoptr(GPtrArray) entries = rd_store_outbox_peek (self->store, 0, self->push_batch,
                                                           error);
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(JsonArray) conflicts = NULL;
      g_autoptr(GArray) resolved = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 last_conflict = 0;
      JsonArray *results;

      if (entries == NULL)
        return FALSE;
      conflicts = collect_conflicts (self, &last_conflict, resolved);
      if (entries->len == 0 && json_array_get_length (conflicts) == 0)
        break;

      request = outbox_batch_to_json (self, entries, conflicts);
      rd_fault_point ("push.before-send");
      answer = rd_sync_client_request_json (self, "POST", "/api/v1/sync/push", request,
                                            cancellable, error);
      if (answer == NULL)
        return FALSE;   /* nothing acknowledged: the outbox keeps every entry */

      if (!json_object_has_member (json_node_get_object (answer), "results") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (answer),
                                                          "results")))
        {
          g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                       "the push answer has no results");
          return FALSE;
        }
      results = json_object_get_array_member (json_node_get_object (answer), "results");
      if (json_array_get_length (results) != entries->len)
        {
          g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                       "the server answered %u results for %u changes",
                       json_array_get_length (results), entries->len);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode *node = json_array_get_element (results, i);
          JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *status = result ? json_object_get_string_member_with_default (result,
                                                                                   "status", "")
                                      : "";

          if (g_str_equal (status, "refused"))
            {
              stats->refused++;
              g_debug ("the server refused a change: %s",
                         json_object_get_string_member_with_default (result, "reason", "?"));
            }
          else
            stats->pushed++;
        }

      rd_fault_point ("push.after-answer");   /* applied on the server, still in the outbox */
      /* Every change of the batch has a final answer: drop them from the outbox. */
      if (entries->len > 0 &&
          !rd_store_outbox_ack (self->store,
                                ((RdOutboxEntry *) g_ptr_array_index (entries,
                                                                      entries->len - 1))->seq,
                                error))
        return FALSE;
      if (json_array_get_length (conflicts) > 0)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, last_conflict);

          if (!rd_store_set_meta (self->store, META_CONFLICTS_SENT, text, error) ||
              !resolutions_told (self, resolved, error))
            return FALSE;
        }
      rd_fault_point ("push.after-ack");
    }

  return TRUE;
}
