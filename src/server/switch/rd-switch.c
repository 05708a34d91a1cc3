/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * RdSwitch: owns the libre thread, the SIP stack and the sipsess socket.
 *
 * Threading contract (libre 1.1.0):
 *  - libre_init() + re_thread_init() run on the libre thread, which then owns
 *    its own struct re (fd table, timer list).  A thread that never called
 *    re_thread_init() silently falls back to libre's *global* struct re, so
 *    a stray tmr_start()/fd_listen()/re_cancel() from the GLib thread would
 *    not fail: it would act on a different loop.  Hence: no libre call from
 *    the GLib thread except mqueue_push() (pipe write, documented as safe
 *    from any thread).
 *  - The mqueue itself is allocated on the libre thread (mqueue_alloc()
 *    does fd_listen() on the calling thread's loop).
 *  - Events go back through a GAsyncQueue and one persistent GSource whose
 *    ready time is set from the libre thread (g_source_set_ready_time() takes
 *    the context lock and wakes the context).
 */
#include <string.h>
#include <sys/resource.h>
#include <gio/gio.h>
#include "rd-switch-private.h"

/* ---------------------------------------------------------------- events */

typedef struct {
  GSource parent;
  RdSwitch *sw;
} RdEventSource;

static void
event_free (RdSwitchEvent *ev)
{
  g_free (ev->leg_id);
  g_free (ev->peer_leg_id);
  g_free (ev->remote_uri);
  g_free (ev->request_uri);
  g_free (ev->cause);
  g_free (ev->detail);
  g_free (ev);
}

static gboolean
event_source_dispatch (GSource *source, GSourceFunc cb, gpointer data)
{
  RdSwitch *sw = ((RdEventSource *) source)->sw;
  RdSwitchEvent *ev;

  (void) cb;
  (void) data;
  g_source_set_ready_time (source, -1);
  while ((ev = g_async_queue_try_pop (sw->events)) != NULL) {
    if (sw->callback)
      sw->callback (ev, sw->user_data);
    event_free (ev);
  }
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs event_source_funcs = {
  .dispatch = event_source_dispatch,
};

static void
emit_full (RdSwitch *sw, RdSwitchEventType type, const char *leg_id,
           const char *peer, const char *remote_uri, guint code,
           const char *cause, char digit, gint64 media_rx_us,
           const char *request_uri)
{
  RdSwitchEvent *ev = g_new0 (RdSwitchEvent, 1);

  ev->request_uri = g_strdup (request_uri);
  ev->media_rx_us = media_rx_us;
  ev->type = type;
  ev->timestamp_us = g_get_monotonic_time ();
  ev->leg_id = g_strdup (leg_id);
  ev->peer_leg_id = g_strdup (peer);
  ev->remote_uri = g_strdup (remote_uri);
  ev->sip_code = code;
  ev->cause = g_strdup (cause);
  ev->digit = digit;
  g_async_queue_push (sw->events, ev);
  g_source_set_ready_time (sw->event_source, 0);
}

/* The AMD decision of @leg_id (libre thread). */
void
rd_switch_emit_amd (RdSwitch *sw, const char *leg_id, const char *result,
                    const char *reason, guint ms)
{
  RdSwitchEvent *ev = g_new0 (RdSwitchEvent, 1);

  ev->type = RD_SWITCH_EVENT_AMD;
  ev->timestamp_us = g_get_monotonic_time ();
  ev->leg_id = g_strdup (leg_id);
  ev->cause = g_strdup (result);
  ev->detail = g_strdup (reason);
  ev->sip_code = ms;
  g_async_queue_push (sw->events, ev);
  g_source_set_ready_time (sw->event_source, 0);
}

/* What a call attempt came to (rd-switch-outcome.h), libre thread. */
void
rd_switch_emit_outcome (RdSwitch *sw, const char *leg_id, RdOutcome outcome,
                        guint code, const char *detail)
{
  RdSwitchEvent *ev = g_new0 (RdSwitchEvent, 1);

  ev->type = outcome.kind == RD_OUTCOME_BUSY ? RD_SWITCH_EVENT_BUSY
             : outcome.kind == RD_OUTCOME_NO_ANSWER ? RD_SWITCH_EVENT_NO_ANSWER
             : RD_SWITCH_EVENT_FAILED;
  ev->timestamp_us = g_get_monotonic_time ();
  ev->leg_id = g_strdup (leg_id);
  ev->sip_code = code;
  ev->cause = g_strdup (outcome.cause);
  ev->detail = g_strdup (detail);
  g_async_queue_push (sw->events, ev);
  g_source_set_ready_time (sw->event_source, 0);
}

/* Any thread (used from the libre thread). */
void
rd_switch_emit (RdSwitch *sw, RdSwitchEventType type, const char *leg_id,
                const char *peer, const char *remote_uri, guint code,
                const char *cause, char digit)
{
  emit_full (sw, type, leg_id, peer, remote_uri, code, cause, digit, 0, NULL);
}

void
rd_switch_emit_media (RdSwitch *sw, RdSwitchEventType type,
                      const char *leg_id, const char *peer, gint64 media_rx_us)
{
  emit_full (sw, type, leg_id, peer, NULL, 0, NULL, 0, media_rx_us, NULL);
}

const char *
rd_switch_event_type_name (RdSwitchEventType type)
{
  static const char *names[] = {
    "incoming", "ringing", "early-media", "answered", "busy", "no-answer",
    "failed", "closed", "dtmf", "bridged", "media-forwarded", "play-done",
    "monitoring", "amd", "registered", "refused",
  };
  if ((guint) type < G_N_ELEMENTS (names))
    return names[type];
  return "?";
}

/* ------------------------------------------------------ libre thread side */

void
rd_switch_leg_remove (RdSwitch *sw, RdLeg *leg)
{
  g_hash_table_remove (sw->legs, leg->id);
}

/* A user part that is a number (an optional + and 3 to 15 digits) must be one of the
 * numbers set; anything else (an agent's token) is not judged here. */
static bool
number_allowed (RdSwitch *sw, const struct pl *user)
{
  g_autofree char *u = g_strndup (user->p, user->l);
  const char *digits = u[0] == '+' ? u + 1 : u;
  size_t n = strlen (digits);
  bool ok;

  if (n < 3 || n > 15 || strspn (digits, "0123456789") != n)
    return true;
  g_mutex_lock (&sw->numbers_lock);
  ok = sw->numbers == NULL || g_hash_table_contains (sw->numbers, u);
  g_mutex_unlock (&sw->numbers_lock);
  return ok;
}

void
rd_switch_set_numbers (RdSwitch *sw, const char * const *numbers)
{
  GHashTable *set = NULL;

  if (numbers != NULL) {
    set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; numbers[i] != NULL; i++)
      g_hash_table_add (set, g_strdup (numbers[i]));
  }
  g_mutex_lock (&sw->numbers_lock);
  g_clear_pointer (&sw->numbers, g_hash_table_unref);
  sw->numbers = set;
  g_mutex_unlock (&sw->numbers_lock);
}

static void
conn_handler (const struct sip_msg *msg, void *arg)
{
  RdSwitch *sw = arg;
  g_autofree char *id = NULL;
  g_autofree char *from = NULL;
  g_autofree char *ruri = NULL;
  RdLeg *leg;
  int err = 0;

  id = g_strdup_printf ("in-%u", ++sw->in_seq);
  from = g_strndup (msg->from.auri.p, msg->from.auri.l);
  ruri = g_strndup (msg->ruri.p, msg->ruri.l);

  if (!sw->auto_answer) {
    (void) sip_treply (NULL, sw->sip, msg, 480, "Temporarily Unavailable");
    return;
  }
  if (!number_allowed (sw, &msg->uri.user)) {
    (void) sip_treply (NULL, sw->sip, msg, 404, "Not Found");
    emit_full (sw, RD_SWITCH_EVENT_REFUSED, id, NULL, from, 404, "no such number", 0, 0, ruri);
    return;
  }
  leg = rd_leg_new (sw, id, false, &err);
  if (!leg) {
    (void) sip_treply (NULL, sw->sip, msg, 500, "Server Error");
    return;
  }
  g_hash_table_insert (sw->legs, leg->id, leg);
  emit_full (sw, RD_SWITCH_EVENT_INCOMING, id, NULL, from, 0, NULL, 0, 0, ruri);

  err = rd_leg_accept (leg, msg);
  if (err) {
    (void) sip_treply (NULL, sw->sip, msg, 488, "Not Acceptable Here");
    rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, id, NULL, NULL, 488,
                    "offer rejected", 0);
    g_hash_table_remove (sw->legs, id);
  }
}

