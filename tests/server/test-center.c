/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCenterDb on a real callcenter.db file: campaigns, leadsets, DNC, the agent state log,
 * call rows and what a crash leaves behind. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "rd-center-db.h"

typedef struct {
  char       *dir;
  char       *path;
  RdCenterDb *db;
  gint64      now;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

static void
reopen (Fixture *fx)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fx->db);
  fx->db = rd_center_db_open (fx->path, &error);
  g_assert_no_error (error);
  rd_center_db_set_clock (fx->db, fixture_clock, fx);
}

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *zones_path = g_build_filename (g_getenv ("RD_TEST_SOURCE_DIR"), "data",
                                                  "phone-timezones.tsv", NULL);
  g_autoptr(RdPhoneZones) zones = rd_phone_zones_new_from_file (zones_path, &error);

  g_assert_no_error (error);
  fx->dir = g_dir_make_tmp ("rd-center-XXXXXX", NULL);
  fx->path = g_build_filename (fx->dir, "callcenter.db", NULL);
  fx->now = 1764900000000;  /* 2025-12-05 */
  reopen (fx);
  rd_center_db_set_phone_zones (fx->db, zones);
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx->dir);

  g_clear_object (&fx->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (fx->path);
  g_free (fx->dir);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static char *
create_campaign (Fixture    *fx,
                 const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = parse_object (json);
  g_autoptr(JsonNode) campaign = rd_center_campaign_create (fx->db, fields, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (campaign), "id"));
}

