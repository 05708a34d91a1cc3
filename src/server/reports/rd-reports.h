/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-report-formulas.h"
#include "rd-report-table.h"

G_BEGIN_DECLS

/* The reports of the call center (docs/reports.md). Every report's SQL lives in this
 * folder and nowhere else: it reads callcenter.db through connections of its own
 * (read-only, one per worker thread at a time), so a report never blocks the server's
 * main loop, and a PostgreSQL backend later replaces this module's SQL, not its callers. */

#define RD_REPORT_ERROR (rd_report_error_quark ())

typedef enum {
  RD_REPORT_ERROR_INVALID,   /* a bad parameter; the message names it (400) */
  RD_REPORT_ERROR_UNKNOWN,   /* no report of that name (400) */
  RD_REPORT_ERROR_SQLITE,    /* the database failed (500) */
} RdReportError;

GQuark rd_report_error_quark (void);

/* The longest range a report takes. */
#define RD_REPORT_MAX_DAYS 400

typedef enum {
  RD_REPORT_BY_DAY,          /* days (UTC, or of ?tz=) */
  RD_REPORT_BY_HOUR,         /* hours */
  RD_REPORT_BY_HOUR_OF_DAY,  /* the 24 hours of the day, folded over the range */
  RD_REPORT_BY_TOTAL,        /* one period: the whole range */
} RdReportBy;

typedef struct {
  gint64      from_ms;       /* the range [from, to), Unix ms */
  gint64      to_ms;
  gint64      now_ms;        /* rows still open count up to now */
  gint64      offset_ms;     /* of the local time periods are cut in (?tz=): local = UTC + offset */
  char       *tz;            /* as asked, NULL: UTC */
  RdReportBy  by;
  char      **scope;         /* the campaigns the caller may see; NULL: all */
  char      **queue_scope;   /* the queues the caller may see; NULL: all */
  char      **owners;        /* the CRM owner keys the caller may see; NULL: all */
  char       *user_names;    /* {"uuid": "name"} of the accounts (a JSON object), or NULL */
  char       *campaign;      /* filters, NULL: any */
  char       *queue;
  char       *agent;
  char      **agents;        /* or any of these (a team's); NULL: any */
  char       *team;          /* as asked (?team=); the API turns it into agents */
  char       *direction;
  char       *result;
  char       *number;        /* E.164: the exact number */
  char       *digits;        /* or digits the number contains */
  char      **sale;          /* disposition codes that count as a conversion */
  char       *cursor;        /* keyset paging */
  guint       limit;
  gboolean    csv;
} RdReportQuery;

void           rd_report_query_clear  (RdReportQuery       *query);
/* Reads the query parameters of GET /reports/NAME (docs/reports.md) into @query; 400
 * (RD_REPORT_ERROR_INVALID) naming the parameter for a bad one or an unknown one. */
gboolean       rd_report_query_parse  (RdReportQuery       *query,
                                       GHashTable          *params,
                                       gint64               now_ms,
                                       GError             **error);

/* The reports there are, NULL-terminated; and whether an agent may ask for @name (for
 * their own figures). */
const char * const *rd_reports_names  (void);
const char    *rd_reports_describe    (const char          *name);
gboolean       rd_reports_for_agents  (const char          *name);

#define RD_TYPE_REPORTS (rd_reports_get_type ())
G_DECLARE_FINAL_TYPE (RdReports, rd_reports, RD, REPORTS, GObject)

/* The reports of the callcenter.db at @path (opened as each report needs it). */
RdReports     *rd_reports_new         (const char          *path);
/* The server's merged store (merged.db), for the CRM's lead and ticket reports: attached
 * read-only to each report connection as "crm". Without it those reports answer
 * RD_REPORT_ERROR_UNKNOWN. Set before the first report runs. */
void           rd_reports_set_crm_path (RdReports          *self,
                                        const char         *path);
/* Whether @name reads the CRM (its scope is the caller's owner keys). */
gboolean       rd_reports_is_crm      (const char          *name);
/* Runs @name in a worker thread (@query is copied). */
void           rd_reports_run_async   (RdReports           *self,
                                       const char          *name,
                                       const RdReportQuery *query,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
RdReportTable *rd_reports_run_finish  (RdReports           *self,
                                       GAsyncResult        *result,
                                       GError             **error);
/* The same, on the calling thread (benches, tests). */
RdReportTable *rd_reports_run         (RdReports           *self,
                                       const char          *name,
                                       const RdReportQuery *query,
                                       GError             **error);

/* The floor of report @name ("agents" or "cdr"): its SQL alone, every row stepped and
 * nothing made of them; the rows read in *@rows. For the bench (bench/bench-reports.c). */
gboolean       rd_reports_run_floor   (RdReports           *self,
                                       const char          *name,
                                       const RdReportQuery *query,
                                       guint64             *rows,
                                       GError             **error);

G_END_DECLS
