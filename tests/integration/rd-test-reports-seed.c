/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "rd-test-reports-seed.h"

/* The seeded call center of the reports test (rd-test-reports-seed.h). */

static void
call_free (Call *call)
{
  g_free (call->id);
  g_free (call->number);
  g_free (call);
}

JsonObject *
rd_test_reports_body (RdTestResponse *response)
{
  g_assert_nonnull (response->body);
  return json_node_get_object (response->body);
}

static char *
create_campaign (Fixture    *fx,
                 const char *token,
                 const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"name\": \"%s\"}", name);
  g_autoptr(RdTestResponse) r = rd_test_request_json (fx->server, "POST", "/api/v1/campaigns", token, json);

  g_assert_cmpuint (r->status, ==, 201);
  return g_strdup (rd_test_response_string (r, "id"));
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
rand_ms (Fixture *fx,
         int      lo_s,
         int      hi_s)
{
  return g_rand_int_range (fx->rand, lo_s * 1000, hi_s * 1000 + 1);
}

static void
add_state (Fixture    *fx,
           const char *agent,
           const char *campaign,
           const char *state,
           const char *reason,
           gint64      start,
           gint64      end)
{
  char *sql = sqlite3_mprintf (
    "INSERT INTO agent_states (agent, campaign_id, state, reason, started_at, ended_at)"
    " VALUES (%Q, %Q, %Q, %Q, %lld, %lld)", agent, campaign, state, reason, (long long) start,
    (long long) end);
  State s = { 0, agent, campaign, state, reason, start, end };

  exec (fx->db, sql);
  sqlite3_free (sql);
  s.id = sqlite3_last_insert_rowid (fx->db);
  g_array_append_val (fx->states, s);
}

static Call *
add_call (Fixture    *fx,
          const char *campaign,
          const char *agent,
          gint64      created,
          gint64      ended,
          const char *result)
{
  Call *call = g_new0 (Call, 1);

  call->id = g_uuid_string_random ();
  call->campaign = campaign;
  call->agent = agent;
  call->number = g_strdup_printf ("+4930%07d", g_rand_int_range (fx->rand, 2000000, 9999999));
  call->created = created;
  call->ended = ended;
  call->result = result;
  g_ptr_array_add (fx->calls, call);
  return call;
}

static void
write_calls (Fixture *fx)
{
  for (guint i = 0; i < fx->calls->len; i++)
    {
      Call *c = fx->calls->pdata[i];
      char *sql = sqlite3_mprintf (
        "INSERT INTO calls (id, direction, campaign_id, lead_id, number, agent, created_at,"
        " answered_at, bridged_at, ended_at, result, disposition, notes)"
        " VALUES (%Q, 'outbound', %Q, %Q, %Q, %Q, %lld, nullif(%lld, 0), nullif(%lld, 0), %lld,"
        " %Q, %Q, %Q)", c->id, c->campaign, c->manual ? NULL : "lead", c->number, c->agent,
        (long long) c->created, (long long) c->answered, (long long) c->bridged,
        (long long) c->ended, c->result, c->disposition, c->notes);

      exec (fx->db, sql);
      sqlite3_free (sql);
    }
}

/* One login-to-logout session: states back to back, each ending where the next begins. */
static void
seed_session (Fixture    *fx,
              const char *agent,
              const char *campaign,
              gint64      login,
              gint64      logout)
{
  static const char *const codes[] = { "break", "lunch", "training" };
  static const char *const dispositions[] = { "sale", "not-interested", "callback", "sale", "no-answer" };
  gint64 t = login + rand_ms (fx, 5, 30);

  add_state (fx, agent, campaign, "login", NULL, login, t);
  while (t < logout)
    {
      int pick = g_rand_int_range (fx->rand, 0, 100);
      gint64 end;

      if (pick < 45)
        {
          end = MIN (logout, t + rand_ms (fx, 10, 300));
          add_state (fx, agent, campaign, "ready", NULL, t, end);
        }
      else if (pick < 85 && pick >= 75)
        {
          end = MIN (logout, t + rand_ms (fx, 60, 1200));
          add_state (fx, agent, campaign, "paused", codes[g_rand_int_range (fx->rand, 0, 3)], t, end);
        }
      else if (pick < 95 && pick >= 85)
        {
          end = MIN (logout, t + rand_ms (fx, 5, 60));
          add_state (fx, agent, campaign, "previewing", NULL, t, end);
        }
      else
        {
          gboolean manual = pick >= 95;
          Call *call;

          end = MIN (logout, t + rand_ms (fx, manual ? 10 : 30, manual ? 30 : 600));
          add_state (fx, agent, campaign, "on_call", manual ? "dialling" : NULL, t, end);
          if (manual)
            {
              call = add_call (fx, campaign, agent, t, end, "no-answer");
              call->manual = TRUE;
            }
          else
            {
              call = add_call (fx, campaign, agent, t - rand_ms (fx, 3, 15), end, "human");
              call->answered = t - 500;
              call->bridged = t;
              call->disposition = dispositions[g_rand_int_range (fx->rand, 0, 5)];
              if (g_str_equal (agent, "olga") && fx->special < 3)
                {
                  g_free (call->number);
                  call->number = g_strdup ("+49301234567");
                  call->notes = fx->special++ == 0 ? "said \"no\", twice\nthen yes" : NULL;
                }
            }
          if (end < logout)
            {
              gint64 wrap = MIN (logout, end + rand_ms (fx, 5, 60));

              add_state (fx, agent, campaign, "wrap_up", NULL, end, wrap);
              end = wrap;
            }
        }
      t = end;
    }
  add_state (fx, agent, campaign, "logout", "agent", logout, logout);
}

