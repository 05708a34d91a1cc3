/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-call-log.h"
#include "rd-call-private.h"
#include "rd-test-store.h"

static RdCall *
closed_call (RdCallDirection  direction,
             const char      *peer_uri,
             gboolean         answer,
             const char      *cause,
             guint            status)
{
  RdCall *call = rd_call_new ("call-1", "sip:agent@pbx.example.com", direction, peer_uri, NULL);

  if (answer)
    rd_call_set_state (call, RD_CALL_STATE_ESTABLISHED);
  rd_call_close (call, cause, status);
  return call;
}

static void
test_pop_kinds (StoreFixture  *fx,
                gconstpointer  data)
{
  g_autofree char *anna = store_add_contact (fx->store, "Anna Petrova", "+7 999 123-45-67",
                                             NULL, NULL);
  g_autofree char *boris = store_add_contact (fx->store, "Boris", "8 (495) 111-22-33", NULL, NULL);
  g_autofree char *clara = store_add_contact (fx->store, "Clara", "+7 495 111 22 33", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdScreenPop) one = NULL;
  g_autoptr(RdScreenPop) several = NULL;
  g_autoptr(RdScreenPop) none = NULL;
  g_autoptr(RdScreenPop) name = NULL;
  g_autoptr(RdCall) call = NULL;
  g_autoptr(RdScreenPop) by_call = NULL;

  /* A differently formatted number finds the contact. */
  one = rd_screen_pop_lookup (fx->store, "8-999-1234567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (one->kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpstr (one->number, ==, "+79991234567");
  g_assert_cmpstr (rd_record_get_id (g_ptr_array_index (one->matches, 0)), ==, anna);

  several = rd_screen_pop_lookup (fx->store, "+74951112233", &error);
  g_assert_no_error (error);
  g_assert_cmpint (several->kind, ==, RD_SCREEN_POP_SEVERAL);
  g_assert_cmpuint (several->matches->len, ==, 2);

  none = rd_screen_pop_lookup (fx->store, "+7 (812) 000-00-00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (none->kind, ==, RD_SCREEN_POP_NONE);
  g_assert_cmpstr (none->number, ==, "+78120000000");

  /* A caller id that is no number is no error: nothing to pop, offer to create. */
  name = rd_screen_pop_lookup (fx->store, "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpint (name->kind, ==, RD_SCREEN_POP_NONE);

  call = rd_call_new ("x", NULL, RD_CALL_DIRECTION_INCOMING,
                      "sip:8%20999%20123%2045%2067@pbx.example.com", "Anna");
  by_call = rd_screen_pop_for_call (fx->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_call->kind, ==, RD_SCREEN_POP_ONE);
}

static void
test_write_answered (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autofree char *anna = store_add_contact (fx->store, "Anna Petrova", "+7 999 123-45-67",
                                             NULL, NULL);
  g_autoptr(RdCallLog) log = rd_call_log_new (fx->store, "agent-7");
  g_autoptr(RdCall) call = rd_call_new ("c1", "sip:agent@pbx.example.com",
                                        RD_CALL_DIRECTION_INCOMING,
                                        "sip:89991234567@pbx.example.com", "Anna");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;

  /* An open call is not recorded yet. */
  g_assert_null (rd_call_log_write (log, call, &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_false (rd_call_log_set_parent (log, call, "contacts", "no-such-id", &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FOREIGN_KEY);
  g_clear_error (&error);
  g_assert_true (rd_call_log_set_parent (log, call, "contacts", anna, &error));
  g_assert_no_error (error);

  rd_call_set_state (call, RD_CALL_STATE_ESTABLISHED);
  rd_call_set_recording_path (call, "/tmp/c1.wav");
  rd_call_close (call, RD_CALL_CAUSE_REMOTE_HANGUP, 0);

  id = rd_call_log_write (log, call, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_cmpstr (rd_call_log_get_record_id (call), ==, id);
  again = rd_call_log_write (log, call, &error);  /* written once */
  g_assert_cmpstr (again, ==, id);

  record = rd_store_get (fx->store, "calls", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "direction"), ==, "inbound");
  g_assert_cmpstr (rd_record_get_string (record, "from_number"), ==, "+79991234567");
  g_assert_cmpstr (rd_record_get_string (record, "to_number"), ==, "sip:agent@pbx.example.com");
  g_assert_cmpstr (rd_record_get_string (record, "agent"), ==, "agent-7");
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, "remote hangup");
  g_assert_cmpstr (rd_record_get_string (record, "recording"), ==, "/tmp/c1.wav");
  g_assert_cmpstr (rd_record_get_string (record, "parent_tbl"), ==, "contacts");
  g_assert_cmpstr (rd_record_get_string (record, "parent_id"), ==, anna);
  g_assert_cmpint (rd_record_get_int (record, "answered_at", 0), >=,
                   rd_record_get_int (record, "started_at", 0));
  g_assert_cmpint (rd_record_get_int (record, "ended_at", 0), >=,
                   rd_record_get_int (record, "answered_at", 0));
  g_assert_cmpint (rd_record_get_int (record, "bill_sec", -1), <=,
                   rd_record_get_int (record, "total_sec", -1));

  /* The call shows in the contact's timeline. */
  timeline = rd_store_timeline (fx->store, anna, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, >=, 1);
  g_assert_cmpstr (rd_record_get_table (g_ptr_array_index (timeline, 0)), ==, "calls");

  /* Wrap-up: disposition and notes. */
  g_assert_true (rd_call_log_set_disposition (log, id, "sale", "Wants the blue one", &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = rd_store_get (fx->store, "calls", id, &error);
  g_assert_cmpstr (rd_record_get_string (record, "disposition"), ==, "sale");
  g_assert_cmpstr (rd_record_get_string (record, "notes"), ==, "Wants the blue one");
  /* The notes are a field of the call, not a separate note. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_false (rd_record_has_field (record, "sip_status")
                  && rd_record_get_int (record, "sip_status", 0) != 0);
  /* A new wrap-up replaces the old one; empty notes clear them. */
  g_assert_true (rd_call_log_set_disposition (log, id, "call back", "", &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = rd_store_get (fx->store, "calls", id, &error);
  g_assert_cmpstr (rd_record_get_string (record, "disposition"), ==, "call back");
  g_assert_null (rd_record_get_string (record, "notes"));
  g_assert_false (rd_call_log_set_disposition (log, "no-such-record", "sale", NULL, &error));
  g_assert_nonnull (error);
}

static void
test_write_failed_outgoing (StoreFixture  *fx,
                            gconstpointer  data)
{
  g_autoptr(RdCallLog) log = rd_call_log_new (fx->store, NULL);
  g_autoptr(RdCall) call = closed_call (RD_CALL_DIRECTION_OUTGOING, "sip:+74951112233@pbx",
                                        FALSE, RD_CALL_CAUSE_BUSY, 486);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rd_call_log_write (log, call, &error);
  g_autoptr(RdRecord) record = NULL;

  g_assert_no_error (error);
  record = rd_store_get (fx->store, "calls", id, &error);
  g_assert_cmpstr (rd_record_get_string (record, "direction"), ==, "outbound");
  g_assert_cmpstr (rd_record_get_string (record, "to_number"), ==, "+74951112233");
  g_assert_false (rd_record_has_field (record, "answered_at")
                  && rd_record_get_int (record, "answered_at", 0) != 0);
  g_assert_cmpint (rd_record_get_int (record, "bill_sec", -1), ==, 0);
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, "busy");
  g_assert_cmpint (rd_record_get_int (record, "sip_status", 0), ==, 486);
  g_assert_null (rd_record_get_string (record, "parent_id"));
}

static char *
insert (RdStore    *store,
        const char *table,
        ...)
{
  g_autoptr(RdRecord) record = rd_record_new (table);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, table);
  while ((field = va_arg (args, const char *)) != NULL)
    rd_record_set_string (record, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (rd_store_insert (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

/* A single match pops with its card: organization, owner, open tickets/deals, last call. */
static void
test_pop_card (StoreFixture  *fx,
               gconstpointer  data)
{
  g_autofree char *owner = insert (fx->store, "users", "name", "Olga Owner", NULL);
  g_autofree char *org = insert (fx->store, "organizations", "name", "Romashka LLC", NULL);
  g_autofree char *anna = store_add_contact (fx->store, "Anna Petrova", "+7 999 123-45-67",
                                             NULL, NULL);
  g_autofree char *t1 = insert (fx->store, "tickets", "subject", "Broken", "status", "open",
                                "contact_id", anna, NULL);
  g_autofree char *t2 = insert (fx->store, "tickets", "subject", "Slow", "status", "in_progress",
                                "contact_id", anna, NULL);
  g_autofree char *t3 = insert (fx->store, "tickets", "subject", "Done", "status", "closed",
                                "contact_id", anna, NULL);
  g_autofree char *d1 = insert (fx->store, "deals", "name", "Big one", "status", "open",
                                "contact_id", anna, NULL);
  g_autofree char *d2 = insert (fx->store, "deals", "name", "Lost one", "status", "lost",
                                "contact_id", anna, NULL);
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autoptr(RdCallLog) log = rd_call_log_new (fx->store, NULL);
  g_autoptr(RdCall) call = closed_call (RD_CALL_DIRECTION_OUTGOING, "sip:+79991234567@pbx",
                                        FALSE, RD_CALL_CAUSE_BUSY, 486);
  g_autoptr(RdScreenPop) pop = NULL;
  g_autoptr(RdScreenPop) copy = NULL;
  g_autoptr(RdScreenPop) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  rd_record_set_id (changes, anna);
  rd_record_set_string (changes, "org_id", org);
  rd_record_set_string (changes, "owner", owner);
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_no_error (error);

  /* Before any call. */
  pop = rd_screen_pop_lookup (fx->store, "8 999 123 45 67", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pop->kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpstr (pop->organization, ==, "Romashka LLC");
  g_assert_cmpstr (pop->owner, ==, "Olga Owner");
  g_assert_cmpuint (pop->open_tickets, ==, 2);
  g_assert_cmpuint (pop->open_deals, ==, 1);
  g_assert_cmpuint (pop->n_calls, ==, 0);
  g_assert_null (pop->last_call_status);
  g_clear_pointer (&pop, rd_screen_pop_free);

  /* After a busy call on the contact. */
  g_assert_true (rd_call_log_set_parent (log, call, "contacts", anna, &error));
  id = rd_call_log_write (log, call, &error);
  g_assert_no_error (error);
  pop = rd_screen_pop_lookup (fx->store, "+79991234567", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pop->n_calls, ==, 1);
  g_assert_cmpstr (pop->last_call_status, ==, "busy");
  g_assert_cmpint (pop->last_call_at, >, 0);
  copy = rd_screen_pop_copy (pop);
  g_assert_cmpstr (copy->organization, ==, "Romashka LLC");
  g_assert_cmpstr (copy->last_call_status, ==, "busy");
  g_assert_cmpuint (copy->open_tickets, ==, 2);

  /* No card for an unknown number. */
  none = rd_screen_pop_lookup (fx->store, "+78120000000", &error);
  g_assert_no_error (error);
  g_assert_null (none->organization);
  g_assert_cmpuint (none->open_tickets, ==, 0);
}

static void
test_status (void)
{
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_REMOTE_HANGUP, TRUE), ==, "answered");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_ENGINE_STOPPED, TRUE), ==, "failed");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_CANCELLED, FALSE), ==, "missed");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_NO_ANSWER, FALSE), ==, "missed");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_BUSY, FALSE), ==, "busy");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_ENGINE_STOPPED, FALSE), ==, "failed");
  g_assert_cmpstr (rd_call_log_status (RD_CALL_CAUSE_FAILED, FALSE), ==, "failed");
}

