/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCtiDesk: calls on an outside PBX as call rows, screen pops and CRM records. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rd-cti-desk.h"
#include "rd-phone-number.h"

/* The longest a recording may take to come from the PBX. */
#define RECORDING_TIMEOUT_S  60


struct _RdCtiDesk
{
  GObject       parent_instance;

  RdCenterDb   *center;
  RdServerSync *sync;
  RdCallFiler  *filer;
  char         *data_dir;
  char         *country;
  SoupSession  *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RdCtiDesk, rd_cti_desk, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-cti-error-quark, rd_cti_error)

enum { SIGNAL_POP, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const kind_names[] = {
  [RD_CENTER_CTI_RING] = "ring", [RD_CENTER_CTI_ANSWER] = "answer",
  [RD_CENTER_CTI_TRANSFER] = "transfer", [RD_CENTER_CTI_HANGUP] = "hangup",
};

gboolean
rd_cti_kind_from_name (const char      *name,
                       RdCenterCtiKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
rd_cti_kind_name (RdCenterCtiKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/* E.164 when @text reads as a number, else @text as the PBX gave it. */
static char *
customer_number (RdCtiDesk  *self,
                 const char *text)
{
  char *e164;

  if (text == NULL || *text == '\0')
    return NULL;
  e164 = rd_phone_number_to_e164 (text, text[0] == '+' ? NULL : self->country);
  return e164 != NULL ? e164 : g_strdup (text);
}

/* {table, id, name} of the CRM record that has @number, or NULL. */
static JsonNode *
party_of (RdCtiDesk  *self,
          const char *number)
{
  g_autoptr(RdRecord) party = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *name = NULL;
  const char *first, *last;

  if (number == NULL || number[0] != '+')
    return NULL;
  party = rd_server_sync_find_party (self->sync, number, &error);
  if (party == NULL)
    {
      if (error != NULL)
        g_warning ("cti: looking %s up: %s", number, error->message);
      return NULL;
    }
  first = rd_record_get_string (party, "first_name");
  last = rd_record_get_string (party, "last_name");
  if (rd_record_get_string (party, "name") != NULL)
    name = g_strdup (rd_record_get_string (party, "name"));
  else if (first != NULL || last != NULL)
    name = g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, rd_record_get_table (party));
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, rd_record_get_id (party));
  json_builder_set_member_name (builder, "name");
  if (name != NULL)
    json_builder_add_string_value (builder, name);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* {"type": "cti-call", event, call_id, pbx, pbx_call_id, direction, number, caller_id,
 * extension, agent, at, record} for the agent's app. */
static JsonNode *
pop_message (RdCtiDesk        *self,
             const RdCtiEvent *event,
             const char       *call_id,
             const char       *agent)
{
  g_autoptr(JsonNode) row = rd_center_call_get (self->center, call_id, NULL);
  JsonObject *r = row != NULL ? json_node_get_object (row) : NULL;
  const char *number = r != NULL ? json_object_get_string_member_with_default (r, "number", NULL) : NULL;
  JsonObject *message = json_object_new ();
  JsonNode *record = party_of (self, number);
  JsonNode *node;

  json_object_set_string_member (message, "type", "cti-call");
  json_object_set_string_member (message, "event", kind_names[event->kind]);
  json_object_set_string_member (message, "call_id", call_id);
  json_object_set_string_member (message, "pbx", event->pbx);
  json_object_set_string_member (message, "pbx_call_id", event->pbx_call_id);
  set_string_or_null (message, "direction",
                      r != NULL ? json_object_get_string_member_with_default (r, "direction", NULL) : NULL);
  set_string_or_null (message, "number", number);
  set_string_or_null (message, "caller_id",
                      r != NULL ? json_object_get_string_member_with_default (r, "caller_id", NULL) : NULL);
  set_string_or_null (message, "extension", event->extension);
  json_object_set_string_member (message, "agent", agent);
  json_object_set_int_member (message, "at", event->at_ms);
  if (record != NULL)
    json_object_set_member (message, "record", record);
  else
    json_object_set_null_member (message, "record");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, message);
  return node;
}

static void
file_call (RdCtiDesk  *self,
           const char *call_id)
{
  g_autoptr(GError) error = NULL;

  /* A failure leaves crm_filed 0: the filer's sweep (and the next start) tries again. */
  if (!rd_call_filer_file (self->filer, call_id, NULL, &error))
    g_warning ("cti: call %s is not filed in the CRM yet: %s", call_id, error->message);
}

/* ---- the recording, fetched from the PBX once the call ended -------------------------- */

typedef struct {
  RdCtiDesk *self;
  char      *call_id;
  char      *url;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch->call_id);
  g_free (fetch->url);
  g_free (fetch);
}

