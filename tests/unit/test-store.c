/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-custom-fields.h"
#include "rd-test-store.h"
#include "rd-uuid.h"
#include "rd-catalog.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static void
test_open_reopen (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = g_strdup (rd_store_get_site (fx->store));
  g_autofree char *id = store_add_contact (fx->store, "Anna", "+7 999 123-45-67", NULL, NULL);

  g_assert_true (rd_uuid_is_valid (site));
  g_assert_cmpint (rd_schema_get_version (rd_store_get_db (fx->store)), ==, RD_SCHEMA_VERSION);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT foreign_keys FROM pragma_foreign_keys"), ==, 1);

  g_clear_object (&fx->store);
  fx->store = rd_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_store_get_site (fx->store), ==, site);
  {
    g_autoptr(RdRecord) c = rd_store_get (fx->store, "contacts", id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (c, "name"), ==, "Anna");
  }
}

static void
test_contact_insert_get (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) c = NULL;
  g_autofree char *id = NULL;
  JsonArray *phones, *emails;

  rd_store_set_user (fx->store, "user-1");
  id = store_add_contact (fx->store, "  Иван Петров ", "8 (999) 123-45-67", "not a phone", "Ivan@Example.COM");
  c = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_no_error (error);
  g_assert_true (rd_uuid_is_valid (rd_record_get_id (c)));
  g_assert_cmpstr (rd_record_get_string (c, "name"), ==, "Иван Петров");
  g_assert_cmpstr (rd_record_get_string (c, "owner"), ==, "user-1");
  g_assert_cmpint (rd_record_get_int (c, "created_at", 0), >, 0);

  phones = rd_record_get_array (c, "phones");
  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "e164"), ==, "+79991234567");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (phones, 0), "invalid"), ==, 0);
  /* A number that does not parse is kept as typed and flagged. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 1), "raw"), ==, "not a phone");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (phones, 1), "e164"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (phones, 1), "invalid"), ==, 1);

  emails = rd_record_get_array (c, "emails");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (emails, 0), "address"), ==, "ivan@example.com");

  /* Children copy the parent's owner. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE owner = 'user-1'"), ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM emails WHERE owner = 'user-1'"), ==, 1);
}

static void
test_all_tables_crud (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) team = rd_record_new ("teams");
  g_autoptr(RdRecord) user = rd_record_new ("users");
  g_autoptr(RdRecord) pipe = rd_record_new ("pipelines");
  g_autoptr(RdRecord) stage = rd_record_new ("stages");
  g_autoptr(RdRecord) org = rd_record_new ("organizations");
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
  g_autoptr(RdRecord) act = rd_record_new ("activities");
  g_autoptr(RdRecord) call = rd_record_new ("calls");
  g_autoptr(RdRecord) note = rd_record_new ("notes");
  g_autoptr(RdRecord) msg = rd_record_new ("messages");
  g_autoptr(RdRecord) got = NULL;
  g_autofree char *cid = store_add_contact (fx->store, "Olga", NULL, NULL, NULL);

  rd_record_set_string (team, "name", "Support");
  g_assert_true (rd_store_insert (fx->store, team, &error));
  rd_record_set_string (user, "name", "Agent Smith");
  rd_record_set_string (user, "role", "manager");
  rd_record_set_string (user, "team_id", rd_record_get_id (team));
  g_assert_true (rd_store_insert (fx->store, user, &error));
  rd_record_set_string (pipe, "name", "Sales");
  g_assert_true (rd_store_insert (fx->store, pipe, &error));
  rd_record_set_string (stage, "name", "Proposal");
  rd_record_set_string (stage, "pipeline_id", rd_record_get_id (pipe));
  rd_record_set_int (stage, "position", 2);
  g_assert_true (rd_store_insert (fx->store, stage, &error));
  rd_record_set_string (org, "name", "ООО Ромашка");
  rd_record_add_phone (org, "+7 495 123-45-67", "work");
  g_assert_true (rd_store_insert (fx->store, org, &error));
  rd_record_set_string (deal, "name", "Big deal");
  rd_record_set_string (deal, "stage_id", rd_record_get_id (stage));
  rd_record_set_string (deal, "pipeline_id", rd_record_get_id (pipe));
  rd_record_set_string (deal, "amount", "1500,50");
  rd_record_set_string (deal, "contact_id", cid);
  g_assert_true (rd_store_insert (fx->store, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (rd_record_get_double (deal, "amount", 0), ==, 1500.5);
  g_assert_cmpstr (rd_record_get_string (deal, "status"), ==, "open");
  rd_record_set_string (ticket, "subject", "Printer on fire");
  rd_record_set_string (ticket, "priority", "urgent");
  rd_record_set_string (ticket, "assignee", rd_record_get_id (user));
  rd_record_set_string (ticket, "group_id", rd_record_get_id (team));
  g_assert_true (rd_store_insert (fx->store, ticket, &error));
  g_assert_cmpstr (rd_record_get_string (ticket, "status"), ==, "open");
  rd_record_set_string (act, "kind", "meeting");
  rd_record_set_string (act, "subject", "Demo");
  rd_record_set_string (act, "parent_tbl", "contacts");
  rd_record_set_string (act, "parent_id", cid);
  g_assert_true (rd_store_insert (fx->store, act, &error));
  rd_record_set_string (call, "direction", "inbound");
  rd_record_set_string (call, "from_number", "+79991234567");
  rd_record_set_string (call, "parent_tbl", "contacts");
  rd_record_set_string (call, "parent_id", cid);
  rd_record_set_int (call, "bill_sec", 42);
  g_assert_true (rd_store_insert (fx->store, call, &error));
  rd_record_set_string (note, "body", "Comment on the ticket");
  rd_record_set_string (note, "parent_tbl", "tickets");
  rd_record_set_string (note, "parent_id", rd_record_get_id (ticket));
  g_assert_true (rd_store_insert (fx->store, note, &error));
  rd_record_set_string (msg, "channel", "sms");
  rd_record_set_string (msg, "body", "Hello");
  rd_record_set_string (msg, "parent_tbl", "contacts");
  rd_record_set_string (msg, "parent_id", cid);
  g_assert_true (rd_store_insert (fx->store, msg, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (rd_store_find_table (fx->store, rd_record_get_id (ticket)), ==, "tickets");
  got = rd_store_get (fx->store, "calls", rd_record_get_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_record_get_int (got, "bill_sec", 0), ==, 42);

  g_assert_true (rd_store_delete (fx->store, "organizations", rd_record_get_id (org), &error));
  g_assert_no_error (error);
  g_assert_null (rd_store_get (fx->store, "organizations", rd_record_get_id (org), &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Tombstones, not SQL deletes; children too. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM organizations WHERE deleted = 1"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE deleted = 1"), ==, 1);
}

static void
test_update_capture (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autoptr(RdRecord) got = NULL;
  g_autofree char *id = store_add_contact (fx->store, "Anna", "+79991112233", "+79994445566", NULL);
  g_autofree char *site = NULL;
  gint64 before = store_count_sql (fx->store, "SELECT count(*) FROM outbox");
  RdHlcValue hlc = 0;

  /* An insert is captured as ONE outbox row per new row (field "*", value = the non-null
   * fields); the outbox API hands it out as one change per field, same seq and HLC. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'contacts'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'phones' AND field = '*'"), ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE field != '*'"), ==, 0);
  {
    g_autoptr(GPtrArray) entries = rd_store_outbox_peek (fx->store, 0, 1000, &error);
    guint phone_changes = 0;
    gboolean saw_name = FALSE, saw_raw = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        RdOutboxEntry *e = entries->pdata[i];

        g_assert_cmpstr (e->field, !=, "*");
        g_assert_cmpstr (e->site, ==, rd_store_get_site (fx->store));
        if (g_str_equal (e->table, "phones"))
          {
            phone_changes++;
            g_assert_cmpstr (e->field, !=, "owner");   /* null fields are not sent */
            if (g_str_equal (e->field, "invalid"))
              g_assert_cmpstr (e->value, ==, "0");
            if (g_str_equal (e->field, "raw") && g_str_equal (e->value, "\"+79991112233\""))
              saw_raw = TRUE;
            if (g_str_equal (e->field, "parent_id"))
              {
                g_autofree char *quoted = g_strdup_printf ("\"%s\"", id);
                g_assert_cmpstr (e->value, ==, quoted);
              }
          }
        if (g_str_equal (e->table, "contacts") && g_str_equal (e->field, "name"))
          {
            g_assert_cmpstr (e->row_id, ==, id);
            g_assert_cmpstr (e->value, ==, "\"Anna\"");
            saw_name = TRUE;
          }
        /* entries of one row share its seq and HLC */
        if (i > 0 && ((RdOutboxEntry *) entries->pdata[i - 1])->seq == e->seq)
          {
            g_assert_cmpstr (((RdOutboxEntry *) entries->pdata[i - 1])->row_id, ==, e->row_id);
            g_assert_cmpint (((RdOutboxEntry *) entries->pdata[i - 1])->hlc, ==, e->hlc);
          }
      }
    g_assert_true (saw_name);
    g_assert_true (saw_raw);
    /* parent_tbl, parent_id, raw, e164, invalid, kind (owner is NULL): 6 per phone */
    g_assert_cmpuint (phone_changes, ==, 2 * 6);
    /* the limit counts outbox rows: the first row (the contact) comes out whole */
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = rd_store_outbox_peek (fx->store, 0, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, >, 1);
    g_assert_cmpstr (((RdOutboxEntry *) entries->pdata[0])->table, ==, "contacts");
  }

  fx->now_ms += 1000;
  rd_record_set_id (changes, id);
  rd_record_set_string (changes, "title", "CEO");
  rd_record_set_string (changes, "name", "Anna");   /* unchanged: not captured */
  rd_record_add_phone (changes, "+7 999 111-22-33", NULL);  /* kept */
  rd_record_add_phone (changes, "+7 999 000-00-01", "home"); /* added; 445566 removed */
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);

  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'contacts' AND field = 'title'"), ==, 1);
  /* the unchanged name is not captured (the insert's name is inside its "*" row) */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'contacts' AND field = 'name'"), ==, 0);
  /* title, the new phone (one "*" row), the removed phone's tombstone */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, before + 1 + 1 + 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM audit_log WHERE field = 'title'"), ==, 1);

  g_assert_true (rd_store_get_field_version (fx->store, "contacts", id, "title", &hlc, &site));
  g_assert_cmpint (rd_hlc_ms (hlc), ==, fx->now_ms);
  g_assert_cmpstr (site, ==, rd_store_get_site (fx->store));

  got = rd_store_get (fx->store, "contacts", id, &error);
  g_assert_cmpuint (json_array_get_length (rd_record_get_array (got, "phones")), ==, 2);
  g_assert_cmpint (rd_record_get_int (got, "hlc", 0), ==, (gint64) hlc);

  /* Reassigning takes the children along (their owner is the visibility key). */
  {
    g_autoptr(RdRecord) move = rd_record_new ("contacts");
    g_autoptr(RdRecord) note = rd_record_new ("notes");

    rd_record_set_string (note, "body", "hello");
    rd_record_set_string (note, "parent_tbl", "contacts");
    rd_record_set_string (note, "parent_id", id);
    g_assert_true (rd_store_insert (fx->store, note, &error));
    rd_record_set_id (move, id);
    rd_record_set_string (move, "owner", "agent-2");
    g_assert_true (rd_store_update (fx->store, move, &error));
    g_assert_no_error (error);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE deleted = 0 AND owner = 'agent-2'"), ==, 2);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM notes WHERE owner = 'agent-2'"), ==, 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'notes' AND field = 'owner'"), ==, 1);
  }

  /* Capture off (snapshot import) writes no outbox rows but keeps versions. */
  before = store_count_sql (fx->store, "SELECT count(*) FROM outbox");
  rd_store_set_capture (fx->store, FALSE);
  g_free (store_add_contact (fx->store, "Quiet", "+79990001122", NULL, NULL));
  rd_store_set_capture (fx->store, TRUE);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, before);
}

