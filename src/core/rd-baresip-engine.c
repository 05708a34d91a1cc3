/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rd-baresip-engine.h"
#include "rd-baresip-recording.h"
#include "rd-call-private.h"
#include "rd-netstring.h"

/**
 * RdBaresipEngine:
 *
 * Debian ships baresip 1.0.0 as a program and modules, with no libbaresip, so the
 * engine runs `baresip -f DIR` as a child and speaks ctrl_tcp to it. What 1.0.0 gives
 * (read in its source and checked by experiment):
 * - ctrl_tcp relays each command line to the command table, which the menu module
 *   fills: so menu.so is loaded (as module_app) and no console UI module is.
 * - Call commands (hold, resume, mute, sndcode, transfer, callfind) act on the current
 *   call of the current user agent and exist only while a call does; so each call
 *   command is preceded by `uafind AOR` and `callfind ID`, and commands go one at a
 *   time, the next sent when the previous answered.
 * - `mute` toggles; `accept` answers the UA's incoming call; `dial` answers before
 *   the call has an id: the first event of a new outgoing call (CALL_RINGING…) names
 *   it, matched to the pending dial by peer URI.
 * - The call id in events is the SIP Call-ID.
 * - ctrl_tcp copies "command params" into a 256-byte buffer: longer lines are cut,
 *   so they are refused here.
 */

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
  guint                next_token;
  guint                next_group;
  guint                failed_group;

  GPtrArray           *calls;           /* CallData*, open calls */
  GPtrArray           *accounts;        /* Account* */
};

static void rd_baresip_engine_backend_init (RdPhoneBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdBaresipEngine, rd_baresip_engine, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_PHONE_BACKEND,
                                                      rd_baresip_engine_backend_init))

enum {
  PROP_0,
  PROP_READY,
  PROP_RESTARTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void spawn_child        (RdBaresipEngine *self);
static void send_next          (RdBaresipEngine *self);
static void child_gone         (RdBaresipEngine *self,
                                const char      *why);

/* --- small helpers ---------------------------------------------------------------- */

static void
command_free (Command *cmd)
{
  g_clear_object (&cmd->call);
  g_free (cmd->command);
  g_free (cmd->params);
  g_free (cmd->token);
  g_free (cmd);
}

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->call);
  g_free (data->local_cause);
  g_free (data);
}

static void
account_free (Account *account)
{
  g_free (account->account);
  if (account->password != NULL)
    memset (account->password, 0, strlen (account->password));
  g_free (account->password);
  g_free (account->aor);
  g_free (account);
}

static guint
free_port (GSocketType type)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL))
    return 0;
  bound = g_socket_get_local_address (socket, NULL);
  return bound != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
}

/* A port free for UDP and for TCP (baresip listens on both). */
static guint
free_sip_port (void)
{
  for (guint i = 0; i < 20; i++)
    {
      guint port = free_port (G_SOCKET_TYPE_DATAGRAM);
      g_autoptr(GSocket) tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (loopback, port);

      if (port != 0 && tcp != NULL && g_socket_bind (tcp, addr, FALSE, NULL))
        return port;
    }
  return 0;
}

static CallData *
find_call_data (RdBaresipEngine *self,
                RdCall          *call)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      CallData *data = g_ptr_array_index (self->calls, i);
      if (data->call == call)
        return data;
    }
  return NULL;
}

static CallData *
find_call_by_id (RdBaresipEngine *self,
                 const char      *id)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      CallData *data = g_ptr_array_index (self->calls, i);
      if (g_strcmp0 (rd_call_get_id (data->call), id) == 0)
        return data;
    }
  return NULL;
}

static CallData *
add_call (RdBaresipEngine *self,
          RdCall          *call)
{
  CallData *data = g_new0 (CallData, 1);

  data->call = g_object_ref (call);
  g_ptr_array_add (self->calls, data);
  return data;
}

static char *
aor_of_account (const char *account)
{
  const char *start = strchr (account, '<');
  const char *end = start != NULL ? strchr (start, '>') : NULL;

  if (start == NULL || end == NULL || end == start + 1)
    return NULL;
  return g_strndup (start + 1, end - start - 1);
}

/* --- the child's config ------------------------------------------------------------- */

