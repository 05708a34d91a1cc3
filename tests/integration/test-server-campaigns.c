/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-test-server.h"

/* Campaigns, leadsets and DNC lists over HTTP on a real ringdesk-server: each endpoint
 * enforces its role (the app only hides), bad input gets a clear error and loses nothing,
 * and the data survive a restart and a kill. */

typedef struct {
  RdTestServer *server;
  char         *admin;
  char         *manager;    /* team north */
  char         *other;      /* a manager of team south */
  char         *agent;      /* team north */
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  fx->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fx->server, "root", "admin", NULL, "admin-password");
  rd_test_server_add_user (fx->server, "mira", "manager", "north", "manager-password");
  rd_test_server_add_user (fx->server, "sven", "manager", "south", "manager-password");
  rd_test_server_add_user (fx->server, "olga", "agent", "north", "agent-password");
  rd_test_server_add_user (fx->server, "ivan", "agent", "south", "agent-password");
  fx->admin = rd_test_login (fx->server, "root", "admin-password");
  fx->manager = rd_test_login (fx->server, "mira", "manager-password");
  fx->other = rd_test_login (fx->server, "sven", "manager-password");
  fx->agent = rd_test_login (fx->server, "olga", "agent-password");
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  g_free (fx->admin);
  g_free (fx->manager);
  g_free (fx->other);
  g_free (fx->agent);
  rd_test_server_free (fx->server);
}

static JsonObject *
body (RdTestResponse *response)
{
  g_assert_nonnull (response->body);
  return json_node_get_object (response->body);
}

static char *
create_campaign (Fixture    *fx,
                 const char *token,
                 const char *json)
{
  g_autoptr(RdTestResponse) r = rd_test_request_json (fx->server, "POST", "/api/v1/campaigns", token, json);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (rd_test_response_string (r, "id"));
}

static void
test_roles (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *id = create_campaign (fx, fx->manager, "{\"name\": \"Renewals\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/campaigns/%s", id);
  g_autofree char *start = g_strdup_printf ("/api/v1/campaigns/%s/start", id);
  g_autofree char *agents = g_strdup_printf ("/api/v1/campaigns/%s/agents", id);
  g_autoptr(RdTestResponse) r = NULL;
  char *ivan = rd_test_login (fx->server, "ivan", "agent-password");

  /* The manager's campaign is the manager's team's. */
  r = rd_test_request (fx->server, "GET", path, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body (r), "team"), ==, "north");
  g_clear_pointer (&r, rd_test_response_free);

  /* Agents may not create, edit, start or upload; an agent of the team reads it. */
  r = rd_test_request_json (fx->server, "POST", "/api/v1/campaigns", fx->agent, "{\"name\": \"Mine\"}");
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "PATCH", path, fx->agent, "{\"max_attempts\": 9}");
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", start, fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", "/api/v1/leadsets?name=x&country=DE", fx->agent, "text/csv",
                       "phone\n030 1234567\n", -1);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/dnc", fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", path, fx->agent, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, rd_test_response_free);

  /* Another team neither sees nor changes it: 404, as for a campaign that does not exist. */
  r = rd_test_request (fx->server, "GET", path, fx->other, NULL, NULL, 0);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", start, fx->other, NULL, NULL, 0);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", path, ivan, NULL, NULL, 0);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/campaigns", ivan, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "campaigns")), ==, 0);
  g_clear_pointer (&r, rd_test_response_free);
  /* A manager may not hand a campaign to another team. */
  r = rd_test_request_json (fx->server, "PATCH", path, fx->manager, "{\"team\": \"south\"}");
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);

  /* Assigned by name, Ivan sees it. */
  r = rd_test_request_json (fx->server, "PUT", agents, fx->manager,
                            "{\"agents\": [\"ivan\"]}");
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "PUT", agents, fx->manager,
                            "{\"agents\": [\"nobody\"]}");
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/campaigns", ivan, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "campaigns")), ==, 1);
  g_clear_pointer (&r, rd_test_response_free);

  r = rd_test_request (fx->server, "POST", start, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (body (r), "status"), ==, "running");
  g_free (ivan);
}

