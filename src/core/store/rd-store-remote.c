/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-schema.h"
#include "rd-store-bulk.h"
#include "rd-store-remote.h"

#define CHECKSUM_MODULUS 2147483647   /* 2^31 - 1, as the clock sums have always been */

/* Deletes the rows of @t whose @column is @value (every row without a pending local edit
 * when @column is NULL), nothing captured. Their search entries go with them: the rows are
 * queued in fts_pending first, and the commit's flush drops what no longer has a row. */
static gboolean
drop_rows (RdStore            *self,
           const RdTableDesc  *t,
           const char         *column,
           const char         *value,
           GError            **error)
{
  g_autofree char *where = column != NULL
    ? g_strdup_printf ("\"%s\" = ?1", column)
    : g_strdup_printf ("id NOT IN (SELECT row_id FROM outbox WHERE tbl = '%s')", t->name);
  g_autofree char *queue = g_strdup_printf ("INSERT OR IGNORE INTO fts_pending (tbl, rid)"
                                            " SELECT '%s', rowid FROM \"%s\" WHERE %s",
                                            t->name, t->name, where);
  g_autofree char *drop = g_strdup_printf ("DELETE FROM \"%s\" WHERE %s", t->name, where);
  const char *sql[] = { queue, drop };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = rd_store_stmt (self, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      if (value != NULL)
        sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      rd_store_stmt_done (stmt);
      if (rc != SQLITE_DONE)
        {
          g_autofree char *what = g_strdup_printf ("cannot remove rows of %s", t->name);

          return rd_store_set_sql_error (self, error, what);
        }
    }
  return TRUE;
}

