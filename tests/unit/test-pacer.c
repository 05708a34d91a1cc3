/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "rd-pacer.h"
#include "rd-rng.h"
#include "rd-sim.h"

static void
test_rng_deterministic (void)
{
  RdRng a, b, c;
  double sum = 0.0;

  rd_rng_init (&a, 7, 1);
  rd_rng_init (&b, 7, 1);
  rd_rng_init (&c, 7, 2);
  for (int i = 0; i < 1000; i++)
    {
      guint64 x = rd_rng_next (&a);

      g_assert_cmpuint (x, ==, rd_rng_next (&b));
      g_assert_cmpuint (x, !=, rd_rng_next (&c));
    }
  /* The documented algorithm (xoshiro256** over splitmix64) gives these on every machine. */
  rd_rng_init (&a, 0, 0);
  g_assert_cmpuint (rd_rng_next (&a), ==, G_GUINT64_CONSTANT (0x99ec5f36cb75f2b4));

  for (int i = 0; i < 100000; i++)
    sum += rd_rng_lognormal (&b, 180.0, 0.8);
  g_assert_cmpfloat_with_epsilon (sum / 100000, 180.0, 3.0);
}

static RdPacerAgent *
agents_in (guint        ready,
           guint        on_call,
           double       talk_age,
           guint       *n)
{
  RdPacerAgent *agents = g_new0 (RdPacerAgent, ready + on_call);

  for (guint i = 0; i < ready + on_call; i++)
    {
      agents[i].id = 100 + i;
      agents[i].state = i < ready ? RD_AGENT_READY : RD_AGENT_ON_CALL;
      agents[i].seconds_in_state = i < ready ? 5.0 : talk_age;
    }
  *n = ready + on_call;
  return agents;
}

static void
test_pacer_progressive_and_preview (void)
{
  g_autoptr(RdPacer) progressive = rd_pacer_new (RD_PACER_PROGRESSIVE);
  g_autoptr(RdPacer) preview = rd_pacer_new (RD_PACER_PREVIEW);
  g_autofree RdPacerAgent *agents = NULL;
  RdPacerDecision decision = { 0 };
  RdPacerInput input = { 0 };
  double ages[] = { 1.0, 3.0 };

  input.agents = agents = agents_in (5, 3, 30.0, &input.n_agents);
  input.ringing_ages = ages;
  input.n_ringing = 2;
  input.n_waiting = 1;
  input.abandon_cap = 0.03;

  rd_pacer_tick (progressive, &input, &decision);
  g_assert_cmpuint (decision.launch, ==, 2);   /* 5 ready - 2 ringing - 1 waiting */

  rd_pacer_tick (preview, &input, &decision);
  g_assert_cmpuint (decision.launch, ==, 0);
  g_assert_cmpuint (decision.offers->len, ==, 5);
  g_assert_cmpuint (g_array_index (decision.offers, guint, 0), ==, 100);
  rd_pacer_decision_clear (&decision);
  g_assert_null (decision.offers);
}

static void
test_pacer_adaptive_steps (void)
{
  g_autoptr(RdPacer) pacer = rd_pacer_new (RD_PACER_ADAPTIVE);
  g_autofree RdPacerAgent *agents = NULL;
  RdPacerDecision decision = { 0 };
  RdPacerInput input = { 0 };

  input.agents = agents = agents_in (10, 0, 0, &input.n_agents);
  input.shift_end = 8 * 3600;
  input.abandon_cap = 0.03;
  input.answered = 1000;

  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpfloat (decision.dial_level, ==, 1.0);
  g_assert_cmpuint (decision.launch, ==, 10);

  /* Under the target: a step up every 15 s, capped at 3. */
  for (int t = 15; t <= 30 * 15; t += 15)
    {
      input.now = t;
      rd_pacer_tick (pacer, &input, &decision);
    }
  g_assert_cmpfloat_with_epsilon (decision.dial_level, 3.0, 1e-9);
  g_assert_cmpuint (decision.launch, ==, 30);

  /* Over even the early (doubled) target: down again. */
  input.abandoned = 100;
  input.now += 15;
  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpfloat (decision.dial_level, <, 3.0);
}

