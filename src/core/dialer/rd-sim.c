/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-rng.h"
#include "rd-sim.h"

/* A discrete-event simulation of one outbound shift: events in a binary heap ordered
 * by (time, sequence), so that ties resolve the same way on every run. */

G_DEFINE_QUARK (rd-sim-error-quark, rd_sim_error)

typedef enum {
  EV_TICK,
  EV_CALL_RESULT,     /* a ringing call is answered or ends */
  EV_GRACE_OVER,      /* an answered call waited the whole grace */
  EV_TALK_END,
  EV_WRAP_END,
  EV_BREAK_END,
  EV_PREVIEW_DIAL,    /* preview: the agent has read the card and dials */
  EV_ORACLE_LAUNCH,   /* clairvoyant: launch the call planned for an agent */
  EV_LOGIN,
  EV_LOGOUT,          /* due: the agent leaves when next free */
} EventType;

/* An agent outside its shift; not an RdAgentState the pacer ever sees. */
#define AGENT_ABSENT ((RdAgentState) 100)

typedef struct {
  double  time;
  guint64 seq;
  guint   type;
  guint   index;
} Event;

typedef enum {
  CALL_RINGING,
  CALL_WAITING,
  CALL_DONE,
} CallState;

typedef struct {
  double       launched;
  double       ring;        /* seconds until the result */
  RdCallResult result;
  CallState    state;
  int          agent;       /* reserved agent (preview, clairvoyant) or -1 */
  guint        ringing_pos; /* index in Sim.ringing while ringing */
} Call;

typedef struct {
  RdAgentState state;
  double       since;
  double       talk;        /* drawn at connect, with wrap, so the oracle knows them */
  double       wrap;
  double       talk_total;
  double       ready_total;
  double       paused_total;
  guint        next_break;
  double       oracle_ring; /* clairvoyant: ring time of the planned call */
  guint        pending;     /* 1 + a reserved call answered before the agent was back */
  double       login_at;
  double       logout_at;
  gboolean     logout_due;
  double       logged_total;
} Agent;

typedef struct {
  const RdSimConfig *cfg;
  RdRng         leads;      /* outcomes of the leads, in dialling order */
  RdRng         people;     /* talk, wrap and preview times */
  GArray       *heap;       /* Event */
  guint64       seq;
  double        now;
  Agent        *agents;
  double       *break_at;   /* [agent * breaks + i] */
  GArray       *calls;      /* Call */
  GArray       *ringing;    /* guint call index */
  GArray       *waiting;    /* guint call index, FIFO from waiting_head */
  guint         waiting_head;
  RdPacer      *pacer;
  RdPacerAgent *pacer_agents;
  GArray       *ages;
  RdSimResult   r;
  double        talk_drawn;
  double        end;        /* the last agent's logout */
} Sim;

/* ---- heap -------------------------------------------------------------------- */

static gboolean
event_before (const Event *a,
              const Event *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void
push_event (Sim       *sim,
            double     time,
            EventType  type,
            guint      index)
{
  Event ev = { time, sim->seq++, type, index };
  Event *h;
  guint i;

  g_array_append_val (sim->heap, ev);
  h = (Event *) sim->heap->data;
  i = sim->heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!event_before (&h[i], &h[parent]))
        break;
      ev = h[i]; h[i] = h[parent]; h[parent] = ev;
      i = parent;
    }
}

static Event
pop_event (Sim *sim)
{
  Event *h = (Event *) sim->heap->data;
  Event top = h[0];
  guint n = sim->heap->len - 1;
  guint i = 0;

  h[0] = h[n];
  g_array_set_size (sim->heap, n);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Event tmp;

      if (l < n && event_before (&h[l], &h[m]))
        m = l;
      if (r < n && event_before (&h[r], &h[m]))
        m = r;
      if (m == i)
        break;
      tmp = h[i]; h[i] = h[m]; h[m] = tmp;
      i = m;
    }
  return top;
}

/* ---- config ------------------------------------------------------------------ */

static const char *pacer_names[] = {
  "preview", "progressive", "adaptive", "predictive", "clairvoyant"
};

const char *
rd_sim_pacer_to_string (RdSimPacer pacer)
{
  g_return_val_if_fail (pacer <= RD_SIM_PACER_CLAIRVOYANT, NULL);
  return pacer_names[pacer];
}

