/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "rd-fuzz-server.h"

static GMutex lock;
static GBytes *answer;
static guint answers_left;
static char *url;

static const char unavailable[] =
  "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/* The request head up to its blank line, then as many body bytes as it announces. */
static void
read_request (int fd)
{
  g_autoptr(GString) in = g_string_new (NULL);
  char buf[4096];
  const char *end = NULL;
  gsize want = 0;
  ssize_t n;

  while ((end = strstr (in->str, "\r\n\r\n")) == NULL)
    {
      if ((n = recv (fd, buf, sizeof buf, 0)) <= 0)
        return;
      g_string_append_len (in, buf, n);
    }
  for (const char *p = in->str; p < end; p = strstr (p, "\r\n") + 2)
    if (g_ascii_strncasecmp (p, "Content-Length:", 15) == 0)
      want = g_ascii_strtoull (p + 15, NULL, 10);
  want += (end + 4) - in->str;
  while (in->len < want && (n = recv (fd, buf, sizeof buf, 0)) > 0)
    g_string_append_len (in, buf, n);
}

static void
write_all (int         fd,
           const char *data,
           gsize       size)
{
  while (size > 0)
    {
      ssize_t n = send (fd, data, size, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;  /* the client gave up on the answer: fine */
      data += n, size -= n;
    }
}

static gpointer
serve_cb (gpointer user_data)
{
  int listener = GPOINTER_TO_INT (user_data);

  for (;;)
    {
      g_autoptr(GBytes) bytes = NULL;
      struct timeval tv = { 2, 0 };
      char buf[4096];
      int fd = accept (listener, NULL, NULL);

      if (fd < 0)
        continue;
      setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      read_request (fd);

      g_mutex_lock (&lock);
      if (answers_left > 0)
        {
          answers_left--;
          bytes = g_bytes_ref (answer);
        }
      g_mutex_unlock (&lock);

      if (bytes != NULL)
        write_all (fd, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      else
        write_all (fd, unavailable, sizeof unavailable - 1);

      /* End the answer, then wait for the client to close, so that it never sees a reset. */
      shutdown (fd, SHUT_WR);
      while (recv (fd, buf, sizeof buf, 0) > 0)
        ;
      close (fd);
    }
  return NULL;
}

const char *
rd_fuzz_server_url (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd;

  if (url != NULL)
    return url;

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert (fd >= 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
  g_assert (listen (fd, 16) == 0);
  g_assert (getsockname (fd, (struct sockaddr *) &addr, &len) == 0);
  url = g_strdup_printf ("http://127.0.0.1:%u", ntohs (addr.sin_port));
  g_thread_unref (g_thread_new ("rd-fuzz-server", serve_cb, GINT_TO_POINTER (fd)));
  return url;
}

void
rd_fuzz_server_answer (const uint8_t *data,
                       size_t         size,
                       guint          n_answers)
{
  g_mutex_lock (&lock);
  g_clear_pointer (&answer, g_bytes_unref);
  answer = g_bytes_new (data, size);
  answers_left = n_answers;
  g_mutex_unlock (&lock);
}
