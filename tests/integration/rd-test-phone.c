/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "rd-test-phone.h"

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
rd_test_wait (RdTestCondition condition,
              gpointer        data,
              guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  return ok;
}

typedef struct {
  RdCall      *call;
  RdCallState  state;
} StateWait;

static gboolean
call_in_state (gpointer data)
{
  StateWait *w = data;
  return rd_call_get_state (w->call) == w->state;
}

gboolean
rd_test_wait_call_state (RdCall      *call,
                         RdCallState  state,
                         guint        timeout_ms)
{
  StateWait w = { call, state };
  gboolean ok = rd_test_wait (call_in_state, &w, timeout_ms);

  if (!ok)
    g_test_message ("call %s is %s, not %s", rd_call_get_id (call),
                    rd_call_state_to_string (rd_call_get_state (call)),
                    rd_call_state_to_string (state));
  return ok;
}

guint
rd_test_free_udp_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* --- engines ------------------------------------------------------------------------- */

static void
phone_call_added_cb (RdPhone      *phone,
                     RdCall       *call,
                     RdTestEngine *te)
{
  g_ptr_array_add (te->calls, g_object_ref (call));

  if (rd_call_get_direction (call) == RD_CALL_DIRECTION_INCOMING)
    {
      if (te->auto_answer)
        g_assert_true (rd_phone_answer (phone, call, NULL));
      else if (te->auto_reject)
        g_assert_true (rd_phone_hang_up (phone, call, NULL));
    }
}

static void
phone_call_ended_cb (RdPhone      *phone,
                     RdCall       *call,
                     RdTestEngine *te)
{
  g_ptr_array_add (te->ended, g_object_ref (call));
}

static void
phone_dtmf_cb (RdPhone      *phone,
               RdCall       *call,
               const char   *digit,
               RdTestEngine *te)
{
  g_string_append (te->dtmf, digit);
}

static gboolean
engine_ready (gpointer data)
{
  return rd_baresip_engine_get_ready (data);
}

RdTestEngine *
rd_test_engine_new (const char *user,
                    const char *audio_source,
                    const char *recordings_dir)
{
  return rd_test_engine_new_full (user, audio_source, recordings_dir, FALSE);
}

RdTestEngine *
rd_test_engine_new_full (const char *user,
                         const char *audio_source,
                         const char *recordings_dir,
                         gboolean    record_on_demand)
{
  RdTestEngine *te = g_new0 (RdTestEngine, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = g_strdup_printf ("<sip:%s@127.0.0.1>;regint=0", user);

  te->user = g_strdup (user);
  te->calls = g_ptr_array_new_with_free_func (g_object_unref);
  te->ended = g_ptr_array_new_with_free_func (g_object_unref);
  te->dtmf = g_string_new (NULL);
  te->engine = rd_baresip_engine_new ();
  rd_baresip_engine_set_audio_source (te->engine, audio_source);
  rd_baresip_engine_set_recordings_dir (te->engine, recordings_dir);
  rd_baresip_engine_set_record_on_demand (te->engine, record_on_demand);
  te->phone = rd_phone_new (RD_PHONE_BACKEND (te->engine));
  g_signal_connect (te->phone, "call-added", G_CALLBACK (phone_call_added_cb), te);
  g_signal_connect (te->phone, "call-ended", G_CALLBACK (phone_call_ended_cb), te);
  g_signal_connect (te->phone, "dtmf-received", G_CALLBACK (phone_dtmf_cb), te);

  g_assert_true (rd_phone_add_account (te->phone, account, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rd_phone_start (te->phone, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait (engine_ready, te->engine, 10000));

  return te;
}

void
rd_test_engine_free (RdTestEngine *te)
{
  if (te == NULL)
    return;

  rd_phone_stop (te->phone);
  g_signal_handlers_disconnect_by_data (te->phone, te);
  g_clear_object (&te->phone);
  g_clear_object (&te->engine);
  g_ptr_array_unref (te->calls);
  g_ptr_array_unref (te->ended);
  g_string_free (te->dtmf, TRUE);
  g_free (te->user);
  g_free (te);
}

char *
rd_test_engine_uri (RdTestEngine *te)
{
  return g_strdup_printf ("sip:%s@127.0.0.1:%u", te->user,
                          rd_baresip_engine_get_sip_port (te->engine));
}

RdCall *
rd_test_engine_last_call (RdTestEngine *te)
{
  return te->calls->len > 0 ? g_ptr_array_index (te->calls, te->calls->len - 1) : NULL;
}

/* --- sipp ------------------------------------------------------------------------------ */

static void
sipp_wait_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RdTestSipp *sipp = user_data;

  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    {
      sipp->done = TRUE;
      sipp->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                       ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : -1;
    }
}

static gboolean
udp_port_taken (gpointer data)
{
  guint port = GPOINTER_TO_UINT (data);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (loopback, port);

  return !g_socket_bind (socket, addr, FALSE, NULL);
}

RdTestSipp *
rd_test_sipp_start (const char  *scenario,
                    const char  *remote,
                    GError     **error)
{
  return rd_test_sipp_start_n (scenario, remote, 1, error);
}

static gboolean sipp_done (gpointer data);

static gboolean
uas_up_or_gone (gpointer data)
{
  RdTestSipp *sipp = data;
  return sipp->done || udp_port_taken (GUINT_TO_POINTER (sipp->port));
}

static RdTestSipp *sipp_spawn (const char  *scenario,
                               const char  *remote,
                               guint        calls,
                               GError     **error);

RdTestSipp *
rd_test_sipp_start_n (const char  *scenario,
                      const char  *remote,
                      guint        calls,
                      GError     **error)
{
  /* sipp exits at once when a port it wants (SIP, or media at -mp and +2) was taken in
   * the meantime: try again on other random ports, a bounded number of times. */
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      RdTestSipp *sipp = sipp_spawn (scenario, remote, calls, error);

      if (sipp == NULL)
        return NULL;
      if (remote != NULL)
        return sipp;
      /* A UAS must be listening before the engine calls it. */
      if (rd_test_wait (uas_up_or_gone, sipp, 5000) && !sipp->done)
        return sipp;
      g_test_message ("sipp %s did not come up on port %u (attempt %u)", scenario,
                      sipp->port, attempt + 1);
      rd_test_sipp_free (sipp);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sipp %s would not start", scenario);
  return NULL;
}

static RdTestSipp *
sipp_spawn (const char  *scenario,
            const char  *remote,
            guint        calls,
            GError     **error)
{
  RdTestSipp *sipp = g_new0 (RdTestSipp, 1);
  g_autofree char *path = g_build_filename (g_getenv ("RD_TEST_SOURCE_DIR"), "tests",
                                            "integration", "sipp", scenario, NULL);
  g_autofree char *port = NULL;
  g_autofree char *media_port = NULL;
  g_autofree char *err_file = NULL;
  g_autofree char *n_calls = g_strdup_printf ("%u", calls);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  sipp->port = rd_test_free_udp_port ();
  sipp->log_dir = g_dir_make_tmp ("rd-sipp-XXXXXX", NULL);
  port = g_strdup_printf ("%u", sipp->port);
  media_port = g_strdup_printf ("%u", rd_test_free_udp_port () & ~1u);
  err_file = g_build_filename (sipp->log_dir, "errors.log", NULL);

  g_ptr_array_add (argv, (char *) "sipp");
  if (remote != NULL)
    g_ptr_array_add (argv, (char *) remote);
  g_ptr_array_add (argv, (char *) "-sf");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (char *) "-i");
  g_ptr_array_add (argv, (char *) "127.0.0.1");
  g_ptr_array_add (argv, (char *) "-mi");
  g_ptr_array_add (argv, (char *) "127.0.0.1");
  g_ptr_array_add (argv, (char *) "-p");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, (char *) "-mp");
  g_ptr_array_add (argv, media_port);
  g_ptr_array_add (argv, (char *) "-m");
  g_ptr_array_add (argv, n_calls);
  g_ptr_array_add (argv, (char *) "-timeout");
  g_ptr_array_add (argv, (char *) "40s");
  g_ptr_array_add (argv, (char *) "-timeout_error");
  g_ptr_array_add (argv, (char *) "-nostdin");
  g_ptr_array_add (argv, (char *) "-trace_err");
  g_ptr_array_add (argv, (char *) "-error_file");
  g_ptr_array_add (argv, err_file);
  g_ptr_array_add (argv, NULL);

  sipp->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                     | G_SUBPROCESS_FLAGS_STDERR_SILENCE, error);
  if (sipp->process == NULL)
    {
      rd_test_sipp_free (sipp);
      return NULL;
    }
  g_subprocess_wait_async (sipp->process, NULL, sipp_wait_cb, sipp);
  return sipp;
}

