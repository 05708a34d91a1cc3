/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rd-web-fetch.h"

/* How long a fetch may take before it is given up. */
#define FETCH_TIMEOUT_S 60

typedef struct {
  SoupSession *session;
  SoupMessage *msg;
  gsize        max_bytes;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_clear_object (&f->msg);
  g_clear_object (&f->session);
  g_free (f);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = soup_message_get_status (f->msg);

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status < 200 || status >= 300)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               /* Translators: a web address answered with an error, e.g.
                                * "The address answered 404 Not Found." */
                               _("The address answered %u %s."), status,
                               soup_message_get_reason_phrase (f->msg));
      return;
    }
  if (g_bytes_get_size (body) > f->max_bytes)
    {
      g_autofree char *limit = g_format_size (f->max_bytes);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               _("The file at that address is larger than %s."), limit);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

void
rd_web_fetch_async (const char          *url,
                    gsize                max_bytes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  Fetch *f;

  g_task_set_source_tag (task, rd_web_fetch_async);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("This is not a web address (http:// or https://)."));
      return;
    }
  f = g_new0 (Fetch, 1);
  f->max_bytes = max_bytes;
  f->session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_S, NULL);
  f->msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  soup_session_send_and_read_async (f->session, f->msg, G_PRIORITY_DEFAULT, cancellable,
                                    read_cb, g_steal_pointer (&task));
}

GBytes *
rd_web_fetch_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