static void
assert_campaign_invalid (Fixture    *fx,
                         const char *json,
                         const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = parse_object (json);
  g_autoptr(JsonNode) campaign = rd_center_campaign_create (fx->db, fields, &error);

  g_assert_null (campaign);
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_campaign_settings (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_campaign (fx, "{\"name\": \"Winter renewals\", \"team\": \"north\"}");
  g_autoptr(JsonNode) node = rd_center_campaign_get (fx->db, id, &error);
  g_autoptr(JsonObject) change = parse_object ("{\"dial_method\": \"predictive\", \"abandon_cap\": 2.5,"
                                               " \"press_one\": true, \"order_by_score\": true}");
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonObject) dup = parse_object ("{\"name\": \"Winter renewals\"}");
  g_autoptr(JsonNode) again = NULL;
  JsonObject *c;

  g_assert_no_error (error);
  c = json_node_get_object (node);
  /* The safe defaults of docs/callcenter.md. */
  g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "stopped");
  g_assert_cmpstr (json_object_get_string_member (c, "dial_method"), ==, "progressive");
  g_assert_cmpint (json_object_get_int_member (c, "ring_timeout"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (c, "wrap_up_timeout"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (c, "safe_harbor_ms"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (c, "abandon_redial_hours"), ==, 72);
  g_assert_cmpfloat (json_object_get_double_member (c, "abandon_cap"), ==, 3.0);
  g_assert_cmpstr (json_object_get_string_member (c, "calling_hours_start"), ==, "08:00");
  g_assert_cmpstr (json_object_get_string_member (c, "calling_hours_end"), ==, "21:00");
  /* The hopper orders by the lead score only when a manager says so (docs/intelligence.md). */
  g_assert_false (json_object_get_boolean_member (c, "order_by_score"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "dispositions")), ==, 7);
  g_assert_true (json_object_get_boolean_member (
    json_array_get_object_element (json_object_get_array_member (c, "dispositions"), 0), "closes_lead"));

  /* Compliance floors and types are enforced; nothing is written. */
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"ring_timeout\": 10}", "ring_timeout must be between 15");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"safe_harbor_ms\": 5000}", "safe_harbor_ms");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"abandon_cap\": 5}", "abandon_cap");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"abandon_redial_hours\": 24}", "abandon_redial_hours");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"dial_method\": \"robot\"}", "dial_method must be one of");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"colour\": \"red\"}", "unknown campaign setting \"colour\"");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"max_attempts\": \"3\"}", "max_attempts must be an integer");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"calling_hours_start\": \"22:00\"}",
                           "calling_hours_start must be before");
  assert_campaign_invalid (fx, "{\"name\": \"x\", \"calling_hours_end\": \"25:00\"}", "HH:MM");
  assert_campaign_invalid (fx, "{\"dial_method\": \"preview\"}", "needs a name");

  again = rd_center_campaign_create (fx->db, dup, &error);
  g_assert_null (again);
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_EXISTS);
  g_clear_error (&error);

  updated = rd_center_campaign_update (fx->db, id, change, &error);
  g_assert_no_error (error);
  c = json_node_get_object (updated);
  g_assert_cmpstr (json_object_get_string_member (c, "dial_method"), ==, "predictive");
  g_assert_cmpfloat (json_object_get_double_member (c, "abandon_cap"), ==, 2.5);
  g_assert_true (json_object_get_boolean_member (c, "press_one"));
  g_assert_true (json_object_get_boolean_member (c, "order_by_score"));
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "Winter renewals");

  g_assert_true (rd_center_campaign_set_status (fx->db, id, "running", &error));
  g_assert_false (rd_center_campaign_set_status (fx->db, id, "flying", &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rd_center_campaign_set_status (fx->db, "nope", "running", &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND);
}

static void
test_campaign_visibility (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *north = create_campaign (fx, "{\"name\": \"North\", \"team\": \"north\"}");
  g_autofree char *south = create_campaign (fx, "{\"name\": \"South\", \"team\": \"south\"}");
  const char *agents[] = { "olga", NULL };
  g_autoptr(JsonNode) all = NULL, team = NULL, olga = NULL, ivan = NULL;

  g_assert_true (rd_center_campaign_set_agents (fx->db, south, agents, &error));
  g_assert_no_error (error);
  all = rd_center_campaign_list (fx->db, NULL, NULL, NULL, &error);
  team = rd_center_campaign_list (fx->db, "north", NULL, NULL, &error);
  olga = rd_center_campaign_list (fx->db, NULL, "olga", "north", &error);
  ivan = rd_center_campaign_list (fx->db, NULL, "ivan", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (team)), ==, 1);
  /* Olga: her team's campaign and the one she is assigned to. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (olga)), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (ivan)), ==, 0);
}

static void
test_dispositions_pause_codes (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_campaign (fx, "{\"name\": \"Survey\"}");
  g_autoptr(JsonObject) d = parse_object ("{\"code\": \"survey-done\", \"label\": \"Survey done\","
                                          " \"closes_lead\": true}");
  g_autoptr(JsonObject) bad = parse_object ("{\"code\": \"a b\", \"label\": \"x\"}");
  g_autoptr(JsonNode) campaign = NULL;
  g_autoptr(JsonNode) codes = NULL;

  g_assert_true (rd_center_campaign_put_disposition (fx->db, id, d, &error));
  g_assert_false (rd_center_campaign_put_disposition (fx->db, id, bad, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rd_center_campaign_delete_disposition (fx->db, id, "no-answer", &error));
  g_assert_false (rd_center_campaign_delete_disposition (fx->db, id, "no-answer", &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  campaign = rd_center_campaign_get (fx->db, id, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (campaign), "dispositions")), ==, 7);

  g_assert_true (rd_center_pause_code_put (fx->db, id, "coaching", "Coaching", &error));
  g_assert_no_error (error);
  codes = rd_center_pause_codes (fx->db, id, &error);
  /* The five global codes first, then the campaign's. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (codes)), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
    json_node_get_array (codes), 5), "code"), ==, "coaching");
}

static RdCenterImportReport *
import_leads (Fixture    *fx,
              const char *csv,
              const char *country,
              const char *mapping,
              gboolean    header,
              gboolean    dry_run,
              GError    **error)
{
  RdCenterImportOptions options;
  RdCenterImportReport *report = NULL;

  rd_center_import_options_init (&options);
  options.name = "December list";
  options.country = country;
  options.mapping = mapping;
  options.header = header;
  options.dry_run = dry_run;
  options.actor = "manager1";
  rd_center_leadset_import (fx->db, csv, strlen (csv), &options, &report, error);
  return report;
}

static JsonObject *
lead_at (JsonNode *leads,
         guint     i)
{
  return json_array_get_object_element (json_node_get_array (leads), i);
}

static void
test_leadset_countries (Fixture       *fx,
                        gconstpointer  data)
{
  /* The numbers: read for Russia they parse, but are not Russian numbers. */
  const char *csv =
    "first_name,last_name,phone,country,Plan\n"
    "Hans,Meier,030 1234567,DE,Gold\n"
    "Anna,Smith,(212) 555-0123,US,Silver\n"
    "Ivan,Petrov,8 (912) 345-67-89,,Bronze\n"
    "Karl,Klein,030 1234567,,\n"
    "Mary,Jones,(212) 555-0123,,\n"
    "Petra,Lang,+49 30 1234568,,\n"
    "Olga,Sokolova,8 912 345 67 89,RU,\n"
    "Nobody,Atall,12,DE,\n"
    "Bad,Country,030 1234569,Atlantis,\n"
    "\"Broken,Quote,+49 30 1234570\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCenterImportReport) report = import_leads (fx, csv, "RU", NULL, TRUE, FALSE, &error);
  g_autoptr(JsonNode) leads = NULL;
  g_autoptr(JsonNode) invalid = NULL;
  g_autoptr(JsonNode) set = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->committed);
  g_assert_cmpuint (report->rows, ==, 10);
  g_assert_cmpuint (report->imported, ==, 7);
  g_assert_cmpuint (report->duplicates, ==, 1);     /* Olga: Ivan's number again */
  g_assert_cmpuint (report->invalid_numbers, ==, 3); /* Karl, Mary, Nobody */
  g_assert_cmpuint (report->bad, ==, 2);             /* Atlantis; the open quote */
  g_assert_cmpuint (((RdCenterRowError *) report->errors->pdata[0])->line, ==, 10);
  g_assert_nonnull (strstr (((RdCenterRowError *) report->errors->pdata[0])->message, "Atlantis"));
  g_assert_cmpuint (((RdCenterRowError *) report->errors->pdata[1])->line, ==, 11);

  leads = rd_center_leadset_leads (fx->db, report->id, NULL, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (leads)), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 0), "phone"), ==, "+49301234567");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 0), "timezone"), ==, "Europe/Berlin");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (lead_at (leads, 0), "extra"),
                                                  "Plan"), ==, "Gold");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 1), "phone"), ==, "+12125550123");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 1), "timezone"), ==, "America/New_York");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 2), "phone"), ==, "+79123456789");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 2), "country"), ==, "RU");
  /* Karl and Mary: kept as typed, flagged, never dialled. */
  g_assert_true (json_object_get_null_member (lead_at (leads, 3), "phone"));
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 3), "phone_raw"), ==, "030 1234567");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 3), "state"), ==, "invalid");
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 4), "state"), ==, "invalid");
  /* A number with its own country code is that country's, whatever the default. */
  g_assert_cmpstr (json_object_get_string_member (lead_at (leads, 5), "phone"), ==, "+49301234568");

  invalid = rd_center_leadset_leads (fx->db, report->id, "invalid", 0, 100, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (invalid)), ==, 3);
  set = rd_center_leadset_get (fx->db, report->id, &error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (set), "new"), ==, 4);
}

