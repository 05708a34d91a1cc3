/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-retry.h"

#include "rd-server-sync.h"
#include "rd-sms-gateway.h"

G_BEGIN_DECLS

/* RdSmsService: an SMS from a record to the gateway and back (docs/messaging.md). Every
 * message is a `messages` row written through the server's merge and changes log, so the
 * replicas receive it, and its status (queued → sent → delivered, or failed with the
 * reason) by ordinary sync. A gateway that cannot be reached is retried with a doubling
 * delay, a bounded number of times; queued rows are sent again after a restart. */

#define RD_SMS_ERROR (rd_sms_error_quark ())

typedef enum {
  RD_SMS_ERROR_INVALID,     /* bad input: nothing was written (400) */
  RD_SMS_ERROR_NOT_FOUND,   /* no such record or message, or one the caller may not see (404) */
} RdSmsError;

GQuark rd_sms_error_quark (void);

/* The longest text the server sends, in segments (Kannel's default max-messages). */
#define RD_SMS_MAX_SEGMENTS 10

/* The SMS service's retries (rd-retry.h). */
typedef RdRetryPolicy RdSmsRetryPolicy;

void     rd_sms_retry_policy_init_default (RdSmsRetryPolicy *policy);
/* Reads retry-attempts, retry-delay-ms and retry-max-delay-ms of the [sms] group of @path
 * (a GLib key file; keys it lacks keep their value in @policy). */
gboolean rd_sms_retry_policy_load         (RdSmsRetryPolicy *policy,
                                           const char       *path,
                                           GError          **error);

/* What a delivery report says. */
typedef enum {
  RD_SMS_REPORT_DELIVERED,   /* on the phone */
  RD_SMS_REPORT_UNDELIVERED, /* the phone could not be reached: final */
  RD_SMS_REPORT_ACCEPTED,    /* the SMS center took it */
  RD_SMS_REPORT_REFUSED,     /* the SMS center refused it: final */
  RD_SMS_REPORT_BUFFERED,    /* the SMS center is still trying: no change */
} RdSmsReport;

#define RD_TYPE_SMS_SERVICE (rd_sms_service_get_type ())
G_DECLARE_FINAL_TYPE (RdSmsService, rd_sms_service, RD, SMS_SERVICE, GObject)

RdSmsService *rd_sms_service_new     (RdServerSync           *sync,
                                      RdSmsGateway           *gateway,
                                      const RdSmsRetryPolicy *policy);
RdSmsGateway *rd_sms_service_get_gateway (RdSmsService       *self);

/* Queues @text to @phone (any format; it must be one of the record's phones, or of a
 * ticket's contact) on record @id of @table (contacts, leads, organizations, tickets) that
 * @viewer may see, and starts sending it. Returns the new messages row (status queued). */
RdRecord     *rd_sms_service_send    (RdSmsService           *self,
                                      const RdSyncViewer     *viewer,
                                      const char             *table,
                                      const char             *id,
                                      const char             *phone,
                                      const char             *text,
                                      GError                **error);

/* Applies a delivery report to outbound SMS @message_id; @reply is the gateway's words
 * (may be NULL). A status never goes back (a late "accepted" after "delivered" is kept as
 * "delivered"). */
gboolean      rd_sms_service_report  (RdSmsService           *self,
                                      const char             *message_id,
                                      RdSmsReport             report,
                                      const char             *reply,
                                      GError                **error);

/* An SMS from @from (a phone number) to @to: a `messages` row (status received) on the
 * contact, lead or organization that has the number, else on a new contact tagged
 * "unsorted" (shared), as an unknown caller becomes. Returns the row. */
RdRecord     *rd_sms_service_receive (RdSmsService           *self,
                                      const char             *from,
                                      const char             *to,
                                      const char             *text,
                                      GError                **error);

/* Sends again every outbound SMS still queued in the merged store (after a restart).
 * Returns how many. */
guint         rd_sms_service_resume  (RdSmsService           *self);

/* The message row @id when @viewer may see it (NULL with RD_SMS_ERROR_NOT_FOUND). */
RdRecord     *rd_sms_service_get     (RdSmsService           *self,
                                      const RdSyncViewer     *viewer,
                                      const char             *id,
                                      GError                **error);

G_END_DECLS
