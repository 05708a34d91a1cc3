#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replication under attack, against a real ringdesk-server on loopback (issue 18, security
review): pushes to the tables that mirror accounts (users, teams) are refused per change with
the reason, for every role, while the rest of the batch applies; the server writes the users
record itself (an account's e-mail address); a replica hears only of rows it may see (no
evict of a row it never held).

Output is TAP. Needs: RD_SERVER_BIN.
"""

import os
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'portal'))
from rdtap import check, finish, run  # noqa: E402
from portalkit import Server  # noqa: E402

HLC = [int(time.time() * 1000) << 16]


def hlc():
    HLC[0] += 1
    return HLC[0]


class Replica:
    """A replica as the protocol sees it: a site, a cursor and the rows it holds."""

    def __init__(self, server, user):
        self.server, self.user = server, user
        self.site = str(uuid.uuid4())
        self.since = 0
        self.rows = set()
        self.evicted = []
        self.schema = server.call('GET', '/sync/pull?since=0&limit=1', user)[1]['schema']

    def push(self, changes):
        body = {'schema': self.schema, 'site': self.site,
                'changes': [{'op': i + 1, 'table': t, 'id': r, 'field': f, 'value': v, 'hlc': hlc()}
                            for i, (t, r, f, v) in enumerate(changes)]}
        return self.server.call('POST', '/sync/push', self.user, body)

    def pull(self):
        while True:
            status, body = self.server.call('GET', '/sync/pull?since=%d' % self.since, self.user)
            assert status == 200, body
            for c in body['changes']:
                if c.get('evict'):
                    self.evicted.append(c['id'])
                    self.rows.discard(c['id'])
                elif 'table' in c:
                    self.rows.add(c['id'])
            self.since = body['next']
            if not body['more']:
                return


def main():
    s = Server()
    for name, role, team in (('admin1', 'admin', None), ('boss1', 'manager', 't1'),
                             ('ann', 'agent', 't1'), ('bob', 'agent', 't2')):
        s.add_user(name, role, team)
    s.start()
    uid = {n: s.call('GET', '/session', n)[1]['user']['id'] for n in ('admin1', 'ann', 'bob')}

    # 1. The account tables: refused per change, with the reason, for every role.
    for user in ('ann', 'boss1', 'admin1'):
        rep = Replica(s, user)
        lead = str(uuid.uuid4())
        team = str(uuid.uuid4())
        status, body = rep.push([('users', uid['admin1'], 'name', 'pwned'),
                                 ('users', uid['admin1'], 'role', 'agent'),
                                 ('teams', team, 'name', 'rogue'),
                                 ('leads', lead, 'name', 'Lead of ' + user)])
        results = body.get('results', [])
        refused = [r for r in results if r['status'] == 'refused']
        check(status == 200 and len(refused) == 3 and
              all('written by the server alone' in r['reason'] for r in refused),
              '%s: the pushes to users and teams refused, each with the reason (%s)'
              % (user, [r.get('reason') for r in refused]))
        check(len(results) == 4 and results[3]['status'] == 'applied',
              '%s: the rest of the batch applied' % user)
    status, pulled = s.call('GET', '/sync/pull?since=0&limit=10000', 'admin1')
    names = [c for c in pulled['changes'] if c.get('table') in ('users', 'teams')]
    check(names == [], 'nothing of users or teams in the log (%d entries)' % len(names))

    # The server writes the mirror: an account's own e-mail address.
    status, body = s.call('PATCH', '/users/ann', 'ann', {'email': 'ann@ringdesk.test'})
    check(status == 200, 'ann sets her own e-mail address (%s %s)' % (status, body))
    rep = Replica(s, 'ann')
    rep.pull()
    check(uid['ann'] in rep.rows, 'her users record reaches her replica by sync')
    status, body = s.call('PATCH', '/users/bob', 'ann', {'email': 'bob@evil.test'})
    check(status == 403, 'an agent may not set another\'s address (%s)' % status)
    status, body = s.call('PATCH', '/users/ann', 'ann', {'email': 'not an address'})
    check(status == 400, 'a bad address: 400 (%s)' % status)

    # 2. A replica hears only of rows it may see: no evict of a row it never held.
    ann, bob, boss = Replica(s, 'ann'), Replica(s, 'bob'), Replica(s, 'boss1')
    for r in (ann, bob, boss):
        r.pull()
    secret = str(uuid.uuid4())
    status, body = bob.push([('leads', secret, 'name', 'Bob\'s lead'), ('leads', secret, 'owner', uid['bob'])])
    first_owner = str(uuid.uuid4())
    bob.push([('leads', first_owner, 'owner', uid['bob']), ('leads', first_owner, 'name', 'Owner first')])
    for r in (ann, bob, boss):
        r.pull()
    heard = [x for x in ann.evicted + list(ann.rows) + boss.evicted + list(boss.rows)
             if x in (secret, first_owner)]
    check(not heard, 'a lead made with its owner in one push (either order) reaches no replica of '
          'team t1, not even as an evict (%s)' % heard)
    check(secret in bob.rows and first_owner in bob.rows, 'bob\'s replica has both')

    # A row the replica did hold still moves out.
    shared = str(uuid.uuid4())
    bob.push([('leads', shared, 'name', 'Shared for a while')])
    ann.pull()
    check(shared in ann.rows, 'a lead without an owner reaches ann')
    bob.push([('leads', shared, 'owner', uid['bob'])])
    ann.pull()
    check(shared in ann.evicted and shared not in ann.rows, 'given to bob, it moves out of ann\'s replica')
    # ... and one made and handed over between two of ann's pulls never reaches her.
    quick = str(uuid.uuid4())
    bob.push([('leads', quick, 'name', 'Quick')])
    bob.push([('leads', quick, 'owner', uid['bob'])])
    ann.pull()
    check(quick not in ann.evicted and quick not in ann.rows,
          'a row made and taken between two pulls: nothing of it reaches ann')
    # A new replica of ann's (pulls from 0) hears of none of them.
    fresh = Replica(s, 'ann')
    fresh.pull()
    check(not [x for x in fresh.evicted + list(fresh.rows) if x in (secret, first_owner, shared, quick)],
          'a replica pulling from 0 hears of none of bob\'s leads')

    return finish()


run(main)
