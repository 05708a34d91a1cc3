/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custom fields and structured addresses on a real replica file: definitions, values and
 * their validation, the sync contract (per-field merge, owners, tombstones), search, the
 * phones' region, CSV import and export, vCard ADR. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-country.h"
#include "rd-csv-import.h"
#include "rd-custom-fields.h"
#include "rd-store-bulk.h"
#include "rd-test-store.h"
#include "rd-uuid.h"
#include "rd-vcard.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static RdCustomField *
define (RdStore      *store,
        const char   *table,
        const char   *key,
        const char   *label,
        RdCustomType  type,
        const char   *options)
{
  g_autoptr(GError) error = NULL;
  RdCustomField *field = rd_custom_field_new (table, key, label, type);

  if (options != NULL)
    field->options = g_strsplit (options, "|", -1);
  g_assert_true (rd_store_define_custom_field (store, field, &error));
  g_assert_no_error (error);
  g_assert_nonnull (field->id);
  return field;
}

static void
set_custom (RdRecord   *record,
            const char *key,
            const char *text)
{
  JsonNode *node = json_object_get_member (rd_record_get_fields (record), "custom");

  if (node == NULL)
    {
      json_object_set_object_member (rd_record_get_fields (record), "custom", json_object_new ());
      node = json_object_get_member (rd_record_get_fields (record), "custom");
    }
  if (text != NULL)
    json_object_set_string_member (json_node_get_object (node), key, text);
  else
    json_object_set_null_member (json_node_get_object (node), key);
}

static JsonNode *
get_custom (RdRecord   *record,
            const char *key)
{
  JsonNode *node = json_object_get_member (rd_record_get_fields (record), "custom");

  g_assert_nonnull (node);
  return json_object_get_member (json_node_get_object (node), key);
}

static gboolean
update_custom (RdStore     *store,
               const char  *table,
               const char  *id,
               const char  *key,
               const char  *text,
               GError     **error)
{
  g_autoptr(RdRecord) changes = rd_record_new (table);

  rd_record_set_id (changes, id);
  set_custom (changes, key, text);
  return rd_store_update (store, changes, error);
}

/* ---- definitions ------------------------------------------------------------------------ */

