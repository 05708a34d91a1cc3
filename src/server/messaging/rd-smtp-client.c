/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-smtp-client.h"

typedef struct {
  RdMailServer *server;
  char         *from;
  char        **recipients;
  GBytes       *message;
  gsize         offset;
} SendData;

static void
send_data_free (SendData *data)
{
  rd_mail_server_free (data->server);
  g_free (data->from);
  g_strfreev (data->recipients);
  g_bytes_unref (data->message);
  g_free (data);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  SendData *data = user_data;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (data->message, &length);
  gsize n = MIN (size * count, length - data->offset);

  memcpy (buffer, bytes + data->offset, n);
  data->offset += n;
  return n;
}

static void
send_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = task_data;
  g_autofree char *from = g_strdup_printf ("<%s>", data->from);
  struct curl_slist *recipients = NULL;
  char detail[CURL_ERROR_SIZE] = "";
  CURL *curl = rd_mail_curl_new (data->server, data->server->url);
  CURLcode code;

  (void) source;
  (void) cancellable;
  for (gsize i = 0; data->recipients[i] != NULL; i++)
    {
      g_autofree char *rcpt = g_strdup_printf ("<%s>", data->recipients[i]);

      recipients = curl_slist_append (recipients, rcpt);
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, data);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, detail);
  code = curl_easy_perform (curl);
  if (code == CURLE_OK)
    g_task_return_boolean (task, TRUE);
  else
    {
      GError *error = NULL;

      rd_mail_curl_error (curl, code, "SMTP", detail, &error);
      g_task_return_error (task, error);
    }
  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);
}

void
rd_smtp_send_async (const RdMailServer  *server,
                    const char          *from,
                    const char *const   *recipients,
                    GBytes              *message,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SendData *data = g_new0 (SendData, 1);

  data->server = rd_mail_server_copy (server);
  data->from = g_strdup (from);
  data->recipients = g_strdupv ((char **) recipients);
  data->message = g_bytes_ref (message);
  g_task_set_source_tag (task, rd_smtp_send_async);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_thread);
}

gboolean
rd_smtp_send_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
