/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-csv-import.h"
#include "rd-phone-zones.h"

G_BEGIN_DECLS

/* DATA_DIR/callcenter.db: campaigns, leadsets and their leads, DNC lists, dispositions,
 * pause codes, the agent state log and the call rows (docs/callcenter.md). One connection,
 * used from the server's main thread. */

#define RD_CENTER_ERROR (rd_center_error_quark ())

typedef enum {
  RD_CENTER_ERROR_SQLITE,     /* the database said no */
  RD_CENTER_ERROR_NOT_FOUND,  /* no such campaign, leadset, lead, call or DNC entry */
  RD_CENTER_ERROR_EXISTS,     /* the name or number is taken */
  RD_CENTER_ERROR_INVALID,    /* a value out of range; the message names the field */
} RdCenterError;

GQuark rd_center_error_quark (void);

#define RD_TYPE_CENTER_DB (rd_center_db_get_type ())
G_DECLARE_FINAL_TYPE (RdCenterDb, rd_center_db, RD, CENTER_DB, GObject)

/* The clock of the log and the call rows (Unix ms); tests inject their own. */
typedef gint64 (*RdCenterClock) (gpointer user_data);

/* Opens (creating, migrating) @path and recovers what a crash left open: agent state rows
 * and calls end at the last time the file recorded, leads being dialled become dialable
 * again (docs/callcenter.md, "Agent states", "Call rows"). */
RdCenterDb *rd_center_db_open            (const char     *path,
                                          GError        **error);
void        rd_center_db_set_clock       (RdCenterDb     *self,
                                          RdCenterClock   clock,
                                          gpointer        user_data);
gint64      rd_center_db_now             (RdCenterDb     *self);
/* The server's local midnight of the center's today (Unix ms): where "today" starts for an
 * agent's day and the live boards. */
gint64      rd_center_db_today_start     (RdCenterDb     *self);
/* The prefix to time-zone table leads take their zone from (may be NULL: no zone). */
void        rd_center_db_set_phone_zones (RdCenterDb     *self,
                                          RdPhoneZones   *zones);
/* A clean stop: every open agent state ends now and gets a logout row with reason
 * "server-stopped"; calls still up end with hangup cause "server-stopped". */
gboolean    rd_center_db_shutdown        (RdCenterDb     *self,
                                          GError        **error);

/* ---- campaigns (rd-center-campaigns.c) ---------------------------------------------- */

/* The settings of a campaign, their types, defaults and limits, as JSON for the app's
 * editor: [{"name", "type", "default", "min", "max", "values"}]. */
JsonNode   *rd_center_campaign_schema    (void);
/* @fields: any settings (name required); the rest take their defaults. The new campaign
 * (stopped) with the predefined dispositions. */
JsonNode   *rd_center_campaign_create    (RdCenterDb     *self,
                                          JsonObject     *fields,
                                          GError        **error);
JsonNode   *rd_center_campaign_get       (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);
/* All campaigns, or those of @team (NULL: all), or those @agent is assigned to or whose
 * team is @agent_team (when @agent is set). */
JsonNode   *rd_center_campaign_list      (RdCenterDb     *self,
                                          const char     *team,
                                          const char     *agent,
                                          const char     *agent_team,
                                          GError        **error);
JsonNode   *rd_center_campaign_update    (RdCenterDb     *self,
                                          const char     *id,
                                          JsonObject     *fields,
                                          GError        **error);
/* "running", "paused" or "stopped". */
gboolean    rd_center_campaign_set_status (RdCenterDb    *self,
                                           const char    *id,
                                           const char    *status,
                                           GError       **error);
/* The agents assigned by name (replaces the list). */
gboolean    rd_center_campaign_set_agents (RdCenterDb    *self,
                                           const char    *id,
                                           const char * const *agents,
                                           GError       **error);
/* Adds or replaces disposition @code: {"code", "label", "closes_lead", "callback",
 * "dnc"}. */
gboolean    rd_center_campaign_put_disposition (RdCenterDb  *self,
                                                const char  *id,
                                                JsonObject  *disposition,
                                                GError     **error);
gboolean    rd_center_campaign_delete_disposition (RdCenterDb *self,
                                                   const char *id,
                                                   const char *code,
                                                   GError    **error);
