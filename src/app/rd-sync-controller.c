/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-document-transfer.h"
#include "rd-events-listener.h"
#include "rd-http-client.h"
#include "rd-recording-upload.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-storage-error.h"
#include "rd-sync-controller.h"
#include "rd-tls.h"

/* Keeps the replica in step with the server: the core's RdSyncClient
 * (blocking) runs in a worker thread with its own RdStore, one cycle at a
 * time, every few seconds and whenever the app asks (after a local write).
 * The window shows "status-text" and refreshes its lists on "synced" when
 * changes came in. With the session's token it also listens to the server's
 * announcements (RdEventsListener: WebSocket, else long poll) and syncs as
 * soon as the server's sequence passes the replica's cursor; the timer stays
 * as the fallback. An https server is checked against the CA file the user
 * chose (both the worker's RdSyncClient and the listener), or the system's. */

#define DEFAULT_INTERVAL 15

struct _RdSyncController
{
  GObject       parent_instance;

  char         *db_path;
  char         *server_url;
  char         *username;
  char         *password;    /* until the worker has logged in */
  char         *ca_file;     /* set before start; NULL: the system's CAs */
  GTlsDatabase *ca_database; /* the same file, loaded for the listener */
  GCancellable *cancellable;
  guint         timer;
  guint         interval;
  gboolean      running;
  gboolean      again;       /* a sync was asked for while one ran */
  gboolean      logged_in;
  char         *token;       /* the app's session token: the worker and the listener use it */
  char         *user_id;     /* whose token it is */
  RdEventsListener *events;
  gint64        cursor;      /* the replica's cursor after the last sync */

  RdSyncState   state;
  char         *status_text;
  GDateTime    *since;       /* of the state: synced at, offline since */
  guint         n_syncs;

  /* worker side, touched only by the one running task */
  RdStore      *worker_store;
  RdSyncClient *client;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS_TEXT,
  PROP_EVENTS_MODE,
  N_PROPS
};

enum {
  SYNCED,
  CTI_CALL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdSyncController, rd_sync_controller, G_TYPE_OBJECT)

static void rd_sync_controller_run (RdSyncController *self);

