/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-pacer.h"

G_BEGIN_DECLS

#define RD_SIM_ERROR (rd_sim_error_quark ())

typedef enum {
  RD_SIM_ERROR_INVALID,    /* a parameter out of range */
} RdSimError;

GQuark rd_sim_error_quark (void);

typedef enum {
  RD_SIM_TALK_LOGNORMAL,
  RD_SIM_TALK_GAMMA,
} RdSimTalkShape;

/* Which pacer drives the simulated campaign: the four RdPacer modes, plus the
 * clairvoyant bound, which only the simulator can run because it knows every future
 * outcome: it dials only leads that will answer, timed so that each answer arrives
 * the moment its agent frees. */
typedef enum {
  RD_SIM_PACER_PREVIEW = RD_PACER_PREVIEW,
  RD_SIM_PACER_PROGRESSIVE = RD_PACER_PROGRESSIVE,
  RD_SIM_PACER_ADAPTIVE = RD_PACER_ADAPTIVE,
  RD_SIM_PACER_PREDICTIVE = RD_PACER_PREDICTIVE,
  RD_SIM_PACER_CLAIRVOYANT,
} RdSimPacer;

/* A simulated shift. Rates are fractions of launched calls, times are seconds. */
typedef struct {
  RdSimPacer     pacer;
  guint64        seed;
  guint          agents;
  double         shift;             /* length of each agent's shift (8 h) */
  double         stagger;           /* shifts start evenly over this (0: all at once) */
  double         answer_rate;       /* answered by a person */
  double         machine_rate;      /* answered by a machine (detected, hung up) */
  double         busy_rate;
  double         failed_rate;       /* the rest ring until the no-answer timeout */
  double         ring_mean;         /* ring time to a person's answer (log-normal) */
  double         ring_cv;
  double         no_answer_timeout; /* 25 s */
  double         talk_mean;
  double         talk_cv;
  RdSimTalkShape talk_shape;
  double         wrap_mean;         /* log-normal, cut at wrap_timeout */
  double         wrap_cv;
  double         wrap_timeout;      /* 30 s */
  double         preview_mean;      /* preview mode: time to read the card and dial */
  guint          breaks;            /* breaks per agent, spread over the shift */
  double         break_length;
  double         grace;             /* 2 s: an answer with no free agent by then is abandoned */
  double         abandon_cap;       /* 0.03 */
  double         tick;              /* pacer period, 1 s */
} RdSimConfig;

typedef struct {
  guint64 calls;                 /* launched */
  guint64 answered;              /* by a person */
  guint64 machines;
  guint64 abandoned;             /* safe-harbor message, no agent within the grace */
  guint64 connects;              /* answered and given to an agent */
  double  abandon_rate;          /* abandoned / answered */
  double  utilization;           /* talk time / logged-in time not paused */
  double  mean_wait;             /* mean ready time before each connect, s */
  double  calls_per_agent_hour;  /* launched calls per logged-in agent hour */
  double  connects_per_agent_hour;
  double  measured_answer_rate;  /* answered / calls */
  double  measured_talk_mean;    /* mean of the conversations' drawn lengths */
} RdSimResult;

/* Fills @config with the defaults (20 agents, 8 h, 30 % answer, talk 180 s …). */
void         rd_sim_config_init     (RdSimConfig        *config);

/* Checks ranges; FALSE with RD_SIM_ERROR_INVALID and a message naming the field. */
gboolean     rd_sim_config_validate (const RdSimConfig  *config,
                                     GError            **error);

/* Runs one shift. Deterministic: the same config (seed included) gives the same result. */
gboolean     rd_sim_run             (const RdSimConfig  *config,
                                     RdSimResult        *result,
                                     GError            **error);

/* "preview", "progressive", "adaptive", "predictive", "clairvoyant" */
const char  *rd_sim_pacer_to_string   (RdSimPacer  pacer);
gboolean     rd_sim_pacer_from_string (const char *text,
                                       RdSimPacer *pacer);

G_END_DECLS
