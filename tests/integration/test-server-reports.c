/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-test-reports-seed.h"

/* The reports over HTTP on a real ringdesk-server, against a seeded callcenter.db
 * (rd-test-reports-seed.c). Every expected figure is worked out here, in plain loops over
 * the seeded intervals (an overlap per state and day, a count at each call's start for
 * the peak), not with the module's SQL or its way of cutting intervals. */

static guint
agent_index (const char *agent)
{
  return g_str_equal (agent, "olga") ? 0 : g_str_equal (agent, "ivan") ? 1 : 2;
}

/* ---- agent performance --------------------------------------------------------------- */

typedef struct {
  gint64 logged, pause, wait, talk, wrap, preview, breaks, lunch, training, login;
  gint64 calls, manual, conversions;
  gboolean seen;
} Expect;

static void
test_agents (Fixture       *fx,
             gconstpointer  data)
{
  gint64 from = fx->day0 + 9 * HOUR, to = fx->day0 + 2 * DAY + 12 * HOUR;
  Expect expect[3][3] = { { { 0, } } };
  g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agents?from=%" G_GINT64_FORMAT
                                     "&to=%" G_GINT64_FORMAT, from, to);
  g_autoptr(RdTestResponse) csv = NULL;
  JsonArray *got = rd_test_reports_rows (r);
  guint n_expected = 0;

  /* Each state against each day, clipped to the range: the overlaps, summed. */
  for (guint i = 0; i < fx->states->len; i++)
    {
      State *s = &g_array_index (fx->states, State, i);
      guint a = agent_index (s->agent);

      for (guint d = 0; d < 3; d++)
        {
          gint64 ms = rd_test_reports_overlap (s->start, s->end, MAX (from, fx->day0 + d * DAY), MIN (to, fx->day0 + (d + 1) * DAY));
          Expect *e = &expect[a][d];

          if (ms == 0 || g_str_equal (s->state, "logout"))
            continue;
          e->seen = TRUE;
          e->logged += ms;
          if (g_str_equal (s->state, "ready"))
            e->wait += ms;
          else if (g_str_equal (s->state, "on_call"))
            e->talk += ms;
          else if (g_str_equal (s->state, "wrap_up"))
            e->wrap += ms;
          else if (g_str_equal (s->state, "previewing"))
            e->preview += ms;
          else
            {
              e->pause += ms;
              if (g_str_equal (s->state, "login"))
                e->login += ms;
              else if (g_str_equal (s->reason, "break"))
                e->breaks += ms;
              else if (g_str_equal (s->reason, "lunch"))
                e->lunch += ms;
              else
                e->training += ms;
            }
        }
    }
  for (guint i = 0; i < fx->calls->len; i++)
    {
      Call *c = fx->calls->pdata[i];
      guint a, d;

      if (c->agent == NULL || c->created < from || c->created >= to)
        continue;
      a = agent_index (c->agent);
      d = (guint) ((c->created - fx->day0) / DAY);
      expect[a][d].seen = TRUE;
      expect[a][d].calls += c->bridged != 0;
      expect[a][d].manual += c->manual;
      expect[a][d].conversions += g_strcmp0 (c->disposition, "sale") == 0;
    }

  for (guint a = 0; a < 3; a++)
    for (guint d = 0; d < 3; d++)
      n_expected += expect[a][d].seen;
  g_assert_cmpuint (json_array_get_length (got), ==, n_expected);
  for (guint i = 0; i < json_array_get_length (got); i++)
    {
      JsonObject *row = json_array_get_object_element (got, i);
      const char *agent = json_object_get_string_member (row, "agent");
      guint a = agent_index (agent);
      guint d = (guint) ((json_object_get_int_member (row, "period") - fx->day0) / DAY);
      Expect *e = &expect[a][d];
      gint64 logged = json_object_get_int_member (row, "logged_ms");

      g_assert_true (e->seen);
      g_assert_cmpint (logged, ==, e->logged);
      g_assert_cmpint (json_object_get_int_member (row, "pause_ms"), ==, e->pause);
      g_assert_cmpint (json_object_get_int_member (row, "wait_ms"), ==, e->wait);
      g_assert_cmpint (json_object_get_int_member (row, "talk_ms"), ==, e->talk);
      g_assert_cmpint (json_object_get_int_member (row, "wrap_ms"), ==, e->wrap);
      g_assert_cmpint (json_object_get_int_member (row, "preview_ms"), ==, e->preview);
      g_assert_cmpint (json_object_get_int_member (row, "pause_break_ms"), ==, e->breaks);
      g_assert_cmpint (json_object_get_int_member (row, "pause_lunch_ms"), ==, e->lunch);
      g_assert_cmpint (json_object_get_int_member (row, "pause_training_ms"), ==, e->training);
      g_assert_cmpint (json_object_get_int_member (row, "pause_login_ms"), ==, e->login);
      g_assert_cmpint (json_object_get_int_member (row, "calls"), ==, e->calls);
      g_assert_cmpint (json_object_get_int_member (row, "manual"), ==, e->manual);
      g_assert_cmpint (json_object_get_int_member (row, "conversions"), ==, e->conversions);
      /* The sums VICIdial's report defines, exactly. */
      g_assert_cmpint (logged, ==, e->pause + e->wait + e->talk + e->wrap + e->preview);
      g_assert_cmpint (e->pause, ==, e->breaks + e->lunch + e->training + e->login);
      if (e->calls > 0)
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "aht_ms"),
                                        (double) (e->talk + e->wrap) / e->calls, 1e-6);
    }
  /* The night shift is cut at midnight: olga has time on day 1 before 02:00 and after 08:00. */
  g_assert_true (expect[0][1].seen);

  /* The same as CSV: a header row of the columns, one line per row, CRLF. */
  csv = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agents?from=%" G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT
             "&format=csv", from, to);
  g_assert_cmpuint (csv->status, ==, 200);
  g_assert_true (g_str_has_prefix (csv->content_type, "text/csv"));
  {
    g_auto(GStrv) lines = g_strsplit (csv->text, "\r\n", -1);
    g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
    JsonArray *columns = json_object_get_array_member (rd_test_reports_body (r), "columns");

    g_assert_cmpuint (g_strv_length (lines), ==, n_expected + 2);   /* header, rows, "" */
    g_assert_cmpstr (lines[n_expected + 1], ==, "");
    g_assert_cmpuint (g_strv_length (header), ==, json_array_get_length (columns));
    for (guint c = 0; header[c]; c++)
      g_assert_cmpstr (header[c], ==, json_object_get_string_member (json_array_get_object_element (columns, c), "name"));
    for (guint l = 0; lines[l]; l++)
      g_assert_null (strchr (lines[l], '\n'));
  }
}

