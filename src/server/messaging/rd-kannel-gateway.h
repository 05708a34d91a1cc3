/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-sms-gateway.h"

G_BEGIN_DECLS

/* Where the server finds Kannel and where Kannel finds the server (docs/messaging.md). */
typedef struct {
  char  *sendsms_url;   /* smsbox's sendsms, e.g. http://127.0.0.1:13013/cgi-bin/sendsms */
  char  *username;      /* a sendsms-user of smsbox */
  char  *password;
  char  *from;          /* the sender shown to the recipient */
  char  *callback_url;  /* the server as Kannel reaches it: http://HOST:PORT (no path) */
  char  *secret;        /* in every callback's query; 16+ characters of A-Z a-z 0-9 . _ ~ - */
  guint  timeout;       /* seconds a sendsms request may take */
} RdKannelConfig;

/* Reads the [kannel] group of @path (a GLib key file; see docs/deploy.md). */
RdKannelConfig *rd_kannel_config_load (const char     *path,
                                       GError        **error);
void            rd_kannel_config_free (RdKannelConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdKannelConfig, rd_kannel_config_free)

/* The path of the delivery-report and inbound callbacks under the server's API. */
#define RD_KANNEL_DLR_PATH     "/api/v1/sms/kannel/dlr"
#define RD_KANNEL_INBOUND_PATH "/api/v1/sms/kannel/inbound"

#define RD_TYPE_KANNEL_GATEWAY (rd_kannel_gateway_get_type ())
G_DECLARE_FINAL_TYPE (RdKannelGateway, rd_kannel_gateway, RD, KANNEL_GATEWAY, GObject)

/* Takes @config. */
RdKannelGateway      *rd_kannel_gateway_new        (RdKannelConfig  *config);
const RdKannelConfig *rd_kannel_gateway_get_config (RdKannelGateway *self);
/* The dlr-url Kannel is given for @message_id (Kannel fills %d and %A). */
char                 *rd_kannel_gateway_dlr_url    (RdKannelGateway *self,
                                                    const char      *message_id);

G_END_DECLS
