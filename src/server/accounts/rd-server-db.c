/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "rd-server-db-private.h"

/* Accounts of the server: users, teams, sessions, signups and the audit log, in
 * DATA_DIR/server.db (SQLite, WAL). Replication tables live in the same file
 * (see rd-server-sync.c) so that an account change and a sync write can share a
 * transaction. */

G_DEFINE_FINAL_TYPE (RdServerDb, rd_server_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-server-db-error-quark, rd_server_db_error)

/* Numbered migrations; schema_version in PRAGMA user_version. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE teams ("
  "  name TEXT PRIMARY KEY NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'agent')),"
  "  team TEXT REFERENCES teams (name),"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL"
  ");"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY NOT NULL,"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  created INTEGER NOT NULL,"
  "  expires INTEGER NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0,"
  "  address TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX sessions_user ON sessions (user_id);"
  "CREATE TABLE signups ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  team TEXT,"
  "  password_hash TEXT NOT NULL,"
  "  requested INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'approved', 'rejected'))"
  ");"
  "CREATE UNIQUE INDEX signups_pending ON signups (name) WHERE status = 'pending';"
  "CREATE TABLE audit_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT,"
  "  action TEXT NOT NULL,"
  "  target TEXT,"
  "  address TEXT,"
  "  detail TEXT"
  ");",
  /* 2: the support role. SQLite cannot alter a CHECK constraint; rewriting its
   * text in the schema leaves the rows (and columns other migrations add)
   * alone, unlike a table rebuild, which would also have to rebuild sessions. */
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace (sql, '''manager'', ''agent''))',"
  "                                        '''manager'', ''agent'', ''support''))')"
  "  WHERE type = 'table' AND name = 'users';"
  /* Migrations run at open, before any other connection to the file. */
  "PRAGMA writable_schema = RESET;",
};

gboolean
rd_role_from_string (const char *text,
                     RdRole     *role)
{
  if (g_strcmp0 (text, "admin") == 0)
    *role = RD_ROLE_ADMIN;
  else if (g_strcmp0 (text, "manager") == 0)
    *role = RD_ROLE_MANAGER;
  else if (g_strcmp0 (text, "agent") == 0)
    *role = RD_ROLE_AGENT;
  else if (g_strcmp0 (text, "support") == 0)
    *role = RD_ROLE_SUPPORT;
  else
    return FALSE;

  return TRUE;
}

const char *
rd_role_to_string (RdRole role)
{
  switch (role)
    {
    case RD_ROLE_ADMIN:
      return "admin";
    case RD_ROLE_MANAGER:
      return "manager";
    case RD_ROLE_SUPPORT:
      return "support";
    case RD_ROLE_AGENT:
    default:
      return "agent";
    }
}

/* The account a name means: names are compared without case; should two accounts from before
 * that rule differ only in case, the one spelt exactly wins, else the older. */
#define USER_BY_NAME(param) \
  "name = " param " COLLATE NOCASE ORDER BY name = " param " DESC, id LIMIT 1"

gboolean
rd_user_name_equal (const char *a,
                    const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

gboolean
rd_role_is_frontline (RdRole role)
{
  return role == RD_ROLE_AGENT || role == RD_ROLE_SUPPORT;
}

gboolean
rd_server_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;

  len = strlen (name);
  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '@' && *p != '-')
      return FALSE;

  return TRUE;
}

void
rd_user_free (RdUser *user)
{
  if (user == NULL)
    return;
  g_free (user->uuid);
  g_free (user->name);
  g_free (user->team);
  g_free (user->password_hash);
  g_free (user);
}

void
rd_signup_free (RdSignup *signup)
{
  if (signup == NULL)
    return;
  g_free (signup->name);
  g_free (signup->team);
  g_free (signup->status);
  g_free (signup->password_hash);
  g_free (signup);
}

void
rd_audit_entry_free (RdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->target);
  g_free (entry->address);
  g_free (entry->detail);
  g_free (entry);
}

