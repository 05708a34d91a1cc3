/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internal to rd-switch*.c: libre types live here and nowhere else.
 * Everything below marked [re] is touched only by the libre thread.
 */
#pragma once

#include <stdint.h>
#include <stdbool.h>
#include <re.h>
#include <rem.h>
#include "rd-switch.h"
#include "rd-switch-amd.h"
#include "rd-switch-cpt.h"
#include "rd-switch-outcome.h"

typedef struct _RdLeg RdLeg;
typedef struct _RdPlayer RdPlayer;
typedef struct _RdRecorder RdRecorder;
typedef struct _RdMonitor RdMonitor;

#define RD_PTIME_MS 20
#define RD_FRAME_SAMPLES 160

typedef enum {
  RD_CMD_ORIGINATE = 1,
  RD_CMD_HANGUP,
  RD_CMD_BRIDGE,
  RD_CMD_PLAY,
  RD_CMD_RECORD,
  RD_CMD_MONITOR,
  RD_CMD_AMD,
  RD_CMD_QUIT,
} RdCmdOp;

/* g_malloc'ed on the GLib thread, g_free'd on the libre thread. */
typedef struct {
  char *leg_id;
  char *leg_b;
  char *uri;
  char *caller_id;
  char *path;
  guint timeout_ms;
  guint cause;
  int mode;                         /* RD_CMD_MONITOR */
} RdCmd;

struct _RdSwitch {
  /* GLib side */
  GMainContext *context;
  GSource *event_source;
  GAsyncQueue *events;              /* RdSwitchEvent*, any thread -> GLib  */
  RdSwitchEventFunc callback;
  gpointer user_data;
  GThread *thread;
  GMutex lock;                      /* start-up handshake only             */
  GCond cond;
  gboolean ready;
  int init_err;

  /* config (immutable after new) */
  char *listen_addr;
  guint16 port;                     /* actual port, set by libre thread    */
  char *trunk_uri;
  gboolean auto_answer;
  char *trunk_user;
  char *trunk_password;
  char *registrar;
  guint register_expires;

  /* the numbers (DIDs) inbound calls may dial, set from the GLib side at any time */
  GMutex numbers_lock;
  GHashTable *numbers;              /* NULL: no number is refused          */

  /* [re] */
  struct mqueue *mq;                /* pointer written before ready=TRUE   */
  struct sip *sip;
  struct sipsess_sock *sock;
  struct sipreg *reg;               /* the trunk registration, if any      */
  struct sip_lsnr *bye_lsnr;        /* sees BYEs before sipsess: their Reason */
  GHashTable *legs;                 /* leg_id -> RdLeg*                    */
  guint in_seq;
  uint32_t leg_serial;              /* unique per leg: source-stream keys  */
  struct tmr quit_tmr;
  bool sip_closing;                 /* sip_close() consumed our ref        */
  bool quit_forced;                 /* drain timed out: requests aborted   */
  bool sip_exited;                  /* exit handler ran: one ref is ours   */
};

struct _RdLeg {
  RdSwitch *sw;
  char *id;
  uint32_t serial;
  bool outgoing;
  struct sipsess *sess;
  struct sdp_session *sdp;
  struct sdp_media *sdpm;
  struct rtp_sock *rtp;
  struct sa raddr;
  bool have_raddr;
  int tx_pt;                        /* negotiated audio PT: 0 or 8         */
  int telev_pt;                     /* remote telephone-event PT or -1     */
  struct telev *telev;
  RdLeg *peer;
  bool answered;
  bool closing;
  struct tmr ring_tmr;
  /* outbound re-stamping state: we are the RTP source towards this leg */
  bool tx_started;
  uint64_t tx_src;                  /* key of current source stream        */
  uint32_t tx_off;
  uint32_t tx_last_ts;
  uint64_t tx_last_ms;
  /* measurement */
  bool fwd_reported;                /* first packet from this leg relayed  */
  gint64 first_rx_us;               /* first RTP from this leg (any)       */
  RdPlayer *player;
  RdRecorder *recorder;
  RdMonitor *monitor;               /* a supervisor's or a monitored agent's */
  RdAmd *amd;                       /* answering-machine detection, until it decides */
  struct tmr amd_tmr;
  uint64_t amd_t0;
  RdCpt *cpt;                       /* call-progress tones in early media, until answered */
  struct tmr cpt_tmr;               /* hangs up after a tone decided, off the RTP handler */
  const char *close_cause;          /* static string for CLOSED event     */
  guint bye_q850;                   /* the Q.850 cause of the BYE received, 0: none */
};

