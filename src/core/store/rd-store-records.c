/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Record writes: insert, update, delete; phones and e-mails of a record. */
#include "config.h"

#include <string.h>

#include "rd-phone-number.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

/* ---- phones and e-mails ----------------------------------------------------------------- */

static gboolean
check_parent (RdStore     *self,
              const char  *parent_table,
              const char  *parent_id,
              RdTableFlags need,
              GError     **error)
{
  const RdTableDesc *pt = rd_schema_lookup (parent_table);

  if (pt == NULL || (need != 0 && !(pt->flags & need)))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "parent_tbl: “%s” cannot own this record", parent_table != NULL ? parent_table : "");
      return FALSE;
    }
  if (parent_id == NULL || !rd_store_row_exists (self, parent_table, parent_id))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FOREIGN_KEY,
                   "parent_id: no %s record with id %s", parent_table, parent_id != NULL ? parent_id : "(none)");
      return FALSE;
    }
  return TRUE;
}

/* One phone or e-mail row from checked values, in capture order: the value ("raw" or
 * "address"), kind, parent, owner and, for a phone, its E.164 and invalid flag. */
static gboolean
write_child (RdStore     *self,
             gboolean     phone,
             const char  *id,
             const char  *parent_table,
             const char  *parent_id,
             const char  *owner,
             const char  *value,
             const char  *kind,
             const char  *e164,
             GError     **error)
{
  RdColumnValue v[7];
  guint n = 0;

  v[n++] = (RdColumnValue) { phone ? "raw" : "address", value, 0 };
  if (kind != NULL)
    v[n++] = (RdColumnValue) { "kind", kind, 0 };
  v[n++] = (RdColumnValue) { "parent_tbl", parent_table, 0 };
  v[n++] = (RdColumnValue) { "parent_id", parent_id, 0 };
  if (owner != NULL)
    v[n++] = (RdColumnValue) { "owner", owner, 0 };
  if (phone && e164 != NULL)
    v[n++] = (RdColumnValue) { "e164", e164, 0 };
  if (phone)
    v[n++] = (RdColumnValue) { "invalid", NULL, e164 == NULL };
  return rd_store_insert_new_row (self, rd_schema_lookup (phone ? "phones" : "emails"), id, v, n, error);
}

gboolean
rd_store_write_phone (RdStore     *self,
                      const char  *id,
                      const char  *parent_table,
                      const char  *parent_id,
                      const char  *owner,
                      const char  *raw,
                      const char  *kind,
                      const char  *e164,
                      GError     **error)
{
  return write_child (self, TRUE, id, parent_table, parent_id, owner, raw, kind, e164, error);
}

gboolean
rd_store_write_email (RdStore     *self,
                      const char  *id,
                      const char  *parent_table,
                      const char  *parent_id,
                      const char  *owner,
                      const char  *address,
                      const char  *kind,
                      GError     **error)
{
  return write_child (self, FALSE, id, parent_table, parent_id, owner, address, kind, NULL, error);
}

/* A phone's region hint: NULL (the default region) or a code libphonenumber knows. */
static gboolean
check_region (const char  *region,
              GError     **error)
{
  if (region == NULL || rd_phone_number_region_supported (region))
    return TRUE;
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
               "region: “%s” is not a region code such as RU or US", region);
  return FALSE;
}

/* Checks @value and @kind (defaults: "mobile" for a phone, "work" for an e-mail) as a
 * local write would, then writes the row; returns its new id. A phone is read for
 * @region (NULL = the default region) and gets an E.164 only when it is valid there. */
