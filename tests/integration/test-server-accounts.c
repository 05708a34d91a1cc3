/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rd-test-server.h"

/* Accounts, sessions, roles, signups and the audit log against a real
 * ringdesk-server on loopback. */

typedef struct {
  RdTestServer *server;
  char         *admin;     /* tokens */
  char         *manager;
  char         *agent;
} Fixture;

static void
fixture_setup_args (Fixture            *fixture,
                    const char * const *args)
{
  fixture->server = rd_test_server_new (args);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
  rd_test_server_add_user (fixture->server, "maria", "manager", "sales", "maria-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "support", "bob-password");
  fixture->admin = rd_test_login (fixture->server, "root", "root-password");
  fixture->manager = rd_test_login (fixture->server, "maria", "maria-password");
  fixture->agent = rd_test_login (fixture->server, "alice", "alice-password");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_setup_args (fixture, data);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  g_free (fixture->admin);
  g_free (fixture->manager);
  g_free (fixture->agent);
}

static RdTestResponse *
login (Fixture    *fixture,
       const char *name,
       const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                           name, password);

  return rd_test_request_json (fixture->server, "POST", "/api/v1/session", NULL, body);
}

static gboolean
audit_has (Fixture    *fixture,
           const char *action,
           const char *target)
{
  g_autoptr(RdTestResponse) response =
    rd_test_request (fixture->server, "GET", "/api/v1/audit?limit=10000", fixture->admin,
                     NULL, NULL, 0);
  JsonArray *entries;

  g_assert_cmpuint (response->status, ==, 200);
  entries = json_object_get_array_member (json_node_get_object (response->body), "entries");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "action", NULL),
                     action) == 0 &&
          (target == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (entry, "target", NULL),
                      target) == 0))
        return TRUE;
    }

  return FALSE;
}

static void
test_session_login (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RdTestResponse) response = login (fixture, "alice", "alice-password");
  g_autoptr(RdTestResponse) show = NULL;
  g_autoptr(RdTestResponse) logout = NULL;
  g_autoptr(RdTestResponse) after = NULL;
  JsonObject *user;
  const char *token;

  g_assert_cmpuint (response->status, ==, 200);
  token = rd_test_response_string (response, "token");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 43);   /* 256 bits, base64url */
  g_assert_nonnull (rd_test_response_string (response, "expires"));
  user = json_object_get_object_member (json_node_get_object (response->body), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "agent");
  g_assert_cmpstr (json_object_get_string_member (user, "team"), ==, "sales");

  show = rd_test_request (fixture->server, "GET", "/api/v1/session", token, NULL, NULL, 0);
  g_assert_cmpuint (show->status, ==, 200);

  logout = rd_test_request (fixture->server, "DELETE", "/api/v1/session", token, NULL, NULL, 0);
  g_assert_cmpuint (logout->status, ==, 200);

  after = rd_test_request (fixture->server, "GET", "/api/v1/session", token, NULL, NULL, 0);
  rd_test_assert_error (after, 401, "unauthorized");
  /* The other session of alice (from the fixture) is untouched. */
  g_clear_pointer (&after, rd_test_response_free);
  after = rd_test_request (fixture->server, "GET", "/api/v1/session", fixture->agent,
                           NULL, NULL, 0);
  g_assert_cmpuint (after->status, ==, 200);

  g_assert_true (audit_has (fixture, "login", "alice"));
  g_assert_true (audit_has (fixture, "logout", "alice"));
}

static void
test_stored_secrets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint hashes = 0, sessions = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  /* Passwords: argon2id strings, never the password. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT password_hash FROM users", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *hash = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
      g_assert_null (strstr (hash, "password"));
      hashes++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (hashes, ==, 4);

  /* Tokens: only their SHA-256 is kept. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT token_hash FROM sessions", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *stored = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                 fixture->agent, -1);

      g_assert_cmpuint (strlen (stored), ==, 64);
      g_assert_cmpstr (stored, !=, fixture->agent);
      g_assert_cmpstr (stored, !=, fixture->admin);
      sessions += g_str_equal (stored, expected);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (sessions, ==, 1);
  sqlite3_close (db);
}

static void
test_session_wrong_password (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RdTestResponse) wrong = login (fixture, "alice", "not-her-password");
  g_autoptr(RdTestResponse) unknown = login (fixture, "nobody", "whatever-password");

  rd_test_assert_error (wrong, 401, "unauthorized");
  rd_test_assert_error (unknown, 401, "unauthorized");
  /* Nothing tells an unknown name from a wrong password. */
  g_assert_cmpstr (rd_test_response_string (wrong, "message"), ==,
                   rd_test_response_string (unknown, "message"));
  g_assert_true (audit_has (fixture, "login-failed", "alice"));
}

