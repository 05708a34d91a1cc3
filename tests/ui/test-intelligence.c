/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-intel-sim.h"
#include "rd-lead-trainer.h"
#include "rd-record-page.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"
#include "rd-ticket-trainer.h"
#include "rd-window.h"

/* The lead score and ticket triage in the real window (docs/intelligence.md), offline on a
 * replica whose model rows arrived as sync writes them: the leads list sorted by score
 * (the Score column), a lead's page with its top factors, and a new ticket's suggested
 * tag and group accepted; in English and in Russian, with screenshots of each. */

#define SEED 20261208

typedef struct {
  char       *tmp;
  char       *replica_dir;
  gboolean    russian;
  RdWindow   *window;
  char       *ticket_id;
  char       *billing_team;
  gboolean    done;
} IntelFixture;

/* Writes @row into @store field by field as the server's sync does. */
static void
put_model (RdStore    *store,
           RdRecord   *row,
           const char *id)
{
  RdHlcValue hlc = rd_hlc_now (rd_store_get_hlc (store));
  JsonObjectIter iter;
  const char *field;
  JsonNode *value;

  rd_record_set_int (row, "version", 1);
  json_object_iter_init (&iter, rd_record_get_fields (row));
  while (json_object_iter_next (&iter, &field, &value))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = json_to_string (value, FALSE);
      gboolean lost = FALSE;

      g_assert_true (rd_store_apply_remote_field (store, "models", id, field, json, hlc, "server", &lost, &error));
      g_assert_no_error (error);
    }
}

static void
fill_replica (IntelFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
  g_autoptr(RdLeadDataset) leads = NULL;
  g_autoptr(RdRecord) lead_model = NULL;
  g_autoptr(RdTicketDataset) tickets = NULL;
  g_autoptr(RdRecord) ticket_model = NULL;
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(RdRecord) fresh = rd_record_new ("tickets");
  const char *const *groups = rd_intel_sim_groups ();
  gint64 now = g_get_real_time () / 1000;
  RdRng rng;

  g_assert_no_error (error);
  g_assert_true (rd_intel_sim_leads (store, SEED, 160, 0.25, now, &error));
  g_assert_no_error (error);
  leads = rd_lead_dataset_collect (store, now, &error);
  g_assert_no_error (error);
  lead_model = rd_lead_trainer_fit (leads, NULL, now, &error);
  g_assert_no_error (error);
  put_model (store, lead_model, "0190bbbb-0000-7000-8000-000000000001");

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(RdRecord) team = rd_record_new ("teams");

      rd_record_set_string (team, "name", groups[g]);
      g_assert_true (rd_store_insert (store, team, &error));
      g_hash_table_insert (teams, (gpointer) groups[g], g_strdup (rd_record_get_id (team)));
    }
  f->billing_team = g_strdup (g_hash_table_lookup (teams, "Billing"));
  rd_rng_init (&rng, SEED, 3);
  for (guint i = 0; i < 80; i++)
    {
      g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
      g_autofree char *subject = NULL;
      g_autofree char *description = NULL;
      const char *tag, *group;

      rd_intel_sim_ticket (&rng, i % 2 ? "ru" : "en", &subject, &description, &tag, &group);
      rd_record_set_string (ticket, "subject", subject);
      rd_record_set_string (ticket, "description", description);
      rd_record_set_string (ticket, "status", "closed");
      rd_record_set_string (ticket, "tags", tag);
      rd_record_set_string (ticket, "group_id", g_hash_table_lookup (teams, group));
      g_assert_true (rd_store_insert (store, ticket, &error));
    }
  tickets = rd_ticket_dataset_collect (store, &error);
  g_assert_no_error (error);
  ticket_model = rd_ticket_trainer_fit (tickets, NULL, now, &error);
  g_assert_no_error (error);
  put_model (store, ticket_model, "0190bbbb-0000-7000-8000-000000000002");

  rd_record_set_string (fresh, "subject", f->russian ? "Не проходит оплата картой" : "Card payment refused");
  rd_record_set_string (fresh, "description", f->russian ? "Списали деньги дважды, верните платёж"
                                                         : "The invoice was charged twice, please refund the payment");
  g_assert_true (rd_store_insert (store, fresh, &error));
  f->ticket_id = g_strdup (rd_record_get_id (fresh));
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
settle (IntelFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 2);
  g_assert_true (rd_test_ui_wait (transitions_over, f->window, 5000));
  rd_test_ui_settle (GTK_WIDGET (f->window), 3);
}

/* Scrolls the record page so that @widget is at the top of its view. */
static void
scroll_to (IntelFixture *f,
           GtkWidget    *widget)
{
  GtkWidget *page = rd_test_ui_find (GTK_WIDGET (f->window), RD_TYPE_RECORD_PAGE);
  GtkWidget *scroller = rd_test_ui_find (page, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, at.y - 12);
  settle (f);
}

