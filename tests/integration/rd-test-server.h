/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-store.h"
#include "rd-sync-client.h"

G_BEGIN_DECLS

/* A real ringdesk-server on 127.0.0.1 with a random port and a temporary
 * --data-dir, for integration tests. Cheap argon2id cost so tests stay fast. */
typedef struct {
  char        *data_dir;
  GSubprocess *process;
  guint        port;
  char        *base_url;
  SoupSession *session;
  GPtrArray   *extra_args;
  gboolean     fatal_warnings;
} RdTestServer;

/* Starts a server; @extra_args (NULL-terminated, may be NULL) go on its command line. */
RdTestServer *rd_test_server_new          (const char * const *extra_args);
/* The same; with @fatal_warnings FALSE the server runs without G_DEBUG (for
 * inputs on which a library warns but copes). */
RdTestServer *rd_test_server_new_full     (const char * const *extra_args,
                                           gboolean            fatal_warnings);
/* Starts (again) a server on the same data dir; the port changes. */
void          rd_test_server_start        (RdTestServer       *server);
/* SIGTERM and wait. */
void          rd_test_server_stop         (RdTestServer       *server);
/* SIGKILL and wait: no clean shutdown. */
void          rd_test_server_kill         (RdTestServer       *server);
void          rd_test_server_free         (RdTestServer       *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestServer, rd_test_server_free)

/* `ringdesk-server --data-dir DIR user add NAME --role ROLE [--team TEAM]`. */
void          rd_test_server_add_user     (RdTestServer       *server,
                                           const char         *name,
                                           const char         *role,
                                           const char         *team,
                                           const char         *password);
/* Runs `ringdesk-server --data-dir DIR ARGS…` with @input on stdin; returns
 * the exit status and, if asked, stdout. */
int           rd_test_server_admin        (RdTestServer       *server,
                                           const char         *input,
                                           char              **out,
                                           ...) G_GNUC_NULL_TERMINATED;

typedef struct {
  guint     status;
  JsonNode *body;          /* NULL when the body is not JSON */
  char     *text;
  char     *retry_after;
  char     *content_type;
} RdTestResponse;

void            rd_test_response_free (RdTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestResponse, rd_test_response_free)

/* One HTTP request; @body may be NULL; @content_type NULL means none. */
RdTestResponse *rd_test_request       (RdTestServer *server,
                                       const char   *method,
                                       const char   *path,
                                       const char   *token,
                                       const char   *content_type,
                                       const char   *body,
                                       gssize        body_length);
/* A JSON request (application/json). */
RdTestResponse *rd_test_request_json  (RdTestServer *server,
                                       const char   *method,
                                       const char   *path,
                                       const char   *token,
                                       const char   *json);
/* Logs in and returns the token; fails the test unless 200. */
char           *rd_test_login         (RdTestServer *server,
                                       const char   *name,
                                       const char   *password);
/* Asserts @response is the JSON error shape with @status and @error. */
#define rd_test_assert_error(response, status, error) \
  rd_test_assert_error_impl (G_STRLOC, (response), (status), (error))
void            rd_test_assert_error_impl (const char           *where,
                                           const RdTestResponse *response,
                                           guint                 status,
                                           const char           *error);
/* A member of the JSON object body, or NULL. */
const char     *rd_test_response_string (const RdTestResponse *response,
                                         const char           *member);

/* Raw bytes to the server's port; returns what came back (up to close). */
char           *rd_test_server_raw    (RdTestServer *server,
                                       const char   *request,
                                       gsize         length);

/* A replica signed in to @server: its own folder, store and sync client. */
typedef struct {
  char         *dir;
  RdStore      *store;
  RdSyncClient *client;
} RdTestReplica;

RdTestReplica  *rd_test_replica_new   (RdTestServer  *server,
                                       const char    *user,
                                       const char    *password);
/* Closes the replica and removes its folder. */
void            rd_test_replica_free  (RdTestReplica *replica);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestReplica, rd_test_replica_free)

G_END_DECLS
