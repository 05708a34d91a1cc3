/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "../integration/rd-test-phone.h"
#include "rd-call-banner.h"
#include "rd-call-log.h"
#include "rd-test-ui.h"

/* The banner against a real engine: sipp calls, the pop names the contact before anyone
 * answers, and the banner's actions drive the call. */

typedef struct {
  char         *tmp;
  RdStore      *store;
  RdTestEngine *agent;
  RdCallLog    *log;
  GtkWidget    *window;
  RdCallBanner *banner;
  char         *contact_id;
} BannerFixture;

/* @name's revealer of the banner has slid open and 5 frames were painted since. */
static gboolean
revealed (BannerFixture *f,
          const char    *name,
          guint          timeout_ms)
{
  return rd_test_ui_wait_revealed (GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                                RD_TYPE_CALL_BANNER, name)),
                                   5, timeout_ms);
}

static void
fixture_setup (BannerFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) org = rd_record_new ("organizations");
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");

  f->tmp = g_dir_make_tmp ("rd-ui-banner-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->tmp, "replica.db", NULL);
  f->store = rd_store_open (db, &error);
  g_assert_no_error (error);
  rd_record_set_string (org, "name", "Romashka LLC");
  g_assert_true (rd_store_insert (f->store, org, &error));
  rd_record_set_string (contact, "name", "Anna Petrova");
  rd_record_set_string (contact, "org_id", rd_record_get_id (org));
  rd_record_add_phone (contact, "8 (999) 123-45-67", "work");
  g_assert_true (rd_store_insert (f->store, contact, &error));
  f->contact_id = g_strdup (rd_record_get_id (contact));
  rd_record_set_string (ticket, "subject", "Invoice is wrong");
  rd_record_set_string (ticket, "status", "open");
  rd_record_set_string (ticket, "contact_id", f->contact_id);
  g_assert_true (rd_store_insert (f->store, ticket, &error));

  if (g_strcmp0 (data, "record") == 0)
    {
      g_autofree char *rec_dir = g_build_filename (f->tmp, "recordings", NULL);
      f->agent = rd_test_engine_new_full ("agent", NULL, rec_dir, TRUE);
    }
  else
    f->agent = rd_test_engine_new ("agent", NULL, NULL);
  f->log = rd_call_log_new (f->store, "agent-1");
  rd_call_log_attach (f->log, f->agent->phone);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, -1);
  f->banner = RD_CALL_BANNER (rd_call_banner_new (f->agent->phone, f->log));
  rd_call_banner_set_can_record (f->banner, g_strcmp0 (data, "record") == 0);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->banner));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (BannerFixture *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->log);
  rd_test_engine_free (f->agent);
  g_clear_object (&f->store);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->contact_id);
}

static gboolean
shows_caller (gpointer data)
{
  BannerFixture *f = data;
  GtkWidget *title = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                RD_TYPE_CALL_BANNER,
                                                                "title_label"));

  return rd_call_banner_get_call (f->banner) != NULL
      && g_strcmp0 (gtk_label_get_label (GTK_LABEL (title)), "Anna Petrova") == 0;
}

static gboolean
banner_hidden (gpointer data)
{
  return rd_call_banner_get_call (data) == NULL;
}

static gboolean
call_established (gpointer data)
{
  return rd_call_get_state (data) == RD_CALL_STATE_ESTABLISHED;
}

static gboolean
call_muted (gpointer data)
{
  return rd_call_get_muted (data);
}

static void
wrapup_saved_cb (RdCallBanner *banner,
                 const char   *record_id,
                 char        **saved)
{
  *saved = g_strdup (record_id);
}

static void
open_record_cb (RdCallBanner *banner,
                const char   *table,
                const char   *id,
                char        **opened)
{
  *opened = g_strdup_printf ("%s/%s", table, id);
}

