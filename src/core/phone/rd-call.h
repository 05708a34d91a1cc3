/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  RD_CALL_DIRECTION_INCOMING,
  RD_CALL_DIRECTION_OUTGOING,
} RdCallDirection;

/* Incoming calls go INCOMING -> ESTABLISHED; outgoing DIALING -> ALERTING (180) or
 * RINGING (183, early media) -> ESTABLISHED. HELD is ESTABLISHED put on hold by us.
 * Every call ends CLOSED, with a hangup cause and, when SIP gave one, a status code. */
typedef enum {
  RD_CALL_STATE_INCOMING,
  RD_CALL_STATE_RINGING,
  RD_CALL_STATE_DIALING,
  RD_CALL_STATE_ALERTING,
  RD_CALL_STATE_ESTABLISHED,
  RD_CALL_STATE_HELD,
  RD_CALL_STATE_CLOSED,
} RdCallState;

/* Hangup causes (the "hangup-cause" property); stable strings, stored in call records. */
#define RD_CALL_CAUSE_LOCAL_HANGUP   "local hangup"
#define RD_CALL_CAUSE_REMOTE_HANGUP  "remote hangup"
#define RD_CALL_CAUSE_BUSY           "busy"
#define RD_CALL_CAUSE_DECLINED       "declined"
#define RD_CALL_CAUSE_NO_ANSWER      "no answer"
#define RD_CALL_CAUSE_CANCELLED      "cancelled"
#define RD_CALL_CAUSE_REJECTED       "rejected"
#define RD_CALL_CAUSE_TRANSFERRED    "transferred"
#define RD_CALL_CAUSE_FAILED         "failed"
#define RD_CALL_CAUSE_ENGINE_STOPPED "engine stopped"

#define RD_TYPE_CALL_DIRECTION (rd_call_direction_get_type ())
#define RD_TYPE_CALL_STATE (rd_call_state_get_type ())
#define RD_TYPE_CALL (rd_call_get_type ())

GType rd_call_direction_get_type (void);
GType rd_call_state_get_type (void);

G_DECLARE_FINAL_TYPE (RdCall, rd_call, RD, CALL, GObject)

const char      *rd_call_get_id               (RdCall *self);
const char      *rd_call_get_account          (RdCall *self);
RdCallDirection  rd_call_get_direction        (RdCall *self);
RdCallState      rd_call_get_state            (RdCall *self);
const char      *rd_call_get_peer_uri         (RdCall *self);
const char      *rd_call_get_peer_name        (RdCall *self);
const char      *rd_call_get_number           (RdCall *self);
GDateTime       *rd_call_get_started          (RdCall *self);
GDateTime       *rd_call_get_answered         (RdCall *self);
GDateTime       *rd_call_get_ended            (RdCall *self);
const char      *rd_call_get_hangup_cause     (RdCall *self);
guint            rd_call_get_sip_status       (RdCall *self);
gboolean         rd_call_get_muted            (RdCall *self);
gboolean         rd_call_get_held             (RdCall *self);
gboolean         rd_call_get_recording        (RdCall *self);
const char      *rd_call_get_recording_path   (RdCall *self);
gboolean         rd_call_is_closed            (RdCall *self);
/* A call center leg (rd_phone_dial_leg()): no screen pop, ring, banner or call record. */
gboolean         rd_call_get_leg              (RdCall *self);

/* Seconds from start to end (or to now while the call lasts). */
double           rd_call_get_total_seconds    (RdCall *self);
/* Seconds from answer to end; 0 for a call that was never answered. */
double           rd_call_get_bill_seconds     (RdCall *self);

const char      *rd_call_state_to_string      (RdCallState state);

/* The user part of a SIP URI with visual separators removed ("sip:+1 (555) 01@x" ->
 * "+155501"); NULL when the user part is not a phone number. */
char            *rd_call_number_from_uri      (const char *uri);

G_END_DECLS
