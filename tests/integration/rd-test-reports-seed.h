/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-test-server.h"

G_BEGIN_DECLS

/* The seeded call center of test-server-reports.c: a real server with two teams' campaigns
 * and three days of agent states and call rows drawn from a fixed seed, written straight
 * into callcenter.db while the server is stopped. The seeded rows stay in the fixture for
 * the test to work its expected figures out from. */

#define SECOND  G_GINT64_CONSTANT (1000)
#define HOUR    (3600 * SECOND)
#define DAY     (24 * HOUR)

typedef struct {
  gint64      id;
  const char *agent;
  const char *campaign;
  const char *state;
  const char *reason;
  gint64      start, end;
} State;

typedef struct {
  char       *id;
  const char *campaign;
  const char *agent;      /* NULL: never reached an agent */
  char       *number;
  gint64      created, answered, bridged, ended;
  const char *result;
  const char *disposition;
  gboolean    manual;
  const char *notes;
} Call;

typedef struct {
  RdTestServer *server;
  char         *admin, *manager, *other, *agent;
  char         *north, *south;   /* campaign ids */
  GArray       *states;
  GPtrArray    *calls;
  GRand        *rand;
  gint64        day0;
  sqlite3      *db;
  guint         special;          /* calls to +49301234567 */
} Fixture;

void            rd_test_reports_setup    (Fixture       *fx,
                                          gconstpointer  data);
void            rd_test_reports_teardown (Fixture       *fx,
                                          gconstpointer  data);
/* GET of a printf-formatted path with @token (NULL: none). */
RdTestResponse *rd_test_reports_get      (Fixture       *fx,
                                          const char    *token,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (3, 4);
/* The body's object; the "rows" of a 200 answer (fails the test otherwise). */
JsonObject     *rd_test_reports_body     (RdTestResponse *response);
JsonArray      *rd_test_reports_rows     (RdTestResponse *response);
/* The length of [a0, a1) ∩ [b0, b1). */
gint64          rd_test_reports_overlap  (gint64 a0,
                                          gint64 a1,
                                          gint64 b0,
                                          gint64 b1);

G_END_DECLS