static void
test_session_expiry (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *token = rd_test_login (fixture->server, "bob", "bob-password");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint status = 200;

  /* --session-ttl 1: the token dies within a couple of seconds. */
  while (status == 200 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(RdTestResponse) show =
        rd_test_request (fixture->server, "GET", "/api/v1/session", token, NULL, NULL, 0);

      status = show->status;
      if (status == 200)
        g_usleep (100 * 1000);
      else
        rd_test_assert_error (show, 401, "unauthorized");
    }
  g_assert_cmpuint (status, ==, 401);
}

static void
test_rate_limit_user (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RdTestResponse) limited = NULL;
  g_autoptr(RdTestResponse) right = NULL;
  g_autoptr(RdTestResponse) other = NULL;

  /* --login-limit-user 3 */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RdTestResponse) wrong = login (fixture, "bob", "wrong-password");

      rd_test_assert_error (wrong, 401, "unauthorized");
    }

  limited = login (fixture, "bob", "wrong-password");
  rd_test_assert_error (limited, 429, "rate-limited");
  g_assert_nonnull (limited->retry_after);
  g_assert_cmpint (atoi (limited->retry_after), >=, 1);
  g_assert_cmpint (atoi (limited->retry_after), <=, 60);

  /* Even the right password waits: the limit is checked before the hash. */
  right = login (fixture, "bob", "bob-password");
  rd_test_assert_error (right, 429, "rate-limited");

  /* Another user is not affected. */
  other = login (fixture, "alice", "alice-password");
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_true (audit_has (fixture, "login-throttled", "bob"));
}