static gboolean
write_config (RdBaresipEngine  *self,
              GError          **error)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *config_path = g_build_filename (self->dir, "config", NULL);
  g_autofree char *accounts_path = g_build_filename (self->dir, "accounts", NULL);
  g_autofree char *contacts_path = g_build_filename (self->dir, "contacts", NULL);
  g_autofree char *player = NULL;
  g_autofree char *source = NULL;

  /* The null audio path: aubridge devices with names no other call uses. */
  player = self->audio_player != NULL ? g_strdup (self->audio_player)
                                      : g_strdup_printf ("aubridge,rd-play-%u", self->ctrl_port);
  source = self->audio_source != NULL ? g_strdup (self->audio_source)
                                      : g_strdup_printf ("aubridge,rd-mic-%u", self->ctrl_port);

  g_string_append (config, "# Generated by Ringdesk for this engine run; do not edit.\n");
  g_string_append (config, "poll_method\t\tepoll\n");
  g_string_append_printf (config, "sip_listen\t\t127.0.0.1:%u\n", self->sip_port);
  g_string_append (config, "net_interface\t\t127.0.0.1\n");
  g_string_append (config, "call_local_timeout\t120\n");
  g_string_append (config, "call_max_calls\t\t4\n");
  g_string_append_printf (config, "audio_player\t\t%s\n", player);
  g_string_append_printf (config, "audio_source\t\t%s\n", source);
  g_string_append_printf (config, "audio_alert\t\taubridge,rd-alert-%u\n", self->ctrl_port);
  g_string_append (config, "ausrc_srate\t\t8000\nauplay_srate\t\t8000\n");
  g_string_append (config, "audio_level\t\tno\n");
  g_string_append (config, "statmode_default\toff\nmenu_bell\t\tno\nringback_disabled\tyes\n");
  g_string_append_printf (config, "module_path\t\t%s\n", self->module_path);
  g_string_append (config, "module\t\t\tg711.so\nmodule\t\t\taufile.so\nmodule\t\t\taubridge.so\n");
  if (self->recordings_dir != NULL)
    {
      g_string_append (config, "module\t\t\tsndfile.so\n");
      g_string_append_printf (config, "snd_path\t\t%s\n", self->snd_dir);
    }
  /* menu fills the command table that ctrl_tcp dispatches to; it prints to stdout only. */
  g_string_append (config, "module_app\t\tmenu.so\nmodule_app\t\tctrl_tcp.so\n");
  g_string_append_printf (config, "ctrl_tcp_listen\t\t127.0.0.1:%u\n", self->ctrl_port);

  /* Accounts arrive over ctrl_tcp (uanew) so that passwords never touch the disk. */
  return g_file_set_contents_full (config_path, config->str, config->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)
      && g_file_set_contents_full (accounts_path, "", 0,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)
      && g_file_set_contents_full (contacts_path, "", 0,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* --- ctrl_tcp: sending -------------------------------------------------------------- */

static void
queue_command (RdBaresipEngine *self,
               CommandKind      kind,
               const char      *command,
               const char      *params,
               RdCall          *call,
               guint            group)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  cmd->command = g_strdup (command);
  cmd->params = g_strdup (params);
  cmd->call = call != NULL ? g_object_ref (call) : NULL;
  cmd->group = group;
  g_queue_push_tail (&self->commands, cmd);
}

static const char *
account_aor_for_call (RdBaresipEngine *self,
                      RdCall          *call)
{
  return rd_call_get_account (call);
}

/* Queues `uafind` + `callfind` + the command, as one group. */
static void
queue_call_command (RdBaresipEngine *self,
                    CommandKind      kind,
                    const char      *command,
                    const char      *params,
                    RdCall          *call)
{
  guint group = ++self->next_group;
  const char *aor = account_aor_for_call (self, call);

  if (aor != NULL && self->accounts->len > 1)
    queue_command (self, CMD_SELECT_UA, "uafind", aor, call, group);
  queue_command (self, CMD_SELECT_CALL, "callfind", rd_call_get_id (call), call, group);
  queue_command (self, kind, command, params, call, group);
  send_next (self);
}

static void
command_failed (RdBaresipEngine *self,
                Command         *cmd,
                const char      *message)
{
  g_debug ("baresip: %s failed: %s", cmd->command, message);

  if (cmd->kind == CMD_DIAL && cmd->call != NULL)
    {
      CallData *data = find_call_data (self, cmd->call);

      rd_call_close (cmd->call, RD_CALL_CAUSE_FAILED, 0);
      if (data != NULL)
        g_ptr_array_remove (self->calls, data);
    }

  g_signal_emit_by_name (self, "command-failed", cmd->call, cmd->command, message);
}

static void
send_next (RdBaresipEngine *self)
{
  while (self->connected && self->in_flight == NULL && !g_queue_is_empty (&self->commands))
    {
      Command *cmd = g_queue_pop_head (&self->commands);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *json = NULL;
      g_autofree char *token = NULL;
      g_autoptr(GString) frame = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      GOutputStream *out;

      if (cmd->group != 0 && cmd->group == self->failed_group)
        {
          command_free (cmd);
          continue;
        }

      token = g_strdup_printf ("rd%u", ++self->next_token);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "command");
      json_builder_add_string_value (builder, cmd->command);
      if (cmd->params != NULL)
        {
          json_builder_set_member_name (builder, "params");
          json_builder_add_string_value (builder, cmd->params);
        }
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json = json_to_string (root, FALSE);
      rd_netstring_append (frame, json, strlen (json));

      g_debug ("baresip: command %s %s", cmd->command, cmd->secret ? "(secret)" : cmd->params);

      cmd->token = g_steal_pointer (&token);
      self->in_flight = cmd;

      /* Small frames on loopback: a blocking write returns at once. */
      out = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
      if (!g_output_stream_write_all (out, frame->str, frame->len, NULL, NULL, &error))
        {
          g_debug ("baresip: ctrl_tcp write failed: %s", error->message);
          g_subprocess_force_exit (self->process);
          return;
        }
    }
}

/* --- ctrl_tcp: responses -------------------------------------------------------------- */