static void
test_pacer_predictive_forecast (void)
{
  g_autoptr(RdPacer) pacer = rd_pacer_new (RD_PACER_PREDICTIVE);
  g_autofree RdPacerAgent *busy = NULL;
  g_autofree RdPacerAgent *idle = NULL;
  RdPacerDecision decision = { 0 };
  RdPacerInput input = { 0 };

  rd_pacer_set_prior (pacer, 0.5, 8.0, 120.0, 10.0, 1000.0);
  input.abandon_cap = 0.03;
  input.answered = 2000;
  input.abandoned = 10;

  /* Everyone talking for 10 s of a 120 s mean: nobody frees soon, nothing to launch. */
  input.agents = busy = agents_in (0, 20, 10.0, &input.n_agents);
  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpuint (decision.launch, ==, 0);

  /* 20 ready agents at a 50 % answer rate: more than one call per agent, fewer than
   * four. */
  input.agents = idle = agents_in (20, 0, 0, &input.n_agents);
  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpuint (decision.launch, >, 20);
  g_assert_cmpuint (decision.launch, <, 80);

  /* With the day's budget spent, never fewer than progressive, but not many more. */
  input.abandoned = 100;
  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpuint (decision.launch, >=, 20);
  g_assert_cmpuint (decision.launch, <, 30);
}

static void
test_pacer_predictive_learns (void)
{
  g_autoptr(RdPacer) pacer = rd_pacer_new (RD_PACER_PREDICTIVE);
  g_autofree RdPacerAgent *idle = NULL;
  RdPacerDecision decision = { 0 };
  RdPacerInput input = { 0 };
  guint before;

  input.abandon_cap = 0.03;
  input.answered = 2000;
  input.abandoned = 10;
  input.agents = idle = agents_in (20, 0, 0, &input.n_agents);
  rd_pacer_tick (pacer, &input, &decision);
  before = decision.launch;

  /* Outcomes show one answer in ten: the same ready agents now need more calls. */
  for (int i = 0; i < 3000; i++)
    {
      if (i % 10 == 0)
        rd_pacer_observe_call (pacer, RD_CALL_RESULT_HUMAN, 6.0 + i % 7);
      else if (i % 10 < 3)
        rd_pacer_observe_call (pacer, RD_CALL_RESULT_BUSY, 2.0);
      else
        rd_pacer_observe_call (pacer, RD_CALL_RESULT_NO_ANSWER, 25.0);
    }
  rd_pacer_tick (pacer, &input, &decision);
  g_assert_cmpuint (decision.launch, >, 2 * before);
  g_assert_cmpuint (decision.launch, <, 20 * 20);
}

static void
short_shift (RdSimConfig *cfg,
             RdSimPacer   pacer,
             guint64      seed)
{
  rd_sim_config_init (cfg);
  cfg->pacer = pacer;
  cfg->seed = seed;
  cfg->shift = 2 * 3600;
  cfg->breaks = 1;
}

static void
test_sim_deterministic (void)
{
  RdSimConfig cfg;
  RdSimResult a, b, c;

  short_shift (&cfg, RD_SIM_PACER_PREDICTIVE, 7);
  g_assert_true (rd_sim_run (&cfg, &a, NULL));
  g_assert_true (rd_sim_run (&cfg, &b, NULL));
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
  cfg.seed = 8;
  g_assert_true (rd_sim_run (&cfg, &c, NULL));
  g_assert_cmpuint (a.calls, !=, c.calls);

  /* Staggered shifts: the books cover each agent's own shift, plus the call an agent
   * finishes after its shift ends. */
  cfg.stagger = 3600;
  cfg.pacer = RD_SIM_PACER_PROGRESSIVE;
  g_assert_true (rd_sim_run (&cfg, &a, NULL));
  g_assert_cmpfloat (a.calls / a.calls_per_agent_hour, >=, cfg.agents * 2.0);
  g_assert_cmpfloat (a.calls / a.calls_per_agent_hour, <, cfg.agents * 2.0 + cfg.agents * 0.2);
  g_assert_cmpfloat (a.utilization, >, 0.5);
  g_assert_cmpfloat (a.utilization, <, 1.0);
}

static void
test_sim_never_abandon (void)
{
  const RdSimPacer pacers[] = { RD_SIM_PACER_PREVIEW, RD_SIM_PACER_PROGRESSIVE };

  for (guint p = 0; p < G_N_ELEMENTS (pacers); p++)
    for (guint64 seed = 1; seed <= 3; seed++)
      {
        RdSimConfig cfg;
        RdSimResult r;

        short_shift (&cfg, pacers[p], seed);
        cfg.answer_rate = 0.6;
        cfg.talk_mean = 60;
        cfg.stagger = seed == 3 ? 3600 : 0;   /* agents coming and going */
        g_assert_true (rd_sim_run (&cfg, &r, NULL));
        g_assert_cmpuint (r.answered, >, 100);
        g_assert_cmpuint (r.abandoned, ==, 0);
        g_assert_cmpuint (r.connects, >=, r.answered - cfg.agents);
      }
}

