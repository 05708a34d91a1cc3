/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-catalog.h"
#include "rd-csv-products.h"
#include "rd-record.h"
#include "rd-schema.h"
#include "rd-test-store.h"

/* Products, price lists, line items and their sums, project task dependencies, and the
 * catalog's CSV, on a real replica file. */

static char *
add_product (RdStore    *store,
             const char *name,
             const char *code,
             double      price,
             const char *currency,
             double      tax)
{
  g_autoptr(RdRecord) r = rd_record_new ("products");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (r, "name", name);
  rd_record_set_string (r, "code", code);
  rd_record_set_double (r, "unit_price", price);
  rd_record_set_string (r, "currency", currency);
  rd_record_set_double (r, "tax_rate", tax);
  g_assert_true (rd_store_insert (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (r));
}

static char *
add_deal (RdStore    *store,
          const char *name,
          const char *currency)
{
  g_autoptr(RdRecord) r = rd_record_new ("deals");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (r, "name", name);
  if (currency != NULL)
    rd_record_set_string (r, "currency", currency);
  g_assert_true (rd_store_insert (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (r));
}

static double
deal_amount (RdStore    *store,
             const char *deal)
{
  g_autoptr(RdRecord) r = rd_store_get (store, "deals", deal, NULL);

  g_assert_nonnull (r);
  return rd_record_get_double (r, "amount", -1);
}

static void
set_item (RdStore    *store,
          const char *item,
          const char *field,
          double      value,
          GError    **error)
{
  g_autoptr(RdRecord) r = rd_record_new ("line_items");

  rd_record_set_id (r, item);
  rd_record_set_double (r, field, value);
  rd_store_update (store, r, error);
}

static void
test_line_item_sums (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *headset = add_product (fx->store, "Headset H2", "HS-2", 1990.0, "RUB", 20);
  g_autofree char *setup = add_product (fx->store, "Setup", "SRV-1", 5000.0, "RUB", 0);
  g_autofree char *deal = add_deal (fx->store, "Office fit-out", NULL);
  g_autofree char *item1 = NULL;
  g_autofree char *item2 = NULL;
  g_autoptr(RdRecord) d = NULL;
  g_autoptr(GPtrArray) items = NULL;
  RdDealTotals t;

  /* 3 × 1990 = 5970, 20 % tax 1194; 1 × 5000 untaxed: total 12164. */
  item1 = rd_store_add_line_item (fx->store, deal, headset, 3, &error);
  g_assert_no_error (error);
  item2 = rd_store_add_line_item (fx->store, deal, setup, 1, &error);
  g_assert_no_error (error);
  g_assert_true (rd_store_deal_totals (fx->store, deal, &t, &error));
  g_assert_cmpuint (t.n_items, ==, 2);
  g_assert_cmpfloat_with_epsilon (t.subtotal, 10970.0, 0.001);
  g_assert_cmpfloat_with_epsilon (t.discount, 0.0, 0.001);
  g_assert_cmpfloat_with_epsilon (t.tax, 1194.0, 0.001);
  g_assert_cmpfloat_with_epsilon (t.total, 12164.0, 0.001);
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 12164.0, 0.001);
  /* The deal took the currency of its first price; the items keep their order. */
  d = rd_store_get (fx->store, "deals", deal, &error);
  g_assert_cmpstr (rd_record_get_string (d, "currency"), ==, "RUB");
  items = rd_store_deal_line_items (fx->store, deal, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (rd_record_get_string (items->pdata[0], "name"), ==, "Headset H2");
  g_assert_cmpfloat (rd_record_get_double (items->pdata[0], "tax_rate", 0), ==, 20);

  /* A 10 % discount on the headsets: 5970 − 597 = 5373, tax 1074.60; total 11447.60. */
  set_item (fx->store, item1, "discount", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 11447.60, 0.001);
  /* An edited price (not the catalog's) counts: setup at 4500. */
  set_item (fx->store, item2, "unit_price", 4500, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 10947.60, 0.001);

  /* Bad input is refused and changes nothing. */
  set_item (fx->store, item1, "discount", 120, &error);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "discount:"));
  g_clear_error (&error);
  set_item (fx->store, item1, "quantity", 0, &error);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (rd_store_add_line_item (fx->store, deal, headset, -1, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 10947.60, 0.001);

  /* The amount of a deal with items is their total: typing another is refused. */
  {
    g_autoptr(RdRecord) changes = rd_record_new ("deals");

    rd_record_set_id (changes, deal);
    rd_record_set_double (changes, "amount", 1.0);
    g_assert_false (rd_store_update (fx->store, changes, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_assert_true (g_str_has_prefix (error->message, "amount:"));
    g_clear_error (&error);
  }

  /* Removing an item: the amount follows; no items left, nothing to sum: 0. */
  g_assert_true (rd_store_delete (fx->store, "line_items", item2, &error));
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 6447.60, 0.001);
  g_assert_true (rd_store_delete (fx->store, "line_items", item1, &error));
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 0.0, 0.001);

  /* Each recompute was a captured edit of the amount (pushed with the items). */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'deals' AND field = 'amount'"), >, 0);
}

static void
test_price_lists (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *headset = add_product (fx->store, "Headset H2", "HS-2", 1990.0, "RUB", 20);
  g_autofree char *cable = add_product (fx->store, "Cable", "CB-1", 300.0, "RUB", 20);
  g_autofree char *euro = add_product (fx->store, "Gateway", "GW-1", 400.0, "EUR", 20);
  g_autofree char *deal = add_deal (fx->store, "Wholesale order", "RUB");
  g_autofree char *item = NULL;
  g_autoptr(RdRecord) list = rd_record_new ("price_lists");
  g_autoptr(RdRecord) price = rd_record_new ("price_list_items");
  g_autoptr(RdRecord) changes = rd_record_new ("deals");
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *currency = NULL;
  double value = 0;

  rd_record_set_string (list, "name", "Wholesale");
  rd_record_set_string (list, "currency", "RUB");
  g_assert_true (rd_store_insert (fx->store, list, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rd_record_get_int (list, "active", 0), ==, 1);
  rd_record_set_string (price, "price_list_id", rd_record_get_id (list));
  rd_record_set_string (price, "product_id", headset);
  rd_record_set_double (price, "unit_price", 1500.0);
  g_assert_true (rd_store_insert (fx->store, price, &error));
  g_assert_no_error (error);

  /* The list's price where it has one, the catalog's where not. */
  g_assert_true (rd_store_product_price (fx->store, headset, rd_record_get_id (list), &value, &currency, &error));
  g_assert_cmpfloat (value, ==, 1500.0);
  g_assert_cmpstr (currency, ==, "RUB");
  g_assert_true (rd_store_product_price (fx->store, cable, rd_record_get_id (list), &value, NULL, &error));
  g_assert_cmpfloat (value, ==, 300.0);
  g_assert_true (rd_store_product_price (fx->store, headset, NULL, &value, NULL, &error));
  g_assert_cmpfloat (value, ==, 1990.0);

  rd_record_set_id (changes, deal);
  rd_record_set_string (changes, "price_list_id", rd_record_get_id (list));
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);
  item = rd_store_add_line_item (fx->store, deal, headset, 10, &error);
  g_assert_no_error (error);
  items = rd_store_deal_line_items (fx->store, deal, &error);
  g_assert_cmpfloat (rd_record_get_double (items->pdata[0], "unit_price", 0), ==, 1500.0);
  /* 15000 + 20 % = 18000. */
  g_assert_cmpfloat_with_epsilon (deal_amount (fx->store, deal), 18000.0, 0.001);

  /* A price in another currency is refused, with the way out. */
  g_assert_null (rd_store_add_line_item (fx->store, deal, euro, 1, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "EUR"));
  g_clear_error (&error);

  /* A product no longer sold cannot be added. */
  {
    g_autoptr(RdRecord) off = rd_record_new ("products");

    rd_record_set_id (off, cable);
    rd_record_set_int (off, "active", 0);
    g_assert_true (rd_store_update (fx->store, off, &error));
    g_assert_null (rd_store_add_line_item (fx->store, deal, cable, 1, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE);
    g_clear_error (&error);
  }

  /* Catalog values out of range are refused. */
  {
    g_autoptr(RdRecord) bad = rd_record_new ("products");

    rd_record_set_string (bad, "name", "Broken");
    rd_record_set_double (bad, "tax_rate", 150);
    g_assert_false (rd_store_insert (fx->store, bad, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    rd_record_set_double (bad, "tax_rate", 10);
    rd_record_set_double (bad, "unit_price", -5);
    g_assert_false (rd_store_insert (fx->store, bad, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    rd_record_set_string (bad, "kind", "gadget");
    rd_record_set_double (bad, "unit_price", 5);
    g_assert_false (rd_store_insert (fx->store, bad, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
  }
  g_assert_cmpint (rd_store_count (fx->store, "products", NULL, NULL), ==, 3);
}

static char *
add_task (RdStore    *store,
          const char *project,
          const char *title,
          const char *depends_on,
          GError    **error)
{
  g_autoptr(RdRecord) r = rd_record_new ("project_tasks");

  rd_record_set_string (r, "parent_tbl", "projects");
  rd_record_set_string (r, "parent_id", project);
  rd_record_set_string (r, "title", title);
  if (depends_on != NULL)
    rd_record_set_string (r, "depends_on", depends_on);
  if (!rd_store_insert (store, r, error))
    return NULL;
  return g_strdup (rd_record_get_id (r));
}

static char *
add_project (RdStore    *store,
             const char *name)
{
  g_autoptr(RdRecord) r = rd_record_new ("projects");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (r, "name", name);
  g_assert_true (rd_store_insert (store, r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (r, "status"), ==, "planned");
  return g_strdup (rd_record_get_id (r));
}

static void
test_task_cycles (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *project = add_project (fx->store, "Call center rollout");
  g_autofree char *other = add_project (fx->store, "Other");
  g_autofree char *design = add_task (fx->store, project, "Design", NULL, &error);
  g_autofree char *build = add_task (fx->store, project, "Build", design, &error);
  g_autofree char *launch = add_task (fx->store, project, "Launch", build, &error);
  g_autofree char *elsewhere = add_task (fx->store, other, "Elsewhere", NULL, &error);
  g_autoptr(RdRecord) changes = rd_record_new ("project_tasks");
  g_autoptr(GPtrArray) candidates = NULL;

  g_assert_no_error (error);

  /* Design → Launch closes Design → Launch → Build → Design. */
  rd_record_set_id (changes, design);
  rd_record_set_string (changes, "depends_on", launch);
  g_assert_false (rd_store_update (fx->store, changes, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_assert_nonnull (strstr (error->message, "“Launch” → “Build” → “Design”"));
  g_clear_error (&error);
  g_assert_true (rd_store_check_task_dependency (fx->store, design, build, &error) == FALSE);
  g_clear_error (&error);

  /* Itself, or a task of another project: refused too. */
  rd_record_set_string (changes, "depends_on", design);
  g_assert_false (rd_store_update (fx->store, changes, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  rd_record_set_string (changes, "depends_on", elsewhere);
  g_assert_false (rd_store_update (fx->store, changes, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  {
    g_autoptr(RdRecord) task = rd_store_get (fx->store, "project_tasks", design, &error);
    g_assert_null (rd_record_get_string (task, "depends_on"));
  }

  /* Launch may also wait for Design directly (no cycle); the candidates for Design are
   * none of the tasks that already wait for it. */
  rd_record_set_id (changes, launch);
  rd_record_set_string (changes, "depends_on", design);
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);
  candidates = rd_store_task_dependency_candidates (fx->store, project, design, &error);
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_ptr_array_unref);
  candidates = rd_store_task_dependency_candidates (fx->store, project, build, &error);
  g_assert_cmpuint (candidates->len, ==, 2);   /* Design, Launch (Launch no longer waits for Build) */

  /* Due tasks for the Activities page: open ones of live projects, soonest first, with the
   * project's name; a done task drops out. */
  {
    g_autoptr(GPtrArray) due = NULL;
    g_autoptr(RdRecord) when = rd_record_new ("project_tasks");

    rd_record_set_id (when, build);
    rd_record_set_int (when, "due", fx->now_ms + 3600000);
    g_assert_true (rd_store_update (fx->store, when, &error));
    rd_record_set_id (when, launch);
    rd_record_set_int (when, "due", fx->now_ms - 3600000);
    g_assert_true (rd_store_update (fx->store, when, &error));
    rd_record_set_id (when, elsewhere);
    rd_record_set_int (when, "due", fx->now_ms + 30LL * 86400000);
    g_assert_true (rd_store_update (fx->store, when, &error));
    due = rd_store_project_tasks_due (fx->store, fx->now_ms + 7LL * 86400000, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (due->len, ==, 2);
    g_assert_cmpstr (rd_record_get_string (due->pdata[0], "title"), ==, "Launch");
    g_assert_cmpstr (rd_record_get_string (due->pdata[0], "project_name"), ==, "Call center rollout");
    g_clear_pointer (&due, g_ptr_array_unref);
    g_clear_object (&when);
    when = rd_record_new ("project_tasks");
    rd_record_set_id (when, launch);
    rd_record_set_string (when, "status", "done");
    g_assert_true (rd_store_update (fx->store, when, &error));
    due = rd_store_project_tasks_due (fx->store, fx->now_ms + 7LL * 86400000, 10, &error);
    g_assert_cmpuint (due->len, ==, 1);
    g_assert_cmpstr (rd_record_get_string (due->pdata[0], "title"), ==, "Build");
  }

  /* Tasks and milestones belong to projects; a milestone is reached or not. */
  {
    g_autoptr(RdRecord) m = rd_record_new ("milestones");

    rd_record_set_string (m, "parent_tbl", "deals");
    rd_record_set_string (m, "parent_id", project);
    rd_record_set_string (m, "name", "Pilot live");
    g_assert_false (rd_store_insert (fx->store, m, &error));
    g_clear_error (&error);
    rd_record_set_string (m, "parent_tbl", "projects");
    g_assert_true (rd_store_insert (fx->store, m, &error));
    g_assert_no_error (error);
  }
}

static void
test_catalog_csv (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *headset = add_product (fx->store, "Гарнитура H2", "HS-2", 1990.5, "RUB", 20);
  g_autofree char *csv = g_build_filename (fx->dir, "catalog.csv", NULL);
  g_autofree char *in = g_build_filename (fx->dir, "in.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n = 0;

  /* Export, change the price in the file, import: the product is updated, not doubled. */
  g_assert_true (rd_csv_export (fx->store, "products", NULL, csv, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "id,name,code,kind,unit_price,currency,tax_rate,active"));
  g_assert_nonnull (strstr (text, "Гарнитура H2,HS-2,product,1990.5,RUB,20"));
  {
    g_autofree char *changed = NULL;
    char *at = strstr (text, "1990.5");

    memcpy (at, "1800.0", 6);
    changed = g_strconcat (text, ",Setup;x,SRV-1,service,\"5 000,00\",rub,0,да,,,\r\n", NULL);
    g_assert_true (g_file_set_contents (csv, changed, -1, NULL));
  }
  g_assert_true (rd_csv_import_products (fx->store, csv, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->created, ==, 1);
  g_clear_pointer (&report, rd_csv_import_report_free);
  rows = rd_store_list (fx->store, "products", NULL, "code", 0, 10, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpfloat (rd_record_get_double (rows->pdata[0], "unit_price", 0), ==, 1800.0);
  g_assert_cmpstr (rd_record_get_string (rows->pdata[1], "name"), ==, "Setup;x");
  g_assert_cmpstr (rd_record_get_string (rows->pdata[1], "kind"), ==, "service");
  g_assert_cmpstr (rd_record_get_string (rows->pdata[1], "currency"), ==, "RUB");
  g_assert_cmpfloat (rd_record_get_double (rows->pdata[1], "unit_price", 0), ==, 5000.0);

  /* A bad row: nothing imported, the line and the reason reported. */
  g_assert_true (g_file_set_contents (in, "name;code;unit_price;tax_rate\n"
                                          "Cable;CB-1;300;20\n"
                                          "Mouse;MS-1;cheap;20\n", -1, NULL));
  g_assert_false (rd_csv_import_products (fx->store, in, NULL, &report, &error));
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS);
  g_clear_error (&error);
  g_assert_cmpuint (report->bad, ==, 1);
  g_assert_cmpuint (((RdCsvRowError *) report->errors->pdata[0])->line, ==, 3);
  g_assert_nonnull (strstr (((RdCsvRowError *) report->errors->pdata[0])->message, "unit_price"));
  g_clear_pointer (&report, rd_csv_import_report_free);
  g_assert_cmpint (rd_store_count (fx->store, "products", NULL, NULL), ==, 2);

  /* An unknown column is a clear error. */
  g_assert_true (g_file_set_contents (in, "name,colour\nCable,red\n", -1, NULL));
  g_assert_false (rd_csv_import_products (fx->store, in, NULL, &report, &error));
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "colour"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/catalog/line-items/sums", test_line_item_sums);
  ADD ("/catalog/price-lists/prices", test_price_lists);
  ADD ("/catalog/csv/export-import", test_catalog_csv);
  ADD ("/projects/tasks/cycles", test_task_cycles);

  return g_test_run ();
}
