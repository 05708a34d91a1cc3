/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rd-api-call.h"
#include "rd-window-private.h"

/* A call on the call center's own PBX (CTI, docs/cti.md): the server tells the agent whose
 * extension rings. The caller's record opens before the agent answers, as the softphone's
 * screen pop does, and a toast says who calls; a number nobody has is only named. And the
 * other way: when the server can place calls on the agent's extension, each phone of a
 * record offers "Call from the desk phone" (POST /cti/originate). */

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* The record named by the message when this replica has it (a record the agent may not
 * see, or not synced yet, is not opened). */
static gboolean
open_record (RdWindow   *self,
             JsonObject *record)
{
  const char *table = member (record, "table");
  const char *id = member (record, "id");
  g_autoptr(RdRecord) found = NULL;

  if (self->store == NULL || table == NULL || id == NULL)
    return FALSE;
  found = rd_store_get (self->store, table, id, NULL);
  if (found == NULL)
    return FALSE;
  rd_window_open_record (self, table, id);
  return TRUE;
}

void
rd_window_cti_call_cb (RdWindow *self,
                       JsonNode *message)
{
  JsonObject *object = json_node_get_object (message);
  const char *event = member (object, "event");
  const char *number = member (object, "number");
  JsonObject *record = NULL;
  const char *name = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* Only a ring (or a call handed to this agent) pops; its answer and end change nothing. */
  if (g_strcmp0 (event, "ring") != 0 && g_strcmp0 (event, "transfer") != 0)
    return;
  if (json_object_has_member (object, "record") && !json_object_get_null_member (object, "record"))
    record = json_object_get_object_member (object, "record");
  if (record != NULL)
    name = member (record, "name");
  if (record != NULL && open_record (self, record))
    /* Translators: a call on the PBX; %s is the caller's name, the second %s the number. */
    text = g_strdup_printf (_("Call from %s · %s"), name != NULL ? name : _("Unknown name"),
                            number != NULL ? number : "");
  else
    /* Translators: a call on the PBX from a number no record of this replica has. */
    text = g_strdup_printf (_("Call from %s: unknown number"), number != NULL ? number : "?");
  g_debug ("CTI: %s %s", event, text);
  /* The newest call is the one the agent is about to answer: it goes before older toasts. */
  toast = adw_toast_new (text);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- click-to-call ------------------------------------------------------------------------ */

static void
cti_me_cb (GObject      *owner,
           JsonNode     *answer,
           const GError *error,
           gpointer      data)
{
  RdWindow *self = RD_WINDOW (owner);
  JsonObject *object = answer != NULL ? rd_api_object (answer) : NULL;
  const char *extension = object != NULL ? rd_api_string (object, "extension") : NULL;
  gboolean enabled = object != NULL && json_object_get_boolean_member_with_default (object, "click_to_call", FALSE);

  /* A server without CTI (or an older one) answers 404: no click-to-call, nothing to say. */
  if (error != NULL)
    g_debug ("CTI: %s", error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cti-call", enabled && extension != NULL);
  rd_record_page_set_cti_extension (self->record_page, enabled ? extension : NULL);
}

void
rd_window_cti_setup (RdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cti-call", FALSE);
  rd_record_page_set_cti_extension (self->record_page, NULL);
  if (self->session == NULL || !rd_server_session_get_signed_in (self->session))
    return;
  rd_api_call (self->session, "GET", "cti/me", NULL, self->cancellable, G_OBJECT (self), cti_me_cb, NULL);
}

static void
originated_cb (GObject      *owner,
               JsonNode     *answer,
               const GError *error,
               gpointer      data)
{
  RdWindow *self = RD_WINDOW (owner);
  JsonObject *object = answer != NULL ? rd_api_object (answer) : NULL;
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      rd_window_toast (self, error->message);
      return;
    }
  /* Translators: click-to-call; the first %s is the agent's extension, the second the number. */
  text = g_strdup_printf (_("Your desk phone (%s) rings: answer it to call %s"),
                          object != NULL ? rd_api_string (object, "extension") : "?",
                          object != NULL ? rd_api_string (object, "number") : "?");
  rd_window_toast (self, text);
}

void
rd_window_cti_call_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  if (self->session == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, g_variant_get_string (parameter, NULL));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  rd_api_call (self->session, "POST", "cti/originate", body, self->cancellable, G_OBJECT (self),
               originated_cb, NULL);
}
