/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdAgentDesk on a real callcenter.db: the state machine, leg tokens, wrap-up by
 * disposition and by timeout, pause codes, and what each change leaves in the log. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-agent-desk.h"

typedef struct {
  char        *dir;
  RdCenterDb  *center;
  RdAgentDesk *desk;
  char        *campaign;
  GPtrArray   *leads;   /* lead ids */
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_autoptr(JsonNode) leads = NULL;
  g_autoptr(RdCenterImportReport) report = NULL;
  JsonObject *fields = json_object_new ();
  RdCenterImportOptions options;
  const char *csv = "phone\n030 1234567\n030 1234568\n030 1234569\n";

  fx->dir = g_dir_make_tmp ("rd-desk-XXXXXX", NULL);
  path = g_build_filename (fx->dir, "callcenter.db", NULL);
  fx->center = rd_center_db_open (path, &error);
  g_assert_no_error (error);
  fx->desk = rd_agent_desk_new (fx->center);

  json_object_set_string_member (fields, "name", "Spring");
  json_object_set_int_member (fields, "wrap_up_timeout", 1);
  campaign = rd_center_campaign_create (fx->center, fields, &error);
  json_object_unref (fields);
  g_assert_no_error (error);
  fx->campaign = g_strdup (json_object_get_string_member (json_node_get_object (campaign), "id"));

  rd_center_import_options_init (&options);
  options.name = "list";
  options.country = "DE";
  g_assert_true (rd_center_leadset_import (fx->center, csv, strlen (csv), &options, &report, &error));
  leads = rd_center_leadset_leads (fx->center, report->id, NULL, 0, 10, &error);
  fx->leads = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (fx->leads, g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_node_get_array (leads), i), "id")));
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx->dir);

  g_clear_object (&fx->desk);
  g_clear_object (&fx->center);
  g_assert_cmpint (system (cmd), ==, 0);
  g_ptr_array_unref (fx->leads);
  g_free (fx->campaign);
  g_free (fx->dir);
}

static const char *
state_of (Fixture *fx)
{
  static char state[32];
  g_autoptr(JsonNode) status = rd_agent_desk_status (fx->desk, "olga");

  if (status == NULL)
    return "none";
  g_strlcpy (state, json_object_get_string_member (json_node_get_object (status), "state"), sizeof state);
  return state;
}

/* A call to lead @i, answered and bridged to Olga. */
static char *
bridged_call (Fixture *fx,
              guint    i)
{
  g_autoptr(GError) error = NULL;
  const char *numbers[] = { "+49301234567", "+49301234568", "+49301234569" };
  RdCenterCallStart start = { "outbound", fx->campaign, NULL, fx->leads->pdata[i], numbers[i], NULL };
  char *id = rd_center_call_start (fx->center, &start, &error);
  gint64 now = rd_center_db_now (fx->center);

  g_assert_no_error (error);
  g_assert_true (rd_center_call_mark (fx->center, id, RD_CENTER_CALL_ANSWERED, now, NULL, &error));
  g_assert_true (rd_center_call_mark (fx->center, id, RD_CENTER_CALL_BRIDGED, now, "olga", &error));
  g_assert_true (rd_agent_desk_call_bridged (fx->desk, "olga", id, &error));
  g_assert_no_error (error);
  return id;
}

static void
end_call (Fixture    *fx,
          const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_center_call_end (fx->center, id, "human", 200, "normal", "customer", FALSE,
                                     rd_center_db_now (fx->center), &error));
  g_assert_true (rd_agent_desk_call_ended (fx->desk, "olga", id, &error));
  g_assert_no_error (error);
}

static const char *
lead_state (Fixture *fx,
            guint    i)
{
  static char state[32];
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(JsonNode) sets = rd_center_leadset_list (fx->center, NULL);
  const char *set = json_object_get_string_member (json_array_get_object_element (json_node_get_array (sets), 0), "id");
  g_autoptr(JsonNode) leads = rd_center_leadset_leads (fx->center, set, NULL, 0, 10, NULL);

  g_strlcpy (state, json_object_get_string_member (json_array_get_object_element (json_node_get_array (leads), i),
                                                   "state"), sizeof state);
  return state;
}

static void
call_done_cb (RdAgentDesk *desk,
              const char  *agent,
              const char  *call_id,
              GPtrArray   *done)
{
  g_assert_cmpstr (agent, ==, "olga");
  g_ptr_array_add (done, g_strdup (call_id));
}

