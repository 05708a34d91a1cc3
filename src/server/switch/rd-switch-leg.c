/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * RdLeg: one SIP dialog (libre sipsess) + its RTP socket + SDP offer/answer.
 * Runs on the libre thread only.
 */
#include <string.h>
#include "rd-switch-private.h"

#define RD_ALLOW_HDR "Allow: INVITE, ACK, BYE, CANCEL, INFO, OPTIONS\r\n"

static bool
msg_has_sdp (const struct sip_msg *msg)
{
  return msg && mbuf_get_left (msg->mb) > 0 &&
         msg_ctype_cmp (&msg->ctyp, "application", "sdp");
}

RdLeg *
rd_leg_new (RdSwitch *sw, const char *id, bool outgoing, int *errp)
{
  RdLeg *leg = g_new0 (RdLeg, 1);
  struct sa ip;
  int err;

  leg->sw = sw;
  leg->id = g_strdup (id);
  leg->serial = ++sw->leg_serial;
  leg->outgoing = outgoing;
  leg->telev_pt = -1;
  leg->tx_pt = 0;
  leg->close_cause = "local hangup";
  tmr_init (&leg->ring_tmr);
  tmr_init (&leg->cpt_tmr);

  err = sa_set_str (&ip, sw->listen_addr, 0);
  if (!err)
    err = rtp_listen (&leg->rtp, IPPROTO_UDP, &ip, 40000, 59999, false,
                      rd_media_recv, NULL, leg);
  if (!err)
    err = sdp_session_alloc (&leg->sdp, &ip);
  if (!err)
    err = sdp_media_add (&leg->sdpm, leg->sdp, sdp_media_audio,
                         sa_port (rtp_local (leg->rtp)), sdp_proto_rtpavp);
  if (!err)
    err = sdp_format_add (NULL, leg->sdpm, false, "0", "PCMU", 8000, 1,
                          NULL, NULL, NULL, false, NULL);
  if (!err)
    err = sdp_format_add (NULL, leg->sdpm, false, "8", "PCMA", 8000, 1,
                          NULL, NULL, NULL, false, NULL);
  if (!err)
    err = sdp_format_add (NULL, leg->sdpm, false, "101", telev_rtpfmt,
                          8000, 1, NULL, NULL, NULL, false, "0-15");
  if (!err)
    err = sdp_media_set_lattr (leg->sdpm, true, sdp_attr_ptime, "20");
  if (!err)
    err = telev_alloc (&leg->telev, TELEV_PTIME);
  if (err) {
    if (errp)
      *errp = err;
    rd_leg_free (leg);
    return NULL;
  }
  return leg;
}

/* GDestroyNotify of sw->legs.  mem_deref(sess) sends BYE (established) or
 * CANCEL (early, UAC); libre keeps the dialog alive internally until the
 * transaction completes and does NOT call our close handler afterwards. */
void
rd_leg_free (gpointer data)
{
  RdLeg *leg = data;

  tmr_cancel (&leg->ring_tmr);
  tmr_cancel (&leg->cpt_tmr);
  rd_media_cpt_stop (leg);
  rd_media_stop (leg);
  rd_recorder_stop (leg);           /* complete on disk before CLOSED is told */
  rd_mixer_detach (leg);
  rd_media_amd_stop (leg);
  rd_media_unbridge (leg);
  leg->closing = true;
  if (leg->sess)
    rd_switch_emit (leg->sw, RD_SWITCH_EVENT_CLOSED, leg->id, NULL, NULL, 0,
                    leg->close_cause, 0);
  leg->sess = mem_deref (leg->sess);
  leg->rtp = mem_deref (leg->rtp);
  leg->sdp = mem_deref (leg->sdp);     /* owns sdpm */
  leg->telev = mem_deref (leg->telev);
  g_free (leg->id);
  g_free (leg);
}

static int
offer_handler (struct mbuf **descp, const struct sip_msg *msg, void *arg)
{
  RdLeg *leg = arg;
  int err;

  /* re-INVITE with offer (or 2xx offer to an offer-less INVITE) */
  err = sdp_decode (leg->sdp, msg->mb, true);
  if (err)
    return err;
  err = rd_media_update (leg);
  if (err)
    return err;
  return sdp_encode (descp, leg->sdp, false);
}

