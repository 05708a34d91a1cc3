/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-import-dialog.h"
#include "rd-store-bulk.h"
#include "rd-test-ui.h"

/* The import dialog's country: the replica's region by default, typed by the user, and a
 * column mapped to "country"; it decides which numbers get an E.164 (and can be dialled). */

typedef struct
{
  char           *tmp;
  char           *db_path;
  char           *csv;
  RdImportDialog *dialog;
} ImportFixture;

static void
fixture_setup (ImportFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;

  fixture->tmp = g_dir_make_tmp ("rd-ui-import-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->tmp, "replica.db", NULL);
  fixture->csv = g_build_filename (fixture->tmp, "people.csv", NULL);
  store = rd_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_store_get_default_region (store), ==, "RU");
  fixture->dialog = rd_import_dialog_new (NULL, fixture->db_path, rd_store_get_default_region (store));
  rd_store_close (store);
  g_assert_true (g_file_set_contents (fixture->csv,
                                      "Name;Phone;Country\n"
                                      "Dieter;030 1234567;\n"
                                      "Uma;(212) 555-0100;US\n"
                                      "Ivan;8 (999) 123-45-67;RU\n", -1, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (ImportFixture *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->csv);
  g_free (fixture->db_path);
  g_free (fixture->tmp);
}

static GtkWidget *
child (ImportFixture *fixture,
       const char    *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->dialog), RD_TYPE_IMPORT_DIALOG, name));
}

static gboolean
import_idle (gpointer data)
{
  return !rd_import_dialog_get_busy (data);
}

static const RdCsvImportReport *
run (ImportFixture *fixture,
     gboolean       dry_run)
{
  rd_import_dialog_run (fixture->dialog, dry_run);
  g_assert_true (rd_test_ui_wait (import_idle, fixture->dialog, 20000));
  g_assert_nonnull (rd_import_dialog_get_report (fixture->dialog));
  return rd_import_dialog_get_report (fixture->dialog);
}

static char *
stored_e164 (ImportFixture *fixture,
             const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (fixture->db_path, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(p.e164, '-') FROM phones p JOIN contacts c ON c.id = p.parent_id "
                                          "WHERE c.name = '%s'", name);
  sqlite3_stmt *stmt;
  char *e164 = NULL;

  g_assert_no_error (error);
  stmt = rd_store_stmt (store, sql, &error);
  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e164 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  rd_store_close (store);
  return e164;
}

static void
test_country (ImportFixture *fixture,
              gconstpointer  data)
{
  GtkWidget *country_row = child (fixture, "country_row");
  const RdCsvImportReport *report;
  g_autofree char *dieter = NULL, *uma = NULL, *ivan = NULL;

  /* The replica's region is the default; the header "Country" maps itself. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (country_row)), ==, "RU");
  rd_import_dialog_set_file (fixture->dialog, fixture->csv);
  g_assert_cmpuint (rd_import_dialog_get_n_columns (fixture->dialog), ==, 3);
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "check_button")));

  /* Read for RU, the German number is no one's: listed, kept as typed. */
  report = run (fixture, TRUE);
  g_assert_false (report->committed);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->invalid_numbers, ==, 1);
  g_assert_cmpuint (((RdCsvRowError *) g_ptr_array_index (report->warnings, 0))->line, ==, 2);
  g_assert_true (gtk_widget_get_visible (child (fixture, "warnings_group")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (fixture, "result_label"))),
                            "1 number is not valid for its country"));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  rd_test_ui_settle (GTK_WIDGET (fixture->dialog), 6);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (fixture->dialog), "screenshot-import-country"), >, 20);

  /* A country that does not exist: marked, and nothing can run. */
  gtk_editable_set_text (GTK_EDITABLE (country_row), "XX");
  g_assert_true (gtk_widget_has_css_class (country_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "import_button")));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "check_button")));

  /* Typed as "de": the same file has no invalid number any more. */
  gtk_editable_set_text (GTK_EDITABLE (country_row), "de");
  g_assert_false (gtk_widget_has_css_class (country_row, "error"));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "import_button")));
  report = run (fixture, FALSE);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->invalid_numbers, ==, 0);
  g_assert_false (gtk_widget_get_visible (child (fixture, "warnings_group")));

  /* The rows' own country column won over the dialog's for Uma and Ivan. */
  dieter = stored_e164 (fixture, "Dieter");
  uma = stored_e164 (fixture, "Uma");
  ivan = stored_e164 (fixture, "Ivan");
  g_assert_cmpstr (dieter, ==, "+49301234567");
  g_assert_cmpstr (uma, ==, "+12125550100");
  g_assert_cmpstr (ivan, ==, "+79991234567");
}

/* Without the country column, every row is read for the dialog's country. */
static void
test_country_column_skipped (ImportFixture *fixture,
                             gconstpointer  data)
{
  const RdCsvImportReport *report;

  rd_import_dialog_set_file (fixture->dialog, fixture->csv);
  rd_import_dialog_map_column (fixture->dialog, 3, NULL);
  rd_import_dialog_set_country (fixture->dialog, "US");
  report = run (fixture, TRUE);
  /* "030 1234567" and "8 (999) 123-45-67" are no US numbers. */
  g_assert_cmpuint (report->invalid_numbers, ==, 2);
  g_assert_cmpuint (report->warnings->len, ==, 2);
  g_assert_nonnull (strstr (((RdCsvRowError *) g_ptr_array_index (report->warnings, 1))->message, "in US"));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/import-dialog/country", ImportFixture, NULL, fixture_setup, test_country, fixture_teardown);
  g_test_add ("/ui/import-dialog/country-column-skipped", ImportFixture, NULL, fixture_setup,
              test_country_column_skipped, fixture_teardown);

  return g_test_run ();
}
