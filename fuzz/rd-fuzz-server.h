/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* A stand-in HTTP server on loopback, in a thread of its own, for the harnesses of the
 * client side: each connection's request is read (head and body), answered with the bytes
 * given to rd_fuzz_server_answer() while it has answers left (then with a 503), and
 * closed. Started by the first call; its URL is http://127.0.0.1:PORT. */
const char *rd_fuzz_server_url    (void);
void        rd_fuzz_server_answer (const uint8_t *data,
                                   size_t         size,
                                   guint          n_answers);

G_END_DECLS
