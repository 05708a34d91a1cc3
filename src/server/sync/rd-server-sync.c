/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "rd-server-sync-private.h"
#include "rd-uuid.h"

/* The merge itself is the core's (rd_store_apply_remote_field); this file adds
 * what only the server has: the changes log, who may see and write what, and
 * the read side (pull, snapshot). Idempotency key of a change: (site, hlc,
 * table, row, field) — a change's identity, unlike the replica's outbox seq,
 * which SQLite may reuse once the outbox is empty. */

G_DEFINE_FINAL_TYPE (RdServerSync, rd_server_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-server-sync-error-quark, rd_server_sync_error)

static const char server_tables[] =
  /* kind 'change': one merged field; kind 'conflict': a kept loser (value holds
   * the conflict as JSON; site and hlc are the loser's); kind 'resolved': that conflict
   * resolved on a replica (the same key and JSON). */
  "CREATE TABLE IF NOT EXISTS changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL DEFAULT 'change',"
  "  tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,"
  "  value TEXT, hlc INTEGER NOT NULL, site TEXT NOT NULL,"
  "  old_owner TEXT, new_owner TEXT, at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX IF NOT EXISTS changes_key "
  "  ON changes (kind, site, hlc, tbl, row_id, field);"
  /* A row's entries in order: what a replica held at its cursor (pull, move-outs). */
  "CREATE INDEX IF NOT EXISTS changes_row ON changes (tbl, row_id, seq);";

/* ---- viewers -------------------------------------------------------------- */

RdSyncViewer *
rd_sync_viewer_new (RdServerDb   *db,
                    const RdUser *user)
{
  RdSyncViewer *viewer = g_new0 (RdSyncViewer, 1);

  viewer->role = user->role;
  viewer->user_key = g_strdup (user->uuid);
  viewer->user_name = g_strdup (user->name);
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
  g_free (viewer->user_name);
  g_free (viewer->team_key);
  g_free (viewer->site);
  g_clear_pointer (&viewer->keys, g_hash_table_unref);
  g_free (viewer);
}

gboolean
rd_sync_table_is_server_only (const char *table)
{
  static const char * const account_tables[] = { "users", "teams", NULL };
  const RdTableDesc *desc = rd_schema_lookup (table);

  /* the accounts' mirror, and the server's own conclusions (models, RD_TABLE_SERVER_ONLY) */
  return g_strv_contains (account_tables, table) ||
         (desc != NULL && (desc->flags & RD_TABLE_SERVER_ONLY));
}

gboolean
rd_sync_viewer_sees (const RdSyncViewer *viewer,
                     const char         *owner)
{
  if (viewer->role == RD_ROLE_ADMIN || owner == NULL || *owner == '\0')
    return TRUE;

  return g_hash_table_contains (viewer->keys, owner);
}

/* Sales work, which a support account neither pulls nor writes (docs/sync.md,
 * "Roles"); children of these rows (notes, calls … on a lead) go with them. */
static const char *const sales_tables[] = { "leads", "deals", "pipelines", "stages", NULL };

gboolean
rd_sync_viewer_works_table (const RdSyncViewer *viewer,
                            const char         *table)
{
  return viewer->role != RD_ROLE_SUPPORT || table == NULL ||
         !g_strv_contains (sales_tables, table);
}

const char *
rd_sync_viewer_role_filter (const RdSyncViewer *viewer,
                            const char         *table)
{
  const RdTableDesc *desc = rd_schema_lookup (table);

  if (viewer->role != RD_ROLE_SUPPORT)
    return "1";
  if (desc == NULL || !rd_sync_viewer_works_table (viewer, table))
    return "0";
  /* The same four tables as sales_tables. */
  if (desc->flags & RD_TABLE_CHILD)
    return "(parent_tbl IS NULL OR parent_tbl NOT IN ('leads', 'deals', 'pipelines', 'stages'))";
  return "1";
}

gboolean
rd_server_sync_role_holds (RdServerSync       *self,
                           const RdSyncViewer *viewer,
                           const char         *table,
                           const char         *row_id)
{
  const char *filter = rd_sync_viewer_role_filter (viewer, table);
  g_autofree char *sql = NULL;
  g_autoptr(RdSyncCached) stmt = NULL;

  if (g_str_equal (filter, "1"))
    return TRUE;
  if (g_str_equal (filter, "0"))
    return FALSE;

  sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE id = ? AND %s", table, filter);
  stmt = rd_server_sync_cached (self, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* ---- object --------------------------------------------------------------- */

static void
rd_server_sync_finalize (GObject *object)
{
  RdServerSync *self = (RdServerSync *) object;

  /* Statements go before the connection they belong to. */
  g_clear_pointer (&self->stmts, g_hash_table_unref);
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
stmt_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
rd_server_sync_init (RdServerSync *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
}

gboolean
rd_server_sync_fail (RdServerSync  *self,
          const char    *what,
          GError       **error)
{
  /* DISK_FULL and READ_ONLY are answered 507, the rest 500 (rd-api.c). */
  g_set_error (error, RD_STORE_ERROR, rd_store_error_for_sqlite (sqlite3_extended_errcode (self->db)),
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
rd_server_sync_prepare (RdServerSync  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rd_server_sync_fail (self, "cannot prepare a statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

sqlite3_stmt *
rd_server_sync_cached (RdServerSync  *self,
        const char    *sql,
        GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      rd_server_sync_fail (self, "cannot prepare a statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
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
  g_autoptr(RdSyncCached) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), 0);

  stmt = rd_server_sync_cached (self, "SELECT coalesce(max(seq), 0) FROM changes", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- helpers -------------------------------------------------------------- */

/* The owner of a row; *exists tells a NULL owner from a missing row. */
char *
rd_server_sync_row_owner (RdServerSync *self,
           const char   *table,
           const char   *row_id,
           gboolean     *exists)
{
  g_autofree char *sql = g_strdup_printf ("SELECT owner FROM \"%s\" WHERE id = ?", table);
  g_autoptr(RdSyncCached) stmt = NULL;
  char *owner = NULL;

  *exists = FALSE;
  stmt = rd_server_sync_cached (self, sql, NULL);
  if (stmt == NULL)
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

JsonNode *
rd_server_sync_column_node (sqlite3_stmt *stmt,
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

char *
rd_server_sync_site_name (sqlite3 *db,
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
