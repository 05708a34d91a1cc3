#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The CRM's lead and ticket reports (GET /reports/leads-by-*, /reports/tickets-by-*)
against a real ringdesk-server: 200 leads and 120 tickets drawn from a fixed seed over two
teams' owners are written into its merged store, and every figure is worked out here from
the drawn rows: leads by status, source, industry and owner with conversions; tickets by
status, group and priority, open and closed, SLA met, breached and pending, the mean time
to resolve (a closed ticket's status clock, as the sync keeps it). A manager sees their
team's records (and shared ones) only; an agent may not read them (403). Output is TAP.
Needs: RD_SERVER_BIN.
"""

import os
import random
import sqlite3
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'dialer'))
from peers import bail, check, finish, free_port, need, run, start_server, stop_cleanly  # noqa: E402

HOUR = 3600 * 1000


def main():
    if not need():
        return 0
    server = start_server(free_port(), [('root', 'admin', None, 'admin-password'),
                                        ('mira', 'manager', 'north', 'manager-password'),
                                        ('nina', 'agent', 'north', 'agent-password'),
                                        ('oleg', 'manager', 'south', 'manager-password'),
                                        ('sasha', 'agent', 'south', 'agent-password')])
    root = server.login('root', 'admin-password')
    mira = server.login('mira', 'manager-password')
    nina = server.login('nina', 'agent-password')
    status, users = server.api('GET', '/users', root)
    if status != 200:
        bail('users: %s %s' % (status, users))
    users = users['users'] if isinstance(users, dict) else users
    uid = {u['username'] if 'username' in u else u['name']: u['id'] for u in users}
    team_of = {'mira': 'north', 'nina': 'north', 'oleg': 'south', 'sasha': 'south'}

    rng = random.Random(1208)
    now = int(time.time() * 1000)
    day = (now // (24 * HOUR) - 1) * 24 * HOUR
    db = sqlite3.connect(os.path.join(server.data, 'merged.db'), timeout=10)
    groups = {'g-north': 'North Support', 'g-south': 'South Support'}
    for gid, name in groups.items():
        db.execute("INSERT INTO teams (id, owner, hlc, fv, name) VALUES (?, NULL, 1, '{}', ?)", (gid, name))
    owners = ['mira', 'nina', 'oleg', 'sasha', 'team:north', 'shared']
    leads = []
    for i in range(200):
        o = rng.choice(owners)
        lead = {'id': str(uuid.UUID(int=rng.getrandbits(128))), 'owner': uid.get(o, o), 'who': o,
                'status': rng.choice(['new', 'contacted', 'qualified', 'lost', 'converted']),
                'source': rng.choice(['web', 'referral', 'cold call', None]),
                'industry': rng.choice(['retail', 'banking', 'telecom']),
                'created': day + rng.randrange(20 * HOUR), 'deleted': int(rng.random() < 0.05)}
        leads.append(lead)
        db.execute("INSERT INTO leads (id, owner, hlc, deleted, fv, name, status, source, industry, created_at)"
                   " VALUES (?, ?, 1, ?, '{}', ?, ?, ?, ?, ?)",
                   (lead['id'], lead['owner'], lead['deleted'], 'Lead %d' % i, lead['status'], lead['source'],
                    lead['industry'], lead['created']))
    tickets = []
    for i in range(120):
        o = rng.choice(owners)
        created = day + rng.randrange(20 * HOUR)
        closed = rng.random() < 0.6
        closed_at = created + rng.randrange(10 * 60000, 6 * HOUR) if closed else None
        sla = created + 2 * HOUR if rng.random() < 0.8 else None
        t = {'id': str(uuid.UUID(int=rng.getrandbits(128))), 'owner': uid.get(o, o), 'who': o,
             'status': 'closed' if closed else rng.choice(['open', 'in_progress', 'wait']),
             'priority': rng.choice(['low', 'normal', 'high', 'urgent']), 'group': rng.choice(list(groups)),
             'created': created, 'closed_at': closed_at, 'sla': sla}
        tickets.append(t)
        fv = '{"status":[%d,0]}' % ((closed_at if closed else created) << 16)
        db.execute("INSERT INTO tickets (id, owner, hlc, deleted, fv, subject, status, priority, group_id, sla_due,"
                   " created_at) VALUES (?, ?, 1, 0, ?, ?, ?, ?, ?, ?, ?)",
                   (t['id'], t['owner'], fv, 'Ticket %d' % i, t['status'], t['priority'], t['group'], sla, created))
    db.commit()
    db.close()
    frm = time.strftime('%Y-%m-%d', time.gmtime(day / 1000))

    def report(name, token):
        status, body = server.api('GET', '/reports/%s?from=%s&to=%s' % (name, frm, frm), token)
        if status != 200:
            bail('%s: %s %s' % (name, status, body))
        return body['rows']

    def sees(row_owner_name, viewer):
        if viewer == 'root':
            return True
        return row_owner_name in ('shared', 'team:' + team_of[viewer]) or team_of.get(row_owner_name) == team_of[viewer]

    def lead_key(lead, dim):
        if dim == 'owner':
            return lead['who'][5:] if lead['who'].startswith('team:') else lead['who']
        return lead[dim] or ''

    for viewer, token in (('root', root), ('mira', mira)):
        for dim in ('status', 'source', 'industry', 'owner'):
            want = {}
            for lead in leads:
                if lead['deleted'] or not sees(lead['who'], viewer):
                    continue
                r = want.setdefault(lead_key(lead, dim), [0, 0, 0, 0])
                r[0] += 1
                r[1] += lead['status'] not in ('converted', 'lost')
                r[2] += lead['status'] == 'converted'
                r[3] += lead['status'] == 'lost'
            got = {r[dim]: [r['leads'], r['open'], r['converted'], r['lost']] for r in report('leads-by-' + dim, token)}
            check(got == want, '%s: leads by %s (%d groups, %d leads)' % (viewer, dim, len(want), sum(v[0] for v in want.values())))
        rows = report('leads-by-status', token)
        total = sum(r['leads'] for r in rows)
        conv = sum(r['converted'] for r in rows)
        check(all(abs(r['conversion_rate'] - r['converted'] / r['leads']) < 1e-9 for r in rows) and total > 0,
              '%s: conversion rate per group (overall %.1f %%)' % (viewer, 100.0 * conv / total))

        for dim in ('status', 'group', 'priority'):
            want = {}
            for t in tickets:
                if not sees(t['who'], viewer):
                    continue
                key = groups[t['group']] if dim == 'group' else t[dim]
                r = want.setdefault(key, {'tickets': 0, 'open': 0, 'closed': 0, 'sla_met': 0, 'sla_breached': 0,
                                          'sla_pending': 0, 'resolve': 0})
                closed = t['status'] == 'closed'
                r['tickets'] += 1
                r['open'] += not closed
                r['closed'] += closed
                if closed:
                    r['resolve'] += t['closed_at'] - t['created']
                if t['sla'] is not None:
                    if closed:
                        r['sla_met' if t['closed_at'] <= t['sla'] else 'sla_breached'] += 1
                    elif now > t['sla']:
                        r['sla_breached'] += 1
                    else:
                        r['sla_pending'] += 1
            got = {r[dim]: r for r in report('tickets-by-' + dim, token)}
            ok = sorted(got) == sorted(want)
            for key, w in want.items():
                g = got.get(key, {})
                ok = ok and all(g.get(k) == w[k] for k in ('tickets', 'open', 'closed', 'sla_met', 'sla_breached', 'sla_pending'))
                ok = ok and (w['closed'] == 0 or abs(g['avg_resolve_ms'] - w['resolve'] / w['closed']) < 1e-6)
            check(ok, '%s: tickets by %s (%d groups; SLA met %d, breached %d)' %
                  (viewer, dim, len(want), sum(w['sla_met'] for w in want.values()),
                   sum(w['sla_breached'] for w in want.values())))
    check(server.api('GET', '/reports/leads-by-status?from=%s&to=%s' % (frm, frm), nina)[0] == 403,
          'an agent may not read the CRM reports (403)')
    status, listed = server.api('GET', '/reports', root)
    check(status == 200 and {'leads-by-owner', 'tickets-by-group'} <= {r['name'] for r in listed['reports']},
          'the reports are listed')
    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
