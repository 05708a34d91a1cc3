#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill matrix of sync and import (docs/reliability.md): SIGKILL at named kill points
(RD_KILL_AT=NAME[@N], compiled into core and the server, inert unless set) in the replica's
sync (ringdesk-cli: the core sync client the app runs), a local edit, a CSV import, a new
replica's snapshot, and the server's push; then a restart and the proof: every acknowledged
edit once on the server and on both replicas, nothing half-written, outboxes empty and the
checksums of both replicas equal to the server's.

RD_FAULTS_FULL=1 runs each point at more passes (the larger matrix; tools/faults).
Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import *  # noqa: E402,F401,F403

FULL = os.environ.get('RD_FAULTS_FULL') == '1'
TRIED = []


def kill_at(point):
    TRIED.append(point)
    return {'RD_KILL_AT': point}


def main():
    if not need(binaries=(SERVER, CLI)):
        return 0
    server = SyncServer()
    for user in ('ann', 'bob'):
        server.admin('user', 'add', user, '--role', 'admin', password=user + '-password')
    server.up()
    a, b = Replica('a', server), Replica('b', server)
    a.login('ann', 'ann-password')
    b.login('bob', 'bob-password')
    acked = []   # names of contacts whose `contact add` returned: acknowledged edits
    rnd = [0]

    def edits(n, replica=a):
        rnd[0] += 1
        for i in range(n):
            name = 'k%03d-%02d' % (rnd[0], i)
            replica.must('contact', 'add', name, '--phone', '+7916%07d' % (rnd[0] * 100 + i))
            acked.append(name)

    # ---- the replica's sync killed -----------------------------------------------------------
    points = [('push.before-send', [1, 2] if FULL else [1]),
              ('push.after-answer', [1, 2, 3] if FULL else [2]),
              ('push.after-ack', [1, 2] if FULL else [1]), ('pull.before-commit', [1]),
              ('pull.after-commit', [1]),
              ('store.before-commit', [1, 2, 3, 4, 5] if FULL else [2]),
              ('store.after-commit', [1, 2, 3, 4, 5] if FULL else [1])]
    for point, passes in points:
        for n in passes:
            # edits on both sides so that the sync both pushes (several batches) and pulls
            edits(12)
            edits(3, b)
            b.must('sync')
            rc, _, err = a.cli('sync', '--batch', '5', env=kill_at('%s@%d' % (point, n)))
            check(rc == KILLED and 'killed at ' + point in err,
                  'the replica\'s sync is killed at %s@%d (exit %d)' % (point, n, rc))
            converged(server, (a, b), 'k', acked, 'after %s@%d' % (point, n))

    # ---- a local edit killed ---------------------------------------------------------------
    rnd[0] += 1
    rc, _, err = a.cli('contact', 'add', 'k%03d-lost' % rnd[0], env=kill_at('store.before-commit'))
    check(rc == KILLED, 'contact add killed before its commit (exit %d)' % rc)
    rc, _, err = a.cli('contact', 'add', 'k%03d-kept' % rnd[0], env=kill_at('store.after-commit'))
    check(rc == KILLED, 'contact add killed after its commit (exit %d)' % rc)
    acked.append('k%03d-kept' % rnd[0])   # committed: it must reach everyone once
    converged(server, (a, b), 'k', acked, 'after a killed contact add')

    # ---- an import killed mid-file: nothing half-written, then the whole file once -----------
    rows = 700
    csv = os.path.join(T, 'import.csv')
    with open(csv, 'w') as f:
        f.write('name,phone\n')
        for i in range(rows):
            f.write('kimp-%04d,+7917%07d\n' % (i, i))
    for n in ([1, 2] if FULL else [1]):
        rc, _, err = a.cli('import', 'contacts', csv, '--map', 'name=1,phone=2',
                           env=kill_at('import.batch@%d' % n))
        check(rc == KILLED, 'the import is killed after %d batch(es) of 256 rows (exit %d)'
              % (n, rc))
        half = a.rows("SELECT count(*) FROM contacts WHERE name LIKE 'kimp-%'")[0][0]
        check(half == 0 and a.outbox() == 0,
              'nothing of the killed import is in the replica (%d rows, outbox %d)'
              % (half, a.outbox()))
    rc, _, err = a.cli('import', 'contacts', csv, '--map', 'name=1,phone=2',
                       env=kill_at('store.after-commit'))
    check(rc == KILLED, 'the import is killed right after its commit (exit %d)' % rc)
    acked.extend('kimp-%04d' % i for i in range(rows))
    converged(server, (a, b), 'k', acked, 'after the killed imports')

    # ---- the server killed mid-push ----------------------------------------------------------
    spoints = [('server.push.before-commit', [1, 2, 3, 4] if FULL else [2]),
               ('server.push.after-commit', [1, 2, 3, 4] if FULL else [1]),
               ('store.after-commit', [1, 2, 3] if FULL else [2])]
    for point, passes in spoints:
        for n in passes:
            edits(15)
            server.kill()
            server.up(env=kill_at('%s@%d' % (point, n)))
            rc, _, err = a.cli('sync', '--batch', '4')
            status = server.wait_dead()
            check(rc != 0 and status == KILLED,
                  'the server dies at %s@%d mid-push (server exit %s, sync exit %d)'
                  % (point, n, status, rc))
            server.up()
            converged(server, (a, b), 'k', acked, 'after the server\'s %s@%d' % (point, n))

    # ---- a new replica's snapshot killed ------------------------------------------------------
    c = Replica('c', server)
    server.admin('user', 'add', 'cid', '--role', 'admin', password='cid-password')
    c.login('cid', 'cid-password')
    for n in ([1, 100, 300, 500, 800] if FULL else [300]):
        rc, _, err = c.cli('sync', env=kill_at('snapshot.row@%d' % n))
        check(rc == KILLED, 'the new replica\'s snapshot is killed at row %d (exit %d)' % (n, rc))
    rc, _, err = c.cli('sync', env=kill_at('snapshot.before-cursor'))
    check(rc == KILLED, 'the snapshot is killed before its cursor is set (exit %d)' % rc)
    converged(server, (a, b, c), 'k', acked, 'after the killed snapshots')

    log('kill points tried: %d (%s)' % (len(TRIED), ', '.join(TRIED)))
    print('# kill points tried: %d' % len(TRIED))
    stop_cleanly(server)
    return finish()


run(main)
