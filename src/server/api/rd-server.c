/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-document-type.h"
#include "rd-server.h"

/* RdServer: the SoupServer, the route table and the state handlers share
 * (accounts database, rate limits, options). Every request under /api/v1/
 * goes through dispatch_cb, which finds the route, authenticates when the
 * route needs it and hands an RdApiRequest to the handler. */

#define API_PREFIX "/api/v1/"
/* Connections the kernel queues before the main loop accepts them (capped by somaxconn). */
#define LISTEN_BACKLOG 1024

struct _RdServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  RdServerDb      *db;
  RdServerSync    *sync;
  RdCenterDb      *center;
  RdReports       *reports;
  RdModelService  *models;
  RdAgentDesk     *desk;
  RdDialer        *dialer;
  RdQueues        *queues;
  RdLiveBoard     *boards;
  RdSmsService    *sms;
  RdPortal        *portal;
  RdEmailService  *email;
  RdCtiDesk       *cti;
  RdCtiAmi        *cti_ami;
  RdServerOptions  options;
  RdRateLimit     *user_limit;
  RdRateLimit     *address_limit;
  RdRateLimit     *sync_limit;
  gboolean         https;
};

G_DEFINE_FINAL_TYPE (RdServer, rd_server, G_TYPE_OBJECT)

typedef struct {
  const char   *method;
  const char   *pattern;   /* segments after /api/v1/, "*" matches one segment */
  gboolean      auth;      /* needs a bearer token */
  RdApiHandler  handler;
} RdApiRoute;