/* Days of a zone three hours east: each agent's logged time per local day. */
static void
test_time_zone (Fixture       *fx,
                gconstpointer  data)
{
  gint64 from = fx->day0, to = fx->day0 + 3 * DAY, east = 3 * HOUR;
  gint64 logged[3][4] = { { 0, } };
  g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agents?tz=%%2B03:00&from=%"
                                                     G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT, from, to);
  g_autoptr(RdTestResponse) named = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agents?tz=Europe/Moscow"
                                                         "&from=2026-11-02&to=2026-11-04&by=total");
  JsonArray *got = rd_test_reports_rows (r);
  guint n = 0;

  for (guint i = 0; i < fx->states->len; i++)
    {
      State *s = &g_array_index (fx->states, State, i);

      for (guint d = 0; d < 4; d++)
        {
          gint64 d0 = fx->day0 - east + d * DAY;

          logged[agent_index (s->agent)][d] += rd_test_reports_overlap (s->start, s->end, MAX (from, d0),
                                                                         MIN (to, d0 + DAY));
        }
    }
  for (guint a = 0; a < 3; a++)
    for (guint d = 0; d < 4; d++)
      n += logged[a][d] > 0;
  g_assert_cmpuint (json_array_get_length (got), ==, n);
  g_assert_cmpint (json_object_get_int_member (rd_test_reports_body (r), "utc_offset_ms"), ==, east);
  for (guint i = 0; i < json_array_get_length (got); i++)
    {
      JsonObject *row = json_array_get_object_element (got, i);
      gint64 period = json_object_get_int_member (row, "period");
      guint d = (guint) ((period - (fx->day0 - east)) / DAY);

      g_assert_cmpint ((period + east) % DAY, ==, 0);
      g_assert_cmpint (json_object_get_int_member (row, "logged_ms"), ==,
                       logged[agent_index (json_object_get_string_member (row, "agent"))][d]);
    }
  /* A named zone: its days are the range's days (Moscow is UTC+3 all year). */
  g_assert_cmpint (json_object_get_int_member (rd_test_reports_body (named), "from"), ==, fx->day0 - east);
  g_assert_cmpint (json_object_get_int_member (rd_test_reports_body (named), "to"), ==, fx->day0 + 3 * DAY - east);
}

