# SPDX-License-Identifier: GPL-3.0-or-later
"""What the fault tests share (docs/reliability.md): a sync-only ringdesk-server that can be
killed and started again on its folder and port, replicas driven by ringdesk-cli (the same
core sync the app runs) with kill points set through RD_KILL_AT, and the checks that a fault
lost nothing: every acknowledged edit once on every side, checksums equal."""

import os
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'dialer'))
from peers import *  # noqa: E402,F401,F403  (TAP, spawn, ports, the server)

CLI = os.environ.get('RD_CLI_BIN', '')
KILLED = -9


class SyncServer(Server):
    """A ringdesk-server with no switch on a fixed loopback port, so replicas logged in
    once reach it again after every restart."""

    def __init__(self, name='server'):
        super().__init__(os.path.join(T, 'data-' + name), None)
        os.makedirs(self.data)
        self.name = name
        self.port = free_port(socket.SOCK_STREAM)
        self.url = 'http://127.0.0.1:%d' % self.port

    def up(self, env=None, extra=()):
        self.start(self.name, extra, listen='127.0.0.1:%d' % self.port, env=env)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait(10)

    def wait_dead(self, timeout=20):
        """The exit status once the server died by itself (a kill point), or None."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def merged(self, sql, args=()):
        db = sqlite3.connect('file:%s?mode=ro' % os.path.join(self.data, 'merged.db'), uri=True,
                             timeout=10)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()


class Replica:
    """A replica folder worked by ringdesk-cli."""

    def __init__(self, name, server, url=None):
        self.name = name
        self.dir = os.path.join(T, 'replica-' + name)
        self.server = server
        self.url = url or server.url   # a proxy's, for the network faults

    def cli(self, *args, env=None, stdin=None, timeout=120):
        """(exit status, stdout, stderr) of ringdesk-cli on this replica; -9: killed."""
        r = subprocess.run([CLI, '--replica', self.dir, '--server', self.url] + list(args),
                           input=stdin, text=True, capture_output=True, timeout=timeout,
                           env=dict(os.environ, **env) if env else None)
        with open(os.path.join(T, 'cli-%s.log' % self.name), 'a') as f:
            f.write('$ %s %s\n%s%s(exit %d)\n' % (' '.join(args), env or '', r.stdout, r.stderr,
                                                r.returncode))
        return r.returncode, r.stdout, r.stderr

    def must(self, *args, **kw):
        rc, out, err = self.cli(*args, **kw)
        if rc != 0:
            bail('%s: ringdesk-cli %s: exit %d: %s' % (self.name, ' '.join(args), rc, err))
        return out

    def login(self, user, password):
        self.must('login', user, stdin=password + '\n')

    def rows(self, sql, args=()):
        db = sqlite3.connect('file:%s?mode=ro' % os.path.join(self.dir, 'replica.db'), uri=True,
                             timeout=10)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def outbox(self):
        return self.rows('SELECT count(*) FROM outbox')[0][0]


def names_once(where, rows, expected):
    """Every name of @expected exactly once in @rows ((name, count) ...), no other."""
    counts = dict(rows)
    missing = [n for n in expected if counts.get(n, 0) == 0]
    doubled = [n for n, c in counts.items() if c > 1]
    extra = [n for n in counts if n not in expected]
    ok = not missing and not doubled and not extra
    if not ok:
        log('%s: missing %s, doubled %s, unexpected %s' % (where, missing[:5], doubled[:5],
                                                          extra[:5]))
    return ok


def converged(server, replicas, prefix, expected, what):
    """Each replica syncs (checksums verified against the server's), and the server and every
    replica hold each name of @expected (contacts named @prefix...) exactly once."""
    ok = True
    for r in replicas:   # a first round pushes what each holds, the second pulls the rest
        rc, out, err = r.cli('sync')
        ok &= check(rc == 0, '%s: %s syncs (exit %d)' % (what, r.name, rc))
    for r in replicas:
        rc, out, err = r.cli('--json', 'sync', '--verify')
        ok &= check(rc == 0 and '"ok": true' in out, '%s: %s syncs, checksums match the server'
                    % (what, r.name))
    sql = ('SELECT name, count(*) FROM contacts WHERE name LIKE ? AND deleted = 0 GROUP BY name')
    ok &= check(names_once('server', server.merged(sql, (prefix + '%',)), expected),
                '%s: the server holds each of the %d acknowledged edits once' % (what, len(expected)))
    for r in replicas:
        ok &= check(names_once(r.name, r.rows(sql, (prefix + '%',)), expected) and r.outbox() == 0,
                    '%s: %s holds each once, its outbox empty' % (what, r.name))
    return ok
