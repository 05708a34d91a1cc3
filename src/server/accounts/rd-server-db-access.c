/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-server-db-private.h"

/* Sessions, signups and the audit log of the accounts database. */

/* ---- sessions ------------------------------------------------------------- */

gboolean
rd_server_db_add_session (RdServerDb  *self,
                          const char  *token_hash,
                          gint64       user_id,
                          gint64       created,
                          gint64       expires,
                          const char  *address,
                          GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autoptr(RdServerStmt) purge = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  /* Expired and revoked sessions are of no use to anyone; drop them as new ones come. */
  purge = rd_server_db_prepare (self, "DELETE FROM sessions WHERE expires < ? OR revoked = 1", error);
  if (purge == NULL)
    return FALSE;
  sqlite3_bind_int64 (purge, 1, created);
  if (sqlite3_step (purge) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot purge sessions", error);

  stmt = rd_server_db_prepare (self,
                  "INSERT INTO sessions (token_hash, user_id, created, expires, address) "
                  "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, created);
  sqlite3_bind_int64 (stmt, 4, expires);
  rd_server_db_bind_text (stmt, 5, address);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot add the session", error);

  return TRUE;
}

RdUser *
rd_server_db_lookup_session (RdServerDb  *self,
                             const char  *token_hash,
                             gint64       now,
                             gint64      *expires,
                             GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  RdUser *user;
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  stmt = rd_server_db_prepare (self,
                  "SELECT u.id, u.uuid, u.name, u.role, u.team, u.disabled, u.created, "
                  "       u.password_hash, s.expires "
                  "FROM sessions s JOIN users u ON u.id = s.user_id "
                  "WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires > ? "
                  "  AND u.disabled = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                   "the session is unknown, expired or revoked");
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      rd_server_db_fail (self, "cannot read the session", error);
      return NULL;
    }

  user = rd_server_db_user_from_row (stmt);
  if (expires)
    *expires = sqlite3_column_int64 (stmt, 8);
  return user;
}

gboolean
rd_server_db_revoke_session (RdServerDb  *self,
                             const char  *token_hash,
                             GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  stmt = rd_server_db_prepare (self, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot revoke the session", error);

  return TRUE;
}

gboolean
rd_server_db_revoke_user_sessions (RdServerDb  *self,
                                   gint64       user_id,
                                   GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  stmt = rd_server_db_prepare (self, "UPDATE sessions SET revoked = 1 WHERE user_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot revoke the sessions", error);

  return TRUE;
}

/* ---- signups -------------------------------------------------------------- */

#define SIGNUP_COLUMNS "id, name, team, status, requested, password_hash"

static RdSignup *
signup_from_row (sqlite3_stmt *stmt)
{
  RdSignup *signup = g_new0 (RdSignup, 1);

  signup->id = sqlite3_column_int64 (stmt, 0);
  signup->name = rd_server_db_column_dup (stmt, 1);
  signup->team = rd_server_db_column_dup (stmt, 2);
  signup->status = rd_server_db_column_dup (stmt, 3);
  signup->requested = sqlite3_column_int64 (stmt, 4);
  signup->password_hash = rd_server_db_column_dup (stmt, 5);

  return signup;
}

gboolean
rd_server_db_add_signup (RdServerDb  *self,
                         const char  *name,
                         const char  *team,
                         const char  *password_hash,
                         gint64       now,
                         GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autoptr(RdUser) user = NULL;
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  if (!rd_server_name_is_valid (name))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_INVALID,
                   "“%s” is not a valid user name (1-64 of A-Z a-z 0-9 . _ @ -)", name);
      return FALSE;
    }
  if (team && !rd_server_name_is_valid (team))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_INVALID,
                   "“%s” is not a valid team name (1-64 of A-Z a-z 0-9 . _ @ -)", team);
      return FALSE;
    }

  /* Names are one account whatever their case: no “Admin1” beside “admin1”. */
  user = rd_server_db_find_user (self, name, NULL);
  if (user)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                   "the name “%s” is taken (names are compared without case)", name);
      return FALSE;
    }
  {
    g_autoptr(RdSignup) pending = rd_server_db_find_signup (self, name, NULL);

    if (pending && g_str_equal (pending->status, "pending"))
      {
        g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                     "“%s” already has a pending signup", pending->name);
        return FALSE;
      }
  }

  stmt = rd_server_db_prepare (self,
                  "INSERT INTO signups (name, team, password_hash, requested) "
                  "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rd_server_db_bind_text (stmt, 2, team);
  sqlite3_bind_text (stmt, 3, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                   "“%s” already has a pending signup", name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot add the signup", error);

  return TRUE;
}

RdSignup *
rd_server_db_find_signup (RdServerDb  *self,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  stmt = rd_server_db_prepare (self, "SELECT " SIGNUP_COLUMNS " FROM signups "
                        "WHERE name = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return signup_from_row (stmt);
  if (rc != SQLITE_DONE)
    rd_server_db_fail (self, "cannot read the signup", error);
  else
    g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                 "no signup for “%s”", name);
  return NULL;
}

GPtrArray *
rd_server_db_list_signups (RdServerDb  *self,
                           GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) signups = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_signup_free);
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  stmt = rd_server_db_prepare (self, "SELECT " SIGNUP_COLUMNS " FROM signups WHERE status = 'pending' "
                        "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (signups, signup_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      rd_server_db_fail (self, "cannot list signups", error);
      return NULL;
    }

  return g_steal_pointer (&signups);
}

