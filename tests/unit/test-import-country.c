/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV import reads each number for its country (the row's country column, else the
 * import's default country, else the store's region) and keeps an E.164 only for a number
 * libphonenumber says is valid there: the "030 1234567" and "(212) 555-0100". */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rd-csv-import.h"
#include "rd-phone-number.h"
#include "rd-store-bulk.h"
#include "rd-test-store.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static RdCsvImportReport *
import (StoreFixture  *fx,
        const char    *csv,
        const char    *country,
        gboolean       skip_bad,
        GError       **error)
{
  g_autofree char *path = g_build_filename (fx->dir, "in.csv", NULL);
  RdCsvImportOptions opts;
  RdCsvImportReport *report = NULL;

  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  rd_csv_import_options_init (&opts);
  opts.country = country;
  opts.skip_bad = skip_bad;
  rd_csv_import_contacts (fx->store, path, &opts, &report, error);
  return report;
}

/* The one phone of the contact called @name: its E.164 (NULL when none) and invalid flag. */
static char *
phone_of (StoreFixture *fx,
          const char   *name,
          const char   *raw,
          gboolean     *invalid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT p.e164, p.invalid FROM phones p JOIN contacts c ON c.id = p.parent_id "
                                          "WHERE c.name = '%s' AND p.raw = '%s'", name, raw);
  sqlite3_stmt *stmt = rd_store_stmt (fx->store, sql, NULL);
  char *e164;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  e164 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *invalid = sqlite3_column_int (stmt, 1) != 0;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  rd_store_stmt_done (stmt);
  return e164;
}