/* rd-switch.c */
void rd_switch_emit (RdSwitch *sw, RdSwitchEventType type, const char *leg_id,
                     const char *peer, const char *remote_uri, guint code,
                     const char *cause, char digit);
void rd_switch_emit_media (RdSwitch *sw, RdSwitchEventType type,
                           const char *leg_id, const char *peer,
                           gint64 media_rx_us);
void rd_switch_emit_amd (RdSwitch *sw, const char *leg_id, const char *result,
                         const char *reason, guint ms);
/* BUSY, NO_ANSWER or FAILED by the kind of @outcome, with its cause and @detail */
void rd_switch_emit_outcome (RdSwitch *sw, const char *leg_id, RdOutcome outcome,
                             guint code, const char *detail);
void rd_switch_leg_remove (RdSwitch *sw, RdLeg *leg);

/* rd-switch.c: the trunk account's credentials for a digest challenge */
int rd_switch_auth (char **username, char **password, const char *realm, void *arg);
/* "sip:USER@HOST" of the account, or NULL without one (g_free) */
char *rd_switch_account_uri (RdSwitch *sw);

/* rd-switch-leg.c */
RdLeg *rd_leg_new (RdSwitch *sw, const char *id, bool outgoing, int *errp);
void rd_leg_free (gpointer data);
int rd_leg_originate (RdLeg *leg, const char *target_uri,
                      const char *caller_id, guint ring_timeout_ms);
int rd_leg_accept (RdLeg *leg, const struct sip_msg *msg);
void rd_leg_hangup (RdLeg *leg, guint q850_cause);
/* A sip_listen request handler ahead of sipsess's: notes a BYE's Q.850 cause on its leg
 * (libre's sipsess closes the session without the BYE); never takes the request. */
bool rd_leg_bye_reason (const struct sip_msg *msg, void *arg);

/* rd-switch-media.c */
void rd_media_recv (const struct sa *src, const struct rtp_header *hdr,
                    struct mbuf *mb, void *arg);
int rd_media_update (RdLeg *leg);
int rd_media_bridge (RdLeg *a, RdLeg *b);
void rd_media_unbridge (RdLeg *leg);
int rd_media_play (RdLeg *leg, const char *path);
uint32_t rd_media_restamp (RdLeg *out, uint64_t key, uint32_t in_ts, bool *marker);
void rd_media_stop (RdLeg *leg);

/* rd-switch-recorder.c: channel 0 = what the far end says, 1 = what it hears */
int rd_recorder_start (RdLeg *leg, const char *path);
void rd_recorder_push (RdLeg *leg, int channel, const int16_t *s, size_t n);
void rd_recorder_push_g711 (RdLeg *leg, int channel, uint8_t pt, const uint8_t *p,
                            size_t n);
void rd_recorder_stop (RdLeg *leg);

/* rd-switch-mixer.c: a supervisor's leg on an agent's (listen, whisper, barge) */
int rd_mixer_attach (RdLeg *supervisor, RdLeg *agent, RdSwitchMonitorMode mode);
void rd_mixer_detach (RdLeg *leg);
void rd_mixer_push_g711 (RdLeg *leg, uint8_t pt, const uint8_t *p, size_t n);
/* The leg hears the mixer, not the plain relay from its peer. */
bool rd_mixer_mixes (RdLeg *leg);

/* rd-switch-media.c: answering-machine detection on a leg's incoming audio */
int rd_media_amd_start (RdLeg *leg);
void rd_media_amd_stop (RdLeg *leg);

/* rd-switch-media.c: call-progress tones in a customer leg's early media */
void rd_media_cpt_start (RdLeg *leg);
void rd_media_cpt_stop (RdLeg *leg);
