/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rd-server-sync.h"
#include "rd-uuid.h"

/* The merge itself is the core's (rd_store_apply_remote_field); this file adds
 * what only the server has: the changes log, who may see and write what, and
 * the read side (pull, snapshot). Idempotency key of a change: (site, hlc,
 * table, row, field) — a change's identity, unlike the replica's outbox seq,
 * which SQLite may reuse once the outbox is empty. */

typedef sqlite3_stmt RdSyncStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSyncStmt, sqlite3_finalize)

struct _RdServerSync
{
  GObject  parent_instance;

  RdStore *store;
  sqlite3 *db;       /* the store's connection: reads, and the server-only tables */
  char    *path;
};

G_DEFINE_FINAL_TYPE (RdServerSync, rd_server_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-server-sync-error-quark, rd_server_sync_error)

static const char server_tables[] =
  /* kind 'change': one merged field; kind 'conflict': a kept loser (value holds
   * the conflict as JSON; site and hlc are the loser's). */
  "CREATE TABLE IF NOT EXISTS changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL DEFAULT 'change',"
  "  tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,"
  "  value TEXT, hlc INTEGER NOT NULL, site TEXT NOT NULL,"
  "  old_owner TEXT, new_owner TEXT, at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX IF NOT EXISTS changes_key "
  "  ON changes (kind, site, hlc, tbl, row_id, field);";

/* ---- viewers -------------------------------------------------------------- */

RdSyncViewer *
rd_sync_viewer_new (RdServerDb   *db,
                    const RdUser *user)
{
  RdSyncViewer *viewer = g_new0 (RdSyncViewer, 1);

  viewer->role = user->role;
  viewer->user_key = g_strdup (user->uuid);
  viewer->team_key = user->team ? g_strdup_printf ("team:%s", user->team) : NULL;
  viewer->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (viewer->keys, g_strdup ("shared"));
  g_hash_table_add (viewer->keys, g_strdup (user->uuid));
  if (viewer->team_key)
    g_hash_table_add (viewer->keys, g_strdup (viewer->team_key));

  /* A manager sees the records of everyone in the team. */
  if (user->role == RD_ROLE_MANAGER && user->team)
    {
      g_autoptr(GPtrArray) members = rd_server_db_list_users (db, user->team, NULL);

      for (guint i = 0; members && i < members->len; i++)
        g_hash_table_add (viewer->keys,
                          g_strdup (((RdUser *) g_ptr_array_index (members, i))->uuid));
    }

  return viewer;
}

void
rd_sync_viewer_free (RdSyncViewer *viewer)
{
  if (viewer == NULL)
    return;
  g_free (viewer->user_key);
  g_free (viewer->team_key);
  g_clear_pointer (&viewer->keys, g_hash_table_unref);
  g_free (viewer);
}

gboolean
rd_sync_viewer_sees (const RdSyncViewer *viewer,
                     const char         *owner)
{
  if (viewer->role == RD_ROLE_ADMIN || owner == NULL || *owner == '\0')
    return TRUE;

  return g_hash_table_contains (viewer->keys, owner);
}

/* Which owners the viewer may hand a record to. */
static gboolean
viewer_may_assign (const RdSyncViewer *viewer,
                   const char         *owner)
{
  if (viewer->role == RD_ROLE_ADMIN)
    return TRUE;
  if (viewer->role == RD_ROLE_MANAGER)
    return owner != NULL && g_hash_table_contains (viewer->keys, owner);

  return g_strcmp0 (owner, viewer->user_key) == 0;
}

/* ---- object --------------------------------------------------------------- */

static void
rd_server_sync_finalize (GObject *object)
{
  RdServerSync *self = (RdServerSync *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rd_server_sync_parent_class)->finalize (object);
}

static void
rd_server_sync_class_init (RdServerSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_server_sync_finalize;
}

static void
rd_server_sync_init (RdServerSync *self)
{
}