static int
answer_handler (const struct sip_msg *msg, void *arg)
{
  RdLeg *leg = arg;
  int err;

  if (!msg_has_sdp (msg))
    return 0;
  err = sdp_decode (leg->sdp, msg->mb, false);
  if (err)
    return err;
  return rd_media_update (leg);
}

static void
progress_handler (const struct sip_msg *msg, void *arg)
{
  RdLeg *leg = arg;

  if (msg->scode != 180 && msg->scode != 183)
    return;
  /* libre 1.1.0 does not decode SDP in provisional responses: do it here */
  if (msg_has_sdp (msg) && sdp_decode (leg->sdp, msg->mb, false) == 0 &&
      rd_media_update (leg) == 0) {
    /* the carrier's tones come before any answer: listen to them */
    rd_media_cpt_start (leg);
    rd_switch_emit (leg->sw, RD_SWITCH_EVENT_EARLY_MEDIA, leg->id, NULL, NULL,
                    msg->scode, NULL, 0);
  } else
    rd_switch_emit (leg->sw, RD_SWITCH_EVENT_RINGING, leg->id, NULL, NULL,
                    msg->scode, NULL, 0);
}

static void
estab_handler (const struct sip_msg *msg, void *arg)
{
  RdLeg *leg = arg;

  (void) msg;
  if (tmr_isrunning (&leg->cpt_tmr))
    return;                         /* a tone decided first: the hangup is on its way (BYE) */
  tmr_cancel (&leg->ring_tmr);
  rd_media_cpt_stop (leg);
  leg->answered = true;
  rd_switch_emit_media (leg->sw, RD_SWITCH_EVENT_ANSWERED, leg->id, NULL,
                        leg->first_rx_us);
}

/* The Q.850 cause of @msg's Reason headers (RFC 3326), 0 without one. */
static bool
reason_hdr (const struct sip_hdr *hdr, const struct sip_msg *msg, void *arg)
{
  guint *cause = arg;
  g_autofree char *value = g_strndup (hdr->val.p, hdr->val.l);

  (void) msg;
  *cause = rd_outcome_parse_q850 (value);
  return *cause != 0;               /* the first one with a cause */
}

static guint
q850_cause (const struct sip_msg *msg)
{
  guint cause = 0;

  if (msg)
    (void) sip_msg_xhdr_apply (msg, true, "Reason", reason_hdr, &cause);
  return cause;
}

bool
rd_leg_bye_reason (const struct sip_msg *msg, void *arg)
{
  RdSwitch *sw = arg;
  GHashTableIter iter;
  gpointer value;
  guint cause;

  if (pl_strcmp (&msg->met, "BYE") != 0 || (cause = q850_cause (msg)) == 0)
    return false;
  g_hash_table_iter_init (&iter, sw->legs);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    RdLeg *leg = value;
    const char *callid = leg->sess ? sip_dialog_callid (sipsess_dialog (leg->sess)) : NULL;

    if (callid && pl_strcmp (&msg->callid, callid) == 0) {
      leg->bye_q850 = cause;
      break;
    }
  }
  return false;                     /* sipsess answers it and closes the session */
}

