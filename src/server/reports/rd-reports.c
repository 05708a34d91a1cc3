/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdReports: the report registry and the read-only connections the reports run on. */
#include "config.h"

#include "rd-report-private.h"

G_DEFINE_QUARK (rd-report-error-quark, rd_report_error)

struct _RdReports
{
  GObject      parent_instance;

  char        *path;
  char        *crm_path;   /* merged.db, attached as "crm", or NULL */
  GAsyncQueue *idle;    /* sqlite3 *: connections not in use */
};

G_DEFINE_FINAL_TYPE (RdReports, rd_reports, G_TYPE_OBJECT)

static const struct {
  const char   *name;
  RdReportFunc  func;
  gboolean      agents;   /* an agent may ask (for their own figures) */
  gboolean      crm;      /* reads the merged store ("crm") */
  const char   *description;
} reports[] = {
  { "agents",         rd_report_agents,         TRUE, FALSE,
    "agent performance per agent and period: time in each state, calls, AHT, conversions" },
  { "agent-states",   rd_report_agent_states,   TRUE, FALSE,
    "every state change of the agents with its duration (paged)" },
  { "agent-sessions", rd_report_agent_sessions, TRUE, FALSE,
    "login to logout sessions" },
  { "breaks",         rd_report_breaks,         TRUE, FALSE,
    "pauses per code per agent and period" },
  { "cdr",            rd_report_cdr,            TRUE, FALSE,
    "call detail records, newest first (paged)" },
  { "campaign",       rd_report_campaign,       FALSE, FALSE,
    "outbound results per campaign and period, abandon rate against the cap" },
  { "leadsets",       rd_report_leadsets,       FALSE, FALSE,
    "lead penetration of each leadset of a campaign (now, not in a range)" },
  { "dispositions",   rd_report_dispositions,   FALSE, FALSE,
    "dispositions per campaign" },
  { "lines",          rd_report_lines,          FALSE, FALSE,
    "concurrent calls: peak and average per period" },
  { "queues",         rd_report_queues,         FALSE, FALSE,
    "inbound queues per period: offered, answered, abandoned and after how long, service level, ASA, longest wait" },
  { "leads-by-status",   rd_report_leads_by_status,   FALSE, TRUE, "leads created in the range by status, converted, lost, conversion rate" },
  { "leads-by-source",   rd_report_leads_by_source,   FALSE, TRUE, "leads by source" },
  { "leads-by-industry", rd_report_leads_by_industry, FALSE, TRUE, "leads by industry" },
  { "leads-by-owner",    rd_report_leads_by_owner,    FALSE, TRUE, "leads by owner" },
  { "tickets-by-status", rd_report_tickets_by_status, FALSE, TRUE,
    "tickets created in the range by status: open, closed, SLA met and breached, time to resolve" },
  { "tickets-by-group",  rd_report_tickets_by_group,  FALSE, TRUE, "tickets by group" },
  { "tickets-by-priority", rd_report_tickets_by_priority, FALSE, TRUE, "tickets by priority" },
};

const char * const *
rd_reports_names (void)
{
  static const char *names[G_N_ELEMENTS (reports) + 1];
  static gsize done;

  /* reports run in worker threads: filled once, whichever thread asks first */
  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
        names[i] = reports[i].name;
      g_once_init_leave (&done, 1);
    }
  return names;
}

static gint
find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    if (g_strcmp0 (reports[i].name, name) == 0)
      return (gint) i;
  return -1;
}

const char *
rd_reports_describe (const char *name)
{
  gint i = find (name);

  return i >= 0 ? reports[i].description : NULL;
}

gboolean
rd_reports_for_agents (const char *name)
{
  gint i = find (name);

  return i >= 0 && reports[i].agents;
}

static void
rd_reports_finalize (GObject *object)
{
  RdReports *self = (RdReports *) object;
  sqlite3 *db;

  while ((db = g_async_queue_try_pop (self->idle)) != NULL)
    sqlite3_close (db);
  g_async_queue_unref (self->idle);
  g_free (self->path);
  g_free (self->crm_path);
  G_OBJECT_CLASS (rd_reports_parent_class)->finalize (object);
}

static void
rd_reports_class_init (RdReportsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_reports_finalize;
}

static void
rd_reports_init (RdReports *self)
{
  self->idle = g_async_queue_new ();
}

RdReports *
rd_reports_new (const char *path)
{
  RdReports *self = g_object_new (RD_TYPE_REPORTS, NULL);

  self->path = g_strdup (path);
  return self;
}