/* The pause codes agents choose from: the global ones and the campaign's (NULL: global). */
JsonNode   *rd_center_pause_codes        (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          GError        **error);
gboolean    rd_center_pause_code_put     (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          const char     *code,
                                          const char     *label,
                                          GError        **error);

/* ---- leadsets and leads (rd-center-leadsets.c) -------------------------------------- */

/* A CSV upload's outcome (leadsets and DNC lists). */
typedef struct {
  char      *id;              /* the new leadset, NULL for a DNC list or a dry run */
  guint      rows;            /* data rows read */
  guint      imported;
  guint      invalid_numbers; /* imported, flagged, never dialled */
  guint      duplicates;      /* a number already in the leadset (or list): skipped */
  guint      dnc;             /* imported as do-not-call */
  guint      bad;             /* rows that could not be read: skipped, listed in errors */
  char       delimiter;
  gboolean   committed;
  GPtrArray *errors;          /* RdCenterRowError */
} RdCenterImportReport;

typedef struct {
  guint  line;
  char  *message;
} RdCenterRowError;

void        rd_center_import_report_free (RdCenterImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCenterImportReport, rd_center_import_report_free)
/* The report as the API returns it. */
JsonNode   *rd_center_import_report_to_json (const RdCenterImportReport *report);

typedef struct {
  const char *name;          /* the leadset's name (required for leadsets) */
  const char *country;       /* ISO 3166 alpha-2 country of numbers written without one */
  const char *mapping;       /* "first_name=1,phone=Mobile,..." (column number or header);
                              * NULL: header names that are fields */
  const char *encoding;      /* NULL/"UTF-8" or e.g. "CP1251" */
  char        delimiter;     /* 0: detect */
  gboolean    header;        /* the first row read names the columns */
  guint       start_row;     /* 1-based line to start at */
  gboolean    dry_run;       /* read and check everything, write nothing */
  const char *actor;         /* who uploads */
} RdCenterImportOptions;

void        rd_center_import_options_init (RdCenterImportOptions *options);
/* The fields a leadset column maps to (NULL-terminated). Columns not mapped are kept as
 * the lead's extra fields, by header name, for scripts ({Header}). */
const char * const *rd_center_lead_fields (void);

gboolean    rd_center_leadset_import     (RdCenterDb                   *self,
                                          const char                   *text,
                                          gsize                         len,
                                          const RdCenterImportOptions  *options,
                                          RdCenterImportReport        **report,
                                          GError                      **error);
JsonNode   *rd_center_leadset_list       (RdCenterDb     *self,
                                          GError        **error);
JsonNode   *rd_center_leadset_get        (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);
/* Leads of a leadset, by line, optionally only those in @state. */
JsonNode   *rd_center_leadset_leads      (RdCenterDb     *self,
                                          const char     *id,
                                          const char     *state,
                                          guint           offset,
                                          guint           limit,
                                          GError        **error);
/* Makes every lead waiting for its next attempt dialable again: attempts 0, no waiting
 * time. Closed leads (done, dnc, invalid) and scheduled callbacks stay as they are. The number of leads reset in *@n_reset. */
gboolean    rd_center_leadset_reset      (RdCenterDb     *self,
                                          const char     *id,
                                          guint          *n_reset,
                                          GError        **error);
gboolean    rd_center_leadset_attach     (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          const char     *leadset_id,
                                          gboolean        attach,
                                          GError        **error);

/* ---- do-not-call lists (rd-center-dnc.c) ---------------------------------------------- */

/* Adds @number (read for @country unless it has its own) to the global list (@campaign_id
 * NULL) or the campaign's; the E.164 in *@e164. An invalid number is refused. */
gboolean    rd_center_dnc_add            (RdCenterDb     *self,
                                          const char     *number,
                                          const char     *country,
                                          const char     *campaign_id,
                                          const char     *reason,
                                          const char     *actor,
                                          char          **e164,
                                          GError        **error);
gboolean    rd_center_dnc_remove         (RdCenterDb     *self,
                                          const char     *e164,
                                          const char     *campaign_id,
                                          GError        **error);
/* TRUE when @e164 is on the global list or on @campaign_id's. */
gboolean    rd_center_dnc_contains       (RdCenterDb     *self,
                                          const char     *e164,
                                          const char     *campaign_id);
/* @search (may be NULL): the number's digits, or words of the reason or who added it. */
JsonNode   *rd_center_dnc_list           (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          const char     *search,
                                          guint           offset,
                                          guint           limit,
                                          GError        **error);
