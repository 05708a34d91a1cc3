/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rd-baresip-engine-private.h"

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

/* --- small helpers ---------------------------------------------------------------- */

void
rd_baresip_engine_command_free (Command *cmd)
{
  g_clear_object (&cmd->call);
  g_free (cmd->command);
  g_free (cmd->params);
  g_free (cmd->token);
  g_free (cmd);
}

void
rd_baresip_engine_call_data_free (CallData *data)
{
  g_clear_object (&data->call);
  g_free (data->local_cause);
  g_clear_pointer (&data->spans, g_array_unref);
  g_free (data);
}

void
rd_baresip_engine_account_free (Account *account)
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

static gboolean
bind_loopback (GSocket *socket,
               guint    port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (loopback, port);

  return socket != NULL && g_socket_bind (socket, addr, FALSE, NULL);
}

/* A port free for UDP and TCP whose next port is free for TCP too: baresip listens on
 * both at the port and for SIP/TLS one above it, and fails to start if any is taken. */
static guint
free_sip_port (void)
{
  for (guint i = 0; i < 50; i++)
    {
      guint port = free_port (G_SOCKET_TYPE_DATAGRAM);
      g_autoptr(GSocket) tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_autoptr(GSocket) tls = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);

      if (port != 0 && port < 65535 && bind_loopback (tcp, port) && bind_loopback (tls, port + 1))
        return port;
    }
  return 0;
}