static void
set_ready (RdBaresipEngine *self,
           gboolean         ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
handle_response (RdBaresipEngine *self,
                 JsonObject      *object)
{
  Command *cmd = self->in_flight;
  const char *token = json_object_get_string_member_with_default (object, "token", NULL);
  gboolean ok = json_object_get_boolean_member_with_default (object, "ok", FALSE);
  const char *data = json_object_get_string_member_with_default (object, "data", "");

  if (cmd == NULL || g_strcmp0 (token, cmd->token) != 0)
    return;  /* not ours: a response to a command of a child that is gone */

  self->in_flight = NULL;

  switch (cmd->kind)
    {
    case CMD_SELECT_UA:
      if (!ok)
        {
          self->failed_group = cmd->group;
          command_failed (self, cmd, "account not found in the engine");
        }
      break;

    case CMD_SELECT_CALL:
      if (!ok || strstr (data, "setting current call") == NULL)
        {
          self->failed_group = cmd->group;
          command_failed (self, cmd, "call not found in the engine");
        }
      break;

    case CMD_HOLD:
    case CMD_RESUME:
      if (ok)
        rd_call_set_held (cmd->call, cmd->kind == CMD_HOLD);
      else
        command_failed (self, cmd, data);
      break;

    case CMD_MUTE:
      if (ok && strstr (data, "un-muted") != NULL)
        rd_call_set_muted (cmd->call, FALSE);
      else if (ok && strstr (data, "muted") != NULL)
        rd_call_set_muted (cmd->call, TRUE);
      else
        command_failed (self, cmd, data);
      break;

    case CMD_UANEW:
      /* The answer echoes the account line, password included: it is not logged. */
      if (!ok)
        command_failed (self, cmd, "the engine refused the account");
      if (self->accounts_pending > 0 && --self->accounts_pending == 0)
        set_ready (self, TRUE);
      break;

    case CMD_DIAL:
    case CMD_UADEL:
    case CMD_ACCEPT:
    case CMD_HANGUP:
    case CMD_DTMF:
    case CMD_TRANSFER:
    default:
      if (!ok)
        command_failed (self, cmd, data);
      break;
    }

  command_free (cmd);
  send_next (self);
}

/* --- ctrl_tcp: events ------------------------------------------------------------------ */

static guint
status_of (const char *param)
{
  /* "486 Busy Here" → 486 */
  if (param != NULL && g_ascii_isdigit (param[0]) && g_ascii_isdigit (param[1])
      && g_ascii_isdigit (param[2]) && (param[3] == ' ' || param[3] == '\0'))
    return (param[0] - '0') * 100 + (param[1] - '0') * 10 + (param[2] - '0');
  return 0;
}

static const char *
cause_of_close (CallData   *data,
                const char *param,
                guint       status)
{
  RdCall *call = data->call;
  gboolean answered = rd_call_get_answered (call) != NULL;
  gboolean incoming = rd_call_get_direction (call) == RD_CALL_DIRECTION_INCOMING;

  if (g_strcmp0 (param, "Call transfered") == 0)
    return RD_CALL_CAUSE_TRANSFERRED;

  if (data->local_cause != NULL)
    return data->local_cause;

  switch (status)
    {
    case 0:
      break;
    case 486:
    case 600:
      return RD_CALL_CAUSE_BUSY;
    case 603:
      return RD_CALL_CAUSE_DECLINED;
    case 408:
    case 480:
      return RD_CALL_CAUSE_NO_ANSWER;
    case 487:
      return RD_CALL_CAUSE_CANCELLED;
    default:
      return RD_CALL_CAUSE_FAILED;
    }

  if (answered)
    return RD_CALL_CAUSE_REMOTE_HANGUP;
  /* The caller gave up before we answered: a missed call. */
  if (incoming && g_strcmp0 (param, "Connection reset by peer") == 0)
    return RD_CALL_CAUSE_CANCELLED;
  return RD_CALL_CAUSE_FAILED;
}

static void
recording_collected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(RdCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rd_baresip_recording_collect_finish (result, &error);

  if (path == NULL)
    {
      g_debug ("baresip: no recording for call %s: %s", rd_call_get_id (call), error->message);
      return;
    }
  rd_call_set_recording_path (call, path);
}

static void
collect_recording (RdBaresipEngine *self,
                   CallData        *data)
{
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;

  if (self->recordings_dir == NULL || data->media_started == 0)
    return;

  name = g_strdup_printf ("%s.wav", rd_call_get_id (data->call));
  g_strdelimit (name, "/\\", '_');
  dest = g_build_filename (self->recordings_dir, name, NULL);
  rd_baresip_recording_collect_async (self->snd_dir, data->media_started, dest, NULL,
                                      recording_collected_cb, g_object_ref (data->call));
}

static gboolean
uri_matches (const char *dialed,
             const char *peer_uri)
{
  g_autofree char *with_scheme = NULL;

  if (dialed == NULL || peer_uri == NULL)
    return FALSE;
  if (g_str_equal (dialed, peer_uri))
    return TRUE;
  /* "1234" dialed on account sip:me@example.com becomes sip:1234@example.com */
  with_scheme = g_strconcat ("sip:", dialed, "@", NULL);
  return g_str_has_prefix (peer_uri, with_scheme)
      || (strchr (dialed, '@') != NULL && strstr (peer_uri, dialed) != NULL);
}

static CallData *
claim_outgoing (RdBaresipEngine *self,
                const char      *id,
                const char      *peer_uri,
                const char      *aor)
{
  CallData *oldest = NULL;

  for (guint i = 0; i < self->calls->len; i++)
    {
      CallData *data = g_ptr_array_index (self->calls, i);

      if (rd_call_get_id (data->call) != NULL
          || rd_call_get_direction (data->call) != RD_CALL_DIRECTION_OUTGOING)
        continue;
      if (uri_matches (rd_call_get_peer_uri (data->call), peer_uri))
        {
          oldest = data;
          break;
        }
      if (oldest == NULL)
        oldest = data;
    }

  if (oldest != NULL)
    {
      RdCall *call = oldest->call;

      rd_call_set_id (call, id);
      rd_call_set_peer_uri (call, peer_uri);
      if (oldest->hangup_pending)
        queue_call_command (self, CMD_HANGUP, "hangup", NULL, call);
      return oldest;
    }

  /* A call we did not dial: the engine follows a REFER it received (blind transfer). */
  {
    g_autoptr(RdCall) call = rd_call_new (id, aor, RD_CALL_DIRECTION_OUTGOING, peer_uri, NULL);
    CallData *data = add_call (self, call);

    g_signal_emit_by_name (self, "call-added", call);
    return data;
  }
}

static void
handle_call_event (RdBaresipEngine *self,
                   const char      *type,
                   JsonObject      *object)
{
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);
  const char *peer_uri = json_object_get_string_member_with_default (object, "peeruri", NULL);
  const char *peer_name =
    json_object_get_string_member_with_default (object, "peerdisplayname", NULL);
  const char *direction = json_object_get_string_member_with_default (object, "direction", "");
  const char *aor = json_object_get_string_member_with_default (object, "accountaor", NULL);
  const char *param = json_object_get_string_member_with_default (object, "param", NULL);
  CallData *data;

  if (id == NULL)
    return;  /* e.g. the local SDP offer of a call the engine has not named yet */

  data = find_call_by_id (self, id);

  if (g_str_equal (type, "CALL_INCOMING"))
    {
      g_autoptr(RdCall) call = NULL;

      if (data != NULL)
        return;
      call = rd_call_new (id, aor, RD_CALL_DIRECTION_INCOMING, peer_uri, peer_name);
      add_call (self, call);
      g_signal_emit_by_name (self, "call-added", call);
      return;
    }

  if (data == NULL)
    {
      /* Only a live event names a new outgoing call; late ones for closed calls don't. */
      if (!g_str_equal (direction, "outgoing") || g_str_equal (type, "CALL_CLOSED")
          || g_str_has_prefix (type, "CALL_DTMF") || g_str_equal (type, "CALL_RTCP"))
        {
          if (g_str_equal (type, "CALL_CLOSED") && g_str_equal (direction, "outgoing"))
            {
              /* A dial that failed at once (e.g. 486 before any ringing). */
              data = claim_outgoing (self, id, peer_uri, aor);
            }
          else
            return;
        }
      else
        data = claim_outgoing (self, id, peer_uri, aor);
    }

  if (peer_name != NULL && rd_call_get_peer_name (data->call) == NULL)
    rd_call_set_peer_name (data->call, peer_name);

  if (g_str_equal (type, "CALL_RINGING"))
    rd_call_set_state (data->call, RD_CALL_STATE_ALERTING);
  else if (g_str_equal (type, "CALL_PROGRESS"))
    rd_call_set_state (data->call, RD_CALL_STATE_RINGING);
  else if (g_str_equal (type, "CALL_ESTABLISHED"))
    {
      if (data->media_started == 0)
        data->media_started = g_get_real_time () / G_USEC_PER_SEC;
      if (!rd_call_get_held (data->call))
        rd_call_set_state (data->call, RD_CALL_STATE_ESTABLISHED);
    }
  else if (g_str_equal (type, "CALL_DTMF_START"))
    g_signal_emit_by_name (self, "dtmf-received", data->call, param);
  else if (g_str_equal (type, "TRANSFER_FAILED"))
    g_signal_emit_by_name (self, "transfer-failed", data->call, param);
  else if (g_str_equal (type, "CALL_CLOSED"))
    {
      guint status = status_of (param);
      g_autoptr(RdCall) call = g_object_ref (data->call);

      rd_call_close (call, cause_of_close (data, param, status), status);
      collect_recording (self, data);
      g_ptr_array_remove (self->calls, data);
    }
}

