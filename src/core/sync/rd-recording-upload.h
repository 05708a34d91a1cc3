/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-http-client.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_RECORDING_UPLOAD_ERROR (rd_recording_upload_error_quark ())

typedef enum {
  RD_RECORDING_UPLOAD_ERROR_REFUSED,   /* the server answered with an error status */
} RdRecordingUploadError;

GQuark rd_recording_upload_error_quark (void);

/* Uploads the recordings of this replica's call records to the server it is logged in to
 * (PUT /api/v1/recordings/ID, audio/wav), each once: an uploaded one is marked in the
 * replica's meta table ("recording.uploaded.ID"). A recording whose file is gone is
 * skipped; one the server does not know the call of yet (404: not pushed yet) waits for
 * the next round. No server: nothing to do, TRUE. FALSE on a network error (offline: the
 * next sync tries again) or a refusal, after trying the others. @uploaded may be NULL. */
gboolean rd_recording_upload_pending (RdStore       *store,
                                      guint         *uploaded,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* Downloads the recording of call @call_id from the server the replica is logged in to
 * (GET /api/v1/recordings/ID) into @dest_path (atomically, parent folders made). Fails
 * with no server, or RD_RECORDING_UPLOAD_ERROR_REFUSED on an error status (404: not there
 * or not visible). */
gboolean rd_recording_download       (RdStore       *store,
                                      const char    *call_id,
                                      const char    *dest_path,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* A client for @server (the replica's, with its @token) that trusts the CA file the sync
 * client trusts it by, if any; shared by recordings and documents. */
RdHttpClient *rd_replica_http_client (RdStore     *store,
                                      const char  *server,
                                      const char  *token,
                                      GError     **error);

/* Whether the recording of call @call_id went up already. */
gboolean rd_recording_is_uploaded    (RdStore       *store,
                                      const char    *call_id);

G_END_DECLS
