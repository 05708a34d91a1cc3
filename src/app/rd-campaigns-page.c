/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-agent-state.h"
#include "rd-api-call.h"
#include "rd-campaigns-page-private.h"
#include "rd-custom-fields.h"
#include "rd-labels.h"

/* Campaigns (signed in to a server): the campaigns the agent sees with a Join button,
 * and, once joined, the agent's workspace: the agent bar (state, time in it, today's
 * figures, Ready / Pause / Hang Up / Leave), the call card and the wrap-up form.
 *
 * Joining is POST /api/v1/agent/login, then the softphone dials the leg the answer names
 * (rd_softphone_dial_leg: a technical call no banner or call record sees). A leg that
 * drops while joined is made again (POST /agent/leg) within the server's 30 s grace.
 * The status is read once a second (GET /agent) while joined; every button's answer is
 * the status too, so the bar follows at once. */

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdCampaignsPage, rd_campaigns_page, GTK_TYPE_WIDGET)

void
rd_campaigns_page_toast (RdCampaignsPage *self,
                         const char      *message)
{
  rd_api_toast (GTK_WIDGET (self), message);
}

const char *
rd_campaigns_page_string_of (JsonObject *object,
                             const char *name)
{
  return rd_api_string (object, name);
}

static gint64
int_of (JsonObject *object,
        const char *name)
{
  return rd_api_int (object, name);
}

const char *
rd_campaigns_page_reason_label (RdCampaignsPage *self,
                                const char      *code)
{
  static const struct { const char *code; const char *label; } known[] = {
    { "break", N_("Break") },
    { "lunch", N_("Lunch") },
    { "prayer", N_("Prayer") },
    { "training", N_("Training") },
    { "meeting", N_("Meeting") },
    { "after-call", N_("after the call") },
  };
  const char *label;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (code, known[i].code) == 0)
      return _(known[i].label);
  label = code != NULL ? g_hash_table_lookup (self->pause_labels, code) : NULL;
  return label != NULL ? label : code;
}

/* --- calls ---------------------------------------------------------------------- */

typedef struct {
  RdCampaignsPage *self;
  StatusDone       done;
} Request;

static void
rd_campaigns_page_request_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(RdCampaignsPage) self = request->self;
  StatusDone done = request->done;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);

  g_free (request);
  self->pending--;
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_campaigns_page_toast (self, error->message);
      if (done == NULL)
        self->polling = FALSE;
      return;
    }
  if (done != NULL)
    done (self, JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL);
  else if (JSON_NODE_HOLDS_OBJECT (answer))
    rd_campaigns_page_apply_status (self, json_node_get_object (answer));
}

/* Calls the API (@path under /api/v1/); @done takes the answer, NULL: it is a status. */
void
rd_campaigns_page_request (RdCampaignsPage *self,
                           const char      *method,
                           const char      *path,
                           JsonBuilder     *body,
                           StatusDone       done)
{
  g_autofree char *json = NULL;
  Request *request;

  if (self->session == NULL)
    return;
  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (body);

      json_generator_set_root (generator, root);
      json = json_generator_to_data (generator, NULL);
    }
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->done = done;
  self->pending++;
  /* The agent's POSTs without members still send an (empty) JSON object. */
  if (json == NULL && g_strcmp0 (method, "GET") != 0)
    json = g_strdup ("{}");
  rd_server_session_request_async (self->session, method, path, json,
                                   self->cancellable, rd_campaigns_page_request_cb, request);
}

JsonBuilder *
rd_campaigns_page_body_with (const char *member,
           const char *value)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  return builder;
}

/* --- the campaign list ---------------------------------------------------------- */

/* "Take Queue Calls": the queues alone, no campaign. */
static void
queue_join_cb (RdCampaignsPage *self)
{
  rd_campaigns_page_log_in (self, NULL);
}

static void
join_clicked_cb (GtkButton       *button,
                 RdCampaignsPage *self)
{
  rd_campaigns_page_join (self, g_object_get_data (G_OBJECT (button), "campaign-id"));
}