/* A CSV of numbers (column "number" or @options->mapping "number=N", optional "reason").
 * Leads with these numbers that are not closed become "dnc". */
gboolean    rd_center_dnc_import         (RdCenterDb                   *self,
                                          const char                   *text,
                                          gsize                         len,
                                          const char                   *campaign_id,
                                          const RdCenterImportOptions  *options,
                                          RdCenterImportReport        **report,
                                          GError                      **error);

/* ---- the agent state log (rd-center-agent-log.c) -------------------------------------- */

/* login, ready, previewing, on_call, wrap_up, paused, logout (docs/callcenter.md). */
gboolean    rd_center_agent_state_is_valid (const char   *state);
/* Ends @agent's open row now and opens one for @state, in one transaction; "logout" rows
 * end as they start. */
gboolean    rd_center_agent_set_state    (RdCenterDb     *self,
                                          const char     *agent,
                                          const char     *campaign_id,
                                          const char     *queue_id,
                                          const char     *state,
                                          const char     *reason,
                                          const char     *call_id,
                                          GError        **error);
/* The open row of @agent as {"agent", "state", "campaign_id", "reason", "since"}, or NULL
 * when logged out. */
JsonNode   *rd_center_agent_current      (RdCenterDb     *self,
                                          const char     *agent);
/* Rows that overlap [@from_ms, @to_ms) for @agent (NULL: all agents), oldest first. */
JsonNode   *rd_center_agent_log          (RdCenterDb     *self,
                                          const char     *agent,
                                          gint64          from_ms,
                                          gint64          to_ms,
                                          GError        **error);

/* ---- call rows (rd-center-calls.c) ---------------------------------------------------- */

typedef struct {
  const char *direction;    /* "outbound" or "inbound" */
  const char *campaign_id;
  const char *queue_id;
  const char *lead_id;
  const char *number;       /* E.164 */
  const char *caller_id;
} RdCenterCallStart;

typedef enum {
  RD_CENTER_CALL_RINGING,
  RD_CENTER_CALL_ANSWERED,
  RD_CENTER_CALL_BRIDGED,   /* @agent set */
  RD_CENTER_CALL_TRANSFERRED, /* to @agent: the last agent is kept as transferred_from */
  RD_CENTER_CALL_TRANSFERRED_OUT, /* to the number @agent: transferred_to; the agent stays */
} RdCenterCallMark;

/* A new row ("in-progress", created now); its id (UUIDv7). A lead's attempt counts here:
 * the lead is "in-progress" until the call ends. */
char       *rd_center_call_start         (RdCenterDb               *self,
                                          const RdCenterCallStart  *start,
                                          GError                  **error);
gboolean    rd_center_call_mark          (RdCenterDb     *self,
                                          const char     *id,
                                          RdCenterCallMark mark,
                                          gint64          at_ms,
                                          const char     *agent,
                                          GError        **error);
/* @result: human, machine, busy, no-answer, failed, abandoned, cancelled; @hangup_by:
 * customer, agent, system. */
gboolean    rd_center_call_end           (RdCenterDb     *self,
                                          const char     *id,
                                          const char     *result,
                                          int             sip_code,
                                          const char     *hangup_cause,
                                          const char     *hangup_by,
                                          gboolean        safe_harbor,
                                          gint64          at_ms,
                                          GError        **error);
/* @agent's disposition @code (one of the campaign's) of call @id, with @notes and @tags
 * (NULL-terminated, checked by the caller; may be NULL): the call row keeps them, marked
 * for the CRM to file again (crm_filed 0); the lead is closed (done), becomes do-not-call (also on the global list),
 * waits for its callback at @callback_at (Unix ms, for @agent only when @callback_mine), or
 * is dialable again after the campaign's recycle delay, or done when its attempts are used. */
gboolean    rd_center_call_dispose       (RdCenterDb     *self,
                                          const char     *id,
                                          const char     *agent,
                                          const char     *code,
                                          const char     *notes,
                                          const char * const *tags,
                                          gint64          callback_at,
                                          gboolean        callback_mine,
                                          GError        **error);
gboolean    rd_center_call_set_recording (RdCenterDb     *self,
                                          const char     *id,
                                          const char     *recording,
                                          GError        **error);
JsonNode   *rd_center_call_get           (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);

