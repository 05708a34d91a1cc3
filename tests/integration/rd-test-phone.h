/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-baresip-engine.h"
#include "rd-phone.h"

G_BEGIN_DECLS

typedef gboolean (*RdTestCondition) (gpointer data);

/* Runs the main loop until @condition holds or @timeout_ms passes; FALSE on timeout. */
gboolean     rd_test_wait              (RdTestCondition  condition,
                                        gpointer         data,
                                        guint            timeout_ms);
/* Waits for @call to reach @state. */
gboolean     rd_test_wait_call_state   (RdCall          *call,
                                        RdCallState      state,
                                        guint            timeout_ms);
guint        rd_test_free_udp_port     (void);

/* One engine (a real baresip child) behind an RdPhone, with account sip:USER@127.0.0.1. */
typedef struct {
  RdBaresipEngine *engine;
  RdPhone         *phone;
  char            *user;
  GPtrArray       *calls;        /* every RdCall the phone announced */
  GPtrArray       *ended;        /* every RdCall that ended */
  GString         *dtmf;         /* digits received */
  gboolean         auto_answer;
  gboolean         auto_reject;
} RdTestEngine;

RdTestEngine *rd_test_engine_new       (const char      *user,
                                        const char      *audio_source,
                                        const char      *recordings_dir);
/* The same, recording only what rd_phone_set_recording() asks for when @record_on_demand. */
RdTestEngine *rd_test_engine_new_full  (const char      *user,
                                        const char      *audio_source,
                                        const char      *recordings_dir,
                                        gboolean         record_on_demand);
void          rd_test_engine_free      (RdTestEngine    *te);
/* "sip:USER@127.0.0.1:PORT" of the engine's current run. */
char         *rd_test_engine_uri       (RdTestEngine    *te);
RdCall       *rd_test_engine_last_call (RdTestEngine    *te);

/* sipp, the real SIP peer. */
typedef struct {
  GSubprocess *process;
  guint        port;
  char        *log_dir;
  gboolean     done;
  int          status;
} RdTestSipp;

/* @scenario: a file name in tests/integration/sipp; @remote: "127.0.0.1:PORT" or NULL
 * for a UAS. The port is free and sipp listens on it when this returns. */
RdTestSipp   *rd_test_sipp_start       (const char      *scenario,
                                        const char      *remote,
                                        GError         **error);
/* The same, for a scenario that runs @calls times (each a new SIP dialog). */
RdTestSipp   *rd_test_sipp_start_n     (const char      *scenario,
                                        const char      *remote,
                                        guint            calls,
                                        GError         **error);
/* Waits for sipp to end; TRUE when its scenario passed. */
gboolean      rd_test_sipp_wait        (RdTestSipp      *sipp,
                                        guint            timeout_ms);
void          rd_test_sipp_free        (RdTestSipp      *sipp);

/* A mono 16-bit 8 kHz sine WAV made by sox. */
char         *rd_test_make_tone        (const char      *dir,
                                        guint            hz,
                                        guint            seconds);

/* The power of @hz in @samples (Goertzel). */
double        rd_test_goertzel         (const gint16    *samples,
                                        gsize            n,
                                        guint            stride,
                                        guint            rate,
                                        double           hz);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestEngine, rd_test_engine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTestSipp, rd_test_sipp_free)

G_END_DECLS
