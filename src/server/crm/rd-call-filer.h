/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-agent-desk.h"
#include "rd-server-db.h"
#include "rd-server-sync.h"

G_BEGIN_DECLS

/* RdCallFiler: what a campaign call an agent had leaves in the CRM (docs/callcenter.md,
 * "What a call leaves in the CRM"). When the agent is done with a call (RdAgentDesk
 * "call-done") it writes a `calls` record into merged.db through the server's own sync
 * write: under the contact (else lead, else organization) with the call's number, or a new
 * lead made from the campaign lead; the disposition's label, notes, times, the campaign,
 * the agent as owner, the recording linked for GET /recordings/ID; the wrap-up's tags merged
 * into the parent's. One record per center call (calls.center_call_id), so a retry, a
 * second disposition or a restart updates it. */

#define RD_TYPE_CALL_FILER (rd_call_filer_get_type ())
G_DECLARE_FINAL_TYPE (RdCallFiler, rd_call_filer, RD, CALL_FILER, GObject)

/* Signal "sequence" (gint64 seq): a filing reached the changes log at @seq. */
RdCallFiler *rd_call_filer_new     (RdCenterDb    *center,
                                    RdServerSync  *sync,
                                    RdServerDb    *db,
                                    RdAgentDesk   *desk,
                                    const char    *data_dir);
/* Files (or brings up to date) the CRM record of center call @call_id; the id of that
 * record in *@crm_call_id (may be NULL). A call with no agent, or not ended, is left alone
 * (TRUE, *@crm_call_id NULL). */
gboolean     rd_call_filer_file    (RdCallFiler   *self,
                                    const char    *call_id,
                                    char         **crm_call_id,
                                    GError       **error);
/* Files every ended call an agent had whose CRM record lacks its last state (the start of
 * the server: a crash between callcenter.db and merged.db; calls made before the filing
 * existed). Returns how many were filed; failures are logged and retried later. */
guint        rd_call_filer_resume  (RdCallFiler   *self);

/* A voicemail a queue recorded (call @call_id, no agent): filed as any call, its recording
 * linked, under the number's record (else a new lead), owned by @owner (a user name; NULL:
 * shared). */
gboolean     rd_call_filer_file_voicemail  (RdCallFiler *self,
                                            const char  *call_id,
                                            const char  *owner,
                                            GError     **error);
/* The name of the user who owns the CRM record @e164 belongs to (the caller-id lookup of
 * the filing), or NULL when no record has it or it is shared. */
char        *rd_call_filer_owner_of_number (RdCallFiler *self,
                                            const char  *e164);

G_END_DECLS
