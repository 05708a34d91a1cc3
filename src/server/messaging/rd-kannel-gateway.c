/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "rd-kannel-gateway.h"

/* Kannel's smsbox HTTP interface: GET /cgi-bin/sendsms with the text as UTF-8 (charset)
 * and coding 0 (GSM-7) or 2 (UCS-2), a dlr-mask and a dlr-url through which bearerbox
 * reports what the SMS center said. 202 is "Accepted for delivery" or "Queued for later
 * delivery" (no SMS center connected yet: bearerbox keeps it in its store); 4xx are
 * refusals (a wrong user or password, a bad number); no answer or 5xx is "try again". */

#define DEFAULT_TIMEOUT 10
/* Delivered (1), not delivered (2), accepted by the SMS center (8), refused by it (16). */
#define DLR_MASK 27

struct _RdKannelGateway
{
  GObject         parent_instance;

  RdKannelConfig *config;
  SoupSession    *session;
};

static void rd_kannel_gateway_iface_init (RdSmsGatewayInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdKannelGateway, rd_kannel_gateway, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_SMS_GATEWAY,
                                                      rd_kannel_gateway_iface_init))

/* ---- configuration --------------------------------------------------------------- */

void
rd_kannel_config_free (RdKannelConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->sendsms_url);
  g_free (config->username);
  g_free (config->password);
  g_free (config->from);
  g_free (config->callback_url);
  g_free (config->secret);
  g_free (config);
}

/* The secret travels inside a URL that Kannel rewrites (%d, %A …): nothing in it may
 * need escaping. */
static gboolean
secret_is_valid (const char *secret)
{
  if (secret == NULL || strlen (secret) < 16)
    return FALSE;
  for (const char *p = secret; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._~-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static char *
required (GKeyFile    *file,
          const char  *path,
          const char  *key,
          GError     **error)
{
  g_autofree char *value = g_key_file_get_string (file, "kannel", key, NULL);

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   "%s: [kannel] needs “%s”", path, key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL &&
         (g_str_equal (g_uri_get_scheme (uri), "http") ||
          g_str_equal (g_uri_get_scheme (uri), "https"));
}

RdKannelConfig *
rd_kannel_config_load (const char  *path,
                       GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(RdKannelConfig) config = g_new0 (RdKannelConfig, 1);
  g_autoptr(GError) local_error = NULL;
  int timeout;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if ((config->sendsms_url = required (file, path, "sendsms-url", error)) == NULL ||
      (config->username = required (file, path, "username", error)) == NULL ||
      (config->password = required (file, path, "password", error)) == NULL ||
      (config->callback_url = required (file, path, "callback-url", error)) == NULL ||
      (config->secret = required (file, path, "callback-secret", error)) == NULL)
    return NULL;
  config->from = g_key_file_get_string (file, "kannel", "from", NULL);
  if (config->from == NULL)
    config->from = g_strdup ("Ringdesk");

  if (!is_http_url (config->sendsms_url) || !is_http_url (config->callback_url))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [kannel] sendsms-url and callback-url must be http:// or https:// URLs",
                   path);
      return NULL;
    }
  while (g_str_has_suffix (config->callback_url, "/"))
    config->callback_url[strlen (config->callback_url) - 1] = '\0';
  if (!secret_is_valid (config->secret))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [kannel] callback-secret must be at least 16 characters of "
                   "A-Z a-z 0-9 . _ ~ -", path);
      return NULL;
    }
  timeout = g_key_file_get_integer (file, "kannel", "timeout", &local_error);
  config->timeout = local_error == NULL && timeout > 0 ? (guint) timeout : DEFAULT_TIMEOUT;

  return g_steal_pointer (&config);
}

/* ---- sending --------------------------------------------------------------------- */

char *
rd_kannel_gateway_dlr_url (RdKannelGateway *self,
                           const char      *message_id)
{
  g_return_val_if_fail (RD_IS_KANNEL_GATEWAY (self), NULL);

  return g_strdup_printf ("%s" RD_KANNEL_DLR_PATH "?secret=%s&id=%s&type=%%d&reply=%%A",
                          self->config->callback_url, self->config->secret, message_id);
}