static char *
insert_child (RdStore     *self,
              gboolean     phone,
              const char  *parent_table,
              const char  *parent_id,
              const char  *owner,
              const char  *value,
              const char  *kind,
              const char  *region,
              GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup (phone ? "phones" : "emails");
  const char *field = phone ? "raw" : "address";
  g_autoptr(JsonObject) f = json_object_new ();
  g_autofree char *e164 = NULL;
  char id[37];

  json_object_set_string_member (f, field, value != NULL ? value : "");
  json_object_set_string_member (f, "kind", kind != NULL ? kind : phone ? "mobile" : "work");
  if (!rd_store_validate_field (self, t, field, f, error) ||
      !rd_store_validate_field (self, t, "kind", f, error) ||
      !check_region (region, error))
    return NULL;

  if (phone)
    e164 = rd_store_e164_in_region (self, json_object_get_string_member (f, field), region);
  rd_uuid_v7_into (id);
  if (!write_child (self, phone, id, parent_table, parent_id, owner, json_object_get_string_member (f, field),
                    json_object_get_string_member_with_default (f, "kind", NULL),   /* "" was made null */
                    e164, error))
    return NULL;
  return g_strdup (id);
}

char *
rd_store_insert_phone (RdStore     *self,
                       const char  *parent_table,
                       const char  *parent_id,
                       const char  *owner,
                       const char  *raw,
                       const char  *kind,
                       const char  *region,
                       GError     **error)
{
  return insert_child (self, TRUE, parent_table, parent_id, owner, raw, kind, region, error);
}

char *
rd_store_insert_email (RdStore     *self,
                       const char  *parent_table,
                       const char  *parent_id,
                       const char  *owner,
                       const char  *address,
                       const char  *kind,
                       GError     **error)
{
  return insert_child (self, FALSE, parent_table, parent_id, owner, address, kind, NULL, error);
}

static char *
add_child (RdStore     *self,
           gboolean     phone,
           const char  *parent_table,
           const char  *parent_id,
           const char  *value,
           const char  *kind,
           const char  *region,
           GError     **error)
{
  g_autofree char *owner = NULL;
  char *id;

  if (!check_parent (self, parent_table, parent_id,
                     phone ? RD_TABLE_HAS_PHONES : RD_TABLE_HAS_EMAILS, error))
    return NULL;
  if (!rd_store_begin_light (self, error))
    return NULL;

  owner = rd_store_row_owner (self, parent_table, parent_id);
  id = phone ? rd_store_insert_phone (self, parent_table, parent_id, owner, value, kind, region, error)
             : rd_store_insert_email (self, parent_table, parent_id, owner, value, kind, error);
  if (id == NULL || !rd_store_commit (self, error))
    {
      if (id == NULL)
        rd_store_rollback (self);
      g_free (id);
      return NULL;
    }
  return id;
}

char *
rd_store_add_phone (RdStore     *self,
                    const char  *parent_table,
                    const char  *parent_id,
                    const char  *raw,
                    const char  *kind,
                    GError     **error)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return add_child (self, TRUE, parent_table, parent_id, raw, kind, NULL, error);
}

char *
rd_store_add_phone_in_region (RdStore    *self,
                              const char *parent_table,
                              const char *parent_id,
                              const char *raw,
                              const char *kind,
                              const char *region,
                              GError    **error)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return add_child (self, TRUE, parent_table, parent_id, raw, kind, region, error);
}

char *
rd_store_add_email (RdStore     *self,
                    const char  *parent_table,
                    const char  *parent_id,
                    const char  *address,
                    const char  *kind,
                    GError     **error)
{
  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  return add_child (self, FALSE, parent_table, parent_id, address, kind, NULL, error);
}