/* Role checks happen in each handler, where the reason can be specific. */
static const RdApiRoute routes[] = {
  { "POST",   "session",           FALSE, rd_api_session_create },
  { "GET",    "session",           TRUE,  rd_api_session_show },
  { "DELETE", "session",           TRUE,  rd_api_session_delete },
  { "POST",   "signup",            FALSE, rd_api_signup_create },
  { "GET",    "signups",           TRUE,  rd_api_signup_list },
  { "POST",   "signups/*/approve", TRUE,  rd_api_signup_approve },
  { "POST",   "signups/*/reject",  TRUE,  rd_api_signup_reject },
  { "GET",    "users",             TRUE,  rd_api_users_list },
  { "POST",   "users",             TRUE,  rd_api_users_create },
  { "GET",    "users/*",           TRUE,  rd_api_users_show },
  { "PUT",    "users/*/photo",     TRUE,  rd_api_photos_put },
  { "GET",    "users/*/photo",     TRUE,  rd_api_photos_get },
  { "DELETE", "users/*/photo",     TRUE,  rd_api_photos_delete },
  { "PATCH",  "users/*",           TRUE,  rd_api_users_update },
  { "DELETE", "users/*",           TRUE,  rd_api_users_delete },
  { "GET",    "audit",             TRUE,  rd_api_audit_list },
  { "POST",   "sync/push",         TRUE,  rd_api_sync_push },
  { "GET",    "sync/pull",         TRUE,  rd_api_sync_pull },
  { "GET",    "sync/snapshot",     TRUE,  rd_api_sync_snapshot },
  { "GET",    "sync/checksum",     TRUE,  rd_api_sync_checksum },
  { "PUT",    "recordings/*",      TRUE,  rd_api_recordings_put },
  { "GET",    "recordings/*",      TRUE,  rd_api_recordings_get },
  { "PUT",    "documents/*",       TRUE,  rd_api_documents_put },
  { "GET",    "documents/*",       TRUE,  rd_api_documents_get },
  { "GET",    "queues",            TRUE,  rd_api_queues_list },
  { "POST",   "queues",            TRUE,  rd_api_queues_create },
  { "GET",    "queues/*",          TRUE,  rd_api_queues_show },
  { "PATCH",  "queues/*",          TRUE,  rd_api_queues_update },
  { "DELETE", "queues/*",          TRUE,  rd_api_queues_delete },
  { "GET",    "queues/*/waiting",  TRUE,  rd_api_queues_waiting },
  { "GET",    "queues/*/stats",    TRUE,  rd_api_queues_stats },
  { "GET",    "queues/*/callbacks", TRUE, rd_api_queues_callbacks },
  { "POST",   "queues/*/callbacks/*/done", TRUE, rd_api_queues_callback_done },
  { "GET",    "queues/*/calls/*/recording", TRUE, rd_api_queues_call_recording },
  { "GET",    "campaigns",         TRUE,  rd_api_campaigns_list },
  { "POST",   "campaigns",         TRUE,  rd_api_campaigns_create },
  { "GET",    "campaigns/schema",  TRUE,  rd_api_campaigns_schema },
  { "GET",    "campaign-calls/*/recording", TRUE, rd_api_campaign_calls_recording },
  { "GET",    "campaigns/*",       TRUE,  rd_api_campaigns_show },
  { "PATCH",  "campaigns/*",       TRUE,  rd_api_campaigns_update },
  { "POST",   "campaigns/*/start", TRUE,  rd_api_campaigns_start },
  { "POST",   "campaigns/*/pause", TRUE,  rd_api_campaigns_pause },
  { "POST",   "campaigns/*/stop",  TRUE,  rd_api_campaigns_stop },
  { "PUT",    "campaigns/*/agents", TRUE, rd_api_campaigns_agents },
  { "POST",   "campaigns/*/dispositions",   TRUE, rd_api_campaigns_disposition_put },
  { "DELETE", "campaigns/*/dispositions/*", TRUE, rd_api_campaigns_disposition_delete },
  { "PUT",    "campaigns/*/leadsets/*",     TRUE, rd_api_campaigns_leadset_attach },
  { "DELETE", "campaigns/*/leadsets/*",     TRUE, rd_api_campaigns_leadset_detach },
  { "GET",    "pause-codes",       TRUE,  rd_api_pause_codes_list },
  { "POST",   "pause-codes",       TRUE,  rd_api_pause_codes_put },
  { "GET",    "leadsets",          TRUE,  rd_api_leadsets_list },
  { "POST",   "leadsets",          TRUE,  rd_api_leadsets_upload },
  { "GET",    "leadsets/*",        TRUE,  rd_api_leadsets_show },
  { "GET",    "leadsets/*/leads",  TRUE,  rd_api_leadsets_leads },
  { "POST",   "leadsets/*/reset",  TRUE,  rd_api_leadsets_reset },
  { "GET",    "dnc",               TRUE,  rd_api_dnc_list },
  { "POST",   "dnc",               TRUE,  rd_api_dnc_add },
  { "POST",   "dnc/upload",        TRUE,  rd_api_dnc_upload },
  { "DELETE", "dnc/*",             TRUE,  rd_api_dnc_remove },
  { "GET",    "agent",             TRUE,  rd_api_agent_show },
  { "POST",   "agent/login",       TRUE,  rd_api_agent_login },
  { "GET",    "agent/queues",      TRUE,  rd_api_agent_queues },
  { "PUT",    "agent/queues",      TRUE,  rd_api_agent_queues_put },
  { "POST",   "agent/answer",      TRUE,  rd_api_agent_answer },
  { "GET",    "agent/callbacks",   TRUE,  rd_api_agent_callbacks },
  { "POST",   "agent/callbacks/*/call", TRUE, rd_api_agent_callback_call },
  { "POST",   "agent/leg",         TRUE,  rd_api_agent_leg },
  { "POST",   "agent/ready",       TRUE,  rd_api_agent_ready },
  { "POST",   "agent/pause",       TRUE,  rd_api_agent_pause },
  { "POST",   "agent/logout",      TRUE,  rd_api_agent_logout },
  { "POST",   "agent/hangup",      TRUE,  rd_api_agent_hangup },
  { "POST",   "agent/preview/dial", TRUE, rd_api_agent_preview_dial },
  { "POST",   "agent/preview/skip", TRUE, rd_api_agent_preview_skip },
  { "POST",   "agent/dial",        TRUE,  rd_api_agent_dial },
  { "POST",   "agent/transfer",    TRUE,  rd_api_agent_transfer },
  { "POST",   "agent/transfer/complete", TRUE, rd_api_agent_transfer_complete },
  { "POST",   "agent/transfer/cancel", TRUE, rd_api_agent_transfer_cancel },
  { "GET",    "agent/colleagues",  TRUE,  rd_api_agent_colleagues },
  { "POST",   "agent/disposition", TRUE,  rd_api_agent_disposition },
  { "GET",    "agents",            TRUE,  rd_api_agents_list },
  { "POST",   "supervisor/monitor", TRUE, rd_api_supervisor_monitor },
  { "GET",    "supervisor/monitor", TRUE, rd_api_supervisor_show },
  { "DELETE", "supervisor/monitor", TRUE, rd_api_supervisor_stop },
  { "POST",   "supervisor/agents/*/pause",  TRUE, rd_api_supervisor_pause },
  { "POST",   "supervisor/agents/*/logout", TRUE, rd_api_supervisor_logout },
  { "GET",    "boards/*/*",        TRUE,  rd_api_boards_show },
  { "GET",    "models",            TRUE,  rd_api_models_list },
  { "POST",   "models/train",      TRUE,  rd_api_models_train },
  { "GET",    "reports",           TRUE,  rd_api_reports_list },
  { "GET",    "reports/*",         TRUE,  rd_api_reports_run },
  { "POST",   "messages/sms",      TRUE,  rd_api_messages_send_sms },
  { "POST",   "messages/email",    TRUE,  rd_api_messages_send_email },
  { "GET",    "messages/*",        TRUE,  rd_api_messages_show },
  { "GET",    "customers",         TRUE,  rd_api_portal_customers_list },
  { "POST",   "customers/*/approve", TRUE, rd_api_portal_customers_approve },
  { "POST",   "customers/*/reject", TRUE, rd_api_portal_customers_reject },
  { "GET",    "enquiries",         TRUE,  rd_api_portal_enquiries_list },
  { "GET",    "enquiries/*",       TRUE,  rd_api_portal_enquiries_show },
  { "POST",   "enquiries/*/accept", TRUE, rd_api_portal_enquiries_accept },
  { "POST",   "enquiries/*/resolve", TRUE, rd_api_portal_enquiries_resolve },
  { "POST",   "enquiries/*/reject", TRUE, rd_api_portal_enquiries_reject },
  { "POST",   "enquiries/*/unaccept", TRUE, rd_api_portal_enquiries_unaccept },
  { "POST",   "tickets/*/accept",  TRUE,  rd_api_portal_tickets_accept },
  { "GET",    "tickets/*/messages", TRUE, rd_api_portal_tickets_messages },
  { "POST",   "tickets/*/messages", TRUE, rd_api_portal_tickets_reply },
  { "GET",    "tickets/*/attachment", TRUE, rd_api_portal_tickets_attachment },
  { "GET",    "messages/*/attachments/*", TRUE, rd_api_messages_attachment },
  { "GET",    "cti/pbxes",         TRUE,  rd_api_cti_pbxes_list },
  { "POST",   "cti/pbxes",         TRUE,  rd_api_cti_pbxes_create },
  { "GET",    "cti/extensions",    TRUE,  rd_api_cti_extensions_list },
  { "PUT",    "cti/extensions/*",  TRUE,  rd_api_cti_extensions_put },
  { "DELETE", "cti/extensions/*",  TRUE,  rd_api_cti_extensions_delete },
  { "POST",   "cti/originate",     TRUE,  rd_api_cti_originate },
  { "GET",    "cti/me",            TRUE,  rd_api_cti_me },
  /* A PBX's events: its own token, checked by the handler. */
  { "POST",   "cti/events",        FALSE, rd_api_cti_events },
  /* Kannel's callbacks: no token, the configured secret instead. */
  { "GET",    "sms/kannel/dlr",     FALSE, rd_api_sms_kannel_dlr },
  { "GET",    "sms/kannel/inbound", FALSE, rd_api_sms_kannel_inbound },
};