static void
test_leadset_mapping_errors (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCenterImportReport) dry = NULL;
  g_autoptr(RdCenterImportReport) mapped = NULL;
  g_autoptr(JsonNode) sets = NULL;
  g_autoptr(RdCenterImportReport) r = NULL;

  /* Unknown field, unknown header, no header without a mapping, unknown country. */
  r = import_leads (fx, "a,b\n1,2\n", "RU", "fone=1", TRUE, FALSE, &error);
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING);
  g_clear_error (&error);
  g_clear_pointer (&r, rd_center_import_report_free);
  r = import_leads (fx, "a,b\n1,2\n", "RU", "phone=Mobile", TRUE, FALSE, &error);
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING);
  g_clear_error (&error);
  g_clear_pointer (&r, rd_center_import_report_free);
  r = import_leads (fx, "+4930123456\n", "RU", NULL, FALSE, FALSE, &error);
  g_assert_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING);
  g_clear_error (&error);
  g_clear_pointer (&r, rd_center_import_report_free);
  r = import_leads (fx, "phone\n+4930123456\n", "XX", NULL, TRUE, FALSE, &error);
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&r, rd_center_import_report_free);
  /* Every row bad: refused, nothing kept. */
  r = import_leads (fx, "phone\n\"+49\n", "DE", NULL, TRUE, FALSE, &error);
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);

  /* A dry run reports and keeps nothing. */
  dry = import_leads (fx, "Tel;Name\n030 1234567;Hans\n", "DE", "phone=Tel,first_name=Name", TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (dry->committed);
  g_assert_cmpuint (dry->imported, ==, 1);
  g_assert_cmpint (dry->delimiter, ==, ';');
  /* Column numbers, no header, from line 2 on. */
  {
    RdCenterImportOptions options;
    const char *csv = "ignored line\n030 1234567|Hans\n030 7654321|Jens\n";

    rd_center_import_options_init (&options);
    options.name = "by number";
    options.country = "de";
    options.mapping = "phone=1,first_name=2";
    options.header = FALSE;
    options.start_row = 2;
    g_assert_true (rd_center_leadset_import (fx->db, csv, strlen (csv), &options, &mapped, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (mapped->imported, ==, 2);
  }
  sets = rd_center_leadset_list (fx->db, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sets)), ==, 1);
}

