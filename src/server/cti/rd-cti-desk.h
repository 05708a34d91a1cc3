/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-call-filer.h"
#include "rd-center-cti.h"

G_BEGIN_DECLS

/* RdCtiDesk: what a call on an outside PBX means here, whichever way the PBX tells it (the
 * AMI client, or a PBX posting to /api/v1/cti/events): the call row in callcenter.db (the
 * same fields as the switch's calls), the screen pop for the agent whose extension rings
 * (signal "pop", sent on that agent's events WebSocket), and, once the call ended, its
 * recording fetched and the call filed in the CRM as a campaign call is. Every event is
 * applied once: a repeated one (a webhook retried, an AMI stream replayed) does nothing. */

#define RD_CTI_ERROR (rd_cti_error_quark ())

typedef enum {
  RD_CTI_ERROR_UNKNOWN_EXTENSION,   /* no agent answers the extension */
  RD_CTI_ERROR_INVALID,             /* an event that cannot be applied; the message says why */
} RdCtiError;

GQuark rd_cti_error_quark (void);

typedef struct {
  const char      *pbx;            /* the PBX's id */
  const char      *pbx_call_id;
  RdCenterCtiKind  kind;
  const char      *direction;      /* "inbound", "outbound" or NULL: from == extension is outbound */
  const char      *from;           /* the calling number or extension */
  const char      *to;             /* the called number or extension */
  const char      *extension;      /* the agent's extension the event is about; may be NULL for a hangup */
  gint64           at_ms;          /* 0: now */
  const char      *cause;          /* hangup: the PBX's cause ("normal-clearing", "busy") */
  const char      *recording_url;  /* hangup: where the PBX keeps the call's recording */
} RdCtiEvent;

#define RD_TYPE_CTI_DESK (rd_cti_desk_get_type ())
G_DECLARE_FINAL_TYPE (RdCtiDesk, rd_cti_desk, RD, CTI_DESK, GObject)

/* Signal "pop" (const char *agent, JsonNode *message): tell @agent's app. */
RdCtiDesk  *rd_cti_desk_new         (RdCenterDb    *center,
                                     RdServerSync  *sync,
                                     RdCallFiler   *filer,
                                     const char    *data_dir);
/* Numbers without a country code are read as numbers of @country (ISO alpha-2; NULL: they
 * are kept as the PBX gave them). */
void        rd_cti_desk_set_country (RdCtiDesk     *self,
                                     const char    *country);
/* Applies @event; *@duplicate TRUE (and nothing done) when it had been applied before. The
 * call row's id in *@call_id (may be NULL). */
gboolean    rd_cti_desk_handle      (RdCtiDesk         *self,
                                     const RdCtiEvent  *event,
                                     gboolean          *duplicate,
                                     char             **call_id,
                                     GError           **error);
/* The kind named @name ("ring", "answer", "transfer", "hangup"); FALSE for another name. */
gboolean    rd_cti_kind_from_name   (const char        *name,
                                     RdCenterCtiKind   *kind);
const char *rd_cti_kind_name        (RdCenterCtiKind    kind);
RdCenterDb *rd_cti_desk_get_center  (RdCtiDesk         *self);

G_END_DECLS
