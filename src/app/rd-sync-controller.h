/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-events-listener.h"

G_BEGIN_DECLS

typedef enum
{
  RD_SYNC_STATE_OFFLINE,   /* no server, or it cannot be reached */
  RD_SYNC_STATE_SYNCING,
  RD_SYNC_STATE_SYNCED,
  RD_SYNC_STATE_FAILED,    /* the server refused: see the status text */
} RdSyncState;

#define RD_TYPE_SYNC_CONTROLLER (rd_sync_controller_get_type ())

G_DECLARE_FINAL_TYPE (RdSyncController, rd_sync_controller, RD, SYNC_CONTROLLER, GObject)

RdSyncController *rd_sync_controller_new        (const char       *db_path);
void              rd_sync_controller_start      (RdSyncController *self,
                                                 const char       *server_url,
                                                 const char       *username,
                                                 const char       *password);
void              rd_sync_controller_sync_now   (RdSyncController *self);
void              rd_sync_controller_stop       (RdSyncController *self);
RdSyncState       rd_sync_controller_get_state  (RdSyncController *self);
const char       *rd_sync_controller_get_status_text (RdSyncController *self);
guint             rd_sync_controller_get_n_syncs (RdSyncController *self);
void              rd_sync_controller_set_interval (RdSyncController *self,
                                                   guint             seconds);
void              rd_sync_controller_set_token  (RdSyncController *self,
                                                 const char       *token,
                                                 const char       *user_id);
gboolean          rd_sync_controller_set_ca_file (RdSyncController *self,
                                                  const char       *ca_file,
                                                  GError          **error);
RdEventsMode      rd_sync_controller_get_events_mode (RdSyncController *self);
RdEventsListener *rd_sync_controller_get_events (RdSyncController *self);

G_END_DECLS
