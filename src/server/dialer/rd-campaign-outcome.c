/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The carrier's word on a call (rd-campaign-outcome.h): the call progress part of the
 * campaign's results, kept beside rd-campaign-run.c. */
#include "config.h"

#include "rd-campaign-outcome.h"
#include "rd-switch-outcome.h"

const char *
rd_campaign_run_carrier_outcome (Call        *c,
                                 const char  *cause,
                                 const char **result)
{
  RdOutcome said;

  if (c->bridged_us > 0 || !rd_outcome_lookup (cause, &said))
    return NULL;
  if (c->answered_us > 0)
    {
      /* answered to play an announcement, then hung up with a Q.850 cause */
      *result = said.kind == RD_OUTCOME_BUSY ? "busy"
                : said.kind == RD_OUTCOME_NO_ANSWER ? "no-answer" : "failed";
      c->hangup_by = "customer";
    }
  return said.kind == RD_OUTCOME_INVALID ? "invalid" : NULL;
}
