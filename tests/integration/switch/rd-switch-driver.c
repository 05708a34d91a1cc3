/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Test driver for RdSwitch: GLib main loop, talks to the switch only through
 * the public rd-switch.h API.  Sequence:
 *   wait agent leg (baresip dials in, auto-answered)
 *   N x { originate customer (sipp UAS) -> on ANSWERED bridge to agent ->
 *         on first forwarded customer RTP: record connect time, hold, hangup }
 *   originate to busy UAS (expect BUSY 486)
 *   originate to no-answer UAS with ring timeout (expect RINGING, NO_ANSWER)
 *   play WAV prompt into the agent leg (expect PLAY_DONE)
 * Every step is bounded by a watchdog timeout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rd-switch.h"

typedef enum { ST_WAIT_AGENT, ST_CALLS, ST_DTMF, ST_BUSY, ST_NOANS, ST_PLAY, ST_END } St;

typedef struct {
  RdSwitch *sw;
  GMainLoop *loop;
  St st;
  char *agent;
  char cur[32];
  int call_i, calls_ok;
  gint64 t0, t_ans, t_bridged;
  GArray *connect_us, *bridge_us, *relay_us, *far_us;
  int early_rtp;
  guint watchdog;
  gboolean busy_ok, ring_seen, noans_ok, play_ok, agent_ok;
  guint busy_code;
  GString *dtmf;
} Driver;

static int opt_port = 0, opt_calls = 50, opt_hold = 300, opt_ring = 2000;
static char *opt_customer, *opt_dtmf, *opt_busy, *opt_noans, *opt_prompt, *opt_trunk;
static int opt_agent_wait = 20;

static void next_state (Driver *d);

static gboolean
on_watchdog (gpointer data)
{
  Driver *d = data;

  d->watchdog = 0;
  g_printerr ("WATCHDOG: state %d timed out (leg %s)\n", d->st, d->cur);
  if (d->st == ST_WAIT_AGENT || d->st == ST_END) {
    g_main_loop_quit (d->loop);
    return G_SOURCE_REMOVE;
  }
  if (d->cur[0])
    rd_switch_hangup (d->sw, d->cur, 16);
  d->cur[0] = 0;
  d->st++;
  next_state (d);
  return G_SOURCE_REMOVE;
}

static void
arm (Driver *d, guint ms)
{
  if (d->watchdog)
    g_source_remove (d->watchdog);
  d->watchdog = g_timeout_add (ms, on_watchdog, d);
}

static void
start_call (Driver *d)
{
  g_snprintf (d->cur, sizeof d->cur, "cust-%d", d->call_i);
  d->t_ans = d->t_bridged = 0;
  rd_switch_originate (d->sw, d->cur, opt_customer, "5551000", 10000);
  arm (d, 12000);
}

static gboolean
hangup_cur (gpointer data)
{
  Driver *d = data;

  if (d->cur[0])
    rd_switch_hangup (d->sw, d->cur, 16);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (((Driver *) data)->loop);
  return G_SOURCE_REMOVE;
}

static void
next_state (Driver *d)
{
  switch (d->st) {
  case ST_CALLS:
    if (opt_customer && d->call_i < opt_calls) {
      start_call (d);
      return;
    }
    d->st = ST_DTMF;
    /* fall through */
  case ST_DTMF:
    if (opt_dtmf && strcmp (d->cur, "dtmf-1") != 0 && d->dtmf->len == 0) {
      g_strlcpy (d->cur, "dtmf-1", sizeof d->cur);
      rd_switch_originate (d->sw, d->cur, opt_dtmf, "5551000", 10000);
      arm (d, 8000);
      return;
    }
    d->st = ST_BUSY;
    /* fall through */
  case ST_BUSY:
    if (opt_busy && !d->busy_code) {
      g_strlcpy (d->cur, "busy-1", sizeof d->cur);
      rd_switch_originate (d->sw, d->cur, opt_busy, "5551000", 10000);
      arm (d, 8000);
      return;
    }
    d->st = ST_NOANS;
    /* fall through */
  case ST_NOANS:
    if (opt_noans && !d->noans_ok && strcmp (d->cur, "noans-1") != 0) {
      g_strlcpy (d->cur, "noans-1", sizeof d->cur);
      rd_switch_originate (d->sw, d->cur, opt_noans, "5551000", opt_ring);
      arm (d, opt_ring + 6000);
      return;
    }
    d->st = ST_PLAY;
    /* fall through */
  case ST_PLAY:
    d->cur[0] = 0;
    if (opt_prompt && !d->play_ok) {
      rd_switch_play (d->sw, d->agent, opt_prompt);
      arm (d, 10000);
      return;
    }
    d->st = ST_END;
    /* fall through */
  case ST_END:
    rd_switch_hangup (d->sw, d->agent, 16);
    arm (d, 3000);
    g_timeout_add (1000, quit_cb, d);
    return;
  case ST_WAIT_AGENT:
    break;
  }
}