enum {
  SIGNAL_SEQUENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
rd_server_options_init_default (RdServerOptions *options)
{
  memset (options, 0, sizeof *options);
  rd_password_cost_default (&options->cost);
  options->session_ttl = 12 * 60 * 60;
  options->login_limit_user = 5;
  options->login_limit_address = 30;
  options->login_window = 60;
  options->max_body = 8 * 1024 * 1024;
  options->max_recording = 64 * 1024 * 1024;
  options->max_document = RD_DOCUMENT_DEFAULT_MAX_SIZE;
  options->max_clock_skew = 5 * 60;
  /* Generous: a sync is a handful of requests, a big import a few per
   * second; this only stops a client that loops. */
  options->sync_limit = 3000;
  options->sync_window = 60;
  /* A replica keeps one stream open and long-polls every 25 s; these stop a client that
   * reconnects in a loop or opens streams it never closes. */
  options->events_limit = 600;
  options->events_max = 32;
}

/* Matches @segments against @pattern; fills @params with the "*" segments. */
static gboolean
route_matches (const char  *pattern,
               char       **segments,
               GPtrArray   *params)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
  guint i;

  g_ptr_array_set_size (params, 0);
  for (i = 0; parts[i] && segments[i]; i++)
    {
      if (g_str_equal (parts[i], "*"))
        {
          if (segments[i][0] == '\0')
            return FALSE;
          g_ptr_array_add (params, g_strdup (segments[i]));
        }
      else if (!g_str_equal (parts[i], segments[i]))
        return FALSE;
    }

