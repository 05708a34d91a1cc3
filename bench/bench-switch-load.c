/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-switch-load: the switch's side of the capacity bench (bench/bench-switch-load.sh).
 * Every leg that dials in (a sipp UAC "agent") is answered; for each, a customer leg is
 * originated to a sipp UAS; once it answers it is recorded (rd_switch_record, as the
 * dialer records every campaign call) and bridged to its agent. When either side hangs
 * up, the other is hung up. It prints ALL_BRIDGED when --calls bridges are up at once,
 * and RESULT lines when every leg has closed (or the --timeout-s watchdog fired).
 */
#include <stdio.h>
#include <string.h>
#include "rd-switch.h"

typedef struct {
  char *agent;
  char *cust;
  gboolean bridged, agent_open, cust_open;
} Call;

typedef struct {
  RdSwitch *sw;
  GMainLoop *loop;
  GHashTable *calls;              /* leg id -> Call (both legs) */
  GPtrArray *all;                 /* owns the Calls */
  int made, bridged, up, max_up, closed, failed;
} Bench;

static int opt_calls = 100, opt_timeout = 120;
static char *opt_customer, *opt_rec_dir;

static void
call_free (gpointer data)
{
  Call *c = data;

  g_free (c->agent);
  g_free (c->cust);
  g_free (c);
}

static void
agent_answered (Bench *b, const char *leg)
{
  Call *c = g_new0 (Call, 1);

  c->agent = g_strdup (leg);
  c->cust = g_strdup_printf ("cust-%d", ++b->made);
  c->agent_open = c->cust_open = TRUE;
  g_ptr_array_add (b->all, c);
  g_hash_table_insert (b->calls, c->agent, c);
  g_hash_table_insert (b->calls, c->cust, c);
  rd_switch_originate (b->sw, c->cust, opt_customer, "5551000", 10000);
}

static void
cust_answered (Bench *b, Call *c)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.wav", opt_rec_dir, c->cust);

  if (opt_rec_dir)
    rd_switch_record (b->sw, c->cust, path);
  rd_switch_bridge (b->sw, c->agent, c->cust);
}

static void
leg_closed (Bench *b, Call *c, const char *leg)
{
  gboolean agent = g_strcmp0 (leg, c->agent) == 0;

  if (agent)
    c->agent_open = FALSE;
  else
    c->cust_open = FALSE;
  if (c->bridged && (c->agent_open != c->cust_open)) {
    c->bridged = FALSE;
    b->up--;
  }
  if (c->agent_open)
    rd_switch_hangup (b->sw, c->agent, 16);
  else if (c->cust_open)
    rd_switch_hangup (b->sw, c->cust, 16);
  else {
    b->closed++;
    if (b->closed == b->made && b->made >= opt_calls)
      g_main_loop_quit (b->loop);
  }
}

static void
on_event (const RdSwitchEvent *ev, gpointer data)
{
  Bench *b = data;
  Call *c = g_hash_table_lookup (b->calls, ev->leg_id);

  switch (ev->type) {
  case RD_SWITCH_EVENT_ANSWERED:
    if (!c)
      agent_answered (b, ev->leg_id);
    else if (g_strcmp0 (ev->leg_id, c->cust) == 0)
      cust_answered (b, c);
    break;
  case RD_SWITCH_EVENT_BRIDGED:
    if (c && !c->bridged) {
      c->bridged = TRUE;
      b->bridged++;
      b->up++;
      b->max_up = MAX (b->max_up, b->up);
      if (b->up == opt_calls) {
        g_print ("ALL_BRIDGED %d %.3f\n", b->up, g_get_monotonic_time () / 1e6);
        fflush (stdout);
      }
    }
    break;
  case RD_SWITCH_EVENT_FAILED:
  case RD_SWITCH_EVENT_BUSY:
  case RD_SWITCH_EVENT_NO_ANSWER:
    g_printerr ("leg %s: %s %u %s\n", ev->leg_id, rd_switch_event_type_name (ev->type),
                ev->sip_code, ev->cause ? ev->cause : "");
    b->failed++;
    break;
  case RD_SWITCH_EVENT_CLOSED:
    if (c)
      leg_closed (b, c, ev->leg_id);
    break;
  default:
    break;
  }
}

static gboolean
watchdog_cb (gpointer data)
{
  Bench *b = data;

  g_printerr ("WATCHDOG: %d of %d calls closed\n", b->closed, b->made);
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  int opt_port = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &opt_port, "SIP UDP port (0=random)", "N" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &opt_customer, "the customers' UAS", "URI" },
    { "calls", 0, 0, G_OPTION_ARG_INT, &opt_calls, "calls expected (ALL_BRIDGED at this many)", "N" },
    { "rec-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_rec_dir, "record each call here", "DIR" },
    { "timeout-s", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "give up after", "S" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autoptr (GOptionContext) oc = g_option_context_new ("- the switch under a load of bridged, recorded calls");
  g_autoptr (GError) error = NULL;
  RdSwitchConfig cfg = { "127.0.0.1", 0, NULL, TRUE };
  Bench b = { 0 };

  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || !opt_customer) {
    g_printerr ("%s\n", error ? error->message : "--customer is needed");
    return 2;
  }
  cfg.listen_port = (guint16) opt_port;
  b.loop = g_main_loop_new (NULL, FALSE);
  b.calls = g_hash_table_new (g_str_hash, g_str_equal);
  b.all = g_ptr_array_new_with_free_func (call_free);
  b.sw = rd_switch_new (&cfg, NULL, on_event, &b, &error);
  if (!b.sw) {
    g_printerr ("rd_switch_new: %s\n", error->message);
    return 1;
  }
  g_print ("LISTENING 127.0.0.1:%u\n", rd_switch_get_port (b.sw));
  fflush (stdout);
  g_timeout_add_seconds (opt_timeout, watchdog_cb, &b);
  g_main_loop_run (b.loop);
  rd_switch_free (b.sw);

  g_print ("RESULT calls=%d bridged=%d max_concurrent=%d closed=%d failed=%d\n",
           b.made, b.bridged, b.max_up, b.closed, b.failed);
  g_hash_table_unref (b.calls);
  g_ptr_array_unref (b.all);
  g_main_loop_unref (b.loop);
  return b.bridged >= opt_calls && b.failed == 0 ? 0 : 1;
}
