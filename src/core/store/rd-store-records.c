/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Record writes: insert, update, delete, with the arrays a record carries (phones, e-mails,
 * addresses) and its custom values. */
#include "config.h"

#include <string.h>

#include "rd-phone-number.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

/* ---- a record's children (phones, e-mails: rd-store-phones.c) -------------------------- */

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
              (k == 0 && !rd_store_check_region (json_object_get_string_member_with_default (entry, "region", NULL), error)))
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
                 const char  *region,
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
                                   json_object_get_string_member_with_default (p, "region", region), error);
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

/* What a record carries besides its own fields (borrowed from the record; the checked
 * addresses and custom values are owned). */
typedef struct {
  JsonArray *phones;
  JsonArray *emails;
  JsonArray *addresses_in;
  JsonObject *custom_in;
  GPtrArray *addresses;   /* checked (rd_store_check_addresses), NULL when not given */
  GPtrArray *custom;      /* RdStoreCustomValue, NULL when not given */
} Children;

static void
children_clear (Children *c)
{
  g_clear_pointer (&c->addresses, g_ptr_array_unref);
  g_clear_pointer (&c->custom, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Children, children_clear)

/* Checks what validate_children does not: addresses and custom values. */
static gboolean
check_more_children (RdStore           *self,
                     const RdTableDesc *t,
                     Children          *c,
                     GError           **error)
{
  if (c->addresses_in != NULL && (c->addresses = rd_store_check_addresses (self, c->addresses_in, error)) == NULL)
    return FALSE;
  if (c->custom_in != NULL && (c->custom = rd_store_prepare_custom (self, t, c->custom_in, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* Copies the plain fields of @record, checks them and fills defaults. */
static JsonObject *
prepare_fields (RdStore            *self,
                const RdTableDesc  *t,
                RdRecord           *record,
                gboolean            is_new,
                Children           *children,
                GError            **error)
{
  g_autoptr(JsonObject) f = json_object_new ();
  JsonObject *src = rd_record_get_fields (record);
  g_autoptr(GList) members = json_object_get_members (src);
  JsonArray **phones = &children->phones;
  JsonArray **emails = &children->emails;

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
      if (g_str_equal (name, "addresses") && (t->flags & RD_TABLE_HAS_ADDRESSES) && JSON_NODE_HOLDS_ARRAY (node))
        {
          children->addresses_in = json_node_get_array (node);
          continue;
        }
      if (g_str_equal (name, "custom") && (t->flags & RD_TABLE_HAS_CUSTOM) && JSON_NODE_HOLDS_OBJECT (node))
        {
          children->custom_in = json_node_get_object (node);
          continue;
        }
      /* Read-only bookkeeping that a record read from the store carries along. */
      if (g_str_equal (name, "hlc") || g_str_equal (name, "table") ||
          (g_str_equal (name, "score") && g_str_equal (t->name, "leads")) ||
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
          if (!rd_store_check_parent (self, ptable, pid, 0, error))
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
  g_auto(Children) c = { 0 };

  if ((t = rd_store_lookup_table (rd_record_get_table (record), error)) == NULL)
    return FALSE;
  f = prepare_fields (self, t, record, TRUE, &c, error);
  return f != NULL && validate_children (self, c.phones, c.emails, error) && check_more_children (self, t, &c, error);
}

gboolean
rd_store_insert (RdStore   *self,
                 RdRecord  *record,
                 GError   **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonObject) f = NULL;
  g_autofree char *id = NULL;
  g_auto(Children) c = { 0 };
  const char *owner;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (RD_IS_RECORD (record), FALSE);

  if ((t = rd_store_lookup_table (rd_record_get_table (record), error)) == NULL)
    return FALSE;
  if (g_str_equal (t->name, "custom_fields"))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "Define custom fields with rd_store_define_custom_field");
      return FALSE;
    }
  if (g_str_equal (t->name, "phones") || g_str_equal (t->name, "emails") ||
      g_str_equal (t->name, "addresses") || g_str_equal (t->name, "custom_values"))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "Add phones, e-mails, addresses and custom values with their record");
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

  f = prepare_fields (self, t, record, TRUE, &c, error);
  owner = f != NULL ? json_object_get_string_member_with_default (f, "owner", NULL) : NULL;
  /* Phones without a region of their own are read for the record's country. */
  if (f == NULL ||
      (g_str_equal (t->name, "leads") && !rd_store_stamp_lead_status (self, id, f, TRUE, error)) ||
      !validate_children (self, c.phones, c.emails, error) ||
      !check_more_children (self, t, &c, error) ||
      !rd_store_catalog_check (self, t, id, f, TRUE, error) ||
      !rd_store_write_row (self, t, id, f, TRUE, error) ||
      !insert_children (self, t->name, id, owner, c.phones, c.emails,
                        rd_store_addresses_country (c.addresses), error) ||
      !rd_store_insert_addresses (self, t->name, id, owner, c.addresses, error) ||
      !rd_store_write_custom (self, t, id, owner, c.custom, TRUE, error) ||
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
                  const char  *default_region,
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
      const char *region = phone && w != NULL ? json_object_get_string_member_with_default (w, "region", default_region) : NULL;
      g_autofree char *norm = NULL;
      g_autofree char *new_id = NULL;
      gboolean found = FALSE;

      if (value == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED, "%s: entry %u has no %s",
                       phone ? "phones" : "emails", i + 1, key);
          return FALSE;
        }
      if (phone && !rd_store_check_region (region, error))
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
 * e-mails, addresses, custom values, notes, activities, calls, messages, line items,
 * project tasks and milestones along. */
static gboolean
propagate_owner (RdStore     *self,
                 const char  *parent_id,
                 JsonNode    *owner,
                 GError     **error)
{
  static const char *const children[] = { "phones", "emails", "addresses", "custom_values", "notes",
                                          "activities", "calls", "messages", "line_items",
                                          "project_tasks", "milestones" };

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
  g_autofree char *old_country = NULL;
  g_autofree char *new_country = NULL;
  g_auto(Children) c = { 0 };
  const char *id;

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

  f = prepare_fields (self, t, changes, FALSE, &c, error);
  if (f == NULL ||
      (g_str_equal (t->name, "leads") && !rd_store_stamp_lead_status (self, id, f, FALSE, error)) ||
      !validate_children (self, c.phones, c.emails, error) || !check_more_children (self, t, &c, error) ||
      !rd_store_catalog_check (self, t, id, f, FALSE, error))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  /* New addresses first: the phones are read for the record's country. When the country
   * changes, numbers that were not valid are read again for the new one. */
  if ((t->flags & RD_TABLE_HAS_ADDRESSES) && (c.addresses != NULL || c.phones != NULL))
    old_country = rd_store_record_country (self, id);
  if (!rd_store_write_row (self, t, id, f, FALSE, error) ||
      !rd_store_catalog_written (self, t, id, error) ||
      (c.addresses != NULL && !rd_store_replace_addresses (self, t->name, id, c.addresses, error)))
    goto fail;
  if (c.addresses != NULL)
    new_country = rd_store_record_country (self, id);
  if ((c.phones != NULL &&
       !replace_children (self, t->name, id, TRUE, c.phones, c.addresses != NULL ? new_country : old_country, error)) ||
      (c.emails != NULL && !replace_children (self, t->name, id, FALSE, c.emails, NULL, error)) ||
      (new_country != NULL && g_strcmp0 (old_country, new_country) != 0 &&
       !rd_store_reread_phones (self, id, new_country, error)) ||
      !rd_store_write_custom (self, t, id, NULL, c.custom, FALSE, error) ||
      (json_object_has_member (f, "owner") && !(t->flags & RD_TABLE_CHILD) &&
       !propagate_owner (self, id, json_object_get_member (f, "owner"), error)))
    goto fail;

  return rd_store_commit (self, error);

fail:
  rd_store_rollback (self);
  return FALSE;
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
      ((t->flags & RD_TABLE_HAS_EMAILS) && !tombstone_children (self, "emails", id, error)) ||
      ((t->flags & RD_TABLE_HAS_ADDRESSES) && !tombstone_children (self, "addresses", id, error)) ||
      ((t->flags & RD_TABLE_HAS_CUSTOM) && !tombstone_children (self, "custom_values", id, error)))
    {
      rd_store_rollback (self);
      return FALSE;
    }

  return rd_store_commit (self, error);
}
