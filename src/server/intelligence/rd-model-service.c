/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-lead-trainer.h"
#include "rd-model-service.h"
#include "rd-ticket-trainer.h"
#include "rd-uuid.h"

struct _RdModelService
{
  GObject       parent_instance;

  RdServerSync *sync;
  guint         timer;
  GPtrArray    *waiting;    /* GTask: callers of the training that runs */
  gboolean      running;
  RdLeadModel  *lead_model; /* the merged store's, for the dialer's scores; reread on a new version */
  GHashTable   *number_scores; /* e164 -> CachedScore, under lead_model */
  gint64        model_checked_us; /* when the model's version was last read */
};

/* A number's score a minute old is good enough for the order of a hopper, which is filled
 * again every few seconds: 500 numbers cost ~70 ms uncached, on the server's main loop. */
#define SCORE_CACHE_US (60 * G_USEC_PER_SEC)

typedef struct {
  double score;
  gint64 at_us;
} CachedScore;

enum {
  SIGNAL_SEQUENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdModelService, rd_model_service, G_TYPE_OBJECT)

/* What the worker made: a model row per kind, or why not. */
typedef struct {
  const char *kind;
  RdRecord   *row;
  char       *message;
} Trained;

static void
trained_free (Trained *trained)
{
  g_clear_object (&trained->row);
  g_free (trained->message);
  g_free (trained);
}

static void
train_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  const char *path = data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) trained_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (path, &error);
  gint64 now_ms = g_get_real_time () / 1000;
  Trained *lead, *ticket;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  lead = g_new0 (Trained, 1);
  lead->kind = RD_LEAD_MODEL_KIND;
  {
    g_autoptr(RdLeadDataset) dataset = rd_lead_dataset_collect (store, now_ms, &error);

    if (dataset != NULL)
      lead->row = rd_lead_trainer_fit (dataset, NULL, now_ms, &error);
    if (lead->row == NULL)
      lead->message = g_strdup (error->message);
    g_clear_error (&error);
  }
  g_ptr_array_add (results, lead);

  ticket = g_new0 (Trained, 1);
  ticket->kind = RD_TICKET_MODEL_KIND;
  {
    g_autoptr(RdTicketDataset) dataset = rd_ticket_dataset_collect (store, &error);

    if (dataset != NULL)
      ticket->row = rd_ticket_trainer_fit (dataset, NULL, now_ms, &error);
    if (ticket->row == NULL)
      ticket->message = g_strdup (error->message);
    g_clear_error (&error);
  }
  g_ptr_array_add (results, ticket);

  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

/* Gives @row the id and next version of the kind's current row, and writes it. */
static gboolean
write_model (RdModelService *self,
             RdRecord       *row,
             gint64         *version,
             gint64         *seq,
             GError        **error)
{
  RdStore *store = rd_server_sync_get_store (self->sync);
  g_autofree char *query = g_strdup_printf ("kind = %s", rd_record_get_string (row, "kind"));
  g_autoptr(GPtrArray) current = rd_store_search (store, "models", query, "-version", 0, 1, error);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autofree char *id = NULL;

  if (current == NULL)
    return FALSE;
  if (current->len > 0)
    {
      RdRecord *old = g_ptr_array_index (current, 0);

      id = g_strdup (rd_record_get_id (old));
      *version = rd_record_get_int (old, "version", 0) + 1;
    }
  else
    {
      id = rd_uuid_v7 ();
      *version = 1;
    }
  rd_record_set_id (row, id);
  rd_record_set_int (row, "version", *version);
  g_ptr_array_add (records, row);
  return rd_server_sync_write (self->sync, records, seq, error);
}

static void
add_model_object (JsonBuilder *builder,
                  RdRecord    *row)
{
  g_autoptr(JsonNode) metrics = json_from_string (rd_record_get_string (row, "metrics"), NULL);

  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, rd_record_get_string (row, "kind"));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, rd_record_get_int (row, "version", 0));
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, rd_record_get_int (row, "format", 0));
  json_builder_set_member_name (builder, "trained_at");
  json_builder_add_int_value (builder, rd_record_get_int (row, "trained_at", 0));
  json_builder_set_member_name (builder, "samples");
  json_builder_add_int_value (builder, rd_record_get_int (row, "samples", 0));
  json_builder_set_member_name (builder, "metrics");
  json_builder_add_value (builder, metrics ? g_steal_pointer (&metrics) : json_node_new (JSON_NODE_NULL));
}

static void
train_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdModelService) self = RD_MODEL_SERVICE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  gint64 last_seq = 0;

  self->running = FALSE;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  if (results != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "models");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len && error == NULL; i++)
        {
          Trained *trained = g_ptr_array_index (results, i);
          gint64 version = 0, seq = 0;

          json_builder_begin_object (builder);
          if (trained->row != NULL && write_model (self, trained->row, &version, &seq, &error))
            {
              json_builder_set_member_name (builder, "trained");
              json_builder_add_boolean_value (builder, TRUE);
              add_model_object (builder, trained->row);
              last_seq = MAX (last_seq, seq);
              g_message ("trained the %s model: version %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " samples",
                         trained->kind, version, rd_record_get_int (trained->row, "samples", 0));
            }
          else
            {
              json_builder_set_member_name (builder, "kind");
              json_builder_add_string_value (builder, trained->kind);
              json_builder_set_member_name (builder, "trained");
              json_builder_add_boolean_value (builder, FALSE);
              json_builder_set_member_name (builder, "message");
              json_builder_add_string_value (builder, trained->message ? trained->message
                                                     : error ? error->message : "");
              if (trained->message != NULL)
                g_message ("the %s model was not trained: %s", trained->kind, trained->message);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      answer = json_builder_get_root (builder);
    }
  if (last_seq > 0)
    {
      self->model_checked_us = 0;   /* the dialer's scores follow the new model at once */
      g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, (guint64) last_seq);
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, json_node_copy (answer), (GDestroyNotify) json_node_unref);
    }
  if (error != NULL)
    g_warning ("model training failed: %s", error->message);
}

