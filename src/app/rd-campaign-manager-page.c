/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-campaign-manager-page.h"
#include "rd-dnc-window.h"
#include "rd-labels.h"

/* Campaign Manager (managers and admins, signed in to a server): the campaigns with their
 * status, dial method, agents and leadsets, and live figures (GET /agents: ready, on a
 * call, paused; GET /leadsets: the leads left to dial), with Start / Pause / Stop and Edit;
 * the leadsets with their counts, Upload and Reset; the do-not-call lists in their own
 * window (RdDncWindow). The editor (RdCampaignEditor) is the
 * stack's second page. While shown, the figures are read again every 5 s. The server
 * checks every call; the window only hides the page from agents. */

#define REFRESH_SECONDS 5

struct _RdCampaignManagerPage
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  char                *region;
  guint                pending;
  guint                refresh_id;

  /* The three answers of one reload; the rows are made when all are in. */
  JsonArray           *campaigns;
  JsonArray           *leadsets;
  JsonArray           *agents;
  guint                reload_pending;
  gboolean             reload_again;  /* asked while one ran: a change to show */
  GPtrArray           *rows;

  GtkStack            *stack;
  AdwPreferencesGroup *campaigns_group;
  AdwPreferencesGroup *leadsets_group;
  RdCampaignEditor    *editor;
};

G_DEFINE_FINAL_TYPE (RdCampaignManagerPage, rd_campaign_manager_page, GTK_TYPE_WIDGET)

static void
toast (RdCampaignManagerPage *self,
       const char            *message)
{
  rd_api_toast (GTK_WIDGET (self), message);
}

static JsonObject *
find_by (JsonArray  *array,
         const char *member,
         const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (rd_api_string (object, member), value) == 0)
        return object;
    }
  return NULL;
}

/* --- rows ------------------------------------------------------------------------------ */

