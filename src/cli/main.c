/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "rd-cli.h"
#include "rd-cli-store.h"
#include "rd-version.h"

/* Command table: one line per command; commands live in rd-cli-*.c. */
static const RdCliCommand commands[] = {
  { "version", "Print the version and the library versions", rd_cli_version_run },
  /* Replica (CRM store) commands */
  { "init", "Create or open the replica in --replica DIR", rd_cli_init_run },
  { "contact", "contact add NAME | show ID | list", rd_cli_contact_run },
  { "lead", "lead add NAME | convert ID | show ID | list", rd_cli_lead_run },
  { "lookup", "lookup PHONE: records with this number (JSON)", rd_cli_lookup_run },
  { "search", "search QUERY [--table T | --fts]", rd_cli_search_run },
  { "ask", "ask QUESTION: answer from the knowledge base, with its sources", rd_cli_ask_run },
  { "import", "import contacts FILE --map name=1,phone=3,… | import products FILE", rd_cli_import_run },
  { "export", "export TABLE FILE [--format csv|vcard3|vcard4]", rd_cli_export_run },
  { "timeline", "timeline ID: a record's history, newest first", rd_cli_timeline_run },
  { "simulate", "Simulate a shift of an outbound campaign", rd_cli_simulate_run },
  { "login",   "Log in to the server (--server URL, password on stdin)", rd_cli_login_run },
  { "sync",    "Sync the replica with its server", rd_cli_sync_run },
  { "status",  "Show the replica's server, sequence, outbox and conflicts", rd_cli_status_run },
  { "sms",     "sms RECORD_ID PHONE TEXT: send an SMS from a record through the server", rd_cli_sms_run },
  { "email",   "email RECORD_ID TO SUBJECT TEXT: send an e-mail from a record through the server", rd_cli_email_run },
};

RdCliStatus
rd_cli_fail (RdCliStatus  status,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("ringdesk-cli: %s\n", message);
  return status;
}

RdCliStatus
rd_cli_fail_error (const GError *error)
{
  /* Errors from the user's input are 1; I/O and SQLite trouble is 2. */
  gboolean internal = error->domain == G_IO_ERROR &&
                      error->code != G_IO_ERROR_NOT_FOUND &&
                      error->code != G_IO_ERROR_INVALID_ARGUMENT &&
                      error->code != G_IO_ERROR_INVALID_DATA;

  return rd_cli_fail (internal ? RD_CLI_INTERNAL_ERROR : RD_CLI_USER_ERROR,
                      "%s", error->message);
}

RdCliStatus
rd_cli_version_run (RdCliGlobal  *global,
                    int           argc,
                    char        **argv)
{
  g_autofree char *text = rd_version_describe ("ringdesk-cli");

  g_print ("%s\n", text);
  return RD_CLI_OK;
}

static const RdCliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static char *
describe_commands (void)
{
  GString *text = g_string_new ("Commands:\n");

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-12s %s\n", commands[i].name, commands[i].summary);
  g_string_append (text, "\nRun “ringdesk-cli COMMAND --help” for a command’s options.");

  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *commands_text = NULL;
  RdCliGlobal global = { 0 };
  gboolean version = FALSE;
  const RdCliCommand *command;
  RdCliStatus status;
  const GOptionEntry entries[] = {
    { "replica", 0, 0, G_OPTION_ARG_FILENAME, &global.replica_dir,
      "Work on the replica in DIR", "DIR" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &global.server_url,
      "Ringdesk server to talk to", "URL" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &global.ca_file,
      "Trust the CA certificates in FILE (PEM) for an https server, e.g. a self-signed one",
      "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &global.json,
      "Print results as JSON", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  commands_text = describe_commands ();
  context = g_option_context_new ("COMMAND [ARGS…] — script and administer Ringdesk");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, commands_text);
  /* Options after the command name belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);

  if (version)
    return rd_cli_version_run (&global, argc, argv);

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return RD_CLI_USER_ERROR;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    status = rd_cli_fail (RD_CLI_USER_ERROR, "unknown command “%s” (see --help)", argv[1]);
  else
    status = command->run (&global, argc - 1, argv + 1);

  g_free (global.replica_dir);
  g_free (global.server_url);
  g_free (global.ca_file);
  return status;
}
