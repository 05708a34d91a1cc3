/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* A replica in a temporary folder for the whole run of a harness, removed at exit, and a
 * file beside it the harness writes its input to (for parsers that take a path). */
RdStore    *rd_fuzz_store          (void);
const char *rd_fuzz_write_input    (const uint8_t *data,
                                    size_t         size);

G_END_DECLS
