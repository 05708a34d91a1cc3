/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rd-version.h"

const char *
rd_version_string (void)
{
  return PACKAGE_VERSION;
}

char *
rd_version_describe (const char *program_name)
{
  return g_strdup_printf ("%s %s (GLib %u.%u.%u, json-glib %s, SQLite %s)",
                          program_name, PACKAGE_VERSION,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          JSON_VERSION_S, sqlite3_libversion ());
}
