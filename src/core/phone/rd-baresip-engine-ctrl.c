/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-baresip-engine-private.h"
#include "rd-baresip-recording.h"

/* The ctrl_tcp conversation: one command in flight at a time, answers matched by token,
 * events turned into RdCall changes and backend signals. */

/* --- ctrl_tcp: sending -------------------------------------------------------------- */

void
rd_baresip_engine_queue_command (RdBaresipEngine *self,
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
void
rd_baresip_engine_queue_call_command (RdBaresipEngine *self,
                    CommandKind      kind,
                    const char      *command,
                    const char      *params,
                    RdCall          *call)
{
  guint group = ++self->next_group;
  const char *aor = account_aor_for_call (self, call);

  if (aor != NULL && self->accounts->len > 1)
    rd_baresip_engine_queue_command (self, CMD_SELECT_UA, "uafind", aor, call, group);
  rd_baresip_engine_queue_command (self, CMD_SELECT_CALL, "callfind", rd_call_get_id (call), call, group);
  rd_baresip_engine_queue_command (self, kind, command, params, call, group);
  rd_baresip_engine_send_next (self);
}

static void
command_failed (RdBaresipEngine *self,
                Command         *cmd,
                const char      *message)
{
  g_debug ("baresip: %s failed: %s", cmd->command, message);

  if (cmd->kind == CMD_DIAL && cmd->call != NULL)
    {
      CallData *data = rd_baresip_engine_find_call (self, cmd->call);

      rd_call_close (cmd->call, RD_CALL_CAUSE_FAILED, 0);
      if (data != NULL)
        g_ptr_array_remove (self->calls, data);
    }

  g_signal_emit_by_name (self, "command-failed", cmd->call, cmd->command, message);
}

void
rd_baresip_engine_send_next (RdBaresipEngine *self)
{
  while (self->connected && self->in_flight == NULL && self->awaiting_sdp == NULL
         && !g_queue_is_empty (&self->commands))
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
          rd_baresip_engine_command_free (cmd);
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


void
rd_baresip_engine_queue_account (RdBaresipEngine *self,
               Account         *account)
{
  g_autofree char *line = NULL;
  Command *cmd;

  if (account->password != NULL && *account->password != '\0')
    line = g_strdup_printf ("%s;auth_pass=%s", account->account, account->password);
  else
    line = g_strdup (account->account);

  rd_baresip_engine_queue_command (self, CMD_UANEW, "uanew", line, NULL, 0);
  cmd = g_queue_peek_tail (&self->commands);
  cmd->secret = TRUE;
  memset (line, 0, strlen (line));
}

/* --- ctrl_tcp: responses -------------------------------------------------------------- */

void
rd_baresip_engine_sdp_settled (RdBaresipEngine *self)
{
  g_clear_handle_id (&self->awaiting_sdp_source, g_source_remove);
  g_clear_object (&self->awaiting_sdp);
}

static gboolean
sdp_timeout_cb (gpointer user_data)
{
  RdBaresipEngine *self = user_data;

  self->awaiting_sdp_source = 0;
  g_clear_object (&self->awaiting_sdp);
  rd_baresip_engine_send_next (self);
  return G_SOURCE_REMOVE;
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
        {
          CallData *call_data = rd_baresip_engine_find_call (self, cmd->call);

          rd_call_set_held (cmd->call, cmd->kind == CMD_HOLD);
          /* Record was pressed while the call was held: it starts now. */
          if (cmd->kind == CMD_RESUME && call_data != NULL && call_data->record_on_resume
              && !call_data->filtered && rd_call_get_recording (cmd->call))
            {
              /* Only once the resume's re-INVITE is answered (sndfile must not be there
               * during it). */
              g_clear_handle_id (&self->awaiting_sdp_source, g_source_remove);
              g_set_object (&self->awaiting_sdp, cmd->call);
              self->awaiting_sdp_source = g_timeout_add (2000, sdp_timeout_cb, self);
              rd_baresip_engine_start_recorder (self, call_data);
            }
        }
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

    case CMD_MEDIA_UPDATE:
      /* The next re-INVITE must not cross this one: wait for its answer (bounded). */
      if (ok)
        {
          self->awaiting_sdp = g_object_ref (cmd->call);
          self->awaiting_sdp_source = g_timeout_add (2000, sdp_timeout_cb, self);
        }
      else
        command_failed (self, cmd, data);
      break;
    case CMD_INSMOD:
      /* "already loaded" is fine: the module is there either way. */
      if (!ok || (strstr (data, "ERROR") != NULL && strstr (data, "already") == NULL))
        {
          self->sndfile_loaded = FALSE;
          command_failed (self, cmd, data);
        }
      break;
    case CMD_UANEW:
      /* The answer echoes the account line, password included: it is not logged. */
      if (!ok)
        command_failed (self, cmd, "the engine refused the account");
      if (self->accounts_pending > 0 && --self->accounts_pending == 0)
        rd_baresip_engine_set_ready (self, TRUE);
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

  rd_baresip_engine_command_free (cmd);
  rd_baresip_engine_send_next (self);
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

/* The spans the agent asked for, in seconds from the start of the files. */
static GArray *
spans_in_file (CallData *data)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time ();

  for (guint i = 0; data->spans != NULL && i + 1 < data->spans->len; i += 2)
    {
      gint64 start = g_array_index (data->spans, gint64, i);
      gint64 end = g_array_index (data->spans, gint64, i + 1);
      double from = (double) (start - data->file_origin) / G_USEC_PER_SEC;
      double to = (double) ((end != 0 ? end : now) - data->file_origin) / G_USEC_PER_SEC;

      g_array_append_val (spans, from);
      g_array_append_val (spans, to);
    }
  return spans;
}

void
rd_baresip_engine_release_recorder (RdBaresipEngine *self)
{
  /* Unloading sndfile while a call still has its filters would crash baresip 1.0.0
   * (tried): only when no call is left. */
  if (!self->record_on_demand || !self->sndfile_loaded || self->calls->len > 0)
    return;
  rd_baresip_engine_queue_command (self, CMD_RMMOD, "rmmod", "sndfile", NULL, 0);
  self->sndfile_loaded = FALSE;
  rd_baresip_engine_send_next (self);
}

void
rd_baresip_engine_collect_recording (RdBaresipEngine *self,
                   CallData        *data)
{
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_autoptr(GArray) spans = NULL;
  gint64 origin = data->media_started;

  rd_call_set_recording (data->call, FALSE);
  if (self->recordings_dir == NULL || data->media_started == 0 || !data->filtered)
    return;
  if (!data->record_all)
    {
      spans = spans_in_file (data);
      origin = data->file_origin / G_USEC_PER_SEC;
    }

  name = g_strdup_printf ("%s.wav", rd_call_get_id (data->call));
  g_strdelimit (name, "/\\", '_');
  dest = g_build_filename (self->recordings_dir, name, NULL);
  rd_baresip_recording_collect_async (self->snd_dir, origin, spans, dest, NULL,
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
        rd_baresip_engine_queue_call_command (self, CMD_HANGUP, "hangup", NULL, call);
      return oldest;
    }

  /* A call we did not dial: the engine follows a REFER it received (blind transfer). */
  {
    g_autoptr(RdCall) call = rd_call_new (id, aor, RD_CALL_DIRECTION_OUTGOING, peer_uri, NULL);
    CallData *data = rd_baresip_engine_add_call (self, call);

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

  data = rd_baresip_engine_find_call_by_id (self, id);

  if (g_str_equal (type, "CALL_INCOMING"))
    {
      g_autoptr(RdCall) call = NULL;

      if (data != NULL)
        return;
      call = rd_call_new (id, aor, RD_CALL_DIRECTION_INCOMING, peer_uri, peer_name);
      rd_baresip_engine_add_call (self, call);
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
        {
          data->media_started = g_get_real_time () / G_USEC_PER_SEC;
          /* sndfile attaches to every call whose audio starts while it is loaded. */
          if (self->recordings_dir != NULL && (!self->record_on_demand || self->sndfile_loaded))
            {
              data->filtered = TRUE;
              data->file_origin = g_get_real_time ();
            }
          if (self->recordings_dir != NULL && !self->record_on_demand)
            {
              data->record_all = TRUE;
              rd_call_set_recording (data->call, TRUE);
            }
        }
      if (!rd_call_get_held (data->call))
        rd_call_set_state (data->call, RD_CALL_STATE_ESTABLISHED);
    }
  else if (g_str_equal (type, "CALL_REMOTE_SDP") && data->call == self->awaiting_sdp
           && g_strcmp0 (param, "answer") == 0)
    {
      rd_baresip_engine_sdp_settled (self);
      rd_baresip_engine_send_next (self);
    }
  else if (g_str_equal (type, "CALL_DTMF_START"))
    g_signal_emit_by_name (self, "dtmf-received", data->call, param);
  else if (g_str_equal (type, "TRANSFER_FAILED"))
    g_signal_emit_by_name (self, "transfer-failed", data->call, param);
  else if (g_str_equal (type, "CALL_CLOSED"))
    {
      guint status = status_of (param);
      g_autoptr(RdCall) call = g_object_ref (data->call);

      if (call == self->awaiting_sdp)
        {
          rd_baresip_engine_sdp_settled (self);
          rd_baresip_engine_send_next (self);
        }
      rd_call_close (call, cause_of_close (data, param, status), status);
      rd_baresip_engine_collect_recording (self, data);
      g_ptr_array_remove (self->calls, data);
      rd_baresip_engine_release_recorder (self);
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

void
rd_baresip_engine_handle_message (RdBaresipEngine *self,
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