static void
test_dnc (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *campaign = create_campaign (fx, "{\"name\": \"Energy\"}");
  g_autoptr(RdCenterImportReport) leads = import_leads (fx, "phone\n030 1234567\n030 1234568\n030 1234569\n",
                                                        "DE", NULL, TRUE, FALSE, &error);
  g_autoptr(RdCenterImportReport) upload = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) dnc_leads = NULL;
  g_autofree char *e164 = NULL;
  RdCenterImportOptions options;
  const char *csv = "number,reason\n+49 30 1234568,asked\n12,\n+49 30 1234568,again\n";

  g_assert_no_error (error);
  g_assert_true (rd_center_leadset_attach (fx->db, campaign, leads->id, TRUE, &error));

  g_assert_true (rd_center_dnc_add (fx->db, "030 1234567", "DE", NULL, "complaint", "manager1", &e164, &error));
  g_assert_cmpstr (e164, ==, "+49301234567");
  g_assert_true (rd_center_dnc_contains (fx->db, "+49301234567", NULL));
  g_assert_true (rd_center_dnc_contains (fx->db, "+49301234567", campaign));
  g_assert_false (rd_center_dnc_add (fx->db, "12", "DE", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);

  rd_center_import_options_init (&options);
  options.country = "DE";
  g_assert_true (rd_center_dnc_import (fx->db, csv, strlen (csv), campaign, &options, &upload, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (upload->imported, ==, 1);
  g_assert_cmpuint (upload->duplicates, ==, 1);
  g_assert_cmpuint (upload->bad, ==, 1);
  g_assert_cmpuint (((RdCenterRowError *) upload->errors->pdata[0])->line, ==, 3);
  /* The campaign's list binds that campaign only. */
  g_assert_true (rd_center_dnc_contains (fx->db, "+49301234568", campaign));
  g_assert_false (rd_center_dnc_contains (fx->db, "+49301234568", NULL));

  /* Leads already loaded with these numbers are closed as do-not-call. */
  dnc_leads = rd_center_leadset_leads (fx->db, leads->id, "dnc", 0, 10, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dnc_leads)), ==, 2);

  list = rd_center_dnc_list (fx->db, campaign, NULL, 0, 10, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  /* A search by the number's digits as typed, or by the reason. */
  g_clear_pointer (&list, json_node_unref);
  list = rd_center_dnc_list (fx->db, campaign, "30 123-4568", 0, 10, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  list = rd_center_dnc_list (fx->db, campaign, "ASKED", 0, 10, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  list = rd_center_dnc_list (fx->db, campaign, "999", 0, 10, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  g_assert_true (rd_center_dnc_remove (fx->db, "+49301234567", NULL, &error));
  g_assert_false (rd_center_dnc_remove (fx->db, "+49301234567", NULL, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND);
}

static void
test_agent_log (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(JsonNode) current = NULL;
  JsonArray *rows;
  gint64 t0 = fx->now;

  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "login", NULL, NULL, &error));
  fx->now += 2000;
  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "ready", NULL, NULL, &error));
  fx->now += 60000;
  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "on_call", NULL, "call-1", &error));
  fx->now += 120000;
  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "wrap_up", NULL, "call-1", &error));
  fx->now += 10000;
  g_assert_false (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "paused", NULL, NULL, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "dancing", NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "paused", "lunch", NULL, &error));
  g_assert_no_error (error);

  current = rd_center_agent_current (fx->db, "olga");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (current), "state"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (current), "reason"), ==, "lunch");

  log = rd_center_agent_log (fx->db, "olga", t0, fx->now + 1, &error);
  rows = json_node_get_array (log);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  /* Each row ends where the next starts; only the last is open. */
  for (guint i = 0; i + 1 < json_array_get_length (rows); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, i), "ended_at"), ==,
                     json_object_get_int_member (json_array_get_object_element (rows, i + 1), "started_at"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 2), "ended_at") -
                   json_object_get_int_member (json_array_get_object_element (rows, 2), "started_at"), ==, 120000);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (rows, 4), "ended_at"));

  /* A clean stop logs every agent out. */
  fx->now += 5000;
  g_assert_true (rd_center_db_shutdown (fx->db, &error));
  g_assert_null (rd_center_agent_current (fx->db, "olga"));
  g_clear_pointer (&log, json_node_unref);
  log = rd_center_agent_log (fx->db, "olga", t0, fx->now + 1, &error);
  rows = json_node_get_array (log);
  g_assert_cmpuint (json_array_get_length (rows), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 5), "state"), ==, "logout");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 5), "reason"), ==,
                   "server-stopped");
}

