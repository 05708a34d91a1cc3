/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-email-mime.h"

/* /api/v1/users: admins manage every account; a manager reads the accounts of
 * their team; anyone reads their own account and changes their own password.
 * Accounts are never deleted (their id owns records in replication): DELETE
 * disables the account and ends its sessions. */

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (strlen (password) < 8 || strlen (password) > RD_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the password must have 8 to %d characters", RD_PASSWORD_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* The account named in the path, if the caller may see it (404 otherwise,
 * 403 for a manager asking outside their team). */
static RdUser *
find_visible_user (RdApiRequest  *req,
                   GError       **error)
{
  const char *name = req->params[0];
  RdUser *caller = req->caller;
  g_autoptr(RdUser) user = NULL;

  if (rd_role_is_frontline (caller->role) && !rd_user_name_equal (caller->name, name))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "role %s may only read its own account", rd_role_to_string (caller->role));
      return NULL;
    }

  user = rd_server_db_find_user (rd_server_get_db (req->server), name, error);
  if (user == NULL)
    return NULL;

  if (caller->role == RD_ROLE_MANAGER && caller->id != user->id &&
      (caller->team == NULL || g_strcmp0 (caller->team, user->team) != 0))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "role manager may only read accounts of its own team");
      return NULL;
    }

  return g_steal_pointer (&user);
}