static void
test_bad_input (Fixture       *fx,
                gconstpointer  data)
{
  static const struct {
    const char *method, *path, *type, *body;
    guint       status;
  } cases[] = {
    { "POST", "/api/v1/campaigns", "application/json", "{", 400 },
    { "POST", "/api/v1/campaigns", "application/json", "[]", 400 },
    { "POST", "/api/v1/campaigns", "application/json", "{\"name\": \"x\", \"ring_timeout\": 5}", 400 },
    { "POST", "/api/v1/campaigns", "application/json", "{\"name\": \"x\", \"wat\": 1}", 400 },
    { "POST", "/api/v1/campaigns", "text/plain", "{\"name\": \"x\"}", 415 },
    { "POST", "/api/v1/leadsets?name=x", "text/csv", "phone\n1\n", 400 },
    { "POST", "/api/v1/leadsets?name=x&country=Atlantis", "text/csv", "phone\n1\n", 400 },
    { "POST", "/api/v1/leadsets?name=x&country=DE", "application/json", "{}", 415 },
    { "POST", "/api/v1/leadsets?name=x&country=DE&mapping=fone=1", "text/csv", "a\n1\n", 400 },
    { "POST", "/api/v1/leadsets?name=x&country=DE&dry_run=maybe", "text/csv", "phone\n1\n", 400 },
    { "POST", "/api/v1/leadsets?name=x&country=DE&encoding=KOI9", "text/csv", "phone\n1\n", 400 },
    { "POST", "/api/v1/leadsets?name=x&country=DE", "text/csv", "", 400 },
    { "POST", "/api/v1/dnc", "application/json", "{\"number\": \"12\", \"country\": \"DE\"}", 400 },
    { "POST", "/api/v1/dnc", "application/json", "{\"number\": \"030 1234567\"}", 400 },
    { "GET", "/api/v1/leadsets/nope/leads?state=lost", NULL, NULL, 400 },
    { "GET", "/api/v1/leadsets/nope", NULL, NULL, 404 },
    { "GET", "/api/v1/campaigns/nope", NULL, NULL, 404 },
    { "DELETE", "/api/v1/dnc/+49301234567", NULL, NULL, 404 },
  };
  g_autoptr(RdTestResponse) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RdTestResponse) r = rd_test_request (fx->server, cases[i].method, cases[i].path,
                                                     fx->manager, cases[i].type, cases[i].body, -1);

      if (r->status != cases[i].status)
        g_error ("%s %s: %u, expected %u (%s)", cases[i].method, cases[i].path, r->status,
                 cases[i].status, r->text);
      g_assert_nonnull (rd_test_response_string (r, "message"));
    }

  /* Nothing was half-written. */
  list = rd_test_request (fx->server, "GET", "/api/v1/campaigns", fx->admin, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (list), "campaigns")), ==, 0);
  g_clear_pointer (&list, rd_test_response_free);
  list = rd_test_request (fx->server, "GET", "/api/v1/leadsets", fx->admin, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (list), "leadsets")), ==, 0);
}

static void
test_leadset_upload (Fixture       *fx,
                     gconstpointer  data)
{
  const char *csv =
    "Name;Tel;Land;Plan\r\n"
    "Hans;030 1234567;DE;Gold\r\n"
    "Anna;(212) 555-0123;US;Silver\r\n"
    "Karl;030 1234568;;\r\n"                     /* read for Russia: not a valid number */
    "Ivan;8 912 345-67-89;;\r\n"
    "Petra;+49 30 1234569;xx;\r\n";              /* a country that is none: reported */
  const char *dnc = "number\n+49 30 1234567\n";
  g_autofree char *campaign = create_campaign (fx, fx->manager, "{\"name\": \"Spring\"}");
  g_autoptr(RdTestResponse) dry = NULL;
  g_autoptr(RdTestResponse) up = NULL;
  g_autoptr(RdTestResponse) leads = NULL;
  g_autoptr(RdTestResponse) r = NULL;
  g_autofree char *leads_path = NULL;
  g_autofree char *attach = NULL;
  const char *upload = "/api/v1/leadsets?name=Spring%20list&country=RU"
                       "&mapping=first_name%3DName%2Cphone%3DTel%2Ccountry%3DLand";
  g_autofree char *dry_path = g_strconcat (upload, "&dry_run=true", NULL);
  JsonArray *rows;
  const char *id;

  dry = rd_test_request (fx->server, "POST", dry_path, fx->manager, "text/csv", csv, -1);
  g_assert_cmpuint (dry->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (body (dry), "committed"));
  g_assert_cmpint (json_object_get_int_member (body (dry), "imported"), ==, 4);

  up = rd_test_request (fx->server, "POST", upload, fx->manager, "text/csv", csv, -1);
  g_assert_cmpuint (up->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (body (up), "rows"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (body (up), "imported"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (body (up), "invalid_numbers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (body (up), "bad"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (body (up), "delimiter"), ==, ";");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
    json_object_get_array_member (body (up), "errors"), 0), "line"), ==, 6);
  id = rd_test_response_string (up, "id");

  attach = g_strdup_printf ("/api/v1/campaigns/%s/leadsets/%s", campaign, id);
  r = rd_test_request (fx->server, "PUT", attach, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "PUT", attach, fx->other, NULL, NULL, 0);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);

  /* The global DNC list closes Hans's lead. */
  r = rd_test_request (fx->server, "POST", "/api/v1/dnc/upload?country=DE", fx->manager, "text/csv", dnc, -1);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (body (r), "imported"), ==, 1);
  g_clear_pointer (&r, rd_test_response_free);

  /* The data outlive a kill: the server starts again on the same folder. */
  rd_test_server_kill (fx->server);
  rd_test_server_start (fx->server);

  leads_path = g_strdup_printf ("/api/v1/leadsets/%s/leads", id);
  leads = rd_test_request (fx->server, "GET", leads_path, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (leads->status, ==, 200);
  rows = json_object_get_array_member (body (leads), "leads");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "state"), ==, "dnc");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "phone"), ==,
                   "+12125550123");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "timezone"), ==,
                   "America/New_York");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
    json_array_get_object_element (rows, 1), "extra"), "Plan"), ==, "Silver");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "state"), ==,
                   "invalid");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 3), "phone"), ==,
                   "+79123456789");

  /* Agents add a number a customer asked about; only managers remove it. */
  r = rd_test_request_json (fx->server, "POST", "/api/v1/dnc", fx->agent,
                            "{\"number\": \"8 912 345-67-89\", \"country\": \"RU\", \"reason\": \"asked\"}");
  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpstr (rd_test_response_string (r, "number"), ==, "+79123456789");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "DELETE", "/api/v1/dnc/+79123456789", fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "DELETE", "/api/v1/dnc/+79123456789", fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_dispositions_pause_codes (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *id = create_campaign (fx, fx->manager, "{\"name\": \"Survey\"}");
  g_autofree char *dispositions = g_strdup_printf ("/api/v1/campaigns/%s/dispositions", id);
  g_autofree char *codes = g_strdup_printf ("/api/v1/pause-codes?campaign=%s", id);
  g_autoptr(RdTestResponse) r = NULL;
  g_autofree char *body_text = g_strdup_printf ("{\"code\": \"coaching\", \"label\": \"Coaching\","
                                                " \"campaign_id\": \"%s\"}", id);

  r = rd_test_request_json (fx->server, "POST", dispositions, fx->manager,
                            "{\"code\": \"survey-done\", \"label\": \"Survey done\", \"closes_lead\": true}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "dispositions")), ==, 8);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "POST", dispositions, fx->agent,
                            "{\"code\": \"x\", \"label\": \"X\"}");
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);

  r = rd_test_request_json (fx->server, "POST", "/api/v1/pause-codes", fx->manager,
                            "{\"code\": \"nap\", \"label\": \"Nap\"}");
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "POST", "/api/v1/pause-codes", fx->manager, body_text);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", codes, fx->agent, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "pause_codes")), ==, 6);
}

