/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-server-db.h"

G_BEGIN_DECLS

/* Shared by rd-server-db.c (schema, users) and rd-server-db-access.c
 * (sessions, signups, audit log). */

typedef sqlite3_stmt RdServerStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdServerStmt, sqlite3_finalize)

struct _RdServerDb
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
};

gboolean      rd_server_db_fail          (RdServerDb    *self,
                                          const char    *what,
                                          GError       **error);
sqlite3_stmt *rd_server_db_prepare       (RdServerDb    *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      rd_server_db_exec          (RdServerDb    *self,
                                          const char    *sql,
                                          GError       **error);
char         *rd_server_db_column_dup    (sqlite3_stmt  *stmt,
                                          int            column);
void          rd_server_db_bind_text     (sqlite3_stmt  *stmt,
                                          int            index,
                                          const char    *text);
RdUser       *rd_server_db_user_from_row (sqlite3_stmt  *stmt);
/* Inserts a user inside the caller's transaction. */
RdUser       *rd_server_db_insert_user   (RdServerDb    *self,
                                          const char    *name,
                                          RdRole         role,
                                          const char    *team,
                                          const char    *password_hash,
                                          GError       **error);

#define RD_SERVER_DB_USER_COLUMNS "id, uuid, name, role, team, disabled, created, password_hash"

G_END_DECLS