static void
test_define (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) vip = define (fx->store, "contacts", "vip_level", "VIP level", RD_CUSTOM_PICKLIST,
                                         "Gold|Silver|Bronze");
  g_autoptr(RdCustomField) budget = define (fx->store, "leads", "budget", "Budget", RD_CUSTOM_MONEY, NULL);
  g_autoptr(RdCustomField) again = NULL;
  g_autoptr(RdCustomField) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  char id[37];

  /* The id is a name of (table, key): every replica makes the same one. */
  {
    g_autofree char *name = g_strdup_printf ("custom_field:%s:%s", "contacts", "vip_level");

    rd_uuid_v5_into (name, id);
    g_assert_cmpstr (vip->id, ==, id);
    g_assert_true (rd_uuid_is_valid (id));
    g_assert_cmpint (id[14], ==, '5');
  }
  g_assert_cmpint (vip->position, ==, 0);

  /* Listed per table, in order; a second field goes last. */
  g_clear_pointer (&again, rd_custom_field_free);
  again = define (fx->store, "contacts", "birthday", "Birthday", RD_CUSTOM_DATE, NULL);
  g_assert_cmpint (again->position, ==, 1);
  list = rd_store_list_custom_fields (fx->store, "contacts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((RdCustomField *) list->pdata[0])->key, ==, "vip_level");
  g_assert_cmpstr (((RdCustomField *) list->pdata[1])->key, ==, "birthday");
  g_assert_cmpstr (((RdCustomField *) list->pdata[0])->options[1], ==, "Silver");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = rd_store_list_custom_fields (fx->store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 3);

  /* Changing the label, section, required flag and order keeps the row. */
  g_free (vip->label);
  vip->label = g_strdup ("Loyalty");
  vip->section = g_strdup ("Loyalty programme");
  vip->required = TRUE;
  vip->position = 5;
  g_assert_true (rd_store_define_custom_field (fx->store, vip, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vip->id, ==, id);
  found = rd_store_get_custom_field (fx->store, "contacts", "vip_level");
  g_assert_cmpstr (found->label, ==, "Loyalty");
  g_assert_cmpstr (found->section, ==, "Loyalty programme");
  g_assert_true (found->required);
  g_assert_cmpint (found->position, ==, 5);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_fields"), ==, 3);
  /* Shared: no owner, like articles. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_fields WHERE owner IS NOT NULL"), ==, 0);

  /* What a definition may not be. */
  {
    struct { const char *table, *key, *label; RdCustomType type; const char *options; const char *error; } bad[] = {
      { "contacts", "Vip", "x", RD_CUSTOM_TEXT, NULL, "key: " },
      { "contacts", "1st", "x", RD_CUSTOM_TEXT, NULL, "key: " },
      { "contacts", "title", "x", RD_CUSTOM_TEXT, NULL, "key: “title” is the name of a built-in field" },
      { "contacts", "city", "x", RD_CUSTOM_TEXT, NULL, "key: “city” is the name of a built-in field" },
      { "deals", "amount", "x", RD_CUSTOM_TEXT, NULL, "key: " },
      { "calls", "x", "x", RD_CUSTOM_TEXT, NULL, "tbl: " },
      { "contacts", "empty", "  ", RD_CUSTOM_TEXT, NULL, "label: " },
      { "contacts", "pick", "Pick", RD_CUSTOM_PICKLIST, NULL, "options: " },
      { "contacts", "pick", "Pick", RD_CUSTOM_PICKLIST, "A|a", "options: “a” is there twice" },
      { "contacts", "vip_level", "VIP", RD_CUSTOM_TEXT, NULL, "type: the type of “vip_level” cannot change" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(RdCustomField) f = rd_custom_field_new (bad[i].table, bad[i].key, bad[i].label, bad[i].type);
        g_autoptr(GError) e = NULL;

        if (bad[i].options != NULL)
          f->options = g_strsplit (bad[i].options, "|", -1);
        g_assert_false (rd_store_define_custom_field (fx->store, f, &e));
        g_assert_nonnull (e);
        if (!g_str_has_prefix (e->message, bad[i].error))
          g_error ("case %zu: %s", i, e->message);
      }
  }

  /* Deleted: not listed, not found; the same key and type brings it back. */
  g_assert_true (rd_store_delete_custom_field (fx->store, budget->id, &error));
  g_assert_no_error (error);
  g_assert_null (rd_store_get_custom_field (fx->store, "leads", "budget"));
  {
    g_autoptr(RdCustomField) other = rd_custom_field_new ("leads", "budget", "Budget", RD_CUSTOM_TEXT);
    g_autoptr(RdCustomField) back = define (fx->store, "leads", "budget", "Budget again", RD_CUSTOM_MONEY, NULL);
    g_autoptr(RdCustomField) seen = rd_store_get_custom_field (fx->store, "leads", "budget");

    g_assert_cmpstr (back->id, ==, budget->id);
    g_assert_cmpstr (seen->label, ==, "Budget again");
    g_assert_false (rd_store_define_custom_field (fx->store, other, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  }
}

/* ---- values ----------------------------------------------------------------------------- */

static void
test_parse (void)
{
  struct {
    RdCustomType type;
    const char *text;
    const char *expect;   /* rd_custom_field_format of the parsed value; NULL = error */
  } cases[] = {
    { RD_CUSTOM_TEXT, "  hello  ", "hello" },
    { RD_CUSTOM_LONG_TEXT, "line 1\nline 2", "line 1\nline 2" },
    { RD_CUSTOM_NUMBER, "1 500,5", "1500.5" },
    { RD_CUSTOM_NUMBER, "42", "42" },
    { RD_CUSTOM_NUMBER, "-3e2", "-300" },
    { RD_CUSTOM_NUMBER, "twelve", NULL },
    { RD_CUSTOM_MONEY, "1500.555", "1500.56" },
    { RD_CUSTOM_MONEY, "12", "12.00" },
    { RD_CUSTOM_DATE, "2024-05-01", "2024-05-01" },
    { RD_CUSTOM_DATE, "01.05.2024", "2024-05-01" },
    { RD_CUSTOM_DATE, "2024-02-30", NULL },
    { RD_CUSTOM_DATE, "tomorrow", NULL },
    { RD_CUSTOM_DATETIME, "2024-05-01T14:30:00Z", "2024-05-01T14:30:00Z" },
    { RD_CUSTOM_DATETIME, "2024-05-01T14:30:00+03:00", "2024-05-01T11:30:00Z" },
    { RD_CUSTOM_DATETIME, "soon", NULL },
    { RD_CUSTOM_CHECKBOX, "Yes", "yes" },
    { RD_CUSTOM_CHECKBOX, "да", "yes" },
    { RD_CUSTOM_CHECKBOX, "0", "no" },
    { RD_CUSTOM_CHECKBOX, "maybe", NULL },
    { RD_CUSTOM_PICKLIST, "silver", "Silver" },
    { RD_CUSTOM_PICKLIST, "Platinum", NULL },
    { RD_CUSTOM_MULTISELECT, "bronze; Gold", "Gold; Bronze" },
    { RD_CUSTOM_MULTISELECT, "Gold, Silver", "Gold; Silver" },
    { RD_CUSTOM_MULTISELECT, "[\"Silver\"]", "Silver" },
    { RD_CUSTOM_MULTISELECT, "Gold; Tin", NULL },
    { RD_CUSTOM_PHONE, "+7 (999) 123-45-67", "+7 (999) 123-45-67" },
    { RD_CUSTOM_PHONE, "call me", NULL },
    { RD_CUSTOM_EMAIL, "Anna@Example.COM", "anna@example.com" },
    { RD_CUSTOM_EMAIL, "anna@", NULL },
    { RD_CUSTOM_URL, "example.com/page", "https://example.com/page" },
    { RD_CUSTOM_URL, "http://example.org", "http://example.org" },
    { RD_CUSTOM_URL, "not a url", NULL },
    { RD_CUSTOM_URL, "javascript:alert(1)", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdCustomField) field = rd_custom_field_new ("contacts", "f", "F", cases[i].type);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *text = NULL;

      field->options = g_strsplit ("Gold|Silver|Bronze", "|", -1);
      value = rd_custom_field_parse_text (field, cases[i].text, &error);
      if (cases[i].expect == NULL)
        {
          if (value != NULL)
            g_error ("case %zu (%s): “%s” was accepted", i, rd_custom_type_to_string (cases[i].type), cases[i].text);
          g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
          g_assert_true (g_str_has_prefix (error->message, "f: "));
          continue;
        }
      g_assert_no_error (error);
      text = rd_custom_field_format (field, value);
      if (g_strcmp0 (text, cases[i].expect) != 0)
        g_error ("case %zu (%s): “%s” became “%s”", i, rd_custom_type_to_string (cases[i].type), cases[i].text, text);
      /* What format writes, parse reads back the same. */
      {
        g_autoptr(JsonNode) again = rd_custom_field_parse_text (field, text, &error);
        g_autofree char *a = json_to_string (value, FALSE);
        g_autofree char *b = json_to_string (again, FALSE);

        g_assert_no_error (error);
        g_assert_cmpstr (a, ==, b);
      }
    }

  /* Stored kinds: numbers stay numbers (searched and sorted as numbers). */
  {
    g_autoptr(RdCustomField) date = rd_custom_field_new ("contacts", "d", "D", RD_CUSTOM_DATE);
    g_autoptr(RdCustomField) box = rd_custom_field_new ("contacts", "b", "B", RD_CUSTOM_CHECKBOX);
    g_autoptr(JsonNode) d = rd_custom_field_parse_text (date, "2024-05-01", NULL);
    g_autoptr(JsonNode) b = rd_custom_field_parse_text (box, "x", NULL);
    g_autoptr(JsonNode) blank = rd_custom_field_parse_text (box, "  ", NULL);

    g_assert_cmpint (json_node_get_int (d), ==, G_GINT64_CONSTANT (1714521600000));
    g_assert_cmpint (json_node_get_int (b), ==, 1);
    g_assert_true (JSON_NODE_HOLDS_NULL (blank));
    g_assert_false (rd_custom_type_is_text (RD_CUSTOM_DATE));
    g_assert_true (rd_custom_type_is_text (RD_CUSTOM_MULTISELECT));
  }
}

static void
test_values (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) vip = define (fx->store, "contacts", "vip_level", "VIP level", RD_CUSTOM_PICKLIST,
                                         "Gold|Silver");
  g_autoptr(RdCustomField) visits = define (fx->store, "contacts", "visits", "Visits", RD_CUSTOM_NUMBER, NULL);
  g_autoptr(RdCustomField) langs = define (fx->store, "contacts", "languages", "Languages", RD_CUSTOM_MULTISELECT,
                                           "English|Russian|German");
  g_autoptr(RdCustomField) deal_field = define (fx->store, "deals", "channel", "Channel", RD_CUSTOM_TEXT, NULL);
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) read = NULL;
  g_autofree char *value_id = NULL;
  const char *id;

  /* Inserted with the record, read back as its "custom" object. */
  rd_record_set_string (contact, "name", "Nina Orlova");
  set_custom (contact, "vip_level", "gold");
  set_custom (contact, "visits", "3");
  set_custom (contact, "languages", "Russian; English");
  g_assert_true (rd_store_insert (fx->store, contact, &error));
  g_assert_no_error (error);
  id = rd_record_get_id (contact);
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_cmpstr (json_node_get_string (get_custom (read, "vip_level")), ==, "Gold");
  g_assert_cmpint (json_node_get_int (get_custom (read, "visits")), ==, 3);
  g_assert_cmpstr (json_node_get_string (get_custom (read, "languages")), ==, "[\"English\",\"Russian\"]");
  g_clear_object (&read);

  /* One child row per value, with its parent's owner-less... and a name-based id. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values"), ==, 3);
  {
    char vid[37];

    rd_store_custom_value_id (id, vip->id, vid);
    value_id = g_strdup (vid);
    g_assert_true (rd_store_row_exists (fx->store, "custom_values", vid));
  }

  /* Validation names the field; nothing is written. */
  g_assert_false (update_custom (fx->store, "contacts", id, "visits", "many", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  {
    g_autofree char *field = rd_store_error_get_field (error);
    g_assert_cmpstr (field, ==, "visits");
  }
  g_clear_error (&error);
  g_assert_false (update_custom (fx->store, "contacts", id, "shoe_size", "42", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);
  g_assert_false (update_custom (fx->store, "contacts", id, "channel", "web", &error));   /* a deals field */
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  /* An update changes one value row: one outbox entry, that field only. */
  {
    gint64 before = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

    g_assert_true (update_custom (fx->store, "contacts", id, "visits", "4", &error));
    g_assert_no_error (error);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, before + 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'custom_values'"
                                                 " AND field = 'value' AND value = '4'"), ==, 1);
    /* the same value again writes nothing */
    g_assert_true (update_custom (fx->store, "contacts", id, "visits", "4.0", &error));
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, before + 1);
  }

  /* Cleared: the row keeps a null value (a later edit merges with it), not listed. */
  g_assert_true (update_custom (fx->store, "contacts", id, "vip_level", NULL, &error));
  g_assert_no_error (error);
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_null (get_custom (read, "vip_level"));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values WHERE deleted = 0"), ==, 3);
  g_clear_object (&read);

  /* Required: asked by the record page (rd_store_check_custom_required), not by the store. */
  vip->required = TRUE;
  g_assert_true (rd_store_define_custom_field (fx->store, vip, &error));
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_false (rd_store_check_custom_required (fx->store, read, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED);
  g_assert_true (g_str_has_prefix (error->message, "vip_level: "));
  g_clear_error (&error);
  set_custom (read, "vip_level", "Silver");
  g_assert_true (rd_store_check_custom_required (fx->store, read, &error));
  g_clear_object (&read);

  /* A deleted definition hides its values; they come back with it. */
  g_assert_true (rd_store_delete_custom_field (fx->store, visits->id, &error));
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_null (get_custom (read, "visits"));
  g_clear_object (&read);
  g_clear_pointer (&visits, rd_custom_field_free);
  visits = define (fx->store, "contacts", "visits", "Visits", RD_CUSTOM_NUMBER, NULL);
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_cmpint (json_node_get_int (get_custom (read, "visits")), ==, 4);
  g_clear_object (&read);

  /* Deals and tickets have custom fields too. */
  {
    g_autoptr(RdRecord) deal = rd_record_new ("deals");

    rd_record_set_string (deal, "name", "Big one");
    set_custom (deal, "channel", "web");
    g_assert_true (rd_store_insert (fx->store, deal, &error));
    g_assert_no_error (error);
    g_clear_object (&read);
    read = rd_store_get (fx->store, "deals", rd_record_get_id (deal), &error);
    g_assert_cmpstr (json_node_get_string (get_custom (read, "channel")), ==, "web");
    g_clear_object (&read);
  }

  /* Deleting the record tombstones its values. */
  g_assert_true (rd_store_delete (fx->store, "contacts", id, &error));
  g_assert_false (rd_store_row_exists (fx->store, "custom_values", value_id));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values WHERE deleted = 0"
                                               " AND parent_tbl = 'contacts'"), ==, 0);
}

/* Adding a field to a big table writes one definition row and touches no record. */
static void
test_no_rewrite (StoreFixture  *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) field = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 outbox;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (rd_store_begin (fx->store, &error));
  for (int i = 0; i < 2000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Contact %d", i);
      g_free (store_add_contact (fx->store, name, NULL, NULL, NULL));
    }
  g_assert_true (rd_store_commit (fx->store, &error));
  g_assert_no_error (error);

  sqlite3_prepare_v2 (rd_store_get_db (fx->store),
                      "SELECT group_concat(hlc || fv, ',') FROM contacts", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  before = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

  field = define (fx->store, "contacts", "segment", "Segment", RD_CUSTOM_TEXT, NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  after = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox + 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values"), ==, 0);
}

/* ---- the sync contract ------------------------------------------------------------------ */

/* Moves every outbox entry of @from into @to through the merge (what push + pull do). */
static void
ship (RdStore *from,
      RdStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = rd_store_outbox_peek (from, 0, 100000, &error);
  gint64 last = 0;

  g_assert_no_error (error);
  g_assert_true (rd_store_begin (to, &error));
  for (guint i = 0; i < entries->len; i++)
    {
      RdOutboxEntry *e = entries->pdata[i];
      gboolean lost = FALSE;

      g_assert_true (rd_store_apply_remote_field (to, e->table, e->row_id, e->field, e->value, e->hlc, e->site,
                                                  &lost, &error));
      g_assert_no_error (error);
      last = e->seq;
    }
  g_assert_true (rd_store_commit (to, &error));
  if (last > 0)
    rd_store_outbox_ack (from, last, NULL);
}

static gint64
same_clock_cb (gpointer user_data)
{
  return ((StoreFixture *) user_data)->now_ms;
}

static void
test_merge (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-cf-b-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(RdStore) b = rd_store_open (path, &error);
  g_autoptr(RdCustomField) tier = define (fx->store, "contacts", "tier", "Tier", RD_CUSTOM_TEXT, NULL);
  g_autoptr(RdCustomField) score = define (fx->store, "contacts", "score", "Score", RD_CUSTOM_NUMBER, NULL);
  g_autofree char *id = store_add_contact (fx->store, "Shared Person", NULL, NULL, NULL);
  g_autoptr(RdRecord) on_a = NULL;
  g_autoptr(RdRecord) on_b = NULL;

  g_assert_no_error (error);
  rd_hlc_set_clock (rd_store_get_hlc (b), same_clock_cb, fx, NULL);
  ship (fx->store, b);   /* B has the definitions and the contact */
  g_assert_nonnull (rd_store_get_custom_field (b, "contacts", "score"));

  /* Concurrent edits of two different custom fields of one record: both survive. */
  g_assert_true (update_custom (fx->store, "contacts", id, "tier", "A", &error));
  g_assert_true (update_custom (b, "contacts", id, "score", "10", &error));
  g_assert_no_error (error);
  ship (fx->store, b);
  ship (b, fx->store);
  on_a = rd_store_get (fx->store, "contacts", id, &error);
  on_b = rd_store_get (b, "contacts", id, &error);
  g_assert_cmpstr (json_node_get_string (get_custom (on_a, "tier")), ==, "A");
  g_assert_cmpint (json_node_get_int (get_custom (on_a, "score")), ==, 10);
  g_assert_cmpstr (json_node_get_string (get_custom (on_b, "tier")), ==, "A");
  g_assert_cmpint (json_node_get_int (get_custom (on_b, "score")), ==, 10);
  g_clear_object (&on_a);
  g_clear_object (&on_b);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values"), ==, 2);
  g_assert_cmpint (store_count_sql (b, "SELECT count(*) FROM custom_values"), ==, 2);

  /* The same field of a record first set on two replicas at once: one row (its id is a name
   * of record and field), the last writer's value on both, the other kept as a conflict. */
  {
    g_autofree char *fresh = store_add_contact (fx->store, "Fresh", NULL, NULL, NULL);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM custom_values WHERE parent_id = '%s'", fresh);

    ship (fx->store, b);
    fx->now_ms += 1000;
    g_assert_true (update_custom (fx->store, "contacts", fresh, "tier", "B", &error));
    g_assert_true (update_custom (b, "contacts", fresh, "tier", "C", &error));
    g_assert_no_error (error);
    ship (fx->store, b);
    ship (b, fx->store);
    on_a = rd_store_get (fx->store, "contacts", fresh, &error);
    on_b = rd_store_get (b, "contacts", fresh, &error);
    g_assert_cmpstr (json_node_get_string (get_custom (on_a, "tier")), ==,
                     json_node_get_string (get_custom (on_b, "tier")));
    g_assert_cmpint (store_count_sql (fx->store, sql), ==, 1);
    g_assert_cmpint (store_count_sql (b, sql), ==, 1);
    g_assert_cmpint (store_count_sql (b, "SELECT count(*) FROM conflicts WHERE tbl = 'custom_values'"
                                         " AND field = 'value'"), ==, 1);
  }

  g_clear_object (&b);
  store_rm_rf (dir);
}

static void
test_owner (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) tier = define (fx->store, "contacts", "tier", "Tier", RD_CUSTOM_TEXT, NULL);
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  JsonArray *addresses = json_array_new ();
  JsonObject *a = json_object_new ();

  rd_store_set_user (fx->store, "0190a1b2-0000-7000-8000-0000000000a1");
  rd_record_set_string (contact, "name", "Owned");
  set_custom (contact, "tier", "A");
  json_object_set_string_member (a, "city", "Kazan");
  json_array_add_object_element (addresses, a);
  json_object_set_array_member (rd_record_get_fields (contact), "addresses", addresses);
  g_assert_true (rd_store_insert (fx->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values WHERE owner = "
                                               "'0190a1b2-0000-7000-8000-0000000000a1'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses WHERE owner = "
                                               "'0190a1b2-0000-7000-8000-0000000000a1'"), ==, 1);

  /* Reassigned: its values and addresses follow (captured, so the server and the others see it). */
  rd_record_set_id (changes, rd_record_get_id (contact));
  rd_record_set_string (changes, "owner", "team:east");
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values WHERE owner = 'team:east'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses WHERE owner = 'team:east'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl IN ('custom_values', 'addresses')"
                                               " AND field = 'owner'"), ==, 2);
}

