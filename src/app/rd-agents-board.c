/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-agent-state.h"
#include "rd-profile-photo.h"
#include "rd-agents-board.h"
#include "rd-supervisor-menu.h"

/* Live Agents (managers and admins): GET /api/v1/agents once a second while the page is
 * shown, one row per agent (state, time in it, campaign, the number on the line) with
 * Listen, Whisper and Barge In. Monitoring is POST /api/v1/supervisor/monitor; the first
 * answer names a line (leg_uri) the softphone dials as a technical call (no banner, no call
 * record), as the agents' own campaign line; the mode changes on that line. Stop is DELETE,
 * and the server hangs the line up. The server decides who may monitor whom: the page only
 * shows what it answers. */

typedef struct {
  AdwActionRow *row;
  GtkLabel     *state;
  GtkLabel     *time;
} AgentRow;

struct _RdAgentsBoard
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  RdSoftphone         *softphone;
  GCancellable        *cancellable;
  GHashTable          *rows;         /* agent -> AgentRow */
  GHashTable          *campaigns;    /* id -> name */
  RdCall              *leg;          /* the supervisor's line, while dialled */
  char                *mode;         /* "off", "listen", "whisper", "barge" */
  char                *agent;        /* whom, while monitoring */
  gboolean             leg_up;
  guint                poll_id;
  guint                polling;      /* reads in flight */

  GtkRevealer         *monitor_revealer;
  GtkLabel            *monitor_label;
  GtkWidget           *listen_button;
  GtkWidget           *whisper_button;
  GtkWidget           *barge_button;
  GtkStack            *content_stack;
  AdwPreferencesGroup *agents_group;
};

G_DEFINE_FINAL_TYPE (RdAgentsBoard, rd_agents_board, GTK_TYPE_WIDGET)

typedef void (*AnswerFunc) (RdAgentsBoard *self, JsonObject *answer);

static void
toast (RdAgentsBoard *self,
       const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("agents: %s", message);
}

static const char *
string_of (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* --- calls ---------------------------------------------------------------------- */

typedef struct {
  RdAgentsBoard *self;
  AnswerFunc     done;
  gboolean       poll;
} Request;

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(RdAgentsBoard) self = request->self;
  AnswerFunc done = request->done;
  gboolean poll = request->poll;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);

  g_free (request);
  if (poll)
    self->polling--;
  if (answer == NULL)
    {
      /* a poll that fails says so once a second: only what the user asked for toasts */
      if (!poll && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      else if (poll)
        g_debug ("agents: %s", error->message);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    done (self, json_node_get_object (answer));
}

static void
request (RdAgentsBoard *self,
         const char    *method,
         const char    *path,
         const char    *json,
         gboolean       poll,
         AnswerFunc     done)
{
  Request *r;

  if (self->session == NULL)
    return;
  r = g_new0 (Request, 1);
  r->self = g_object_ref (self);
  r->done = done;
  r->poll = poll;
  if (poll)
    self->polling++;
  rd_server_session_request_async (self->session, method, path, json, self->cancellable,
                                   request_cb, r);
}

/* --- the agents ----------------------------------------------------------------- */

static void
agent_row_free (AgentRow *r)
{
  g_object_unref (r->row);
  g_free (r);
}

static GtkWidget *
monitor_button (const char *agent,
                const char *mode,
                const char *label,
                const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "board.monitor");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", agent, mode);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static AgentRow *
agent_row_new (RdAgentsBoard *self,
               const char    *agent)
{
  AgentRow *r = g_new0 (AgentRow, 1);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *avatar;

  r->row = g_object_ref_sink (ADW_ACTION_ROW (adw_action_row_new ()));
  gtk_widget_set_name (GTK_WIDGET (r->row), agent);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), agent);
  /* The agent's photo, or initials until there is one. */
  avatar = adw_avatar_new (32, agent, TRUE);
  adw_action_row_add_prefix (r->row, avatar);
  rd_profile_photo_show (ADW_AVATAR (avatar), self->session, agent, self->cancellable);
  r->state = GTK_LABEL (gtk_label_new (NULL));
  r->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (r->time), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (r->time), "dim-label");
  gtk_label_set_width_chars (r->time, 5);
  gtk_label_set_xalign (r->time, 1);
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->state));
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->time));
  gtk_widget_add_css_class (buttons, "linked");
  gtk_box_append (GTK_BOX (buttons), monitor_button (agent, "listen", _("Listen"),
                                                     _("Hear the agent and the customer")));
  gtk_box_append (GTK_BOX (buttons), monitor_button (agent, "whisper", _("Whisper"),
                                                     _("Speak to the agent; the customer does not hear you")));
  gtk_box_append (GTK_BOX (buttons), monitor_button (agent, "barge", _("Barge In"),
                                                     _("Join the call: the agent and the customer both hear you")));
  adw_action_row_add_suffix (r->row, buttons);
  adw_action_row_add_suffix (r->row, rd_supervisor_menu_button_new (agent, "board.force"));
  adw_preferences_group_add (self->agents_group, GTK_WIDGET (r->row));
  return r;
}

