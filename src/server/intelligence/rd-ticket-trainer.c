/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-liblinear.h"
#include "rd-query-terms.h"
#include "rd-ticket-text.h"
#include "rd-ticket-trainer.h"

/* GLib 2.74 has no g_ptr_array_sort_values(). */
static gint
text_compare (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}


typedef struct {
  GPtrArray *terms;   /* char*, sorted */
  GPtrArray *tags;    /* char*, sorted */
  char      *group;
} Sample;

struct _RdTicketDataset {
  GPtrArray *samples;
};

static void
sample_free (Sample *sample)
{
  g_ptr_array_unref (sample->terms);
  g_ptr_array_unref (sample->tags);
  g_free (sample->group);
  g_free (sample);
}

RdTicketDataset *
rd_ticket_dataset_new (void)
{
  RdTicketDataset *dataset = g_new0 (RdTicketDataset, 1);

  dataset->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) sample_free);
  return dataset;
}

void
rd_ticket_dataset_add (RdTicketDataset *dataset,
                       const char      *subject,
                       const char      *description,
                       const char      *tags,
                       const char      *group_id)
{
  Sample *sample = g_new0 (Sample, 1);

  sample->terms = rd_ticket_text_terms (subject, description);
  sample->tags = rd_ticket_text_tags (tags);
  sample->group = group_id != NULL && *group_id != '\0' ? g_strdup (group_id) : NULL;
  g_ptr_array_add (dataset->samples, sample);
}

void
rd_ticket_dataset_free (RdTicketDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_ptr_array_unref (dataset->samples);
  g_free (dataset);
}

RdTicketDataset *
rd_ticket_dataset_collect (RdStore  *store,
                           GError  **error)
{
  g_autoptr(RdTicketDataset) dataset = rd_ticket_dataset_new ();
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT subject, description, tags, group_id FROM tickets WHERE deleted = 0"
                              " AND (coalesce(tags, '') != '' OR group_id IS NOT NULL) ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot read the tickets: %s", sqlite3_errmsg (db));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rd_ticket_dataset_add (dataset, (const char *) sqlite3_column_text (stmt, 0),
                           (const char *) sqlite3_column_text (stmt, 1),
                           (const char *) sqlite3_column_text (stmt, 2),
                           (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot read the tickets: %s", sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&dataset);
}

guint
rd_ticket_dataset_get_size (RdTicketDataset *dataset)
{
  return dataset->samples->len;
}

GPtrArray *
rd_ticket_dataset_get_terms (RdTicketDataset *dataset,
                             guint            i)
{
  return ((Sample *) dataset->samples->pdata[i])->terms;
}

GPtrArray *
rd_ticket_dataset_get_tags (RdTicketDataset *dataset,
                            guint            i)
{
  return ((Sample *) dataset->samples->pdata[i])->tags;
}

const char *
rd_ticket_dataset_get_group (RdTicketDataset *dataset,
                             guint            i)
{
  return ((Sample *) dataset->samples->pdata[i])->group;
}

/* Counts of each text of @which (tags or the group) over @train, into @counts. */
static void
count_labels (RdTicketDataset *dataset,
              GArray          *train,
              gboolean         groups,
              GHashTable      *counts)
{
  for (guint k = 0; k < train->len; k++)
    {
      Sample *sample = dataset->samples->pdata[g_array_index (train, guint, k)];

      if (groups)
        {
          if (sample->group != NULL)
            g_hash_table_insert (counts, sample->group,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, sample->group)) + 1));
        }
      else
        for (guint t = 0; t < sample->tags->len; t++)
          g_hash_table_insert (counts, sample->tags->pdata[t],
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, sample->tags->pdata[t])) + 1));
    }
}

static GPtrArray *
frequent (GHashTable *counts,
          guint       at_least)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) >= at_least)
      g_ptr_array_add (out, key);
  g_ptr_array_sort (out, text_compare);
  return out;
}

static gboolean
sample_has (Sample     *sample,
            gboolean    groups,
            const char *label)
{
  if (groups)
    return g_strcmp0 (sample->group, label) == 0;
  return g_ptr_array_find_with_equal_func (sample->tags, label, g_str_equal, NULL);
}

/* One-vs-rest models for @labels on the rows of @problem (built from the samples of
 * @rows), written into @builder as {"labels": [...], "weights": [[...], ...]}. */