static void
test_banner_incoming (BannerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u",
                                             rd_baresip_engine_get_sip_port (f->agent->engine));
  g_autoptr(RdTestSipp) sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_autofree char *opened = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *answer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "answer_button"));
  RdCall *call;

  g_assert_no_error (error);

  /* Ringing: the pop names the contact (stored as 8 (999)…, calling as +7-999-…). */
  g_assert_true (rd_test_ui_wait (shows_caller, f, 10000));
  call = rd_call_banner_get_call (f->banner);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_INCOMING);
  g_assert_true (gtk_widget_get_visible (answer));
  /* The pop's card: the contact's organization and its open tickets. */
  {
    GtkLabel *card = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                               RD_TYPE_CALL_BANNER,
                                                               "card_label"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
    g_assert_nonnull (strstr (gtk_label_get_label (card), "Romashka LLC"));
    g_assert_nonnull (strstr (gtk_label_get_label (card), "1 open ticket"));
  }
  g_assert_true (revealed (f, "revealer", 10000));
  g_assert_cmpuint (rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-incoming"),
                    >, 2);

  g_signal_connect (f->banner, "open-record", G_CALLBACK (open_record_cb), &opened);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.open", NULL));
  expected = g_strdup_printf ("contacts/%s", f->contact_id);
  g_assert_cmpstr (opened, ==, expected);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, call, 10000));
  g_assert_false (gtk_widget_get_visible (answer));

  /* The mute toggle goes through the phone and comes back as the call's state. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.mute", NULL));
  g_assert_true (rd_test_ui_wait (call_muted, call, 10000));
  g_assert_true (revealed (f, "revealer", 10000));
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-muted");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_ui_wait (banner_hidden, f->banner, 10000));
  g_assert_true (rd_test_sipp_wait (sipp, 10000));

  /* Wrap-up: the row asks for the outcome and notes; Save writes them on the record. */
  {
    GtkRevealer *wrapup = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                       RD_TYPE_CALL_BANNER,
                                                                       "wrapup_revealer"));
    GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                          RD_TYPE_CALL_BANNER,
                                                                          "disposition_dropdown"));
    GtkEditable *notes = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                      RD_TYPE_CALL_BANNER,
                                                                      "notes_entry"));
    g_autoptr(RdRecord) record = NULL;
    g_autofree char *saved = NULL;

    g_assert_true (gtk_revealer_get_reveal_child (wrapup));
    g_assert_nonnull (rd_call_log_get_record_id (call));
    /* An answered call starts as "other". */
    g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 6);
    gtk_drop_down_set_selected (dropdown, 2);   /* call back */
    gtk_editable_set_text (notes, "Wants a quote by Friday");
    revealed (f, "wrapup_revealer", 2000);
    rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-wrapup");

    g_signal_connect (f->banner, "wrapup-saved", G_CALLBACK (wrapup_saved_cb), &saved);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.save-wrapup", NULL));
    g_assert_cmpstr (saved, ==, rd_call_log_get_record_id (call));
    g_assert_false (gtk_revealer_get_reveal_child (wrapup));
    record = rd_store_get (f->store, "calls", rd_call_log_get_record_id (call), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (record, "disposition"), ==, "call_back");
    g_assert_cmpstr (rd_record_get_string (record, "notes"), ==, "Wants a quote by Friday");
  }
}

static void
create_lead_cb (RdCallBanner *banner,
                const char   *number,
                char        **asked)
{
  *asked = g_strdup (number);
}

static gboolean
create_offered (gpointer data)
{
  GtkWidget *lead = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data),
                                                               RD_TYPE_CALL_BANNER,
                                                               "create_lead_button"));
  return rd_call_banner_get_call (data) != NULL && gtk_widget_get_visible (lead);
}

/* An unknown caller: Create Contact and Create Lead, with the number read as E.164; a call
 * that was never answered wraps up as "no answer", and Skip leaves the record alone. */
static void
test_banner_unknown (BannerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u",
                                             rd_baresip_engine_get_sip_port (f->agent->engine));
  g_autoptr(RdTestSipp) sipp = NULL;
  g_autofree char *asked = NULL;
  g_autoptr(RdCall) call = NULL;
  g_autoptr(RdRecord) record = NULL;
  GtkWidget *create = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "create_button"));
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                        RD_TYPE_CALL_BANNER,
                                                                        "disposition_dropdown"));
  GtkRevealer *wrapup = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                     RD_TYPE_CALL_BANNER,
                                                                     "wrapup_revealer"));

  g_assert_true (rd_store_delete (f->store, "contacts", f->contact_id, &error));
  g_assert_no_error (error);
  g_signal_connect (f->banner, "create-lead", G_CALLBACK (create_lead_cb), &asked);

  sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (create_offered, f->banner, 10000));
  call = g_object_ref (rd_call_banner_get_call (f->banner));
  g_assert_true (gtk_widget_get_visible (create));
  g_assert_true (revealed (f, "revealer", 10000));
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-unknown");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.create-lead", NULL));
  g_assert_cmpstr (asked, ==, "+79991234567");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_ui_wait (banner_hidden, f->banner, 10000));
  rd_test_sipp_wait (sipp, 10000);
  g_assert_true (gtk_revealer_get_reveal_child (wrapup));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 5);   /* no answer */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.skip-wrapup", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (wrapup));
  record = rd_store_get (f->store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  g_assert_null (rd_record_get_string (record, "disposition"));
}

