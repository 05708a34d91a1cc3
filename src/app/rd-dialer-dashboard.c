/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-agent-state.h"
#include "rd-api-call.h"
#include "rd-dialer-dashboard.h"
#include "rd-report-kind.h"
#include "rd-supervisor-menu.h"

/* The board is the server's (GET /boards/campaigns/ID's object, docs/api.md), pushed on
 * the events WebSocket; the window only lays it out. Time in state counts up here from
 * each agent's "since", on the server's clock (the push's "now"). */

enum { GROUP_AGENTS, GROUP_DIALER, GROUP_TODAY };

typedef struct {
  const char *id;
  const char *caption;
  int         group;
} Tile;

static const Tile tiles[] = {
  { "logged_in",    N_("Logged In"),            GROUP_AGENTS },
  { "ready",        N_("Ready"),                GROUP_AGENTS },
  { "paused",       N_("Paused"),               GROUP_AGENTS },
  { "on_call",      N_("On Call"),              GROUP_AGENTS },
  { "wrap_up",      N_("Wrap-Up"),              GROUP_AGENTS },
  { "previewing",   N_("Previewing"),           GROUP_AGENTS },
  { "ringing",      N_("Ringing"),              GROUP_DIALER },
  { "waiting",      N_("Waiting for an Agent"), GROUP_DIALER },
  { "active",       N_("Talking"),              GROUP_DIALER },
  { "dial_level",   N_("Dial Level"),           GROUP_DIALER },
  { "dialable",     N_("Leads to Dial"),        GROUP_DIALER },
  { "hopper",       N_("In the Hopper"),        GROUP_DIALER },
  { "dialed",       N_("Calls Today"),          GROUP_TODAY },
  { "answered",     N_("Answered by a Person"), GROUP_TODAY },
  { "abandoned",    N_("Dropped"),              GROUP_TODAY },
  { "abandon_rate", N_("Abandon Rate"),         GROUP_TODAY },
  { "avg_wait",     N_("Average Wait"),         GROUP_TODAY },
  { "avg_talk",     N_("Average Talk"),         GROUP_TODAY },
  { "avg_wrap",     N_("Average Wrap-Up"),      GROUP_TODAY },
  { "avg_pause",    N_("Average Pause"),        GROUP_TODAY },
};
#define N_TILES G_N_ELEMENTS (tiles)

typedef struct {
  AdwActionRow *row;
  GtkLabel     *state;
  GtkLabel     *time;
  gint64        since;
} AgentRow;

struct _RdDialerDashboard
{
  AdwWindow         parent_instance;

  RdServerSession  *session;
  RdEventsListener *listener;
  GCancellable     *cancellable;
  GPtrArray        *campaign_ids;
  GtkStringList    *campaign_names;
  char             *campaign_id;
  GHashTable       *rows;           /* agent -> AgentRow */
  gint64            clock_offset;   /* the server's clock minus ours, ms */
  guint             updates;
  guint             tick_id;
  gboolean          over_cap;
  gboolean          filling;        /* the dropdown is being filled: no selection yet */

  GtkLabel         *numbers[N_TILES];
  GtkLabel         *notes[N_TILES];
  GtkWidget        *abandon_tile;

  AdwToastOverlay  *toasts;
  GtkDropDown      *campaign_dropdown;
  AdwWindowTitle   *window_title;
  GtkStack         *content_stack;
  GtkFlowBox       *agents_tiles;
  GtkFlowBox       *dialer_tiles;
  GtkFlowBox       *today_tiles;
  AdwPreferencesGroup *agents_group;
};

G_DEFINE_FINAL_TYPE (RdDialerDashboard, rd_dialer_dashboard, ADW_TYPE_WINDOW)

static guint
tile_index (const char *id)
{
  for (guint i = 0; i < N_TILES; i++)
    if (g_strcmp0 (tiles[i].id, id) == 0)
      return i;
  return N_TILES;
}

static void
set_tile (RdDialerDashboard *self,
          const char        *id,
          const char        *number,
          const char        *note)
{
  guint i = tile_index (id);

  g_return_if_fail (i < N_TILES);
  gtk_label_set_label (self->numbers[i], number);
  gtk_label_set_label (self->notes[i], note != NULL && *note ? note : " ");
}

static void
set_count (RdDialerDashboard *self,
           const char        *id,
           JsonObject        *object,
           const char        *member,
           const char        *note)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, rd_api_int (object, member));

  set_tile (self, id, text, note);
}

