/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lead score and ticket triage (docs/intelligence.md): training with liblinear on a
 * seeded synthetic history in a real replica file, scoring through the core's model rows,
 * and the refusals of a corrupt, too old or too new model. */
#include "config.h"

#include <math.h>

#include "rd-hlc.h"
#include "rd-intel-sim.h"
#include "rd-lead-scores.h"
#include "rd-lead-trainer.h"
#include "rd-model-eval.h"
#include "rd-model-service.h"
#include "rd-server-sync.h"
#include "../unit/rd-test-store.h"
#include "rd-ticket-text.h"
#include "rd-ticket-trainer.h"
#include "rd-query-terms.h"

#define SEED 20261208

/* The history's "now": the audit log that dates status changes runs on the wall clock, so
 * the synthetic leads are dated from it too (the fixture's clock only stamps versions). */
static gint64
history_now (void)
{
  return g_get_real_time () / 1000 / 86400000 * 86400000;
}

static RdRecord *
train_leads (RdStore *store,
             gint64   now_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLeadDataset) dataset = rd_lead_dataset_collect (store, now_ms, &error);
  RdRecord *row;

  g_assert_no_error (error);
  row = rd_lead_trainer_fit (dataset, NULL, now_ms, &error);
  g_assert_no_error (error);
  return row;
}

/* Writes @row into @store the way sync does (the store refuses local writes of models). */
static void
put_model (RdStore    *store,
           RdRecord   *row,
           const char *id,
           gint64      version)
{
  JsonObjectIter iter;
  const char *field;
  JsonNode *value;
  RdHlcValue hlc = rd_hlc_now (rd_store_get_hlc (store));

  rd_record_set_int (row, "version", version);
  json_object_iter_init (&iter, rd_record_get_fields (row));
  while (json_object_iter_next (&iter, &field, &value))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = json_to_string (value, FALSE);
      gboolean lost = FALSE;

      rd_store_apply_remote_field (store, "models", id, field, json, hlc, "server-site", &lost, &error);
      g_assert_no_error (error);
      g_assert_false (lost);
    }
}

static void
test_lead_deterministic (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-intel-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(RdStore) other = rd_store_open (path, &error);
  g_autoptr(RdRecord) a = NULL;
  g_autoptr(RdRecord) b = NULL;
  g_autoptr(RdRecord) again = NULL;

  /* The store stamps status changes with its clock: the history's day. */
  fx->now_ms = history_now ();

  g_assert_no_error (error);
  g_assert_true (rd_intel_sim_leads (fx->store, SEED, 300, 0.1, history_now (), &error));
  g_assert_no_error (error);
  g_assert_true (rd_intel_sim_leads (other, SEED, 300, 0.1, history_now (), &error));
  g_assert_no_error (error);

  a = train_leads (fx->store, history_now ());
  b = train_leads (other, history_now ());
  again = train_leads (fx->store, history_now ());
  /* The same seed: the same history, the same weights, to the digit. */
  g_assert_cmpstr (rd_record_get_string (a, "features"), ==, rd_record_get_string (b, "features"));
  g_assert_cmpstr (rd_record_get_string (a, "weights"), ==, rd_record_get_string (b, "weights"));
  g_assert_cmpstr (rd_record_get_string (a, "weights"), ==, rd_record_get_string (again, "weights"));
  g_assert_cmpstr (rd_record_get_string (a, "metrics"), ==, rd_record_get_string (b, "metrics"));
  g_assert_cmpint (rd_record_get_int (a, "samples", 0), >, 200);
  g_assert_nonnull (strstr (rd_record_get_string (a, "features"), "\"source=referral\""));
  g_assert_nonnull (strstr (rd_record_get_string (a, "features"), "\"disposition=interested\""));

  rd_store_close (other);
  g_clear_object (&other);
  store_rm_rf (dir);
}

/* Held out: trained on two thirds, the model ranks the other third far better than chance
 * and better than the lead's source alone (the synthetic history's known structure). */
