#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SMS end to end through a real Kannel, every peer on loopback.

ringdesk-server with --sms-config talks to Kannel's smsbox (sendsms), whose bearerbox has a
"fake" SMS center to which Kannel's own fakesmsc connects (kannel-extras). An agent's replica
(ringdesk-cli, the app's core) sends from a contact; fakesmsc must receive exactly that text
at that number (GSM-7, and Cyrillic as UCS-2); the delivery report comes back through the
dlr-url and the row becomes delivered, on the server and, by sync, in the replica. Messages
injected at fakesmsc arrive through smsbox's sms-service get-url: on the contact with that
number, and for an unknown number on a new "unsorted" contact. Wrong secret 403, malformed
callbacks 400 (nothing written), another agent 404, bad input 400. Kannel stopped: the message
is retried with a doubling delay and fails after the configured attempts; a Kannel back in
time delivers it.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN, kannel (bearerbox, smsbox), kannel-extras
(fakesmsc).
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from rdtap import T, PROCS, log, check, bail, free_port, spawn, wait_until, finish, run  # noqa: E402

SERVER = os.environ.get('RD_SERVER_BIN', '')
CLI = os.environ.get('RD_CLI_BIN', '')
BEARERBOX = '/usr/sbin/bearerbox'
SMSBOX = '/usr/sbin/smsbox'
FAKESMSC = '/usr/lib/kannel/test/fakesmsc'
CHEAP = ['--pwhash-ops', '1', '--pwhash-mem', '8']
SECRET = 'test-secret-0123456789'
RETRIES = 5


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def accepts(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=0.5):
            return True
    except OSError:
        return False


# ---- the server and the replica ------------------------------------------------------------

PORTS = {name: free_port(socket.SOCK_STREAM) for name in ('server', 'admin', 'box', 'smsc', 'sendsms')}
DATA = os.path.join(T, 'data')
BASE = 'http://127.0.0.1:%d' % PORTS['server']
API = BASE + '/api/v1'


def admin(*args, password=None):
    r = subprocess.run([SERVER, '--data-dir', DATA] + CHEAP + list(args),
                       input=(password + '\n') if password else None, text=True,
                       capture_output=True, timeout=60)
    if r.returncode != 0:
        bail('ringdesk-server %s: %s' % (' '.join(args), r.stderr))


def http(method, url, token=None, body=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    if token:
        headers['Authorization'] = 'Bearer ' + token
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b'null')
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {'raw': text.decode(errors='replace')}


def login(name):
    status, body = http('POST', API + '/session', body={'username': name, 'password': name + '-pw-1'})
    if status != 200:
        bail('login %s: %s %s' % (name, status, body))
    return body['token']


def cli(replica, *args, password=None):
    r = subprocess.run([CLI, '--replica', replica, '--server', BASE] + list(args),
                       input=(password + '\n') if password else None, text=True,
                       capture_output=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def merged(sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(DATA, 'merged.db'), uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


def message(mid, token):
    status, body = http('GET', API + '/messages/' + mid, token)
    return body if status == 200 else None


def wait_status(mid, token, wanted, timeout=20):
    return wait_until('message %s %s' % (mid, wanted),
                      lambda: (lambda m: m if m and m.get('status') == wanted else None)(
                          message(mid, token)), timeout)


def start_server(sms_conf):
    err = open(os.path.join(T, 'server.log'), 'a')
    server = subprocess.Popen([SERVER, '--data-dir', DATA, '--listen', '127.0.0.1:%d' % PORTS['server'],
                               '--sms-config', sms_conf] + CHEAP,
                              stdout=subprocess.PIPE, stderr=err, text=True,
                              stdin=subprocess.DEVNULL, cwd=T)
    PROCS.append(server)
    first = server.stdout.readline().strip()
    if not first.startswith('listening on '):
        bail('the server did not start: %r' % first)
    threading.Thread(target=server.stdout.read, daemon=True).start()
    return server


# ---- Kannel ---------------------------------------------------------------------------------

KANNEL_CONF = os.path.join(T, 'kannel.conf')


def write_kannel_conf():
    get_url = ('%s/api/v1/sms/kannel/inbound?secret=%s&from=%%p&to=%%P&text=%%b&coding=%%c'
               '&charset=%%C' % (BASE, SECRET))
    with open(KANNEL_CONF, 'w') as f:
        f.write('''group = core
admin-port = {admin}
admin-password = test-admin
smsbox-port = {box}
box-allow-ip = 127.0.0.1
admin-allow-ip = 127.0.0.1
log-file = "{t}/bearerbox-file.log"
log-level = 1
dlr-storage = internal
store-type = spool
store-location = "{t}/spool"

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = {sendsms}
log-file = "{t}/smsbox-file.log"
log-level = 1
mo-recode = true

group = sendsms-user
username = ringdesk
password = kannel-pw

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "{get_url}"
'''.format(t=T, get_url=get_url, **PORTS))
    os.makedirs(os.path.join(T, 'spool'), exist_ok=True)


def start_bearerbox():
    p = spawn('bearerbox', [BEARERBOX, '-v', '1', KANNEL_CONF])
    wait_until('bearerbox', lambda: accepts(PORTS['admin']) and accepts(PORTS['box']), 20)
    return p


def start_smsbox():
    p = spawn('smsbox', [SMSBOX, '-v', '1', KANNEL_CONF])
    wait_until('smsbox', lambda: accepts(PORTS['sendsms']), 20)
    return p


FAKE_LOG = os.path.join(T, 'fakesmsc.log')


def start_fakesmsc(*messages, count=0):
    """fakesmsc as the SMS center's far end: it prints what it receives; with messages and
    count it also sends them (mobile-originated)."""
    argv = [FAKESMSC, '-H', '127.0.0.1', '-r', str(PORTS['smsc']), '-i', '0.1', '-m', str(count)]
    return spawn('fakesmsc', argv + list(messages or ['0 0 text nop']))


def received():
    """What fakesmsc got: (sender, receiver, text)."""
    out = []
    try:
        with open(FAKE_LOG, errors='replace') as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return out
    for line in lines:
        m = re.search(r'Got message \d+: <(\S+) (\S+) (\S+) (.*)>$', line)
        if not m:
            continue
        kind, data = m.group(3), m.group(4)
        # Kannel's URL encoding writes a space (0x20) as "+".
        raw = urllib.parse.unquote_to_bytes(data.replace('+', '%20'))
        if kind == 'ucs-2' or kind == 'ucs2':
            text = raw.decode('utf-16-be', errors='replace')
        elif kind == 'data':
            text = raw.decode('utf-8', errors='replace')
        else:
            text = data
        out.append((m.group(1), m.group(2), kind, text))
    return out


def ucs2(text):
    return urllib.parse.quote_from_bytes(text.encode('utf-16-be'), safe='')


# ---- the run --------------------------------------------------------------------------------

def main():
    for path in (SERVER, CLI, BEARERBOX, SMSBOX, FAKESMSC):
        if not path or not os.access(path, os.X_OK):
            print('1..0 # SKIP needs %s (tools/install-deps: kannel, kannel-extras)' % path)
            return 0

    admin('user', 'add', 'anna', '--role', 'agent', password='anna-pw-1')
    admin('user', 'add', 'boris', '--role', 'agent', password='boris-pw-1')
    sms_conf = os.path.join(T, 'sms.conf')
    with open(sms_conf, 'w') as f:
        f.write('[kannel]\nsendsms-url = http://127.0.0.1:%d/cgi-bin/sendsms\n'
                'username = ringdesk\npassword = kannel-pw\nfrom = Ringdesk\n'
                'callback-url = %s\ncallback-secret = %s\ntimeout = 5\n\n'
                '[sms]\nretry-attempts = %d\nretry-delay-ms = 300\nretry-max-delay-ms = 1500\n'
                % (PORTS['sendsms'], BASE, SECRET, RETRIES))
    server = start_server(sms_conf)

    write_kannel_conf()
    start_bearerbox()
    smsbox = start_smsbox()
    receiver = start_fakesmsc()
    wait_until('fakesmsc connected', lambda: 'connected' in open(
        os.path.join(T, 'bearerbox-file.log'), errors='replace').read().lower(), 20)
    log('server %s, kannel sendsms :%d, fake smsc :%d' % (BASE, PORTS['sendsms'], PORTS['smsc']))

    anna = login('anna')
    boris = login('boris')

    # Anna's replica: a contact with a mobile number, pushed to the server.
    replica = os.path.join(T, 'anna')
    rc, out, e = cli(replica, 'login', 'anna', password='anna-pw-1')
    if rc != 0:
        bail('cli login: ' + e)
    rc, out, e = cli(replica, '--json', 'contact', 'add', 'Anna Petrova', '--phone', '8 916 123-45-67')
    if rc != 0:
        bail('contact add: ' + e)
    contact = json.loads(out)['id']
    rc, out, e = cli(replica, 'sync')
    if rc != 0:
        bail('sync: ' + e)

    # 1. GSM-7 from the replica's core, through Kannel to fakesmsc, delivery report back.
    text = 'Hello Anna, your order #42 is ready: 15 EUR {ok}'
    rc, out, e = cli(replica, 'sms', contact, '+7 916 123 45 67', text)
    check(rc == 0, 'ringdesk-cli sms sends from the contact (%s)' % e.strip())
    sent = json.loads(out) if rc == 0 else {}
    check(sent.get('status') == 'queued' and sent.get('segments') == 1 and
          sent.get('address') == '+79161234567', 'the answer is the queued row, 1 segment, E.164')
    mid = sent.get('id', '')
    wait_status(mid, anna, 'delivered')
    got = wait_until('fakesmsc got the GSM-7 text', lambda: [r for r in received() if r[3] == text], 10)
    check(len(got) == 1 and got[0][1] == '+79161234567' and got[0][0] == 'Ringdesk',
          'fakesmsc received exactly that text at +79161234567 from Ringdesk')
    check(message(mid, anna).get('reason') is None, 'delivered, no reason')

    # 2. Cyrillic: UCS-2 on the wire.
    cyr = 'Здравствуйте, Анна! Ваш заказ готов.'
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': cyr})
    check(status == 202 and body.get('segments') == 1, 'POST /messages/sms: 202, queued (%s)' % status)
    got = wait_until('fakesmsc got the Cyrillic text', lambda: [r for r in received() if r[3] == cyr], 10)
    check(got[0][2] in ('ucs-2', 'ucs2'), 'the Cyrillic text travels as UCS-2 (%s)' % got[0][2])
    wait_status(body['id'], anna, 'delivered')
    check(True, 'the Cyrillic SMS is delivered')
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'я' * 71})
    check(status == 202 and body.get('segments') == 2, '71 Cyrillic letters: 2 segments')

    # 3. Input the server refuses before sending; another agent's view.
    count_before = merged("SELECT count(*) AS n FROM messages")[0]['n']
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79031112233', 'text': 'x'})
    check(status == 400 and 'not a phone of this record' in body.get('message', ''),
          'a number the record does not have: 400 (%s)' % body.get('message'))
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '12', 'text': 'x'})
    check(status == 400 and 'cannot take an SMS' in body.get('message', ''), 'an invalid number: 400')
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'x' * 1600})
    check(status == 400 and 'segments' in body.get('message', ''), 'a text over 10 segments: 400')
    status, body = http('POST', API + '/messages/sms', anna, {'table': 'contacts', 'id': contact})
    check(status == 400, 'missing members: 400')
    status, body = http('POST', API + '/messages/sms', boris,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'hi'})
    check(status == 404, 'an agent who cannot see the contact: 404 (%s)' % status)
    status, body = http('GET', API + '/messages/' + mid, boris)
    check(status == 404, '... nor its messages: 404')
    status, body = http('POST', API + '/messages/sms', None,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'hi'})
    check(status == 401, 'no token: 401')

    # 4. Callbacks: the secret, malformed reports, nothing written.
    dlr = API + '/sms/kannel/dlr?'
    status, _ = http('GET', dlr + urllib.parse.urlencode({'secret': 'wrong', 'id': mid, 'type': 2}))
    check(status == 403, 'a delivery report with a wrong secret: 403')
    status, _ = http('GET', dlr + urllib.parse.urlencode({'id': mid, 'type': 2}))
    check(status == 403, '... without one: 403')
    status, body = http('GET', dlr + urllib.parse.urlencode({'secret': SECRET, 'id': mid, 'type': 'x'}))
    check(status == 400 and 'type' in body.get('message', ''), 'a report with a bad type: 400')
    status, _ = http('GET', dlr + urllib.parse.urlencode({'secret': SECRET, 'type': 1}))
    check(status == 400, 'a report without id: 400')
    status, _ = http('GET', dlr + urllib.parse.urlencode({'secret': SECRET, 'id': '0190a1b2-0000-7000-8000-00000000dead', 'type': 1}))
    check(status == 404, 'a report for an unknown message: 404')
    status, _ = http('GET', dlr + urllib.parse.urlencode({'secret': SECRET, 'id': mid, 'type': 2}))
    check(status == 200 and message(mid, anna)['status'] == 'delivered',
          'a late "not delivered" after "delivered" does not move it back')
    inbound = API + '/sms/kannel/inbound?'
    status, _ = http('GET', inbound + urllib.parse.urlencode({'secret': 'nope', 'from': '+79161234567', 'text': 'x'}))
    check(status == 403, 'an inbound SMS with a wrong secret: 403')
    status, body = http('GET', inbound + urllib.parse.urlencode({'secret': SECRET, 'text': 'x'}))
    check(status == 400 and 'from' in body.get('message', ''), 'an inbound SMS without from: 400')
    status, body = http('GET', inbound + urllib.parse.urlencode({'secret': SECRET, 'from': 'no number', 'text': 'x'}))
    check(status == 400, 'an inbound SMS from something that is no number: 400')
    count_after = merged("SELECT count(*) AS n FROM messages")[0]['n']
    check(count_after == count_before, 'refused requests wrote nothing (%d messages)' % count_after)

    # 5. Inbound through Kannel: on the contact the number belongs to, else a new "unsorted" one.
    stop(receiver)
    mo = start_fakesmsc('+79161234567 1234 text Thanks, I will pick it up', count=1)
    rows = wait_until('the inbound SMS', lambda: merged(
        "SELECT * FROM messages WHERE direction = 'inbound' AND body = 'Thanks, I will pick it up'"), 20)
    check(rows[0]['parent_id'] == contact and rows[0]['parent_tbl'] == 'contacts' and
          rows[0]['status'] == 'received' and rows[0]['address'] == '+79161234567',
          'an SMS from +79161234567 lands on Anna Petrova')
    stop(mo)
    who = 'Кто это? Перезвоните мне'
    mo = start_fakesmsc('+79035550101 1234 ucs2 ' + ucs2(who), count=1)
    rows = wait_until('the SMS from an unknown number', lambda: merged(
        "SELECT * FROM messages WHERE direction = 'inbound' AND address = '+79035550101'"), 20)
    check(rows[0]['body'] == who, 'the Cyrillic inbound text arrives intact (%r)' % rows[0]['body'])
    new = merged("SELECT c.*, p.e164 FROM contacts c JOIN phones p ON p.parent_id = c.id"
                 " WHERE c.id = ?", (rows[0]['parent_id'],))
    check(len(new) == 1 and new[0]['tags'] == 'unsorted' and new[0]['e164'] == '+79035550101' and
          new[0]['owner'] == 'shared', 'an unknown number becomes a shared "unsorted" contact with its phone')
    stop(mo)
    receiver = start_fakesmsc()

    # 6. Kannel down: retried with a doubling delay, then failed with the reason.
    stop(smsbox)
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'lost?'})
    check(status == 202 and body['status'] == 'queued', 'with Kannel down the message is still queued')
    down = body['id']
    m = wait_until('a retry noted', lambda: (lambda x: x if x and 'attempt 1 of' in (x.get('reason') or '') else None)(message(down, anna)), 10)
    check(m['status'] == 'queued', 'while retrying it stays queued, the reason says so (%s)' % m['reason'])
    m = wait_status(down, anna, 'failed', 20)
    check('gave up after %d attempts' % RETRIES in m.get('reason', ''),
          'after %d attempts it fails with the reason (%s)' % (RETRIES, m.get('reason')))
    check(not [r for r in received() if r[3] == 'lost?'], 'and nothing reached the SMS center')

    # 7. Kannel back within the retries: delivered, nothing lost.
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'back again'})
    back = body['id']
    wait_until('a retry noted', lambda: 'attempt' in ((message(back, anna) or {}).get('reason') or ''), 10)
    smsbox = start_smsbox()
    wait_status(back, anna, 'delivered', 30)
    check([r for r in received() if r[3] == 'back again'], 'Kannel back: the queued message is sent and delivered')

    # 8. A server stopped while a message waits for its retry sends it after its restart.
    stop(smsbox)
    status, body = http('POST', API + '/messages/sms', anna,
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'after restart'})
    later = body['id']
    wait_until('a retry noted', lambda: 'attempt' in ((message(later, anna) or {}).get('reason') or ''), 10)
    stop(server)
    check(server.returncode == 0, 'the server stops cleanly with a message queued')
    smsbox = start_smsbox()
    server = start_server(sms_conf)
    wait_status(later, anna, 'delivered', 30)
    check(len([r for r in received() if r[3] == 'after restart']) == 1,
          'the restarted server sends the queued message once, and it is delivered')

    # 9. A server without --sms-config: sending is 409, the callbacks 404.
    plain_port = free_port(socket.SOCK_STREAM)
    plain_data = os.path.join(T, 'plain')
    r = subprocess.run([SERVER, '--data-dir', plain_data] + CHEAP + ['user', 'add', 'anna', '--role', 'agent'],
                       input='anna-pw-1\n', text=True, capture_output=True, timeout=60)
    if r.returncode != 0:
        bail('user add on the second server: ' + r.stderr)
    plain = spawn('server-plain', [SERVER, '--data-dir', plain_data, '--listen', '127.0.0.1:%d' % plain_port] + CHEAP)
    plain_api = 'http://127.0.0.1:%d/api/v1' % plain_port
    wait_until('the second server', lambda: accepts(plain_port), 20)
    status, body = http('POST', plain_api + '/session', body={'username': 'anna', 'password': 'anna-pw-1'})
    status, body = http('POST', plain_api + '/messages/sms', body['token'],
                        {'table': 'contacts', 'id': contact, 'phone': '+79161234567', 'text': 'x'})
    check(status == 409 and '--sms-config' in body.get('message', ''),
          'without a gateway sending is 409 and says why')
    status, _ = http('GET', plain_api + '/sms/kannel/dlr?' + urllib.parse.urlencode({'secret': SECRET, 'id': mid, 'type': 1}))
    check(status == 404, '... and the callbacks are 404')
    stop(plain)

    # 10. The replica has it all by sync.
    rc, out, e = cli(replica, 'sync')
    check(rc == 0, 'the replica syncs')
    db = sqlite3.connect(os.path.join(replica, 'replica.db'))
    rows = dict(db.execute("SELECT id, status FROM messages").fetchall())
    reason = db.execute("SELECT reason FROM messages WHERE id = ?", (down,)).fetchone()
    db.close()
    check(rows.get(mid) == 'delivered' and rows.get(back) == 'delivered' and rows.get(down) == 'failed'
          and rows.get(later) == 'delivered', 'the replica shows delivered, delivered, failed, delivered')
    check(reason and 'gave up' in reason[0], "... with the failed one's reason")
    rc, out, e = cli(replica, '--json', 'timeline', contact)
    check(rc == 0 and 'Thanks, I will pick it up (received)' in out and 'lost? (failed: gave up' in out,
          'the contact timeline lists the messages with their status')

    return finish()


if __name__ == '__main__':
    run(main)