  return parts[i] == NULL && segments[i] == NULL;
}

/* Sync requests per user (all their tokens and replicas together): 429 with
 * Retry-After past the limit. Refused requests do not count. */
static gboolean
check_sync_limit (RdServer      *self,
                  RdApiRequest  *req,
                  GError       **error)
{
  gint64 now = g_get_monotonic_time ();

  if (self->sync_limit == NULL)
    return TRUE;
  if (!rd_rate_limit_check (self->sync_limit, req->caller->uuid, now, &req->retry_after))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "more than %u sync requests from %s in %u s; retry in %u s",
                   self->options.sync_limit, req->caller->name, self->options.sync_window,
                   req->retry_after);
      return FALSE;
    }
  rd_rate_limit_record (self->sync_limit, req->caller->uuid, now);
  return TRUE;
}

static void
dispatch_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  RdServer *self = user_data;
  g_autoptr(RdApiRequest) req = rd_api_request_new (self, msg, query);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_auto(GStrv) segments = NULL;
  g_autofree char *decoded = NULL;
  const RdApiRoute *route = NULL;

  if (!g_str_has_prefix (path, API_PREFIX))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                   "no resource at %s; the API is under " API_PREFIX, path);
      rd_api_reply_error (req, error);
      return;
    }

  /* Segments are matched decoded; a name never contains a slash. */
  segments = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  for (guint i = 0; segments[i]; i++)
    {
      char *plain = g_uri_unescape_string (segments[i], "/");

      if (plain == NULL || !g_utf8_validate (plain, -1, NULL))
        {
          g_free (plain);
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "the path is not valid percent-encoded UTF-8");
          rd_api_reply_error (req, error);
          return;
        }
      g_free (segments[i]);
      segments[i] = plain;
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!route_matches (routes[i].pattern, segments, params))
        continue;
      if (g_str_equal (routes[i].method, req->method))
        {
          route = &routes[i];
          break;
        }
      g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", routes[i].method);
    }

  if (route == NULL)
    {
      if (allowed->len > 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", allowed->str);
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_METHOD_NOT_ALLOWED,
                       "%s does not accept %s (allowed: %s)", path, req->method, allowed->str);
        }
      else
        g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no resource at %s", path);
      rd_api_reply_error (req, error);
      return;
    }

  g_ptr_array_add (params, NULL);
  req->params = (char **) g_ptr_array_steal (params, NULL);

  if (route->auth && !rd_api_authenticate (req, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  if (route->auth && g_str_has_prefix (route->pattern, "sync/") &&
      !check_sync_limit (self, req, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  route->handler (req);
}

/* ---- object --------------------------------------------------------------- */

static void
rd_server_dispose (GObject *object)
{
  RdServer *self = (RdServer *) object;

  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);
  g_clear_object (&self->sync);
  g_clear_object (&self->center);
  g_clear_object (&self->reports);
  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (self->models, self);
  g_clear_object (&self->models);
  g_clear_object (&self->desk);
  g_clear_object (&self->dialer);
  g_clear_object (&self->boards);
  g_clear_object (&self->queues);
  if (self->sms != NULL)
    g_signal_handlers_disconnect_by_data (self->sms, self);
  g_clear_object (&self->sms);
  if (self->portal != NULL)
    g_signal_handlers_disconnect_by_data (self->portal, self);
  g_clear_object (&self->portal);
  if (self->email != NULL)
    g_signal_handlers_disconnect_by_data (self->email, self);
  g_clear_object (&self->email);
  g_clear_object (&self->cti);
  g_clear_object (&self->cti_ami);
  g_clear_object (&self->user_limit);
  g_clear_object (&self->address_limit);
  g_clear_object (&self->sync_limit);

  G_OBJECT_CLASS (rd_server_parent_class)->dispose (object);
}

static void
rd_server_class_init (RdServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_server_dispose;

  /* The changes log grew to the given sequence. */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rd_server_init (RdServer *self)
{
}

RdServer *
rd_server_new (RdServerDb            *db,
               RdServerSync          *sync,
               const RdServerOptions *options)
{
  RdServer *self;

  g_return_val_if_fail (RD_IS_SERVER_DB (db), NULL);

  self = g_object_new (RD_TYPE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->sync = g_object_ref (sync);
  if (options)
    self->options = *options;
  else
    rd_server_options_init_default (&self->options);

  self->user_limit = rd_rate_limit_new (self->options.login_limit_user,
                                        self->options.login_window);
  self->address_limit = rd_rate_limit_new (self->options.login_limit_address,
                                           self->options.login_window);
  if (self->options.sync_limit > 0)
    self->sync_limit = rd_rate_limit_new (self->options.sync_limit,
                                          self->options.sync_window);

  self->soup = soup_server_new ("server-header", "ringdesk-server/" PACKAGE_VERSION " ", NULL);
  rd_server_guard_requests (self);
  soup_server_add_handler (self->soup, "/", dispatch_cb, self, NULL);
  rd_api_events_install (self);

  return self;
}

gboolean
rd_server_listen (RdServer    *self,
                  const char  *address,
                  guint       *bound_port,
                  GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;
  GSList *listeners;

  g_return_val_if_fail (RD_IS_SERVER (self), FALSE);

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    return FALSE;
  host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable)));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  if (strchr (address, ':') == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen needs ADDRESS:PORT, e.g. 127.0.0.1:8470 (port 0 picks a free one)");
      return FALSE;
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, port);
  /* Our own socket for its listen queue: GLib's default of 10 overflowed under a burst of
   * connections (40 logins at once), and the kernel then dropped or reset some of them. */
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener,
                                  self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->soup);
  if (bound_port && listeners)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, error);

      if (local == NULL)
        return FALSE;
      *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  return TRUE;
}