/* A member that may be null (a ratio or a mean over nothing): "–" then. */
static gboolean
real_of (JsonObject *object,
         const char *member,
         double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

static void
set_duration (RdDialerDashboard *self,
              const char        *id,
              JsonObject        *today,
              const char        *member)
{
  double ms;
  g_autofree char *text = real_of (today, member, &ms) ? rd_agent_state_duration ((gint64) ms) : g_strdup ("–");

  set_tile (self, id, text, NULL);
}

/* ---- the agents' rows ------------------------------------------------------------- */

static void
agent_row_free (AgentRow *r)
{
  g_object_unref (r->row);
  g_free (r);
}

static AgentRow *
agent_row_new (RdDialerDashboard *self,
               const char        *agent)
{
  AgentRow *r = g_new0 (AgentRow, 1);

  r->row = g_object_ref_sink (ADW_ACTION_ROW (adw_action_row_new ()));
  gtk_widget_set_name (GTK_WIDGET (r->row), agent);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), agent);
  r->state = GTK_LABEL (gtk_label_new (NULL));
  r->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (r->time), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (r->time), "dim-label");
  gtk_label_set_width_chars (r->time, 7);
  gtk_label_set_xalign (r->time, 1);
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->state));
  adw_action_row_add_suffix (r->row, GTK_WIDGET (r->time));
  adw_action_row_add_suffix (r->row, rd_supervisor_menu_button_new (agent, "dashboard.force"));
  adw_preferences_group_add (self->agents_group, GTK_WIDGET (r->row));
  return r;
}

static void
show_times (RdDialerDashboard *self)
{
  gint64 now = g_get_real_time () / 1000 + self->clock_offset;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AgentRow *r = value;
      g_autofree char *text = r->since > 0 ? rd_agent_state_duration (MAX (now - r->since, 0)) : g_strdup ("");

      gtk_label_set_label (r->time, text);
    }
}

