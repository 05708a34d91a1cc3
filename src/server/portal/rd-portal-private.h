/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-portal.h"
#include "rd-portal-template.h"
#include "rd-rate-limit.h"

G_BEGIN_DECLS

/* libsoup 3.2 has no name for it. */
#define RD_PORTAL_STATUS_TOO_MANY 429

/* Shared by the portal's files: rd-portal.c (object, routing, cookies, CSRF, replies),
 * rd-portal-account.c (register, sign-in, profile), rd-portal-pages.c (tickets, threads),
 * rd-portal-contact.c (Contact us), rd-portal-tickets.c (the CRM rows). */

struct _RdPortal
{
  GObject          parent_instance;

  RdPortalDb      *db;
  RdServerDb      *accounts;
  RdServerSync    *sync;
  RdPortalOptions  options;
  RdRateLimit     *address_limit;   /* keys "FORM:ADDRESS" */
  RdRateLimit     *user_limit;      /* failed sign-ins, keys "E-MAIL" */
  char            *files_dir;       /* DATA_DIR/portal: photos/, attachments/ */
  gboolean         https;
};

/* One request to a portal page; reference-counted so a page can pause the message while
 * a password is hashed in a worker thread. */
typedef struct {
  RdPortal          *portal;
  SoupServerMessage *msg;
  const char        *lang;          /* "en" or "ru" */
  char              *address;       /* the peer's IP address */
  char             **params;        /* the "*" segments of the route */
  RdCustomer        *customer;      /* signed in, or NULL */
  char              *session_hash;  /* SHA-256 of the session cookie */
  char              *csrf;          /* the token forms must carry */
  gboolean           csrf_is_new;   /* a visitor's token not in a cookie yet */
  GHashTable        *form;          /* POST fields (name -> value), NULL for GET */
  GBytes            *file;          /* the uploaded file of a multipart form, or NULL */
  char              *file_name;
  char              *file_type;
  GHashTable        *query;
} RdPortalCtx;

RdPortalCtx *rd_portal_ctx_ref       (RdPortalCtx *ctx);
void         rd_portal_ctx_unref     (RdPortalCtx *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdPortalCtx, rd_portal_ctx_unref)

typedef void (*RdPortalPage) (RdPortalCtx *ctx);

/* Replies: a page in the layout (@body is HTML the caller escaped); an error page with a
 * catalogue key; a 303 redirect; JSON. Every reply is no-store with a strict CSP. */
void         rd_portal_reply_page    (RdPortalCtx *ctx,
                                      guint        status,
                                      const char  *title,
                                      const char  *body);
void         rd_portal_reply_error   (RdPortalCtx *ctx,
                                      guint        status,
                                      const char  *key);
void         rd_portal_redirect      (RdPortalCtx *ctx,
                                      const char  *location);
void         rd_portal_reply_json    (RdPortalCtx *ctx,
                                      JsonNode    *node);
void         rd_portal_reply_bytes   (RdPortalCtx *ctx,
                                      const char  *content_type,
                                      GBytes      *bytes);
/* A form value, stripped; "" when missing. */
const char  *rd_portal_field         (RdPortalCtx *ctx,
                                      const char  *name);
/* A vars table for rd_portal_render with the CSRF token and language already in it. */
GHashTable  *rd_portal_vars          (RdPortalCtx *ctx);
/* Renders a template with rd_portal_vars-made @vars. */
char        *rd_portal_ctx_render    (RdPortalCtx *ctx,
                                      const char  *name,
                                      GHashTable  *vars);
/* FALSE (after a 429 page) when @form from this address is past its limit; counts it. */
gboolean     rd_portal_check_limit   (RdPortalCtx *ctx,
                                      const char  *form);
/* Signs @customer in: a new session, its cookie and its CSRF token. */
gboolean     rd_portal_start_session (RdPortalCtx *ctx,
                                      RdCustomer  *customer,
                                      GError     **error);
void         rd_portal_end_session   (RdPortalCtx *ctx);
/* Runs @work (a password's hash or check) in the password pool with the message paused, then
 * @done on the main thread. */
void         rd_portal_defer         (RdPortalCtx *ctx,
                                      GThreadFunc  work,
                                      gpointer     data,
                                      GDestroyNotify destroy,
                                      void       (*done) (RdPortalCtx *ctx, gpointer data));
/* Tells listeners (RdServer's event streams) that the changes log reached @seq. */
void         rd_portal_notify_seq    (RdPortal    *self,
                                      gint64       seq);
/* "2026-12-07 23:15" in UTC from unix seconds. */
char        *rd_portal_format_time   (gint64       unix_seconds);

/* Pages */
void rd_portal_page_register      (RdPortalCtx *ctx);
void rd_portal_page_signin        (RdPortalCtx *ctx);
void rd_portal_page_signout       (RdPortalCtx *ctx);
void rd_portal_page_profile       (RdPortalCtx *ctx);
void rd_portal_page_photo         (RdPortalCtx *ctx);
void rd_portal_page_tickets       (RdPortalCtx *ctx);
void rd_portal_page_ticket_new    (RdPortalCtx *ctx);
void rd_portal_page_ticket        (RdPortalCtx *ctx);
void rd_portal_page_ticket_post   (RdPortalCtx *ctx);
void rd_portal_page_ticket_json   (RdPortalCtx *ctx);
void rd_portal_page_attachment    (RdPortalCtx *ctx);
void rd_portal_page_contact       (RdPortalCtx *ctx);

/* The CRM rows of portal tickets (rd-portal-tickets.c). */
char      *rd_portal_tickets_create  (RdPortal     *self,
                                      RdCustomer   *customer,
                                      const char   *subject,
                                      const char   *text,
                                      const char   *file_name,
                                      GError      **error);
GPtrArray *rd_portal_tickets_list    (RdPortal     *self,
                                      RdCustomer   *customer,
                                      GError      **error);
/* The customer's ticket @id; RD_PORTAL_ERROR_NOT_FOUND for another's or none. */
RdRecord  *rd_portal_tickets_get     (RdPortal     *self,
                                      RdCustomer   *customer,
                                      const char   *id,
                                      GError      **error);
RdRecord  *rd_portal_tickets_message (RdPortal     *self,
                                      const char   *ticket_id,
                                      const char   *owner,
                                      gboolean      from_customer,
                                      const char   *address,
                                      const char   *text,
                                      GError      **error);
/* Who took @ticket (a staff name, or NULL) and when (unix seconds). */
char      *rd_portal_tickets_taken   (RdPortal     *self,
                                      RdRecord     *ticket,
                                      gint64       *when);
char      *rd_portal_attachment_path (RdPortal     *self,
                                      const char   *ticket_id);

G_END_DECLS
