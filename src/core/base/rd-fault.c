/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kill points and the database size limit the fault tests set through the environment. */
#include "config.h"

#include "rd-fault.h"

#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
  char   *kill_at;     /* the point's name, or NULL */
  gint    kill_after;  /* passes before the one that kills */
  gint64  max_pages;   /* 0: no limit */
} FaultConfig;

static gint passes;

static const FaultConfig *
config (void)
{
  static gsize once = 0;
  static FaultConfig cfg = { NULL, 0, 0 };

  if (g_once_init_enter (&once))
    {
      const char *at = g_getenv ("RD_KILL_AT");
      const char *pages = g_getenv ("RD_SQLITE_MAX_PAGES");

      if (at != NULL && *at != '\0')
        {
          const char *nth = strchr (at, '@');

          cfg.kill_at = nth != NULL ? g_strndup (at, nth - at) : g_strdup (at);
          cfg.kill_after = nth != NULL ? MAX (1, atoi (nth + 1)) - 1 : 0;
        }
      if (pages != NULL && *pages != '\0')
        cfg.max_pages = g_ascii_strtoll (pages, NULL, 10);
      g_once_init_leave (&once, 1);
    }

  return &cfg;
}

static gboolean
armed (const char *name)
{
  const FaultConfig *cfg = config ();

  return cfg->kill_at != NULL && g_str_equal (cfg->kill_at, name);
}

void
rd_fault_point (const char *name)
{
  if (!armed (name))
    return;
  if (g_atomic_int_add (&passes, 1) < config ()->kill_after)
    return;

  /* Said on stderr so that a test's log shows where the process died. */
  {
    static const char said[] = "ringdesk: RD_KILL_AT: killed at ";

    if (write (STDERR_FILENO, said, sizeof said - 1) < 0 ||
        write (STDERR_FILENO, name, strlen (name)) < 0 ||
        write (STDERR_FILENO, "\n", 1) < 0)
      {
        /* nothing to do: the kill follows either way */
      }
  }
  kill (getpid (), SIGKILL);
}

void
rd_fault_limit_db (sqlite3 *db)
{
  const FaultConfig *cfg = config ();
  g_autofree char *sql = NULL;

  if (cfg->max_pages <= 0 || db == NULL)
    return;
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, cfg->max_pages);
  sqlite3_exec (db, sql, NULL, NULL, NULL);
}