gboolean
rd_sim_pacer_from_string (const char *text,
                          RdSimPacer *pacer)
{
  for (guint i = 0; i < G_N_ELEMENTS (pacer_names); i++)
    if (g_strcmp0 (text, pacer_names[i]) == 0)
      {
        *pacer = i;
        return TRUE;
      }
  return FALSE;
}

void
rd_sim_config_init (RdSimConfig *config)
{
  *config = (RdSimConfig) {
    .pacer = RD_SIM_PACER_PREDICTIVE,
    .seed = 1,
    .agents = 20,
    .shift = 8 * 3600.0,
    .answer_rate = 0.3,
    .machine_rate = 0.0,
    .busy_rate = 0.08,
    .failed_rate = 0.02,
    .ring_mean = 8.0,
    .ring_cv = 0.6,
    .no_answer_timeout = 25.0,
    .talk_mean = 180.0,
    .talk_cv = 0.8,
    .talk_shape = RD_SIM_TALK_LOGNORMAL,
    .wrap_mean = 12.0,
    .wrap_cv = 0.6,
    .wrap_timeout = 30.0,
    .preview_mean = 10.0,
    .stagger = 0.0,
    .breaks = 3,
    .break_length = 900.0,
    .grace = 2.0,
    .abandon_cap = 0.03,
    .tick = 1.0,
  };
}

#define CHECK(cond, ...) G_STMT_START {                                    \
    if (!(cond))                                                           \
      {                                                                    \
        g_set_error (error, RD_SIM_ERROR, RD_SIM_ERROR_INVALID, __VA_ARGS__); \
        return FALSE;                                                      \
      }                                                                    \
  } G_STMT_END

gboolean
rd_sim_config_validate (const RdSimConfig  *c,
                        GError            **error)
{
  CHECK (c->pacer <= RD_SIM_PACER_CLAIRVOYANT, "Unknown pacer");
  CHECK (c->agents >= 1 && c->agents <= 10000, "agents must be 1..10000");
  CHECK (c->shift > 0 && c->shift <= 7 * 86400.0, "shift must be 0..604800 s");
  CHECK (c->stagger >= 0 && c->stagger <= 7 * 86400.0, "stagger must be 0..604800 s");
  CHECK (c->answer_rate > 0 && c->answer_rate <= 1, "answer rate must be in (0, 1]");
  CHECK (c->machine_rate >= 0 && c->busy_rate >= 0 && c->failed_rate >= 0,
         "rates must not be negative");
  CHECK (c->answer_rate + c->machine_rate + c->busy_rate + c->failed_rate <= 1.0 + 1e-9,
         "answer, machine, busy and failed rates add up to more than 1");
  CHECK (c->no_answer_timeout >= 2 && c->no_answer_timeout <= 120,
         "no-answer timeout must be 2..120 s");
  CHECK (c->ring_mean > 0 && c->ring_mean < c->no_answer_timeout,
         "ring mean must be above 0 and under the no-answer timeout");
  CHECK (c->ring_cv > 0 && c->talk_cv > 0 && c->wrap_cv > 0,
         "coefficients of variation must be above 0");
  CHECK (c->talk_mean >= 1 && c->talk_mean <= 36000, "talk mean must be 1..36000 s");
  CHECK (c->wrap_mean >= 0 && c->wrap_timeout >= 0, "wrap-up times must not be negative");
  CHECK (c->preview_mean >= 0, "preview time must not be negative");
  CHECK (c->breaks <= 20 && c->break_length >= 0 &&
         c->breaks * c->break_length < c->shift, "breaks must fit in the shift");
  CHECK (c->grace >= 0 && c->grace <= 60, "grace must be 0..60 s");
  CHECK (c->abandon_cap >= 0 && c->abandon_cap < 1, "abandon cap must be in [0, 1)");
  CHECK (c->tick >= 0.05 && c->tick <= 60, "tick must be 0.05..60 s");
  return TRUE;
}

/* ---- agents --------------------------------------------------------------------- */

static void
set_state (Sim          *sim,
           guint         a,
           RdAgentState  state)
{
  Agent *agent = &sim->agents[a];
  double spent = sim->now - agent->since;

  switch (agent->state)
    {
    case RD_AGENT_READY:
    case RD_AGENT_PREVIEWING:
      agent->ready_total += spent;
      break;
    case RD_AGENT_ON_CALL:
      agent->talk_total += spent;
      break;
    case RD_AGENT_PAUSED:
      agent->paused_total += spent;
      break;
    case RD_AGENT_WRAP_UP:
    default:
      break;
    }
  agent->state = state;
  agent->since = sim->now;
}

