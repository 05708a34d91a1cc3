/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-agent-state.h"
#include "rd-labels.h"
#include "rd-report-kind.h"

static const RdReportPart agents_parts[] = { { "agents", N_("Agent Performance") }, { NULL, NULL } };
static const RdReportPart time_parts[] = {
  { "breaks", N_("Breaks") },
  { "agent-sessions", N_("Sessions") },
  { "agent-states", N_("State Changes") },
  { NULL, NULL },
};
static const RdReportPart cdr_parts[] = { { "cdr", N_("Call Detail Records") }, { NULL, NULL } };
static const RdReportPart campaign_parts[] = { { "campaign", N_("Campaign") }, { NULL, NULL } };
static const RdReportPart leadsets_parts[] = { { "leadsets", N_("Leadsets") }, { NULL, NULL } };
static const RdReportPart dispositions_parts[] = { { "dispositions", N_("Dispositions") }, { NULL, NULL } };
static const RdReportPart lines_parts[] = { { "lines", N_("Lines") }, { NULL, NULL } };
static const RdReportPart queues_parts[] = { { "queues", N_("Inbound Queues") }, { NULL, NULL } };
static const RdReportPart leads_parts[] = {
  { "leads-by-status", N_("By Status") },
  { "leads-by-source", N_("By Source") },
  { "leads-by-industry", N_("By Industry") },
  { "leads-by-owner", N_("By Owner") },
  { NULL, NULL },
};
static const RdReportPart tickets_parts[] = {
  { "tickets-by-status", N_("By Status") },
  { "tickets-by-group", N_("By Group") },
  { "tickets-by-priority", N_("By Priority") },
  { NULL, NULL },
};

static const char *const agent_series[] = { "talk_ms", "wait_ms", "wrap_ms", "pause_ms", NULL };
static const char *const campaign_series[] = { "human", "machine", "busy", "no_answer", "failed", "abandoned", NULL };
static const char *const disposition_series[] = { "calls", NULL };
static const char *const lines_series[] = { "peak", "average", NULL };
static const char *const queue_series[] = { "answered", "abandoned", "voicemails", NULL };
static const char *const lead_series[] = { "open", "converted", "lost", NULL };
static const char *const ticket_series[] = { "sla_met", "sla_breached", "sla_pending", NULL };

#define AGENT_FILTERS (RD_REPORT_FILTER_RANGE | RD_REPORT_FILTER_AGENT | RD_REPORT_FILTER_TEAM)

static const RdReportKind kinds[] = {
  { "agent-performance", N_("Agent Performance"),
    N_("Calls, talk, wait, wrap-up and pause time, AHT and conversions per agent"),
    agents_parts, AGENT_FILTERS | RD_REPORT_FILTER_CAMPAIGN | RD_REPORT_FILTER_BY, "total", FALSE,
    TRUE, RD_CHART_STACKED_BARS, "agent", agent_series, 1.0 / 3600000, N_("Hours") },
  { "agent-time", N_("Agent Time & Breaks"),
    N_("Breaks per code, login sessions and every state change"),
    time_parts, AGENT_FILTERS | RD_REPORT_FILTER_CAMPAIGN | RD_REPORT_FILTER_BY, "day", FALSE,
    FALSE, RD_CHART_STACKED_BARS, NULL, NULL, 1, NULL },
  { "cdr", N_("Call Detail Records"),
    N_("Every call with its times, result, disposition and recording"),
    cdr_parts, AGENT_FILTERS | RD_REPORT_FILTER_CAMPAIGN | RD_REPORT_FILTER_NUMBER, NULL, TRUE,
    FALSE, RD_CHART_STACKED_BARS, NULL, NULL, 1, NULL },
  { "campaign", N_("Campaign"),
    N_("Dialed, answered, busy, no answer and abandoned calls, and the abandon rate against the cap"),
    campaign_parts, RD_REPORT_FILTER_RANGE | RD_REPORT_FILTER_CAMPAIGN | RD_REPORT_FILTER_BY, "hour-of-day", FALSE,
    TRUE, RD_CHART_STACKED_BARS, "@period", campaign_series, 1, N_("Calls") },
  { "leadsets", N_("Leadsets"),
    N_("Lead penetration of each leadset: remaining, called, exhausted, do not call"),
    leadsets_parts, RD_REPORT_FILTER_CAMPAIGN, NULL, FALSE,
    FALSE, RD_CHART_STACKED_BARS, NULL, NULL, 1, NULL },
  { "dispositions", N_("Dispositions"),
    N_("How the calls ended, as the agents filed them"),
    dispositions_parts, RD_REPORT_FILTER_RANGE | RD_REPORT_FILTER_CAMPAIGN, NULL, FALSE,
    TRUE, RD_CHART_PIE, "label", disposition_series, 1, NULL },
  { "lines", N_("Lines"),
    N_("Concurrent calls per hour: the peak and the average"),
    lines_parts, RD_REPORT_FILTER_RANGE | RD_REPORT_FILTER_CAMPAIGN | RD_REPORT_FILTER_BY, "hour-of-day", FALSE,
    TRUE, RD_CHART_LINE, "@period", lines_series, 1, N_("Calls at once") },
  { "queues", N_("Inbound Queues"),
    N_("Offered, answered and abandoned calls per queue, service level, ASA and the longest wait"),
    queues_parts, RD_REPORT_FILTER_RANGE | RD_REPORT_FILTER_BY, "hour-of-day", FALSE,
    TRUE, RD_CHART_STACKED_BARS, "@period", queue_series, 1, N_("Calls") },
  { "crm-leads", N_("Leads"),
    N_("Leads created in the range by status, source, industry or owner, and how many converted"),
    leads_parts, RD_REPORT_FILTER_RANGE, NULL, FALSE,
    TRUE, RD_CHART_STACKED_BARS, "@first", lead_series, 1, N_("Leads") },
  { "crm-tickets", N_("Tickets"),
    N_("Tickets created in the range by status, group or priority: SLA met and breached, time to resolve"),
    tickets_parts, RD_REPORT_FILTER_RANGE, NULL, FALSE,
    TRUE, RD_CHART_STACKED_BARS, "@first", ticket_series, 1, N_("Tickets") },
};