gboolean
rd_server_db_fail (RdServerDb  *self,
             const char  *what,
             GError     **error)
{
  g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_SQLITE,
               "%s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
rd_server_db_prepare (RdServerDb  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rd_server_db_fail (self, "cannot prepare a statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

gboolean
rd_server_db_exec (RdServerDb  *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_SQLITE,
                   "%s", message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

char *
rd_server_db_column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

void
rd_server_db_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
rd_server_db_finalize (GObject *object)
{
  RdServerDb *self = (RdServerDb *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rd_server_db_parent_class)->finalize (object);
}

static void
rd_server_db_class_init (RdServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_server_db_finalize;
}

static void
rd_server_db_init (RdServerDb *self)
{
}

static gboolean
migrate (RdServerDb  *self,
         GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  int version;

  stmt = rd_server_db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return rd_server_db_fail (self, "cannot read the schema version", error);
  version = sqlite3_column_int (stmt, 0);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_INVALID,
                   "%s has account schema version %d; this server knows up to %u",
                   self->path, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!rd_server_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!rd_server_db_exec (self, migrations[i], error) || !rd_server_db_exec (self, bump, error))
        {
          rd_server_db_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!rd_server_db_exec (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

RdServerDb *
rd_server_db_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(RdServerDb) self = g_object_new (RD_TYPE_SERVER_DB, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create %s: %s", data_dir, g_strerror (saved));
      return NULL;
    }

  self->path = g_build_filename (data_dir, "server.db", NULL);
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_SQLITE,
                   "cannot open %s: %s", self->path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  if (!rd_server_db_exec (self, "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

sqlite3 *
rd_server_db_get_handle (RdServerDb *self)
{
  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);
  return self->db;
}

const char *
rd_server_db_get_path (RdServerDb *self)
{
  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);
  return self->path;
}

/* ---- users ---------------------------------------------------------------- */

#define USER_COLUMNS RD_SERVER_DB_USER_COLUMNS

RdUser *
rd_server_db_user_from_row (sqlite3_stmt *stmt)
{
  RdUser *user = g_new0 (RdUser, 1);
  g_autofree char *role = NULL;

  user->id = sqlite3_column_int64 (stmt, 0);
  user->uuid = rd_server_db_column_dup (stmt, 1);
  user->name = rd_server_db_column_dup (stmt, 2);
  role = rd_server_db_column_dup (stmt, 3);
  if (!rd_role_from_string (role, &user->role))
    user->role = RD_ROLE_AGENT;
  user->team = rd_server_db_column_dup (stmt, 4);
  user->disabled = sqlite3_column_int (stmt, 5) != 0;
  user->created = sqlite3_column_int64 (stmt, 6);
  user->password_hash = rd_server_db_column_dup (stmt, 7);

  return user;
}

static gboolean
ensure_team (RdServerDb  *self,
             const char  *team,
             GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  if (team == NULL)
    return TRUE;

  if (!rd_server_name_is_valid (team))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_INVALID,
                   "“%s” is not a valid team name (1-64 of A-Z a-z 0-9 . _ @ -)", team);
      return FALSE;
    }

  stmt = rd_server_db_prepare (self, "INSERT OR IGNORE INTO teams (name) VALUES (?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, team, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot add the team", error);

  return TRUE;
}

gboolean
rd_server_db_team_exists (RdServerDb *self,
                          const char *team)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  stmt = rd_server_db_prepare (self, "SELECT 1 FROM teams WHERE name = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, team, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

RdUser *
rd_server_db_insert_user (RdServerDb  *self,
             const char  *name,
             RdRole       role,
             const char  *team,
             const char  *password_hash,
             GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  int rc;

  if (!rd_server_name_is_valid (name))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_INVALID,
                   "“%s” is not a valid user name (1-64 of A-Z a-z 0-9 . _ @ -)", name);
      return NULL;
    }

  {
    g_autoptr(RdUser) taken = rd_server_db_find_user (self, name, NULL);

    if (taken)
      {
        g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                     "a user named “%s” already exists (names are compared without case)",
                     taken->name);
        return NULL;
      }
  }

  if (!ensure_team (self, team, error))
    return NULL;

  stmt = rd_server_db_prepare (self,
                  "INSERT INTO users (uuid, name, role, team, password_hash, created) "
                  "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rd_role_to_string (role), -1, SQLITE_STATIC);
  rd_server_db_bind_text (stmt, 4, team);
  sqlite3_bind_text (stmt, 5, password_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                   "a user named “%s” already exists", name);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      rd_server_db_fail (self, "cannot add the user", error);
      return NULL;
    }

  return rd_server_db_find_user (self, name, error);
}

RdUser *
rd_server_db_add_user (RdServerDb  *self,
                       const char  *name,
                       RdRole       role,
                       const char  *team,
                       const char  *password_hash,
                       GError     **error)
{
  g_autoptr(RdUser) user = NULL;
  g_autoptr(RdSignup) signup = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  /* A pending signup holds its name. */
  signup = rd_server_db_find_signup (self, name, NULL);
  if (signup && g_str_equal (signup->status, "pending"))
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_EXISTS,
                   "“%s” has a pending signup; approve or reject it first", name);
      return NULL;
    }

  if (!rd_server_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  user = rd_server_db_insert_user (self, name, role, team, password_hash, error);
  if (user == NULL)
    {
      rd_server_db_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  if (!rd_server_db_exec (self, "COMMIT", error))
    return NULL;

  return g_steal_pointer (&user);
}

static RdUser *
find_user (RdServerDb  *self,
           const char  *sql,
           const char  *name,
           gint64       id,
           GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  int rc;

  stmt = rd_server_db_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (name)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return rd_server_db_user_from_row (stmt);
  if (rc != SQLITE_DONE)
    {
      rd_server_db_fail (self, "cannot read the user", error);
      return NULL;
    }

  if (name)
    g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                 "no user named “%s”", name);
  else
    g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                 "no user with id %" G_GINT64_FORMAT, id);
  return NULL;
}

