/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where argon2id runs: a pool of its own with one thread per processor (at most 4), not
 * GLib's shared task pool. Each hash takes --pwhash-mem (64 MiB by default) and a core for
 * its time, so a burst of logins from many names (40 at once gave 775 MB of RSS and starved
 * the main loop until the listen queue overflowed and connections were reset) now waits its
 * turn paused, at a bounded cost, while everything else is served. */
void rd_password_pool_run (GTask           *task,
                           GTaskThreadFunc  func);

G_END_DECLS