static void
show_agents (RdDialerDashboard *self,
             JsonArray         *list)
{
  static const char *const states[] = { "login", "ready", "paused", "on_call", "wrap_up", "previewing" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      const char *agent = rd_api_string (a, "agent");
      const char *state = rd_api_string (a, "state");
      const char *reason = rd_api_string (a, "reason");
      AgentRow *r;

      if (agent == NULL)
        continue;
      if ((r = g_hash_table_lookup (self->rows, agent)) == NULL)
        {
          r = agent_row_new (self, agent);
          g_hash_table_insert (self->rows, g_strdup (agent), r);
        }
      r->since = rd_api_int (a, "since");
      gtk_label_set_label (r->state, rd_agent_state_label (state));
      for (guint k = 0; k < G_N_ELEMENTS (states); k++)
        gtk_widget_remove_css_class (GTK_WIDGET (r->state), rd_agent_state_css (states[k]));
      gtk_widget_add_css_class (GTK_WIDGET (r->state), rd_agent_state_css (state));
      adw_action_row_set_subtitle (r->row, g_strcmp0 (state, "paused") == 0 && reason != NULL
                                             ? rd_supervisor_reason_label (reason) : "");
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
  show_times (self);
}

/* ---- the board ---------------------------------------------------------------------- */

static void
show_board (RdDialerDashboard *self,
            JsonObject        *board)
{
  JsonObject *agents = json_object_has_member (board, "agents") ? json_object_get_object_member (board, "agents") : NULL;
  JsonObject *calls = json_object_has_member (board, "calls") ? json_object_get_object_member (board, "calls") : NULL;
  JsonObject *today = json_object_has_member (board, "today") ? json_object_get_object_member (board, "today") : NULL;
  JsonObject *compliance = json_object_has_member (board, "compliance")
    ? json_object_get_object_member (board, "compliance") : NULL;
  JsonObject *paused_by = agents != NULL && json_object_has_member (agents, "paused_by")
    ? json_object_get_object_member (agents, "paused_by") : NULL;
  g_autoptr(GString) paused_note = g_string_new (NULL);
  g_autoptr(GList) reasons = paused_by != NULL ? json_object_get_members (paused_by) : NULL;
  g_autofree char *level = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *rate_note = NULL;
  g_autofree char *dialed_note = NULL;
  g_autofree char *active_note = NULL;
  double value, cap = 0;

  reasons = g_list_sort (reasons, (GCompareFunc) g_strcmp0);
  for (GList *l = reasons; l != NULL; l = l->next)
    g_string_append_printf (paused_note, "%s%s %" G_GINT64_FORMAT, paused_note->len ? " · " : "",
                            rd_supervisor_reason_label (l->data), rd_api_int (paused_by, l->data));
  set_count (self, "logged_in", agents, "logged_in", NULL);
  set_count (self, "ready", agents, "ready", NULL);
  set_count (self, "paused", agents, "paused", paused_note->str);
  set_count (self, "on_call", agents, "on_call", NULL);
  set_count (self, "wrap_up", agents, "wrap_up", NULL);
  set_count (self, "previewing", agents, "previewing", NULL);

  set_count (self, "ringing", calls, "ringing", NULL);
  set_count (self, "waiting", calls, "waiting", NULL);
  /* TRANSLATORS: under "Talking" on the dialer dashboard: customers hearing a recorded message */
  active_note = rd_api_int (calls, "message") > 0
    ? g_strdup_printf (ngettext ("%d hearing a message", "%d hearing a message", (gulong) rd_api_int (calls, "message")),
                       (int) rd_api_int (calls, "message"))
    : NULL;
  set_count (self, "active", calls, "active", active_note);
  level = real_of (board, "dial_level", &value) ? g_strdup_printf ("%.1f", value) : g_strdup ("–");
  /* TRANSLATORS: under the dial level: lines the dialer holds per agent working */
  set_tile (self, "dial_level", level, _("lines per agent"));
  set_count (self, "dialable", board, "dialable", NULL);
  set_count (self, "hopper", calls, "hopper", NULL);

  /* TRANSLATORS: under "Calls Today": busy and unanswered numbers among them */
  dialed_note = g_strdup_printf (_("%d busy · %d no answer"), (int) rd_api_int (today, "busy"),
                                 (int) rd_api_int (today, "no_answer"));
  set_count (self, "dialed", today, "dialed", dialed_note);
  set_count (self, "answered", today, "answered", NULL);
  set_count (self, "abandoned", today, "abandoned", _("no agent free in time"));
  real_of (compliance, "cap", &cap);
  if (real_of (compliance, "abandon_rate", &value))
    {
      rate = rd_report_format_tile_percent (value);
      self->over_cap = cap > 0 && value > cap;
    }
  else
    {
      rate = g_strdup ("–");
      self->over_cap = FALSE;
    }
  /* TRANSLATORS: under the abandon rate: the campaign's cap and the window it holds over */
  rate_note = g_strdup_printf (g_strcmp0 (rd_api_string (compliance, "window"), "24h") == 0
                               ? _("cap %.1f %% over 24 hours") : _("cap %.1f %% over 30 days"), 100 * cap);
  set_tile (self, "abandon_rate", rate, rate_note);
  gtk_widget_remove_css_class (self->abandon_tile, "dashboard-good");
  gtk_widget_remove_css_class (self->abandon_tile, "dashboard-bad");
  if (real_of (compliance, "abandon_rate", &value))
    gtk_widget_add_css_class (self->abandon_tile, self->over_cap ? "dashboard-bad" : "dashboard-good");
  set_duration (self, "avg_wait", today, "avg_wait_ms");
  set_duration (self, "avg_talk", today, "avg_talk_ms");
  set_duration (self, "avg_wrap", today, "avg_wrap_ms");
  set_duration (self, "avg_pause", today, "avg_pause_ms");

  {
    g_autofree char *subtitle = g_strdup_printf ("%s · %s", rd_api_string (board, "name") ? rd_api_string (board, "name") : "",
                                                 g_strcmp0 (rd_api_string (board, "status"), "running") == 0
                                                   ? _("Dialling") : _("Not dialling"));

    adw_window_title_set_subtitle (self->window_title, subtitle);
  }
  show_agents (self, agents != NULL ? rd_api_array (agents, "list") : NULL);
}

static void
board_cb (RdEventsListener  *listener,
          JsonNode          *message,
          RdDialerDashboard *self)
{
  JsonObject *o = rd_api_object (message);
  g_autofree char *key = self->campaign_id != NULL ? g_strconcat ("campaigns/", self->campaign_id, NULL) : NULL;

  (void) listener;
  if (g_strcmp0 (rd_api_string (o, "key"), key) != 0 || !json_object_has_member (o, "board"))
    return;
  self->clock_offset = rd_api_int (o, "now") - g_get_real_time () / 1000;
  self->updates++;
  gtk_stack_set_visible_child_name (self->content_stack, "board");
  show_board (self, json_object_get_object_member (o, "board"));
}

static void
mode_cb (RdEventsListener  *listener,
         GParamSpec        *pspec,
         RdDialerDashboard *self)
{
  (void) pspec;
  if (rd_events_listener_get_mode (listener) != RD_EVENTS_MODE_WEBSOCKET && self->campaign_id != NULL)
    adw_window_title_set_subtitle (self->window_title, _("Reconnecting…"));
}

void
rd_dialer_dashboard_select (RdDialerDashboard *self,
                            const char        *campaign_id)
{
  g_autofree char *key = NULL;

  g_return_if_fail (RD_IS_DIALER_DASHBOARD (self));

  if (g_strcmp0 (self->campaign_id, campaign_id) == 0)
    return;
  g_free (self->campaign_id);
  self->campaign_id = g_strdup (campaign_id);
  for (guint i = 0; i < self->campaign_ids->len; i++)
    if (g_strcmp0 (self->campaign_ids->pdata[i], campaign_id) == 0 &&
        gtk_drop_down_get_selected (self->campaign_dropdown) != i)
      gtk_drop_down_set_selected (self->campaign_dropdown, i);
  {
    /* another campaign's agents */
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      adw_preferences_group_remove (self->agents_group, GTK_WIDGET (((AgentRow *) value)->row));
    g_hash_table_remove_all (self->rows);
  }
  if (self->listener == NULL)
    return;
  key = campaign_id != NULL ? g_strconcat ("campaigns/", campaign_id, NULL) : NULL;
  adw_window_title_set_subtitle (self->window_title, _("Connecting…"));
  rd_events_listener_set_boards (self->listener, key);
  if (key != NULL)
    rd_events_listener_start (self->listener);
}

static void
selected_cb (GtkDropDown       *dropdown,
             GParamSpec        *pspec,
             RdDialerDashboard *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  (void) pspec;
  if (!self->filling && i < self->campaign_ids->len)
    rd_dialer_dashboard_select (self, self->campaign_ids->pdata[i]);
}

static void
campaigns_done_cb (GObject      *owner,
                   JsonNode     *answer,
                   const GError *error,
                   gpointer      data)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (owner);
  JsonArray *campaigns = rd_api_array (rd_api_object (answer), "campaigns");
  guint selected = 0;

  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  self->filling = TRUE;
  g_ptr_array_set_size (self->campaign_ids, 0);
  gtk_string_list_splice (self->campaign_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->campaign_names)), NULL);
  for (guint i = 0; campaigns != NULL && i < json_array_get_length (campaigns); i++)
    {
      JsonObject *c = json_array_get_object_element (campaigns, i);

      if (rd_api_string (c, "id") == NULL)
        continue;
      if (g_strcmp0 (rd_api_string (c, "id"), self->campaign_id) == 0 ||
          (self->campaign_id == NULL && g_strcmp0 (rd_api_string (c, "status"), "running") == 0 && selected == 0))
        selected = self->campaign_ids->len;
      g_ptr_array_add (self->campaign_ids, g_strdup (rd_api_string (c, "id")));
      gtk_string_list_append (self->campaign_names, rd_api_string (c, "name") ? rd_api_string (c, "name") : "");
    }
  self->filling = FALSE;
  if (self->campaign_ids->len == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  gtk_drop_down_set_selected (self->campaign_dropdown, selected);
  rd_dialer_dashboard_select (self, self->campaign_ids->pdata[selected]);
}

