/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-catalog.h"
#include "rd-line-item-row.h"
#include "rd-line-items-editor.h"
#include "rd-price-list-editor.h"
#include "rd-project-plan.h"
#include "rd-project-task-row.h"
#include "rd-project-tasks-due.h"
#include "rd-quote.h"
#include "rd-record-page.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Products and services, a deal's line items and its quote, and a project, in the app on a
 * real replica, offline: the Products list; products added to a deal from its page, a
 * discount typed, the totals and the deal's amount; the quote saved as a PDF and looked at
 * (pdftoppm) and read (pdftotext); a project's task made to wait for another, a cycle
 * refused; the task due on the Activities page. In English and in Russian, with a
 * screenshot of each step. */

typedef struct {
  char     *tmp;
  char     *replica_dir;
  gboolean  russian;
  char     *deal_id;
  char     *headset_id;
  char     *setup_id;
  char     *project_id;
  char     *design_id;
} CatalogFixture;

static char *
insert (RdStore    *store,
        RdRecord   *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_store_insert (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static char *
add_product (RdStore    *store,
             const char *name,
             const char *code,
             const char *kind,
             double      price,
             double      tax)
{
  g_autoptr(RdRecord) r = rd_record_new ("products");

  rd_record_set_string (r, "name", name);
  rd_record_set_string (r, "code", code);
  rd_record_set_string (r, "kind", kind);
  rd_record_set_double (r, "unit_price", price);
  rd_record_set_string (r, "currency", "RUB");
  rd_record_set_double (r, "tax_rate", tax);
  return insert (store, r);
}

static void
fixture_setup (CatalogFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdRecord) org = rd_record_new ("organizations");
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(RdRecord) project = rd_record_new ("projects");
  g_autoptr(RdRecord) task = rd_record_new ("project_tasks");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *org_id = NULL;
  g_autofree char *contact_id = NULL;
  gboolean ru = GPOINTER_TO_INT (data);

  f->russian = ru;
  f->tmp = g_dir_make_tmp ("rd-ui-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  store = rd_store_open_dir (f->replica_dir, &error);
  g_assert_no_error (error);

  f->headset_id = add_product (store, ru ? "Гарнитура H2" : "Headset H2", "HS-2", "product", 1990, 20);
  f->setup_id = add_product (store, ru ? "Настройка рабочего места" : "Workplace setup", "SRV-1", "service", 5000, 0);
  g_free (add_product (store, ru ? "Кабель USB" : "USB cable", "CB-1", "product", 300, 20));

  rd_record_set_string (org, "name", ru ? "ООО «Ромашка»" : "Acme Ltd");
  org_id = insert (store, org);
  rd_record_set_string (contact, "name", ru ? "Анна Петрова" : "Anna Petrova");
  rd_record_set_string (contact, "org_id", org_id);
  contact_id = insert (store, contact);
  rd_record_set_string (deal, "name", ru ? "Оснащение офиса" : "Office fit-out");
  rd_record_set_string (deal, "org_id", org_id);
  rd_record_set_string (deal, "contact_id", contact_id);
  rd_record_set_string (deal, "currency", "RUB");
  f->deal_id = insert (store, deal);

  rd_record_set_string (project, "name", ru ? "Запуск колл-центра" : "Call center rollout");
  rd_record_set_string (project, "status", "active");
  rd_record_set_string (project, "deal_id", f->deal_id);
  f->project_id = insert (store, project);
  rd_record_set_string (task, "parent_tbl", "projects");
  rd_record_set_string (task, "parent_id", f->project_id);
  rd_record_set_string (task, "title", ru ? "Проект решения" : "Design");
  rd_record_set_int (task, "due", g_get_real_time () / 1000 + 2 * 86400000);
  f->design_id = insert (store, task);

  g_settings_set_string (settings, "company-name", ru ? "ООО «Рингдеск»" : "Ringdesk Ltd");
  g_settings_set_string (settings, "company-details",
                         ru ? "Москва, ул. Тверская, 1 · +7 495 123-45-67 · ИНН 7701234567"
                            : "1 Main Street, London · +44 20 7946 0000 · VAT GB123456789");
  g_settings_set_string (settings, "quote-terms",
                         ru ? "Оплата в течение 10 дней. Доставка за счёт поставщика."
                            : "Payment within 10 days. Delivery at the seller’s expense.");
}

static void
fixture_teardown (CatalogFixture *f,
                  gconstpointer   data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "company-name");
  g_settings_reset (settings, "company-details");
  g_settings_reset (settings, "quote-terms");
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->replica_dir);
  g_free (f->deal_id);
  g_free (f->headset_id);
  g_free (f->setup_id);
  g_free (f->project_id);
  g_free (f->design_id);
}

