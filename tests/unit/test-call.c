/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-call-private.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_call_lifecycle (void)
{
  g_autoptr(RdCall) call = rd_call_new ("abc", "sip:agent@example.com",
                                        RD_CALL_DIRECTION_OUTGOING,
                                        "sip:+1-555-0100@example.com", NULL);
  guint state_notifies = 0;

  g_signal_connect (call, "notify::state", G_CALLBACK (count_notify_cb), &state_notifies);

  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_DIALING);
  g_assert_cmpstr (rd_call_get_number (call), ==, "+15550100");
  g_assert_null (rd_call_get_answered (call));
  g_assert_cmpfloat (rd_call_get_bill_seconds (call), ==, 0.0);

  rd_call_set_state (call, RD_CALL_STATE_ALERTING);
  rd_call_set_state (call, RD_CALL_STATE_ALERTING);  /* no change, no notify */
  g_assert_cmpuint (state_notifies, ==, 1);

  rd_call_set_state (call, RD_CALL_STATE_ESTABLISHED);
  g_assert_nonnull (rd_call_get_answered (call));

  rd_call_set_held (call, TRUE);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_HELD);
  g_assert_true (rd_call_get_held (call));
  rd_call_set_held (call, FALSE);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_ESTABLISHED);

  rd_call_close (call, RD_CALL_CAUSE_REMOTE_HANGUP, 0);
  g_assert_true (rd_call_is_closed (call));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, "remote hangup");
  g_assert_nonnull (rd_call_get_ended (call));

  /* Closing twice keeps the first cause; late events do not revive the call. */
  rd_call_close (call, RD_CALL_CAUSE_ENGINE_STOPPED, 500);
  rd_call_set_state (call, RD_CALL_STATE_ESTABLISHED);
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, "remote hangup");
  g_assert_cmpuint (rd_call_get_sip_status (call), ==, 0);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_CLOSED);
  g_assert_cmpfloat (rd_call_get_bill_seconds (call), <=, rd_call_get_total_seconds (call));

  g_assert_finalize_object (g_steal_pointer (&call));
}

static void
test_call_failed (void)
{
  g_autoptr(RdCall) call = rd_call_new (NULL, NULL, RD_CALL_DIRECTION_OUTGOING,
                                        "sip:bob@example.com", NULL);

  rd_call_close (call, RD_CALL_CAUSE_BUSY, 486);
  g_assert_cmpuint (rd_call_get_sip_status (call), ==, 486);
  g_assert_null (rd_call_get_answered (call));
  g_assert_cmpfloat (rd_call_get_bill_seconds (call), ==, 0.0);
  g_assert_null (rd_call_get_number (call));
  g_assert_cmpstr (rd_call_state_to_string (rd_call_get_state (call)), ==, "closed");
}

/* A campaign leg is marked once by RdPhone (rd_phone_dial_leg) and stays so. */
static void
test_call_leg (void)
{
  g_autoptr(RdCall) call = rd_call_new (NULL, "sip:ringdesk-leg@127.0.0.1", RD_CALL_DIRECTION_OUTGOING,
                                        "sip:token@127.0.0.1:5070", NULL);

  g_assert_false (rd_call_get_leg (call));
  rd_call_set_leg (call, TRUE);
  g_assert_true (rd_call_get_leg (call));
  rd_call_close (call, RD_CALL_CAUSE_REMOTE_HANGUP, 0);
  g_assert_true (rd_call_get_leg (call));
}

static void
test_call_number_from_uri (void)
{
  struct { const char *uri; const char *number; } cases[] = {
    { "sip:+7%20(495)%20123-45-67@pbx.example.com", "+74951234567" },
    { "sip:1001@127.0.0.1:5060", "1001" },
    { "tel:+1-555-0100", "+15550100" },
    { "sips:08001234;user=phone", "08001234" },
    { "sip:alice@example.com", NULL },
    { "sip:+@example.com", NULL },
    { "sip:12+34@example.com", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = rd_call_number_from_uri (cases[i].uri);
      g_assert_cmpstr (number, ==, cases[i].number);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call/lifecycle", test_call_lifecycle);
  g_test_add_func ("/call/failed", test_call_failed);
  g_test_add_func ("/call/leg", test_call_leg);
  g_test_add_func ("/call/number-from-uri", test_call_number_from_uri);

  return g_test_run ();
}
