/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_WALLBOARD (rd_wallboard_get_type ())
G_DECLARE_FINAL_TYPE (RdWallboard, rd_wallboard, RD, WALLBOARD, AdwWindow)

/* A full-screen window for a wall TV: agents by state, today's calls, answered and
 * abandoned, the abandon rate against the campaigns' cap, the longest an agent has
 * waited for a call, the queues' service level, callers waiting and the longest wait.
 * The server pushes the board of every campaign and queue the manager sees over the
 * events WebSocket (?boards=); the lists are read again every minute. F11 toggles full
 * screen, Escape leaves it. */
RdWallboard *rd_wallboard_new        (RdServerSession *session);
/* Reads the lists of campaigns and queues again and watches their boards (the window does
 * when shown, then every minute). */
void         rd_wallboard_refresh    (RdWallboard     *self);
/* TRUE until the lists are read and every board of them has come once. */
gboolean     rd_wallboard_get_busy   (RdWallboard     *self);
/* How many boards were pushed so far (for tests). */
guint        rd_wallboard_get_updates (RdWallboard    *self);
/* The number a tile shows: "ready", "on_call", "wrap_up", "paused", "previewing",
 * "calls", "answered", "abandoned", "abandon_rate", "longest_wait", "service_level",
 * "waiting", "queue_wait". */
const char  *rd_wallboard_get_figure (RdWallboard     *self,
                                      const char      *figure);
/* Whether the abandon rate is over the cap (its tile is red). */
gboolean     rd_wallboard_get_over_cap (RdWallboard   *self);

G_END_DECLS