static gboolean
break_due (Sim    *sim,
           guint   a,
           double  at)
{
  Agent *agent = &sim->agents[a];

  return agent->next_break < sim->cfg->breaks &&
         sim->break_at[a * sim->cfg->breaks + agent->next_break] <= at;
}

static Call *
call_at (Sim   *sim,
         guint  c)
{
  return &g_array_index (sim->calls, Call, c);
}

/* The lead's outcome, drawn from the leads stream in dialling order. */
static void
draw_lead (Sim          *sim,
           RdCallResult *result,
           double       *ring)
{
  const RdSimConfig *cfg = sim->cfg;
  double u = rd_rng_uniform (&sim->leads);
  double timeout = cfg->no_answer_timeout;

  if (u < cfg->answer_rate || u < cfg->answer_rate + cfg->machine_rate)
    {
      double t = timeout;

      *result = u < cfg->answer_rate ? RD_CALL_RESULT_HUMAN : RD_CALL_RESULT_MACHINE;
      for (int i = 0; i < 20 && t >= timeout - 0.5; i++)
        t = rd_rng_lognormal (&sim->leads, cfg->ring_mean, cfg->ring_cv);
      *ring = MIN (t, timeout - 0.5);
    }
  else if (u < cfg->answer_rate + cfg->machine_rate + cfg->busy_rate)
    {
      *result = RD_CALL_RESULT_BUSY;
      *ring = 1.0 + 3.0 * rd_rng_uniform (&sim->leads);
    }
  else if (u < cfg->answer_rate + cfg->machine_rate + cfg->busy_rate + cfg->failed_rate)
    {
      *result = RD_CALL_RESULT_FAILED;
      *ring = 0.5 + 2.5 * rd_rng_uniform (&sim->leads);
    }
  else
    {
      *result = RD_CALL_RESULT_NO_ANSWER;
      *ring = timeout;
    }
}

static void
launch_call (Sim          *sim,
             int           agent,
             RdCallResult  result,
             double        ring)
{
  Call call = { sim->now, ring, result, CALL_RINGING, agent, sim->ringing->len };
  guint c = sim->calls->len;

  g_array_append_val (sim->calls, call);
  g_array_append_val (sim->ringing, c);
  push_event (sim, sim->now + ring, EV_CALL_RESULT, c);
  sim->r.calls++;
}

static void
plan_oracle_call (Sim    *sim,
                  guint   a,
                  double  ready_at)
{
  RdCallResult result;
  double ring;

  /* It knows which leads will answer: it dials only those. */
  do
    draw_lead (sim, &result, &ring);
  while (result != RD_CALL_RESULT_HUMAN);

  if (ready_at - ring >= sim->end || ready_at >= sim->agents[a].logout_at)
    return;
  sim->agents[a].oracle_ring = ring;
  push_event (sim, MAX (sim->now, ready_at - ring), EV_ORACLE_LAUNCH, a);
}

static void
connect (Sim   *sim,
         guint  a,
         guint  c)
{
  Agent *agent = &sim->agents[a];
  const RdSimConfig *cfg = sim->cfg;
  double ready_at;

  call_at (sim, c)->state = CALL_DONE;
  set_state (sim, a, RD_AGENT_ON_CALL);
  if (cfg->talk_shape == RD_SIM_TALK_GAMMA)
    agent->talk = rd_rng_gamma (&sim->people, cfg->talk_mean, cfg->talk_cv);
  else
    agent->talk = rd_rng_lognormal (&sim->people, cfg->talk_mean, cfg->talk_cv);
  agent->talk = MAX (agent->talk, 1.0);
  agent->wrap = cfg->wrap_mean > 0
                  ? MIN (rd_rng_lognormal (&sim->people, cfg->wrap_mean, cfg->wrap_cv),
                         cfg->wrap_timeout)
                  : 0.0;
  sim->talk_drawn += agent->talk;
  sim->r.connects++;
  push_event (sim, sim->now + agent->talk, EV_TALK_END, a);

  if (cfg->pacer == RD_SIM_PACER_CLAIRVOYANT)
    {
      ready_at = sim->now + agent->talk + agent->wrap;
      if (break_due (sim, a, ready_at))
        ready_at += cfg->break_length;
      plan_oracle_call (sim, a, ready_at);
    }
}

