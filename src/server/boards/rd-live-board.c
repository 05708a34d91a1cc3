/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live boards: a campaign's dialer dashboard and a queue's board (docs/reports.md,
 * "Live boards"). What is happening now comes from memory (the desk's sessions, the
 * dialer's runs, the queues' callers); the figures of the day from the reports module
 * (campaigns, in a worker thread) and callcenter.db (abandons over the compliance window,
 * the leads left, a queue's day). */
#include "config.h"

#include "rd-live-board.h"

typedef struct {
  RdLiveBoard *board;        /* not a reference: the board owns its watches */
  char        *key;
  char        *kind;         /* "campaigns" or "queues" */
  char        *id;
  guint        watchers;
  char        *last;         /* the board's text last told, to tell only changes */
  JsonObject  *stats;        /* the day's figures, or NULL before the first read */
  gint64       stats_us;     /* monotonic, when they were asked for */
  gboolean     stats_dirty;  /* something changed since */
  GCancellable *reading;     /* a read in a worker thread, or NULL */
} Watch;

struct _RdLiveBoard
{
  GObject      parent_instance;

  RdCenterDb  *center;
  RdAgentDesk *desk;
  RdDialer    *dialer;
  RdQueues    *queues;
  RdReports   *reports;
  GHashTable  *watches;      /* key -> Watch */
  guint        tick_id;
};

G_DEFINE_FINAL_TYPE (RdLiveBoard, rd_live_board, G_TYPE_OBJECT)

enum { SIGNAL_UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
watch_free (Watch *w)
{
  if (w->reading != NULL)
    {
      g_cancellable_cancel (w->reading);
      g_object_unref (w->reading);
    }
  g_free (w->key);
  g_free (w->kind);
  g_free (w->id);
  g_free (w->last);
  g_clear_pointer (&w->stats, json_object_unref);
  g_free (w);
}

gboolean
rd_live_board_parse_key (const char  *key,
                         char       **kind,
                         char       **id)
{
  const char *slash = key != NULL ? strchr (key, '/') : NULL;

  if (slash == NULL || slash[1] == '\0' || strchr (slash + 1, '/') != NULL ||
      (strncmp (key, "campaigns/", 10) != 0 && strncmp (key, "queues/", 7) != 0))
    return FALSE;
  if (kind != NULL)
    *kind = g_strndup (key, slash - key);
  if (id != NULL)
    *id = g_strdup (slash + 1);
  return TRUE;
}

/* ---- the day's figures -------------------------------------------------------------- */

typedef struct {
  RdReports     *reports;
  RdReportQuery  query;
} Read;

static void
read_free (Read *r)
{
  g_object_unref (r->reports);
  rd_report_query_clear (&r->query);
  g_free (r);
}

static JsonObject *
first_row (JsonNode *table)
{
  JsonObject *o = table != NULL ? json_node_get_object (table) : NULL;
  JsonArray *rows = o != NULL && json_object_has_member (o, "rows") ? json_object_get_array_member (o, "rows") : NULL;

  return rows != NULL && json_array_get_length (rows) > 0 ? json_array_get_object_element (rows, 0) : NULL;
}

static gint64
int_of (JsonObject *o,
        const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : 0;
}

static void
set_ratio (JsonObject *o,
           const char *name,
           double      num,
           double      den)
{
  /* a ratio over nothing is null, not 0 (rd-report-formulas.c) */
  if (den > 0)
    json_object_set_double_member (o, name, num / den);
  else
    json_object_set_null_member (o, name);
}

/* The campaign's results and its agents' time today, one period each. */
static JsonObject *
campaign_today (Read    *r,
                GError **error)
{
  g_autoptr(RdReportTable) calls = rd_reports_run (r->reports, "campaign", &r->query, error);
  g_autoptr(RdReportTable) agents = calls != NULL ? rd_reports_run (r->reports, "agents", &r->query, error) : NULL;
  g_autoptr(JsonNode) calls_json = NULL;
  g_autoptr(JsonNode) agents_json = NULL;
  JsonObject *today, *c;
  JsonArray *rows;
  gint64 handled = 0, wait = 0, talk = 0, wrap = 0, pause = 0, logged = 0;
  guint n_agents;

  if (agents == NULL)
    return NULL;
  calls_json = rd_report_table_to_json (calls);
  agents_json = rd_report_table_to_json (agents);
  today = json_object_new ();
  c = first_row (calls_json);
  {
    static const char *const counts[] = {
      "dialed", "human", "machine", "busy", "no_answer", "failed", "abandoned", "answered",
    };

    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      json_object_set_int_member (today, counts[i], int_of (c, counts[i]));
  }
  set_ratio (today, "abandon_rate", int_of (c, "abandoned"), int_of (c, "human") + int_of (c, "abandoned"));
  rows = json_object_get_array_member (json_node_get_object (agents_json), "rows");
  n_agents = json_array_get_length (rows);
  for (guint i = 0; i < n_agents; i++)
    {
      JsonObject *a = json_array_get_object_element (rows, i);

      handled += int_of (a, "calls");
      wait += int_of (a, "wait_ms");
      talk += int_of (a, "talk_ms");
      wrap += int_of (a, "wrap_ms");
      pause += int_of (a, "pause_ms");
      logged += int_of (a, "logged_ms");
    }
  json_object_set_int_member (today, "handled", handled);
  /* VICIdial's real-time averages: per call handled, and pause per agent of the day */
  set_ratio (today, "avg_wait_ms", wait, handled);
  set_ratio (today, "avg_talk_ms", talk, handled);
  set_ratio (today, "avg_wrap_ms", wrap, handled);
  set_ratio (today, "avg_pause_ms", pause, n_agents);
  set_ratio (today, "occupancy", talk + wrap, talk + wrap + wait);
  json_object_set_int_member (today, "agents", n_agents);
  json_object_set_int_member (today, "logged_ms", logged);
  return today;
}

static void
read_campaign_thread (GTask        *task,
                      gpointer      source,
                      gpointer      data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  JsonObject *today = campaign_today (data, &error);

  (void) source;
  (void) cancellable;
  if (today == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, today, (GDestroyNotify) json_object_unref);
}

static void stats_changed (Watch *w);

static void
read_campaign_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RdLiveBoard *self = RD_LIVE_BOARD (source);
  g_autofree char *key = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *today = g_task_propagate_pointer (G_TASK (result), &error);
  Watch *w;

  if (today == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("board %s: %s", key, error->message);
      return;
    }
  w = g_hash_table_lookup (self->watches, key);
  if (w == NULL || g_task_get_cancellable (G_TASK (result)) != w->reading)
    {
      json_object_unref (today);
      return;          /* no longer watched, or a newer read is on its way */
    }
  g_clear_object (&w->reading);
  if (w->stats == NULL)
    w->stats = json_object_new ();
  json_object_set_object_member (w->stats, "today", today);
  stats_changed (w);
}

/* Main thread: the abandons over the compliance window (as the pacer counts them) and the
 * leads left; the day's results and agent time in a worker thread, or on the spot when
 * @now (one board asked for once: one campaign's day, a few milliseconds). */
static void
read_campaign (RdLiveBoard *self,
               Watch       *w,
               JsonObject  *campaign,
               gboolean     now_here)
{
  g_autoptr(GError) error = NULL;
  JsonObject *compliance = json_object_new ();
  gboolean day_window = g_strcmp0 (json_object_get_string_member_with_default (campaign, "compliance_window", NULL), "24h") == 0;
  gint64 now = rd_center_db_now (self->center);
  guint64 answered = 0, abandoned = 0;
  gint64 left = 0;
  JsonArray *leadsets = json_object_has_member (campaign, "leadsets")
    ? json_object_get_array_member (campaign, "leadsets") : NULL;
  Read *r;
  GTask *task;

  if (w->stats == NULL)
    w->stats = json_object_new ();
  json_object_set_string_member (compliance, "window", day_window ? "24h" : "30d");
  json_object_set_double_member (compliance, "cap",
                                 json_object_get_double_member_with_default (campaign, "abandon_cap", 3) / 100.0);
  if (rd_center_abandon_counts (self->center, w->id, now - (day_window ? 24 : 30 * 24) * 3600 * G_GINT64_CONSTANT (1000),
                                &answered, &abandoned, &error))
    {
      json_object_set_int_member (compliance, "answered", (gint64) answered);
      json_object_set_int_member (compliance, "abandoned", (gint64) abandoned);
      set_ratio (compliance, "abandon_rate", abandoned, answered);
    }
  else
    {
      g_warning ("board %s: %s", w->key, error->message);
      g_clear_error (&error);
    }
  json_object_set_object_member (w->stats, "compliance", compliance);

  /* the leads still to be called: new and callbacks of its leadsets */
  for (guint i = 0; leadsets != NULL && i < json_array_get_length (leadsets); i++)
    {
      g_autoptr(JsonNode) set = rd_center_leadset_get (self->center, json_array_get_string_element (leadsets, i), NULL);

      if (set != NULL)
        left += int_of (json_node_get_object (set), "new") + int_of (json_node_get_object (set), "callback");
    }
  json_object_set_int_member (w->stats, "dialable", left);

  if (w->reading != NULL)
    g_cancellable_cancel (w->reading);
  g_clear_object (&w->reading);
  w->reading = g_cancellable_new ();
  r = g_new0 (Read, 1);
  r->reports = g_object_ref (self->reports);
  r->query.from_ms = rd_center_db_today_start (self->center);
  r->query.to_ms = now + 1;
  r->query.now_ms = now;
  r->query.by = RD_REPORT_BY_TOTAL;
  r->query.campaign = g_strdup (w->id);
  r->query.limit = 1000;
  {
    const char *sale[] = { "sale", NULL };

    r->query.sale = g_strdupv ((char **) sale);
  }
  if (now_here)
    {
      JsonObject *today = campaign_today (r, &error);

      if (today != NULL)
        json_object_set_object_member (w->stats, "today", today);
      else
        g_warning ("board %s: %s", w->key, error->message);
      read_free (r);
      g_clear_object (&w->reading);
      return;
    }
  task = g_task_new (self, w->reading, read_campaign_done, g_strdup (w->key));
  g_task_set_task_data (task, r, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_campaign_thread);
  g_object_unref (task);
}

/* A queue's day: its callers, answered, abandoned and the service level (callcenter.db). */
static void
read_queue (RdLiveBoard *self,
            Watch       *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = rd_center_queue_stats (self->center, w->id, rd_center_db_today_start (self->center),
                                                     rd_center_db_now (self->center) + 1, &error);

  if (stats == NULL)
    {
      g_warning ("board %s: %s", w->key, error->message);
      return;
    }
  if (w->stats == NULL)
    w->stats = json_object_new ();
  json_object_set_object_member (w->stats, "today", json_object_ref (json_node_get_object (stats)));
}

/* ---- building a board ------------------------------------------------------------- */

static gboolean
in_queue (JsonObject *session,
          const char *queue_id)
{
  JsonArray *queues = json_object_has_member (session, "queues") ? json_object_get_array_member (session, "queues") : NULL;

  for (guint i = 0; queues != NULL && i < json_array_get_length (queues); i++)
    if (g_strcmp0 (json_array_get_string_element (queues, i), queue_id) == 0)
      return TRUE;
  return FALSE;
}

/* {"logged_in", "login", "ready", "paused", "on_call", "wrap_up", "previewing",
 * "paused_by": {reason: n}, "list": [{agent, state, reason, since, call_id, leg_up}]} of
 * the sessions @keep says are the board's. */
static JsonObject *
agents_of (RdLiveBoard *self,
           const char  *campaign_id,
           const char  *queue_id)
{
  static const char *const states[] = { "login", "ready", "paused", "on_call", "wrap_up", "previewing" };
  g_autoptr(JsonNode) sessions = rd_agent_desk_list_now (self->desk, campaign_id);
  JsonArray *all = json_node_get_array (sessions);
  JsonObject *o = json_object_new ();
  JsonObject *paused_by = json_object_new ();
  JsonArray *list = json_array_new ();
  guint counts[G_N_ELEMENTS (states)] = { 0 };
  guint logged = 0;

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *s = json_array_get_object_element (all, i);
      const char *state = json_object_get_string_member_with_default (s, "state", "");
      JsonObject *row;

      if ((queue_id != NULL && !in_queue (s, queue_id)) || g_str_equal (state, "logout"))
        continue;
      logged++;
      for (guint k = 0; k < G_N_ELEMENTS (states); k++)
        if (g_str_equal (state, states[k]))
          counts[k]++;
      if (g_str_equal (state, "paused"))
        {
          const char *reason = json_object_get_string_member_with_default (s, "reason", NULL);

          reason = reason != NULL ? reason : "";
          json_object_set_int_member (paused_by, reason, int_of (paused_by, reason) + 1);
        }
      row = json_object_new ();
      json_object_set_string_member (row, "agent", json_object_get_string_member (s, "agent"));
      json_object_set_string_member (row, "state", state);
      json_object_set_string_member (row, "reason", json_object_get_string_member_with_default (s, "reason", NULL));
      json_object_set_int_member (row, "since", int_of (s, "since"));
      json_object_set_string_member (row, "call_id", json_object_get_string_member_with_default (s, "call_id", NULL));
      json_object_set_string_member (row, "campaign_id", json_object_get_string_member_with_default (s, "campaign_id", NULL));
      json_object_set_boolean_member (row, "leg_up", json_object_get_boolean_member_with_default (s, "leg_up", FALSE));
      json_array_add_object_element (list, row);
    }
  json_object_set_int_member (o, "logged_in", logged);
  for (guint k = 0; k < G_N_ELEMENTS (states); k++)
    json_object_set_int_member (o, states[k], counts[k]);
  json_object_set_object_member (o, "paused_by", paused_by);
  json_object_set_array_member (o, "list", list);
  return o;
}