static gboolean
banner_shows (gpointer data)
{
  return rd_call_banner_get_call (data) != NULL;
}

static gboolean
banner_shows_consult (gpointer data)
{
  RdCall *call = rd_call_banner_get_call (data);

  return call != NULL && rd_call_get_direction (call) == RD_CALL_DIRECTION_OUTGOING
      && rd_call_get_state (call) == RD_CALL_STATE_ESTABLISHED;
}

static gboolean
transferred_call_up (gpointer data)
{
  RdTestEngine *colleague = data;
  RdCall *last = rd_test_engine_last_call (colleague);

  return colleague->calls->len == 2 && rd_call_get_state (last) == RD_CALL_STATE_ESTABLISHED;
}

static gboolean
chooser_offered (gpointer data)
{
  GtkWidget *choose = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "choose_button"));
  return rd_call_banner_get_call (data) != NULL && gtk_widget_get_visible (choose);
}

static gboolean
call_has_record (gpointer data)
{
  return rd_call_log_get_record_id (data) != NULL;
}

/* Two records own the caller's number: the agent picks one, the banner shows its card
 * and the call goes on it. */
static void
test_banner_several (BannerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) office = rd_record_new ("contacts");
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(RdTestSipp) sipp = NULL;
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u",
                                             rd_baresip_engine_get_sip_port (f->agent->engine));
  g_autofree char *opened = NULL;
  g_autofree char *expected = NULL;
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                              RD_TYPE_CALL_BANNER,
                                                              "title_label"));
  GtkLabel *card = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                             RD_TYPE_CALL_BANNER,
                                                             "card_label"));
  GtkWidget *open = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                               RD_TYPE_CALL_BANNER,
                                                               "open_button"));
  GtkWidget *choose = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "choose_button"));
  g_autoptr(RdCall) call = NULL;

  rd_record_set_string (office, "name", "Petrova & Co. front desk");
  rd_record_add_phone (office, "+7 999 123 45 67", "work");
  g_assert_true (rd_store_insert (f->store, office, &error));
  g_signal_connect (f->banner, "open-record", G_CALLBACK (open_record_cb), &opened);

  sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (chooser_offered, f->banner, 10000));
  call = g_object_ref (rd_call_banner_get_call (f->banner));
  g_assert_false (gtk_widget_get_visible (open));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.choose", "(ss)",
                                             "contacts", f->contact_id));
  expected = g_strdup_printf ("contacts/%s", f->contact_id);
  g_assert_cmpstr (opened, ==, expected);
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Anna Petrova");
  /* The pick shows the same card as a single match: organization, tickets, deals, Open. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_nonnull (strstr (gtk_label_get_label (card), "Romashka LLC"));
  g_assert_nonnull (strstr (gtk_label_get_label (card), "1 open ticket"));
  g_assert_nonnull (strstr (gtk_label_get_label (card), "0 open deals"));
  g_assert_true (gtk_widget_get_visible (open));
  g_assert_false (gtk_widget_get_visible (choose));
  revealed (f, "revealer", 2000);
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-chosen");
  g_clear_pointer (&opened, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.open", NULL));
  g_assert_cmpstr (opened, ==, expected);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, call, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_ui_wait (call_has_record, call, 10000));
  g_assert_true (rd_test_sipp_wait (sipp, 10000));

  record = rd_store_get (f->store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "parent_id"), ==, f->contact_id);
}

/* Attended transfer from the banner: consult the colleague, then connect. */
static void
test_banner_attended_transfer (BannerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", NULL, NULL);
  g_autoptr(RdTestEngine) colleague = rd_test_engine_new ("colleague", NULL, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autofree char *colleague_uri = rd_test_engine_uri (colleague);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) out = NULL;
  GtkWidget *connect = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                  RD_TYPE_CALL_BANNER,
                                                                  "connect_button"));
  RdCall *in;

  colleague->auto_answer = TRUE;
  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (banner_shows, f->banner, 10000));
  in = rd_call_banner_get_call (f->banner);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, in, 10000));
  g_assert_false (gtk_widget_get_visible (connect));

  /* Consult: the caller is held, the banner follows the call to the colleague. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.consult", "s",
                                             colleague_uri));
  g_assert_true (rd_test_ui_wait (banner_shows_consult, f->banner, 10000));
  g_assert_true (rd_call_get_held (in));
  g_assert_true (gtk_widget_get_visible (connect));
  revealed (f, "revealer", 2000);
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-consult");

  /* Connect: the caller's phone calls the colleague, the agent's calls end. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.connect", NULL));
  g_assert_true (rd_test_ui_wait (banner_hidden, f->banner, 10000));
  g_assert_cmpstr (rd_call_get_hangup_cause (in), ==, RD_CALL_CAUSE_TRANSFERRED);
  g_assert_true (rd_test_ui_wait (transferred_call_up, colleague, 10000));
}

static gboolean
call_over (gpointer data)
{
  return rd_call_is_closed (data);
}

static gboolean
call_recording (gpointer data)
{
  return rd_call_get_recording (data);
}

static gboolean
record_has_recording (gpointer data)
{
  BannerFixture *f = g_object_get_data (data, "fixture");
  const char *id = rd_call_log_get_record_id (data);
  g_autoptr(RdRecord) record = id != NULL ? rd_store_get (f->store, "calls", id, NULL) : NULL;

  return record != NULL && rd_record_get_string (record, "recording") != NULL;
}

/* Recording on demand: the Record toggle records the call from the press on; the file
 * ends up on the call record. */
