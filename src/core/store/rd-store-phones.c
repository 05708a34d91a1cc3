/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Phones and e-mails of a record: checked and written one at a time (add) or by the
 * importers' bulk path (write); what a record's insert and update use for its arrays. */
#include "config.h"

#include "rd-phone-number.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

/* ---- phones and e-mails ----------------------------------------------------------------- */

gboolean
rd_store_check_parent (RdStore     *self,
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
gboolean
rd_store_check_region (const char  *region,
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
      !rd_store_check_region (region, error))
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
  g_autofree char *country = NULL;
  char *id;

  if (!rd_store_check_parent (self, parent_table, parent_id,
                     phone ? RD_TABLE_HAS_PHONES : RD_TABLE_HAS_EMAILS, error))
    return NULL;
  if (!rd_store_begin_light (self, error))
    return NULL;

  owner = rd_store_row_owner (self, parent_table, parent_id);
  /* A number without a region of its own is read for its record's country. */
  if (phone && region == NULL)
    region = country = rd_store_record_country (self, parent_id);
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

