/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "rd-agent-desk.h"
#include "rd-center-db.h"
#include "rd-cti-ami.h"
#include "rd-cti-desk.h"
#include "rd-reports.h"
#include "rd-dialer.h"
#include "rd-live-board.h"
#include "rd-portal.h"
#include "rd-queues.h"
#include "rd-rate-limit.h"
#include "rd-server-crypto.h"
#include "rd-server-db.h"
#include "rd-model-service.h"
#include "rd-server-sync.h"
#include "rd-email-service.h"
#include "rd-sms-service.h"

G_BEGIN_DECLS

/* Tunables of one server; `ringdesk-server --help` names each. */
typedef struct {
  RdPasswordCost cost;                 /* argon2id cost of new password hashes */
  guint          session_ttl;          /* seconds a token lives */
  guint          login_limit_user;     /* failed logins per user per window */
  guint          login_limit_address;  /* login and signup attempts per address per window */
  guint          login_window;         /* seconds */
  gsize          max_body;             /* bytes of a request body */
  gsize          max_recording;        /* bytes of a call recording (PUT /recordings/ID) */
  gsize          max_document;         /* bytes of a document (PUT /documents/ID) */
  guint          max_clock_skew;       /* seconds a change may be ahead of the server clock */
  guint          sync_limit;           /* sync requests per user per sync window (0: no limit) */
  guint          sync_window;          /* seconds */
  guint          events_limit;         /* event streams opened per user per sync window (0: no limit) */
  guint          events_max;           /* event streams (WebSockets, long polls) open at once per user (0: no limit) */
} RdServerOptions;

void rd_server_options_init_default (RdServerOptions *options);

#define RD_TYPE_SERVER (rd_server_get_type ())
G_DECLARE_FINAL_TYPE (RdServer, rd_server, RD, SERVER, GObject)

RdServer              *rd_server_new                 (RdServerDb             *db,
                                                      RdServerSync           *sync,
                                                      const RdServerOptions  *options);
/* Listens on "HOST:PORT" (PORT may be 0); sets the port actually bound. */
gboolean               rd_server_listen              (RdServer               *self,
                                                      const char             *address,
                                                      guint                  *bound_port,
                                                      GError                **error);
 /* Serves https with @certificate (which holds its private key); call before
 * rd_server_listen(). */
void                   rd_server_set_tls_certificate (RdServer               *self,
                                                      GTlsCertificate        *certificate);
gboolean               rd_server_is_https            (RdServer               *self);
RdServerDb            *rd_server_get_db              (RdServer               *self);
const RdServerOptions *rd_server_get_options         (RdServer               *self);
RdRateLimit           *rd_server_get_user_limit      (RdServer               *self);
RdRateLimit           *rd_server_get_address_limit   (RdServer               *self);
SoupServer            *rd_server_get_soup_server     (RdServer               *self);
RdServerSync          *rd_server_get_sync            (RdServer               *self);
/* The call center's database (campaigns, leadsets, DNC, agent log, calls). */
void                   rd_server_set_center          (RdServer               *self,
                                                      RdCenterDb             *center);
RdCenterDb            *rd_server_get_center          (RdServer               *self);
/* The live agent sessions. */
void                   rd_server_set_desk            (RdServer               *self,
                                                      RdAgentDesk            *desk);
RdAgentDesk           *rd_server_get_desk            (RdServer               *self);
/* The reports over callcenter.db (NULL: GET /reports answers 404). */
void                   rd_server_set_reports         (RdServer               *self,
                                                      RdReports              *reports);
RdReports             *rd_server_get_reports         (RdServer               *self);
/* The trainer of the lead score and ticket triage models (NULL: /models answers 404). */
void                   rd_server_set_models          (RdServer               *self,
                                                      RdModelService         *models);
RdModelService        *rd_server_get_models          (RdServer               *self);
/* The call center's switch and dialer (NULL: the server places no calls). */
void                   rd_server_set_dialer          (RdServer               *self,
                                                      RdDialer               *dialer);
RdDialer              *rd_server_get_dialer          (RdServer               *self);
/* The inbound queues on the dialer's switch (NULL without a switch). */
void                   rd_server_set_queues          (RdServer               *self,
                                                      RdQueues               *queues);
RdQueues              *rd_server_get_queues          (RdServer               *self);
/* The live boards (NULL without a call center: no center, desk or reports). */
RdLiveBoard           *rd_server_get_boards          (RdServer               *self);
/* The SMS gateway's service (NULL: the server sends no SMS); its writes are announced
 * like pushes. */
void                   rd_server_set_sms             (RdServer               *self,
                                                      RdSmsService           *sms);
RdSmsService          *rd_server_get_sms             (RdServer               *self);
/* The customers' portal, served under /portal (NULL: no portal, /api/v1/customers and
 * /api/v1/enquiries answer 404); its writes are announced like pushes. Set once, after
 * rd_server_set_tls_certificate(). */
void                   rd_server_set_portal          (RdServer               *self,
                                                      RdPortal               *portal);
RdPortal              *rd_server_get_portal          (RdServer               *self);

/* The largest body @msg may carry: --max-body, more for a recording or an e-mail. */
/* Hooks the checks every request meets before its handler (rd-server-guard.c): body
 * limits, multi-range requests. */
void                   rd_server_guard_requests      (RdServer               *self);
gsize                  rd_server_get_body_limit      (RdServer               *self,
                                                      SoupServerMessage      *msg);
void                   rd_server_set_email           (RdServer               *self,
                                                      RdEmailService         *email);
RdEmailService        *rd_server_get_email           (RdServer               *self);
/* CTI with an outside PBX (NULL: the cti routes answer 404), and its Asterisk AMI client (NULL:
 * no click-to-call). The desk's pops go to the agents' event streams. */
void                   rd_server_set_cti             (RdServer               *self,
                                                      RdCtiDesk              *cti);
RdCtiDesk             *rd_server_get_cti             (RdServer               *self);
void                   rd_server_set_cti_ami         (RdServer               *self,
                                                      RdCtiAmi               *ami);
RdCtiAmi              *rd_server_get_cti_ami         (RdServer               *self);
/* Tells event listeners that the changes log reached @seq ("sequence" signal). */
void                   rd_server_notify_sequence     (RdServer               *self,
                                                      gint64                  seq);

G_END_DECLS
