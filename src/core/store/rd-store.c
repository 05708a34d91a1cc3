/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The RdStore object: open (pragmas, migrations, site, HLC) and close, settings and meta,
 * site numbers, and the outbox it captures into. */
#include "config.h"

#include <string.h>

#include "rd-fault.h"
#include "rd-paths.h"
#include "rd-phone-number.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

G_DEFINE_TYPE (RdStore, rd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-store-error-quark, rd_store_error)

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

#define DEFAULT_REGION "RU"

char *
rd_store_error_get_field (const GError *error)
{
  const char *colon;

  if (error == NULL || error->domain != RD_STORE_ERROR)
    return NULL;
  if (error->code != RD_STORE_ERROR_REQUIRED && error->code != RD_STORE_ERROR_INVALID_VALUE &&
      error->code != RD_STORE_ERROR_FOREIGN_KEY && error->code != RD_STORE_ERROR_UNKNOWN_FIELD &&
      error->code != RD_STORE_ERROR_INVALID_PHONE)
    return NULL;

  colon = strchr (error->message, ':');
  if (colon == NULL)
    return NULL;
  return g_strndup (error->message, colon - error->message);
}

/* ---- sites ------------------------------------------------------------------------------ */

int
rd_store_site_number (RdStore     *self,
                      const char  *site,
                      GError     **error)
{
  gpointer found;
  sqlite3_stmt *stmt;
  int n;

  if (g_hash_table_lookup_extended (self->site_numbers, site, NULL, &found))
    return GPOINTER_TO_INT (found) - 1;

  stmt = rd_store_stmt (self, "INSERT INTO sites (site) VALUES (?) RETURNING n", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rd_store_set_sql_error (self, error, "Cannot register a site");
      rd_store_stmt_done (stmt);
      return -1;
    }
  n = sqlite3_column_int (stmt, 0);
  rd_store_stmt_done (stmt);

  /* Kept in memory only after commit would be stricter; sites are never removed, and a
   * rolled-back number is simply registered again (the cache is dropped on rollback). */
  g_hash_table_insert (self->site_numbers, g_strdup (site), GINT_TO_POINTER (n + 1));
  if ((guint) n >= self->site_names->len)
    g_ptr_array_set_size (self->site_names, n + 1);
  g_free (g_ptr_array_index (self->site_names, n));
  g_ptr_array_index (self->site_names, n) = g_strdup (site);
  return n;
}

const char *
rd_store_site_name (RdStore *self,
                    int      number)
{
  if (number < 0 || (guint) number >= self->site_names->len)
    return NULL;
  return g_ptr_array_index (self->site_names, number);
}

gboolean
rd_store_load_sites (RdStore  *self,
                     GError  **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT n, site FROM sites", error);

  if (stmt == NULL)
    return FALSE;

  g_hash_table_remove_all (self->site_numbers);
  g_ptr_array_set_size (self->site_names, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_int (stmt, 0);
      const char *site = (const char *) sqlite3_column_text (stmt, 1);

      g_hash_table_insert (self->site_numbers, g_strdup (site), GINT_TO_POINTER (n + 1));
      if ((guint) n >= self->site_names->len)
        g_ptr_array_set_size (self->site_names, n + 1);
      g_ptr_array_index (self->site_names, n) = g_strdup (site);
    }
  rd_store_stmt_done (stmt);
  return TRUE;
}

/* ---- object ----------------------------------------------------------------------------- */

void
rd_store_close (RdStore *self)
{
  g_return_if_fail (RD_IS_STORE (self));

  if (self->db == NULL)
    return;

  if (self->hlc != NULL)
    {
      g_autofree char *last = g_strdup_printf ("%" G_GUINT64_FORMAT, rd_hlc_last (self->hlc));
      rd_store_set_meta (self, "hlc_last", last, NULL);
    }

  g_hash_table_remove_all (self->stmts);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

static void
rd_store_finalize (GObject *object)
{
  RdStore *self = RD_STORE (object);

  rd_store_close (self);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->site_numbers, g_hash_table_unref);
  g_clear_pointer (&self->site_names, g_ptr_array_unref);
  g_clear_pointer (&self->e164_cache, g_hash_table_unref);
  g_clear_object (&self->hlc);
  g_free (self->path);
  g_free (self->site);
  g_free (self->region);
  g_free (self->user);

  G_OBJECT_CLASS (rd_store_parent_class)->finalize (object);
}

