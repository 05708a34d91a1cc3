#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accounts under attack, against a real ringdesk-server on loopback (issue 18, security
review): the failed-login limit holds against 20 parallel wrong passwords; an escaped NUL
(\\u0000) is refused in every text of a JSON body (login, signup, push, user change) and in
the portal's forms; names are one account whatever their case; changing one's own password
needs the current one.

Output is TAP. Needs: RD_SERVER_BIN.
"""

import concurrent.futures
import http.client
import json
import os
import sqlite3
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'portal'))
from rdtap import T, PROCS, log, check, finish, run  # noqa: E402
from portalkit import Server, Client, PASSWORD  # noqa: E402

LIMIT = 5


def raw(server, method, path, body, token=None, content_type='application/json'):
    """@body as bytes, exactly as given: (status, JSON)."""
    conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=60)
    headers = {'Content-Type': content_type}
    if token:
        headers['Authorization'] = 'Bearer ' + token
    try:
        conn.request(method, '/api/v1' + path, body=body, headers=headers)
        r = conn.getresponse()
        text = r.read()
    finally:
        conn.close()
    try:
        return r.status, json.loads(text or b'null')
    except ValueError:
        return r.status, {'raw': text.decode(errors='replace')}


def login(server, name, password):
    return raw(server, 'POST', '/session',
               json.dumps({'username': name, 'password': password}).encode())


def main():
    s = Server('--login-limit-user', str(LIMIT), '--login-limit-address', '1000')
    for name, role in (('admin1', 'admin'), ('agent1', 'agent'), ('victim', 'agent')):
        s.add_user(name, role, 'sales' if role == 'agent' else None)
    s.start()

    # 1. Twenty wrong passwords at once: only the limit's worth are checked.
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda i: login(s, 'victim', 'wrong-%d' % i)[0], range(20)))
    log('parallel wrong logins: %s' % sorted(statuses))
    check(statuses.count(401) <= LIMIT and statuses.count(429) >= 20 - LIMIT and
          set(statuses) <= {401, 429},
          '20 parallel wrong passwords: at most %d checked (401), the rest 429 (%d/%d)'
          % (LIMIT, statuses.count(401), statuses.count(429)))
    status, body = login(s, 'victim', PASSWORD)
    check(status == 429, 'then even the right password waits (429 %s)' % status)
    status, body = login(s, 'VICTIM', 'wrong')
    check(status == 429, 'the limit holds for the name in another case (%s)' % status)

    # 2. NUL in JSON texts: one check for every body the API reads.
    nul_bodies = [
        ('POST', '/session', b'{"username": "admin1\\u0000x", "password": "%s"}' % PASSWORD.encode()),
        ('POST', '/session', b'{"username": "admin1", "password": "%s\\u0000anything"}' % PASSWORD.encode()),
        ('POST', '/signup', b'{"username": "mallory\\u0000", "password": "long-password-1"}'),
        ('POST', '/signup', b'{"username": "mallory", "password": "long-password-1\\u0000x"}'),
        ('POST', '/signup', b'{"username\\u0000": "mallory", "password": "long-password-1"}'),
    ]
    for method, path, body in nul_bodies:
        status, answer = raw(s, method, path, body)
        check(status == 400 and 'NUL' in answer.get('message', ''),
              '%s %s with \\u0000 in a text: 400 naming the NUL (%s %s)'
              % (method, path, status, answer.get('message')))
    status, answer = raw(s, 'POST', '/session',
                         b'{"username": "admin1", "password": "%s\\\\u0000"}' % PASSWORD.encode())
    check(status == 401, 'an escaped backslash before u0000 is no NUL: an ordinary wrong password (%s)'
          % status)
    status, body = s.call('GET', '/signups', 'admin1')
    check(status == 200 and not any(x['username'].startswith('mallory') for x in body['signups']),
          'no signup was made by the refused bodies')
    agent = s.token('agent1')
    lead = str(uuid.uuid4())
    push = ('{"schema": 1, "site": "%s", "changes": [{"op": 1, "table": "leads", "id": "%s", '
            '"field": "name", "value": "Ann\\u0000hidden", "hlc": 1}]}' % (uuid.uuid4(), lead))
    status, answer = raw(s, 'POST', '/sync/push', push.encode(), agent)
    check(status == 400 and 'NUL' in answer.get('message', ''), 'a push with \\u0000 in a value: 400 (%s)'
          % status)
    status, answer = raw(s, 'PATCH', '/users/agent1',
                         b'{"email": "a@b.example\\u0000.evil"}', agent)
    check(status == 400, 'a user change with \\u0000: 400 (%s)' % status)

    # ... and in the portal's forms, %00 or a raw NUL.
    visitor = Client(s)
    token = visitor.form_csrf('/portal/signin')
    page = visitor.request('POST', '/portal/signin',
                           ('csrf=%s&email=a%%40b.example%%00x&password=p' % token).encode(),
                           'application/x-www-form-urlencoded')
    check(page.status == 400, 'a portal form with %%00: 400 (%s)' % page.status)
    page = visitor.post_multipart('/portal/signin', {'csrf': token, 'email': 'a@b.example\x00x',
                                                     'password': 'p'})
    check(page.status == 400, 'a multipart portal form with a NUL: 400 (%s)' % page.status)

    # 3. Names are compared without case.
    status, answer = s.call('POST', '/signup', body={'username': 'Admin1', 'password': 'long-password-2'})
    check(status == 409, 'signup of Admin1 beside admin1: 409 (%s %s)' % (status, answer.get('message')))
    status, answer = s.call('POST', '/signup', body={'username': 'newbie', 'password': 'long-password-2'})
    check(status == 202, 'signup of newbie: 202 (%s)' % status)
    status, answer = s.call('POST', '/signup', body={'username': 'NEWBIE', 'password': 'long-password-2'})
    check(status == 409, 'signup of NEWBIE beside the pending newbie: 409 (%s)' % status)
    status, answer = s.call('POST', '/users', 'admin1', {'username': 'AGENT1', 'password': 'long-password-3',
                                                          'role': 'agent'})
    check(status == 409, 'an admin adding AGENT1 beside agent1: 409 (%s)' % status)
    status, answer = login(s, 'ADMIN1', PASSWORD)
    check(status == 200 and answer['user']['name'] == 'admin1',
          'login is without case: ADMIN1 logs in as admin1 (%s)' % status)

    # Two accounts from before the rule, differing only in case: each name means one of them
    # (the exact spelling first), and a change to one leaves the other alone.
    db = sqlite3.connect(os.path.join(s.data, 'server.db'), timeout=10)
    db.execute("INSERT INTO users (uuid, name, role, team, password_hash, created) "
               "SELECT ?, 'Agent1', role, team, password_hash, created + 1 FROM users WHERE name = 'agent1'",
               (str(uuid.uuid4()),))
    db.commit()
    db.close()
    status, answer = login(s, 'Agent1', PASSWORD)
    check(status == 200 and answer['user']['name'] == 'Agent1', 'Agent1 logs in as Agent1 (%s)' % status)
    status, answer = login(s, 'agent1', PASSWORD)
    check(status == 200 and answer['user']['name'] == 'agent1', 'agent1 as agent1 (%s)' % status)
    status, answer = s.call('PATCH', '/users/Agent1', 'admin1', {'password': 'other-password-7'})
    check(status == 200 and answer['name'] == 'Agent1', 'an admin changes Agent1\'s password (%s)' % status)
    check(login(s, 'agent1', PASSWORD)[0] == 200 and login(s, 'Agent1', 'other-password-7')[0] == 200,
          'agent1\'s password is untouched')

    # 4. One's own password: the current one is asked.
    status, answer = s.call('PATCH', '/users/agent1', 'agent1', {'password': 'new-password-1'})
    check(status == 400 and 'current_password' in answer.get('message', ''),
          'own password without the current one: 400 (%s %s)' % (status, answer.get('message')))
    status, answer = s.call('PATCH', '/users/agent1', 'agent1',
                            {'password': 'new-password-1', 'current_password': 'not-it-at-all'})
    check(status == 403, 'own password with a wrong current one: 403 (%s)' % status)
    check(login(s, 'agent1', PASSWORD)[0] == 200, 'the old password still works')
    status, answer = s.call('PATCH', '/users/agent1', 'agent1',
                            {'password': 'new-password-1', 'current_password': PASSWORD})
    check(status == 200, 'own password with the current one: 200 (%s %s)' % (status, answer))
    check(login(s, 'agent1', 'new-password-1')[0] == 200, 'the new password works')
    status, answer = s.call('PATCH', '/users/victim', 'admin1', {'password': 'reset-password-1'})
    check(status == 200, 'an admin resets another user\'s password without theirs (%s)' % status)
    status, answer = s.call('PATCH', '/users/admin1', 'admin1', {'password': 'new-password-2'})
    check(status == 400, 'an admin\'s own password needs the current one too (%s)' % status)

    # 5. A burst of logins at the real cost (argon2id, 64 MiB each) from many names: they
    # wait their turn in the password pool, memory stays bounded, everything is answered.
    real = Server('--pwhash-ops', '2', '--pwhash-mem', '65536', '--login-limit-address', '1000')
    real.data = os.path.join(T, 'data-real-cost')
    os.makedirs(real.data, exist_ok=True)
    real.add_user('admin1', 'admin')
    real.start()
    pid = PROCS[-1].pid
    admin = real.token('admin1')
    peak = [0]
    done = threading.Event()

    def watch():
        while not done.is_set():
            with open('/proc/%d/status' % pid) as f:
                for line in f:
                    if line.startswith('VmRSS:'):
                        peak[0] = max(peak[0], int(line.split()[1]))
            time.sleep(0.05)

    threading.Thread(target=watch, daemon=True).start()

    def attempt(i):
        try:
            return login(real, 'name%d' % i, 'guess-%d' % i)[0]
        except OSError as e:
            return str(e)

    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        burst = [pool.submit(attempt, i) for i in range(32)]
        time.sleep(0.5)
        start = time.time()
        status, _ = raw(real, 'GET', '/session', None, admin)
        took = time.time() - start
        answers = [f.result() for f in burst]
    done.set()
    log('32 logins at 64 MiB: peak RSS %d MiB, GET /session %.2f s' % (peak[0] // 1024, took))
    check(answers.count(401) == 32, 'every login of the burst answered 401 (%s)'
          % sorted(set(map(str, answers))))
    check(peak[0] < 400 * 1024, 'memory bounded by the password pool: peak RSS %d MiB < 400'
          % (peak[0] // 1024))
    check(status == 200 and took < 5, 'the API answers during the burst (%s in %.2f s)' % (status, took))

    return finish()


run(main)
