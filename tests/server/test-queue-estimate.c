/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expected wait a queue's caller is told. */
#include "config.h"

#include "rd-queue-estimate.h"

static void
test_wait (void)
{
  /* no answered call yet: nothing to say */
  g_assert_cmpint (rd_queue_expected_wait_ms (1, -1, 3), ==, -1);
  /* the first caller, one agent busy for 3 minutes on average */
  g_assert_cmpint (rd_queue_expected_wait_ms (1, 180000, 1), ==, 180000);
  /* the third caller, three agents: one round of calls */
  g_assert_cmpint (rd_queue_expected_wait_ms (3, 180000, 3), ==, 180000);
  g_assert_cmpint (rd_queue_expected_wait_ms (4, 180000, 3), ==, 240000);
  /* nobody logged in: as if one agent, never a division by zero */
  g_assert_cmpint (rd_queue_expected_wait_ms (2, 30000, 0), ==, 60000);
}

static void
test_minutes (void)
{
  g_assert_cmpuint (rd_queue_expected_wait_minutes (59999, 30), ==, 0);
  g_assert_cmpuint (rd_queue_expected_wait_minutes (60000, 30), ==, 1);
  g_assert_cmpuint (rd_queue_expected_wait_minutes (60001, 30), ==, 2);   /* rounded up */
  g_assert_cmpuint (rd_queue_expected_wait_minutes (3600000, 30), ==, 30); /* the cap */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queues/estimate/wait", test_wait);
  g_test_add_func ("/queues/estimate/minutes", test_minutes);
  return g_test_run ();
}