/* An unknown inbound caller becomes an "unsorted" contact when asked, once; outbound
 * calls and caller ids that are no number never create anything. */
static void
test_pop_auto_create (StoreFixture  *fx,
                      gconstpointer  data)
{
  g_autoptr(RdCallLog) log = rd_call_log_new (fx->store, "agent");
  g_autoptr(RdCall) unknown = rd_call_new ("c1", "sip:agent@pbx.example.com",
                                           RD_CALL_DIRECTION_INCOMING,
                                           "sip:+78120000001@127.0.0.1", "Caller X");
  g_autoptr(RdCall) again = rd_call_new ("c2", "sip:agent@pbx.example.com",
                                         RD_CALL_DIRECTION_INCOMING,
                                         "sip:+78120000001@127.0.0.1", NULL);
  g_autoptr(RdCall) outgoing = rd_call_new ("c3", "sip:agent@pbx.example.com",
                                            RD_CALL_DIRECTION_OUTGOING,
                                            "sip:+78120000002@127.0.0.1", NULL);
  g_autoptr(RdCall) named = rd_call_new ("c4", "sip:agent@pbx.example.com",
                                         RD_CALL_DIRECTION_INCOMING, "sip:alice@127.0.0.1", NULL);
  g_autoptr(RdScreenPop) off = NULL;
  g_autoptr(RdScreenPop) created = NULL;
  g_autoptr(RdScreenPop) second = NULL;
  g_autoptr(RdScreenPop) out = NULL;
  g_autoptr(RdScreenPop) alice = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  RdRecord *contact;

  /* Off by default: the agent is offered "Create Contact". */
  off = rd_call_log_pop (log, unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpint (off->kind, ==, RD_SCREEN_POP_NONE);

  rd_call_log_set_auto_create (log, TRUE);
  created = rd_call_log_pop (log, unknown, &error);
  g_assert_no_error (error);
  g_assert_cmpint (created->kind, ==, RD_SCREEN_POP_ONE);
  contact = g_ptr_array_index (created->matches, 0);
  g_assert_cmpstr (rd_record_get_string (contact, "name"), ==, "Caller X");
  g_assert_cmpstr (rd_record_get_string (contact, "tags"), ==, "unsorted");

  /* The next call from the number finds that contact; nothing is made twice. */
  second = rd_call_log_pop (log, again, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpstr (rd_record_get_id (g_ptr_array_index (second->matches, 0)), ==,
                   rd_record_get_id (contact));

  out = rd_call_log_pop (log, outgoing, &error);
  g_assert_no_error (error);
  g_assert_cmpint (out->kind, ==, RD_SCREEN_POP_NONE);
  alice = rd_call_log_pop (log, named, &error);
  g_assert_no_error (error);
  g_assert_cmpint (alice->kind, ==, RD_SCREEN_POP_NONE);

  contacts = rd_store_list (fx->store, "contacts", NULL, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
}

/* Two records own the number: the chooser's pick gets the same card as a single match,
 * and becomes the parent of the call record. */
static void
test_pop_choose (StoreFixture  *fx,
                 gconstpointer  data)
{
  g_autofree char *owner = insert (fx->store, "users", "name", "Olga Owner", NULL);
  g_autofree char *org = insert (fx->store, "organizations", "name", "Romashka LLC", NULL);
  g_autofree char *anna = store_add_contact (fx->store, "Anna Petrova", "+7 999 123-45-67",
                                             NULL, NULL);
  g_autofree char *desk = store_add_contact (fx->store, "Front desk", "8 999 123 45 67",
                                             NULL, NULL);
  g_autofree char *t1 = insert (fx->store, "tickets", "subject", "Broken", "status", "open",
                                "contact_id", anna, NULL);
  g_autofree char *d1 = insert (fx->store, "deals", "name", "Big one", "status", "open",
                                "contact_id", anna, NULL);
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autoptr(RdCallLog) log = rd_call_log_new (fx->store, NULL);
  g_autoptr(RdCall) earlier = closed_call (RD_CALL_DIRECTION_INCOMING, "sip:+79991234567@pbx",
                                           TRUE, RD_CALL_CAUSE_REMOTE_HANGUP, 0);
  g_autoptr(RdCall) call = closed_call (RD_CALL_DIRECTION_INCOMING, "sip:+79991234567@pbx",
                                        TRUE, RD_CALL_CAUSE_LOCAL_HANGUP, 0);
  g_autoptr(RdScreenPop) pop = NULL;
  g_autoptr(RdScreenPop) chosen = NULL;
  g_autoptr(RdScreenPop) single = NULL;
  g_autoptr(RdScreenPop) wrong = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *earlier_id = NULL;
  g_autofree char *id = NULL;

  rd_record_set_id (changes, anna);
  rd_record_set_string (changes, "org_id", org);
  rd_record_set_string (changes, "owner", owner);
  g_assert_true (rd_store_update (fx->store, changes, &error));
  g_assert_true (rd_call_log_set_parent (log, earlier, "contacts", anna, &error));
  earlier_id = rd_call_log_write (log, earlier, &error);
  g_assert_no_error (error);

  pop = rd_call_log_pop (log, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pop->kind, ==, RD_SCREEN_POP_SEVERAL);
  g_assert_null (pop->organization);

  chosen = rd_call_log_choose (log, call, pop, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chosen->kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpuint (chosen->matches->len, ==, 1);
  g_assert_cmpstr (rd_record_get_id (g_ptr_array_index (chosen->matches, 0)), ==, anna);
  g_assert_cmpstr (chosen->number, ==, "+79991234567");
  g_assert_cmpstr (chosen->organization, ==, "Romashka LLC");
  g_assert_cmpstr (chosen->owner, ==, "Olga Owner");
  g_assert_cmpuint (chosen->open_tickets, ==, 1);
  g_assert_cmpuint (chosen->open_deals, ==, 1);
  g_assert_cmpuint (chosen->n_calls, ==, 1);
  g_assert_cmpstr (chosen->last_call_status, ==, "answered");

  /* The same card a lookup gives when Anna alone has the number. */
  g_assert_true (rd_store_delete (fx->store, "contacts", desk, &error));
  single = rd_screen_pop_lookup (fx->store, "+79991234567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (single->kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpstr (single->organization, ==, chosen->organization);
  g_assert_cmpstr (single->owner, ==, chosen->owner);
  g_assert_cmpuint (single->open_tickets, ==, chosen->open_tickets);
  g_assert_cmpuint (single->open_deals, ==, chosen->open_deals);
  g_assert_cmpuint (single->n_calls, ==, chosen->n_calls);
  g_assert_cmpint (single->last_call_at, ==, chosen->last_call_at);

  /* The choice is the call record's parent. */
  id = rd_call_log_write (log, call, &error);
  g_assert_no_error (error);
  record = rd_store_get (fx->store, "calls", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "parent_id"), ==, anna);

  /* A record that is not among the matches is refused. */
  wrong = rd_call_log_choose (log, call, pop, org, &error);
  g_assert_null (wrong);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
}

/* The combined filter (direction and status and period) selects exactly the records the
 * call log shows with that direction, colour and age: every combination over call records
 * as rd_call_log_write() stores them. */
static void
test_filter_combined (StoreFixture  *fx,
                      gconstpointer  data)
{
  static const struct {
    gboolean    answered;
    const char *cause;
  } ends[] = {
    { TRUE, RD_CALL_CAUSE_LOCAL_HANGUP }, { TRUE, RD_CALL_CAUSE_REMOTE_HANGUP },
    { TRUE, RD_CALL_CAUSE_TRANSFERRED }, { TRUE, RD_CALL_CAUSE_FAILED },
    { TRUE, RD_CALL_CAUSE_ENGINE_STOPPED }, { FALSE, RD_CALL_CAUSE_BUSY },
    { FALSE, RD_CALL_CAUSE_CANCELLED }, { FALSE, RD_CALL_CAUSE_NO_ANSWER },
    { FALSE, RD_CALL_CAUSE_DECLINED }, { FALSE, RD_CALL_CAUSE_REJECTED },
    { FALSE, RD_CALL_CAUSE_FAILED }, { FALSE, RD_CALL_CAUSE_ENGINE_STOPPED },
  };
  /* Hours before "now" (15:00 local): today, yesterday evening, 2, 20 and 60 days. */
  static const int ages_h[] = { 1, 16, 48, 20 * 24, 60 * 24 };
  static const char *const directions[] = { NULL, "inbound", "outbound" };
  static const char *const statuses[] = { NULL, "answered", "missed", "busy", "failed" };
  static const RdCallPeriod periods[] = { RD_CALL_PERIOD_ALL, RD_CALL_PERIOD_TODAY,
                                          RD_CALL_PERIOD_7_DAYS, RD_CALL_PERIOD_30_DAYS };
  static const int period_h[] = { G_MAXINT, 15, 7 * 24, 30 * 24 };  /* 15 h: since midnight */
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 25, 15, 0, 0);
  gint64 now_ms = g_date_time_to_unix (now) * 1000;
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  for (guint d = 1; d < G_N_ELEMENTS (directions); d++)
    for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
      for (guint a = 0; a < G_N_ELEMENTS (ages_h); a++)
        {
          g_autoptr(RdRecord) record = rd_record_new ("calls");
          gint64 started = now_ms - (gint64) ages_h[a] * 3600 * 1000;

          rd_record_set_string (record, "direction", directions[d]);
          rd_record_set_string (record, "from_number", "+79991234567");
          rd_record_set_string (record, "to_number", "+74951112233");
          rd_record_set_int (record, "started_at", started);
          if (ends[e].answered)
            rd_record_set_int (record, "answered_at", started + 5000);
          rd_record_set_int (record, "ended_at", started + 60000);
          rd_record_set_string (record, "hangup_cause", ends[e].cause);
          g_assert_true (rd_store_insert (fx->store, record, &error));
          g_assert_no_error (error);
          /* d, e, a packed: what the record is */
          g_hash_table_insert (meta, g_strdup (rd_record_get_id (record)),
                               GUINT_TO_POINTER ((d << 16) | (e << 8) | a));
        }

  for (guint d = 0; d < G_N_ELEMENTS (directions); d++)
    for (guint st = 0; st < G_N_ELEMENTS (statuses); st++)
      for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
        {
          g_autofree char *query = rd_call_log_filter_query (directions[d], statuses[st],
                                                             periods[p], now);
          g_autoptr(GPtrArray) found = NULL;
          GHashTableIter iter;
          gpointer key, value;
          guint expected = 0;

          g_assert_true ((query == NULL) == (d == 0 && st == 0 && p == 0));
          found = query != NULL
            ? rd_store_search (fx->store, "calls", query, NULL, 0, 1000, &error)
            : rd_store_list (fx->store, "calls", NULL, NULL, 0, 1000, &error);
          g_assert_no_error (error);

          g_hash_table_iter_init (&iter, meta);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              guint packed = GPOINTER_TO_UINT (value);
              guint rd = packed >> 16, re = (packed >> 8) & 0xff, ra = packed & 0xff;
              gboolean want = (d == 0 || rd == d)
                && (st == 0 || g_str_equal (statuses[st], rd_call_log_status (ends[re].cause,
                                                                             ends[re].answered)))
                && ages_h[ra] <= period_h[p];
              gboolean got = FALSE;

              for (guint i = 0; i < found->len && !got; i++)
                got = g_str_equal (rd_record_get_id (g_ptr_array_index (found, i)), key);
              if (want != got)
                g_error ("query “%s”: %s %s %d h ago: expected %s", query ? query : "(none)",
                         directions[rd], ends[re].cause, ages_h[ra], want ? "in" : "out");
              expected += want;
            }
          g_assert_cmpuint (found->len, ==, expected);
          checked++;
        }
  g_assert_cmpuint (checked, ==, 60);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/call-log/pop/kinds", StoreFixture, NULL,
              store_fixture_setup, test_pop_kinds, store_fixture_teardown);
  g_test_add ("/call-log/write/answered", StoreFixture, NULL,
              store_fixture_setup, test_write_answered, store_fixture_teardown);
  g_test_add ("/call-log/write/failed-outgoing", StoreFixture, NULL,
              store_fixture_setup, test_write_failed_outgoing, store_fixture_teardown);
  g_test_add ("/call-log/pop/card", StoreFixture, NULL,
              store_fixture_setup, test_pop_card, store_fixture_teardown);
  g_test_add ("/call-log/pop/auto-create", StoreFixture, NULL,
              store_fixture_setup, test_pop_auto_create, store_fixture_teardown);
  g_test_add_func ("/call-log/status", test_status);
  g_test_add ("/call-log/pop/choose", StoreFixture, NULL,
              store_fixture_setup, test_pop_choose, store_fixture_teardown);
  g_test_add ("/call-log/filter/combined", StoreFixture, NULL,
              store_fixture_setup, test_filter_combined, store_fixture_teardown);

  return g_test_run ();
}