static void
agent_row_update (RdAgentsBoard *self,
                  AgentRow      *r,
                  JsonObject    *status)
{
  const char *state = string_of (status, "state");
  const char *campaign = string_of (status, "campaign_id");
  const char *name = campaign != NULL ? g_hash_table_lookup (self->campaigns, campaign) : NULL;
  const char *number = NULL;
  gint64 since = json_object_get_int_member_with_default (status, "since", 0);
  g_autofree char *in_state = rd_agent_state_duration (since > 0 ? g_get_real_time () / 1000 - since : 0);
  g_autofree char *subtitle = NULL;
  static const char *const states[] = { "login", "ready", "paused", "on_call", "wrap_up", "previewing" };

  if (json_object_has_member (status, "call") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (status, "call")))
    number = string_of (json_object_get_object_member (status, "call"), "number");
  subtitle = number != NULL ? g_strdup_printf ("%s · %s", name != NULL ? name : "", number)
                            : g_strdup (name != NULL ? name : "");
  adw_action_row_set_subtitle (r->row, subtitle);
  gtk_label_set_label (r->state, rd_agent_state_label (state));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (r->state), rd_agent_state_css (states[i]));
  gtk_widget_add_css_class (GTK_WIDGET (r->state), rd_agent_state_css (state));
  gtk_label_set_label (r->time, in_state);
}

static void
agents_done (RdAgentsBoard *self,
             JsonObject    *answer)
{
  JsonArray *agents = json_object_has_member (answer, "agents")
    ? json_object_get_array_member (answer, "agents") : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint n = agents != NULL ? json_array_get_length (agents) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *status = json_array_get_object_element (agents, i);
      const char *agent = string_of (status, "agent");
      AgentRow *r;

      if (agent == NULL || g_strcmp0 (string_of (status, "state"), "logout") == 0)
        continue;
      r = g_hash_table_lookup (self->rows, agent);
      if (r == NULL)
        {
          r = agent_row_new (self, agent);
          g_hash_table_insert (self->rows, g_strdup (agent), r);
        }
      agent_row_update (self, r, status);
      g_hash_table_add (seen, (gpointer) agent);
    }
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      {
        AgentRow *r = g_hash_table_lookup (self->rows, key);

        adw_preferences_group_remove (self->agents_group, GTK_WIDGET (r->row));
        g_hash_table_iter_remove (&iter);
      }
  gtk_stack_set_visible_child_name (self->content_stack,
                                    g_hash_table_size (self->rows) > 0 ? "list" : "empty");
}

static void
campaigns_done (RdAgentsBoard *self,
                JsonObject    *answer)
{
  JsonArray *campaigns = json_object_has_member (answer, "campaigns")
    ? json_object_get_array_member (answer, "campaigns") : NULL;

  for (guint i = 0; campaigns != NULL && i < json_array_get_length (campaigns); i++)
    {
      JsonObject *c = json_array_get_object_element (campaigns, i);

      if (string_of (c, "id") != NULL && string_of (c, "name") != NULL)
        g_hash_table_replace (self->campaigns, g_strdup (string_of (c, "id")),
                              g_strdup (string_of (c, "name")));
    }
}

/* --- monitoring ----------------------------------------------------------------- */

static void
hang_up_leg (RdAgentsBoard *self)
{
  g_autoptr(RdCall) leg = g_steal_pointer (&self->leg);

  if (leg == NULL)
    return;
  g_signal_handlers_disconnect_by_data (leg, self);
  if (!rd_call_is_closed (leg) && self->softphone != NULL)
    rd_phone_hang_up (rd_softphone_get_phone (self->softphone), leg, NULL);
}

