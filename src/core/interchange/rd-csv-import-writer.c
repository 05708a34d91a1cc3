/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The writer of a CSV import (the caller's thread, in the import's transaction): checked
 * new contacts by the bulk path, the other rows through rd_store_insert/update. */
#include "config.h"

#include "rd-csv-import-private.h"
#include "rd-store-bulk.h"

/* ---- writing (the caller's thread) ------------------------------------------------------ */

static void
add_bad (Ctx        *ctx,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
add_bad (Ctx        *ctx,
         const char *format,
         ...)
{
  RdCsvRowError *e = g_new0 (RdCsvRowError, 1);
  va_list args;

  va_start (args, format);
  e->line = ctx->record_line;
  e->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->report->errors, e);
  ctx->report->bad++;
}

/* The country the row's numbers are read for. */
static const char *
row_region (Ctx *ctx,
            Row *row)
{
  return row->phone_region != NULL ? row->phone_region : ctx->region;
}

/* The row's address as an "addresses" entry, or NULL. */
static JsonObject *
row_address (Row *row)
{
  JsonObject *a;
  static const int parts[] = { T_STREET, T_CITY, T_REGION, T_POSTAL_CODE };

  if (!row->has_address)
    return NULL;
  a = json_object_new ();
  json_object_set_string_member (a, "kind", row->address_kind != NULL ? row->address_kind : "work");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (row->text[parts[i]] != NULL)
      json_object_set_string_member (a, rd_csv_import_targets[parts[i]], row->text[parts[i]]);
  if (row->country != NULL)
    json_object_set_string_member (a, "country", row->country);
  return a;
}

/* The row's custom values as a record's "custom" object, or NULL. */
static JsonObject *
row_custom (Ctx *ctx,
            Row *row)
{
  JsonObject *custom;

  if (row->custom->len == 0)
    return NULL;
  custom = json_object_new ();
  for (guint i = 0; i < row->custom->len; i++)
    {
      RowCustom *c = &g_array_index (row->custom, RowCustom, i);

      json_object_set_member (custom, ((RdCustomField *) ctx->custom_fields->pdata[c->field])->key,
                              json_node_copy (c->value));
    }
  return custom;
}

static gboolean
same_text (JsonObject *a,
           JsonObject *b,
           const char *member)
{
  return g_strcmp0 (json_object_get_string_member_with_default (a, member, NULL),
                    json_object_get_string_member_with_default (b, member, NULL)) == 0;
}

/* The row is in: its numbers kept without E.164 are counted and listed as warnings. */
static void
note_invalid_numbers (Ctx *ctx,
                      Row *row)
{
  for (guint i = 0; i < row->phones->len; i++)
    {
      RowPhone *p = &g_array_index (row->phones, RowPhone, i);
      RdCsvRowError *w;

      if (p->e164 != NULL)
        continue;
      w = g_new0 (RdCsvRowError, 1);
      w->line = row->line;
      w->message = g_strdup_printf ("“%s” is not a valid phone number in %s: kept as typed, "
                                    "without E.164, and never dialled", p->raw, row_region (ctx, row));
      g_ptr_array_add (ctx->report->warnings, w);
      ctx->report->invalid_numbers++;
    }
}

