/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-server-mail.h"

void
rd_server_mail_options_clear (RdServerMailOptions *options)
{
  g_clear_pointer (&options->smtp, g_free);
  g_clear_pointer (&options->smtp_user, g_free);
  g_clear_pointer (&options->smtp_password_file, g_free);
  g_clear_pointer (&options->mail_from, g_free);
  g_clear_pointer (&options->imap, g_free);
  g_clear_pointer (&options->imap_user, g_free);
  g_clear_pointer (&options->imap_password_file, g_free);
  g_clear_pointer (&options->ca_file, g_free);
}

GOptionGroup *
rd_server_mail_option_group (RdServerMailOptions *options)
{
  const GOptionEntry entries[] = {
    { "smtp", 0, 0, G_OPTION_ARG_STRING, &options->smtp,
      "Send e-mail through this SMTP server (smtp://HOST:PORT with STARTTLS when offered, or smtps://HOST:PORT)", "URL" },
    { "smtp-user", 0, 0, G_OPTION_ARG_STRING, &options->smtp_user,
      "The account at the SMTP server (AUTH PLAIN or LOGIN); needs --smtp-password-file", "USER" },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &options->smtp_password_file,
      "A file whose first line is the SMTP account's password", "FILE" },
    { "mail-from", 0, 0, G_OPTION_ARG_STRING, &options->mail_from,
      "The From address of users who have no e-mail address of their own", "ADDRESS" },
    { "imap", 0, 0, G_OPTION_ARG_STRING, &options->imap,
      "Read replies from this IMAP mailbox (imap://HOST:PORT/MAILBOX or imaps://…; INBOX when none)", "URL" },
    { "imap-user", 0, 0, G_OPTION_ARG_STRING, &options->imap_user,
      "The IMAP account; needs --imap-password-file", "USER" },
    { "imap-password-file", 0, 0, G_OPTION_ARG_FILENAME, &options->imap_password_file,
      "A file whose first line is the IMAP account's password", "FILE" },
    { "imap-poll", 0, 0, G_OPTION_ARG_INT, &options->imap_poll,
      "Seconds between two reads of the mailbox (default 60)", "SECONDS" },
    { "mail-ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      "Trust this PEM CA for the SMTP and IMAP servers' TLS, besides the system's", "FILE" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("mail", "E-mail (docs/deploy.md):",
                                            "Show the e-mail options", NULL, NULL);

  options->imap_poll = 60;
  g_option_group_add_entries (group, entries);
  return group;
}

static char *
read_password (const char  *option,
               const char  *path,
               GError     **error)
{
  g_autofree char *text = NULL;
  char *password;

  if (!g_file_get_contents (path, &text, NULL, error))
    {
      g_prefix_error (error, "%s: ", option);
      return NULL;
    }
  password = g_strndup (text, strcspn (text, "\r\n"));
  memset (text, 0, strlen (text));
  return password;
}

/* The server of @url with its account, checked. */
static RdMailServer *
mail_server (const char  *option,
             const char  *url,
             gboolean     smtp,
             const char  *user,
             const char  *password_file,
             const char  *ca_file,
             GError     **error)
{
  g_autofree char *password = NULL;
  RdMailServer *server;

  if (!rd_mail_server_url_is_valid (url, smtp))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s: “%s” is no %s URL with a host (no user or password in it: use --%s-user)",
                   option, url, smtp ? "smtp:// or smtps://" : "imap:// or imaps://", option);
      return NULL;
    }
  if ((user == NULL) != (password_file == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s-user and --%s-password-file go together", option, option);
      return NULL;
    }
  if (password_file != NULL)
    {
      g_autofree char *name = g_strdup_printf ("--%s-password-file", option);

      password = read_password (name, password_file, error);
      if (password == NULL)
        return NULL;
    }
  server = rd_mail_server_new (url, user, password, ca_file);
  if (password != NULL)
    memset (password, 0, strlen (password));
  return server;
}

gboolean
rd_server_mail_setup (RdServer             *server,
                      RdServerSync         *sync,
                      const char           *data_dir,
                      RdServerMailOptions  *options,
                      GError              **error)
{
  g_autoptr(RdMailServer) smtp = NULL;
  g_autoptr(RdMailServer) imap = NULL;
  g_autoptr(RdEmailService) email = NULL;
  g_autofree char *mail_dir = NULL;
  guint resumed;

  if (options->smtp == NULL && options->imap == NULL)
    return TRUE;
  if (options->mail_from != NULL && !rd_email_address_is_valid (options->mail_from))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--mail-from: “%s” is not an e-mail address", options->mail_from);
      return FALSE;
    }
  if (options->imap_poll < 1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--imap-poll must be 1 second or more");
      return FALSE;
    }
  if (options->smtp != NULL &&
      (smtp = mail_server ("smtp", options->smtp, TRUE, options->smtp_user,
                           options->smtp_password_file, options->ca_file, error)) == NULL)
    return FALSE;
  if (options->imap != NULL &&
      (imap = mail_server ("imap", options->imap, FALSE, options->imap_user,
                           options->imap_password_file, options->ca_file, error)) == NULL)
    return FALSE;

  mail_dir = g_build_filename (data_dir, "mail", NULL);
  email = rd_email_service_new (sync, mail_dir, smtp, options->mail_from);
  rd_server_set_email (server, email);
  resumed = rd_email_service_resume (email);
  if (resumed > 0)
    g_message ("email: sending %u queued messages again", resumed);
  if (imap != NULL)
    rd_email_service_watch_imap (email, imap, (guint) options->imap_poll);
  return TRUE;
}
