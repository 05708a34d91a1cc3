/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* DATA_DIR/portal.db: the customers' portal accounts, their sessions (with the CSRF token
 * of each) and the enquiries of the public "Contact us" form. Customers are not staff:
 * they never sync and have no row in server.db; their tickets and messages are CRM rows
 * in merged.db. */

#define RD_PORTAL_DB_ERROR (rd_portal_db_error_quark ())

typedef enum {
  RD_PORTAL_DB_ERROR_SQLITE,
  RD_PORTAL_DB_ERROR_NOT_FOUND,
  RD_PORTAL_DB_ERROR_EXISTS,
  RD_PORTAL_DB_ERROR_STATE,      /* e.g. approving an account that is not pending */
} RdPortalDbError;

GQuark rd_portal_db_error_quark (void);

typedef struct {
  gint64  id;
  char   *email;           /* lower case, unique */
  char   *name;
  char   *status;          /* "pending", "approved", "rejected" */
  char   *contact_id;      /* the CRM contact, once approved */
  char   *photo;           /* content type of the stored photo, NULL without one */
  gint64  created;         /* unix seconds */
  char   *decided_by;      /* staff user who approved or rejected */
  char   *password_hash;
} RdCustomer;

void rd_customer_free (RdCustomer *customer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCustomer, rd_customer_free)

typedef struct {
  char   *id;              /* UUIDv7 */
  char   *name;
  char   *email;
  char   *message;
  char   *status;          /* "unaccepted", "accepted", "resolved", "rejected" */
  char   *handled_by;      /* staff user of the last change, NULL while unaccepted */
  gint64  handled_at;      /* unix seconds, 0 while unaccepted */
  gint64  created;
} RdEnquiry;

void rd_enquiry_free (RdEnquiry *enquiry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdEnquiry, rd_enquiry_free)

#define RD_TYPE_PORTAL_DB (rd_portal_db_get_type ())
G_DECLARE_FINAL_TYPE (RdPortalDb, rd_portal_db, RD, PORTAL_DB, GObject)

RdPortalDb *rd_portal_db_open            (const char  *data_dir,
                                          GError     **error);

/* Customers */
RdCustomer *rd_portal_db_add_customer    (RdPortalDb  *self,
                                          const char  *email,
                                          const char  *name,
                                          const char  *password_hash,
                                          GError     **error);
RdCustomer *rd_portal_db_find_customer   (RdPortalDb  *self,
                                          const char  *email,
                                          GError     **error);
RdCustomer *rd_portal_db_get_customer    (RdPortalDb  *self,
                                          gint64       id,
                                          GError     **error);
/* Customers with @status (NULL: all), newest first; array of RdCustomer. */
GPtrArray  *rd_portal_db_list_customers  (RdPortalDb  *self,
                                          const char  *status,
                                          GError     **error);
/* pending -> approved (with the CRM contact made for them) or rejected. */
gboolean    rd_portal_db_decide_customer (RdPortalDb  *self,
                                          gint64       id,
                                          const char  *status,
                                          const char  *contact_id,
                                          const char  *staff,
                                          GError     **error);
gboolean    rd_portal_db_set_profile     (RdPortalDb  *self,
                                          gint64       id,
                                          const char  *name,
                                          const char  *photo_type,
                                          GError     **error);

/* Sessions: the cookie's token is stored as its SHA-256, with the session's CSRF token. */
gboolean    rd_portal_db_add_session     (RdPortalDb  *self,
                                          const char  *token_hash,
                                          gint64       customer_id,
                                          const char  *csrf,
                                          gint64       expires,
                                          GError     **error);
/* The approved customer of a live session, and its CSRF token; NULL when none. */
RdCustomer *rd_portal_db_lookup_session  (RdPortalDb  *self,
                                          const char  *token_hash,
                                          gint64       now,
                                          char       **csrf,
                                          GError     **error);
gboolean    rd_portal_db_end_session     (RdPortalDb  *self,
                                          const char  *token_hash,
                                          GError     **error);

/* Enquiries */
RdEnquiry  *rd_portal_db_add_enquiry     (RdPortalDb  *self,
                                          const char  *name,
                                          const char  *email,
                                          const char  *message,
                                          GError     **error);
RdEnquiry  *rd_portal_db_get_enquiry     (RdPortalDb  *self,
                                          const char  *id,
                                          GError     **error);
/* Enquiries with @status (NULL: all) whose name, e-mail or message contain every word of
 * @words (NULL: all), newest first; array of RdEnquiry. */
GPtrArray  *rd_portal_db_list_enquiries  (RdPortalDb  *self,
                                          const char  *status,
                                          const char  *words,
                                          guint        limit,
                                          GError     **error);
gboolean    rd_portal_db_set_enquiry     (RdPortalDb  *self,
                                          const char  *id,
                                          const char  *status,
                                          const char  *staff,
                                          GError     **error);

G_END_DECLS