/* TRUE when no stack under @widget is still cross-fading. */
static gboolean
transitions_over (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!transitions_over (child))
      return FALSE;
  return TRUE;
}

static void
shot (CatalogFixture *f,
      GtkWidget      *widget,
      const char     *what)
{
  g_autofree char *name = g_strdup_printf ("screenshot-catalog-%s%s", what, f->russian ? "-ru" : "");

  rd_test_ui_settle (widget, 2);
  g_assert_true (rd_test_ui_wait (transitions_over, widget, 5000));
  rd_test_ui_settle (widget, 3);
  g_assert_cmpuint (rd_test_ui_save_screenshot (widget, name), >, 20);
}

/* Scrolls the record page so that @widget is at the top of the view. */
static void
scroll_to (RdWindow  *window,
           GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t at;

  rd_test_ui_settle (GTK_WIDGET (window), 3);
  g_assert_true (gtk_widget_compute_point (widget, child, &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, at.y - 60);
}

/* Runs what is pending (the rows a write made again in an idle), bounded. */
static void
drain (void)
{
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static char *
run_tool (const char *tool,
          const char *pdf,
          const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char *text_argv[] = { tool, "-layout", pdf, "-", NULL };
  const char *png_argv[] = { tool, "-png", "-r", "80", pdf, out, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) (out != NULL ? png_argv : text_argv), NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &stdout_text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&stdout_text);
}

/* pdftotext's words with the no-break spaces of the figures as plain ones. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *text = run_tool ("pdftotext", pdf, NULL);
  g_auto(GStrv) parts = g_strsplit (text, "\u00a0", -1);

  return g_strjoinv (" ", parts);
}

/* A wholesale list made in the app: the headset at 1 500 in it; a second deal priced from
 * it gets that price on its line. */
static void
check_price_list (CatalogFixture *f,
                  RdWindow       *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
  g_autoptr(RdRecord) list = rd_record_new ("price_lists");
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *item = NULL;
  RdPriceListEditor *editor;
  GtkWidget *row = NULL;

  rd_record_set_string (list, "name", f->russian ? "Оптовый" : "Wholesale");
  rd_record_set_string (list, "currency", "RUB");
  g_assert_true (rd_store_insert (store, list, &error));
  rd_window_open_record (window, "price_lists", rd_record_get_id (list));
  editor = RD_PRICE_LIST_EDITOR (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_PRICE_LIST_EDITOR));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  for (GtkWidget *w = rd_test_ui_find (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_ENTRY_ROW (w) &&
        g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), f->russian ? "Гарнитура" : "Headset"))
      row = w;
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "abc");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (row), "1 500,00");
  g_signal_emit_by_name (row, "apply");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  shot (f, GTK_WIDGET (window), "price-list");

  rd_record_set_string (deal, "name", f->russian ? "Опт" : "Bulk order");
  rd_record_set_string (deal, "price_list_id", rd_record_get_id (list));
  g_assert_true (rd_store_insert (store, deal, &error));
  item = rd_store_add_line_item (store, rd_record_get_id (deal), f->headset_id, 10, &error);
  g_assert_no_error (error);
  items = rd_store_deal_line_items (store, rd_record_get_id (deal), &error);
  g_assert_cmpfloat (rd_record_get_double (items->pdata[0], "unit_price", 0), ==, 1500);
}

/* The position in the Add row's list of the product whose label starts with @name. */
static guint
product_index (GtkWidget  *dropdown,
               const char *name)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), name))
        return i;
    }
  g_assert_not_reached ();
}

