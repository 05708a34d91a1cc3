/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rd-window-private.h"

/* A call on the call center's own PBX (CTI, docs/cti.md): the server tells the agent whose
 * extension rings. The caller's record opens before the agent answers, as the softphone's
 * screen pop does, and a toast says who calls; a number nobody has is only named. */

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