static gboolean
record_shown (gpointer data)
{
  return g_strcmp0 (rd_window_get_visible_page (data), "record") == 0;
}

/* The leads list's first row carries a score: the scorer has run and the list reloaded. */
static gboolean
first_lead_scored (gpointer data)
{
  RdListPage *page = data;
  GListModel *model = G_LIST_MODEL (rd_list_page_get_model (page));
  g_autoptr(RdRecord) first = NULL;

  if (model == NULL || g_list_model_get_n_items (model) == 0)
    return FALSE;
  first = g_list_model_get_item (model, 0);
  return first != NULL && rd_record_get_double (first, "score", -1) >= 0;
}

static void
scenario (IntelFixture *f)
{
  const char *suffix = f->russian ? "-ru" : "";
  g_autofree char *name = NULL;
  g_autofree char *top_id = NULL;
  RdListPage *leads;
  GListModel *model;
  GtkWidget *group;
  GtkWidget *button;
  GtkWidget *tags_row;
  g_autoptr(GError) error = NULL;

  /* The leads list, highest score first: the scores come down the list. */
  g_assert_true (rd_window_show_page (f->window, "leads"));
  leads = rd_window_get_list (f->window, "leads");
  g_assert_true (rd_list_page_set_sort (leads, "-score"));
  g_assert_true (rd_test_ui_wait (first_lead_scored, leads, 20000));
  model = G_LIST_MODEL (rd_list_page_get_model (leads));
  {
    double previous = 2;

    for (guint i = 0; i < 20 && i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(RdRecord) lead = g_list_model_get_item (model, i);
        double score = rd_record_get_double (lead, "score", -1);

        if (i == 0)
          top_id = g_strdup (rd_record_get_id (lead));
        g_assert_cmpfloat (score, >=, 0);
        g_assert_cmpfloat (score, <=, previous);
        previous = score;
      }
  }
  settle (f);
  name = g_strdup_printf ("screenshot-leads-score%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);

  /* The best lead's page: its score and what pushed it up. */
  rd_window_open_record (f->window, "leads", top_id);
  g_assert_true (rd_test_ui_wait (record_shown, f->window, 5000));
  settle (f);
  group = rd_test_ui_find_named (GTK_WIDGET (f->window), "score_group");
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                            f->russian ? "ероятность" : "likely to convert"));
  {
    GtkWidget *row = rd_test_ui_find (group, ADW_TYPE_ACTION_ROW);
    const char *up = f->russian ? "овышает" : "Raises";
    guint n = 0, raising = 0;

    /* The best lead's factors: at least one pushed it up (the largest effect comes first). */
    for (; row != NULL; row = gtk_widget_get_next_sibling (row))
      if (ADW_IS_ACTION_ROW (row))
        {
          n++;
          raising += strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), up) != NULL ? 1 : 0;
        }
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpuint (n, <=, 5);
    g_assert_cmpuint (raising, >, 0);
  }
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-lead-factors%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);

  /* The new ticket: tag "billing" and the Billing group suggested, accepted as they are. */
  rd_window_open_record (f->window, "tickets", f->ticket_id);
  settle (f);
  tags_row = rd_test_ui_find_named (GTK_WIDGET (f->window), "triage_tags_row");
  g_assert_nonnull (tags_row);
  g_assert_true (gtk_widget_get_mapped (tags_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tags_row)), ==, "billing");
  scroll_to (f, gtk_widget_get_ancestor (tags_row, ADW_TYPE_PREFERENCES_GROUP));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-ticket-triage%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);
  button = rd_test_ui_find_named (GTK_WIDGET (f->window), "triage_button");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  settle (f);
  {
    g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
    g_autoptr(RdRecord) ticket = NULL;

    g_assert_no_error (error);
    ticket = rd_store_get (store, "tickets", f->ticket_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (ticket, "tags"), ==, "billing");
    g_assert_cmpstr (rd_record_get_string (ticket, "group_id"), ==, f->billing_team);
    g_assert_cmpstr (rd_record_get_string (ticket, "triage"), ==, "accepted");
  }
  scroll_to (f, rd_test_ui_find_named (GTK_WIDGET (f->window), "triage_button"));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-ticket-triage-accepted%s", suffix);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name);

  /* Changed before saving: recorded as the agent's correction. */
  tags_row = rd_test_ui_find_named (GTK_WIDGET (f->window), "triage_tags_row");
  gtk_editable_set_text (GTK_EDITABLE (tags_row), "billing, refund");
  g_signal_emit_by_name (rd_test_ui_find_named (GTK_WIDGET (f->window), "triage_button"), "clicked");
  {
    g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);
    g_autoptr(RdRecord) ticket = rd_store_get (store, "tickets", f->ticket_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (ticket, "tags"), ==, "billing, refund");
    g_assert_cmpstr (rd_record_get_string (ticket, "triage"), ==, "corrected");
  }
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 IntelFixture   *f)
{
  f->window = RD_WINDOW (window);
}

