/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which ready agent a waiting caller gets: tiers, strategies, the responsible manager. */
#include "config.h"

#include "rd-queue-pick.h"

static const RdQueueCandidate ready[] = {
  { "carl", 1, 0 },   /* ready the longest, but in the second tier */
  { "bob",  0, 1 },
  { "ann",  0, 2 },
  { "dora", 0, 3 },
};

static void
test_longest_idle (void)
{
  /* the first tier only, then the longest ready in it */
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_LONGEST_IDLE, NULL, NULL), ==, 1);
  /* ring-all with permanent legs: the same one takes it */
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_RING_ALL, NULL, NULL), ==, 1);
  /* a second tier is used when the first has nobody ready */
  g_assert_cmpint (rd_queue_pick (ready, 1, RD_QUEUE_LONGEST_IDLE, NULL, NULL), ==, 0);
  g_assert_cmpint (rd_queue_pick (ready, 0, RD_QUEUE_LONGEST_IDLE, NULL, NULL), ==, -1);
}

static void
test_round_robin (void)
{
  /* by name after the last one given a call, wrapping round */
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_ROUND_ROBIN, NULL, NULL), ==, 2);
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_ROUND_ROBIN, NULL, "ann"), ==, 1);
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_ROUND_ROBIN, NULL, "bob"), ==, 3);
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_ROUND_ROBIN, NULL, "dora"), ==, 2);
  /* the last one is not ready now: the next name after theirs */
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_ROUND_ROBIN, NULL, "beth"), ==, 1);
}

static void
test_owner (void)
{
  /* the responsible manager, whatever their tier or idle time; or nobody */
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_LONGEST_IDLE, "carl", NULL), ==, 0);
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_LONGEST_IDLE, "dora", NULL), ==, 3);
  g_assert_cmpint (rd_queue_pick (ready, G_N_ELEMENTS (ready), RD_QUEUE_LONGEST_IDLE, "eve", NULL), ==, -1);
}

static void
test_parse (void)
{
  RdQueueStrategy s;

  g_assert_true (rd_queue_strategy_parse ("round-robin", &s) && s == RD_QUEUE_ROUND_ROBIN);
  g_assert_true (rd_queue_strategy_parse ("ring-all", &s) && s == RD_QUEUE_RING_ALL);
  g_assert_true (rd_queue_strategy_parse ("longest-idle", &s) && s == RD_QUEUE_LONGEST_IDLE);
  g_assert_false (rd_queue_strategy_parse ("random", &s));
  g_assert_false (rd_queue_strategy_parse (NULL, &s));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queues/pick/longest-idle", test_longest_idle);
  g_test_add_func ("/queues/pick/round-robin", test_round_robin);
  g_test_add_func ("/queues/pick/owner", test_owner);
  g_test_add_func ("/queues/pick/parse", test_parse);
  return g_test_run ();
}
