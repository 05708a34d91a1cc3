/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdStoreFetcher: the details a list page shows beside the records' own fields, read for
 * the whole page at once. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <sqlite3.h>

#include "rd-country.h"
#include "rd-custom-fields.h"
#include "rd-labels.h"
#include "rd-phone-number.h"
#include "rd-record.h"
#include "rd-schema.h"
#include "rd-store-fetcher-private.h"

/* Runs @before "?,?,…" (one per id) @after and hands each row to @row_cb. */
static void
for_each_row_of (sqlite3     *db,
                 const char  *before,
                 const char  *after,
                 GPtrArray   *ids,
                 void       (*row_cb) (sqlite3_stmt *stmt, gpointer data),
                 gpointer     data)
{
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; i < ids->len; i++)
    g_string_append (marks, i == 0 ? "?" : ",?");
  sql = g_strconcat (before, marks->str, after, NULL);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("List details: %s", sqlite3_errmsg (db));
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    sqlite3_bind_text (stmt, i + 1, ids->pdata[i], -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    row_cb (stmt, data);
  sqlite3_finalize (stmt);
}

typedef struct {
  GHashTable *rows;     /* id -> RdRecord of the page */
  const char *region;
} Details;

static void
first_phone_cb (sqlite3_stmt *stmt,
                gpointer      data)
{
  Details *details = data;
  RdRecord *record = g_hash_table_lookup (details->rows, sqlite3_column_text (stmt, 0));
  const char *e164 = (const char *) sqlite3_column_text (stmt, 1);
  g_autofree char *shown = NULL;

  if (record == NULL || rd_record_has_field (record, "phone"))
    return;
  if (e164 != NULL)
    shown = rd_phone_number_format (e164, details->region, RD_PHONE_FORMAT_INTERNATIONAL);
  rd_record_set_string (record, "phone", shown != NULL ? shown : (const char *) sqlite3_column_text (stmt, 2));
}

static void
first_email_cb (sqlite3_stmt *stmt,
                gpointer      data)
{
  Details *details = data;
  RdRecord *record = g_hash_table_lookup (details->rows, sqlite3_column_text (stmt, 0));

  if (record != NULL && !rd_record_has_field (record, "email"))
    rd_record_set_string (record, "email", (const char *) sqlite3_column_text (stmt, 1));
}

/* Names the rows whose @ref_field is the id in column 0 (the name in column 1) in @name_field. */
static void
name_refs (Details      *details,
           sqlite3_stmt *stmt,
           const char   *ref_field,
           const char   *name_field)
{
  const char *ref = (const char *) sqlite3_column_text (stmt, 0);
  GHashTableIter iter;
  RdRecord *record;

  g_hash_table_iter_init (&iter, details->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &record))
    if (g_strcmp0 (rd_record_get_string (record, ref_field), ref) == 0)
      rd_record_set_string (record, name_field, (const char *) sqlite3_column_text (stmt, 1));
}

static void
org_name_cb (sqlite3_stmt *stmt,
             gpointer      data)
{
  name_refs (data, stmt, "org_id", "organization");
}

static void
contact_name_cb (sqlite3_stmt *stmt,
                 gpointer      data)
{
  name_refs (data, stmt, "contact_id", "contact");
}

static void
assignee_name_cb (sqlite3_stmt *stmt,
                  gpointer      data)
{
  name_refs (data, stmt, "assignee", "assignee_name");
}

static void
stage_name_cb (sqlite3_stmt *stmt,
               gpointer      data)
{
  name_refs (data, stmt, "stage_id", "stage");
}

static void
parent_name_cb (sqlite3_stmt *stmt,
                gpointer      data)
{
  name_refs (data, stmt, "parent_id", "contact");
}

/* The distinct values of @field in @rows. */
static GPtrArray *
refs_of (GPtrArray  *rows,
         const char *field)
{
  GPtrArray *refs = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const char *ref = rd_record_get_string (rows->pdata[i], field);

      if (ref != NULL && !g_ptr_array_find_with_equal_func (refs, ref, g_str_equal, NULL))
        g_ptr_array_add (refs, (gpointer) ref);
    }
  return refs;
}

/* A call's row names who it was with (its contact or lead) and shows the other party's
 * number (the caller of an inbound call, the called of an outbound one), formatted. */