static void
rd_sync_controller_set_state (RdSyncController *self,
                              RdSyncState       state,
                              guint             pending,
                              const char       *error)
{
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  if (state != self->state || self->since == NULL)
    {
      g_clear_pointer (&self->since, g_date_time_unref);
      self->since = g_date_time_new_now_local ();
    }
  if (state == RD_SYNC_STATE_SYNCED)
    {
      g_clear_pointer (&self->since, g_date_time_unref);
      self->since = g_date_time_new_now_local ();
    }
  when = g_date_time_format (self->since, "%H:%M");

  switch (state)
    {
    case RD_SYNC_STATE_SYNCING:
      if (pending > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing %u change…", "Syncing %u changes…", pending), pending);
      else
        text = g_strdup (_("Syncing…"));
      break;
    case RD_SYNC_STATE_SYNCED:
      text = g_strdup_printf (_("Synced at %s"), when);
      break;
    case RD_SYNC_STATE_FAILED:
      text = g_strdup_printf (_("Sync failed: %s"), error ? error : "");
      break;
    case RD_SYNC_STATE_OFFLINE:
    default:
      text = g_strdup_printf (_("Offline since %s"), when);
      break;
    }

  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
}

/* --- one cycle in the worker -------------------------------------------------- */

typedef struct
{
  char       *password;
  char       *token;      /* the sign-in's session, taken over instead of a second login */
  char       *user_id;
  RdSyncStats stats;
  guint       documents_uploaded;
  guint       pending;
} CycleData;

static void
cycle_data_free (gpointer data)
{
  CycleData *cycle = data;

  if (cycle->password != NULL)
    memset (cycle->password, 0, strlen (cycle->password));
  g_free (cycle->password);
  g_free (cycle->token);
  g_free (cycle->user_id);
  g_free (cycle);
}

static guint
count_outbox (RdStore *store)
{
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  if (sqlite3_prepare_v2 (rd_store_get_db (store), "SELECT count(*) FROM outbox", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

typedef struct
{
  RdSyncController *self;
  guint             pending;
} PendingUpdate;

static gboolean
show_pending_cb (gpointer data)
{
  PendingUpdate *update = data;

  if (update->self->running)
    rd_sync_controller_set_state (update->self, RD_SYNC_STATE_SYNCING, update->pending, NULL);
  g_object_unref (update->self);
  g_free (update);
  return G_SOURCE_REMOVE;
}

static void
rd_sync_controller_cycle_thread (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  RdSyncController *self = source_object;
  CycleData *cycle = task_data;
  GError *error = NULL;

  if (self->worker_store == NULL &&
      (self->worker_store = rd_store_open (self->db_path, &error)) == NULL)
    goto failed;
  if (self->client == NULL)
    {
      self->client = rd_sync_client_new (self->worker_store, self->server_url, &error);
      /* Always: NULL puts back the system's CAs in place of the replica's last file. */
      if (self->client == NULL ||
          !rd_sync_client_set_ca_file (self->client, self->ca_file, &error))
        {
          g_clear_object (&self->client);
          goto failed;
        }
    }
  /* The sign-in's token when there is one: logging in again would open a second session
   * (and send the password once more). The password is only the way back in when the
   * server refuses that token (expired, revoked). */
  if (cycle->token != NULL && cycle->user_id != NULL)
    {
      if (!rd_sync_client_use_session (self->client, cycle->token, self->username, cycle->user_id, &error))
        goto failed;
    }
  else if (cycle->password != NULL &&
           !rd_sync_client_login (self->client, self->username, cycle->password, cancellable, &error))
    goto failed;

  cycle->pending = count_outbox (self->worker_store);
  if (cycle->pending > 0)
    {
      PendingUpdate *update = g_new0 (PendingUpdate, 1);

      update->self = g_object_ref (self);
      update->pending = cycle->pending;
      g_main_context_invoke (g_task_get_context (task), show_pending_cb, update);
    }
  if (!rd_sync_client_sync (self->client, &cycle->stats, cancellable, &error) &&
      g_error_matches (error, RD_SYNC_ERROR, RD_SYNC_ERROR_UNAUTHORIZED) && cycle->password != NULL)
    {
      g_clear_error (&error);
      if (!rd_sync_client_login (self->client, self->username, cycle->password, cancellable, &error) ||
          !rd_sync_client_sync (self->client, &cycle->stats, cancellable, &error))
        goto failed;
    }
  else if (error != NULL)
    goto failed;
  /* Recordings go up after their call records; what fails now goes with the next sync. */
  {
    g_autoptr(GError) upload_error = NULL;

    if (!rd_recording_upload_pending (self->worker_store, NULL, cancellable, &upload_error))
      g_debug ("Recordings: %s", upload_error->message);
    g_clear_error (&upload_error);
    /* Documents likewise: attached offline, they go up with the first sync back online. */
    if (!rd_document_upload_pending (self->worker_store, &cycle->documents_uploaded,
                                     cancellable, &upload_error))
      g_debug ("Documents: %s", upload_error->message);
  }

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static gboolean
rd_sync_controller_timer_cb (gpointer user_data)
{
  rd_sync_controller_run (user_data);
  return G_SOURCE_CONTINUE;
}

static void
rd_sync_controller_cycle_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  RdSyncController *self = RD_SYNC_CONTROLLER (object);
  CycleData *cycle = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (cycle->password != NULL || cycle->token != NULL)
        {
          self->logged_in = TRUE;
          g_clear_pointer (&self->password, g_free);
        }
      self->n_syncs++;
      self->cursor = MAX (self->cursor, cycle->stats.cursor);
      rd_sync_controller_set_state (self, RD_SYNC_STATE_SYNCED, 0, NULL);
      g_signal_emit (self, signals[SYNCED], 0,
                     cycle->stats.pulled + cycle->stats.snapshot_rows + cycle->stats.evicted +
                     cycle->documents_uploaded,
                     cycle->stats.pushed);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return;
    }
  else if (g_error_matches (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS) ||
           g_error_matches (error, RD_HTTP_ERROR, RD_HTTP_ERROR_CA_FILE))
    {
      /* Not offline: it would stay so until the user picks the right CA file. */
      g_debug ("Sync: %s", error->message);
      rd_sync_controller_set_state (self, RD_SYNC_STATE_FAILED, 0,
                                    error->code == RD_HTTP_ERROR_TLS
                                      ? _("the server’s certificate is not trusted")
                                      : _("cannot read the certificate authority file"));
    }
  else if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_DISK_FULL) ||
           g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_READ_ONLY) ||
           g_error_matches (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SERVER_FULL))
    {
      /* Not offline either: nothing syncs until space (or write access) comes back, and
       * the user is the one who can make it. What was not stored stays where it was. */
      g_debug ("Sync: %s", error->message);
      rd_sync_controller_set_state (self, RD_SYNC_STATE_FAILED, 0,
                                    rd_storage_error_text (error));
    }
  else if (error->domain == RD_SYNC_ERROR)
    {
      g_debug ("Sync refused: %s", error->message);
      rd_sync_controller_set_state (self, RD_SYNC_STATE_FAILED, 0, error->message);
    }
  else
    {
      g_debug ("Sync: %s", error->message);
      rd_sync_controller_set_state (self, RD_SYNC_STATE_OFFLINE, 0, NULL);
    }

  if (self->again)
    {
      self->again = FALSE;
      rd_sync_controller_run (self);
    }
}

