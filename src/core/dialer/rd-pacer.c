/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-pacer.h"

/* The predictive forecast works in 1 s bins. */
#define RING_BINS     32            /* ring age bins; the last one holds everything older */
#define HORIZON       26            /* forecast window: a new call answers within it or never */
#define GRACE         2             /* an answered call waits this long for an agent */
#define FREE_BINS     (HORIZON + GRACE + 1)
#define WRAP_BINS     32            /* wrap-up is cut at 30 s by the timeout */
#define TALK_MAX_BINS 20000

/* ADAPT_TAPERED */
#define ADAPT_PERIOD  15.0
#define ADAPT_MAX     3.0
#define ADAPT_MIN     1.0

struct _RdPacer
{
  GObject      parent_instance;

  RdPacerMode  mode;

  /* Ring statistics: how many launched calls were answered by a person, or ended
   * otherwise, in each 1 s bin of ring age. Decayed so that they stay recent. */
  double       ring_human[RING_BINS];
  double       ring_other[RING_BINS];
  double       ring_total;

  /* Talk time: a log-normal fitted on log-moments, with a survival table. */
  double       talk_n;
  double       talk_sum_log;
  double       talk_sum_log2;
  double       talk_n_at_table;
  double      *talk_surv;
  guint        talk_len;

  /* Wrap-up time: a histogram (it is bounded by the 30 s timeout). */
  double       wrap_hist[WRAP_BINS];
  double       wrap_total;

  /* Adaptive */
  double       dial_level;
  double       last_adapt;
  gboolean     adapt_started;

  /* Predictive tuning */
  double       target_share;   /* of the cap, for the abandons per new answer */
  double       budget_margin;  /* abandons of budget below which the rate is cut */
  double       gain;           /* feedback on the day's abandon rate */
  double       last_gain;
  gboolean     gain_started;
  double       budget_share;   /* of the cap the day's budget is counted against */
  double       epsilon;        /* abandons per answer allowed when the budget is spent */
};