void
rd_server_set_tls_certificate (RdServer        *self,
                               GTlsCertificate *certificate)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  soup_server_set_tls_certificate (self->soup, certificate);
  self->https = TRUE;
}

gboolean
rd_server_is_https (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), FALSE);
  return self->https;
}

RdServerDb *
rd_server_get_db (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->db;
}

const RdServerOptions *
rd_server_get_options (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return &self->options;
}

RdRateLimit *
rd_server_get_user_limit (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->user_limit;
}

RdRateLimit *
rd_server_get_address_limit (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->address_limit;
}

SoupServer *
rd_server_get_soup_server (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->soup;
}

void
rd_server_set_center (RdServer   *self,
                      RdCenterDb *center)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->center, center);
}

RdCenterDb *
rd_server_get_center (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->center;
}

void
rd_server_set_reports (RdServer  *self,
                       RdReports *reports)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->reports, reports);
}

RdReports *
rd_server_get_reports (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->reports;
}

static void
models_sequence_cb (RdModelService *models,
                    guint64         seq,
                    RdServer       *self)
{
  rd_server_notify_sequence (self, (gint64) seq);
}

void
rd_server_set_models (RdServer       *self,
                      RdModelService *models)
{
  g_return_if_fail (RD_IS_SERVER (self));
  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (self->models, self);
  g_set_object (&self->models, models);
  if (models != NULL)
    g_signal_connect (models, "sequence", G_CALLBACK (models_sequence_cb), self);
}

