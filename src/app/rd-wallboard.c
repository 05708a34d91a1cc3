/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-agent-state.h"
#include "rd-api-call.h"
#include "rd-report-kind.h"
#include "rd-supervisor-menu.h"
#include "rd-wallboard.h"

/* The boards are the server's (GET /boards/KEY, docs/api.md), pushed on the events
 * WebSocket within a second of each change: the board of every campaign and every queue
 * the manager sees, summed here. The lists of campaigns and queues are read again once a
 * minute, so that a new campaign joins the wall without a restart. */

static const char *const figures[] = {
  "ready", "on_call", "wrap_up", "paused", "previewing",
  "calls", "answered", "abandoned", "abandon_rate", "longest_wait",
  "service_level", "waiting", "queue_wait",
};
#define N_FIGURES G_N_ELEMENTS (figures)

#define LISTS_SECONDS 60

struct _RdWallboard
{
  AdwWindow         parent_instance;

  RdServerSession  *session;
  RdEventsListener *listener;
  GCancellable     *cancellable;
  GHashTable       *boards;        /* key -> JsonObject, the last pushed */
  GPtrArray        *keys;          /* being gathered from the two lists */
  guint             lists_pending;
  guint             n_watched;     /* boards asked for */
  gint64            clock_offset;  /* the server's clock minus ours, ms */
  guint             tick_id;
  guint             ticks;
  guint             updates;
  gboolean          over_cap;

  GtkLabel        *clock_label;
  GtkLabel        *status_label;
  GtkLabel        *numbers[N_FIGURES];
  GtkLabel        *notes[N_FIGURES];
  GtkWidget       *abandon_rate_tile;
  GtkWidget       *service_level_tile;
};

G_DEFINE_FINAL_TYPE (RdWallboard, rd_wallboard, ADW_TYPE_WINDOW)

static guint
figure_index (const char *figure)
{
  for (guint i = 0; i < N_FIGURES; i++)
    if (g_strcmp0 (figures[i], figure) == 0)
      return i;
  return N_FIGURES;
}

static void
set_figure (RdWallboard *self,
            const char  *figure,
            const char  *number,
            const char  *note)
{
  guint i = figure_index (figure);

  g_return_if_fail (i < N_FIGURES);
  gtk_label_set_label (self->numbers[i], number);
  gtk_label_set_label (self->notes[i], note != NULL && *note ? note : " ");
}

static void
set_count (RdWallboard *self,
           const char  *figure,
           gint64       count,
           const char  *note)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count);

  set_figure (self, figure, text, note);
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static void
set_tone (GtkWidget *tile,
          gboolean   known,
          gboolean   good)
{
  gtk_widget_remove_css_class (tile, "wallboard-good");
  gtk_widget_remove_css_class (tile, "wallboard-bad");
  if (known)
    gtk_widget_add_css_class (tile, good ? "wallboard-good" : "wallboard-bad");
}

/* The agents of every board, each once (an agent in a campaign and its queues is on
 * several): by state, paused by reason, and who has waited longest for a call. */
static void
show_agents (RdWallboard *self,
             gint64       now)
{
  static const char *const states[] = { "ready", "on_call", "wrap_up", "paused", "previewing" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) paused_note = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  g_autofree char *wait = NULL;
  gint64 counts[G_N_ELEMENTS (states)] = { 0 }, longest = -1;
  const char *longest_agent = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->boards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonArray *list = rd_api_array (member_object (value, "agents"), "list");

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonObject *a = json_array_get_object_element (list, i);
          const char *agent = rd_api_string (a, "agent");
          const char *state = rd_api_string (a, "state");
          gint64 since = rd_api_int (a, "since");

          if (agent == NULL || g_hash_table_contains (seen, agent))
            continue;
          g_hash_table_add (seen, (gpointer) agent);
          gboolean connecting = g_strcmp0 (state, "login") == 0;

          if (connecting)
            state = "paused";       /* signed in, the phone not up yet: not taking calls */
          for (guint k = 0; k < G_N_ELEMENTS (states); k++)
            if (g_strcmp0 (state, states[k]) == 0)
              counts[k]++;
          if (g_strcmp0 (state, "ready") == 0 && since > 0 && now - since > longest)
            longest = now - since, longest_agent = agent;
          if (g_strcmp0 (state, "paused") == 0)
            {
              const char *reason = connecting ? rd_agent_state_label ("login")
                                   : rd_supervisor_reason_label (rd_api_string (a, "reason") ? rd_api_string (a, "reason") : "login");

              g_hash_table_insert (reasons, (gpointer) reason,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (reasons, reason)) + 1));
            }
        }
    }
  keys = g_list_sort (g_hash_table_get_keys (reasons), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (paused_note, "%s%s %u", paused_note->len ? " · " : "", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (reasons, l->data)));
  for (guint k = 0; k < G_N_ELEMENTS (states); k++)
    set_count (self, states[k], counts[k], k == 3 ? paused_note->str : NULL);
  wait = longest >= 0 ? rd_agent_state_duration (longest) : g_strdup ("–");
  set_figure (self, "longest_wait", wait, longest_agent);
}

