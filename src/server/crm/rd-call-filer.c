/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCallFiler: a call an agent had, filed in the CRM once they are done with it. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "rd-call-filer-private.h"
#include "rd-uuid.h"

/* Calls filed per main-loop turn at start, the wait before a failed filing is tried again
 * (merged.db busy, a disk full), and how often calls whose agent was done before the call
 * ended (a customer handed to an outside number talks on) are looked for. */
#define RESUME_BATCH    200
#define RETRY_SECONDS   30
#define SWEEP_SECONDS   60

struct _RdCallFiler
{
  GObject       parent_instance;

  RdCenterDb   *center;
  RdServerSync *sync;
  RdServerDb   *db;
  RdAgentDesk  *desk;
  char         *data_dir;
  guint         resume_id;
  guint         sweep_id;
};

G_DEFINE_FINAL_TYPE (RdCallFiler, rd_call_filer, G_TYPE_OBJECT)

enum { SIGNAL_SEQUENCE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The agent's owner key (their uuid); "shared" when the account is gone, so the call is
 * still kept and seen. */
static char *
owner_of (RdCallFiler *self,
          const char  *agent)
{
  g_autoptr(RdUser) user = agent != NULL ? rd_server_db_find_user (self->db, agent, NULL) : NULL;

  return g_strdup (user != NULL ? user->uuid : "shared");
}

char *
rd_call_filer_owner_of_number (RdCallFiler *self,
                               const char  *e164)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) party = e164 != NULL ? rd_server_sync_find_party (self->sync, e164, &error) : NULL;
  g_autoptr(GPtrArray) users = NULL;
  const char *owner = party != NULL ? rd_record_get_string (party, "owner") : NULL;

  if (error != NULL)
    g_warning ("the owner of %s: %s", e164, error->message);
  if (owner == NULL || g_str_equal (owner, "shared"))
    return NULL;
  users = rd_server_db_list_users (self->db, NULL, NULL);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      RdUser *user = users->pdata[i];

      if (g_strcmp0 (user->uuid, owner) == 0)
        return g_strdup (user->name);
    }
  return NULL;
}

/* @parent's tags with @tags added, as a change of the parent in @records. */
static void
merge_parent_tags (RdStore    *store,
                   const char *parent_tbl,
                   const char *parent_id,
                   const char *tags,
                   GPtrArray  *records)
{
  g_autoptr(RdRecord) parent = NULL;
  g_autofree char *merged = NULL;
  RdRecord *change;

  if (tags == NULL || parent_id == NULL || rd_schema_field (rd_schema_lookup (parent_tbl), "tags") == NULL)
    return;
  parent = rd_store_get (store, parent_tbl, parent_id, NULL);
  if (parent == NULL || rd_record_get_int (parent, "deleted", 0) != 0)
    return;
  merged = rd_call_filer_merge_tags (rd_record_get_string (parent, "tags"), tags);
  if (merged == NULL)
    return;
  change = rd_record_new (parent_tbl);
  rd_record_set_id (change, parent_id);
  rd_record_set_string (change, "tags", merged);
  g_ptr_array_add (records, change);
}

static gboolean file_call (RdCallFiler  *self,
                           const char   *call_id,
                           const char   *voicemail_owner,
                           char        **crm_call_id,
                           GError      **error);

gboolean
rd_call_filer_file (RdCallFiler  *self,
                    const char   *call_id,
                    char        **crm_call_id,
                    GError      **error)
{
  return file_call (self, call_id, NULL, crm_call_id, error);
}

gboolean
rd_call_filer_file_voicemail (RdCallFiler  *self,
                              const char   *call_id,
                              const char   *owner,
                              GError      **error)
{
  return file_call (self, call_id, owner != NULL ? owner : "", NULL, error);
}

/* @voicemail_owner: NULL for a call an agent had; else a message nobody answered, owned by
 * that user ("" or an unknown name: shared). */
