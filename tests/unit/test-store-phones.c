/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's own writes of phones (the record editor's insert, update and add-phone, the
 * vCard import) keep an E.164 only for a number valid for its region, and the caller-id
 * lookup still finds the valid ones. */
#include "config.h"

#include <sqlite3.h>

#include "rd-store-bulk.h"
#include "rd-test-store.h"
#include "rd-vcard.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

/* The live phone of @parent_id typed as @raw: its E.164 ("" when NULL) and invalid flag. */
static char *
stored_phone (StoreFixture *fx,
              const char   *parent_id,
              const char   *raw)
{
  sqlite3_stmt *stmt = rd_store_stmt (fx->store, "SELECT coalesce(e164, ''), invalid FROM phones "
                                                 "WHERE parent_id = ? AND raw = ? AND deleted = 0", NULL);
  char *answer;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, raw, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  answer = g_strdup_printf ("%s|%d", sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  rd_store_stmt_done (stmt);
  return answer;
}

static void
assert_phone (StoreFixture *fx,
              const char   *parent_id,
              const char   *raw,
              const char   *expected)
{
  g_autofree char *got = stored_phone (fx, parent_id, raw);

  g_assert_cmpstr (got, ==, expected);
}

static guint
lookup_count (StoreFixture *fx,
              const char   *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rd_store_lookup_number (fx->store, number, &error);

  if (hits == NULL)
    {
      g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_PHONE);
      return 0;
    }
  return hits->len;
}

static void
test_editor_writes (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autofree char *id = store_add_contact (fx->store, "Anna", "8 (999) 123-45-67", "030 1234567", NULL);
  g_autofree char *added = NULL;
  g_autofree char *e164 = NULL;

  /* Insert (the editor's create): the valid one pops, the German one read as +7 does not. */
  assert_phone (fx, id, "8 (999) 123-45-67", "+79991234567|0");
  assert_phone (fx, id, "030 1234567", "|1");
  g_assert_cmpuint (lookup_count (fx, "+7 999 123-45-67"), ==, 1);
  g_assert_cmpuint (lookup_count (fx, "+70301234567"), ==, 0);
  e164 = rd_store_e164 (fx->store, "030 1234567");
  g_assert_null (e164);

  /* Add phone (the editor's "add a number" row). */
  added = rd_store_add_phone (fx->store, "contacts", id, "(212) 555-0100", "work", &error);
  g_assert_no_error (error);
  assert_phone (fx, id, "(212) 555-0100", "|1");
  g_clear_pointer (&added, g_free);
  added = rd_store_add_phone_in_region (fx->store, "contacts", id, "(212) 555-0199", "work", "US", &error);
  g_assert_no_error (error);
  assert_phone (fx, id, "(212) 555-0199", "+12125550199|0");
  g_assert_cmpuint (lookup_count (fx, "+1 212-555-0199"), ==, 1);
  g_clear_pointer (&added, g_free);
  added = rd_store_add_phone_in_region (fx->store, "contacts", id, "030 7654321", NULL, "XX", &error);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_null (added);
  g_clear_error (&error);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE raw = '030 7654321'"), ==, 0);

  /* Update (the editor's save): the phones array, one of them read for DE. */
  rd_record_set_id (changes, id);
  rd_record_add_phone (changes, "8 (999) 123-45-67", NULL);
  rd_record_add_phone_in_region (changes, "030 1234568", "work", "DE");
  rd_record_add_phone (changes, "030 1234569", "home");
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);
  assert_phone (fx, id, "030 1234568", "+49301234568|0");
  assert_phone (fx, id, "030 1234569", "|1");
  g_assert_cmpuint (lookup_count (fx, "+49 30 1234568"), ==, 1);
  g_assert_cmpuint (lookup_count (fx, "8 999 123 45 67"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE deleted = 0"), ==, 3);
}

/* The store's region decides: the same text is valid once the region fits it. */
static void
test_default_region (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ru = store_add_contact (fx->store, "Ruslan", "(212) 555-0100", NULL, NULL);
  g_autofree char *us = NULL;

  g_assert_true (rd_store_set_default_region (fx->store, "US", &error));
  us = store_add_contact (fx->store, "Uma", "(212) 555-0100", NULL, NULL);
  assert_phone (fx, ru, "(212) 555-0100", "|1");
  assert_phone (fx, us, "(212) 555-0100", "+12125550100|0");
  g_assert_cmpuint (lookup_count (fx, "212-555-0100"), ==, 1);
}

static void
test_vcard_import (StoreFixture  *fx,
                   gconstpointer  data)
{
  const char vcf[] =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dieter\r\nTEL;TYPE=WORK:030 1234567\r\n"
    "TEL;TYPE=CELL:+49 151 23456789\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Uma\r\nTEL;VALUE=uri:tel:+1-212-555-0100\r\nEND:VCARD\r\n";
  g_autofree char *path = g_build_filename (fx->dir, "in.vcf", NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0, skipped = 0;

  g_assert_true (g_file_set_contents (path, vcf, -1, NULL));
  g_assert_true (rd_vcard_import (fx->store, path, &n, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  /* Read for RU, "030 1234567" is kept as typed, with no E.164 to pop or dial. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE raw = '030 1234567' "
                                               "AND e164 IS NULL AND invalid = 1"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE e164 IN "
                                               "('+4915123456789', '+12125550100') AND invalid = 0"), ==, 2);
  g_assert_cmpuint (lookup_count (fx, "+49 151 23456789"), ==, 1);
  g_assert_cmpuint (lookup_count (fx, "+1 (212) 555-0100"), ==, 1);
  g_assert_cmpuint (lookup_count (fx, "+7 030 123 45 67"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/store/phones/editor-writes", test_editor_writes);
  ADD ("/store/phones/default-region", test_default_region);
  ADD ("/store/phones/vcard-import", test_vcard_import);

  return g_test_run ();
}
