/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-events-listener.h"

G_BEGIN_DECLS

#define RD_SERVER_SESSION_ERROR (rd_server_session_error_quark ())

typedef enum
{
  RD_SERVER_SESSION_ERROR_BAD_URL,
  RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS,
  RD_SERVER_SESSION_ERROR_PROTOCOL,
  RD_SERVER_SESSION_ERROR_SERVER,
  RD_SERVER_SESSION_ERROR_NETWORK,
} RdServerSessionError;

#define RD_TYPE_SERVER_SESSION (rd_server_session_get_type ())

G_DECLARE_FINAL_TYPE (RdServerSession, rd_server_session, RD, SERVER_SESSION, GObject)

GQuark           rd_server_session_error_quark (void);
RdServerSession *rd_server_session_new         (const char           *server_url);
gboolean         rd_server_session_set_ca_file (RdServerSession    *self,
                                                const char         *ca_file,
                                                GError            **error);
const char      *rd_server_session_get_ca_file (RdServerSession    *self);
const char      *rd_server_session_get_server_url (RdServerSession    *self);
const char      *rd_server_session_get_username (RdServerSession     *self);
const char      *rd_server_session_get_role     (RdServerSession     *self);
const char      *rd_server_session_get_token    (RdServerSession     *self);
const char      *rd_server_session_get_user_id  (RdServerSession     *self);
GDateTime       *rd_server_session_get_expires  (RdServerSession     *self);
gboolean         rd_server_session_get_signed_in (RdServerSession    *self);
void             rd_server_session_sign_in_async (RdServerSession    *self,
                                                  const char         *username,
                                                  const char         *password,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean         rd_server_session_sign_in_finish (RdServerSession   *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);
void             rd_server_session_request_async (RdServerSession    *self,
                                                  const char         *method,
                                                  const char         *path,
                                                  const char         *json_body,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
void             rd_server_session_send_async    (RdServerSession    *self,
                                                  const char         *method,
                                                  const char         *path,
                                                  const char         *content_type,
                                                  GBytes             *body,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
JsonNode        *rd_server_session_request_finish (RdServerSession   *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);
void             rd_server_session_fetch_async   (RdServerSession    *self,
                                                  const char         *path,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
GBytes          *rd_server_session_fetch_finish  (RdServerSession   *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
char            *rd_server_session_normalize_url (const char         *text,
                                                  GError            **error);

RdEventsListener *rd_server_session_new_events_listener (RdServerSession *self);

G_END_DECLS
