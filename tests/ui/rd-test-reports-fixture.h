/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-test-server.h"
#include "rd-window.h"

G_BEGIN_DECLS

/* What the report windows' and the live boards' ui tests share: a real ringdesk-server on
 * loopback whose callcenter.db holds a seeded day (yesterday, UTC): one agent's hour of
 * states and her one call (a sale, recorded), 250 dialer attempts of known results and
 * dispositions, and 10 calls today for the boards; the app signed in as a manager. The
 * figures the tests expect are the seed's, written out in them, not read back through the
 * server's SQL. Runs under tests/run-with-keyring.sh. */

#define MIRA_PASSWORD "mira's long password"
#define OLGA_PASSWORD "olga's long password"



/* The seed's dialer attempts yesterday, and Olga's states then (test-reports.c checks
 * them). */
#define DIALER_CALLS 250
#define N_OLGA_STATES 6
typedef struct { const char *state; const char *reason; gint64 seconds; } RdReportsFixtureState;
extern const RdReportsFixtureState olga_states[N_OLGA_STATES];

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *campaign_id;
  char         *queue_id;        /* "Support": 4 calls yesterday (rd-test-reports-fixture.c) */
  char         *yesterday;       /* YYYY-MM-DD (UTC: the tests run in UTC) */
  gint64        day_ms;          /* yesterday 00:00 UTC */
  RdWindow     *window;
  const char   *user;
  const char   *password;
  const char   *suffix;          /* of the screenshots: "" or "-russian" */
  void        (*scenario) (gpointer fixture);
} ReportsFixture;

void       rd_reports_fixture_setup    (ReportsFixture *f,
                                        gconstpointer   data);
void       rd_reports_fixture_teardown (ReportsFixture *f,
                                        gconstpointer   data);
/* Signs in as f->user and waits for the workspace. */
void       rd_reports_fixture_sign_in  (ReportsFixture *f);
gboolean   rd_reports_fixture_workspace_shown (gpointer window);
GtkWidget *rd_reports_fixture_window_child (ReportsFixture *f,
                                            const char     *name);
void       rd_reports_fixture_settle   (ReportsFixture *f);
/* Saves the window as NAME (and the fixture's suffix).png, settled first. */
void       rd_reports_fixture_screenshot (ReportsFixture *f,
                                          const char     *name);
/* Calls the server as @user; a status other than 200 or 201 fails the test. */
void       rd_reports_fixture_api_ok   (ReportsFixture *f,
                                        const char     *user,
                                        const char     *password,
                                        const char     *method,
                                        const char     *path,
                                        const char     *json);
/* Runs the app signed in as @user with @scenario on its window; in Russian too. */
void       rd_reports_fixture_run_app  (ReportsFixture *f,
                                        const char     *user,
                                        const char     *password,
                                        void          (*scenario) (gpointer fixture));
void       rd_reports_fixture_in_russian (ReportsFixture *f,
                                          void          (*scenario) (gpointer fixture));

G_END_DECLS