static JsonObject *
build_campaign (RdLiveBoard *self,
                Watch       *w,
                JsonObject  *campaign)
{
  JsonObject *board = json_object_new ();
  JsonObject *agents = agents_of (self, w->id, NULL);
  JsonObject *calls = self->dialer != NULL ? rd_dialer_campaign_live (self->dialer, w->id) : NULL;
  gint64 working = int_of (agents, "ready") + int_of (agents, "on_call") + int_of (agents, "wrap_up") +
                   int_of (agents, "previewing");

  json_object_set_string_member (board, "kind", "campaign");
  json_object_set_string_member (board, "id", w->id);
  json_object_set_string_member (board, "name", json_object_get_string_member_with_default (campaign, "name", NULL));
  json_object_set_string_member (board, "status", json_object_get_string_member_with_default (campaign, "status", NULL));
  json_object_set_string_member (board, "dial_method", json_object_get_string_member_with_default (campaign, "dial_method", NULL));
  if (calls == NULL)
    {
      calls = json_object_new ();
      json_object_set_int_member (calls, "ringing", 0);
      json_object_set_int_member (calls, "waiting", 0);
      json_object_set_int_member (calls, "active", 0);
      json_object_set_int_member (calls, "message", 0);
      json_object_set_int_member (calls, "lines", 0);
      json_object_set_int_member (calls, "hopper", 0);
    }
  /* lines the dialer holds per agent working the campaign (VICIdial's dial level, as it is
   * now, not as it is set: our pacer sets it each tick) */
  set_ratio (board, "dial_level", int_of (calls, "lines"), working);
  json_object_remove_member (calls, "dial_method");
  json_object_set_object_member (board, "calls", calls);
  json_object_set_object_member (board, "agents", agents);
  if (w->stats != NULL)
    {
      GList *members = json_object_get_members (w->stats);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (board, l->data, json_node_copy (json_object_get_member (w->stats, l->data)));
      g_list_free (members);
    }
  return board;
}

