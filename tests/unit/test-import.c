/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rd-csv-import.h"
#include "rd-test-store.h"
#include "rd-vcard.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static char *
write_file (StoreFixture *fx,
            const char   *name,
            const char   *data,
            gssize        len)
{
  char *path = g_build_filename (fx->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static RdCsvImportReport *
import (StoreFixture  *fx,
        const char    *data,
        gssize         len,
        const char    *mapping,
        gboolean       skip_bad,
        GError       **error)
{
  g_autofree char *path = write_file (fx, "in.csv", data, len);
  RdCsvImportOptions opts;
  RdCsvImportReport *report = NULL;

  rd_csv_import_options_init (&opts);
  opts.mapping = mapping;
  opts.skip_bad = skip_bad;
  rd_csv_import_contacts (fx->store, path, &opts, &report, error);
  return report;
}

static void
test_nasty_file (StoreFixture  *fx,
                 gconstpointer  data)
{
  /* BOM, CRLF, semicolons, quoted delimiter, doubled quotes, a newline inside a field,
   * Cyrillic, an empty line, a line of empty cells. */
  const char csv[] =
    "\xef\xbb\xbf" "Name;Phone;E-mail;Company;Note\r\n"
    "\"Петров; Иван\";+7 999 111-22-33;ivan@example.ru;\"ООО \"\"Ромашка\"\"\";\"line one\r\nline two\"\r\n"
    "\r\n"
    "Anna Smith;(650) 253-0000;anna@example.com;Globex;plain\r\n"
    ";;;;\r\n"
    "Ёжик;not a number;;;\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report =
    import (fx, csv, -1, "name=Name,phone=Phone,email=E-mail,organization=Company,description=Note", FALSE, &error);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(RdRecord) c = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (report->delimiter, ==, ';');
  g_assert_cmpuint (report->rows, ==, 3);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->bad, ==, 0);
  g_assert_true (report->committed);

  hits = rd_store_lookup_number (fx->store, "89991112233", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  c = g_object_ref (hits->pdata[0]);
  g_assert_cmpstr (rd_record_get_string (c, "name"), ==, "Петров; Иван");
  g_assert_cmpstr (rd_record_get_string (c, "description"), ==, "line one\r\nline two");
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM organizations WHERE name = 'ООО \"Ромашка\"'"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE invalid = 1 AND raw = 'not a number'"), ==, 1);
}

static void
test_line_numbers_all_or_nothing (StoreFixture  *fx,
                                  gconstpointer  data)
{
  const char csv[] =
    "name,phone,email\n"            /* line 1 */
    "Good One,+79990000001,\n"      /* 2 */
    "\"Multi\nLine\",+79990000002,\n" /* 3-4 */
    "Too,Many,Columns,Here\n"       /* 5 */
    ",+79990000003,\n"              /* 6: no name */
    "Bad Mail,+79990000004,nope@\n" /* 7 */
    "Last,+79990000005,\n";         /* 8 */
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = import (fx, csv, -1, NULL, FALSE, &error);
  RdCsvRowError *e;

  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (report);
  g_assert_false (report->committed);
  g_assert_cmpuint (report->bad, ==, 3);
  e = report->errors->pdata[0];
  g_assert_cmpuint (e->line, ==, 5);
  g_assert_nonnull (strstr (e->message, "expected 3 columns, found 4"));
  e = report->errors->pdata[1];
  g_assert_cmpuint (e->line, ==, 6);
  g_assert_nonnull (strstr (e->message, "name"));
  e = report->errors->pdata[2];
  g_assert_cmpuint (e->line, ==, 7);
  g_assert_nonnull (strstr (e->message, "email"));
  /* All or nothing: nothing. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, 0);

  /* Skip bad rows: the three good ones, in one transaction. */
  g_clear_error (&error);
  g_clear_pointer (&report, rd_csv_import_report_free);
  report = import (fx, csv, -1, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->bad, ==, 3);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts WHERE name = 'Multi\nLine'"), ==, 1);
}

