/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "rd-labels.h"

typedef struct
{
  const char *key;
  const char *label;
} Label;

static const Label values[] = {
  { "agent", N_("Agent") }, { "manager", N_("Manager") }, { "admin", N_("Administrator") },
  { "support", N_("Support") },
  { "new", N_("New") }, { "contacted", N_("Contacted") }, { "qualified", N_("Qualified") },
  { "lost", N_("Lost") }, { "converted", N_("Converted") },
  { "mobile", N_("Mobile") }, { "work", N_("Work") }, { "home", N_("Home") },
  { "fax", N_("Fax") }, { "other", N_("Other") },
  { "open", N_("Open") }, { "won", N_("Won") },
  { "in_progress", N_("In Progress") }, { "wait", N_("Waiting") }, { "closed", N_("Closed") },
  { "normal", N_("Normal") }, { "low", N_("Low") }, { "high", N_("High") }, { "urgent", N_("Urgent") },
  { "minor", N_("Minor") }, { "major", N_("Major") }, { "critical", N_("Critical") },
  { "task", N_("Task") }, { "call", N_("Call") }, { "meeting", N_("Meeting") },
  { "inbound", N_("Inbound") }, { "outbound", N_("Outbound") },
  { "sms", N_("SMS") }, { "email", N_("E-mail") }, { "portal", N_("Portal") },
  /* a message's status (docs/messaging.md) */
  { "queued", N_("Queued") }, { "sent", N_("Sent") }, { "delivered", N_("Delivered") },
  { "failed", N_("Failed") }, { "received", N_("Received") },
  /* call wrap-up dispositions (rd_call_log_dispositions()) */
  { "sale", N_("Sale") }, { "not_interested", N_("Not Interested") },
  { "call_back", N_("Call Back") }, { "wrong_number", N_("Wrong Number") },
  { "dnc", N_("Do Not Call") }, { "no_answer", N_("No Answer") },
  { "interested", N_("Interested") }, { "callback", N_("Call Back") },
  /* an article's visibility and language (docs/assistant.md) */
  { "internal", N_("Internal") }, { "public", N_("Public") },
  { "en", N_("English") }, { "ru", N_("Russian") },
  /* an address's kind (the addresses table) */
  { "billing", N_("Billing") }, { "shipping", N_("Shipping") },
  /* the catalog and projects (docs/catalog.md); "cancelled" is shared with campaigns */
  { "product", N_("Product") }, { "service", N_("Service") },
  { "planned", N_("Planned") }, { "active", N_("Active") }, { "on_hold", N_("On Hold") },
  { "done", N_("Done") }, { "cancelled", N_("Cancelled") },
};

static const Label fields[] = {
  { "name", N_("Name") }, { "first_name", N_("First Name") }, { "last_name", N_("Last Name") },
  { "title", N_("Job Title") }, { "org_id", N_("Organization") }, { "tags", N_("Tags") },
  { "description", N_("Description") }, { "created_at", N_("Created") },
  { "industry", N_("Industry") }, { "website", N_("Website") }, { "address", N_("Address") },
  { "company", N_("Company") }, { "status", N_("Status") }, { "source", N_("Source") },
  { "amount", N_("Amount") }, { "currency", N_("Currency") }, { "close_date", N_("Close Date") },
  { "stage_id", N_("Stage") }, { "pipeline_id", N_("Pipeline") }, { "contact_id", N_("Contact") },
  { "subject", N_("Subject") }, { "priority", N_("Priority") }, { "severity", N_("Severity") },
  { "group_id", N_("Group") }, { "assignee", N_("Assignee") }, { "sla_due", N_("SLA Due") },
  { "resolution", N_("Resolution") }, { "kind", N_("Kind") }, { "due", N_("Due") },
  { "done", N_("Done") }, { "direction", N_("Direction") }, { "from_number", N_("From") },
  { "to_number", N_("To") }, { "agent", N_("Agent") }, { "started_at", N_("Started") },
  { "bill_sec", N_("Talk Time") }, { "disposition", N_("Outcome") },
  { "sip_status", N_("SIP Status") }, { "notes", N_("Call Notes") },
  { "recording", N_("Recording") },
  { "hangup_cause", N_("Hang-up Cause") }, { "email", N_("E-mail") }, { "role", N_("Role") },
  { "phone", N_("Phone") }, { "organization", N_("Organization") },
  { "contact", N_("Contact") }, { "assignee_name", N_("Assignee") }, { "stage", N_("Stage") },
  { "party", N_("Number") }, { "body", N_("Text") }, { "visibility", N_("Visibility") },
  { "street", N_("Street") }, { "city", N_("City") }, { "region", N_("Region") },
  { "postal_code", N_("Postal Code") }, { "country", N_("Country") },
  { "language", N_("Language") }, { "score", N_("Score") }, { "triage", N_("Triage") },
  { "code", N_("Code") }, { "unit_price", N_("Unit Price") }, { "tax_rate", N_("Tax Rate (%)") },
  { "active", N_("Active") }, { "quantity", N_("Quantity") }, { "discount", N_("Discount (%)") },
  { "start_date", N_("Start Date") }, { "reached", N_("Reached") },
  { "project", N_("Project") }, { "depends_on", N_("Depends On") },
};

