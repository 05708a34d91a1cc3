/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Fault injection for the kill matrix and the disk-full tests (docs/reliability.md).
 * Compiled in always and inert unless the process was started with one of:
 *
 *   RD_KILL_AT=NAME[@N]    the N-th (default: first) pass through rd_fault_point (NAME)
 *                          SIGKILLs the process, as a crash or a power cut would
 *   RD_SQLITE_MAX_PAGES=N  every RdStore (a replica; the server's merged.db) stops growing
 *                          at N pages (PRAGMA max_page_count): a full disk
 *
 * The environment is read once, at the first call. */

/* A named place where a test may kill the process (see above). */
void     rd_fault_point    (const char *name);

/* Applies RD_SQLITE_MAX_PAGES to @db, if set. */
void     rd_fault_limit_db (sqlite3    *db);

G_END_DECLS