static void
test_validation (StoreFixture  *fx,
                 gconstpointer  data)
{
  struct { const char *table, *field, *value; int code; } cases[] = {
    { "contacts", "name", "   ", RD_STORE_ERROR_REQUIRED },
    { "leads", "status", "maybe", RD_STORE_ERROR_INVALID_VALUE },
    { "users", "email", "not-an-email", RD_STORE_ERROR_INVALID_VALUE },
    { "contacts", "org_id", "0190a1b2-0000-7000-8000-000000000000", RD_STORE_ERROR_FOREIGN_KEY },
    { "contacts", "shoe_size", "42", RD_STORE_ERROR_UNKNOWN_FIELD },
    { "deals", "amount", "a lot", RD_STORE_ERROR_INVALID_VALUE },
  };
  gint64 outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdRecord) r = rd_record_new (cases[i].table);
      g_autoptr(GError) error = NULL;
      g_autofree char *field = NULL;

      if (!g_str_equal (cases[i].field, "name"))
        rd_record_set_string (r, g_str_equal (cases[i].table, "users") || g_str_equal (cases[i].table, "deals") ||
                              g_str_equal (cases[i].table, "leads") || g_str_equal (cases[i].table, "contacts")
                              ? "name" : "subject", "X");
      rd_record_set_string (r, cases[i].field, cases[i].value);
      rd_record_add_phone (r, "+79991234567", NULL);
      g_assert_false (rd_store_insert (fx->store, r, &error));
      g_assert_error (error, RD_STORE_ERROR, cases[i].code);
      field = rd_store_error_get_field (error);
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_null (rd_record_get_id (r));
    }

  /* A bad e-mail among children fails the whole insert: nothing is written. */
  {
    g_autoptr(RdRecord) r = rd_record_new ("contacts");
    g_autoptr(GError) error = NULL;

    rd_record_set_string (r, "name", "Half");
    rd_record_add_phone (r, "+79991234567", NULL);
    rd_record_add_email (r, "broken@", NULL);
    g_assert_false (rd_store_insert (fx->store, r, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  }
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox);

  /* The same inside the caller's transaction (no savepoint per record): still nothing. */
  {
    g_autoptr(RdRecord) r = rd_record_new ("contacts");
    g_autoptr(RdRecord) dup = rd_record_new ("contacts");
    g_autoptr(GError) error = NULL;
    g_autofree char *kept = NULL;

    g_assert_true (rd_store_begin (fx->store, &error));
    kept = store_add_contact (fx->store, "Kept", "+79990001111", NULL, NULL);
    rd_record_set_string (r, "name", "Half");
    rd_record_add_phone (r, "+79991234567", NULL);
    rd_record_add_phone (r, "+79991234568", "pager");
    g_assert_false (rd_store_insert (fx->store, r, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    rd_record_set_id (dup, kept);
    rd_record_set_string (dup, "name", "Same id");
    g_assert_false (rd_store_insert (fx->store, dup, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_true (rd_store_commit (fx->store, &error));
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones"), ==, 1);
    g_assert_true (rd_store_delete (fx->store, "contacts", kept, &error));
  }

  /* Unknown table, missing record. */
  {
    g_autoptr(RdRecord) r = rd_record_new ("spaceships");
    g_autoptr(GError) error = NULL;

    g_assert_false (rd_store_insert (fx->store, r, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE);
    g_clear_error (&error);
    g_assert_false (rd_store_delete (fx->store, "contacts", "nope", &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
  }

  /* A required field cannot be cleared by an update. */
  {
    g_autofree char *id = store_add_contact (fx->store, "Keep", NULL, NULL, NULL);
    g_autoptr(RdRecord) ch = rd_record_new ("contacts");
    g_autoptr(GError) error = NULL;

    rd_record_set_id (ch, id);
    rd_record_set_string (ch, "name", "");
    g_assert_false (rd_store_update (fx->store, ch, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED);
  }
}

static void
test_lookup_number (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = store_add_contact (fx->store, "Anna", "+7 (999) 123-45-67", NULL, NULL);
  g_autofree char *b = store_add_contact (fx->store, "Boris", "89991234567", "+7 812 000-11-22", NULL);
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  const char *formats[] = { "+79991234567", "8 999 123 45 67", "+7-999-123-4567", "9991234567" };

  rd_record_set_string (lead, "name", "Lead L");
  rd_record_add_phone (lead, "8(999)1234567", NULL);
  g_assert_true (rd_store_insert (fx->store, lead, &error));

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GPtrArray) hits = rd_store_lookup_number (fx->store, formats[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 3);
      g_assert_cmpstr (rd_record_get_table (hits->pdata[2]), ==, "leads");
      g_assert_cmpstr (rd_record_get_string (hits->pdata[0], "matched_phone"), ==, "+79991234567");
    }

  {
    g_autoptr(GPtrArray) none = rd_store_lookup_number (fx->store, "+1 650 253 0000", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_null (rd_store_lookup_number (fx->store, "hello", &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_PHONE);
    g_clear_error (&error);
  }

  /* rd_store_e164 is the one normalisation; rd_store_lookup_e164 does not parse again, so
   * a number in any other format finds nothing there. */
  {
    g_autofree char *e164 = rd_store_e164 (fx->store, "8 (999) 123-45-67");
    g_autoptr(GPtrArray) hits = NULL;
    g_autoptr(GPtrArray) raw = NULL;

    g_assert_cmpstr (e164, ==, "+79991234567");
    g_assert_null (rd_store_e164 (fx->store, "hello"));
    hits = rd_store_lookup_e164 (fx->store, e164, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 3);
    raw = rd_store_lookup_e164 (fx->store, "89991234567", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (raw->len, ==, 0);
  }

  /* The lookup is one index search on e164. */
  {
    sqlite3_stmt *stmt = NULL;
    g_autoptr(GString) plan = g_string_new (NULL);

    sqlite3_prepare_v2 (rd_store_get_db (fx->store),
                        "EXPLAIN QUERY PLAN SELECT parent_tbl, parent_id FROM phones WHERE e164 = ? AND deleted = 0",
                        -1, &stmt, NULL);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append (plan, (const char *) sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
    g_assert_nonnull (strstr (plan->str, "phones_e164"));
  }
}

static void
test_convert_lead (StoreFixture  *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(RdRecord) note = rd_record_new ("notes");
  g_autoptr(RdRecord) after = NULL;
  g_autoptr(RdRecord) contact = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autofree char *cid = NULL, *oid = NULL, *did = NULL;

  rd_record_set_string (lead, "name", "Pavel");
  rd_record_set_string (lead, "company", "Acme");
  rd_record_set_string (lead, "status", "qualified");
  rd_record_add_phone (lead, "+79990001111", NULL);
  rd_record_add_email (lead, "pavel@acme.test", NULL);
  g_assert_true (rd_store_insert (fx->store, lead, &error));
  rd_record_set_string (note, "body", "Met at the fair");
  rd_record_set_string (note, "parent_tbl", "leads");
  rd_record_set_string (note, "parent_id", rd_record_get_id (lead));
  g_assert_true (rd_store_insert (fx->store, note, &error));

  rd_record_set_double (deal, "amount", 5000);
  g_assert_true (rd_store_convert_lead (fx->store, rd_record_get_id (lead), deal, &cid, &oid, &did, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cid);
  g_assert_nonnull (oid);
  g_assert_nonnull (did);

  after = rd_store_get (fx->store, "leads", rd_record_get_id (lead), &error);
  g_assert_cmpstr (rd_record_get_string (after, "status"), ==, "converted");
  g_assert_cmpstr (rd_record_get_string (after, "converted_contact_id"), ==, cid);
  g_assert_cmpstr (rd_record_get_string (after, "converted_org_id"), ==, oid);
  g_assert_cmpstr (rd_record_get_string (after, "converted_deal_id"), ==, did);
  contact = rd_store_get (fx->store, "contacts", cid, &error);
  g_assert_cmpstr (rd_record_get_string (contact, "org_id"), ==, oid);
  g_assert_cmpuint (json_array_get_length (rd_record_get_array (contact, "phones")), ==, 1);
  g_assert_cmpuint (json_array_get_length (rd_record_get_array (contact, "emails")), ==, 1);

  /* The contact's timeline keeps the lead's history. */
  timeline = rd_store_timeline (fx->store, cid, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, >=, 1);
  {
    gboolean found = FALSE;
    for (guint i = 0; i < timeline->len; i++)
      found |= g_strcmp0 (rd_record_get_id (timeline->pdata[i]), rd_record_get_id (note)) == 0;
    g_assert_true (found);
  }

  /* Twice is an error that changes nothing. */
  {
    gint64 contacts = store_count_sql (fx->store, "SELECT count(*) FROM contacts");
    g_autofree char *c2 = NULL, *o2 = NULL, *d2 = NULL;

    g_assert_false (rd_store_convert_lead (fx->store, rd_record_get_id (lead), NULL, &c2, &o2, &d2, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, contacts);
  }
}

static void
test_convert_lead_rollback (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(RdRecord) after = NULL;
  g_autofree char *cid = NULL, *oid = NULL, *did = NULL;
  gint64 outbox;

  rd_record_set_string (lead, "name", "Vera");
  rd_record_set_string (lead, "company", "NewCo");
  g_assert_true (rd_store_insert (fx->store, lead, &error));
  outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

  /* A bad deal field fails the conversion after contact and org were made: all undone. */
  rd_record_set_string (deal, "status", "bogus");
  g_assert_false (rd_store_convert_lead (fx->store, rd_record_get_id (lead), deal, &cid, &oid, &did, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_null (cid);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM organizations"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox);
  after = rd_store_get (fx->store, "leads", rd_record_get_id (lead), NULL);
  g_assert_cmpstr (rd_record_get_string (after, "status"), ==, "new");
}

static void
test_timeline_paging (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cid = store_add_contact (fx->store, "Timeline", NULL, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 last_at = G_MAXINT64;

  for (int i = 0; i < 25; i++)
    {
      g_autoptr(RdRecord) r = rd_record_new (i % 2 ? "notes" : "calls");

      rd_record_set_string (r, "parent_tbl", "contacts");
      rd_record_set_string (r, "parent_id", cid);
      if (i % 2)
        {
          rd_record_set_string (r, "body", "note");
          rd_record_set_int (r, "created_at", 1000 + i / 3);   /* ties on purpose */
        }
      else
        {
          rd_record_set_string (r, "direction", "outbound");
          rd_record_set_int (r, "started_at", 1000 + i / 3);
        }
      g_assert_true (rd_store_insert (fx->store, r, &error));
    }

  for (guint page = 0; page < 5; page++)
    {
      g_autoptr(GPtrArray) items = rd_store_timeline (fx->store, cid, page * 10, 10, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (items->len, ==, page < 2 ? 10 : page == 2 ? 5 : 0);
      for (guint i = 0; i < items->len; i++)
        {
          gint64 at = rd_record_get_int (items->pdata[i], "at", 0);

          g_assert_cmpint (at, <=, last_at);
          last_at = at;
          g_assert_true (g_hash_table_add (seen, g_strdup (rd_record_get_id (items->pdata[i]))));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 25);
}

static gint64
fixed_clock_cb (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_merge_lww (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) c = NULL;
  g_autofree char *id = store_add_contact (fx->store, "Local", NULL, NULL, NULL);
  const char *remote = "00000000-0000-7000-8000-00000000beef";
  RdHlcValue local_hlc = 0;
  gboolean lost = TRUE;

  g_assert_true (rd_store_get_field_version (fx->store, "contacts", id, "name", &local_hlc, NULL));
  g_assert_true (rd_store_outbox_ack (fx->store, G_MAXINT64, &error));

  /* Newer remote wins; no outbox row; no conflict (nothing local pending). */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", id, "name", "\"Remote\"",
                                              local_hlc + 10, remote, &lost, &error));
  g_assert_no_error (error);
  g_assert_false (lost);
  c = rd_store_get (fx->store, "contacts", id, NULL);
  g_assert_cmpstr (rd_record_get_string (c, "name"), ==, "Remote");
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM conflicts"), ==, 0);

  /* Same change again: idempotent. */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", id, "name", "\"Remote\"",
                                              local_hlc + 10, remote, &lost, &error));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM conflicts"), ==, 0);

  /* Older remote loses and is kept in conflicts. */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", id, "name", "\"Stale\"",
                                              local_hlc + 5, remote, &lost, &error));
  g_assert_true (lost);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM conflicts WHERE lost_value = '\"Stale\"' "
                                               "AND kept_value = '\"Remote\"'"), ==, 1);

  /* Equal HLC: the site id breaks the tie. */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", id, "name", "\"Tie\"",
                                              local_hlc + 10, "00000000-0000-7000-8000-00000000ffff", &lost, &error));
  g_assert_false (lost);

  /* A pending local edit overwritten by a newer remote value is kept too. */
  fx->now_ms += 5;
  {
    g_autoptr(RdRecord) ch = rd_record_new ("contacts");
    RdHlcValue mine = 0;

    rd_record_set_id (ch, id);
    rd_record_set_string (ch, "title", "Mine");
    g_assert_true (rd_store_update (fx->store, ch, &error));
    g_assert_true (rd_store_get_field_version (fx->store, "contacts", id, "title", &mine, NULL));
    g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", id, "title", "\"Theirs\"",
                                                mine + 1, remote, &lost, &error));
    g_assert_false (lost);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM conflicts WHERE lost_value = '\"Mine\"'"), ==, 1);
  }

  /* Review: both conflicts listed; taking the lost "Mine" back is a new captured edit. */
  {
    g_autoptr(GPtrArray) conflicts = rd_store_list_conflicts (fx->store, TRUE, 0, 10, &error);
    g_autoptr(GPtrArray) after = NULL;
    g_autoptr(JsonObject) versions = NULL;
    g_autoptr(RdRecord) now = NULL;
    gint64 outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");
    gint64 mine_id;

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 2);
    g_assert_cmpstr (rd_record_get_string (conflicts->pdata[1], "lost_value"), ==, "\"Mine\"");
    mine_id = g_ascii_strtoll (rd_record_get_id (conflicts->pdata[1]), NULL, 10);
    fx->now_ms += 100;
    g_assert_true (rd_store_resolve_conflict (fx->store, mine_id, TRUE, &error));
    g_assert_no_error (error);
    now = rd_store_get (fx->store, "contacts", id, NULL);
    g_assert_cmpstr (rd_record_get_string (now, "title"), ==, "Mine");
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox + 1);
    after = rd_store_list_conflicts (fx->store, TRUE, 0, 10, &error);
    g_assert_cmpuint (after->len, ==, 1);
    g_assert_false (rd_store_resolve_conflict (fx->store, 999, FALSE, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);

    versions = rd_store_get_row_versions (fx->store, "contacts", id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (versions, "title"), "value"), ==, "Mine");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (versions, "title"), "site"), ==,
                     rd_store_get_site (fx->store));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (versions, "name"), "site"), ==,
                     "00000000-0000-7000-8000-00000000ffff");
    g_assert_true (json_object_has_member (versions, "deleted"));
  }

  /* A new row arriving field by field. */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", "0190a1b2-0000-7000-8000-0000000000aa",
                                              "name", "\"Newcomer\"", local_hlc + 20, remote, &lost, &error));
  g_assert_no_error (error);
  g_clear_object (&c);
  c = rd_store_get (fx->store, "contacts", "0190a1b2-0000-7000-8000-0000000000aa", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (c, "name"), ==, "Newcomer");
  /* Its other fields are the row arriving, not edits: no "changes" on its timeline; a later
   * change of one is. */
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", "0190a1b2-0000-7000-8000-0000000000aa",
                                              "tags", "\"vip\"", local_hlc + 20, remote, &lost, &error));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM audit_log WHERE row_id = "
                                               "'0190a1b2-0000-7000-8000-0000000000aa'"), ==, 0);
  g_assert_true (rd_store_apply_remote_field (fx->store, "contacts", "0190a1b2-0000-7000-8000-0000000000aa",
                                              "tags", "\"vip, renewal\"", local_hlc + 21, remote, &lost, &error));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM audit_log WHERE row_id = "
                                               "'0190a1b2-0000-7000-8000-0000000000aa' AND field = 'tags'"), ==, 1);

  /* Clock skew beyond five minutes is refused. */
  g_assert_false (rd_store_apply_remote_field (fx->store, "contacts", id, "name", "\"Future\"",
                                               rd_hlc_pack (fx->now_ms + 10 * 60 * 1000, 0), remote, &lost, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CLOCK_SKEW);
  g_clear_error (&error);

  /* Bad input names the problem. */
  g_assert_false (rd_store_apply_remote_field (fx->store, "contacts", id, "nope", "1", local_hlc, remote, &lost, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD);
}

static void
test_hlc (void)
{
  g_autoptr(RdHlc) hlc = rd_hlc_new ("site-a");
  g_autoptr(GError) error = NULL;
  gint64 now = 1000;
  RdHlcValue a, b, c;

  rd_hlc_set_clock (hlc, fixed_clock_cb, &now, NULL);
  a = rd_hlc_now (hlc);
  b = rd_hlc_now (hlc);
  g_assert_cmpuint (rd_hlc_ms (a), ==, 1000);
  g_assert_cmpuint (b, ==, a + 1);
  now = 900;   /* the wall clock goes back: still monotonic */
  c = rd_hlc_now (hlc);
  g_assert_cmpuint (c, >, b);
  g_assert_true (rd_hlc_update_from_remote (hlc, rd_hlc_pack (2000, 7), 0, &error));
  g_assert_cmpuint (rd_hlc_now (hlc), ==, rd_hlc_pack (2000, 8));
  g_assert_false (rd_hlc_update_from_remote (hlc, rd_hlc_pack (900 + RD_HLC_DEFAULT_MAX_DRIFT_MS + 1, 0), 0, &error));
  g_assert_error (error, RD_HLC_ERROR, RD_HLC_ERROR_SKEW);
  g_assert_cmpint (rd_hlc_compare (5, "a", 5, "b"), <, 0);
  g_assert_cmpint (rd_hlc_compare (6, "a", 5, "b"), >, 0);
}

static void
test_uuid (void)
{
  g_autofree char *a = rd_uuid_v7 ();
  g_autofree char *b = rd_uuid_v7 ();

  g_assert_true (rd_uuid_is_valid (a));
  g_assert_cmpint (a[14], ==, '7');
  g_assert_cmpstr (a, <, b);
  g_assert_false (rd_uuid_is_valid ("0190a1b2-0000-7000-8000-00000000000"));
}

static void
test_migrations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-mig-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);

  /* From every earlier version: build the file at version v with data, then open. */
  for (int v = 0; v < RD_SCHEMA_VERSION; v++)
    {
      sqlite3 *db = NULL;
      g_autoptr(RdStore) store = NULL;
      g_autoptr(GPtrArray) hits = NULL;

      g_remove (path);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_true (rd_schema_migrate (db, v, &error));
      g_assert_no_error (error);
      g_assert_cmpint (rd_schema_get_version (db), ==, v);
      if (v >= 1)
        g_assert_cmpint (sqlite3_exec (db, "INSERT INTO contacts (id, hlc, name) VALUES "
                                           "('0190a1b2-0000-7000-8000-000000000001', 1, 'Old Timer');"
                                           "INSERT INTO calls (id, hlc, direction, hangup_cause) VALUES "
                                           "('0190a1b2-0000-7000-8000-000000000002', 1, 'outbound', 'busy');"
                                           "INSERT INTO messages (id, hlc, channel, body) VALUES "
                                           "('0190a1b2-0000-7000-8000-000000000003', 1, 'sms', 'Hi');"
                                           "INSERT INTO deals (id, hlc, name, amount, currency) VALUES "
                                           "('0190a1b2-0000-7000-8000-000000000004', 1, 'Old deal', 100, 'RUB')",
                                       NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      store = rd_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rd_schema_get_version (rd_store_get_db (store)), ==, RD_SCHEMA_VERSION);
      hits = rd_store_quick_search (store, "old", 0, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, v >= 1 ? 1 : 0);

      /* Version 3: an old call record gains sip_status and notes, empty until set. */
      if (v >= 1)
        {
          g_autoptr(RdRecord) changes = rd_record_new ("calls");
          g_autoptr(RdRecord) call = NULL;

          rd_record_set_id (changes, "0190a1b2-0000-7000-8000-000000000002");
          rd_record_set_int (changes, "sip_status", 486);
          rd_record_set_string (changes, "notes", "Line busy twice");
          g_assert_true (rd_store_update (store, changes, &error));
          g_assert_no_error (error);
          call = rd_store_get (store, "calls", "0190a1b2-0000-7000-8000-000000000002", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (rd_record_get_string (call, "hangup_cause"), ==, "busy");
          g_assert_cmpint (rd_record_get_int (call, "sip_status", 0), ==, 486);
          g_assert_cmpstr (rd_record_get_string (call, "notes"), ==, "Line busy twice");
        }

      /* Version 4: an old message gains status, reason and segments. */
      if (v >= 1)
        {
          g_autoptr(RdRecord) changes = rd_record_new ("messages");
          g_autoptr(RdRecord) message = NULL;

          rd_record_set_id (changes, "0190a1b2-0000-7000-8000-000000000003");
          rd_record_set_string (changes, "status", "failed");
          rd_record_set_string (changes, "reason", "no route");
          rd_record_set_int (changes, "segments", 1);
          g_assert_true (rd_store_update (store, changes, &error));
          g_assert_no_error (error);
          message = rd_store_get (store, "messages", "0190a1b2-0000-7000-8000-000000000003", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (rd_record_get_string (message, "body"), ==, "Hi");
          g_assert_cmpstr (rd_record_get_string (message, "status"), ==, "failed");
          g_assert_cmpstr (rd_record_get_string (message, "reason"), ==, "no route");
          g_assert_cmpint (rd_record_get_int (message, "segments", 0), ==, 1);
        }

      /* Version 5: an old call names no center call; the server's merge may set one. */
      if (v >= 1)
        {
          g_autoptr(RdRecord) call = NULL;
          gboolean lost = FALSE;

          call = rd_store_get (store, "calls", "0190a1b2-0000-7000-8000-000000000002", &error);
          g_assert_no_error (error);
          g_assert_null (rd_record_get_string (call, "center_call_id"));
          g_clear_object (&call);
          g_assert_true (rd_store_apply_remote_field (store, "calls", "0190a1b2-0000-7000-8000-000000000002",
                                                      "center_call_id",
                                                      "\"0190a1b2-0000-7000-8000-0000000000cc\"",
                                                      (RdHlcValue) 1 << 40,
                                                      "0190a1b2-0000-7000-8000-0000000000ee", &lost, &error));
          g_assert_no_error (error);
          call = rd_store_get (store, "calls", "0190a1b2-0000-7000-8000-000000000002", &error);
          g_assert_cmpstr (rd_record_get_string (call, "center_call_id"), ==,
                           "0190a1b2-0000-7000-8000-0000000000cc");
        }

      /* Version 6: an old SMS gains the e-mail fields, empty until set. */
      if (v >= 1)
        {
          g_autoptr(RdRecord) changes = rd_record_new ("messages");
          g_autoptr(RdRecord) message = NULL;

          rd_record_set_id (changes, "0190a1b2-0000-7000-8000-000000000003");
          rd_record_set_string (changes, "message_id", "<a@example.org>");
          rd_record_set_string (changes, "html", "<b>Hi</b>");
          g_assert_true (rd_store_update (store, changes, &error));
          g_assert_no_error (error);
          message = rd_store_get (store, "messages", "0190a1b2-0000-7000-8000-000000000003", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (rd_record_get_string (message, "message_id"), ==, "<a@example.org>");
          g_assert_cmpstr (rd_record_get_string (message, "html"), ==, "<b>Hi</b>");
          g_assert_null (rd_record_get_string (message, "in_reply_to"));
          g_assert_null (rd_record_get_string (message, "attachments"));
        }

      /* Version 8: custom fields and addresses. The migration rewrote no record (the old
       * contact keeps its clock and versions); an old contact takes a value and an address,
       * and is found by both. */
      {
        g_autoptr(RdCustomField) field = rd_custom_field_new ("contacts", "segment", "Segment", RD_CUSTOM_TEXT);
        g_autoptr(RdRecord) changes = rd_record_new ("contacts");
        g_autoptr(GPtrArray) found = NULL;
        JsonObject *custom = json_object_new ();
        JsonArray *addresses = json_array_new ();
        JsonObject *address = json_object_new ();

        g_assert_true (rd_store_define_custom_field (store, field, &error));
        g_assert_no_error (error);
        if (v >= 1)
          {
            g_assert_cmpint (store_count_sql (store, "SELECT count(*) FROM contacts WHERE hlc = 1 AND fv = '{}'"), ==, 1);
            json_object_set_string_member (custom, "segment", "Veterans");
            json_object_set_string_member (address, "city", "Tula");
            json_object_set_string_member (address, "country", "RU");
            json_array_add_object_element (addresses, address);
            rd_record_set_id (changes, "0190a1b2-0000-7000-8000-000000000001");
            json_object_set_object_member (rd_record_get_fields (changes), "custom", custom);
            json_object_set_array_member (rd_record_get_fields (changes), "addresses", addresses);
            g_assert_true (rd_store_update (store, changes, &error));
            g_assert_no_error (error);
            found = rd_store_search (store, "contacts", "segment = Veterans and city = Tula", NULL, 0, 10, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (found->len, ==, 1);
            g_clear_pointer (&found, g_ptr_array_unref);
            found = rd_store_quick_search (store, "veterans", 0, 10, &error);
            g_assert_cmpuint (found->len, ==, 1);
          }
        else
          {
            json_object_unref (custom);
            json_object_unref (address);
            json_array_unref (addresses);
          }
      }
      /* Version 8: the catalog and projects. An old deal keeps its typed amount until it
       * gets line items, then has their total; it can be priced from a price list. */
      if (v >= 1)
        {
          const char *deal_id = "0190a1b2-0000-7000-8000-000000000004";
          g_autoptr(RdRecord) product = rd_record_new ("products");
          g_autoptr(RdRecord) project = rd_record_new ("projects");
          g_autoptr(RdRecord) deal = NULL;
          g_autofree char *item = NULL;

          deal = rd_store_get (store, "deals", deal_id, &error);
          g_assert_no_error (error);
          g_assert_cmpfloat (rd_record_get_double (deal, "amount", 0), ==, 100);
          g_assert_null (rd_record_get_string (deal, "price_list_id"));
          g_clear_object (&deal);
          rd_record_set_string (product, "name", "Licence");
          rd_record_set_double (product, "unit_price", 250);
          rd_record_set_string (product, "currency", "RUB");
          g_assert_true (rd_store_insert (store, product, &error));
          g_assert_no_error (error);
          item = rd_store_add_line_item (store, deal_id, rd_record_get_id (product), 2, &error);
          g_assert_no_error (error);
          deal = rd_store_get (store, "deals", deal_id, &error);
          g_assert_cmpfloat (rd_record_get_double (deal, "amount", 0), ==, 500);
          rd_record_set_string (project, "name", "Rollout");
          g_assert_true (rd_store_insert (store, project, &error));
          g_assert_no_error (error);
        }
    }

  /* A newer file is refused with a clear message. */
  {
    sqlite3 *db = NULL;
    g_autoptr(RdStore) store = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close (db);
    store = rd_store_open (path, &error);
    g_assert_null (store);
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_SCHEMA_TOO_NEW);
  }

  store_rm_rf (dir);
}

static void
test_schema_matches_descriptors (StoreFixture  *fx,
                                 gconstpointer  data)
{
  guint n;
  const RdTableDesc *const *tables = rd_schema_tables (&n);

  for (guint i = 0; i < n; i++)
    {
      const char *sync_cols[] = { "id", "owner", "hlc", "deleted", "fv" };

      for (gsize k = 0; k < G_N_ELEMENTS (sync_cols); k++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                                                  tables[i]->name, sync_cols[k]);
          g_assert_cmpint (store_count_sql (fx->store, sql), ==, 1);
        }
      for (guint f = 0; f < tables[i]->n_fields; f++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                                                  tables[i]->name, tables[i]->fields[f].name);
          if (store_count_sql (fx->store, sql) != 1)
            g_error ("%s.%s is described but has no column", tables[i]->name, tables[i]->fields[f].name);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/store/open/reopen", test_open_reopen);
  ADD ("/store/schema/descriptors", test_schema_matches_descriptors);
  ADD ("/store/contact/insert-get", test_contact_insert_get);
  ADD ("/store/records/all-tables", test_all_tables_crud);
  ADD ("/store/capture/update", test_update_capture);
  ADD ("/store/validation/errors", test_validation);
  ADD ("/store/lookup/e164", test_lookup_number);
  ADD ("/store/lead/convert", test_convert_lead);
  ADD ("/store/lead/convert-rollback", test_convert_lead_rollback);
  ADD ("/store/timeline/paging", test_timeline_paging);
  ADD ("/store/merge/lww", test_merge_lww);
  g_test_add_func ("/store/hlc/monotonic", test_hlc);
  g_test_add_func ("/store/uuid/v7", test_uuid);
  g_test_add_func ("/store/migrations/every-version", test_migrations);

  return g_test_run ();
}
