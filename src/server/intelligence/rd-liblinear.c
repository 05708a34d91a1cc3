/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-liblinear.h"
#include "rd-model-row.h"

struct _RdLiblinearProblem {
  guint   n_rows;
  guint   n_columns;
  GArray *nodes;      /* struct feature_node: each row's, then its intercept and -1 */
  GArray *starts;     /* guint: the first node of each row */
  double *labels;
};

RdLiblinearProblem *
rd_liblinear_problem_new (guint n_rows,
                          guint n_columns)
{
  RdLiblinearProblem *problem = g_new0 (RdLiblinearProblem, 1);

  problem->n_rows = 0;
  problem->n_columns = n_columns;
  problem->nodes = g_array_new (FALSE, FALSE, sizeof (struct feature_node));
  problem->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  problem->labels = g_new0 (double, MAX (n_rows, 1));
  return problem;
}

void
rd_liblinear_problem_free (RdLiblinearProblem *problem)
{
  if (problem == NULL)
    return;
  g_array_unref (problem->nodes);
  g_array_unref (problem->starts);
  g_free (problem->labels);
  g_free (problem);
}

static void
end_row (RdLiblinearProblem *problem)
{
  /* The intercept is a constant feature in the last column (liblinear's bias = 1). */
  struct feature_node bias = { (int) problem->n_columns + 1, 1.0 };
  struct feature_node end = { -1, 0.0 };

  g_array_append_val (problem->nodes, bias);
  g_array_append_val (problem->nodes, end);
}

void
rd_liblinear_problem_begin_row (RdLiblinearProblem *problem,
                                int                 label)
{
  guint start = problem->nodes->len;

  if (problem->n_rows > 0)
    {
      end_row (problem);
      start = problem->nodes->len;
    }
  g_array_append_val (problem->starts, start);
  problem->labels[problem->n_rows++] = label;
}

void
rd_liblinear_problem_add (RdLiblinearProblem *problem,
                          guint               column,
                          double              value)
{
  struct feature_node node = { (int) column, value };

  g_return_if_fail (column >= 1 && column <= problem->n_columns);
  if (value != 0)
    g_array_append_val (problem->nodes, node);
}

void
rd_liblinear_problem_set_label (RdLiblinearProblem *problem,
                                guint               row,
                                int                 label)
{
  g_return_if_fail (row < problem->n_rows);
  problem->labels[row] = label;
}

static void
quiet_cb (const char *text)
{
}

struct model *
rd_liblinear_train_lr (RdLiblinearProblem *problem,
                       double              C,
                       GError            **error)
{
  g_autofree struct feature_node **rows = NULL;
  struct parameter param = { 0 };
  struct problem prob = { 0 };
  const char *message;
  gboolean closed;
  struct model *model;

  /* Close the last row once; training twice on one problem must not add it again. */
  closed = problem->nodes->len > 0 &&
           g_array_index (problem->nodes, struct feature_node, problem->nodes->len - 1).index == -1;
  if (problem->n_rows > 0 && !closed)
    end_row (problem);

  rows = g_new (struct feature_node *, MAX (problem->n_rows, 1));
  for (guint i = 0; i < problem->n_rows; i++)
    rows[i] = &g_array_index (problem->nodes, struct feature_node, g_array_index (problem->starts, guint, i));

  prob.l = (int) problem->n_rows;
  prob.n = (int) problem->n_columns + 1;
  prob.y = problem->labels;
  prob.x = rows;
  prob.bias = 1.0;

  param.solver_type = L2R_LR;
  param.eps = 0.01;
  param.C = C;

  message = check_parameter (&prob, &param);
  if (message != NULL)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TRAINING, "liblinear: %s", message);
      return NULL;
    }
  set_print_string_function (quiet_cb);
  model = train (&prob, &param);
  if (model == NULL)
    g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TRAINING, "liblinear could not train the model");
  return model;
}

void
rd_liblinear_weights (const struct model *model,
                      int                 label,
                      guint               n_columns,
                      double             *weights,
                      double             *intercept)
{
  int n_classes = get_nr_class (model);
  g_autofree int *labels = g_new (int, MAX (n_classes, 1));
  int which = -1;

  get_labels (model, labels);
  for (int c = 0; c < n_classes; c++)
    if (labels[c] == label)
      which = c;
  for (guint j = 0; j < n_columns; j++)
    weights[j] = which >= 0 ? get_decfun_coef (model, (int) j + 1, which) : 0;
  /* The intercept is the weight of the constant last column (prob.bias = 1). */
  *intercept = which >= 0 ? get_decfun_bias (model, which) : 0;
}
