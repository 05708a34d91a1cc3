/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"

/* Self-registration: POST /api/v1/signup makes a pending signup (no account
 * yet, so no login); an admin lists them and approves (creating the account
 * with a role) or rejects. */

static JsonNode *
signup_to_json (const RdSignup *signup)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *requested = rd_api_format_time (signup->requested);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, signup->name);
  json_builder_set_member_name (builder, "team");
  if (signup->team)
    json_builder_add_string_value (builder, signup->team);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, signup->status);
  json_builder_set_member_name (builder, "requested");
  json_builder_add_string_value (builder, requested);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The rest of POST /signup, once the password is hashed; @user_data is
 * {username, team} (team may be absent). */
static void
signup_hashed_cb (RdApiRequest *req,
                  const char   *hash,
                  const GError *hash_error,
                  gpointer      user_data)
{
  char **names = user_data;
  const char *username = names[0];
  const char *team = names[1];
  RdServerDb *db = rd_server_get_db (req->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSignup) signup = NULL;

  if (hash == NULL)
    {
      rd_api_reply_error (req, hash_error);
      return;
    }
  if (!rd_server_db_add_signup (db, username, team, hash, g_get_real_time () / G_USEC_PER_SEC,
                                &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, username, "signup", username, team);
  signup = rd_server_db_find_signup (db, username, &error);
  if (signup == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_ACCEPTED, signup_to_json (signup));
}

void
rd_api_signup_create (RdApiRequest *req)
{
  static const char * const members[] = { "username", "password", "team", NULL };
  RdServer *server = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *username, *password, *team;
  gint64 now = g_get_monotonic_time ();

  if (!rd_rate_limit_check (rd_server_get_address_limit (server), req->address, now,
                            &req->retry_after))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "too many requests from %s; retry in %u s", req->address, req->retry_after);
      rd_api_reply_error (req, error);
      return;
    }
  rd_rate_limit_record (rd_server_get_address_limit (server), req->address, now);

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "username", TRUE, &username, &error) ||
      !rd_api_get_string (body, "password", TRUE, &password, &error) ||
      !rd_api_get_string (body, "team", FALSE, &team, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (strlen (password) < 8 || strlen (password) > RD_PASSWORD_MAX_LENGTH)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the password must have 8 to %d characters", RD_PASSWORD_MAX_LENGTH);
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_server_name_is_valid (username))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“username” must have 1-64 of A-Z a-z 0-9 . _ @ -");
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_hash_password (req, password, signup_hashed_cb,
                        g_strdupv ((char *[]) { (char *) username, (char *) team, NULL }),
                        (GDestroyNotify) g_strfreev);
}

void
rd_api_signup_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signups = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "list signups", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  signups = rd_server_db_list_signups (rd_server_get_db (req->server), &error);
  if (signups == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  for (guint i = 0; i < signups->len; i++)
    json_array_add_element (array, signup_to_json (g_ptr_array_index (signups, i)));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  json_object_set_array_member (json_node_get_object (node), "signups",
                                json_array_ref (array));
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

void
rd_api_signup_approve (RdApiRequest *req)
{
  static const char * const members[] = { "role", "team", NULL };
  const char *name = req->params[0];
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = NULL;
  g_autofree char *detail = NULL;
  const char *role_text, *team;
  RdRole role;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "approve signups", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "role", TRUE, &role_text, &error) ||
      !rd_api_get_string (body, "team", FALSE, &team, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_role_from_string (role_text, &role))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“role” must be admin, manager or agent, not “%s”", role_text);
      rd_api_reply_error (req, error);
      return;
    }

  user = rd_server_db_approve_signup (rd_server_get_db (req->server), name, role, team, &error);
  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  detail = g_strdup_printf ("role=%s team=%s", rd_role_to_string (role),
                            user->team ? user->team : "");
  rd_api_audit (req, NULL, "signup-approve", name, detail);
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_api_user_to_json (user));
}

void
rd_api_signup_reject (RdApiRequest *req)
{
  const char *name = req->params[0];
  g_autoptr(GError) error = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "reject signups", &error) ||
      !rd_server_db_reject_signup (rd_server_get_db (req->server), name, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, NULL, "signup-reject", name, NULL);
  rd_api_reply_ok (req);
}