static gboolean
decide_signup (RdServerDb  *self,
               gint64       id,
               const char  *status,
               GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  stmt = rd_server_db_prepare (self, "UPDATE signups SET status = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot update the signup", error);

  return TRUE;
}

static RdSignup *
find_pending (RdServerDb  *self,
              const char  *name,
              GError     **error)
{
  g_autoptr(RdSignup) signup = rd_server_db_find_signup (self, name, error);

  if (signup == NULL)
    return NULL;
  if (!g_str_equal (signup->status, "pending"))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                   "the signup of “%s” was already %s", name, signup->status);
      return NULL;
    }

  return g_steal_pointer (&signup);
}

RdUser *
rd_server_db_approve_signup (RdServerDb  *self,
                             const char  *name,
                             RdRole       role,
                             const char  *team,
                             GError     **error)
{
  g_autoptr(RdSignup) signup = NULL;
  g_autoptr(RdUser) user = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  signup = find_pending (self, name, error);
  if (signup == NULL)
    return NULL;

  if (!rd_server_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  user = rd_server_db_insert_user (self, signup->name, role, team ? team : signup->team,
                      signup->password_hash, error);
  if (user == NULL || !decide_signup (self, signup->id, "approved", error))
    {
      rd_server_db_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  if (!rd_server_db_exec (self, "COMMIT", error))
    return NULL;

  return g_steal_pointer (&user);
}

gboolean
rd_server_db_reject_signup (RdServerDb  *self,
                            const char  *name,
                            GError     **error)
{
  g_autoptr(RdSignup) signup = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  signup = find_pending (self, name, error);
  if (signup == NULL)
    return FALSE;

  return decide_signup (self, signup->id, "rejected", error);
}

/* ---- audit ---------------------------------------------------------------- */

gboolean
rd_server_db_audit (RdServerDb  *self,
                    const char  *actor,
                    const char  *action,
                    const char  *target,
                    const char  *address,
                    const char  *detail,
                    GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  stmt = rd_server_db_prepare (self,
                  "INSERT INTO audit_log (at, actor, action, target, address, detail) "
                  "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  rd_server_db_bind_text (stmt, 2, actor);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  rd_server_db_bind_text (stmt, 4, target);
  rd_server_db_bind_text (stmt, 5, address);
  rd_server_db_bind_text (stmt, 6, detail);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot write the audit log", error);

  return TRUE;
}

GPtrArray *
rd_server_db_list_audit (RdServerDb  *self,
                         gint64       after,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audit_entry_free);
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  stmt = rd_server_db_prepare (self,
                  "SELECT seq, at, actor, action, target, address, detail FROM audit_log "
                  "WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdAuditEntry *entry = g_new0 (RdAuditEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->actor = rd_server_db_column_dup (stmt, 2);
      entry->action = rd_server_db_column_dup (stmt, 3);
      entry->target = rd_server_db_column_dup (stmt, 4);
      entry->address = rd_server_db_column_dup (stmt, 5);
      entry->detail = rd_server_db_column_dup (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      rd_server_db_fail (self, "cannot read the audit log", error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}