void
rd_api_users_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *team = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "list users", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  if (req->caller->role == RD_ROLE_MANAGER)
    {
      if (req->caller->team == NULL)
        {
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                       "a manager without a team sees no accounts; ask an admin to set the team");
          rd_api_reply_error (req, error);
          return;
        }
      team = req->caller->team;
    }

  users = rd_server_db_list_users (rd_server_get_db (req->server), team, &error);
  if (users == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    json_builder_add_value (builder, rd_api_user_to_json (g_ptr_array_index (users, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The rest of POST /users once the password is hashed; @user_data is
 * {username, role, team} (team may be absent). */
static void
create_hashed_cb (RdApiRequest *req,
                  const char   *hash,
                  const GError *hash_error,
                  gpointer      user_data)
{
  char **args = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = NULL;
  g_autofree char *detail = NULL;
  RdRole role = RD_ROLE_AGENT;

  if (hash == NULL)
    {
      rd_api_reply_error (req, hash_error);
      return;
    }
  rd_role_from_string (args[1], &role);
  user = rd_server_db_add_user (rd_server_get_db (req->server), args[0], role, args[2], hash,
                                &error);
  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  detail = g_strdup_printf ("role=%s team=%s", args[1], args[2] ? args[2] : "");
  rd_api_audit (req, NULL, "user-add", args[0], detail);
  rd_api_reply_json (req, SOUP_STATUS_CREATED, rd_api_user_to_json (user));
}

void
rd_api_users_create (RdApiRequest *req)
{
  static const char * const members[] = { "username", "password", "role", "team", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *username, *password, *role_text, *team;
  RdRole role;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "create users", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "username", TRUE, &username, &error) ||
      !rd_api_get_string (body, "password", TRUE, &password, &error) ||
      !rd_api_get_string (body, "role", TRUE, &role_text, &error) ||
      !rd_api_get_string (body, "team", FALSE, &team, &error) ||
      !check_password (password, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_role_from_string (role_text, &role))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“role” must be admin, manager, agent or support, not “%s”", role_text);
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_hash_password (req, password, create_hashed_cb,
                        g_strdupv ((char *[]) { (char *) username, (char *) role_text,
                                                (char *) team, NULL }),
                        (GDestroyNotify) g_strfreev);
}

void
rd_api_users_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = find_visible_user (req, &error);

  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_reply_json (req, SOUP_STATUS_OK, rd_api_user_to_json (user));
}

/* The account's mirror in the synced `users` table (name and e-mail address, owned by the
 * account): written here by the server, since pushes to it are refused (docs/sync.md). */
static gboolean
write_users_record (RdApiRequest  *req,
                    const RdUser  *user,
                    const char    *email,
                    GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  RdRecord *record = rd_record_new ("users");
  gint64 seq = 0;

  rd_record_set_id (record, user->uuid);
  rd_record_set_string (record, "name", user->name);
  rd_record_set_string (record, "email", email);
  rd_record_set_string (record, "owner", user->uuid);
  g_ptr_array_add (records, record);
  if (!rd_server_sync_write (rd_server_get_sync (req->server), records, &seq, error))
    return FALSE;
  rd_server_notify_sequence (req->server, seq);
  rd_api_audit (req, NULL, "email-change", user->name, email);
  return TRUE;
}

/* The changes of PATCH /users/NAME, validated; @hash is the new password's
 * (NULL when the body has none). */
static void
update_hashed_cb (RdApiRequest *req,
                  const char   *hash,
                  const GError *hash_error,
                  gpointer      user_data)
{
  JsonObject *body = user_data;
  RdServerDb *db = rd_server_get_db (req->server);
  const char *name = req->params[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = NULL;
  const char *role_text = json_object_get_string_member_with_default (body, "role", NULL);
  const char *team = json_object_get_string_member_with_default (body, "team", NULL);
  gboolean has_disabled = json_object_has_member (body, "disabled");
  gboolean disabled = json_object_get_boolean_member_with_default (body, "disabled", FALSE);
  RdRole role = RD_ROLE_AGENT;

  if (json_object_has_member (body, "password") && hash == NULL)
    {
      /* A wrong current password counts as a failed login of the caller's name. */
      if (g_error_matches (hash_error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN))
        {
          g_autofree char *key = g_ascii_strdown (req->caller->name, -1);

          rd_rate_limit_record (rd_server_get_user_limit (req->server), key,
                                g_get_monotonic_time ());
          rd_api_audit (req, NULL, "password-change-refused", name, "wrong current password");
        }
      rd_api_reply_error (req, hash_error);
      return;
    }
  if (role_text)
    rd_role_from_string (role_text, &role);

  user = rd_server_db_find_user (db, name, &error);
  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  if (role_text || json_object_has_member (body, "team"))
    {
      g_autofree char *detail = NULL;
      RdRole new_role = role_text ? role : user->role;
      const char *new_team = json_object_has_member (body, "team") ? team : user->team;

      if (!rd_server_db_set_role (db, name, new_role, new_team, &error))
        {
          rd_api_reply_error (req, error);
          return;
        }
      detail = g_strdup_printf ("role %s -> %s, team %s -> %s",
                                rd_role_to_string (user->role), rd_role_to_string (new_role),
                                user->team ? user->team : "-", new_team ? new_team : "-");
      rd_api_audit (req, NULL, "role-change", name, detail);
    }

  if (has_disabled)
    {
      if (!rd_server_db_set_disabled (db, name, disabled, &error))
        {
          rd_api_reply_error (req, error);
          return;
        }
      rd_api_audit (req, NULL, disabled ? "user-disable" : "user-enable", name, NULL);
    }

  if (hash)
    {
      if (!rd_server_db_set_password (db, name, hash, &error))
        {
          rd_api_reply_error (req, error);
          return;
        }
      rd_api_audit (req, NULL, "password-change", name, NULL);
    }

  if (json_object_has_member (body, "email") &&
      !write_users_record (req, user, json_object_get_string_member (body, "email"), &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  g_clear_pointer (&user, rd_user_free);
  user = rd_server_db_find_user (db, name, &error);
  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_api_user_to_json (user));
}

void
rd_api_users_update (RdApiRequest *req)
{
  static const char * const members[] = { "role", "team", "disabled", "password",
                                          "current_password", "email", NULL };
  const char *name = req->params[0];
  gboolean self_edit = rd_user_name_equal (name, req->caller->name);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *role_text = NULL, *team = NULL, *password = NULL, *current = NULL;
  const char *email = NULL;
  g_autofree char *limit_key = NULL;
  gboolean has_disabled = FALSE, disabled = FALSE;
  gboolean changes_access;
  RdRole role = RD_ROLE_AGENT;

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "role", FALSE, &role_text, &error) ||
      !rd_api_get_string (body, "team", FALSE, &team, &error) ||
      !rd_api_get_string (body, "password", FALSE, &password, &error) ||
      !rd_api_get_string (body, "current_password", FALSE, &current, &error) ||
      !rd_api_get_string (body, "email", FALSE, &email, &error) ||
      !rd_api_get_bool (body, "disabled", &has_disabled, &disabled, &error) ||
      (password && !check_password (password, &error)))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (email && !rd_email_address_is_valid (email))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“email”: “%s” is not a valid e-mail address", email);
      rd_api_reply_error (req, error);
      return;
    }
  /* Whoever holds a token is not yet its owner: one's own password changes only with the
   * current one (an admin resetting someone else's needs no such thing). */
  if (password && self_edit && current == NULL)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“current_password” is required to change your own password");
      rd_api_reply_error (req, error);
      return;
    }
  limit_key = g_ascii_strdown (req->caller->name, -1);
  if (password && self_edit &&
      !rd_rate_limit_check (rd_server_get_user_limit (req->server), limit_key,
                            g_get_monotonic_time (), &req->retry_after))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "too many failed password checks for “%s”; retry in %u s",
                   req->caller->name, req->retry_after);
      rd_api_reply_error (req, error);
      return;
    }

  changes_access = role_text || json_object_has_member (body, "team") || has_disabled;
  if ((changes_access || !self_edit) &&
      !rd_api_require_role (req, RD_API_ROLES_ADMIN,
                            changes_access ? "change roles, teams or access"
                                           : "change another user’s password or e-mail",
                            &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (role_text && !rd_role_from_string (role_text, &role))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“role” must be admin, manager, agent or support, not “%s”", role_text);
      rd_api_reply_error (req, error);
      return;
    }
  if (self_edit && ((has_disabled && disabled) || (role_text && role != RD_ROLE_ADMIN &&
                                                    req->caller->role == RD_ROLE_ADMIN)))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                   "an admin cannot disable or demote their own account");
      rd_api_reply_error (req, error);
      return;
    }

  if (password)
    rd_api_hash_password_checked (req, self_edit ? req->caller->password_hash : NULL,
                                  self_edit ? current : NULL, password, update_hashed_cb,
                                  json_object_ref (body), (GDestroyNotify) json_object_unref);
  else
    update_hashed_cb (req, NULL, NULL, body);
}

void
rd_api_users_delete (RdApiRequest *req)
{
  const char *name = req->params[0];
  g_autoptr(GError) error = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_ADMIN, "delete users", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (rd_user_name_equal (name, req->caller->name))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                   "an admin cannot delete their own account");
      rd_api_reply_error (req, error);
      return;
    }

  if (!rd_server_db_set_disabled (rd_server_get_db (req->server), name, TRUE, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, NULL, "user-delete", name, "account disabled, sessions revoked");
  rd_api_reply_ok (req);
}