static void
sip_exit_handler (void *arg)
{
  RdSwitch *sw = arg;

  /* libre 1.1.0: on the last deref after sip_close(sip,false) the sip
   * destructor re-refs itself and calls us; one more mem_deref() frees it. */
  sw->sip_exited = true;
  re_cancel ();
}

static void
quit_timeout (void *arg)
{
  RdSwitch *sw = arg;

  /* A peer that never answers our CANCEL or BYE would keep its transaction,
   * and with it the sip stack, alive for 64*T1: abort what is left, which
   * drops the last references and brings sip_exit_handler(); re_cancel()
   * only if even that does not come. */
  if (!sw->quit_forced) {
    sw->quit_forced = true;
    sip_close (sw->sip, true);
    tmr_start (&sw->quit_tmr, 500, quit_timeout, sw);
    return;
  }
  re_cancel ();
}

static RdLeg *
find_leg (RdSwitch *sw, const char *id)
{
  return id ? g_hash_table_lookup (sw->legs, id) : NULL;
}

static void
cmd_free (RdCmd *c)
{
  g_free (c->leg_id);
  g_free (c->leg_b);
  g_free (c->uri);
  g_free (c->caller_id);
  g_free (c->path);
  g_free (c);
}

static void
mqueue_handler (int id, void *data, void *arg)
{
  RdSwitch *sw = arg;
  RdCmd *c = data;
  RdLeg *leg, *b;
  int err;

  switch ((RdCmdOp) id) {
  case RD_CMD_ORIGINATE:
    if (find_leg (sw, c->leg_id)) {
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "duplicate leg id", 0);
      break;
    }
    leg = rd_leg_new (sw, c->leg_id, true, &err);
    if (!leg) {
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "leg alloc failed", 0);
      break;
    }
    g_hash_table_insert (sw->legs, leg->id, leg);
    err = rd_leg_originate (leg, c->uri, c->caller_id, c->timeout_ms);
    if (err) {
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "sipsess_connect failed", 0);
      g_hash_table_remove (sw->legs, c->leg_id);
    }
    break;
  case RD_CMD_HANGUP:
    leg = find_leg (sw, c->leg_id);
    if (leg)
      rd_leg_hangup (leg, c->cause);
    break;
  case RD_CMD_BRIDGE:
    leg = find_leg (sw, c->leg_id);
    b = find_leg (sw, c->leg_b);
    if (leg && b && rd_media_bridge (leg, b) == 0)
      rd_switch_emit (sw, RD_SWITCH_EVENT_BRIDGED, c->leg_id, c->leg_b, NULL,
                      0, NULL, 0);
    else
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, c->leg_b, NULL,
                      0, "bridge failed", 0);
    break;
  case RD_CMD_PLAY:
    leg = find_leg (sw, c->leg_id);
    if (!leg || rd_media_play (leg, c->path) != 0)
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "play failed", 0);
    break;
  case RD_CMD_RECORD:
    leg = find_leg (sw, c->leg_id);
    if (!leg || rd_recorder_start (leg, c->path) != 0)
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "record failed", 0);
    break;
  case RD_CMD_MONITOR:
    leg = find_leg (sw, c->leg_id);
    b = find_leg (sw, c->leg_b);
    if (leg && b && rd_mixer_attach (leg, b, (RdSwitchMonitorMode) c->mode) == 0)
      rd_switch_emit (sw, RD_SWITCH_EVENT_MONITORING, c->leg_id, c->leg_b, NULL,
                      (guint) c->mode, NULL, 0);
    else
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, c->leg_b, NULL, 0,
                      "monitor failed", 0);
    break;
  case RD_CMD_AMD:
    leg = find_leg (sw, c->leg_id);
    if (!leg || rd_media_amd_start (leg) != 0)
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, c->leg_id, NULL, NULL, 0,
                      "amd failed", 0);
    break;
  case RD_CMD_QUIT:
    /* BYE/CANCEL everything, then let the transactions drain (max 2 s). */
    g_hash_table_remove_all (sw->legs);
    sw->reg = mem_deref (sw->reg);  /* un-REGISTERs (expires 0) */
    sw->sock = mem_deref (sw->sock);
  sw->bye_lsnr = mem_deref (sw->bye_lsnr);
    sw->bye_lsnr = mem_deref (sw->bye_lsnr);
    sw->sip_closing = true;
    sip_close (sw->sip, false);     /* NB: drops our reference */
    tmr_start (&sw->quit_tmr, 2000, quit_timeout, sw);
    break;
  }
  cmd_free (c);
}