static void
test_broken_quote_at_eof (StoreFixture  *fx,
                          gconstpointer  data)
{
  const char csv[] = "name,phone\nA,+79990000001\nB,+79990000002\n\"C,+7999000000";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = import (fx, csv, -1, NULL, FALSE, &error);

  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS);
  g_assert_cmpuint (report->bad, ==, 1);
  g_assert_cmpuint (((RdCsvRowError *) report->errors->pdata[0])->line, ==, 4);
  g_assert_nonnull (strstr (((RdCsvRowError *) report->errors->pdata[0])->message, "not closed"));
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 0);
}

static void
test_dry_run_duplicates (StoreFixture  *fx,
                         gconstpointer  data)
{
  const char csv[] =
    "x,title,name,mobile,mail\n"
    "1,CEO,Anna,+7 999 000-00-01,anna@a.test\n"
    "2,CTO,Boris,+7 999 000-00-02,\n"
    "3,CFO,Anna Again,8 999 000 00 01,\n"      /* duplicate by phone (other format) */
    "4,,Vera,,BORIS@B.TEST\n";                 /* new */
  g_autofree char *path = write_file (fx, "dups.csv", csv, -1);
  g_autofree char *boris = store_add_contact (fx->store, "Boris Old", NULL, NULL, "boris@b.test");
  RdCsvImportOptions opts;
  g_autoptr(GError) error = NULL;
  gint64 outbox = store_count_sql (fx->store, "SELECT count(*) FROM outbox");

  rd_csv_import_options_init (&opts);
  opts.mapping = "title=2,name=3,phone=4,email=mail";
  opts.dry_run = TRUE;
  opts.duplicates = RD_CSV_DUPLICATES_SKIP;
  {
    g_autoptr(RdCsvImportReport) report = NULL;

    g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
    g_assert_no_error (error);
    /* Vera's e-mail matches Boris (case-insensitive); Anna Again matches Anna from this file. */
    g_assert_cmpuint (report->created, ==, 2);
    g_assert_cmpuint (report->skipped, ==, 2);
    g_assert_false (report->committed);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, outbox);
  }

  opts.dry_run = FALSE;
  opts.duplicates = RD_CSV_DUPLICATES_UPDATE;
  {
    g_autoptr(RdCsvImportReport) report = NULL;
    g_autoptr(RdRecord) b = NULL;

    g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
    g_assert_cmpuint (report->created, ==, 2);
    g_assert_cmpuint (report->updated, ==, 2);
    b = rd_store_get (fx->store, "contacts", boris, &error);
    g_assert_cmpstr (rd_record_get_string (b, "name"), ==, "Vera");
  }

  opts.duplicates = RD_CSV_DUPLICATES_CREATE;
  {
    g_autoptr(RdCsvImportReport) report = NULL;

    g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
    g_assert_cmpuint (report->created, ==, 4);
  }
}