static void
assert_valid_phone (StoreFixture *fx,
                    const char   *name,
                    const char   *raw,
                    const char   *international)
{
  gboolean invalid = TRUE;
  g_autofree char *e164 = phone_of (fx, name, raw, &invalid);
  g_autofree char *shown = rd_phone_number_format (e164, "RU", RD_PHONE_FORMAT_INTERNATIONAL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (invalid);
  g_assert_cmpstr (shown, ==, international);
  /* The screen pop finds it by its number in any format. */
  hits = rd_store_lookup_number (fx->store, international, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (rd_record_get_string (hits->pdata[0], "name"), ==, name);
}

static void
assert_invalid_phone (StoreFixture *fx,
                      const char   *name,
                      const char   *raw)
{
  gboolean invalid = FALSE;
  g_autofree char *e164 = phone_of (fx, name, raw, &invalid);

  g_assert_true (invalid);
  g_assert_null (e164);
}

static void
assert_warning (RdCsvImportReport *report,
                guint              index,
                guint              line,
                const char        *text)
{
  RdCsvRowError *w;

  g_assert_cmpuint (report->warnings->len, >, index);
  w = report->warnings->pdata[index];
  g_test_message ("warning: line %u: %s", w->line, w->message);
  g_assert_cmpuint (w->line, ==, line);
  g_assert_nonnull (strstr (w->message, text));
  g_assert_nonnull (strstr (w->message, "not a valid phone number"));
}

static void
test_german_number (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) with = NULL;
  g_autoptr(RdCsvImportReport) without = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_cmpstr (rd_store_get_default_region (fx->store), ==, "RU");

  with = import (fx, "name,phone,country\nDieter,030 1234567,DE\n", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (with->created, ==, 1);
  g_assert_cmpuint (with->invalid_numbers, ==, 0);
  g_assert_cmpuint (with->warnings->len, ==, 0);
  assert_valid_phone (fx, "Dieter", "030 1234567", "+49 30 1234567");

  /* The same row without its country: read for RU, where it is no one's number. */
  without = import (fx, "name,phone\nDimitri,030 1234567\n", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (without->committed);
  g_assert_cmpuint (without->created, ==, 1);
  g_assert_cmpuint (without->bad, ==, 0);
  g_assert_cmpuint (without->invalid_numbers, ==, 1);
  assert_warning (without, 0, 2, "“030 1234567”");
  g_assert_nonnull (strstr (((RdCsvRowError *) without->warnings->pdata[0])->message, "RU"));
  assert_invalid_phone (fx, "Dimitri", "030 1234567");
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE e164 LIKE '+7%'"), ==, 0);
  /* Not a duplicate of Dieter either: the rule is the same for both. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 2);
  /* Never popped as the +7 number the old import made of it. */
  hits = rd_store_lookup_number (fx->store, "+7 030 123-45-67", &error);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_PHONE);
  g_assert_null (hits);
}

static void
test_us_number (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;

  /* The country column may come before the phone, in any case; the mapping names it. */
  {
    g_autofree char *path = g_build_filename (fx->dir, "us.csv", NULL);
    RdCsvImportOptions opts;

    g_assert_true (g_file_set_contents (path,
                                        "Country;Name;Tel\n"
                                        "us;Uma;(212) 555-0100\n"
                                        "RU;Ruslan;(212) 555-0100\n"
                                        ";Rita;(212) 555-0100\n", -1, NULL));
    rd_csv_import_options_init (&opts);
    opts.mapping = "country=Country,name=Name,phone=Tel";
    opts.duplicates = RD_CSV_DUPLICATES_SKIP;
    g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 3);   /* the invalid ones are nobody's duplicates */
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->invalid_numbers, ==, 2);
  assert_warning (report, 0, 3, "in RU");
  assert_warning (report, 1, 4, "in RU");
  assert_valid_phone (fx, "Uma", "(212) 555-0100", "+1 212-555-0100");
  assert_invalid_phone (fx, "Ruslan", "(212) 555-0100");
  assert_invalid_phone (fx, "Rita", "(212) 555-0100");
  /* "country" is not a contact field: it is the contact's primary address's country. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'contacts' AND"
                                               " (value LIKE '%country%' OR field = 'country')"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses WHERE country = 'US'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses WHERE country = 'RU'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM addresses"), ==, 2);
}

static void
test_unknown_country (StoreFixture  *fx,
                      gconstpointer  data)
{
  const char csv[] =
    "name,phone,country\n"            /* line 1 */
    "Dieter,030 1234567,DE\n"         /* 2 */
    "Xavier,030 1234567,XX\n"         /* 3 */
    "Long,030 1234567,Atlantis\n"     /* 4 */
    "Deu,030 2345678,DEU\n"           /* 5: alpha-3 codes and names are countries too */
    "Name,030 3456789,Germany\n";     /* 6 */
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = import (fx, csv, NULL, FALSE, &error);
  RdCsvRowError *e;

  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_cmpuint (report->bad, ==, 2);
  e = report->errors->pdata[0];
  g_assert_cmpuint (e->line, ==, 3);
  g_assert_nonnull (strstr (e->message, "unknown country “XX”"));
  e = report->errors->pdata[1];
  g_assert_cmpuint (e->line, ==, 4);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 0);

  /* Skipping bad rows: the good one is in, valid. */
  g_clear_error (&error);
  g_clear_pointer (&report, rd_csv_import_report_free);
  report = import (fx, csv, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->bad, ==, 2);
  assert_valid_phone (fx, "Dieter", "030 1234567", "+49 30 1234567");
  assert_valid_phone (fx, "Deu", "030 2345678", "+49 30 2345678");
  assert_valid_phone (fx, "Name", "030 3456789", "+49 30 3456789");
}