static void
campaigns_done (RdCampaignsPage *self,
                JsonObject      *answer)
{
  JsonNode *list = answer != NULL ? json_object_get_member (answer, "campaigns") : NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->campaigns_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->campaigns, json_array_unref);
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  self->campaigns = json_array_ref (json_node_get_array (list));

  for (guint i = 0; i < json_array_get_length (self->campaigns); i++)
    {
      JsonObject *campaign = json_array_get_object_element (self->campaigns, i);
      const char *status = rd_campaigns_page_string_of (campaign, "status");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *join = gtk_button_new_with_mnemonic (_("_Join"));
      g_autofree char *subtitle = NULL;

      /* Translators: a campaign's status and dial method, e.g. "Running · Progressive" */
      subtitle = g_strdup_printf (_("%s · %s"), rd_labels_campaign_value (status),
                                  rd_labels_campaign_value (rd_campaigns_page_string_of (campaign, "dial_method")));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_campaigns_page_string_of (campaign, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (join, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (join, "suggested-action");
      /* The server refuses a stopped campaign; the app only hides. */
      gtk_widget_set_sensitive (join, g_strcmp0 (status, "running") == 0 || g_strcmp0 (status, "paused") == 0);
      g_object_set_data_full (G_OBJECT (join), "campaign-id", g_strdup (rd_campaigns_page_string_of (campaign, "id")), g_free);
      g_signal_connect (join, "clicked", G_CALLBACK (join_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), join);
      gtk_widget_set_name (row, rd_campaigns_page_string_of (campaign, "id"));
      adw_preferences_group_add (self->campaigns_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if (json_array_get_length (self->campaigns) == 0)
    adw_preferences_group_set_description (self->campaigns_group, _("No campaign has you as an agent yet."));
  else
    adw_preferences_group_set_description (self->campaigns_group, _("Join a running campaign to take its calls."));
}

/** Reads the campaigns again. */
void
rd_campaigns_page_reload (RdCampaignsPage *self)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  if (self->session != NULL && !self->joined)
    {
      rd_campaigns_page_request (self, "GET", "campaigns", NULL, campaigns_done);
      rd_agent_queues_reload (self->queue_list);
    }
}

static JsonObject *
joined_campaign (RdCampaignsPage *self)
{
  for (guint i = 0; self->campaigns != NULL && i < json_array_get_length (self->campaigns); i++)
    {
      JsonObject *campaign = json_array_get_object_element (self->campaigns, i);

      if (g_strcmp0 (rd_campaigns_page_string_of (campaign, "id"), self->campaign_id) == 0)
        return campaign;
    }
  return NULL;
}

/* --- the agent bar --------------------------------------------------------------- */

void
rd_campaigns_page_set_enabled (RdCampaignsPage *self,
                               const char      *name,
                               gboolean         enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (RdCampaignsPage *self)
{
  const char *s = self->state;
  gboolean joined = self->joined;
  gboolean leg_up = self->status != NULL && json_object_get_boolean_member_with_default (self->status, "leg_up", FALSE);
  gboolean wrap_up = g_strcmp0 (s, "wrap_up") == 0;

  rd_campaigns_page_set_enabled (self, "ready", joined && leg_up && g_strcmp0 (s, "paused") == 0);
  rd_campaigns_page_set_enabled (self, "pause", joined && (g_strcmp0 (s, "ready") == 0 || g_strcmp0 (s, "on_call") == 0 || wrap_up));
  rd_campaigns_page_set_enabled (self, "pause-menu", joined && (g_strcmp0 (s, "ready") == 0 || g_strcmp0 (s, "on_call") == 0 || wrap_up));
  /* The menu button has no action of its own: it follows "pause". */
  gtk_widget_set_sensitive (GTK_WIDGET (self->pause_button),
                            joined && (g_strcmp0 (s, "ready") == 0 || g_strcmp0 (s, "on_call") == 0 || wrap_up));
  rd_campaigns_page_set_enabled (self, "hangup", joined && g_strcmp0 (s, "on_call") == 0);
  {
    gboolean ringing = joined && g_strcmp0 (s, "ready") == 0 && rd_api_object (
      self->status != NULL ? json_object_get_member (self->status, "offer") : NULL) != NULL;

    rd_campaigns_page_set_enabled (self, "answer", ringing);
    gtk_widget_set_visible (self->answer_button, ringing);
    /* the queue call rings in the agent's ears too, until answered or gone to another */
    if (ringing && self->ring_tone == NULL)
      self->ring_tone = rd_ring_tone_new ();
    if (ringing)
      rd_ring_tone_start (self->ring_tone);
    else if (self->ring_tone != NULL)
      rd_ring_tone_stop (self->ring_tone);
  }
  /* Preview: a card on offer can be dialled or skipped; once dialling, neither. */
  {
    gboolean card = joined && g_strcmp0 (s, "previewing") == 0 &&
                    g_strcmp0 (rd_campaigns_page_string_of (self->status, "reason"), "dialling") != 0;

    rd_campaigns_page_set_enabled (self, "preview-dial", card);
    rd_campaigns_page_set_enabled (self, "preview-dial-number", card);
    rd_campaigns_page_set_enabled (self, "preview-skip", card);
    rd_campaigns_page_set_enabled (self, "preview-skip-why", card);
    gtk_widget_set_visible (GTK_WIDGET (self->preview_dial_button), g_strcmp0 (s, "previewing") == 0);
    gtk_widget_set_visible (GTK_WIDGET (self->preview_skip_button), g_strcmp0 (s, "previewing") == 0);
  }
  rd_campaigns_page_set_enabled (self, "leave", joined && g_strcmp0 (s, "on_call") != 0 && !wrap_up);
  rd_campaigns_page_set_enabled (self, "submit", joined && wrap_up);
  rd_campaigns_page_show_transfer (self);
}

/* The labels that count: time in state and today's figures. */
static void
update_clock (RdCampaignsPage *self)
{
  gint64 since = int_of (self->status, "since");
  JsonObject *today = self->status != NULL && json_object_has_member (self->status, "today")
                      ? json_object_get_object_member (self->status, "today") : NULL;
  g_autofree char *in_state = rd_agent_state_duration (since > 0 ? g_get_real_time () / 1000 - since : 0);
  g_autofree char *talk = rd_agent_state_duration (int_of (today, "talk_ms"));
  g_autofree char *figures = NULL;
  guint calls = (guint) int_of (today, "calls");

  gtk_label_set_label (self->time_label, in_state);
  /* Translators: today's figures in the agent bar, e.g. "Today: 12 calls, talk 1:02:03" */
  figures = g_strdup_printf (ngettext ("Today: %u call, talk %s", "Today: %u calls, talk %s", calls),
                             calls, talk);
  gtk_label_set_label (self->today_label, figures);

  if (g_strcmp0 (self->state, "wrap_up") == 0)
    rd_campaign_call_card_set_wrap_up (self->call_card, TRUE, int_of (self->status, "wrap_up_deadline"));
}

static void
show_idle (RdCampaignsPage *self)
{
  const char *s = self->state;

  if (g_strcmp0 (s, "login") == 0)
    {
      adw_status_page_set_title (self->idle_status, _("Connecting the Phone…"));
      adw_status_page_set_description (self->idle_status, _("The server answers the campaign line by itself."));
    }
  else if (g_strcmp0 (s, "ready") == 0)
    {
      adw_status_page_set_title (self->idle_status, _("Waiting for a Call"));
      adw_status_page_set_description (self->idle_status, _("A customer who answers is put through to you at once."));
    }
  else
    {
      adw_status_page_set_title (self->idle_status, _("Paused"));
      adw_status_page_set_description (self->idle_status, _("Press Ready (F9) to take calls."));
    }
}

void
rd_campaigns_page_left (RdCampaignsPage *self)
{
  g_autoptr(RdCall) leg = g_steal_pointer (&self->leg);

  g_clear_pointer (&self->campaign_id, g_free);
  self->joined = FALSE;
  rd_agent_queues_set_joined (self->queue_desk, FALSE);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->remake_id, g_source_remove);
  if (leg != NULL)
    {
      g_signal_handlers_disconnect_by_data (leg, self);
      if (!rd_call_is_closed (leg) && self->softphone != NULL)
        rd_phone_hang_up (rd_softphone_get_phone (self->softphone), leg, NULL);
    }
  rd_campaign_call_card_set_call (self->call_card, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  rd_campaigns_page_reload (self);
}

void
rd_campaigns_page_apply_status (RdCampaignsPage *self,
                                JsonObject      *status)
{
  const char *state = rd_campaigns_page_string_of (status, "state");
  const char *reason = rd_campaigns_page_string_of (status, "reason");
  gboolean in_call;
  const char *card_member;
  JsonObject *campaign;
  JsonObject *offer;

  self->polling = FALSE;
  if (status == NULL || !self->joined)
    return;
  g_clear_pointer (&self->status, json_object_unref);
  self->status = json_object_ref (status);
  if (g_strcmp0 (state, self->state) != 0)
    {
      if (self->state != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), rd_agent_state_css (self->state));
      g_free (self->state);
      self->state = g_strdup (state);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), rd_agent_state_css (state));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (g_strcmp0 (state, "logout") == 0)
    {
      /* Taken over, the leg's grace ran out, or the server stopped. */
      if (reason != NULL && g_strcmp0 (reason, "agent") != 0)
        {
          /* Translators: %s is why the server ended the session, e.g. "replaced" */
          g_autofree char *text = g_strdup_printf (_("You left the campaign: %s"), reason);
          rd_campaigns_page_toast (self, text);
        }
      rd_campaigns_page_left (self);
      update_actions (self);
      return;
    }

  if (g_strcmp0 (state, "paused") == 0 && reason != NULL && g_strcmp0 (reason, "login") != 0)
    {
      g_autofree char *text = g_strdup_printf ("%s (%s)", rd_agent_state_label (state),
                                               rd_campaigns_page_reason_label (self, reason));
      gtk_label_set_label (self->state_label, text);
    }
  else
    gtk_label_set_label (self->state_label, rd_agent_state_label (state));
  campaign = joined_campaign (self);
  gtk_label_set_label (self->campaign_label, campaign != NULL ? rd_campaigns_page_string_of (campaign, "name")
                                             : self->campaign_id == NULL ? _("Inbound queues") : NULL);

  /* The card: the call's, or in preview the lead's on offer (the same shape), or the
   * caller's of a queue call ringing for the agent, before they answer. */
  card_member = (g_strcmp0 (state, "on_call") == 0 || g_strcmp0 (state, "wrap_up") == 0) ? "call"
                : g_strcmp0 (state, "previewing") == 0 ? "preview" : NULL;
  offer = g_strcmp0 (state, "ready") == 0 ? rd_api_object (json_object_get_member (status, "offer")) : NULL;
  in_call = (card_member != NULL
             && json_object_has_member (status, card_member)
             && JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, card_member)))
            || rd_api_object (offer != NULL ? json_object_get_member (offer, "call") : NULL) != NULL;
  if (in_call)
    {
      JsonObject *card = offer != NULL ? json_object_get_object_member (offer, "call")
                                       : json_object_get_object_member (status, card_member);
      /* a queue call has its queue's codes on its card; a campaign call the campaign's */
      JsonArray *dispositions = rd_api_array (card, "dispositions") != NULL ? rd_api_array (card, "dispositions")
                                : campaign != NULL && json_object_has_member (campaign, "dispositions")
                                ? json_object_get_array_member (campaign, "dispositions") : NULL;

      g_autoptr(GPtrArray) fields = self->store != NULL
                                    ? rd_store_list_custom_fields (self->store, "campaign_leads", NULL) : NULL;

      rd_campaign_call_card_set_custom_fields (self->call_card, fields);
      rd_campaign_call_card_set_call (self->call_card, card, dispositions, self->region);
    }
  rd_campaign_call_card_set_wrap_up (self->call_card, g_strcmp0 (state, "wrap_up") == 0,
                                     int_of (status, "wrap_up_deadline"));
  gtk_widget_set_visible (GTK_WIDGET (self->call_card), in_call);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_status), !in_call);
  if (!in_call)
    show_idle (self);
  update_clock (self);
  update_actions (self);
}