static char *
find_contact_by (RdStore    *store,
                 const char *sql,
                 const char *value)
{
  sqlite3_stmt *stmt = rd_store_stmt (store, sql, NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return id;
}

/* The live contact that has one of the row's valid numbers (E.164) or addresses, or NULL. */
static char *
find_duplicate (Ctx *ctx,
                Row *row)
{
  for (guint i = 0; i < row->phones->len; i++)
    {
      const char *e164 = g_array_index (row->phones, RowPhone, i).e164;
      char *id;

      if (e164 == NULL)
        continue;
      id = find_contact_by (ctx->store, "SELECT p.parent_id FROM phones p JOIN contacts c ON c.id = p.parent_id "
                                        "WHERE p.e164 = ? AND p.deleted = 0 AND c.deleted = 0 LIMIT 1", e164);
      if (id != NULL)
        return id;
    }
  for (guint i = 0; i < row->emails->len; i++)
    {
      char *id = find_contact_by (ctx->store, "SELECT e.parent_id FROM emails e JOIN contacts c ON c.id = e.parent_id "
                                              "WHERE e.address = ? AND e.deleted = 0 AND c.deleted = 0 LIMIT 1",
                                  g_array_index (row->emails, RowEmail, i).lower);
      if (id != NULL)
        return id;
    }
  return NULL;
}

/* The id of the live organization called @name, or NULL. Writes nothing. */
static const char *
known_org (Ctx        *ctx,
           const char *name)
{
  const char *known = g_hash_table_lookup (ctx->orgs, name);

  if (known == NULL)
    {
      known = find_contact_by (ctx->store, "SELECT id FROM organizations WHERE name = ? AND deleted = 0 "
                                           "ORDER BY id LIMIT 1", name);
      if (known != NULL)
        g_hash_table_insert (ctx->orgs, g_strdup (name), (char *) known);
    }
  return known;
}

static gboolean
org_for_name (Ctx         *ctx,
              const char  *name,
              char       **org_id,
              GError     **error)
{
  g_autoptr(RdRecord) org = NULL;
  const char *known = known_org (ctx, name);

  if (known != NULL)
    {
      *org_id = g_strdup (known);
      return TRUE;
    }

  org = rd_record_new ("organizations");
  rd_record_set_string (org, "name", name);
  if (!rd_store_insert (ctx->store, org, error))
    return FALSE;
  g_hash_table_insert (ctx->orgs, g_strdup (name), g_strdup (rd_record_get_id (org)));
  *org_id = g_strdup (rd_record_get_id (org));
  return TRUE;
}

/* Adds the row's phones and e-mails that @id does not have yet; applies the other fields. */
static gboolean
update_existing (Ctx       *ctx,
                 const char *id,
                 RdRecord  *row,
                 GError   **error)
{
  g_autoptr(RdRecord) existing = rd_store_get (ctx->store, "contacts", id, error);
  g_autoptr(RdRecord) changes = NULL;
  JsonArray *phones = rd_record_get_array (row, "phones");
  JsonArray *emails = rd_record_get_array (row, "emails");
  JsonArray *have_p, *have_e;

  if (existing == NULL)
    return FALSE;
  have_p = rd_record_get_array (existing, "phones");
  have_e = rd_record_get_array (existing, "emails");

  changes = rd_record_new_from_json ("contacts", rd_record_get_fields (row));
  rd_record_set_id (changes, id);
  rd_record_remove_field (changes, "phones");
  rd_record_remove_field (changes, "emails");
  /* The row's address joins the contact's unless it has the same one already. */
  if (rd_record_get_array (row, "addresses") != NULL)
    {
      JsonArray *have_a = rd_record_get_array (existing, "addresses");
      JsonObject *wanted = json_array_get_object_element (rd_record_get_array (row, "addresses"), 0);
      JsonArray *all = json_array_new ();
      gboolean have = FALSE;

      for (guint j = 0; have_a != NULL && j < json_array_get_length (have_a); j++)
        {
          JsonObject *h = json_array_get_object_element (have_a, j);
          static const char *const parts[] = { "street", "city", "region", "postal_code", "country" };
          gboolean same = TRUE;

          for (guint k = 0; k < G_N_ELEMENTS (parts) && same; k++)
            same = same_text (h, wanted, parts[k]);
          have = have || same;
          json_array_add_object_element (all, json_object_ref (h));
        }
      if (!have)
        json_array_add_object_element (all, json_object_ref (wanted));
      json_object_set_array_member (rd_record_get_fields (changes), "addresses", all);
    }
  if (!rd_store_update (ctx->store, changes, error))
    return FALSE;

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *p = json_array_get_object_element (phones, i);
      const char *raw = json_object_get_string_member (p, "raw");
      const char *region = json_object_get_string_member_with_default (p, "region", NULL);
      g_autofree char *e164 = rd_store_e164_in_region (ctx->store, raw, region);
      gboolean have = FALSE;

      for (guint j = 0; j < json_array_get_length (have_p) && !have; j++)
        {
          JsonObject *h = json_array_get_object_element (have_p, j);
          have = g_strcmp0 (json_object_get_string_member_with_default (h, "raw", NULL), raw) == 0 ||
                 (e164 != NULL && g_strcmp0 (json_object_get_string_member_with_default (h, "e164", NULL), e164) == 0);
        }
      if (!have)
        {
          g_autofree char *pid = rd_store_add_phone_in_region (ctx->store, "contacts", id, raw,
                                                               json_object_get_string_member_with_default (p, "kind", NULL),
                                                               region, error);
          if (pid == NULL)
            return FALSE;
        }
    }
  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      JsonObject *e = json_array_get_object_element (emails, i);
      g_autofree char *lower = g_utf8_strdown (json_object_get_string_member (e, "address"), -1);
      gboolean have = FALSE;

      for (guint j = 0; j < json_array_get_length (have_e) && !have; j++)
        have = g_strcmp0 (json_object_get_string_member (json_array_get_object_element (have_e, j), "address"), lower) == 0;
      if (!have)
        {
          g_autofree char *eid = rd_store_add_email (ctx->store, "contacts", id, lower,
                                                     json_object_get_string_member_with_default (e, "kind", NULL), error);
          if (eid == NULL)
            return FALSE;
        }
    }
  return TRUE;
}

