/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-agent-queues.h"
#include "rd-agent-state.h"
#include "rd-api-call.h"
#include "rd-phone-number.h"

struct _RdAgentQueues
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  gboolean             joined;
  gboolean             updating;     /* switches set from the server: no PUT */
  char                *queues_json;  /* the last answers shown, to rebuild only on change */
  char                *callbacks_json;
  GPtrArray           *queue_rows;   /* AdwActionRow, "queue-id" and "switch" data */
  GPtrArray           *callback_rows;
  GtkWidget           *empty_row;

  GtkWidget           *box;          /* the template's root, unparented at dispose */
  AdwPreferencesGroup *queues_group;
  AdwPreferencesGroup *callbacks_group;
  GtkWidget           *all_button;
  GtkWidget           *none_button;
  GtkWidget           *join_button;
};

enum {
  SIGNAL_JOIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdAgentQueues, rd_agent_queues, GTK_TYPE_WIDGET)

static void
toast (RdAgentQueues *self,
       const char    *message)
{
  rd_api_toast (GTK_WIDGET (self), message);
}

/* --- the queues ------------------------------------------------------------------ */

/* libadwaita 1.2 has no AdwSwitchRow: an action row with a switch it activates. */
static GtkSwitch *
switch_of (gpointer row)
{
  return g_object_get_data (G_OBJECT (row), "switch");
}

static gboolean
row_active (gpointer row)
{
  return gtk_switch_get_active (switch_of (row));
}

static void
row_set_active (gpointer row,
                gboolean active)
{
  gtk_switch_set_active (switch_of (row), active);
}

GStrv
rd_agent_queues_get_selected (RdAgentQueues *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RD_IS_AGENT_QUEUES (self), NULL);
  for (guint i = 0; i < self->queue_rows->len; i++)
    if (row_active (self->queue_rows->pdata[i]))
      g_strv_builder_add (builder, g_object_get_data (self->queue_rows->pdata[i], "queue-id"));
  return g_strv_builder_end (builder);
}

guint
rd_agent_queues_get_n_queues (RdAgentQueues *self)
{
  g_return_val_if_fail (RD_IS_AGENT_QUEUES (self), 0);
  return self->queue_rows->len;
}

guint
rd_agent_queues_get_n_callbacks (RdAgentQueues *self)
{
  g_return_val_if_fail (RD_IS_AGENT_QUEUES (self), 0);
  return self->callback_rows->len;
}

static void
queues_put_done (GObject      *owner,
                 JsonNode     *answer,
                 const GError *error,
                 gpointer      data)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (owner);

  if (error != NULL)
    toast (self, error->message);
  /* the server's word, whatever it was: the switches show what the session has */
  g_clear_pointer (&self->queues_json, g_free);
  rd_agent_queues_reload (self);
}

/* Joined: the session takes the calls of the queues switched on, from now. */
static void
put_queues (RdAgentQueues *self)
{
  g_auto(GStrv) ids = rd_agent_queues_get_selected (self);
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (body);
  json_builder_set_member_name (body, "queues");
  json_builder_begin_array (body);
  for (guint i = 0; ids[i] != NULL; i++)
    json_builder_add_string_value (body, ids[i]);
  json_builder_end_array (body);
  json_builder_end_object (body);
  root = json_builder_get_root (body);
  rd_api_call (self->session, "PUT", "agent/queues", root, self->cancellable, G_OBJECT (self),
               queues_put_done, NULL);
}

static void
switch_active_cb (GtkSwitch     *toggle,
                  GParamSpec    *pspec,
                  RdAgentQueues *self)
{
  if (!self->updating && self->joined)
    put_queues (self);
}

static void
set_all (RdAgentQueues *self,
         gboolean       active)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->queue_rows->len; i++)
    row_set_active (self->queue_rows->pdata[i], active);
  self->updating = FALSE;
  if (self->joined)
    put_queues (self);
}

static void
all_clicked_cb (RdAgentQueues *self)
{
  set_all (self, TRUE);
}

static void
none_clicked_cb (RdAgentQueues *self)
{
  set_all (self, FALSE);
}