void
rd_model_service_train_async (RdModelService      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RD_IS_MODEL_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_model_service_train_async);
  g_ptr_array_add (self->waiting, task);
  if (!self->running)
    {
      g_autoptr(GTask) worker = g_task_new (g_object_ref (self), NULL, train_done_cb, NULL);

      self->running = TRUE;
      g_task_set_task_data (worker, g_strdup (rd_server_sync_get_path (self->sync)), g_free);
      g_task_run_in_thread (worker, train_thread);
    }
}

JsonNode *
rd_model_service_train_finish (RdModelService  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
rd_model_service_list (RdModelService  *self,
                       GError         **error)
{
  g_autoptr(GPtrArray) rows = rd_store_list (rd_server_sync_get_store (self->sync), "models", NULL,
                                             "kind", 0, 100, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (rows == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      json_builder_begin_object (builder);
      add_model_object (builder, g_ptr_array_index (rows, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The newest lead score model of the merged store, kept until its version changes. */
static RdLeadModel *
current_lead_model (RdModelService *self)
{
  RdStore *store = rd_server_sync_get_store (self->sync);
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  /* A hopper fill asks 500 times in a row: the version is read at most once a second. */
  if (g_get_monotonic_time () - self->model_checked_us < G_USEC_PER_SEC && self->model_checked_us != 0)
    return self->lead_model;
  self->model_checked_us = g_get_monotonic_time ();
  if (sqlite3_prepare_v2 (rd_store_get_db (store),
                          "SELECT max(version) FROM models WHERE kind = 'lead_score' AND deleted = 0",
                          -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (version < 0)
    {
      g_clear_object (&self->lead_model);
      g_hash_table_remove_all (self->number_scores);
    }
  else if (self->lead_model == NULL || rd_lead_model_get_version (self->lead_model) != version)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->lead_model);
      g_hash_table_remove_all (self->number_scores);
      self->lead_model = rd_lead_model_load (store, &error);
      if (self->lead_model == NULL)
        g_warning ("the lead score model cannot be used: %s", error->message);
    }
  return self->lead_model;
}

double
rd_model_service_score_number (RdModelService *self,
                               const char     *e164)
{
  RdLeadModel *model;
  g_autoptr(RdRecord) party = NULL;
  g_autoptr(GPtrArray) features = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RD_IS_MODEL_SERVICE (self), -1);

  CachedScore *cached;
  double score = -1;

  if (e164 == NULL || (model = current_lead_model (self)) == NULL)
    return -1;
  cached = g_hash_table_lookup (self->number_scores, e164);
  if (cached != NULL && g_get_monotonic_time () - cached->at_us < SCORE_CACHE_US)
    return cached->score;

  party = rd_server_sync_find_party (self->sync, e164, &error);
  if (party != NULL && g_str_equal (rd_record_get_table (party), "leads") &&
      !rd_lead_status_is_closed (rd_record_get_string (party, "status")))
    {
      features = rd_lead_features_collect (rd_server_sync_get_store (self->sync), rd_record_get_id (party),
                                           g_get_real_time () / 1000, &error);
      if (features != NULL)
        score = rd_lead_model_score (model, features);
      else
        g_warning ("cannot score the lead of %s: %s", e164, error->message);
    }
  cached = g_new (CachedScore, 1);
  cached->score = score;
  cached->at_us = g_get_monotonic_time ();
  g_hash_table_replace (self->number_scores, g_strdup (e164), cached);
  return score;
}

static void
scheduled_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JsonNode) answer = rd_model_service_train_finish (RD_MODEL_SERVICE (source), result, NULL);
}

static gboolean
scheduled_cb (gpointer user_data)
{
  RdModelService *self = user_data;

  rd_model_service_train_async (self, NULL, scheduled_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

void
rd_model_service_schedule (RdModelService *self,
                           guint           interval_seconds)
{
  g_return_if_fail (RD_IS_MODEL_SERVICE (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  if (interval_seconds > 0)
    self->timer = g_timeout_add_seconds (interval_seconds, scheduled_cb, self);
}

RdModelService *
rd_model_service_new (RdServerSync *sync)
{
  RdModelService *self = g_object_new (RD_TYPE_MODEL_SERVICE, NULL);

  self->sync = g_object_ref (sync);
  return self;
}

static void
rd_model_service_dispose (GObject *object)
{
  RdModelService *self = RD_MODEL_SERVICE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  G_OBJECT_CLASS (rd_model_service_parent_class)->dispose (object);
}

static void
rd_model_service_finalize (GObject *object)
{
  RdModelService *self = RD_MODEL_SERVICE (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->lead_model);
  g_clear_pointer (&self->number_scores, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_model_service_parent_class)->finalize (object);
}

static void
rd_model_service_class_init (RdModelServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_model_service_dispose;
  object_class->finalize = rd_model_service_finalize;

  /* A model row was written: the changes log reached the given sequence. */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rd_model_service_init (RdModelService *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->number_scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