static void
rd_sync_controller_run (RdSyncController *self)
{
  g_autoptr(GTask) task = NULL;
  CycleData *cycle;

  if (self->server_url == NULL)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  cycle = g_new0 (CycleData, 1);
  cycle->password = self->logged_in ? NULL : g_strdup (self->password);
  if (!self->logged_in)
    {
      cycle->token = g_strdup (self->token);
      cycle->user_id = g_strdup (self->user_id);
    }
  self->running = TRUE;
  rd_sync_controller_set_state (self, RD_SYNC_STATE_SYNCING, 0, NULL);

  task = g_task_new (self, self->cancellable, rd_sync_controller_cycle_cb, NULL);
  g_task_set_source_tag (task, rd_sync_controller_run);
  g_task_set_task_data (task, cycle, cycle_data_free);
  g_task_run_in_thread (task, rd_sync_controller_cycle_thread);
}

/* --- announcements -------------------------------------------------------------- */

static void
rd_sync_controller_cti_call_cb (RdSyncController *self,
                                JsonNode         *message)
{
  g_signal_emit (self, signals[CTI_CALL], 0, message);
}

static void
rd_sync_controller_sequence_cb (RdSyncController *self,
                                gint64            seq,
                                RdEventsListener *events)
{
  if (seq > self->cursor)
    {
      g_debug ("Sync: the server is at %" G_GINT64_FORMAT ", the replica at %" G_GINT64_FORMAT,
               seq, self->cursor);
      rd_sync_controller_run (self);
    }
}

static void
rd_sync_controller_mode_cb (RdSyncController *self,
                            GParamSpec       *pspec,
                            RdEventsListener *events)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_MODE]);
}

/* --- GObject -------------------------------------------------------------------- */

static void
rd_sync_controller_dispose (GObject *object)
{
  RdSyncController *self = RD_SYNC_CONTROLLER (object);

  rd_sync_controller_stop (self);

  G_OBJECT_CLASS (rd_sync_controller_parent_class)->dispose (object);
}

static void
rd_sync_controller_finalize (GObject *object)
{
  RdSyncController *self = RD_SYNC_CONTROLLER (object);

  g_clear_object (&self->events);
  g_clear_object (&self->ca_database);
  g_clear_object (&self->client);
  g_clear_object (&self->worker_store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->since, g_date_time_unref);

  G_OBJECT_CLASS (rd_sync_controller_parent_class)->finalize (object);
}