/* ---- actions ------------------------------------------------------------------------ */

static void
force_done_cb (GObject      *owner,
               JsonNode     *answer,
               const GError *error,
               gpointer      data)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (owner);
  g_autofree char *text = error == NULL ? rd_supervisor_describe (rd_api_object (answer)) : NULL;

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error != NULL ? error->message : text));
}

static void
force_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (widget);
  const char *agent, *what;
  g_autofree char *path = NULL;

  (void) action_name;
  g_variant_get (parameter, "(&s&s)", &agent, &what);
  path = rd_supervisor_path (agent, what);
  rd_api_call (self->session, "POST", path, NULL, self->cancellable, G_OBJECT (self), force_done_cb, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  show_times (data);
  return G_SOURCE_CONTINUE;
}

/* ---- accessors ---------------------------------------------------------------------- */

const char *
rd_dialer_dashboard_get_figure (RdDialerDashboard *self,
                                const char        *figure)
{
  guint i = tile_index (figure);

  g_return_val_if_fail (RD_IS_DIALER_DASHBOARD (self), NULL);
  return i < N_TILES ? gtk_label_get_label (self->numbers[i]) : NULL;
}

const char *
rd_dialer_dashboard_get_note (RdDialerDashboard *self,
                              const char        *figure)
{
  guint i = tile_index (figure);

  g_return_val_if_fail (RD_IS_DIALER_DASHBOARD (self), NULL);
  return i < N_TILES ? gtk_label_get_label (self->notes[i]) : NULL;
}

guint
rd_dialer_dashboard_get_updates (RdDialerDashboard *self)
{
  g_return_val_if_fail (RD_IS_DIALER_DASHBOARD (self), 0);
  return self->updates;
}

