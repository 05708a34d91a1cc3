/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-campaign-run-private.h"

G_BEGIN_DECLS

/* What the carrier said about a call no agent talked to (its hangup @cause, from the table
 * of rd-switch-outcome.h) decides: *@result is set for a call it answered and then hung up
 * saying why (an announcement); the lead's new state is returned, "invalid" for a number
 * that does not exist, else NULL. */
const char *rd_campaign_run_carrier_outcome (Call        *c,
                                             const char  *cause,
                                             const char **result);

G_END_DECLS