static JsonObject *
build_queue (RdLiveBoard *self,
             Watch       *w,
             JsonObject  *queue)
{
  JsonObject *board = json_object_new ();
  g_autoptr(JsonNode) waiting = self->queues != NULL ? rd_queues_waiting (self->queues, w->id) : NULL;
  JsonArray *callers = waiting != NULL ? json_node_get_array (waiting) : NULL;
  gint64 longest = 0;
  guint n = callers != NULL ? json_array_get_length (callers) : 0;

  json_object_set_string_member (board, "kind", "queue");
  json_object_set_string_member (board, "id", w->id);
  json_object_set_string_member (board, "name", json_object_get_string_member_with_default (queue, "name", NULL));
  for (guint i = 0; i < n; i++)
    longest = MAX (longest, int_of (json_array_get_object_element (callers, i), "waited_ms"));
  json_object_set_int_member (board, "waiting", n);
  /* when the longest waiter came, to the second (not how long: the board would change
   * every tick); the app counts up from it */
  if (n > 0)
    json_object_set_int_member (board, "longest_since",
                                (rd_center_db_now (self->center) - longest) / 1000 * 1000);
  else
    json_object_set_null_member (board, "longest_since");
  json_object_set_object_member (board, "agents", agents_of (self, NULL, w->id));
  if (w->stats != NULL && json_object_has_member (w->stats, "today"))
    json_object_set_member (board, "today", json_node_copy (json_object_get_member (w->stats, "today")));
  return board;
}

