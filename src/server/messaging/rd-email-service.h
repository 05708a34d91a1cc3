/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-email-mime.h"
#include "rd-mail-curl.h"
#include "rd-server-sync.h"

G_BEGIN_DECLS

/* RdEmailService: e-mail from a record out through SMTP and replies in from IMAP
 * (docs/messaging.md). Like RdSmsService, every message is a `messages` row (channel
 * "email") written through the server's merge and changes log: queued → sent, or failed
 * with the reason; received for inbound ones. An SMTP server that cannot be reached is
 * retried with a doubling delay, a bounded number of times; queued messages are sent again
 * after a restart (the message as built is kept under the data dir until then). */

#define RD_EMAIL_ERROR (rd_email_error_quark ())

typedef enum {
  RD_EMAIL_ERROR_INVALID,     /* bad input: nothing was written (400) */
  RD_EMAIL_ERROR_NOT_FOUND,   /* no such record or message, or one the caller may not see (404) */
  RD_EMAIL_ERROR_NO_SENDER,   /* neither the user nor the server has a From address (409) */
} RdEmailError;

GQuark rd_email_error_quark (void);

/* Attachments of one message, decoded, in all. */
#define RD_EMAIL_MAX_ATTACHMENTS (10 * 1024 * 1024)

/* What a user asks to send. */
typedef struct {
  const char        *table;        /* contacts, leads, organizations, tickets */
  const char        *record;       /* its id */
  const char *const *to;
  const char *const *cc;           /* may be NULL */
  const char        *subject;
  const char        *text;         /* the plain-text part (made from @html when NULL) */
  const char        *html;         /* may be NULL */
  GPtrArray         *attachments;  /* RdEmailAttachment, may be NULL */
  const char        *reply_to;     /* the messages row answered, or NULL */
} RdEmailRequest;

#define RD_TYPE_EMAIL_SERVICE (rd_email_service_get_type ())
G_DECLARE_FINAL_TYPE (RdEmailService, rd_email_service, RD, EMAIL_SERVICE, GObject)

/* @smtp (copied) may be NULL: then nothing can be sent, only received. @mail_dir holds
 * the messages as built, the attachments and the IMAP position. */
RdEmailService *rd_email_service_new       (RdServerSync       *sync,
                                            const char         *mail_dir,
                                            const RdMailServer *smtp,
                                            const char         *default_from);
/* Tries before a message fails (≥ 1), the first delay and the longest, in ms. */
void            rd_email_service_set_retry (RdEmailService     *self,
                                            guint               attempts,
                                            guint               first_delay,
                                            guint               max_delay);
gboolean        rd_email_service_can_send  (RdEmailService     *self);

/* Checks @request (addresses, sizes, the record @viewer may see), builds the message From
 * user @user_id's e-mail (else the server's default), writes it "queued" and starts
 * sending it. Returns the new messages row. */
RdRecord       *rd_email_service_send      (RdEmailService       *self,
                                            const RdSyncViewer   *viewer,
                                            const char           *user_id,
                                            const RdEmailRequest *request,
                                            GError              **error);

/* Sends again every outbound e-mail still queued (after a restart). Returns how many. */
guint           rd_email_service_resume    (RdEmailService     *self);

/* An incoming message (RFC 5322 bytes): a `messages` row (status received) on the record
 * its thread belongs to (In-Reply-To / References naming one of ours), else on the record
 * with the sender's address, else on a new "unsorted" contact. A Message-ID already filed
 * is not filed twice (returns the row there is). */
RdRecord       *rd_email_service_receive   (RdEmailService     *self,
                                            GBytes             *message,
                                            GError            **error);

/* Reads @imap's mailbox every @seconds (and now), filing what is new. */
void            rd_email_service_watch_imap (RdEmailService    *self,
                                             const RdMailServer *imap,
                                             guint               seconds);

/* The file of attachment @index of message @id that @viewer may see, with its name and
 * type. */
char           *rd_email_service_attachment (RdEmailService     *self,
                                             const RdSyncViewer *viewer,
                                             const char         *id,
                                             guint               index,
                                             char              **name,
                                             char              **content_type,
                                             GError            **error);

G_END_DECLS