/* ---- call detail records ------------------------------------------------------------- */

/* RFC 4180 fields of @text: rows of fields, quotes undone. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (row, g_strdup (field->str)), g_string_truncate (field, 0);
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (table, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_cmpuint (row->len, ==, 0);   /* the last line ends with CRLF */
  g_assert_false (quoted);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return table;
}

/* Every page of a CDR query; asserts the order and that no id comes twice. */
static GHashTable *
cdr_all (Fixture    *fx,
         const char *token,
         const char *filter,
         guint       limit)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gint64 last_created = G_MAXINT64;
  g_autofree char *last_id = NULL;

  do
    {
      g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, token, "/api/v1/reports/cdr?from=%" G_GINT64_FORMAT "&to=%"
                                         G_GINT64_FORMAT "&limit=%u%s%s%s", fx->day0, fx->day0 + 3 * DAY,
                                         limit, filter, cursor ? "&cursor=" : "", cursor ? cursor : "");
      JsonArray *page = rd_test_reports_rows (r);
      JsonNode *next = json_object_get_member (rd_test_reports_body (r), "next");

      g_assert_cmpuint (json_array_get_length (page), <=, limit);
      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          JsonObject *row = json_array_get_object_element (page, i);
          const char *id = json_object_get_string_member (row, "id");
          gint64 created = json_object_get_int_member (row, "created_at");

          g_assert_true (created < last_created || (created == last_created && strcmp (id, last_id) < 0));
          last_created = created;
          g_free (last_id);
          last_id = g_strdup (id);
          g_assert_true (g_hash_table_add (ids, g_strdup (id)));
        }
      g_free (cursor);
      cursor = JSON_NODE_HOLDS_NULL (next) ? NULL : g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
      if (cursor != NULL)
        g_assert_cmpuint (json_array_get_length (page), ==, limit);
    }
  while (cursor != NULL);
  return ids;
}

static void
test_cdr (Fixture       *fx,
          gconstpointer  data)
{
  static const char *const numbers[] = {
    "%2B49%2030%201234567", "030%201234567&country=DE", "(030)%20123-4567&country=de",
    "0049301234567", "1234567", "%2B49-30-123-45-67",
  };
  g_autoptr(GHashTable) all = cdr_all (fx, fx->admin, "", 37);
  g_autoptr(GHashTable) busy = cdr_all (fx, fx->admin, "&result=busy", 7);
  g_autofree char *south = g_strdup_printf ("&campaign=%s", fx->south);
  g_autoptr(GHashTable) in_south = cdr_all (fx, fx->admin, south, 50);
  guint n_busy = 0, n_south = 0;
  g_autoptr(RdTestResponse) csv = NULL;
  g_autoptr(GPtrArray) table = NULL;
  GPtrArray *header;
  gboolean found_note = FALSE;

  g_assert_cmpuint (g_hash_table_size (all), ==, fx->calls->len);
  for (guint i = 0; i < fx->calls->len; i++)
    {
      Call *c = fx->calls->pdata[i];

      g_assert_true (g_hash_table_contains (all, c->id));
      n_busy += g_str_equal (c->result, "busy");
      n_south += g_str_equal (c->campaign, fx->south);
      g_assert_true (g_str_equal (c->result, "busy") == g_hash_table_contains (busy, c->id));
    }
  g_assert_cmpuint (g_hash_table_size (busy), ==, n_busy);
  g_assert_cmpuint (g_hash_table_size (in_south), ==, n_south);

  /* One number written many ways, and a part of it. */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *filter = g_strdup_printf ("&number=%s", numbers[i]);
      g_autoptr(GHashTable) hits = cdr_all (fx, fx->admin, filter, 100);

      if (g_hash_table_size (hits) != fx->special)
        g_error ("number=%s: %u calls, expected %u", numbers[i], g_hash_table_size (hits), fx->special);
    }

  /* CSV: the note with a quote, a comma and a line end comes back whole. */
  csv = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/cdr?from=%" G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT
             "&number=%%2B49301234567&format=csv", fx->day0, fx->day0 + 3 * DAY);
  g_assert_cmpuint (csv->status, ==, 200);
  g_assert_true (g_utf8_validate (csv->text, -1, NULL));
  table = parse_csv (csv->text);
  g_assert_cmpuint (table->len, ==, fx->special + 1);
  header = table->pdata[0];
  g_assert_cmpstr (header->pdata[0], ==, "id");
  g_assert_cmpstr (header->pdata[1], ==, "created_at");
  for (guint r = 1; r < table->len; r++)
    {
      GPtrArray *row = table->pdata[r];

      g_assert_cmpuint (row->len, ==, header->len);
      g_assert_true (g_str_has_prefix (row->pdata[1], "2026-11-0"));
      g_assert_true (g_str_has_suffix (row->pdata[1], "Z"));
      for (guint c = 0; c < header->len; c++)
        if (g_str_equal (header->pdata[c], "notes") && g_str_equal (row->pdata[c], "said \"no\", twice\nthen yes"))
          found_note = TRUE;
    }
  g_assert_true (found_note);
}