static void
join_clicked_cb (RdAgentQueues *self)
{
  g_auto(GStrv) ids = rd_agent_queues_get_selected (self);

  if (ids[0] == NULL)
    {
      toast (self, _("Switch on a queue first"));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_JOIN], 0);
}

static char *
queue_subtitle (JsonObject *queue)
{
  JsonArray *numbers = rd_api_array (queue, "numbers");
  guint waiting = (guint) rd_api_int (queue, "waiting");
  g_autoptr(GString) text = g_string_new (NULL);

  if (json_object_get_boolean_member_with_default (queue, "logged_in", FALSE))
    g_string_append (text, _("Logged in"));
  else
    g_string_append (text, _("Logged out"));
  if (waiting == 0)
    g_string_append_printf (text, " · %s", _("nobody waiting"));
  else
    /* Translators: callers waiting in a queue now, in a queue's row */
    g_string_append_printf (text, ngettext (" · %u caller waiting", " · %u callers waiting", waiting), waiting);
  for (guint i = 0; numbers != NULL && i < json_array_get_length (numbers); i++)
    g_string_append_printf (text, " · %s", json_array_get_string_element (numbers, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_queues (RdAgentQueues *self,
             JsonArray     *queues)
{
  /* a row for each queue, its switch as the session has it (joined) or as chosen before */
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->queue_rows->len; i++)
    if (row_active (self->queue_rows->pdata[i]))
      g_hash_table_add (chosen, g_strdup (g_object_get_data (self->queue_rows->pdata[i], "queue-id")));
  for (guint i = 0; i < self->queue_rows->len; i++)
    adw_preferences_group_remove (self->queues_group, self->queue_rows->pdata[i]);
  g_ptr_array_set_size (self->queue_rows, 0);

  self->updating = TRUE;
  for (guint i = 0; queues != NULL && i < json_array_get_length (queues); i++)
    {
      JsonObject *queue = json_array_get_object_element (queues, i);
      const char *id = rd_api_string (queue, "id");
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *toggle;
      gboolean on;

      if (id == NULL)
        continue;
      subtitle = queue_subtitle (queue);
      row = adw_action_row_new ();
      toggle = gtk_switch_new ();
      on = self->joined ? json_object_get_boolean_member_with_default (queue, "logged_in", FALSE)
                        : g_hash_table_contains (chosen, id);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_api_string (queue, "name"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), on);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_object_set_data (G_OBJECT (row), "switch", toggle);
      g_object_set_data_full (G_OBJECT (row), "queue-id", g_strdup (id), g_free);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (switch_active_cb), self, 0);
      adw_preferences_group_add (self->queues_group, row);
      g_ptr_array_add (self->queue_rows, row);
    }
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), self->queue_rows->len > 0);
}

/* --- the callbacks --------------------------------------------------------------- */

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "abandoned") == 0)
    return _("Hung up waiting");
  if (g_strcmp0 (reason, "max-wait") == 0)
    return _("Waited too long");
  if (g_strcmp0 (reason, "voicemail") == 0)
    return _("Left a voicemail");
  if (g_strcmp0 (reason, "server-stopped") == 0 || g_strcmp0 (reason, "server-crashed") == 0)
    return _("Cut off by a server restart");
  return reason;
}

static void
done_done (GObject      *owner,
           JsonNode     *answer,
           const GError *error,
           gpointer      data)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (owner);

  if (error != NULL)
    toast (self, error->message);
  else
    toast (self, _("Callback marked done"));
  rd_agent_queues_reload (self);
}

static void
done_clicked_cb (GtkButton     *button,
                 RdAgentQueues *self)
{
  g_autofree char *path = g_strdup_printf ("queues/%s/callbacks/%s/done",
                                           (const char *) g_object_get_data (G_OBJECT (button), "queue-id"),
                                           (const char *) g_object_get_data (G_OBJECT (button), "callback-id"));

  rd_api_call (self->session, "POST", path, NULL, self->cancellable, G_OBJECT (self), done_done, NULL);
}