static void
test_lead_learns (StoreFixture  *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLeadDataset) dataset = NULL;
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdLeadModel) model = NULL;
  g_autofree double *scores = NULL;
  g_autofree gboolean *labels = NULL;
  double auc;

  /* The store stamps status changes with its clock: the history's day. */
  fx->now_ms = history_now ();

  g_assert_true (rd_intel_sim_leads (fx->store, SEED, 600, 0.0, history_now (), &error));
  g_assert_no_error (error);
  dataset = rd_lead_dataset_collect (fx->store, history_now (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rd_lead_dataset_get_size (dataset); i++)
    g_array_append_val (i % 3 == 0 ? test : train, i);

  row = rd_lead_trainer_fit (dataset, train, history_now (), &error);
  g_assert_no_error (error);
  model = rd_lead_model_new_from_row (row, &error);
  g_assert_no_error (error);

  scores = g_new (double, test->len);
  labels = g_new (gboolean, test->len);
  for (guint k = 0; k < test->len; k++)
    {
      guint i = g_array_index (test, guint, k);

      scores[k] = rd_lead_model_score (model, rd_lead_dataset_get_features (dataset, i));
      labels[k] = rd_lead_dataset_get_label (dataset, i);
    }
  auc = rd_model_auc (scores, labels, test->len);
  g_test_message ("held-out AUC %.3f on %u leads", auc, test->len);
  g_assert_cmpfloat (auc, >, 0.75);
}

static void
test_lead_scores_and_explains (StoreFixture  *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) model_error = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdLeadModel) model = NULL;
  g_autoptr(GPtrArray) open = NULL;
  guint scored = 0;

  /* The store stamps status changes with its clock: the history's day. */
  fx->now_ms = history_now ();

  g_assert_true (rd_intel_sim_leads (fx->store, SEED, 300, 0.2, history_now (), &error));
  g_assert_no_error (error);

  /* No model yet: nothing scored, and the reason says so. */
  g_assert_true (rd_lead_scores_refresh (fx->store, history_now (), &scored, &model_error, &error));
  g_assert_no_error (error);
  g_assert_error (model_error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE);
  g_assert_cmpuint (scored, ==, 0);
  g_clear_error (&model_error);

  row = train_leads (fx->store, history_now ());
  put_model (fx->store, row, "0190aaaa-0000-7000-8000-000000000001", 1);
  g_assert_true (rd_lead_scores_refresh (fx->store, history_now (), &scored, &model_error, &error));
  g_assert_no_error (error);
  g_assert_no_error (model_error);
  g_assert_cmpuint (scored, ==, store_count_sql (fx->store, "SELECT count(*) FROM leads WHERE status NOT IN ('converted', 'lost')"));
  g_assert_cmpuint (scored, >, 20);

  /* The list sorts by score, highest first, and every open lead carries one. */
  open = rd_store_list (fx->store, "leads", "status != converted and status != lost", "-score", 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, scored);
  for (guint i = 1; i < open->len; i++)
    g_assert_cmpfloat (rd_record_get_double (open->pdata[i - 1], "score", -1), >=,
                       rd_record_get_double (open->pdata[i], "score", -1));

  /* The top factors of the best lead push it up; those of the worst push it down. */
  model = rd_lead_model_load (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_lead_model_get_version (model), ==, 1);
  {
    g_autoptr(GPtrArray) best = rd_lead_features_collect (fx->store, rd_record_get_id (open->pdata[0]), history_now (), &error);
    g_autoptr(GPtrArray) worst = rd_lead_features_collect (fx->store, rd_record_get_id (open->pdata[open->len - 1]), history_now (), &error);
    g_autoptr(GPtrArray) up = rd_lead_model_explain (model, best, 3);
    g_autoptr(GPtrArray) down = rd_lead_model_explain (model, worst, 3);
    double best_score = rd_lead_model_score (model, best);

    g_assert_cmpfloat (fabs (best_score - rd_record_get_double (open->pdata[0], "score", -1)), <, 1e-9);
    g_assert_cmpuint (up->len, >, 0);
    g_assert_cmpuint (up->len, <=, 3);
    g_assert_cmpfloat (((RdFeature *) up->pdata[0])->value, >, 0);
    g_assert_cmpfloat (((RdFeature *) down->pdata[0])->value, <, 0);
    for (guint i = 1; i < up->len; i++)
      g_assert_cmpfloat (fabs (((RdFeature *) up->pdata[i - 1])->value), >=, fabs (((RdFeature *) up->pdata[i])->value));
  }
}

