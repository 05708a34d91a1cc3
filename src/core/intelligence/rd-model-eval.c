/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "rd-model-eval.h"

typedef struct {
  double   score;
  gboolean label;
} Scored;

static int
scored_compare (const void *a,
                const void *b)
{
  const Scored *sa = a, *sb = b;

  return sa->score < sb->score ? -1 : sa->score > sb->score ? 1 : 0;
}

double
rd_model_auc (const double   *scores,
              const gboolean *labels,
              guint           n)
{
  g_autofree Scored *sorted = g_new (Scored, MAX (n, 1));
  double positives = 0, negatives = 0, rank_sum = 0;
  guint i = 0;

  for (guint k = 0; k < n; k++)
    {
      sorted[k].score = scores[k];
      sorted[k].label = labels[k];
      if (labels[k])
        positives++;
      else
        negatives++;
    }
  if (positives == 0 || negatives == 0)
    return 0.5;
  qsort (sorted, n, sizeof (Scored), scored_compare);

  /* Mann-Whitney: the positives' ranks, a tie group sharing its mean rank. */
  while (i < n)
    {
      guint j = i, tied_positives = 0;

      while (j < n && sorted[j].score == sorted[i].score)
        tied_positives += sorted[j++].label ? 1 : 0;
      rank_sum += tied_positives * ((i + 1) + j) / 2.0;
      i = j;
    }
  return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

double
rd_model_accuracy (const double   *scores,
                   const gboolean *labels,
                   guint           n)
{
  guint right = 0;

  for (guint k = 0; k < n; k++)
    right += ((scores[k] >= 0.5) == !!labels[k]) ? 1 : 0;
  return n > 0 ? (double) right / n : 0;
}