static void
handle_event (RdBaresipEngine *self,
              JsonObject      *object)
{
  const char *type = json_object_get_string_member_with_default (object, "type", "");
  const char *aor = json_object_get_string_member_with_default (object, "accountaor", NULL);
  const char *param = json_object_get_string_member_with_default (object, "param", "");

  if (g_str_equal (type, "REGISTER_OK"))
    g_signal_emit_by_name (self, "registration-changed", aor, RD_REGISTRATION_REGISTERED, param);
  else if (g_str_equal (type, "REGISTER_FAIL"))
    g_signal_emit_by_name (self, "registration-changed", aor, RD_REGISTRATION_FAILED, param);
  else if (g_str_equal (type, "UNREGISTERING"))
    g_signal_emit_by_name (self, "registration-changed", aor, RD_REGISTRATION_NONE, param);
  else if (g_str_has_prefix (type, "CALL_") || g_str_has_prefix (type, "TRANSFER"))
    handle_call_event (self, type, object);
}

static void
handle_message (RdBaresipEngine *self,
                GBytes          *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *text = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, text, len, &error))
    {
      g_debug ("baresip: bad JSON from ctrl_tcp: %s", error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  if (json_object_get_boolean_member_with_default (object, "response", FALSE))
    handle_response (self, object);
  else if (json_object_has_member (object, "event"))
    {
      g_debug ("baresip: event %s %s %s",
               json_object_get_string_member_with_default (object, "type", "?"),
               json_object_get_string_member_with_default (object, "id", ""),
               json_object_get_string_member_with_default (object, "param", ""));
      handle_event (self, object);
    }
}

/* --- the connection --------------------------------------------------------------------- */

/* What an async callback gets: a weak reference (dropping the engine stops the child, so
 * pending I/O must not keep it alive) and the child generation it was started for. */
typedef struct {
  GWeakRef engine;
  guint    generation;
} Ticket;

static Ticket *
ticket_new (RdBaresipEngine *self)
{
  Ticket *ticket = g_new0 (Ticket, 1);

  g_weak_ref_init (&ticket->engine, self);
  ticket->generation = self->generation;
  return ticket;
}

static void
ticket_free (Ticket *ticket)
{
  g_weak_ref_clear (&ticket->engine);
  g_free (ticket);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ticket, ticket_free)

/* The engine, if it still exists and still runs the child the ticket was made for. */
static RdBaresipEngine *
ticket_engine (Ticket *ticket)
{
  RdBaresipEngine *self = g_weak_ref_get (&ticket->engine);

  if (self != NULL && (!self->started || self->generation != ticket->generation))
    g_clear_object (&self);
  return self;
}

static void read_more (RdBaresipEngine *self);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Ticket) ticket = user_data;
  g_autoptr(RdBaresipEngine) self = ticket_engine (ticket);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  GBytes *bytes;

  if (self == NULL)
    return;

  if (n <= 0)
    {
      /* The control channel went away: the child is of no use any more. */
      g_debug ("baresip: ctrl_tcp closed: %s", error != NULL ? error->message : "end of stream");
      if (self->process != NULL)
        g_subprocess_force_exit (self->process);
      return;
    }

  rd_netstring_reader_feed (self->reader, (const char *) self->read_buffer, n);
  while ((bytes = rd_netstring_reader_next (self->reader, &error)) != NULL)
    {
      handle_message (self, bytes);
      g_bytes_unref (bytes);
      if (!self->started || self->generation != ticket->generation)
        return;
    }
  if (error != NULL)
    {
      g_debug ("baresip: ctrl_tcp framing: %s", error->message);
      g_subprocess_force_exit (self->process);
      return;
    }

  read_more (self);
}