static void
activate_after_cb (GApplication *app,
                   IntelFixture *f)
{
  g_assert_nonnull (f->window);
  rd_test_ui_settle (GTK_WIDGET (f->window), 5);
  scenario (f);
  f->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static void
run (gboolean russian)
{
  g_autoptr(GError) error = NULL;
  IntelFixture f = { 0 };
  g_autoptr(RdApplication) app = NULL;
  char *argv[] = { "ringdesk", "--replica", NULL, NULL };

  f.tmp = g_dir_make_tmp ("rd-ui-intel-XXXXXX", &error);
  g_assert_no_error (error);
  f.replica_dir = g_build_filename (f.tmp, "replica", NULL);
  f.russian = russian;
  fill_replica (&f);
  argv[2] = f.replica_dir;

  app = rd_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &f);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_after_cb), &f);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (f.done);

  rd_test_ui_remove_tree (f.tmp);
  g_free (f.replica_dir);
  g_free (f.tmp);
  g_free (f.ticket_id);
  g_free (f.billing_team);
}

/* Against a real server: the admin trains from the window's menu, the model row arrives by
 * sync, and the leads the replica pulled get their scores. */
typedef struct {
  RdTestServer *server;
  char         *replica_dir;
  RdWindow     *window;
  gboolean      done;
} ServerFixture;

static gboolean
model_arrived (gpointer data)
{
  ServerFixture *f = data;
  RdStore *store = rd_window_get_store (f->window);
  g_autoptr(GPtrArray) rows = store ? rd_store_list (store, "models", "kind = lead_score", NULL, 0, 1, NULL) : NULL;

  return rows != NULL && rows->len == 1;
}

static gboolean
leads_arrived (gpointer data)
{
  ServerFixture *f = data;
  RdStore *store = rd_window_get_store (f->window);

  return store != NULL && rd_store_count (store, "leads", NULL, NULL) == 120;
}

static void
server_window_added_cb (GtkApplication *app,
                        GtkWindow      *window,
                        ServerFixture  *f)
{
  f->window = RD_WINDOW (window);
}

static void
server_activate_after_cb (GApplication  *app,
                          ServerFixture *f)
{
  RdListPage *leads;

  rd_test_ui_settle (GTK_WIDGET (f->window), 5);
  g_assert_true (rd_test_ui_sign_in (f->window, "ada", "ada-password", 10000));
  g_assert_true (rd_test_ui_wait (leads_arrived, f, 20000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train-models", NULL));
  g_assert_true (rd_test_ui_wait (model_arrived, f, 20000));
  g_assert_true (rd_window_show_page (f->window, "leads"));
  leads = rd_window_get_list (f->window, "leads");
  g_assert_true (rd_list_page_set_sort (leads, "-score"));
  g_assert_true (rd_test_ui_wait (first_lead_scored, leads, 20000));
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-leads-trained"), >, 20);
  f->done = TRUE;
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static void
test_intelligence_admin_trains (void)
{
  const char *const args[] = { "--train-interval", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("rd-ui-intel-server-XXXXXX", &error);
  g_autoptr(RdApplication) app = rd_application_new ();
  ServerFixture f = { 0 };
  char *argv[] = { "ringdesk", "--replica", NULL, "--server", NULL, NULL };

  f.server = rd_test_server_new (args);
  rd_test_server_add_user (f.server, "ada", "admin", NULL, "ada-password");
  {
    g_autoptr(RdTestReplica) seed = rd_test_replica_new (f.server, "ada", "ada-password");
    RdSyncStats stats = { 0 };

    g_assert_true (rd_intel_sim_leads (seed->store, SEED, 120, 0.25, g_get_real_time () / 1000, &error));
    g_assert_no_error (error);
    g_assert_true (rd_sync_client_sync (seed->client, &stats, NULL, &error));
    g_assert_no_error (error);
  }
  f.replica_dir = g_build_filename (tmp, "replica", NULL);
  argv[2] = f.replica_dir;
  argv[4] = f.server->base_url;
  g_signal_connect (app, "window-added", G_CALLBACK (server_window_added_cb), &f);
  g_signal_connect_after (app, "activate", G_CALLBACK (server_activate_after_cb), &f);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 5, argv), ==, 0);
  g_assert_true (f.done);

  rd_test_server_free (f.server);
  rd_test_ui_remove_tree (tmp);
  g_free (f.replica_dir);
}

static void
test_intelligence_english (void)
{
  run (FALSE);
}

static void
test_intelligence_russian (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Conversion Score"), ==, "Вероятность сделки");

  run (TRUE);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_func ("/ui/intelligence/english", test_intelligence_english);
  g_test_add_func ("/ui/intelligence/russian", test_intelligence_russian);
  g_test_add_func ("/ui/intelligence/admin-trains", test_intelligence_admin_trains);
  return g_test_run ();
}