G_DEFINE_FINAL_TYPE (RdPacer, rd_pacer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *mode_names[] = { "preview", "progressive", "adaptive", "predictive" };

const char *
rd_pacer_mode_to_string (RdPacerMode mode)
{
  g_return_val_if_fail (mode <= RD_PACER_PREDICTIVE, NULL);
  return mode_names[mode];
}

gboolean
rd_pacer_mode_from_string (const char  *text,
                           RdPacerMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (text, mode_names[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

void
rd_pacer_decision_clear (RdPacerDecision *decision)
{
  g_clear_pointer (&decision->offers, g_array_unref);
  decision->launch = 0;
}

static double
normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

/* The standard normal CDF on [-8, 8] in steps of 1/64, filled once in class_init and
 * read-only after: the forecast calls it some 10 million times a simulated day. */
#define PHI_STEPS_PER_UNIT 64
#define PHI_RANGE          8
#define PHI_N              (2 * PHI_RANGE * PHI_STEPS_PER_UNIT + 1)
static double phi_table[PHI_N];

static void
fill_phi_table (void)
{
  for (guint i = 0; i < PHI_N; i++)
    phi_table[i] = normal_cdf ((double) i / PHI_STEPS_PER_UNIT - PHI_RANGE);
}

/* normal_cdf() by linear interpolation; error under 1e-5. */
static inline double
fast_normal_cdf (double x)
{
  double t = (x + PHI_RANGE) * PHI_STEPS_PER_UNIT;
  guint i;

  if (t <= 0.0)
    return 0.0;
  if (t >= PHI_N - 1)
    return 1.0;
  i = (guint) t;
  return phi_table[i] + (t - i) * (phi_table[i + 1] - phi_table[i]);
}

static double
lognormal_cdf (double x,
               double mu,
               double sigma)
{
  if (x <= 0.0)
    return 0.0;
  return normal_cdf ((log (x) - mu) / sigma);
}

static void
talk_params (RdPacer *self,
             double  *mu,
             double  *sigma)
{
  double var;

  *mu = self->talk_sum_log / self->talk_n;
  var = self->talk_sum_log2 / self->talk_n - *mu * *mu;
  *sigma = sqrt (MAX (var, 0.01));
}

static void
rebuild_talk_table (RdPacer *self)
{
  double mu, sigma, q;
  guint len;

  talk_params (self, &mu, &sigma);
  /* Cover the 99.99th percentile plus the forecast window. */
  q = exp (mu + 3.72 * sigma);
  len = (guint) MIN (q + FREE_BINS + 2, TALK_MAX_BINS);
  len = MAX (len, FREE_BINS + 2);

  g_free (self->talk_surv);
  self->talk_surv = g_new (double, len + 1);
  self->talk_len = len;
  for (guint b = 0; b <= len; b++)
    self->talk_surv[b] = MAX (1.0 - lognormal_cdf (b, mu, sigma), 1e-300);
  self->talk_n_at_table = self->talk_n;
}

static void
add_lognormal_mass (double *bins,
                    guint   n_bins,
                    double  mean,
                    double  cv,
                    double  weight)
{
  double sigma2 = log (1.0 + cv * cv);
  double mu = log (mean) - sigma2 / 2.0;
  double sigma = sqrt (sigma2);
  double prev = 0.0;

  for (guint b = 0; b < n_bins; b++)
    {
      double next = b + 1 == n_bins ? 1.0 : lognormal_cdf (b + 1, mu, sigma);

      bins[b] += weight * (next - prev);
      prev = next;
    }
}

void
rd_pacer_set_prior (RdPacer *self,
                    double   answer_rate,
                    double   ring_mean,
                    double   talk_mean,
                    double   wrap_mean,
                    double   weight)
{
  double talk_weight = MAX (3.0, weight / 10.0);
  double sigma2 = log (1.0 + 1.0);
  double mu = log (talk_mean) - sigma2 / 2.0;

  g_return_if_fail (RD_IS_PACER (self));
  g_return_if_fail (answer_rate > 0.0 && answer_rate <= 1.0);
  g_return_if_fail (ring_mean > 0.0 && talk_mean > 0.0 && wrap_mean >= 0.0 && weight > 0.0);

  memset (self->ring_human, 0, sizeof self->ring_human);
  memset (self->ring_other, 0, sizeof self->ring_other);
  memset (self->wrap_hist, 0, sizeof self->wrap_hist);

  add_lognormal_mass (self->ring_human, HORIZON - 1, ring_mean, 0.5, weight * answer_rate);
  /* Of the rest, guess a third end at once (busy, failed) and the rest ring out. */
  self->ring_other[3] += weight * (1.0 - answer_rate) / 3.0;
  self->ring_other[25] += weight * (1.0 - answer_rate) * 2.0 / 3.0;
  self->ring_total = weight;

  self->talk_n = talk_weight;
  self->talk_sum_log = talk_weight * mu;
  self->talk_sum_log2 = talk_weight * (sigma2 + mu * mu);
  rebuild_talk_table (self);

  add_lognormal_mass (self->wrap_hist, WRAP_BINS, MAX (wrap_mean, 0.5), 0.6, talk_weight);
  self->wrap_total = talk_weight;
}

void
rd_pacer_observe_call (RdPacer      *self,
                       RdCallResult  result,
                       double        seconds)
{
  guint bin;

  g_return_if_fail (RD_IS_PACER (self));

  bin = (guint) CLAMP (seconds, 0.0, RING_BINS - 1);
  if (result == RD_CALL_RESULT_HUMAN)
    self->ring_human[bin] += 1.0;
  else
    self->ring_other[bin] += 1.0;
  self->ring_total += 1.0;

  /* Keep roughly the last few thousand calls. */
  if (self->ring_total > 4000.0)
    {
      for (guint b = 0; b < RING_BINS; b++)
        {
          self->ring_human[b] *= 0.5;
          self->ring_other[b] *= 0.5;
        }
      self->ring_total *= 0.5;
    }
}

void
rd_pacer_observe_talk (RdPacer *self,
                       double   seconds)
{
  double l = log (MAX (seconds, 0.5));

  g_return_if_fail (RD_IS_PACER (self));

  self->talk_n += 1.0;
  self->talk_sum_log += l;
  self->talk_sum_log2 += l * l;

  if (self->talk_n > 2000.0)
    {
      self->talk_n *= 0.5;
      self->talk_sum_log *= 0.5;
      self->talk_sum_log2 *= 0.5;
      self->talk_n_at_table *= 0.5;
    }

  /* The table costs a few thousand erfc(): rebuild it when the fit has moved. */
  if (self->talk_n - self->talk_n_at_table >= MAX (3.0, 0.05 * self->talk_n))
    rebuild_talk_table (self);
}

void
rd_pacer_observe_wrap (RdPacer *self,
                       double   seconds)
{
  guint bin = (guint) CLAMP (seconds, 0.0, WRAP_BINS - 1);

  g_return_if_fail (RD_IS_PACER (self));

  self->wrap_hist[bin] += 1.0;
  self->wrap_total += 1.0;
  if (self->wrap_total > 2000.0)
    {
      for (guint b = 0; b < WRAP_BINS; b++)
        self->wrap_hist[b] *= 0.5;
      self->wrap_total *= 0.5;
    }
}

/* ---- predictive ------------------------------------------------------------ */

typedef struct {
  double answers[HORIZON];       /* expected cumulative answers by the end of bin k */
  double answers_var[HORIZON];
  double new_answer[HORIZON];    /* P(a call launched now is answered by bin k) */
  double frees[FREE_BINS];       /* expected cumulative free agents by the end of bin k */
  double frees_var[FREE_BINS];
} Forecast;

/* P(person answers by the end of bin g + k | still ringing at the start of bin g). */
static void
answer_table (RdPacer *self,
              double   table[RING_BINS][HORIZON])
{
  double hazard_answer[RING_BINS];
  double hazard_end[RING_BINS];
  double alive = 0.0;

  for (int b = RING_BINS - 1; b >= 0; b--)
    {
      alive += self->ring_human[b] + self->ring_other[b];
      hazard_answer[b] = alive > 0.0 ? self->ring_human[b] / alive : 0.0;
      hazard_end[b] = alive > 0.0 ? self->ring_other[b] / alive : 1.0;
    }

  for (guint g = 0; g < RING_BINS; g++)
    {
      double surv = 1.0, cum = 0.0;

      for (guint k = 0; k < HORIZON; k++)
        {
          guint b = g + k;

          if (b < RING_BINS)
            {
              cum += surv * hazard_answer[b];
              surv *= MAX (0.0, 1.0 - hazard_answer[b] - hazard_end[b]);
            }
          table[g][k] = cum;
        }
    }
}

static void
forecast (RdPacer            *self,
          const RdPacerInput *input,
          Forecast           *f)
{
  double table[RING_BINS][HORIZON];
  double count[RING_BINS] = { 0 };
  double talk_end[FREE_BINS] = { 0 };
  double wrap_cdf[WRAP_BINS + 1];
  double wrap_surv[WRAP_BINS + 1];
  double busy_frees[FREE_BINS] = { 0 };
  double ready = 0.0, busy = 0.0;

  answer_table (self, table);

  for (guint i = 0; i < input->n_ringing; i++)
    count[(guint) CLAMP (input->ringing_ages[i], 0.0, RING_BINS - 1)] += 1.0;

  for (guint k = 0; k < HORIZON; k++)
    {
      double mean = input->n_waiting, var = 0.0;

      for (guint g = 0; g < RING_BINS; g++)
        if (count[g] > 0.0)
          {
            mean += count[g] * table[g][k];
            var += count[g] * table[g][k] * (1.0 - table[g][k]);
          }
      f->answers[k] = mean;
      f->answers_var[k] = var;
      f->new_answer[k] = table[0][k];
    }

  /* wrap_cdf[j]: P(wrap-up < j s), half a bin early on average. */
  wrap_cdf[0] = 0.0;
  for (guint j = 0; j < WRAP_BINS; j++)
    wrap_cdf[j + 1] = wrap_cdf[j] + self->wrap_hist[j] / self->wrap_total;
  for (guint j = 0; j <= WRAP_BINS; j++)
    wrap_surv[j] = MAX (1.0 - wrap_cdf[j], 1e-9);

  for (guint i = 0; i < input->n_agents; i++)
    {
      const RdPacerAgent *agent = &input->agents[i];

      switch (agent->state)
        {
        case RD_AGENT_READY:
          ready += 1.0;
          break;

        case RD_AGENT_ON_CALL:
          {
            guint e = (guint) MAX (agent->seconds_in_state, 0.0);
            const double *s = self->talk_surv;

            busy += 1.0;
            e = MIN (e, self->talk_len - FREE_BINS - 1);
            for (guint k = 0; k < FREE_BINS; k++)
              talk_end[k] += (s[e + k] - s[e + k + 1]) / s[e];
          }
          break;

        case RD_AGENT_WRAP_UP:
          {
            guint w = (guint) MAX (agent->seconds_in_state, 0.0);

            busy += 1.0;
            if (w >= WRAP_BINS - 1)
              {
                for (guint k = 0; k < FREE_BINS; k++)
                  busy_frees[k] += 1.0;
                break;
              }
            for (guint k = 0; k < FREE_BINS; k++)
              {
                guint j = MIN (w + k + 1, WRAP_BINS);

                busy_frees[k] += (wrap_surv[w] - wrap_surv[j]) / wrap_surv[w];
              }
          }
          break;

        case RD_AGENT_PAUSED:
        case RD_AGENT_PREVIEWING:
        default:
          break;
        }
    }

  /* Talk ends in bin s, then wrap-up: free by the end of bin k when s + wrap < k + 1. */
  for (guint k = 0; k < FREE_BINS; k++)
    {
      double sum = 0.0;

      for (guint s = 0; s <= k; s++)
        if (talk_end[s] > 0.0)
          sum += talk_end[s] * 0.5 * (wrap_cdf[k - s] + wrap_cdf[MIN (k - s + 1, WRAP_BINS)]);
      busy_frees[k] += sum;
    }

  for (guint k = 0; k < FREE_BINS; k++)
    {
      double m = MIN (busy_frees[k], busy);

      f->frees[k] = ready + m;
      /* A Bernoulli sum; equal probabilities give the largest variance. Per-agent
       * variances (talk end plus mean wrap-up) were tried: 0.5 % more abandons for
       * 0.001-0.005 more utilization, and a model no longer calibrated. */
      f->frees_var[k] = busy > 0.0 ? m * (1.0 - m / busy) : 0.0;
    }
}

/* Expected abandons in the window if @n calls are launched now: the worst expected
 * shortfall of agents (freed up to GRACE later) against answers, normal approximation.
 * Only reported (RdPacerDecision.expected_abandons); decisions use marginal_abandon(). */
static double
expected_abandons (const Forecast *f,
                   double          n)
{
  double worst = 0.0;

  for (guint k = 0; k < HORIZON; k++)
    {
      double a = f->new_answer[k];
      double mu = f->answers[k] + n * a - f->frees[k + GRACE];
      double var = f->answers_var[k] + n * a * (1.0 - a) + f->frees_var[k + GRACE] + 1e-6;
      double sigma = sqrt (var);
      double z = mu / sigma;
      double e = mu * normal_cdf (z) + sigma * exp (-0.5 * z * z) / sqrt (2.0 * G_PI);

      worst = MAX (worst, e);
    }
  return worst;
}

/* Probability that one more call, launched after @before others this tick, ends as an
 * abandon (its own, or a later answer's whose agent it took). An answer in bin k uses
 * one unit of the slack "agents free by k' + GRACE minus answers by k'" for every
 * k' >= k; an abandon follows when that slack falls under one anywhere from k on. The
 * slack is approximately normal (Poisson-binomial sums); 0.5 is the continuity correction. */
static double
marginal_abandon (const Forecast *f,
                  double          before)
{
  double short_at[HORIZON];
  double worst = 0.0, p = 0.0, prev = 0.0;

  for (guint k = 0; k < HORIZON; k++)
    {
      double a = f->new_answer[k];
      double mu = f->frees[k + GRACE] - f->answers[k] - before * a;
      double var = f->answers_var[k] + before * a * (1.0 - a) + f->frees_var[k + GRACE] + 1e-4;

      short_at[k] = fast_normal_cdf ((0.5 - mu) / sqrt (var));
    }
  for (int k = HORIZON - 1; k >= 0; k--)
    {
      worst = MAX (worst, short_at[k]);
      short_at[k] = worst;
    }
  for (guint k = 0; k < HORIZON; k++)
    {
      p += (f->new_answer[k] - prev) * short_at[k];
      prev = f->new_answer[k];
    }
  return p;
}

static guint
predictive_launch (RdPacer            *self,
                   const RdPacerInput *input,
                   double             *expected)
{
  Forecast f;
  /* Budget against a held-back share of the cap, so the day ends under it. */
  double budget = input->abandon_cap * self->budget_share * input->answered - input->abandoned;
  double day_rate = input->answered > 0 ? (double) input->abandoned / input->answered : 0.0;
  guint limit = 20 * input->n_agents + 20;
  guint best = 0, progressive = 0, ready = 0;
  double rate, p_answer, allowed;

  /* Slow feedback on the day's rate: the forecast is only a model; when it proves
   * cautious (few abandons) the allowed rate per answer grows, and shrinks when not. */
  if (!self->gain_started)
    {
      self->gain_started = TRUE;
      self->last_gain = input->now;
    }
  while (input->now - self->last_gain >= 60.0)
    {
      if (budget > self->budget_margin && day_rate < 0.6 * input->abandon_cap)
        self->gain = MIN (self->gain * 1.1, 20.0);
      else if (day_rate > 0.85 * input->abandon_cap)
        self->gain = MAX (self->gain / 1.2, 1.0);
      self->last_gain += 60.0;
    }

  /* A small budget cuts the allowed rate: one unlucky burst must not break the day. */
  rate = input->abandon_cap * self->target_share * self->gain *
         CLAMP ((budget + 0.5) / self->budget_margin, 0.0, 1.0);

  /* Never fewer calls than progressive dialling would make: those cannot abandon. */
  for (guint i = 0; i < input->n_agents; i++)
    if (input->agents[i].state == RD_AGENT_READY)
      ready++;
  if (ready > input->n_ringing + input->n_waiting)
    progressive = ready - input->n_ringing - input->n_waiting;
  best = progressive;

  forecast (self, input, &f);

  /* Launch more while each extra call's chance of ending as an abandon, per answer it
   * brings, stays under the allowed rate; a spent budget leaves only near-safe calls. */
  p_answer = MAX (f.new_answer[HORIZON - 1], 1e-6);
  allowed = (rate + self->epsilon) * p_answer;

  /* The risk only grows with every call before it: gallop, then bisect, for the
   * first call over the limit. */
  if (marginal_abandon (&f, progressive) <= allowed)
    {
      guint ok = progressive, bad = progressive + 1, step = 1;

      while (bad < limit && marginal_abandon (&f, bad) <= allowed)
        {
          ok = bad;
          step *= 2;
          bad = MIN (ok + step, limit);
        }
      while (bad - ok > 1)
        {
          guint mid = ok + (bad - ok) / 2;

          if (marginal_abandon (&f, mid) <= allowed)
            ok = mid;
          else
            bad = mid;
        }
      best = ok + 1;
    }
  *expected = expected_abandons (&f, best);

  return best;
}

/* ---- the others -------------------------------------------------------------- */

static guint
count_state (const RdPacerInput *input,
             RdAgentState        state)
{
  guint n = 0;

  for (guint i = 0; i < input->n_agents; i++)
    if (input->agents[i].state == state)
      n++;
  return n;
}

static guint
adaptive_launch (RdPacer            *self,
                 const RdPacerInput *input)
{
  guint ready = count_state (input, RD_AGENT_READY);
  double want;

  if (!self->adapt_started)
    {
      self->adapt_started = TRUE;
      self->last_adapt = input->now;
    }

  /* Every 15 s step the level on the day's drop rate against a target that starts
   * at twice the cap and tapers to the cap by the end of the shift. */
  while (input->now - self->last_adapt >= ADAPT_PERIOD)
    {
      double length = MAX (input->shift_end - input->shift_start, 1.0);
      double remaining = CLAMP ((input->shift_end - input->now) / length, 0.0, 1.0);
      double target = input->abandon_cap * (1.0 + remaining);
      double drop = input->answered > 0 ? (double) input->abandoned / input->answered : 0.0;

      if (drop < target)
        self->dial_level += 0.1;
      else
        self->dial_level -= 0.1 + 0.5 * MIN ((drop - target) / target, 2.0) * 0.2;
      self->dial_level = CLAMP (self->dial_level, ADAPT_MIN, ADAPT_MAX);
      self->last_adapt += ADAPT_PERIOD;
    }

  want = ceil (ready * self->dial_level) - input->n_ringing;
  return want > 0 ? (guint) want : 0;
}

void
rd_pacer_tick (RdPacer            *self,
               const RdPacerInput *input,
               RdPacerDecision    *decision)
{
  g_return_if_fail (RD_IS_PACER (self));
  g_return_if_fail (input != NULL && decision != NULL);

  decision->launch = 0;
  decision->expected_abandons = 0.0;
  decision->dial_level = self->dial_level;
  if (decision->offers != NULL)
    g_array_set_size (decision->offers, 0);

  switch (self->mode)
    {
    case RD_PACER_PREVIEW:
      if (decision->offers == NULL)
        decision->offers = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < input->n_agents; i++)
        if (input->agents[i].state == RD_AGENT_READY)
          g_array_append_val (decision->offers, input->agents[i].id);
      break;

    case RD_PACER_PROGRESSIVE:
      {
        guint ready = count_state (input, RD_AGENT_READY);
        guint engaged = input->n_ringing + input->n_waiting;

        decision->launch = ready > engaged ? ready - engaged : 0;
      }
      break;

    case RD_PACER_ADAPTIVE:
      decision->launch = adaptive_launch (self, input);
      decision->dial_level = self->dial_level;
      break;

    case RD_PACER_PREDICTIVE:
    default:
      decision->launch = predictive_launch (self, input, &decision->expected_abandons);
      break;
    }
}

/* ---- GObject ------------------------------------------------------------------ */

static void
rd_pacer_finalize (GObject *object)
{
  RdPacer *self = RD_PACER (object);

  g_free (self->talk_surv);

  G_OBJECT_CLASS (rd_pacer_parent_class)->finalize (object);
}

static void
rd_pacer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RdPacer *self = RD_PACER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_pacer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  RdPacer *self = RD_PACER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      self->mode = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_pacer_class_init (RdPacerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_pacer_finalize;
  fill_phi_table ();
  object_class->get_property = rd_pacer_get_property;
  object_class->set_property = rd_pacer_set_property;

  /* An int rather than a registered enum: the pacer is used from C only. */
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL,
                      RD_PACER_PREVIEW, RD_PACER_PREDICTIVE, RD_PACER_PROGRESSIVE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_pacer_init (RdPacer *self)
{
  self->dial_level = ADAPT_MIN;
  /* Tuned on bench/bench-pacer's grid (docs/pacer.md). */
  self->target_share = 1.0;
  self->budget_margin = 5.0;
  self->budget_share = 0.9;
  self->gain = 1.0;
  self->epsilon = 0.002;
  /* A cautious guess until outcomes arrive: many answers, long talks. */
  rd_pacer_set_prior (self, 0.6, 8.0, 600.0, 10.0, 30.0);
}

RdPacer *
rd_pacer_new (RdPacerMode mode)
{
  return g_object_new (RD_TYPE_PACER, "mode", (int) mode, NULL);
}

RdPacerMode
rd_pacer_get_mode (RdPacer *self)
{
  g_return_val_if_fail (RD_IS_PACER (self), RD_PACER_PROGRESSIVE);
  return self->mode;
}
