/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * RdSwitch: the SIP B2BUA switch core on libre 1.1.0 / librem 0.6.0.
 *
 * Public API: GLib only, callable from the GLib (main) thread.  libre runs on
 * a private thread; commands reach it through re_mqueue, events come back
 * through a GAsyncQueue drained by a GSource attached to the GMainContext
 * that was passed to rd_switch_new().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdSwitch RdSwitch;

typedef enum {
  RD_SWITCH_EVENT_INCOMING,       /* new inbound leg (remote_uri set)        */
  RD_SWITCH_EVENT_RINGING,        /* 180 without SDP                         */
  RD_SWITCH_EVENT_EARLY_MEDIA,    /* 183/180 with SDP: its tones are listened to
                                     (rd-switch-cpt.h) until the answer      */
  RD_SWITCH_EVENT_ANSWERED,       /* 200 OK received (outbound) / sent (in)  */
  /* BUSY, NO_ANSWER, FAILED before an answer: cause names the outcome as the table of
   * rd-switch-outcome.h gives it ("busy", "not-found", "sit-vacant" …), detail the reason
   * phrase; a tone heard in early media has sip_code 0 and the leg is cancelled. */
  RD_SWITCH_EVENT_BUSY,           /* 486/600, Q.850 17, a busy tone          */
  RD_SWITCH_EVENT_NO_ANSWER,      /* ring timeout hit (CANCEL sent, no cause);
                                     480/408, Q.850 18/19/20                 */
  RD_SWITCH_EVENT_FAILED,         /* other final >= 300, sip_code set; SIT,
                                     congestion tone                         */
  RD_SWITCH_EVENT_CLOSED,         /* dialog gone, cause set                  */
  RD_SWITCH_EVENT_DTMF,           /* RFC 2833 digit (digit set)              */
  RD_SWITCH_EVENT_BRIDGED,        /* bridge installed (peer_leg_id set)      */
  RD_SWITCH_EVENT_MEDIA_FORWARDED,/* first RTP of leg relayed to peer        */
  RD_SWITCH_EVENT_PLAY_DONE,      /* prompt finished on leg                  */
  RD_SWITCH_EVENT_MONITORING,     /* supervisor leg on agent leg (peer_leg_id) in a mode */
  RD_SWITCH_EVENT_AMD,            /* the answering-machine detector decided: cause "human",
                                     "machine" or "notsure", detail why, sip_code the ms of
                                     audio it took                           */
  RD_SWITCH_EVENT_REGISTERED,     /* the trunk answered our REGISTER: sip_code 200 when
                                     registered, else the failure (cause the reason) */
  RD_SWITCH_EVENT_REFUSED,        /* an inbound INVITE to a number (DID) that leads
                                     nowhere was answered 404 (no leg; remote_uri,
                                     request_uri set)                        */
} RdSwitchEventType;

typedef enum {
  RD_SWITCH_MONITOR_OFF,
  RD_SWITCH_MONITOR_LISTEN,       /* the supervisor hears both; nobody hears them */
  RD_SWITCH_MONITOR_WHISPER,      /* the agent hears the supervisor, the customer does not */
  RD_SWITCH_MONITOR_BARGE,        /* all three hear each other */
} RdSwitchMonitorMode;

typedef struct {
  RdSwitchEventType type;
  char *leg_id;
  char *peer_leg_id;
  char *remote_uri;               /* INCOMING: the From URI                   */
  char *request_uri;              /* INCOMING: the Request-URI (whom it dialled) */
  guint sip_code;
  char *cause;
  char *detail;                   /* AMD: the rule that decided ("long-greeting" …) */
  char digit;
  gint64 timestamp_us;            /* g_get_monotonic_time() domain */
  gint64 media_rx_us;             /* MEDIA_FORWARDED: arrival of that packet;
                                     ANSWERED: arrival of the leg's first RTP
                                     so far (0 = none yet)                  */
} RdSwitchEvent;

typedef void (*RdSwitchEventFunc) (const RdSwitchEvent *event, gpointer user_data);

typedef struct {
  const char *listen_addr;        /* "127.0.0.1"                              */
  guint16 listen_port;            /* 0 = random                               */
  const char *trunk_uri;          /* optional outbound proxy (Route), or NULL */
  gboolean auto_answer;           /* auto-answer inbound (agent legs)         */
  /* A trunk account (NULL: the trunk trusts our address). Calls answer its digest
   * challenges with it; with register_expires > 0 it is also registered at
   * registrar ("HOST:PORT") and kept registered. */
  const char *trunk_user;
  const char *trunk_password;
  const char *registrar;
  guint register_expires;
} RdSwitchConfig;

RdSwitch *rd_switch_new (const RdSwitchConfig *config,
                         GMainContext *context,
                         RdSwitchEventFunc callback,
                         gpointer user_data,
                         GError **error);
void rd_switch_free (RdSwitch *sw);
guint16 rd_switch_get_port (RdSwitch *sw);

gboolean rd_switch_originate (RdSwitch *sw, const char *leg_id,
                              const char *target_uri, const char *caller_id,
                              guint ring_timeout_ms);
gboolean rd_switch_hangup (RdSwitch *sw, const char *leg_id, guint q850_cause);
gboolean rd_switch_bridge (RdSwitch *sw, const char *leg_a, const char *leg_b);
gboolean rd_switch_play (RdSwitch *sw, const char *leg_id, const char *wav_path);
/* Records the leg until it closes into @wav_path (created 0600): 8 kHz 16-bit stereo, left
 * what its far end says, right what it hears (relayed audio and prompts). FAILED with
 * cause "record failed" when the file cannot be made. */
gboolean rd_switch_record (RdSwitch *sw, const char *leg_id, const char *wav_path);

/* Listens to what the far end of an answered @leg_id says and tells (AMD event) whether a
 * person or an answering machine answered (rd-switch-amd.h, its default rules). */
gboolean rd_switch_detect_machine (RdSwitch *sw, const char *leg_id);
/* Puts @supervisor_leg (an answered leg bridged to nobody) on @agent_leg in @mode, or
 * changes its mode; OFF takes it off. The supervisor stays on the agent from customer to
 * customer. MONITORING on success, FAILED with cause "monitor failed" otherwise (a leg
 * gone, or the agent already has another supervisor). */
gboolean rd_switch_monitor (RdSwitch *sw, const char *supervisor_leg, const char *agent_leg,
                            RdSwitchMonitorMode mode);

/* The numbers (DIDs: an optional + and digits) inbound calls may dial; an INVITE to any
 * other number is answered 404 and told as REFUSED. Request-URIs that are not numbers
 * (agents' tokens) are not affected. Safe from any thread; @numbers NULL: none refused. */
void rd_switch_set_numbers (RdSwitch *sw, const char * const *numbers);

const char *rd_switch_event_type_name (RdSwitchEventType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSwitch, rd_switch_free)

G_END_DECLS
