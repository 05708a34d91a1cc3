/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-custom-fields-page.h"
#include "rd-custom-fields.h"
#include "rd-list-page.h"
#include "rd-preferences-window.h"
#include "rd-record-page.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Custom fields in the app, on a real replica (offline: the user is its administrator): the
 * administrator defines two fields in Preferences, an agent fills them on a contact's page
 * with an address, and the contacts list shows them as columns the user chose; in English and
 * Russian, with screenshots of each step. */

typedef struct {
  char     *tmp;
  char     *replica_dir;
  char     *contact_id;
  gboolean  russian;
} Fixture;

static void
fill_replica (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) other = rd_record_new ("contacts");

  g_assert_no_error (error);
  rd_record_set_string (contact, "name", f->russian ? "Нина Орлова" : "Nina Orlova");
  rd_record_add_phone (contact, "030 1234567", NULL);
  g_assert_true (rd_store_insert (store, contact, &error));
  rd_record_set_string (other, "name", f->russian ? "Борис Иванов" : "Boris Ivanov");
  g_assert_true (rd_store_insert (store, other, &error));
  g_assert_no_error (error);
  f->contact_id = g_strdup (rd_record_get_id (contact));
}

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
settle (GtkWidget *window)
{
  rd_test_ui_settle (window, 2);
  g_assert_true (rd_test_ui_wait (transitions_over, window, 5000));
  rd_test_ui_settle (window, 3);
}

static RdPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (RD_IS_PREFERENCES_WINDOW (w))
        return RD_PREFERENCES_WINDOW (w);
    }
  return NULL;
}

