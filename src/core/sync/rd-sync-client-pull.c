/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdSyncClient pull: applying what the server sends (changes, evictions, conflicts), snapshot. */
#include "config.h"

#include "rd-sync-client-private.h"
#include "rd-fault.h"
#include "rd-store-bulk.h"
#include "rd-catalog.h"
#include "rd-sync-load.h"
#include "rd-store-remote.h"

#define SNAPSHOT_TRANSACTION_ROWS 5000

static gboolean
set_cursor (RdSyncClient  *self,
            gint64         cursor,
            GError       **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  return rd_store_set_meta (self->store, META_CURSOR, text, error);
}

/* ---- applying what the server sends ---------------------------------------- */

static gboolean
apply_change (RdSyncClient  *self,
              JsonObject    *change,
              GError       **error)
{
  const char *table = json_object_get_string_member_with_default (change, "table", NULL);
  const char *id = json_object_get_string_member_with_default (change, "id", NULL);
  const char *field = json_object_get_string_member_with_default (change, "field", NULL);
  const char *site = json_object_get_string_member_with_default (change, "site", NULL);
  JsonNode *value = json_object_get_member (change, "value");
  g_autofree char *value_text = NULL;
  gint64 hlc = json_object_get_int_member_with_default (change, "hlc", 0);

  if (table == NULL || id == NULL || field == NULL || site == NULL || value == NULL || hlc <= 0)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "the server sent an incomplete change");
      return FALSE;
    }

  value_text = json_to_string (value, FALSE);
  return rd_store_apply_remote_field (self->store, table, id, field, value_text,
                                      (RdHlcValue) hlc, site, NULL, error);
}

/* A loser kept elsewhere (another replica or the server): keep it here too, once; or,
 * with @resolved, that conflict resolved elsewhere: resolved here too. */
static gboolean
keep_remote_conflict (RdSyncClient  *self,
                      JsonObject    *c,
                      gboolean       resolved,
                      GError       **error)
{
  RdStoreConflict conflict = {
    .table = json_object_get_string_member_with_default (c, "table", NULL),
    .row_id = json_object_get_string_member_with_default (c, "id", NULL),
    .field = json_object_get_string_member_with_default (c, "field", NULL),
    .kept_value = json_object_get_string_member_with_default (c, "kept_value", NULL),
    .kept_hlc = json_object_get_int_member_with_default (c, "kept_hlc", 0),
    .kept_site = json_object_get_string_member_with_default (c, "kept_site", NULL),
    .lost_value = json_object_get_string_member_with_default (c, "lost_value", NULL),
    .lost_hlc = json_object_get_int_member_with_default (c, "lost_hlc", 0),
    .lost_site = json_object_get_string_member_with_default (c, "lost_site", NULL),
  };

  if (resolved)
    return rd_store_mark_conflict_resolved (self->store, &conflict, NULL, error);
  return rd_store_keep_conflict (self->store, &conflict, TRUE, NULL, error);
}

/* Line items that came in change their deals' totals: each deal's amount is set again
 * from the items this replica now holds (a captured edit when it differs, pushed next).
 * Every replica computes the same total from the same converged items, so the amount
 * converges too, without a conflict (equal values are not one). */
static gboolean
recompute_deals (RdSyncClient  *self,
                 GHashTable    *items,
                 GError       **error)
{
  g_autoptr(GHashTable) deals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = rd_store_get_db (self->store);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, "SELECT parent_id FROM line_items WHERE id = ?", -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
            g_hash_table_add (deals, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        }
      sqlite3_finalize (stmt);
    }

  g_hash_table_iter_init (&iter, deals);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!rd_store_recompute_deal_amount (self->store, key, error))
      return FALSE;
  return TRUE;
}

