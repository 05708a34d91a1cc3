/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a campaign decides how many calls to launch. */
typedef enum {
  RD_PACER_PREVIEW,      /* an agent reviews the lead card, then dials or skips */
  RD_PACER_PROGRESSIVE,  /* one call per ready agent */
  RD_PACER_ADAPTIVE,     /* dial level stepped on the day's drop rate (VICIdial ADAPT_TAPERED) */
  RD_PACER_PREDICTIVE,   /* forecast of answers and agent frees, held to the abandon budget */
} RdPacerMode;

typedef enum {
  RD_AGENT_READY,        /* logged in, waiting for a call */
  RD_AGENT_ON_CALL,      /* talking */
  RD_AGENT_WRAP_UP,      /* after-call work */
  RD_AGENT_PAUSED,       /* on a break; see pause_reason */
  RD_AGENT_PREVIEWING,   /* preview mode: has a lead card or is dialling it */
} RdAgentState;

/* How a launched call ended (or was answered) on the network side. */
typedef enum {
  RD_CALL_RESULT_HUMAN,      /* a person answered */
  RD_CALL_RESULT_MACHINE,    /* an answering machine answered */
  RD_CALL_RESULT_BUSY,
  RD_CALL_RESULT_NO_ANSWER,  /* rang until the no-answer timeout */
  RD_CALL_RESULT_FAILED,
} RdCallResult;

/* One agent as the pacer sees it at a tick. */
typedef struct {
  guint         id;
  RdAgentState  state;
  double        seconds_in_state;
  const char   *pause_reason;      /* RD_AGENT_PAUSED only; may be NULL */
} RdPacerAgent;

/* Everything the pacer needs at one tick. The caller owns all of it; nothing is kept.
 * Times are seconds on the caller's clock (the server's monotonic clock, or the
 * simulator's virtual one): the pacer never reads a clock itself. */
typedef struct {
  double              now;
  double              shift_start;     /* the campaign's day, for ADAPT_TAPERED's taper */
  double              shift_end;
  const RdPacerAgent *agents;
  guint               n_agents;
  const double       *ringing_ages;    /* seconds since launch of each call still ringing */
  guint               n_ringing;
  guint               n_waiting;       /* answered calls waiting (inside the 2 s grace) */
  guint64             answered;        /* human answers today, this campaign */
  guint64             abandoned;       /* abandons today, this campaign */
  double              abandon_cap;     /* fraction of answered calls, e.g. 0.03 */
} RdPacerInput;

/* What to do now. */
typedef struct {
  guint   launch;              /* calls to launch now (0 in preview mode) */
  GArray *offers;              /* preview: ids (guint) of agents to offer a lead card to */
  double  dial_level;          /* adaptive: the current dial level */
  double  expected_abandons;   /* predictive: forecast abandons in the window */
} RdPacerDecision;

void rd_pacer_decision_clear (RdPacerDecision *decision);

#define RD_TYPE_PACER (rd_pacer_get_type ())
G_DECLARE_FINAL_TYPE (RdPacer, rd_pacer, RD, PACER, GObject)

/* A pacer for one campaign. It keeps only learned statistics (and, in adaptive mode,
 * the dial level); every decision is a function of that state and the tick's input.
 *
 * The server drives it on a timer (about once a second): build an RdPacerInput from
 * the campaign's agents and calls, call rd_pacer_tick(), launch `launch` calls with
 * leads from RdHopper (or, in preview mode, offer a lead card to each agent in
 * `offers`), and report outcomes as they arrive with the rd_pacer_observe_*()
 * functions. */
RdPacer     *rd_pacer_new            (RdPacerMode             mode);
RdPacerMode  rd_pacer_get_mode       (RdPacer                *self);

/* Seeds the statistics with a campaign's history (or a guess) before any outcome;
 * @weight is how many observations the guess is worth. */
void         rd_pacer_set_prior      (RdPacer                *self,
                                      double                  answer_rate,
                                      double                  ring_mean,
                                      double                  talk_mean,
                                      double                  wrap_mean,
                                      double                  weight);

/* Decides what to do now; fills @decision (clear it with rd_pacer_decision_clear()). */
void         rd_pacer_tick           (RdPacer                *self,
                                      const RdPacerInput     *input,
                                      RdPacerDecision        *decision);

/* A launched call was answered or ended after @seconds of ringing. */
void         rd_pacer_observe_call   (RdPacer                *self,
                                      RdCallResult            result,
                                      double                  seconds);
/* A conversation ended after @seconds. */
void         rd_pacer_observe_talk   (RdPacer                *self,
                                      double                  seconds);
/* An agent finished wrap-up after @seconds. */
void         rd_pacer_observe_wrap   (RdPacer                *self,
                                      double                  seconds);

/* "preview", "progressive", "adaptive", "predictive" */
const char  *rd_pacer_mode_to_string (RdPacerMode             mode);
gboolean     rd_pacer_mode_from_string (const char           *text,
                                        RdPacerMode          *mode);

G_END_DECLS