/* The first label under @root whose text is @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
type_field (RdCustomFieldsPage *page,
            const char         *label,
            const char         *key,
            guint               type,
            const char         *options,
            const char         *section)
{
  gtk_editable_set_text (GTK_EDITABLE (rd_custom_fields_page_get_form_row (page, "label")), label);
  gtk_editable_set_text (GTK_EDITABLE (rd_custom_fields_page_get_form_row (page, "key")), key);
  adw_combo_row_set_selected (ADW_COMBO_ROW (rd_custom_fields_page_get_form_row (page, "type")), type);
  gtk_editable_set_text (GTK_EDITABLE (rd_custom_fields_page_get_form_row (page, "options")), options);
  gtk_editable_set_text (GTK_EDITABLE (rd_custom_fields_page_get_form_row (page, "section")), section);
}

static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  Fixture *f = data;
  const char *suffix = f->russian ? "-ru" : "";
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  RdPreferencesWindow *prefs;
  RdCustomFieldsPage *page;
  RdRecordPage *record;
  RdListPage *list;
  GtkWidget *row;

  /* The administrator: Preferences → Custom Fields, two fields for contacts. */
  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (window))),
                                  "preferences", NULL);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  page = RD_CUSTOM_FIELDS_PAGE (rd_test_ui_find (GTK_WIDGET (prefs), RD_TYPE_CUSTOM_FIELDS_PAGE));
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
  g_assert_cmpuint (rd_custom_fields_page_get_n_fields (page), ==, 0);

  /* A bad definition is refused on its row. */
  type_field (page, f->russian ? "Уровень" : "Tier", "Tier!", 7, "", "");
  g_assert_false (rd_custom_fields_page_add (page));
  g_assert_true (gtk_widget_has_css_class (rd_custom_fields_page_get_form_row (page, "key"), "error"));

  type_field (page, f->russian ? "Уровень лояльности" : "Loyalty tier", "tier", 7,
              f->russian ? "Золото; Серебро" : "Gold; Silver", f->russian ? "Лояльность" : "Loyalty");
  g_assert_true (rd_custom_fields_page_add (page));
  type_field (page, f->russian ? "Клиент с" : "Customer since", "", 4, "", f->russian ? "Лояльность" : "Loyalty");
  if (f->russian)   /* a Cyrillic label makes no key: one is typed */
    gtk_editable_set_text (GTK_EDITABLE (rd_custom_fields_page_get_form_row (page, "key")), "customer_since");
  g_assert_true (rd_custom_fields_page_add (page));
  g_assert_cmpuint (rd_custom_fields_page_get_n_fields (page), ==, 2);
  settle (GTK_WIDGET (prefs));
  name = g_strdup_printf ("screenshot-custom-fields-preferences%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (prefs), name), >, 20);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The agent: the contact's page has the section with both fields; filling them saves. */
  rd_window_open_record (window, "contacts", f->contact_id);
  record = rd_window_get_record_page (window);
  row = rd_record_page_get_field_row (record, "tier");
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);   /* (none), Gold, Silver */
  row = rd_record_page_get_field_row (record, "customer_since");
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "31.02.2020");   /* no such day: refused on the row */
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (row), "01.05.2020");
  g_signal_emit_by_name (row, "apply");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* An address in Germany (the number typed without a country code becomes +49). */
  gtk_editable_set_text (GTK_EDITABLE (rd_record_page_get_field_row (record, "address:street")), "Unter den Linden 1");
  gtk_editable_set_text (GTK_EDITABLE (rd_record_page_get_field_row (record, "address:postal_code")), "10117");
  gtk_editable_set_text (GTK_EDITABLE (rd_record_page_get_field_row (record, "address:city")),
                         f->russian ? "Берлин" : "Berlin");
  gtk_editable_set_text (GTK_EDITABLE (rd_record_page_get_field_row (record, "address:country")),
                         f->russian ? "Германия" : "Germany");
  g_signal_emit_by_name (rd_record_page_get_field_row (record, "address:add"), "clicked");

  {
    g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
    g_autoptr(RdRecord) contact = NULL;
    JsonObject *custom;
    JsonObject *address;

    g_assert_no_error (error);
    contact = rd_store_get (store, "contacts", f->contact_id, &error);
    g_assert_no_error (error);
    custom = json_object_get_object_member (rd_record_get_fields (contact), "custom");
    g_assert_cmpstr (json_object_get_string_member (custom, "tier"), ==, f->russian ? "Золото" : "Gold");
    g_assert_cmpint (json_object_get_int_member (custom, "customer_since"), ==, G_GINT64_CONSTANT (1588291200000));
    address = json_array_get_object_element (rd_record_get_array (contact, "addresses"), 0);
    g_assert_cmpstr (json_object_get_string_member (address, "country"), ==, "DE");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       rd_record_get_array (contact, "phones"), 0), "e164"), ==, "+49301234567");
  }

  /* Shown scrolled to its custom fields. */
  row = rd_record_page_get_field_row (record, "tier");
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW));
    graphene_point_t at;

    settle (GTK_WIDGET (window));
    g_assert_true (gtk_widget_compute_point (row, gtk_scrolled_window_get_child (scroller),
                                             &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), MAX (at.y - 80, 0));
  }
  settle (GTK_WIDGET (window));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-custom-fields-record%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), name), >, 20);

  /* The list: the user adds the tier and city columns from the Columns menu. */
  g_assert_true (rd_window_show_page (window, "contacts"));
  list = rd_window_get_list (window, "contacts");
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (list), RD_TYPE_LIST_PAGE,
                                                                            "columns_button"));
    GtkWidget *menu = gtk_popover_get_child (GTK_POPOVER (gtk_menu_button_get_popover (button)));
    guint toggled = 0;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
    for (GtkWidget *check = gtk_widget_get_first_child (menu); check != NULL; check = gtk_widget_get_next_sibling (check))
      {
        const char *label = gtk_check_button_get_label (GTK_CHECK_BUTTON (check));

        if (g_strcmp0 (label, f->russian ? "Уровень лояльности" : "Loyalty tier") == 0 ||
            g_strcmp0 (label, f->russian ? "Город" : "City") == 0)
          {
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
            toggled++;
            /* the menu is made again from the setting: start over */
            menu = gtk_popover_get_child (GTK_POPOVER (gtk_menu_button_get_popover (button)));
            check = gtk_widget_get_first_child (menu);
            if (toggled == 2)
              break;
          }
      }
    g_assert_cmpuint (toggled, ==, 2);
  }
  rd_list_page_refresh (list);
  g_assert_true (rd_test_ui_wait_list (list, 2, 5000));
  settle (GTK_WIDGET (window));
  g_assert_nonnull (find_label (GTK_WIDGET (list), f->russian ? "Золото" : "Gold"));
  g_assert_nonnull (find_label (GTK_WIDGET (list), f->russian ? "Берлин" : "Berlin"));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-custom-fields-list%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), name), >, 20);

  /* A custom field searched like a built-in one from the list's search box is the store's
   * job (unit tests); the quick search finds the contact by its value here. */
  rd_list_page_set_search_text (list, f->russian ? "золото" : "gold");
  g_assert_true (rd_test_ui_wait_list (list, 1, 5000));
}

static void
run (gboolean russian)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  char *argv[] = { "ringdesk", "--replica", NULL, NULL };

  g_settings_reset (settings, "list-columns");
  f.tmp = g_dir_make_tmp ("rd-ui-custom-XXXXXX", &error);
  g_assert_no_error (error);
  f.replica_dir = g_build_filename (f.tmp, "replica", NULL);
  f.russian = russian;
  fill_replica (&f);
  argv[2] = f.replica_dir;

  rd_test_ui_run_app (argv, scenario_cb, &f);

  rd_test_ui_remove_tree (f.tmp);
  g_free (f.replica_dir);
  g_free (f.contact_id);
  g_free (f.tmp);
}

static void
test_english (void)
{
  run (FALSE);
}

static void
test_russian (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Custom Fields"), ==, "Дополнительные поля");

  run (TRUE);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_func ("/ui/custom-fields/english", test_english);
  g_test_add_func ("/ui/custom-fields/russian", test_russian);
  return g_test_run ();
}