/* ---- addresses -------------------------------------------------------------------------- */

static JsonObject *
address (const char *kind,
         const char *street,
         const char *city,
         const char *country)
{
  JsonObject *a = json_object_new ();

  if (kind != NULL)
    json_object_set_string_member (a, "kind", kind);
  if (street != NULL)
    json_object_set_string_member (a, "street", street);
  if (city != NULL)
    json_object_set_string_member (a, "city", city);
  if (country != NULL)
    json_object_set_string_member (a, "country", country);
  return a;
}

static JsonObject *
phone_of (RdRecord *record,
          guint     i)
{
  return json_array_get_object_element (rd_record_get_array (record, "phones"), i);
}

static void
test_addresses (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) read = NULL;
  g_autoptr(RdRecord) changes = NULL;
  JsonArray *addresses = json_array_new ();
  JsonArray *got;
  const char *id;

  g_assert_cmpstr (rd_store_get_default_region (fx->store), ==, "RU");
  /* Several, with kinds; the country as a name or a code. The first is the primary. */
  rd_record_set_string (contact, "name", "Klaus Weber");
  json_array_add_object_element (addresses, address (NULL, "Unter den Linden 1", "Berlin", "Germany"));
  json_array_add_object_element (addresses, address ("shipping", "Hafenstraße 5", "Hamburg", "de"));
  json_array_add_object_element (addresses, address ("home", NULL, NULL, NULL));   /* empty: dropped */
  json_object_set_array_member (rd_record_get_fields (contact), "addresses", addresses);
  /* Its number has no country code: read for the record's country (DE), not the store's (RU). */
  rd_record_add_phone (contact, "030 1234567", NULL);
  g_assert_true (rd_store_insert (fx->store, contact, &error));
  g_assert_no_error (error);
  id = rd_record_get_id (contact);

  read = rd_store_get (fx->store, "contacts", id, &error);
  got = rd_record_get_array (read, "addresses");
  g_assert_cmpuint (json_array_get_length (got), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "kind"), ==, "work");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "country"), ==, "DE");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 1), "kind"), ==, "shipping");
  g_assert_cmpstr (json_object_get_string_member (phone_of (read, 0), "e164"), ==, "+49301234567");

  /* A country that is none is refused with the field named. */
  changes = rd_record_new ("contacts");
  rd_record_set_id (changes, id);
  addresses = json_array_new ();
  json_array_add_object_element (addresses, address (NULL, NULL, "Nowhere", "Narnia"));
  json_object_set_array_member (rd_record_get_fields (changes), "addresses", addresses);
  g_assert_false (rd_store_update (fx->store, changes, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "addresses: country: "));
  g_clear_error (&error);
  g_clear_object (&changes);

  /* A phone added later is read for the record's country too. */
  {
    g_autofree char *pid = rd_store_add_phone (fx->store, "contacts", id, "089 1234567", "work", &error);

    g_assert_no_error (error);
    g_clear_object (&read);
    read = rd_store_get (fx->store, "contacts", id, &error);
    g_assert_cmpstr (json_object_get_string_member (phone_of (read, 1), "e164"), ==, "+49891234567");
  }

  /* Editing one address by id changes just its changed field (one outbox entry). */
  {
    JsonObject *first = json_object_ref (json_array_get_object_element (rd_record_get_array (read, "addresses"), 0));
    JsonObject *second = json_object_ref (json_array_get_object_element (rd_record_get_array (read, "addresses"), 1));
    gint64 outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

    json_object_set_string_member (first, "city", "Potsdam");
    changes = rd_record_new ("contacts");
    rd_record_set_id (changes, id);
    addresses = json_array_new ();
    json_array_add_object_element (addresses, first);
    json_array_add_object_element (addresses, second);
    json_object_set_array_member (rd_record_get_fields (changes), "addresses", addresses);
    g_assert_true (rd_store_update (fx->store, changes, &error));
    g_assert_no_error (error);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox + 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses WHERE city = 'Potsdam'"), ==, 1);
    g_clear_object (&changes);
  }

  /* A number kept as typed (not valid in RU) becomes valid once the record is in DE. */
  {
    g_autoptr(RdRecord) lead = rd_record_new ("leads");
    g_autoptr(RdRecord) l = NULL;

    rd_record_set_string (lead, "name", "Late Country");
    rd_record_add_phone (lead, "030 7654321", NULL);
    g_assert_true (rd_store_insert (fx->store, lead, &error));
    l = rd_store_get (fx->store, "leads", rd_record_get_id (lead), &error);
    g_assert_cmpint (json_object_get_int_member (phone_of (l, 0), "invalid"), ==, 1);
    g_clear_object (&l);

    changes = rd_record_new ("leads");
    rd_record_set_id (changes, rd_record_get_id (lead));
    addresses = json_array_new ();
    json_array_add_object_element (addresses, address ("billing", NULL, "Berlin", "DE"));
    json_object_set_array_member (rd_record_get_fields (changes), "addresses", addresses);
    g_assert_true (rd_store_update (fx->store, changes, &error));
    g_assert_no_error (error);
    l = rd_store_get (fx->store, "leads", rd_record_get_id (lead), &error);
    g_assert_cmpstr (json_object_get_string_member (phone_of (l, 0), "e164"), ==, "+49307654321");
    g_assert_cmpint (json_object_get_int_member (phone_of (l, 0), "invalid"), ==, 0);
    g_clear_object (&changes);

    /* Converting the lead takes its address to the contact. */
    {
      g_autofree char *cid = NULL, *oid = NULL, *did = NULL;
      g_autoptr(RdRecord) c = NULL;

      g_assert_true (rd_store_convert_lead (fx->store, rd_record_get_id (lead), NULL, &cid, &oid, &did, &error));
      g_assert_no_error (error);
      c = rd_store_get (fx->store, "contacts", cid, &error);
      g_assert_cmpuint (json_array_get_length (rd_record_get_array (c, "addresses")), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (phone_of (c, 0), "e164"), ==, "+49307654321");
    }
  }

  /* An empty array removes them (tombstones). */
  changes = rd_record_new ("contacts");
  rd_record_set_id (changes, id);
  json_object_set_array_member (rd_record_get_fields (changes), "addresses", json_array_new ());
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_clear_object (&read);
  read = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_cmpuint (json_array_get_length (rd_record_get_array (read, "addresses")), ==, 0);

  /* Countries by name, both languages, and back. */
  g_assert_cmpstr (rd_country_code ("Германия"), ==, "DE");
  g_assert_cmpstr (rd_country_code ("russia"), ==, "RU");
  g_assert_cmpstr (rd_country_code ("USA"), ==, "US");
  g_assert_cmpstr (rd_country_code ("FRA"), ==, "FR");
  g_assert_null (rd_country_code ("Atlantis"));
  g_assert_cmpstr (rd_country_name ("de", FALSE), ==, "Germany");
  g_assert_cmpstr (rd_country_name ("DE", TRUE), ==, "Германия");
  g_assert_cmpuint (rd_country_count (), >, 240);
}

