/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-sms-dialog.h"
#include "rd-test-ui.h"

/* The Send SMS dialog on a real window: the numbers it offers (valid ones; a ticket's
 * contact's), the live counter (GSM-7 with the extension table, UCS-2, segments), a
 * template filled from the record, and Send usable only with something to send. */

typedef struct
{
  char     *tmp;
  RdStore  *store;
  RdRecord *contact;
} SmsFixture;

static void
fixture_setup (SmsFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autofree char *path = NULL;

  fixture->tmp = g_dir_make_tmp ("rd-ui-sms-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmp, "replica.db", NULL);
  fixture->store = rd_store_open (path, &error);
  g_assert_no_error (error);

  rd_record_set_string (contact, "name", "Anna Petrova");
  rd_record_set_string (contact, "first_name", "Anna");
  rd_record_add_phone (contact, "030 1234567", "work");      /* not valid in RU: not offered */
  rd_record_add_phone (contact, "8 916 123-45-67", "mobile");
  g_assert_true (rd_store_insert (fixture->store, contact, &error));
  g_assert_no_error (error);
  fixture->contact = rd_store_get (fixture->store, "contacts", rd_record_get_id (contact), &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (SmsFixture    *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->contact);
  rd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
}

static gboolean
send_enabled (RdSmsDialog *dialog)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                 RD_TYPE_SMS_DIALOG,
                                                                 "send_button"));

  return gtk_widget_is_sensitive (button);
}

static void
assert_counter (RdSmsDialog *dialog,
                const char  *text,
                const char  *expected)
{
  rd_sms_dialog_set_text (dialog, text);
  g_assert_cmpstr (rd_sms_dialog_get_counter (dialog), ==, expected);
}

static void
test_counter (SmsFixture    *fixture,
              gconstpointer  data)
{
  RdSmsDialog *dialog = rd_sms_dialog_new (NULL, fixture->store, fixture->contact);
  g_autofree char *long_text = g_strnfill (161, 'a');
  GPtrArray *numbers;

  gtk_window_present (GTK_WINDOW (dialog));
  rd_test_ui_settle (GTK_WIDGET (dialog), 2);

  numbers = rd_sms_dialog_get_numbers (dialog);
  g_assert_cmpuint (numbers->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (numbers, 0), ==, "+79161234567");

  g_assert_cmpstr (rd_sms_dialog_get_counter (dialog), ==, "0 characters · 1 SMS · 160 left · GSM-7");
  g_assert_false (send_enabled (dialog));

  assert_counter (dialog, "Hello", "5 characters · 1 SMS · 155 left · GSM-7");
  g_assert_true (send_enabled (dialog));
  /* € and { } are in the extension table: two septets each. */
  assert_counter (dialog, "5€ {ok}", "10 characters · 1 SMS · 150 left · GSM-7");
  assert_counter (dialog, long_text, "161 characters · 2 SMS · 145 left · GSM-7");
  assert_counter (dialog, "Привет, Анна!", "13 characters · 1 SMS · 57 left · Unicode (UCS-2)");
  rd_test_ui_settle (GTK_WIDGET (dialog), 2);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-sms-dialog"), >, 10);

  assert_counter (dialog, "", "0 characters · 1 SMS · 160 left · GSM-7");
  g_assert_false (send_enabled (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_template (SmsFixture    *fixture,
               gconstpointer  data)
{
  RdSmsDialog *dialog = rd_sms_dialog_new (NULL, fixture->store, fixture->contact);
  g_autofree char *text = NULL;
  GtkWidget *template_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                        RD_TYPE_SMS_DIALOG,
                                                                        "template_row"));

  gtk_window_present (GTK_WINDOW (dialog));
  /* Choosing a template in the row fills the text with the record's first name. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (template_row), 1);
  text = rd_sms_dialog_get_text (dialog);
  g_assert_true (g_str_has_prefix (text, "Hello Anna, we tried to reach you"));
  g_assert_null (strchr (text, '{'));
  g_assert_true (send_enabled (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_ticket (SmsFixture    *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
  g_autoptr(RdRecord) orphan = rd_record_new ("tickets");
  g_autoptr(RdRecord) stored = NULL;
  RdSmsDialog *dialog;

  rd_record_set_string (ticket, "subject", "Order late");
  rd_record_set_string (ticket, "contact_id", rd_record_get_id (fixture->contact));
  g_assert_true (rd_store_insert (fixture->store, ticket, &error));
  g_assert_no_error (error);
  rd_record_set_string (orphan, "subject", "No one to write to");
  g_assert_true (rd_store_insert (fixture->store, orphan, &error));
  g_assert_no_error (error);

  stored = rd_store_get (fixture->store, "tickets", rd_record_get_id (ticket), &error);
  g_assert_true (rd_sms_dialog_can_send_to (fixture->store, stored));
  g_assert_false (rd_sms_dialog_can_send_to (fixture->store, orphan));
  dialog = rd_sms_dialog_new (NULL, fixture->store, stored);
  g_assert_cmpuint (rd_sms_dialog_get_numbers (dialog)->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rd_sms_dialog_get_numbers (dialog), 0), ==, "+79161234567");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/sms-dialog/counter", SmsFixture, NULL, fixture_setup, test_counter, fixture_teardown);
  g_test_add ("/ui/sms-dialog/template", SmsFixture, NULL, fixture_setup, test_template, fixture_teardown);
  g_test_add ("/ui/sms-dialog/ticket", SmsFixture, NULL, fixture_setup, test_ticket, fixture_teardown);

  return g_test_run ();
}