static gboolean
file_call (RdCallFiler  *self,
           const char   *call_id,
           const char   *voicemail_owner,
           char        **crm_call_id,
           GError      **error)
{
  RdStore *store = rd_server_sync_get_store (self->sync);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RdRecord) existing = NULL;
  g_autoptr(RdRecord) parent = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *crm_id = NULL;
  g_autofree char *parent_tbl = NULL, *parent_id = NULL;
  const char *number, *recording, *tags;
  gboolean has_recording = FALSE, new_lead = FALSE;
  RdRecord *call;
  JsonObject *filing;
  gint64 seq = 0;

  g_return_val_if_fail (RD_IS_CALL_FILER (self), FALSE);

  if (crm_call_id != NULL)
    *crm_call_id = NULL;
  node = rd_center_call_filing (self->center, call_id, error);
  if (node == NULL)
    return FALSE;
  filing = json_node_get_object (node);
  if ((voicemail_owner == NULL && json_object_get_string_member_with_default (filing, "agent", NULL) == NULL) ||
      json_object_get_null_member (filing, "ended_at"))
    return TRUE;
  number = json_object_get_string_member_with_default (filing, "number", NULL);
  recording = json_object_get_string_member_with_default (filing, "recording", NULL);
  tags = json_object_get_string_member_with_default (filing, "tags", NULL);

  existing = rd_call_filer_find_record (store, call_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (existing != NULL && rd_record_get_int (existing, "deleted", 0) != 0)
    {
      /* Someone deleted it in the CRM: that stands; the call is filed. */
      if (crm_call_id != NULL)
        *crm_call_id = g_strdup (rd_record_get_id (existing));
      return rd_center_call_set_filed (self->center, call_id, rd_record_get_id (existing), error);
    }

  owner = owner_of (self, voicemail_owner != NULL
                           ? (*voicemail_owner != '\0' ? voicemail_owner : NULL)
                           : json_object_get_string_member_with_default (filing, "agent", NULL));
  if (existing != NULL)
    {
      crm_id = g_strdup (rd_record_get_id (existing));
      parent_tbl = g_strdup (rd_record_get_string (existing, "parent_tbl"));
      parent_id = g_strdup (rd_record_get_string (existing, "parent_id"));
    }
  else
    {
      crm_id = rd_uuid_v7 ();
      /* The record the number belongs to, as for a screen pop or an SMS; else a lead made
       * from the campaign's lead, so that no disposition is ever missing from the CRM. */
      /* Only an E.164 number names a party (a PBX may give an extension, "anonymous" or a
       * number it could not read): other calls are filed on nobody's record. */
      if (number != NULL && number[0] != '+')
        number = NULL;
      parent = number != NULL ? rd_server_sync_find_party (self->sync, number, &local) : NULL;
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (parent == NULL && number != NULL)
        {
          parent = rd_call_filer_new_lead (filing, owner, records);
          new_lead = TRUE;
        }
      if (parent != NULL)
        {
          parent_tbl = g_strdup (rd_record_get_table (parent));
          parent_id = g_strdup (rd_record_get_id (parent));
        }
    }

  if (recording != NULL)
    {
      has_recording = rd_call_filer_link_recording (self->data_dir, recording, crm_id, &local);
      if (!has_recording)
        {
          g_warning ("call %s: its recording is not filed: %s", call_id, local->message);
          g_clear_error (&local);
        }
    }

  call = rd_call_filer_call_record (filing, crm_id, existing, owner, parent_tbl, parent_id,
                                    has_recording);
  g_ptr_array_add (records, call);
  /* A new lead has the tags already; a parent that has them keeps them once. */
  if (!new_lead)
    merge_parent_tags (store, parent_tbl, parent_id, tags, records);

  /* A record that already has everything: nothing to write. */
  if (records->len > 1 || json_object_get_size (rd_record_get_fields (call)) > 0)
    {
      if (!rd_server_sync_write (self->sync, records, &seq, error))
        {
          /* The next try makes another id: no name left for one that never was. */
          if (existing == NULL && has_recording)
            {
              g_autofree char *file = g_strconcat (crm_id, ".wav", NULL);
              g_autofree char *path = g_build_filename (self->data_dir, "recordings", file, NULL);

              g_unlink (path);
            }
          return FALSE;
        }
      g_signal_emit (self, signals[SIGNAL_SEQUENCE], 0, seq);
    }
  if (!rd_center_call_set_filed (self->center, call_id, crm_id, error))
    return FALSE;
  g_debug ("call %s filed as %s on %s %s", call_id, crm_id, parent_tbl ? parent_tbl : "-",
           parent_id ? parent_id : "-");
  if (crm_call_id != NULL)
    *crm_call_id = g_steal_pointer (&crm_id);
  return TRUE;
}

static gboolean resume_cb (gpointer user_data);

static void
schedule_resume (RdCallFiler *self,
                 guint        seconds)
{
  if (self->resume_id != 0)
    return;
  self->resume_id = seconds == 0 ? g_idle_add (resume_cb, self)
                                 : g_timeout_add_seconds (seconds, resume_cb, self);
}