/* ---- agent time ------------------------------------------------------------------------ */

static void
test_agent_time (Fixture       *fx,
                 gconstpointer  data)
{
  /* From inside the first morning's sessions: the login lies before the range. */
  gint64 from = fx->day0 + 10 * HOUR, to = fx->day0 + 3 * DAY;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(RdTestResponse) sessions = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agent-sessions?agent=olga&from=%"
                                            G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT, from, to);
  g_autoptr(RdTestResponse) breaks = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/breaks?from=%" G_GINT64_FORMAT
                                          "&to=%" G_GINT64_FORMAT, from, to);
  g_autofree char *cursor = NULL;
  JsonArray *list = rd_test_reports_rows (sessions);
  gint64 first_login = G_MAXINT64, first_logout = 0;
  guint n_sessions = 0, n_states = 0, n_breaks = 0;
  gint64 break_ms = 0, got_break_ms = 0;

  for (guint i = 0; i < fx->states->len; i++)
    {
      State *s = &g_array_index (fx->states, State, i);
      gboolean in = s->start < to && (s->end > from || (s->start >= from && s->start == s->end));

      n_states += in;
      if (!g_str_equal (s->agent, "olga"))
        ;
      else if (g_str_equal (s->state, "login") && s->start < first_login)
        first_login = s->start;
      else if (g_str_equal (s->state, "logout") && first_logout == 0)
        first_logout = s->start;
      if (g_str_equal (s->agent, "olga") && g_str_equal (s->state, "logout") && s->start > from)
        n_sessions++;
      if (g_str_equal (s->state, "paused"))
        break_ms += rd_test_reports_overlap (s->start, s->end, from, to);
    }
  /* Olga: three day sessions and the night one, all ended inside the range. */
  g_assert_cmpuint (json_array_get_length (list), ==, n_sessions);
  g_assert_cmpuint (n_sessions, ==, 4);
  {
    JsonObject *first = json_array_get_object_element (list, 0);

    g_assert_cmpint (json_object_get_int_member (first, "login_at"), ==, first_login);
    g_assert_cmpint (first_login, <, from);
    g_assert_cmpint (json_object_get_int_member (first, "logout_at"), ==, first_logout);
    g_assert_cmpint (json_object_get_int_member (first, "duration_ms"), ==, first_logout - first_login);
    g_assert_cmpint (json_object_get_int_member (first, "in_range_ms"), ==, first_logout - from);
    g_assert_cmpstr (json_object_get_string_member (first, "logout_reason"), ==, "agent");
  }

  /* Breaks: the pauses of every agent, by code and day, add up to the pause time. */
  list = rd_test_reports_rows (breaks);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      got_break_ms += json_object_get_int_member (row, "pause_ms");
      n_breaks += json_object_get_int_member (row, "pauses") > 0;
    }
  g_assert_cmpint (got_break_ms, ==, break_ms);
  g_assert_cmpuint (n_breaks, >, 0);

  /* Every state change, paged: each once. */
  do
    {
      g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agent-states?limit=101&from=%"
                                         G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT "%s%s", from, to,
                                         cursor ? "&cursor=" : "", cursor ? cursor : "");
      JsonArray *page = rd_test_reports_rows (r);
      JsonNode *next = json_object_get_member (rd_test_reports_body (r), "next");

      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          JsonObject *row = json_array_get_object_element (page, i);
          gint64 *id = g_new (gint64, 1);
          gint64 started = json_object_get_int_member (row, "started_at");
          gint64 ended = json_object_get_int_member (row, "ended_at");

          *id = json_object_get_int_member (row, "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
          g_assert_cmpint (json_object_get_int_member (row, "duration_ms"), ==, ended - started);
          g_assert_cmpint (json_object_get_int_member (row, "in_range_ms"), ==, rd_test_reports_overlap (started, ended, from, to));
        }
      g_free (cursor);
      cursor = JSON_NODE_HOLDS_NULL (next) ? NULL : g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_states);
}