/* Longest-waiting ready agent, or -1. */
static int
free_agent (Sim *sim)
{
  int best = -1;

  for (guint a = 0; a < sim->cfg->agents; a++)
    if (sim->agents[a].state == RD_AGENT_READY &&
        (best < 0 || sim->agents[a].since < sim->agents[best].since))
      best = a;
  return best;
}

static void
agent_ready (Sim   *sim,
             guint  a)
{
  Agent *agent = &sim->agents[a];

  if (agent->logout_due && agent->pending == 0)
    {
      set_state (sim, a, AGENT_ABSENT);
      agent->logged_total += sim->now - agent->login_at;
      return;
    }

  set_state (sim, a, RD_AGENT_READY);

  if (agent->pending > 0)
    {
      guint c = agent->pending - 1;

      agent->pending = 0;
      connect (sim, a, c);
      return;
    }

  /* An answered call waiting for an agent takes this one at once. */
  if (sim->waiting_head < sim->waiting->len)
    {
      guint c = g_array_index (sim->waiting, guint, sim->waiting_head++);

      connect (sim, a, c);
    }
}

/* ---- events ---------------------------------------------------------------- */

static void
remove_ringing (Sim  *sim,
                Call *call)
{
  guint pos = call->ringing_pos;
  guint last = g_array_index (sim->ringing, guint, sim->ringing->len - 1);

  g_array_index (sim->ringing, guint, pos) = last;
  call_at (sim, last)->ringing_pos = pos;
  g_array_set_size (sim->ringing, sim->ringing->len - 1);
}

static void
on_call_result (Sim   *sim,
                guint  c)
{
  Call *call = call_at (sim, c);
  int a;

  remove_ringing (sim, call);
  if (sim->pacer != NULL)
    rd_pacer_observe_call (sim->pacer, call->result, call->ring);

  if (call->result == RD_CALL_RESULT_MACHINE)
    sim->r.machines++;

  if (call->result != RD_CALL_RESULT_HUMAN)
    {
      call->state = CALL_DONE;
      if (call->agent >= 0)  /* preview: back to ready, the next tick offers a new card */
        agent_ready (sim, call->agent);
      return;
    }

  sim->r.answered++;
  if (call->agent >= 0)
    {
      /* A reserved agent (preview, clairvoyant) takes its own call; the oracle's may
       * answer a hair before its agent is back, by rounding. */
      Agent *agent = &sim->agents[call->agent];

      if (agent->state == RD_AGENT_READY || agent->state == RD_AGENT_PREVIEWING)
        connect (sim, call->agent, c);
      else
        agent->pending = c + 1;
      return;
    }

  a = free_agent (sim);
  if (a >= 0)
    connect (sim, a, c);
  else
    {
      call->state = CALL_WAITING;
      g_array_append_val (sim->waiting, c);
      push_event (sim, sim->now + sim->cfg->grace, EV_GRACE_OVER, c);
    }
}

static void
on_grace_over (Sim   *sim,
               guint  c)
{
  Call *call = call_at (sim, c);

  if (call->state != CALL_WAITING)
    return;
  /* Nobody free: the safe-harbor message plays and the call counts as abandoned. */
  g_assert (g_array_index (sim->waiting, guint, sim->waiting_head) == c);
  sim->waiting_head++;
  call->state = CALL_DONE;
  sim->r.abandoned++;
}

static void
on_talk_end (Sim   *sim,
             guint  a)
{
  Agent *agent = &sim->agents[a];

  if (sim->pacer != NULL)
    rd_pacer_observe_talk (sim->pacer, agent->talk);
  set_state (sim, a, RD_AGENT_WRAP_UP);
  push_event (sim, sim->now + agent->wrap, EV_WRAP_END, a);
}

static void
on_wrap_end (Sim   *sim,
             guint  a)
{
  Agent *agent = &sim->agents[a];

  if (sim->pacer != NULL)
    rd_pacer_observe_wrap (sim->pacer, agent->wrap);
  if (break_due (sim, a, sim->now))
    {
      agent->next_break++;
      set_state (sim, a, RD_AGENT_PAUSED);
      push_event (sim, sim->now + sim->cfg->break_length, EV_BREAK_END, a);
      return;
    }
  agent_ready (sim, a);
}

