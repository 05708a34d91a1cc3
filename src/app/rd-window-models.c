/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdWindow: an admin trains the lead score and ticket triage now (POST /models/train,
 * docs/intelligence.md) instead of waiting for the server's schedule; the window says what
 * each training did and syncs, so the new model rows and the scores follow at once. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-sync-controller.h"
#include "rd-window-private.h"

/* One line per model kind: what the training did, in the admin's words. */
static char *
describe (JsonObject *model)
{
  const char *kind = rd_api_string (model, "kind");
  gboolean lead = g_strcmp0 (kind, "lead_score") == 0;
  gulong version = (gulong) rd_api_int (model, "version");
  gulong samples = (gulong) rd_api_int (model, "samples");

  if (!json_object_get_boolean_member_with_default (model, "trained", FALSE))
    /* Translators: the server's reason follows, in English */
    return g_strdup_printf (lead ? _("Lead score not trained: %s") : _("Ticket triage not trained: %s"),
                            rd_api_string (model, "message"));
  if (lead)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Lead score: version %lu, learnt from %lu lead",
                                         "Lead score: version %lu, learnt from %lu leads", samples),
                            version, samples);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ticket triage: version %lu, learnt from %lu ticket",
                                       "Ticket triage: version %lu, learnt from %lu tickets", samples),
                          version, samples);
}

static void
trained_cb (GObject      *owner,
            JsonNode     *answer,
            const GError *error,
            gpointer      data)
{
  RdWindow *self = RD_WINDOW (owner);
  JsonArray *models = error == NULL ? rd_api_array (rd_api_object (answer), "models") : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train-models", TRUE);
  if (error != NULL)
    {
      rd_api_toast (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      g_autofree char *line = describe (json_array_get_object_element (models, i));

      rd_api_toast (GTK_WIDGET (self), line);
    }
  if (self->sync != NULL)
    rd_sync_controller_sync_now (self->sync);
}

void
rd_window_train_models_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->session == NULL)
    return;
  /* One training at a time from here; the server joins others anyway. */
  gtk_widget_action_set_enabled (widget, "win.train-models", FALSE);
  rd_api_toast (widget, _("Training the lead score and ticket triage…"));
  rd_api_call (self->session, "POST", "models/train", NULL, self->cancellable, G_OBJECT (self),
               trained_cb, NULL);
}
