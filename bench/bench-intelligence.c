/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-intelligence: the lead score and ticket triage on a seeded synthetic history with
 * a known structure (rd-intel-sim.h), trained with the server's trainers on a split and
 * measured on the rest against trivial baselines (docs/intelligence.md):
 *
 *   build/bench/bench-intelligence [--leads N] [--tickets N] [--seed S] [--dir DIR]
 *
 * Lead score: held-out AUC and accuracy of the model, of the majority class, and of the
 * lead's source alone (each source's conversion rate in the training split). Tickets:
 * held-out accuracy of the likeliest tag and group, English and Russian trained
 * separately, against the majority tag; and with Snowball stems vs whole words is what
 * rd_query_terms_stemmed() says this build does. Figures, one per line; never pass/fail. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-intel-sim.h"
#include "rd-lead-trainer.h"
#include "rd-model-eval.h"
#include "rd-model-service.h"
#include "rd-server-sync.h"
#include "rd-query-terms.h"
#include "rd-ticket-trainer.h"

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static const char *
source_of (GPtrArray *features)
{
  for (guint j = 0; j < features->len; j++)
    {
      RdFeature *feature = g_ptr_array_index (features, j);

      if (g_str_has_prefix (feature->name, "source="))
        return feature->name;
    }
  return "source=none";
}

static int
bench_leads (const char *dir,
             guint       n,
             guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(RdStore) store = rd_store_open (path, &error);
  g_autoptr(RdLeadDataset) dataset = NULL;
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdLeadModel) model = NULL;
  g_autoptr(GHashTable) converted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree double *scores = NULL;
  g_autofree double *source_scores = NULL;
  g_autofree double *majority = NULL;
  g_autofree gboolean *labels = NULL;
  gint64 now = g_get_real_time () / 1000;
  guint positives = 0;
  double base_rate;
  gint64 start;

  if (store == NULL)
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  if (!rd_intel_sim_leads (store, seed, n, 0.0, now, &error) ||
      (dataset = rd_lead_dataset_collect (store, now, &error)) == NULL)
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  printf ("lead history: %u leads written and read in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);

  /* Every third lead held out. */
  for (guint i = 0; i < rd_lead_dataset_get_size (dataset); i++)
    g_array_append_val (i % 3 == 0 ? test : train, i);
  start = g_get_monotonic_time ();
  row = rd_lead_trainer_fit (dataset, train, now, &error);
  if (row == NULL || (model = rd_lead_model_new_from_row (row, &error)) == NULL)
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  printf ("lead score: trained on %u leads in %.1f ms; model row %zu bytes of weights\n", train->len,
          (g_get_monotonic_time () - start) / 1e3, strlen (rd_record_get_string (row, "weights")));

  /* The baselines learn from the same training split. */
  for (guint k = 0; k < train->len; k++)
    {
      guint i = g_array_index (train, guint, k);
      const char *source = source_of (rd_lead_dataset_get_features (dataset, i));
      gboolean label = rd_lead_dataset_get_label (dataset, i);

      positives += label ? 1 : 0;
      g_hash_table_insert (seen, (gpointer) source, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, source)) + 1));
      if (label)
        g_hash_table_insert (converted, (gpointer) source,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (converted, source)) + 1));
    }
  base_rate = (double) positives / train->len;

  scores = g_new (double, test->len);
  source_scores = g_new (double, test->len);
  majority = g_new (double, test->len);
  labels = g_new (gboolean, test->len);
  for (guint k = 0; k < test->len; k++)
    {
      guint i = g_array_index (test, guint, k);
      GPtrArray *features = rd_lead_dataset_get_features (dataset, i);
      const char *source = source_of (features);
      guint source_n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, source));

      scores[k] = rd_lead_model_score (model, features);
      source_scores[k] = source_n > 0 ? (double) GPOINTER_TO_UINT (g_hash_table_lookup (converted, source)) / source_n
                                      : base_rate;
      majority[k] = base_rate >= 0.5 ? 1.0 : 0.0;
      labels[k] = rd_lead_dataset_get_label (dataset, i);
    }
  printf ("lead score held out (%u leads, %.1f %% converted in training):\n", test->len, 100 * base_rate);
  printf ("  model            AUC %.3f  accuracy %.3f\n", rd_model_auc (scores, labels, test->len),
          rd_model_accuracy (scores, labels, test->len));
  printf ("  source alone     AUC %.3f  accuracy %.3f\n", rd_model_auc (source_scores, labels, test->len),
          rd_model_accuracy (source_scores, labels, test->len));
  printf ("  majority class   AUC %.3f  accuracy %.3f\n", rd_model_auc (majority, labels, test->len),
          rd_model_accuracy (majority, labels, test->len));
  rd_store_close (store);
  return 0;
}

/* What a campaign ordered by score pays per hopper fill (500 numbers) on the server's main
 * loop: the merged store's model scoring each number's CRM lead, then from the cache. */
