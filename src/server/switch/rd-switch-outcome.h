/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-switch-cpt.h"

G_BEGIN_DECLS

/* What a call attempt that was never answered tells about its number: the one table that
 * turns a carrier's SIP final response, the Q.850 cause of its Reason header (RFC 3326) and
 * the call-progress tones of its early media (rd-switch-cpt.h) into a kind of result and a
 * hangup cause. The switch emits its events by it; the dialer closes leads by it. */

typedef enum {
  RD_OUTCOME_BUSY,        /* the line is busy: try again soon */
  RD_OUTCOME_NO_ANSWER,   /* nobody picked up, or the phone is off: try again later */
  RD_OUTCOME_FAILED,      /* the network failed (congestion, no circuit, an error): later */
  RD_OUTCOME_INVALID,     /* the number does not exist: never dial it again */
} RdOutcomeKind;

typedef struct {
  const char    *cause;   /* the call's hangup cause, static: "not-found", "sit-vacant" … */
  RdOutcomeKind  kind;
} RdOutcome;

/* A final response @sip_code (>= 300) whose Reason header gave @q850_cause (0: none). The
 * Q.850 cause decides when the table knows it (it says more than the SIP code a gateway
 * chose for it); an unknown code is "failed". */
RdOutcome    rd_outcome_of_response (guint        sip_code,
                                     guint        q850_cause);
/* A Q.850 cause this table knows (a Reason header on a BYE): its outcome in *@outcome. */
gboolean     rd_outcome_of_q850     (guint        q850_cause,
                                     RdOutcome   *outcome);
/* A call-progress tone heard in early media (not RD_CPT_NONE). */
RdOutcome    rd_outcome_of_tone     (RdCptSignal  signal);
/* The outcome of a hangup @cause from this table; FALSE when it is not one of its causes. */
gboolean     rd_outcome_lookup      (const char  *cause,
                                     RdOutcome   *outcome);
/* The Q.850 cause of a Reason header's value ("Q.850;cause=18;text=\"…\"", several
 * comma-separated reasons allowed); 0 when it has none. */
guint        rd_outcome_parse_q850  (const char  *reason);

G_END_DECLS
