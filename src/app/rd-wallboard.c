/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-agent-state.h"
#include "rd-api-call.h"
#include "rd-wallboard.h"

/* Why polling and not the events WebSocket: the server's socket announces sync sequence
 * numbers of the CRM only, not the agents' state changes, so a 1 s poll is the freshest
 * the board can be (GET /agents is one small query on the server). */

static const char *const figures[] = {
  "ready", "on_call", "wrap_up", "paused", "previewing",
  "calls", "answered", "abandoned", "abandon_rate", "longest_wait",
};
#define N_FIGURES G_N_ELEMENTS (figures)

struct _RdWallboard
{
  AdwWindow        parent_instance;

  RdServerSession *session;
  GCancellable    *cancellable;
  guint            tick_id;
  guint            ticks;
  guint            pending;
  gboolean         over_cap;

  GtkLabel        *clock_label;
  GtkLabel        *status_label;
  GtkLabel        *numbers[N_FIGURES];
  GtkLabel        *notes[N_FIGURES];
  GtkWidget       *abandon_rate_tile;
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

static void
agents_done_cb (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdWallboard *self = RD_WALLBOARD (owner);
  JsonArray *agents = rd_api_array (rd_api_object (answer), "agents");
  gint64 counts[5] = { 0 }, longest = -1, now = g_get_real_time () / 1000;
  const char *longest_agent = NULL;
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) paused_note = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  g_autofree char *wait = NULL;

  self->pending--;
  if (error != NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  gtk_label_set_label (self->status_label, "");
  for (guint i = 0; agents != NULL && i < json_array_get_length (agents); i++)
    {
      JsonObject *agent = json_array_get_object_element (agents, i);
      const char *state = rd_api_string (agent, "state");
      gint64 since = rd_api_int (agent, "since");

      if (g_strcmp0 (state, "ready") == 0)
        {
          counts[0]++;
          if (since > 0 && now - since > longest)
            longest = now - since, longest_agent = rd_api_string (agent, "agent");
        }
      else if (g_strcmp0 (state, "on_call") == 0)
        counts[1]++;
      else if (g_strcmp0 (state, "wrap_up") == 0)
        counts[2]++;
      else if (g_strcmp0 (state, "paused") == 0 || g_strcmp0 (state, "login") == 0)
        {
          const char *reason = rd_api_string (agent, "reason");

          counts[3]++;
          if (reason != NULL)
            g_hash_table_insert (reasons, (gpointer) reason,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (reasons, reason)) + 1));
        }
      else if (g_strcmp0 (state, "previewing") == 0)
        counts[4]++;
    }
  keys = g_list_sort (g_hash_table_get_keys (reasons), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (paused_note, "%s%s %u", paused_note->len ? " · " : "", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (reasons, l->data)));
  for (guint i = 0; i < 5; i++)
    set_count (self, figures[i], counts[i], i == 3 ? paused_note->str : NULL);
  wait = longest >= 0 ? rd_agent_state_duration (longest) : g_strdup ("–");
  set_figure (self, "longest_wait", wait, longest_agent);
}

