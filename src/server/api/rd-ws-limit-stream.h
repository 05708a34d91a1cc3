/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The input side of a server WebSocket, read frame by frame as it passes: a message (its
 * data frames, continuations included) over the limit closes the connection with 1009 and
 * everything after it is dropped unread, so no peer can make the server buffer an endless
 * fragmented message (libsoup 3.2 checks each frame, not their sum: CVE-2025-32049). */
#define RD_TYPE_WS_LIMIT_STREAM (rd_ws_limit_stream_get_type ())
G_DECLARE_FINAL_TYPE (RdWsLimitStream, rd_ws_limit_stream, RD, WS_LIMIT_STREAM, GFilterInputStream)

/* @base with its input wrapped (the output as it is); *limit receives the wrapper, to which
 * the WebSocket made over the result is given with rd_ws_limit_stream_watch(). */
GIOStream *rd_ws_limit_wrap           (GIOStream               *base,
                                       gsize                    max_message,
                                       RdWsLimitStream        **limit);
/* The connection to close with 1009 (held weakly). */
void       rd_ws_limit_stream_watch   (RdWsLimitStream         *self,
                                       SoupWebsocketConnection *connection);
/* TRUE once a message went over the limit. */
gboolean   rd_ws_limit_stream_tripped (RdWsLimitStream         *self);

G_END_DECLS