/* The leads dialable at @now: the one with @lead_id, or NULL. */
static RdCenterDialLead *
dialable (Fixture    *fx,
          const char *campaign,
          const char *lead_id,
          gint64      now,
          GPtrArray **keep)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (keep, g_ptr_array_unref);
  *keep = rd_center_dialable_leads (fx->db, campaign, now, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < (*keep)->len; i++)
    if (g_strcmp0 (((RdCenterDialLead *) (*keep)->pdata[i])->id, lead_id) == 0)
      return (*keep)->pdata[i];
  return NULL;
}

/* An agent schedules a call-back at ten in the morning where the lead lives (Vladivostok,
 * UTC+10): with the clock injected, the lead is not dialable a minute before that instant,
 * is at it, first of all, reserved for that agent, and knows its zone for the calling hours. */
static void
test_callback_local_time (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *campaign = create_campaign (fx, "{\"name\": \"Callbacks\", \"max_attempts\": 5}");
  g_autoptr(RdCenterImportReport) leads = import_leads (fx, "name,phone\nVera,8 423 222-33-44\nBoris,8 495 111-22-33\n",
                                                        "RU", NULL, TRUE, FALSE, &error);
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  g_autoptr(GTimeZone) vladivostok = g_time_zone_new_identifier ("Asia/Vladivostok");
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (fx->now / 1000);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (now, vladivostok);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (there, 1);
  g_autoptr(GDateTime) at_ten = g_date_time_new (vladivostok, g_date_time_get_year (tomorrow),
                                                 g_date_time_get_month (tomorrow),
                                                 g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
  gint64 callback_at = g_date_time_to_unix (at_ten) * 1000;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at_ten);
  RdCenterCallStart start = { "outbound", campaign, NULL, NULL, NULL, "+74951234567" };
  g_autofree char *call = NULL;
  static const char *const tags[] = { "vip", "ten o'clock", NULL };
  g_autoptr(JsonNode) filing = NULL;
  g_autoptr(GPtrArray) unfiled = NULL;
  RdCenterDialLead *d;
  const char *vera;

  g_assert_no_error (error);
  g_assert_nonnull (vladivostok);
  g_assert_true (rd_center_leadset_attach (fx->db, campaign, leads->id, TRUE, &error));
  rows = rd_center_leadset_leads (fx->db, leads->id, NULL, 0, 10, &error);
  vera = json_object_get_string_member (lead_at (rows, 0), "id");
  g_assert_cmpstr (json_object_get_string_member (lead_at (rows, 0), "timezone"), ==, "Asia/Vladivostok");
  /* ten in Vladivostok is midnight UTC */
  g_assert_cmpint (g_date_time_get_hour (utc), ==, 0);

  start.lead_id = vera;
  start.number = "+74232223344";
  call = rd_center_call_start (fx->db, &start, &error);
  g_assert_no_error (error);
  g_assert_true (rd_center_call_mark (fx->db, call, RD_CENTER_CALL_ANSWERED, fx->now + 3000, NULL, &error));
  g_assert_true (rd_center_call_mark (fx->db, call, RD_CENTER_CALL_BRIDGED, fx->now + 3010, "olga", &error));
  g_assert_true (rd_center_call_end (fx->db, call, "human", 200, "agent hangup", "agent", FALSE, fx->now + 60000, &error));
  g_assert_true (rd_center_call_dispose (fx->db, call, "olga", "callback", "call me tomorrow at ten",
                                         tags, callback_at, TRUE, &error));
  g_assert_no_error (error);

  /* What the CRM files: the row with its tags, the campaign's name, the label, the lead;
   * waiting to be filed until marked, and again after another disposition. */
  filing = rd_center_call_filing (fx->db, call, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (filing), "tags"), ==,
                   "[\"vip\",\"ten o'clock\"]");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (filing), "disposition_label"), ==,
                   "Call back");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (filing), "campaign_name"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (filing), "lead"), "phone_raw"), ==, "8 423 222-33-44");
  unfiled = rd_center_calls_unfiled (fx->db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unfiled->len, ==, 1);
  g_assert_cmpstr (unfiled->pdata[0], ==, call);
  g_clear_pointer (&unfiled, g_ptr_array_unref);
  g_assert_true (rd_center_call_set_filed (fx->db, call, "0190a1b2-0000-7000-8000-0000000000aa", &error));
  unfiled = rd_center_calls_unfiled (fx->db, 10, &error);
  g_assert_cmpuint (unfiled->len, ==, 0);
  g_clear_pointer (&unfiled, g_ptr_array_unref);
  g_assert_true (rd_center_call_dispose (fx->db, call, "olga", "callback", "call me tomorrow at ten",
                                         tags, callback_at, TRUE, &error));
  unfiled = rd_center_calls_unfiled (fx->db, 10, &error);
  g_assert_cmpuint (unfiled->len, ==, 1);

  /* A minute before: not yet; Boris (never called) is dialable meanwhile. */
  g_assert_null (dialable (fx, campaign, vera, callback_at - 60000, &keep));
  g_assert_cmpuint (keep->len, ==, 1);
  /* At ten, their time: first in line, olga's, in their zone. */
  d = dialable (fx, campaign, vera, callback_at, &keep);
  g_assert_nonnull (d);
  g_assert_true (keep->pdata[0] == d);
  g_assert_cmpint (d->callback_at, ==, callback_at);
  g_assert_cmpstr (d->callback_agent, ==, "olga");
  g_assert_cmpstr (d->timezone, ==, "Asia/Vladivostok");
  g_assert_cmpuint (d->attempts, ==, 1);
}

