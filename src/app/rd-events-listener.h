/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  RD_EVENTS_MODE_IDLE,        /* not connected: waiting to retry, or stopped */
  RD_EVENTS_MODE_WEBSOCKET,   /* a WebSocket on /api/v1/events is open */
  RD_EVENTS_MODE_LONG_POLL,   /* the WebSocket failed: long polls of /api/v1/events */
} RdEventsMode;

#define RD_TYPE_EVENTS_LISTENER (rd_events_listener_get_type ())

G_DECLARE_FINAL_TYPE (RdEventsListener, rd_events_listener, RD, EVENTS_LISTENER, GObject)

RdEventsListener *rd_events_listener_new      (const char       *server_url,
                                               const char       *token);
void              rd_events_listener_start    (RdEventsListener *self);
void              rd_events_listener_stop     (RdEventsListener *self);
RdEventsMode      rd_events_listener_get_mode (RdEventsListener *self);
gint64            rd_events_listener_get_sequence (RdEventsListener *self);
void              rd_events_listener_set_tls_database (RdEventsListener *self,
                                                       GTlsDatabase     *database);
void              rd_events_listener_set_use_websocket (RdEventsListener *self,
                                                        gboolean          use_websocket);

void              rd_events_listener_set_boards (RdEventsListener *self,
                                                 const char       *keys);

G_END_DECLS
