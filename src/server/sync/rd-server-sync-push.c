/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-fault.h"
#include "rd-server-sync-private.h"
#include "rd-store-remote.h"
#include "rd-catalog.h"
#include "rd-uuid.h"

/* The write side: validating a push batch, refusals, merging through the core,
 * the changes log, kept losers, children following a reassigned parent. */

/* Which owners the viewer may hand a record to: an admin anyone; a manager any
 * key they see; an agent themselves, their team (tickets) or "shared"
 * (contacts), never another person. */
static gboolean
viewer_may_assign (const RdSyncViewer *viewer,
                   const char         *owner)
{
  if (viewer->role == RD_ROLE_ADMIN)
    return TRUE;
  if (owner == NULL)
    return FALSE;
  if (viewer->role == RD_ROLE_MANAGER)
    return g_hash_table_contains (viewer->keys, owner);

  return g_str_equal (owner, viewer->user_key) || g_str_equal (owner, "shared") ||
         g_strcmp0 (owner, viewer->team_key) == 0;
}

/* Keeps a refused change next to the value it did not replace. */
static gboolean
keep_refused (RdServerSync  *self,
              const char    *table,
              const char    *row_id,
              const char    *field,
              const char    *value,
              RdHlcValue     hlc,
              const char    *site,
              GError       **error)
{
  RdStoreConflict refused = {
    .table = table, .row_id = row_id, .field = field, .kept_site = "refused",
    .lost_value = value, .lost_hlc = (gint64) hlc, .lost_site = site,
  };

  return rd_store_keep_conflict (self->store, &refused, FALSE, NULL, error);
}

/* ---- push ----------------------------------------------------------------- */

typedef struct {
  gint64      op;
  const char *table;
  const char *id;
  const char *field;
  char       *value;    /* JSON text of a scalar */
  RdHlcValue  hlc;
} Change;

static void
change_clear (Change *change)
{
  g_free (change->value);
}

/* The rows that the batch attaches to a sales record (parent_tbl "leads" …),
 * which a support account may not write: none of their changes apply, so no
 * half of a note is left behind without its parent. */
static GHashTable *
sales_children_of (const RdSyncViewer *viewer,
                   const Change       *changes,
                   guint               n)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  if (viewer->role != RD_ROLE_SUPPORT)
    return ids;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (changes[i].field, "parent_tbl"))
      {
        g_autoptr(JsonNode) node = json_from_string (changes[i].value, NULL);

        if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
            json_node_get_value_type (node) == G_TYPE_STRING &&
            !rd_sync_viewer_works_table (viewer, json_node_get_string (node)))
          g_hash_table_add (ids, (gpointer) changes[i].id);
      }
  return ids;
}

static gboolean
member_int (JsonObject  *object,
            const char  *name,
            gint64      *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
invalid (GError    **error,
         guint       index,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError    **error,
         guint       index,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, RD_SERVER_SYNC_ERROR, RD_SERVER_SYNC_ERROR_INVALID,
               "changes[%u]: %s; nothing in the batch was applied", index, message);
  return FALSE;
}

