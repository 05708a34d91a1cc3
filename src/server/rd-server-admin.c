/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rd-server-admin.h"

/* Reads one line (the password) from @input without echo on a terminal. */
static char *
read_password (FILE        *input,
               const char  *prompt,
               GError     **error)
{
  char buffer[RD_PASSWORD_MAX_LENGTH + 2];
  struct termios saved, quiet;
  gboolean tty = isatty (fileno (input));
  gsize length;

  if (tty)
    {
      g_printerr ("%s", prompt);
      if (tcgetattr (fileno (input), &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~ECHO;
          tcsetattr (fileno (input), TCSAFLUSH, &quiet);
        }
      else
        tty = FALSE;
    }

  if (fgets (buffer, sizeof buffer, input) == NULL)
    buffer[0] = '\0';

  if (tty)
    {
      tcsetattr (fileno (input), TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  length = strcspn (buffer, "\r\n");
  if (length == strlen (buffer) && length > RD_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the password is longer than %d characters", RD_PASSWORD_MAX_LENGTH);
      return NULL;
    }
  buffer[length] = '\0';
  if (length < 8)
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the password (one line on stdin) must have at least 8 characters");
      return NULL;
    }

  return g_strdup (buffer);
}

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("ringdesk-server: user %s: %s\n", command, error->message);
  return 1;
}

static int
user_add (RdServerDb            *db,
          const RdServerOptions *options,
          int                    argc,
          char                 **argv,
          FILE                  *input)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME — add a user");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *team = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  RdRole role;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, "admin, manager, agent or support", "ROLE" },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, "The user’s team", "TEAM" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("add", error);
  if (argc != 2)
    {
      g_printerr ("ringdesk-server: usage: user add NAME --role admin|manager|agent|support [--team T]\n");
      return 1;
    }
  if (role_text == NULL || !rd_role_from_string (role_text, &role))
    {
      g_printerr ("ringdesk-server: user add: --role must be admin, manager, agent or support\n");
      return 1;
    }
  if (!rd_server_name_is_valid (argv[1]))
    {
      g_printerr ("ringdesk-server: user add: “%s” is not a valid name "
                  "(1-64 of A-Z a-z 0-9 . _ @ -)\n", argv[1]);
      return 1;
    }

  password = read_password (input, "Password: ", &error);
  if (password == NULL)
    return fail ("add", error);
  hash = rd_password_hash (password, &options->cost, &error);
  if (hash == NULL)
    return fail ("add", error);

  user = rd_server_db_add_user (db, argv[1], role, team, hash, &error);
  if (user == NULL)
    return fail ("add", error);

  detail = g_strdup_printf ("role=%s team=%s", role_text, team ? team : "");
  rd_server_db_audit (db, "cli", "user-add", user->name, NULL, detail, NULL);
  g_print ("added %s (%s%s%s)\n", user->name, rd_role_to_string (user->role),
           user->team ? ", team " : "", user->team ? user->team : "");
  return 0;
}

static int
user_list (RdServerDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = rd_server_db_list_users (db, NULL, &error);

  if (users == NULL)
    return fail ("list", error);

  g_print ("%-24s %-8s %-16s %s\n", "NAME", "ROLE", "TEAM", "STATUS");
  for (guint i = 0; i < users->len; i++)
    {
      RdUser *user = g_ptr_array_index (users, i);

      g_print ("%-24s %-8s %-16s %s\n", user->name, rd_role_to_string (user->role),
               user->team ? user->team : "-", user->disabled ? "disabled" : "active");
    }

  return 0;
}

static int
user_disable (RdServerDb  *db,
              int          argc,
              char       **argv,
              gboolean     disable)
{
  g_autoptr(GError) error = NULL;
  const char *command = disable ? "disable" : "enable";

  if (argc != 2)
    {
      g_printerr ("ringdesk-server: usage: user %s NAME\n", command);
      return 1;
    }
  if (!rd_server_db_set_disabled (db, argv[1], disable, &error))
    return fail (command, error);

  rd_server_db_audit (db, "cli", disable ? "user-disable" : "user-enable", argv[1], NULL,
                      NULL, NULL);
  g_print ("%s %s\n", disable ? "disabled" : "enabled", argv[1]);
  return 0;
}

static int
user_passwd (RdServerDb            *db,
             const RdServerOptions *options,
             int                    argc,
             char                 **argv,
             FILE                  *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdUser) user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;

  if (argc != 2)
    {
      g_printerr ("ringdesk-server: usage: user passwd NAME   (password on stdin)\n");
      return 1;
    }
  user = rd_server_db_find_user (db, argv[1], &error);
  if (user == NULL)
    return fail ("passwd", error);

  password = read_password (input, "New password: ", &error);
  if (password == NULL)
    return fail ("passwd", error);
  hash = rd_password_hash (password, &options->cost, &error);
  if (hash == NULL || !rd_server_db_set_password (db, argv[1], hash, &error))
    return fail ("passwd", error);

  rd_server_db_audit (db, "cli", "password-change", argv[1], NULL, NULL, NULL);
  g_print ("changed the password of %s; its sessions are revoked\n", argv[1]);
  return 0;
}

int
rd_server_admin_run (RdServerDb            *db,
                     const RdServerOptions *options,
                     int                    argc,
                     char                 **argv,
                     FILE                  *input)
{
  const char *verb = argc >= 2 ? argv[1] : NULL;

  if (argc < 1 || !g_str_equal (argv[0], "user") || verb == NULL)
    {
      g_printerr ("ringdesk-server: usage: user add|list|disable|enable|passwd …\n");
      return 1;
    }

  if (g_str_equal (verb, "add"))
    return user_add (db, options, argc - 1, argv + 1, input);
  if (g_str_equal (verb, "list"))
    return user_list (db);
  if (g_str_equal (verb, "disable"))
    return user_disable (db, argc - 1, argv + 1, TRUE);
  if (g_str_equal (verb, "enable"))
    return user_disable (db, argc - 1, argv + 1, FALSE);
  if (g_str_equal (verb, "passwd"))
    return user_passwd (db, options, argc - 1, argv + 1, input);

  g_printerr ("ringdesk-server: unknown command “user %s” (add, list, disable, enable, passwd)\n",
              verb);
  return 1;
}
