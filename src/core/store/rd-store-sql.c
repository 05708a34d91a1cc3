/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connection plumbing every rd-store-*.c builds on: the statement cache, SQL and JSON
 * value helpers, and transactions (savepoints, light levels). */
#include "config.h"

#include "rd-store-private.h"
#include "rd-fault.h"

/* ---- statements and helpers ----------------------------------------------------------- */

RdStoreError
rd_store_error_for_sqlite (int sqlite_code)
{
  switch (sqlite_code & 0xff)
    {
    case SQLITE_FULL:
      return RD_STORE_ERROR_DISK_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return RD_STORE_ERROR_READ_ONLY;
    default:
      return RD_STORE_ERROR_FAILED;
    }
}

gboolean
rd_store_error_is_storage (const GError *error)
{
  return error != NULL && error->domain == RD_STORE_ERROR &&
         (error->code == RD_STORE_ERROR_FAILED || error->code == RD_STORE_ERROR_DISK_FULL ||
          error->code == RD_STORE_ERROR_READ_ONLY);
}

/* What the user reads before SQLite's own words when the file cannot take a write. */
static const char *
storage_hint (RdStoreError code)
{
  switch (code)
    {
    case RD_STORE_ERROR_DISK_FULL:
      return "no space left for the database, nothing was written: ";
    case RD_STORE_ERROR_READ_ONLY:
      return "the database cannot be written (read-only file or folder), nothing was written: ";
    default:
      return "";
    }
}

void
rd_store_set_sqlite_error (GError     **error,
                           int          sqlite_code,
                           const char  *what,
                           const char  *message)
{
  RdStoreError code = rd_store_error_for_sqlite (sqlite_code);

  g_set_error (error, RD_STORE_ERROR, code, "%s: %s%s", what, storage_hint (code), message);
}

gboolean
rd_store_set_sql_error (RdStore     *self,
                        GError     **error,
                        const char  *what)
{
  if (self->db == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "%s: the replica is closed", what);
      return FALSE;
    }
  rd_store_set_sqlite_error (error, sqlite3_extended_errcode (self->db), what,
                             sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
rd_store_stmt (RdStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;

  if (self->db == NULL)
    {
      g_set_error_literal (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "The replica is closed");
      return NULL;
    }

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      rd_store_set_sqlite_error (error, sqlite3_extended_errcode (self->db), "Cannot prepare query",
                                 sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

void
rd_store_stmt_done (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

gboolean
rd_store_exec (RdStore     *self,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;

  if (self->db == NULL)
    return rd_store_set_sql_error (self, error, "Query");

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      rd_store_set_sqlite_error (error, sqlite3_extended_errcode (self->db), "Query",
                                 message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gint64
rd_store_now_ms (RdStore *self)
{
  /* The HLC's physical part follows its (injectable) wall clock. */
  return rd_hlc_ms (rd_hlc_now (self->hlc));
}

void
rd_store_bind_node (sqlite3_stmt *stmt,
                    int           index,
                    JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_autofree char *text = json_to_string (node, FALSE);
      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
      break;
    default:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    }
}

JsonNode *
rd_store_column_node (sqlite3_stmt *stmt,
                      int           col)
{
  JsonNode *node = json_node_alloc ();

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      return json_node_init_int (node, sqlite3_column_int64 (stmt, col));
    case SQLITE_FLOAT:
      return json_node_init_double (node, sqlite3_column_double (stmt, col));
    case SQLITE_NULL:
      return json_node_init_null (node);
    default:
      return json_node_init_string (node, (const char *) sqlite3_column_text (stmt, col));
    }
}

void
rd_store_append_json_string (GString    *out,
                             const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
rd_store_append_json (GString  *out,
                      JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return;
        case G_TYPE_STRING:
          rd_store_append_json_string (out, json_node_get_string (node));
          return;
        default:
          break;
        }
    }

  {
    g_autofree char *text = json_to_string (node, FALSE);
    g_string_append (out, text);
  }
}

/* ---- transactions ----------------------------------------------------------------------- */

/* Transaction statements are prepared once: parsing them for every record showed up. */
static gboolean
run_cached (RdStore     *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  rd_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return rd_store_set_sql_error (self, error, sql);
  return TRUE;
}

void
rd_store_read_begin (RdStore *self)
{
  if (self->depth == 0 && !run_cached (self, "BEGIN", NULL))
    return;   /* queries still work, each in its own transaction */
  self->depth++;
  self->read_depth++;
}

void
rd_store_read_end (RdStore *self)
{
  if (self->read_depth == 0)
    return;
  self->read_depth--;
  self->depth--;
  if (self->depth == 0)
    run_cached (self, "COMMIT", NULL);
}

gboolean
rd_store_begin (RdStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT rd%d", self->depth);

  if (!run_cached (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
rd_store_begin_light (RdStore  *self,
                      GError  **error)
{
  if (self->depth == 0 || self->depth >= 64)
    return rd_store_begin (self, error);

  self->light |= G_GUINT64_CONSTANT (1) << self->depth;
  self->depth++;
  return TRUE;
}

static gboolean
pop_light (RdStore *self)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (self->depth - 1);

  if (self->depth - 1 <= 0 || self->depth - 1 >= 64 || !(self->light & bit))
    return FALSE;
  self->light &= ~bit;
  self->depth--;
  return TRUE;
}

gboolean
rd_store_commit (RdStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (pop_light (self))
    return TRUE;

  if (self->depth == 1)
    {
      if (!rd_schema_flush_fts (self->db, error))
        {
          rd_store_rollback (self);
          return FALSE;
        }
      sql = g_strdup ("COMMIT");
      rd_fault_point ("store.before-commit");
    }
  else
    sql = g_strdup_printf ("RELEASE rd%d", self->depth - 1);

  if (!run_cached (self, sql, error))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  self->depth--;
  if (self->depth == 0)
    rd_fault_point ("store.after-commit");
  return TRUE;
}

void
rd_store_rollback (RdStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (RD_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (pop_light (self))
    return;

  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO rd%d; RELEASE rd%d", self->depth - 1, self->depth - 1);

  rd_store_exec (self, sql, NULL);
  self->depth--;

  /* Site numbers registered inside the undone transaction are gone: reload. */
  rd_store_load_sites (self, NULL);
}
