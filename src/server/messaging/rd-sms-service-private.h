/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-sms-service.h"

G_BEGIN_DECLS

/* Shared by rd-sms-service.c (sending, retries, reports) and rd-sms-inbound.c. */

struct _RdSmsService
{
  GObject           parent_instance;

  RdServerSync     *sync;
  RdSmsGateway     *gateway;
  RdSmsRetryPolicy  policy;
  GHashTable       *pending;      /* message id -> Pending: sends in flight or waiting */
  GCancellable     *cancellable;
};

/* Writes @records through the server's merge and log, and says "sequence". */
gboolean rd_sms_service_write (RdSmsService  *self,
                               GPtrArray     *records,
                               GError       **error);

/* A new SMS row (a fresh id, now, its segments counted) on record @parent, whose owner it
 * takes so it is seen by whoever sees the record. */
RdRecord *rd_sms_message_new  (RdRecord      *parent,
                               const char    *direction,
                               const char    *address,
                               const char    *text,
                               const char    *status);

G_END_DECLS
