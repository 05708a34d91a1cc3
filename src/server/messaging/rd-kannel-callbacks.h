/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-kannel-gateway.h"
#include "rd-sms-service.h"

G_BEGIN_DECLS

/* What Kannel's callbacks carry (query parameters of a GET), read and checked before
 * anything is written. Errors are RD_SMS_ERROR_INVALID with the parameter named. */

/* TRUE when the query's "secret" is the configured one (compared in constant time). */
gboolean  rd_kannel_check_secret  (RdKannelGateway  *gateway,
                                   GHashTable       *query);

/* A delivery report: ?id=MESSAGE&type=%d&reply=%A. */
gboolean  rd_kannel_parse_dlr     (GHashTable       *query,
                                   const char      **message_id,
                                   RdSmsReport      *report,
                                   const char      **reply,
                                   GError          **error);

/* An incoming SMS: ?from=%p&to=%P&text=%b&coding=%c&charset=%C. Returns the text as UTF-8
 * (converted from the charset Kannel names; smsbox's mo-recode turns UCS-2 into UTF-8). */
char     *rd_kannel_parse_inbound (GHashTable       *query,
                                   const char      **from,
                                   const char      **to,
                                   GError          **error);

G_END_DECLS
