/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-rng.h"

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

void
rd_rng_init (RdRng   *rng,
             guint64  seed,
             guint64  stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

guint64
rd_rng_next (RdRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
rd_rng_uniform (RdRng *rng)
{
  return (rd_rng_next (rng) >> 11) * 0x1.0p-53;
}

guint32
rd_rng_below (RdRng   *rng,
              guint32  n)
{
  return (guint32) (((rd_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

double
rd_rng_normal (RdRng *rng)
{
  /* Box-Muller without caching the second value: keeps the state a plain copyable struct. */
  double u1 = 1.0 - rd_rng_uniform (rng);
  double u2 = rd_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

double
rd_rng_exponential (RdRng  *rng,
                    double  mean)
{
  return -mean * log (1.0 - rd_rng_uniform (rng));
}

double
rd_rng_lognormal (RdRng  *rng,
                  double  mean,
                  double  cv)
{
  double sigma2 = log (1.0 + cv * cv);
  double mu = log (mean) - sigma2 / 2.0;

  return exp (mu + sqrt (sigma2) * rd_rng_normal (rng));
}

static double
gamma_shape (RdRng  *rng,
             double  k)
{
  /* Marsaglia and Tsang; shape < 1 through the boost U^(1/k). */
  double d, c;

  if (k < 1.0)
    return gamma_shape (rng, k + 1.0) * pow (rd_rng_uniform (rng) + 1e-300, 1.0 / k);

  d = k - 1.0 / 3.0;
  c = 1.0 / sqrt (9.0 * d);
  for (int i = 0; i < 1000; i++)
    {
      double x = rd_rng_normal (rng);
      double v = 1.0 + c * x;
      double u;

      if (v <= 0.0)
        continue;
      v = v * v * v;
      u = rd_rng_uniform (rng);
      if (u < 1.0 - 0.0331 * x * x * x * x ||
          log (u + 1e-300) < 0.5 * x * x + d * (1.0 - v + log (v)))
        return d * v;
    }
  return k;
}

double
rd_rng_gamma (RdRng  *rng,
              double  mean,
              double  cv)
{
  double k = 1.0 / (cv * cv);

  return gamma_shape (rng, k) * mean / k;
}