gboolean
rd_campaigns_page_tick_cb (gpointer user_data)
{
  RdCampaignsPage *self = user_data;

  update_clock (self);
  /* who waits in the queues, and the callbacks owed, every few seconds */
  if (++self->ticks % 5 == 0)
    rd_agent_queues_reload (self->queue_desk);
  if (!self->polling)
    {
      self->polling = TRUE;
      rd_campaigns_page_request (self, "GET", "agent", NULL, NULL);
    }
  return G_SOURCE_CONTINUE;
}

/* --- the object ------------------------------------------------------------------ */

static void
rd_campaigns_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RdCampaignsPage *self = RD_CAMPAIGNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, rd_campaigns_page_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_campaigns_page_dispose (GObject *object)
{
  RdCampaignsPage *self = RD_CAMPAIGNS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->remake_id, g_source_remove);
  if (self->leg != NULL)
    g_signal_handlers_disconnect_by_data (self->leg, self);
  g_clear_object (&self->leg);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CAMPAIGNS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->softphone);
  if (self->ring_tone != NULL)
    rd_ring_tone_stop (self->ring_tone);
  g_clear_object (&self->ring_tone);
  g_clear_pointer (&self->campaigns, json_array_unref);
  g_clear_pointer (&self->status, json_object_unref);

  G_OBJECT_CLASS (rd_campaigns_page_parent_class)->dispose (object);
}