static gboolean
sql_fail (RdServerSync  *self,
          const char    *what,
          GError       **error)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (RdServerSync  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_fail (self, "cannot prepare a statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

RdServerSync *
rd_server_sync_open (const char  *data_dir,
                     GError     **error)
{
  g_autoptr(RdServerSync) self = g_object_new (RD_TYPE_SERVER_SYNC, NULL);
  char *message = NULL;

  self->path = g_build_filename (data_dir, "merged.db", NULL);
  self->store = rd_store_open (self->path, error);
  if (self->store == NULL)
    return NULL;
  self->db = rd_store_get_db (self->store);

  if (sqlite3_exec (self->db, server_tables, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "cannot create the changes log: %s", message);
      sqlite3_free (message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

RdStore *
rd_server_sync_get_store (RdServerSync *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);
  return self->store;
}

const char *
rd_server_sync_get_path (RdServerSync *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);
  return self->path;
}

gint64
rd_server_sync_get_seq (RdServerSync *self)
{
  g_autoptr(RdSyncStmt) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), 0);

  stmt = prepare (self, "SELECT coalesce(max(seq), 0) FROM changes", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- helpers -------------------------------------------------------------- */

/* The owner of a row; *exists tells a NULL owner from a missing row. */
static char *
row_owner (sqlite3    *db,
           const char *table,
           const char *row_id,
           gboolean   *exists)
{
  g_autofree char *sql = g_strdup_printf ("SELECT owner FROM \"%s\" WHERE id = ?", table);
  g_autoptr(RdSyncStmt) stmt = NULL;
  char *owner = NULL;

  *exists = FALSE;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *exists = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }

  return owner;
}

static JsonNode *
column_to_node (sqlite3_stmt *stmt,
                int           column)
{
  JsonNode *node = json_node_alloc ();

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      return json_node_init_int (node, sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      return json_node_init_double (node, sqlite3_column_double (stmt, column));
    case SQLITE_NULL:
      return json_node_init_null (node);
    default:
      return json_node_init_string (node, (const char *) sqlite3_column_text (stmt, column));
    }
}

static char *
site_name (sqlite3 *db,
           gint64   n)
{
  g_autoptr(RdSyncStmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT site FROM sites WHERE n = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, n);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
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
  g_autoptr(RdSyncStmt) stmt = prepare (self,
    "INSERT INTO conflicts (tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
    " lost_hlc, lost_site, at) VALUES (?, ?, ?, NULL, NULL, 'refused', ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
  sqlite3_bind_text (stmt, 6, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / 1000);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_fail (self, "cannot keep the refused change", error);

  return TRUE;
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
  g_autoptr(RdSyncStmt) stmt = prepare (self,
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
  g_autoptr(RdSyncStmt) stmt = prepare (self,
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
      sql_fail (self, "cannot log the change", error);
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
  g_autoptr(RdSyncStmt) stmt = prepare (self,
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
    return sql_fail (self, "cannot log the conflict", error);
  if (sqlite3_changes (self->db) == 0 || !also_store)
    return TRUE;

  {
    g_autoptr(RdSyncStmt) insert = prepare (self,
      "INSERT INTO conflicts (tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
      " lost_hlc, lost_site, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

    if (insert == NULL)
      return FALSE;
    sqlite3_bind_text (insert, 1, c->table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (insert, 2, c->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (insert, 3, c->field, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (insert, 4, c->kept_value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (insert, 5, (gint64) c->kept_hlc);
    sqlite3_bind_text (insert, 6, c->kept_site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (insert, 7, c->lost_value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (insert, 8, (gint64) c->lost_hlc);
    sqlite3_bind_text (insert, 9, c->lost_site, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (insert, 10, g_get_real_time () / 1000);
    if (sqlite3_step (insert) != SQLITE_DONE)
      return sql_fail (self, "cannot keep the conflict", error);
  }

  return TRUE;
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
  g_autoptr(RdSyncStmt) stmt = prepare (self, sql, error);
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
  kept = column_to_node (stmt, 0);
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
         const Change       *change,
         gboolean            exists,
         const char         *owner)
{
  if (viewer->role == RD_ROLE_ADMIN)
    return NULL;

  if (exists && !rd_sync_viewer_sees (viewer, owner))
    return g_strdup_printf ("%s %s belongs to an owner this account cannot see",
                            change->table, change->id);

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

static gboolean
parse_conflict (JsonNode  *node,
                guint      index,
                Conflict  *c,
                GError   **error)
{
  static const char * const members[] = {
    "table", "id", "field", "kept_value", "kept_hlc", "kept_site",
    "lost_value", "lost_hlc", "lost_site", NULL
  };
  const RdTableDesc *table;
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

  return TRUE;
}

JsonNode *
rd_server_sync_push (RdServerSync        *self,
                     const RdSyncViewer  *viewer,
                     const char          *site,
                     JsonArray           *changes,
                     JsonArray           *conflicts,
                     guint                max_skew_seconds,
                     GError             **error)
{
  guint n_conflicts = conflicts ? json_array_get_length (conflicts) : 0;
  g_autofree Conflict *reported = g_new0 (Conflict, MAX (n_conflicts, 1));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = json_array_get_length (changes);
  g_autofree Change *parsed = g_new0 (Change, MAX (n, 1));
  gint64 now_ms = g_get_real_time () / 1000;
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

      old_owner = row_owner (self->db, change->table, change->id, &exists);
      reason = refusal (self, viewer, change, exists, old_owner);
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
          if (local_error->domain == RD_STORE_ERROR && local_error->code != RD_STORE_ERROR_FAILED)
            {
              add_result (builder, change->op, "refused", 0, local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          break;
        }

      new_owner = row_owner (self->db, change->table, change->id, &exists);
      seq = log_change (self, site, change, old_owner, new_owner, error);
      if (seq < 0)
        {
          ok = FALSE;
          break;
        }
      last_seq = seq;
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

      owner = row_owner (self->db, reported[i].table, reported[i].id, &exists);
      if (exists && rd_sync_viewer_sees (viewer, owner))
        ok = log_conflict (self, &reported[i], TRUE, error);
    }

  for (guint i = 0; i < n; i++)
    change_clear (&parsed[i]);

  if (!ok || !rd_store_commit (self->store, ok ? error : NULL))
    {
      rd_store_rollback (self->store);
      return NULL;
    }

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, last_seq ? last_seq : rd_server_sync_get_seq (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- rows as changes (move-in, snapshot) ---------------------------------- */

/* Appends one object per versioned field of the row at @stmt's current step:
 * {table, id, field, value, hlc, site} (+ seq when > 0). */
static void
row_to_changes (sqlite3      *db,
                GHashTable   *site_names,
                const char   *table,
                sqlite3_stmt *stmt,
                gint64        seq,
                JsonBuilder  *builder)
{
  const char *id = NULL;
  g_autoptr(JsonNode) fv = NULL;
  JsonObject *versions = NULL;
  int columns = sqlite3_column_count (stmt);

  for (int c = 0; c < columns; c++)
    {
      const char *name = sqlite3_column_name (stmt, c);

      if (g_str_equal (name, "id"))
        id = (const char *) sqlite3_column_text (stmt, c);
      else if (g_str_equal (name, "fv"))
        fv = json_from_string ((const char *) sqlite3_column_text (stmt, c), NULL);
    }
  if (id == NULL || fv == NULL || !JSON_NODE_HOLDS_OBJECT (fv))
    return;
  versions = json_node_get_object (fv);

  for (int c = 0; c < columns; c++)
    {
      const char *name = sqlite3_column_name (stmt, c);
      const RdTableDesc *desc = rd_schema_lookup (table);
      JsonArray *pair = NULL;
      const char *site;
      gint64 site_no;

      if (g_str_equal (name, "id") || desc == NULL || rd_schema_field (desc, name) == NULL)
        continue;
      /* A field never written since the insert has the row's "*" version; an
       * empty one of those says nothing a new replica does not know. */
      if (json_object_has_member (versions, name))
        pair = json_object_get_array_member (versions, name);
      else if (json_object_has_member (versions, "*") &&
               sqlite3_column_type (stmt, c) != SQLITE_NULL)
        pair = json_object_get_array_member (versions, "*");
      if (pair == NULL || json_array_get_length (pair) < 2)
        continue;

      site_no = json_array_get_int_element (pair, 1);
      site = g_hash_table_lookup (site_names, GINT_TO_POINTER ((int) site_no));
      if (site == NULL)
        {
          char *found = site_name (db, site_no);

          if (found == NULL)
            continue;
          g_hash_table_insert (site_names, GINT_TO_POINTER ((int) site_no), found);
          site = found;
        }

      json_builder_begin_object (builder);
      if (seq > 0)
        {
          json_builder_set_member_name (builder, "seq");
          json_builder_add_int_value (builder, seq);
        }
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, table);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, column_to_node (stmt, c));
      json_builder_set_member_name (builder, "hlc");
      json_builder_add_int_value (builder, json_array_get_int_element (pair, 0));
      json_builder_set_member_name (builder, "site");
      json_builder_add_string_value (builder, site);
      json_builder_end_object (builder);
    }
}

static void
move_in (RdServerSync *self,
         GHashTable   *site_names,
         const char   *table,
         const char   *row_id,
         gint64        seq,
         JsonBuilder  *builder)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?", table);
  g_autoptr(RdSyncStmt) stmt = prepare (self, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row_to_changes (self->db, site_names, table, stmt, seq, builder);
}

/* ---- pull ----------------------------------------------------------------- */

JsonNode *
rd_server_sync_pull (RdServerSync        *self,
                     const RdSyncViewer  *viewer,
                     gint64               since,
                     guint                limit,
                     GError             **error)
{
  g_autoptr(RdSyncStmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) site_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) moved_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 next = since;
  guint read = 0;
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);

  stmt = prepare (self,
                  "SELECT seq, tbl, row_id, field, value, hlc, site, old_owner, new_owner, kind "
                  "FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *table = (const char *) sqlite3_column_text (stmt, 1);
      const char *row_id = (const char *) sqlite3_column_text (stmt, 2);
      const char *field = (const char *) sqlite3_column_text (stmt, 3);
      const char *value = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *key = g_strdup_printf ("%s/%s", table, row_id);
      g_autoptr(JsonNode) value_node = NULL;
      const char *owner;

      next = seq;
      read++;

      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), "conflict") == 0)
        {
          gboolean exists;
          g_autofree char *current = row_owner (self->db, table, row_id, &exists);
          g_autoptr(JsonNode) conflict = json_from_string (value, NULL);

          if (exists && rd_sync_viewer_sees (viewer, current) && conflict != NULL)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "seq");
              json_builder_add_int_value (builder, seq);
              json_builder_set_member_name (builder, "conflict");
              json_builder_add_value (builder, g_steal_pointer (&conflict));
              json_builder_end_object (builder);
            }
          continue;
        }

      if (g_str_equal (field, "owner"))
        {
          const char *old_owner = (const char *) sqlite3_column_text (stmt, 7);
          const char *new_owner = (const char *) sqlite3_column_text (stmt, 8);
          gboolean saw = rd_sync_viewer_sees (viewer, old_owner);
          gboolean sees = rd_sync_viewer_sees (viewer, new_owner);

          if (saw && !sees)
            {
              /* Move-out: the replica forgets the row (not a delete). */
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "seq");
              json_builder_add_int_value (builder, seq);
              json_builder_set_member_name (builder, "evict");
              json_builder_add_boolean_value (builder, TRUE);
              json_builder_set_member_name (builder, "table");
              json_builder_add_string_value (builder, table);
              json_builder_set_member_name (builder, "id");
              json_builder_add_string_value (builder, row_id);
              json_builder_end_object (builder);
              continue;
            }
          if (!saw && sees && !g_hash_table_contains (moved_in, key))
            {
              gboolean exists;
              g_autofree char *current = row_owner (self->db, table, row_id, &exists);

              /* Move-in: the whole row, if it is still theirs. */
              if (exists && rd_sync_viewer_sees (viewer, current))
                move_in (self, site_names, table, row_id, seq, builder);
              g_hash_table_add (moved_in, g_steal_pointer (&key));
              continue;
            }
        }

      /* Everything else is visible when the row's current owner is. */
      if (!g_hash_table_lookup_extended (owners, key, NULL, (gpointer *) &owner))
        {
          gboolean exists;
          char *current = row_owner (self->db, table, row_id, &exists);

          g_hash_table_insert (owners, g_strdup (key), current);
          owner = current;
        }
      if (!rd_sync_viewer_sees (viewer, owner))
        continue;

      value_node = json_from_string (value ? value : "null", NULL);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, seq);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, table);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, row_id);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, value_node ? g_steal_pointer (&value_node)
                                                  : json_node_init_null (json_node_alloc ()));
      json_builder_set_member_name (builder, "hlc");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 5));
      json_builder_set_member_name (builder, "site");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 6));
      json_builder_end_object (builder);
    }
  if (rc != SQLITE_DONE)
    {
      sql_fail (self, "cannot read the changes log", error);
      return NULL;
    }

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, next);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, read == limit && limit > 0);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, RD_SCHEMA_VERSION);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- snapshot ------------------------------------------------------------- */

