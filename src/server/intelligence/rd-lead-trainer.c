/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <linear.h>
#include <math.h>

#include "rd-lead-trainer.h"
#include "rd-liblinear.h"
#include "rd-model-eval.h"

/* GLib 2.74 has no g_ptr_array_sort_values(). */
static gint
text_compare (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}


struct _RdLeadDataset {
  GPtrArray *ids;        /* char* */
  GArray    *labels;     /* gboolean */
  GPtrArray *features;   /* GPtrArray of RdFeature */
};

void
rd_lead_dataset_free (RdLeadDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_ptr_array_unref (dataset->ids);
  g_array_unref (dataset->labels);
  g_ptr_array_unref (dataset->features);
  g_free (dataset);
}

RdLeadDataset *
rd_lead_dataset_collect (RdStore  *store,
                         gint64    now_ms,
                         GError  **error)
{
  g_autoptr(RdLeadDataset) dataset = g_new0 (RdLeadDataset, 1);
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (gboolean));
  int rc;

  dataset->ids = g_ptr_array_new_with_free_func (g_free);
  dataset->labels = g_array_new (FALSE, FALSE, sizeof (gboolean));
  dataset->features = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (sqlite3_prepare_v2 (db, "SELECT id, status FROM leads WHERE deleted = 0 AND"
                              " status IN ('converted', 'lost') ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot read the closed leads: %s",
                   sqlite3_errmsg (db));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean converted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "converted") == 0;

      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (labels, converted);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot read the closed leads: %s",
                   sqlite3_errmsg (db));
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      GPtrArray *features = rd_lead_features_collect (store, ids->pdata[i], now_ms, error);

      if (features == NULL)
        return NULL;
      g_ptr_array_add (dataset->ids, g_strdup (ids->pdata[i]));
      g_array_append_val (dataset->labels, g_array_index (labels, gboolean, i));
      g_ptr_array_add (dataset->features, features);
    }
  return g_steal_pointer (&dataset);
}

guint
rd_lead_dataset_get_size (RdLeadDataset *dataset)
{
  return dataset->ids->len;
}

const char *
rd_lead_dataset_get_id (RdLeadDataset *dataset,
                        guint          i)
{
  return dataset->ids->pdata[i];
}

gboolean
rd_lead_dataset_get_label (RdLeadDataset *dataset,
                           guint          i)
{
  return g_array_index (dataset->labels, gboolean, i);
}

GPtrArray *
rd_lead_dataset_get_features (RdLeadDataset *dataset,
                              guint          i)
{
  return dataset->features->pdata[i];
}

/* The names seen in at least two training samples, sorted: the model's vocabulary. */
static GPtrArray *
vocabulary (RdLeadDataset *dataset,
            GArray        *train)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  for (guint k = 0; k < train->len; k++)
    {
      GPtrArray *features = dataset->features->pdata[g_array_index (train, guint, k)];

      for (guint j = 0; j < features->len; j++)
        {
          RdFeature *feature = features->pdata[j];

          g_hash_table_insert (counts, feature->name,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, feature->name)) + 1));
        }
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) >= 2)
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, text_compare);
  return names;
}