static void
test_banner_record (BannerFixture *f,
                    gconstpointer  data)
{
  g_autofree char *tone = rd_test_make_tone (f->tmp, 1000, 30);
  g_autofree char *source = g_strdup_printf ("aufile,%s", tone);
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", source, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) in = NULL;
  GtkWidget *record = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "record_button"));
  GtkLabel *subtitle = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                 RD_TYPE_CALL_BANNER,
                                                                 "subtitle_label"));

  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (banner_shows, f->banner, 10000));
  in = g_object_ref (rd_call_banner_get_call (f->banner));
  g_assert_true (gtk_widget_get_visible (record));
  g_assert_false (gtk_widget_is_sensitive (record));   /* not before the answer */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, in, 10000));
  g_assert_true (gtk_widget_is_sensitive (record));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (record)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.record", NULL));
  g_assert_true (rd_test_ui_wait (call_recording, in, 10000));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (record)));
  g_assert_nonnull (strstr (gtk_label_get_label (subtitle), "Recording"));
  revealed (f, "revealer", 2000);
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-recording");

  /* A second of the caller's tone, then hang up. */
  g_assert_false (rd_test_ui_wait (call_over, in, 1000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_ui_wait (banner_hidden, f->banner, 10000));
  g_object_set_data (G_OBJECT (in), "fixture", f);
  g_assert_true (rd_test_ui_wait (record_has_recording, in, 10000));
  g_assert_true (g_file_test (rd_call_get_recording_path (in), G_FILE_TEST_IS_REGULAR));
}

static gboolean
banner_waiting_row (gpointer data)
{
  return gtk_revealer_get_reveal_child (data);
}

static gboolean
waiting_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (data);
}

static gboolean
call_closed (gpointer data)
{
  return rd_call_is_closed (data);
}

static gboolean
waiting_shown (gpointer data)
{
  BannerFixture *f = data;
  GtkRevealer *row = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                  RD_TYPE_CALL_BANNER,
                                                                  "waiting_revealer"));
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                              RD_TYPE_CALL_BANNER,
                                                              "waiting_title_label"));

  return gtk_revealer_get_reveal_child (row)
      && g_strcmp0 (gtk_label_get_label (title), "Call waiting: Anna Petrova") == 0;
}

static gboolean
call_held (gpointer data)
{
  return rd_call_get_held (data);
}

static gboolean
call_resumed (gpointer data)
{
  return rd_call_get_state (data) == RD_CALL_STATE_ESTABLISHED && !rd_call_get_held (data);
}

/* Call waiting: while the agent talks to a first caller, Anna calls (sipp). The banner
 * keeps the first call and shows Anna's pop in the waiting row; Hold and Answer holds the
 * first call and answers her; when she is done the first call comes back. */
