/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-server.h"

G_BEGIN_DECLS

/* Errors of the HTTP API; each maps to one status and one "error" string. */
#define RD_API_ERROR (rd_api_error_quark ())

typedef enum {
  RD_API_ERROR_BAD_REQUEST,             /* 400 bad-request */
  RD_API_ERROR_UNAUTHORIZED,            /* 401 unauthorized */
  RD_API_ERROR_FORBIDDEN,               /* 403 forbidden */
  RD_API_ERROR_NOT_FOUND,               /* 404 not-found */
  RD_API_ERROR_METHOD_NOT_ALLOWED,      /* 405 method-not-allowed */
  RD_API_ERROR_CONFLICT,                /* 409 conflict */
  RD_API_ERROR_TOO_LARGE,               /* 413 too-large */
  RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,  /* 415 unsupported-media-type */
  RD_API_ERROR_RATE_LIMITED,            /* 429 rate-limited */
  RD_API_ERROR_INTERNAL,                /* 500 internal */
  RD_API_ERROR_STORAGE_FULL,            /* 507 storage-full: the server's disk is full or read-only */
} RdApiError;

GQuark rd_api_error_quark (void);

/* One request as the handlers see it; reference-counted so that a handler
 * can pause the message and finish later (see rd-api-session.c). */
typedef struct {
  RdServer          *server;
  SoupServerMessage *msg;
  const char        *method;
  char             **params;       /* the path segments that matched a "*" */
  GHashTable        *query;        /* may be NULL */
  char              *address;      /* the peer's IP address */
  RdUser            *caller;       /* set once authenticated */
  char              *token_hash;   /* the caller's session */
  guint              retry_after;  /* seconds, for a 429 */
} RdApiRequest;

RdApiRequest *rd_api_request_new   (RdServer          *server,
                                    SoupServerMessage *msg,
                                    GHashTable        *query);
RdApiRequest *rd_api_request_ref   (RdApiRequest      *req);
void          rd_api_request_unref (RdApiRequest      *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdApiRequest, rd_api_request_unref)

/* The one place that turns a GError into `{"error": ..., "message": ...}`
 * with its HTTP status (RD_API_ERROR and RD_SERVER_DB_ERROR map to their
 * statuses; anything else is a 500 whose details go to the log). */
void        rd_api_reply_error      (RdApiRequest *req,
                                     const GError *error);
/* Takes @node. */
void        rd_api_reply_json       (RdApiRequest *req,
                                     guint         status,
                                     JsonNode     *node);
void        rd_api_reply_ok         (RdApiRequest *req);

/* Status and error string of an error, for logs and tests. */
guint       rd_api_error_status     (const GError *error,
                                     const char  **name);

/* The JSON object in the body: 415 unless application/json, 413 when too
 * large, 400 unless a well-formed object. */
JsonObject *rd_api_read_object      (RdApiRequest *req,
                                     GError      **error);
/* 400 naming the first member of @object not in @allowed (NULL-terminated). */
gboolean    rd_api_check_members    (JsonObject         *object,
                                     const char * const *allowed,
                                     GError            **error);
/* A string member: 400 when missing (if @required), not a string, or empty. */
gboolean    rd_api_get_string       (JsonObject   *object,
                                     const char   *member,
                                     gboolean      required,
                                     const char  **value,
                                     GError      **error);
gboolean    rd_api_get_bool         (JsonObject   *object,
                                     const char   *member,
                                     gboolean     *present,
                                     gboolean     *value,
                                     GError      **error);
/* A non-negative integer query parameter, 400 when malformed. */
gboolean    rd_api_query_uint64     (RdApiRequest *req,
                                     const char   *name,
                                     guint64       fallback,
                                     guint64       max,
                                     guint64      *value,
                                     GError      **error);

/* Sets req->caller from the bearer token; 401 otherwise. */
gboolean    rd_api_authenticate     (RdApiRequest *req,
                                     GError      **error);
/* 403 "ROLE may not ACTION" unless the caller's role is in @roles (bit mask
 * of 1 << RdRole). */
gboolean    rd_api_require_role     (RdApiRequest *req,
                                     guint         roles,
                                     const char   *action,
                                     GError      **error);
#define RD_API_ROLES_ADMIN   (1u << RD_ROLE_ADMIN)
#define RD_API_ROLES_MANAGER ((1u << RD_ROLE_ADMIN) | (1u << RD_ROLE_MANAGER))
/* The roles that work sales records (leads, deals, campaigns): all but support. */
#define RD_API_ROLES_SALES   ((1u << RD_ROLE_ADMIN) | (1u << RD_ROLE_MANAGER) | (1u << RD_ROLE_AGENT))
#define RD_API_ROLES_ANY     (RD_API_ROLES_SALES | (1u << RD_ROLE_SUPPORT))

/* Appends to the audit log as the caller; failures go to the log. */
void        rd_api_audit            (RdApiRequest *req,
                                     const char   *actor,
                                     const char   *action,
                                     const char   *target,
                                     const char   *detail);

/* Hashes @password (argon2id, the server's cost) in a worker thread while the
 * request is paused, then calls @func on the main thread with the hash (or an
 * error), and resumes the request. */
typedef void (*RdApiHashedFunc) (RdApiRequest *req,
                                 const char   *hash,
                                 const GError *error,
                                 gpointer      user_data);
void        rd_api_hash_password    (RdApiRequest    *req,
                                     const char      *password,
                                     RdApiHashedFunc  func,
                                     gpointer         user_data,
                                     GDestroyNotify   destroy);
/* The same, after checking @current against @current_hash in the worker (a change of one's
 * own password): a wrong one calls @func with RD_API_ERROR_FORBIDDEN and no hash. */
void        rd_api_hash_password_checked (RdApiRequest    *req,
                                     const char      *current_hash,
                                     const char      *current,
                                     const char      *password,
                                     RdApiHashedFunc  func,
                                     gpointer         user_data,
                                     GDestroyNotify   destroy);

JsonNode   *rd_api_user_to_json     (const RdUser *user);
char       *rd_api_format_time      (gint64        unix_seconds);

G_END_DECLS