/* ---- campaigns -------------------------------------------------------------------------- */

static void
test_campaign (Fixture       *fx,
               gconstpointer  data)
{
  static const char *const results[] = { "human", "machine", "busy", "no-answer", "failed", "abandoned", "cancelled" };
  g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->manager, "/api/v1/reports/campaign?from=%" G_GINT64_FORMAT
                                     "&to=%" G_GINT64_FORMAT, fx->day0, fx->day0 + 3 * DAY);
  g_autoptr(RdTestResponse) leads = rd_test_reports_get (fx, fx->manager, "/api/v1/reports/leadsets?campaign=%s", fx->north);
  g_autoptr(RdTestResponse) dispositions = rd_test_reports_get (fx, fx->manager, "/api/v1/reports/dispositions?from=%"
                                                G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT, fx->day0,
                                                fx->day0 + 3 * DAY);
  JsonArray *list = rd_test_reports_rows (r);
  JsonObject *set;
  gint64 sales = 0, disposed = 0;

  /* North only (the manager's team), a row per day. */
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint d = 0; d < 3; d++)
    {
      JsonObject *row = json_array_get_object_element (list, d);
      gint64 counts[G_N_ELEMENTS (results)] = { 0, }, dialed = 0;

      g_assert_cmpstr (json_object_get_string_member (row, "campaign_id"), ==, fx->north);
      g_assert_cmpint (json_object_get_int_member (row, "period"), ==, fx->day0 + d * DAY);
      for (guint i = 0; i < fx->calls->len; i++)
        {
          Call *c = fx->calls->pdata[i];

          if (!g_str_equal (c->campaign, fx->north) || (c->created - fx->day0) / DAY != d)
            continue;
          dialed++;
          for (guint k = 0; k < G_N_ELEMENTS (results); k++)
            counts[k] += g_str_equal (c->result, results[k]);
        }
      g_assert_cmpint (json_object_get_int_member (row, "dialed"), ==, dialed);
      g_assert_cmpint (json_object_get_int_member (row, "human"), ==, counts[0]);
      g_assert_cmpint (json_object_get_int_member (row, "machine"), ==, counts[1]);
      g_assert_cmpint (json_object_get_int_member (row, "busy"), ==, counts[2]);
      g_assert_cmpint (json_object_get_int_member (row, "no_answer"), ==, counts[3]);
      g_assert_cmpint (json_object_get_int_member (row, "failed"), ==, counts[4]);
      g_assert_cmpint (json_object_get_int_member (row, "abandoned"), ==, counts[5]);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "abandon_rate"),
                                      (double) counts[5] / (counts[0] + counts[5]), 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "abandon_cap"), 0.03, 1e-9);
      g_assert_cmpint (json_object_get_int_member (row, "over_cap"), ==, (double) counts[5] / (counts[0] + counts[5]) > 0.03);
      g_assert_cmpint (json_object_get_int_member (row, "agent_ms"), >, 0);
    }

  /* Lead penetration as seeded: 5 leads, 2 never called, 1 once (still new), 1 exhausted,
   * 1 closed by a sale... and one on the DNC list. */
  list = rd_test_reports_rows (leads);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  set = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (set, "leads"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (set, "never_called"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (set, "called_once"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (set, "called_more"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (set, "remaining"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (set, "exhausted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (set, "closed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (set, "dnc"), ==, 1);

  /* Dispositions of north's calls. */
  for (guint i = 0; i < fx->calls->len; i++)
    {
      Call *c = fx->calls->pdata[i];

      if (g_str_equal (c->campaign, fx->north) && c->disposition != NULL)
        {
          disposed++;
          sales += g_str_equal (c->disposition, "sale");
        }
    }
  list = rd_test_reports_rows (dispositions);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      g_assert_cmpstr (json_object_get_string_member (row, "campaign_id"), ==, fx->north);
      if (g_str_equal (json_object_get_string_member (row, "disposition"), "sale"))
        {
          g_assert_cmpint (json_object_get_int_member (row, "calls"), ==, sales);
          g_assert_cmpstr (json_object_get_string_member (row, "label"), ==, "Sale");
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "share"),
                                          (double) sales / disposed, 1e-9);
        }
    }
  g_assert_cmpint (sales, >, 0);
}

/* ---- lines ------------------------------------------------------------------------------- */

static void
test_lines (Fixture       *fx,
            gconstpointer  data)
{
  gint64 from = fx->day0 + DAY, to = fx->day0 + 2 * DAY;
  g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/lines?by=hour&from=%" G_GINT64_FORMAT
                                     "&to=%" G_GINT64_FORMAT, from, to);
  JsonArray *list = rd_test_reports_rows (r);

  g_assert_cmpuint (json_array_get_length (list), ==, 24);
  for (guint h = 0; h < 24; h++)
    {
      JsonObject *row = json_array_get_object_element (list, h);
      gint64 h0 = from + h * HOUR, h1 = h0 + HOUR, sum = 0, peak = 0, started = 0;

      /* The peak is reached at a call's start (or at the hour's start): count at each. */
      for (guint i = 0; i < fx->calls->len; i++)
        {
          Call *c = fx->calls->pdata[i];
          gint64 t = MAX (c->created, h0);
          gint64 up = 0;

          sum += rd_test_reports_overlap (c->created, c->ended, h0, h1);
          started += c->created >= h0 && c->created < h1;
          if (rd_test_reports_overlap (c->created, c->ended, h0, h1) == 0)
            continue;
          for (guint j = 0; j < fx->calls->len; j++)
            {
              Call *o = fx->calls->pdata[j];

              up += o->created <= t && t < o->ended;
            }
          peak = MAX (peak, up);
        }
      g_assert_cmpint (json_object_get_int_member (row, "period"), ==, h0);
      g_assert_cmpint (json_object_get_int_member (row, "calls"), ==, started);
      g_assert_cmpint (json_object_get_int_member (row, "call_ms"), ==, sum);
      g_assert_cmpint (json_object_get_int_member (row, "peak"), ==, peak);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "average"), (double) sum / HOUR, 1e-9);
    }
}