static gboolean
apply_pull (RdSyncClient  *self,
            JsonObject    *answer,
            RdSyncStats   *stats,
            GError       **error)
{
  g_autoptr(GHashTable) items = NULL;
  JsonArray *changes;
  gint64 next;

  if (!json_object_has_member (answer, "changes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "changes")) ||
      !json_object_has_member (answer, "next"))
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "the pull answer has no changes or cursor");
      return FALSE;
    }
  if (json_object_get_int_member_with_default (answer, "schema", 0) != RD_SCHEMA_VERSION)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SCHEMA,
                   "schema version mismatch: the server sends %" G_GINT64_FORMAT
                   ", this replica has %d; upgrade before syncing",
                   json_object_get_int_member_with_default (answer, "schema", 0),
                   RD_SCHEMA_VERSION);
      return FALSE;
    }
  changes = json_object_get_array_member (answer, "changes");
  next = json_object_get_int_member (answer, "next");
  items = g_hash_table_new (g_str_hash, g_str_equal);

  /* The whole batch and the cursor in one transaction: all or nothing. */
  if (!rd_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      JsonObject *change;
      gboolean ok;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      change = json_node_get_object (node);
      if (json_object_has_member (change, "conflict") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (change, "conflict")))
        ok = keep_remote_conflict (self, json_object_get_object_member (change, "conflict"),
                                   FALSE, error);
      else if (json_object_has_member (change, "resolved") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (change, "resolved")))
        ok = keep_remote_conflict (self, json_object_get_object_member (change, "resolved"),
                                   TRUE, error);
      else if (json_object_get_boolean_member_with_default (change, "evict", FALSE))
        {
          ok = rd_store_evict_row (self->store,
                                   json_object_get_string_member_with_default (change, "table", NULL),
                                   json_object_get_string_member_with_default (change, "id", NULL),
                                   error);
          stats->evicted += ok;
        }
      else
        {
          ok = apply_change (self, change, error);
          stats->pulled += ok;
          if (g_strcmp0 (json_object_get_string_member_with_default (change, "table", NULL), "line_items") == 0 &&
              json_object_get_string_member_with_default (change, "id", NULL) != NULL)
            g_hash_table_add (items, (gpointer) json_object_get_string_member (change, "id"));
        }
      if (!ok)
        {
          rd_store_rollback (self->store);
          return FALSE;
        }
    }
  if (!recompute_deals (self, items, error))
    {
      rd_store_rollback (self->store);
      return FALSE;
    }
  rd_fault_point ("pull.before-commit");   /* the batch applied, not committed */
  if (!set_cursor (self, next, error) || !rd_store_commit (self->store, error))
    {
      rd_store_rollback (self->store);
      return FALSE;
    }
  rd_fault_point ("pull.after-commit");
  stats->cursor = next;

  return TRUE;
}

gboolean
rd_sync_client_pull (RdSyncClient  *self,
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
      g_autofree char *path = g_strdup_printf ("/api/v1/sync/pull?since=%" G_GINT64_FORMAT
                                               "&limit=%u&site=%s", rd_sync_client_get_cursor (self),
                                               self->pull_batch, rd_store_get_site (self->store));
      g_autoptr(JsonNode) answer = rd_sync_client_request_json (self, "GET", path, NULL,
                                                                cancellable, error);

      if (answer == NULL || !apply_pull (self, json_node_get_object (answer), stats, error))
        return FALSE;
      if (!json_object_get_boolean_member_with_default (json_node_get_object (answer), "more",
                                                        FALSE))
        break;
    }

  return TRUE;
}

/* ---- snapshot --------------------------------------------------------------- */

typedef struct {
  RdSyncClient *self;
  RdSyncStats  *stats;
  gint64        seq;
  gboolean      header;
  gboolean      ended;
  guint         in_transaction;
  JsonParser   *parser;       /* reused for every line */
} SnapshotLoad;

/* A repair (META_REPAIR): the differing tables' rows are forgotten in the snapshot's first
 * transaction, so that a value changed without its clock is replaced by the server's
 * instead of tying with it in the merge. An interrupted load forgets them again next time;
 * the mark goes with the cursor at the end. */