static void
seed (Fixture *fx)
{
  static const char *const misses[] = { "no-answer", "busy", "failed", "machine", "abandoned", "cancelled" };
  g_autofree char *path = g_build_filename (fx->server->data_dir, "callcenter.db", NULL);
  g_autofree char *leads = g_strdup_printf ("/api/v1/campaigns/%s/leadsets/", fx->north);
  g_autoptr(RdTestResponse) r = NULL;
  g_autofree char *attach = NULL;
  const char *leadset;

  /* A leadset of five, attached to north, its leads then set to every penetration state. */
  r = rd_test_request (fx->server, "POST", "/api/v1/leadsets?name=Spring&country=DE", fx->manager,
                       "text/csv", "phone\n030 2000001\n030 2000002\n030 2000003\n030 2000004\n030 2000005\n", -1);
  g_assert_cmpuint (r->status, ==, 201);
  leadset = rd_test_response_string (r, "id");
  attach = g_strconcat (leads, leadset, NULL);
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_request (fx->server, "PUT", attach, fx->manager, NULL, NULL, 0);
  g_assert_cmpuint (r->status, ==, 200);

  rd_test_server_stop (fx->server);
  g_assert_cmpint (sqlite3_open (path, &fx->db), ==, SQLITE_OK);
  exec (fx->db, "BEGIN");
  exec (fx->db, "UPDATE leads SET attempts = 1 WHERE line = 3;"
                "UPDATE leads SET attempts = 3, state = 'done' WHERE line = 4;"
                "UPDATE leads SET attempts = 1, state = 'done', disposition = 'sale' WHERE line = 5;"
                "UPDATE leads SET state = 'dnc' WHERE line = 6;");
  for (int d = 0; d < 3; d++)
    {
      gint64 day = fx->day0 + d * DAY;

      seed_session (fx, "olga", fx->north, day + 8 * HOUR + rand_ms (fx, 0, 1800), day + 16 * HOUR + rand_ms (fx, 0, 3600));
      seed_session (fx, "ivan", fx->north, day + 8 * HOUR + rand_ms (fx, 0, 1800), day + 16 * HOUR + rand_ms (fx, 0, 3600));
      seed_session (fx, "pete", fx->south, day + 9 * HOUR + rand_ms (fx, 0, 1800), day + 15 * HOUR + rand_ms (fx, 0, 3600));
      for (int i = 0; i < 60; i++)
        {
          gint64 at = day + 8 * HOUR + rand_ms (fx, 0, 9 * 3600);
          Call *call = add_call (fx, i % 3 == 0 ? fx->south : fx->north, NULL, at, at + rand_ms (fx, 2, 30),
                                 misses[g_rand_int_range (fx->rand, 0, G_N_ELEMENTS (misses))]);

          if (g_str_equal (call->result, "machine") || g_str_equal (call->result, "abandoned"))
            call->answered = call->created + 1000;
        }
    }
  /* A night shift across midnight: cut into two days. */
  seed_session (fx, "olga", fx->north, fx->day0 + 22 * HOUR, fx->day0 + DAY + 2 * HOUR);
  write_calls (fx);
  exec (fx->db, "COMMIT");
  g_clear_pointer (&fx->db, sqlite3_close);
  rd_test_server_start (fx->server);
}

void
rd_test_reports_setup (Fixture       *fx,
       gconstpointer  data)
{
  g_autoptr(GDateTime) day0 = g_date_time_new_utc (2026, 11, 2, 0, 0, 0);

  fx->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fx->server, "root", "admin", NULL, "admin-password");
  rd_test_server_add_user (fx->server, "mira", "manager", "north", "manager-password");
  rd_test_server_add_user (fx->server, "sven", "manager", "south", "manager-password");
  rd_test_server_add_user (fx->server, "olga", "agent", "north", "agent-password");
  rd_test_server_add_user (fx->server, "ivan", "agent", "north", "agent-password");
  rd_test_server_add_user (fx->server, "pete", "agent", "south", "agent-password");
  fx->admin = rd_test_login (fx->server, "root", "admin-password");
  fx->manager = rd_test_login (fx->server, "mira", "manager-password");
  fx->other = rd_test_login (fx->server, "sven", "manager-password");
  fx->agent = rd_test_login (fx->server, "olga", "agent-password");
  fx->north = create_campaign (fx, fx->manager, "North");
  fx->south = create_campaign (fx, fx->other, "South");
  fx->states = g_array_new (FALSE, FALSE, sizeof (State));
  fx->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  fx->rand = g_rand_new_with_seed (13);
  fx->day0 = g_date_time_to_unix (day0) * 1000;
  seed (fx);
}

void
rd_test_reports_teardown (Fixture       *fx,
          gconstpointer  data)
{
  g_free (fx->admin);
  g_free (fx->manager);
  g_free (fx->other);
  g_free (fx->agent);
  g_free (fx->north);
  g_free (fx->south);
  g_array_unref (fx->states);
  g_ptr_array_unref (fx->calls);
  g_rand_free (fx->rand);
  rd_test_server_free (fx->server);
}

RdTestResponse *
rd_test_reports_get (Fixture    *fx,
                     const char *token,
                     const char *format,
                     ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return rd_test_request (fx->server, "GET", path, token, NULL, NULL, 0);
}

JsonArray *
rd_test_reports_rows (RdTestResponse *r)
{
  if (r->status != 200)
    g_error ("%u: %s", r->status, r->text);
  return json_object_get_array_member (rd_test_reports_body (r), "rows");
}

gint64
rd_test_reports_overlap (gint64 a0,
                         gint64 a1,
                         gint64 b0,
                         gint64 b1)
{
  return MAX (0, MIN (a1, b1) - MAX (a0, b0));
}

