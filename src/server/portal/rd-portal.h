/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "rd-portal-db.h"
#include "rd-server-crypto.h"
#include "rd-server-db.h"
#include "rd-server-sync.h"

G_BEGIN_DECLS

/* The customers' self-service portal under /portal/ (docs/portal.md): server-rendered
 * pages for registration, sign-in, profile, tickets and their message threads, and the
 * public "Contact us" form; plus what the staff API needs to approve customers, answer
 * threads and work the enquiries queue. Tickets and thread messages are CRM rows written
 * through the server's sync path (rd_server_sync_write), so the apps see them. */

#define RD_PORTAL_ERROR (rd_portal_error_quark ())

typedef enum {
  RD_PORTAL_ERROR_INVALID,     /* bad input: 400 */
  RD_PORTAL_ERROR_NOT_FOUND,   /* no such thing, or not the caller's: 404 */
  RD_PORTAL_ERROR_STATE,       /* not in a state that allows it: 409 */
  RD_PORTAL_ERROR_FAILED,      /* a database or file failure: 500 */
} RdPortalError;

GQuark rd_portal_error_quark (void);

typedef struct {
  RdPasswordCost cost;            /* argon2id cost of new password hashes */
  guint          session_ttl;     /* seconds a portal session lives */
  guint          limit_user;      /* failed sign-ins per e-mail per window */
  guint          limit_address;   /* sign-in, register and Contact us posts per address per window */
  guint          window;          /* seconds */
  gsize          max_photo;       /* bytes of a profile photo */
  gsize          max_attachment;  /* bytes of a ticket's attachment */
  char          *support_team;    /* the team whose members work the portal (with admins and managers) */
} RdPortalOptions;

void rd_portal_options_init_default (RdPortalOptions *options);

#define RD_TYPE_PORTAL (rd_portal_get_type ())
G_DECLARE_FINAL_TYPE (RdPortal, rd_portal, RD, PORTAL, GObject)

/* Opens DATA_DIR/portal.db and the portal's files folder. @options is copied. */
RdPortal   *rd_portal_new              (const char            *data_dir,
                                        RdServerDb            *accounts,
                                        RdServerSync          *sync,
                                        const RdPortalOptions *options,
                                        GError               **error);
/* Serves the pages under /portal on @soup; cookies get Secure when @https. */
void        rd_portal_install          (RdPortal              *self,
                                        SoupServer            *soup,
                                        gboolean               https);
RdPortalDb *rd_portal_get_db           (RdPortal              *self);
/* Answers @msg, a request under /portal whose body is over the server's --max-body, with
 * a 413 page (the server refuses it before reading the body). */
void        rd_portal_refuse_too_large (RdPortal              *self,
                                        SoupServerMessage     *msg);

/* Whether a staff user works the portal: admins, managers, the support team's members. */
gboolean    rd_portal_is_support       (RdPortal              *self,
                                        const RdUser          *user);

/* Staff: approves a pending customer (a CRM contact with their name and e-mail is made for
 * them) or rejects them. */
RdCustomer *rd_portal_decide_customer  (RdPortal              *self,
                                        gint64                 customer_id,
                                        gboolean               approve,
                                        const RdUser          *staff,
                                        GError               **error);
/* Staff: @staff takes the portal ticket (assignee, status in_progress). */
gboolean    rd_portal_accept_ticket    (RdPortal              *self,
                                        const char            *ticket_id,
                                        const RdUser          *staff,
                                        GError               **error);
/* Staff: an answer in the ticket's thread; returns the messages row. */
RdRecord   *rd_portal_staff_reply      (RdPortal              *self,
                                        const char            *ticket_id,
                                        const RdUser          *staff,
                                        const char            *text,
                                        GError               **error);
/* Staff: the attachment a customer sent with the ticket, and its file name. */
GBytes     *rd_portal_staff_attachment (RdPortal              *self,
                                        const char            *ticket_id,
                                        const RdUser          *staff,
                                        char                 **name,
                                        GError               **error);
/* The thread of a portal ticket (messages rows, oldest first). */
GPtrArray  *rd_portal_thread           (RdPortal              *self,
                                        const char            *ticket_id,
                                        GError               **error);

G_END_DECLS
