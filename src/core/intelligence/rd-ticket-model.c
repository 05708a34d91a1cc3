/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-model-row.h"
#include "rd-query-terms.h"
#include "rd-ticket-model.h"

/* One set of one-vs-rest classes: m labels, each with n + 1 weights. */
typedef struct {
  GPtrArray *labels;    /* char* */
  double    *weights;   /* m × (n + 1) */
} Classes;

struct _RdTicketModel
{
  GObject     parent_instance;

  gint64      version;
  guint       n_terms;
  GHashTable *index;    /* stem -> column + 1 */
  Classes     tags;
  Classes     groups;
};

G_DEFINE_FINAL_TYPE (RdTicketModel, rd_ticket_model, G_TYPE_OBJECT)

void
rd_ticket_guess_free (RdTicketGuess *guess)
{
  if (guess == NULL)
    return;
  g_free (guess->label);
  g_free (guess);
}

static void
rd_ticket_model_finalize (GObject *object)
{
  RdTicketModel *self = RD_TICKET_MODEL (object);

  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->tags.labels, g_ptr_array_unref);
  g_clear_pointer (&self->groups.labels, g_ptr_array_unref);
  g_free (self->tags.weights);
  g_free (self->groups.weights);
  G_OBJECT_CLASS (rd_ticket_model_parent_class)->finalize (object);
}

static void
rd_ticket_model_class_init (RdTicketModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_ticket_model_finalize;
}

static void
rd_ticket_model_init (RdTicketModel *self)
{
  self->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tags.labels = g_ptr_array_new_with_free_func (g_free);
  self->groups.labels = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
corrupt (GError    **error,
         const char *what)
{
  g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT, "The ticket triage model is corrupt: %s", what);
  return FALSE;
}

static gboolean
read_classes (JsonObject  *weights,
              const char  *member,
              guint        n_terms,
              Classes     *classes,
              GError     **error)
{
  JsonNode *node = json_object_get_member (weights, member);
  JsonArray *labels, *rows;
  guint m;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = g_strdup_printf ("its “%s” is not an object of labels and weights", member);

      return corrupt (error, what);
    }
  node = json_object_get_member (json_node_get_object (json_object_get_member (weights, member)), "labels");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return corrupt (error, "a class set has no labels");
  labels = json_node_get_array (node);
  node = json_object_get_member (json_node_get_object (json_object_get_member (weights, member)), "weights");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return corrupt (error, "a class set has no weights");
  rows = json_node_get_array (node);
  m = json_array_get_length (labels);
  if (json_array_get_length (rows) != m)
    return corrupt (error, "a class set has not one weight row per label");

  classes->weights = g_new (double, (gsize) m * (n_terms + 1) + 1);
  for (guint c = 0; c < m; c++)
    {
      JsonNode *label = json_array_get_element (labels, c);
      JsonNode *row = json_array_get_element (rows, c);

      if (!JSON_NODE_HOLDS_VALUE (label) || json_node_get_value_type (label) != G_TYPE_STRING)
        return corrupt (error, "a label is not a text");
      if (!JSON_NODE_HOLDS_ARRAY (row) ||
          !rd_model_read_numbers (json_node_get_array (row), n_terms + 1,
                                  &classes->weights[(gsize) c * (n_terms + 1)], json_node_get_string (label), error))
        {
          if (error != NULL && *error == NULL)
            corrupt (error, "a weight row is not an array");
          return FALSE;
        }
      g_ptr_array_add (classes->labels, g_strdup (json_node_get_string (label)));
    }
  return TRUE;
}

