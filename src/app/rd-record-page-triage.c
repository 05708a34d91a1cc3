/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdRecordPage: a ticket's suggested tags and group (docs/intelligence.md). The triage
 * model (trained on the server from the tickets agents tagged and routed) reads the
 * ticket's words here; the agent accepts the suggestion as it is or changes it first.
 * Either way the ticket records it in `triage` ("accepted" or "corrected"), and its tags
 * and group are what the next training learns from. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-model-row.h"
#include "rd-record-page-private.h"
#include "rd-ticket-model.h"
#include "rd-ticket-text.h"

/* The group row's choices: "No Group", then the teams by name. */
static void
fill_groups (RdRecordPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) teams = rd_store_list (self->store, "teams", NULL, "name", 0, 1000, NULL);

  g_clear_pointer (&self->triage_team_ids, g_ptr_array_unref);
  self->triage_team_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("No Group"));
  g_ptr_array_add (self->triage_team_ids, NULL);
  for (guint i = 0; teams != NULL && i < teams->len; i++)
    {
      gtk_string_list_append (names, rd_record_get_string (teams->pdata[i], "name"));
      g_ptr_array_add (self->triage_team_ids, g_strdup (rd_record_get_id (teams->pdata[i])));
    }
  adw_combo_row_set_model (self->triage_group_row, G_LIST_MODEL (names));
}

static guint
group_position (RdRecordPage *self,
                const char   *team_id)
{
  for (guint i = 1; team_id != NULL && i < self->triage_team_ids->len; i++)
    if (g_str_equal (self->triage_team_ids->pdata[i], team_id))
      return i;
  return 0;
}

static char *
join_tags (GPtrArray *guesses)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;

  for (guint i = 0; i < guesses->len; i++)
    g_strv_builder_add (builder, ((RdTicketGuess *) guesses->pdata[i])->label);
  labels = g_strv_builder_end (builder);
  return g_strjoinv (", ", labels);
}

void
rd_record_page_update_triage (RdRecordPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTicketModel) model = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(RdTicketGuess) group = NULL;
  g_autofree char *description = NULL;
  const char *triage;

  g_clear_pointer (&self->suggested_tags, g_free);
  g_clear_pointer (&self->suggested_group, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->triage_group), FALSE);
  if (self->record == NULL || !g_str_equal (self->table, "tickets"))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->triage_group), TRUE);
  fill_groups (self);
  triage = rd_record_get_string (self->record, "triage");

  model = rd_ticket_model_load (self->store, &error);
  if (model != NULL)
    {
      terms = rd_ticket_text_terms (rd_record_get_string (self->record, "subject"),
                                    rd_record_get_string (self->record, "description"));
      tags = rd_ticket_model_suggest_tags (model, terms);
      group = rd_ticket_model_suggest_group (model, terms);
      self->suggested_tags = join_tags (tags);
      self->suggested_group = group != NULL ? g_strdup (group->label) : NULL;
    }

  /* What the ticket has once an agent decided; the suggestion until then. */
  if (triage != NULL || model == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->triage_tags_row),
                             rd_record_get_string (self->record, "tags") ? rd_record_get_string (self->record, "tags") : "");
      adw_combo_row_set_selected (self->triage_group_row,
                                  group_position (self, rd_record_get_string (self->record, "group_id")));
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->triage_tags_row), self->suggested_tags);
      adw_combo_row_set_selected (self->triage_group_row, group_position (self, self->suggested_group));
    }

  if (model == NULL)
    {
      adw_preferences_group_set_title (self->triage_group, _("Tags and Group"));
      description = g_error_matches (error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE)
                    ? g_strdup (_("No suggestion yet: the server learns from tickets that have tags or a group."))
                    : g_strdup (_("No suggestion: the server’s triage model cannot be read. Ask an admin to train it again."));
      if (error != NULL && !g_error_matches (error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE))
        g_warning ("ticket triage: %s", error->message);
      gtk_button_set_label (self->triage_button, _("_Save"));
    }
  else
    {
      g_autofree char *tag_part = NULL;

      adw_preferences_group_set_title (self->triage_group, _("Suggested Tags and Group"));
      /* Translators: "billing 92 %" */
      tag_part = tags->len > 0 ? g_strdup_printf (_("%s %.0f %%"), ((RdTicketGuess *) tags->pdata[0])->label,
                                                  100 * ((RdTicketGuess *) tags->pdata[0])->confidence)
                               : g_strdup (_("no tag"));
      if (group != NULL)
        {
          guint at = group_position (self, group->label);
          GListModel *names = adw_combo_row_get_model (self->triage_group_row);
          g_autofree char *group_name = NULL;

          if (at > 0)
            group_name = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names), at));
          else
            group_name = g_strdup (_("a group not in this replica"));
          /* Translators: "Tag billing 92 % · group Billing 88 %" */
          description = g_strdup_printf (_("Tag %s · group %s %.0f %%"), tag_part, group_name, 100 * group->confidence);
        }
      else
        description = g_strdup_printf (_("Tag %s"), tag_part);
      if (g_strcmp0 (triage, "accepted") == 0)
        {
          g_autofree char *done = g_strdup_printf (_("%s · accepted"), description);
          g_free (description);
          description = g_steal_pointer (&done);
        }
      else if (g_strcmp0 (triage, "corrected") == 0)
        {
          g_autofree char *done = g_strdup_printf (_("%s · changed by an agent"), description);
          g_free (description);
          description = g_steal_pointer (&done);
        }
      gtk_button_set_label (self->triage_button, triage != NULL ? _("_Save") : _("_Accept"));
    }
  adw_preferences_group_set_description (self->triage_group, description);
}

void
rd_record_page_triage_cb (RdRecordPage *self,
                          GtkButton    *button)
{
  g_autoptr(RdRecord) changes = rd_record_new ("tickets");
  g_autoptr(GPtrArray) typed = rd_ticket_text_tags (gtk_editable_get_text (GTK_EDITABLE (self->triage_tags_row)));
  g_autoptr(GPtrArray) suggested = rd_ticket_text_tags (self->suggested_tags);
  g_auto(GStrv) labels = NULL;
  g_autofree char *tags = NULL;
  guint at = adw_combo_row_get_selected (self->triage_group_row);
  const char *group_id = at != GTK_INVALID_LIST_POSITION && at < self->triage_team_ids->len
                         ? self->triage_team_ids->pdata[at] : NULL;
  gboolean same = typed->len == suggested->len && g_strcmp0 (group_id, self->suggested_group) == 0;

  for (guint i = 0; same && i < typed->len; i++)
    same = g_str_equal (typed->pdata[i], suggested->pdata[i]);
  g_ptr_array_add (typed, NULL);
  labels = (GStrv) g_ptr_array_free (g_steal_pointer (&typed), FALSE);
  tags = g_strjoinv (", ", labels);

  rd_record_set_id (changes, self->id);
  if (*tags != '\0')
    rd_record_set_string (changes, "tags", tags);
  else
    rd_record_set_null (changes, "tags");
  if (group_id != NULL)
    rd_record_set_string (changes, "group_id", group_id);
  else
    rd_record_set_null (changes, "group_id");
  /* Only an answer to a suggestion is triage; tags set with no model are just tags. */
  if (self->suggested_tags != NULL)
    rd_record_set_string (changes, "triage", same ? "accepted" : "corrected");
  if (rd_record_page_update (self, changes, NULL))
    {
      rd_record_page_toast (self, same ? _("Suggestion accepted") : _("Tags and group saved"));
      rd_record_page_reload (self);
    }
}
