/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RD_SERVER_DB_ERROR (rd_server_db_error_quark ())

typedef enum {
  RD_SERVER_DB_ERROR_SQLITE,     /* the database said no (I/O, corruption, busy) */
  RD_SERVER_DB_ERROR_NOT_FOUND,  /* no such user, signup or session */
  RD_SERVER_DB_ERROR_EXISTS,     /* the name is taken */
  RD_SERVER_DB_ERROR_INVALID,    /* a value out of range (bad name, bad role) */
} RdServerDbError;

GQuark rd_server_db_error_quark (void);

typedef enum {
  RD_ROLE_AGENT,
  RD_ROLE_MANAGER,
  RD_ROLE_ADMIN,
  RD_ROLE_SUPPORT,   /* tickets, enquiries and the contacts they need; no sales records */
} RdRole;

/* "admin", "manager", "agent", "support"; FALSE for anything else. */
gboolean    rd_role_from_string (const char *text,
                                 RdRole     *role);
const char *rd_role_to_string   (RdRole      role);
/* Agents and support: the roles that serve customers and read only their own
 * account and figures (managers their team's, admins everyone's). */
gboolean    rd_role_is_frontline (RdRole     role);

/* A name for a user or a team: 1-64 characters of [A-Za-z0-9._@-]. */
gboolean    rd_server_name_is_valid (const char *name);
/* User names are compared without case (ASCII: the only letters a name may have). */
gboolean    rd_user_name_equal      (const char *a,
                                     const char *b);

/* One account as stored; owned by the caller, free with rd_user_free(). */
typedef struct {
  gint64    id;
  char     *uuid;           /* owner key of the user's records in replication */
  char     *name;
  RdRole    role;
  char     *team;           /* NULL when the user has no team */
  gboolean  disabled;
  gint64    created;        /* unix seconds */
  char     *password_hash;  /* crypto_pwhash_str() text */
} RdUser;

void rd_user_free (RdUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdUser, rd_user_free)

/* A self-registration waiting for an admin. */
typedef struct {
  gint64  id;
  char   *name;
  char   *team;
  char   *status;          /* "pending", "approved", "rejected" */
  gint64  requested;
  char   *password_hash;
} RdSignup;

void rd_signup_free (RdSignup *signup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSignup, rd_signup_free)

typedef struct {
  gint64  seq;
  gint64  at;              /* unix seconds */
  char   *actor;           /* user name, "cli" for the admin commands, NULL when unknown */
  char   *action;          /* "login", "login-failed", "logout", "user-add", "role-change", ... */
  char   *target;
  char   *address;
  char   *detail;
} RdAuditEntry;

void rd_audit_entry_free (RdAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdAuditEntry, rd_audit_entry_free)

#define RD_TYPE_SERVER_DB (rd_server_db_get_type ())
G_DECLARE_FINAL_TYPE (RdServerDb, rd_server_db, RD, SERVER_DB, GObject)

RdServerDb   *rd_server_db_open                (const char   *data_dir,
                                                GError      **error);
sqlite3      *rd_server_db_get_handle          (RdServerDb   *self);
const char   *rd_server_db_get_path            (RdServerDb   *self);

/* Users */
RdUser       *rd_server_db_add_user            (RdServerDb   *self,
                                                const char   *name,
                                                RdRole        role,
                                                const char   *team,
                                                const char   *password_hash,
                                                GError      **error);
RdUser       *rd_server_db_find_user           (RdServerDb   *self,
                                                const char   *name,
                                                GError      **error);
RdUser       *rd_server_db_find_user_by_id     (RdServerDb   *self,
                                                gint64        id,
                                                GError      **error);
/* All users, or those of @team when it is not NULL; array of RdUser. */
GPtrArray    *rd_server_db_list_users          (RdServerDb   *self,
                                                const char   *team,
                                                GError      **error);
gboolean      rd_server_db_set_disabled        (RdServerDb   *self,
                                                const char   *name,
                                                gboolean      disabled,
                                                GError      **error);
gboolean      rd_server_db_set_password        (RdServerDb   *self,
                                                const char   *name,
                                                const char   *password_hash,
                                                GError      **error);
/* Sets the role and the team (NULL: no team) in one step. */
gboolean      rd_server_db_set_role            (RdServerDb   *self,
                                                const char   *name,
                                                RdRole        role,
                                                const char   *team,
                                                GError      **error);
gboolean      rd_server_db_team_exists         (RdServerDb   *self,
                                                const char   *team);

/* Sessions: tokens are stored only as their SHA-256. */
gboolean      rd_server_db_add_session         (RdServerDb   *self,
                                                const char   *token_hash,
                                                gint64        user_id,
                                                gint64        created,
                                                gint64        expires,
                                                const char   *address,
                                                GError      **error);
/* The active user of a session that is neither revoked nor expired at @now. */
RdUser       *rd_server_db_lookup_session      (RdServerDb   *self,
                                                const char   *token_hash,
                                                gint64        now,
                                                gint64       *expires,
                                                GError      **error);
gboolean      rd_server_db_revoke_session      (RdServerDb   *self,
                                                const char   *token_hash,
                                                GError      **error);
gboolean      rd_server_db_revoke_user_sessions (RdServerDb  *self,
                                                gint64        user_id,
                                                GError      **error);

/* Signups */
gboolean      rd_server_db_add_signup          (RdServerDb   *self,
                                                const char   *name,
                                                const char   *team,
                                                const char   *password_hash,
                                                gint64        now,
                                                GError      **error);
/* The latest signup of @name, whatever its status. */
RdSignup     *rd_server_db_find_signup         (RdServerDb   *self,
                                                const char   *name,
                                                GError      **error);
/* Pending signups; array of RdSignup. */
GPtrArray    *rd_server_db_list_signups        (RdServerDb   *self,
                                                GError      **error);
/* Creates the account from the pending signup in one transaction. */
RdUser       *rd_server_db_approve_signup      (RdServerDb   *self,
                                                const char   *name,
                                                RdRole        role,
                                                const char   *team,
                                                GError      **error);
gboolean      rd_server_db_reject_signup       (RdServerDb   *self,
                                                const char   *name,
                                                GError      **error);

/* Audit log (append-only) */
gboolean      rd_server_db_audit               (RdServerDb   *self,
                                                const char   *actor,
                                                const char   *action,
                                                const char   *target,
                                                const char   *address,
                                                const char   *detail,
                                                GError      **error);
/* Entries with seq > @after, oldest first, at most @limit; array of RdAuditEntry. */
GPtrArray    *rd_server_db_list_audit          (RdServerDb   *self,
                                                gint64        after,
                                                guint         limit,
                                                GError      **error);

G_END_DECLS
