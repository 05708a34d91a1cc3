/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-sms-text.h"

G_BEGIN_DECLS

/* An SMS gateway: the one extension point of messaging (Kannel first; an SMPP or HTTP
 * provider backend implements the same). A send hands one message to the gateway; what
 * happens to it afterwards comes back as delivery reports, which each backend receives in
 * its own way and turns into rd_sms_service_report(). */

#define RD_SMS_GATEWAY_ERROR (rd_sms_gateway_error_quark ())

typedef enum {
  RD_SMS_GATEWAY_ERROR_UNAVAILABLE,  /* cannot reach the gateway, or it is busy: try again */
  RD_SMS_GATEWAY_ERROR_REJECTED,     /* the gateway refused the message: trying again will not help */
} RdSmsGatewayError;

GQuark rd_sms_gateway_error_quark (void);

/* One outgoing SMS. */
typedef struct {
  const char    *message_id;  /* the messages row; delivery reports name it */
  const char    *to;          /* E.164 */
  const char    *text;        /* UTF-8 */
  RdSmsEncoding  encoding;
} RdSmsOutgoing;

#define RD_TYPE_SMS_GATEWAY (rd_sms_gateway_get_type ())
G_DECLARE_INTERFACE (RdSmsGateway, rd_sms_gateway, RD, SMS_GATEWAY, GObject)

struct _RdSmsGatewayInterface
{
  GTypeInterface parent_iface;

  void     (*send_async)  (RdSmsGateway        *self,
                           const RdSmsOutgoing *sms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  gboolean (*send_finish) (RdSmsGateway        *self,
                           GAsyncResult        *result,
                           GError             **error);
};

/* Hands @sms to the gateway (@sms is copied). */
void     rd_sms_gateway_send_async  (RdSmsGateway        *self,
                                     const RdSmsOutgoing *sms,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* TRUE when the gateway took the message; else RD_SMS_GATEWAY_ERROR_UNAVAILABLE (retry)
 * or _REJECTED (final), with the gateway's words. */
gboolean rd_sms_gateway_send_finish (RdSmsGateway        *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
