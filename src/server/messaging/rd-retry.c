/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-retry.h"

char *
rd_retry_after_failure (const RdRetryPolicy *policy,
                        guint                attempts,
                        const char          *why,
                        guint               *delay_ms)
{
  guint64 delay = policy->first_delay;

  if (attempts >= policy->attempts)
    {
      *delay_ms = 0;
      return g_strdup_printf ("gave up after %u attempts: %s", attempts, why);
    }
  for (guint i = 1; i < attempts && delay < policy->max_delay; i++)
    delay *= 2;
  *delay_ms = (guint) MIN (delay, (guint64) policy->max_delay);
  return g_strdup_printf ("attempt %u of %u failed, next in %.1f s: %s", attempts,
                          policy->attempts, *delay_ms / 1000.0, why);
}