/* The campaigns' day: calls, answered, dropped, the abandon rate against the strictest cap. */
static void
show_campaigns (RdWallboard *self)
{
  gint64 dialed = 0, answered = 0, abandoned = 0;
  double cap = 0;
  g_autofree char *rate = NULL;
  g_autofree char *cap_note = NULL;
  g_autofree char *dialed_note = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->boards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *today = member_object (value, "today");
      JsonObject *compliance = member_object (value, "compliance");
      JsonNode *c = compliance != NULL ? json_object_get_member (compliance, "cap") : NULL;

      if (g_strcmp0 (rd_api_string (value, "kind"), "campaign") != 0)
        continue;
      dialed += rd_api_int (today, "dialed");
      answered += rd_api_int (today, "answered");
      abandoned += rd_api_int (today, "abandoned");
      /* several campaigns: the strictest cap */
      if (c != NULL && JSON_NODE_HOLDS_VALUE (c) && json_node_get_double (c) > 0 &&
          (cap == 0 || json_node_get_double (c) < cap))
        cap = json_node_get_double (c);
    }
  /* TRANSLATORS: under "Calls Today" on the wallboard: how many the dialer placed */
  dialed_note = g_strdup_printf (ngettext ("%d dialed", "%d dialed", (gulong) dialed), (int) dialed);
  set_count (self, "calls", dialed, dialed_note);
  set_count (self, "answered", answered, NULL);
  set_count (self, "abandoned", abandoned, _("dropped: no agent free"));
  rate = answered == 0 ? g_strdup ("–") : rd_report_format_tile_percent ((double) abandoned / answered);
  /* TRANSLATORS: under the abandon rate: the most the law (or the campaign) allows */
  cap_note = cap > 0 ? g_strdup_printf (_("cap %.1f %%"), 100 * cap) : NULL;
  set_figure (self, "abandon_rate", rate, cap_note);
  self->over_cap = answered > 0 && cap > 0 && (double) abandoned / answered > cap;
  set_tone (self->abandon_rate_tile, answered > 0, !self->over_cap);
}

/* The queues: the service level of the day (answered within the queue's time / offered),
 * callers waiting now, and the longest of them. */
static void
show_queues (RdWallboard *self,
             gint64       now)
{
  gint64 offered = 0, within = 0, waiting = 0, oldest = 0;
  guint queues = 0;
  g_autofree char *level = NULL;
  g_autofree char *level_note = NULL;
  g_autofree char *wait = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->boards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *today = member_object (value, "today");
      gint64 since = rd_api_int (value, "longest_since");

      if (g_strcmp0 (rd_api_string (value, "kind"), "queue") != 0)
        continue;
      queues++;
      offered += rd_api_int (today, "calls");
      within += rd_api_int (today, "answered_within_sl");
      waiting += rd_api_int (value, "waiting");
      if (since > 0 && (oldest == 0 || since < oldest))
        oldest = since;
    }
  level = offered > 0 ? rd_report_format_tile_percent ((double) within / offered) : g_strdup ("–");
  /* TRANSLATORS: under the service level: of how many inbound calls today */
  level_note = queues == 0 ? g_strdup (_("no queues"))
             : g_strdup_printf (ngettext ("of %d call today", "of %d calls today", (gulong) offered), (int) offered);
  set_figure (self, "service_level", level, level_note);
  /* the 80/20 target: 80 % answered within the queue's time */
  set_tone (self->service_level_tile, offered > 0, offered > 0 && (double) within / offered >= 0.8);
  set_count (self, "waiting", waiting, NULL);
  wait = oldest > 0 ? rd_agent_state_duration (MAX (now - oldest, 0)) : g_strdup ("–");
  set_figure (self, "queue_wait", wait, NULL);
}

