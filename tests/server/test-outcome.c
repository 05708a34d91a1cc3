/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <glib.h>

#include "rd-switch-outcome.h"

/* The table of call outcomes: carriers' SIP codes, Q.850 causes in Reason headers, and
 * call-progress tones, each to a kind and a hangup cause. */

static void
check (RdOutcome      outcome,
       const char    *cause,
       RdOutcomeKind  kind)
{
  RdOutcome again;

  g_assert_cmpstr (outcome.cause, ==, cause);
  g_assert_cmpint (outcome.kind, ==, kind);
  /* every cause it gives is found again by name (the dialer closes leads by it) */
  if (g_strcmp0 (cause, "failed") != 0)
    {
      g_assert_true (rd_outcome_lookup (cause, &again));
      g_assert_cmpint (again.kind, ==, kind);
    }
}

static void
test_outcome_sip (void)
{
  check (rd_outcome_of_response (404, 0), "not-found", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (484, 0), "address-incomplete", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (604, 0), "does-not-exist-anywhere", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (480, 0), "temporarily-unavailable", RD_OUTCOME_NO_ANSWER);
  check (rd_outcome_of_response (408, 0), "request-timeout", RD_OUTCOME_NO_ANSWER);
  check (rd_outcome_of_response (486, 0), "busy", RD_OUTCOME_BUSY);
  check (rd_outcome_of_response (600, 0), "busy-everywhere", RD_OUTCOME_BUSY);
  check (rd_outcome_of_response (503, 0), "service-unavailable", RD_OUTCOME_FAILED);
  check (rd_outcome_of_response (502, 0), "bad-gateway", RD_OUTCOME_FAILED);
  check (rd_outcome_of_response (500, 0), "server-error", RD_OUTCOME_FAILED);
  /* what the table does not know failed, to be tried again later */
  check (rd_outcome_of_response (407, 0), "failed", RD_OUTCOME_FAILED);
  check (rd_outcome_of_response (699, 0), "failed", RD_OUTCOME_FAILED);
}

static void
test_outcome_q850 (void)
{
  /* the cause decides over the code a gateway chose for it */
  check (rd_outcome_of_response (480, 18), "no-user-responding", RD_OUTCOME_NO_ANSWER);
  check (rd_outcome_of_response (480, 19), "no-answer-from-user", RD_OUTCOME_NO_ANSWER);
  check (rd_outcome_of_response (404, 1), "unallocated-number", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (503, 1), "unallocated-number", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (486, 17), "user-busy", RD_OUTCOME_BUSY);
  check (rd_outcome_of_response (503, 34), "no-circuit-available", RD_OUTCOME_FAILED);
  check (rd_outcome_of_response (500, 38), "network-out-of-order", RD_OUTCOME_FAILED);
  check (rd_outcome_of_response (503, 41), "temporary-failure", RD_OUTCOME_FAILED);
  /* an unknown cause leaves the SIP code to decide */
  check (rd_outcome_of_response (404, 127), "not-found", RD_OUTCOME_INVALID);
  check (rd_outcome_of_response (486, 16), "busy", RD_OUTCOME_BUSY);
}

static void
test_outcome_tone (void)
{
  check (rd_outcome_of_tone (RD_CPT_SIT_VACANT), "sit-vacant", RD_OUTCOME_INVALID);
  check (rd_outcome_of_tone (RD_CPT_SIT_INTERCEPT), "sit-intercept", RD_OUTCOME_INVALID);
  check (rd_outcome_of_tone (RD_CPT_SIT_REORDER), "sit-reorder", RD_OUTCOME_FAILED);
  check (rd_outcome_of_tone (RD_CPT_SIT_NO_CIRCUIT), "sit-no-circuit", RD_OUTCOME_FAILED);
  check (rd_outcome_of_tone (RD_CPT_SIT_INEFFECTIVE), "sit-ineffective", RD_OUTCOME_FAILED);
  check (rd_outcome_of_tone (RD_CPT_SIT), "sit", RD_OUTCOME_FAILED);
  check (rd_outcome_of_tone (RD_CPT_BUSY), "busy-tone", RD_OUTCOME_BUSY);
  check (rd_outcome_of_tone (RD_CPT_CONGESTION), "congestion-tone", RD_OUTCOME_FAILED);
  /* the hangup cause is the detector's name for the tone */
  for (RdCptSignal s = RD_CPT_BUSY; s <= RD_CPT_SIT; s++)
    g_assert_cmpstr (rd_outcome_of_tone (s).cause, ==, rd_cpt_signal_name (s));
}

static void
test_outcome_lookup (void)
{
  RdOutcome outcome;

  /* a BYE's Reason: only the causes the table knows say anything */
  g_assert_true (rd_outcome_of_q850 (1, &outcome));
  g_assert_cmpstr (outcome.cause, ==, "unallocated-number");
  g_assert_true (rd_outcome_of_q850 (17, &outcome));
  g_assert_cmpint (outcome.kind, ==, RD_OUTCOME_BUSY);
  g_assert_false (rd_outcome_of_q850 (16, &outcome));   /* normal clearing */
  g_assert_false (rd_outcome_of_q850 (0, &outcome));

  g_assert_false (rd_outcome_lookup ("remote hangup", &outcome));
  g_assert_false (rd_outcome_lookup ("no-answer", &outcome));
  g_assert_false (rd_outcome_lookup (NULL, &outcome));
}

static void
test_outcome_reason (void)
{
  g_assert_cmpuint (rd_outcome_parse_q850 ("Q.850;cause=18"), ==, 18);
  g_assert_cmpuint (rd_outcome_parse_q850 ("Q.850 ; cause = 17 ;text=\"User busy\""), ==, 17);
  g_assert_cmpuint (rd_outcome_parse_q850 ("q.850;text=\"Unallocated\";cause=1"), ==, 1);
  g_assert_cmpuint (rd_outcome_parse_q850 ("SIP;cause=480;text=\"x\", Q.850;cause=19"), ==, 19);
  g_assert_cmpuint (rd_outcome_parse_q850 ("SIP;cause=486"), ==, 0);
  g_assert_cmpuint (rd_outcome_parse_q850 ("Q.850;cause=abc"), ==, 0);
  g_assert_cmpuint (rd_outcome_parse_q850 ("Q.850;cause=0"), ==, 0);
  g_assert_cmpuint (rd_outcome_parse_q850 ("Q.850"), ==, 0);
  g_assert_cmpuint (rd_outcome_parse_q850 (""), ==, 0);
  g_assert_cmpuint (rd_outcome_parse_q850 (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outcome/sip", test_outcome_sip);
  g_test_add_func ("/outcome/q850", test_outcome_q850);
  g_test_add_func ("/outcome/tone", test_outcome_tone);
  g_test_add_func ("/outcome/lookup", test_outcome_lookup);
  g_test_add_func ("/outcome/reason", test_outcome_reason);
  return g_test_run ();
}
