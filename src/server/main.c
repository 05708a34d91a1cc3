/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/resource.h>

#include "rd-call-filer.h"
#include "rd-kannel-gateway.h"
#include "rd-server-admin.h"
#include "rd-server-backup.h"
#include "rd-server-mail.h"
#include "rd-server.h"
#include "rd-version.h"

/* The SMS gateway of --sms-config FILE ([kannel] and [sms], docs/deploy.md); queued
 * messages of an earlier run are sent again. */
static gboolean
setup_sms (RdServer      *server,
           RdServerSync  *sync,
           const char    *path,
           GError       **error)
{
  g_autoptr(RdKannelConfig) config = rd_kannel_config_load (path, error);
  g_autoptr(RdKannelGateway) gateway = NULL;
  g_autoptr(RdSmsService) sms = NULL;
  RdSmsRetryPolicy policy;
  guint resumed;

  rd_sms_retry_policy_init_default (&policy);
  if (config == NULL || !rd_sms_retry_policy_load (&policy, path, error))
    return FALSE;
  gateway = rd_kannel_gateway_new (g_steal_pointer (&config));
  sms = rd_sms_service_new (sync, RD_SMS_GATEWAY (gateway), &policy);
  rd_server_set_sms (server, sms);
  resumed = rd_sms_service_resume (sms);
  if (resumed > 0)
    g_message ("sms: sending %u queued messages again", resumed);
  return TRUE;
}

/* The AMI client of --ami HOST:PORT, logged in as --ami-user with the secret of
 * --ami-secret-file, and the reading of its events as CTI calls. */
static gboolean
setup_ami (RdServer     *server,
           RdCtiDesk    *cti,
           const char   *address,
           const char   *user,
           const char   *secret_file,
           const char   *context,
           const char   *channel,
           const char   *recording_url,
           guint         keepalive_s,
           RdAmiClient **client,
           RdCtiAmi    **cti_ami,
           GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *secret = NULL;
  RdCtiAmiConfig config = { .context = context, .channel = channel, .recording_url = recording_url };

  if (user == NULL || secret_file == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--ami needs --ami-user and --ami-secret-file");
      return FALSE;
    }
  if (strchr (address, ':') == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--ami takes HOST:PORT (Asterisk's is 5038)");
      return FALSE;
    }
  if (!g_file_get_contents (secret_file, &text, NULL, error))
    return FALSE;
  secret = g_strndup (text, strcspn (text, "\r\n"));
  memset (text, 0, strlen (text));
  *client = rd_ami_client_new (address, user, secret);
  memset (secret, 0, strlen (secret));
  rd_ami_client_set_timing (*client, 1000, 30000, keepalive_s);
  *cti_ami = rd_cti_ami_new (cti, *client, &config);
  rd_server_set_cti_ami (server, *cti_ami);
  rd_ami_client_start (*client);
  return TRUE;
}

/* Every agent holds an event stream and a keep-alive connection: the usual soft limit of
 * 1024 descriptors would refuse connections past about 500 agents. Raise it to the hard
 * limit (the administrator's, e.g. systemd's LimitNOFILE=; docs/deploy.md). */
static void
raise_fd_limit (void)
{
  struct rlimit fds;

  if (getrlimit (RLIMIT_NOFILE, &fds) != 0 || fds.rlim_cur >= fds.rlim_max)
    return;
  fds.rlim_cur = fds.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &fds) != 0)
    g_warning ("cannot raise the open-files limit: %s", g_strerror (errno));
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* `backup DEST` / `restore SOURCE` (docs/deploy.md has the restore drill). */
static int
backup_command (const char  *data_dir,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  guint databases = 0, files = 0;
  gboolean backup = g_str_equal (argv[0], "backup");

  if (argc != 2)
    {
      g_printerr ("ringdesk-server: usage: --data-dir DIR %s\n",
                  backup ? "backup DEST" : "restore SOURCE");
      return 1;
    }
  if (backup ? !rd_server_backup (data_dir, argv[1], &databases, &files, &error)
             : !rd_server_restore (argv[1], data_dir, &databases, &files, &error))
    {
      g_printerr ("ringdesk-server: %s: %s\n", argv[0], error->message);
      return g_error_matches (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED) ? 2 : 1;
    }
  g_print ("%s %u databases and %u files %s %s\n", backup ? "backed up" : "restored", databases,
           files, backup ? "into" : "into the data dir from", argv[1]);
  return 0;
}

