/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rd-api-call.h"

typedef struct {
  GObject       *owner;
  RdApiCallDone  done;
  gpointer       data;
} Call;

static void
rd_api_call_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && call->done != NULL)
    call->done (call->owner, answer, error, call->data);
  g_object_unref (call->owner);
  g_free (call);
}

void
rd_api_call_bytes (RdServerSession *session,
                   const char      *method,
                   const char      *path,
                   const char      *content_type,
                   GBytes          *body,
                   GCancellable    *cancellable,
                   GObject         *owner,
                   RdApiCallDone    done,
                   gpointer         data)
{
  Call *call = g_new0 (Call, 1);

  g_return_if_fail (RD_IS_SERVER_SESSION (session));
  call->owner = g_object_ref (owner);
  call->done = done;
  call->data = data;
  rd_server_session_send_async (session, method, path, content_type, body, cancellable,
                                rd_api_call_cb, call);
}

void
rd_api_call (RdServerSession *session,
             const char      *method,
             const char      *path,
             JsonNode        *body,
             GCancellable    *cancellable,
             GObject         *owner,
             RdApiCallDone    done,
             gpointer         data)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    json = json_to_string (body, FALSE);
  else if (g_strcmp0 (method, "POST") == 0 || g_strcmp0 (method, "PUT") == 0)
    json = g_strdup ("{}");
  if (json != NULL)
    {
      gsize len = strlen (json);

      bytes = g_bytes_new_take (g_steal_pointer (&json), len);
    }
  rd_api_call_bytes (session, method, path, "application/json", bytes, cancellable, owner, done, data);
}

const char *
rd_api_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
rd_api_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return 0;
}

JsonArray *
rd_api_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
rd_api_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

void
rd_api_toast (GtkWidget  *widget,
              const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s: %s", G_OBJECT_TYPE_NAME (widget), message);
}

void
rd_api_add_query (GString    *path,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name, escaped);
}