static void
read_more (RdBaresipEngine *self)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_async (in, self->read_buffer, sizeof self->read_buffer,
                             G_PRIORITY_DEFAULT, self->cancellable, read_cb, ticket_new (self));
}

static void
queue_account (RdBaresipEngine *self,
               Account         *account)
{
  g_autofree char *line = NULL;
  Command *cmd;

  if (account->password != NULL && *account->password != '\0')
    line = g_strdup_printf ("%s;auth_pass=%s", account->account, account->password);
  else
    line = g_strdup (account->account);

  queue_command (self, CMD_UANEW, "uanew", line, NULL, 0);
  cmd = g_queue_peek_tail (&self->commands);
  cmd->secret = TRUE;
  memset (line, 0, strlen (line));
}

static void try_connect (RdBaresipEngine *self);

static gboolean
retry_connect_cb (gpointer user_data)
{
  RdBaresipEngine *self = user_data;

  self->retry_source = 0;
  try_connect (self);
  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Ticket) ticket = user_data;
  g_autoptr(RdBaresipEngine) self = ticket_engine (ticket);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  GQueue pending = G_QUEUE_INIT;

  if (self == NULL)
    return;

  if (connection == NULL)
    {
      if (g_get_monotonic_time () < self->connect_deadline)
        {
          self->retry_source = g_timeout_add (30, retry_connect_cb, self);
          return;
        }
      g_debug ("baresip: ctrl_tcp did not come up: %s", error->message);
      g_subprocess_force_exit (self->process);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  g_clear_pointer (&self->reader, rd_netstring_reader_free);
  self->reader = rd_netstring_reader_new ();
  read_more (self);

  /* Accounts first (again, after a restart), then whatever was asked meanwhile. */
  pending = self->commands;
  g_queue_init (&self->commands);
  for (guint i = 0; i < self->accounts->len; i++)
    queue_account (self, g_ptr_array_index (self->accounts, i));
  while (!g_queue_is_empty (&pending))
    g_queue_push_tail (&self->commands, g_queue_pop_head (&pending));

  self->connected = TRUE;
  self->accounts_pending = self->accounts->len;
  if (self->accounts_pending == 0)
    set_ready (self, TRUE);
  send_next (self);
}

static void
try_connect (RdBaresipEngine *self)
{
  g_socket_client_connect_to_host_async (self->client, "127.0.0.1", self->ctrl_port,
                                         self->cancellable, connect_cb, ticket_new (self));
}

/* --- supervision ------------------------------------------------------------------------- */

static gboolean
restart_cb (gpointer user_data)
{
  RdBaresipEngine *self = user_data;

  self->restart_source = 0;
  if (!self->started)
    return G_SOURCE_REMOVE;

  self->restarts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTARTS]);
  spawn_child (self);
  return G_SOURCE_REMOVE;
}