static gboolean
parse_change (JsonNode  *node,
              guint      index,
              gint64     now_ms,
              guint      max_skew_seconds,
              Change    *change,
              GError   **error)
{
  static const char * const members[] = { "op", "table", "id", "field", "value", "hlc", NULL };
  const RdTableDesc *table;
  JsonObject *object;
  JsonNode *value;
  JsonObjectIter iter;
  const char *name;
  gint64 hlc, ahead_ms;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, index, "a change must be an object");
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, NULL))
    if (!g_strv_contains (members, name))
      return invalid (error, index, "unknown member “%s”", name);

  if (!member_int (object, "op", &change->op) || change->op < 0)
    return invalid (error, index, "“op” must be a non-negative integer");
  change->table = member_string (object, "table");
  change->id = member_string (object, "id");
  change->field = member_string (object, "field");
  if (change->table == NULL || change->id == NULL || change->field == NULL)
    return invalid (error, index, "“table”, “id” and “field” must be strings");
  table = rd_schema_lookup (change->table);
  if (table == NULL)
    return invalid (error, index, "“%s” is not a synced table", change->table);
  if (rd_schema_field (table, change->field) == NULL)
    return invalid (error, index, "“%s” is not a field of %s", change->field, change->table);
  if (!rd_uuid_is_valid (change->id))
    return invalid (error, index, "“%s” is not a UUID", change->id);

  value = json_object_get_member (object, "value");
  if (value == NULL)
    return invalid (error, index, "“value” is required (null clears a field)");
  if (!JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value))
    return invalid (error, index, "“value” must be a string, number, boolean or null");
  change->value = json_to_string (value, FALSE);

  if (!member_int (object, "hlc", &hlc) || hlc <= 0)
    return invalid (error, index, "“hlc” must be a positive integer");
  change->hlc = (RdHlcValue) hlc;

  ahead_ms = rd_hlc_ms (change->hlc) - now_ms;
  if (ahead_ms > (gint64) max_skew_seconds * 1000)
    {
      g_set_error (error, RD_SERVER_SYNC_ERROR, RD_SERVER_SYNC_ERROR_SKEW,
                   "changes[%u] is stamped %.1f s ahead of the server clock (the limit is "
                   "%u s): fix the replica’s clock; nothing in the batch was applied",
                   index, ahead_ms / 1000.0, max_skew_seconds);
      return FALSE;
    }

  return TRUE;
}

