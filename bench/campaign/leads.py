# SPDX-License-Identifier: GPL-3.0-or-later
"""The campaign bench's leadset, drawn as the simulator (src/core/dialer/rd-sim.c,
draw_lead) draws its leads: a person answers (the answer rate) after a log-normal ring
(mean 8 s, cv 0.6, cut 0.5 s under the no-answer timeout), busy after 1-4 s, failed after
0.5-3 s, else no answer (rings until the server's ring timeout). Each lead's outcome is in
its number, +7 916 C DDD NNN: the class C (1 person, 2 busy, 3 no answer, 4 failed) that
the trunk routes by, and DDD, the tenths of a second the customer's sipp waits before it
answers or refuses (any digits for no answer, which rings until cancelled)."""

import math
import random

PERSON, BUSY, NO_ANSWER, FAILED = 1, 2, 3, 4


def lognormal(rng, mean, cv):
    sigma2 = math.log(1 + cv * cv)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))


def draw(rng, p):
    """(class, seconds) of one lead; @p has answer_rate, busy_rate, failed_rate, ring_mean,
    no_answer_timeout."""
    u = rng.random()
    if u < p['answer_rate']:
        return PERSON, min(lognormal(rng, p['ring_mean'], 0.6), p['no_answer_timeout'] - 0.5)
    if u < p['answer_rate'] + p['busy_rate']:
        return BUSY, 1.0 + 3.0 * rng.random()
    if u < p['answer_rate'] + p['busy_rate'] + p['failed_rate']:
        return FAILED, 0.5 + 2.5 * rng.random()
    return NO_ANSWER, 0.0


def leadset_csv(n, p, seed):
    """A CSV of @n leads with distinct numbers, and the count of each class."""
    rng = random.Random(seed)
    seen, rows, counts = set(), ['name,phone'], {}
    while len(rows) <= n:
        cls, secs = draw(rng, p)
        delay = min(999, round(secs * 10)) if cls != NO_ANSWER else rng.randrange(1000)
        number = '+7916%d%03d%03d' % (cls, delay, rng.randrange(1000))
        if number in seen:
            continue
        seen.add(number)
        counts[cls] = counts.get(cls, 0) + 1
        rows.append('Lead %d,%s' % (len(rows), number))
    return '\n'.join(rows) + '\n', counts