/* ---- what the CRM is told of a call (rd-center-filing.c) ------------------------------ */

/* Call @id as the CRM files it: the call row, with "campaign_name", "disposition_label"
 * (NULL without a disposition) and "lead" (the campaign lead's fields: first_name,
 * last_name, name, company, email, city, notes, phone_raw; or null for a manual call). */
JsonNode   *rd_center_call_filing        (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);
/* Ids of ended calls an agent had whose CRM record lacks their last state (crm_filed 0),
 * oldest first, at most @limit. */
GPtrArray  *rd_center_calls_unfiled      (RdCenterDb     *self,
                                          guint           limit,
                                          GError        **error);
/* The CRM has call @id's state as record @crm_call_id. */
gboolean    rd_center_call_set_filed     (RdCenterDb     *self,
                                          const char     *id,
                                          const char     *crm_call_id,
                                          GError        **error);

/* ---- what the dialer reads and writes (rd-center-dialing.c) -------------------------- */

typedef struct {
  gint64   rowid;           /* the lead's number in the file: the hopper's id */
  char    *id;
  char    *phone;           /* E.164 */
  char   **alt_phones;      /* E.164, maybe empty */
  char    *timezone;        /* IANA, or NULL */
  guint    attempts;
  gint64   next_at;         /* ms, 0: now */
  gint64   callback_at;     /* ms, 0: not a callback */
  char    *callback_agent;  /* NULL: anyone */
  char    *last_result;
} RdCenterDialLead;

void        rd_center_dial_lead_free     (RdCenterDialLead *lead);
/* Up to @limit leads of @campaign_id's leadsets that may be dialled at @now_ms: state new or
 * callback, a valid number, their next time come; due callbacks first. */
/* E.164 of @number when it is a valid number for @country (ISO alpha-2; or for the
 * country its own +prefix names); RD_CENTER_ERROR_INVALID otherwise. */
char       *rd_center_number_e164        (const char     *number,
                                          const char     *country,
                                          GError        **error);
GPtrArray  *rd_center_dialable_leads     (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          gint64          now_ms,
                                          guint           limit,
                                          GError        **error);
/* How many times the lead was dialled (each call row counts it as it starts); -1 with
 * @error when it cannot be read. */
gint        rd_center_lead_attempts      (RdCenterDb     *self,
                                          const char     *lead_id,
                                          GError        **error);
/* After an attempt that ended without a disposition: the lead's next time and, when given,
 * its state ("done" once its attempts are used, "dnc"). A lead a disposition already
 * moved on is left alone. */
gboolean    rd_center_lead_after_attempt (RdCenterDb     *self,
                                          const char     *lead_id,
                                          gint64          next_at_ms,
                                          const char     *state,
                                          GError        **error);
/* Outbound calls of @campaign_id since @since_ms a person answered, and those abandoned. */
gboolean    rd_center_abandon_counts     (RdCenterDb     *self,
                                          const char     *campaign_id,
                                          gint64          since_ms,
                                          guint64        *answered,
                                          guint64        *abandoned,
                                          GError        **error);
/* What the agent on call @call_id sees: {call_id, number, campaign_id, campaign_name,
 * lead_id, lead: {the lead's fields, extra, alt_phones}, script (its {fields} filled)}. */
JsonNode   *rd_center_call_card          (RdCenterDb     *self,
                                          const char     *call_id,
                                          GError        **error);
/* The card of a lead offered in preview: as the call card, without a call (lead_id,
 * number, campaign_id, campaign_name, lead, history, script). */
JsonNode   *rd_center_lead_card          (RdCenterDb     *self,
                                          const char     *lead_id,
                                          const char     *campaign_id,
                                          GError        **error);

/* ---- inbound queues (rd-center-queues.c, docs/queues.md) ------------------------------- */

/* An optional + and 3 to 15 digits: a number (DID) as the trunk sends it. */
gboolean    rd_center_queue_number_is_valid (const char *number);
/* @fields: "name" (required), "numbers" (DIDs), "members" ([{agent|team, priority}]),
 * "strategy", "answer_mode", "ring_timeout", "max_wait", "overflow_queue_id", "announce_period",
 * "announce_wait", "hold_message", "max_wait_message", "language", "owner_routing",
 * "owner_routing_seconds", "wrap_up_timeout", "service_level", "dispositions"; the rest
 * take their defaults. RD_CENTER_ERROR_INVALID names a bad field; EXISTS a name or number
 * taken. */