static gint64
find_logged (RdServerSync *self,
             const char   *site,
             const Change *change)
{
  g_autoptr(RdSyncCached) stmt = rd_server_sync_cached (self,
    "SELECT seq FROM changes WHERE kind = 'change' AND site = ? AND hlc = ? AND tbl = ? "
    "AND row_id = ? AND field = ?",
    NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (gint64) change->hlc);
  sqlite3_bind_text (stmt, 3, change->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, change->field, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gint64
log_change (RdServerSync  *self,
            const char    *site,
            const Change  *change,
            const char    *old_owner,
            const char    *new_owner,
            GError       **error)
{
  g_autoptr(RdSyncCached) stmt = rd_server_sync_cached (self,
    "INSERT INTO changes (tbl, row_id, field, value, hlc, site, old_owner, new_owner, at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, change->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, change->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, change->field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change->value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, (gint64) change->hlc);
  sqlite3_bind_text (stmt, 6, site, -1, SQLITE_TRANSIENT);
  if (old_owner)
    sqlite3_bind_text (stmt, 7, old_owner, -1, SQLITE_TRANSIENT);
  if (new_owner)
    sqlite3_bind_text (stmt, 8, new_owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, g_get_real_time () / 1000);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rd_server_sync_fail (self, "cannot log the change", error);
      return -1;
    }

  return sqlite3_last_insert_rowid (self->db);
}

/* A kept loser, as the store's conflicts table has it (values are JSON text). */
typedef struct {
  const char *table;
  const char *id;
  const char *field;
  const char *kept_value;
  RdHlcValue  kept_hlc;
  const char *kept_site;
  const char *lost_value;
  RdHlcValue  lost_hlc;
  const char *lost_site;
  gboolean    resolved;   /* reported as resolved on the replica (its "resolved": true) */
} Conflict;

static char *
conflict_to_json (const Conflict *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; const char *value; } texts[] = {
    { "table", c->table }, { "id", c->id }, { "field", c->field },
    { "kept_value", c->kept_value }, { "kept_site", c->kept_site },
    { "lost_value", c->lost_value }, { "lost_site", c->lost_site },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      json_builder_set_member_name (builder, texts[i].name);
      if (texts[i].value)
        json_builder_add_string_value (builder, texts[i].value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "kept_hlc");
  json_builder_add_int_value (builder, (gint64) c->kept_hlc);
  json_builder_set_member_name (builder, "lost_hlc");
  json_builder_add_int_value (builder, (gint64) c->lost_hlc);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* Logs a conflict once (so pulls carry it to every replica that sees the row)
 * and, when @also_store, keeps it in the server's conflicts table too. */
static gboolean
log_conflict (RdServerSync    *self,
              const Conflict  *c,
              gboolean         also_store,
              GError         **error)
{
  g_autofree char *json = conflict_to_json (c);
  g_autoptr(RdSyncCached) stmt = rd_server_sync_cached (self,
    "INSERT OR IGNORE INTO changes (kind, tbl, row_id, field, value, hlc, site, at) "
    "VALUES ('conflict', ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, (gint64) c->lost_hlc);
  sqlite3_bind_text (stmt, 6, c->lost_site ? c->lost_site : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / 1000);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_sync_fail (self, "cannot log the conflict", error);
  if (sqlite3_changes (self->db) == 0 || !also_store)
    return TRUE;

  {
    RdStoreConflict kept = {
      .table = c->table, .row_id = c->id, .field = c->field,
      .kept_value = c->kept_value, .kept_hlc = (gint64) c->kept_hlc, .kept_site = c->kept_site,
      .lost_value = c->lost_value, .lost_hlc = (gint64) c->lost_hlc, .lost_site = c->lost_site,
    };

    if (!rd_store_keep_conflict (self->store, &kept, FALSE, NULL, error))
      return FALSE;
  }

  return TRUE;
}

/* A conflict resolved on a replica: the server's copy is marked resolved and the
 * resolution logged once (kind 'resolved'), so pulls carry it to the other replicas. */
static gboolean
log_resolved (RdServerSync    *self,
              const Conflict  *c,
              GError         **error)
{
  g_autofree char *json = conflict_to_json (c);
  g_autoptr(RdSyncCached) stmt = rd_server_sync_cached (self,
    "INSERT OR IGNORE INTO changes (kind, tbl, row_id, field, value, hlc, site, at) "
    "VALUES ('resolved', ?, ?, ?, ?, ?, ?, ?)", error);
  RdStoreConflict kept = {
    .table = c->table, .row_id = c->id, .field = c->field,
    .kept_value = c->kept_value, .kept_hlc = (gint64) c->kept_hlc, .kept_site = c->kept_site,
    .lost_value = c->lost_value, .lost_hlc = (gint64) c->lost_hlc, .lost_site = c->lost_site,
  };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, (gint64) c->lost_hlc);
  sqlite3_bind_text (stmt, 6, c->lost_site ? c->lost_site : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / 1000);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_sync_fail (self, "cannot log the resolution", error);
  return rd_store_mark_conflict_resolved (self->store, &kept, NULL, error);
}

/* After a pushed change lost the merge: log what was kept against it. */
static gboolean
log_lost_change (RdServerSync  *self,
                 const char    *site,
                 const Change  *change,
                 GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE id = ?",
                                          change->field, change->table);
  g_autoptr(RdSyncStmt) stmt = rd_server_sync_prepare (self, sql, error);
  g_autoptr(JsonNode) kept = NULL;
  g_autofree char *kept_text = NULL;
  g_autofree char *kept_site = NULL;
  RdHlcValue kept_hlc = 0;
  Conflict c;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  kept = rd_server_sync_column_node (stmt, 0);
  kept_text = json_to_string (kept, FALSE);
  rd_store_get_field_version (self->store, change->table, change->id, change->field,
                              &kept_hlc, &kept_site);

  c = (Conflict) { change->table, change->id, change->field, kept_text, kept_hlc, kept_site,
                   change->value, change->hlc, site };
  return log_conflict (self, &c, FALSE, error);
}

static void
add_result (JsonBuilder *builder,
            gint64       op,
            const char  *status,
            gint64       seq,
            const char  *reason)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_int_value (builder, op);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (seq > 0)
    {
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, seq);
    }
  if (reason)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_end_object (builder);
}

