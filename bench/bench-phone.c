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
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdBaresipEngine) engine = NULL;
  g_autoptr(RdPhone) phone = NULL;
  g_autoptr(RdCallLog) log = NULL;
  g_autoptr(GArray) to_added = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_pop = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *remote = NULL;
  Bench b = { 0, };
  gint64 t0, deadline;
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

  rd_bench_write_callers (csv, calls, contacts);

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
  rd_bench_run_sipp (tmp, remote, scenario, csv, calls);
  g_source_remove (tick);

  /* Pair each INVITE's send time (from sipp's trace) with our two timestamps. */
  rd_bench_invite_delays (tmp, b.added, b.popped, to_added, to_pop);
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
  rd_bench_remove_dir (tmp);
  return 0;
}