static void
test_rate_limit_address (Fixture       *fixture,
                         gconstpointer  data)
{
  guint refused = 0;

  /* --login-limit-address 8; the fixture already used 3 logins. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%u", i);
      g_autoptr(RdTestResponse) response = login (fixture, name, "some-password");

      if (response->status == 429)
        {
          rd_test_assert_error (response, 429, "rate-limited");
          g_assert_nonnull (response->retry_after);
          refused++;
        }
      else
        rd_test_assert_error (response, 401, "unauthorized");
    }

  g_assert_cmpuint (refused, ==, 3);
}

static void
test_roles_users (Fixture       *fixture,
                  gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autoptr(RdTestResponse) agent_list = NULL;
  g_autoptr(RdTestResponse) manager_list = NULL;
  g_autoptr(RdTestResponse) admin_list = NULL;
  g_autoptr(RdTestResponse) agent_other = NULL;
  g_autoptr(RdTestResponse) agent_self = NULL;
  g_autoptr(RdTestResponse) manager_other_team = NULL;
  g_autoptr(RdTestResponse) manager_create = NULL;
  g_autoptr(RdTestResponse) agent_promote = NULL;
  g_autoptr(RdTestResponse) agent_passwd = NULL;
  g_autoptr(RdTestResponse) agent_audit = NULL;
  g_autoptr(RdTestResponse) manager_signups = NULL;
  JsonArray *users;

  agent_list = rd_test_request (server, "GET", "/api/v1/users", fixture->agent, NULL, NULL, 0);
  rd_test_assert_error (agent_list, 403, "forbidden");
  g_assert_nonnull (strstr (rd_test_response_string (agent_list, "message"), "agent"));

  manager_list = rd_test_request (server, "GET", "/api/v1/users", fixture->manager, NULL, NULL, 0);
  g_assert_cmpuint (manager_list->status, ==, 200);
  users = json_object_get_array_member (json_node_get_object (manager_list->body), "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);   /* maria, alice: team sales */

  admin_list = rd_test_request (server, "GET", "/api/v1/users", fixture->admin, NULL, NULL, 0);
  users = json_object_get_array_member (json_node_get_object (admin_list->body), "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 4);

  agent_other = rd_test_request (server, "GET", "/api/v1/users/bob", fixture->agent, NULL, NULL, 0);
  rd_test_assert_error (agent_other, 403, "forbidden");
  agent_self = rd_test_request (server, "GET", "/api/v1/users/alice", fixture->agent, NULL, NULL, 0);
  g_assert_cmpuint (agent_self->status, ==, 200);
  manager_other_team = rd_test_request (server, "GET", "/api/v1/users/bob", fixture->manager,
                                        NULL, NULL, 0);
  rd_test_assert_error (manager_other_team, 403, "forbidden");

  manager_create = rd_test_request_json (server, "POST", "/api/v1/users", fixture->manager,
    "{\"username\": \"eve\", \"password\": \"eve-password\", \"role\": \"admin\"}");
  rd_test_assert_error (manager_create, 403, "forbidden");

  agent_promote = rd_test_request_json (server, "PATCH", "/api/v1/users/alice", fixture->agent,
                                        "{\"role\": \"admin\"}");
  rd_test_assert_error (agent_promote, 403, "forbidden");

  /* One's own password changes with the current one (tests/integration/security). */
  agent_passwd = rd_test_request_json (server, "PATCH", "/api/v1/users/alice", fixture->agent,
                                       "{\"password\": \"alice-new-password\", "
                                       "\"current_password\": \"alice-password\"}");
  g_assert_cmpuint (agent_passwd->status, ==, 200);

  agent_audit = rd_test_request (server, "GET", "/api/v1/audit", fixture->manager, NULL, NULL, 0);
  rd_test_assert_error (agent_audit, 403, "forbidden");
  manager_signups = rd_test_request (server, "GET", "/api/v1/signups", fixture->manager,
                                     NULL, NULL, 0);
  rd_test_assert_error (manager_signups, 403, "forbidden");
}

static void
test_users_admin (Fixture       *fixture,
                  gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autoptr(RdTestResponse) create = NULL;
  g_autoptr(RdTestResponse) promote = NULL;
  g_autoptr(RdTestResponse) remove = NULL;
  g_autoptr(RdTestResponse) after = NULL;
  g_autoptr(RdTestResponse) relogin = NULL;
  g_autoptr(RdTestResponse) self_delete = NULL;
  g_autofree char *carol = NULL;

  create = rd_test_request_json (server, "POST", "/api/v1/users", fixture->admin,
    "{\"username\": \"carol\", \"password\": \"carol-password\", \"role\": \"agent\", "
    "\"team\": \"support\"}");
  g_assert_cmpuint (create->status, ==, 201);
  carol = rd_test_login (server, "carol", "carol-password");

  promote = rd_test_request_json (server, "PATCH", "/api/v1/users/carol", fixture->admin,
                                  "{\"role\": \"manager\"}");
  g_assert_cmpuint (promote->status, ==, 200);
  g_assert_true (audit_has (fixture, "role-change", "carol"));

  remove = rd_test_request (server, "DELETE", "/api/v1/users/carol", fixture->admin,
                            NULL, NULL, 0);
  g_assert_cmpuint (remove->status, ==, 200);
  g_assert_true (audit_has (fixture, "user-delete", "carol"));

  /* Her session ends and she cannot log in again. */
  after = rd_test_request (server, "GET", "/api/v1/session", carol, NULL, NULL, 0);
  rd_test_assert_error (after, 401, "unauthorized");
  relogin = login (fixture, "carol", "carol-password");
  rd_test_assert_error (relogin, 403, "forbidden");
  g_assert_nonnull (strstr (rd_test_response_string (relogin, "message"), "disabled"));

  self_delete = rd_test_request (server, "DELETE", "/api/v1/users/root", fixture->admin,
                                 NULL, NULL, 0);
  rd_test_assert_error (self_delete, 409, "conflict");
}

static void
test_signup (Fixture       *fixture,
             gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autoptr(RdTestResponse) signup = NULL;
  g_autoptr(RdTestResponse) pending = NULL;
  g_autoptr(RdTestResponse) pending_wrong = NULL;
  g_autoptr(RdTestResponse) list = NULL;
  g_autoptr(RdTestResponse) approve = NULL;
  g_autoptr(RdTestResponse) again = NULL;
  g_autoptr(RdTestResponse) signup2 = NULL;
  g_autoptr(RdTestResponse) reject = NULL;
  g_autoptr(RdTestResponse) rejected = NULL;
  g_autofree char *dave = NULL;
  JsonArray *signups;

  signup = rd_test_request_json (server, "POST", "/api/v1/signup", NULL,
    "{\"username\": \"dave\", \"password\": \"dave-password\", \"team\": \"sales\"}");
  g_assert_cmpuint (signup->status, ==, 202);
  g_assert_cmpstr (rd_test_response_string (signup, "status"), ==, "pending");

  pending = login (fixture, "dave", "dave-password");
  rd_test_assert_error (pending, 403, "forbidden");
  g_assert_nonnull (strstr (rd_test_response_string (pending, "message"), "approval"));
  pending_wrong = login (fixture, "dave", "wrong-password");
  rd_test_assert_error (pending_wrong, 401, "unauthorized");

  list = rd_test_request (server, "GET", "/api/v1/signups", fixture->admin, NULL, NULL, 0);
  g_assert_cmpuint (list->status, ==, 200);
  signups = json_object_get_array_member (json_node_get_object (list->body), "signups");
  g_assert_cmpuint (json_array_get_length (signups), ==, 1);

  approve = rd_test_request_json (server, "POST", "/api/v1/signups/dave/approve",
                                  fixture->admin, "{\"role\": \"agent\"}");
  g_assert_cmpuint (approve->status, ==, 200);
  dave = rd_test_login (server, "dave", "dave-password");
  g_assert_true (audit_has (fixture, "signup-approve", "dave"));

  again = rd_test_request_json (server, "POST", "/api/v1/signups/dave/approve",
                                fixture->admin, "{\"role\": \"agent\"}");
  rd_test_assert_error (again, 404, "not-found");

  signup2 = rd_test_request_json (server, "POST", "/api/v1/signup", NULL,
    "{\"username\": \"mallory\", \"password\": \"mallory-password\"}");
  g_assert_cmpuint (signup2->status, ==, 202);
  reject = rd_test_request (server, "POST", "/api/v1/signups/mallory/reject", fixture->admin,
                            NULL, NULL, 0);
  g_assert_cmpuint (reject->status, ==, 200);
  rejected = login (fixture, "mallory", "mallory-password");
  rd_test_assert_error (rejected, 401, "unauthorized");
}

static void
test_admin_cli (Fixture       *fixture,
                gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autofree char *list = NULL;
  g_autoptr(RdTestResponse) old = NULL;
  g_autoptr(RdTestResponse) disabled = NULL;
  g_autoptr(RdTestResponse) revoked = NULL;
  g_autofree char *token = NULL;

  /* A taken name, a bad role, a short password: refused, exit 1. */
  g_assert_cmpint (rd_test_server_admin (server, "long-enough\n", NULL, "user", "add", "alice",
                                         "--role", "agent", NULL), ==, 1);
  g_assert_cmpint (rd_test_server_admin (server, "long-enough\n", NULL, "user", "add", "zed",
                                         "--role", "king", NULL), ==, 1);
  g_assert_cmpint (rd_test_server_admin (server, "short\n", NULL, "user", "add", "zed",
                                         "--role", "agent", NULL), ==, 1);
  g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "user", "frobnicate", NULL), ==, 1);

  g_assert_cmpint (rd_test_server_admin (server, NULL, &list, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "alice"));
  g_assert_nonnull (strstr (list, "manager"));
  g_assert_null (strstr (list, "zed"));

  /* passwd: the old password stops working, the old session ends. */
  g_assert_cmpint (rd_test_server_admin (server, "alice-second-password\n", NULL,
                                         "user", "passwd", "alice", NULL), ==, 0);
  old = login (fixture, "alice", "alice-password");
  rd_test_assert_error (old, 401, "unauthorized");
  revoked = rd_test_request (server, "GET", "/api/v1/session", fixture->agent, NULL, NULL, 0);
  rd_test_assert_error (revoked, 401, "unauthorized");
  token = rd_test_login (server, "alice", "alice-second-password");

  g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "user", "disable", "alice", NULL),
                   ==, 0);
  disabled = login (fixture, "alice", "alice-second-password");
  rd_test_assert_error (disabled, 403, "forbidden");
  g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "user", "disable", "nobody", NULL),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  static const char * const expiring[] = { "--session-ttl", "1", NULL };
  static const char * const user_limit[] = { "--login-limit-user", "3", NULL };
  static const char * const address_limit[] = { "--login-limit-address", "8", NULL };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/session/login", Fixture, NULL,
              fixture_setup, test_session_login, fixture_teardown);
  g_test_add ("/server/session/stored-secrets", Fixture, NULL,
              fixture_setup, test_stored_secrets, fixture_teardown);
  g_test_add ("/server/session/wrong-password", Fixture, NULL,
              fixture_setup, test_session_wrong_password, fixture_teardown);
  g_test_add ("/server/session/expiry", Fixture, expiring,
              fixture_setup, test_session_expiry, fixture_teardown);
  g_test_add ("/server/session/rate-limit-user", Fixture, user_limit,
              fixture_setup, test_rate_limit_user, fixture_teardown);
  g_test_add ("/server/session/rate-limit-address", Fixture, address_limit,
              fixture_setup, test_rate_limit_address, fixture_teardown);
  g_test_add ("/server/users/roles", Fixture, NULL,
              fixture_setup, test_roles_users, fixture_teardown);
  g_test_add ("/server/users/admin", Fixture, NULL,
              fixture_setup, test_users_admin, fixture_teardown);
  g_test_add ("/server/signup/approve-reject", Fixture, NULL,
              fixture_setup, test_signup, fixture_teardown);
  g_test_add ("/server/admin-cli/user", Fixture, NULL,
              fixture_setup, test_admin_cli, fixture_teardown);

  return g_test_run ();
}
