/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-baresip-engine.h"
#include "rd-call-private.h"
#include "rd-netstring.h"

G_BEGIN_DECLS

/* Shared by rd-baresip-engine.c (child, connection, supervision), -ctrl.c (commands,
 * answers, events) and -backend.c (the RdPhoneBackend methods). */

#define CTRL_CONNECT_TIMEOUT_US (5 * G_TIME_SPAN_SECOND)
#define RESTART_DELAY_MS        200
#define CTRL_LINE_MAX           250

typedef enum {
  CMD_UANEW,
  CMD_UADEL,
  CMD_DIAL,
  CMD_SELECT_UA,
  CMD_SELECT_CALL,
  CMD_ACCEPT,
  CMD_HANGUP,
  CMD_HOLD,
  CMD_RESUME,
  CMD_MUTE,
  CMD_DTMF,
  CMD_TRANSFER,
  CMD_MEDIA_UPDATE,  /* hold/resume sent only to renew the media (record on demand) */
  CMD_INSMOD,
  CMD_RMMOD,
} CommandKind;

typedef struct {
  CommandKind  kind;
  char        *command;
  char        *params;
  RdCall      *call;
  guint        group;
  gboolean     secret;  /* params hold a password: never logged */
  char        *token;
} Command;

typedef struct {
  RdCall  *call;
  char    *local_cause;    /* set when we asked for the hangup */
  gint64   media_started;  /* unix seconds when the call was established, or 0 */
  gboolean hangup_pending; /* hangup asked before the engine named the call */
  gboolean filtered;       /* sndfile writes this call's audio */
  gboolean record_all;     /* established while every call was recorded: kept whole */
  gboolean record_on_resume; /* Record pressed while held: media update once resumed */
  gint64   file_origin;    /* real time (µs) sndfile started writing it */
  GArray  *spans;          /* gint64 pairs (µs real time) the agent asked to keep; end 0: open */
} CallData;

typedef struct {
  char *account;   /* "<sip:user@domain>;params" without the password */
  char *password;
  char *aor;       /* "sip:user@domain" */
  gboolean registers;
} Account;

struct _RdBaresipEngine {
  GObject              parent_instance;

  char                *program;
  char                *module_path;
  char                *audio_source;
  char                *audio_player;
  char                *recordings_dir;
  gboolean             record_on_demand; /* sndfile only while a call asked for it */
  gboolean             sndfile_loaded;
  char                *dir;
  char                *snd_dir;

  GSubprocess         *process;
  GCancellable        *cancellable;     /* one per child: cancelled when it goes */
  guint                sip_port;
  guint                ctrl_port;
  guint                generation;

  GSocketClient       *client;
  GSocketConnection   *connection;
  RdNetstringReader   *reader;
  guint8               read_buffer[16384];
  gint64               connect_deadline;
  guint                retry_source;
  guint                restart_source;

  gboolean             started;
  gboolean             connected;       /* the control channel is up: commands can go */
  gboolean             ready;           /* …and the accounts are in the engine */
  guint                accounts_pending;
  guint                restarts;

  GQueue               commands;
  Command             *in_flight;
  RdCall              *awaiting_sdp;    /* a media update's re-INVITE not answered yet */
  guint                awaiting_sdp_source;
  guint                next_token;
  guint                next_group;
  guint                failed_group;

  gulong               network_handler;
  guint                reregister_source;

  GPtrArray           *calls;           /* CallData*, open calls */
  GPtrArray           *accounts;        /* Account* */
};

void      rd_baresip_engine_backend_init       (RdPhoneBackendInterface *iface);

/* rd-baresip-engine.c */
void      rd_baresip_engine_command_free       (Command         *cmd);
void      rd_baresip_engine_call_data_free     (CallData        *data);
void      rd_baresip_engine_account_free       (Account         *account);
CallData *rd_baresip_engine_find_call          (RdBaresipEngine *self,
                                                RdCall          *call);
CallData *rd_baresip_engine_find_call_by_id    (RdBaresipEngine *self,
                                                const char      *id);
CallData *rd_baresip_engine_add_call           (RdBaresipEngine *self,
                                                RdCall          *call);
char     *rd_baresip_engine_aor_of_account     (const char      *account);
void      rd_baresip_engine_set_ready          (RdBaresipEngine *self,
                                                gboolean         ready);
void      rd_baresip_engine_spawn_child        (RdBaresipEngine *self);
void      rd_baresip_engine_child_gone         (RdBaresipEngine *self,
                                                const char      *why);
void      rd_baresip_engine_watch_network      (RdBaresipEngine *self,
                                                gboolean         watch);

/* rd-baresip-engine-ctrl.c */
void      rd_baresip_engine_queue_command      (RdBaresipEngine *self,
                                                CommandKind      kind,
                                                const char      *command,
                                                const char      *params,
                                                RdCall          *call,
                                                guint            group);
void      rd_baresip_engine_queue_call_command (RdBaresipEngine *self,
                                                CommandKind      kind,
                                                const char      *command,
                                                const char      *params,
                                                RdCall          *call);
void      rd_baresip_engine_queue_account      (RdBaresipEngine *self,
                                                Account         *account);
void      rd_baresip_engine_send_next          (RdBaresipEngine *self);
void      rd_baresip_engine_handle_message     (RdBaresipEngine *self,
                                                GBytes          *bytes);
void      rd_baresip_engine_collect_recording  (RdBaresipEngine *self,
                                                CallData        *data);
/* Renegotiates @data's media (hold + resume) so that baresip attaches sndfile. */
void      rd_baresip_engine_start_recorder     (RdBaresipEngine *self,
                                                CallData        *data);
/* The next command may go: a media update's re-INVITE was answered (or timed out). */
void      rd_baresip_engine_sdp_settled        (RdBaresipEngine *self);
/* Unloads sndfile (record on demand) once no call in the engine uses it. */
void      rd_baresip_engine_release_recorder   (RdBaresipEngine *self);

G_END_DECLS