static void
progress_cb (guint64  done,
             guint64  total,
             guint    rows,
             gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static void
test_cp1251_start_row_progress (StoreFixture  *fx,
                                gconstpointer  data)
{
  /* "Отчёт" title line, then header at line 2, "Иван" in CP1251, tab-separated. */
  const char utf8[] = "Отчёт за май\nФИО\tТелефон\nИван\t+79990000001\nМария\t+79990000002\n";
  g_autofree char *cp = g_convert (utf8, -1, "CP1251", "UTF-8", NULL, NULL, NULL);
  g_autofree char *path = write_file (fx, "cp.csv", cp, -1);
  RdCsvImportOptions opts;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;
  guint calls = 0;

  rd_csv_import_options_init (&opts);
  opts.encoding = "CP1251";
  opts.start_row = 2;
  opts.mapping = "name=ФИО,phone=Телефон";
  opts.progress = progress_cb;
  opts.progress_data = &calls;
  g_assert_true (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->delimiter, ==, '\t');
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (calls, >=, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts WHERE name = 'Мария'"), ==, 1);

  /* The same bytes read as UTF-8: bad text is reported per row, not mangled. */
  g_clear_pointer (&report, rd_csv_import_report_free);
  opts.encoding = NULL;
  opts.mapping = "name=1,phone=2";
  opts.header = FALSE;
  opts.start_row = 3;
  g_assert_false (rd_csv_import_contacts (fx->store, path, &opts, &report, &error));
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS);
  g_assert_nonnull (strstr (((RdCsvRowError *) report->errors->pdata[0])->message, "UTF-8"));
}

static void
test_bad_mapping (StoreFixture  *fx,
                  gconstpointer  data)
{
  /* The last: a column name taken, then a field refused (found by fuzz/fuzz-csv-import:
   * the names taken so far leaked). */
  const char *bad[] = { "shoe=1", "name", "name=0", "name=Missing", "name=Name,shoe=Note" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdCsvImportReport) report = import (fx, "a,b\n1,2\n", -1, bad[i], FALSE, &error);

      g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING);
    }
  {
    g_autoptr(GError) error = NULL;
    RdCsvImportOptions opts;

    rd_csv_import_options_init (&opts);
    g_assert_false (rd_csv_import_contacts (fx->store, "/nonexistent/file.csv", &opts, NULL, &error));
    g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_READ);
  }
}

static void
test_export_round_trip (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = store_add_contact (fx->store, "Quote \"Q\", Comma", "+79991234567", "+74951112233", "q@q.test");
  g_autofree char *out = g_build_filename (fx->dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (rd_csv_export (fx->store, "contacts", NULL, out, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "id,name,first_name"));
  g_assert_nonnull (strstr (text, "\"Quote \"\"Q\"\", Comma\""));
  g_assert_nonnull (strstr (text, "+79991234567; +74951112233"));

  /* And it reads back through the importer. */
  {
    RdCsvImportOptions opts;
    g_autoptr(RdCsvImportReport) report = NULL;

    rd_csv_import_options_init (&opts);
    opts.mapping = "name=name,email=emails";
    opts.duplicates = RD_CSV_DUPLICATES_CREATE;
    g_assert_true (rd_csv_import_contacts (fx->store, out, &opts, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report->created, ==, 1);
    g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts WHERE name = 'Quote \"Q\", Comma'"), ==, 2);
  }
}

static void
test_vcard_round_trip (StoreFixture  *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) org = rd_record_new ("organizations");
  g_autoptr(RdRecord) c = rd_record_new ("contacts");
  g_autofree char *path = g_build_filename (fx->dir, "out.vcf", NULL);
  g_autofree char *text = NULL;

  rd_record_set_string (org, "name", "ООО Ромашка");
  g_assert_true (rd_store_insert (fx->store, org, &error));
  rd_record_set_string (c, "name", "Екатерина Великая-Длиннофамильная, старший менеджер по работе с ключевыми клиентами");
  rd_record_set_string (c, "first_name", "Екатерина");
  rd_record_set_string (c, "last_name", "Великая;Длинная");
  rd_record_set_string (c, "title", "Head, Sales");
  rd_record_set_string (c, "tags", "vip, east");
  rd_record_set_string (c, "description", "two\nlines");
  rd_record_set_string (c, "org_id", rd_record_get_id (org));
  rd_record_add_phone (c, "+7 999 123-45-67", "mobile");
  rd_record_add_phone (c, "+7 495 000-11-22", "work");
  rd_record_add_email (c, "kate@example.ru", "home");
  g_assert_true (rd_store_insert (fx->store, c, &error));

  for (int version = 3; version <= 4; version++)
    {
      g_autofree char *dir = g_build_filename (fx->dir, version == 3 ? "v3" : "v4", NULL);
      g_autoptr(RdStore) other = NULL;
      g_autoptr(RdRecord) back = NULL;
      g_autoptr(RdRecord) back_org = NULL;
      guint n = 0, skipped = 0;
      JsonArray *phones;

      g_assert_true (rd_vcard_export (fx->store, NULL, path, version, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 1);
      g_free (text);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, version == 3 ? "VERSION:3.0\r\n" : "VERSION:4.0\r\n"));
      g_assert_nonnull (strstr (text, "\r\n "));   /* folded */
      g_assert_nonnull (strstr (text, "TITLE:Head\\, Sales\r\n"));

      /* Into the same store: already there (same UID). */
      g_assert_true (rd_vcard_import (fx->store, path, &n, &skipped, &error));
      g_assert_cmpuint (n, ==, 0);
      g_assert_cmpuint (skipped, ==, 1);

      /* Into a fresh store: the same contact. */
      other = rd_store_open_dir (dir, &error);
      g_assert_no_error (error);
      g_assert_true (rd_vcard_import (other, path, &n, &skipped, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 1);
      back = rd_store_get (other, "contacts", rd_record_get_id (c), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rd_record_get_string (back, "name"), ==, rd_record_get_string (c, "name"));
      g_assert_cmpstr (rd_record_get_string (back, "first_name"), ==, "Екатерина");
      g_assert_cmpstr (rd_record_get_string (back, "last_name"), ==, "Великая;Длинная");
      g_assert_cmpstr (rd_record_get_string (back, "title"), ==, "Head, Sales");
      g_assert_cmpstr (rd_record_get_string (back, "tags"), ==, "vip, east");
      g_assert_cmpstr (rd_record_get_string (back, "description"), ==, "two\nlines");
      phones = rd_record_get_array (back, "phones");
      g_assert_cmpuint (json_array_get_length (phones), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 1), "e164"), ==, "+74950001122");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 1), "kind"), ==, "work");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rd_record_get_array (back, "emails"), 0), "kind"), ==, "home");
      back_org = rd_store_get (other, "organizations", rd_record_get_string (back, "org_id"), &error);
      g_assert_cmpstr (rd_record_get_string (back_org, "name"), ==, "ООО Ромашка");
      rd_store_close (other);
      store_rm_rf (dir);
    }
}

