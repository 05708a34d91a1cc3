/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-server.h"

G_BEGIN_DECLS

/* `ringdesk-server --data-dir DIR user add|list|disable|passwd …`.
 * @argv[0] is "user". Passwords come from @input (stdin). Returns the exit status. */
int rd_server_admin_run (RdServerDb            *db,
                         const RdServerOptions *options,
                         int                    argc,
                         char                 **argv,
                         FILE                  *input);

G_END_DECLS