/* The dialer's RdDialerScoreFunc: the lead score of a number, from the model service. */
static double
score_number_cb (const char *e164,
                 gpointer    user_data)
{
  return rd_model_service_score_number (user_data, e164);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdServerDb) db = NULL;
  g_autoptr(RdServer) server = NULL;
  g_autoptr(RdServerSync) sync = NULL;
  g_autoptr(RdCenterDb) center = NULL;
  g_autoptr(RdReports) reports = NULL;
  g_autoptr(RdAgentDesk) desk = NULL;
  g_autoptr(RdDialer) dialer = NULL;
  g_autoptr(RdQueues) queues = NULL;
  g_autoptr(RdCallFiler) filer = NULL;
  g_autofree char *sip_listen = NULL;
  g_autofree char *sip_host = NULL;
  g_autofree char *trunk = NULL;
  g_autofree char *trunk_user = NULL;
  g_autofree char *trunk_password_file = NULL;
  g_autofree char *trunk_password = NULL;
  int trunk_register = 3600;
  g_autofree char *voice = NULL;
  g_autoptr(RdPhoneZones) zones = NULL;
  g_autofree char *center_path = NULL;
  g_autofree char *zones_path = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *sms_config = NULL;
  RdServerMailOptions mail = { 0 };
  g_autofree char *ami = NULL;
  g_autofree char *ami_user = NULL;
  g_autofree char *ami_secret_file = NULL;
  g_autofree char *ami_context = NULL;
  g_autofree char *ami_channel = NULL;
  g_autofree char *ami_recording_url = NULL;
  g_autofree char *cti_country = NULL;
  int ami_keepalive = 20;
  g_autoptr(RdCtiDesk) cti = NULL;
  g_autoptr(RdAmiClient) ami_client = NULL;
  g_autoptr(RdCtiAmi) cti_ami = NULL;
  gboolean version = FALSE;
  RdServerOptions options;
  gint64 pwhash_ops, pwhash_mem_kib;
  gint session_ttl, limit_user, limit_address, login_window, max_body_kib, max_skew;
  gint sync_limit, sync_window, events_limit, events_max;
  gint max_recording_kib;
  gint max_document_kib;
  gint train_interval = 6 * 3600;
  g_autoptr(RdModelService) models = NULL;
  gboolean no_portal = FALSE;
  g_autofree char *portal_team = NULL;
  gint portal_limit, portal_photo_kib, portal_attachment_kib;
  RdPortalOptions portal_options;
  g_autoptr(RdPortal) portal = NULL;
  guint port = 0;

  rd_server_options_init_default (&options);
  pwhash_ops = options.cost.opslimit;
  pwhash_mem_kib = options.cost.memlimit / 1024;
  session_ttl = options.session_ttl;
  limit_user = options.login_limit_user;
  limit_address = options.login_limit_address;
  login_window = options.login_window;
  max_body_kib = options.max_body / 1024;
  max_recording_kib = options.max_recording / 1024;
  max_document_kib = options.max_document / 1024;
  max_skew = options.max_clock_skew;
  sync_limit = options.sync_limit;
  sync_window = options.sync_window;
  events_limit = options.events_limit;
  events_max = options.events_max;
  rd_portal_options_init_default (&portal_options);
  portal_limit = portal_options.limit_address;
  portal_photo_kib = portal_options.max_photo / 1024;
  portal_attachment_kib = portal_options.max_attachment / 1024;

  {
    const GOptionEntry entries[] = {
      { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
        "Keep the server database in DIR", "DIR" },
      { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
        "Serve the API on ADDRESS:PORT (e.g. 127.0.0.1:8470; port 0 picks a free port)",
        "ADDRESS:PORT" },
      { "pwhash-ops", 0, 0, G_OPTION_ARG_INT64, &pwhash_ops,
        "argon2id passes for new password hashes (default 2)", "N" },
      { "pwhash-mem", 0, 0, G_OPTION_ARG_INT64, &pwhash_mem_kib,
        "argon2id memory for new password hashes in KiB (default 65536)", "KIB" },
      { "session-ttl", 0, 0, G_OPTION_ARG_INT, &session_ttl,
        "Seconds a login token lives (default 43200)", "SECONDS" },
      { "login-limit-user", 0, 0, G_OPTION_ARG_INT, &limit_user,
        "Failed logins per user name per window before 429 (default 5)", "N" },
      { "login-limit-address", 0, 0, G_OPTION_ARG_INT, &limit_address,
        "Login and signup attempts per address per window before 429 (default 30)", "N" },
      { "login-window", 0, 0, G_OPTION_ARG_INT, &login_window,
        "The rate-limit window in seconds (default 60)", "SECONDS" },
      { "max-body", 0, 0, G_OPTION_ARG_INT, &max_body_kib,
        "Largest request body in KiB (default 8192)", "KIB" },
      { "max-recording", 0, 0, G_OPTION_ARG_INT, &max_recording_kib,
        "Largest call recording in KiB (default 65536)", "KIB" },
      { "max-document", 0, 0, G_OPTION_ARG_INT, &max_document_kib,
        "Largest document (a file attached to a record) in KiB (default 25600)", "KIB" },
      { "max-clock-skew", 0, 0, G_OPTION_ARG_INT, &max_skew,
        "Seconds a change's clock may run ahead of the server's (default 300)", "SECONDS" },
      { "sync-limit", 0, 0, G_OPTION_ARG_INT, &sync_limit,
        "Sync requests per user per sync window before 429 (default 3000; 0: no limit)", "N" },
      { "sync-window", 0, 0, G_OPTION_ARG_INT, &sync_window,
        "The sync rate-limit window in seconds (default 60)", "SECONDS" },
      { "events-limit", 0, 0, G_OPTION_ARG_INT, &events_limit,
        "Event streams (/api/v1/events) a user may open per sync window before 429 (default 600; 0: no limit)", "N" },
      { "events-max", 0, 0, G_OPTION_ARG_INT, &events_max,
        "Event streams a user may hold open at once (default 32; 0: no limit)", "N" },
      { "train-interval", 0, 0, G_OPTION_ARG_INT, &train_interval,
        "Seconds between trainings of the lead score and ticket triage models (default 21600; 0: only when an admin asks)",
        "SECONDS" },
      { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
        "Serve https with this PEM certificate (chain); needs --tls-key", "FILE" },
      { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
        "The PEM private key of --tls-cert", "FILE" },
      { "phone-zones", 0, 0, G_OPTION_ARG_FILENAME, &zones_path,
        "The table of phone prefixes to time zones leads take their zone from (default: the installed one)",
        "FILE" },
      { "sip-listen", 0, 0, G_OPTION_ARG_STRING, &sip_listen,
        "Run the call center's switch on ADDRESS:PORT (UDP; port 0 picks a free port)", "ADDRESS:PORT" },
      { "sip-host", 0, 0, G_OPTION_ARG_STRING, &sip_host,
        "The address agents' phones dial to reach the switch (default: the --sip-listen address)", "HOST" },
      { "trunk", 0, 0, G_OPTION_ARG_STRING, &trunk,
        "The SIP trunk or proxy customers are called through, unless a campaign names its own", "HOST:PORT" },
      { "trunk-user", 0, 0, G_OPTION_ARG_STRING, &trunk_user,
        "The account at the trunk: calls answer its digest challenges, and it is registered", "USER" },
      { "trunk-password-file", 0, 0, G_OPTION_ARG_FILENAME, &trunk_password_file,
        "A file whose first line is the trunk account's password", "FILE" },
      { "trunk-register", 0, 0, G_OPTION_ARG_INT, &trunk_register,
        "Seconds the trunk account's REGISTER asks for (default 3600; 0: do not register)", "SECONDS" },
      { "prompt-voice", 0, 0, G_OPTION_ARG_STRING, &voice,
        "The espeak-ng voice of spoken prompts (default en)", "VOICE" },
      { "sms-config", 0, 0, G_OPTION_ARG_FILENAME, &sms_config,
        "Send and receive SMS through the Kannel gateway this key file names ([kannel]: sendsms-url, username, password, from, callback-url, callback-secret; [sms]: retry-attempts, retry-delay-ms, retry-max-delay-ms)",
        "FILE" },
      { "no-portal", 0, 0, G_OPTION_ARG_NONE, &no_portal,
        "Do not serve the customers' portal under /portal", NULL },
      { "portal-support-team", 0, 0, G_OPTION_ARG_STRING, &portal_team,
        "The team whose members approve customers and work enquiries, with admins and managers (default support)", "TEAM" },
      { "portal-limit", 0, 0, G_OPTION_ARG_INT, &portal_limit,
        "Portal sign-in, register and Contact us posts per address per login window before 429, each (default 20)", "N" },
      { "portal-max-photo", 0, 0, G_OPTION_ARG_INT, &portal_photo_kib,
        "Largest profile photo in KiB (default 1024)", "KIB" },
      { "portal-max-attachment", 0, 0, G_OPTION_ARG_INT, &portal_attachment_kib,
        "Largest ticket attachment in KiB (default 5120)", "KIB" },
      { "ami", 0, 0, G_OPTION_ARG_STRING, &ami,
        "Follow the calls of the Asterisk whose manager interface (AMI) is at HOST:PORT (docs/cti.md)", "HOST:PORT" },
      { "ami-user", 0, 0, G_OPTION_ARG_STRING, &ami_user,
        "The AMI user (manager.conf) to log in as", "USER" },
      { "ami-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &ami_secret_file,
        "A file whose first line is the AMI user's secret", "FILE" },
      { "ami-context", 0, 0, G_OPTION_ARG_STRING, &ami_context,
        "The dialplan context click-to-call sends customers' numbers to (default from-internal)", "CONTEXT" },
      { "ami-channel", 0, 0, G_OPTION_ARG_STRING, &ami_channel,
        "An agent's phone for click-to-call, {extension} filled in (default PJSIP/{extension})", "CHANNEL" },
      { "ami-recording-url", 0, 0, G_OPTION_ARG_STRING, &ami_recording_url,
        "Where the PBX serves a call's recording, {linkedid} filled in (e.g. http://pbx/rec/{linkedid}.wav)", "URL" },
      { "ami-keepalive", 0, 0, G_OPTION_ARG_INT, &ami_keepalive,
        "Seconds between AMI Pings; one not answered by the next drops the connection (default 20)", "SECONDS" },
      { "cti-country", 0, 0, G_OPTION_ARG_STRING, &cti_country,
        "Read numbers a PBX gives without a country code as numbers of this country (ISO alpha-2)", "CC" },
      { "version", 0, 0, G_OPTION_ARG_NONE, &version,
        "Print the version and exit", NULL },
      { NULL }
    };

    setlocale (LC_ALL, "");

    context = g_option_context_new ("[user add|list|disable|enable|passwd …] — the Ringdesk sync server");
    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_add_group (context, rd_server_mail_option_group (&mail));
    g_option_context_set_description (context,
      "Admin commands:\n"
      "  user add NAME --role admin|manager|agent|support [--team T]   (password on stdin)\n"
      "  user list\n"
      "  user disable NAME\n"
      "  user enable NAME\n"
      "  user passwd NAME                                       (password on stdin)\n"
      "  backup DEST       every database (online, while the server serves) and file into DEST\n"
      "  restore SOURCE    a backup into the --data-dir, which must be new or empty\n"
      "\n"
      "Serving: ringdesk-server --data-dir DIR --listen 127.0.0.1:8470\n"
      "The first line on stdout is “listening on http://ADDRESS:PORT”\n"
      "(https:// with --tls-cert FILE --tls-key FILE).\n");
    g_option_context_set_strict_posix (context, TRUE);

    if (!g_option_context_parse (context, &argc, &argv, &error))
      {
        g_printerr ("ringdesk-server: %s\n", error->message);
        return 1;
      }
  }

  if (version)
    {
      g_autofree char *text = rd_version_describe ("ringdesk-server");

      g_print ("%s (libsoup %u.%u.%u, libsodium %s)\n", text,
               soup_get_major_version (), soup_get_minor_version (),
               soup_get_micro_version (), sodium_version_string ());
      return 0;
    }

  if (data_dir == NULL)
    {
      g_printerr ("ringdesk-server: --data-dir DIR is required\n");
      return 1;
    }

  if (pwhash_ops < 1 || pwhash_mem_kib < 1 || session_ttl < 1 || limit_user < 1 ||
      limit_address < 1 || login_window < 1 || max_body_kib < 1 || max_skew < 0 ||
      max_recording_kib < 1 || max_document_kib < 1 || train_interval < 0 || sync_limit < 0 || sync_window < 1 || events_limit < 0 || events_max < 0)
    {
      g_printerr ("ringdesk-server: the numeric options must be positive\n");
      return 1;
    }
  options.cost.opslimit = pwhash_ops;
  options.cost.memlimit = (gsize) pwhash_mem_kib * 1024;
  options.session_ttl = session_ttl;
  options.login_limit_user = limit_user;
  options.login_limit_address = limit_address;
  options.login_window = login_window;
  options.max_body = (gsize) max_body_kib * 1024;
  options.max_recording = (gsize) max_recording_kib * 1024;
  options.max_document = (gsize) max_document_kib * 1024;
  options.max_clock_skew = max_skew;
  options.sync_limit = sync_limit;
  options.sync_window = sync_window;
  options.events_limit = events_limit;
  options.events_max = events_max;

  if (!rd_server_crypto_init (&error) || !rd_password_cost_check (&options.cost, &error) ||
      !rd_password_set_dummy_cost (&options.cost, &error))
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 1;
    }

  /* Before the databases are opened: a restore needs the data dir empty. */
  if (argc > 1 && (g_str_equal (argv[1], "backup") || g_str_equal (argv[1], "restore")))
    return backup_command (data_dir, argc - 1, argv + 1);

  db = rd_server_db_open (data_dir, &error);
  if (db == NULL)
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 2;
    }

  if (argc > 1)
    return rd_server_admin_run (db, &options, argc - 1, argv + 1, stdin);

  if (listen == NULL)
    {
      g_printerr ("ringdesk-server: give --listen ADDRESS:PORT to serve, or an admin command "
                  "(see --help)\n");
      return 1;
    }

  sync = rd_server_sync_open (data_dir, &error);
  if (sync == NULL)
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 2;
    }

  center_path = g_build_filename (data_dir, "callcenter.db", NULL);
  center = rd_center_db_open (center_path, &error);
  if (center == NULL)
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 2;
    }
  /* Leads take their time zone (for calling hours) from the installed prefix table. */
  if (zones_path != NULL)
    {
      zones = rd_phone_zones_new_from_file (zones_path, &error);
      if (zones == NULL)
        {
          g_printerr ("ringdesk-server: --phone-zones %s: %s\n", zones_path, error->message);
          return 2;
        }
    }
  else
    {
      /* An uninstalled build has no table there: it runs, its leads get no zone. */
      zones_path = rd_phone_zones_default_path ();
      zones = rd_phone_zones_new_from_file (zones_path, NULL);
      if (zones == NULL)
        g_printerr ("ringdesk-server: no phone time-zone table at %s: leads get no time zone"
                    " (give --phone-zones FILE)\n", zones_path);
    }
  rd_center_db_set_phone_zones (center, zones);

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("ringdesk-server: --tls-cert and --tls-key go together\n");
      return 1;
    }

  server = rd_server_new (db, sync, &options);
  /* The organisation's models, trained from the merged store (docs/intelligence.md). */
  models = rd_model_service_new (sync);
  rd_model_service_schedule (models, (guint) train_interval);
  rd_server_set_models (server, models);
  rd_server_set_center (server, center);
  reports = rd_reports_new (center_path);
  rd_reports_set_crm_path (reports, rd_server_sync_get_path (sync));
  rd_server_set_reports (server, reports);
  desk = rd_agent_desk_new (center);
  rd_server_set_desk (server, desk);
  /* Calls agents had are filed in the CRM as they finish them; those a crash or a stop left
   * unfiled, now. */
  filer = rd_call_filer_new (center, sync, db, desk, data_dir);
  g_signal_connect_swapped (filer, "sequence", G_CALLBACK (rd_server_notify_sequence), server);
  rd_call_filer_resume (filer);
  /* Calls on an outside PBX: posted to /api/v1/cti/events, or read from its AMI. */
  cti = rd_cti_desk_new (center, sync, filer, data_dir);
  rd_cti_desk_set_country (cti, cti_country);
  rd_server_set_cti (server, cti);
  if (ami != NULL && ami_keepalive < 1)
    {
      g_printerr ("ringdesk-server: --ami-keepalive must be 1 second or more\n");
      return 1;
    }
  if (ami != NULL && !setup_ami (server, cti, ami, ami_user, ami_secret_file, ami_context,
                                 ami_channel, ami_recording_url, (guint) ami_keepalive,
                                 &ami_client, &cti_ami, &error))
    {
      g_printerr ("ringdesk-server: --ami: %s\n", error->message);
      return 1;
    }
  if (tls_cert)
    {
      g_autoptr(GTlsCertificate) certificate = NULL;

      if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
        {
          g_printerr ("ringdesk-server: TLS is not available: install glib-networking\n");
          return 2;
        }
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("ringdesk-server: cannot load --tls-cert %s / --tls-key %s: %s\n",
                      tls_cert, tls_key, error->message);
          return 2;
        }
      rd_server_set_tls_certificate (server, certificate);
    }
  if (sms_config != NULL && !setup_sms (server, sync, sms_config, &error))
    {
      g_printerr ("ringdesk-server: --sms-config: %s\n", error->message);
      return 1;
    }
  if (!no_portal)
    {
      portal_options.cost = options.cost;
      portal_options.session_ttl = options.session_ttl;
      portal_options.limit_user = options.login_limit_user;
      portal_options.limit_address = MAX (portal_limit, 1);
      portal_options.window = options.login_window;
      portal_options.max_photo = (gsize) MAX (portal_photo_kib, 1) * 1024;
      portal_options.max_attachment = (gsize) MAX (portal_attachment_kib, 1) * 1024;
      if (portal_team != NULL)
        portal_options.support_team = portal_team;
      portal = rd_portal_new (data_dir, db, sync, &portal_options, &error);
      if (portal == NULL)
        {
          g_printerr ("ringdesk-server: cannot open the portal: %s\n", error->message);
          return 2;
        }
      rd_server_set_portal (server, portal);
    }
  if (!rd_server_mail_setup (server, sync, data_dir, &mail, &error))
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      rd_server_mail_options_clear (&mail);
      return 1;
    }
  rd_server_mail_options_clear (&mail);
  raise_fd_limit ();
  if (!rd_server_listen (server, listen, &port, &error))
    {
      g_printerr ("ringdesk-server: cannot listen on %s: %s\n", listen, error->message);
      return 2;
    }

  {
    g_autoptr(GNetworkAddress) parsed =
      G_NETWORK_ADDRESS (g_network_address_parse (listen, 0, NULL));
    const char *host = parsed ? g_network_address_get_hostname (parsed) : "127.0.0.1";
    const char *scheme = rd_server_is_https (server) ? "https" : "http";

    if (strchr (host, ':'))
      g_print ("listening on %s://[%s]:%u\n", scheme, host, port);
    else
      g_print ("listening on %s://%s:%u\n", scheme, host, port);
    fflush (stdout);
  }

  if (trunk_password_file != NULL)
    {
      g_autofree char *text = NULL;

      if (!g_file_get_contents (trunk_password_file, &text, NULL, &error))
        {
          g_printerr ("ringdesk-server: --trunk-password-file: %s\n", error->message);
          return 1;
        }
      trunk_password = g_strndup (text, strcspn (text, "\r\n"));
      memset (text, 0, strlen (text));
    }
  if (trunk_user != NULL && (trunk_password == NULL || trunk_register < 0))
    {
      g_printerr ("ringdesk-server: --trunk-user needs --trunk-password-file, and --trunk-register 0 or more seconds\n");
      return 1;
    }
  if (sip_listen != NULL)
    {
      g_autofree char *prompts = g_build_filename (data_dir, "prompts", NULL);
      g_autofree char *recordings = g_build_filename (data_dir, "call-recordings", NULL);
      RdDialerConfig config = {
        .sip_listen = sip_listen, .sip_host = sip_host, .trunk = trunk,
        .prompts_dir = prompts, .recordings_dir = recordings, .voice = voice,
        .trunk_user = trunk_user, .trunk_password = trunk_password,
        .register_expires = (guint) trunk_register,
      };

      if (g_mkdir_with_parents (recordings, 0700) != 0)
        {
          g_printerr ("ringdesk-server: %s: %s\n", recordings, g_strerror (errno));
          return 1;
        }

      dialer = rd_dialer_new (center, desk, zones, &config, &error);
      /* Campaigns that order by score ask the lead score of each number. */
      if (dialer != NULL)
        rd_dialer_set_score_func (dialer, score_number_cb, g_object_ref (models), g_object_unref);
      if (dialer == NULL)
        {
          g_printerr ("ringdesk-server: --sip-listen %s: %s\n", sip_listen, error->message);
          return 2;
        }
      rd_server_set_dialer (server, dialer);
      queues = rd_queues_new (dialer, center, desk, db, filer);
      rd_server_set_queues (server, queues);
      {
        /* the second line, for scripts and tests: where agents' phones dial */
        g_autofree char *uri = rd_dialer_leg_uri (dialer, "TOKEN");

        g_print ("sip on %s\n", uri);
      }
      fflush (stdout);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  /* Calls hung up (BYE to customers and agents' phones), then agents logged out and calls
   * closed with the stop's time, not left for recovery. */
  if (queues != NULL)
    {
      rd_queues_stop (queues);
      rd_server_set_queues (server, NULL);
      g_clear_object (&queues);
    }
  if (dialer != NULL)
    {
      rd_dialer_stop (dialer);
      rd_server_set_dialer (server, NULL);
      g_clear_object (&dialer);
    }
  rd_server_set_sms (server, NULL);
  rd_server_set_email (server, NULL);
  if (ami_client != NULL)
    rd_ami_client_stop (ami_client);
  rd_server_set_cti_ami (server, NULL);
  rd_server_set_cti (server, NULL);
  g_clear_object (&cti_ami);
  g_clear_object (&ami_client);
  g_clear_object (&cti);
  g_signal_handlers_disconnect_by_data (filer, server);
  g_clear_object (&filer);
  if (!rd_center_db_shutdown (center, &error))
    {
      g_printerr ("ringdesk-server: %s\n", error->message);
      return 2;
    }
  return 0;
}