CallData *
rd_baresip_engine_find_call (RdBaresipEngine *self,
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

CallData *
rd_baresip_engine_find_call_by_id (RdBaresipEngine *self,
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

CallData *
rd_baresip_engine_add_call (RdBaresipEngine *self,
          RdCall          *call)
{
  CallData *data = g_new0 (CallData, 1);

  data->call = g_object_ref (call);
  g_ptr_array_add (self->calls, data);
  return data;
}

char *
rd_baresip_engine_aor_of_account (const char *account)
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
  /* On demand, sndfile is loaded (insmod) when a call asks for it: see
   * rd_baresip_engine_set_recording() and docs/softphone.md. */
  if (self->recordings_dir != NULL && !self->record_on_demand)
    g_string_append (config, "module\t\t\tsndfile.so\n");
  self->sndfile_loaded = self->recordings_dir != NULL && !self->record_on_demand;
  if (self->recordings_dir != NULL)
    g_string_append_printf (config, "snd_path\t\t%s\n", self->snd_dir);
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


void
rd_baresip_engine_set_ready (RdBaresipEngine *self,
           gboolean         ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
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
      rd_baresip_engine_handle_message (self, bytes);
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
    rd_baresip_engine_queue_account (self, g_ptr_array_index (self->accounts, i));
  while (!g_queue_is_empty (&pending))
    g_queue_push_tail (&self->commands, g_queue_pop_head (&pending));

  self->connected = TRUE;
  self->accounts_pending = self->accounts->len;
  if (self->accounts_pending == 0)
    rd_baresip_engine_set_ready (self, TRUE);
  rd_baresip_engine_send_next (self);
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
  rd_baresip_engine_spawn_child (self);
  return G_SOURCE_REMOVE;
}

void
rd_baresip_engine_child_gone (RdBaresipEngine *self,
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
  self->sndfile_loaded = FALSE;
  self->accounts_pending = 0;
  rd_baresip_engine_set_ready (self, FALSE);

  /* Commands for calls that died with the child are void; account lines are re-sent. */
  g_clear_pointer (&self->in_flight, rd_baresip_engine_command_free);
  rd_baresip_engine_sdp_settled (self);
  while ((cmd = g_queue_pop_head (&self->commands)) != NULL)
    rd_baresip_engine_command_free (cmd);

  /* Every open call ends now, recorded as stopped by the engine, never lost. */
  calls = g_steal_pointer (&self->calls);
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_baresip_engine_call_data_free);
  for (guint i = 0; i < calls->len; i++)
    {
      CallData *data = g_ptr_array_index (calls, i);

      rd_call_close (data->call, RD_CALL_CAUSE_ENGINE_STOPPED, 0);
      rd_baresip_engine_collect_recording (self, data);
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

  rd_baresip_engine_child_gone (self, "the process exited");
}

void
rd_baresip_engine_spawn_child (RdBaresipEngine *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_name = NULL;
  g_autofree char *log_path = NULL;

  self->sip_port = free_sip_port ();
  self->ctrl_port = free_port (G_SOCKET_TYPE_STREAM);
  self->cancellable = g_cancellable_new ();

  if (self->sip_port == 0 || self->ctrl_port == 0 || !write_config (self, &error))
    {
      g_debug ("baresip: cannot prepare the engine: %s",
               error != NULL ? error->message : "no free port");
      rd_baresip_engine_child_gone (self, "no config");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  /* One log per run: the log of a child that died is still there to read. */
  log_name = g_strdup_printf ("baresip-%u.log", self->restarts);
  log_path = g_build_filename (self->dir, log_name, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->program,
                                               "-f", self->dir, NULL);
  if (self->process == NULL)
    {
      g_debug ("baresip: cannot start %s: %s", self->program, error->message);
      rd_baresip_engine_child_gone (self, "spawn failed");
      return;
    }

  g_subprocess_wait_async (self->process, self->cancellable, wait_cb, ticket_new (self));
  self->connect_deadline = g_get_monotonic_time () + CTRL_CONNECT_TIMEOUT_US;
  try_connect (self);
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

  rd_phone_backend_stop (RD_PHONE_BACKEND (self));

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
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_baresip_engine_call_data_free);
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_baresip_engine_account_free);
  g_queue_init (&self->commands);
}

void
rd_baresip_engine_reregister (RdBaresipEngine *self)
{
  g_return_if_fail (RD_IS_BARESIP_ENGINE (self));

  if (!self->connected)
    return;  /* a new child registers anyway */

  for (guint i = 0; i < self->accounts->len; i++)
    {
      Account *account = g_ptr_array_index (self->accounts, i);

      if (!account->registers)
        continue;
      g_debug ("baresip: registering %s again", account->aor);
      rd_baresip_engine_queue_command (self, CMD_UADEL, "uadel", account->aor, NULL, 0);
      rd_baresip_engine_queue_account (self, account);
      g_signal_emit_by_name (self, "registration-changed", account->aor,
                             RD_REGISTRATION_REGISTERING, "");
    }
  rd_baresip_engine_send_next (self);
}

static gboolean
reregister_cb (gpointer user_data)
{
  RdBaresipEngine *self = user_data;

  self->reregister_source = 0;
  rd_baresip_engine_reregister (self);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    RdBaresipEngine *self)
{
  /* Changes come in bursts (links, routes, addresses): act once they settle. */
  g_clear_handle_id (&self->reregister_source, g_source_remove);
  if (available)
    self->reregister_source = g_timeout_add_seconds (1, reregister_cb, self);
}

void
rd_baresip_engine_watch_network (RdBaresipEngine *self,
                                 gboolean         watch)
{
  if (watch && self->network_handler == 0)
    self->network_handler = g_signal_connect_object (g_network_monitor_get_default (),
                                                     "network-changed",
                                                     G_CALLBACK (network_changed_cb), self, 0);
  else if (!watch)
    {
      g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
      g_clear_handle_id (&self->reregister_source, g_source_remove);
    }
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

void
rd_baresip_engine_set_record_on_demand (RdBaresipEngine *self,
                                        gboolean         on_demand)
{
  g_return_if_fail (RD_IS_BARESIP_ENGINE (self));

  on_demand = !!on_demand;
  if (self->record_on_demand == on_demand)
    return;
  self->record_on_demand = on_demand;
  if (self->recordings_dir == NULL || !self->connected)
    return;   /* the next child's config says it */
  /* A running child: from now on every call (insmod), or only what is asked for (rmmod
   * once no call uses sndfile). Calls in progress keep the mode they started with. */
  if (on_demand)
    rd_baresip_engine_release_recorder (self);
  else if (!self->sndfile_loaded)
    {
      rd_baresip_engine_queue_command (self, CMD_INSMOD, "insmod", "sndfile.so", NULL, 0);
      self->sndfile_loaded = TRUE;
      rd_baresip_engine_send_next (self);
    }
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