/* Checks a "phones"/"emails" array before anything is written (see rd_store_begin_light). */
static gboolean
validate_children (RdStore    *self,
                   JsonArray  *phones,
                   JsonArray  *emails,
                   GError    **error)
{
  const RdTableDesc *pt = rd_schema_lookup ("phones");
  const RdTableDesc *et = rd_schema_lookup ("emails");

  for (int k = 0; k < 2; k++)
    {
      JsonArray *array = k == 0 ? phones : emails;
      const RdTableDesc *t = k == 0 ? pt : et;
      const char *key = k == 0 ? "raw" : "address";

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *entry = json_array_get_object_element (array, i);
          g_autoptr(JsonObject) f = json_object_new ();
          JsonNode *value;

          if (entry == NULL)
            {
              g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "%s: entry %u is not an object", t->name, i + 1);
              return FALSE;
            }
          value = json_object_get_member (entry, key);
          json_object_set_member (f, key, value != NULL ? json_node_copy (value) : json_node_init_null (json_node_alloc ()));
          if (json_object_has_member (entry, "kind") &&
              !JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "kind")))
            json_object_set_member (f, "kind", json_node_copy (json_object_get_member (entry, "kind")));
          if (!rd_store_validate_field (self, t, key, f, error) ||
              (json_object_has_member (f, "kind") && !rd_store_validate_field (self, t, "kind", f, error)) ||
              (k == 0 && !check_region (json_object_get_string_member_with_default (entry, "region", NULL), error)))
            {
              g_prefix_error (error, "%s: ", t->name);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Inserts the entries of a "phones"/"emails" array. */
static gboolean
insert_children (RdStore     *self,
                 const char  *table,
                 const char  *id,
                 const char  *owner,
                 JsonArray   *phones,
                 JsonArray   *emails,
                 GError     **error)
{
  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *p = json_array_get_object_element (phones, i);
      g_autofree char *pid = NULL;

      if (p == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "phones: entry %u is not an object", i + 1);
          return FALSE;
        }
      pid = rd_store_insert_phone (self, table, id, owner,
                                   json_object_get_string_member_with_default (p, "raw", NULL),
                                   json_object_get_string_member_with_default (p, "kind", NULL),
                                   json_object_get_string_member_with_default (p, "region", NULL), error);
      if (pid == NULL)
        {
          g_prefix_error (error, "phones: ");
          return FALSE;
        }
    }

  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      JsonObject *e = json_array_get_object_element (emails, i);
      g_autofree char *eid = NULL;

      if (e == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "emails: entry %u is not an object", i + 1);
          return FALSE;
        }
      eid = rd_store_insert_email (self, table, id, owner,
                                   json_object_get_string_member_with_default (e, "address", NULL),
                                   json_object_get_string_member_with_default (e, "kind", NULL), error);
      if (eid == NULL)
        {
          g_prefix_error (error, "emails: ");
          return FALSE;
        }
    }

  return TRUE;
}

