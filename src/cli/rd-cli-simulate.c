/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rd-cli.h"
#include "rd-sim.h"

/* `ringdesk-cli simulate`: one simulated shift of an outbound campaign, one figure a line. */

RdCliStatus
rd_cli_simulate_run (RdCliGlobal  *global,
                     int           argc,
                     char        **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pacer = NULL;
  g_autofree char *talk_shape = NULL;
  RdSimConfig cfg;
  RdSimResult r;
  int agents, breaks;
  gint64 seed;
  double hours, stagger = 0.0;

  rd_sim_config_init (&cfg);
  agents = cfg.agents;
  breaks = cfg.breaks;
  seed = (gint64) cfg.seed;
  hours = cfg.shift / 3600.0;

  {
    const GOptionEntry entries[] = {
      { "pacer", 0, 0, G_OPTION_ARG_STRING, &pacer,
        "preview, progressive, adaptive, predictive or clairvoyant (default predictive)", "NAME" },
      { "agents", 0, 0, G_OPTION_ARG_INT, &agents, "Agents logged in (default 20)", "N" },
      { "hours", 0, 0, G_OPTION_ARG_DOUBLE, &hours, "Each agent's shift in hours (default 8)", "H" },
      { "stagger", 0, 0, G_OPTION_ARG_DOUBLE, &stagger,
        "Shifts start evenly over this many hours (default 0: all at once)", "H" },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "N" },
      { "answer-rate", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.answer_rate,
        "Fraction of calls a person answers (default 0.3)", "F" },
      { "machine-rate", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.machine_rate,
        "Fraction answered by a machine (default 0)", "F" },
      { "busy-rate", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.busy_rate,
        "Fraction busy (default 0.08)", "F" },
      { "failed-rate", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.failed_rate,
        "Fraction failed (default 0.02)", "F" },
      { "ring-mean", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.ring_mean,
        "Mean ring time before a person answers, s (default 8)", "S" },
      { "no-answer-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.no_answer_timeout,
        "No-answer timeout, s (default 25)", "S" },
      { "talk-mean", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.talk_mean,
        "Mean talk time, s (default 180)", "S" },
      { "talk-cv", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.talk_cv,
        "Talk time's coefficient of variation (default 0.8)", "F" },
      { "talk-shape", 0, 0, G_OPTION_ARG_STRING, &talk_shape,
        "lognormal or gamma (default lognormal)", "NAME" },
      { "wrap-mean", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.wrap_mean,
        "Mean wrap-up time, s (default 12)", "S" },
      { "wrap-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.wrap_timeout,
        "Wrap-up timeout, s (default 30)", "S" },
      { "preview-mean", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.preview_mean,
        "Preview: mean time to read the card and dial, s (default 10)", "S" },
      { "breaks", 0, 0, G_OPTION_ARG_INT, &breaks, "Breaks per agent (default 3)", "N" },
      { "break-length", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.break_length,
        "Length of a break, s (default 900)", "S" },
      { "abandon-cap", 0, 0, G_OPTION_ARG_DOUBLE, &cfg.abandon_cap,
        "Abandoned calls allowed, fraction of answered (default 0.03)", "F" },
      { NULL }
    };

    context = g_option_context_new ("— simulate one shift of an outbound campaign");
    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_set_summary (context,
      "Prints one figure a line: calls, answered, abandoned, abandon_rate, utilization\n"
      "(talk time / logged-in time not paused), mean_wait_s, calls_per_agent_hour,\n"
      "connects_per_agent_hour. The same options and seed give the same output.");
  }

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);
  if (argc > 1)
    return rd_cli_fail (RD_CLI_USER_ERROR, "unexpected argument “%s”", argv[1]);

  if (pacer != NULL && !rd_sim_pacer_from_string (pacer, &cfg.pacer))
    return rd_cli_fail (RD_CLI_USER_ERROR, "unknown pacer “%s” (preview, progressive, "
                        "adaptive, predictive, clairvoyant)", pacer);
  if (talk_shape != NULL && g_str_equal (talk_shape, "gamma"))
    cfg.talk_shape = RD_SIM_TALK_GAMMA;
  else if (talk_shape != NULL && !g_str_equal (talk_shape, "lognormal"))
    return rd_cli_fail (RD_CLI_USER_ERROR, "unknown talk shape “%s” (lognormal, gamma)",
                        talk_shape);
  if (agents < 1 || breaks < 0 || seed < 0 || !(hours > 0) || !(stagger >= 0))
    return rd_cli_fail (RD_CLI_USER_ERROR,
                        "agents must be at least 1; breaks, seed, hours and stagger not negative");
  cfg.agents = agents;
  cfg.breaks = breaks;
  cfg.seed = seed;
  cfg.shift = hours * 3600.0;
  cfg.stagger = stagger * 3600.0;

  if (!rd_sim_run (&cfg, &r, &error))
    return rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);

  g_print ("pacer %s\n", rd_sim_pacer_to_string (cfg.pacer));
  g_print ("calls %" G_GUINT64_FORMAT "\n", r.calls);
  g_print ("answered %" G_GUINT64_FORMAT "\n", r.answered);
  g_print ("abandoned %" G_GUINT64_FORMAT "\n", r.abandoned);
  g_print ("abandon_rate %.4f\n", r.abandon_rate);
  g_print ("utilization %.4f\n", r.utilization);
  g_print ("mean_wait_s %.1f\n", r.mean_wait);
  g_print ("calls_per_agent_hour %.2f\n", r.calls_per_agent_hour);
  g_print ("connects_per_agent_hour %.2f\n", r.connects_per_agent_hour);
  return RD_CLI_OK;
}