/* A model row that is not what it says is refused with its reason, and the replica falls
 * back to no score rather than a wrong one. */
static void
test_lead_refused (StoreFixture  *fx,
                   gconstpointer  data)
{
  static const struct {
    const char *field;
    const char *json;          /* the field's new value, JSON */
    int         code;
    const char *message_part;
  } cases[] = {
    { "weights", "\"[1, 2\"", RD_MODEL_ERROR_CORRUPT, "not a JSON array" },
    { "weights", "\"[1, 2, 3]\"", RD_MODEL_ERROR_CORRUPT, "numbers, not" },
    { "features", "\"[\\\"a\\\", \\\"a\\\"]\"", RD_MODEL_ERROR_CORRUPT, "" },
    { "weights", "null", RD_MODEL_ERROR_CORRUPT, "has no weights" },
    { "format", "0", RD_MODEL_ERROR_TOO_OLD, "too old" },
    { "format", "99", RD_MODEL_ERROR_TOO_NEW, "update Ringdesk" },
  };
  const char *id = "0190aaaa-0000-7000-8000-000000000002";
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdRecord) local = rd_record_new ("models");
  guint scored = 0;

  /* The store stamps status changes with its clock: the history's day. */
  fx->now_ms = history_now ();

  g_assert_true (rd_intel_sim_leads (fx->store, SEED, 200, 0.2, history_now (), &error));
  g_assert_no_error (error);
  row = train_leads (fx->store, history_now ());

  /* Nobody writes a model on a replica: it is the server's. */
  rd_record_set_string (local, "kind", "lead_score");
  g_assert_false (rd_store_insert (fx->store, local, &error));
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE);
  g_clear_error (&error);

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) model_error = NULL;
      g_autoptr(RdLeadModel) model = NULL;
      gboolean lost = FALSE;

      put_model (fx->store, row, id, (gint64) c + 1);
      g_assert_true (rd_lead_scores_refresh (fx->store, history_now (), &scored, &model_error, &error));
      g_assert_no_error (model_error);
      g_assert_cmpuint (scored, >, 0);

      fx->now_ms += 1000;
      rd_store_apply_remote_field (fx->store, "models", id, cases[c].field, cases[c].json,
                                   rd_hlc_now (rd_store_get_hlc (fx->store)), "server-site", &lost, &error);
      g_assert_no_error (error);

      model = rd_lead_model_load (fx->store, &model_error);
      g_assert_null (model);
      g_assert_error (model_error, RD_MODEL_ERROR, cases[c].code);
      g_assert_nonnull (strstr (model_error->message, cases[c].message_part));
      g_clear_error (&model_error);

      g_assert_true (rd_lead_scores_refresh (fx->store, history_now (), &scored, &model_error, &error));
      g_assert_no_error (error);
      g_assert_error (model_error, RD_MODEL_ERROR, cases[c].code);
      g_assert_cmpuint (scored, ==, 0);
      g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM lead_scores"), ==, 0);
      fx->now_ms += 1000;
    }
}

/* The held-out share of tickets whose likeliest tag is their topic's, and of those routed
 * to their topic's group. */