/* Copies the plain fields of @record, checks them and fills defaults. */
static JsonObject *
prepare_fields (RdStore            *self,
                const RdTableDesc  *t,
                RdRecord           *record,
                gboolean            is_new,
                JsonArray         **phones,
                JsonArray         **emails,
                GError            **error)
{
  g_autoptr(JsonObject) f = json_object_new ();
  JsonObject *src = rd_record_get_fields (record);
  g_autoptr(GList) members = json_object_get_members (src);

  *phones = NULL;
  *emails = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (src, name);
      const RdFieldDesc *fd;

      if (g_str_equal (name, "phones") && (t->flags & RD_TABLE_HAS_PHONES) && JSON_NODE_HOLDS_ARRAY (node))
        {
          *phones = json_node_get_array (node);
          continue;
        }
      if (g_str_equal (name, "emails") && (t->flags & RD_TABLE_HAS_EMAILS) && JSON_NODE_HOLDS_ARRAY (node))
        {
          *emails = json_node_get_array (node);
          continue;
        }
      /* Read-only bookkeeping that a record read from the store carries along. */
      if (g_str_equal (name, "hlc") || g_str_equal (name, "table") ||
          (g_str_equal (name, "deleted") && JSON_NODE_HOLDS_VALUE (node) && json_node_get_int (node) == 0))
        continue;

      fd = rd_schema_field (t, name);
      if (fd != NULL && (fd->flags & RD_FIELD_READONLY))
        continue;
      json_object_set_member (f, name, json_node_copy (node));
      if (!rd_store_validate_field (self, t, name, f, error))
        return NULL;
    }

  if (is_new)
    {
      for (guint i = 0; i < t->n_fields; i++)
        {
          const RdFieldDesc *fd = &t->fields[i];

          if ((fd->flags & RD_FIELD_ENUM) && !json_object_has_member (f, fd->name))
            json_object_set_string_member (f, fd->name, fd->enum_values[0]);
          if (g_str_equal (fd->name, "created_at") && !json_object_has_member (f, "created_at"))
            json_object_set_int_member (f, "created_at", g_get_real_time () / 1000);
          /* A product or price list is on sale until someone says otherwise. */
          if (g_str_equal (fd->name, "active") && !json_object_has_member (f, "active"))
            json_object_set_int_member (f, "active", 1);
        }

      /* A person may be given as first/last name only. */
      if (g_str_equal (t->name, "contacts") &&
          json_object_get_string_member_with_default (f, "name", NULL) == NULL)
        {
          const char *first = json_object_get_string_member_with_default (f, "first_name", NULL);
          const char *last = json_object_get_string_member_with_default (f, "last_name", NULL);
          g_autofree char *joined = g_strjoin (" ", first ? first : "", last ? last : "", NULL);

          g_strstrip (joined);
          if (*joined != '\0')
            json_object_set_string_member (f, "name", joined);
        }

      for (guint i = 0; i < t->n_fields; i++)
        if ((t->fields[i].flags & RD_FIELD_REQUIRED) &&
            json_object_get_string_member_with_default (f, t->fields[i].name, NULL) == NULL &&
            (!json_object_has_member (f, t->fields[i].name) ||
             JSON_NODE_HOLDS_NULL (json_object_get_member (f, t->fields[i].name))))
          {
            g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED,
                         "%s: a value is required", t->fields[i].name);
            return NULL;
          }

      if (!json_object_has_member (f, "owner") && self->user != NULL && !(t->flags & RD_TABLE_SHARED))
        json_object_set_string_member (f, "owner", self->user);
    }

  /* Children hang off a parent whose owner they copy (SYNC.md). */
  if (json_object_has_member (f, "parent_id"))
    {
      const char *ptable = json_object_get_string_member_with_default (f, "parent_tbl", NULL);
      const char *pid = json_object_get_string_member_with_default (f, "parent_id", NULL);

      if (pid != NULL)
        {
          if (!check_parent (self, ptable, pid, 0, error))
            return NULL;
          if (!json_object_has_member (rd_record_get_fields (record), "owner"))
            {
              g_autofree char *owner = rd_store_row_owner (self, ptable, pid);

              if (owner != NULL)
                json_object_set_string_member (f, "owner", owner);
            }
        }
    }

  return g_steal_pointer (&f);
}

gboolean
rd_store_check_insert (RdStore   *self,
                       RdRecord  *record,
                       GError   **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonObject) f = NULL;
  JsonArray *phones, *emails;

  if ((t = rd_store_lookup_table (rd_record_get_table (record), error)) == NULL)
    return FALSE;
  f = prepare_fields (self, t, record, TRUE, &phones, &emails, error);
  return f != NULL && validate_children (self, phones, emails, error);
}

gboolean
rd_store_insert (RdStore   *self,
                 RdRecord  *record,
                 GError   **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonObject) f = NULL;
  g_autofree char *id = NULL;
  JsonArray *phones, *emails;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (RD_IS_RECORD (record), FALSE);

  if ((t = rd_store_lookup_table (rd_record_get_table (record), error)) == NULL)
    return FALSE;
  if (g_str_equal (t->name, "phones") || g_str_equal (t->name, "emails"))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "Add phones and e-mails with their record (rd_store_add_phone/email)");
      return FALSE;
    }

  if (rd_record_get_id (record) != NULL)
    {
      if (!rd_uuid_is_valid (rd_record_get_id (record)))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "id: “%s” is not a UUID", rd_record_get_id (record));
          return FALSE;
        }
      id = g_strdup (rd_record_get_id (record));
    }
  else
    id = rd_uuid_v7 ();

  if (rd_record_get_id (record) != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", t->name);
      sqlite3_stmt *stmt = rd_store_stmt (self, sql, error);
      gboolean taken;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      rd_store_stmt_done (stmt);
      if (taken)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "id: a %s record with id %s exists already", t->name, id);
          return FALSE;
        }
    }

  if (!rd_store_begin_light (self, error))
    return FALSE;

  f = prepare_fields (self, t, record, TRUE, &phones, &emails, error);
  if (f == NULL ||
      !validate_children (self, phones, emails, error) ||
      !rd_store_catalog_check (self, t, id, f, TRUE, error) ||
      !rd_store_write_row (self, t, id, f, TRUE, error) ||
      !insert_children (self, t->name, id,
                        json_object_get_string_member_with_default (f, "owner", NULL),
                        phones, emails, error) ||
      !rd_store_catalog_written (self, t, id, error))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  if (!rd_store_commit (self, error))
    return FALSE;

  /* The caller's record now mirrors what was stored. */
  {
    g_autoptr(GList) members = json_object_get_members (f);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (rd_record_get_fields (record), l->data,
                              json_node_copy (json_object_get_member (f, l->data)));
  }
  rd_record_set_id (record, id);
  return TRUE;
}