static void
child_gone (RdBaresipEngine *self,
            const char      *why)
{
  g_autoptr(GPtrArray) calls = NULL;
  Command *cmd;

  g_debug ("baresip: engine gone (%s)", why);

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->connection);
  g_clear_object (&self->process);

  self->connected = FALSE;
  self->accounts_pending = 0;
  set_ready (self, FALSE);

  /* Commands for calls that died with the child are void; account lines are re-sent. */
  g_clear_pointer (&self->in_flight, command_free);
  while ((cmd = g_queue_pop_head (&self->commands)) != NULL)
    command_free (cmd);

  /* Every open call ends now, recorded as stopped by the engine, never lost. */
  calls = g_steal_pointer (&self->calls);
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_data_free);
  for (guint i = 0; i < calls->len; i++)
    {
      CallData *data = g_ptr_array_index (calls, i);

      rd_call_close (data->call, RD_CALL_CAUSE_ENGINE_STOPPED, 0);
      collect_recording (self, data);
    }

  if (self->started && self->restart_source == 0)
    self->restart_source = g_timeout_add (RESTART_DELAY_MS, restart_cb, self);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Ticket) ticket = user_data;
  g_autoptr(RdBaresipEngine) self = ticket_engine (ticket);
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  child_gone (self, "the process exited");
}

static void
spawn_child (RdBaresipEngine *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = NULL;

  self->sip_port = free_sip_port ();
  self->ctrl_port = free_port (G_SOCKET_TYPE_STREAM);
  self->cancellable = g_cancellable_new ();

  if (self->sip_port == 0 || self->ctrl_port == 0 || !write_config (self, &error))
    {
      g_debug ("baresip: cannot prepare the engine: %s",
               error != NULL ? error->message : "no free port");
      child_gone (self, "no config");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  log_path = g_build_filename (self->dir, "baresip.log", NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->program,
                                               "-f", self->dir, NULL);
  if (self->process == NULL)
    {
      g_debug ("baresip: cannot start %s: %s", self->program, error->message);
      child_gone (self, "spawn failed");
      return;
    }

  g_subprocess_wait_async (self->process, self->cancellable, wait_cb, ticket_new (self));
  self->connect_deadline = g_get_monotonic_time () + CTRL_CONNECT_TIMEOUT_US;
  try_connect (self);
}

/* --- RdPhoneBackend ---------------------------------------------------------------------- */

static gboolean
check_running (RdBaresipEngine  *self,
               GError          **error)
{
  if (!self->started)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_NOT_RUNNING,
                           "The phone engine is not running");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_call (RdBaresipEngine  *self,
            RdCall           *call,
            GError          **error)
{
  if (!check_running (self, error))
    return FALSE;
  if (rd_call_is_closed (call) || find_call_data (self, call) == NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "The call has ended");
      return FALSE;
    }
  return TRUE;
}

static gboolean
rd_baresip_engine_start (RdPhoneBackend  *backend,
                         GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (self->started)
    return TRUE;

  if (!g_file_test (self->program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_NOT_RUNNING,
                   "The phone engine “%s” is not installed", self->program);
      return FALSE;
    }

  if (self->dir == NULL)
    {
      self->dir = g_dir_make_tmp ("ringdesk-engine-XXXXXX", error);
      if (self->dir == NULL)
        return FALSE;
      self->snd_dir = g_build_filename (self->dir, "rec", NULL);
      if (g_mkdir_with_parents (self->snd_dir, 0700) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "Cannot create “%s”: %s", self->snd_dir, g_strerror (errno));
          return FALSE;
        }
    }
  if (self->recordings_dir != NULL && g_mkdir_with_parents (self->recordings_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot create “%s”: %s", self->recordings_dir, g_strerror (errno));
      return FALSE;
    }

  self->started = TRUE;
  spawn_child (self);
  return TRUE;
}

static void
rd_baresip_engine_stop (RdPhoneBackend *backend)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);
  g_autoptr(GSubprocess) process = NULL;

  if (!self->started)
    return;

  process = self->process != NULL ? g_object_ref (self->process) : NULL;
  self->started = FALSE;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  child_gone (self, "stopped");

  if (process != NULL)
    {
      /* SIGTERM lets baresip send BYEs; a bounded wait, then SIGKILL. */
      gint64 deadline = g_get_monotonic_time () + G_TIME_SPAN_SECOND;

      g_subprocess_send_signal (process, SIGTERM);
      /* GLib's worker thread reaps the child; the identifier goes NULL then. */
      while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (process) != NULL)
        g_usleep (10 * 1000);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }
}

static gboolean
valid_password (const char *password)
{
  for (const char *p = password; p != NULL && *p != '\0'; p++)
    if (strchr (";,<>\"' \t\r\n", *p) != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
rd_baresip_engine_add_account (RdPhoneBackend  *backend,
                               const char      *account_line,
                               const char      *password,
                               GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);
  g_autofree char *aor = aor_of_account (account_line);
  Account *account;

  if (aor == NULL || !g_str_has_prefix (aor, "sip:"))
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a SIP account (expected <sip:user@domain>;options)",
                   account_line);
      return FALSE;
    }
  if (strstr (account_line, "auth_pass") != NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                           "The password must be given apart from the account line");
      return FALSE;
    }
  if (!valid_password (password))
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                           "The engine cannot carry a password with spaces, quotes or ;,<>");
      return FALSE;
    }
  if (strlen ("uanew ") + strlen (account_line) + strlen (";auth_pass=")
      + (password != NULL ? strlen (password) : 0) > CTRL_LINE_MAX)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                           "The account line is too long for the engine");
      return FALSE;
    }
  for (guint i = 0; i < self->accounts->len; i++)
    {
      Account *other = g_ptr_array_index (self->accounts, i);
      if (g_str_equal (other->aor, aor))
        {
          g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                       "The account %s is already there", aor);
          return FALSE;
        }
    }

  account = g_new0 (Account, 1);
  account->account = g_strdup (account_line);
  account->password = g_strdup (password);
  account->aor = g_steal_pointer (&aor);
  account->registers = strstr (account_line, "regint=0") == NULL;
  g_ptr_array_add (self->accounts, account);

  if (self->connected)
    {
      queue_account (self, account);
      send_next (self);
    }
  g_signal_emit_by_name (self, "registration-changed", account->aor,
                         account->registers ? RD_REGISTRATION_REGISTERING
                                            : RD_REGISTRATION_NONE, "");
  return TRUE;
}