static void
ticket_accuracy (const char *language,
                 guint64     seed,
                 double     *tag_accuracy,
                 double     *group_accuracy,
                 char      **weights)
{
  g_autoptr(RdTicketDataset) dataset = rd_ticket_dataset_new ();
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected_groups = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdTicketModel) model = NULL;
  guint right = 0, right_group = 0, tested = 0;
  RdRng rng;

  rd_rng_init (&rng, seed, 1);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *subject = NULL;
      g_autofree char *description = NULL;
      const char *tag, *group;

      rd_intel_sim_ticket (&rng, language, &subject, &description, &tag, &group);
      rd_ticket_dataset_add (dataset, subject, description, tag, group);
      g_ptr_array_add (expected, (gpointer) tag);
      g_ptr_array_add (expected_groups, (gpointer) group);
      if (i % 4 != 0)
        g_array_append_val (train, i);
    }
  row = rd_ticket_trainer_fit (dataset, train, 0, &error);
  g_assert_no_error (error);
  model = rd_ticket_model_new_from_row (row, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 600; i += 4)
    {
      g_autoptr(GPtrArray) tags = rd_ticket_model_suggest_tags (model, rd_ticket_dataset_get_terms (dataset, i));
      g_autoptr(RdTicketGuess) group = rd_ticket_model_suggest_group (model, rd_ticket_dataset_get_terms (dataset, i));

      g_assert_cmpuint (tags->len, >, 0);
      right += g_str_equal (((RdTicketGuess *) tags->pdata[0])->label, expected->pdata[i]) ? 1 : 0;
      right_group += group != NULL && g_str_equal (group->label, expected_groups->pdata[i]) ? 1 : 0;
      tested++;
    }
  *tag_accuracy = (double) right / tested;
  *group_accuracy = (double) right_group / tested;
  if (weights != NULL)
    *weights = g_strdup (rd_record_get_string (row, "weights"));
}


/* Russian tickets, with their inflections, tag as well as English ones of the same
 * synthetic set: the Snowball stems make "оплаты" and "оплатой" one word. */
static void
test_tickets_russian_as_english (void)
{
  double en_tags, en_groups, ru_tags, ru_groups;

  ticket_accuracy ("en", SEED, &en_tags, &en_groups, NULL);
  ticket_accuracy ("ru", SEED, &ru_tags, &ru_groups, NULL);
  g_test_message ("held-out tag accuracy: en %.3f, ru %.3f; group: en %.3f, ru %.3f",
                  en_tags, ru_tags, en_groups, ru_groups);
  g_assert_cmpfloat (en_tags, >, 0.85);
  g_assert_cmpfloat (ru_tags, >, 0.85);
  g_assert_cmpfloat (ru_tags, >=, en_tags - 0.05);
  g_assert_cmpfloat (ru_groups, >=, en_groups - 0.05);
}

static void
test_tickets_deterministic (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  double t, g;

  ticket_accuracy ("ru", SEED, &t, &g, &a);
  ticket_accuracy ("ru", SEED, &t, &g, &b);
  g_assert_cmpstr (a, ==, b);
}

static void
test_ticket_text (void)
{
  g_autoptr(GPtrArray) ru = rd_ticket_text_terms ("Оплата не прошла", "после оплаты и с оплатой");
  g_autoptr(GPtrArray) tags = rd_ticket_text_tags (" Billing, refund ,billing,,");

  /* One stem for the three forms (with libstemmer), stop words gone. */
  if (rd_query_terms_stemmed ())
    {
      guint n = 0;

      for (guint i = 0; i < ru->len; i++)
        n += g_str_has_prefix (ru->pdata[i], "оплат") ? 1 : 0;
      g_assert_cmpuint (n, ==, 1);
    }
  g_assert_cmpuint (tags->len, ==, 2);
  g_assert_cmpstr (tags->pdata[0], ==, "billing");
  g_assert_cmpstr (tags->pdata[1], ==, "refund");
}

/* The agents' tags and groups in the store are what the next model learns, corrections
 * included; too few tickets are refused with the reason. */