/* ---- who sees what, and bad requests ----------------------------------------------------- */

static void
test_roles (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *range = g_strdup_printf ("from=%" G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT,
                                            fx->day0, fx->day0 + 3 * DAY);
  g_autoptr(RdTestResponse) r = NULL;
  JsonArray *list;

  /* An agent: their own rows only, another agent's are 403, campaign reports 403. */
  r = rd_test_reports_get (fx, fx->agent, "/api/v1/reports/agents?%s", range);
  list = rd_test_reports_rows (r);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "agent"), ==, "olga");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->agent, "/api/v1/reports/cdr?%s&agent=ivan", range);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->agent, "/api/v1/reports/campaign?%s", range);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  {
    g_autoptr(GHashTable) mine = cdr_all (fx, fx->agent, "", 100);
    guint n = 0;

    for (guint i = 0; i < fx->calls->len; i++)
      n += g_strcmp0 (((Call *) fx->calls->pdata[i])->agent, "olga") == 0;
    g_assert_cmpuint (g_hash_table_size (mine), ==, n);
  }

  /* A manager: the campaigns of the team only; another team's campaign is 404. */
  r = rd_test_reports_get (fx, fx->other, "/api/v1/reports/agents?%s", range);
  list = rd_test_reports_rows (r);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "agent"), ==, "pete");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->other, "/api/v1/reports/cdr?%s&campaign=%s", range, fx->north);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  {
    g_autoptr(GHashTable) theirs = cdr_all (fx, fx->other, "", 100);
    guint n = 0;

    for (guint i = 0; i < fx->calls->len; i++)
      n += g_str_equal (((Call *) fx->calls->pdata[i])->campaign, fx->south);
    g_assert_cmpuint (g_hash_table_size (theirs), ==, n);
  }

  /* A team: its agents' rows. Managers ask for their own team only; agents not at all. */
  r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/agents?%s&team=north&by=total", range);
  list = rd_test_reports_rows (r);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "agent"), ==, "ivan");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "agent"), ==, "olga");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->manager, "/api/v1/reports/cdr?%s&team=south", range);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->admin, "/api/v1/reports/cdr?%s&team=nowhere", range);
  rd_test_assert_error (r, 404, "not-found");
  g_clear_pointer (&r, rd_test_response_free);
  r = rd_test_reports_get (fx, fx->agent, "/api/v1/reports/agents?%s&team=north", range);
  rd_test_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, rd_test_response_free);

  /* No token. */
  r = rd_test_reports_get (fx, NULL, "/api/v1/reports/agents?%s", range);
  rd_test_assert_error (r, 401, "unauthorized");
}