static void
show_monitor (RdAgentsBoard *self)
{
  gboolean on = g_strcmp0 (self->mode, "off") != 0 && self->agent != NULL;
  struct { GtkWidget *button; const char *mode; } modes[] = {
    { self->listen_button, "listen" },
    { self->whisper_button, "whisper" },
    { self->barge_button, "barge" },
  };
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->monitor_revealer, on);
  if (!on)
    return;
  if (!self->leg_up)
    text = g_strdup_printf (_("Connecting to %s…"), self->agent);
  else if (g_strcmp0 (self->mode, "whisper") == 0)
    text = g_strdup_printf (_("Whispering to %s"), self->agent);
  else if (g_strcmp0 (self->mode, "barge") == 0)
    text = g_strdup_printf (_("In the call of %s"), self->agent);
  else
    text = g_strdup_printf (_("Listening to %s"), self->agent);
  gtk_label_set_label (self->monitor_label, text);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (self->mode, modes[i].mode) == 0)
      gtk_widget_add_css_class (modes[i].button, "suggested-action");
    else
      gtk_widget_remove_css_class (modes[i].button, "suggested-action");
}

static void
leg_state_cb (RdCall        *leg,
              GParamSpec    *pspec,
              RdAgentsBoard *self)
{
  (void) pspec;
  if (leg == self->leg && rd_call_is_closed (leg))
    rd_agents_board_reload (self);   /* the server has ended the monitoring with it */
}

static void
dial_leg (RdAgentsBoard *self,
          const char    *uri)
{
  g_autoptr(GError) error = NULL;

  hang_up_leg (self);
  if (self->softphone == NULL)
    {
      toast (self, _("The phone is not ready: the monitoring line cannot be dialled"));
      return;
    }
  self->leg = rd_softphone_dial_leg (self->softphone, uri, &error);
  if (self->leg == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_signal_connect_object (self->leg, "notify::state", G_CALLBACK (leg_state_cb), self, 0);
}

static void
monitor_done (RdAgentsBoard *self,
              JsonObject    *answer)
{
  const char *mode = string_of (answer, "mode");
  const char *uri = string_of (answer, "leg_uri");

  g_free (self->mode);
  self->mode = g_strdup (mode != NULL ? mode : "off");
  g_free (self->agent);
  self->agent = g_strdup (string_of (answer, "agent"));
  self->leg_up = json_object_get_boolean_member_with_default (answer, "leg_up", FALSE);
  if (uri != NULL)
    dial_leg (self, uri);
  else if (g_str_equal (self->mode, "off"))
    hang_up_leg (self);
  show_monitor (self);
}

static void
monitor_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (widget);
  const char *agent, *mode;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  (void) action_name;
  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE ("(ss)")))
    g_variant_get (parameter, "(&s&s)", &agent, &mode);
  else if (self->agent != NULL)
    agent = self->agent, mode = g_variant_get_string (parameter, NULL);
  else
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agent");
  json_builder_add_string_value (builder, agent);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, mode);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  request (self, "POST", "supervisor/monitor", json, FALSE, monitor_done);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (widget);

  (void) action_name;
  (void) parameter;
  request (self, "DELETE", "supervisor/monitor", NULL, FALSE, monitor_done);
}

/* --- the supervisor's pause and logout ------------------------------------------- */

static void
force_done (RdAgentsBoard *self,
            JsonObject    *answer)
{
  g_autofree char *text = rd_supervisor_describe (answer);

  toast (self, text);
  self->polling = 0;
  rd_agents_board_reload (self);
}

static void
force_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (widget);
  const char *agent, *what;
  g_autofree char *path = NULL;

  (void) action_name;
  g_variant_get (parameter, "(&s&s)", &agent, &what);
  path = rd_supervisor_path (agent, what);
  request (self, "POST", path, NULL, FALSE, force_done);
}

/* --- polling -------------------------------------------------------------------- */

void
rd_agents_board_reload (RdAgentsBoard *self)
{
  g_return_if_fail (RD_IS_AGENTS_BOARD (self));

  if (self->session == NULL || self->polling > 0)
    return;               /* the last read is still on its way: no pile-up on a slow link */
  if (g_hash_table_size (self->campaigns) == 0)
    request (self, "GET", "campaigns", NULL, TRUE, campaigns_done);
  request (self, "GET", "agents", NULL, TRUE, agents_done);
  request (self, "GET", "supervisor/monitor", NULL, TRUE, monitor_done);
}

static gboolean
poll_cb (gpointer user_data)
{
  rd_agents_board_reload (user_data);
  return G_SOURCE_CONTINUE;
}