RdTicketModel *
rd_ticket_model_new_from_row (RdRecord  *row,
                              GError   **error)
{
  g_autoptr(RdTicketModel) self = NULL;
  g_autoptr(JsonArray) terms = NULL;
  g_autoptr(JsonObject) weights = NULL;
  gint64 format = rd_record_get_int (row, "format", 0);

  if (g_strcmp0 (rd_record_get_string (row, "kind"), RD_TICKET_MODEL_KIND) != 0)
    {
      corrupt (error, "it is not a ticket triage model");
      return NULL;
    }
  if (format < RD_TICKET_MODEL_MIN_FORMAT || format > RD_TICKET_MODEL_FORMAT)
    {
      g_set_error (error, RD_MODEL_ERROR,
                   format < RD_TICKET_MODEL_MIN_FORMAT ? RD_MODEL_ERROR_TOO_OLD : RD_MODEL_ERROR_TOO_NEW,
                   "The ticket triage model has format %" G_GINT64_FORMAT "; this Ringdesk reads formats %d to %d",
                   format, RD_TICKET_MODEL_MIN_FORMAT, RD_TICKET_MODEL_FORMAT);
      return NULL;
    }
  if ((terms = rd_model_row_get_array (row, "features", error)) == NULL ||
      (weights = rd_model_row_get_object (row, "weights", error)) == NULL)
    return NULL;

  /* Stems on the server and whole words here (a build without libstemmer) would never
   * meet: refuse rather than suggest from a vocabulary this replica cannot produce. */
  if (g_strcmp0 (json_object_get_string_member_with_default (weights, "words", "plain"),
                 rd_query_terms_stemmed () ? "snowball" : "plain") != 0)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TOO_NEW,
                   "The ticket triage model reads words as %s, and this Ringdesk %s",
                   json_object_get_string_member_with_default (weights, "words", "plain"),
                   rd_query_terms_stemmed () ? "stems them with Snowball" : "is built without libstemmer");
      return NULL;
    }

  self = g_object_new (RD_TYPE_TICKET_MODEL, NULL);
  self->n_terms = json_array_get_length (terms);
  for (guint j = 0; j < self->n_terms; j++)
    {
      JsonNode *node = json_array_get_element (terms, j);
      const char *term = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;

      if (term == NULL || g_hash_table_contains (self->index, term))
        {
          corrupt (error, "its words are not distinct texts");
          return NULL;
        }
      g_hash_table_insert (self->index, g_strdup (term), GUINT_TO_POINTER (j + 1));
    }
  if (!read_classes (weights, "tags", self->n_terms, &self->tags, error) ||
      !read_classes (weights, "groups", self->n_terms, &self->groups, error))
    return NULL;
  self->version = rd_record_get_int (row, "version", 0);
  return g_steal_pointer (&self);
}

RdTicketModel *
rd_ticket_model_load (RdStore  *store,
                      GError  **error)
{
  g_autoptr(RdRecord) row = rd_model_row_load (store, RD_TICKET_MODEL_KIND, RD_TICKET_MODEL_MIN_FORMAT,
                                               RD_TICKET_MODEL_FORMAT, error);

  return row != NULL ? rd_ticket_model_new_from_row (row, error) : NULL;
}

gint64
rd_ticket_model_get_version (RdTicketModel *self)
{
  g_return_val_if_fail (RD_IS_TICKET_MODEL (self), 0);
  return self->version;
}

/* The probability of class @c of @classes for @terms. */
static double
probability (RdTicketModel *self,
             Classes       *classes,
             guint          c,
             GPtrArray     *terms)
{
  const double *w = &classes->weights[(gsize) c * (self->n_terms + 1)];
  double z = w[self->n_terms];

  for (guint i = 0; i < terms->len; i++)
    {
      guint column = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, terms->pdata[i]));

      if (column != 0)
        z += w[column - 1];
    }
  return 1.0 / (1.0 + exp (-z));
}

static gint
guess_compare (gconstpointer a,
               gconstpointer b)
{
  const RdTicketGuess *ga = *(RdTicketGuess **) a;
  const RdTicketGuess *gb = *(RdTicketGuess **) b;

  if (ga->confidence != gb->confidence)
    return ga->confidence > gb->confidence ? -1 : 1;
  return g_strcmp0 (ga->label, gb->label);
}

static GPtrArray *
guesses (RdTicketModel *self,
         Classes       *classes,
         GPtrArray     *terms)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_ticket_guess_free);

  for (guint c = 0; c < classes->labels->len; c++)
    {
      RdTicketGuess *guess = g_new0 (RdTicketGuess, 1);

      guess->label = g_strdup (classes->labels->pdata[c]);
      guess->confidence = probability (self, classes, c, terms);
      g_ptr_array_add (out, guess);
    }
  g_ptr_array_sort (out, guess_compare);
  return out;
}

GPtrArray *
rd_ticket_model_suggest_tags (RdTicketModel *self,
                              GPtrArray     *terms)
{
  GPtrArray *all;
  guint keep = 0;

  g_return_val_if_fail (RD_IS_TICKET_MODEL (self), NULL);

  all = guesses (self, &self->tags, terms);
  while (keep < all->len && ((RdTicketGuess *) all->pdata[keep])->confidence >= RD_TICKET_MODEL_TAG_THRESHOLD)
    keep++;
  g_ptr_array_set_size (all, MIN (all->len, MAX (keep, 1)));
  return all;
}

RdTicketGuess *
rd_ticket_model_suggest_group (RdTicketModel *self,
                               GPtrArray     *terms)
{
  g_autoptr(GPtrArray) all = NULL;
  RdTicketGuess *best;
  double sum = 0;

  g_return_val_if_fail (RD_IS_TICKET_MODEL (self), NULL);

  all = guesses (self, &self->groups, terms);
  if (all->len == 0)
    return NULL;
  /* One group per ticket: the one-vs-rest probabilities normalised (as liblinear does). */
  for (guint c = 0; c < all->len; c++)
    sum += ((RdTicketGuess *) all->pdata[c])->confidence;
  best = g_steal_pointer (&all->pdata[0]);
  best->confidence = sum > 0 ? best->confidence / sum : 0;
  return best;
}