static void
campaign_done_cb (GObject      *owner,
                  JsonNode     *answer,
                  const GError *error,
                  gpointer      data)
{
  RdWallboard *self = RD_WALLBOARD (owner);
  JsonArray *rows = rd_api_array (rd_api_object (answer), "rows");
  gint64 dialed = 0, answered = 0, abandoned = 0, human = 0;
  double cap = 0;
  g_autofree char *rate = NULL;
  g_autofree char *cap_note = NULL;
  g_autofree char *dialed_note = NULL;
  g_autofree char *human_note = NULL;

  self->pending--;
  if (error != NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *row_cap = json_object_get_member (row, "abandon_cap");

      dialed += rd_api_int (row, "dialed");
      answered += rd_api_int (row, "answered");
      abandoned += rd_api_int (row, "abandoned");
      human += rd_api_int (row, "human");
      /* several campaigns: the strictest cap */
      if (row_cap != NULL && JSON_NODE_HOLDS_VALUE (row_cap))
        {
          double c = json_node_get_double (row_cap);

          if (c > 0 && (cap == 0 || c < cap))
            cap = c;
        }
    }
  /* TRANSLATORS: under "Calls Today" on the wallboard: how many the dialer placed */
  dialed_note = g_strdup_printf (ngettext ("%d dialed", "%d dialed", (gulong) dialed), (int) dialed);
  set_count (self, "calls", dialed, dialed_note);
  /* TRANSLATORS: under "Answered": the answered calls that reached an agent */
  human_note = g_strdup_printf (ngettext ("%d to an agent", "%d to an agent", (gulong) human), (int) human);
  set_count (self, "answered", answered, human_note);
  set_count (self, "abandoned", abandoned, _("dropped: no agent free"));
  /* one decimal where it matters, near the cap; whole numbers above 10 % fit the tile */
  rate = answered == 0 ? g_strdup ("–")
       : 100.0 * abandoned / answered < 10 ? g_strdup_printf ("%.1f %%", 100.0 * abandoned / answered)
       : g_strdup_printf ("%.0f %%", 100.0 * abandoned / answered);
  /* TRANSLATORS: under the abandon rate: the most the law (or the campaign) allows */
  cap_note = cap > 0 ? g_strdup_printf (_("cap %.1f %%"), 100 * cap) : NULL;
  set_figure (self, "abandon_rate", rate, cap_note);
  self->over_cap = answered > 0 && cap > 0 && (double) abandoned / answered > cap;
  gtk_widget_remove_css_class (self->abandon_rate_tile, "wallboard-good");
  gtk_widget_remove_css_class (self->abandon_rate_tile, "wallboard-bad");
  if (answered > 0)
    gtk_widget_add_css_class (self->abandon_rate_tile, self->over_cap ? "wallboard-bad" : "wallboard-good");
}

static char *
today_path (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  gint64 offset = g_date_time_get_utc_offset (now) / G_TIME_SPAN_MINUTE;

  return g_strdup_printf ("reports/campaign?by=total&from=%s&to=%s&tz=%%%s%02d:%02d", day, day,
                          offset < 0 ? "2D" : "2B", (int) (ABS (offset) / 60), (int) (ABS (offset) % 60));
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
  g_autofree char *path = today_path ();

  g_return_if_fail (RD_IS_WALLBOARD (self));
  update_clock (self);
  if (self->session == NULL || self->pending > 0)
    return;     /* the last read is still on its way: no pile-up on a slow link */
  self->pending += 2;
  rd_api_call (self->session, "GET", "agents", NULL, self->cancellable, G_OBJECT (self), agents_done_cb, NULL);
  rd_api_call (self->session, "GET", path, NULL, self->cancellable, G_OBJECT (self), campaign_done_cb, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  RdWallboard *self = data;

  update_clock (self);
  if (self->ticks++ % 2 == 0 || self->pending == 0)
    rd_wallboard_refresh (self);
  return G_SOURCE_CONTINUE;
}

gboolean
rd_wallboard_get_busy (RdWallboard *self)
{
  g_return_val_if_fail (RD_IS_WALLBOARD (self), FALSE);
  return self->pending > 0;
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
  g_clear_object (&self->session);
  G_OBJECT_CLASS (rd_wallboard_parent_class)->dispose (object);
}

static void
rd_wallboard_finalize (GObject *object)
{
  g_clear_object (&RD_WALLBOARD (object)->cancellable);
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
  gtk_widget_init_template (GTK_WIDGET (self));
  update_clock (self);
}

/** A wallboard reading the server of @session. */
RdWallboard *
rd_wallboard_new (RdServerSession *session)
{
  RdWallboard *self = g_object_new (RD_TYPE_WALLBOARD, NULL);

  self->session = g_object_ref (session);
  return self;
}