/* The general path: the row as a record through rd_store_insert/update, which check every
 * field and give the precise error of a bad row. */
static gboolean
import_row (Ctx       *ctx,
            Row       *row,
            GError   **error)
{
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autofree char *dup = NULL;
  const char *org_name = row->text[T_ORGANIZATION];
  JsonObject *address = row_address (row);
  JsonObject *custom = row_custom (ctx, row);

  for (guint t = 0; t < N_TARGETS; t++)
    if (row->text[t] != NULL && t != T_ORGANIZATION && t != T_COUNTRY && t != T_STREET && t != T_CITY &&
        t != T_REGION && t != T_POSTAL_CODE && t != T_ADDRESS_KIND)
      rd_record_set_string (contact, rd_csv_import_targets[t], row->text[t]);
  if (address != NULL)
    {
      JsonArray *addresses = json_array_new ();

      json_array_add_object_element (addresses, address);
      json_object_set_array_member (rd_record_get_fields (contact), "addresses", addresses);
    }
  if (custom != NULL)
    json_object_set_object_member (rd_record_get_fields (contact), "custom", custom);
  for (guint i = 0; i < row->phones->len; i++)
    rd_record_add_phone_in_region (contact, g_array_index (row->phones, RowPhone, i).raw,
                                   g_array_index (row->phones, RowPhone, i).kind, row_region (ctx, row));
  for (guint i = 0; i < row->emails->len; i++)
    rd_record_add_email (contact, g_array_index (row->emails, RowEmail, i).address, g_array_index (row->emails, RowEmail, i).kind);

  /* Every check before the first write: a bad row then leaves nothing behind without a
   * savepoint per row (savepoints halved the import rate). rd_store_insert/update check the
   * whole record before they write, so a separate check is needed only when something else
   * is written first (a new organization) or the row meets a duplicate (a bad row is then
   * reported bad, not skipped, and an update never half-applies). */
  if (ctx->opts->duplicates != RD_CSV_DUPLICATES_CREATE)
    dup = find_duplicate (ctx, row);
  if ((dup != NULL || (org_name != NULL && known_org (ctx, org_name) == NULL)) &&
      !rd_store_check_insert (ctx->store, contact, error))
    return FALSE;
  if (org_name != NULL)
    {
      g_autofree char *org_id = NULL;

      if (!org_for_name (ctx, org_name, &org_id, error))
        return FALSE;
      rd_record_set_string (contact, "org_id", org_id);
    }

  if (dup != NULL && ctx->opts->duplicates == RD_CSV_DUPLICATES_SKIP)
    {
      ctx->report->skipped++;
      return TRUE;
    }
  if (dup != NULL)
    {
      if (!update_existing (ctx, dup, contact, error))
        return FALSE;
      ctx->report->updated++;
      return TRUE;
    }

  if (!rd_store_insert (ctx->store, contact, error))
    return FALSE;
  ctx->report->created++;
  return TRUE;
}

/* The bulk path for a new contact the reader has already checked: the same rows, field
 * versions and outbox entries rd_store_insert writes (tests/unit/test-csv.c compares the
 * two), without a record, JSON objects or a second check per field. */