static int
bench_hopper (const char *dir,
              guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_dir = g_build_filename (dir, "server", NULL);
  g_autoptr(RdServerSync) sync = NULL;
  g_autoptr(RdModelService) service = NULL;
  g_autoptr(RdLeadDataset) dataset = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  gint64 now = g_get_real_time () / 1000;
  gint64 start;
  guint scored = 0;

  g_mkdir_with_parents (sync_dir, 0700);
  sync = rd_server_sync_open (sync_dir, &error);
  if (sync == NULL || !rd_intel_sim_leads (rd_server_sync_get_store (sync), seed, 1000, 0.5, now, &error) ||
      (dataset = rd_lead_dataset_collect (rd_server_sync_get_store (sync), now, &error)) == NULL ||
      (row = rd_lead_trainer_fit (dataset, NULL, now, &error)) == NULL)
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  rd_record_set_id (row, "0190cccc-0000-7000-8000-000000000001");
  rd_record_set_int (row, "version", 1);
  g_ptr_array_add (records, row);
  if (!rd_server_sync_write (sync, records, NULL, &error))
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  service = rd_model_service_new (sync);
  for (guint pass = 0; pass < 2; pass++)
    {
      start = g_get_monotonic_time ();
      scored = 0;
      for (guint i = 0; i < 500; i++)
        {
          g_autofree char *e164 = g_strdup_printf ("+7495%03u%02u%02u", 100 + i / 10000, (i / 100) % 100, i % 100);

          scored += rd_model_service_score_number (service, e164) >= 0 ? 1 : 0;
        }
      printf ("hopper fill by score, %s: 500 numbers (%u open leads) in %.1f ms\n",
              pass == 0 ? "uncached" : "cached", scored, (g_get_monotonic_time () - start) / 1e3);
    }
  return 0;
}

static int
bench_tickets (const char *language,
               guint       n,
               guint64     seed)
{
  g_autoptr(RdTicketDataset) dataset = rd_ticket_dataset_new ();
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GHashTable) tag_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) row = NULL;
  g_autoptr(RdTicketModel) model = NULL;
  const char *majority = NULL;
  guint majority_n = 0, right_tag = 0, right_group = 0, right_majority = 0, tested = 0;
  gint64 start;
  RdRng rng;

  rd_rng_init (&rng, seed, 7);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = NULL;
      g_autofree char *description = NULL;
      const char *tag, *group;

      rd_intel_sim_ticket (&rng, language, &subject, &description, &tag, &group);
      rd_ticket_dataset_add (dataset, subject, description, tag, group);
      g_ptr_array_add (tags, (gpointer) tag);
      g_ptr_array_add (groups, (gpointer) group);
      if (i % 4 != 0)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (tag_counts, tag)) + 1;

          g_array_append_val (train, i);
          g_hash_table_insert (tag_counts, (gpointer) tag, GUINT_TO_POINTER (count));
          if (count > majority_n)
            {
              majority_n = count;
              majority = tag;
            }
        }
    }
  start = g_get_monotonic_time ();
  row = rd_ticket_trainer_fit (dataset, train, 0, &error);
  if (row == NULL || (model = rd_ticket_model_new_from_row (row, &error)) == NULL)
    {
      g_printerr ("bench-intelligence: %s\n", error->message);
      return 1;
    }
  printf ("tickets %s: trained on %u in %.1f ms; model row %zu bytes of weights\n", language, train->len,
          (g_get_monotonic_time () - start) / 1e3, strlen (rd_record_get_string (row, "weights")));
  for (guint i = 0; i < n; i += 4)
    {
      g_autoptr(GPtrArray) guesses = rd_ticket_model_suggest_tags (model, rd_ticket_dataset_get_terms (dataset, i));
      g_autoptr(RdTicketGuess) group = rd_ticket_model_suggest_group (model, rd_ticket_dataset_get_terms (dataset, i));

      right_tag += guesses->len > 0 && g_str_equal (((RdTicketGuess *) guesses->pdata[0])->label, tags->pdata[i]) ? 1 : 0;
      right_group += group != NULL && g_str_equal (group->label, groups->pdata[i]) ? 1 : 0;
      right_majority += g_str_equal (majority, tags->pdata[i]) ? 1 : 0;
      tested++;
    }
  printf ("tickets %s held out (%u): tag accuracy %.3f  group accuracy %.3f  majority tag %.3f\n",
          language, tested, (double) right_tag / tested, (double) right_group / tested,
          (double) right_majority / tested);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  gint leads = 3000, tickets = 2000;
  gint64 seed = 20261208;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("- the lead score and ticket triage, held out");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "leads", 0, 0, G_OPTION_ARG_INT, &leads, "Synthetic leads (default 3000)", "N" },
    { "tickets", 0, 0, G_OPTION_ARG_INT, &tickets, "Synthetic tickets per language (default 2000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The history's seed (default 20261208)", "S" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to write the replica (default a temporary folder)", "DIR" },
    { NULL }
  };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || leads < 30 || tickets < 40)
    {
      g_printerr ("bench-intelligence: %s\n", error ? error->message : "--leads ≥ 30 and --tickets ≥ 40");
      return 1;
    }
  if (dir == NULL)
    {
      tmp = g_dir_make_tmp ("bench-intel-XXXXXX", NULL);
      dir = g_strdup (tmp);
    }
  else
    g_mkdir_with_parents (dir, 0700);

  printf ("seed %" G_GINT64_FORMAT "; Snowball stems: %s\n", seed, rd_query_terms_stemmed () ? "yes" : "no");
  status = bench_leads (dir, (guint) leads, (guint64) seed);
  if (status == 0)
    status = bench_hopper (dir, (guint64) seed);
  if (status == 0)
    status = bench_tickets ("en", (guint) tickets, (guint64) seed);
  if (status == 0)
    status = bench_tickets ("ru", (guint) tickets, (guint64) seed);
  if (tmp != NULL)
    remove_tree (tmp);
  return status;
}