static void
show (RdWallboard *self)
{
  gint64 now = g_get_real_time () / 1000 + self->clock_offset;

  show_agents (self, now);
  show_campaigns (self);
  show_queues (self, now);
}

static void
board_cb (RdEventsListener *listener,
          JsonNode         *message,
          RdWallboard      *self)
{
  JsonObject *o = rd_api_object (message);
  JsonObject *board = member_object (o, "board");

  (void) listener;
  if (board == NULL || rd_api_string (o, "key") == NULL)
    return;
  self->clock_offset = rd_api_int (o, "now") - g_get_real_time () / 1000;
  self->updates++;
  g_hash_table_replace (self->boards, g_strdup (rd_api_string (o, "key")), json_object_ref (board));
  gtk_label_set_label (self->status_label, "");
  show (self);
}

static void
mode_cb (RdEventsListener *listener,
         GParamSpec       *pspec,
         RdWallboard      *self)
{
  (void) pspec;
  if (rd_events_listener_get_mode (listener) != RD_EVENTS_MODE_WEBSOCKET)
    gtk_label_set_label (self->status_label, _("Reconnecting…"));
}

/* Both lists read: watch every board in them. */
static void
lists_done (RdWallboard *self)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  if (--self->lists_pending > 0)
    return;
  /* the server takes 64 boards a socket: campaigns first, then queues */
  for (guint i = 0; i < self->keys->len && i < 64; i++)
    g_string_append_printf (keys, "%s%s", keys->len ? "," : "", (char *) self->keys->pdata[i]);
  self->n_watched = MIN (self->keys->len, 64);
  if (keys->len == 0)
    {
      gtk_label_set_label (self->status_label, _("No campaigns or queues to show"));
      return;
    }
  if (self->listener != NULL)
    {
      rd_events_listener_set_boards (self->listener, keys->str);
      rd_events_listener_start (self->listener);
    }
}

static void
list_done_cb (GObject      *owner,
              JsonNode     *answer,
              const GError *error,
              gpointer      data)
{
  RdWallboard *self = RD_WALLBOARD (owner);
  const char *kind = data;
  JsonArray *rows = g_str_equal (kind, "campaigns") ? rd_api_array (rd_api_object (answer), "campaigns")
                  : answer != NULL && JSON_NODE_HOLDS_ARRAY (answer) ? json_node_get_array (answer) : NULL;

  if (error != NULL)
    gtk_label_set_label (self->status_label, error->message);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      const char *id = rd_api_string (json_array_get_object_element (rows, i), "id");

      if (id != NULL)
        g_ptr_array_add (self->keys, g_strdup_printf ("%s/%s", kind, id));
    }
  lists_done (self);
}

static void
update_clock (RdWallboard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_label (self->clock_label, text);
}

void
rd_wallboard_refresh (RdWallboard *self)
{
  g_return_if_fail (RD_IS_WALLBOARD (self));
  update_clock (self);
  if (self->session == NULL || self->lists_pending > 0)
    return;     /* the last read is still on its way: no pile-up on a slow link */
  g_ptr_array_set_size (self->keys, 0);
  self->lists_pending = 2;
  rd_api_call (self->session, "GET", "campaigns", NULL, self->cancellable, G_OBJECT (self), list_done_cb,
               (gpointer) "campaigns");
  rd_api_call (self->session, "GET", "queues", NULL, self->cancellable, G_OBJECT (self), list_done_cb,
               (gpointer) "queues");
}