static void
rd_agents_board_map (GtkWidget *widget)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (widget);

  GTK_WIDGET_CLASS (rd_agents_board_parent_class)->map (widget);
  g_hash_table_remove_all (self->campaigns);   /* names may have changed meanwhile */
  rd_agents_board_reload (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (1, poll_cb, self);
}

static void
rd_agents_board_unmap (GtkWidget *widget)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (widget);

  /* Monitoring goes on while the manager looks at another page; the list does not. */
  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (rd_agents_board_parent_class)->unmap (widget);
}

void
rd_agents_board_set_session (RdAgentsBoard   *self,
                             RdServerSession *session)
{
  g_return_if_fail (RD_IS_AGENTS_BOARD (self));

  if (!g_set_object (&self->session, session))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->polling = 0;
  g_hash_table_remove_all (self->campaigns);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rd_agents_board_reload (self);
}

void
rd_agents_board_set_softphone (RdAgentsBoard *self,
                               RdSoftphone   *softphone)
{
  g_return_if_fail (RD_IS_AGENTS_BOARD (self));
  g_set_object (&self->softphone, softphone);
}

const char *
rd_agents_board_get_mode (RdAgentsBoard *self)
{
  g_return_val_if_fail (RD_IS_AGENTS_BOARD (self), NULL);
  return self->mode;
}

static void
rd_agents_board_dispose (GObject *object)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  hang_up_leg (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_AGENTS_BOARD);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (rd_agents_board_parent_class)->dispose (object);
}

static void
rd_agents_board_finalize (GObject *object)
{
  RdAgentsBoard *self = RD_AGENTS_BOARD (object);

  g_clear_object (&self->session);
  g_clear_object (&self->softphone);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->campaigns, g_hash_table_unref);
  g_free (self->mode);
  g_free (self->agent);
  G_OBJECT_CLASS (rd_agents_board_parent_class)->finalize (object);
}

/* The wall TV's window over the same server (F11 on this page). */
RdWallboard *
rd_agents_board_open_wallboard (RdAgentsBoard *self)
{
  RdWallboard *wallboard;

  g_return_val_if_fail (RD_IS_AGENTS_BOARD (self), NULL);
  if (self->session == NULL)
    return NULL;
  wallboard = rd_wallboard_new (self->session);
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    gtk_window_set_application (GTK_WINDOW (wallboard),
                                gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)))));
  gtk_window_fullscreen (GTK_WINDOW (wallboard));
  gtk_window_present (GTK_WINDOW (wallboard));
  return wallboard;
}

/* The dialer dashboard of one campaign, pushed by the server (rd-dialer-dashboard.c). */
RdDialerDashboard *
rd_agents_board_open_dashboard (RdAgentsBoard *self)
{
  RdDialerDashboard *dashboard;
  GtkRoot *root;

  g_return_val_if_fail (RD_IS_AGENTS_BOARD (self), NULL);
  if (self->session == NULL)
    return NULL;
  dashboard = rd_dialer_dashboard_new (self->session);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_application (GTK_WINDOW (dashboard), gtk_window_get_application (GTK_WINDOW (root)));
  gtk_window_present (GTK_WINDOW (dashboard));
  return dashboard;
}

static void
dashboard_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rd_agents_board_open_dashboard (RD_AGENTS_BOARD (widget));
}

static void
wallboard_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rd_agents_board_open_wallboard (RD_AGENTS_BOARD (widget));
}

static void
rd_agents_board_class_init (RdAgentsBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_agents_board_dispose;
  object_class->finalize = rd_agents_board_finalize;
  widget_class->map = rd_agents_board_map;
  widget_class->unmap = rd_agents_board_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-agents-board.ui");
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, monitor_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, monitor_label);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, listen_button);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, whisper_button);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, barge_button);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RdAgentsBoard, agents_group);
  gtk_widget_class_install_action (widget_class, "board.monitor", "(ss)", monitor_action);
  gtk_widget_class_install_action (widget_class, "board.mode", "s", monitor_action);
  gtk_widget_class_install_action (widget_class, "board.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "board.force", "(ss)", force_action);
  gtk_widget_class_install_action (widget_class, "board.dashboard", NULL, dashboard_action);
  gtk_widget_class_install_action (widget_class, "board.wallboard", NULL, wallboard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "board.wallboard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "board.dashboard", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rd_agents_board_init (RdAgentsBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) agent_row_free);
  self->campaigns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->mode = g_strdup ("off");
  self->cancellable = g_cancellable_new ();
}