static char *
numbers_to_json (const double *values,
                 guint         n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      /* Seven significant digits: the row stays small, the score moves by < 1e-6. */
      g_ascii_formatd (buffer, sizeof buffer, "%.7g", values[i]);
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", buffer);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

RdRecord *
rd_lead_trainer_fit (RdLeadDataset  *dataset,
                     GArray         *train,
                     gint64          now_ms,
                     GError        **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(RdLiblinearProblem) problem = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) names_node = NULL;
  g_autofree double *weights = NULL;
  g_autofree double *scores = NULL;
  g_autofree gboolean *labels = NULL;
  g_autofree char *weights_json = NULL;
  g_autofree char *names_json = NULL;
  g_autofree char *metrics = NULL;
  struct model *model;
  guint positives = 0, n;
  RdRecord *row;

  if (train == NULL)
    {
      all = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < dataset->ids->len; i++)
        g_array_append_val (all, i);
      train = all;
    }
  n = train->len;
  for (guint k = 0; k < n; k++)
    positives += rd_lead_dataset_get_label (dataset, g_array_index (train, guint, k)) ? 1 : 0;
  if (n < RD_LEAD_TRAINER_MIN_SAMPLES || positives < RD_LEAD_TRAINER_MIN_PER_CLASS ||
      n - positives < RD_LEAD_TRAINER_MIN_PER_CLASS)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TRAINING,
                   "Not enough closed leads to learn from: %u converted and %u lost; the lead score "
                   "needs at least %d in all and %d of each",
                   positives, n - positives, RD_LEAD_TRAINER_MIN_SAMPLES, RD_LEAD_TRAINER_MIN_PER_CLASS);
      return NULL;
    }

  names = vocabulary (dataset, train);
  for (guint j = 0; j < names->len; j++)
    g_hash_table_insert (index, names->pdata[j], GUINT_TO_POINTER (j + 1));

  problem = rd_liblinear_problem_new (n, names->len);
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (train, guint, k);
      GPtrArray *features = dataset->features->pdata[i];

      rd_liblinear_problem_begin_row (problem, rd_lead_dataset_get_label (dataset, i) ? 1 : 0);
      for (guint j = 0; j < features->len; j++)
        {
          RdFeature *feature = features->pdata[j];
          guint column = GPOINTER_TO_UINT (g_hash_table_lookup (index, feature->name));

          if (column != 0)
            rd_liblinear_problem_add (problem, column, feature->value);
        }
    }

  model = rd_liblinear_train_lr (problem, 1.0, error);
  if (model == NULL)
    return NULL;
  weights = g_new0 (double, names->len + 1);
  rd_liblinear_weights (model, 1, names->len, weights, &weights[names->len]);
  free_and_destroy_model (&model);

  /* The training figures, on the samples it learnt from (the bench measures held out). */
  scores = g_new (double, n);
  labels = g_new (gboolean, n);
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (train, guint, k);
      GPtrArray *features = dataset->features->pdata[i];
      double z = weights[names->len];

      for (guint j = 0; j < features->len; j++)
        {
          RdFeature *feature = features->pdata[j];
          guint column = GPOINTER_TO_UINT (g_hash_table_lookup (index, feature->name));

          if (column != 0)
            z += weights[column - 1] * feature->value;
        }
      scores[k] = 1.0 / (1.0 + exp (-z));
      labels[k] = rd_lead_dataset_get_label (dataset, i);
    }

  json_builder_begin_array (builder);
  for (guint j = 0; j < names->len; j++)
    json_builder_add_string_value (builder, names->pdata[j]);
  json_builder_end_array (builder);
  names_node = json_builder_get_root (builder);
  names_json = json_to_string (names_node, FALSE);
  weights_json = numbers_to_json (weights, names->len + 1);
  {
    char auc[G_ASCII_DTOSTR_BUF_SIZE], accuracy[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_formatd (auc, sizeof auc, "%.4f", rd_model_auc (scores, labels, n));
    g_ascii_formatd (accuracy, sizeof accuracy, "%.4f", rd_model_accuracy (scores, labels, n));
    metrics = g_strdup_printf ("{\"converted\":%u,\"lost\":%u,\"train_auc\":%s,\"train_accuracy\":%s}",
                               positives, n - positives, auc, accuracy);
  }

  row = rd_record_new ("models");
  rd_record_set_string (row, "kind", RD_LEAD_MODEL_KIND);
  rd_record_set_int (row, "format", RD_LEAD_MODEL_FORMAT);
  rd_record_set_int (row, "trained_at", now_ms);
  rd_record_set_int (row, "samples", n);
  rd_record_set_string (row, "features", names_json);
  rd_record_set_string (row, "weights", weights_json);
  rd_record_set_string (row, "metrics", metrics);
  return row;
}
