/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* The real ringdesk-server, in this process, for the harnesses of the server's own request
 * parsers: an RdServer over a data folder in /tmp (accounts, the merged store, callcenter.db,
 * the CTI desk, the portal) serving 127.0.0.1 from a thread of its own with its own main
 * context, as main() builds it. What a request reaches is the code that ships: the route
 * table, the body limits, the role checks, the handler. Started by the first call; the
 * folder is removed at exit. */

/* The session token of "agent1" (role agent, team t1). */
const char *rd_fuzz_api_agent_token  (void);
/* The token of the PBX "pbx1", whose extension 1001 agent1 answers. */
const char *rd_fuzz_api_pbx_token    (void);
/* The portal: the session cookie ("rdp_session=…") of an approved customer, that
 * session's CSRF token, and the id of a ticket of theirs. */
const char *rd_fuzz_api_portal_cookie (void);
const char *rd_fuzz_api_portal_csrf   (void);
const char *rd_fuzz_api_portal_ticket (void);

/* Sends one HTTP/1.1 request (@headers: extra "Name: value\r\n" lines, may be NULL) with
 * @body as its Content-Length body and returns the answer's status (0: no answer within
 * 10 s, which the caller treats as a finding). *@location (may be NULL) receives the
 * Location header, if any. */
guint       rd_fuzz_api_request      (const char    *method,
                                      const char    *path,
                                      const char    *headers,
                                      const void    *body,
                                      size_t         size,
                                      char         **location);

G_END_DECLS