static void
on_event (const RdSwitchEvent *ev, gpointer data)
{
  Driver *d = data;
  gboolean is_cur = d->cur[0] && g_strcmp0 (ev->leg_id, d->cur) == 0;

  g_print ("EV +%8.3f ms %-15s leg=%s peer=%s code=%u cause=%s%s%c uri=%s\n",
           (ev->timestamp_us - d->t0) / 1000.0,
           rd_switch_event_type_name (ev->type), ev->leg_id,
           ev->peer_leg_id ? ev->peer_leg_id : "-", ev->sip_code,
           ev->cause ? ev->cause : "-", ev->digit ? " digit=" : "",
           ev->digit ? ev->digit : ' ', ev->remote_uri ? ev->remote_uri : "-");

  switch (ev->type) {
  case RD_SWITCH_EVENT_INCOMING:
    if (!d->agent)
      d->agent = g_strdup (ev->leg_id);
    break;
  case RD_SWITCH_EVENT_ANSWERED:
    if (d->st == ST_WAIT_AGENT && g_strcmp0 (ev->leg_id, d->agent) == 0) {
      d->agent_ok = TRUE;
      d->st = ST_CALLS;
      next_state (d);
    } else if (d->st == ST_CALLS && is_cur) {
      d->t_ans = ev->timestamp_us;
      if (ev->media_rx_us)
        d->early_rtp++;             /* RTP arrived before 200 OK: dropped */
      rd_switch_bridge (d->sw, d->agent, d->cur);
    }
    break;
  case RD_SWITCH_EVENT_BRIDGED:
    if (d->st == ST_CALLS && g_strcmp0 (ev->peer_leg_id, d->cur) == 0)
      d->t_bridged = ev->timestamp_us;
    break;
  case RD_SWITCH_EVENT_MEDIA_FORWARDED:
    if (d->st == ST_CALLS && is_cur && d->t_ans) {
      gint64 c = ev->timestamp_us - d->t_ans, b = d->t_bridged - d->t_ans;
      g_array_append_val (d->connect_us, c);
      gint64 r = ev->timestamp_us - ev->media_rx_us;
      gint64 f = ev->media_rx_us - d->t_ans;
      g_array_append_val (d->bridge_us, b);
      g_array_append_val (d->relay_us, r);
      g_array_append_val (d->far_us, f);
      d->calls_ok++;
      g_timeout_add (opt_hold, hangup_cur, d);
    }
    break;
  case RD_SWITCH_EVENT_BUSY:
    if (d->st == ST_BUSY && is_cur)
      d->busy_code = ev->sip_code;
    break;
  case RD_SWITCH_EVENT_RINGING:
  case RD_SWITCH_EVENT_EARLY_MEDIA:
    if (d->st == ST_NOANS && is_cur)
      d->ring_seen = TRUE;
    break;
  case RD_SWITCH_EVENT_NO_ANSWER:
    if (d->st == ST_NOANS && is_cur)
      d->noans_ok = TRUE;
    break;
  case RD_SWITCH_EVENT_MONITORING:   /* the driver puts no supervisor on, */
  case RD_SWITCH_EVENT_AMD:          /* nor a machine detector, */
  case RD_SWITCH_EVENT_REGISTERED:   /* nor a trunk account */
  case RD_SWITCH_EVENT_REFUSED:      /* nor numbers to refuse */
    break;
  case RD_SWITCH_EVENT_PLAY_DONE:
    if (d->st == ST_PLAY && g_strcmp0 (ev->leg_id, d->agent) == 0) {
      d->play_ok = TRUE;
      d->st = ST_END;
      next_state (d);
    }
    break;
  case RD_SWITCH_EVENT_DTMF:
    g_string_append_c (d->dtmf, ev->digit);
    if (d->st == ST_DTMF && is_cur)
      rd_switch_hangup (d->sw, d->cur, 16);
    break;
  case RD_SWITCH_EVENT_CLOSED:
    if (is_cur) {
      d->cur[0] = 0;
      if (d->st == ST_CALLS)
        d->call_i++;
      else if (d->st == ST_DTMF || d->st == ST_BUSY || d->st == ST_NOANS)
        d->st++;
      next_state (d);
    } else if (g_strcmp0 (ev->leg_id, d->agent) == 0 && d->st != ST_END) {
      g_printerr ("agent leg closed early\n");
      g_main_loop_quit (d->loop);
    }
    break;
  case RD_SWITCH_EVENT_FAILED:
    break;
  }
}

