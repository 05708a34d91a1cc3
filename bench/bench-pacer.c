/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <time.h>

#include "rd-sim.h"

/* The pacer grid: agents x answer rate x talk mean x seeds for each pacer; prints a
 * Markdown table, then one figure a line. Shifts run on a thread pool (--jobs). */

#define N_PACERS 4

static const RdSimPacer pacers[N_PACERS] = {
  RD_SIM_PACER_PROGRESSIVE, RD_SIM_PACER_ADAPTIVE,
  RD_SIM_PACER_PREDICTIVE, RD_SIM_PACER_CLAIRVOYANT,
};

typedef struct {
  RdSimConfig cfg;
  RdSimResult result;
} Job;

static void
run_job_cb (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  if (!rd_sim_run (&job->cfg, &job->result, &error))
    g_printerr ("bench-pacer: %s\n", error->message);
}

typedef struct {
  double util, abandon, max_abandon, wait;
  guint  within_cap;
} Summary;

static void
summarize (Job     *jobs,
           guint    n,
           double   cap,
           Summary *s)
{
  *s = (Summary) { 0 };
  for (guint i = 0; i < n; i++)
    {
      s->util += jobs[i].result.utilization / n;
      s->abandon += jobs[i].result.abandon_rate / n;
      s->wait += jobs[i].result.mean_wait / n;
      s->max_abandon = MAX (s->max_abandon, jobs[i].result.abandon_rate);
      if (jobs[i].result.abandon_rate <= cap + 1e-12)
        s->within_cap++;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean quick = FALSE;
  int seeds = 20, jobs_n = 2, only_agents = 0;
  double tick = 1.0;
  const guint agents_all[] = { 5, 20, 100 };
  const double rates_all[] = { 0.1, 0.3, 0.6 };
  const double talks_all[] = { 60, 180, 600 };
  const GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick,
      "A quick subset: 5 seeds, the corners of the grid", NULL },
    { "seeds", 0, 0, G_OPTION_ARG_INT, &seeds, "Seeds per cell (default 20)", "N" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs_n, "Threads (default 2)", "N" },
    { "agents", 0, 0, G_OPTION_ARG_INT, &only_agents, "Only the cells with N agents", "N" },
    { "tick", 0, 0, G_OPTION_ARG_DOUBLE, &tick, "Pacer period, s (default 1)", "S" },
    { NULL }
  };
  GThreadPool *pool;
  GPtrArray *cells;
  Job *jobs;
  guint n_cells = 0, n_jobs, worst_within = G_MAXUINT, beat_adaptive = 0;
  double ratio_min = G_MAXDOUBLE, ratio_100_min = G_MAXDOUBLE;
  gint64 start;
  GString *figures = g_string_new (NULL);

  context = g_option_context_new ("— pacer benchmark grid");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-pacer: %s\n", error->message);
      return 1;
    }
  if (quick)
    seeds = MIN (seeds, 5);
  seeds = CLAMP (seeds, 1, 1000);

  cells = g_ptr_array_new_with_free_func (g_free);
  for (guint a = 0; a < G_N_ELEMENTS (agents_all); a++)
    for (guint r = 0; r < G_N_ELEMENTS (rates_all); r++)
      for (guint t = 0; t < G_N_ELEMENTS (talks_all); t++)
        {
          RdSimConfig *cfg;

          if (quick && (r == 1 || t == 1))
            continue;
          if (only_agents > 0 && agents_all[a] != (guint) only_agents)
            continue;
          cfg = g_new (RdSimConfig, 1);
          rd_sim_config_init (cfg);
          cfg->agents = agents_all[a];
          cfg->answer_rate = rates_all[r];
          cfg->talk_mean = talks_all[t];
          cfg->tick = tick;
          g_ptr_array_add (cells, cfg);
        }
  n_cells = cells->len;
  n_jobs = n_cells * N_PACERS * seeds;
  jobs = g_new0 (Job, n_jobs);

  start = g_get_monotonic_time ();
  pool = g_thread_pool_new (run_job_cb, NULL, MAX (jobs_n, 1), TRUE, NULL);
  for (guint c = 0; c < n_cells; c++)
    for (guint p = 0; p < N_PACERS; p++)
      for (int s = 0; s < seeds; s++)
        {
          Job *job = &jobs[(c * N_PACERS + p) * seeds + s];

          job->cfg = *(RdSimConfig *) cells->pdata[c];
          job->cfg.pacer = pacers[p];
          job->cfg.seed = 1000 + s;
          g_thread_pool_push (pool, job, NULL);
        }
  g_thread_pool_free (pool, FALSE, TRUE);

  printf ("| agents | answer | talk s | progressive util | adaptive util / abandon / shifts <= cap | "
          "predictive util / abandon / shifts <= cap | clairvoyant util | predictive / clairvoyant |\n");
  printf ("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint c = 0; c < n_cells; c++)
    {
      RdSimConfig *cfg = cells->pdata[c];
      Summary s[N_PACERS];
      double ratio;
      g_autofree char *key = g_strdup_printf ("a%u_r%.1f_t%.0f", cfg->agents,
                                              cfg->answer_rate, cfg->talk_mean);

      for (guint p = 0; p < N_PACERS; p++)
        summarize (&jobs[(c * N_PACERS + p) * seeds], seeds, cfg->abandon_cap, &s[p]);
      ratio = s[3].util > 0 ? s[2].util / s[3].util : 0.0;
      ratio_min = MIN (ratio_min, ratio);
      if (cfg->agents == 100)
        ratio_100_min = MIN (ratio_100_min, ratio);
      worst_within = MIN (worst_within, s[2].within_cap);
      /* Better utilization at an abandon rate no worse than adaptive's or the cap. */
      if (s[2].util > s[1].util && s[2].abandon <= MAX (s[1].abandon, cfg->abandon_cap) + 1e-9)
        beat_adaptive++;

      printf ("| %u | %.1f | %.0f | %.3f | %.3f / %.2f%% / %u/%d | %.3f / %.2f%% / %u/%d | %.3f | %.3f |\n",
              cfg->agents, cfg->answer_rate, cfg->talk_mean, s[0].util,
              s[1].util, 100 * s[1].abandon, s[1].within_cap, seeds,
              s[2].util, 100 * s[2].abandon, s[2].within_cap, seeds,
              s[3].util, ratio);

      for (guint p = 0; p < N_PACERS; p++)
        {
          const char *name = rd_sim_pacer_to_string (pacers[p]);

          g_string_append_printf (figures, "%s_%s_util %.4f\n", key, name, s[p].util);
          g_string_append_printf (figures, "%s_%s_abandon %.4f\n", key, name, s[p].abandon);
          g_string_append_printf (figures, "%s_%s_abandon_max %.4f\n", key, name,
                                  s[p].max_abandon);
          g_string_append_printf (figures, "%s_%s_wait_s %.1f\n", key, name, s[p].wait);
        }
      g_string_append_printf (figures, "%s_predictive_within_cap %u\n", key, s[2].within_cap);
      g_string_append_printf (figures, "%s_predictive_vs_clairvoyant %.4f\n", key, ratio);
    }

  printf ("\n%s", figures->str);
  printf ("cells %u\n", n_cells);
  printf ("seeds %d\n", seeds);
  printf ("predictive_worst_cell_shifts_within_cap %u\n", worst_within);
  printf ("predictive_cells_beating_adaptive %u\n", beat_adaptive);
  printf ("predictive_vs_clairvoyant_min %.4f\n", ratio_min);
  if (ratio_100_min < G_MAXDOUBLE)
    printf ("predictive_vs_clairvoyant_min_100_agents %.4f\n", ratio_100_min);
  printf ("grid_wall_s %.1f\n", (g_get_monotonic_time () - start) / 1e6);

  /* One 8-hour shift of 100 agents, predictive, timed alone. */
  {
    RdSimConfig cfg;
    RdSimResult r;
    struct timespec c0, c1;
    gint64 t0;

    rd_sim_config_init (&cfg);
    cfg.agents = 100;
    cfg.answer_rate = 0.1;
    cfg.talk_mean = 60;
    cfg.pacer = RD_SIM_PACER_PREDICTIVE;
    t0 = g_get_monotonic_time ();
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c0);
    rd_sim_run (&cfg, &r, NULL);
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c1);
    printf ("shift_8h_100_agents_predictive_s %.3f\n", (g_get_monotonic_time () - t0) / 1e6);
    printf ("shift_8h_100_agents_predictive_cpu_s %.3f\n",
            (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9);
    printf ("shift_8h_100_agents_predictive_calls %" G_GUINT64_FORMAT "\n", r.calls);
  }

  g_string_free (figures, TRUE);
  g_free (jobs);
  g_ptr_array_unref (cells);
  return 0;
}
