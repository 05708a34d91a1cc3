/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The choice of an agent for a waiting caller, by tier and strategy. */
#include "config.h"

#include "rd-queue-pick.h"

gboolean
rd_queue_strategy_parse (const char      *name,
                         RdQueueStrategy *strategy)
{
  if (g_strcmp0 (name, "longest-idle") == 0)
    *strategy = RD_QUEUE_LONGEST_IDLE;
  else if (g_strcmp0 (name, "round-robin") == 0)
    *strategy = RD_QUEUE_ROUND_ROBIN;
  else if (g_strcmp0 (name, "ring-all") == 0)
    *strategy = RD_QUEUE_RING_ALL;
  else
    return FALSE;
  return TRUE;
}

gint
rd_queue_pick (const RdQueueCandidate *candidates,
               guint                   n,
               RdQueueStrategy         strategy,
               const char             *owner,
               const char             *last)
{
  guint tier = G_MAXUINT;
  gint best = -1, first = -1;

  if (owner != NULL)
    {
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (candidates[i].agent, owner) == 0)
          return (gint) i;
      return -1;
    }
  for (guint i = 0; i < n; i++)
    tier = MIN (tier, candidates[i].priority);
  for (guint i = 0; i < n; i++)
    {
      const RdQueueCandidate *c = &candidates[i];

      if (c->priority != tier)
        continue;
      switch (strategy)
        {
        case RD_QUEUE_ROUND_ROBIN:
          /* the first name after @last, else the first name of all (the turn wraps) */
          if (last != NULL && g_strcmp0 (c->agent, last) > 0 &&
              (best < 0 || g_strcmp0 (c->agent, candidates[best].agent) < 0))
            best = (gint) i;
          if (first < 0 || g_strcmp0 (c->agent, candidates[first].agent) < 0)
            first = (gint) i;
          break;
        case RD_QUEUE_LONGEST_IDLE:
        case RD_QUEUE_RING_ALL:
        default:
          if (best < 0 || c->ready_since < candidates[best].ready_since ||
              (c->ready_since == candidates[best].ready_since &&
               g_strcmp0 (c->agent, candidates[best].agent) < 0))
            best = (gint) i;
          break;
        }
    }
  return strategy == RD_QUEUE_ROUND_ROBIN && best < 0 ? first : best;
}
