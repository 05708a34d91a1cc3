/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-password-pool.h"

/* /api/v1/session: log in (POST), who am I (GET), log out (DELETE).
 *
 * argon2id is slow on purpose, so the check runs in a worker thread while the
 * message is paused; the database is touched only on the main thread. Limits:
 * every attempt counts against the peer's address, every failure against the
 * user name, and a limited request is refused before any hashing. */

typedef struct {
  char     *hash;
  char     *password;
  gboolean  matched;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_free (data->hash);
  if (data->password)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;

  data->matched = rd_password_verify (data->hash, data->password);
  g_task_return_boolean (task, TRUE);
}

typedef struct {
  RdApiRequest *req;
  char         *username;   /* as given, in lower case (the rate limit's key) */
  RdUser       *user;       /* NULL when the name is not an account */
  RdSignup     *signup;     /* a pending signup of that name */
} LoginState;

static void
login_state_free (LoginState *state)
{
  rd_api_request_unref (state->req);
  g_free (state->username);
  rd_user_free (state->user);
  rd_signup_free (state->signup);
  g_free (state);
}

static JsonNode *
session_to_json (const char   *token,
                 gint64        expires,
                 const RdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires_text = rd_api_format_time (expires);

  json_builder_begin_object (builder);
  if (token)
    {
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_set_member_name (builder, "expires");
  json_builder_add_string_value (builder, expires_text);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, rd_api_user_to_json (user));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
finish_login (LoginState *state,
              gboolean    matched)
{
  RdApiRequest *req = state->req;
  RdServerDb *db = rd_server_get_db (req->server);
  const RdServerOptions *options = rd_server_get_options (req->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires = now + options->session_ttl;

  /* The attempt was counted against the name before the hash. */
  if (!matched || (state->user == NULL && state->signup == NULL))
    {
      rd_api_audit (req, state->username, "login-failed", state->username, NULL);
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                   "wrong user name or password");
      rd_api_reply_error (req, error);
      return;
    }

  /* The password is right: now it is safe to say why the account cannot log in. */
  if (state->user == NULL)
    {
      rd_api_audit (req, state->username, "login-refused", state->username, "pending approval");
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "the account “%s” is waiting for an administrator’s approval",
                   state->username);
      rd_api_reply_error (req, error);
      return;
    }
  if (state->user->disabled)
    {
      rd_api_audit (req, state->username, "login-refused", state->username, "disabled");
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "the account “%s” is disabled", state->username);
      rd_api_reply_error (req, error);
      return;
    }

  token = rd_token_new ();
  token_hash = rd_token_hash (token);
  if (!rd_server_db_add_session (db, token_hash, state->user->id, now, expires,
                                 req->address, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_rate_limit_reset (rd_server_get_user_limit (req->server), state->username);
  rd_api_audit (req, state->user->name, "login", state->user->name, NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, session_to_json (token, expires, state->user));
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoginState *state = user_data;
  VerifyData *data = g_task_get_task_data (G_TASK (result));

  finish_login (state, data->matched);
  soup_server_message_unpause (state->req->msg);
  login_state_free (state);
}

void
rd_api_session_create (RdApiRequest *req)
{
  static const char * const members[] = { "username", "password", NULL };
  RdServerDb *db = rd_server_get_db (req->server);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *username, *password;
  g_autofree char *limit_key = NULL;
  LoginState *state;
  VerifyData *data;
  gint64 now = g_get_monotonic_time ();

  /* The address pays for every attempt, well-formed or not. */
  if (!rd_rate_limit_check (rd_server_get_address_limit (req->server), req->address, now,
                            &req->retry_after))
    {
      rd_api_audit (req, NULL, "login-throttled", NULL, req->address);
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "too many login attempts from %s; retry in %u s", req->address,
                   req->retry_after);
      rd_api_reply_error (req, error);
      return;
    }
  rd_rate_limit_record (rd_server_get_address_limit (req->server), req->address, now);

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "username", TRUE, &username, &error) ||
      !rd_api_get_string (body, "password", TRUE, &password, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (strlen (password) > RD_PASSWORD_MAX_LENGTH || strlen (username) > 256)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the user name or the password is too long");
      rd_api_reply_error (req, error);
      return;
    }

  /* The name's limit is keyed without case (names are) and the attempt is counted
   * before the hash: concurrent guesses each take a place, so no more than the limit are
   * ever checked at once; a success clears the count. */
  limit_key = g_ascii_strdown (username, -1);
  if (!rd_rate_limit_check (rd_server_get_user_limit (req->server), limit_key, now,
                            &req->retry_after))
    {
      rd_api_audit (req, username, "login-throttled", username, NULL);
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "too many failed logins for “%s”; retry in %u s", username,
                   req->retry_after);
      rd_api_reply_error (req, error);
      return;
    }
  rd_rate_limit_record (rd_server_get_user_limit (req->server), limit_key, now);

  state = g_new0 (LoginState, 1);
  state->req = rd_api_request_ref (req);
  state->username = g_steal_pointer (&limit_key);
  state->user = rd_server_db_find_user (db, username, NULL);
  if (state->user == NULL)
    {
      state->signup = rd_server_db_find_signup (db, username, NULL);
      if (state->signup && !g_str_equal (state->signup->status, "pending"))
        g_clear_pointer (&state->signup, rd_signup_free);
    }

  data = g_new0 (VerifyData, 1);
  data->password = g_strdup (password);
  /* Unknown names cost the same time as known ones. */
  if (state->user)
    data->hash = g_strdup (state->user->password_hash);
  else if (state->signup)
    data->hash = g_strdup (state->signup->password_hash);
  else
    data->hash = g_strdup (rd_password_dummy_hash ());

  soup_server_message_pause (req->msg);
  task = g_task_new (req->server, NULL, verify_done_cb, state);
  g_task_set_source_tag (task, rd_api_session_create);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  rd_password_pool_run (task, verify_thread);
}

void
rd_api_session_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  gint64 expires = 0;
  g_autoptr(RdUser) user = NULL;

  user = rd_server_db_lookup_session (rd_server_get_db (req->server), req->token_hash,
                                      g_get_real_time () / G_USEC_PER_SEC, &expires, &error);
  if (user == NULL)
    {
      /* The session expired in the instant since the request was authenticated: the same
       * answer as a token that had expired before (not 404). */
      if (g_error_matches (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                       "the token is unknown, expired or revoked; log in again");
        }
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_reply_json (req, SOUP_STATUS_OK, session_to_json (NULL, expires, user));
}

void
rd_api_session_delete (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!rd_server_db_revoke_session (rd_server_get_db (req->server), req->token_hash, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, NULL, "logout", req->caller->name, NULL);
  rd_api_reply_ok (req);
}
