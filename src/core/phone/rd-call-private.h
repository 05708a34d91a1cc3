/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-call.h"

G_BEGIN_DECLS

/* Only phone backends change a call; the UI watches its properties. */

RdCall *rd_call_new               (const char      *id,
                                   const char      *account,
                                   RdCallDirection  direction,
                                   const char      *peer_uri,
                                   const char      *peer_name);
void    rd_call_set_id            (RdCall          *self,
                                   const char      *id);
void    rd_call_set_peer_uri      (RdCall          *self,
                                   const char      *peer_uri);
void    rd_call_set_peer_name     (RdCall          *self,
                                   const char      *peer_name);
void    rd_call_set_number        (RdCall          *self,
                                   const char      *number);
/* Moves the call to @state; ESTABLISHED stamps the answer time once. */
void    rd_call_set_state         (RdCall          *self,
                                   RdCallState      state);
/* Ends the call: CLOSED, end time, cause, SIP status (0 when none). Idempotent. */
void    rd_call_close             (RdCall          *self,
                                   const char      *cause,
                                   guint            sip_status);
void    rd_call_set_muted         (RdCall          *self,
                                   gboolean         muted);
void    rd_call_set_held          (RdCall          *self,
                                   gboolean         held);
void    rd_call_set_recording (RdCall          *self,
                                   gboolean         recording);
void    rd_call_set_recording_path (RdCall         *self,
                                   const char      *path);
/* Set by RdPhone before "call-added", for rd_phone_dial_leg(). */
void    rd_call_set_leg           (RdCall          *self,
                                   gboolean         leg);

G_END_DECLS
