/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which ready agent a waiting caller gets (docs/queues.md, "Strategies"). Pure: no desk, no
 * switch; unit-tested on its own. */

typedef enum {
  RD_QUEUE_LONGEST_IDLE,   /* the agent ready the longest */
  RD_QUEUE_ROUND_ROBIN,    /* the next agent by name after the one who took the last call */
  RD_QUEUE_RING_ALL,       /* every ready member at once: with permanent legs the first
                            * to take it is the longest ready, as longest-idle */
} RdQueueStrategy;

typedef struct {
  const char *agent;
  guint       priority;    /* the member's tier: 0 first */
  gint64      ready_since; /* ms */
} RdQueueCandidate;

gboolean    rd_queue_strategy_parse (const char *name,
                                     RdQueueStrategy *strategy);
/* The candidate (an index into @candidates, -1 when none) the caller gets: only the lowest
 * tier present is considered; @owner (NULL: none) when the caller is held for their
 * responsible manager: that one or nobody; @last the agent round-robin gave the last call. */
gint        rd_queue_pick           (const RdQueueCandidate *candidates,
                                     guint                   n,
                                     RdQueueStrategy         strategy,
                                     const char             *owner,
                                     const char             *last);

G_END_DECLS