static void
test_banner_waiting (BannerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", NULL, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u",
                                             rd_baresip_engine_get_sip_port (f->agent->engine));
  g_autoptr(RdTestSipp) sipp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) first = NULL;
  g_autoptr(RdCall) anna = NULL;
  GtkRevealer *row = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                  RD_TYPE_CALL_BANNER,
                                                                  "waiting_revealer"));
  GtkLabel *detail = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                               RD_TYPE_CALL_BANNER,
                                                               "waiting_detail_label"));

  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (banner_shows, f->banner, 10000));
  first = g_object_ref (rd_call_banner_get_call (f->banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, first, 10000));
  g_assert_false (gtk_revealer_get_reveal_child (row));

  sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (waiting_shown, f, 10000));
  anna = g_object_ref (rd_phone_get_waiting_call (f->agent->phone));
  g_assert_true (rd_call_banner_get_call (f->banner) == first);
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "Romashka LLC"));
  g_assert_true (rd_test_ui_wait (waiting_revealed, row, 10000));
  revealed (f, "revealer", 2000);
  rd_test_ui_save_screenshot (f->window, "screenshot-call-banner-waiting");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer-waiting",
                                             NULL));
  g_assert_true (rd_test_ui_wait (call_established, anna, 10000));
  g_assert_true (rd_test_ui_wait (call_held, first, 10000));
  g_assert_true (rd_call_banner_get_call (f->banner) == anna);
  g_assert_false (gtk_revealer_get_reveal_child (row));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_sipp_wait (sipp, 10000));
  g_assert_true (rd_test_ui_wait (call_resumed, first, 10000));
  g_assert_true (rd_call_banner_get_call (f->banner) == first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.hangup", NULL));
  g_assert_true (rd_test_ui_wait (banner_hidden, f->banner, 10000));
}

static gboolean
waiting_row_hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (data);
}

/* Decline from the waiting row: the first call goes on. */
static void
test_banner_waiting_decline (BannerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", NULL, NULL);
  g_autoptr(RdTestEngine) second = rd_test_engine_new ("second", NULL, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(RdCall) first = NULL;
  GtkRevealer *row = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner),
                                                                  RD_TYPE_CALL_BANNER,
                                                                  "waiting_revealer"));

  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_true (rd_test_ui_wait (banner_shows, f->banner, 10000));
  first = g_object_ref (rd_call_banner_get_call (f->banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.answer", NULL));
  g_assert_true (rd_test_ui_wait (call_established, first, 10000));

  out2 = rd_phone_dial (second->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (banner_waiting_row, row, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->banner), "call.decline-waiting",
                                             NULL));
  g_assert_true (rd_test_ui_wait (call_closed, out2, 10000));
  g_assert_cmpuint (rd_call_get_sip_status (out2), ==, 486);
  /* The caller hears 486 before the agent's engine reports its side closed: wait for it. */
  g_assert_true (rd_test_ui_wait (waiting_row_hidden, row, 10000));
  {
    /* The declined call is recorded (missed) but asks no wrap-up: the agent is talking. */
    GtkRevealer *wrapup = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (f->banner), RD_TYPE_CALL_BANNER,
                                                                       "wrapup_revealer"));
    GListModel *calls = rd_phone_get_calls (f->agent->phone);
    g_autoptr(RdRecord) missed = NULL;
    g_autoptr(GPtrArray) rows = NULL;

    g_assert_false (gtk_revealer_get_reveal_child (wrapup));
    rows = rd_store_list (f->store, "calls", "answered_at is empty", NULL, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (rd_call_log_status (rd_record_get_string (rows->pdata[0], "hangup_cause"), FALSE), ==, "missed");
    g_assert_cmpuint (g_list_model_get_n_items (calls), >=, 1);
  }
  g_assert_true (rd_call_banner_get_call (f->banner) == first);
  g_assert_true (call_resumed (first));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/call-banner/incoming", BannerFixture, NULL,
              fixture_setup, test_banner_incoming, fixture_teardown);
  g_test_add ("/ui/call-banner/unknown", BannerFixture, NULL,
              fixture_setup, test_banner_unknown, fixture_teardown);
  g_test_add ("/ui/call-banner/several", BannerFixture, NULL,
              fixture_setup, test_banner_several, fixture_teardown);
  g_test_add ("/ui/call-banner/attended-transfer", BannerFixture, NULL,
              fixture_setup, test_banner_attended_transfer, fixture_teardown);
  g_test_add ("/ui/call-banner/record-on-demand", BannerFixture, "record",
              fixture_setup, test_banner_record, fixture_teardown);
  g_test_add ("/ui/call-banner/call-waiting", BannerFixture, NULL,
              fixture_setup, test_banner_waiting, fixture_teardown);
  g_test_add ("/ui/call-banner/call-waiting-decline", BannerFixture, NULL,
              fixture_setup, test_banner_waiting_decline, fixture_teardown);

  return g_test_run ();
}
