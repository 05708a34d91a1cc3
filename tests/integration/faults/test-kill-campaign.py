#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill matrix of a campaign (docs/reliability.md): a progressive campaign on
ringdesk-server (Kamailio as the trunk, a baresip customer that answers, a baresip agent),
each lead allowed one attempt. The server is SIGKILLed while a call rings, while one is
bridged, and at the kill point center.call.after-commit (a call's row committed, its
INVITE not sent); the agent's engine (baresip) is SIGKILLed mid-call. After each the server
(or the engine) starts again and the agent goes on. At the end, per number: Kamailio's
INVITEs (what was really dialled) against the call log (callcenter.db): no lead dialled
twice, every INVITE with exactly one call row, no call row left open, each lead's attempts
equal to its call rows.

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, sox."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import *  # noqa: E402,F401,F403

LEADS = 14
TRIED = []


def main():
    if not need('kamailio', 'baresip', 'sox'):
        return 0
    kp, customer = free_port(), sip_port()
    agent_tone = tone('agent', 2000, 600)
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': customer})
    kamailio_log = os.path.join(T, 'kamailio.log')
    cust_dir = baresip_config('cust', customer, tone('customer', 1000, 600),
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '900'])
    peers_up()

    server = start_server(kp, (('mira', 'manager', None, 'manager-password'),
                               ('olga', 'agent', None, 'agent-password')))
    data = server.data
    numbers = ['+7916100%04d' % (i + 1) for i in range(LEADS)]
    csv = 'name,phone\n' + ''.join('Lead %02d,%s\n' % (i, n) for i, n in enumerate(numbers))
    mira = server.login('mira', 'manager-password')
    c, _ = make_campaign(server, mira, {'name': 'Kill matrix', 'dial_method': 'progressive',
                                        'max_attempts': 1, 'wrap_up_timeout': 1}, csv, ['olga'],
                         leadset='kill')
    cid = c['id']
    state = {'olga': None, 'phones': 0}

    def join():
        """The agent (again): a session, the campaign, a new engine with its leg, ready."""
        state['olga'] = server.login('olga', 'agent-password')
        state['phones'] += 1
        agent_phone(server, state['olga'], cid, 'agent%d' % state['phones'], agent_tone,
                    seconds=900)
        server.api('POST', '/agent/ready', state['olga'])

    def agent():
        return server.api('GET', '/agent', state['olga'])[1]

    def restart(name, env=None):
        server.proc.kill()
        server.proc.wait(10)
        server.start(name, env=env)

    def on_call():
        return wait_until('a bridged call', lambda: (lambda s: s if s.get('state') == 'on_call'
                                                     else None)(agent()), 40)

    def finish_call():
        server.api('POST', '/agent/hangup', state['olga'])
        wait_until('wrap-up over', lambda: agent().get('state') in ('ready', 'wrap_up'), 10)

    def open_rows():
        return center_rows(data, 'SELECT count(*) AS n FROM calls WHERE ended_at IS NULL')[0]['n']

    join()
    # 1. an ordinary call first
    on_call()
    time.sleep(0.5)
    finish_call()

    # 2. the server killed while a call is bridged
    on_call()
    TRIED.append('server SIGKILL, call bridged')
    restart('server-2')
    check(open_rows() == 0, 'the bridged call\'s row is closed at restart')
    before = len(invites(kamailio_log))   # the agent's return may bring the next call at once
    join()

    # 3. the server killed while a call rings (before the customer's auto-answer)
    wait_until('the next INVITE', lambda: len(invites(kamailio_log)) > before, 40)
    TRIED.append('server SIGKILL, call ringing')
    restart('server-3')
    check(open_rows() == 0, 'the ringing call\'s row is closed at restart')
    join()

    # 4. the server dies at center.call.after-commit: a row, no INVITE
    TRIED.append('server RD_KILL_AT=center.call.after-commit')
    restart('server-4', env={'RD_KILL_AT': 'center.call.after-commit'})
    join()
    status = None
    try:
        status = server.proc.wait(40)
    except subprocess.TimeoutExpired:
        pass
    check(status == KILLED, 'the server dies at center.call.after-commit (exit %s)' % status)
    server.start('server-5')
    check(open_rows() == 0, 'the row of the call never dialled is closed at restart')
    join()

    # 5. the agent's engine killed mid-call
    on_call()
    time.sleep(0.5)
    TRIED.append('engine (baresip) SIGKILL, call bridged')
    engine = [p for p in PROCS if p.args[0] == 'baresip' and p.poll() is None and
              'agent%d' % state['phones'] in ' '.join(p.args)]
    for p in engine:
        p.kill()
        p.wait(5)
    check(engine != [], 'the agent\'s engine is killed mid-call')
    # The switch has no RTP timeout: a leg gone without a BYE stays bridged until the app
    # (whose RdPhone sees its engine die) ends the call through the API, as here.
    time.sleep(1)
    status, _ = server.api('POST', '/agent/hangup', state['olga'])
    wait_until('the call closed', lambda: open_rows() == 0, 20)
    check(status == 200, 'the app ends the call of the dead engine, its row is closed once')
    server.api('POST', '/agent/logout', state['olga'])
    join()

    # the rest of the leads, with no more faults
    deadline = time.time() + 120
    while time.time() < deadline:
        st = agent()
        if st.get('state') == 'on_call':
            time.sleep(0.3)
            finish_call()
            continue
        left = center_rows(data, "SELECT count(*) AS n FROM leads WHERE state NOT IN ('done', 'invalid')")
        if left[0]['n'] == 0 and open_rows() == 0:
            break
        time.sleep(0.3)
    server.api('POST', '/agent/logout', state['olga'])
    time.sleep(1)

    # ---- the proof ----------------------------------------------------------------------
    dialled = {}
    for n in invites(kamailio_log):
        dialled[n] = dialled.get(n, 0) + 1
    rows = {}
    for r in center_rows(data, 'SELECT number, count(*) AS n, sum(ended_at IS NULL) AS open'
                               ' FROM calls GROUP BY number'):
        rows[r['number']] = r
    twice = [n for n, k in dialled.items() if k > 1]
    check(not twice, 'no lead dialled twice (INVITEs per number at the trunk: %s)'
          % sorted(dialled.items()))
    unrecorded = [n for n in dialled if rows.get(n, {}).get('n', 0) < dialled[n]]
    check(not unrecorded, 'every INVITE has its call row (%s unrecorded)' % unrecorded)
    check(all(r['open'] == 0 for r in rows.values()), 'no call row is left open')
    # Rows without an INVITE must be attempts that never reached the network: closed by a
    # crash before their phone rang (the kill at center.call.after-commit makes one).
    extra = {n: r['n'] - dialled.get(n, 0) for n, r in rows.items() if r['n'] != dialled.get(n, 0)}
    unrung = center_rows(data, "SELECT number, count(*) AS n FROM calls WHERE hangup_cause ="
                               " 'server-crashed' AND ringing_at IS NULL AND answered_at IS NULL"
                               " GROUP BY number")
    unrung = {r['number']: r['n'] for r in unrung}
    check(sum(extra.values()) >= 1 and all(unrung.get(n, 0) >= k for n, k in extra.items()),
          'every call row without an INVITE is an attempt a crash closed before it rang '
          '(%s; unrung %s)' % (extra, unrung))
    attempts = center_rows(data, 'SELECT l.id, l.attempts, (SELECT count(*) FROM calls c'
                                 ' WHERE c.lead_id = l.id) AS n FROM leads l')
    check(all(a['attempts'] == a['n'] for a in attempts),
          'each lead\'s attempts equal its call rows (%s)'
          % [(a['attempts'], a['n']) for a in attempts if a['attempts'] != a['n']])
    used = center_rows(data, "SELECT name, state FROM leads WHERE attempts >= 1 AND state <> 'done'")
    check(not used, 'every lead whose one attempt is used is done, none left to be dialled '
          'again after its recycle delay (%s)' % used)
    log('leads by state: %s' % center_rows(data, 'SELECT state, count(*) AS n FROM leads GROUP BY state'))
    log('calls: %d rows, %d INVITEs; kill points tried: %d (%s)' % (
        sum(r['n'] for r in rows.values()), sum(dialled.values()), len(TRIED), '; '.join(TRIED)))
    stop_cleanly(server)
    return finish()


run(main)
