/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-call-notifier.h"

#define FDO_NAME  "org.freedesktop.Notifications"
#define FDO_PATH  "/org/freedesktop/Notifications"
#define FDO_IFACE "org.freedesktop.Notifications"

struct _RdCallNotifier
{
  GObject          parent_instance;

  GApplication    *application;   /* weak */
  gboolean         decided;       /* which way notifications go is known */
  GDBusConnection *bus;           /* talking to org.freedesktop.Notifications, or NULL */
  guint            subscription;
  GHashTable      *notify_ids;    /* call id → server id (0: Notify not answered yet) */
  GHashTable      *closing;       /* call ids taken back before the server answered */
};

G_DEFINE_FINAL_TYPE (RdCallNotifier, rd_call_notifier, G_TYPE_OBJECT)

static char *
application_id_of (const char *call_id)
{
  return g_strdup_printf ("call-%s", call_id);
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static const char *
call_of_notify_id (RdCallNotifier *self,
                   guint32         notify_id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->notify_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) == notify_id && notify_id != 0)
      return key;
  return NULL;
}

static void
fdo_signal_cb (GDBusConnection *connection,
               const char      *sender,
               const char      *path,
               const char      *interface,
               const char      *signal,
               GVariant        *parameters,
               gpointer         user_data)
{
  RdCallNotifier *self = user_data;
  guint32 notify_id = 0;
  const char *key = NULL;
  const char *call_id;

  if (g_str_equal (signal, "ActionInvoked")
      && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(us)")))
    g_variant_get (parameters, "(u&s)", &notify_id, &key);
  else if (g_str_equal (signal, "NotificationClosed")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(uu)")))
    g_variant_get (parameters, "(uu)", &notify_id, NULL);
  else
    return;

  call_id = call_of_notify_id (self, notify_id);
  if (call_id == NULL)
    return;   /* another application's notification */
  if (key == NULL)
    {
      g_hash_table_remove (self->notify_ids, call_id);
      return;
    }
  /* The call's state change takes the notification back (rd_call_notifier_withdraw). */
  if (self->application != NULL && (g_str_equal (key, "answer") || g_str_equal (key, "decline")))
    {
      g_autofree char *action = g_strconcat ("softphone-", key, NULL);
      g_action_group_activate_action (G_ACTION_GROUP (self->application), action,
                                      g_variant_new_string (call_id));
    }
}

/* The first notification decides: GApplication unless a freedesktop server is the only
 * one (no GNOME Shell, no sandbox portal). */
static void
decide (RdCallNotifier *self)
{
  GDBusConnection *bus;

  if (self->decided || self->application == NULL)
    return;
  self->decided = TRUE;
  bus = g_application_get_dbus_connection (self->application);
  if (bus == NULL || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
      || name_has_owner (bus, "org.gtk.Notifications") || !name_has_owner (bus, FDO_NAME))
    return;
  self->bus = g_object_ref (bus);
  self->subscription = g_dbus_connection_signal_subscribe (bus, FDO_NAME, FDO_IFACE, NULL,
                                                           FDO_PATH, NULL,
                                                           G_DBUS_SIGNAL_FLAGS_NONE,
                                                           fdo_signal_cb, self, NULL);
}

static void
fdo_close (RdCallNotifier *self,
           guint32         notify_id)
{
  g_dbus_connection_call (self->bus, FDO_NAME, FDO_PATH, FDO_IFACE, "CloseNotification",
                          g_variant_new ("(u)", notify_id), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, NULL, NULL);
}

typedef struct {
  GWeakRef  notifier;
  char     *call_id;
} Pending;

static void
pending_free (Pending *pending)
{
  g_weak_ref_clear (&pending->notifier);
  g_free (pending->call_id);
  g_free (pending);
}

static void
notified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(RdCallNotifier) self = g_weak_ref_get (&pending->notifier);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 notify_id = 0;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (self == NULL)
    {
      pending_free (pending);
      return;
    }
  if (reply == NULL)
    {
      g_message ("notifications: %s", error->message);
      g_hash_table_remove (self->notify_ids, pending->call_id);
    }
  else
    {
      g_variant_get (reply, "(u)", &notify_id);
      if (g_hash_table_remove (self->closing, pending->call_id))
        {
          fdo_close (self, notify_id);
          g_hash_table_remove (self->notify_ids, pending->call_id);
        }
      else
        g_hash_table_insert (self->notify_ids, g_strdup (pending->call_id),
                             GUINT_TO_POINTER (notify_id));
    }
  pending_free (pending);
}

static void
fdo_show (RdCallNotifier *self,
          const char     *call_id,
          const char     *title,
          const char     *body)
{
  GVariantBuilder actions;
  GVariantBuilder hints;
  Pending *pending = g_new0 (Pending, 1);

  g_variant_builder_init (&actions, G_VARIANT_TYPE_STRING_ARRAY);
  g_variant_builder_add (&actions, "s", "answer");
  g_variant_builder_add (&actions, "s", _("Answer"));
  g_variant_builder_add (&actions, "s", "decline");
  g_variant_builder_add (&actions, "s", _("Decline"));
  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (2));   /* critical */
  g_variant_builder_add (&hints, "{sv}", "desktop-entry",
                         g_variant_new_string (g_application_get_application_id (self->application)));

  g_weak_ref_init (&pending->notifier, self);
  pending->call_id = g_strdup (call_id);
  g_hash_table_insert (self->notify_ids, g_strdup (call_id), GUINT_TO_POINTER (0));
  g_hash_table_remove (self->closing, call_id);
  g_dbus_connection_call (self->bus, FDO_NAME, FDO_PATH, FDO_IFACE, "Notify",
                          g_variant_new ("(susssasa{sv}i)", "Ringdesk", 0, "call-start-symbolic",
                                         title, body, &actions, &hints, -1),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          notified_cb, pending);
}