static void
test_day (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *again = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *call1 = NULL, *call2 = NULL, *call3 = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) log = NULL;
  gint64 deadline;
  JsonArray *rows;

  g_signal_connect (fx->desk, "call-done", G_CALLBACK (call_done_cb), done);
  token = rd_agent_desk_login (fx->desk, "olga", fx->campaign, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (token), >=, 22);
  g_assert_cmpstr (state_of (fx), ==, "login");

  /* No Ready before the phone's leg is up; only the issued token brings it up, once. */
  g_assert_false (rd_agent_desk_ready (fx->desk, "olga", &error));
  g_assert_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (rd_agent_desk_leg_up (fx->desk, "guess", NULL, &error));
  g_assert_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_TOKEN);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_leg_up (fx->desk, token, &agent, &error));
  g_assert_cmpstr (agent, ==, "olga");
  g_assert_cmpstr (state_of (fx), ==, "paused");
  g_assert_false (rd_agent_desk_leg_up (fx->desk, token, NULL, &error));
  g_assert_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_TOKEN);
  g_clear_error (&error);

  /* Pause codes are the campaign's. */
  g_assert_false (rd_agent_desk_pause (fx->desk, "olga", "dancing", &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_pause (fx->desk, "olga", "lunch", &error));
  g_assert_true (rd_agent_desk_ready (fx->desk, "olga", &error));
  g_assert_no_error (error);
  ready = rd_agent_desk_ready_agents (fx->desk, fx->campaign);
  g_assert_cmpuint (ready->len, ==, 1);
  g_assert_cmpstr (ready->pdata[0], ==, "olga");

  /* A call; a pause asked during it waits for the disposition. */
  call1 = bridged_call (fx, 0);
  g_assert_cmpstr (state_of (fx), ==, "on_call");
  g_assert_false (rd_agent_desk_logout (fx->desk, "olga", NULL, &error));
  g_assert_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_pause (fx->desk, "olga", "break", &error));
  g_assert_cmpstr (state_of (fx), ==, "on_call");
  end_call (fx, call1);
  g_assert_cmpstr (state_of (fx), ==, "wrap_up");
  g_assert_false (rd_agent_desk_ready (fx->desk, "olga", &error));
  g_clear_error (&error);
  g_assert_false (rd_agent_desk_dispose (fx->desk, "olga", call1, "bought-a-boat", NULL, NULL, 0, FALSE, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_dispose (fx->desk, "olga", call1, "sale", "two year plan", NULL, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (fx), ==, "paused");
  g_assert_cmpstr (lead_state (fx, 0), ==, "done");

  /* The second call is not disposed in time: the 1 s timeout takes Olga to Ready. */
  g_assert_true (rd_agent_desk_ready (fx->desk, "olga", &error));
  call2 = bridged_call (fx, 1);
  end_call (fx, call2);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_str_equal (state_of (fx), "wrap_up") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (state_of (fx), ==, "ready");
  /* The late disposition still lands on the call and the lead. */
  g_assert_false (rd_agent_desk_dispose (fx->desk, "olga", call2, "callback", NULL, NULL, 0, FALSE, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_dispose (fx->desk, "olga", call2, "callback", NULL, NULL,
                                        rd_center_db_now (fx->center) + 3600000, TRUE, &error));
  g_assert_cmpstr (lead_state (fx, 1), ==, "callback");
  g_assert_cmpstr (state_of (fx), ==, "ready");

  /* Do-not-call closes the lead and lists the number. */
  call3 = bridged_call (fx, 2);
  end_call (fx, call3);
  g_assert_false (rd_agent_desk_dispose (fx->desk, "ivan", call3, "do-not-call", NULL, NULL, 0, FALSE, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rd_agent_desk_dispose (fx->desk, "olga", call3, "do-not-call", NULL, NULL, 0, FALSE, &error));
  g_assert_cmpstr (lead_state (fx, 2), ==, "dnc");
  g_assert_true (rd_center_dnc_contains (fx->center, "+49301234569", NULL));
  /* Done with each call as its wrap-up ended (disposition, timeout), and again for the late
   * disposition; never for the refused ones. */
  g_assert_cmpuint (done->len, ==, 4);
  g_assert_cmpstr (done->pdata[0], ==, call1);
  g_assert_cmpstr (done->pdata[1], ==, call2);
  g_assert_cmpstr (done->pdata[2], ==, call2);
  g_assert_cmpstr (done->pdata[3], ==, call3);
  g_signal_handlers_disconnect_by_data (fx->desk, done);

  status = rd_agent_desk_status (fx->desk, "olga");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (status),
                                                                               "today"), "calls"), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (status), "leg_up"));

  /* A second login takes the session over. */
  again = rd_agent_desk_login (fx->desk, "olga", fx->campaign, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state_of (fx), ==, "login");
  g_assert_true (rd_agent_desk_logout (fx->desk, "olga", NULL, &error));
  g_assert_cmpstr (state_of (fx), ==, "none");
  g_assert_null (rd_center_agent_current (fx->center, "olga"));

  log = rd_center_agent_log (fx->center, "olga", 0, G_MAXINT64, &error);
  rows = json_node_get_array (log);
  {
    const char *expected[] = { "login", "paused", "paused", "ready", "on_call", "wrap_up", "paused", "ready",
                               "on_call", "wrap_up", "ready", "on_call", "wrap_up", "ready", "logout", "login",
                               "logout" };

    g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "state"), ==,
                       expected[i]);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "reason"), ==, "lunch");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 6), "reason"), ==, "break");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 14), "reason"), ==,
                     "replaced");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/agent-desk/day", Fixture, NULL, setup, test_day, teardown);
  return g_test_run ();
}