static void
test_tickets_from_store (StoreFixture  *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTicketDataset) few = NULL;
  g_autoptr(RdTicketDataset) dataset = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdRecord) model_row = NULL;
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *const *groups = rd_intel_sim_groups ();
  RdRng rng;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autoptr(RdRecord) team = rd_record_new ("teams");

      rd_record_set_string (team, "name", groups[g]);
      g_assert_true (rd_store_insert (fx->store, team, &error));
      g_hash_table_insert (teams, (gpointer) groups[g], g_strdup (rd_record_get_id (team)));
    }

  few = rd_ticket_dataset_collect (fx->store, &error);
  g_assert_no_error (error);
  g_assert_null (rd_ticket_trainer_fit (few, NULL, history_now (), &error));
  g_assert_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TRAINING);
  g_clear_error (&error);

  rd_rng_init (&rng, SEED, 2);
  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
      g_autofree char *subject = NULL;
      g_autofree char *description = NULL;
      const char *tag, *group;

      rd_intel_sim_ticket (&rng, i % 2 ? "ru" : "en", &subject, &description, &tag, &group);
      rd_record_set_string (ticket, "subject", subject);
      rd_record_set_string (ticket, "description", description);
      rd_record_set_string (ticket, "tags", tag);
      rd_record_set_string (ticket, "group_id", g_hash_table_lookup (teams, group));
      /* An agent corrected these: "refund" is a tag of its own here. */
      if (i % 10 == 0 && g_str_equal (tag, "billing"))
        {
          rd_record_set_string (ticket, "tags", "billing, refund");
          rd_record_set_string (ticket, "triage", "corrected");
        }
      g_assert_true (rd_store_insert (fx->store, ticket, &error));
      g_assert_no_error (error);
    }
  dataset = rd_ticket_dataset_collect (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_ticket_dataset_get_size (dataset), ==, 120);
  row = rd_ticket_trainer_fit (dataset, NULL, fx->now_ms, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (rd_record_get_string (row, "weights"), "\"billing\""));
  g_assert_nonnull (strstr (rd_record_get_string (row, "weights"), (const char *) g_hash_table_lookup (teams, "Billing")));

  /* Through the store, like a replica: the newest triage model suggests the group. */
  put_model (fx->store, row, "0190aaaa-0000-7000-8000-000000000003", 1);
  {
    g_autoptr(RdTicketModel) model = rd_ticket_model_load (fx->store, &error);
    g_autoptr(GPtrArray) terms = rd_ticket_text_terms ("Не проходит оплата картой", "списали деньги, верните платёж");
    g_autoptr(RdTicketGuess) group = NULL;
    g_autoptr(GPtrArray) tags = NULL;

    g_assert_no_error (error);
    group = rd_ticket_model_suggest_group (model, terms);
    tags = rd_ticket_model_suggest_tags (model, terms);
    g_assert_cmpstr (group->label, ==, g_hash_table_lookup (teams, "Billing"));
    g_assert_cmpfloat (group->confidence, >, 0.5);
    g_assert_cmpstr (((RdTicketGuess *) tags->pdata[0])->label, ==, "billing");
  }

  /* A triage model this replica cannot read is refused with the reason, never half used. */
  {
    static const struct {
      const char *field, *json;
      int code;
      const char *part;
    } cases[] = {
      { "weights", "\"{\\\"words\\\": \\\"snowball\\\", \\\"tags\\\": 1}\"", RD_MODEL_ERROR_CORRUPT, "tags" },
      /* trained on whole words, read here as stems: they would never meet */
      { "weights", "\"{\\\"words\\\": \\\"plain\\\", \\\"tags\\\": 1}\"", RD_MODEL_ERROR_TOO_NEW, "stems them with Snowball" },
      { "weights", "\"[]\"", RD_MODEL_ERROR_CORRUPT, "not a JSON object" },
      { "features", "\"[1, 2]\"", RD_MODEL_ERROR_CORRUPT, "" },
      { "format", "2", RD_MODEL_ERROR_TOO_NEW, "update Ringdesk" },
    };
    const char *id = "0190aaaa-0000-7000-8000-000000000003";

    for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autoptr(RdTicketModel) model = NULL;
        gboolean lost = FALSE;

        put_model (fx->store, row, id, (gint64) c + 2);
        fx->now_ms += 1000;
        rd_store_apply_remote_field (fx->store, "models", id, cases[c].field, cases[c].json,
                                     rd_hlc_now (rd_store_get_hlc (fx->store)), "server-site", &lost, &error);
        g_assert_no_error (error);
        model = rd_ticket_model_load (fx->store, &error);
        g_assert_null (model);
        g_assert_error (error, RD_MODEL_ERROR, cases[c].code);
        g_test_message ("case %zu: %s", c, error->message);
        g_assert_nonnull (strstr (error->message, cases[c].part));
        g_clear_error (&error);
        fx->now_ms += 1000;
      }
  }
}