static void
close_handler (int err, const struct sip_msg *msg, void *arg)
{
  RdLeg *leg = arg;
  RdSwitch *sw = leg->sw;
  guint code = msg && !msg->req ? msg->scode : 0;

  if (!leg->answered && code >= 300) {
    /* the carrier's final answer, as the one table of outcomes reads it */
    RdOutcome outcome = rd_outcome_of_response (code, q850_cause (msg));
    g_autofree char *r = g_strndup (msg->reason.p, msg->reason.l);

    rd_switch_emit_outcome (sw, leg->id, outcome, code, r);
    leg->close_cause = outcome.cause;
  } else if (err && err != ECONNRESET) {
    if (!leg->answered)
      rd_switch_emit (sw, RD_SWITCH_EVENT_FAILED, leg->id, NULL, NULL, 0,
                      g_strerror (err), 0);
    leg->close_cause = err == ETIMEDOUT ? "timeout" : "error";
  } else {
    /* BYE received (libre: ECONNRESET, no message). One that says why (Reason: Q.850) on
     * a customer leg nobody was bridged to is the carrier's: it answered to play an
     * announcement, then hung up ("unallocated-number"). */
    RdOutcome outcome;

    leg->close_cause = "remote hangup";
    if (leg->outgoing && !leg->peer && rd_outcome_of_q850 (leg->bye_q850, &outcome))
      leg->close_cause = outcome.cause;
  }
  rd_switch_leg_remove (sw, leg);         /* frees leg, derefs sess */
}

static void
ring_timeout (void *arg)
{
  RdLeg *leg = arg;

  rd_switch_emit (leg->sw, RD_SWITCH_EVENT_NO_ANSWER, leg->id, NULL, NULL, 0,
                  NULL, 0);
  leg->close_cause = "no-answer";
  rd_switch_leg_remove (leg->sw, leg);    /* mem_deref(sess) -> CANCEL */
}

int
rd_leg_originate (RdLeg *leg, const char *target_uri, const char *caller_id,
                  guint ring_timeout_ms)
{
  RdSwitch *sw = leg->sw;
  struct mbuf *desc = NULL;
  g_autofree char *from_uri = NULL;
  g_autofree char *account = NULL;
  const char *routev[1];
  uint32_t routec = 0;
  int err;

  if (sw->trunk_uri && *sw->trunk_uri)
    routev[routec++] = sw->trunk_uri;
  account = rd_switch_account_uri (sw);
  /* With a trunk account the From is on its domain (carriers check it); the caller id is
   * the display name and the user part. */
  if (account)
    from_uri = g_strdup_printf ("sip:%s@%s", caller_id, strchr (account, '@') + 1);
  else
    from_uri = g_strdup_printf ("sip:%s@%s:%u", caller_id, sw->listen_addr,
                                sw->port);
  err = sdp_encode (&desc, leg->sdp, true);
  if (err)
    return err;
  err = sipsess_connect (&leg->sess, sw->sock, target_uri, caller_id,
                         from_uri, "ringdesk", routev, routec,
                         "application/sdp", desc,
                         sw->trunk_user ? rd_switch_auth : NULL, sw, false,
                         offer_handler, answer_handler, progress_handler,
                         estab_handler, NULL, NULL, close_handler, leg,
                         RD_ALLOW_HDR);
  mem_deref (desc);
  if (err)
    return err;
  if (ring_timeout_ms > 0)
    tmr_start (&leg->ring_tmr, ring_timeout_ms, ring_timeout, leg);
  return 0;
}

int
rd_leg_accept (RdLeg *leg, const struct sip_msg *msg)
{
  struct mbuf *desc = NULL;
  int err;

  /* Agent softphones always offer in the INVITE (an INVITE without SDP is refused 488). */
  if (!msg_has_sdp (msg))
    return EPROTO;
  err = sdp_decode (leg->sdp, msg->mb, true);
  if (err)
    return err;
  err = rd_media_update (leg);
  if (err)
    return err;
  err = sdp_encode (&desc, leg->sdp, false);
  if (err)
    return err;
  err = sipsess_accept (&leg->sess, leg->sw->sock, msg, 200, "OK",
                        "ringdesk", "application/sdp", desc, NULL, NULL,
                        false, offer_handler, answer_handler, estab_handler,
                        NULL, NULL, close_handler, leg, RD_ALLOW_HDR);
  mem_deref (desc);
  return err;
}

void
rd_leg_hangup (RdLeg *leg, guint q850_cause)
{
  if (leg->sess && leg->answered && q850_cause)
    (void) sipsess_set_close_headers (leg->sess,
                                      "Reason: Q.850;cause=%u\r\n",
                                      q850_cause);
  leg->close_cause = "local hangup";
  rd_switch_leg_remove (leg->sw, leg);
}