void
rd_call_notifier_show (RdCallNotifier *self,
                       RdCall         *call,
                       const char     *title,
                       const char     *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *call_id;

  g_return_if_fail (RD_IS_CALL_NOTIFIER (self));
  g_return_if_fail (RD_IS_CALL (call));

  call_id = rd_call_get_id (call);
  if (self->application == NULL || call_id == NULL)
    return;
  decide (self);
  if (self->bus != NULL)
    {
      fdo_show (self, call_id, title, body);
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_add_button_with_target (notification, _("Answer"), "app.softphone-answer",
                                         "s", call_id);
  g_notification_add_button_with_target (notification, _("Decline"), "app.softphone-decline",
                                         "s", call_id);
  id = application_id_of (call_id);
  g_application_send_notification (self->application, id, notification);
}

void
rd_call_notifier_withdraw (RdCallNotifier *self,
                           RdCall         *call)
{
  g_autofree char *id = NULL;
  const char *call_id;
  gpointer notify_id;

  g_return_if_fail (RD_IS_CALL_NOTIFIER (self));
  g_return_if_fail (RD_IS_CALL (call));

  call_id = rd_call_get_id (call);
  if (self->application == NULL || call_id == NULL)
    return;
  if (self->bus == NULL)
    {
      id = application_id_of (call_id);
      g_application_withdraw_notification (self->application, id);
      return;
    }
  if (!g_hash_table_lookup_extended (self->notify_ids, call_id, NULL, &notify_id))
    return;
  if (GPOINTER_TO_UINT (notify_id) == 0)
    {
      g_hash_table_add (self->closing, g_strdup (call_id));  /* closed when Notify answers */
      return;
    }
  fdo_close (self, GPOINTER_TO_UINT (notify_id));
  g_hash_table_remove (self->notify_ids, call_id);
}

static void
rd_call_notifier_dispose (GObject *object)
{
  RdCallNotifier *self = RD_CALL_NOTIFIER (object);

  if (self->bus != NULL && self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
  g_clear_object (&self->bus);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;
  g_clear_pointer (&self->notify_ids, g_hash_table_unref);
  g_clear_pointer (&self->closing, g_hash_table_unref);

  G_OBJECT_CLASS (rd_call_notifier_parent_class)->dispose (object);
}

static void
rd_call_notifier_class_init (RdCallNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_call_notifier_dispose;
}

static void
rd_call_notifier_init (RdCallNotifier *self)
{
  self->notify_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->closing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RdCallNotifier *
rd_call_notifier_new (GApplication *application)
{
  RdCallNotifier *self = g_object_new (RD_TYPE_CALL_NOTIFIER, NULL);

  self->application = application;
  if (application != NULL)
    g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  return self;
}