/* A connection of the pool, or a new one: each thread uses one at a time. */
static sqlite3 *
take_connection (RdReports  *self,
                 GError    **error)
{
  sqlite3 *db = g_async_queue_try_pop (self->idle);

  if (db != NULL)
    return db;
  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_SQLITE, "cannot open %s: %s", self->path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  /* Large sorts and groups stay in memory; the cache is per connection. */
  sqlite3_exec (db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;", NULL, NULL, NULL);
  if (self->crm_path != NULL)
    {
      /* the CRM's records, read-only like the main database */
      char *attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS crm", self->crm_path);

      if (sqlite3_exec (db, attach, NULL, NULL, NULL) != SQLITE_OK)
        g_warning ("reports: cannot attach %s: %s", self->crm_path, sqlite3_errmsg (db));
      sqlite3_free (attach);
    }
  return db;
}

void
rd_reports_set_crm_path (RdReports  *self,
                         const char *path)
{
  g_return_if_fail (RD_IS_REPORTS (self));
  g_free (self->crm_path);
  self->crm_path = g_strdup (path);
}

gboolean
rd_reports_is_crm (const char *name)
{
  gint i = find (name);

  return i >= 0 && reports[i].crm;
}

RdReportTable *
rd_reports_run (RdReports            *self,
                const char           *name,
                const RdReportQuery  *query,
                GError              **error)
{
  RdReportTable *table;
  sqlite3 *db;
  gint i = find (name);

  g_return_val_if_fail (RD_IS_REPORTS (self), NULL);

  if (i < 0)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) rd_reports_names ());

      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_UNKNOWN, "no report “%s” (there are: %s)",
                   name, known);
      return NULL;
    }
  if (reports[i].crm && self->crm_path == NULL)
    {
      g_set_error (error, RD_REPORT_ERROR, RD_REPORT_ERROR_UNKNOWN, "the %s report needs the CRM's store", name);
      return NULL;
    }
  if ((db = take_connection (self, error)) == NULL)
    return NULL;
  /* One read transaction: every query of the report sees the same data. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  table = reports[i].func (db, query, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  g_async_queue_push (self->idle, db);
  return table;
}

typedef struct {
  char          *name;
  RdReportQuery  query;
} Job;

static void
job_free (Job *job)
{
  g_free (job->name);
  rd_report_query_clear (&job->query);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  RdReportTable *table = rd_reports_run (source_object, job->name, &job->query, &error);

  if (table != NULL)
    g_task_return_pointer (task, table, (GDestroyNotify) rd_report_table_free);
  else
    g_task_return_error (task, error);
}

void
rd_reports_run_async (RdReports           *self,
                      const char          *name,
                      const RdReportQuery *query,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->name = g_strdup (name);
  job->query = *query;
  job->query.scope = g_strdupv (query->scope);
  job->query.campaign = g_strdup (query->campaign);
  job->query.queue_scope = g_strdupv (query->queue_scope);
  job->query.owners = g_strdupv (query->owners);
  job->query.user_names = g_strdup (query->user_names);
  job->query.queue = g_strdup (query->queue);
  job->query.agent = g_strdup (query->agent);
  job->query.agents = g_strdupv (query->agents);
  job->query.tz = g_strdup (query->tz);
  job->query.team = g_strdup (query->team);
  job->query.direction = g_strdup (query->direction);
  job->query.result = g_strdup (query->result);
  job->query.number = g_strdup (query->number);
  job->query.digits = g_strdup (query->digits);
  job->query.sale = g_strdupv (query->sale);
  job->query.cursor = g_strdup (query->cursor);
  g_task_set_source_tag (task, rd_reports_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_thread);
}

RdReportTable *
rd_reports_run_finish (RdReports     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
step_all (sqlite3              *db,
          const char           *sql,
          const RdReportQuery  *query,
          guint64              *rows,
          GError              **error)
{
  g_autoptr(RdReportStmt) stmt = rd_report_prepare (db, sql, error);
  int index, rc;

  if (stmt == NULL)
    return FALSE;
  rd_report_bind (stmt, query);
  if ((index = sqlite3_bind_parameter_index (stmt, ":limit")) > 0)
    sqlite3_bind_int64 (stmt, index, query->limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    (*rows)++;
  return rc == SQLITE_DONE || rd_report_fail (db, error);
}

gboolean
rd_reports_run_floor (RdReports            *self,
                      const char           *name,
                      const RdReportQuery  *query,
                      guint64              *rows,
                      GError              **error)
{
  g_autofree char *states = NULL, *calls = NULL;
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (g_strcmp0 (name, "agents") == 0 || g_strcmp0 (name, "cdr") == 0, FALSE);

  if ((db = take_connection (self, error)) == NULL)
    return FALSE;
  *rows = 0;
  if (g_str_equal (name, "agents"))
    {
      states = rd_report_states_sql (query);
      calls = rd_report_agent_calls_sql (query);
      ok = step_all (db, states, query, rows, error) && step_all (db, calls, query, rows, error);
    }
  else
    ok = rd_report_cdr_floor (db, query, rows, error);
  g_async_queue_push (self->idle, db);
  return ok;
}