int
rd_switch_auth (char **username, char **password, const char *realm, void *arg)
{
  RdSwitch *sw = arg;
  int err;

  (void) realm;
  if (!sw->trunk_user)
    return EAUTH;                   /* no account: the challenge stands */
  err = str_dup (username, sw->trunk_user);
  if (!err)
    err = str_dup (password, sw->trunk_password ? sw->trunk_password : "");
  return err;
}

char *
rd_switch_account_uri (RdSwitch *sw)
{
  const char *host = sw->registrar;
  const char *colon = host ? strrchr (host, ':') : NULL;

  if (!sw->trunk_user || !host)
    return NULL;
  return g_strdup_printf ("sip:%s@%.*s", sw->trunk_user,
                          (int) (colon ? colon - host : (long) strlen (host)), host);
}

static void
register_handler (int err, const struct sip_msg *msg, void *arg)
{
  RdSwitch *sw = arg;

  if (err)
    rd_switch_emit (sw, RD_SWITCH_EVENT_REGISTERED, NULL, NULL, NULL, 0,
                    g_strerror (err), 0);
  else if (msg->scode >= 200) {
    g_autofree char *reason = g_strndup (msg->reason.p, msg->reason.l);

    rd_switch_emit (sw, RD_SWITCH_EVENT_REGISTERED, NULL, NULL, NULL, msg->scode,
                    reason, 0);
  }
}