static void
rd_store_class_init (RdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_store_finalize;
}

static void
rd_store_init (RdStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       finalize_stmt);
  self->site_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->site_names = g_ptr_array_new_with_free_func (g_free);
  self->capture = TRUE;
  self->e164_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

char *
rd_store_e164 (RdStore    *self,
               const char *raw)
{
  return rd_store_e164_in_region (self, raw, NULL);
}

char *
rd_store_e164_in_region (RdStore    *self,
                         const char *raw,
                         const char *region)
{
  const char *cached;
  char *e164;

  if (raw == NULL)
    return NULL;
  /* Only the default region's answers are remembered (the common case). */
  if (region != NULL && g_strcmp0 (region, self->region) != 0)
    return rd_phone_number_to_valid_e164 (raw, region);
  cached = g_hash_table_lookup (self->e164_cache, raw);
  if (cached != NULL)
    return *cached != '\0' ? g_strdup (cached) : NULL;

  e164 = rd_phone_number_to_valid_e164 (raw, self->region);
  if (g_hash_table_size (self->e164_cache) >= 4096)
    g_hash_table_remove_all (self->e164_cache);
  g_hash_table_insert (self->e164_cache, g_strdup (raw), g_strdup (e164 != NULL ? e164 : ""));
  return e164;
}

RdStore *
rd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(RdStore) self = NULL;
  g_autofree char *site = NULL;
  g_autofree char *region = NULL;
  g_autofree char *hlc_last = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* NOMUTEX: an RdStore is used by one thread at a time, so SQLite need not lock. */
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_autofree char *what = g_strdup_printf ("Cannot open replica “%s”", path);

      rd_store_set_sqlite_error (error, self->db != NULL ? sqlite3_extended_errcode (self->db)
                                                         : SQLITE_NOMEM,
                                 what, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  rd_fault_limit_db (self->db);

  sqlite3_busy_timeout (self->db, 5000);
  if (!rd_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                            "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                            "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;", error) ||
      !rd_schema_migrate (self->db, RD_SCHEMA_VERSION, error))
    {
      g_prefix_error (error, "Cannot open replica “%s”: ", path);
      return NULL;
    }

  site = rd_store_get_meta (self, "site");
  if (site == NULL)
    {
      site = rd_uuid_v7 ();
      if (!rd_store_set_meta (self, "site", site, error))
        return NULL;
    }
  self->site = g_steal_pointer (&site);
  self->hlc = rd_hlc_new (self->site);

  region = rd_store_get_meta (self, "default_region");
  self->region = region != NULL ? g_steal_pointer (&region) : g_strdup (DEFAULT_REGION);
  self->user = rd_store_get_meta (self, "user");

  if (!rd_store_load_sites (self, error) || rd_store_site_number (self, self->site, error) < 0)
    return NULL;

  /* Never hand out a timestamp below one already used in this file. */
  hlc_last = rd_store_get_meta (self, "hlc_last");
  if (hlc_last != NULL)
    rd_hlc_observe (self->hlc, g_ascii_strtoull (hlc_last, NULL, 10));
  {
    g_autofree char *acked = rd_store_get_meta (self, "outbox_acked_hlc");
    self->acked_hlc = acked != NULL ? g_ascii_strtoull (acked, NULL, 10) : 0;
  }
  stmt = rd_store_stmt (self, "SELECT max(hlc) FROM outbox", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    rd_hlc_observe (self->hlc, sqlite3_column_int64 (stmt, 0));
  rd_store_stmt_done (stmt);

  return g_steal_pointer (&self);
}

RdStore *
rd_store_open_dir (const char  *replica_dir,
                   GError     **error)
{
  g_autofree char *path = NULL;

  if (!rd_paths_ensure_dir (replica_dir, error))
    return NULL;

  path = rd_paths_replica_db (replica_dir);
  return rd_store_open (path, error);
}

const char *
rd_store_get_path (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
rd_store_get_db (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->db;
}

const char *
rd_store_get_site (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->site;
}

RdHlc *
rd_store_get_hlc (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->hlc;
}

const char *
rd_store_get_default_region (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->region;
}

gboolean
rd_store_set_default_region (RdStore     *self,
                             const char  *region,
                             GError     **error)
{
  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (!rd_phone_number_region_supported (region))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "default_region: “%s” is not a region code such as RU or US",
                   region != NULL ? region : "");
      return FALSE;
    }

  if (!rd_store_set_meta (self, "default_region", region, error))
    return FALSE;

  g_free (self->region);
  self->region = g_strdup (region);
  g_hash_table_remove_all (self->e164_cache);
  return TRUE;
}

