/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small seeded random generator (xoshiro256**, seeded through splitmix64).
 * Not GLib's g_random: the same seed gives the same numbers on every machine and
 * GLib version, which the simulator's determinism rests on. A plain value type:
 * embed it, copy it, no allocation. */
typedef struct {
  guint64 s[4];
} RdRng;

/* Seeds @rng; @stream picks an independent sequence for the same seed. */
void    rd_rng_init        (RdRng   *rng,
                            guint64  seed,
                            guint64  stream);
guint64 rd_rng_next        (RdRng   *rng);
/* Uniform in [0, 1). */
double  rd_rng_uniform     (RdRng   *rng);
/* Uniform integer in [0, n). */
guint32 rd_rng_below       (RdRng   *rng,
                            guint32  n);
double  rd_rng_normal      (RdRng   *rng);
double  rd_rng_exponential (RdRng   *rng,
                            double   mean);
/* Log-normal with the given mean and coefficient of variation (sd / mean). */
double  rd_rng_lognormal   (RdRng   *rng,
                            double   mean,
                            double   cv);
/* Gamma with the given mean and coefficient of variation. */
double  rd_rng_gamma       (RdRng   *rng,
                            double   mean,
                            double   cv);

G_END_DECLS