static int
register_trunk (RdSwitch *sw)
{
  g_autofree char *registrar = NULL;
  g_autofree char *aor = rd_switch_account_uri (sw);

  if (!aor || sw->register_expires == 0)
    return 0;
  registrar = g_strdup_printf ("sip:%s", sw->registrar);
  /* libre keeps it registered: it re-registers before expiry and retries a failure */
  return sipreg_register (&sw->reg, sw->sip, registrar, aor, NULL, aor,
                          sw->register_expires, sw->trunk_user, NULL, 0, 0,
                          rd_switch_auth, sw, false, register_handler, sw,
                          NULL, NULL);
}

static int
stack_init (RdSwitch *sw)
{
  struct sa laddr;
  int err;

  err = sa_set_str (&laddr, sw->listen_addr, sw->port);
  if (err)
    return err;
  err = sip_alloc (&sw->sip, NULL, 32, 32, 32, "Ringdesk-proto/0.1",
                   sip_exit_handler, sw);
  if (err)
    return err;
  err = sip_transp_add (sw->sip, SIP_TRANSP_UDP, &laddr);
  if (err)
    return err;
  err = sip_transp_laddr (sw->sip, &laddr, SIP_TRANSP_UDP, NULL);
  if (err)
    return err;
  sw->port = sa_port (&laddr);
  /* listeners see requests in the order they were added: this one before sipsess's */
  err = sip_listen (&sw->bye_lsnr, sw->sip, true, rd_leg_bye_reason, sw);
  if (err)
    return err;
  err = sipsess_listen (&sw->sock, sw->sip, 32, conn_handler, sw);
  if (err)
    return err;
  err = mqueue_alloc (&sw->mq, mqueue_handler, sw);
  if (err)
    return err;
  return register_trunk (sw);
}

/* libre's fd table holds 1024 fds unless told otherwise (fd_listen then refuses with
 * "Max 1024 fds"), and a bridged, recorded call holds four (two RTP sockets, the recording,
 * SIP), so the switch stopped at about 250 calls. Size the table to the process's file limit,
 * raised to its hard limit. Before the first fd_listen: the size is fixed by then. */