/* A field whose name means something else in one table (an article's title). */
static const struct {
  const char *table;
  Label       label;
} table_fields[] = {
  { "articles", { "title", N_("Title") } },
  { "project_tasks", { "title", N_("Title") } },
  { "project_tasks", { "status", N_("Status") } },
};

static const Label tables[] = {
  { "contacts", N_("Contacts") }, { "organizations", N_("Organizations") },
  { "leads", N_("Leads") }, { "deals", N_("Deals") }, { "tickets", N_("Tickets") },
  { "activities", N_("Activities") }, { "calls", N_("Calls") }, { "notes", N_("Notes") },
  { "messages", N_("Messages") }, { "changes", N_("Changes") }, { "users", N_("Users") },
  { "articles", N_("Articles") }, { "products", N_("Products") }, { "projects", N_("Projects") },
  { "project_tasks", N_("Project Tasks") }, { "milestones", N_("Milestones") },
  { "price_lists", N_("Price Lists") }, { "line_items", N_("Line Items") },
};

/* Campaigns (docs/api.md): statuses, dial methods and the values of the settings. */
static const Label campaign_values[] = {
  { "running", N_("Running") }, { "paused", N_("Paused") }, { "stopped", N_("Stopped") },
  { "preview", N_("Preview") }, { "progressive", N_("Progressive") },
  { "predictive", N_("Predictive") }, { "broadcast", N_("Broadcast") },
  { "ready", N_("Ready") }, { "24h", N_("24 hours") }, { "30d", N_("30 days") },
  { "off", N_("Off") }, { "detect", N_("Detect") }, { "hangup", N_("Detect and hang up") },
  /* what came of a call (calls.result) */
  { "human", N_("Answered") }, { "machine", N_("Answering Machine") }, { "busy", N_("Busy") },
  { "no-answer", N_("No Answer") }, { "failed", N_("Failed") }, { "abandoned", N_("Dropped") },
  { "cancelled", N_("Cancelled") }, { "in-progress", N_("In Progress") },
};

/* The settings of GET /campaigns/schema as the editor names them. */
static const Label campaign_settings[] = {
  { "name", N_("Name") }, { "dial_method", N_("Dial Method") }, { "caller_id", N_("Caller ID") },
  { "trunk", N_("Trunk") }, { "team", N_("Team") },
  { "calling_hours_start", N_("Calling Hours Start") },
  { "calling_hours_end", N_("Calling Hours End") },
  { "max_attempts", N_("Attempts per Lead") }, { "ring_timeout", N_("Ring Timeout (s)") },
  { "wrap_up_timeout", N_("Wrap-Up Time (s)") }, { "wrap_up_then", N_("After Wrap-Up") },
  { "abandon_cap", N_("Abandon Cap (%)") }, { "compliance_window", N_("Compliance Window") },
  { "safe_harbor_ms", N_("Safe-Harbor Wait (ms)") },
  { "safe_harbor_message", N_("Safe-Harbor Message") },
  { "hold_message", N_("Hold Message") },
  { "abandon_redial_hours", N_("Redial Abandoned After (h)") },
  { "amd", N_("Answering Machines") }, { "broadcast_message", N_("Broadcast Message") },
  { "press_one", N_("Press 1 to Talk to an Agent") },
  { "order_by_score", N_("Call Likeliest Leads First") },
  { "recycle_busy", N_("Redial Busy After (min)") },
  { "recycle_no_answer", N_("Redial No Answer After (min)") },
  { "recycle_machine", N_("Redial Machine After (min)") },
  { "recycle_failed", N_("Redial Failed After (min)") }, { "script", N_("Script") },
};

static const char *
lookup (const Label *table,
        gsize        n,
        const char  *key)
{
  if (key == NULL)
    return "";
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (table[i].key, key))
      return _(table[i].label);
  return key;
}

/** The label of a stored enum value, or the value itself. */
const char *
rd_labels_value (const char *value)
{
  return lookup (values, G_N_ELEMENTS (values), value);
}