static void
test_crash_recovery (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCenterImportReport) leads = import_leads (fx, "phone\n030 1234567\n030 1234568\n030 1234569\n",
                                                        "DE", NULL, TRUE, FALSE, &error);
  g_autoptr(JsonNode) rows = rd_center_leadset_leads (fx->db, leads->id, NULL, 0, 10, &error);
  const char *lead_a = json_object_get_string_member (lead_at (rows, 0), "id");
  const char *lead_b = json_object_get_string_member (lead_at (rows, 1), "id");
  RdCenterCallStart a = { "outbound", "c1", NULL, lead_a, "+49301234567", "+4930999" };
  RdCenterCallStart b = { "outbound", "c1", NULL, lead_b, "+49301234568", "+4930999" };
  g_autofree char *call_a = NULL, *call_b = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) row_a = NULL, row_b = NULL;
  g_autoptr(JsonNode) log = NULL;
  gint64 crash_at;

  call_a = rd_center_call_start (fx->db, &a, &error);
  call_b = rd_center_call_start (fx->db, &b, &error);
  g_assert_no_error (error);
  g_assert_true (rd_center_call_mark (fx->db, call_a, RD_CENTER_CALL_RINGING, fx->now + 100, NULL, &error));
  g_assert_true (rd_center_call_mark (fx->db, call_a, RD_CENTER_CALL_ANSWERED, fx->now + 5000, NULL, &error));
  g_assert_true (rd_center_call_mark (fx->db, call_a, RD_CENTER_CALL_BRIDGED, fx->now + 5040, "olga", &error));
  g_assert_true (rd_center_agent_set_state (fx->db, "olga", "c1", NULL, "on_call", NULL, call_a, &error));
  crash_at = fx->now + 5040;
  g_assert_true (rd_center_call_end (fx->db, call_b, "busy", 486, "busy", "customer", FALSE, fx->now + 900, &error));
  g_assert_false (rd_center_call_end (fx->db, call_b, "busy", 486, NULL, NULL, FALSE, fx->now + 901, &error));
  g_assert_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The process dies here: reopening the file (a day later) repairs what it left. */
  fx->now += 86400000;
  reopen (fx);
  row_a = rd_center_call_get (fx->db, call_a, &error);
  row_b = rd_center_call_get (fx->db, call_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (row_a), "ended_at"), ==, crash_at);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row_a), "result"), ==, "human");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row_a), "hangup_cause"), ==,
                   "server-crashed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row_b), "result"), ==, "busy");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (row_b), "sip_code"), ==, 486);

  /* No lead is lost or left "in progress": each attempt counted once. */
  after = rd_center_leadset_leads (fx->db, leads->id, NULL, 0, 10, &error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (lead_at (after, i), "state"), ==, "new");
  g_assert_cmpint (json_object_get_int_member (lead_at (after, 0), "attempts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (lead_at (after, 1), "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lead_at (after, 1), "last_result"), ==, "busy");
  g_assert_cmpint (json_object_get_int_member (lead_at (after, 2), "attempts"), ==, 0);

  g_assert_null (rd_center_agent_current (fx->db, "olga"));
  log = rd_center_agent_log (fx->db, "olga", 0, G_MAXINT64, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (log), 0),
                                               "ended_at"), ==, crash_at);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (log), 1),
                                                  "reason"), ==, "server-crashed");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/center/campaign/settings", test_campaign_settings);
  ADD ("/center/campaign/visibility", test_campaign_visibility);
  ADD ("/center/campaign/dispositions-pause-codes", test_dispositions_pause_codes);
  ADD ("/center/leadset/countries", test_leadset_countries);
  ADD ("/center/leadset/mapping-errors", test_leadset_mapping_errors);
  ADD ("/center/dnc", test_dnc);
  ADD ("/center/agent-log", test_agent_log);
  ADD ("/center/crash-recovery", test_crash_recovery);
  ADD ("/center/callback-local-time", test_callback_local_time);
  return g_test_run ();
}