gboolean
rd_dialer_dashboard_get_over_cap (RdDialerDashboard *self)
{
  g_return_val_if_fail (RD_IS_DIALER_DASHBOARD (self), FALSE);
  return self->over_cap;
}

const char *
rd_dialer_dashboard_get_agent_state (RdDialerDashboard *self,
                                     const char        *agent)
{
  AgentRow *r;

  g_return_val_if_fail (RD_IS_DIALER_DASHBOARD (self), NULL);
  r = g_hash_table_lookup (self->rows, agent);
  return r != NULL ? gtk_label_get_label (r->state) : NULL;
}

/* ---- GObject ------------------------------------------------------------------------ */

static GtkWidget *
tile_new (RdDialerDashboard *self,
          guint              i)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = gtk_label_new (_(tiles[i].caption));

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "dashboard-tile");
  self->numbers[i] = GTK_LABEL (gtk_label_new ("–"));
  gtk_widget_add_css_class (GTK_WIDGET (self->numbers[i]), "title-1");
  gtk_widget_add_css_class (GTK_WIDGET (self->numbers[i]), "numeric");
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (caption, "caption-heading");
  self->notes[i] = GTK_LABEL (gtk_label_new (" "));
  gtk_label_set_wrap (self->notes[i], TRUE);
  gtk_label_set_justify (self->notes[i], GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->notes[i]), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->notes[i]), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->numbers[i]));
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->notes[i]));
  /* the tile reads as one: "Ready: 3" */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  caption, GTK_WIDGET (self->numbers[i]), NULL, -1);
  return box;
}

static void
rd_dialer_dashboard_map (GtkWidget *widget)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (widget);

  GTK_WIDGET_CLASS (rd_dialer_dashboard_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
rd_dialer_dashboard_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&RD_DIALER_DASHBOARD (widget)->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (rd_dialer_dashboard_parent_class)->unmap (widget);
}

static void
rd_dialer_dashboard_dispose (GObject *object)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->listener != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->listener, self);
      rd_events_listener_stop (self->listener);
      g_clear_object (&self->listener);
    }
  g_clear_object (&self->session);
  G_OBJECT_CLASS (rd_dialer_dashboard_parent_class)->dispose (object);
}

static void
rd_dialer_dashboard_finalize (GObject *object)
{
  RdDialerDashboard *self = RD_DIALER_DASHBOARD (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->campaign_ids, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_free (self->campaign_id);
  G_OBJECT_CLASS (rd_dialer_dashboard_parent_class)->finalize (object);
}

static void
rd_dialer_dashboard_class_init (RdDialerDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_dialer_dashboard_dispose;
  object_class->finalize = rd_dialer_dashboard_finalize;
  widget_class->map = rd_dialer_dashboard_map;
  widget_class->unmap = rd_dialer_dashboard_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-dialer-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, toasts);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, campaign_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, window_title);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, agents_tiles);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, dialer_tiles);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, today_tiles);
  gtk_widget_class_bind_template_child (widget_class, RdDialerDashboard, agents_group);
  gtk_widget_class_install_action (widget_class, "dashboard.force", "(ss)", force_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rd_dialer_dashboard_init (RdDialerDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->campaign_ids = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) agent_row_free);
  self->campaign_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->campaign_dropdown, G_LIST_MODEL (self->campaign_names));
  g_object_unref (self->campaign_names);   /* the dropdown holds it */
  g_signal_connect (self->campaign_dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
  for (guint i = 0; i < N_TILES; i++)
    {
      GtkFlowBox *box = tiles[i].group == GROUP_AGENTS ? self->agents_tiles
                      : tiles[i].group == GROUP_DIALER ? self->dialer_tiles : self->today_tiles;
      GtkWidget *tile = tile_new (self, i);

      gtk_flow_box_append (box, tile);
      if (g_str_equal (tiles[i].id, "abandon_rate"))
        self->abandon_tile = tile;
    }
}

/** The dashboard of the campaigns @session's user manages (the first running one shown). */
RdDialerDashboard *
rd_dialer_dashboard_new (RdServerSession *session)
{
  RdDialerDashboard *self = g_object_new (RD_TYPE_DIALER_DASHBOARD, NULL);

  self->session = g_object_ref (session);
  self->listener = rd_server_session_new_events_listener (session);
  if (self->listener != NULL)
    {
      g_signal_connect (self->listener, "board", G_CALLBACK (board_cb), self);
      g_signal_connect (self->listener, "notify::mode", G_CALLBACK (mode_cb), self);
    }
  rd_api_call (session, "GET", "campaigns", NULL, self->cancellable, G_OBJECT (self), campaigns_done_cb, NULL);
  return self;
}
