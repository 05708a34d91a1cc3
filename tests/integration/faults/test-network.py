#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Network faults between a replica and its server (docs/reliability.md): the replica's
ringdesk-cli (the core sync client the app runs) talks through a loopback proxy
(rdproxy.py) that delays, refuses connections, cuts answers mid-way (push, pull, snapshot)
and stops answering. Each fault either passes slowly or fails within a bound (the client's
--timeout), changes nothing it should not, and the next sync through a healthy link
converges: every acknowledged edit once on the server and on both replicas, checksums equal.
A flaky link (a third of the connections cut at a random byte) converges by plain retries.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import *  # noqa: E402,F401,F403
from rdproxy import Proxy  # noqa: E402

TIMEOUT = 3   # the client's --timeout in this test


def main():
    if not need(binaries=(SERVER, CLI)):
        return 0
    server = SyncServer()
    for user in ('ann', 'bob', 'cid'):
        server.admin('user', 'add', user, '--role', 'admin', password=user + '-password')
    server.up()
    proxy = Proxy(server.port)
    a, b = Replica('a', server, proxy.url), Replica('b', server)
    a.login('ann', 'ann-password')
    b.login('bob', 'bob-password')
    acked = []
    rnd = [0]

    def edits(n, replica=a):
        rnd[0] += 1
        for i in range(n):
            name = 'n%03d-%02d' % (rnd[0], i)
            replica.must('contact', 'add', name)
            acked.append(name)

    def timed_sync(replica, *args):
        t0 = time.monotonic()
        rc, out, err = replica.cli('sync', '--timeout', str(TIMEOUT), *args, timeout=120)
        return rc, err, time.monotonic() - t0

    # ---- a slow link: every chunk held 150 ms each way -----------------------------------------
    edits(20)
    edits(5, b)
    b.must('sync')
    proxy.set('delay', ms=150)
    rc, err, took = timed_sync(a, '--batch', '5')
    check(rc == 0, 'a sync over a slow link succeeds (%.1f s)' % took)
    proxy.set('pass')
    converged(server, (a, b), 'n', acked, 'slow link')

    # ---- faults that fail a sync: within the bound, nothing lost -------------------------------
    cases = [('refuse', {}, 'connections dropped at once'),
             ('cut', {'after': 0}, 'the push reaches the server, the answer never comes back'),
             ('cut', {'after': 30}, 'the answer cut inside its status line and headers'),
             ('cut', {'after': 700}, 'the answer cut inside its body'),
             ('stall', {}, 'the server stops answering')]
    for mode, params, what in cases:
        edits(8)
        edits(2, b)
        b.must('sync')
        proxy.set(mode, **params)
        rc, err, took = timed_sync(a, '--batch', '3')
        # a stalled request fails after TIMEOUT; a refused one at once; one retry at most
        bound = 2 * TIMEOUT + 5
        check(rc != 0 and took < bound, '%s: the sync fails within %d s (exit %d after %.1f s: %s)'
              % (what, bound, rc, took, err.strip()[-120:]))
        proxy.set('pass')
        converged(server, (a, b), 'n', acked, 'after ' + what)

    # ---- a snapshot cut mid-stream ------------------------------------------------------------
    c = Replica('c', server, proxy.url)
    c.login('cid', 'cid-password')
    proxy.set('cut', after=20000)
    rc, err, took = timed_sync(c)
    check(rc != 0 and ('snapshot' in err or 'shorter' in err) and
          not c.rows("SELECT value FROM meta WHERE key = 'sync.cursor'"),
          'a snapshot cut after 20 kB fails, says so and sets no cursor (exit %d: %s)'
          % (rc, err.strip()[-120:]))
    proxy.set('pass')
    converged(server, (a, b, c), 'n', acked, 'after a cut snapshot')

    # ---- a flaky link: plain retries converge ---------------------------------------------------
    edits(30)
    edits(10, b)
    proxy.set('flaky', p=0.35, seed=18)
    tries, t0 = 0, time.monotonic()
    for tries in range(1, 41):
        rc, err, took = timed_sync(a, '--batch', '4')
        if rc == 0:
            b.must('sync')
            rc, err, took = timed_sync(a, '--batch', '4')
            if rc == 0:
                break
    check(rc == 0, 'over a flaky link (%d connections, %d cut) the sync succeeds after %d tries '
          'in %.1f s' % (proxy.connections, proxy.faults, tries, time.monotonic() - t0))
    rc, out, err = a.cli('--json', 'sync', '--verify', '--timeout', str(TIMEOUT))
    for attempt in range(20):
        if rc == 0:
            break
        rc, out, err = a.cli('--json', 'sync', '--verify', '--timeout', str(TIMEOUT))
    check(rc == 0 and '"ok": true' in out, 'and the checksums match the server\'s over it')
    proxy.set('pass')
    converged(server, (a, b, c), 'n', acked, 'after the flaky link')

    stop_cleanly(server)
    return finish()


run(main)
