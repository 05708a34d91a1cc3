/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/reports: the call center's reports (docs/reports.md) as JSON or CSV. Managers
 * and admins read every report, managers within the campaigns they see; an agent reads
 * the agent reports and the CDR for their own figures only: asking for another agent is
 * 403. A report runs in a worker thread while the request waits, so a long one never
 * holds up the server's main loop (the dialer's tick, other requests). */
#include "config.h"

#include "rd-api-handlers.h"

static const char *const by_names[] = { "day", "hour", "hour-of-day", "total" };

void
rd_api_reports_list (RdApiRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char * const *names = rd_reports_names ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reports");
  json_builder_begin_array (b);
  for (guint i = 0; names[i]; i++)
    {
      if (rd_role_is_frontline (req->caller->role) && !rd_reports_for_agents (names[i]))
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, names[i]);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, rd_reports_describe (names[i]));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (b));
}

/* ?team=: the team's agents. Admins any team, managers their own. */
static gboolean
team_agents (RdApiRequest   *req,
             RdReportQuery  *query,
             GError        **error)
{
  RdServerDb *db = rd_server_get_db (req->server);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (req->caller->role == RD_ROLE_MANAGER && g_strcmp0 (query->team, req->caller->team) != 0)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "role manager reads the reports of its own team only (team=%s)",
                   req->caller->team != NULL ? req->caller->team : "");
      return FALSE;
    }
  if (!rd_server_db_team_exists (db, query->team))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no team %s", query->team);
      return FALSE;
    }
  if ((users = rd_server_db_list_users (db, query->team, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    g_ptr_array_add (names, g_strdup (((RdUser *) users->pdata[i])->name));
  g_ptr_array_add (names, NULL);
  query->agents = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

/* Who may read what: the agent filter and the campaign scope the caller's role gives. */
static gboolean
apply_role (RdApiRequest   *req,
            const char     *name,
            RdReportQuery  *query,
            GError        **error)
{
  RdUser *caller = req->caller;
  g_autoptr(JsonNode) campaign = NULL;
  g_autoptr(JsonNode) queue = NULL;

  if (rd_role_is_frontline (caller->role))
    {
      if (!rd_reports_for_agents (name))
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                       "role %s may not read the %s report (needs manager or admin)",
                       rd_role_to_string (caller->role), name);
          return FALSE;
        }
      if ((query->agent != NULL && !g_str_equal (query->agent, caller->name)) || query->team != NULL)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                       "role %s sees only their own figures (agent=%s)",
                       rd_role_to_string (caller->role), caller->name);
          return FALSE;
        }
      g_free (query->agent);
      query->agent = g_strdup (caller->name);
    }
  if (query->team != NULL && !team_agents (req, query, error))
    return FALSE;
  if (query->campaign != NULL &&
      (campaign = rd_api_campaigns_visible (req, query->campaign, error)) == NULL)
    return FALSE;
  if (query->queue != NULL && (queue = rd_api_queues_visible (req, query->queue, error)) == NULL)
    return FALSE;
  if (rd_reports_is_crm (name))
    {
      /* owners by their account names */
      g_autoptr(GPtrArray) users = rd_server_db_list_users (rd_server_get_db (req->server), NULL, error);
      g_autoptr(JsonObject) names = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      if (users == NULL)
        return FALSE;
      for (guint i = 0; i < users->len; i++)
        json_object_set_string_member (names, ((RdUser *) users->pdata[i])->uuid, ((RdUser *) users->pdata[i])->name);
      node = json_node_init_object (json_node_alloc (), names);
      query->user_names = json_to_string (node, FALSE);
    }
  if (rd_reports_is_crm (name) && caller->role != RD_ROLE_ADMIN)
    {
      /* the CRM's records as the caller's replica has them (docs/sync.md, "Visibility") */
      RdSyncViewer *viewer = rd_sync_viewer_new (rd_server_get_db (req->server), caller);
      GHashTableIter iter;
      gpointer key;
      GPtrArray *keys = g_ptr_array_new ();

      g_hash_table_iter_init (&iter, viewer->keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (keys, g_strdup (key));
      g_ptr_array_add (keys, NULL);
      query->owners = (char **) g_ptr_array_free (keys, FALSE);
      rd_sync_viewer_free (viewer);
    }
  if (caller->role == RD_ROLE_MANAGER &&
      ((query->scope = rd_api_campaigns_visible_ids (req, error)) == NULL ||
       (query->queue_scope = rd_api_queues_visible_ids (req, error)) == NULL))
    return FALSE;
  return TRUE;
}

