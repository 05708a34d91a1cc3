/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-server-sync-private.h"
#include "rd-store-remote.h"

/* The read side: pull (with move-in and move-out), snapshot, checksums. */

/* ---- rows as changes (move-in, snapshot) ---------------------------------- */

/* Appends one object per versioned field of the row at @stmt's current step:
 * {table, id, field, value, hlc, site} (+ seq when > 0). */
static void
row_to_changes (sqlite3      *db,
                GHashTable   *site_names,
                const char   *table,
                sqlite3_stmt *stmt,
                gint64        seq,
                gboolean      with_row,
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
          char *found = rd_server_sync_site_name (db, site_no);

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
      if (with_row)
        {
          json_builder_set_member_name (builder, "table");
          json_builder_add_string_value (builder, table);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
        }
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, rd_server_sync_column_node (stmt, c));
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
  g_autoptr(RdSyncStmt) stmt = rd_server_sync_prepare (self, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row_to_changes (self->db, site_names, table, stmt, seq, TRUE, builder);
}

/* ---- pull ----------------------------------------------------------------- */

/* Whether a replica whose cursor is @since holds the row: a replica holds what was visible
 * to its user at its cursor (pulls and snapshots keep it so). The row existed then if the
 * log has an entry of it up to @since; its owner then is the old owner of its first owner
 * change after @since, or its owner now. A row that came into merged.db outside the log
 * (seeded, then given by a snapshot) has no entry at all before its first owner change,
 * whose old owner is then its first. A row made after the cursor is not held, so its
 * owner's change is no move-out for anyone. */