static void
add_call_details (RdStore   *store,
                  GPtrArray *rows)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) parents = refs_of (rows, "parent_id");
  Details details = { by_id, rd_store_get_default_region (store) };

  for (guint i = 0; i < rows->len; i++)
    {
      RdRecord *call = rows->pdata[i];
      gboolean inbound = g_strcmp0 (rd_record_get_string (call, "direction"), "inbound") == 0;
      const char *number = rd_record_get_string (call, inbound ? "from_number" : "to_number");
      g_autofree char *shown = number != NULL ? rd_phone_number_format (number, details.region,
                                                                        RD_PHONE_FORMAT_INTERNATIONAL) : NULL;

      if (rd_record_get_id (call) != NULL)
        g_hash_table_insert (by_id, (gpointer) rd_record_get_id (call), call);
      if (number != NULL && !rd_record_has_field (call, "party"))
        rd_record_set_string (call, "party", shown != NULL ? shown : number);
    }
  if (parents->len > 0)
    {
      for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM contacts WHERE id IN (", ")",
                       parents, parent_name_cb, &details);
      for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM leads WHERE id IN (", ")",
                       parents, parent_name_cb, &details);
    }
}

/* A ticket's row names its contact and assignee; a deal's its organization, contact and
 * stage. */
static void
add_ref_details (RdStore   *store,
                 GPtrArray *rows)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) contacts = refs_of (rows, "contact_id");
  g_autoptr(GPtrArray) users = refs_of (rows, "assignee");
  g_autoptr(GPtrArray) orgs = refs_of (rows, "org_id");
  g_autoptr(GPtrArray) stages = refs_of (rows, "stage_id");
  Details details = { by_id, NULL };

  for (guint i = 0; i < rows->len; i++)
    if (rd_record_get_id (rows->pdata[i]) != NULL)
      g_hash_table_insert (by_id, (gpointer) rd_record_get_id (rows->pdata[i]), rows->pdata[i]);
  if (contacts->len > 0)
    for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM contacts WHERE id IN (", ")",
                     contacts, contact_name_cb, &details);
  if (users->len > 0)
    for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM users WHERE id IN (", ")",
                     users, assignee_name_cb, &details);
  if (orgs->len > 0)
    for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM organizations WHERE id IN (", ")",
                     orgs, org_name_cb, &details);
  if (stages->len > 0)
    for_each_row_of (rd_store_get_db (store), "SELECT id, name FROM stages WHERE id IN (", ")",
                     stages, stage_name_cb, &details);
}

typedef struct {
  GHashTable *rows;     /* id -> RdRecord of the page */
  GHashTable *fields;   /* custom field id -> RdCustomField */
} CustomDetails;

/* A custom value as its list column shows it. */
static char *
column_text (RdCustomField *field,
             JsonNode      *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (field->type == RD_CUSTOM_CHECKBOX)
    return g_strdup (json_node_get_int (value) != 0 ? "✓" : "");
  if (field->type == RD_CUSTOM_DATETIME && json_node_get_value_type (value) == G_TYPE_INT64)
    return rd_labels_time (json_node_get_int (value));
  if (field->type == RD_CUSTOM_MONEY && field->currency != NULL)
    {
      g_autofree char *amount = rd_custom_field_format (field, value);
      return g_strdup_printf ("%s %s", amount, field->currency);
    }
  return rd_custom_field_format (field, value);
}

static void
custom_value_cb (sqlite3_stmt *stmt,
                 gpointer      data)
{
  CustomDetails *details = data;
  RdRecord *record = g_hash_table_lookup (details->rows, sqlite3_column_text (stmt, 0));
  RdCustomField *field = g_hash_table_lookup (details->fields, sqlite3_column_text (stmt, 1));
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (record == NULL || field == NULL)
    return;
  value = json_node_alloc ();
  switch (sqlite3_column_type (stmt, 2))
    {
    case SQLITE_INTEGER: json_node_init_int (value, sqlite3_column_int64 (stmt, 2)); break;
    case SQLITE_FLOAT: json_node_init_double (value, sqlite3_column_double (stmt, 2)); break;
    case SQLITE_NULL: json_node_init_null (value); break;
    default: json_node_init_string (value, (const char *) sqlite3_column_text (stmt, 2)); break;
    }
  name = g_strconcat ("cf:", field->key, NULL);
  text = column_text (field, value);
  if (text != NULL)
    rd_record_set_string (record, name, text);
}