static void
rd_sync_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RdSyncController *self = RD_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_EVENTS_MODE:
      g_value_set_int (value, rd_sync_controller_get_events_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_sync_controller_class_init (RdSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_sync_controller_dispose;
  object_class->finalize = rd_sync_controller_finalize;
  object_class->get_property = rd_sync_controller_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, RD_SYNC_STATE_OFFLINE, RD_SYNC_STATE_FAILED,
                      RD_SYNC_STATE_OFFLINE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_MODE] =
    g_param_spec_int ("events-mode", NULL, NULL, RD_EVENTS_MODE_IDLE, RD_EVENTS_MODE_LONG_POLL,
                      RD_EVENTS_MODE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdSyncController::synced:
   * @received: rows that changed in the replica (pulled, snapshot, moved out) and
   *   documents uploaded
   * @sent: local changes the server took
   */
  signals[SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * RdSyncController::cti-call:
   * @message: the events listener's "cti-call" message (a PBX's call for this user)
   */
  signals[CTI_CALL] =
    g_signal_new ("cti-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);
}

static void
rd_sync_controller_init (RdSyncController *self)
{
  self->cancellable = g_cancellable_new ();
  self->interval = DEFAULT_INTERVAL;
  rd_sync_controller_set_state (self, RD_SYNC_STATE_OFFLINE, 0, NULL);
}

/** A controller for the replica file @db_path; idle until started. */
RdSyncController *
rd_sync_controller_new (const char *db_path)
{
  RdSyncController *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (RD_TYPE_SYNC_CONTROLLER, NULL);
  self->db_path = g_strdup (db_path);
  return self;
}

/** Logs the replica in to @server_url as @username and syncs now and then
 * every interval. */
void
rd_sync_controller_start (RdSyncController *self,
                          const char       *server_url,
                          const char       *username,
                          const char       *password)
{
  g_return_if_fail (RD_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (server_url != NULL && username != NULL && password != NULL);

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  g_free (self->username);
  self->username = g_strdup (username);
  g_free (self->password);
  self->password = g_strdup (password);
  self->logged_in = FALSE;

  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add_seconds (self->interval, rd_sync_controller_timer_cb, self);
  rd_sync_controller_run (self);

  if (self->events != NULL)
    rd_events_listener_stop (self->events);
  g_clear_object (&self->events);
  if (self->token != NULL)
    {
      self->events = rd_events_listener_new (server_url, self->token);
      rd_events_listener_set_tls_database (self->events, self->ca_database);
      g_signal_connect_object (self->events, "sequence", G_CALLBACK (rd_sync_controller_sequence_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->events, "notify::mode", G_CALLBACK (rd_sync_controller_mode_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->events, "cti-call", G_CALLBACK (rd_sync_controller_cti_call_cb),
                               self, G_CONNECT_SWAPPED);
      rd_events_listener_start (self->events);
    }
}

/** The session token the events listener signs in with (the app's, from
 * RdServerSession); set before start. NULL: no listener, the timer only. */
void
rd_sync_controller_set_token (RdSyncController *self,
                              const char       *token,
                              const char       *user_id)
{
  g_return_if_fail (RD_IS_SYNC_CONTROLLER (self));

  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
}

/** Checks the server's certificate against the CA certificates in @ca_file
 * (the user's private CA) instead of the system's; NULL or "": the system's.
 * Set before start. FALSE, and nothing changed, when the file cannot be used. */
gboolean
rd_sync_controller_set_ca_file (RdSyncController  *self,
                                const char        *ca_file,
                                GError           **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (ca_file != NULL && *ca_file == '\0')
    ca_file = NULL;
  if (ca_file != NULL && (database = rd_tls_load_ca_file (ca_file, error)) == NULL)
    return FALSE;

  g_set_object (&self->ca_database, database);
  g_free (self->ca_file);
  self->ca_file = ca_file ? g_canonicalize_filename (ca_file, NULL) : NULL;
  /* The worker's client is made again with it. */
  g_clear_object (&self->client);
  return TRUE;
}

/** How the controller hears of remote changes now. */
RdEventsMode
rd_sync_controller_get_events_mode (RdSyncController *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), RD_EVENTS_MODE_IDLE);
  return self->events ? rd_events_listener_get_mode (self->events) : RD_EVENTS_MODE_IDLE;
}

/** The events listener (NULL without a token or before start). */
RdEventsListener *
rd_sync_controller_get_events (RdSyncController *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), NULL);
  return self->events;
}

/** Syncs as soon as possible (after a local write, say). */
void
rd_sync_controller_sync_now (RdSyncController *self)
{
  g_return_if_fail (RD_IS_SYNC_CONTROLLER (self));
  rd_sync_controller_run (self);
}

/** Stops syncing; a running cycle is cancelled. */
void
rd_sync_controller_stop (RdSyncController *self)
{
  g_return_if_fail (RD_IS_SYNC_CONTROLLER (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  if (self->events != NULL)
    rd_events_listener_stop (self->events);
}

/** Seconds between syncs (default 15). */
void
rd_sync_controller_set_interval (RdSyncController *self,
                                 guint             seconds)
{
  g_return_if_fail (RD_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (seconds > 0);

  self->interval = seconds;
  if (self->timer != 0)
    {
      g_clear_handle_id (&self->timer, g_source_remove);
      self->timer = g_timeout_add_seconds (self->interval, rd_sync_controller_timer_cb, self);
    }
}

RdSyncState
rd_sync_controller_get_state (RdSyncController *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), RD_SYNC_STATE_OFFLINE);
  return self->state;
}

/** "Synced at 14:02", "Syncing 3 changes…", "Offline since 13:40"… */
const char *
rd_sync_controller_get_status_text (RdSyncController *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), NULL);
  return self->status_text;
}

/** How many sync cycles have succeeded. */
guint
rd_sync_controller_get_n_syncs (RdSyncController *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CONTROLLER (self), 0);
  return self->n_syncs;
}
