/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "rd-bench-phone.h"

char *
rd_bench_caller_number (guint i)
{
  return g_strdup_printf ("+7 9%02u %03u-%02u-%02u", (i / 10000000) % 100, (i / 10000) % 1000,
                          (i / 100) % 100, i % 100);
}

void
rd_bench_fill_contacts (RdStore *store,
                        guint    contacts)
{
  g_autoptr(GError) error = NULL;

  /* A replica as a snapshot load makes it: no outbox. */
  rd_store_set_capture (store, FALSE);
  for (guint i = 0; i < contacts; i++)
    {
      g_autoptr(RdRecord) contact = rd_record_new ("contacts");
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autofree char *number = rd_bench_caller_number (i);

      if (i % 20000 == 0)
        {
          if (i > 0 && !rd_store_commit (store, &error))
            g_error ("commit: %s", error->message);
          if (!rd_store_begin (store, &error))
            g_error ("begin: %s", error->message);
        }
      rd_record_set_string (contact, "name", name);
      rd_record_add_phone (contact, number, "mobile");
      if (!rd_store_insert (store, contact, &error))
        g_error ("insert: %s", error->message);
    }
  if (!rd_store_commit (store, &error))
    g_error ("commit: %s", error->message);
  rd_store_set_capture (store, TRUE);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
rd_bench_percentile (GArray *values,
                     double  p)
{
  gsize i;

  if (values->len == 0)
    return 0.0;
  i = (gsize) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, i);
}

void
rd_bench_sort (GArray *values)
{
  g_array_sort (values, cmp_double);
}

void
rd_bench_write_callers (const char *csv,
                        guint       calls,
                        guint       contacts)
{
  g_autoptr(GString) callers = g_string_new ("SEQUENTIAL\n");

  /* Callers: known numbers, written differently from the replica (8-9xx-…). */
  for (guint i = 0; i < calls; i++)
    {
      guint n = (guint) ((i * 7919ull) % MAX (contacts, 1));
      g_autofree char *number = rd_bench_caller_number (n);
      g_autoptr(GString) national = g_string_new ("8");

      for (const char *p = number + 2; *p != '\0'; p++)
        g_string_append_c (national, *p == ' ' ? '-' : *p);
      g_string_append_printf (callers, "%s;\n", national->str);
    }
    g_file_set_contents (csv, callers->str, -1, NULL);
}

void
rd_bench_run_sipp (const char *dir,
                   const char *remote,
                   const char *scenario,
                   const char *csv,
                   guint       calls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sipp = NULL;
  g_autofree char *ncalls = g_strdup_printf ("%u", calls);
  gint64 deadline;

  {
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                 | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_cwd (launcher, dir);
    sipp = g_subprocess_launcher_spawn (launcher, &error, "sipp", remote, "-sf", scenario,
                                        "-inf", csv, "-i", "127.0.0.1", "-m", ncalls,
                                        "-r", "10", "-l", "1", "-nostdin", "-trace_msg",
                                        "-message_file", "messages.log", "-timeout", "120s",
                                        NULL);
    if (sipp == NULL)
      g_error ("%s", error->message);
  }

  deadline = g_get_monotonic_time () + 150 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (sipp) != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

void
rd_bench_invite_delays (const char *dir,
                        GHashTable *first,
                        GHashTable *second,
                        GArray     *to_first,
                        GArray     *to_second)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trace = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 sent_at = 0;

  /* Pair each INVITE's send time (from sipp's trace) with our two timestamps. */
  {
    g_autofree char *path = g_build_filename (dir, "messages.log", NULL);
    if (!g_file_get_contents (path, &trace, NULL, &error))
      g_error ("%s", error->message);
  }
  lines = g_strsplit (trace, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);  /* SIP lines end in CR LF */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int y, mo, d, h, mi;
      double s;

      if (sscanf (lines[i], "----------------------------------------------- %d-%d-%d %d:%d:%lf",
                  &y, &mo, &d, &h, &mi, &s) == 6)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_local (y, mo, d, h, mi, s);
          sent_at = lines[i + 1] != NULL && g_str_has_prefix (lines[i + 1], "UDP message sent")
                    && dt != NULL ? g_date_time_to_unix (dt) * G_USEC_PER_SEC
                                    + g_date_time_get_microsecond (dt) : 0;
        }
      else if (sent_at != 0 && g_str_has_prefix (lines[i], "INVITE "))
        {
          for (guint j = i; lines[j] != NULL && *lines[j] != '\0'; j++)
            if (g_str_has_prefix (lines[j], "Call-ID: "))
              {
                const char *id = lines[j] + strlen ("Call-ID: ");
                gint64 *added = g_hash_table_lookup (first, id);
                gint64 *popped = g_hash_table_lookup (second, id);

                if (added != NULL)
                  g_array_append_val (to_first, ((double) { (*added - sent_at) / 1000.0 }));
                if (popped != NULL)
                  g_array_append_val (to_second, ((double) { (*popped - sent_at) / 1000.0 }));
                break;
              }
          sent_at = 0;  /* retransmissions do not count */
        }
    }
}

void
rd_bench_remove_dir (const char *dir)
{
  {
    const char *names[] = { "replica.db", "replica.db-wal", "replica.db-shm", "callers.csv",
                            "messages.log" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_remove (path);
      }
    g_rmdir (dir);
  }
}