static gboolean
store_recording (RdCtiDesk   *self,
                 const char  *call_id,
                 GBytes      *bytes,
                 GError     **error)
{
  g_autofree char *dir = g_build_filename (self->data_dir, "call-recordings", NULL);
  g_autofree char *name = g_strconcat (call_id, ".wav", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, RD_CTI_ERROR, RD_CTI_ERROR_INVALID, "not a WAV file (%" G_GSIZE_FORMAT " bytes)",
                   size);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  return rd_center_call_set_recording (self->center, call_id, name, error);
}

static void
recording_fetched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Fetch *fetch = user_data;
  RdCtiDesk *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  guint status = msg != NULL ? soup_message_get_status (msg) : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fetch_free (fetch);
      return;
    }
  if (bytes != NULL && status == SOUP_STATUS_OK)
    {
      if (store_recording (self, fetch->call_id, bytes, &error))
        g_message ("cti: call %s: recording %s (%" G_GSIZE_FORMAT " bytes)", fetch->call_id,
                   fetch->url, g_bytes_get_size (bytes));
      else
        g_warning ("cti: call %s: the recording %s is not kept: %s", fetch->call_id, fetch->url,
                   error->message);
    }
  else
    g_warning ("cti: call %s: no recording from %s: %s", fetch->call_id, fetch->url,
               error != NULL ? error->message : soup_status_get_phrase (status));
  file_call (self, fetch->call_id);
  fetch_free (fetch);
}

static void
fetch_recording (RdCtiDesk  *self,
                 const char *call_id,
                 const char *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Fetch *fetch;

  if (msg == NULL)
    {
      g_warning ("cti: call %s: “%s” is no URL for a recording", call_id, url);
      file_call (self, call_id);
      return;
    }
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->call_id = g_strdup (call_id);
  fetch->url = g_strdup (url);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    recording_fetched_cb, fetch);
}

/* ---- events --------------------------------------------------------------------------- */