static void
test_default_country (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;

  /* An unknown default country is refused before anything is read. */
  report = import (fx, "name,phone\nDieter,030 1234567\n", "Germany", FALSE, &error);
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_COUNTRY);
  g_assert_null (report);
  g_clear_error (&error);

  /* The import's country, not the store's, for rows without a country column; a row's
   * own country still wins. */
  report = import (fx,
                   "name,phone,country\n"
                   "Dieter,030 1234567,\n"
                   "Uma,(212) 555-0100,US\n"
                   "Ivan,999 123-45-67,\n",
                   "de", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->invalid_numbers, ==, 1);
  assert_warning (report, 0, 4, "in DE");
  assert_valid_phone (fx, "Dieter", "030 1234567", "+49 30 1234567");
  assert_valid_phone (fx, "Uma", "(212) 555-0100", "+1 212-555-0100");
  assert_invalid_phone (fx, "Ivan", "999 123-45-67");   /* a Moscow mobile, no German number */
  g_assert_cmpstr (rd_store_get_default_region (fx->store), ==, "RU");
}

/* Rows that meet a duplicate go through rd_store_insert/update, not the bulk path: the
 * row's country reaches them too, and only valid E.164s make a duplicate. */
static void
test_duplicates_by_valid_numbers (StoreFixture  *fx,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "dup.csv", NULL);
  g_autofree char *known = store_add_contact (fx->store, "Dora", NULL, NULL, "dora@example.de");
  g_autofree char *invalid = store_add_contact (fx->store, "Old Import", "030 1234567", NULL, NULL);
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RdCsvImportOptions opts;

  g_assert_true (g_file_set_contents (path,
                                      "name,phone,email,country\n"
                                      "Dora,030 1234567,dora@example.de,DE\n"     /* updates Dora */
                                      "Nobody,030 1234567,,\n",                   /* invalid: no match */
                                      -1, NULL));
  rd_csv_import_options_init (&opts);
  opts.duplicates = RD_CSV_DUPLICATES_UPDATE;
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->created, ==, 1);
  g_assert_cmpuint (report->invalid_numbers, ==, 1);
  assert_warning (report, 0, 3, "“030 1234567”");
  assert_valid_phone (fx, "Dora", "030 1234567", "+49 30 1234567");
  assert_invalid_phone (fx, "Old Import", "030 1234567");
  assert_invalid_phone (fx, "Nobody", "030 1234567");

  /* Dora's number, now valid, makes a duplicate; a skipped row notes nothing. */
  g_clear_pointer (&report, rd_csv_import_report_free);
  g_assert_true (g_file_set_contents (path, "name,phone,country\nDieter,030 1234567,DE\nNemo,030 1234567,\n", -1, NULL));
  opts.duplicates = RD_CSV_DUPLICATES_SKIP;
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_cmpuint (report->created, ==, 1);   /* Nemo: an invalid number is nobody's duplicate */
  g_assert_cmpuint (report->invalid_numbers, ==, 1);
  assert_warning (report, 0, 3, "in RU");
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE e164 = '+49301234567'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts WHERE name = 'Dieter'"), ==, 0);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The async import (the app's) copies the default country with the other options. */
static void
test_async_country (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "async.csv", NULL);
  g_autofree char *country = g_strdup ("DE");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RdCsvImportOptions opts;

  g_assert_true (g_file_set_contents (path, "name,phone\nDieter,030 1234567\n", -1, NULL));
  rd_csv_import_options_init (&opts);
  opts.country = country;
  rd_csv_import_contacts_async (fx->store, path, &opts, NULL, import_done_cb, &result);
  g_clear_pointer (&country, g_free);   /* the import has its own copy */
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rd_csv_import_contacts_finish (fx->store, result, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 1);
  g_assert_cmpuint (report->invalid_numbers, ==, 0);
  assert_valid_phone (fx, "Dieter", "030 1234567", "+49 30 1234567");

  /* The worker thread drops its reference on the store a moment after the callback. */
  g_clear_object (&result);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (G_OBJECT (fx->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
      g_usleep (1000);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/import/country/german-number", test_german_number);
  ADD ("/import/country/us-number", test_us_number);
  ADD ("/import/country/unknown-country", test_unknown_country);
  ADD ("/import/country/default-country", test_default_country);
  ADD ("/import/country/duplicates-by-valid-numbers", test_duplicates_by_valid_numbers);
  ADD ("/import/country/async", test_async_country);

  return g_test_run ();
}