JsonNode   *rd_center_queue_create       (RdCenterDb     *self,
                                          JsonObject     *fields,
                                          const char     *team,
                                          GError        **error);
JsonNode   *rd_center_queue_get          (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);
/* All queues, or those of @team. */
JsonNode   *rd_center_queue_list         (RdCenterDb     *self,
                                          const char     *team,
                                          GError        **error);
JsonNode   *rd_center_queue_update       (RdCenterDb     *self,
                                          const char     *id,
                                          JsonObject     *fields,
                                          GError        **error);
/* EXISTS while another queue overflows into it. */
gboolean    rd_center_queue_delete       (RdCenterDb     *self,
                                          const char     *id,
                                          GError        **error);
/* The queue @number (a DID) leads to, or NULL. */
char       *rd_center_queue_for_number   (RdCenterDb     *self,
                                          const char     *number);
/* Every number that leads to a queue. */
GStrv       rd_center_queue_numbers      (RdCenterDb     *self);
/* Call @call_id waits in @queue_id now (overflowed from @overflow_from, kept once). */
gboolean    rd_center_call_set_queue     (RdCenterDb     *self,
                                          const char     *call_id,
                                          const char     *queue_id,
                                          const char     *overflow_from,
                                          GError        **error);
/* Call @call_id (no agent) left a voicemail: its disposition "voicemail". */
gboolean    rd_center_call_set_voicemail (RdCenterDb     *self,
                                          const char     *call_id,
                                          GError        **error);
/* A caller the queue lost (@reason "abandoned", "max-wait", or "voicemail" with the
 * message @message_at_ms into the call's recording; -1: none) is owed a call by the
 * queue's team; once per call. */
gboolean    rd_center_queue_callback_add (RdCenterDb     *self,
                                          const char     *queue_id,
                                          const char     *call_id,
                                          const char     *number,
                                          const char     *reason,
                                          gint64          waited_ms,
                                          gint64          message_at_ms,
                                          GError        **error);
JsonNode   *rd_center_queue_callbacks    (RdCenterDb     *self,
                                          const char     *queue_id,
                                          gboolean        open_only,
                                          GError        **error);
gboolean    rd_center_queue_callback_done (RdCenterDb    *self,
                                           const char    *queue_id,
                                           const char    *id,
                                           const char    *actor,
                                           GError       **error);
JsonNode   *rd_center_queue_stats        (RdCenterDb     *self,
                                          const char     *queue_id,
                                          gint64          from_ms,
                                          gint64          to_ms,
                                          GError        **error);
/* @agent calls callback @id back as call @call_id: the callback counts the attempt and
 * keeps the call; the call is the agent's from the start (to dispose it, answered or not). */
gboolean    rd_center_queue_callback_called (RdCenterDb  *self,
                                             const char  *id,
                                             const char  *call_id,
                                             const char  *agent,
                                             GError     **error);
/* @agent let queue call @call_id ring out (answer_mode "accept"). */
gboolean    rd_center_queue_missed_offer_add (RdCenterDb  *self,
                                              const char  *queue_id,
                                              const char  *call_id,
                                              const char  *agent,
                                              gint64       offered_at_ms,
                                              gint64       missed_at_ms,
                                              GError     **error);
/* The average handle time (bridged → ended) of @queue_id's @last answered calls, in ms;
 * -1 when it has none. */
gint64      rd_center_queue_handle_ms    (RdCenterDb     *self,
                                          const char     *queue_id,
                                          guint           last);

/* ---- a queue's dispositions (rd-center-queue-dispositions.c) ---------------------------- */

/* Replaces @queue_id's own list by @node, [{code, label, dnc?}] (empty or null: the
 * defaults again); inside the caller's transaction. INVALID names a bad entry. */
gboolean    rd_center_queue_write_dispositions (RdCenterDb  *self,
                                                const char  *queue_id,
                                                JsonNode    *node,
                                                GError     **error);
/* The codes an agent files @queue_id's calls with: [{code, label, dnc}], its own list or
 * the defaults (without the server's "voicemail"). */
JsonNode   *rd_center_queue_dispositions (RdCenterDb     *self,
                                          const char     *queue_id,
                                          GError        **error);

G_END_DECLS