static void
rd_campaigns_page_finalize (GObject *object)
{
  RdCampaignsPage *self = RD_CAMPAIGNS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->pause_labels, g_hash_table_unref);
  g_clear_pointer (&self->campaign_id, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->transfer_state, g_free);

  G_OBJECT_CLASS (rd_campaigns_page_parent_class)->finalize (object);
}

static void
rd_campaigns_page_class_init (RdCampaignsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_campaigns_page_dispose;
  object_class->finalize = rd_campaigns_page_finalize;
  object_class->get_property = rd_campaigns_page_get_property;

  /** RdCampaignsPage:state: the agent's state on the server ("logout" when not joined). */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "logout",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RD_TYPE_CAMPAIGN_CALL_CARD);
  g_type_ensure (RD_TYPE_AGENT_QUEUES);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-campaigns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, campaigns_group);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, campaign_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, today_label);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, idle_status);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, call_card);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, queue_list);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, queue_desk);
  gtk_widget_class_bind_template_callback (widget_class, queue_join_cb);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, preview_dial_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, answer_button);
  gtk_widget_class_bind_template_child (widget_class, RdCampaignsPage, preview_skip_button);
  rd_campaigns_page_bind_calls (widget_class);
}

static void
rd_campaigns_page_init (RdCampaignsPage *self)
{

  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->region = g_strdup ("US");
  self->pause_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->actions = g_simple_action_group_new ();
  rd_campaigns_page_add_actions (self);
  rd_campaigns_page_add_call_actions (self);
  /* The buttons find the actions on the page too when no window inserted them. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "campaign", G_ACTION_GROUP (self->actions));
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
rd_campaigns_page_new (void)
{
  return g_object_new (RD_TYPE_CAMPAIGNS_PAGE, NULL);
}

/** The signed-in session the page calls the server with. */
void
rd_campaigns_page_set_session (RdCampaignsPage *self,
                               RdServerSession *session)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  g_set_object (&self->session, session);
  rd_agent_queues_set_session (self->queue_list, session);
  rd_agent_queues_set_session (self->queue_desk, session);
  rd_campaigns_page_reload (self);
}