static int
cmp64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
pct (GArray *a, double p)
{
  guint i;

  if (a->len == 0)
    return -1;
  g_array_sort (a, cmp64);
  i = (guint) (p * (a->len - 1) + 0.5);
  return g_array_index (a, gint64, i) / 1000.0;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &opt_port, "SIP UDP port (0=random)", "N" },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &opt_customer, "answering UAS uri", "URI" },
    { "dtmf", 0, 0, G_OPTION_ARG_STRING, &opt_dtmf, "UAS sending RFC 2833 '1'", "URI" },
    { "busy", 0, 0, G_OPTION_ARG_STRING, &opt_busy, "486 UAS uri", "URI" },
    { "noanswer", 0, 0, G_OPTION_ARG_STRING, &opt_noans, "ringing UAS uri", "URI" },
    { "prompt", 0, 0, G_OPTION_ARG_FILENAME, &opt_prompt, "WAV to play to agent", "F" },
    { "calls", 0, 0, G_OPTION_ARG_INT, &opt_calls, "customer calls", "N" },
    { "hold-ms", 0, 0, G_OPTION_ARG_INT, &opt_hold, "bridged hold time", "MS" },
    { "ring-timeout", 0, 0, G_OPTION_ARG_INT, &opt_ring, "no-answer timeout", "MS" },
    { "agent-wait", 0, 0, G_OPTION_ARG_INT, &opt_agent_wait, "s to wait for agent", "S" },
    { "trunk", 0, 0, G_OPTION_ARG_STRING, &opt_trunk, "outbound proxy (Route) for customer legs", "URI" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autoptr (GOptionContext) oc = g_option_context_new ("- drives RdSwitch against sipp customers and a baresip agent");
  g_autoptr (GError) error = NULL;
  RdSwitchConfig cfg = { "127.0.0.1", 0, NULL, TRUE };
  Driver d = { 0 };
  gboolean ok;

  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  cfg.listen_port = (guint16) opt_port;
  cfg.trunk_uri = opt_trunk;
  d.loop = g_main_loop_new (NULL, FALSE);
  d.connect_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.bridge_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.relay_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.far_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.dtmf = g_string_new (NULL);
  d.t0 = g_get_monotonic_time ();
  d.sw = rd_switch_new (&cfg, NULL, on_event, &d, &error);
  if (!d.sw) {
    g_printerr ("rd_switch_new: %s\n", error->message);
    return 1;
  }
  g_print ("LISTENING 127.0.0.1:%u\n", rd_switch_get_port (d.sw));
  fflush (stdout);
  arm (&d, opt_agent_wait * 1000);
  g_main_loop_run (d.loop);
  rd_switch_free (d.sw);

  g_print ("RESULT agent_leg=%s\n", d.agent_ok ? "ok" : "FAIL");
  g_print ("RESULT calls_bridged=%d/%d\n", d.calls_ok, opt_customer ? opt_calls : 0);
  g_print ("RESULT connect_ms(200OK->first fwd RTP) p50=%.3f p99=%.3f max=%.3f n=%u\n",
           pct (d.connect_us, 0.5), pct (d.connect_us, 0.99),
           pct (d.connect_us, 1.0), d.connect_us->len);
  g_print ("RESULT bridge_ms(200OK->bridge installed via GLib) p50=%.3f p99=%.3f max=%.3f\n",
           pct (d.bridge_us, 0.5), pct (d.bridge_us, 0.99), pct (d.bridge_us, 1.0));
  g_print ("RESULT far_end_ms(200OK->first customer RTP arrives) p50=%.3f p99=%.3f max=%.3f\n",
           pct (d.far_us, 0.5), pct (d.far_us, 0.99), pct (d.far_us, 1.0));
  g_print ("RESULT relay_us(RTP arrival->relayed to agent) p50=%.1f p99=%.1f max=%.1f\n",
           pct (d.relay_us, 0.5) * 1000, pct (d.relay_us, 0.99) * 1000,
           pct (d.relay_us, 1.0) * 1000);
  g_print ("RESULT rtp_before_200ok=%d\n", d.early_rtp);
  g_print ("RESULT busy=%s code=%u\n", !opt_busy ? "skipped" : d.busy_code == 486 ? "ok" : "FAIL", d.busy_code);
  g_print ("RESULT noanswer=%s ringing_seen=%d\n", !opt_noans ? "skipped" : (d.noans_ok && d.ring_seen) ? "ok" : "FAIL", d.ring_seen);
  g_print ("RESULT play_done=%s\n", !opt_prompt ? "skipped" : d.play_ok ? "ok" : "FAIL");
  g_print ("RESULT dtmf=\"%s\"\n", d.dtmf->str);
  ok = d.agent_ok && (!opt_customer || d.calls_ok == opt_calls) &&
       (!opt_busy || d.busy_code == 486) && (!opt_noans || (d.noans_ok && d.ring_seen)) &&
       (!opt_prompt || d.play_ok) &&
       (!opt_dtmf || strcmp (d.dtmf->str, "1") == 0);
  g_array_unref (d.connect_us);
  g_array_unref (d.bridge_us);
  g_array_unref (d.relay_us);
  g_array_unref (d.far_us);
  g_string_free (d.dtmf, TRUE);
  g_free (d.agent);
  g_main_loop_unref (d.loop);
  return ok ? 0 : 1;
}