/* Why the viewer may not make @change, or NULL when they may. */
static char *
refusal (RdServerSync       *self,
         const RdSyncViewer *viewer,
         GHashTable         *sales_children,
         const Change       *change,
         gboolean            exists,
         const char         *owner)
{
  /* An account's name, role and team are the accounts database's (/api/v1/users): a
   * replica that could write their mirror could rename the admin for every replica. */
  if (!viewer->server && rd_sync_table_is_server_only (change->table))
    {
      const RdTableDesc *t = rd_schema_lookup (change->table);

      /* Models are the server's own conclusions: no replica, not even an admin's, writes them. */
      if (t != NULL && (t->flags & RD_TABLE_SERVER_ONLY))
        return g_strdup_printf ("%s are written by the server only", change->table);
      return g_strdup_printf ("%s is written by the server alone (accounts are changed "
                              "through /api/v1/users)", change->table);
    }

  const RdTableDesc *desc = rd_schema_lookup (change->table);

  /* A dependency that closes a cycle is refused whoever sends it: two replicas may each
   * have made half of one offline, and the second to arrive loses. */
  if (g_str_equal (change->table, "project_tasks") && g_str_equal (change->field, "depends_on"))
    {
      g_autoptr(JsonNode) node = json_from_string (change->value, NULL);
      g_autoptr(GError) cycle = NULL;

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING &&
          !rd_store_check_task_dependency (self->store, change->id, json_node_get_string (node), &cycle))
        return g_strdup (cycle->message);
    }

  if (viewer->role == RD_ROLE_ADMIN)
    return NULL;

  if (!rd_sync_viewer_works_table (viewer, change->table))
    return g_strdup_printf ("role %s may not write %s (sales records)",
                            rd_role_to_string (viewer->role), change->table);
  if (viewer->role == RD_ROLE_SUPPORT &&
      ((exists && !rd_server_sync_role_holds (self, viewer, change->table, change->id)) ||
       g_hash_table_contains (sales_children, change->id)))
    return g_strdup_printf ("%s %s belongs to a sales record, which role %s may not write",
                            change->table, change->id, rd_role_to_string (viewer->role));
  /* Custom field definitions are the admins' (docs/store.md, "Custom fields"). */
  if (g_str_equal (change->table, "custom_fields"))
    return g_strdup_printf ("role %s may not define custom fields (custom_fields %s)",
                            rd_role_to_string (viewer->role), change->id);
  /* The catalog (products, price lists and their prices) is the managers'. */
  if (desc != NULL && (desc->flags & RD_TABLE_MANAGED) && viewer->role != RD_ROLE_MANAGER)
    return g_strdup_printf ("role %s may not change the catalog (%s): managers and admins only",
                            rd_role_to_string (viewer->role), change->table);

  if (exists && !rd_sync_viewer_sees (viewer, owner))
    return g_strdup_printf ("%s %s belongs to an owner this account cannot see",
                            change->table, change->id);

  /* Who attached a document is who pushed it, not what a replica claims. */
  if (g_str_equal (change->table, "documents") && g_str_equal (change->field, "uploaded_by"))
    {
      g_autoptr(JsonNode) node = json_from_string (change->value, NULL);
      const char *name = node && JSON_NODE_HOLDS_VALUE (node) &&
                         json_node_get_value_type (node) == G_TYPE_STRING
                           ? json_node_get_string (node) : NULL;

      if (g_strcmp0 (name, viewer->user_name) != 0)
        return g_strdup_printf ("documents %s: uploaded_by must be the uploader's own name (%s)",
                                change->id, viewer->user_name ? viewer->user_name : "?");
    }

  if (g_str_equal (change->field, "owner"))
    {
      g_autoptr(JsonNode) node = json_from_string (change->value, NULL);
      const char *new_owner = node && JSON_NODE_HOLDS_VALUE (node) &&
                              json_node_get_value_type (node) == G_TYPE_STRING
                                ? json_node_get_string (node) : NULL;

      if (!viewer_may_assign (viewer, new_owner))
        return g_strdup_printf ("role %s may not give %s %s to owner %s",
                                rd_role_to_string (viewer->role), change->table, change->id,
                                new_owner ? new_owner : "(none)");
    }

  return NULL;
}

/* Child rows (phones, notes, calls …) carry their parent's owner so that every
 * visibility filter is one comparison: when a parent changes hands, its children
 * follow, as changes of the same clock and site, logged for the other replicas. */