struct _RdSyncSnapshot
{
  sqlite3      *db;           /* its own connection, inside one read transaction */
  RdSyncViewer *viewer;
  GHashTable   *site_names;
  gint64        seq;
  guint         table_index;
  char         *after_id;
  gint64        rows;
  gboolean      started;
  gboolean      finished;
};

void
rd_sync_snapshot_free (RdSyncSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  if (snapshot->db)
    {
      sqlite3_exec (snapshot->db, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (snapshot->db);
    }
  rd_sync_viewer_free (snapshot->viewer);
  g_clear_pointer (&snapshot->site_names, g_hash_table_unref);
  g_free (snapshot->after_id);
  g_free (snapshot);
}

RdSyncSnapshot *
rd_sync_snapshot_new (RdServerSync  *self,
                      RdSyncViewer  *viewer,
                      GError       **error)
{
  g_autoptr(RdSyncSnapshot) snapshot = g_new0 (RdSyncSnapshot, 1);
  g_autoptr(RdSyncStmt) stmt = NULL;

  snapshot->viewer = viewer;
  snapshot->site_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (sqlite3_open_v2 (self->path, &snapshot->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_exec (snapshot->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (snapshot->db, "SELECT coalesce(max(seq), 0) FROM changes", -1,
                          &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "cannot start a snapshot: %s",
                   snapshot->db ? sqlite3_errmsg (snapshot->db) : "out of memory");
      return NULL;
    }
  snapshot->seq = sqlite3_column_int64 (stmt, 0);

  return g_steal_pointer (&snapshot);
}

static void
append_node_line (GString  *out,
                  JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

gboolean
rd_sync_snapshot_next (RdSyncSnapshot  *snapshot,
                       guint            max_rows,
                       GString         *out,
                       GError         **error)
{
  guint n_tables = 0;
  const RdTableDesc *const *tables = rd_schema_tables (&n_tables);
  guint emitted = 0;
  guint scanned = 0;

  if (snapshot->finished)
    return FALSE;

  if (!snapshot->started)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "schema");
      json_builder_add_int_value (builder, RD_SCHEMA_VERSION);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, snapshot->seq);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      append_node_line (out, root);
      snapshot->started = TRUE;
    }

  while (snapshot->table_index < n_tables && emitted < max_rows)
    {
      const char *table = tables[snapshot->table_index]->name;
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id > ? ORDER BY id LIMIT ?",
                                              table);
      g_autoptr(RdSyncStmt) stmt = NULL;
      guint seen = 0;
      int owner_column = -1;
      int rc;

      if (sqlite3_prepare_v2 (snapshot->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "snapshot of %s: %s",
                       table, sqlite3_errmsg (snapshot->db));
          return FALSE;
        }
      sqlite3_bind_text (stmt, 1, snapshot->after_id ? snapshot->after_id : "", -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, max_rows);
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        if (g_str_equal (sqlite3_column_name (stmt, c), "owner"))
          owner_column = c;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *owner = owner_column >= 0
                              ? (const char *) sqlite3_column_text (stmt, owner_column) : NULL;
          g_autoptr(JsonBuilder) builder = NULL;
          g_autoptr(JsonNode) root = NULL;
          JsonArray *fields;

          seen++;
          g_free (snapshot->after_id);
          snapshot->after_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          if (!rd_sync_viewer_sees (snapshot->viewer, owner))
            continue;

          /* One line per row: {"table", "id", "fields": [changes]}. */
          builder = json_builder_new ();
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "table");
          json_builder_add_string_value (builder, table);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, snapshot->after_id);
          json_builder_set_member_name (builder, "fields");
          json_builder_begin_array (builder);
          row_to_changes (snapshot->db, snapshot->site_names, table, stmt, 0, builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          fields = json_object_get_array_member (json_node_get_object (root), "fields");
          if (json_array_get_length (fields) == 0)
            continue;
          append_node_line (out, root);
          snapshot->rows++;
          emitted++;
        }
      if (rc != SQLITE_DONE)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "snapshot of %s: %s",
                       table, sqlite3_errmsg (snapshot->db));
          return FALSE;
        }

      if (seen == 0)
        {
          snapshot->table_index++;
          g_clear_pointer (&snapshot->after_id, g_free);
        }
      /* Bound the work of one call even when few rows are visible. */
      scanned += seen;
      if (scanned >= 10 * max_rows)
        break;
    }

  if (snapshot->table_index >= n_tables)
    {
      g_autofree char *end = g_strdup_printf ("{\"end\":true,\"seq\":%" G_GINT64_FORMAT
                                              ",\"rows\":%" G_GINT64_FORMAT "}\n",
                                              snapshot->seq, snapshot->rows);

      g_string_append (out, end);
      snapshot->finished = TRUE;
    }

  return TRUE;
}