static gboolean
held_at_cursor (RdServerSync       *self,
                const RdSyncViewer *viewer,
                const char         *table,
                const char         *row_id,
                gint64              since)
{
  g_autoptr(RdSyncCached) before = rd_server_sync_cached (self,
    "SELECT 1 FROM changes WHERE tbl = ? AND row_id = ? AND seq <= ? LIMIT 1", NULL);
  g_autoptr(RdSyncCached) first = rd_server_sync_cached (self,
    "SELECT seq, field, old_owner FROM changes WHERE tbl = ? AND row_id = ? AND seq > ? "
    "AND kind = 'change' ORDER BY seq LIMIT 1", NULL);
  g_autoptr(RdSyncCached) owner_change = rd_server_sync_cached (self,
    "SELECT old_owner FROM changes WHERE tbl = ? AND row_id = ? AND seq > ? "
    "AND kind = 'change' AND field = 'owner' ORDER BY seq LIMIT 1", NULL);
  g_autofree char *owner = NULL;
  gboolean exists;

  if (before == NULL || first == NULL || owner_change == NULL)
    return TRUE;   /* as before this rule: the evict is sent */

  sqlite3_bind_text (before, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (before, 2, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (before, 3, since);
  if (sqlite3_step (before) != SQLITE_ROW)
    {
      /* A row the replica wrote itself after its cursor (it pushes after it pulls): it
       * holds it. */
      if (viewer->site != NULL)
        {
          g_autoptr(RdSyncCached) own = rd_server_sync_cached (self,
            "SELECT 1 FROM changes WHERE tbl = ? AND row_id = ? AND site = ? LIMIT 1", NULL);

          if (own != NULL)
            {
              sqlite3_bind_text (own, 1, table, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (own, 2, row_id, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (own, 3, viewer->site, -1, SQLITE_TRANSIENT);
              if (sqlite3_step (own) == SQLITE_ROW)
                return TRUE;
            }
        }
      /* Outside the log: only a snapshot (a cursor past 0) can have given it. */
      sqlite3_bind_text (first, 1, table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (first, 2, row_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (first, 3, since);
      return since > 0 && sqlite3_step (first) == SQLITE_ROW &&
             g_strcmp0 ((const char *) sqlite3_column_text (first, 1), "owner") == 0 &&
             sqlite3_column_type (first, 2) != SQLITE_NULL &&
             rd_sync_viewer_sees (viewer, (const char *) sqlite3_column_text (first, 2));
    }

  sqlite3_bind_text (owner_change, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (owner_change, 2, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (owner_change, 3, since);
  if (sqlite3_step (owner_change) == SQLITE_ROW)
    return rd_sync_viewer_sees (viewer, (const char *) sqlite3_column_text (owner_change, 0));
  owner = rd_server_sync_row_owner (self, table, row_id, &exists);
  return rd_sync_viewer_sees (viewer, owner);
}

/* What the replica holds of a row as the pull goes on: decided at the cursor the first time
 * the row's owner changes in the answer, then kept up by what the answer gives it. */
enum { HELD_UNKNOWN, HELD_NO, HELD_YES };

static gboolean
replica_holds (RdServerSync       *self,
               const RdSyncViewer *viewer,
               GHashTable         *held,
               const char         *key,
               const char         *table,
               const char         *row_id,
               gint64              since)
{
  guint state = GPOINTER_TO_UINT (g_hash_table_lookup (held, key));

  if (state == HELD_UNKNOWN)
    {
      state = held_at_cursor (self, viewer, table, row_id, since) ? HELD_YES : HELD_NO;
      g_hash_table_insert (held, g_strdup (key), GUINT_TO_POINTER (state));
    }
  return state == HELD_YES;
}

/* rd_server_sync_role_holds, once per row of a pull. */
static gboolean
role_holds_cached (RdServerSync       *self,
                   const RdSyncViewer *viewer,
                   GHashTable         *held,
                   const char         *table,
                   const char         *row_id)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", table, row_id);
  gpointer value;

  if (g_hash_table_lookup_extended (held, key, NULL, &value))
    return GPOINTER_TO_INT (value);

  value = GINT_TO_POINTER (rd_server_sync_role_holds (self, viewer, table, row_id));
  g_hash_table_insert (held, g_steal_pointer (&key), value);
  return GPOINTER_TO_INT (value);
}

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
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) role_held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 next = since;
  guint read = 0;
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_SYNC (self), NULL);

  stmt = rd_server_sync_prepare (self,
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

      /* A role that does not work the row (support and a lead) never gets it. */
      if (viewer->role == RD_ROLE_SUPPORT && !role_holds_cached (self, viewer, role_held, table, row_id))
        continue;

      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), "conflict") == 0 ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), "resolved") == 0)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 9);
          gboolean exists;
          g_autofree char *current = rd_server_sync_row_owner (self, table, row_id, &exists);
          g_autoptr(JsonNode) conflict = json_from_string (value, NULL);

          if (exists && rd_sync_viewer_sees (viewer, current) && conflict != NULL)
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "seq");
              json_builder_add_int_value (builder, seq);
              json_builder_set_member_name (builder, kind);
              json_builder_add_value (builder, g_steal_pointer (&conflict));
              json_builder_end_object (builder);
            }
          continue;
        }

      /* An owner change within what the viewer sees is an ordinary entry; one across the
       * edge of it moves the row out or in, when the replica held it or not. */
      if (g_str_equal (field, "owner") &&
          !(rd_sync_viewer_sees (viewer, (const char *) sqlite3_column_text (stmt, 7)) &&
            rd_sync_viewer_sees (viewer, (const char *) sqlite3_column_text (stmt, 8))))
        {
          const char *new_owner = (const char *) sqlite3_column_text (stmt, 8);
          gboolean holds = replica_holds (self, viewer, held, key, table, row_id, since);
          gboolean sees = rd_sync_viewer_sees (viewer, new_owner);

          if (holds && !sees)
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
              g_hash_table_replace (held, g_strdup (key), GUINT_TO_POINTER (HELD_NO));
              continue;
            }
          if (!holds && !sees)
            continue;
          if (!holds)
            {
              gboolean exists;
              g_autofree char *current = rd_server_sync_row_owner (self, table, row_id, &exists);

              /* Move-in: the whole row, if it is still theirs. A row it neither held nor
               * may hold now is none of its business (not even its id): skipped above. */
              if (exists && rd_sync_viewer_sees (viewer, current))
                {
                  move_in (self, site_names, table, row_id, seq, builder);
                  g_hash_table_replace (held, g_strdup (key), GUINT_TO_POINTER (HELD_YES));
                }
              continue;
            }
        }

      /* Everything else is visible when the row's current owner is. */
      if (!g_hash_table_lookup_extended (owners, key, NULL, (gpointer *) &owner))
        {
          gboolean exists;
          char *current = rd_server_sync_row_owner (self, table, row_id, &exists);

          g_hash_table_insert (owners, g_strdup (key), current);
          owner = current;
        }
      if (!rd_sync_viewer_sees (viewer, owner))
        continue;
      g_hash_table_replace (held, g_strdup (key), GUINT_TO_POINTER (HELD_YES));

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
      rd_server_sync_fail (self, "cannot read the changes log", error);
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
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id > ? AND %s "
                                              "ORDER BY id LIMIT ?", table,
                                              rd_sync_viewer_role_filter (snapshot->viewer, table));
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
          row_to_changes (snapshot->db, snapshot->site_names, table, stmt, 0, FALSE, builder);
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

/* Per table: the rows the viewer sees, the sum of their clocks and of their values' hashes
 * (rd_store_table_checksum), the same figures a replica computes over all it holds
 * (rd_sync_client_verify). */
JsonNode *
rd_server_sync_checksums (RdServerSync        *self,
                          const RdSyncViewer  *viewer,
                          GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) filter = g_string_new ("1");
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autofree RdStoreChecksum *sums = NULL;
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

  g_ptr_array_add (keys, NULL);

  /* The values' sums go in a member of their own: a client from before them compares the
   * two figures of "tables" as it always did. */
  tables = rd_schema_tables (&n_tables);
  sums = g_new0 (RdStoreChecksum, n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      /* the rows of the tables a role works (support: no sales rows) */
      g_autofree char *where = g_strdup_printf ("%s AND %s", filter->str,
                                                rd_sync_viewer_role_filter (viewer, tables[i]->name));

      if (!rd_store_table_checksum (self->store, tables[i]->name, where,
                                    (const char * const *) keys->pdata, &sums[i], error))
        return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, rd_server_sync_get_seq (self));
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_tables; i++)
    {
      json_builder_set_member_name (builder, tables[i]->name);
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, sums[i].rows);
      json_builder_add_int_value (builder, sums[i].clocks);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_tables; i++)
    {
      json_builder_set_member_name (builder, tables[i]->name);
      json_builder_add_int_value (builder, sums[i].values);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