/* Brings the live phones (or emails) of @id in line with @wanted: keeps matching ones,
 * tombstones the rest, adds the new. */
static gboolean
replace_children (RdStore     *self,
                  const char  *table,
                  const char  *id,
                  gboolean     phone,
                  JsonArray   *wanted,
                  GError     **error)
{
  const RdTableDesc *ct = rd_schema_lookup (phone ? "phones" : "emails");
  const char *sql = phone ? "SELECT id, raw, e164, kind FROM phones WHERE parent_id = ? AND deleted = 0"
                          : "SELECT id, address, address, kind FROM emails WHERE parent_id = ? AND deleted = 0";
  const char *key = phone ? "raw" : "address";
  g_autoptr(GPtrArray) existing = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree gboolean *used = NULL;
  g_autofree char *owner = rd_store_row_owner (self, table, id);
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, error);
  guint n = json_array_get_length (wanted);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 5);

      for (int i = 0; i < 4; i++)
        row[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
      g_ptr_array_add (existing, row);
    }
  rd_store_stmt_done (stmt);
  used = g_new0 (gboolean, existing->len + 1);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *w = json_array_get_object_element (wanted, i);
      const char *value = w != NULL ? json_object_get_string_member_with_default (w, key, NULL) : NULL;
      const char *kind = w != NULL ? json_object_get_string_member_with_default (w, "kind", NULL) : NULL;
      const char *region = phone && w != NULL ? json_object_get_string_member_with_default (w, "region", NULL) : NULL;
      g_autofree char *norm = NULL;
      g_autofree char *new_id = NULL;
      gboolean found = FALSE;

      if (value == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED, "%s: entry %u has no %s",
                       phone ? "phones" : "emails", i + 1, key);
          return FALSE;
        }
      if (phone && !check_region (region, error))
        return FALSE;
      norm = phone ? rd_store_e164_in_region (self, value, region) : g_utf8_strdown (value, -1);

      for (guint j = 0; j < existing->len && !found; j++)
        {
          char **row = existing->pdata[j];

          if (!used[j] && (g_strcmp0 (row[1], value) == 0 || (norm != NULL && g_strcmp0 (row[2], norm) == 0)))
            {
              used[j] = found = TRUE;
              if (kind != NULL && g_strcmp0 (kind, row[3]) != 0)
                {
                  g_autoptr(JsonObject) f = json_object_new ();

                  json_object_set_string_member (f, "kind", kind);
                  if (!rd_store_validate_field (self, ct, "kind", f, error) ||
                      !rd_store_write_row (self, ct, row[0], f, FALSE, error))
                    return FALSE;
                }
            }
        }
      if (found)
        continue;

      new_id = phone ? rd_store_insert_phone (self, table, id, owner, value, kind, region, error)
                     : rd_store_insert_email (self, table, id, owner, value, kind, error);
      if (new_id == NULL)
        return FALSE;
    }

  for (guint j = 0; j < existing->len; j++)
    if (!used[j])
      {
        g_autoptr(JsonObject) f = json_object_new ();

        json_object_set_int_member (f, "deleted", 1);
        if (!rd_store_write_row (self, ct, ((char **) existing->pdata[j])[0], f, FALSE, error))
          return FALSE;
      }

  return TRUE;
}

