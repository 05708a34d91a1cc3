/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-center-db.h"

G_BEGIN_DECLS

/* What callcenter.db keeps for CTI with an outside PBX (migration 7, docs/cti.md): the
 * PBXes allowed to post events, the agent of each extension, the PBX's id of each call row
 * it reported, and every event applied (so that a repeated one does nothing). */

typedef enum {
  RD_CENTER_CTI_RING,       /* an agent's extension rings */
  RD_CENTER_CTI_ANSWER,     /* an agent answered (is bridged to the customer) */
  RD_CENTER_CTI_TRANSFER,   /* the call went to another agent */
  RD_CENTER_CTI_HANGUP,     /* the call ended */
} RdCenterCtiKind;

typedef struct {
  const char      *pbx;           /* the PBX's id ("ami": the server's AMI client) */
  const char      *pbx_call_id;   /* the PBX's id of the call (Asterisk: Linkedid) */
  const char      *key;           /* what makes the event unique in the call ("ring:201") */
  RdCenterCtiKind  kind;
  const char      *direction;     /* of a call not seen before: "inbound" or "outbound" */
  const char      *number;        /* the customer's number (E.164 when it reads as one) */
  const char      *caller_id;     /* the other end: the number dialled in, or the one shown */
  const char      *agent;         /* whose extension it is; may be NULL for a hangup */
  gint64           at_ms;         /* when the PBX says it happened */
  const char      *result;        /* hangup: NULL to take it from the call (answered: human) */
  const char      *hangup_cause;  /* hangup */
} RdCenterCtiEvent;

/* Applies @event to its call row (made on the first event of a call) in one transaction
 * with the mark that it was applied; *@applied FALSE when it had been already (nothing
 * written). The row's id in *@call_id. */
gboolean    rd_center_cti_apply            (RdCenterDb              *self,
                                            const RdCenterCtiEvent  *event,
                                            char                   **call_id,
                                            gboolean                *applied,
                                            GError                 **error);
/* The call row of PBX call @pbx_call_id, or NULL. */
char       *rd_center_cti_call_id          (RdCenterDb    *self,
                                            const char    *pbx,
                                            const char    *pbx_call_id);
/* The PBX call ids of @pbx's calls still open. */
GPtrArray  *rd_center_cti_open_calls       (RdCenterDb    *self,
                                            const char    *pbx,
                                            GError       **error);

/* A new PBX whose token's SHA-256 is @token_hash; {id, name, created_at, created_by}. A name
 * taken is RD_CENTER_ERROR_EXISTS. */
JsonNode   *rd_center_cti_pbx_add          (RdCenterDb    *self,
                                            const char    *name,
                                            const char    *token_hash,
                                            const char    *created_by,
                                            GError       **error);
/* The PBX with that token hash ({id, name}), or NULL. */
JsonNode   *rd_center_cti_pbx_by_token     (RdCenterDb    *self,
                                            const char    *token_hash);
JsonNode   *rd_center_cti_pbx_list         (RdCenterDb    *self,
                                            GError       **error);

/* @agent answers @extension (an agent has one extension: their old one is let go). */
gboolean    rd_center_cti_extension_set    (RdCenterDb    *self,
                                            const char    *extension,
                                            const char    *agent,
                                            GError       **error);
gboolean    rd_center_cti_extension_delete (RdCenterDb    *self,
                                            const char    *extension,
                                            GError       **error);
/* The agent of @extension, or NULL. */
char       *rd_center_cti_extension_agent  (RdCenterDb    *self,
                                            const char    *extension);
/* @agent's extension, or NULL. */
char       *rd_center_cti_agent_extension  (RdCenterDb    *self,
                                            const char    *agent);
/* [{extension, agent, updated_at}] by extension. */
JsonNode   *rd_center_cti_extension_list   (RdCenterDb    *self,
                                            GError       **error);

G_END_DECLS