static gboolean
import_plain_row (Ctx       *ctx,
                  Row       *row,
                  GError   **error)
{
  const char *owner = rd_store_get_user (ctx->store);
  g_autofree char *joined = NULL;
  g_autofree char *org_id = NULL;
  RdColumnValue v[N_TARGETS + 2];
  guint n = 0;
  static const int columns[] = { T_NAME, T_FIRST_NAME, T_LAST_NAME, T_TITLE, T_TAGS, T_DESCRIPTION };

  if (ctx->opts->duplicates != RD_CSV_DUPLICATES_CREATE)
    {
      g_autofree char *dup = find_duplicate (ctx, row);

      if (dup != NULL)
        return import_row (ctx, row, error);
    }
  if (row->text[T_ORGANIZATION] != NULL && !org_for_name (ctx, row->text[T_ORGANIZATION], &org_id, error))
    return FALSE;

  if (row->text[T_NAME] == NULL)
    {
      /* A person may be given as first/last name only (as rd_store_insert does). */
      joined = g_strjoin (" ", row->text[T_FIRST_NAME] ? row->text[T_FIRST_NAME] : "",
                          row->text[T_LAST_NAME] ? row->text[T_LAST_NAME] : "", NULL);
      g_strstrip (joined);
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *value = columns[i] == T_NAME && joined != NULL ? joined : row->text[columns[i]];

      if (value != NULL)
        v[n++] = (RdColumnValue) { rd_csv_import_targets[columns[i]], value, 0 };
    }
  if (org_id != NULL)
    v[n++] = (RdColumnValue) { "org_id", org_id, 0 };
  v[n++] = (RdColumnValue) { "created_at", NULL, g_get_real_time () / 1000 };
  if (owner != NULL)
    v[n++] = (RdColumnValue) { "owner", owner, 0 };

  if (!rd_store_insert_new_row (ctx->store, rd_schema_lookup ("contacts"), row->id, v, n, error))
    return FALSE;
  for (guint i = 0; i < row->phones->len; i++)
    {
      RowPhone *p = &g_array_index (row->phones, RowPhone, i);

      if (!rd_store_write_phone (ctx->store, p->id, "contacts", row->id, owner, p->raw, p->kind, p->e164, error))
        return FALSE;
    }
  for (guint i = 0; i < row->emails->len; i++)
    {
      RowEmail *e = &g_array_index (row->emails, RowEmail, i);

      if (!rd_store_write_email (ctx->store, e->id, "contacts", row->id, owner, e->lower, e->kind, error))
        return FALSE;
    }
  if (row->has_address &&
      !rd_store_write_address (ctx->store, row->address_id, "contacts", row->id, owner, row->address_kind,
                               row->text[T_STREET], row->text[T_CITY], row->text[T_REGION],
                               row->text[T_POSTAL_CODE], row->country, error))
    return FALSE;
  for (guint i = 0; i < row->custom->len; i++)
    {
      RowCustom *c = &g_array_index (row->custom, RowCustom, i);

      if (!rd_store_write_custom_value (ctx->store, "contacts", row->id, owner,
                                        ((RdCustomField *) ctx->custom_fields->pdata[c->field])->id, c->value, error))
        return FALSE;
    }
  ctx->report->created++;
  return TRUE;
}

void
rd_csv_import_write_row (Ctx *ctx,
                         Row *row)
{
  g_autoptr(GError) error = NULL;
  guint skipped = ctx->report->skipped;

  ctx->record_line = row->line;
  ctx->report->rows++;
  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, &ctx->fatal))
    return;

  if (row->bad != NULL)
    add_bad (ctx, "%s", row->bad);
  else if (!rd_store_begin_light (ctx->store, &error))
    g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
  else if (row->plain ? import_plain_row (ctx, row, &error) : import_row (ctx, row, &error))
    {
      if (!rd_store_commit (ctx->store, &error))
        g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
      else if (ctx->report->skipped == skipped)
        note_invalid_numbers (ctx, row);
    }
  else
    {
      rd_store_rollback (ctx->store);
      if (rd_store_error_is_storage (error))
        g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
      else
        add_bad (ctx, "%s", error->message);
    }

  if (ctx->opts->progress != NULL && ctx->report->rows % 500 == 0)
    ctx->opts->progress (row->bytes_done, ctx->bytes_total, ctx->report->rows, ctx->opts->progress_data);
}