static gboolean
forget_repaired (SnapshotLoad  *load,
                 GError       **error)
{
  g_autofree char *repair = rd_store_get_meta (load->self->store, META_REPAIR);
  g_auto(GStrv) tables = NULL;

  if (repair == NULL || *repair == '\0')
    return TRUE;
  tables = g_strsplit (repair, ",", -1);
  if (load->in_transaction == 0 && !rd_store_begin (load->self->store, error))
    return FALSE;
  for (guint i = 0; tables[i] != NULL; i++)
    if (!rd_store_forget_table (load->self->store, tables[i], error))
      {
        rd_store_rollback (load->self->store);
        load->in_transaction = 0;
        return FALSE;
      }
  load->in_transaction++;
  g_info ("sync: repair: the rows of %s are loaded again from the server", repair);
  return TRUE;
}

static gboolean
snapshot_line_cb (const char  *line,
                  gsize        length,
                  gpointer     user_data,
                  GError     **error)
{
  SnapshotLoad *load = user_data;
  JsonNode *node = NULL;
  JsonObject *object;
  JsonArray *fields;

  if (length == 0)
    return TRUE;
  if (json_parser_load_from_data (load->parser, line, length, NULL))
    node = json_parser_get_root (load->parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "a snapshot line is not a JSON object");
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!load->header)
    {
      if (json_object_get_int_member_with_default (object, "schema", 0) != RD_SCHEMA_VERSION)
        {
          g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SCHEMA,
                       "schema version mismatch: the server's snapshot has %" G_GINT64_FORMAT
                       ", this replica %d", json_object_get_int_member_with_default (object,
                                                                                    "schema", 0),
                       RD_SCHEMA_VERSION);
          return FALSE;
        }
      load->seq = json_object_get_int_member_with_default (object, "seq", 0);
      load->header = TRUE;
      return forget_repaired (load, error);
    }

  if (json_object_get_boolean_member_with_default (object, "end", FALSE))
    {
      load->ended = TRUE;
      return TRUE;
    }

  if (!json_object_has_member (object, "fields") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "fields")))
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL, "a snapshot row has no fields");
      return FALSE;
    }

  if (load->in_transaction == 0 && !rd_store_begin (load->self->store, error))
    return FALSE;
  fields = json_object_get_array_member (object, "fields");
  if (!rd_sync_load_row (load->self->store,
                         json_object_get_string_member_with_default (object, "table", ""),
                         json_object_get_string_member_with_default (object, "id", ""),
                         fields, error))
    {
      rd_store_rollback (load->self->store);
      load->in_transaction = 0;
      return FALSE;
    }
  load->stats->snapshot_rows++;
  rd_fault_point ("snapshot.row");   /* RD_KILL_AT=snapshot.row@N: mid-load, N rows in */

  /* Large transactions: a commit per row would dominate the load. */
  if (++load->in_transaction >= SNAPSHOT_TRANSACTION_ROWS)
    {
      load->in_transaction = 0;
      if (!rd_store_commit (load->self->store, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rd_sync_client_load_snapshot (RdSyncClient  *self,
                              RdSyncStats   *stats,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SnapshotLoad load = { self, stats, 0, FALSE, FALSE, 0, parser };
  g_autoptr(GBytes) error_body = NULL;
  guint status;

  status = rd_http_client_get_lines (self->http, "/api/v1/sync/snapshot", snapshot_line_cb,
                                     &load, &error_body, cancellable, error);
  if (status == 0)
    {
      if (load.in_transaction)
        rd_store_rollback (self->store);
      return FALSE;
    }
  if (status / 100 != 2)
    return rd_sync_client_http_failure (status, error_body, error);

  if (!load.ended)
    {
      if (load.in_transaction)
        rd_store_rollback (self->store);
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "the snapshot ended early; the next sync starts it again");
      return FALSE;
    }

  /* The cursor moves only with the last rows: an interrupted load starts over. */
  rd_fault_point ("snapshot.before-cursor");
  if (load.in_transaction == 0 && !rd_store_begin (self->store, error))
    return FALSE;
  if (!set_cursor (self, load.seq, error) ||
      !rd_store_set_meta (self->store, META_REPAIR, NULL, error) ||
      !rd_store_commit (self->store, error))
    {
      rd_store_rollback (self->store);
      return FALSE;
    }
  stats->cursor = load.seq;

  return TRUE;
}
