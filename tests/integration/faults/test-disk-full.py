#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Disk full and read-only (docs/reliability.md). A database that cannot grow stands for a
full disk: RD_SQLITE_MAX_PAGES=N caps every RdStore of the process at N pages (SQLite's
max_page_count), set just above the file's size. A read-only replica is a read-only bind
mount of its folder (root, which ignores file modes) or a folder without write permission.

  - an import into a full replica fails with a clear error, nothing of it is written, and
    the same import works once space returns;
  - a pull into a full replica fails clearly, the replica keeps its cursor, and the next
    sync with space converges;
  - a push to a full server is answered 507 storage-full with a clear message, nothing of
    the batch is applied, the replica keeps its outbox, and a server with space takes it all;
  - a read-only replica refuses edits and syncs clearly and its file is not touched.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN."""

import hashlib
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import *  # noqa: E402,F401,F403

FULL_WORDS = 'no space left for the database, nothing was written'
RO_WORDS = 'cannot be written (read-only'


def pages(path):
    db = sqlite3.connect('file:%s?mode=ro' % path, uri=True, timeout=10)
    try:
        return db.execute('PRAGMA page_count').fetchone()[0]
    finally:
        db.close()


def limit(path, more=4):
    """The environment for a database at @path that may grow by @more pages only."""
    return {'RD_SQLITE_MAX_PAGES': str(pages(path) + more)}


def write_csv(name, prefix, n, phones):
    path = os.path.join(T, name)
    with open(path, 'w') as f:
        f.write('name,phone,email\n')
        for i in range(n):
            f.write('%s-%04d,+7%s%07d,%s%d@example.com\n' % (prefix, i, phones, i, prefix, i))
    return path


def digest(folder):
    h = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        if os.path.isfile(p):
            with open(p, 'rb') as f:
                h.update(name.encode() + f.read())
    return h.hexdigest()


def read_only(replica, *args):
    """ringdesk-cli on @replica with its folder read-only: (exit status, stderr)."""
    if os.geteuid() == 0:
        if shutil.which('unshare') is None:
            return None
        argv = ['unshare', '-m', 'sh', '-c',
                'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
                replica.dir, CLI, '--replica', replica.dir, '--server', replica.server.url] + list(args)
        r = subprocess.run(argv, text=True, capture_output=True, timeout=60)
        if 'mount' in r.stderr and 'permission denied' in r.stderr.lower():
            return None
        return r.returncode, r.stderr
    modes = {}
    for p in [replica.dir] + [os.path.join(replica.dir, n) for n in os.listdir(replica.dir)]:
        modes[p] = os.stat(p).st_mode
        os.chmod(p, modes[p] & ~0o222)
    try:
        rc, _, err = replica.cli(*args)
    finally:
        for p, m in modes.items():
            os.chmod(p, m)
    return rc, err


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
    a.must('sync')
    b.must('sync')
    adb = os.path.join(a.dir, 'replica.db')
    acked = []

    # ---- an import into a full replica ---------------------------------------------------------
    csv = write_csv('first.csv', 'dfull', 2000, '918')
    rc, out, err = a.cli('import', 'contacts', csv, '--map', 'name=1,phone=2,email=3',
                         env=limit(adb))
    check(rc != 0 and FULL_WORDS in err, 'an import into a full replica fails clearly (exit %d: %s)'
          % (rc, err.strip()[-160:]))
    n = a.rows("SELECT count(*) FROM contacts WHERE name LIKE 'dfull-%'")[0][0]
    check(n == 0 and a.outbox() == 0, 'nothing of it is in the replica (%d rows, outbox %d)'
          % (n, a.outbox()))
    a.must('import', 'contacts', csv, '--map', 'name=1,phone=2,email=3')
    acked.extend('dfull-%04d' % i for i in range(2000))
    check(a.rows("SELECT count(*) FROM contacts WHERE name LIKE 'dfull-%'")[0][0] == 2000,
          'with space back the same import takes all 2000 rows')

    # ---- a pull into a full replica -------------------------------------------------------------
    a.must('sync')
    bdb = os.path.join(b.dir, 'replica.db')
    cursor = b.rows("SELECT value FROM meta WHERE key = 'sync.cursor'")
    rc, out, err = b.cli('sync', env=limit(bdb))
    check(rc != 0 and FULL_WORDS in err, 'a pull into a full replica fails clearly (exit %d: %s)'
          % (rc, err.strip()[-160:]))
    check(b.rows("SELECT value FROM meta WHERE key = 'sync.cursor'") == cursor,
          'the full replica keeps its cursor: the batch comes again')
    converged(server, (a, b), 'dfull', acked, 'pull with space back')

    # ---- a push to a full server --------------------------------------------------------------
    csv2 = write_csv('second.csv', 'sfull', 3000, '919')
    a.must('import', 'contacts', csv2, '--map', 'name=1,phone=2,email=3')
    outbox = a.outbox()
    merged = os.path.join(server.data, 'merged.db')
    server.kill()
    server.up(env=limit(merged, 8))
    rc, out, err = a.cli('sync', '--batch', '5000')
    check(rc != 0 and '507' in err and 'disk is full' in err,
          'a push to a full server fails with 507 and says so (exit %d: %s)' % (rc, err.strip()[-200:]))
    check(a.outbox() == outbox, 'the replica keeps its whole outbox (%d of %d)' % (a.outbox(), outbox))
    n = server.merged("SELECT count(*) FROM contacts WHERE name LIKE 'sfull-%'")[0][0]
    check(n == 0, 'nothing of the refused batch is on the server (%d rows)' % n)
    server.kill()
    server.up()
    acked.extend('sfull-%04d' % i for i in range(3000))
    converged(server, (a, b), 's', [x for x in acked if x.startswith('s')], 'push with space back')

    # ---- a read-only replica -------------------------------------------------------------------
    b.must('sync')
    before = digest(b.dir)
    got = read_only(b, 'contact', 'add', 'ro-edit')
    if got is None:
        check(True, '# SKIP no way to make a folder read-only here')
    else:
        rc, err = got
        check(rc != 0 and RO_WORDS in err, 'an edit on a read-only replica fails clearly (exit %d: %s)'
              % (rc, err.strip()[-160:]))
        rc, err = read_only(b, 'sync')
        check(rc != 0 and RO_WORDS in err, 'a sync of a read-only replica fails clearly (exit %d: %s)'
              % (rc, err.strip()[-160:]))
        check(digest(b.dir) == before, 'the read-only replica\'s files are untouched')
        b.must('contact', 'add', 'ro-edit')
        converged(server, (a, b), 'ro-', ['ro-edit'], 'writable again')

    stop_cleanly(server)
    return finish()


run(main)