static char *
sendsms_uri (RdKannelGateway     *self,
             const RdSmsOutgoing *sms)
{
  g_autofree char *dlr_url = rd_kannel_gateway_dlr_url (self, sms->message_id);
  g_autofree char *query = soup_form_encode ("username", self->config->username,
                                             "password", self->config->password,
                                             "from", self->config->from,
                                             "to", sms->to,
                                             "text", sms->text,
                                             "charset", "UTF-8",
                                             "coding", sms->encoding == RD_SMS_ENCODING_UCS2 ? "2" : "0",
                                             "dlr-mask", G_STRINGIFY (DLR_MASK),
                                             "dlr-url", dlr_url,
                                             NULL);

  return g_strconcat (self->config->sendsms_url,
                      strchr (self->config->sendsms_url, '?') ? "&" : "?", query, NULL);
}

/* Kannel's answer as words: "3: Queued for later delivery" → as it is, trimmed. */
static char *
answer_text (GBytes *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  g_autofree char *text = data != NULL ? g_strndup (data, MIN (size, 200)) : g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("(not UTF-8)");
  return g_strdup (g_strstrip (text));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  g_autofree char *text = NULL;
  guint status;

  if (body == NULL)
    {
      g_task_return_new_error (task, RD_SMS_GATEWAY_ERROR, RD_SMS_GATEWAY_ERROR_UNAVAILABLE,
                               "Kannel did not answer: %s", error->message);
      return;
    }
  status = soup_message_get_status (msg);
  text = answer_text (body);
  if (status == SOUP_STATUS_ACCEPTED || status == SOUP_STATUS_OK)
    g_task_return_boolean (task, TRUE);
  else if (status >= 400 && status < 500 && status != SOUP_STATUS_REQUEST_TIMEOUT &&
           status != 429)
    g_task_return_new_error (task, RD_SMS_GATEWAY_ERROR, RD_SMS_GATEWAY_ERROR_REJECTED,
                             "Kannel refused the message (%u): %s", status, text);
  else
    g_task_return_new_error (task, RD_SMS_GATEWAY_ERROR, RD_SMS_GATEWAY_ERROR_UNAVAILABLE,
                             "Kannel answered %u: %s", status, text);
}

static void
kannel_send_async (RdSmsGateway        *gateway,
                   const RdSmsOutgoing *sms,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  RdKannelGateway *self = RD_KANNEL_GATEWAY (gateway);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = sendsms_uri (self, sms);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);

  g_task_set_source_tag (task, kannel_send_async);
  if (msg == NULL)
    {
      g_task_return_new_error (task, RD_SMS_GATEWAY_ERROR, RD_SMS_GATEWAY_ERROR_REJECTED,
                               "cannot build a sendsms request for %s", sms->to);
      return;
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    sent_cb, g_steal_pointer (&task));
}

static gboolean
kannel_send_finish (RdSmsGateway  *gateway,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, gateway), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rd_kannel_gateway_iface_init (RdSmsGatewayInterface *iface)
{
  iface->send_async = kannel_send_async;
  iface->send_finish = kannel_send_finish;
}

/* ---- object ---------------------------------------------------------------------- */

static void
rd_kannel_gateway_finalize (GObject *object)
{
  RdKannelGateway *self = (RdKannelGateway *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->config, rd_kannel_config_free);

  G_OBJECT_CLASS (rd_kannel_gateway_parent_class)->finalize (object);
}

static void
rd_kannel_gateway_class_init (RdKannelGatewayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_kannel_gateway_finalize;
}

static void
rd_kannel_gateway_init (RdKannelGateway *self)
{
}

RdKannelGateway *
rd_kannel_gateway_new (RdKannelConfig *config)
{
  RdKannelGateway *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (RD_TYPE_KANNEL_GATEWAY, NULL);
  self->config = config;
  self->session = soup_session_new_with_options ("timeout", config->timeout,
                                                 "max-conns-per-host", 8,
                                                 NULL);
  return self;
}

const RdKannelConfig *
rd_kannel_gateway_get_config (RdKannelGateway *self)
{
  g_return_val_if_fail (RD_IS_KANNEL_GATEWAY (self), NULL);
  return self->config;
}