/* ---- search ----------------------------------------------------------------------------- */

static char *
contact_with (RdStore    *store,
              const char *name,
              const char *city,
              const char *country,
              const char *k1,
              const char *v1,
              const char *k2,
              const char *v2)
{
  g_autoptr(RdRecord) c = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (c, "name", name);
  if (k1 != NULL)
    set_custom (c, k1, v1);
  if (k2 != NULL)
    set_custom (c, k2, v2);
  if (city != NULL || country != NULL)
    {
      JsonArray *addresses = json_array_new ();

      json_array_add_object_element (addresses, address (NULL, NULL, city, country));
      json_object_set_array_member (rd_record_get_fields (c), "addresses", addresses);
    }
  g_assert_true (rd_store_insert (store, c, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (c));
}

static guint
count (RdStore    *store,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = rd_store_search (store, "contacts", query, NULL, 0, 100, &error);
  gint64 n;

  if (rows == NULL)
    g_error ("%s: %s", query, error->message);
  n = rd_store_count (store, "contacts", query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, rows->len);
  return rows->len;
}

static void
test_search (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) tier = define (fx->store, "contacts", "tier", "Tier", RD_CUSTOM_PICKLIST, "Gold|Silver");
  g_autoptr(RdCustomField) visits = define (fx->store, "contacts", "visits", "Visits", RD_CUSTOM_NUMBER, NULL);
  g_autoptr(RdCustomField) since = define (fx->store, "contacts", "since", "Since", RD_CUSTOM_DATE, NULL);
  g_autoptr(RdCustomField) vip = define (fx->store, "contacts", "vip", "VIP", RD_CUSTOM_CHECKBOX, NULL);
  g_autoptr(RdCustomField) langs = define (fx->store, "contacts", "langs", "Languages", RD_CUSTOM_MULTISELECT,
                                           "English|Russian");
  g_autoptr(RdCustomField) motto = define (fx->store, "contacts", "motto", "Motto", RD_CUSTOM_TEXT, NULL);
  g_autoptr(GPtrArray) hits = NULL;

  g_free (contact_with (fx->store, "Alpha", "Berlin", "DE", "tier", "Gold", "visits", "12"));
  g_free (contact_with (fx->store, "Bravo", "Moscow", "RU", "tier", "Silver", "visits", "3"));
  g_free (contact_with (fx->store, "Charlie", NULL, NULL, "since", "2024-05-01", "vip", "yes"));
  g_free (contact_with (fx->store, "Delta", "berlin", NULL, "langs", "English; Russian", "motto", "Carpe diem quam"));
  g_free (contact_with (fx->store, "Echo", NULL, NULL, "langs", "Russian", "vip", "no"));

  /* `field op value` on a custom field as on a built-in one. */
  g_assert_cmpuint (count (fx->store, "tier = gold"), ==, 1);          /* the option, any case */
  g_assert_cmpuint (count (fx->store, "tier != Gold"), ==, 4);         /* includes those without */
  g_assert_cmpuint (count (fx->store, "visits > 5"), ==, 1);           /* numbers as numbers */
  g_assert_cmpuint (count (fx->store, "visits >= 3 and visits < 100"), ==, 2);
  g_assert_cmpuint (count (fx->store, "since >= 2024-01-01"), ==, 1);
  g_assert_cmpuint (count (fx->store, "since < 2024-01-01"), ==, 0);
  g_assert_cmpuint (count (fx->store, "vip = yes"), ==, 1);
  g_assert_cmpuint (count (fx->store, "vip = no"), ==, 4);             /* no value reads as unchecked */
  g_assert_cmpuint (count (fx->store, "vip != yes"), ==, 4);
  g_assert_cmpuint (count (fx->store, "langs = russian"), ==, 2);      /* one of its options */
  g_assert_cmpuint (count (fx->store, "langs != English"), ==, 4);
  g_assert_cmpuint (count (fx->store, "motto like '%diem%'"), ==, 1);
  g_assert_cmpuint (count (fx->store, "tier is empty"), ==, 3);
  g_assert_cmpuint (count (fx->store, "tier is not empty and name != Alpha"), ==, 1);
  g_assert_cmpuint (count (fx->store, "(tier = Gold or vip = yes) and not name = Charlie"), ==, 1);
  /* Address fields of the records' addresses. */
  g_assert_cmpuint (count (fx->store, "city = Berlin"), ==, 1);        /* = is exact … */
  g_assert_cmpuint (count (fx->store, "city like berlin"), ==, 2);     /* … like is not */
  g_assert_cmpuint (count (fx->store, "country = Germany"), ==, 1);    /* a name or a code */
  g_assert_cmpuint (count (fx->store, "country = ru"), ==, 1);
  g_assert_cmpuint (count (fx->store, "country is empty"), ==, 3);

  /* What does not parse is a query error naming the field. */
  {
    const char *bad[] = { "visits > many", "tier = Platinum", "since = tomorrow", "shoe = 1", "langs > English" };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GPtrArray) none = rd_store_search (fx->store, "contacts", bad[i], NULL, 0, 10, &error);

        g_assert_null (none);
        g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY);
        g_clear_error (&error);
      }
  }

  /* Quick search finds text values (not numbers), once per record, after name matches. */
  hits = rd_store_quick_search (fx->store, "carpe", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (rd_record_get_string (hits->pdata[0], "name"), ==, "Delta");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = rd_store_quick_search (fx->store, "gold", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_free (contact_with (fx->store, "Gold Digger", NULL, NULL, "tier", "Gold", NULL, NULL));
  hits = rd_store_quick_search (fx->store, "gold", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpstr (rd_record_get_string (hits->pdata[0], "name"), ==, "Gold Digger");   /* by its name first */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = rd_store_quick_search (fx->store, "12", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  /* … and not once the field is deleted. */
  g_assert_true (rd_store_delete_custom_field (fx->store, motto->id, &error));
  hits = rd_store_quick_search (fx->store, "carpe", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_assert_null (rd_store_search (fx->store, "contacts", "motto like '%diem%'", NULL, 0, 10, &error));
  g_clear_error (&error);
}

/* ---- CSV and vCard ---------------------------------------------------------------------- */

static char *
write_file (StoreFixture *fx,
            const char   *name,
            const char   *text)
{
  char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_csv (StoreFixture  *fx,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCustomField) tier = define (fx->store, "contacts", "tier", "Loyalty tier", RD_CUSTOM_PICKLIST, "Gold|Silver");
  g_autoptr(RdCustomField) since = define (fx->store, "contacts", "since", "Customer since", RD_CUSTOM_DATE, NULL);
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  RdCsvImportOptions opts;

  /* Headers as spreadsheets write them map by themselves: City, Country, Postal Code to the
   * primary address, a custom field by its label. */
  path = write_file (fx, "in.csv",
                     "Name,Phone,Street,City,Postal Code,Country,Loyalty tier,Customer since\r\n"
                     "Klaus Weber,030 1234567,Unter den Linden 1,Berlin,10117,Germany,gold,01.05.2020\r\n"
                     "Ivan Petrov,8 999 123-45-67,,Moscow,,RU,,\r\n"
                     "Plain Person,,,,,,,\r\n");
  rd_csv_import_options_init (&opts);
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->invalid_numbers, ==, 0);   /* 030 read for DE, 8 999 for RU */
  g_clear_pointer (&report, rd_csv_import_report_free);

  rows = rd_store_search (fx->store, "contacts", "city = Berlin and tier = Gold and since = 2020-05-01", NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  {
    g_autoptr(RdRecord) klaus = rd_store_get (fx->store, "contacts", rd_record_get_id (rows->pdata[0]), &error);
    JsonObject *a = json_array_get_object_element (rd_record_get_array (klaus, "addresses"), 0);

    g_assert_cmpstr (json_object_get_string_member (a, "street"), ==, "Unter den Linden 1");
    g_assert_cmpstr (json_object_get_string_member (a, "postal_code"), ==, "10117");
    g_assert_cmpstr (json_object_get_string_member (a, "country"), ==, "DE");
    g_assert_cmpstr (json_object_get_string_member (phone_of (klaus, 0), "e164"), ==, "+49301234567");
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses"), ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM custom_values"), ==, 2);

  /* A bad value is a bad row naming the field; an explicit mapping takes keys. */
  g_free (path);
  path = write_file (fx, "bad.csv", "n;t;c\r\nOne;Gold;Paris\r\nTwo;Platinum;Rome\r\nThree;;Atlantis\r\n");
  opts.mapping = "name=1,tier=2,city=3";
  opts.skip_bad = TRUE;
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->bad, ==, 1);
  g_assert_cmpuint (((RdCsvRowError *) report->errors->pdata[0])->line, ==, 3);
  g_assert_true (g_str_has_prefix (((RdCsvRowError *) report->errors->pdata[0])->message, "tier: “Platinum” is not one of"));
  g_clear_pointer (&report, rd_csv_import_report_free);

  /* A duplicate updated from a row gains its address and value (the general path). */
  g_free (path);
  path = write_file (fx, "dup.csv", "Name,Phone,City,Country,Loyalty tier\r\nKlaus W.,+49 30 1234567,Bonn,DE,Silver\r\n");
  rd_csv_import_options_init (&opts);
  opts.duplicates = RD_CSV_DUPLICATES_UPDATE;
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (count (fx->store, "tier = Silver and city = Bonn and city = Berlin"), ==, 1);
  g_clear_pointer (&report, rd_csv_import_report_free);

  /* Exported with the primary address and the custom fields by key, and read back. */
  out = g_build_filename (fx->dir, "out.csv", NULL);
  g_assert_true (rd_csv_export (fx->store, "contacts", "name = 'Klaus W.'", out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, ",street,city,region,postal_code,country,address_kind,tier,since\r\n"));
  g_assert_nonnull (strstr (text, ",Unter den Linden 1,Berlin,,10117,DE,work,Silver,2020-05-01\r\n"));
  {
    g_autofree char *dir2 = g_dir_make_tmp ("rd-cf-csv-XXXXXX", NULL);
    g_autofree char *db2 = g_build_filename (dir2, "replica.db", NULL);
    g_autoptr(RdStore) other = rd_store_open (db2, &error);
    g_autoptr(RdCustomField) t2 = define (other, "contacts", "tier", "Tier", RD_CUSTOM_PICKLIST, "Gold|Silver");
    g_autoptr(RdCustomField) s2 = define (other, "contacts", "since", "Since", RD_CUSTOM_DATE, NULL);

    rd_csv_import_options_init (&opts);
    g_assert_true (rd_csv_import_contacts (other, out, &opts, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->created, ==, 1);
    g_assert_cmpuint (count (other, "since = 2020-05-01 and tier = Silver and postal_code = 10117 and country = DE"), ==, 1);
    g_clear_object (&other);
    store_rm_rf (dir2);
  }
}

static void
test_vcard (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *card = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) read = NULL;
  JsonArray *addresses = json_array_new ();
  JsonObject *a;
  guint imported = 0, skipped = 0;

  /* Read: ADR with types; box, extended and street make one street; the country by name. */
  cards = rd_vcard_parse ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Schmidt\r\n"
                          "ADR;TYPE=HOME:;Apt 4;Hauptstr. 5;München;Bayern;80331;Deutschland\r\n"
                          "ADR;TYPE=WORK,PARCEL:;;1 Main St;Springfield;IL;62701;USA\r\n"
                          "ADR:;;;;;;Atlantis\r\n"
                          "TEL:089 1234567\r\nEND:VCARD\r\n", &error);
  g_assert_no_error (error);
  addresses = rd_record_get_array (cards->pdata[0], "addresses");
  g_assert_cmpuint (json_array_get_length (addresses), ==, 2);   /* the unknown country alone is no address */
  a = json_array_get_object_element (addresses, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "home");
  g_assert_cmpstr (json_object_get_string_member (a, "street"), ==, "Apt 4, Hauptstr. 5");
  g_assert_cmpstr (json_object_get_string_member (a, "city"), ==, "München");
  g_assert_cmpstr (json_object_get_string_member (a, "region"), ==, "Bayern");
  g_assert_cmpstr (json_object_get_string_member (a, "postal_code"), ==, "80331");
  g_assert_cmpstr (json_object_get_string_member (a, "country"), ==, "DE");
  a = json_array_get_object_element (addresses, 1);
  g_assert_cmpstr (json_object_get_string_member (a, "kind"), ==, "shipping");
  g_assert_cmpstr (json_object_get_string_member (a, "country"), ==, "US");

  /* Imported, the card's number is read for its country (DE). */
  path = g_build_filename (fx->dir, "in.vcf", NULL);
  g_assert_true (g_file_set_contents (path, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Schmidt\r\n"
                                      "ADR;TYPE=home:;;Hauptstr. 5;München;;80331;Germany\r\n"
                                      "TEL;TYPE=cell:089 1234567\r\nEND:VCARD\r\n", -1, NULL));
  g_assert_true (rd_vcard_import (fx->store, path, &imported, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (imported, ==, 1);
  g_assert_cmpuint (count (fx->store, "city = München and country = DE"), ==, 1);
  {
    g_autoptr(GPtrArray) rows = rd_store_search (fx->store, "contacts", "city = München", NULL, 0, 1, &error);
    g_autoptr(RdRecord) anna = rd_store_get (fx->store, "contacts", rd_record_get_id (rows->pdata[0]), &error);

    g_assert_cmpstr (json_object_get_string_member (phone_of (anna, 0), "e164"), ==, "+49891234567");
  }

  /* Written: one ADR per address, both versions, and read back the same. */
  rd_record_set_string (contact, "name", "Boris Ivanov");
  addresses = json_array_new ();
  json_array_add_object_element (addresses, address ("billing", "Tverskaya 1; office 5", "Moscow", "RU"));
  json_array_add_object_element (addresses, address ("home", NULL, "Kazan", NULL));
  json_object_set_array_member (rd_record_get_fields (contact), "addresses", addresses);
  g_assert_true (rd_store_insert (fx->store, contact, &error));
  read = rd_store_get (fx->store, "contacts", rd_record_get_id (contact), &error);
  for (int version = 3; version <= 4; version++)
    {
      g_autoptr(GPtrArray) back = NULL;
      JsonArray *got;

      g_free (card);
      card = rd_vcard_from_contact (read, NULL, version);
      g_assert_nonnull (strstr (card, version == 3 ? "ADR;TYPE=X-BILLING:;;Tverskaya 1\\; office 5;Moscow;;;Russian Federation\r\n"
                                                   : "ADR;TYPE=x-billing:;;Tverskaya 1\\; office 5;Moscow;;;Russian Federation\r\n"));
      g_assert_nonnull (strstr (card, version == 3 ? "ADR;TYPE=HOME:;;;Kazan;;;\r\n" : "ADR;TYPE=home:;;;Kazan;;;\r\n"));
      back = rd_vcard_parse (card, &error);
      g_assert_no_error (error);
      got = rd_record_get_array (back->pdata[0], "addresses");
      g_assert_cmpuint (json_array_get_length (got), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "kind"), ==, "billing");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "street"), ==,
                       "Tverskaya 1; office 5");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 0), "country"), ==, "RU");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (got, 1), "kind"), ==, "home");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/custom-fields/define", test_define);
  g_test_add_func ("/custom-fields/parse", test_parse);
  ADD ("/custom-fields/values", test_values);
  ADD ("/custom-fields/no-rewrite", test_no_rewrite);
  ADD ("/custom-fields/merge-per-field", test_merge);
  ADD ("/custom-fields/owner-follows", test_owner);
  ADD ("/custom-fields/addresses", test_addresses);
  ADD ("/custom-fields/search", test_search);
  ADD ("/custom-fields/csv", test_csv);
  ADD ("/custom-fields/vcard", test_vcard);

  return g_test_run ();
}