RdUser *
rd_server_db_find_user (RdServerDb  *self,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return find_user (self, "SELECT " USER_COLUMNS " FROM users WHERE " USER_BY_NAME ("?1"),
                    name, 0, error);
}

RdUser *
rd_server_db_find_user_by_id (RdServerDb  *self,
                              gint64       id,
                              GError     **error)
{
  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  return find_user (self, "SELECT " USER_COLUMNS " FROM users WHERE id = ?",
                    NULL, id, error);
}

GPtrArray *
rd_server_db_list_users (RdServerDb  *self,
                         const char  *team,
                         GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_user_free);
  int rc;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), NULL);

  if (team)
    {
      stmt = rd_server_db_prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE team = ? ORDER BY name",
                      error);
      if (stmt)
        sqlite3_bind_text (stmt, 1, team, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = rd_server_db_prepare (self, "SELECT " USER_COLUMNS " FROM users ORDER BY name", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, rd_server_db_user_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      rd_server_db_fail (self, "cannot list users", error);
      return NULL;
    }

  return g_steal_pointer (&users);
}

static gboolean
update_user (RdServerDb   *self,
             const char   *sql,
             const char   *name,
             const char   *text,
             gint64        number,
             GError      **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  stmt = rd_server_db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot update the user", error);

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                   "no user named “%s”", name);
      return FALSE;
    }

  return TRUE;
}

gboolean
rd_server_db_set_disabled (RdServerDb  *self,
                           const char  *name,
                           gboolean     disabled,
                           GError     **error)
{
  g_autoptr(RdUser) user = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  if (!update_user (self, "UPDATE users SET disabled = ?1 WHERE id = (SELECT id FROM users WHERE "
                    USER_BY_NAME ("?2") ")",
                    name, NULL, disabled ? 1 : 0, error))
    return FALSE;

  /* A disabled account loses its sessions at once. */
  if (disabled)
    {
      user = rd_server_db_find_user (self, name, error);
      if (user == NULL)
        return FALSE;
      return rd_server_db_revoke_user_sessions (self, user->id, error);
    }

  return TRUE;
}

gboolean
rd_server_db_set_password (RdServerDb  *self,
                           const char  *name,
                           const char  *password_hash,
                           GError     **error)
{
  g_autoptr(RdUser) user = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  if (!update_user (self, "UPDATE users SET password_hash = ?1 WHERE id = "
                    "(SELECT id FROM users WHERE " USER_BY_NAME ("?2") ")",
                    name, password_hash, 0, error))
    return FALSE;

  /* A new password ends the sessions opened with the old one. */
  user = rd_server_db_find_user (self, name, error);
  if (user == NULL)
    return FALSE;
  return rd_server_db_revoke_user_sessions (self, user->id, error);
}

gboolean
rd_server_db_set_role (RdServerDb  *self,
                       const char  *name,
                       RdRole       role,
                       const char  *team,
                       GError     **error)
{
  g_autoptr(RdServerStmt) stmt = NULL;

  g_return_val_if_fail (RD_IS_SERVER_DB (self), FALSE);

  if (!ensure_team (self, team, error))
    return FALSE;

  stmt = rd_server_db_prepare (self,
                  "UPDATE users SET role = ?1, team = ?2 WHERE id = (SELECT id FROM users WHERE "
                  USER_BY_NAME ("?3") ")", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rd_role_to_string (role), -1, SQLITE_STATIC);
  rd_server_db_bind_text (stmt, 2, team);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return rd_server_db_fail (self, "cannot change the role", error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND,
                   "no user named “%s”", name);
      return FALSE;
    }

  return TRUE;
}