static void
test_agent_session (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *id = create_campaign (fx, fx->manager, "{\"name\": \"Inbound help\"}");
  g_autofree char *login = g_strdup_printf ("{\"campaign_id\": \"%s\"}", id);
  g_autofree char *start = g_strdup_printf ("/api/v1/campaigns/%s/start", id);
  g_autoptr(RdTestResponse) r = NULL;
  g_autofree char *token = NULL;
  char *ivan = rd_test_login (fx->server, "ivan", "agent-password");

  /* A stopped campaign takes no agents; a campaign of another team is not there. */
  r = rd_test_request_json (fx->server, "POST", "/api/v1/agent/login", fx->agent, login);
  rd_test_assert_error (r, 409, "conflict");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", start, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "POST", "/api/v1/agent/login", ivan, login);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);

  r = rd_test_request_json (fx->server, "POST", "/api/v1/agent/login", fx->agent, login);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (rd_test_response_string (r, "state"), ==, "login");
  token = g_strdup (rd_test_response_string (r, "leg_token"));
  g_assert_nonnull (token);
  g_clear_pointer (&r, rd_test_response_free);

  /* Until the phone's leg is up the agent cannot take calls: told why, state unchanged. */
  r = rd_test_request (fx->server, "POST", "/api/v1/agent/ready", fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 409, "conflict");
  g_assert_nonnull (strstr (rd_test_response_string (r, "message"), "phone"));
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "POST", "/api/v1/agent/pause", fx->agent, "{\"code\": \"nap\"}");
  rd_test_assert_error (r, 400, "bad-request");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request_json (fx->server, "POST", "/api/v1/agent/disposition", fx->agent,
                            "{\"call_id\": \"nope\", \"code\": \"sale\"}");
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", "/api/v1/agent/leg", fx->agent, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (rd_test_response_string (r, "leg_token"), !=, token);
  g_clear_pointer (&r, rd_test_response_free);

  /* The board: the manager of the team sees Olga; an agent may not look. */
  r = rd_test_request (fx->server, "GET", "/api/v1/agents", fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/agents", fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "agents")), ==, 1);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/agents", fx->other, NULL, NULL, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body (r), "agents")), ==, 0);
  g_clear_pointer (&r, rd_test_response_free);

  r = rd_test_request (fx->server, "POST", "/api/v1/agent/logout", fx->agent, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (rd_test_response_string (r, "state"), ==, "logout");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "POST", "/api/v1/agent/ready", fx->agent, NULL, NULL, 0);
  rd_test_assert_error (r, 409, "conflict");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "GET", "/api/v1/agent", fx->agent, NULL, NULL, 0);
  g_assert_cmpstr (rd_test_response_string (r, "state"), ==, "logout");
  g_free (ivan);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/server/campaigns/roles", test_roles);
  ADD ("/server/campaigns/bad-input", test_bad_input);
  ADD ("/server/campaigns/leadset-upload", test_leadset_upload);
  ADD ("/server/campaigns/dispositions-pause-codes", test_dispositions_pause_codes);
  ADD ("/server/campaigns/agent-session", test_agent_session);
  return g_test_run ();
}