static void
call_back_done (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (owner);

  if (error != NULL)
    toast (self, error->message);
  rd_agent_queues_reload (self);
}

/* The server dials the number from the agent's line; the page's status shows the call. */
static void
call_back_clicked_cb (GtkButton     *button,
                      RdAgentQueues *self)
{
  g_autofree char *path = g_strdup_printf ("agent/callbacks/%s/call",
                                           (const char *) g_object_get_data (G_OBJECT (button), "callback-id"));

  rd_api_call (self->session, "POST", path, NULL, self->cancellable, G_OBJECT (self), call_back_done, NULL);
}

static GtkWidget *
callback_button (const char *label,
                 const char *tooltip,
                 JsonObject *callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data_full (G_OBJECT (button), "queue-id", g_strdup (rd_api_string (callback, "queue_id")), g_free);
  g_object_set_data_full (G_OBJECT (button), "callback-id", g_strdup (rd_api_string (callback, "id")), g_free);
  return button;
}

static void
show_callbacks (RdAgentQueues *self,
                JsonArray     *callbacks)
{
  for (guint i = 0; i < self->callback_rows->len; i++)
    adw_preferences_group_remove (self->callbacks_group, self->callback_rows->pdata[i]);
  g_ptr_array_set_size (self->callback_rows, 0);
  for (guint i = 0; callbacks != NULL && i < json_array_get_length (callbacks); i++)
    {
      JsonObject *cb = json_array_get_object_element (callbacks, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (rd_api_int (cb, "created_at") / 1000);
      g_autofree char *when = at != NULL ? g_date_time_format (at, "%H:%M") : g_strdup ("");
      g_autofree char *waited = rd_agent_state_duration (rd_api_int (cb, "waited_ms"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *call = callback_button (_("_Call Back"), _("Call this number now from your line"), cb);
      GtkWidget *done = callback_button (_("_Done"), _("Nobody needs to call this caller back any more"), cb);

      guint attempts = (guint) rd_api_int (cb, "attempts");

      /* Translators: a callback's row: the queue, why the caller was lost, how long they
       * waited and when, e.g. "Support · Hung up waiting · waited 0:45 · 10:42" */
      subtitle = g_strdup_printf (_("%s · %s · waited %s · %s"), rd_api_string (cb, "queue_name"),
                                  reason_label (rd_api_string (cb, "reason")), waited, when);
      if (attempts > 0)
        {
          /* Translators: appended to a callback's row: calls made to it that reached nobody */
          g_autofree char *tried = g_strdup_printf (ngettext ("%s · called %u time, no answer", "%s · called %u times, no answer", attempts),
                                                    subtitle, attempts);

          g_free (subtitle);
          subtitle = g_steal_pointer (&tried);
        }
      /* E.164 from the server: formatted as the card does, whatever the region */
      g_autofree char *number = rd_api_string (cb, "number") != NULL
        ? rd_phone_number_format (rd_api_string (cb, "number"), "US", RD_PHONE_FORMAT_INTERNATIONAL) : NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number != NULL ? number : rd_api_string (cb, "number"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (call, "suggested-action");
      gtk_widget_set_sensitive (call, rd_api_string (cb, "number") != NULL);
      g_signal_connect_object (call, "clicked", G_CALLBACK (call_back_clicked_cb), self, 0);
      g_signal_connect_object (done, "clicked", G_CALLBACK (done_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), call);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
      adw_preferences_group_add (self->callbacks_group, row);
      g_ptr_array_add (self->callback_rows, row);
    }
  gtk_widget_set_visible (self->empty_row, self->callback_rows->len == 0);
}

/* --- reading ---------------------------------------------------------------------- */

/* TRUE when @answer differs from what *@last shows (and keeps it). */
static gboolean
changed (char     **last,
         JsonNode  *answer)
{
  g_autofree char *text = json_to_string (answer, FALSE);

  if (g_strcmp0 (text, *last) == 0)
    return FALSE;
  g_free (*last);
  *last = g_steal_pointer (&text);
  return TRUE;
}

static void
queues_done (GObject      *owner,
             JsonNode     *answer,
             const GError *error,
             gpointer      data)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (owner);

  if (error != NULL)
    {
      g_debug ("agent queues: %s", error->message);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (answer) && changed (&self->queues_json, answer))
    show_queues (self, json_node_get_array (answer));
}

static void
callbacks_done (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (owner);

  if (error != NULL)
    {
      g_debug ("agent callbacks: %s", error->message);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (answer) && changed (&self->callbacks_json, answer))
    show_callbacks (self, json_node_get_array (answer));
}

void
rd_agent_queues_reload (RdAgentQueues *self)
{
  g_return_if_fail (RD_IS_AGENT_QUEUES (self));
  if (self->session == NULL)
    return;
  rd_api_call (self->session, "GET", "agent/queues", NULL, self->cancellable, G_OBJECT (self), queues_done, NULL);
  if (self->joined)
    rd_api_call (self->session, "GET", "agent/callbacks", NULL, self->cancellable, G_OBJECT (self),
                 callbacks_done, NULL);
}

void
rd_agent_queues_set_session (RdAgentQueues   *self,
                             RdServerSession *session)
{
  g_return_if_fail (RD_IS_AGENT_QUEUES (self));
  if (!g_set_object (&self->session, session))
    return;
  g_clear_pointer (&self->queues_json, g_free);
  g_clear_pointer (&self->callbacks_json, g_free);
  show_queues (self, NULL);
  show_callbacks (self, NULL);
  rd_agent_queues_reload (self);
}

void
rd_agent_queues_set_joined (RdAgentQueues *self,
                            gboolean       joined)
{
  g_return_if_fail (RD_IS_AGENT_QUEUES (self));
  joined = !!joined;
  if (self->joined == joined)
    return;
  self->joined = joined;
  adw_preferences_group_set_description (self->queues_group,
                                         joined ? _("Switch a queue off to stop taking its calls, on to take them again.")
                                                : _("Take the calls of the queues switched on: alone with Take Queue Calls, or with the campaign you join."));
  gtk_widget_set_visible (self->join_button, !joined);
  gtk_widget_set_visible (GTK_WIDGET (self->callbacks_group), joined);
  g_clear_pointer (&self->queues_json, g_free);
  g_clear_pointer (&self->callbacks_json, g_free);
  if (!joined)
    show_callbacks (self, NULL);
  rd_agent_queues_reload (self);
}

/* --- the object ------------------------------------------------------------------- */

static void
rd_agent_queues_dispose (GObject *object)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_AGENT_QUEUES);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (rd_agent_queues_parent_class)->dispose (object);
}

static void
rd_agent_queues_finalize (GObject *object)
{
  RdAgentQueues *self = RD_AGENT_QUEUES (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue_rows, g_ptr_array_unref);
  g_clear_pointer (&self->callback_rows, g_ptr_array_unref);
  g_free (self->queues_json);
  g_free (self->callbacks_json);
  G_OBJECT_CLASS (rd_agent_queues_parent_class)->finalize (object);
}

static void
rd_agent_queues_class_init (RdAgentQueuesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_agent_queues_dispose;
  object_class->finalize = rd_agent_queues_finalize;

  /* "Take Queue Calls": log in to the queues switched on (rd_agent_queues_get_selected). */
  signals[SIGNAL_JOIN] = g_signal_new ("join", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-agent-queues.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, box);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, queues_group);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, callbacks_group);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, all_button);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, none_button);
  gtk_widget_class_bind_template_child (widget_class, RdAgentQueues, join_button);
  gtk_widget_class_bind_template_callback (widget_class, all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, none_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
}

static void
rd_agent_queues_init (RdAgentQueues *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->queue_rows = g_ptr_array_new ();
  self->callback_rows = g_ptr_array_new ();
  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No callback is owed"));
  gtk_widget_add_css_class (self->empty_row, "dim-label");
  adw_preferences_group_add (self->callbacks_group, self->empty_row);
  adw_preferences_group_set_description (self->queues_group,
                                         _("Take the calls of the queues switched on: alone with Take Queue Calls, or with the campaign you join."));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