static gboolean
rd_baresip_engine_remove_account (RdPhoneBackend  *backend,
                                  const char      *aor,
                                  GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      Account *account = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (account->aor, aor))
        {
          if (self->connected)
            {
              queue_command (self, CMD_UADEL, "uadel", aor, NULL, 0);
              send_next (self);
            }
          g_ptr_array_remove_index (self->accounts, i);
          return TRUE;
        }
    }

  g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
               "There is no account %s", aor);
  return FALSE;
}

static RdCall *
rd_baresip_engine_dial (RdPhoneBackend  *backend,
                        const char      *aor,
                        const char      *uri,
                        GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);
  Account *account = NULL;
  guint group;
  g_autoptr(RdCall) call = NULL;

  if (!check_running (self, error))
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      Account *candidate = g_ptr_array_index (self->accounts, i);
      if (aor == NULL || g_str_equal (candidate->aor, aor))
        {
          account = candidate;
          break;
        }
    }
  if (account == NULL)
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   "No SIP account %s to call from", aor != NULL ? aor : "");
      return NULL;
    }
  if (*uri == '\0' || strpbrk (uri, " \t\r\n\"<>") != NULL
      || strlen (uri) + strlen ("dial ") > CTRL_LINE_MAX)
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   "“%s” cannot be dialed", uri);
      return NULL;
    }

  call = rd_call_new (NULL, account->aor, RD_CALL_DIRECTION_OUTGOING, uri, NULL);
  add_call (self, call);
  group = ++self->next_group;
  if (self->accounts->len > 1)
    queue_command (self, CMD_SELECT_UA, "uafind", account->aor, call, group);
  queue_command (self, CMD_DIAL, "dial", uri, call, group);
  send_next (self);

  g_signal_emit_by_name (self, "call-added", call);
  return g_steal_pointer (&call);
}

static gboolean
rd_baresip_engine_accept (RdPhoneBackend  *backend,
                          RdCall          *call,
                          GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (!check_call (self, call, error))
    return FALSE;
  if (rd_call_get_state (call) != RD_CALL_STATE_INCOMING)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "Only a ringing incoming call can be answered");
      return FALSE;
    }
  queue_call_command (self, CMD_ACCEPT, "accept", NULL, call);
  return TRUE;
}

static gboolean
rd_baresip_engine_hangup (RdPhoneBackend  *backend,
                          RdCall          *call,
                          const char      *cause,
                          GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);
  CallData *data;

  if (!check_call (self, call, error))
    return FALSE;

  data = find_call_data (self, call);
  if (cause == NULL)
    {
      if (rd_call_get_answered (call) != NULL)
        cause = RD_CALL_CAUSE_LOCAL_HANGUP;
      else if (rd_call_get_direction (call) == RD_CALL_DIRECTION_INCOMING)
        cause = RD_CALL_CAUSE_REJECTED;
      else
        cause = RD_CALL_CAUSE_CANCELLED;
    }
  g_free (data->local_cause);
  data->local_cause = g_strdup (cause);

  if (rd_call_get_id (call) == NULL)
    {
      data->hangup_pending = TRUE;  /* sent once the engine names the call */
      return TRUE;
    }
  queue_call_command (self, CMD_HANGUP, "hangup", NULL, call);
  return TRUE;
}

static gboolean
check_answered (RdBaresipEngine  *self,
                RdCall           *call,
                GError          **error)
{
  if (!check_call (self, call, error))
    return FALSE;
  if (rd_call_get_answered (call) == NULL || rd_call_get_id (call) == NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "The call is not connected");
      return FALSE;
    }
  return TRUE;
}

static gboolean
rd_baresip_engine_set_held (RdPhoneBackend  *backend,
                            RdCall          *call,
                            gboolean         held,
                            GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (!check_answered (self, call, error))
    return FALSE;
  queue_call_command (self, held ? CMD_HOLD : CMD_RESUME, held ? "hold" : "resume", NULL, call);
  return TRUE;
}

static gboolean
rd_baresip_engine_set_muted (RdPhoneBackend  *backend,
                             RdCall          *call,
                             gboolean         muted,
                             GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (!check_answered (self, call, error))
    return FALSE;
  /* baresip's mute toggles: only send it when the state differs. */
  if (!!muted == rd_call_get_muted (call))
    return TRUE;
  queue_call_command (self, CMD_MUTE, "mute", NULL, call);
  return TRUE;
}

static gboolean
rd_baresip_engine_send_dtmf (RdPhoneBackend  *backend,
                             RdCall          *call,
                             const char      *digits,
                             GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (!check_answered (self, call, error))
    return FALSE;
  if (*digits == '\0' || strspn (digits, "0123456789*#ABCDabcd") != strlen (digits)
      || strlen (digits) > 64)
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   "“%s” are not DTMF digits", digits);
      return FALSE;
    }
  queue_call_command (self, CMD_DTMF, "sndcode", digits, call);
  return TRUE;
}

