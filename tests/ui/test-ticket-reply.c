/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-record-page.h"
#include "rd-test-ui.h"

/* The answer box of a ticket's portal thread on a real record page: shown for portal
 * tickets only (a portal customer's contact, or a portal thread); an answer becomes a `messages` row of the ticket (channel portal, outbound, signed
 * with the replica's user name) in the outbox for the next sync, and shows in the timeline
 * next to the customer's message that came by sync. */

typedef struct
{
  char     *tmp;
  RdStore  *store;
  char     *ticket_id;
  char     *contact_id;
} ReplyFixture;

static void
fixture_setup (ReplyFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
  g_autoptr(RdRecord) message = rd_record_new ("messages");
  g_autofree char *path = NULL;

  fixture->tmp = g_dir_make_tmp ("rd-ui-reply-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmp, "replica.db", NULL);
  fixture->store = rd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (rd_store_set_meta (fixture->store, "sync.username", "sam", &error));

  rd_record_set_string (contact, "name", "Ann Customer");
  g_assert_true (rd_store_insert (fixture->store, contact, &error));
  rd_record_set_string (ticket, "subject", "The printer is silent");
  rd_record_set_string (ticket, "contact_id", rd_record_get_id (contact));
  g_assert_true (rd_store_insert (fixture->store, ticket, &error));
  /* The customer's message, as the server's portal writes it. */
  rd_record_set_string (message, "parent_tbl", "tickets");
  rd_record_set_string (message, "parent_id", rd_record_get_id (ticket));
  rd_record_set_string (message, "channel", "portal");
  rd_record_set_string (message, "direction", "inbound");
  rd_record_set_string (message, "address", "ann@example.com");
  rd_record_set_string (message, "body", "Any news about it?");
  rd_record_set_string (message, "status", "received");
  rd_record_set_int (message, "created_at", g_get_real_time () / 1000 - 60000);
  g_assert_true (rd_store_insert (fixture->store, message, &error));
  g_assert_no_error (error);
  fixture->ticket_id = g_strdup (rd_record_get_id (ticket));
  fixture->contact_id = g_strdup (rd_record_get_id (contact));
}

static void
fixture_teardown (ReplyFixture  *fixture,
                  gconstpointer  data)
{
  rd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->tmp);
  g_free (fixture->ticket_id);
  g_free (fixture->contact_id);
}

static gboolean
label_shows (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (label_shows (child, text))
      return TRUE;
  return FALSE;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} Shown;

static gboolean
shown_cb (gpointer data)
{
  Shown *shown = data;

  return label_shows (shown->root, shown->text);
}

static GtkWidget *
reply_row (GtkWidget *page)
{
  return GTK_WIDGET (gtk_widget_get_template_child (page, RD_TYPE_RECORD_PAGE, "reply_row"));
}

static void
test_reply (ReplyFixture  *fixture,
            gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = rd_record_page_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  Shown shown = { page, "Any news about it?" };
  RdRecord *answer;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  gtk_window_set_child (GTK_WINDOW (window), page);
  rd_record_page_set_store (RD_RECORD_PAGE (page), fixture->store);
  rd_record_page_show (RD_RECORD_PAGE (page), "contacts", fixture->contact_id);
  gtk_window_present (GTK_WINDOW (window));
  rd_test_ui_settle (window, 3);
  g_assert_false (gtk_widget_get_visible (reply_row (page)));
  {
    /* A ticket with no portal customer and no portal thread has no reply row. */
    g_autoptr(RdRecord) other = rd_record_new ("tickets");

    rd_record_set_string (other, "subject", "Internal: rotate the keys");
    g_assert_true (rd_store_insert (fixture->store, other, &error));
    rd_record_page_show (RD_RECORD_PAGE (page), "tickets", rd_record_get_id (other));
    rd_test_ui_settle (window, 2);
    g_assert_false (gtk_widget_get_visible (reply_row (page)));
  }

  rd_record_page_show (RD_RECORD_PAGE (page), "tickets", fixture->ticket_id);
  g_assert_true (rd_test_ui_wait (shown_cb, &shown, 10000));
  g_assert_true (gtk_widget_get_visible (reply_row (page)));

  gtk_editable_set_text (GTK_EDITABLE (reply_row (page)), "  Please replace the drum.  ");
  g_signal_emit_by_name (reply_row (page), "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reply_row (page))), ==, "");

  query = g_strdup_printf ("parent_id = '%s' and direction = 'outbound'", fixture->ticket_id);
  messages = rd_store_list (fixture->store, "messages", query, "created_at", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  answer = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (rd_record_get_string (answer, "channel"), ==, "portal");
  g_assert_cmpstr (rd_record_get_string (answer, "parent_tbl"), ==, "tickets");
  g_assert_cmpstr (rd_record_get_string (answer, "address"), ==, "sam");
  g_assert_cmpstr (rd_record_get_string (answer, "body"), ==, "Please replace the drum.");
  g_assert_cmpstr (rd_record_get_string (answer, "status"), ==, "sent");
  {
    /* Waiting in the outbox for the next sync. */
    g_autoptr(GPtrArray) pending = rd_store_outbox_peek (fixture->store, 0, 100, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < pending->len; i++)
      found |= g_strcmp0 (((RdOutboxEntry *) g_ptr_array_index (pending, i))->row_id,
                          rd_record_get_id (answer)) == 0;
    g_assert_true (found);
  }

  shown.text = "Please replace the drum.";
  g_assert_true (rd_test_ui_wait (shown_cb, &shown, 10000));
  {
    /* Scrolled to the thread for the picture. */
    GtkWidget *scroller = rd_test_ui_find (page, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    rd_test_ui_settle (window, 3);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    rd_test_ui_settle (window, 3);
  }
  g_assert_cmpuint (rd_test_ui_save_screenshot (window, "screenshot-ticket-reply"), >, 20);

  /* Nothing to send: nothing written. */
  g_signal_emit_by_name (reply_row (page), "apply");
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = rd_store_list (fixture->store, "messages", query, NULL, 0, 10, &error);
  g_assert_cmpuint (messages->len, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/ticket-reply/answer", ReplyFixture, NULL, fixture_setup, test_reply,
              fixture_teardown);

  return g_test_run ();
}