/* The dialer's view (order_by_score): the merged store's model scores a number's open lead
 * as a replica scores it; other numbers, closed leads and no model give no score. */
static void
test_lead_score_by_number (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-intel-sync-XXXXXX", &error);
  g_autoptr(RdServerSync) sync = rd_server_sync_open (dir, &error);
  g_autoptr(RdModelService) service = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdLeadModel) model = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  RdStore *store;
  gint64 now = history_now ();

  g_assert_no_error (error);
  store = rd_server_sync_get_store (sync);
  service = rd_model_service_new (sync);
  g_assert_true (rd_intel_sim_leads (store, SEED, 150, 0.3, now, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (rd_model_service_score_number (service, "+74951000000"), <, 0);

  row = train_leads (store, now);
  put_model (store, row, "0190aaaa-0000-7000-8000-000000000004", 1);
  /* A model that arrived otherwise than by this service's training is seen within a
   * second; a new service sees it at once. */
  g_clear_object (&service);
  service = rd_model_service_new (sync);
  model = rd_lead_model_load (store, &error);
  g_assert_no_error (error);
  open = rd_store_list (store, "leads", "status != converted and status != lost", NULL, 0, 1000, &error);
  closed = rd_store_list (store, "leads", "status = converted", NULL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, >, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(RdRecord) lead = rd_store_get (store, "leads", rd_record_get_id (open->pdata[i]), &error);
      JsonArray *phones = rd_record_get_array (lead, "phones");
      const char *e164 = json_object_get_string_member (json_array_get_object_element (phones, 0), "e164");
      g_autoptr(GPtrArray) features = rd_lead_features_collect (store, rd_record_get_id (lead), now, &error);

      g_assert_nonnull (e164);
      g_assert_cmpfloat (fabs (rd_model_service_score_number (service, e164) - rd_lead_model_score (model, features)), <, 1e-9);
    }
  {
    g_autoptr(RdRecord) lead = rd_store_get (store, "leads", rd_record_get_id (closed->pdata[0]), &error);
    JsonArray *phones = rd_record_get_array (lead, "phones");

    g_assert_cmpfloat (rd_model_service_score_number (service,
                         json_object_get_string_member (json_array_get_object_element (phones, 0), "e164")), <, 0);
  }
  g_assert_cmpfloat (rd_model_service_score_number (service, "+14155550100"), <, 0);
  g_clear_object (&service);
  g_clear_object (&sync);
  store_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/intelligence/lead/deterministic", StoreFixture, NULL, store_fixture_setup,
              test_lead_deterministic, store_fixture_teardown);
  g_test_add ("/intelligence/lead/learns", StoreFixture, NULL, store_fixture_setup,
              test_lead_learns, store_fixture_teardown);
  g_test_add ("/intelligence/lead/scores-and-explains", StoreFixture, NULL, store_fixture_setup,
              test_lead_scores_and_explains, store_fixture_teardown);
  g_test_add ("/intelligence/lead/refused", StoreFixture, NULL, store_fixture_setup,
              test_lead_refused, store_fixture_teardown);
  g_test_add_func ("/intelligence/lead/score-by-number", test_lead_score_by_number);
  g_test_add_func ("/intelligence/tickets/text", test_ticket_text);
  g_test_add_func ("/intelligence/tickets/russian-as-english", test_tickets_russian_as_english);
  g_test_add_func ("/intelligence/tickets/deterministic", test_tickets_deterministic);
  g_test_add ("/intelligence/tickets/from-store", StoreFixture, NULL, store_fixture_setup,
              test_tickets_from_store, store_fixture_teardown);

  return g_test_run ();
}