static void
size_fd_table (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0)
    return;
  if (rl.rlim_cur < MIN (rl.rlim_max, 65536)) {
    rl.rlim_cur = MIN (rl.rlim_max, 65536);
    (void) setrlimit (RLIMIT_NOFILE, &rl);
    (void) getrlimit (RLIMIT_NOFILE, &rl);
  }
  if (rl.rlim_cur > 1024)
    (void) fd_setsize ((int) MIN (rl.rlim_cur, 65536));
}

static gpointer
re_thread_main (gpointer data)
{
  RdSwitch *sw = data;
  int err;

  err = libre_init ();
  if (!err)
    err = re_thread_init ();
  if (!err) {
    size_fd_table ();
    sw->legs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      rd_leg_free);
    err = stack_init (sw);
  }

  g_mutex_lock (&sw->lock);
  sw->init_err = err;
  sw->ready = TRUE;
  g_cond_signal (&sw->cond);
  g_mutex_unlock (&sw->lock);

  if (!err)
    (void) re_main (NULL);          /* NULL: no signal() handlers installed */

  tmr_cancel (&sw->quit_tmr);
  if (sw->legs)
    g_hash_table_destroy (sw->legs);
  sw->legs = NULL;
  sw->reg = mem_deref (sw->reg);
  sw->sock = mem_deref (sw->sock);
  sw->bye_lsnr = mem_deref (sw->bye_lsnr);
  if (!sw->sip_closing || sw->sip_exited)
    mem_deref (sw->sip);
  sw->sip = NULL;
  sw->mq = mem_deref (sw->mq);
  re_thread_close ();
  libre_close ();
  return NULL;
}

/* --------------------------------------------------------- GLib side API */

RdSwitch *
rd_switch_new (const RdSwitchConfig *config, GMainContext *context,
               RdSwitchEventFunc callback, gpointer user_data, GError **error)
{
  RdSwitch *sw = g_new0 (RdSwitch, 1);
  RdEventSource *src;

  sw->listen_addr = g_strdup (config->listen_addr ? config->listen_addr
                                                  : "127.0.0.1");
  sw->port = config->listen_port;
  sw->trunk_uri = g_strdup (config->trunk_uri);
  sw->auto_answer = config->auto_answer;
  sw->trunk_user = g_strdup (config->trunk_user);
  sw->trunk_password = g_strdup (config->trunk_password);
  sw->registrar = g_strdup (config->registrar);
  sw->register_expires = config->register_expires;
  sw->callback = callback;
  sw->user_data = user_data;
  sw->context = context ? g_main_context_ref (context)
                        : g_main_context_ref_thread_default ();
  sw->events = g_async_queue_new ();
  src = (RdEventSource *) g_source_new (&event_source_funcs,
                                        sizeof (RdEventSource));
  src->sw = sw;
  sw->event_source = (GSource *) src;
  g_source_set_name (sw->event_source, "RdSwitch events");
  g_source_set_ready_time (sw->event_source, -1);
  g_source_attach (sw->event_source, sw->context);
  g_mutex_init (&sw->lock);
  g_cond_init (&sw->cond);
  g_mutex_init (&sw->numbers_lock);

  sw->thread = g_thread_try_new ("rd-switch-re", re_thread_main, sw, error);
  if (!sw->thread) {
    rd_switch_free (sw);
    return NULL;
  }
  g_mutex_lock (&sw->lock);
  while (!sw->ready)
    g_cond_wait (&sw->cond, &sw->lock);
  g_mutex_unlock (&sw->lock);

  if (sw->init_err) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (sw->init_err),
                 "libre stack init failed: %s", g_strerror (sw->init_err));
    g_thread_join (sw->thread);
    sw->thread = NULL;
    rd_switch_free (sw);
    return NULL;
  }
  return sw;
}

static gboolean
push (RdSwitch *sw, RdCmdOp op, RdCmd *c)
{
  int err = mqueue_push (sw->mq, op, c);

  if (err) {                        /* pipe full (EAGAIN) or closed */
    g_warning ("rd-switch: mqueue_push(%d): %s", op, g_strerror (err));
    cmd_free (c);
    return FALSE;
  }
  return TRUE;
}