const RdReportKind *
rd_report_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const RdReportKind *
rd_report_kind_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, id) == 0)
      return &kinds[i];
  return NULL;
}

guint
rd_report_kind_n_parts (const RdReportKind *kind)
{
  guint n = 0;

  while (kind->parts[n].name != NULL)
    n++;
  return n;
}

static const struct { const char *column; const char *title; } column_titles[] = {
  { "abandon_cap", N_("Abandon Cap") }, { "abandon_rate", N_("Abandon Rate") },
  { "abandoned", N_("Abandoned") }, { "agent", N_("Agent") }, { "agent_ms", N_("Agent Time") },
  { "aht_ms", N_("AHT") }, { "answered", N_("Answered") }, { "answered_at", N_("Answered At") },
  { "abandoned_within_sl", N_("Abandoned Early") }, { "answered_within_sl", N_("Answered in Time") },
  { "asa_ms", N_("ASA") }, { "avg_abandon_wait_ms", N_("Wait Before Abandoning") },
  { "longest_wait_ms", N_("Longest Wait") }, { "offered", N_("Offered") },
  { "overflowed_in", N_("Overflowed In") }, { "queue", N_("Queue") },
  { "service_level", N_("Service Level") }, { "service_level_seconds", N_("Service Level Threshold (s)") },
  { "voicemails", N_("Voicemails") }, { "waiting", N_("Waiting") },
  { "avg_resolve_ms", N_("Time to Resolve") }, { "converted", N_("Converted") },
  { "group", N_("Group") }, { "industry", N_("Industry") }, { "lost", N_("Lost") },
  { "open", N_("Open") }, { "owner", N_("Owner") }, { "priority", N_("Priority") },
  { "sla_breached", N_("SLA Breached") }, { "sla_met", N_("SLA Met") },
  { "sla_met_rate", N_("SLA Met Rate") }, { "sla_pending", N_("SLA Pending") },
  { "source", N_("Source") }, { "status", N_("Status") }, { "tickets", N_("Tickets") },
  { "win_rate", N_("Win Rate") },
  { "average", N_("Average") }, { "bill_ms", N_("Billed") }, { "bridged_at", N_("Bridged At") },
  { "busy", N_("Busy") }, { "call_id", N_("Call") }, { "call_ms", N_("Call Time") },
  { "caller_id", N_("Caller ID") }, { "called_more", N_("Called More") },
  { "called_once", N_("Called Once") }, { "callbacks", N_("Call-Backs") }, { "calls", N_("Calls") },
  { "calls_per_hour", N_("Calls per Hour") }, { "campaign", N_("Campaign") },
  { "campaign_id", N_("Campaign ID") }, { "cancelled", N_("Cancelled") }, { "closed", N_("Closed") },
  { "code", N_("Code") }, { "contacts_per_agent_hour", N_("Contacts per Agent Hour") },
  { "conversion_rate", N_("Conversion Rate") }, { "conversions", N_("Conversions") },
  { "created_at", N_("Started") }, { "dialed", N_("Dialed") }, { "direction", N_("Direction") },
  { "disposition", N_("Disposition") }, { "dnc", N_("Do Not Call") },
  { "duration_ms", N_("Duration") }, { "ended_at", N_("Ended") }, { "exhausted", N_("Exhausted") },
  { "failed", N_("Failed") }, { "hangup_by", N_("Hung Up By") },
  { "hangup_cause", N_("Hangup Cause") }, { "has_recording", N_("Recording") },
  { "hour", N_("Hour") }, { "human", N_("Person") }, { "id", N_("ID") },
  { "in_progress", N_("In Progress") }, { "in_range_ms", N_("In Range") },
  { "inbound", N_("Inbound") }, { "invalid", N_("Invalid") }, { "label", N_("Label") },
  { "lead_id", N_("Lead") }, { "leads", N_("Leads") }, { "leadset", N_("Leadset") },
  { "leadset_id", N_("Leadset") }, { "logged_ms", N_("Logged In") },
  { "login_at", N_("Login") }, { "logout_at", N_("Logout") },
  { "logout_reason", N_("Logout Reason") }, { "machine", N_("Machine") },
  { "manual", N_("Manual") }, { "never_called", N_("Never Called") },
  { "no_answer", N_("No Answer") }, { "notes", N_("Notes") }, { "number", N_("Number") },
  { "occupancy", N_("Occupancy") }, { "outbound", N_("Outbound") },
  { "over_cap", N_("Over Cap") }, { "pause_ms", N_("Pause") }, { "pauses", N_("Pauses") },
  { "peak", N_("Peak") }, { "penetration", N_("Penetration") }, { "period", N_("Period") },
  { "preview_ms", N_("Preview") }, { "queue_id", N_("Queue") }, { "reason", N_("Reason") },
  { "remaining", N_("Remaining") }, { "result", N_("Result") }, { "ringing_at", N_("Ringing At") },
  { "safe_harbor", N_("Safe Harbor") }, { "share", N_("Share") }, { "sip_code", N_("SIP Code") },
  { "started_at", N_("Started") }, { "state", N_("State") }, { "tags", N_("Tags") },
  { "talk_ms", N_("Talk") }, { "total_ms", N_("Total") },
  { "transferred_at", N_("Transferred At") }, { "transferred_from", N_("Transferred From") },
  { "transferred_to", N_("Transferred To") }, { "wait_ms", N_("Wait") },
  { "wrap_ms", N_("Wrap-Up") },
};

