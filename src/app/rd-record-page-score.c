/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdRecordPage: a lead's conversion score and what moved it (docs/intelligence.md). The
 * model is the synced row the server trained; the lead's features are read from this
 * replica, so the page explains the same score the list sorts by. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-lead-model.h"
#include "rd-lead-scorer.h"
#include "rd-model-row.h"
#include "rd-record-page-private.h"

#define TOP_FACTORS 5

static double
feature_value (GPtrArray  *features,
               const char *name)
{
  for (guint i = 0; i < features->len; i++)
    {
      RdFeature *feature = g_ptr_array_index (features, i);

      if (g_str_equal (feature->name, name))
        return feature->value;
    }
  return 0;
}

static GtkWidget *
factor_row (RdFeature *effect,
            double     value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (effect->value > 0 ? "go-up-symbolic" : "go-down-symbolic");
  g_autofree char *title = rd_labels_lead_factor (effect->name, value);
  const char *subtitle;

  if (effect->value > 0)
    subtitle = fabs (effect->value) >= 0.5 ? _("Raises the score a lot") : _("Raises the score");
  else
    subtitle = fabs (effect->value) >= 0.5 ? _("Lowers the score a lot") : _("Lowers the score");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, effect->value > 0 ? "success" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

void
rd_record_page_update_score (RdRecordPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLeadModel) model = NULL;
  g_autoptr(GPtrArray) features = NULL;
  g_autoptr(GPtrArray) effects = NULL;
  g_autofree char *description = NULL;
  const char *status;
  double score;

  gtk_widget_set_visible (GTK_WIDGET (self->score_group), FALSE);
  if (self->record == NULL || !g_str_equal (self->table, "leads"))
    return;
  status = rd_record_get_string (self->record, "status");
  /* A closed lead's outcome is known: it is what the score learns from. */
  if (rd_lead_status_is_closed (status))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->score_group), TRUE);

  model = rd_lead_model_load (self->store, &error);
  if (model != NULL)
    features = rd_lead_features_collect (self->store, self->id, g_get_real_time () / 1000, &error);
  if (model == NULL || features == NULL)
    {
      g_autofree char *problem = rd_lead_scorer_describe_problem (error);

      adw_preferences_group_set_description (self->score_group, problem);
      return;
    }

  score = rd_lead_model_score (model, features);
  /* Translators: "87 % likely to convert · model 3, learnt from 412 leads" */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%.0f %% likely to convert · model %lu, learnt from %lu lead",
                                              "%.0f %% likely to convert · model %lu, learnt from %lu leads",
                                              (gulong) rd_lead_model_get_samples (model)),
                                 100 * score, (gulong) rd_lead_model_get_version (model),
                                 (gulong) rd_lead_model_get_samples (model));
  adw_preferences_group_set_description (self->score_group, description);

  effects = rd_lead_model_explain (model, features, TOP_FACTORS);
  for (guint i = 0; i < effects->len; i++)
    {
      RdFeature *effect = g_ptr_array_index (effects, i);

      rd_record_page_add_row (self, self->score_group,
                              factor_row (effect, feature_value (features, effect->name)));
    }
}