void
rd_switch_free (RdSwitch *sw)
{
  RdSwitchEvent *ev;

  if (!sw)
    return;
  if (sw->thread) {
    if (push (sw, RD_CMD_QUIT, g_new0 (RdCmd, 1)))
      g_thread_join (sw->thread);
    sw->thread = NULL;
  }
  if (sw->event_source) {
    g_source_destroy (sw->event_source);
    g_source_unref (sw->event_source);
  }
  while ((ev = g_async_queue_try_pop (sw->events)) != NULL)
    event_free (ev);
  g_async_queue_unref (sw->events);
  g_main_context_unref (sw->context);
  g_mutex_clear (&sw->lock);
  g_cond_clear (&sw->cond);
  g_clear_pointer (&sw->numbers, g_hash_table_unref);
  g_mutex_clear (&sw->numbers_lock);
  g_free (sw->listen_addr);
  g_free (sw->trunk_uri);
  g_free (sw->trunk_user);
  if (sw->trunk_password)
    memset (sw->trunk_password, 0, strlen (sw->trunk_password));
  g_free (sw->trunk_password);
  g_free (sw->registrar);
  g_free (sw);
}

guint16
rd_switch_get_port (RdSwitch *sw)
{
  return sw->port;
}

gboolean
rd_switch_originate (RdSwitch *sw, const char *leg_id, const char *target_uri,
                     const char *caller_id, guint ring_timeout_ms)
{
  RdCmd *c;

  g_return_val_if_fail (leg_id && target_uri, FALSE);
  c = g_new0 (RdCmd, 1);
  c->leg_id = g_strdup (leg_id);
  c->uri = g_strdup (target_uri);
  c->caller_id = g_strdup (caller_id ? caller_id : "ringdesk");
  c->timeout_ms = ring_timeout_ms;
  return push (sw, RD_CMD_ORIGINATE, c);
}

gboolean
rd_switch_hangup (RdSwitch *sw, const char *leg_id, guint q850_cause)
{
  RdCmd *c = g_new0 (RdCmd, 1);

  c->leg_id = g_strdup (leg_id);
  c->cause = q850_cause;
  return push (sw, RD_CMD_HANGUP, c);
}

gboolean
rd_switch_bridge (RdSwitch *sw, const char *leg_a, const char *leg_b)
{
  RdCmd *c = g_new0 (RdCmd, 1);

  c->leg_id = g_strdup (leg_a);
  c->leg_b = g_strdup (leg_b);
  return push (sw, RD_CMD_BRIDGE, c);
}

/* A command on one leg with a file: play it, record into it. */
static gboolean
push_leg_file (RdSwitch *sw, RdCmdOp op, const char *leg_id, const char *wav_path)
{
  RdCmd *c = g_new0 (RdCmd, 1);

  c->leg_id = g_strdup (leg_id);
  c->path = g_strdup (wav_path);
  return push (sw, op, c);
}

gboolean
rd_switch_detect_machine (RdSwitch *sw, const char *leg_id)
{
  RdCmd *c = g_new0 (RdCmd, 1);

  c->leg_id = g_strdup (leg_id);
  return push (sw, RD_CMD_AMD, c);
}

gboolean
rd_switch_play (RdSwitch *sw, const char *leg_id, const char *wav_path)
{
  return push_leg_file (sw, RD_CMD_PLAY, leg_id, wav_path);
}

gboolean
rd_switch_record (RdSwitch *sw, const char *leg_id, const char *wav_path)
{
  return push_leg_file (sw, RD_CMD_RECORD, leg_id, wav_path);
}

gboolean
rd_switch_monitor (RdSwitch *sw, const char *supervisor_leg, const char *agent_leg,
                   RdSwitchMonitorMode mode)
{
  RdCmd *c = g_new0 (RdCmd, 1);

  c->leg_id = g_strdup (supervisor_leg);
  c->leg_b = g_strdup (agent_leg);
  c->mode = (int) mode;
  return push (sw, RD_CMD_MONITOR, c);
}