static void
test_bad_parameters (Fixture       *fx,
                     gconstpointer  data)
{
  static const char *const paths[] = {
    "/api/v1/reports/nope",
    "/api/v1/reports/agents?from=2026-13-01",
    "/api/v1/reports/agents?from=yesterday",
    "/api/v1/reports/agents?from=2026-12-02&to=2026-12-01",
    "/api/v1/reports/agents?from=2025-01-01&to=2026-12-01",
    /* Before 1970 (found by fuzz/fuzz-report-query: negative periods by hour of day). */
    "/api/v1/reports/agents?to=17025&by=hour-of-day",
    "/api/v1/reports/agents?from=1969-12-31&to=1970-01-02",
    "/api/v1/reports/agents?tz=-05:00&from=0&to=86400000&by=hour-of-day",
    "/api/v1/reports/agents?by=week",
    "/api/v1/reports/agents?tz=Mars/Olympus",
    "/api/v1/reports/agents?from=2026-11-01&to=2026-12-31&by=hour",
    "/api/v1/reports/agents?colour=blue",
    "/api/v1/reports/cdr?limit=0",
    "/api/v1/reports/cdr?limit=5000",
    "/api/v1/reports/cdr?cursor=garbage",
    "/api/v1/reports/cdr?number=12",
    "/api/v1/reports/cdr?number=030&country=Atlantis",
    "/api/v1/reports/cdr?direction=sideways",
    "/api/v1/reports/cdr?result=maybe",
    "/api/v1/reports/cdr?format=pdf",
    "/api/v1/reports/agent-states?cursor=1.x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(RdTestResponse) r = rd_test_reports_get (fx, fx->admin, "%s", paths[i]);

      if (r->status != 400)
        g_error ("%s: %u, expected 400 (%s)", paths[i], r->status, r->text);
      rd_test_assert_error (r, 400, "bad-request");
      g_assert_cmpuint (strlen (rd_test_response_string (r, "message")), >, 10);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/reports/agents", Fixture, NULL, rd_test_reports_setup, test_agents, rd_test_reports_teardown);
  g_test_add ("/server/reports/time-zone", Fixture, NULL, rd_test_reports_setup, test_time_zone, rd_test_reports_teardown);
  g_test_add ("/server/reports/cdr", Fixture, NULL, rd_test_reports_setup, test_cdr, rd_test_reports_teardown);
  g_test_add ("/server/reports/agent-time", Fixture, NULL, rd_test_reports_setup, test_agent_time, rd_test_reports_teardown);
  g_test_add ("/server/reports/campaign", Fixture, NULL, rd_test_reports_setup, test_campaign, rd_test_reports_teardown);
  g_test_add ("/server/reports/lines", Fixture, NULL, rd_test_reports_setup, test_lines, rd_test_reports_teardown);
  g_test_add ("/server/reports/roles", Fixture, NULL, rd_test_reports_setup, test_roles, rd_test_reports_teardown);
  g_test_add ("/server/reports/bad-parameters", Fixture, NULL, rd_test_reports_setup, test_bad_parameters, rd_test_reports_teardown);
  return g_test_run ();
}