static void
first_address_cb (sqlite3_stmt *stmt,
                  gpointer      data)
{
  CustomDetails *details = data;
  RdRecord *record = g_hash_table_lookup (details->rows, sqlite3_column_text (stmt, 0));
  const char *country = (const char *) sqlite3_column_text (stmt, 2);
  const char * const *languages = g_get_language_names ();

  if (record == NULL || rd_record_has_field (record, "city") || rd_record_has_field (record, "country"))
    return;
  rd_record_set_string (record, "city", (const char *) sqlite3_column_text (stmt, 1));
  if (country != NULL)
    rd_record_set_string (record, "country",
                          rd_country_name (country, languages[0] != NULL && g_str_has_prefix (languages[0], "ru"))
                          ?: country);
  else
    rd_record_set_null (record, "country");
}

/* The custom values of the page's records ("cf:KEY", as their columns show them) and the
 * city and country of their primary address: two queries for the page, none when the table
 * has no custom fields. */
static void
add_custom_details (RdStore    *store,
                    const char *table,
                    GPtrArray  *rows)
{
  const RdTableDesc *desc = rd_schema_lookup (table);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) defs = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  CustomDetails details = { by_id, fields };

  if (desc == NULL || !(desc->flags & (RD_TABLE_HAS_CUSTOM | RD_TABLE_HAS_ADDRESSES)))
    return;
  for (guint i = 0; i < rows->len; i++)
    if (rd_record_get_id (rows->pdata[i]) != NULL)
      {
        g_hash_table_insert (by_id, (gpointer) rd_record_get_id (rows->pdata[i]), rows->pdata[i]);
        g_ptr_array_add (ids, (gpointer) rd_record_get_id (rows->pdata[i]));
      }
  if (ids->len == 0)
    return;
  if (desc->flags & RD_TABLE_HAS_ADDRESSES)
    for_each_row_of (rd_store_get_db (store), "SELECT parent_id, city, country FROM addresses WHERE parent_id IN (",
                     ") AND deleted = 0 ORDER BY rowid", ids, first_address_cb, &details);
  if (desc->flags & RD_TABLE_HAS_CUSTOM)
    defs = rd_store_list_custom_fields (store, table, NULL);
  if (defs == NULL || defs->len == 0)
    return;
  for (guint i = 0; i < defs->len; i++)
    g_hash_table_insert (fields, ((RdCustomField *) defs->pdata[i])->id, defs->pdata[i]);
  for_each_row_of (rd_store_get_db (store), "SELECT parent_id, field_id, value FROM custom_values WHERE parent_id IN (",
                   ") AND deleted = 0", ids, custom_value_cb, &details);
}

/* What a list of people shows besides their own fields: the first phone and e-mail, and a
 * contact's organization by name. Read for the whole page in three queries (the page is
 * ~100 rows); kept on the page's records as "phone", "email" and "organization". */
void
rd_store_fetcher_add_details (RdStore    *store,
                              const char *table,
                              GPtrArray  *rows)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) org_ids = g_ptr_array_new ();
  sqlite3 *db = rd_store_get_db (store);
  Details details = { by_id, rd_store_get_default_region (store) };

  if (rows != NULL && rows->len > 0)
    add_custom_details (store, table, rows);
  if (rows != NULL && rows->len > 0 && (g_str_equal (table, "tickets") || g_str_equal (table, "deals")))
    add_ref_details (store, rows);
  if (rows != NULL && rows->len > 0 && g_str_equal (table, "calls"))
    add_call_details (store, rows);
  if (rows == NULL || rows->len == 0 ||
      !(g_str_equal (table, "contacts") || g_str_equal (table, "leads") || g_str_equal (table, "organizations")))
    return;

  for (guint i = 0; i < rows->len; i++)
    {
      RdRecord *record = rows->pdata[i];
      const char *org_id = rd_record_get_string (record, "org_id");

      if (rd_record_get_id (record) == NULL)
        continue;
      g_hash_table_insert (by_id, (gpointer) rd_record_get_id (record), record);
      g_ptr_array_add (ids, (gpointer) rd_record_get_id (record));
      if (org_id != NULL && !rd_record_has_field (record, "organization"))
        g_ptr_array_add (org_ids, (gpointer) org_id);
    }
  if (ids->len == 0)
    return;

  for_each_row_of (db, "SELECT parent_id, e164, raw FROM phones WHERE parent_id IN (", ") AND deleted = 0 ORDER BY rowid",
                   ids, first_phone_cb, &details);
  for_each_row_of (db, "SELECT parent_id, address FROM emails WHERE parent_id IN (", ") AND deleted = 0 ORDER BY rowid",
                   ids, first_email_cb, &details);
  if (org_ids->len > 0)
    for_each_row_of (db, "SELECT id, name FROM organizations WHERE id IN (", ") AND deleted = 0",
                     org_ids, org_name_cb, &details);
}