static void
check_deal (CatalogFixture *f,
            RdWindow       *window)
{
  RdRecordPage *page;
  RdLineItemsEditor *editor;
  GtkWidget *dropdown, *spin, *add, *row, *discount;
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) check = NULL;
  g_autoptr(RdRecord) deal = NULL;

  rd_window_open_record (window, "deals", f->deal_id);
  page = RD_RECORD_PAGE (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_RECORD_PAGE));
  editor = RD_LINE_ITEMS_EDITOR (rd_test_ui_find (GTK_WIDGET (page), RD_TYPE_LINE_ITEMS_EDITOR));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  dropdown = rd_test_ui_find_named (GTK_WIDGET (editor), "product_dropdown");
  spin = rd_test_ui_find_named (GTK_WIDGET (editor), "quantity_spin");
  add = rd_test_ui_find_named (GTK_WIDGET (editor), "add_button");
  g_assert_nonnull (dropdown);
  g_assert_nonnull (spin);
  g_assert_nonnull (add);
  /* the catalog by name: the headset first (Гарнитура / Headset), setup last */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 4);

  /* Three headsets and the setup through the Add row. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              product_index (dropdown, f->russian ? "Гарнитура H2" : "Headset H2"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  g_signal_emit_by_name (add, "clicked");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown),
                              product_index (dropdown, f->russian ? "Настройка" : "Workplace setup"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  g_signal_emit_by_name (add, "clicked");

  /* 10 % off the headsets, typed on their line. */
  row = rd_test_ui_find (GTK_WIDGET (editor), RD_TYPE_LINE_ITEM_ROW);
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  discount = rd_test_ui_find_named (row, "discount_row");
  g_assert_nonnull (discount);
  gtk_editable_set_text (GTK_EDITABLE (discount), "10");
  g_signal_emit_by_name (discount, "apply");
  drain ();

  /* 5970 − 597 = 5373 + 20 % = 6447.60; setup 5000 untaxed: 11 447.60. */
  g_assert_cmpstr (rd_line_items_editor_get_total_text (editor), ==, "11\u00a0447.60\u00a0RUB");
  check = rd_store_open_dir (f->replica_dir, &error);
  g_assert_no_error (error);
  deal = rd_store_get (check, "deals", f->deal_id, &error);
  g_assert_cmpfloat_with_epsilon (rd_record_get_double (deal, "amount", 0), 11447.60, 0.001);

  /* A bad discount is refused on its row and changes nothing. */
  row = rd_test_ui_find (GTK_WIDGET (editor), RD_TYPE_LINE_ITEM_ROW);
  discount = rd_test_ui_find_named (row, "discount_row");
  gtk_editable_set_text (GTK_EDITABLE (discount), "150");
  g_signal_emit_by_name (discount, "apply");
  g_assert_true (gtk_widget_has_css_class (discount, "error"));
  g_assert_cmpstr (rd_line_items_editor_get_total_text (editor), ==, "11\u00a0447.60\u00a0RUB");

  scroll_to (window, GTK_WIDGET (editor));
  shot (f, GTK_WIDGET (window), "deal");

  /* The quote, as "Save Quote as PDF…" writes it. */
  pdf = g_build_filename (f->tmp, "quote.pdf", NULL);
  g_assert_true (rd_line_items_editor_save_quote (editor, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  number = rd_quote_number (f->deal_id);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, f->russian ? "Коммерческое предложение" : "Quote"));
  g_assert_nonnull (strstr (text, f->russian ? "ООО «Рингдеск»" : "Ringdesk Ltd"));
  g_assert_nonnull (strstr (text, f->russian ? "ООО «Ромашка», Анна Петрова" : "Acme Ltd, Anna Petrova"));
  g_assert_nonnull (strstr (text, f->russian ? "Гарнитура H2" : "Headset H2"));
  g_assert_nonnull (strstr (text, "HS-2"));
  g_assert_nonnull (strstr (text, "5 373.00"));
  g_assert_nonnull (strstr (text, "10 970.00 RUB"));
  g_assert_nonnull (strstr (text, "-597.00 RUB"));
  g_assert_nonnull (strstr (text, "1 074.60 RUB"));
  g_assert_nonnull (strstr (text, "11 447.60 RUB"));
  g_assert_nonnull (strstr (text, f->russian ? "Оплата в течение 10 дней" : "Payment within 10 days"));
  g_assert_nonnull (strstr (text, f->russian ? "действительно до" : "valid until"));
  png = g_build_filename (g_getenv ("RD_TEST_OUTPUT_DIR") ? g_getenv ("RD_TEST_OUTPUT_DIR") : f->tmp,
                          f->russian ? "screenshot-catalog-quote-ru" : "screenshot-catalog-quote", NULL);
  g_free (run_tool ("pdftoppm", pdf, png));
  g_test_message ("quote page: %s-1.png", png);
}