/* Children copy their parent's owner (SYNC.md): a reassigned record takes its phones,
 * e-mails, notes, activities, calls and messages along. */
static gboolean
propagate_owner (RdStore     *self,
                 const char  *parent_id,
                 JsonNode    *owner,
                 GError     **error)
{
  static const char *const children[] = { "phones", "emails", "notes", "activities", "calls", "messages",
                                          "line_items", "project_tasks", "milestones" };

  for (gsize c = 0; c < G_N_ELEMENTS (children); c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE parent_id = ? AND deleted = 0 "
                                              "AND owner IS NOT ?", children[c]);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      const RdTableDesc *ct = rd_schema_lookup (children[c]);
      sqlite3_stmt *stmt = rd_store_stmt (self, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
      rd_store_bind_node (stmt, 2, owner);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rd_store_stmt_done (stmt);

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(JsonObject) f = json_object_new ();

          json_object_set_member (f, "owner", json_node_copy (owner));
          if (!rd_store_write_row (self, ct, ids->pdata[i], f, FALSE, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
rd_store_update (RdStore   *self,
                 RdRecord  *changes,
                 GError   **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonObject) f = NULL;
  const char *id;
  JsonArray *phones, *emails;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (RD_IS_RECORD (changes), FALSE);

  if ((t = rd_store_lookup_table (rd_record_get_table (changes), error)) == NULL)
    return FALSE;
  id = rd_record_get_id (changes);
  if (id == NULL || !rd_store_row_exists (self, t->name, id))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No %s record with id %s",
                   t->name, id != NULL ? id : "(none)");
      return FALSE;
    }

  if (!rd_store_begin_light (self, error))
    return FALSE;

  f = prepare_fields (self, t, changes, FALSE, &phones, &emails, error);
  if (f == NULL ||
      !validate_children (self, phones, emails, error) ||
      !rd_store_catalog_check (self, t, id, f, FALSE, error) ||
      !rd_store_write_row (self, t, id, f, FALSE, error) ||
      !rd_store_catalog_written (self, t, id, error) ||
      (phones != NULL && !replace_children (self, t->name, id, TRUE, phones, error)) ||
      (emails != NULL && !replace_children (self, t->name, id, FALSE, emails, error)) ||
      (json_object_has_member (f, "owner") && !(t->flags & RD_TABLE_CHILD) &&
       !propagate_owner (self, id, json_object_get_member (f, "owner"), error)))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  return rd_store_commit (self, error);
}

static gboolean
tombstone_children (RdStore     *self,
                    const char  *child_table,
                    const char  *parent_id,
                    GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE parent_id = ? AND deleted = 0", child_table);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const RdTableDesc *ct = rd_schema_lookup (child_table);
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  rd_store_stmt_done (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) f = json_object_new ();

      json_object_set_int_member (f, "deleted", 1);
      if (!rd_store_write_row (self, ct, ids->pdata[i], f, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rd_store_delete (RdStore     *self,
                 const char  *table,
                 const char  *id,
                 GError     **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonObject) f = json_object_new ();

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if ((t = rd_store_lookup_table (table, error)) == NULL)
    return FALSE;
  if (id == NULL || !rd_store_row_exists (self, t->name, id))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No %s record with id %s",
                   t->name, id != NULL ? id : "(none)");
      return FALSE;
    }

  if (!rd_store_begin_light (self, error))
    return FALSE;

  json_object_set_int_member (f, "deleted", 1);
  if (!rd_store_write_row (self, t, id, f, FALSE, error) ||
      !rd_store_catalog_written (self, t, id, error) ||
      ((t->flags & RD_TABLE_HAS_PHONES) && !tombstone_children (self, "phones", id, error)) ||
      ((t->flags & RD_TABLE_HAS_EMAILS) && !tombstone_children (self, "emails", id, error)))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  return rd_store_commit (self, error);
}
