/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of ringdesk-cli: 0 ok, 1 user error, 2 internal error. */
typedef enum {
  RD_CLI_OK = 0,
  RD_CLI_USER_ERROR = 1,
  RD_CLI_INTERNAL_ERROR = 2,
} RdCliStatus;

/* Options every command sees, parsed before the command name. */
typedef struct {
  char     *replica_dir;   /* --replica DIR */
  char     *server_url;    /* --server URL */
  char     *ca_file;       /* --ca-file FILE: trust this CA for an https server */
  gboolean  json;          /* --json */
} RdCliGlobal;

/* One top-level command: `ringdesk-cli [global options] NAME args...`.
 * argv[0] is the command name. Prints a one-line message on stderr on error. */
typedef RdCliStatus (*RdCliCommandFunc) (RdCliGlobal *global,
                                         int          argc,
                                         char       **argv);

typedef struct {
  const char       *name;
  const char       *summary;
  RdCliCommandFunc  run;
} RdCliCommand;

/* Prints "ringdesk-cli: MESSAGE" on stderr and returns @status. */
RdCliStatus rd_cli_fail (RdCliStatus  status,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Maps a GError to exit status 1 (bad input) or 2 (everything else) and prints it. */
RdCliStatus rd_cli_fail_error (const GError *error);

/* The commands, each defined in its own rd-cli-*.c file. */
RdCliStatus rd_cli_version_run (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_simulate_run (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_login_run   (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-sync.c */
RdCliStatus rd_cli_sync_run    (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-sync.c */
RdCliStatus rd_cli_status_run  (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-sync.c */
RdCliStatus rd_cli_sms_run     (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-sync.c */
RdCliStatus rd_cli_email_run   (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-sync.c */

G_END_DECLS