static void
test_vcard_parse_foreign (void)
{
  const char card[] =
    "BEGIN:VCARD\nVERSION:2.1\nN:Doe;John;;;\nitem1.TEL;WORK;VOICE:+1 650 253 0000\n"
    "EMAIL;PREF;INTERNET:john@doe.test\nEND:VCARD\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane\r\nTEL;VALUE=uri;TYPE=\"voice,home\":tel:+44-20-7946-0018\r\nEND:VCARD\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = rd_vcard_parse (card, &error);
  JsonArray *phones;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpstr (rd_record_get_string (cards->pdata[0], "name"), ==, "John Doe");
  phones = rd_record_get_array (cards->pdata[0], "phones");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "kind"), ==, "work");
  phones = rd_record_get_array (cards->pdata[1], "phones");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "raw"), ==, "+44-20-7946-0018");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "kind"), ==, "home");

  g_assert_null (rd_vcard_parse ("hello", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (rd_vcard_parse ("BEGIN:VCARD\nTEL:1\nEND:VCARD\n", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED);
}

typedef struct {
  GMainLoop          *loop;
  gboolean            ok;
  GError             *error;
  RdCsvImportReport  *report;
  GThread            *main_thread;
  gboolean            progress_off_main;
} AsyncState;

static void
async_progress_cb (guint64  done,
                   guint64  total,
                   guint    rows,
                   gpointer user_data)
{
  AsyncState *st = user_data;

  st->progress_off_main |= g_thread_self () != st->main_thread;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *st = user_data;

  st->ok = rd_csv_import_contacts_finish (RD_STORE (source), result, &st->report, &st->error);
  g_main_loop_quit (st->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("the async import did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
cancel_progress_cb (guint64  bytes_done,
                    guint64  bytes_total,
                    guint    rows_done,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_async (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("name,phone\n");
  g_autofree char *path = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  AsyncState st = { 0 };
  RdCsvImportOptions opts;
  guint timeout;

  for (int i = 0; i < 1200; i++)
    g_string_append_printf (csv, "Async %d,+7999555%04d\n", i, i);
  path = write_file (fx, "async.csv", csv->str, csv->len);
  rd_csv_import_options_init (&opts);
  opts.progress = async_progress_cb;
  opts.progress_data = &st;
  st.loop = g_main_loop_new (NULL, FALSE);
  st.main_thread = g_thread_self ();
  timeout = g_timeout_add_seconds (60, timeout_cb, NULL);

  rd_csv_import_contacts_async (fx->store, path, &opts, NULL, async_done_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  g_assert_true (st.ok);
  g_assert_cmpuint (st.report->created, ==, 1200);
  g_assert_true (st.progress_off_main);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 1200);
  g_clear_pointer (&st.report, rd_csv_import_report_free);

  /* Cancelled before it starts: nothing imported, the error says so. */
  g_cancellable_cancel (cancel);
  opts.duplicates = RD_CSV_DUPLICATES_CREATE;
  rd_csv_import_contacts_async (fx->store, path, &opts, cancel, async_done_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_false (st.ok);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&st.error);
  g_clear_pointer (&st.report, rd_csv_import_report_free);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 1200);

  /* Cancelled halfway through a file far longer than the rows the reader thread may read
   * ahead: the reader is told to stop while it waits for the writer, nothing is kept. */
  g_string_truncate (csv, 0);
  g_string_append (csv, "name,phone\n");
  for (int i = 0; i < 30000; i++)
    g_string_append_printf (csv, "Long %d,+7999444%04d\n", i, i % 10000);
  g_clear_pointer (&path, g_free);
  path = write_file (fx, "long.csv", csv->str, csv->len);
  g_cancellable_reset (cancel);
  opts.progress = cancel_progress_cb;
  opts.progress_data = cancel;
  rd_csv_import_contacts_async (fx->store, path, &opts, cancel, async_done_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_false (st.ok);
  g_assert_error (st.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (st.report == NULL ? 0 : st.report->rows, <, 30000);
  g_clear_error (&st.error);
  g_clear_pointer (&st.report, rd_csv_import_report_free);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 1200);

  g_source_remove (timeout);
  g_main_loop_unref (st.loop);

  /* The worker thread drops its reference on the store a moment after the callback. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (G_OBJECT (fx->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
}

/* A bad row leaves nothing behind with "skip bad rows", whether its organization is new
 * (checked before the organization is written) or already known (the insert checks the
 * whole record, phones and e-mails included, before its first write). */
static void
test_skip_bad_leaves_nothing (StoreFixture  *fx,
                              gconstpointer  data)
{
  const char csv[] =
    "name,mobile,mail,company\n"
    "Anna,+7 999 000-00-01,anna@a.test,Acme\n"
    "Bad Known Org,+7 999 000-00-02,not-an-address,Acme\n"   /* Acme exists by now */
    "Bad New Org,+7 999 000-00-03,also bad,Globex\n"          /* Globex would be new */
    "Vera,8 (999) 000-00-04,ok@a.test,Acme\n";           /* fine: national format */
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  report = import (fx, csv, -1, "name=1,phone=2,email=3,organization=4", TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->bad, ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM contacts"), ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM organizations"), ==, 1);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM organizations WHERE name = 'Globex'"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones"), ==, 2);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM phones WHERE raw = '+7 999 000-00-02'"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM emails"), ==, 2);

  /* Captured: one outbox row per new row, handed out per field. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE field != '*'"), ==, 0);
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox"), ==, 1 + 2 + 2 + 2);
  entries = rd_store_outbox_peek (fx->store, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 7);
  for (guint i = 0; i < entries->len; i++)
    {
      RdOutboxEntry *e = entries->pdata[i];

      if (g_str_equal (e->table, "phones") && g_str_equal (e->field, "e164"))
        g_assert_true (g_str_equal (e->value, "\"+79990000001\"") || g_str_equal (e->value, "\"+79990000004\""));
    }
}

/* One query's rows as text ("a|b|c\n..."), for comparing two replicas. */
static char *
dump_sql (RdStore    *store,
          const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, c);

          g_string_append (out, v != NULL ? v : "NULL");
          g_string_append_c (out, c + 1 < sqlite3_column_count (stmt) ? '|' : '\n');
        }
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* The import writes a checked row by its bulk path (no record, no JSON objects): what it
 * stores must be exactly what rd_store_insert stores for the same contact — fields, default
 * name from first/last, organization, phones (E.164, invalid flag, suffix key, owner),
 * lower-case e-mails, field versions, outbox and the search index. */
static void
test_bulk_path_same_as_insert (StoreFixture  *fx,
                               gconstpointer  data)
{
  static const struct {
    const char *name, *first, *last, *title, *org, *tags, *desc, *mobile, *work, *home, *email, *email_home;
  } rows[] = {
    { "Петров Иван", "Иван", "Петров", "CEO", "ООО Ромашка", "vip, moscow", "line one\nline two",
      "8 (999) 111-22-33", "+7 495 123-45-67", "not a number", "Ivan.Petrov@Example.RU", "ivan@home.test" },
    { NULL, "Anna", "Smith", NULL, "Globex", NULL, NULL, "(650) 253-0000", NULL, NULL, "anna@globex.test", NULL },
    { "Solo", NULL, NULL, NULL, "ООО Ромашка", NULL, NULL, NULL, "+44 20 7946 0958", NULL, NULL, NULL },
    { "Ёжик в тумане", NULL, NULL, "", NULL, "", NULL, "+49 30 901820", NULL, NULL, NULL, "E@X.TEST" },
  };
  static const char *const queries[] = {
    "SELECT c.name, c.first_name, c.last_name, c.title, o.name, c.tags, c.description, c.owner, c.deleted,"
    " c.created_at IS NOT NULL, c.fv LIKE '{\"*\":[%' FROM contacts c LEFT JOIN organizations o ON o.id = c.org_id ORDER BY c.name",
    "SELECT name, owner, fv LIKE '{\"*\":[%' FROM organizations ORDER BY name",
    "SELECT c.name, p.raw, p.kind, p.e164, p.invalid, p.digits_rev, p.owner, p.parent_tbl, p.fv LIKE '{\"*\":[%'"
    " FROM phones p JOIN contacts c ON c.id = p.parent_id ORDER BY 1, 2",
    "SELECT c.name, e.address, e.kind, e.owner, e.parent_tbl FROM emails e JOIN contacts c ON c.id = e.parent_id ORDER BY 1, 2",
    "SELECT tbl, field, (SELECT group_concat(key || '=' || CASE WHEN key IN ('parent_id', 'org_id', 'created_at')"
    " THEN '?' ELSE value END, ',') FROM (SELECT key, value FROM json_each(outbox.value) ORDER BY key))"
    " FROM outbox ORDER BY 1, 3",
    "SELECT name, tags, emails FROM contacts_fts ORDER BY name",
  };
  g_autoptr(GString) csv = g_string_new ("name,first,last,title,org,tags,desc,mobile,work,home,email,email_home\n");
  g_autofree char *other_dir = g_dir_make_tmp ("rd-store-XXXXXX", NULL);
  g_autofree char *other_path = g_build_filename (other_dir, "replica.db", NULL);
  g_autoptr(RdStore) other = rd_store_open (other_path, NULL);
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) orgs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_assert_nonnull (other);
  rd_store_set_user (fx->store, "agent-1");
  rd_store_set_user (other, "agent-1");

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *cells[] = { rows[i].name, rows[i].first, rows[i].last, rows[i].title, rows[i].org, rows[i].tags,
                              rows[i].desc, rows[i].mobile, rows[i].work, rows[i].home, rows[i].email, rows[i].email_home };
      g_autoptr(RdRecord) c = rd_record_new ("contacts");
      const char *fields[] = { "name", "first_name", "last_name", "title", NULL, "tags", "description" };

      for (gsize k = 0; k < G_N_ELEMENTS (cells); k++)
        {
          g_autofree char *quoted = NULL;

          if (cells[k] != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (cells[k], "\"", -1);
              g_autofree char *inner = g_strjoinv ("\"\"", parts);

              quoted = g_strdup_printf ("\"%s\"", inner);
            }
          g_string_append (csv, quoted != NULL ? quoted : "");
          g_string_append_c (csv, k + 1 < G_N_ELEMENTS (cells) ? ',' : '\n');
        }

      /* The same contact through rd_store_insert into the other replica. */
      for (gsize k = 0; k < G_N_ELEMENTS (fields); k++)
        if (fields[k] != NULL && cells[k] != NULL && *cells[k] != '\0')
          rd_record_set_string (c, fields[k], cells[k]);
      if (rows[i].org != NULL)
        {
          if (g_hash_table_lookup (orgs, rows[i].org) == NULL)
            {
              g_autoptr(RdRecord) o = rd_record_new ("organizations");

              rd_record_set_string (o, "name", rows[i].org);
              g_assert_true (rd_store_insert (other, o, &error));
              g_hash_table_insert (orgs, (gpointer) rows[i].org, g_strdup (rd_record_get_id (o)));
            }
          rd_record_set_string (c, "org_id", g_hash_table_lookup (orgs, rows[i].org));
        }
      if (rows[i].mobile != NULL)
        rd_record_add_phone (c, rows[i].mobile, "mobile");
      if (rows[i].work != NULL)
        rd_record_add_phone (c, rows[i].work, "work");
      if (rows[i].home != NULL)
        rd_record_add_phone (c, rows[i].home, "home");
      if (rows[i].email != NULL)
        rd_record_add_email (c, rows[i].email, "work");
      if (rows[i].email_home != NULL)
        rd_record_add_email (c, rows[i].email_home, "home");
      g_assert_true (rd_store_insert (other, c, &error));
      g_assert_no_error (error);
    }

  report = import (fx, csv->str, csv->len,
                   "name=name,first_name=first,last_name=last,title=title,organization=org,tags=tags,description=desc,"
                   "phone_mobile=mobile,phone_work=work,phone_home=home,email_work=email,email_home=email_home",
                   FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, G_N_ELEMENTS (rows));

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *imported = dump_sql (fx->store, queries[q]);
      g_autofree char *inserted = dump_sql (other, queries[q]);

      g_assert_cmpstr (imported, ==, inserted);
      g_assert_cmpstr (imported, !=, "");
    }

  g_clear_object (&other);
  store_rm_rf (other_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/import/csv/nasty-file", test_nasty_file);
  ADD ("/import/csv/line-numbers-all-or-nothing", test_line_numbers_all_or_nothing);
  ADD ("/import/csv/broken-quote-eof", test_broken_quote_at_eof);
  ADD ("/import/csv/dry-run-duplicates", test_dry_run_duplicates);
  ADD ("/import/csv/cp1251-start-row-progress", test_cp1251_start_row_progress);
  ADD ("/import/csv/bad-mapping", test_bad_mapping);
  ADD ("/import/csv/export-round-trip", test_export_round_trip);
  ADD ("/import/vcard/round-trip", test_vcard_round_trip);
  g_test_add_func ("/import/vcard/parse-foreign", test_vcard_parse_foreign);
  ADD ("/import/csv/async-cancel", test_async);
  ADD ("/import/csv/skip-bad-leaves-nothing", test_skip_bad_leaves_nothing);
  ADD ("/import/csv/bulk-path-same-as-insert", test_bulk_path_same_as_insert);

  return g_test_run ();
}