static gboolean
cascade_owner (RdServerSync  *self,
               const char    *site,
               const Change  *change,
               const char    *old_owner,
               const char    *new_owner,
               GError       **error)
{
  const RdTableDesc *const *tables;
  guint n_tables = 0;

  if (!g_str_equal (change->field, "owner") || g_strcmp0 (old_owner, new_owner) == 0)
    return TRUE;

  tables = rd_schema_tables (&n_tables);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (rd_schema_field (tables[t], "parent_id") == NULL ||
          rd_schema_field (tables[t], "parent_tbl") == NULL)
        continue;

      sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE parent_tbl = ? AND parent_id = ?",
                             tables[t]->name);
      stmt = rd_server_sync_cached (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, change->table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, change->id, -1, SQLITE_TRANSIENT);
      ids = g_ptr_array_new_with_free_func (g_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return rd_server_sync_fail (self, "cannot find child rows", error);

      for (guint i = 0; i < ids->len; i++)
        {
          Change child = { change->op, tables[t]->name, g_ptr_array_index (ids, i), "owner",
                           change->value, change->hlc };
          g_autofree char *child_old = NULL;
          gboolean exists;
          gboolean lost = FALSE;

          if (find_logged (self, site, &child) != 0)
            continue;
          child_old = rd_server_sync_row_owner (self, child.table, child.id, &exists);
          if (!rd_store_apply_remote_field (self->store, child.table, child.id, "owner",
                                            child.value, child.hlc, site, &lost, error))
            return FALSE;
          if (!lost && log_change (self, site, &child, child_old, new_owner, error) < 0)
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_conflict (JsonNode  *node,
                guint      index,
                Conflict  *c,
                GError   **error)
{
  static const char * const members[] = {
    "table", "id", "field", "kept_value", "kept_hlc", "kept_site",
    "lost_value", "lost_hlc", "lost_site", "resolved", NULL
  };
  const RdTableDesc *table;
  JsonNode *resolved;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  gint64 kept_hlc = 0, lost_hlc = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, index, "a conflict must be an object");
  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, NULL))
    if (!g_strv_contains (members, name))
      return invalid (error, index, "unknown conflict member “%s”", name);

  c->table = member_string (object, "table");
  c->id = member_string (object, "id");
  c->field = member_string (object, "field");
  c->kept_site = member_string (object, "kept_site");
  c->lost_site = member_string (object, "lost_site");
  c->kept_value = member_string (object, "kept_value");
  c->lost_value = member_string (object, "lost_value");
  if (c->table == NULL || c->id == NULL || c->field == NULL || c->lost_site == NULL ||
      !member_int (object, "kept_hlc", &kept_hlc) || !member_int (object, "lost_hlc", &lost_hlc))
    return invalid (error, index, "a conflict needs table, id, field, kept_hlc, lost_hlc, lost_site");
  table = rd_schema_lookup (c->table);
  if (table == NULL || rd_schema_field (table, c->field) == NULL || !rd_uuid_is_valid (c->id))
    return invalid (error, index, "a conflict names an unknown table, field or id");
  c->kept_hlc = kept_hlc;
  c->lost_hlc = lost_hlc;
  resolved = json_object_get_member (object, "resolved");
  if (resolved != NULL && (!JSON_NODE_HOLDS_VALUE (resolved) ||
                           json_node_get_value_type (resolved) != G_TYPE_BOOLEAN))
    return invalid (error, index, "a conflict's “resolved” must be true or false");
  c->resolved = resolved != NULL && json_node_get_boolean (resolved);

  return TRUE;
}

