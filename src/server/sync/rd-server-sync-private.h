/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-server-sync.h"

G_BEGIN_DECLS

/* Shared by rd-server-sync.c (object, viewers), rd-server-sync-push.c (the
 * write side) and rd-server-sync-read.c (pull, snapshot, checksums). */

typedef sqlite3_stmt RdSyncStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSyncStmt, sqlite3_finalize)
/* A statement from the cache: reset, not finalized, when it goes out of scope. */
typedef sqlite3_stmt RdSyncCached;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSyncCached, sqlite3_reset)

struct _RdServerSync
{
  GObject  parent_instance;

  RdStore *store;
  sqlite3 *db;       /* the store's connection: reads, and the server-only tables */
  char    *path;
  GHashTable *stmts; /* SQL -> prepared statement, for the per-change queries */
};

/* Sets RD_STORE_ERROR_FAILED from the connection and returns FALSE. */
gboolean      rd_server_sync_fail        (RdServerSync  *self,
                                          const char    *what,
                                          GError       **error);
/* A fresh statement (finalize it). */
sqlite3_stmt *rd_server_sync_prepare     (RdServerSync  *self,
                                          const char    *sql,
                                          GError       **error);
/* A cached statement, reset (use with g_autoptr(RdSyncCached), never finalize). */
sqlite3_stmt *rd_server_sync_cached      (RdServerSync  *self,
                                          const char    *sql,
                                          GError       **error);
/* The owner of a row; *exists tells a NULL owner from a missing row. */
char         *rd_server_sync_row_owner   (RdServerSync  *self,
                                          const char    *table,
                                          const char    *row_id,
                                          gboolean      *exists);
/* Whether the viewer's role may hold the row (rd_sync_viewer_role_filter);
 * FALSE for a missing row of a filtered child table. */
gboolean      rd_server_sync_role_holds  (RdServerSync       *self,
                                          const RdSyncViewer *viewer,
                                          const char         *table,
                                          const char         *row_id);
JsonNode     *rd_server_sync_column_node (sqlite3_stmt  *stmt,
                                          int            column);
char         *rd_server_sync_site_name   (sqlite3       *db,
                                          gint64         n);

G_END_DECLS
