/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-lead-model.h"
#include "rd-model-row.h"

struct _RdLeadModel
{
  GObject     parent_instance;

  gint64      version;
  gint64      trained_at;
  gint64      samples;
  GHashTable *weights;    /* feature name -> double* */
  double      intercept;
};

G_DEFINE_FINAL_TYPE (RdLeadModel, rd_lead_model, G_TYPE_OBJECT)

static void
rd_lead_model_finalize (GObject *object)
{
  RdLeadModel *self = RD_LEAD_MODEL (object);

  g_clear_pointer (&self->weights, g_hash_table_unref);
  G_OBJECT_CLASS (rd_lead_model_parent_class)->finalize (object);
}

static void
rd_lead_model_class_init (RdLeadModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_lead_model_finalize;
}

static void
rd_lead_model_init (RdLeadModel *self)
{
  self->weights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RdLeadModel *
rd_lead_model_new_from_row (RdRecord  *row,
                            GError   **error)
{
  g_autoptr(RdLeadModel) self = NULL;
  g_autoptr(JsonArray) names = NULL;
  g_autoptr(JsonArray) weights = NULL;
  g_autofree double *w = NULL;
  gint64 format;
  guint n;

  g_return_val_if_fail (RD_IS_RECORD (row), NULL);

  format = rd_record_get_int (row, "format", 0);
  if (g_strcmp0 (rd_record_get_string (row, "kind"), RD_LEAD_MODEL_KIND) != 0)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                   "A %s model is not a lead score model", rd_record_get_string (row, "kind"));
      return NULL;
    }
  if (format < RD_LEAD_MODEL_MIN_FORMAT || format > RD_LEAD_MODEL_FORMAT)
    {
      g_set_error (error, RD_MODEL_ERROR,
                   format < RD_LEAD_MODEL_MIN_FORMAT ? RD_MODEL_ERROR_TOO_OLD : RD_MODEL_ERROR_TOO_NEW,
                   "The lead score model has format %" G_GINT64_FORMAT "; this Ringdesk reads formats %d to %d",
                   format, RD_LEAD_MODEL_MIN_FORMAT, RD_LEAD_MODEL_FORMAT);
      return NULL;
    }

  names = rd_model_row_get_array (row, "features", error);
  if (names == NULL)
    return NULL;
  weights = rd_model_row_get_array (row, "weights", error);
  if (weights == NULL)
    return NULL;
  n = json_array_get_length (names);
  w = g_new (double, n + 1);
  if (!rd_model_read_numbers (weights, n + 1, w, "the lead score’s weights", error))
    return NULL;

  self = g_object_new (RD_TYPE_LEAD_MODEL, NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (names, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      double *value;

      if (name == NULL || *name == '\0' || g_hash_table_contains (self->weights, name))
        {
          g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                       "The lead score model is corrupt: feature %u is %s", i,
                       name == NULL || *name == '\0' ? "not a name" : "named twice");
          return NULL;
        }
      value = g_new (double, 1);
      *value = w[i];
      g_hash_table_insert (self->weights, g_strdup (name), value);
    }
  self->intercept = w[n];
  self->version = rd_record_get_int (row, "version", 0);
  self->trained_at = rd_record_get_int (row, "trained_at", 0);
  self->samples = rd_record_get_int (row, "samples", 0);
  return g_steal_pointer (&self);
}

RdLeadModel *
rd_lead_model_load (RdStore  *store,
                    GError  **error)
{
  g_autoptr(RdRecord) row = rd_model_row_load (store, RD_LEAD_MODEL_KIND, RD_LEAD_MODEL_MIN_FORMAT,
                                               RD_LEAD_MODEL_FORMAT, error);

  return row != NULL ? rd_lead_model_new_from_row (row, error) : NULL;
}

gint64
rd_lead_model_get_version (RdLeadModel *self)
{
  g_return_val_if_fail (RD_IS_LEAD_MODEL (self), 0);
  return self->version;
}

gint64
rd_lead_model_get_trained_at (RdLeadModel *self)
{
  g_return_val_if_fail (RD_IS_LEAD_MODEL (self), 0);
  return self->trained_at;
}

gint64
rd_lead_model_get_samples (RdLeadModel *self)
{
  g_return_val_if_fail (RD_IS_LEAD_MODEL (self), 0);
  return self->samples;
}

double
rd_lead_model_score (RdLeadModel *self,
                     GPtrArray   *features)
{
  double z;

  g_return_val_if_fail (RD_IS_LEAD_MODEL (self), 0);

  z = self->intercept;
  for (guint i = 0; i < features->len; i++)
    {
      const RdFeature *feature = g_ptr_array_index (features, i);
      const double *w = g_hash_table_lookup (self->weights, feature->name);

      if (w != NULL)
        z += *w * feature->value;
    }
  return 1.0 / (1.0 + exp (-z));
}

static gint
effect_compare (gconstpointer a,
                gconstpointer b)
{
  const RdFeature *fa = *(RdFeature **) a;
  const RdFeature *fb = *(RdFeature **) b;
  double da = fabs (fa->value), db = fabs (fb->value);

  if (da != db)
    return da > db ? -1 : 1;
  return g_strcmp0 (fa->name, fb->name);
}

GPtrArray *
rd_lead_model_explain (RdLeadModel *self,
                       GPtrArray   *features,
                       guint        max)
{
  GPtrArray *effects = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_feature_free);

  g_return_val_if_fail (RD_IS_LEAD_MODEL (self), effects);

  for (guint i = 0; i < features->len; i++)
    {
      const RdFeature *feature = g_ptr_array_index (features, i);
      const double *w = g_hash_table_lookup (self->weights, feature->name);
      RdFeature *effect;

      if (w == NULL || fabs (*w * feature->value) < 0.01)
        continue;
      effect = g_new0 (RdFeature, 1);
      effect->name = g_strdup (feature->name);
      effect->value = *w * feature->value;
      g_ptr_array_add (effects, effect);
    }
  g_ptr_array_sort (effects, effect_compare);
  if (effects->len > max)
    g_ptr_array_set_size (effects, max);
  return effects;
}