gboolean
rd_cti_desk_handle (RdCtiDesk         *self,
                    const RdCtiEvent  *event,
                    gboolean          *duplicate,
                    char             **call_id,
                    GError           **error)
{
  g_autofree char *agent = NULL;
  g_autofree char *number = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  const char *direction = event->direction;
  const char *customer, *other;
  gboolean applied = FALSE;
  RdCenterCtiEvent row = { 0 };

  g_return_val_if_fail (RD_IS_CTI_DESK (self), FALSE);

  if (call_id != NULL)
    *call_id = NULL;
  *duplicate = FALSE;
  if (event->extension != NULL)
    {
      agent = rd_center_cti_extension_agent (self->center, event->extension);
      if (agent == NULL)
        {
          g_message ("cti: %s call %s: %s for extension %s, which no agent answers", event->pbx,
                     event->pbx_call_id, kind_names[event->kind], event->extension);
          g_set_error (error, RD_CTI_ERROR, RD_CTI_ERROR_UNKNOWN_EXTENSION,
                       "no agent answers extension %s; map it with PUT /api/v1/cti/extensions/%s",
                       event->extension, event->extension);
          return FALSE;
        }
    }
  else if (event->kind != RD_CENTER_CTI_HANGUP)
    {
      g_set_error (error, RD_CTI_ERROR, RD_CTI_ERROR_INVALID,
                   "a %s event needs the agent's extension", kind_names[event->kind]);
      return FALSE;
    }

  if (direction == NULL)
    direction = event->extension != NULL && g_strcmp0 (event->from, event->extension) == 0
                ? "outbound" : "inbound";
  /* The customer is the caller of an inbound call and the callee of an outbound one. */
  customer = g_str_equal (direction, "outbound") ? event->to : event->from;
  other = g_str_equal (direction, "outbound") ? event->from : event->to;
  number = customer_number (self, customer);

  /* A transfer happens to each new agent once; the other events once per call. */
  key = event->kind == RD_CENTER_CTI_TRANSFER || event->kind == RD_CENTER_CTI_RING
        ? g_strdup_printf ("%s:%s", kind_names[event->kind], event->extension)
        : g_strdup (kind_names[event->kind]);
  row.pbx = event->pbx;
  row.pbx_call_id = event->pbx_call_id;
  row.key = key;
  row.kind = event->kind;
  row.direction = direction;
  row.number = number;
  row.caller_id = other;
  row.agent = agent;
  row.at_ms = event->at_ms > 0 ? event->at_ms : rd_center_db_now (self->center);
  row.hangup_cause = event->cause;
  if (event->kind == RD_CENTER_CTI_HANGUP && g_strcmp0 (event->cause, "busy") == 0)
    row.result = "busy";
  if (!rd_center_cti_apply (self->center, &row, &id, &applied, error))
    return FALSE;
  *duplicate = !applied;
  if (applied)
    {
      g_autoptr(JsonNode) row_now = rd_center_call_get (self->center, id, NULL);
      const char *who = agent;
      RdCtiEvent stamped = *event;

      /* A hangup tells the agent who had the call. */
      if (who == NULL && row_now != NULL)
        who = json_object_get_string_member_with_default (json_node_get_object (row_now), "agent", NULL);
      stamped.at_ms = row.at_ms;
      if (who != NULL)
        {
          g_autoptr(JsonNode) message = pop_message (self, &stamped, id, who);

          g_signal_emit (self, signals[SIGNAL_POP], 0, who, message);
        }
      g_debug ("cti: %s call %s: %s → call %s", event->pbx, event->pbx_call_id,
               kind_names[event->kind], id);
      if (event->kind == RD_CENTER_CTI_HANGUP)
        {
          if (event->recording_url != NULL)
            fetch_recording (self, id, event->recording_url);
          else
            file_call (self, id);
        }
    }
  if (call_id != NULL)
    *call_id = g_steal_pointer (&id);
  return TRUE;
}

/* ---- object ------------------------------------------------------------------------------ */

void
rd_cti_desk_set_country (RdCtiDesk  *self,
                         const char *country)
{
  g_return_if_fail (RD_IS_CTI_DESK (self));
  g_free (self->country);
  self->country = country != NULL ? g_ascii_strup (country, -1) : NULL;
}

RdCenterDb *
rd_cti_desk_get_center (RdCtiDesk *self)
{
  g_return_val_if_fail (RD_IS_CTI_DESK (self), NULL);
  return self->center;
}

static void
rd_cti_desk_dispose (GObject *object)
{
  RdCtiDesk *self = RD_CTI_DESK (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->center);
  g_clear_object (&self->sync);
  g_clear_object (&self->filer);
  G_OBJECT_CLASS (rd_cti_desk_parent_class)->dispose (object);
}

static void
rd_cti_desk_finalize (GObject *object)
{
  RdCtiDesk *self = RD_CTI_DESK (object);

  g_free (self->data_dir);
  g_free (self->country);
  G_OBJECT_CLASS (rd_cti_desk_parent_class)->finalize (object);
}

static void
rd_cti_desk_class_init (RdCtiDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_cti_desk_dispose;
  object_class->finalize = rd_cti_desk_finalize;

  /* An agent's app is to show a call (const char *agent, JsonNode *message). */
  signals[SIGNAL_POP] = g_signal_new ("pop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                      JSON_TYPE_NODE);
}

static void
rd_cti_desk_init (RdCtiDesk *self)
{
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", RECORDING_TIMEOUT_S, NULL);
}

RdCtiDesk *
rd_cti_desk_new (RdCenterDb   *center,
                 RdServerSync *sync,
                 RdCallFiler  *filer,
                 const char   *data_dir)
{
  RdCtiDesk *self = g_object_new (RD_TYPE_CTI_DESK, NULL);

  self->center = g_object_ref (center);
  self->sync = g_object_ref (sync);
  self->filer = g_object_ref (filer);
  self->data_dir = g_strdup (data_dir);
  return self;
}