const char *
rd_store_get_user (RdStore *self)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return self->user;
}

void
rd_store_set_user (RdStore    *self,
                   const char *user_id)
{
  g_return_if_fail (RD_IS_STORE (self));

  if (g_strcmp0 (self->user, user_id) == 0)
    return;
  g_free (self->user);
  self->user = g_strdup (user_id);
  rd_store_set_meta (self, "user", user_id, NULL);
}

char *
rd_store_get_meta (RdStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  stmt = rd_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);

  return value;
}

gboolean
rd_store_set_meta (RdStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  stmt = rd_store_stmt (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot write setting");
  rd_store_stmt_done (stmt);

  return ok;
}

void
rd_store_set_capture (RdStore  *self,
                      gboolean  capture)
{
  g_return_if_fail (RD_IS_STORE (self));
  self->capture = !!capture;
}

/* ---- outbox ----------------------------------------------------------------------------- */

void
rd_outbox_entry_free (RdOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->table);
  g_free (entry->row_id);
  g_free (entry->field);
  g_free (entry->value);
  g_free (entry->site);
  g_free (entry);
}

GPtrArray *
rd_store_outbox_peek (RdStore  *self,
                      gint64    after_seq,
                      guint     limit,
                      GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_outbox_entry_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  stmt = rd_store_stmt (self, "SELECT seq, tbl, row_id, field, value, hlc, site FROM outbox "
                              "WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RdOutboxEntry *e;

      /* A new row's single "*" row: one entry per field, all with the row's seq. */
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "*") == 0)
        {
          g_autoptr(JsonNode) object = json_from_string ((const char *) sqlite3_column_text (stmt, 4), NULL);
          g_autoptr(GList) members = NULL;

          if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
            {
              g_warning ("outbox row %" G_GINT64_FORMAT ": the new-row value is not an object",
                         (gint64) sqlite3_column_int64 (stmt, 0));
              continue;
            }
          members = json_object_get_members (json_node_get_object (object));
          for (GList *l = members; l != NULL; l = l->next)
            {
              GString *value = g_string_new (NULL);

              rd_store_append_json (value, json_object_get_member (json_node_get_object (object), l->data));
              e = g_new0 (RdOutboxEntry, 1);
              e->seq = sqlite3_column_int64 (stmt, 0);
              e->table = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
              e->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
              e->field = g_strdup (l->data);
              e->value = g_string_free (value, FALSE);
              e->hlc = sqlite3_column_int64 (stmt, 5);
              e->site = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
              g_ptr_array_add (entries, e);
            }
          continue;
        }

      e = g_new0 (RdOutboxEntry, 1);
      e->seq = sqlite3_column_int64 (stmt, 0);
      e->table = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      e->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->field = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e->value = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e->hlc = sqlite3_column_int64 (stmt, 5);
      e->site = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (entries, e);
    }
  rd_store_stmt_done (stmt);

  return g_steal_pointer (&entries);
}

gboolean
rd_store_outbox_ack (RdStore  *self,
                     gint64    up_to_seq,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  RdHlcValue acked = 0;
  gboolean ok;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  /* Local HLCs grow with seq, so "acknowledged" is one number: the merge uses it to tell a
   * pending local edit (fv site = us, hlc > acked) without an index on the outbox. */
  stmt = rd_store_stmt (self, "SELECT max(hlc) FROM outbox WHERE seq <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, up_to_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    acked = (RdHlcValue) sqlite3_column_int64 (stmt, 0);
  rd_store_stmt_done (stmt);

  if (!rd_store_begin (self, error))
    return FALSE;
  stmt = rd_store_stmt (self, "DELETE FROM outbox WHERE seq <= ?", error);
  if (stmt == NULL)
    {
      rd_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, up_to_seq);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot trim the outbox");
  rd_store_stmt_done (stmt);

  if (ok && acked > self->acked_hlc)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) acked);

      ok = rd_store_set_meta (self, "outbox_acked_hlc", text, error);
    }
  if (!ok)
    {
      rd_store_rollback (self);
      return FALSE;
    }
  if (!rd_store_commit (self, error))
    return FALSE;
  if (acked > self->acked_hlc)
    self->acked_hlc = acked;
  return TRUE;
}
