/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-imap-client.h"

typedef struct {
  RdMailServer *server;
  guint32       after;
  guint         max;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  rd_mail_server_free (data->server);
  g_free (data);
}

void
rd_imap_message_free (RdImapMessage *message)
{
  g_bytes_unref (message->message);
  g_free (message);
}

static size_t
write_cb (char   *buffer,
          size_t  size,
          size_t  count,
          void   *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) buffer, size * count);
  return size * count;
}

GArray *
rd_imap_parse_search (const char *answer)
{
  GArray *uids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_auto(GStrv) lines = g_strsplit (answer ? answer : "", "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (!g_str_has_prefix (lines[i], "* SEARCH"))
        continue;
      words = g_strsplit_set (lines[i] + strlen ("* SEARCH"), " \r", -1);
      for (gsize w = 0; words[w] != NULL; w++)
        {
          guint64 uid = 0;

          if (*words[w] != '\0' && g_ascii_string_to_unsigned (words[w], 10, 1, G_MAXUINT32,
                                                                &uid, NULL))
            {
              guint32 value = (guint32) uid;

              g_array_append_val (uids, value);
            }
        }
    }
  return uids;
}

/* The mailbox URL: the configured one, INBOX when it names none. */
static char *
mailbox_url (const RdMailServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  const char *path = uri ? g_uri_get_path (uri) : "";

  if (path == NULL || *path == '\0' || g_str_equal (path, "/"))
    return g_strdup_printf ("%s%sINBOX", server->url,
                            g_str_has_suffix (server->url, "/") ? "" : "/");
  return g_strdup (server->url);
}

static gboolean
perform (CURL        *curl,
         const char  *what,
         GByteArray  *out,
         GError     **error)
{
  char detail[CURL_ERROR_SIZE] = "";
  CURLcode code;

  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, out);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, detail);
  code = curl_easy_perform (curl);
  if (code != CURLE_OK)
    {
      rd_mail_curl_error (curl, code, what, detail, error);
      return FALSE;
    }
  return TRUE;
}

static int
compare_uid (gconstpointer a,
             gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autofree char *url = mailbox_url (data->server);
  g_autofree char *search = g_strdup_printf ("UID SEARCH UID %u:*", data->after + 1);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_imap_message_free);
  g_autoptr(GArray) uids = NULL;
  GError *error = NULL;
  CURL *curl = rd_mail_curl_new (data->server, url);

  (void) source;
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, search);
  if (!perform (curl, "IMAP UID SEARCH", answer, &error))
    {
      curl_easy_cleanup (curl);
      g_task_return_error (task, error);
      return;
    }
  curl_easy_cleanup (curl);
  g_byte_array_append (answer, (const guint8 *) "", 1);
  uids = rd_imap_parse_search ((const char *) answer->data);
  g_array_sort (uids, compare_uid);

  /* "N:*" always matches the last message, even one at or below @after: skip those. */
  for (guint i = 0; i < uids->len && messages->len < data->max; i++)
    {
      guint32 uid = g_array_index (uids, guint32, i);
      g_autofree char *message_url = NULL;
      g_autoptr(GByteArray) body = NULL;
      RdImapMessage *message;

      if (uid <= data->after || g_cancellable_is_cancelled (cancellable))
        continue;
      message_url = g_strdup_printf ("%s/;UID=%u", url, uid);
      body = g_byte_array_new ();
      curl = rd_mail_curl_new (data->server, message_url);
      if (!perform (curl, "IMAP UID FETCH", body, &error))
        {
          curl_easy_cleanup (curl);
          break;
        }
      curl_easy_cleanup (curl);
      message = g_new0 (RdImapMessage, 1);
      message->uid = uid;
      message->message = g_byte_array_free_to_bytes (g_steal_pointer (&body));
      g_ptr_array_add (messages, message);
    }
  /* The messages read before a failure are kept: the next round starts after them. */
  if (error != NULL && messages->len == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_pointer (task, g_steal_pointer (&messages), (GDestroyNotify) g_ptr_array_unref);
}

void
rd_imap_fetch_new_async (const RdMailServer  *server,
                         guint32              after,
                         guint                max,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  data->server = rd_mail_server_copy (server);
  data->after = after;
  data->max = MAX (max, 1);
  g_task_set_source_tag (task, rd_imap_fetch_new_async);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

GPtrArray *
rd_imap_fetch_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