void
rd_campaigns_page_set_store (RdCampaignsPage *self,
                             RdStore         *store)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  g_set_object (&self->store, store);
}

void
rd_campaigns_page_set_softphone (RdCampaignsPage *self,
                                 RdSoftphone     *softphone)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  g_set_object (&self->softphone, softphone);
}

/** The region numbers written without a country code are read for ("RU"). */
void
rd_campaigns_page_set_region (RdCampaignsPage *self,
                              const char      *region)
{
  g_return_if_fail (RD_IS_CAMPAIGNS_PAGE (self));
  g_free (self->region);
  self->region = g_strdup (region != NULL && *region != '\0' ? region : "US");
}

guint
rd_campaigns_page_get_n_campaigns (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), 0);
  return self->campaigns != NULL ? json_array_get_length (self->campaigns) : 0;
}

const char *
rd_campaigns_page_get_state (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), NULL);
  return self->joined && self->state != NULL ? self->state : "logout";
}

GActionGroup *
rd_campaigns_page_get_actions (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

RdCampaignCallCard *
rd_campaigns_page_get_call_card (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), NULL);
  return self->call_card;
}

RdCall *
rd_campaigns_page_get_leg (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), NULL);
  return self->leg;
}

gboolean
rd_campaigns_page_get_busy (RdCampaignsPage *self)
{
  g_return_val_if_fail (RD_IS_CAMPAIGNS_PAGE (self), FALSE);
  return self->pending > 0;
}