/* ---- checksums ---------------------------------------------------------------- */

/* Per table: the rows the viewer sees and the sum of their clocks (mod 2^31 - 1),
 * the same figures a replica computes over all it holds (rd_sync_client_verify). */
JsonNode *
rd_server_sync_checksums (RdServerSync        *self,
                          const RdSyncViewer  *viewer,
                          GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) filter = g_string_new ("1");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const RdTableDesc *const *tables;
  guint n_tables = 0;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);

  if (viewer->role != RD_ROLE_ADMIN)
    {
      GHashTableIter iter;
      gpointer key;

      g_string_assign (filter, "(owner IS NULL OR owner = ''");
      g_hash_table_iter_init (&iter, viewer->keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_string_append (filter, keys->len == 0 ? " OR owner IN (?" : ", ?");
          g_ptr_array_add (keys, key);
        }
      g_string_append (filter, keys->len ? "))" : ")");
    }

  tables = rd_schema_tables (&n_tables);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, rd_server_sync_get_seq (self));
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_tables; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*), coalesce(sum(hlc %% 2147483647), 0) "
                                              "FROM \"%s\" WHERE %s", tables[i]->name,
                                              filter->str);
      g_autoptr(RdSyncStmt) stmt = prepare (self, sql, error);

      if (stmt == NULL)
        return NULL;
      for (guint k = 0; k < keys->len; k++)
        sqlite3_bind_text (stmt, k + 1, g_ptr_array_index (keys, k), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sql_fail (self, "cannot compute a checksum", error);
          return NULL;
        }
      json_builder_set_member_name (builder, tables[i]->name);
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
