/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-sms-gateway.h"

G_DEFINE_QUARK (rd-sms-gateway-error-quark, rd_sms_gateway_error)
G_DEFINE_INTERFACE (RdSmsGateway, rd_sms_gateway, G_TYPE_OBJECT)

static void
rd_sms_gateway_default_init (RdSmsGatewayInterface *iface)
{
}

void
rd_sms_gateway_send_async (RdSmsGateway        *self,
                           const RdSmsOutgoing *sms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RD_IS_SMS_GATEWAY (self));
  g_return_if_fail (sms != NULL);

  RD_SMS_GATEWAY_GET_IFACE (self)->send_async (self, sms, cancellable, callback, user_data);
}

gboolean
rd_sms_gateway_send_finish (RdSmsGateway  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RD_IS_SMS_GATEWAY (self), FALSE);

  return RD_SMS_GATEWAY_GET_IFACE (self)->send_finish (self, result, error);
}
