/* SPDX-License-Identifier: GPL-3.0-or-later */
/* INVITE from sipp -> screen pop data ready, over N calls, with a replica of M contacts.
 * Prints one figure per line. Usage: bench-phone [CONTACTS [CALLS]] (1000000 200).
 * The INVITE send times come from sipp's message trace (wall clock, same machine). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "rd-baresip-engine.h"
#include "rd-bench-phone.h"
#include "rd-call-log.h"
#include "rd-phone.h"
#include "rd-store.h"

typedef struct {
  GHashTable *added;    /* call id → wall µs of "call-added" */
  GHashTable *popped;   /* call id → wall µs of pop data ready */
  RdPhone    *phone;
  guint       matched;
  guint       done;
} Bench;

static void
call_added_cb (RdPhone *phone,
               RdCall  *call,
               Bench   *b)
{
  g_hash_table_insert (b->added, g_strdup (rd_call_get_id (call)),
                       g_memdup2 (&(gint64) { g_get_real_time () }, sizeof (gint64)));
}

static void
screen_pop_cb (RdCallLog   *log,
               RdCall      *call,
               RdScreenPop *pop,
               Bench       *b)
{
  g_hash_table_insert (b->popped, g_strdup (rd_call_get_id (call)),
                       g_memdup2 (&(gint64) { g_get_real_time () }, sizeof (gint64)));
  if (pop->kind == RD_SCREEN_POP_ONE)
    b->matched++;
  rd_phone_hang_up (b->phone, call, NULL);
}

static void
call_ended_cb (RdPhone *phone,
               RdCall  *call,
               Bench   *b)
{
  b->done++;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  guint contacts = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  guint calls = argc > 2 ? (guint) atoi (argv[2]) : 200;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("rd-bench-phone-XXXXXX", &error);
  g_autofree char *db = g_build_filename (tmp, "replica.db", NULL);
  g_autofree char *csv = g_build_filename (tmp, "callers.csv", NULL);
  g_autofree char *scenario = g_build_filename (SOURCE_DATADIR, "..", "bench", "uac-pop.xml",
                                                NULL);
  g_autoptr(GString) callers = g_string_new ("SEQUENTIAL\n");
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdBaresipEngine) engine = NULL;
  g_autoptr(RdPhone) phone = NULL;
  g_autoptr(RdCallLog) log = NULL;
  g_autoptr(GSubprocess) sipp = NULL;
  g_autoptr(GArray) to_added = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_pop = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *remote = NULL;
  g_autofree char *ncalls = g_strdup_printf ("%u", calls);
  g_autofree char *trace = NULL;
  g_auto(GStrv) lines = NULL;
  Bench b = { 0, };
  gint64 t0, deadline;
  gint64 sent_at = 0;
  guint tick;

  if (tmp == NULL)
    g_error ("%s", error->message);
  store = rd_store_open (db, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  rd_bench_fill_contacts (store, contacts);
  printf ("replica_contacts %u\n", contacts);
  printf ("replica_fill_s %.1f\n", (g_get_monotonic_time () - t0) / 1e6);

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

  b.added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  b.popped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  engine = rd_baresip_engine_new ();
  phone = rd_phone_new (RD_PHONE_BACKEND (engine));
  b.phone = phone;
  log = rd_call_log_new (store, "bench");
  g_signal_connect (phone, "call-added", G_CALLBACK (call_added_cb), &b);
  rd_call_log_attach (log, phone);
  g_signal_connect (log, "screen-pop", G_CALLBACK (screen_pop_cb), &b);
  g_signal_connect (phone, "call-ended", G_CALLBACK (call_ended_cb), &b);
  if (!rd_phone_add_account (phone, "<sip:agent@127.0.0.1>;regint=0", NULL, &error)
      || !rd_phone_start (phone, &error))
    g_error ("%s", error->message);
  tick = g_timeout_add (10, tick_cb, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!rd_baresip_engine_get_ready (engine) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  remote = g_strdup_printf ("127.0.0.1:%u", rd_baresip_engine_get_sip_port (engine));
  {
    g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                 | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_cwd (launcher, tmp);
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
  g_source_remove (tick);

  /* Pair each INVITE's send time (from sipp's trace) with our two timestamps. */
  {
    g_autofree char *path = g_build_filename (tmp, "messages.log", NULL);
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
                gint64 *added = g_hash_table_lookup (b.added, id);
                gint64 *popped = g_hash_table_lookup (b.popped, id);

                if (added != NULL)
                  g_array_append_val (to_added, ((double) { (*added - sent_at) / 1000.0 }));
                if (popped != NULL)
                  g_array_append_val (to_pop, ((double) { (*popped - sent_at) / 1000.0 }));
                break;
              }
          sent_at = 0;  /* retransmissions do not count */
        }
    }
  rd_bench_sort (to_added);
  rd_bench_sort (to_pop);

  printf ("calls %u\n", calls);
  printf ("calls_popped %u\n", to_pop->len);
  printf ("pops_matched_one %u\n", b.matched);
  printf ("calls_recorded %u\n", b.done);
  printf ("invite_to_call_added_p50_ms %.2f\n", rd_bench_percentile (to_added, 0.50));
  printf ("invite_to_call_added_p99_ms %.2f\n", rd_bench_percentile (to_added, 0.99));
  printf ("invite_to_pop_ready_p50_ms %.2f\n", rd_bench_percentile (to_pop, 0.50));
  printf ("invite_to_pop_ready_p99_ms %.2f\n", rd_bench_percentile (to_pop, 0.99));

  rd_phone_stop (phone);
  g_hash_table_unref (b.added);
  g_hash_table_unref (b.popped);
  g_clear_object (&store);
  {
    const char *names[] = { "replica.db", "replica.db-wal", "replica.db-shm", "callers.csv",
                            "messages.log" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (tmp, names[i], NULL);
        g_remove (path);
      }
    g_rmdir (tmp);
  }
  return 0;
}