static void
check_project (CatalogFixture *f,
               RdWindow       *window)
{
  RdProjectPlan *plan;
  GPtrArray *rows;
  GtkWidget *add;
  RdProjectTaskRow *build = NULL, *design = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) check = NULL;
  g_autoptr(RdRecord) task = NULL;
  const char *build_title = f->russian ? "Монтаж" : "Build";

  rd_window_open_record (window, "projects", f->project_id);
  plan = RD_PROJECT_PLAN (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_PROJECT_PLAN));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (plan)));
  add = rd_test_ui_find_named (GTK_WIDGET (plan), "add_task_row");
  gtk_editable_set_text (GTK_EDITABLE (add), build_title);
  g_signal_emit_by_name (add, "apply");
  drain ();
  rows = rd_project_plan_get_task_rows (plan);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (rd_project_task_row_get_id (rows->pdata[i]), f->design_id) == 0)
      design = rows->pdata[i];
    else
      build = rows->pdata[i];

  /* Build waits for Design, chosen in its Depends On row. */
  {
    GtkWidget *depends = rd_test_ui_find_named (GTK_WIDGET (build), "depends_row");

    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (depends))), ==, 2);
    adw_combo_row_set_selected (ADW_COMBO_ROW (depends), 1);
  }
  drain ();
  check = rd_store_open_dir (f->replica_dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) found = rd_store_list (check, "project_tasks", "depends_on is not empty", NULL, 0, 10, &error);

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (rd_record_get_string (found->pdata[0], "title"), ==, build_title);
  }
  /* Design's choices no longer offer Build (a cycle); forced, the store refuses it. */
  rows = rd_project_plan_get_task_rows (plan);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (rd_project_task_row_get_id (rows->pdata[i]), f->design_id) == 0)
      design = rows->pdata[i];
    else
      build = rows->pdata[i];
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (
                      ADW_COMBO_ROW (rd_test_ui_find_named (GTK_WIDGET (design), "depends_row")))), ==, 1);
  g_assert_false (rd_project_task_row_set_depends_on (design, rd_project_task_row_get_id (build), &error));
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (build), TRUE);
  shot (f, GTK_WIDGET (window), "project-top");
  scroll_to (window, rd_test_ui_find_named (GTK_WIDGET (plan), "add_task_row"));
  shot (f, GTK_WIDGET (window), "project");

  /* The Activities page lists Design, due in two days, with its project. */
  g_assert_true (rd_window_show_page (window, "activities"));
  {
    RdProjectTasksDue *due = RD_PROJECT_TASKS_DUE (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_PROJECT_TASKS_DUE));
    GtkWidget *first = rd_test_ui_find (GTK_WIDGET (due), ADW_TYPE_ACTION_ROW);

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (due)));
    g_assert_cmpuint (rd_project_tasks_due_get_count (due), ==, 1);
    g_assert_nonnull (first);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                     f->russian ? "Проект решения" : "Design");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                              f->russian ? "Запуск колл-центра" : "Call center rollout"));
    shot (f, GTK_WIDGET (window), "activities");
  }
  task = rd_store_get (check, "project_tasks", f->design_id, &error);
  g_assert_null (rd_record_get_string (task, "depends_on"));
}

static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  CatalogFixture *f = data;

  /* The Products list: the active catalog, searchable. */
  g_assert_true (rd_window_show_page (window, "products"));
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "products"), 3, 5000));
  shot (f, GTK_WIDGET (window), "products");
  /* searched by code and by a word of the name */
  rd_list_page_set_search_text (rd_window_get_list (window, "products"), "SRV");
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "products"), 1, 5000));
  rd_list_page_set_search_text (rd_window_get_list (window, "products"), f->russian ? "кабел" : "cab");
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "products"), 1, 5000));
  rd_list_page_set_search_text (rd_window_get_list (window, "products"), "");
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "products"), 3, 5000));

  /* Import Products…: a known code is updated, a new one added. */
  {
    g_autofree char *csv = g_build_filename (f->tmp, "catalog.csv", NULL);

    g_autofree char *text = g_strdup_printf ("name;code;kind;unit_price;currency;tax_rate\n"
                                             "%s;HS-2;product;1 990,00;RUB;20\n"
                                             "%s;GW-1;product;12 500,00;RUB;20\n",
                                             f->russian ? "Гарнитура H2" : "Headset H2",
                                             f->russian ? "Шлюз G1" : "Gateway G1");

    g_assert_true (g_file_set_contents (csv, text, -1, NULL));
    rd_window_import_products (window, csv);
    g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "products"), 4, 10000));
  }

  /* An agent sees a product and cannot change it (the server refuses it too). */
  {
    RdRecordPage *page = RD_RECORD_PAGE (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_RECORD_PAGE));

    rd_record_page_set_catalog_writable (page, FALSE);
    rd_window_open_record (window, "products", f->headset_id);
    g_assert_false (gtk_widget_is_sensitive (rd_record_page_get_field_row (page, "unit_price")));
    shot (f, GTK_WIDGET (window), "product-agent");
    rd_record_page_set_catalog_writable (page, TRUE);
    g_assert_true (gtk_widget_is_sensitive (rd_record_page_get_field_row (page, "unit_price")));
  }
  check_price_list (f, window);
  check_deal (f, window);
  check_project (f, window);
}

static void
test_catalog (CatalogFixture *f,
              gconstpointer   data)
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, NULL };

  rd_test_ui_run_app (argv, scenario_cb, f);
}

static void
test_catalog_russian (CatalogFixture *f,
                      gconstpointer   data)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Save Quote as PDF…"), ==, "Сохранить предложение в PDF…");

  test_catalog (f, data);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/catalog/english", CatalogFixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_catalog, fixture_teardown);
  g_test_add ("/ui/catalog/russian", CatalogFixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_catalog_russian, fixture_teardown);
  return g_test_run ();
}
