/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdCenterDb's struct and the SQL helpers its rd-center-*.c files share, for them alone. */

#include <sqlite3.h>

#include "rd-center-db.h"

G_BEGIN_DECLS

typedef sqlite3_stmt RdCenterStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCenterStmt, sqlite3_finalize)

struct _RdCenterDb
{
  GObject        parent_instance;

  sqlite3       *db;
  char          *path;
  RdCenterClock  clock;
  gpointer       clock_data;
  RdPhoneZones  *zones;
};

gboolean      rd_center_db_fail       (RdCenterDb    *self,
                                       const char    *what,
                                       GError       **error);
sqlite3_stmt *rd_center_db_prepare    (RdCenterDb    *self,
                                       const char    *sql,
                                       GError       **error);
gboolean      rd_center_db_exec       (RdCenterDb    *self,
                                       const char    *sql,
                                       GError       **error);
/* Runs a prepared statement that returns no rows; a constraint failure is
 * RD_CENTER_ERROR_EXISTS with @what in the message. */
gboolean      rd_center_db_step_done  (RdCenterDb    *self,
                                       sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);
void          rd_center_db_bind_text  (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
/* Column @col of the current row as a JSON node (null, integer, real or string). */
JsonNode     *rd_center_db_column_node (sqlite3_stmt *stmt,
                                        int           col);
/* Every row of @stmt as an array of objects named by the columns. */
JsonNode     *rd_center_db_rows_json  (sqlite3_stmt  *stmt);
/* Upper-cased ISO country, or NULL with RD_CENTER_ERROR_INVALID. */
char         *rd_center_db_country    (const char    *country,
                                       GError       **error);
/* E.164 of @raw when it is a valid number for @country (or for the country it names with
 * its own prefix), else NULL. */
char         *rd_center_db_e164       (const char    *raw,
                                       const char    *country);

/* rd-center-agent-log.c / rd-center-calls.c: what a crash left open, closed at @at_ms. */
gboolean      rd_center_agent_log_recover (RdCenterDb *self,
                                           gint64      at_ms,
                                           const char *reason,
                                           GError    **error);
gboolean      rd_center_calls_recover     (RdCenterDb *self,
                                           gint64      at_ms,
                                           const char *reason,
                                           GError    **error);
/* rd-center-import.c: the rows of a CSV upload handed one at a time to @func, with the
 * mapping resolved: @values[i] is the text of @targets[i] (NULL when empty or unmapped);
 * @extra the unmapped columns by header name (may be NULL). */
typedef gboolean (*RdCenterImportRowFunc) (guint          line,
                                           char         **values,
                                           JsonObject    *extra,
                                           gpointer       user_data,
                                           GError       **row_error);
gboolean      rd_center_import_rows       (const char                  *text,
                                           gsize                        len,
                                           const char * const          *targets,
                                           const RdCenterImportOptions *options,
                                           RdCenterImportReport        *report,
                                           RdCenterImportRowFunc        func,
                                           gpointer                     user_data,
                                           GError                     **error);

G_END_DECLS
