#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inbound queue report (GET /reports/queues) against a real ringdesk-server: 300
queue calls drawn from a fixed seed over two queues of two teams are written into its
callcenter.db, and every figure the report gives (offered, answered, abandoned and how
long they waited, voicemails, waiting, overflowed in, service level within each queue's
own threshold, ASA, longest wait, per hour and in total) is worked out here from the
drawn rows, not from the server's SQL. Also: CSV, the queue filter, a manager sees only
their team's queue (and is refused another's, 404), an agent may not read it (403).
Output is TAP. Needs: RD_SERVER_BIN.
"""

import csv
import io
import os
import random
import sqlite3
import sys
import time
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'dialer'))
from peers import bail, check, finish, free_port, need, run, start_server, stop_cleanly  # noqa: E402

HOUR = 3600 * 1000


def draw(rng, queues, day):
    """300 calls over 6 hours of @day: a third answered within the threshold, a third later,
    the rest abandoned, voicemails, one still waiting; some overflowed in."""
    calls = []
    for i in range(300):
        q = queues[i % 2]
        created = day + rng.randrange(6 * HOUR)
        answered = created + rng.randrange(0, 1500)
        kind = rng.random()
        bridged = ended = None
        disposition = None
        if kind < 0.6:
            bridged = answered + rng.randrange(0, 90000)
            ended = bridged + rng.randrange(5000, 300000)
        elif kind < 0.9:
            ended = answered + rng.randrange(1000, 120000)      # hung up waiting
        else:
            ended = answered + rng.randrange(30000, 90000)      # left a voicemail
            disposition = 'voicemail'
        calls.append({'id': str(uuid.UUID(int=rng.getrandbits(128))), 'queue': q, 'created': created,
                      'answered': answered, 'bridged': bridged, 'ended': ended, 'disposition': disposition,
                      'overflow': queues[1 - (i % 2)]['id'] if rng.random() < 0.1 else None})
    # one still waiting now
    calls.append({'id': str(uuid.uuid4()), 'queue': queues[0], 'created': day + 5 * HOUR, 'answered': day + 5 * HOUR + 100,
                  'bridged': None, 'ended': None, 'disposition': None, 'overflow': None})
    return calls


def expect(calls, now, by_hour):
    rows = {}
    for c in calls:
        q = c['queue']
        key = (q['name'], (c['created'] // HOUR) * HOUR if by_hour else None)
        r = rows.setdefault(key, {'offered': 0, 'answered': 0, 'abandoned': 0, 'voicemails': 0, 'waiting': 0,
                                  'answered_within_sl': 0, 'abandoned_within_sl': 0, 'overflowed_in': 0,
                                  'wait_answered': 0, 'wait_abandoned': 0, 'longest_wait_ms': 0})
        sl = q['sl'] * 1000
        r['offered'] += 1
        r['overflowed_in'] += c['overflow'] is not None
        if c['bridged'] is not None:
            wait = c['bridged'] - c['answered']
            r['answered'] += 1
            r['answered_within_sl'] += wait <= sl
            r['wait_answered'] += wait
        elif c['ended'] is None:
            wait = now - c['answered']
            r['waiting'] += 1
        elif c['disposition'] == 'voicemail':
            wait = c['ended'] - c['answered']
            r['voicemails'] += 1
        else:
            wait = c['ended'] - c['answered']
            r['abandoned'] += 1
            r['abandoned_within_sl'] += wait <= sl
            r['wait_abandoned'] += wait
        r['longest_wait_ms'] = max(r['longest_wait_ms'], wait)
    return rows


def main():
    if not need():
        return 0
    server = start_server(free_port(), [('root', 'admin', None, 'admin-password'),
                                        ('mira', 'manager', 'north', 'manager-password'),
                                        ('oleg', 'manager', 'south', 'manager-password'),
                                        ('olga', 'agent', 'north', 'agent-password')])
    root = server.login('root', 'admin-password')
    mira = server.login('mira', 'manager-password')
    oleg = server.login('oleg', 'manager-password')
    olga = server.login('olga', 'agent-password')
    queues = []
    for token, name, number, sl in ((mira, 'Support', '+15550100', 20), (oleg, 'Sales', '+15550200', 30)):
        status, q = server.api('POST', '/queues', token, {'name': name, 'numbers': [number], 'service_level': sl})
        if status != 201:
            bail('queue %s: %s %s' % (name, status, q))
        queues.append({'id': q['id'], 'name': name, 'sl': sl})

    rng = random.Random(20261208)
    day = (int(time.time() * 1000) // (24 * HOUR) - 1) * 24 * HOUR      # yesterday, UTC
    calls = draw(rng, queues, day)
    db = sqlite3.connect(os.path.join(server.data, 'callcenter.db'), timeout=10)
    db.executemany("INSERT INTO calls (id, direction, queue_id, overflow_from, number, created_at, answered_at,"
                   " bridged_at, ended_at, result, disposition) VALUES (?, 'inbound', ?, ?, '+15551234567', ?, ?, ?, ?,"
                   " 'human', ?)",
                   [(c['id'], c['queue']['id'], c['overflow'], c['created'], c['answered'], c['bridged'], c['ended'],
                     c['disposition']) for c in calls])
    db.commit()
    db.close()

    frm = time.strftime('%Y-%m-%d', time.gmtime(day / 1000))
    now_ms = int(time.time() * 1000)
    status, total = server.api('GET', '/reports/queues?from=%s&to=%s&by=total' % (frm, frm), root)
    if status != 200:
        bail('queues report: %s %s' % (status, total))
    got = {r['queue']: r for r in total['rows']}
    want = expect(calls, now_ms, False)
    names = [q['name'] for q in queues]
    check(sorted(got) == sorted(names), 'one row a queue over the whole day (%s)' % sorted(got))
    for name in names:
        g, w = got[name], want[(name, None)]
        counts = ('offered', 'answered', 'abandoned', 'voicemails', 'waiting', 'answered_within_sl',
                  'abandoned_within_sl', 'overflowed_in')
        check(all(g[k] == w[k] for k in counts), '%s: the counts (%s)' % (name, ', '.join('%s %d' % (k, w[k]) for k in counts)))
        check(abs(g['service_level'] - w['answered_within_sl'] / w['offered']) < 1e-9 and
              abs(g['abandon_rate'] - w['abandoned'] / w['offered']) < 1e-9,
              '%s: service level %.3f within %d s, abandon rate %.3f' %
              (name, w['answered_within_sl'] / w['offered'], g['service_level_seconds'], w['abandoned'] / w['offered']))
        check(abs(g['asa_ms'] - w['wait_answered'] / w['answered']) < 1e-6 and
              abs(g['avg_abandon_wait_ms'] - w['wait_abandoned'] / w['abandoned']) < 1e-6,
              '%s: ASA %.0f ms, abandoned after %.0f ms on average' %
              (name, w['wait_answered'] / w['answered'], w['wait_abandoned'] / w['abandoned']))
        # the caller still waiting counts up to the report's now: within the seconds between
        slack = 60000 if w['waiting'] else 0
        check(w['longest_wait_ms'] - slack <= g['longest_wait_ms'] <= w['longest_wait_ms'] + slack,
              '%s: the longest wait (%d ms)' % (name, g['longest_wait_ms']))

    status, hourly = server.api('GET', '/reports/queues?from=%s&to=%s&by=hour' % (frm, frm), root)
    want_h = expect(calls, now_ms, True)
    got_h = {(r['queue'], r['period']): r for r in hourly['rows']}
    check(status == 200 and sorted(got_h) == sorted(want_h) and
          all(got_h[k]['offered'] == want_h[k]['offered'] and got_h[k]['answered'] == want_h[k]['answered'] and
              got_h[k]['abandoned'] == want_h[k]['abandoned'] for k in want_h),
          'by hour: %d rows, each hour\'s offered, answered and abandoned' % len(want_h))

    req = urllib.request.Request(server.base + '/reports/queues?from=%s&to=%s&by=total&format=csv' % (frm, frm),
                                 headers={'Authorization': 'Bearer ' + root})
    with urllib.request.urlopen(req, timeout=30) as r:
        table = list(csv.DictReader(io.StringIO(r.read().decode())))
    check(sorted(int(t['offered']) for t in table) == sorted(want[(n, None)]['offered'] for n in names),
          'CSV: the same rows')

    status, mine = server.api('GET', '/reports/queues?from=%s&to=%s&by=total' % (frm, frm), mira)
    check(status == 200 and [r['queue'] for r in mine['rows']] == ['Support'], 'a manager sees their team\'s queue only')
    status, _ = server.api('GET', '/reports/queues?from=%s&to=%s&queue=%s' % (frm, frm, queues[1]['id']), mira)
    check(status == 404, 'and is refused another team\'s (%s)' % status)
    status, one = server.api('GET', '/reports/queues?from=%s&to=%s&by=total&queue=%s' % (frm, frm, queues[0]['id']), root)
    check(status == 200 and [r['queue'] for r in one['rows']] == ['Support'] and one['filters'].get('queue') == queues[0]['id'],
          'the queue filter')
    check(server.api('GET', '/reports/queues?from=%s&to=%s' % (frm, frm), olga)[0] == 403, 'an agent may not read it (403)')
    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