static gboolean
rd_baresip_engine_transfer (RdPhoneBackend  *backend,
                            RdCall          *call,
                            const char      *target,
                            GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);

  if (!check_answered (self, call, error))
    return FALSE;
  if (*target == '\0' || strpbrk (target, " \t\r\n\"<>") != NULL
      || strlen (target) > CTRL_LINE_MAX - strlen ("transfer "))
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a transfer target", target);
      return FALSE;
    }
  queue_call_command (self, CMD_TRANSFER, "transfer", target, call);
  return TRUE;
}

static void
rd_baresip_engine_backend_init (RdPhoneBackendInterface *iface)
{
  iface->start = rd_baresip_engine_start;
  iface->stop = rd_baresip_engine_stop;
  iface->add_account = rd_baresip_engine_add_account;
  iface->remove_account = rd_baresip_engine_remove_account;
  iface->dial = rd_baresip_engine_dial;
  iface->accept = rd_baresip_engine_accept;
  iface->hangup = rd_baresip_engine_hangup;
  iface->set_held = rd_baresip_engine_set_held;
  iface->set_muted = rd_baresip_engine_set_muted;
  iface->send_dtmf = rd_baresip_engine_send_dtmf;
  iface->transfer = rd_baresip_engine_transfer;
}

/* --- GObject ---------------------------------------------------------------------------- */

static gboolean
remove_tree (GFile   *dir,
             GError **error)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL)
         && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child, NULL);
      else
        g_file_delete (child, NULL, NULL);
    }
  return g_file_delete (dir, NULL, error);
}

static void
rd_baresip_engine_dispose (GObject *object)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (object);

  rd_baresip_engine_stop (RD_PHONE_BACKEND (self));

  if (self->dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (self->dir);
      remove_tree (dir, NULL);
      g_clear_pointer (&self->dir, g_free);
    }

  G_OBJECT_CLASS (rd_baresip_engine_parent_class)->dispose (object);
}

static void
rd_baresip_engine_finalize (GObject *object)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (object);

  g_free (self->program);
  g_free (self->module_path);
  g_free (self->audio_source);
  g_free (self->audio_player);
  g_free (self->recordings_dir);
  g_free (self->snd_dir);
  g_clear_object (&self->client);
  g_clear_pointer (&self->reader, rd_netstring_reader_free);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_baresip_engine_parent_class)->finalize (object);
}

static void
rd_baresip_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_RESTARTS:
      g_value_set_uint (value, self->restarts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_baresip_engine_class_init (RdBaresipEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_baresip_engine_dispose;
  object_class->finalize = rd_baresip_engine_finalize;
  object_class->get_property = rd_baresip_engine_get_property;

  /** RdBaresipEngine:ready: the child runs, its control channel is up, the accounts are in. */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /** RdBaresipEngine:restarts: how many times the supervisor restarted the child. */
  properties[PROP_RESTARTS] =
    g_param_spec_uint ("restarts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_baresip_engine_init (RdBaresipEngine *self)
{
  self->program = g_strdup ("/usr/bin/baresip");
  self->module_path = g_strdup ("/usr/lib/baresip/modules");
  self->client = g_socket_client_new ();
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_data_free);
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  g_queue_init (&self->commands);
}

RdBaresipEngine *
rd_baresip_engine_new (void)
{
  return g_object_new (RD_TYPE_BARESIP_ENGINE, NULL);
}

void
rd_baresip_engine_set_audio_source (RdBaresipEngine *self,
                                    const char      *device)
{
  g_return_if_fail (RD_IS_BARESIP_ENGINE (self));
  g_free (self->audio_source);
  self->audio_source = g_strdup (device);
}

void
rd_baresip_engine_set_audio_player (RdBaresipEngine *self,
                                    const char      *device)
{
  g_return_if_fail (RD_IS_BARESIP_ENGINE (self));
  g_free (self->audio_player);
  self->audio_player = g_strdup (device);
}

void
rd_baresip_engine_set_recordings_dir (RdBaresipEngine *self,
                                      const char      *dir)
{
  g_return_if_fail (RD_IS_BARESIP_ENGINE (self));
  g_free (self->recordings_dir);
  self->recordings_dir = g_strdup (dir);
}

gboolean
rd_baresip_engine_get_ready (RdBaresipEngine *self)
{
  g_return_val_if_fail (RD_IS_BARESIP_ENGINE (self), FALSE);
  return self->ready;
}

int
rd_baresip_engine_get_pid (RdBaresipEngine *self)
{
  const char *id;

  g_return_val_if_fail (RD_IS_BARESIP_ENGINE (self), 0);
  if (self->process == NULL)
    return 0;
  id = g_subprocess_get_identifier (self->process);
  return id != NULL ? atoi (id) : 0;
}

guint
rd_baresip_engine_get_sip_port (RdBaresipEngine *self)
{
  g_return_val_if_fail (RD_IS_BARESIP_ENGINE (self), 0);
  return self->sip_port;
}

guint
rd_baresip_engine_get_restarts (RdBaresipEngine *self)
{
  g_return_val_if_fail (RD_IS_BARESIP_ENGINE (self), 0);
  return self->restarts;
}

const char *
rd_baresip_engine_get_config_dir (RdBaresipEngine *self)
{
  g_return_val_if_fail (RD_IS_BARESIP_ENGINE (self), NULL);
  return self->dir;
}