static void
on_tick (Sim *sim)
{
  RdPacerDecision decision = { 0 };
  RdPacerInput input = { 0 };
  const RdSimConfig *cfg = sim->cfg;

  guint present = 0;

  for (guint a = 0; a < cfg->agents; a++)
    {
      RdPacerAgent *pa = &sim->pacer_agents[present];

      if (sim->agents[a].state == AGENT_ABSENT)
        continue;
      pa->id = a;
      pa->state = sim->agents[a].state;
      pa->seconds_in_state = sim->now - sim->agents[a].since;
      pa->pause_reason = sim->agents[a].state == RD_AGENT_PAUSED ? "break" : NULL;
      present++;
    }
  g_array_set_size (sim->ages, sim->ringing->len);
  for (guint i = 0; i < sim->ringing->len; i++)
    g_array_index (sim->ages, double, i) =
      sim->now - call_at (sim, g_array_index (sim->ringing, guint, i))->launched;

  input.now = sim->now;
  input.shift_start = 0;
  input.shift_end = sim->end;
  input.agents = sim->pacer_agents;
  input.n_agents = present;
  input.ringing_ages = (const double *) sim->ages->data;
  input.n_ringing = sim->ages->len;
  input.n_waiting = sim->waiting->len - sim->waiting_head;
  input.answered = sim->r.answered;
  input.abandoned = sim->r.abandoned;
  input.abandon_cap = cfg->abandon_cap;

  rd_pacer_tick (sim->pacer, &input, &decision);

  for (guint i = 0; i < decision.launch; i++)
    {
      RdCallResult result;
      double ring;

      draw_lead (sim, &result, &ring);
      launch_call (sim, -1, result, ring);
    }

  if (decision.offers != NULL)
    for (guint i = 0; i < decision.offers->len; i++)
      {
        guint a = g_array_index (decision.offers, guint, i);
        double t = cfg->preview_mean > 0
                     ? rd_rng_lognormal (&sim->people, cfg->preview_mean, 0.5) : 0.0;

        set_state (sim, a, RD_AGENT_PREVIEWING);
        push_event (sim, sim->now + t, EV_PREVIEW_DIAL, a);
      }

  rd_pacer_decision_clear (&decision);
  push_event (sim, sim->now + cfg->tick, EV_TICK, 0);
}

static void
on_preview_dial (Sim   *sim,
                 guint  a)
{
  RdCallResult result;
  double ring;

  draw_lead (sim, &result, &ring);
  launch_call (sim, a, result, ring);
}

static void
on_oracle_launch (Sim   *sim,
                  guint  a)
{
  launch_call (sim, a, RD_CALL_RESULT_HUMAN, sim->agents[a].oracle_ring);
}

static void
on_login (Sim   *sim,
          guint  a)
{
  Agent *agent = &sim->agents[a];

  agent->since = sim->now;
  agent->login_at = sim->now;
  agent_ready (sim, a);
  if (sim->cfg->pacer == RD_SIM_PACER_CLAIRVOYANT)
    plan_oracle_call (sim, a, sim->now);
}

static void
on_logout (Sim   *sim,
           guint  a)
{
  Agent *agent = &sim->agents[a];

  guint ready = 0;

  agent->logout_due = TRUE;
  if (agent->state != RD_AGENT_READY || agent->pending > 0)
    return;   /* leaves when this call and its wrap-up are done */

  /* Idle: leaves now, unless a call already dialled needs it; then it takes that call. */
  for (guint i = 0; i < sim->cfg->agents; i++)
    if (sim->agents[i].state == RD_AGENT_READY)
      ready++;
  if (ready > sim->ringing->len + (sim->waiting->len - sim->waiting_head))
    agent_ready (sim, a);
}

/* ---- run ------------------------------------------------------------------- */