/** The label of a field name, or the name itself. */
const char *
rd_labels_field (const char *field)
{
  return lookup (fields, G_N_ELEMENTS (fields), field);
}

/** The label of @field of @table, or rd_labels_field(@field). */
const char *
rd_labels_table_field (const char *table,
                       const char *field)
{
  for (gsize i = 0; i < G_N_ELEMENTS (table_fields); i++)
    if (g_strcmp0 (table, table_fields[i].table) == 0 && g_strcmp0 (field, table_fields[i].label.key) == 0)
      return _(table_fields[i].label.label);
  return rd_labels_field (field);
}

/** The label of a call's status class (rd_call_log_status(): answered, missed, busy, failed). */
const char *
rd_labels_call_status (const char *status)
{
  if (g_strcmp0 (status, "answered") == 0)
    return C_("call status", "Answered");
  if (g_strcmp0 (status, "missed") == 0)
    return C_("call status", "Missed");
  if (g_strcmp0 (status, "busy") == 0)
    return C_("call status", "Busy");
  return C_("call status", "Failed");
}

/** The label of a table name, or the name itself. */
const char *
rd_labels_table (const char *table)
{
  return lookup (tables, G_N_ELEMENTS (tables), table);
}

/** A store time (ms since the epoch, UTC) as local "YYYY-MM-DD HH:MM"; "" for 0. */
char *
rd_labels_time (gint64 ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (ms <= 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (ms / 1000);
  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/** @amount with two decimals, thousands grouped by a no-break space, the locale's decimal
 * mark and @currency after it (when given): "12 164,00 RUB". */
char *
rd_labels_money (double      amount,
                 const char *currency)
{
  const char *mark = localeconv ()->decimal_point;
  g_autoptr(GString) out = g_string_new (NULL);
  char digits[64];
  gint64 cents = (gint64) llround (fabs (amount) * 100.0);
  int n;

  n = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, cents / 100);
  if (amount < 0 && cents != 0)
    g_string_append_c (out, '-');
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, "\u00a0");
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, "%s%02d", mark != NULL && *mark != '\0' ? mark : ".", (int) (cents % 100));
  if (currency != NULL && *currency != '\0')
    g_string_append_printf (out, "\u00a0%s", currency);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/** The label of a campaign's status, dial method or setting value, or the value itself. */
const char *
rd_labels_campaign_value (const char *value)
{
  return lookup (campaign_values, G_N_ELEMENTS (campaign_values), value);
}

/** The label of a campaign setting (GET /campaigns/schema), or its name. */
const char *
rd_labels_campaign_setting (const char *name)
{
  return lookup (campaign_settings, G_N_ELEMENTS (campaign_settings), name);
}

/**
 * rd_labels_lead_factor:
 *
 * What one feature of the lead score says, in the agent's words, with the lead's own
 * value: "Source: referral", "Calls answered: 3", "Reached “Qualified”". @value is the
 * feature's value (counts are on a log scale, docs/intelligence.md). A new string.
 */
char *
rd_labels_lead_factor (const char *name,
                       double      value)
{
  const char *eq = strchr (name, '=');
  double count = round (expm1 (value));

  if (eq != NULL)
    {
      g_autofree char *kind = g_strndup (name, eq - name);
      const char *what = eq + 1;

      if (g_str_equal (kind, "source"))
        return g_strdup_printf (_("Source: %s"), g_str_equal (what, "none") ? _("none") : what);
      if (g_str_equal (kind, "industry"))
        return g_strdup_printf (_("Industry: %s"), g_str_equal (what, "none") ? _("none") : what);
      if (g_str_equal (kind, "status"))
        return g_strdup_printf (_("Reached “%s”"), rd_labels_value (what));
      if (g_str_equal (kind, "disposition"))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Call outcome “%s”: %.0f call",
                                             "Call outcome “%s”: %.0f calls", (gulong) count),
                                rd_labels_value (what), count);
      return g_strdup (name);
    }
  if (g_str_equal (name, "calls_made"))
    return g_strdup_printf (_("Calls made: %.0f"), count);
  if (g_str_equal (name, "calls_answered"))
    return g_strdup_printf (_("Calls answered: %.0f"), count);
  if (g_str_equal (name, "talk_minutes"))
    return g_strdup_printf (_("Talk time: %.0f min"), expm1 (value));
  if (g_str_equal (name, "activities_done"))
    return g_strdup_printf (_("Tasks done: %.0f"), count);
  if (g_str_equal (name, "days_open"))
    return g_strdup_printf (_("Days since created: %.0f"), count);
  return g_strdup (name);
}