JsonNode *
rd_server_sync_push (RdServerSync        *self,
                     const RdSyncViewer  *viewer,
                     const char          *site,
                     JsonArray           *changes,
                     JsonArray           *conflicts,
                     guint                max_skew_seconds,
                     GPtrArray           *deleted,
                     GError             **error)
{
  guint n_conflicts = conflicts ? json_array_get_length (conflicts) : 0;
  g_autofree Conflict *reported = g_new0 (Conflict, MAX (n_conflicts, 1));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = json_array_get_length (changes);
  g_autofree Change *parsed = g_new0 (Change, MAX (n, 1));
  gint64 now_ms = g_get_real_time () / 1000;
  g_autoptr(GHashTable) sales_children = NULL;
  gboolean ok = TRUE;
  gint64 last_seq = 0;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);

  /* Validate everything before the first write: a malformed batch changes nothing. */
  for (guint i = 0; i < n && ok; i++)
    ok = parse_change (json_array_get_element (changes, i), i, now_ms, max_skew_seconds,
                       &parsed[i], error);
  for (guint i = 0; i < n_conflicts && ok; i++)
    ok = parse_conflict (json_array_get_element (conflicts, i), i, &reported[i], error);
  if (!ok)
    {
      for (guint i = 0; i < n; i++)
        change_clear (&parsed[i]);
      return NULL;
    }

  if (!rd_store_begin (self->store, error))
    {
      for (guint i = 0; i < n; i++)
        change_clear (&parsed[i]);
      return NULL;
    }

  sales_children = sales_children_of (viewer, parsed, n);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);

  for (guint i = 0; i < n && ok; i++)
    {
      Change *change = &parsed[i];
      g_autoptr(GError) local_error = NULL;
      g_autofree char *old_owner = NULL;
      g_autofree char *new_owner = NULL;
      g_autofree char *reason = NULL;
      gboolean exists = FALSE, lost = FALSE;
      gint64 seq;

      seq = find_logged (self, site, change);
      if (seq != 0)
        {
          add_result (builder, change->op, "duplicate", seq, NULL);
          continue;
        }

      old_owner = rd_server_sync_row_owner (self, change->table, change->id, &exists);
      reason = refusal (self, viewer, sales_children, change, exists, old_owner);
      if (reason)
        {
          ok = keep_refused (self, change->table, change->id, change->field, change->value,
                             change->hlc, site, error);
          add_result (builder, change->op, "refused", 0, reason);
          continue;
        }

      if (!rd_store_apply_remote_field (self->store, change->table, change->id, change->field,
                                        change->value, change->hlc, site, &lost, &local_error))
        {
          if (local_error->domain == RD_STORE_ERROR && !rd_store_error_is_storage (local_error))
            {
              add_result (builder, change->op, "refused", 0, local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          break;
        }

      new_owner = rd_server_sync_row_owner (self, change->table, change->id, &exists);
      seq = log_change (self, site, change, old_owner, new_owner, error);
      if (seq < 0)
        {
          ok = FALSE;
          break;
        }
      last_seq = seq;
      if (!lost && !cascade_owner (self, site, change, old_owner, new_owner, error))
        {
          ok = FALSE;
          break;
        }
      if (!lost && deleted && g_str_equal (change->field, "deleted") &&
          (g_str_equal (change->value, "1") || g_str_equal (change->value, "true")))
        g_ptr_array_add (deleted, g_strdup_printf ("%s/%s", change->table, change->id));
      if (lost && !log_lost_change (self, site, change, error))
        {
          ok = FALSE;
          break;
        }
      add_result (builder, change->op, lost ? "lost" : "applied", seq, NULL);
    }

  /* Losers the replica kept: log them for the other replicas of the row. */
  for (guint i = 0; i < n_conflicts && ok; i++)
    {
      g_autofree char *owner = NULL;
      gboolean exists = FALSE;

      owner = rd_server_sync_row_owner (self, reported[i].table, reported[i].id, &exists);
      if (exists && rd_sync_viewer_sees (viewer, owner) &&
          rd_server_sync_role_holds (self, viewer, reported[i].table, reported[i].id))
        ok = log_conflict (self, &reported[i], TRUE, error) &&
             (!reported[i].resolved || log_resolved (self, &reported[i], error));
    }

  for (guint i = 0; i < n; i++)
    change_clear (&parsed[i]);

  if (ok)
    rd_fault_point ("server.push.before-commit");
  if (!ok || !rd_store_commit (self->store, ok ? error : NULL))
    {
      rd_store_rollback (self->store);
      return NULL;
    }
  rd_fault_point ("server.push.after-commit");   /* applied, not yet answered */

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, MAX (last_seq, rd_server_sync_get_seq (self)));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