gboolean
rd_sim_run (const RdSimConfig  *cfg,
            RdSimResult        *result,
            GError            **error)
{
  Sim sim = { 0 };
  double available = 0.0, talk = 0.0, ready = 0.0, hours;

  g_return_val_if_fail (cfg != NULL && result != NULL, FALSE);

  if (!rd_sim_config_validate (cfg, error))
    return FALSE;

  sim.cfg = cfg;
  rd_rng_init (&sim.leads, cfg->seed, 1);
  rd_rng_init (&sim.people, cfg->seed, 2);
  sim.heap = g_array_sized_new (FALSE, FALSE, sizeof (Event), 1024);
  sim.calls = g_array_sized_new (FALSE, FALSE, sizeof (Call), 4096);
  sim.ringing = g_array_new (FALSE, FALSE, sizeof (guint));
  sim.waiting = g_array_new (FALSE, FALSE, sizeof (guint));
  sim.ages = g_array_new (FALSE, FALSE, sizeof (double));
  sim.agents = g_new0 (Agent, cfg->agents);
  sim.pacer_agents = g_new0 (RdPacerAgent, cfg->agents);
  sim.break_at = g_new0 (double, MAX (1, cfg->agents * cfg->breaks));

  /* Shifts start one after another over the stagger; breaks spread evenly over each
   * agent's shift, each a little off the others'. */
  sim.end = cfg->shift + cfg->stagger;
  {
    RdRng shifts;

    rd_rng_init (&shifts, cfg->seed, 3);
    for (guint a = 0; a < cfg->agents; a++)
      {
        Agent *agent = &sim.agents[a];

        agent->login_at = cfg->stagger * a / cfg->agents;
        agent->logout_at = agent->login_at + cfg->shift;
        for (guint i = 0; i < cfg->breaks; i++)
          sim.break_at[a * cfg->breaks + i] = agent->login_at +
            cfg->shift * (i + 1) / (cfg->breaks + 1) + (rd_rng_uniform (&shifts) - 0.5) * 1200.0;
      }
  }

  if (cfg->pacer != RD_SIM_PACER_CLAIRVOYANT)
    {
      sim.pacer = rd_pacer_new ((RdPacerMode) cfg->pacer);
      push_event (&sim, 0.0, EV_TICK, 0);
    }
  for (guint a = 0; a < cfg->agents; a++)
    {
      Agent *agent = &sim.agents[a];

      agent->state = AGENT_ABSENT;
      if (agent->login_at <= 0.0)
        on_login (&sim, a);
      else
        push_event (&sim, agent->login_at, EV_LOGIN, a);
      if (agent->logout_at < sim.end)
        push_event (&sim, agent->logout_at, EV_LOGOUT, a);
    }

  while (sim.heap->len > 0)
    {
      Event ev = pop_event (&sim);

      if (ev.time > sim.end)
        break;
      sim.now = ev.time;
      switch (ev.type)
        {
        case EV_TICK: on_tick (&sim); break;
        case EV_CALL_RESULT: on_call_result (&sim, ev.index); break;
        case EV_GRACE_OVER: on_grace_over (&sim, ev.index); break;
        case EV_TALK_END: on_talk_end (&sim, ev.index); break;
        case EV_WRAP_END: on_wrap_end (&sim, ev.index); break;
        case EV_BREAK_END: agent_ready (&sim, ev.index); break;
        case EV_PREVIEW_DIAL: on_preview_dial (&sim, ev.index); break;
        case EV_ORACLE_LAUNCH: on_oracle_launch (&sim, ev.index); break;
        case EV_LOGIN: on_login (&sim, ev.index); break;
        case EV_LOGOUT: on_logout (&sim, ev.index); break;
        default: g_assert_not_reached ();
        }
    }

  /* Close the books at the end of the last shift. */
  sim.now = sim.end;
  hours = 0.0;
  for (guint a = 0; a < cfg->agents; a++)
    {
      Agent *agent = &sim.agents[a];

      set_state (&sim, a, agent->state);
      if (agent->state != AGENT_ABSENT)
        agent->logged_total += sim.end - agent->login_at;
      talk += agent->talk_total;
      ready += agent->ready_total;
      available += agent->logged_total - agent->paused_total;
      hours += agent->logged_total / 3600.0;
    }

  sim.r.abandon_rate = sim.r.answered > 0 ? (double) sim.r.abandoned / sim.r.answered : 0.0;
  sim.r.utilization = available > 0 ? talk / available : 0.0;
  sim.r.mean_wait = sim.r.connects > 0 ? ready / sim.r.connects : sim.end;
  sim.r.calls_per_agent_hour = hours > 0 ? sim.r.calls / hours : 0.0;
  sim.r.connects_per_agent_hour = hours > 0 ? sim.r.connects / hours : 0.0;
  sim.r.measured_answer_rate = sim.r.calls > 0 ? (double) sim.r.answered / sim.r.calls : 0.0;
  sim.r.measured_talk_mean = sim.r.connects > 0 ? sim.talk_drawn / sim.r.connects : 0.0;
  *result = sim.r;

  g_clear_object (&sim.pacer);
  g_array_unref (sim.heap);
  g_array_unref (sim.calls);
  g_array_unref (sim.ringing);
  g_array_unref (sim.waiting);
  g_array_unref (sim.ages);
  g_free (sim.agents);
  g_free (sim.pacer_agents);
  g_free (sim.break_at);
  return TRUE;
}