/* TRUE while the call's agent is still on it or in its wrap-up: "call-done" files it. */
static gboolean
agent_busy_with (RdCallFiler *self,
                 const char  *call_id)
{
  g_autoptr(JsonNode) call = rd_center_call_get (self->center, call_id, NULL);
  g_autoptr(JsonNode) status = NULL;
  const char *agent = call != NULL ? json_object_get_string_member_with_default (
                                       json_node_get_object (call), "agent", NULL) : NULL;
  JsonObject *s;

  status = agent != NULL ? rd_agent_desk_status (self->desk, agent) : NULL;
  if (status == NULL)
    return FALSE;
  s = json_node_get_object (status);
  return g_strcmp0 (json_object_get_string_member_with_default (s, "call_id", NULL), call_id) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (s, "state", NULL), "ready") != 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (s, "state", NULL), "paused") != 0;
}

/* One batch; TRUE when more may wait. */
static gboolean
resume_batch (RdCallFiler *self,
              guint       *filed,
              gboolean    *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = rd_center_calls_unfiled (self->center, RESUME_BATCH, &error);

  if (ids == NULL)
    {
      g_warning ("the calls to file in the CRM: %s", error->message);
      *failed = TRUE;
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      if (agent_busy_with (self, ids->pdata[i]))
        continue;
      if (rd_call_filer_file (self, ids->pdata[i], NULL, &error))
        (*filed)++;
      else
        {
          g_warning ("call %s is not filed in the CRM yet: %s", (char *) ids->pdata[i], error->message);
          g_clear_error (&error);
          *failed = TRUE;
          return FALSE;   /* the same call would come first again: wait */
        }
    }
  return ids->len == RESUME_BATCH && *filed > 0;
}

static gboolean
resume_cb (gpointer user_data)
{
  RdCallFiler *self = user_data;
  guint filed = 0;
  gboolean failed = FALSE;
  gboolean more;

  self->resume_id = 0;
  more = resume_batch (self, &filed, &failed);
  if (filed > 0)
    g_message ("crm: %u calls filed", filed);
  if (more || failed)
    schedule_resume (self, failed ? RETRY_SECONDS : 0);
  return G_SOURCE_REMOVE;
}

guint
rd_call_filer_resume (RdCallFiler *self)
{
  guint filed = 0;
  gboolean failed = FALSE;

  g_return_val_if_fail (RD_IS_CALL_FILER (self), 0);

  if (resume_batch (self, &filed, &failed) || failed)
    schedule_resume (self, failed ? RETRY_SECONDS : 0);
  return filed;
}

static gboolean
sweep_cb (gpointer user_data)
{
  RdCallFiler *self = user_data;

  if (self->resume_id == 0)
    schedule_resume (self, 0);
  return G_SOURCE_CONTINUE;
}

static void
call_done_cb (RdAgentDesk *desk,
              const char  *agent,
              const char  *call_id,
              RdCallFiler *self)
{
  g_autoptr(GError) error = NULL;

  /* The disposition is in callcenter.db already (crm_filed 0): a failure here is retried,
   * and the next start files it if the server stops first. */
  if (!rd_call_filer_file (self, call_id, NULL, &error))
    {
      g_warning ("call %s of %s is not filed in the CRM yet: %s", call_id, agent, error->message);
      schedule_resume (self, RETRY_SECONDS);
    }
}

static void
rd_call_filer_dispose (GObject *object)
{
  RdCallFiler *self = RD_CALL_FILER (object);

  g_clear_handle_id (&self->resume_id, g_source_remove);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_data (self->desk, self);
  g_clear_object (&self->desk);
  g_clear_object (&self->center);
  g_clear_object (&self->sync);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (rd_call_filer_parent_class)->dispose (object);
}

static void
rd_call_filer_finalize (GObject *object)
{
  RdCallFiler *self = RD_CALL_FILER (object);

  g_free (self->data_dir);
  G_OBJECT_CLASS (rd_call_filer_parent_class)->finalize (object);
}

static void
rd_call_filer_class_init (RdCallFilerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_call_filer_dispose;
  object_class->finalize = rd_call_filer_finalize;

  /* A filing reached the changes log (gint64 seq): tell the replicas. */
  signals[SIGNAL_SEQUENCE] = g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
rd_call_filer_init (RdCallFiler *self)
{
}

RdCallFiler *
rd_call_filer_new (RdCenterDb   *center,
                   RdServerSync *sync,
                   RdServerDb   *db,
                   RdAgentDesk  *desk,
                   const char   *data_dir)
{
  RdCallFiler *self = g_object_new (RD_TYPE_CALL_FILER, NULL);

  self->center = g_object_ref (center);
  self->sync = g_object_ref (sync);
  self->db = g_object_ref (db);
  self->desk = g_object_ref (desk);
  self->data_dir = g_strdup (data_dir);
  g_signal_connect (desk, "call-done", G_CALLBACK (call_done_cb), self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_SECONDS, sweep_cb, self);
  return self;
}
