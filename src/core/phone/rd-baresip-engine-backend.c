/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "rd-baresip-engine-private.h"

/* The RdPhoneBackend methods: checks first (clear errors, nothing half-done), then
 * commands queued for the child. */

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
  if (rd_call_is_closed (call) || rd_baresip_engine_find_call (self, call) == NULL)
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
  rd_baresip_engine_watch_network (self, TRUE);
  rd_baresip_engine_spawn_child (self);
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
  rd_baresip_engine_watch_network (self, FALSE);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  rd_baresip_engine_child_gone (self, "stopped");

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
  g_autofree char *aor = rd_baresip_engine_aor_of_account (account_line);
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
      rd_baresip_engine_queue_account (self, account);
      rd_baresip_engine_send_next (self);
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
              rd_baresip_engine_queue_command (self, CMD_UADEL, "uadel", aor, NULL, 0);
              rd_baresip_engine_send_next (self);
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
  rd_baresip_engine_add_call (self, call);
  group = ++self->next_group;
  if (self->accounts->len > 1)
    rd_baresip_engine_queue_command (self, CMD_SELECT_UA, "uafind", account->aor, call, group);
  rd_baresip_engine_queue_command (self, CMD_DIAL, "dial", uri, call, group);
  rd_baresip_engine_send_next (self);

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
  rd_baresip_engine_queue_call_command (self, CMD_ACCEPT, "accept", NULL, call);
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

  data = rd_baresip_engine_find_call (self, call);
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
  rd_baresip_engine_queue_call_command (self, CMD_HANGUP, "hangup", NULL, call);
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
  rd_baresip_engine_queue_call_command (self, held ? CMD_HOLD : CMD_RESUME, held ? "hold" : "resume", NULL, call);
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
  rd_baresip_engine_queue_call_command (self, CMD_MUTE, "mute", NULL, call);
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
  rd_baresip_engine_queue_call_command (self, CMD_DTMF, "sndcode", digits, call);
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
  rd_baresip_engine_queue_call_command (self, CMD_TRANSFER, "transfer", target, call);
  return TRUE;
}

void
rd_baresip_engine_start_recorder (RdBaresipEngine *self,
                                  CallData        *data)
{
  data->record_on_resume = FALSE;
  if (!self->sndfile_loaded)
    {
      rd_baresip_engine_queue_command (self, CMD_INSMOD, "insmod", "sndfile.so", NULL, 0);
      self->sndfile_loaded = TRUE;
    }
  rd_baresip_engine_queue_call_command (self, CMD_MEDIA_UPDATE, "hold", NULL, data->call);
  rd_baresip_engine_queue_call_command (self, CMD_MEDIA_UPDATE, "resume", NULL, data->call);
  data->filtered = TRUE;
  data->file_origin = g_get_real_time ();
}

/* baresip 1.0.0 attaches audio filters (sndfile) only when a call's audio starts or its
 * media is renegotiated, and only to a call that has none yet. So to record from now
 * on: load sndfile (insmod), then renegotiate the media with a hold and a resume (two
 * re-INVITEs; the peer hears no gap on loopback, a round trip on a real network). The
 * files begin at that moment; what the agent asked to keep is a list of spans, cut out
 * when the call ends (rd-baresip-recording.c). */
static gboolean
rd_baresip_engine_set_recording (RdPhoneBackend  *backend,
                                 RdCall          *call,
                                 gboolean         recording,
                                 GError         **error)
{
  RdBaresipEngine *self = RD_BARESIP_ENGINE (backend);
  CallData *data;
  gint64 now = g_get_real_time ();

  if (!check_answered (self, call, error))
    return FALSE;
  if (self->recordings_dir == NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "Call recording is off");
      return FALSE;
    }
  data = rd_baresip_engine_find_call (self, call);
  if (data->record_all)
    {
      if (recording)
        return TRUE;
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "Every call is recorded");
      return FALSE;
    }
  if (!!recording == rd_call_get_recording (call))
    return TRUE;

  if (data->spans == NULL)
    data->spans = g_array_new (FALSE, TRUE, sizeof (gint64));

  if (recording)
    {
      gint64 open_end = 0;

      /* A held call has no conversation to record, and a filter attached while it is
       * resumed leaves the peer's half silent in 1.0.0 (tried): it starts once the
       * call is back (see the CMD_RESUME answer). */
      if (!data->filtered && rd_call_get_held (call))
        data->record_on_resume = TRUE;
      else if (!data->filtered)
        rd_baresip_engine_start_recorder (self, data);
      g_array_append_val (data->spans, now);
      g_array_append_val (data->spans, open_end);
    }
  else if (data->spans->len >= 2)
    g_array_index (data->spans, gint64, data->spans->len - 1) = now;

  rd_call_set_recording (call, recording);
  return TRUE;
}

void
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
  iface->set_recording = rd_baresip_engine_set_recording;
}