static gboolean
train_classes (RdTicketDataset    *dataset,
               GArray             *rows,
               RdLiblinearProblem *problem,
               guint               n_terms,
               GPtrArray          *labels,
               gboolean            groups,
               JsonBuilder        *builder,
               GError            **error)
{
  g_autofree double *weights = g_new (double, n_terms + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint c = 0; c < labels->len; c++)
    json_builder_add_string_value (builder, labels->pdata[c]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "weights");
  json_builder_begin_array (builder);
  for (guint c = 0; c < labels->len; c++)
    {
      struct model *model;

      for (guint r = 0; r < rows->len; r++)
        rd_liblinear_problem_set_label (problem, r,
                                        sample_has (dataset->samples->pdata[g_array_index (rows, guint, r)],
                                                    groups, labels->pdata[c]) ? 1 : 0);
      model = rd_liblinear_train_lr (problem, 1.0, error);
      if (model == NULL)
        return FALSE;
      rd_liblinear_weights (model, 1, n_terms, weights, &weights[n_terms]);
      free_and_destroy_model (&model);

      json_builder_begin_array (builder);
      for (guint j = 0; j <= n_terms; j++)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          /* Six significant digits keep the row small; JSON numbers in C locale. */
          g_ascii_formatd (buffer, sizeof buffer, "%.6g", weights[j]);
          json_builder_add_double_value (builder, g_ascii_strtod (buffer, NULL));
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

RdRecord *
rd_ticket_trainer_fit (RdTicketDataset  *dataset,
                       GArray           *train,
                       gint64            now_ms,
                       GError          **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GHashTable) term_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tag_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) group_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(RdLiblinearProblem) problem = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) weights = NULL;
  g_autoptr(JsonNode) features = NULL;
  g_autofree char *weights_json = NULL;
  g_autofree char *features_json = NULL;
  g_autofree char *metrics = NULL;
  RdRecord *row;

  if (train == NULL)
    {
      all = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < dataset->samples->len; i++)
        g_array_append_val (all, i);
      train = all;
    }

  count_labels (dataset, train, FALSE, tag_counts);
  count_labels (dataset, train, TRUE, group_counts);
  tags = frequent (tag_counts, RD_TICKET_TRAINER_MIN_PER_LABEL);
  groups = frequent (group_counts, RD_TICKET_TRAINER_MIN_PER_LABEL);
  if (train->len < RD_TICKET_TRAINER_MIN_SAMPLES || (tags->len == 0 && groups->len == 0))
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TRAINING,
                   "Not enough tagged or routed tickets to learn from: %u, and %u tags and %u groups with at least "
                   "%d tickets each; ticket triage needs at least %d tickets and one such tag or group",
                   train->len, tags->len, groups->len, RD_TICKET_TRAINER_MIN_PER_LABEL, RD_TICKET_TRAINER_MIN_SAMPLES);
      return NULL;
    }

  /* The vocabulary: stems in at least two training tickets. */
  for (guint k = 0; k < train->len; k++)
    {
      Sample *sample = dataset->samples->pdata[g_array_index (train, guint, k)];

      for (guint t = 0; t < sample->terms->len; t++)
        g_hash_table_insert (term_counts, sample->terms->pdata[t],
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (term_counts, sample->terms->pdata[t])) + 1));
    }
  terms = frequent (term_counts, 2);
  for (guint j = 0; j < terms->len; j++)
    g_hash_table_insert (index, terms->pdata[j], GUINT_TO_POINTER (j + 1));

  problem = rd_liblinear_problem_new (train->len, terms->len);
  for (guint k = 0; k < train->len; k++)
    {
      Sample *sample = dataset->samples->pdata[g_array_index (train, guint, k)];

      rd_liblinear_problem_begin_row (problem, 0);
      /* sample->terms is sorted, and so are the columns: increasing within the row. */
      for (guint t = 0; t < sample->terms->len; t++)
        {
          guint column = GPOINTER_TO_UINT (g_hash_table_lookup (index, sample->terms->pdata[t]));

          if (column != 0)
            rd_liblinear_problem_add (problem, column, 1.0);
        }
    }

  json_builder_begin_object (builder);
  /* How the words were read: a replica must read a ticket the same way to use the model. */
  json_builder_set_member_name (builder, "words");
  json_builder_add_string_value (builder, rd_query_terms_stemmed () ? "snowball" : "plain");
  json_builder_set_member_name (builder, "tags");
  if (!train_classes (dataset, train, problem, terms->len, tags, FALSE, builder, error))
    return NULL;
  json_builder_set_member_name (builder, "groups");
  if (!train_classes (dataset, train, problem, terms->len, groups, TRUE, builder, error))
    return NULL;
  json_builder_end_object (builder);
  weights = json_builder_get_root (builder);
  weights_json = json_to_string (weights, FALSE);

  json_builder_reset (builder);
  json_builder_begin_array (builder);
  for (guint j = 0; j < terms->len; j++)
    json_builder_add_string_value (builder, terms->pdata[j]);
  json_builder_end_array (builder);
  features = json_builder_get_root (builder);
  features_json = json_to_string (features, FALSE);
  metrics = g_strdup_printf ("{\"tickets\":%u,\"words\":%u,\"tags\":%u,\"groups\":%u}",
                             train->len, terms->len, tags->len, groups->len);

  row = rd_record_new ("models");
  rd_record_set_string (row, "kind", RD_TICKET_MODEL_KIND);
  rd_record_set_int (row, "format", RD_TICKET_MODEL_FORMAT);
  rd_record_set_int (row, "trained_at", now_ms);
  rd_record_set_int (row, "samples", train->len);
  rd_record_set_string (row, "features", features_json);
  rd_record_set_string (row, "weights", weights_json);
  rd_record_set_string (row, "metrics", metrics);
  return row;
}
