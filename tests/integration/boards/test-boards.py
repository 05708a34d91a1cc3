#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The live dialer dashboard and the supervisor's pause and logout, against a real
ringdesk-server whose agent is a real baresip on the campaign's leg:

  - a manager's events WebSocket with ?boards=campaigns/ID gets the board at once, and
    again within a second of each change: the agent logging in, their leg up (paused,
    "login"), ready, paused by the supervisor, logged out by the supervisor;
  - the day's figures follow the calls of the day (rows put into callcenter.db: dialled,
    answered, abandoned, the abandon rate against the cap over the compliance window);
  - GET /boards/campaigns/ID answers the same board; a queue's board has its agents;
  - roles: an agent may neither read nor watch a board (403), an unknown campaign is 404,
    a malformed key 400, a board over a long poll 400; an agent may not pause or log out
    a colleague (403); the supervisor's pause and logout are in the state log as
    "supervisor" and in the audit log with the manager's name.

Each push's delay after the change that caused it is printed (not asserted: figures
belong to benches; the bound a check waits for is 5 s). Output is TAP.
Needs: RD_SERVER_BIN, baresip, sox.
"""

import os
import sqlite3
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'dialer'))
sys.path.insert(0, os.path.join(HERE, '..', 'cti'))
from peers import (T, agent_phone, bail, center_rows, check, finish, free_port, log,  # noqa: E402
                   make_campaign, need, run, start_server, stop_cleanly, tone, wait_until)
from ctipeers import Events  # noqa: E402


def handshake_status(server, token, query):
    """The HTTP status of an events WebSocket handshake with @query."""
    import socket
    import base64
    import urllib.parse
    u = urllib.parse.urlparse(server.base)
    s = socket.create_connection((u.hostname, u.port), timeout=10)
    s.sendall(('GET /api/v1/events?token=%s&%s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n'
               'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n'
               % (token, query, u.hostname, u.port, base64.b64encode(os.urandom(16)).decode())).encode())
    head = s.recv(4096).decode(errors='replace')
    s.close()
    return int(head.split(' ')[1]) if head.startswith('HTTP/') else 0


def main():
    if not need('baresip', 'sox'):
        return 0
    server = start_server(free_port(), [('root', 'admin', None, 'admin-password'),
                                        ('mira', 'manager', 'north', 'manager-password'),
                                        ('olga', 'agent', 'north', 'agent-password'),
                                        ('ivan', 'agent', 'north', 'agent-password')])
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    ivan = server.login('ivan', 'agent-password')
    campaign, _ = make_campaign(server, mira, {'name': 'Board', 'dial_method': 'progressive',
                                               'caller_id': '+74951234567', 'abandon_cap': 3},
                                'name,phone\nAnna,+7 916 100-00-01\nBoris,+7 916 100-00-02\n',
                                ['olga', 'ivan'], start=False)
    cid = campaign['id']
    key = 'campaigns/' + cid

    # roles and malformed requests, before anything is watched
    check(server.api('GET', '/boards/' + key, olga)[0] == 403, 'an agent may not read a board (403)')
    check(handshake_status(server, olga, 'boards=' + key) == 403, 'nor watch one (403 at the handshake)')
    check(server.api('GET', '/boards/campaigns/' + str(uuid.uuid4()), mira)[0] == 404,
          'an unknown campaign has no board (404)')
    check(handshake_status(server, mira, 'boards=campaigns/%s,bogus' % cid) == 400,
          'a malformed key refuses the whole handshake (400)')
    check(server.api('GET', '/events?boards=' + key, mira)[0] == 400, 'boards are not long-polled (400)')

    ws = Events(server.base, mira, 'boards=' + key)
    first = ws.wait_board('the first board', lambda b: True, key, 5)
    b = first['board']
    check(b['kind'] == 'campaign' and b['name'] == 'Board' and b['agents']['logged_in'] == 0 and
          b['calls']['ringing'] == 0 and b['dialable'] == 2 and b['today']['dialed'] == 0 and
          b['compliance']['cap'] == 0.03 and b['compliance']['abandon_rate'] is None,
          'the board comes at once: no agent, no call, 2 leads to dial, no abandon rate yet')

    def pushed(what, pred, since):
        """The first board pushed after @since that @pred holds for."""
        m = wait_until(what, lambda: next((m for m in ws.boards(key) if m['_at'] >= since and pred(m['board'])),
                                          None), 5)
        log('%s: pushed %.0f ms after the change' % (what, (m['_at'] - since) * 1000))
        return m['board']

    t = time.time()
    agent_phone(server, olga, cid, 'olga', tone('olga', 2000))
    b = pushed('the agent in (from her login, with her phone\'s start)', lambda b: b['agents']['paused'] == 1, t)
    check(b['agents']['logged_in'] == 1 and b['agents']['paused_by'] == {'login': 1} and
          [a['agent'] for a in b['agents']['list']] == ['olga'],
          'her login and leg are pushed: logged in, paused ("login")')

    t = time.time()
    server.api('POST', '/agent/ready', olga)
    b = pushed('ready', lambda b: b['agents']['ready'] == 1, t)
    check(b['agents']['paused'] == 0, 'ready is pushed')

    # calls of the day, as the dialer writes them
    now = int(time.time() * 1000)
    db = sqlite3.connect(os.path.join(server.data, 'callcenter.db'), timeout=10)
    for i, result in enumerate(('human', 'human', 'human', 'abandoned', 'busy')):
        answered = now - 60000 if result in ('human', 'abandoned') else None
        db.execute("INSERT INTO calls (id, direction, campaign_id, number, created_at, answered_at, ended_at,"
                   " result) VALUES (?, 'outbound', ?, ?, ?, ?, ?, ?)",
                   (str(uuid.uuid4()), cid, '+7916100000%d' % i, now - 70000, answered, now - 30000, result))
    db.commit()
    db.close()

    t = time.time()
    status, st = server.api('POST', '/supervisor/agents/olga/pause', mira)
    check(status == 200 and st['state'] == 'paused' and st['reason'] == 'supervisor',
          'a manager pauses her (%s %s)' % (status, st.get('reason')))
    b = pushed('the supervisor\'s pause', lambda b: b['agents']['paused_by'] == {'supervisor': 1}, t)
    b = pushed('the day\'s calls', lambda b: b['today']['dialed'] == 5, t)
    check(b['today']['answered'] == 4 and b['today']['abandoned'] == 1 and b['today']['busy'] == 1 and
          abs(b['today']['abandon_rate'] - 0.25) < 1e-9 and
          b['compliance']['abandoned'] == 1 and b['compliance']['answered'] == 4 and
          abs(b['compliance']['abandon_rate'] - 0.25) < 1e-9,
          'the day follows: 5 dialled, 4 answered by a person, 1 abandoned: 25 % against the 3 % cap')

    status, answer = server.api('GET', '/boards/' + key, mira)
    check(status == 200 and answer['agents']['paused_by'] == {'supervisor': 1} and answer['today']['dialed'] == 5 and
          isinstance(answer.get('now'), int), 'GET /boards/%s answers the same board' % key)

    check(server.api('POST', '/supervisor/agents/olga/pause', ivan)[0] == 403,
          'an agent may not pause a colleague (403)')
    check(server.api('POST', '/supervisor/agents/olga/logout', ivan)[0] == 403,
          'nor log one out (403)')
    check(server.api('POST', '/supervisor/agents/nobody/logout', mira)[0] in (404, 409),
          'an agent who is not logged in cannot be logged out')

    t = time.time()
    status, st = server.api('POST', '/supervisor/agents/olga/logout', mira)
    check(status == 200 and st['state'] == 'logout', 'a manager logs her out (%s %s)' % (status, st))
    pushed('the logout', lambda b: b['agents']['logged_in'] == 0, t)
    check(server.api('GET', '/agent', olga)[0] in (404, 409) or
          server.api('GET', '/agent', olga)[1].get('state') in (None, 'logout'),
          'her session is gone')
    rows = center_rows(server.data, "SELECT state, reason FROM agent_states WHERE agent = 'olga' ORDER BY id")
    check([(r['state'], r['reason']) for r in rows][-2:] == [('paused', 'supervisor'), ('logout', 'supervisor')],
          'the state log has the supervisor\'s pause and logout')
    status, audit = server.api('GET', '/audit', server.login('root', 'admin-password'))
    check(status == 200 and [(e.get('actor'), e.get('action'), e.get('target')) for e in audit['entries']
                             if e.get('action', '').startswith('force-')] ==
          [('mira', 'force-pause', 'olga'), ('mira', 'force-logout', 'olga')],
          'the audit log names the manager who paused and logged her out')

    # a queue's board: who is in it
    status, queue = server.api('POST', '/queues', mira, {'name': 'Support', 'numbers': ['+15550100'],
                                                          'members': [{'agent': 'ivan'}]})
    if status != 201:
        bail('queue: %s %s' % (status, queue))
    qkey = 'queues/' + queue['id']
    server.api('POST', '/agent/login', ivan, {'queues': [queue['id']]})
    status, qb = server.api('GET', '/boards/' + qkey, mira)
    check(status == 200 and qb['kind'] == 'queue' and qb['name'] == 'Support' and qb['waiting'] == 0 and
          qb['longest_since'] is None and qb['agents']['logged_in'] == 1 and qb['today']['calls'] == 0,
          'a queue\'s board: nobody waiting, Ivan logged in, no call today')
    ws2 = Events(server.base, mira, 'boards=%s,%s' % (key, qkey))
    got = wait_until('both boards', lambda: len({m['key'] for m in ws2.boards()}) == 2 or None, 5)
    check(got, 'one WebSocket watches two boards')
    ws.close()
    ws2.close()

    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