gboolean
rd_store_evict_row (RdStore     *self,
                    const char  *table,
                    const char  *row_id,
                    GError     **error)
{
  const RdTableDesc *desc;
  const RdTableDesc *const *tables;
  guint n_tables = 0;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  desc = table != NULL ? rd_schema_lookup (table) : NULL;
  if (desc == NULL || row_id == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "cannot evict a row of “%s”: not a synced table", table ? table : "(none)");
      return FALSE;
    }

  /* The children first (every table that hangs rows off a parent_id), then the row. */
  tables = rd_schema_tables (&n_tables);
  for (guint i = 0; i <= n_tables; i++)
    {
      const RdTableDesc *t = i < n_tables ? tables[i] : desc;
      const char *column = i < n_tables ? "parent_id" : "id";

      if (i < n_tables && (!(t->flags & (RD_TABLE_CHILD | RD_TABLE_HAS_PHONES)) ||
                           rd_schema_field (t, "parent_id") == NULL))
        continue;
      if (!drop_rows (self, t, column, row_id, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rd_store_forget_table (RdStore     *self,
                       const char  *table,
                       GError     **error)
{
  const RdTableDesc *desc;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  desc = table != NULL ? rd_schema_lookup (table) : NULL;
  if (desc == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "cannot forget the rows of “%s”: not a synced table", table ? table : "(none)");
      return FALSE;
    }
  return drop_rows (self, desc, NULL, NULL, error);
}

gboolean
rd_store_keep_conflict (RdStore                *self,
                        const RdStoreConflict  *c,
                        gboolean                once,
                        gboolean               *added,
                        GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);

  if (added != NULL)
    *added = FALSE;
  if (c->table == NULL || c->row_id == NULL || c->field == NULL)
    {
      g_set_error_literal (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "a conflict needs its table, row and field");
      return FALSE;
    }
  stmt = rd_store_stmt (self, once
    ? "INSERT INTO conflicts (tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
      " lost_hlc, lost_site, at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
      " WHERE NOT EXISTS (SELECT 1 FROM conflicts WHERE row_id = ?2 AND field = ?3"
      " AND lost_hlc = ?8 AND lost_site IS ?9)"
    : "INSERT INTO conflicts (tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
      " lost_hlc, lost_site, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, c->kept_value, -1, SQLITE_TRANSIENT);
  if (c->kept_value != NULL || c->kept_hlc != 0)
    sqlite3_bind_int64 (stmt, 5, c->kept_hlc);
  sqlite3_bind_text (stmt, 6, c->kept_site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, c->lost_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, c->lost_hlc);
  sqlite3_bind_text (stmt, 9, c->lost_site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / 1000);
  rc = sqlite3_step (stmt);
  rd_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return rd_store_set_sql_error (self, error, "cannot keep a conflict");
  if (added != NULL)
    *added = sqlite3_changes (rd_store_get_db (self)) > 0;
  return TRUE;
}

gboolean
rd_store_mark_conflict_resolved (RdStore                *self,
                                 const RdStoreConflict  *c,
                                 gboolean               *changed,
                                 GError                **error)
{
  sqlite3_stmt *stmt;
  gboolean added = FALSE;
  int rc;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!rd_store_keep_conflict (self, c, TRUE, &added, error))
    return FALSE;
  stmt = rd_store_stmt (self, "UPDATE conflicts SET resolved = 2 WHERE row_id = ?1 AND field = ?2"
                              " AND lost_hlc = ?3 AND lost_site IS ?4 AND resolved IS NOT 2",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, c->lost_hlc);
  sqlite3_bind_text (stmt, 4, c->lost_site, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  rd_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return rd_store_set_sql_error (self, error, "cannot mark a conflict resolved");
  if (changed != NULL)
    *changed = added || sqlite3_changes (rd_store_get_db (self)) > 0;
  return TRUE;
}

/* FNV-1a over a column's text; NULL hashes apart from every text (the empty one too). */
static guint32
hash_column (guint32      hash,
             sqlite3_stmt *stmt,
             int           column)
{
  const guchar *text = sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  if (text == NULL)
    return (hash ^ 0xff) * 16777619u;
  for (int i = 0; i < length; i++)
    hash = (hash ^ text[i]) * 16777619u;
  return (hash ^ 0x1f) * 16777619u;   /* the separator: "ab","c" differs from "a","bc" */
}

gboolean
rd_store_table_checksum (RdStore             *self,
                         const char          *table,
                         const char          *where,
                         const char * const  *binds,
                         RdStoreChecksum     *checksum,
                         GError             **error)
{
  const RdTableDesc *desc;
  g_autoptr(GString) sql = g_string_new ("SELECT hlc, id, owner, deleted");
  sqlite3_stmt *stmt;
  int columns, rc;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (checksum != NULL, FALSE);

  memset (checksum, 0, sizeof *checksum);
  desc = table != NULL ? rd_schema_lookup (table) : NULL;
  if (desc == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "no checksum of “%s”: not a synced table", table ? table : "(none)");
      return FALSE;
    }
  for (guint i = 0; i < desc->n_fields; i++)
    g_string_append_printf (sql, ", \"%s\"", desc->fields[i].name);
  g_string_append_printf (sql, " FROM \"%s\" WHERE %s", desc->name, where ? where : "1");

  stmt = rd_store_stmt (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; binds != NULL && binds[k] != NULL; k++)
    sqlite3_bind_text (stmt, k + 1, binds[k], -1, SQLITE_TRANSIENT);
  columns = sqlite3_column_count (stmt);
  rd_store_read_begin (self);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 hash = 2166136261u;

      for (int c = 1; c < columns; c++)
        hash = hash_column (hash, stmt, c);
      checksum->rows++;
      checksum->clocks += sqlite3_column_int64 (stmt, 0) % CHECKSUM_MODULUS;
      checksum->values = (checksum->values + hash % CHECKSUM_MODULUS) % CHECKSUM_MODULUS;
    }
  rd_store_stmt_done (stmt);
  rd_store_read_end (self);
  if (rc != SQLITE_DONE)
    return rd_store_set_sql_error (self, error, "cannot compute a checksum");
  return TRUE;
}
