/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-agent-desk.h"
#include "rd-dialer.h"
#include "rd-queues.h"
#include "rd-reports.h"

G_BEGIN_DECLS

/* The live boards (docs/reports.md, "Live boards"): what a campaign's dialer and agents,
 * or a queue's callers and agents, are doing now, with today's figures. A board is named
 * by its key, "campaigns/ID" or "queues/ID". Watched boards are built again four times a
 * second from memory (the desk, the dialer's runs, the queues) and their figures of the
 * day read again (the reports module, in a worker thread) at most once a second after a
 * change; "updated" fires when a board's content changed. Main thread. */

#define RD_TYPE_LIVE_BOARD (rd_live_board_get_type ())
G_DECLARE_FINAL_TYPE (RdLiveBoard, rd_live_board, RD, LIVE_BOARD, GObject)

/* How often watched boards are looked at, and the most often their day figures are read. */
#define RD_LIVE_BOARD_TICK_MS   250
#define RD_LIVE_BOARD_STATS_MS  1000

/* @dialer and @queues may be NULL (a server that places no calls). */
RdLiveBoard *rd_live_board_new      (RdCenterDb   *center,
                                     RdAgentDesk  *desk,
                                     RdDialer     *dialer,
                                     RdQueues     *queues,
                                     RdReports    *reports);
/* TRUE for "campaigns/ID" or "queues/ID"; the kind and the id in *@kind / *@id. */
gboolean     rd_live_board_parse_key (const char  *key,
                                      char       **kind,
                                      char       **id);
/* Watchers are counted: a board is built while one or more watch it. */
void         rd_live_board_watch    (RdLiveBoard  *self,
                                     const char   *key);
void         rd_live_board_unwatch  (RdLiveBoard  *self,
                                     const char   *key);
/* The board now (built if no watcher keeps it, its day figures read on the spot): the
 * object of docs/api.md, GET /boards/KEY. NULL with an error for an unknown campaign or
 * queue. */
JsonNode    *rd_live_board_get      (RdLiveBoard  *self,
                                     const char   *key,
                                     GError      **error);

/* Signal "updated" (const char *key, const char *message): a watched board changed;
 * @message is the text the events WebSocket sends, {"type": "board", "key", "now",
 * "board"}. */

G_END_DECLS