/* Builds @w's board; reads its day again when it changed and is due. NULL when its
 * campaign or queue is gone. */
static JsonObject *
build (RdLiveBoard  *self,
       Watch        *w,
       gboolean      wait_for_stats,
       GError      **error)
{
  gboolean campaign = g_str_equal (w->kind, "campaigns");
  g_autoptr(JsonNode) row = campaign ? rd_center_campaign_get (self->center, w->id, error)
                                     : rd_center_queue_get (self->center, w->id, error);
  gint64 now_us = g_get_monotonic_time ();

  if (row == NULL)
    return NULL;
  if (w->stats == NULL || (w->stats_dirty && now_us - w->stats_us >= RD_LIVE_BOARD_STATS_MS * 1000) ||
      now_us - w->stats_us >= 30 * G_USEC_PER_SEC)
    {
      w->stats_us = now_us;
      w->stats_dirty = FALSE;
      if (campaign)
        read_campaign (self, w, json_node_get_object (row), wait_for_stats);
      else
        read_queue (self, w);
    }
  return campaign ? build_campaign (self, w, json_node_get_object (row))
                  : build_queue (self, w, json_node_get_object (row));
}

static char *
message_of (RdLiveBoard *self,
            const char  *key,
            const char  *board_text)
{
  return g_strdup_printf ("{\"type\":\"board\",\"key\":\"%s\",\"now\":%" G_GINT64_FORMAT ",\"board\":%s}",
                          key, rd_center_db_now (self->center), board_text);
}

