/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <linear.h>

G_BEGIN_DECLS

/* The few things the trainers need of Debian's liblinear: a sparse problem built row by
 * row (feature columns 1..n, in increasing order within a row; the intercept column is
 * added here), an L2-regularised logistic regression, and its weights for one label. */

typedef struct _RdLiblinearProblem RdLiblinearProblem;

RdLiblinearProblem *rd_liblinear_problem_new       (guint               n_rows,
                                                    guint               n_columns);
void                rd_liblinear_problem_free      (RdLiblinearProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdLiblinearProblem, rd_liblinear_problem_free)

/* Starts the next row, of class @label. */
void                rd_liblinear_problem_begin_row (RdLiblinearProblem *problem,
                                                    int                 label);
/* Adds @value at @column (1-based, increasing within the row) to the current row. */
void                rd_liblinear_problem_add       (RdLiblinearProblem *problem,
                                                    guint               column,
                                                    double              value);
/* Relabels row @row (for one-vs-rest training on the same rows). */
void                rd_liblinear_problem_set_label (RdLiblinearProblem *problem,
                                                    guint               row,
                                                    int                 label);

/* Trains L2R_LR with cost @C; NULL with an RD_MODEL_ERROR_TRAINING. Free with
 * free_and_destroy_model(). liblinear's own output is silenced. */
struct model       *rd_liblinear_train_lr          (RdLiblinearProblem *problem,
                                                    double              C,
                                                    GError            **error);

/* The @n_columns weights and the intercept of the decision function of @label (for
 * which a positive value means @label): 0 for a label the model does not know. */
void                rd_liblinear_weights           (const struct model *model,
                                                    int                 label,
                                                    guint               n_columns,
                                                    double             *weights,
                                                    double             *intercept);

G_END_DECLS