static gboolean
sipp_done (gpointer data)
{
  return ((RdTestSipp *) data)->done;
}

gboolean
rd_test_sipp_wait (RdTestSipp *sipp,
                   guint       timeout_ms)
{
  if (!rd_test_wait (sipp_done, sipp, timeout_ms))
    {
      g_test_message ("sipp did not finish in %u ms", timeout_ms);
      return FALSE;
    }
  if (sipp->status != 0)
    {
      g_autofree char *err_file = g_build_filename (sipp->log_dir, "errors.log", NULL);
      g_autofree char *errors = NULL;

      g_file_get_contents (err_file, &errors, NULL, NULL);
      g_test_message ("sipp exit status %d: %s", sipp->status, errors != NULL ? errors : "");
    }
  return sipp->status == 0;
}

void
rd_test_sipp_free (RdTestSipp *sipp)
{
  if (sipp == NULL)
    return;

  if (sipp->process != NULL && !sipp->done)
    {
      g_subprocess_force_exit (sipp->process);
      rd_test_wait (sipp_done, sipp, 5000);
    }
  g_clear_object (&sipp->process);
  if (sipp->log_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (sipp->log_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (sipp->log_dir, name, NULL);
          g_remove (file);
        }
      g_rmdir (sipp->log_dir);
      g_free (sipp->log_dir);
    }
  g_free (sipp);
}

/* --- audio ------------------------------------------------------------------------------ */

char *
rd_test_make_tone (const char *dir,
                   guint       hz,
                   guint       seconds)
{
  g_autofree char *name = g_strdup_printf ("tone-%u.wav", hz);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *freq = g_strdup_printf ("%u", hz);
  g_autofree char *length = g_strdup_printf ("%u", seconds);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sox =
    g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sox", "-n", "-r", "8000", "-c", "1",
                      "-b", "16", path, "synth", length, "sine", freq, "vol", "0.5", NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (sox, NULL, &error));
  g_assert_no_error (error);
  return path;
}

double
rd_test_goertzel (const gint16 *samples,
                  gsize         n,
                  guint         stride,
                  guint         rate,
                  double        hz)
{
  double coeff = 2.0 * cos (2.0 * G_PI * hz / rate);
  double s1 = 0.0, s2 = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      double s0 = samples[i * stride] + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}