static gboolean
tick_cb (gpointer data)
{
  RdWallboard *self = data;

  update_clock (self);
  show (self);            /* the waits count up between pushes */
  if (++self->ticks % LISTS_SECONDS == 0)
    rd_wallboard_refresh (self);
  return G_SOURCE_CONTINUE;
}

guint
rd_wallboard_get_updates (RdWallboard *self)
{
  g_return_val_if_fail (RD_IS_WALLBOARD (self), 0);
  return self->updates;
}

gboolean
rd_wallboard_get_busy (RdWallboard *self)
{
  g_return_val_if_fail (RD_IS_WALLBOARD (self), FALSE);
  /* until every board asked for has come once */
  return self->lists_pending > 0 || self->n_watched == 0 || g_hash_table_size (self->boards) < self->n_watched;
}

const char *
rd_wallboard_get_figure (RdWallboard *self,
                         const char  *figure)
{
  guint i = figure_index (figure);

  g_return_val_if_fail (RD_IS_WALLBOARD (self), NULL);
  return i < N_FIGURES ? gtk_label_get_label (self->numbers[i]) : NULL;
}

gboolean
rd_wallboard_get_over_cap (RdWallboard *self)
{
  g_return_val_if_fail (RD_IS_WALLBOARD (self), FALSE);
  return self->over_cap;
}

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_close (GTK_WINDOW (widget));
}

static void
rd_wallboard_map (GtkWidget *widget)
{
  RdWallboard *self = RD_WALLBOARD (widget);

  GTK_WIDGET_CLASS (rd_wallboard_parent_class)->map (widget);
  rd_wallboard_refresh (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
rd_wallboard_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&RD_WALLBOARD (widget)->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (rd_wallboard_parent_class)->unmap (widget);
}

static void
rd_wallboard_dispose (GObject *object)
{
  RdWallboard *self = RD_WALLBOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->listener != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->listener, self);
      rd_events_listener_stop (self->listener);
      g_clear_object (&self->listener);
    }
  g_clear_object (&self->session);
  G_OBJECT_CLASS (rd_wallboard_parent_class)->dispose (object);
}

static void
rd_wallboard_finalize (GObject *object)
{
  RdWallboard *self = RD_WALLBOARD (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->boards, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_wallboard_parent_class)->finalize (object);
}

static void
rd_wallboard_class_init (RdWallboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_wallboard_dispose;
  object_class->finalize = rd_wallboard_finalize;
  widget_class->map = rd_wallboard_map;
  widget_class->unmap = rd_wallboard_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-wallboard.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWallboard, clock_label);
  gtk_widget_class_bind_template_child (widget_class, RdWallboard, status_label);
  gtk_widget_class_bind_template_child (widget_class, RdWallboard, abandon_rate_tile);
  gtk_widget_class_bind_template_child (widget_class, RdWallboard, service_level_tile);
  /* the tiles' labels by their template ids: "<figure>_number", "<figure>_note" */
  for (guint i = 0; i < N_FIGURES; i++)
    {
      g_autofree char *number = g_strconcat (figures[i], "_number", NULL);
      g_autofree char *note = g_strconcat (figures[i], "_note", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (number), FALSE,
                                                 G_STRUCT_OFFSET (RdWallboard, numbers) + i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (note), FALSE,
                                                 G_STRUCT_OFFSET (RdWallboard, notes) + i * sizeof (gpointer));
    }
  gtk_widget_class_install_action (widget_class, "wallboard.fullscreen", NULL, toggle_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "wallboard.leave", NULL, leave_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "wallboard.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wallboard.leave", NULL);
}

static void
rd_wallboard_init (RdWallboard *self)
{
  self->cancellable = g_cancellable_new ();
  self->boards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_clock (self);
}

/** A wallboard reading the server of @session. */
RdWallboard *
rd_wallboard_new (RdServerSession *session)
{
  RdWallboard *self = g_object_new (RD_TYPE_WALLBOARD, NULL);

  self->session = g_object_ref (session);
  self->listener = rd_server_session_new_events_listener (session);
  if (self->listener != NULL)
    {
      g_signal_connect (self->listener, "board", G_CALLBACK (board_cb), self);
      g_signal_connect (self->listener, "notify::mode", G_CALLBACK (mode_cb), self);
    }
  return self;
}
