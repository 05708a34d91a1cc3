/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-api.h"

G_BEGIN_DECLS

/* Each resource's handlers live in their own rd-api-*.c; rd-server.c routes. */
typedef void (*RdApiHandler) (RdApiRequest *req);

/* rd-api-session.c */
void rd_api_session_create  (RdApiRequest *req);
void rd_api_session_show    (RdApiRequest *req);
void rd_api_session_delete  (RdApiRequest *req);

/* rd-api-signup.c */
void rd_api_signup_create   (RdApiRequest *req);
void rd_api_signup_list     (RdApiRequest *req);
void rd_api_signup_approve  (RdApiRequest *req);
void rd_api_signup_reject   (RdApiRequest *req);

/* rd-api-users.c */
void rd_api_users_list      (RdApiRequest *req);
void rd_api_users_create    (RdApiRequest *req);
void rd_api_users_show      (RdApiRequest *req);
void rd_api_users_update    (RdApiRequest *req);
void rd_api_users_delete    (RdApiRequest *req);

/* rd-api-audit.c */
void rd_api_audit_list      (RdApiRequest *req);

/* rd-api-sync.c */
void rd_api_sync_push       (RdApiRequest *req);
void rd_api_sync_pull       (RdApiRequest *req);
void rd_api_sync_snapshot   (RdApiRequest *req);
void rd_api_sync_checksum   (RdApiRequest *req);

/* rd-api-recordings.c */
void rd_api_recordings_put  (RdApiRequest *req);
void rd_api_recordings_get  (RdApiRequest *req);

/* rd-api-events.c: its own SoupServer handlers (WebSocket + long poll) */
void rd_api_events_install  (RdServer     *server);

G_END_DECLS
