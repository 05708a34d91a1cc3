/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expected wait of a caller in a queue. */
#include "config.h"

#include "rd-queue-estimate.h"

gint64
rd_queue_expected_wait_ms (guint  position,
                           gint64 handle_ms,
                           guint  agents)
{
  if (handle_ms < 0 || position == 0)
    return -1;
  /* the caller is served when the @position calls before theirs (theirs included, as the
   * agents now busy finish theirs) are done, @agents at a time */
  return (gint64) position * handle_ms / MAX (agents, 1);
}

guint
rd_queue_expected_wait_minutes (gint64 wait_ms,
                                guint  cap)
{
  gint64 minutes;

  if (wait_ms < 60 * 1000)
    return 0;
  minutes = (wait_ms + 60 * 1000 - 1) / (60 * 1000);
  return (guint) MIN (minutes, (gint64) MAX (cap, 1));
}