static GtkWidget *
row_button (const char *name,
            const char *icon,
            const char *tooltip,
            gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* The second line of a campaign's row: its agents now and its leads left. */
static char *
live_figures (RdCampaignManagerPage *self,
              JsonObject            *campaign)
{
  const char *id = rd_api_string (campaign, "id");
  JsonArray *attached = rd_api_array (campaign, "leadsets");
  guint ready = 0, on_call = 0, paused = 0;
  gint64 left = 0;

  for (guint i = 0; self->agents != NULL && i < json_array_get_length (self->agents); i++)
    {
      JsonObject *agent = json_array_get_object_element (self->agents, i);
      const char *state = rd_api_string (agent, "state");

      if (g_strcmp0 (rd_api_string (agent, "campaign_id"), id) != 0)
        continue;
      if (g_strcmp0 (state, "ready") == 0 || g_strcmp0 (state, "previewing") == 0)
        ready++;
      else if (g_strcmp0 (state, "on_call") == 0 || g_strcmp0 (state, "wrap_up") == 0)
        on_call++;
      else if (g_strcmp0 (state, "paused") == 0 || g_strcmp0 (state, "login") == 0)
        paused++;
    }
  for (guint i = 0; attached != NULL && i < json_array_get_length (attached); i++)
    {
      JsonObject *leadset = find_by (self->leadsets, "id", json_array_get_string_element (attached, i));

      left += rd_api_int (leadset, "new") + rd_api_int (leadset, "callback");
    }
  /* Translators: live figures of a campaign, e.g. "Ready 2 · On call 5 · Paused 1 · 340 leads left" */
  return g_strdup_printf (ngettext ("Ready %u · On call %u · Paused %u · %u lead left",
                                    "Ready %u · On call %u · Paused %u · %u leads left", (gulong) left),
                          ready, on_call, paused, (guint) left);
}

static void campaign_action_clicked_cb (GtkButton *button, RdCampaignManagerPage *self);
static void edit_clicked_cb (GtkButton *button, RdCampaignManagerPage *self);
static void reset_clicked_cb (GtkButton *button, RdCampaignManagerPage *self);

static void
add_campaign_row (RdCampaignManagerPage *self,
                  JsonObject            *campaign)
{
  const char *status = rd_api_string (campaign, "status");
  JsonArray *agents = rd_api_array (campaign, "agents");
  JsonArray *leadsets = rd_api_array (campaign, "leadsets");
  guint n_agents = agents != NULL ? json_array_get_length (agents) : 0;
  guint n_leadsets = leadsets != NULL ? json_array_get_length (leadsets) : 0;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *agents_text = g_strdup_printf (ngettext ("%u agent", "%u agents", n_agents), n_agents);
  g_autofree char *leadsets_text = g_strdup_printf (ngettext ("%u leadset", "%u leadsets", n_leadsets), n_leadsets);
  g_autofree char *figures = live_figures (self, campaign);
  g_autofree char *subtitle = NULL;
  struct { const char *name, *icon, *tooltip; gboolean sensitive; } buttons[] = {
    { "start", "media-playback-start-symbolic", _("Start dialling"), g_strcmp0 (status, "running") != 0 },
    { "pause", "media-playback-pause-symbolic", _("Pause: no new calls, agents stay"), g_strcmp0 (status, "running") == 0 },
    { "stop", "media-playback-stop-symbolic", _("Stop the campaign"), g_strcmp0 (status, "stopped") != 0 },
  };
  GtkWidget *edit;

  /* Translators: a campaign's row, e.g. "Running · Progressive · 3 agents · 2 leadsets",
   * then the live figures on a second line */
  subtitle = g_strdup_printf (_("%s · %s · %s · %s\n%s"), rd_labels_campaign_value (status),
                              rd_labels_campaign_value (rd_api_string (campaign, "dial_method")),
                              agents_text, leadsets_text, figures);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_api_string (campaign, "name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_name (row, rd_api_string (campaign, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = row_button (buttons[i].name, buttons[i].icon, buttons[i].tooltip, buttons[i].sensitive);

      g_object_set_data_full (G_OBJECT (button), "campaign-id", g_strdup (rd_api_string (campaign, "id")), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (campaign_action_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  edit = row_button ("edit", "document-edit-symbolic", _("Edit the campaign"), TRUE);
  g_object_set_data_full (G_OBJECT (edit), "campaign-id", g_strdup (rd_api_string (campaign, "id")), g_free);
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  adw_preferences_group_add (self->campaigns_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
add_leadset_row (RdCampaignManagerPage *self,
                 JsonObject            *leadset)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset"));
  gint64 leads = rd_api_int (leadset, "leads");
  g_autofree char *subtitle = NULL;

  /* Translators: a leadset's counts, e.g. "RU · 120 leads · new 100 · call-backs 5 · done 10 ·
   * do not call 3 · invalid 2" */
  subtitle = g_strdup_printf (ngettext ("%s · %u lead · new %u · call-backs %u · done %u · do not call %u · invalid %u",
                                        "%s · %u leads · new %u · call-backs %u · done %u · do not call %u · invalid %u",
                                        (gulong) leads),
                              rd_api_string (leadset, "country"), (guint) leads,
                              (guint) rd_api_int (leadset, "new"), (guint) rd_api_int (leadset, "callback"),
                              (guint) rd_api_int (leadset, "done"), (guint) rd_api_int (leadset, "dnc"),
                              (guint) rd_api_int (leadset, "invalid"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_api_string (leadset, "name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, rd_api_string (leadset, "id"));
  gtk_widget_set_name (reset, "reset");
  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (reset, _("Leads waiting for another attempt start over"));
  g_object_set_data_full (G_OBJECT (reset), "leadset-id", g_strdup (rd_api_string (leadset, "id")), g_free);
  g_signal_connect (reset, "clicked", G_CALLBACK (reset_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reset);
  adw_preferences_group_add (self->leadsets_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_rows (RdCampaignManagerPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; self->campaigns != NULL && i < json_array_get_length (self->campaigns); i++)
    add_campaign_row (self, json_array_get_object_element (self->campaigns, i));
  for (guint i = 0; self->leadsets != NULL && i < json_array_get_length (self->leadsets); i++)
    add_leadset_row (self, json_array_get_object_element (self->leadsets, i));
  adw_preferences_group_set_description (self->campaigns_group,
                                         self->campaigns == NULL || json_array_get_length (self->campaigns) == 0
                                         ? _("No campaign yet. Create one, give it agents and a leadset, then start it.")
                                         : NULL);
}

/* --- calls ----------------------------------------------------------------------------- */

static void
call (RdCampaignManagerPage *self,
      const char            *method,
      const char            *path,
      RdApiCallDone          done,
      gpointer               data)
{
  if (self->session == NULL)
    return;
  self->pending++;
  rd_api_call (self->session, method, path, NULL, self->cancellable, G_OBJECT (self), done, data);
}

/* Each of the three lists of a reload lands here; @data names the member. */
static void
list_done_cb (GObject      *owner,
              JsonNode     *answer,
              const GError *error,
              gpointer      data)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (owner);
  const char *member = data;
  JsonArray *array = rd_api_array (rd_api_object (answer), member);
  JsonArray **slot = g_str_equal (member, "campaigns") ? &self->campaigns
                     : g_str_equal (member, "leadsets") ? &self->leadsets : &self->agents;

  self->pending--;
  self->reload_pending--;
  if (error != NULL)
    toast (self, error->message);
  else
    {
      g_clear_pointer (slot, json_array_unref);
      *slot = array != NULL ? json_array_ref (array) : NULL;
    }
  if (self->reload_pending > 0)
    return;
  show_rows (self);
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      rd_campaign_manager_page_reload (self);
    }
}

void
rd_campaign_manager_page_reload (RdCampaignManagerPage *self)
{
  g_return_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self));
  if (self->session == NULL)
    return;
  if (self->reload_pending > 0)
    {
      self->reload_again = TRUE;
      return;
    }
  self->reload_pending = 3;
  call (self, "GET", "campaigns", list_done_cb, (gpointer) "campaigns");
  call (self, "GET", "leadsets", list_done_cb, (gpointer) "leadsets");
  call (self, "GET", "agents", list_done_cb, (gpointer) "agents");
}

static void
changed_done_cb (GObject      *owner,
                 JsonNode     *answer,
                 const GError *error,
                 gpointer      data)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (owner);

  self->pending--;
  if (error != NULL)
    toast (self, error->message);
  else if (data != NULL)
    {
      gint64 n = rd_api_int (rd_api_object (answer), "reset");
      g_autofree char *text = g_strdup_printf (ngettext ("%u lead starts over", "%u leads start over", (gulong) n),
                                               (guint) n);

      toast (self, text);
    }
  rd_campaign_manager_page_reload (self);
}

static void
campaign_action_clicked_cb (GtkButton             *button,
                            RdCampaignManagerPage *self)
{
  g_autofree char *path = g_strdup_printf ("campaigns/%s/%s",
                                           (const char *) g_object_get_data (G_OBJECT (button), "campaign-id"),
                                           gtk_widget_get_name (GTK_WIDGET (button)));

  call (self, "POST", path, changed_done_cb, NULL);
}

static void
reset_clicked_cb (GtkButton             *button,
                  RdCampaignManagerPage *self)
{
  g_autofree char *path = g_strdup_printf ("leadsets/%s/reset",
                                           (const char *) g_object_get_data (G_OBJECT (button), "leadset-id"));

  call (self, "POST", path, changed_done_cb, (gpointer) "reset");
}

/* --- editor and upload ----------------------------------------------------------------- */

static void
open_editor (RdCampaignManagerPage *self,
             JsonObject            *campaign)
{
  rd_campaign_editor_edit (self->editor, campaign);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
edit_clicked_cb (GtkButton             *button,
                 RdCampaignManagerPage *self)
{
  JsonObject *campaign = find_by (self->campaigns, "id", g_object_get_data (G_OBJECT (button), "campaign-id"));

  if (campaign != NULL)
    open_editor (self, campaign);
}

static void
rd_campaign_manager_page_new_clicked_cb (RdCampaignManagerPage *self)
{
  open_editor (self, NULL);
}

static void
rd_campaign_manager_page_editor_done_cb (RdCampaignManagerPage *self,
                                         gboolean               saved)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (saved)
    toast (self, _("Campaign saved"));
  rd_campaign_manager_page_reload (self);
}

static void
uploaded_cb (RdCampaignManagerPage *self)
{
  rd_campaign_manager_page_reload (self);
}

RdLeadsetUploadDialog *
rd_campaign_manager_page_upload (RdCampaignManagerPage *self)
{
  GtkRoot *root;
  RdLeadsetUploadDialog *dialog;

  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = rd_leadset_upload_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->session, self->region);
  g_signal_connect_object (dialog, "uploaded", G_CALLBACK (uploaded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
rd_campaign_manager_page_upload_clicked_cb (RdCampaignManagerPage *self)
{
  rd_campaign_manager_page_upload (self);
}

RdDncWindow *
rd_campaign_manager_page_open_dnc (RdCampaignManagerPage *self)
{
  GtkRoot *root;
  RdDncWindow *window;

  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  g_return_val_if_fail (self->session != NULL, NULL);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = rd_dnc_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session, self->region);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
rd_campaign_manager_page_dnc_clicked_cb (RdCampaignManagerPage *self)
{
  rd_campaign_manager_page_open_dnc (self);
}

/* --- live figures ---------------------------------------------------------------------- */

static gboolean
refresh_cb (gpointer user_data)
{
  RdCampaignManagerPage *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") == 0)
    rd_campaign_manager_page_reload (self);
  return G_SOURCE_CONTINUE;
}

static void
rd_campaign_manager_page_map (GtkWidget *widget)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (widget);

  GTK_WIDGET_CLASS (rd_campaign_manager_page_parent_class)->map (widget);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
rd_campaign_manager_page_unmap (GtkWidget *widget)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (rd_campaign_manager_page_parent_class)->unmap (widget);
}

/* --- the object ------------------------------------------------------------------------ */

static void
rd_campaign_manager_page_dispose (GObject *object)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CAMPAIGN_MANAGER_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->campaigns, json_array_unref);
  g_clear_pointer (&self->leadsets, json_array_unref);
  g_clear_pointer (&self->agents, json_array_unref);

  G_OBJECT_CLASS (rd_campaign_manager_page_parent_class)->dispose (object);
}

static void
rd_campaign_manager_page_finalize (GObject *object)
{
  RdCampaignManagerPage *self = RD_CAMPAIGN_MANAGER_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (rd_campaign_manager_page_parent_class)->finalize (object);
}

static void
rd_campaign_manager_page_class_init (RdCampaignManagerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_campaign_manager_page_dispose;
  object_class->finalize = rd_campaign_manager_page_finalize;
  widget_class->map = rd_campaign_manager_page_map;
  widget_class->unmap = rd_campaign_manager_page_unmap;

  g_type_ensure (RD_TYPE_CAMPAIGN_EDITOR);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-campaign-manager-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCampaignManagerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignManagerPage, campaigns_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignManagerPage, leadsets_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignManagerPage, editor);
  /* Not kept in the struct; named for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "new_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "upload_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "dnc_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_manager_page_new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_manager_page_upload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_manager_page_dnc_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_campaign_manager_page_editor_done_cb);
}

static void
rd_campaign_manager_page_init (RdCampaignManagerPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->region = g_strdup ("US");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_campaign_manager_page_new (void)
{
  return g_object_new (RD_TYPE_CAMPAIGN_MANAGER_PAGE, NULL);
}

/** The signed-in session of a manager or admin. */
void
rd_campaign_manager_page_set_session (RdCampaignManagerPage *self,
                                      RdServerSession       *session)
{
  g_return_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self));
  g_set_object (&self->session, session);
  rd_campaign_editor_set_session (self->editor, session);
  rd_campaign_manager_page_reload (self);
}

void
rd_campaign_manager_page_set_region (RdCampaignManagerPage *self,
                                     const char            *region)
{
  g_return_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self));
  g_free (self->region);
  self->region = g_strdup (region != NULL && *region != '\0' ? region : "US");
}

gboolean
rd_campaign_manager_page_get_busy (RdCampaignManagerPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), FALSE);
  return self->pending > 0;
}

guint
rd_campaign_manager_page_get_n_campaigns (RdCampaignManagerPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), 0);
  return self->campaigns != NULL ? json_array_get_length (self->campaigns) : 0;
}

guint
rd_campaign_manager_page_get_n_leadsets (RdCampaignManagerPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), 0);
  return self->leadsets != NULL ? json_array_get_length (self->leadsets) : 0;
}

const char *
rd_campaign_manager_page_get_status (RdCampaignManagerPage *self,
                                     const char            *name)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  return rd_api_string (find_by (self->campaigns, "name", name), "status");
}

const char *
rd_campaign_manager_page_find_campaign (RdCampaignManagerPage *self,
                                        const char            *name)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  return rd_api_string (find_by (self->campaigns, "name", name), "id");
}

const char *
rd_campaign_manager_page_find_leadset (RdCampaignManagerPage *self,
                                       const char            *name)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  return rd_api_string (find_by (self->leadsets, "name", name), "id");
}

RdCampaignEditor *
rd_campaign_manager_page_get_editor (RdCampaignManagerPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGN_MANAGER_PAGE (self), NULL);
  return self->editor;
}
