#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The server's Asterisk AMI client against a stand-in for Asterisk (no Asterisk exists for
Debian 12): the npm package asterisk-ami-test-server (ami-standin.js), which takes the
Login and pushes transcripts of Asterisk's events (ami/*.ami, Asterisk's wire format).

Checked: the login; an inbound queue call that rings Olga's extension pops her contact on
her events WebSocket before the answer; its call row (the PBX's times, result, cause) and
its CRM record with the recording fetched by the URL pattern; click-to-call sends Originate
with the agent's channel, the number, the context; the outbound call that follows; a blind transfer from one agent to another; a peer
that drops the connection (a call that ended meanwhile is ended once, one still up goes on
and ends once), a peer that goes away and comes back (reconnected with backoff), one that
hangs (the keepalive Ping), a server restart in the middle of a call: no call lost, none
logged twice; and a wrong secret refused and tried again."""

import json
import os
import queue
import signal
import string
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctipeers import (PROCS, RESULTS, T, CtiServer, Events, Files, bail, center_rows, check,  # noqa: E402
                      cleanup, cli, log, make_wav, merged_rows, wait_until)

HERE = os.path.dirname(os.path.abspath(__file__))
ANNA = '+79161000001'
DID = '+74951234567'
USER, SECRET = 'ringdesk', 'manager-secret-7'
T0 = 1796637600   # 2026-12-07 10:00:00 UTC


class StandIn:
    """ami-standin.js: its actions as they come, commands on stdin."""

    def __init__(self, port=0):
        modules = os.path.join(HERE, 'node_modules', 'asterisk-ami-test-server')
        if not os.path.isdir(modules):
            bail('no %s: run tools/install-deps (npm ci in tests/integration/cti)' % modules)
        self.proc = subprocess.Popen(['node', os.path.join(HERE, 'ami-standin.js'), str(port), USER, SECRET],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(os.path.join(T, 'standin.log'), 'a'), text=True, cwd=HERE)
        PROCS.append(self.proc)
        self.actions = []
        self.done = queue.Queue()
        first = json.loads(self.proc.stdout.readline())
        self.port = first['listening']
        threading.Thread(target=self._read, daemon=True).start()
        log('stand-in AMI on %d' % self.port)

    def _read(self):
        for line in self.proc.stdout:
            m = json.loads(line)
            if 'action' in m:
                self.actions.append(m['action'])
            else:
                self.done.put(m)

    def command(self, **kw):
        self.proc.stdin.write(json.dumps(kw) + '\n')
        self.proc.stdin.flush()
        self.done.get(timeout=10)

    def send(self, path):
        self.command(send=path)

    def named(self, name):
        return [a for a in self.actions if a.get('Action', '').lower() == name.lower()]

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def render(name, out, **values):
    with open(os.path.join(HERE, 'ami', name)) as f:
        text = string.Template(f.read()).safe_substitute(**values)
    path = os.path.join(T, out)
    with open(path, 'w') as f:
        f.write(text)
    return path


def call_values(n, ext, ring, answer, end, caller=ANNA, number=''):
    linked = '%d.%d' % (T0 + n * 100, n)
    return dict(LINKED=linked, TRUNK='%08x' % (2 * n), TRUNK_UID='%d.%d' % (T0 + n * 100, 2 * n + 1),
                AGENT='%08x' % (2 * n + 1), AGENT_UID='%d.%d' % (T0 + n * 100, 2 * n + 2), EXT=ext,
                CALLER=caller, DID=DID, NUMBER=number, T_RING='%.6f' % ring, T_ANSWER='%.6f' % answer,
                T_END='%.6f' % end)


def main():
    print('TAP version 13', flush=True)
    standin = StandIn()
    data = os.path.join(T, 'data')
    os.makedirs(data)
    secret_file = os.path.join(T, 'ami-secret')
    with open(secret_file, 'w') as f:
        f.write(SECRET + '\n')
    recs = os.path.join(T, 'pbx')
    os.makedirs(os.path.join(recs, 'rec'))
    files = Files(recs)
    server = CtiServer(data)
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    server.admin('user', 'add', 'olga', '--role', 'agent', '--team', 'north', password='agent-password')
    server.admin('user', 'add', 'ivan', '--role', 'agent', '--team', 'north', password='ivan-password')
    options = ['--ami', '127.0.0.1:%d' % standin.port, '--ami-user', USER, '--ami-secret-file', secret_file,
               '--ami-context', 'from-crm', '--ami-recording-url', files.url + '/rec/{linkedid}.wav',
               '--cti-country', 'RU', '--ami-keepalive', '1']
    server.start('server', options)
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    ivan = server.login('ivan', 'ivan-password')
    for ext, agent in (('201', 'olga'), ('202', 'ivan')):
        status, _ = server.api('PUT', '/cti/extensions/' + ext, mira, {'agent': agent})
        if status != 200:
            bail('mapping %s: %s' % (ext, status))
    replica = os.path.join(T, 'olga-replica')
    cli(replica, server.root, 'login', 'olga', password='agent-password')
    anna = json.loads(cli(replica, server.root, '--json', 'contact', 'add', 'Anna Petrova',
                          '--phone', '8 916 100-00-01'))['id']
    cli(replica, server.root, 'sync')

    wait_until('the login', lambda: standin.named('CoreShowChannels'), 10)
    login = standin.named('Login')[0]
    check(login.get('Username') == USER and login.get('Secret') == SECRET and login.get('ActionID'),
          'the server logs in with the user and the secret of its file')
    check('logged in as %s' % USER in server.log_text(), 'the login is in the server log')
    ws_olga = Events(server.root, olga)
    ws_ivan = Events(server.root, ivan)
    time.sleep(0.3)

    def row_of(linked):
        rows = center_rows(data, 'SELECT c.* FROM calls c JOIN cti_calls x ON x.call_id = c.id'
                                 ' WHERE x.pbx = ? AND x.pbx_call_id = ?', ('ami', linked))
        return rows[0] if rows else None

    def filed(linked):
        row = row_of(linked)
        return merged_rows(data, 'SELECT * FROM calls WHERE center_call_id = ?', (row['id'],)) if row else []

    # ---- an inbound queue call to Olga --------------------------------------------------------
    a = call_values(1, '201', T0 + 100.25, T0 + 108.5, T0 + 168.5)
    make_wav(os.path.join(recs, 'rec', a['LINKED'] + '.wav'), 1.0)
    standin.send(render('inbound-ring.ami', 'a-ring.ami', **a))
    pop = ws_olga.wait_cti('the ring pop', lambda m: m['pbx_call_id'] == a['LINKED'])
    check(pop['event'] == 'ring' and pop['number'] == ANNA and pop['direction'] == 'inbound' and
          pop['record'] and pop['record']['id'] == anna and pop['extension'] == '201',
          'AgentCalled/DialBegin to PJSIP/201 pops Anna for Olga before the answer')
    row = row_of(a['LINKED'])
    check(row['answered_at'] is None and row['ringing_at'] == int((T0 + 100.25) * 1000),
          'the row rings at the PBX\'s time, not answered')
    standin.send(render('inbound-answer.ami', 'a-answer.ami', **a))
    standin.send(render('hangup.ami', 'a-hangup.ami', **a))
    wait_until('the end of call A', lambda: row_of(a['LINKED'])['ended_at'], 10)
    row = row_of(a['LINKED'])
    check(row['direction'] == 'inbound' and row['number'] == ANNA and row['caller_id'] == DID and
          row['agent'] == 'olga' and row['result'] == 'human' and row['hangup_cause'] == 'normal-clearing',
          'call A\'s row: inbound from Anna to the DID, Olga, human, normal-clearing')
    check(row['answered_at'] == int((T0 + 108.5) * 1000) and row['ended_at'] == int((T0 + 168.5) * 1000),
          'answered and ended at the Timestamps of DialEnd and Hangup')
    # the row ends as the messages go out: the answer's may still be on its way (ASan, load)
    ws_olga.wait_cti('the answer pop', lambda m: m['pbx_call_id'] == a['LINKED'] and m['event'] == 'answer')
    check(len([m for m in ws_olga.cti() if m['pbx_call_id'] == a['LINKED'] and m['event'] == 'ring']) == 1 and
          len([m for m in ws_olga.cti() if m['pbx_call_id'] == a['LINKED'] and m['event'] == 'answer']) == 1,
          'one ring pop (AgentCalled, DialBegin and Newstate are one ring) and one answer')
    rec = wait_until('call A\'s recording in the CRM', lambda: [r for r in filed(a['LINKED']) if r['recording']], 10)
    check(len(filed(a['LINKED'])) == 1 and rec[0]['parent_id'] == anna and
          files.asked == ['/rec/%s.wav' % a['LINKED']],
          'filed once on Anna with the recording from the URL pattern')
    check(ws_ivan.cti() == [], 'Ivan\'s app saw nothing of it')

    # ---- click-to-call ---------------------------------------------------------------------
    status, body = server.api('POST', '/cti/originate', mira, {'number': '+79161000099'})
    check(status == 409 and 'extension' in body.get('message', ''), 'no extension: 409')
    status, body = server.api('POST', '/cti/originate', ivan, {'number': 'call me'})
    check(status == 400, 'a number that is none: 400')
    status, body = server.api('POST', '/cti/originate', ivan, {'number': '+79161000099'})
    check(status == 202 and body.get('action_id'), 'Ivan\'s click-to-call is accepted (202)')
    orig = wait_until('the Originate', lambda: standin.named('Originate'), 5)[0]
    check(orig.get('Channel') == 'PJSIP/202' and orig.get('Exten') == '+79161000099' and
          orig.get('Context') == 'from-crm' and orig.get('Priority') == '1' and
          orig.get('Async') == 'true' and orig.get('ActionID') == body['action_id'] and
          orig.get('Variable') == 'RINGDESK_AGENT=ivan',
          'Originate: the agent\'s channel first, then the number in the context: %s' % orig)
    b = call_values(2, '202', T0 + 200, T0 + 206, T0 + 236, number='+79161000099')
    standin.send(render('outbound-originate.ami', 'b.ami', **b))
    pop = ws_ivan.wait_cti('Ivan\'s outbound pop', lambda m: m['pbx_call_id'] == b['LINKED'])
    check(pop['direction'] == 'outbound' and pop['number'] == '+79161000099', 'Ivan\'s app shows whom he calls')
    wait_until('the end of call B', lambda: row_of(b['LINKED'])['ended_at'], 10)
    row = row_of(b['LINKED'])
    check(row['direction'] == 'outbound' and row['agent'] == 'ivan' and row['number'] == '+79161000099' and
          row['caller_id'] == '202' and row['result'] == 'human' and
          row['answered_at'] == int((T0 + 206) * 1000), 'call B\'s row: outbound by Ivan, answered')
    wait_until('call B in the CRM', lambda: filed(b['LINKED']), 10)

    # ---- a blind transfer from Olga to Ivan ---------------------------------------------------------
    f = call_values(6, '201', T0 + 600, T0 + 603, T0 + 630)
    standin.send(render('inbound-ring.ami', 'f-ring.ami', **f))
    standin.send(render('inbound-answer.ami', 'f-answer.ami', **f))
    standin.send(render('blind-transfer.ami', 'f-transfer.ami', TO_EXT='202', **f))
    g = dict(f, EXT='202', AGENT='%08x' % 99, AGENT_UID='%d.%d' % (T0 + 600, 99),
             T_RING='%.6f' % (T0 + 630.5), T_ANSWER='%.6f' % (T0 + 633), T_END='%.6f' % (T0 + 700))
    standin.send(render('inbound-ring.ami', 'g-ring.ami', **g))
    pop = ws_ivan.wait_cti('Ivan\'s ring after the transfer', lambda m: m['pbx_call_id'] == f['LINKED'])
    check(pop['event'] == 'ring' and pop['record'] and pop['record']['id'] == anna,
          'the transferred call rings Ivan with Anna\'s contact')
    standin.send(render('inbound-answer.ami', 'g-answer.ami', **g))
    standin.send(render('hangup.ami', 'g-hangup.ami', **g))
    wait_until('the end of call F', lambda: row_of(f['LINKED'])['ended_at'], 10)
    row = row_of(f['LINKED'])
    check(row['agent'] == 'ivan' and row['transferred_from'] == 'olga' and
          row['transferred_at'] == int((T0 + 633) * 1000) and row['answered_at'] == int((T0 + 603) * 1000) and
          row['ended_at'] == int((T0 + 700) * 1000),
          'one row: answered by Olga, Ivan\'s from his answer, ended when the customer left')
    check([m['event'] for m in ws_ivan.cti() if m['pbx_call_id'] == f['LINKED']] == ['ring', 'transfer', 'hangup'],
          'Ivan\'s app: ring, transfer, hangup')
    rec = wait_until('call F in the CRM', lambda: filed(f['LINKED']), 10)
    check(len(rec) == 1 and rec[0]['agent'] == 'ivan', 'filed once, as Ivan\'s')

    # ---- the peer drops: a call that ended meanwhile, one that goes on ---------------------------
    c = call_values(3, '201', T0 + 300, T0 + 305, T0 + 320)
    standin.send(render('inbound-ring.ami', 'c-ring.ami', **c))
    standin.send(render('inbound-answer.ami', 'c-answer.ami', **c))
    wait_until('call C answered', lambda: row_of(c['LINKED']) and row_of(c['LINKED'])['answered_at'], 10)
    logins = len(standin.named('Login'))
    standin.command(channels=None)
    standin.command(drop=True)
    wait_until('the reconnection', lambda: len(standin.named('CoreShowChannels')) > logins, 10)
    wait_until('call C ended', lambda: row_of(c['LINKED'])['ended_at'], 10)
    row = row_of(c['LINKED'])
    check(row['result'] == 'human' and row['hangup_cause'] == 'ended-unobserved',
          'reconnected: the call that ended during the drop is ended (ended-unobserved)')
    check('disconnected' in server.log_text() and 'connecting again' in server.log_text(),
          'the drop and the reconnection are in the log')
    wait_until('call C in the CRM', lambda: filed(c['LINKED']), 10)

    d = call_values(4, '202', T0 + 400, T0 + 404, T0 + 460)
    standin.send(render('inbound-ring.ami', 'd-ring.ami', **d))
    standin.send(render('inbound-answer.ami', 'd-answer.ami', **d))
    wait_until('call D answered', lambda: row_of(d['LINKED']) and row_of(d['LINKED'])['answered_at'], 10)
    standin.command(channels=render('channels.ami', 'd-channels.ami', **d))
    listings = len(standin.named('CoreShowChannels'))
    standin.command(drop=True)
    wait_until('the second reconnection', lambda: len(standin.named('CoreShowChannels')) > listings, 10)
    time.sleep(0.5)
    check(row_of(d['LINKED'])['ended_at'] is None, 'a call still up after the drop stays open')
    standin.send(render('hangup.ami', 'd-hangup.ami', **d))
    wait_until('call D ended', lambda: row_of(d['LINKED'])['ended_at'], 10)
    row = row_of(d['LINKED'])
    check(row['hangup_cause'] == 'normal-clearing' and row['ended_at'] == int((T0 + 460) * 1000) and
          row['agent'] == 'ivan', 'then ends by its Hangup, as Asterisk says')

    # ---- the peer goes away and comes back on its port --------------------------------------------
    port = standin.port
    standin.stop()
    time.sleep(2.5)
    standin = StandIn(port)
    wait_until('a login to the new peer', lambda: standin.named('CoreShowChannels'), 15)
    check(True, 'a peer that went away is logged in to again when it is back')

    # ---- a peer that hangs: its kernel takes the bytes, nothing answers the Ping ---------------
    listings = len(standin.named('CoreShowChannels'))
    os.kill(standin.proc.pid, signal.SIGSTOP)
    noticed = wait_until('the hung peer noticed', lambda: 'no answer to the keepalive Ping' in server.log_text(), 10)
    os.kill(standin.proc.pid, signal.SIGCONT)
    check(noticed, 'a peer that stops answering Pings is dropped')
    wait_until('a login after the hang', lambda: len(standin.named('CoreShowChannels')) > listings, 20)
    check(True, 'and logged in to again once it answers')

    # ---- a server restart in the middle of a call ---------------------------------------------------
    e = call_values(5, '201', T0 + 500, T0 + 502, T0 + 590)
    standin.send(render('inbound-ring.ami', 'e-ring.ami', **e))
    standin.send(render('inbound-answer.ami', 'e-answer.ami', **e))
    wait_until('call E answered', lambda: row_of(e['LINKED']) and row_of(e['LINKED'])['answered_at'], 10)
    standin.command(channels=render('channels.ami', 'e-channels.ami', **e))
    listings = len(standin.named('CoreShowChannels'))
    server.stop()
    check(row_of(e['LINKED'])['ended_at'] is None, 'a clean stop leaves the PBX\'s call open')
    server.start('server-2', options)
    wait_until('the restarted server\'s login', lambda: len(standin.named('CoreShowChannels')) > listings, 10)
    time.sleep(0.5)
    check(row_of(e['LINKED'])['ended_at'] is None, 'the restarted server sees the call still up')
    standin.send(render('inbound-answer.ami', 'e-answer.ami', **e))
    standin.send(render('hangup.ami', 'e-hangup.ami', **e))
    wait_until('call E ended', lambda: row_of(e['LINKED'])['ended_at'], 10)
    row = row_of(e['LINKED'])
    check(row['answered_at'] == int((T0 + 502) * 1000) and row['ended_at'] == int((T0 + 590) * 1000) and
          row['hangup_cause'] == 'normal-clearing', 'it ends once, by its Hangup after the restart')

    # ---- nothing lost, nothing twice ----------------------------------------------------------------
    wait_until('call E in the CRM', lambda: filed(e['LINKED']), 10)
    time.sleep(0.5)
    rows = center_rows(data, 'SELECT c.id, c.ended_at FROM calls c JOIN cti_calls x ON x.call_id = c.id')
    check(len(rows) == 6 and all(r['ended_at'] for r in rows), 'six calls, six rows, all ended')
    crm = merged_rows(data, 'SELECT center_call_id, count(*) AS n FROM calls'
                            ' WHERE center_call_id IS NOT NULL GROUP BY center_call_id')
    check(len(crm) == 6 and all(r['n'] == 1 for r in crm), 'each filed in the CRM once')

    # ---- a wrong secret: refused, logged, tried again, nothing else done ------------------------
    wrong = os.path.join(T, 'wrong-secret')
    with open(wrong, 'w') as f:
        f.write('not-the-secret\n')
    other = CtiServer(os.path.join(T, 'data-wrong'))
    os.makedirs(other.data)
    logins = len(standin.named('Login'))
    other.start('server-wrong', ['--ami', '127.0.0.1:%d' % standin.port, '--ami-user', USER,
                                 '--ami-secret-file', wrong])
    wait_until('the refused login', lambda: 'refused' in other.log_text(), 10)
    wait_until('a second try', lambda: len(standin.named('Login')) >= logins + 2, 10)
    check('logged in' not in other.log_text() and 'connecting again' in other.log_text(),
          'a wrong secret is refused, logged and tried again with backoff')
    other.stop()


try:
    main()
finally:
    cleanup()
print('1..%d' % len(RESULTS), flush=True)
sys.exit(0 if all(RESULTS) else 1)