const char *
rd_report_column_title (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_titles); i++)
    if (g_strcmp0 (column_titles[i].column, column) == 0)
      return _(column_titles[i].title);
  /* the agent report's pause per code: pause_lunch_ms */
  if (column != NULL && g_str_has_prefix (column, "pause_") && g_str_has_suffix (column, "_ms") &&
      strlen (column) > strlen ("pause__ms"))
    {
      g_autofree char *code = g_strndup (column + strlen ("pause_"), strlen (column) - strlen ("pause__ms"));
      /* TRANSLATORS: a column of the agent report: the pause time of one pause code */
      g_autofree char *title = g_strdup_printf (_("Pause: %s"), code);

      return g_intern_string (title);
    }
  return column;
}

static gboolean
is_ratio (const char *column)
{
  return g_str_has_suffix (column, "_rate") || g_str_equal (column, "share") ||
         g_str_equal (column, "occupancy") || g_str_equal (column, "penetration") ||
         g_str_equal (column, "abandon_cap") || g_str_equal (column, "service_level");
}

char *
rd_report_format_tile_percent (double ratio)
{
  /* one decimal where it matters, near a cap; whole numbers above 10 % fit the tile */
  return ratio < 0.1 ? g_strdup_printf ("%.1f %%", 100 * ratio) : g_strdup_printf ("%.0f %%", 100 * ratio);
}

double
rd_report_cell_number (JsonNode *value)
{
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return 0;
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_INT64:
      return json_node_get_int (value);
    case G_TYPE_DOUBLE:
      return json_node_get_double (value);
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (value);
    default:
      return 0;
    }
}

char *
rd_report_format_cell (const char *column,
                       const char *type,
                       JsonNode   *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();

      json_generator_set_root (generator, value);
      return json_generator_to_data (generator, NULL);
    }
  if (g_strcmp0 (type, "time") == 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (json_node_get_int (value) / 1000);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
    }
  if (g_str_has_suffix (column, "_ms"))
    return rd_agent_state_duration ((gint64) rd_report_cell_number (value));
  if (is_ratio (column))
    return g_strdup_printf ("%.1f %%", 100 * rd_report_cell_number (value));
  if (g_strcmp0 (column, "has_recording") == 0 || g_strcmp0 (column, "over_cap") == 0 ||
      g_strcmp0 (column, "safe_harbor") == 0)
    return g_strdup (rd_report_cell_number (value) != 0 ? _("Yes") : "");
  if (g_strcmp0 (type, "real") == 0)
    return g_strdup_printf ("%.2f", rd_report_cell_number (value));
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      /* the stored words the app already says in words */
      if (g_strcmp0 (column, "result") == 0)
        return g_strdup (rd_labels_campaign_value (text));
      if (g_strcmp0 (column, "direction") == 0)
        return g_strdup (rd_labels_value (text));
      if (g_strcmp0 (column, "state") == 0)
        return g_strdup (rd_agent_state_label (text));
      /* the CRM reports' groups: a lead's or ticket's status and priority in words */
      if (g_strcmp0 (column, "status") == 0 || g_strcmp0 (column, "priority") == 0)
        return g_strdup (rd_labels_value (text));
      return g_strdup (text);
    }
  return g_strdup_printf ("%.0f", rd_report_cell_number (value));
}
