/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the rd-report-*.c files share: the SQL helpers, the periods, the agent state
 * intervals clipped to the range. For this folder alone. */

#include <sqlite3.h>

#include "rd-reports.h"

G_BEGIN_DECLS

typedef sqlite3_stmt RdReportStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdReportStmt, sqlite3_finalize)

typedef RdReportTable *(*RdReportFunc) (sqlite3              *db,
                                        const RdReportQuery  *query,
                                        GError              **error);

/* rd-report-agents.c */
RdReportTable *rd_report_agents        (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-agent-time.c */
RdReportTable *rd_report_agent_states  (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_agent_sessions (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_breaks        (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-cdr.c */
RdReportTable *rd_report_cdr           (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-campaign.c */
RdReportTable *rd_report_campaign      (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_leadsets      (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_dispositions  (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-crm.c: over the merged store attached as "crm" */
RdReportTable *rd_report_leads_by_status    (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_leads_by_source    (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_leads_by_industry  (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_leads_by_owner     (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_tickets_by_status  (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_tickets_by_group   (sqlite3 *db, const RdReportQuery *query, GError **error);
RdReportTable *rd_report_tickets_by_priority (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-queues.c */
RdReportTable *rd_report_queues        (sqlite3 *db, const RdReportQuery *query, GError **error);
/* rd-report-lines.c */
RdReportTable *rd_report_lines         (sqlite3 *db, const RdReportQuery *query, GError **error);

gboolean       rd_report_fail          (sqlite3      *db,
                                        GError      **error);
sqlite3_stmt  *rd_report_prepare       (sqlite3      *db,
                                        const char   *sql,
                                        GError      **error);
/* Binds the named parameters @stmt has from @query: :from :to :now :step :scope
 * :queue_scope (JSON arrays) :campaign :queue :agent :direction :result :number :digits. */
void           rd_report_bind          (sqlite3_stmt        *stmt,
                                        const RdReportQuery *query);
/* Appends " AND ..." for the scope and the campaign and agent filters on the columns
 * @campaign_col and @agent_col (either may be NULL: not filtered). */
void           rd_report_filter_sql    (GString             *sql,
                                        const RdReportQuery *query,
                                        const char          *campaign_col,
                                        const char          *agent_col);
/* A SQL expression of the period of @column (Unix ms) for query->by, as
 * rd_report_period() computes it. */
char          *rd_report_period_sql    (const RdReportQuery *query,
                                        const char          *column);
/* The period @t_ms belongs to: its start (Unix ms) or, by hour of day, the hour 0-23. */
gint64         rd_report_period        (const RdReportQuery *query,
                                        gint64               t_ms);
/* The end of the period that starts at or contains @t_ms (exclusive), never past to. */
gint64         rd_report_period_end    (const RdReportQuery *query,
                                        gint64               t_ms);
/* The periods of the range, numbered from 0: how many, and the number of @t_ms's. */
guint          rd_report_n_periods     (const RdReportQuery *query);
guint          rd_report_period_index  (const RdReportQuery *query,
                                        gint64               t_ms);
/* The period column's name and type: "period" (TIME) or "hour" (INT). */
void           rd_report_add_period_column (RdReportTable       *table,
                                            const RdReportQuery *query);

/* One agent state row clipped to the range and cut at period ends: @start < @end. */
typedef struct {
  const char *agent;
  const char *campaign_id;
  const char *state;
  const char *reason;
  gint64      row_start;   /* the row as stored (end: now while open) */
  gint64      row_end;
  gint64      start;       /* the piece */
  gint64      end;
  gint64      period;
} RdReportPiece;

typedef void (*RdReportPieceFunc) (const RdReportPiece *piece,
                                   gpointer             user_data);
/* Every agent state that overlaps the range (filtered by scope, campaign and agent),
 * clipped to it and cut at period ends. Logout rows are skipped. */
gboolean       rd_report_each_piece    (sqlite3             *db,
                                        const RdReportQuery *query,
                                        RdReportPieceFunc    func,
                                        gpointer             user_data,
                                        GError             **error);
/* The SQL of the rows rd_report_each_piece reads (for the bench's floor). */
char          *rd_report_states_sql    (const RdReportQuery *query);

/* The SQL of the agent report's calls and of a CDR page (for the floor). */
char          *rd_report_agent_calls_sql (const RdReportQuery *query);
char          *rd_report_cdr_sql       (const RdReportQuery *query);
gboolean       rd_report_cdr_floor     (sqlite3             *db,
                                        const RdReportQuery *query,
                                        guint64             *rows,
                                        GError             **error);

/* The values of @table (not owned by the array). */
GPtrArray     *rd_report_values        (GHashTable *table);
/* Sorts a GPtrArray of strings. */
void           rd_report_sort_strings  (GPtrArray *strings);

G_END_DECLS
