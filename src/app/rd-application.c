/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-paths.h"
#include "rd-preferences-window.h"
#include "rd-server-session.h"
#include "rd-window.h"

struct _RdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *replica_dir;
  char           *server_url;
  gboolean        replica_given;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, ADW_TYPE_APPLICATION)

static void
rd_application_finalize (GObject *object)
{
  RdApplication *self = (RdApplication *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->replica_dir, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (rd_application_parent_class)->finalize (object);
}

static int
rd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ringdesk %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

/* Settles which replica and server this instance uses: the command line wins,
 * then the settings; with no server the replica is the offline "local" one. */
static gboolean
rd_application_choose_replica (RdApplication  *self,
                               GVariantDict   *options,
                               GError        **error)
{
  const char *replica = NULL;
  const char *server = NULL;
  g_autofree char *setting_url = NULL;

  g_variant_dict_lookup (options, "replica", "^&ay", &replica);
  g_variant_dict_lookup (options, "server", "&s", &server);

  if (server == NULL)
    {
      setting_url = g_settings_get_string (self->settings, "server-url");
      if (*setting_url != '\0')
        server = setting_url;
    }
  self->server_url = g_strdup (server);

  self->replica_given = replica != NULL && *replica != '\0';
  if (self->replica_given)
    {
      self->replica_dir = g_canonicalize_filename (replica, NULL);
    }
  else
    {
      g_autofree char *user = g_settings_get_string (self->settings, "username");
      g_autofree char *slug = NULL;

      if (self->server_url != NULL && *user != '\0')
        slug = rd_paths_account_slug (user, self->server_url);
      self->replica_dir = rd_paths_replica_dir (slug ? slug : RD_LOCAL_ACCOUNT);
    }

  return rd_paths_ensure_dir (self->replica_dir, error);
}

static int
rd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  RdApplication *self = RD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GError) error = NULL;

  if (self->replica_dir == NULL &&
      !rd_application_choose_replica (self, options, &error))
    {
      g_application_command_line_printerr (command_line, "ringdesk: %s\n", error->message);
      return 1;
    }

  g_application_activate (app);

  /* tel: and sip: links (the desktop file's handlers) open the dialpad, filled in. */
  {
    int argc = 0;
    g_auto(GStrv) argv = g_application_command_line_get_arguments (command_line, &argc);
    GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

    for (int i = 1; i < argc && RD_IS_WINDOW (window); i++)
      if (g_str_has_prefix (argv[i], "tel:") || g_str_has_prefix (argv[i], "sip:")
          || g_str_has_prefix (argv[i], "sips:"))
        rd_window_open_dialpad (RD_WINDOW (window), argv[i]);
  }
  return 0;
}

static void
rd_application_activate (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (rd_window_new (self));

  gtk_window_present (window);
}

static void
rd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
rd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Ringdesk developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Ringdesk"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Ringdesk developers"),
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "comments", _("A CRM with a built-in contact center"),
                         NULL);
}