RdModelService *
rd_server_get_models (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->models;
}

void
rd_server_set_desk (RdServer    *self,
                    RdAgentDesk *desk)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->desk, desk);
}

RdAgentDesk *
rd_server_get_desk (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->desk;
}

RdServerSync *
rd_server_get_sync (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->sync;
}

void
rd_server_notify_sequence (RdServer *self,
                           gint64    seq)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, (guint64) seq);
}

void
rd_server_set_dialer (RdServer *self,
                      RdDialer *dialer)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->dialer, dialer);
}

RdDialer *
rd_server_get_dialer (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->dialer;
}

void
rd_server_set_queues (RdServer *self,
                      RdQueues *queues)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->queues, queues);
}

RdLiveBoard *
rd_server_get_boards (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);

  /* made at the first use, when the parts it reads are all set */
  if (self->boards == NULL && self->center != NULL && self->desk != NULL && self->reports != NULL)
    self->boards = rd_live_board_new (self->center, self->desk, self->dialer, self->queues, self->reports);
  return self->boards;
}

RdQueues *
rd_server_get_queues (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->queues;
}

static void
service_sequence_cb (GObject  *service,
                     guint64   seq,
                     RdServer *self)
{
  rd_server_notify_sequence (self, (gint64) seq);
}

void
rd_server_set_sms (RdServer     *self,
                   RdSmsService *sms)
{
  g_return_if_fail (RD_IS_SERVER (self));

  if (self->sms != NULL)
    g_signal_handlers_disconnect_by_data (self->sms, self);
  g_set_object (&self->sms, sms);
  if (sms != NULL)
    g_signal_connect (sms, "sequence", G_CALLBACK (service_sequence_cb), self);
}

RdSmsService *
rd_server_get_sms (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->sms;
}

static void
portal_sequence_cb (RdPortal *portal,
                    guint64   seq,
                    RdServer *self)
{
  rd_server_notify_sequence (self, (gint64) seq);
}

void
rd_server_set_portal (RdServer *self,
                      RdPortal *portal)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_return_if_fail (self->portal == NULL);

  self->portal = g_object_ref (portal);
  g_signal_connect (portal, "sequence", G_CALLBACK (portal_sequence_cb), self);
  rd_portal_install (portal, self->soup, self->https);
}

RdPortal *
rd_server_get_portal (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->portal;
}

void
rd_server_set_email (RdServer       *self,
                     RdEmailService *email)
{
  g_return_if_fail (RD_IS_SERVER (self));

  if (self->email != NULL)
    g_signal_handlers_disconnect_by_data (self->email, self);
  g_set_object (&self->email, email);
  if (email != NULL)
    g_signal_connect (email, "sequence", G_CALLBACK (service_sequence_cb), self);
}

RdEmailService *
rd_server_get_email (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->email;
}

void
rd_server_set_cti (RdServer  *self,
                   RdCtiDesk *cti)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->cti, cti);
}

RdCtiDesk *
rd_server_get_cti (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->cti;
}

void
rd_server_set_cti_ami (RdServer *self,
                       RdCtiAmi *ami)
{
  g_return_if_fail (RD_IS_SERVER (self));
  g_set_object (&self->cti_ami, ami);
}

RdCtiAmi *
rd_server_get_cti_ami (RdServer *self)
{
  g_return_val_if_fail (RD_IS_SERVER (self), NULL);
  return self->cti_ami;
}