static void
add_meta (RdReportTable       *table,
          const RdReportQuery *query)
{
  JsonObject *meta = rd_report_table_get_meta (table);
  JsonObject *filters = json_object_new ();

  json_object_set_int_member (meta, "from", query->from_ms);
  json_object_set_int_member (meta, "to", query->to_ms);
  json_object_set_string_member (meta, "by", by_names[query->by]);
  json_object_set_string_member (meta, "tz", query->tz != NULL ? query->tz : "UTC");
  json_object_set_int_member (meta, "utc_offset_ms", query->offset_ms);
  if (query->campaign != NULL)
    json_object_set_string_member (filters, "campaign", query->campaign);
  if (query->queue != NULL)
    json_object_set_string_member (filters, "queue", query->queue);
  if (query->agent != NULL)
    json_object_set_string_member (filters, "agent", query->agent);
  if (query->team != NULL)
    json_object_set_string_member (filters, "team", query->team);
  if (query->direction != NULL)
    json_object_set_string_member (filters, "direction", query->direction);
  if (query->result != NULL)
    json_object_set_string_member (filters, "result", query->result);
  if (query->number != NULL)
    json_object_set_string_member (filters, "number", query->number);
  if (query->digits != NULL)
    json_object_set_string_member (filters, "digits", query->digits);
  json_object_set_object_member (meta, "filters", filters);
}

typedef struct {
  RdApiRequest  *req;
  char          *name;
  RdReportQuery  query;
} Job;

static void
job_free (Job *job)
{
  rd_api_request_unref (job->req);
  g_free (job->name);
  rd_report_query_clear (&job->query);
  g_free (job);
}

static void
reply_table (Job           *job,
             RdReportTable *table)
{
  SoupServerMessage *msg = job->req->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *disposition = NULL;

  add_meta (table, &job->query);
  if (!job->query.csv)
    {
      rd_api_reply_json (job->req, SOUP_STATUS_OK, rd_report_table_to_json (table));
      return;
    }
  csv = rd_report_table_to_csv (table);
  disposition = g_strdup_printf ("attachment; filename=\"%s-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".csv\"",
                                 job->name, job->query.from_ms, job->query.to_ms);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  /* a CSV page names the next one in a header: the body is only the table */
  if (rd_report_table_get_next (table) != NULL)
    soup_message_headers_replace (headers, "X-Report-Next", rd_report_table_get_next (table));
  soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
}

static void
report_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdReportTable) table = rd_reports_run_finish (RD_REPORTS (source), result, &error);

  if (table != NULL)
    reply_table (job, table);
  else
    rd_api_reply_error (job->req, error);
  soup_server_message_unpause (job->req->msg);
  job_free (job);
}

void
rd_api_reports_run (RdApiRequest *req)
{
  RdReports *reports = rd_server_get_reports (req->server);
  const char *name = req->params[0];
  g_autoptr(GError) error = NULL;
  Job *job;

  if (reports == NULL)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "this server keeps no reports");
      rd_api_reply_error (req, error);
      return;
    }
  if (rd_reports_describe (name) == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) rd_reports_names ());

      g_set_error (&error, RD_REPORT_ERROR, RD_REPORT_ERROR_UNKNOWN,
                   "no report “%s” (there are: %s)", name, known);
      rd_api_reply_error (req, error);
      return;
    }

  job = g_new0 (Job, 1);
  job->req = rd_api_request_ref (req);
  job->name = g_strdup (name);
  if (!rd_report_query_parse (&job->query, req->query, g_get_real_time () / 1000, &error) ||
      !apply_role (req, name, &job->query, &error))
    {
      rd_api_reply_error (req, error);
      job_free (job);
      return;
    }
  soup_server_message_pause (req->msg);
  rd_reports_run_async (reports, name, &job->query, NULL, report_done_cb, job);
}