/* Tells @w's board when it differs from what was told last. */
static void
look (RdLiveBoard *self,
      Watch       *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) board = build (self, w, FALSE, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (board == NULL)
    {
      g_debug ("board %s: %s", w->key, error->message);
      return;
    }
  /* a board is told whole: the first waits for its day's figures (read_campaign_done) */
  if (w->reading != NULL && !json_object_has_member (board, "today"))
    return;
  node = json_node_init_object (json_node_alloc (), board);
  text = json_to_string (node, FALSE);
  if (g_strcmp0 (text, w->last) == 0)
    return;
  /* what is happening changed: the day's figures follow within a second */
  w->stats_dirty = TRUE;
  g_free (w->last);
  w->last = g_steal_pointer (&text);
  message = message_of (self, w->key, w->last);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0, w->key, message);
}

static void
stats_changed (Watch *w)
{
  look (w->board, w);
}

static gboolean
tick_cb (gpointer user_data)
{
  RdLiveBoard *self = user_data;
  guint n = 0;
  g_autofree char **keys = (char **) g_hash_table_get_keys_as_array (self->watches, &n);
  g_auto(GStrv) copy = g_strdupv (keys);

  /* by key: a handler may end a watch meanwhile */
  for (guint i = 0; i < n; i++)
    {
      Watch *w = g_hash_table_lookup (self->watches, copy[i]);

      if (w != NULL)
        look (self, w);
    }
  return G_SOURCE_CONTINUE;
}