static void
test_sim_predictive_cap (void)
{
  const struct { guint agents; double rate, talk; } cells[] = {
    { 5, 0.3, 60 }, { 20, 0.1, 180 }, { 50, 0.6, 60 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    for (guint64 seed = 1; seed <= 2; seed++)
      {
        RdSimConfig cfg;
        RdSimResult r, progressive;

        rd_sim_config_init (&cfg);
        cfg.seed = seed;
        cfg.agents = cells[i].agents;
        cfg.answer_rate = cells[i].rate;
        cfg.talk_mean = cells[i].talk;
        cfg.shift = 4 * 3600;
        cfg.breaks = 1;
        cfg.pacer = RD_SIM_PACER_PREDICTIVE;
        g_assert_true (rd_sim_run (&cfg, &r, NULL));
        g_assert_cmpfloat (r.abandon_rate, <=, cfg.abandon_cap);
        g_assert_cmpuint (r.abandoned, >, 0);   /* it does dial ahead */

        cfg.pacer = RD_SIM_PACER_PROGRESSIVE;
        g_assert_true (rd_sim_run (&cfg, &progressive, NULL));
        g_assert_cmpfloat (r.utilization, >, progressive.utilization);
      }
}

static void
test_sim_matches_inputs (void)
{
  RdSimConfig cfg;
  RdSimResult r, oracle;

  rd_sim_config_init (&cfg);
  cfg.pacer = RD_SIM_PACER_PROGRESSIVE;
  cfg.agents = 50;
  cfg.answer_rate = 0.25;
  cfg.talk_mean = 120;
  cfg.talk_shape = RD_SIM_TALK_GAMMA;
  g_assert_true (rd_sim_run (&cfg, &r, NULL));

  g_assert_cmpuint (r.calls, >, 20000);
  g_assert_cmpfloat_with_epsilon (r.measured_answer_rate, 0.25, 0.01);
  g_assert_cmpfloat_with_epsilon (r.measured_talk_mean, 120.0, 3.0);
  g_assert_cmpfloat (r.utilization, >, 0.0);
  g_assert_cmpfloat (r.utilization, <, 1.0);

  /* The clairvoyant bound: no waiting beyond the first ring, no abandons. */
  cfg.pacer = RD_SIM_PACER_CLAIRVOYANT;
  g_assert_true (rd_sim_run (&cfg, &oracle, NULL));
  g_assert_cmpuint (oracle.abandoned, ==, 0);
  g_assert_cmpfloat (oracle.mean_wait, <, 1.0);
  g_assert_cmpfloat (oracle.utilization, >, r.utilization);
}

static void
test_sim_bad_config (void)
{
  g_autoptr(GError) error = NULL;
  RdSimConfig cfg;
  RdSimResult r;

  rd_sim_config_init (&cfg);
  cfg.answer_rate = 0.95;
  g_assert_false (rd_sim_run (&cfg, &r, &error));
  g_assert_error (error, RD_SIM_ERROR, RD_SIM_ERROR_INVALID);
  g_clear_error (&error);

  rd_sim_config_init (&cfg);
  cfg.agents = 0;
  g_assert_false (rd_sim_config_validate (&cfg, &error));
  g_assert_nonnull (strstr (error->message, "agents"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pacer/rng/deterministic", test_rng_deterministic);
  g_test_add_func ("/pacer/progressive-and-preview", test_pacer_progressive_and_preview);
  g_test_add_func ("/pacer/adaptive/steps", test_pacer_adaptive_steps);
  g_test_add_func ("/pacer/predictive/forecast", test_pacer_predictive_forecast);
  g_test_add_func ("/pacer/predictive/learns", test_pacer_predictive_learns);
  g_test_add_func ("/pacer/sim/deterministic", test_sim_deterministic);
  g_test_add_func ("/pacer/sim/never-abandon", test_sim_never_abandon);
  g_test_add_func ("/pacer/sim/predictive-cap", test_sim_predictive_cap);
  g_test_add_func ("/pacer/sim/matches-inputs", test_sim_matches_inputs);
  g_test_add_func ("/pacer/sim/bad-config", test_sim_bad_config);

  return g_test_run ();
}
