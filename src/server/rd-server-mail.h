/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-server.h"

G_BEGIN_DECLS

/* The e-mail options of ringdesk-server (--smtp, --imap … ; docs/deploy.md) and the
 * RdEmailService they make. */

typedef struct {
  char *smtp;
  char *smtp_user;
  char *smtp_password_file;
  char *mail_from;
  char *imap;
  char *imap_user;
  char *imap_password_file;
  int   imap_poll;
  char *ca_file;
} RdServerMailOptions;

void          rd_server_mail_options_clear (RdServerMailOptions *options);

/* The "mail" option group writing into @options (which must outlive the parse). */
GOptionGroup *rd_server_mail_option_group  (RdServerMailOptions *options);

/* With --smtp or --imap: the service, set on @server, queued mail of an earlier run sent
 * again and the mailbox watched. Without either: TRUE and nothing set. */
gboolean      rd_server_mail_setup         (RdServer            *server,
                                            RdServerSync        *sync,
                                            const char          *data_dir,
                                            RdServerMailOptions *options,
                                            GError             **error);

G_END_DECLS