void
rd_live_board_watch (RdLiveBoard *self,
                     const char  *key)
{
  Watch *w;

  g_return_if_fail (RD_IS_LIVE_BOARD (self));
  g_return_if_fail (rd_live_board_parse_key (key, NULL, NULL));

  w = g_hash_table_lookup (self->watches, key);
  if (w == NULL)
    {
      w = g_new0 (Watch, 1);
      w->board = self;
      w->key = g_strdup (key);
      rd_live_board_parse_key (key, &w->kind, &w->id);
      g_hash_table_insert (self->watches, w->key, w);
    }
  w->watchers++;
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (RD_LIVE_BOARD_TICK_MS, tick_cb, self);
}

void
rd_live_board_unwatch (RdLiveBoard *self,
                       const char  *key)
{
  Watch *w;

  g_return_if_fail (RD_IS_LIVE_BOARD (self));
  w = key != NULL ? g_hash_table_lookup (self->watches, key) : NULL;
  if (w == NULL || --w->watchers > 0)
    return;
  g_hash_table_remove (self->watches, key);
  if (g_hash_table_size (self->watches) == 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

JsonNode *
rd_live_board_get (RdLiveBoard  *self,
                   const char   *key,
                   GError      **error)
{
  Watch *w, scratch = { 0 };
  JsonObject *board;

  g_return_val_if_fail (RD_IS_LIVE_BOARD (self), NULL);
  g_return_val_if_fail (rd_live_board_parse_key (key, NULL, NULL), NULL);

  w = g_hash_table_lookup (self->watches, key);
  if (w == NULL)
    {
      /* not watched: built once, its day read on the spot */
      scratch.board = self;
      scratch.key = (char *) key;
      rd_live_board_parse_key (key, &scratch.kind, &scratch.id);
      board = build (self, &scratch, TRUE, error);
      g_free (scratch.kind);
      g_free (scratch.id);
      g_clear_pointer (&scratch.stats, json_object_unref);
      g_clear_object (&scratch.reading);
    }
  else
    board = build (self, w, FALSE, error);
  return board != NULL ? json_node_init_object (json_node_alloc (), board) : NULL;
}

static void
rd_live_board_dispose (GObject *object)
{
  RdLiveBoard *self = RD_LIVE_BOARD (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->watches != NULL)
    g_hash_table_remove_all (self->watches);
  G_OBJECT_CLASS (rd_live_board_parent_class)->dispose (object);
}

static void
rd_live_board_finalize (GObject *object)
{
  RdLiveBoard *self = RD_LIVE_BOARD (object);

  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_object (&self->center);
  g_clear_object (&self->desk);
  g_clear_object (&self->dialer);
  g_clear_object (&self->queues);
  g_clear_object (&self->reports);
  G_OBJECT_CLASS (rd_live_board_parent_class)->finalize (object);
}

static void
rd_live_board_class_init (RdLiveBoardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_live_board_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_live_board_finalize;

  signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                          G_TYPE_STRING, G_TYPE_STRING);
}

static void
rd_live_board_init (RdLiveBoard *self)
{
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) watch_free);
}

RdLiveBoard *
rd_live_board_new (RdCenterDb  *center,
                   RdAgentDesk *desk,
                   RdDialer    *dialer,
                   RdQueues    *queues,
                   RdReports   *reports)
{
  RdLiveBoard *self = g_object_new (RD_TYPE_LIVE_BOARD, NULL);

  self->center = g_object_ref (center);
  self->desk = g_object_ref (desk);
  self->dialer = dialer != NULL ? g_object_ref (dialer) : NULL;
  self->queues = queues != NULL ? g_object_ref (queues) : NULL;
  self->reports = g_object_ref (reports);
  return self;
}
