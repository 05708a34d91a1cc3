/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-rng.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* A seeded synthetic history with a known structure, for the tests and bench-intelligence
 * (docs/intelligence.md): the same seed writes the same leads and tickets on every machine.
 *
 * Leads: a hidden interest u ~ N(0, 1) drives what an agent sees (calls answered, talk
 * time, dispositions, reaching "qualified", tasks done), and the outcome is drawn with
 * log-odds -0.6 + source effect (referral +1.4, partner +0.7, web 0, trade_show -0.3,
 * cold_call -1.2) + industry effect (±0.4) + 1.5 u. So the history predicts the outcome
 * well, the source alone only partly, and nothing predicts it perfectly.
 *
 * Tickets: five topics, each with one tag and one group, in English or Russian; a ticket
 * takes most of its words from its topic (in varied inflected forms), some from another
 * topic and some filler. */

/* Writes @n leads through @store (captured like an agent's edits), created up to 120 days
 * before @now_ms, each with a phone (+7 495 1XX-YY-ZZ for lead i = XX·10000 + YY·100 + ZZ,
 * from 100-00-00), with their calls, tasks and status changes; a share @open_share of them
 * stays open (new, contacted or qualified), the others end converted or lost. */
gboolean    rd_intel_sim_leads      (RdStore     *store,
                                     guint64      seed,
                                     guint        n,
                                     double       open_share,
                                     gint64       now_ms,
                                     GError     **error);

/* The groups of the ticket topics (team names), NULL-terminated. */
const char *const *rd_intel_sim_groups (void);

/* One synthetic ticket in @language ("en" or "ru"): its subject and description (free
 * them), and the tag and group (a name of rd_intel_sim_groups()) of its topic. */
void        rd_intel_sim_ticket     (RdRng       *rng,
                                     const char  *language,
                                     char       **subject,
                                     char       **description,
                                     const char **tag,
                                     const char **group);

G_END_DECLS
