/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The expected wait a caller is told (docs/queues.md): the callers ahead of them and they
 * themselves, each taking the queue's recent average handle time, shared by the agents
 * logged in to the queue. Pure: the queue engine gives the figures. */

/* Milliseconds until the caller at @position (1 first) is expected to reach an agent, with
 * @handle_ms the recent average handle time and @agents the agents logged in (at least
 * one is assumed); -1 when there is no history (@handle_ms < 0). */
gint64 rd_queue_expected_wait_ms      (guint  position,
                                       gint64 handle_ms,
                                       guint  agents);
/* The whole minutes said for @wait_ms: 0 under a minute, else rounded up, at most @cap. */
guint  rd_queue_expected_wait_minutes (gint64 wait_ms,
                                       guint  cap);

G_END_DECLS
