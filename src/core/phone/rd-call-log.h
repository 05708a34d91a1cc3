/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-call.h"
#include "rd-phone.h"
#include "rd-screen-pop.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_CALL_LOG (rd_call_log_get_type ())
G_DECLARE_FINAL_TYPE (RdCallLog, rd_call_log, RD, CALL_LOG, GObject)

/* Glue between the phone and the store: each call gets a screen pop when it appears and a
 * call record (CDR, table "calls") when it ends. Signals:
 *   screen-pop (RdCall *call, RdScreenPop *pop)   emitted before anyone answers */
RdCallLog   *rd_call_log_new            (RdStore     *store,
                                         const char  *agent);
/* Watches @phone: pops on "call-added", records on "call-ended". */
void         rd_call_log_attach         (RdCallLog   *self,
                                         RdPhone     *phone);

/* With @auto_create, an inbound caller nobody in the replica has becomes a contact at once
 * (named after the caller id, tagged "unsorted"), so every call has a record to hang on. */
void         rd_call_log_set_auto_create (RdCallLog  *self,
                                         gboolean     auto_create);

/* Looks the caller of @call up (and auto-creates it, see above), remembers the one match as
 * the call's record and emits "screen-pop". Called by the "call-added" handler; public for
 * backends without RdPhone (tests). Returns the pop, or NULL with @error. */
RdScreenPop *rd_call_log_pop            (RdCallLog   *self,
                                         RdCall      *call,
                                         GError     **error);

/* The record of @call (contact/lead/organization) when the pop found one, or as the agent
 * chose it (chooser, "Create contact"). Updates the call record if it is written already. */
gboolean     rd_call_log_set_parent     (RdCallLog   *self,
                                         RdCall      *call,
                                         const char  *table,
                                         const char  *id,
                                         GError     **error);

/* The agent picked record @id of the chooser of @pop (the pop of @call): it becomes the
 * call's record (rd_call_log_set_parent()); returns the pop narrowed to it with its card
 * (rd_screen_pop_choose()), or NULL with @error. */
RdScreenPop *rd_call_log_choose         (RdCallLog   *self,
                                         RdCall      *call,
                                         const RdScreenPop *pop,
                                         const char  *id,
                                         GError     **error);

/* Writes the call record of a closed @call; returns its id. Called by the "call-ended"
 * handler; public for backends without RdPhone (tests, imports). */
char        *rd_call_log_write          (RdCallLog   *self,
                                         RdCall      *call,
                                         GError     **error);
/* The call record id written for @call, or NULL. */
const char  *rd_call_log_get_record_id  (RdCall      *call);

/* The agent's wrap-up: the disposition and the notes (NULL or "" clears them) on the
 * call record. */
gboolean     rd_call_log_set_disposition (RdCallLog  *self,
                                         const char  *record_id,
                                         const char  *disposition,
                                         const char  *notes,
                                         GError     **error);

/* The predefined wrap-up dispositions, NULL-terminated: "sale", "not_interested",
 * "call_back", "wrong_number", "dnc", "no_answer", "other". */
const char *const *rd_call_log_dispositions (void);

/* "answered", "missed", "busy" or "failed": how the call log colours a record. */
const char  *rd_call_log_status         (const char  *hangup_cause,
                                         gboolean     answered);

/* The period filter of the call log, counted back from "now" in local time. */
typedef enum {
  RD_CALL_PERIOD_ALL,
  RD_CALL_PERIOD_TODAY,     /* since local midnight */
  RD_CALL_PERIOD_7_DAYS,    /* the last 7 × 24 hours */
  RD_CALL_PERIOD_30_DAYS,
} RdCallPeriod;

/* The call log's combined filter as an rd_store_search() query on "calls": @direction
 * ("inbound", "outbound" or NULL: both) and @status (a class of rd_call_log_status(), or
 * NULL: any) and @period before @now. NULL when nothing filters. The status conditions
 * select exactly the records rd_call_log_status() puts in that class for what
 * rd_call_log_write() stores. */
char        *rd_call_log_filter_query   (const char   *direction,
                                         const char   *status,
                                         RdCallPeriod  period,
                                         GDateTime    *now);

G_END_DECLS