static void
rd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  RdPreferencesWindow *window = rd_preferences_window_new (parent);

  /* Signed in: the user's own password and profile photo are set on the server there, and
   * the window goes on with a changed password. */
  if (RD_IS_WINDOW (parent) && rd_window_get_session (RD_WINDOW (parent)) != NULL)
    {
      rd_preferences_window_set_session (window, rd_window_get_session (RD_WINDOW (parent)));
      g_signal_connect_object (window, "password-changed",
                               G_CALLBACK (rd_window_password_changed), parent, G_CONNECT_SWAPPED);
    }
  /* Custom fields are the replica's: administrators change them (the server refuses anyone
   * else's); working offline without a server, the replica is the user's own. */
  if (RD_IS_WINDOW (parent) && rd_window_get_store (RD_WINDOW (parent)) != NULL)
    {
      RdServerSession *session = rd_window_get_session (RD_WINDOW (parent));
      const char *role = session != NULL ? rd_server_session_get_role (session) : NULL;

      rd_preferences_window_add_custom_fields (window, rd_window_get_store (RD_WINDOW (parent)),
                                               role == NULL || g_str_equal (role, "admin"));
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* The "color-scheme" setting (system, light, dark) as an AdwColorScheme. */
static gboolean
color_scheme_from_setting (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_str_equal (nick, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (nick, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);
  return TRUE;
}

static const GActionEntry app_actions[] = {
  { .name = "preferences", .activate = rd_application_preferences_action },
  { .name = "quit", .activate = rd_application_quit_action },
  { .name = "about", .activate = rd_application_about_action },
};

static void
rd_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.new", { "<Control>n", NULL } },
    { "win.dial", { "<Control>k", NULL } },
    /* The campaign workspace (docs/app.md): function keys, as contact-center agents know. */
    { "campaign.ready", { "F9", NULL } },
    { "campaign.pause-menu", { "F10", NULL } },
    { "campaign.hangup", { "F8", NULL } },
    { "campaign.answer", { "F6", NULL } },
    { "campaign.call-menu", { "F7", NULL } },
    { "campaign.submit", { "<Control>Return", NULL } },
  };
  RdApplication *self = RD_APPLICATION (app);

  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  /* Here rather than in init, so that --help and --version need no installed schema. */
  RD_APPLICATION (app)->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET, color_scheme_from_setting, NULL, NULL, NULL);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rd_application_finalize;

  app_class->handle_local_options = rd_application_handle_local_options;
  app_class->command_line = rd_application_command_line;
  app_class->activate = rd_application_activate;
  app_class->startup = rd_application_startup;
}

static void
rd_application_init (RdApplication *self)
{
  const GOptionEntry entries[] = {
    { "replica", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Work on the replica in DIR"), N_("DIR") },
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Sync with the Ringdesk server at URL"), N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Ringdesk — a CRM with a built-in contact center"));
}

RdApplication *
rd_application_new (void)
{
  /* NON_UNIQUE: several agents (replicas) may run side by side on one desktop. */
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/ringdesk/Ringdesk",
                       NULL);
}

const char *
rd_application_get_replica_dir (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->replica_dir;
}

const char *
rd_application_get_server_url (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->server_url;
}

/** TRUE when this instance works offline on its replica and should not ask
 * to sign in: --replica without --server, or the user chose "Work Offline". */
gboolean
rd_application_get_offline (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), FALSE);

  if (self->server_url != NULL)
    return FALSE;
  return self->replica_given || g_settings_get_boolean (self->settings, "work-offline");
}

/* Unless --replica named one, each account has its own replica folder. */
static void
rd_application_follow_account (RdApplication *self,
                               const char    *account)
{
  g_autoptr(GError) error = NULL;

  if (self->replica_given)
    return;

  g_free (self->replica_dir);
  self->replica_dir = rd_paths_replica_dir (account);
  if (!rd_paths_ensure_dir (self->replica_dir, &error))
    g_warning ("Cannot make the replica folder: %s", error->message);
}

/** Remembers a signed-in account: the settings, and its replica folder. */
void
rd_application_set_account (RdApplication *self,
                            const char    *server_url,
                            const char    *username)
{
  g_autofree char *slug = NULL;

  g_return_if_fail (RD_IS_APPLICATION (self));
  g_return_if_fail (server_url != NULL && username != NULL);

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  g_settings_set_string (self->settings, "server-url", server_url);
  g_settings_set_string (self->settings, "username", username);
  g_settings_set_boolean (self->settings, "work-offline", FALSE);

  slug = rd_paths_account_slug (username, server_url);
  rd_application_follow_account (self, slug);
}

/** Works offline from now on, on the local replica, and at the next start. */
void
rd_application_set_offline (RdApplication *self)
{
  g_return_if_fail (RD_IS_APPLICATION (self));

  g_clear_pointer (&self->server_url, g_free);
  g_settings_set_boolean (self->settings, "work-offline", TRUE);
  rd_application_follow_account (self, RD_LOCAL_ACCOUNT);
}

/** The application's settings. */
GSettings *
rd_application_get_settings (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->settings;
}
