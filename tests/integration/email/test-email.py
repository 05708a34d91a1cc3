#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""E-mail end to end with real mail servers on loopback.

ringdesk-server with --smtp and --imap. Out: aiosmtpd (Debian python3-aiosmtpd, run by
Debian's own python3) with STARTTLS on a certificate made here by openssl and AUTH required
after it; it is down at first, so the message stays "queued" with the failed attempt in its
reason, then it comes up and the retry makes it "sent"; the test reads the message as the
SMTP server received it: headers (From, To, Cc, Subject in RFC 2047, Message-ID as on the
row), multipart/alternative with the text and the HTML, the attachment's bytes, the AUTH
login and TLS. A recipient the SMTP server refuses (550) makes it "failed" with the reason at
once. Bad input is refused before anything is queued. In: dovecot (dovecot-imapd), started
here unprivileged (as nobody when the test runs as root) in a temporary folder with a
passwd-file and a Maildir; replies dropped into the Maildir are fetched and filed: by
In-Reply-To on the record of our message, by the sender's address, an unknown sender on a
new "unsorted" contact; attachments served to who may see the record; none filed twice.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN, /usr/bin/python3 with aiosmtpd, dovecot,
openssl.
"""

import base64
import email
import email.policy
import glob
import json
import os
import pwd
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from rdtap import T, PROCS, log, check, bail, free_port, spawn, wait_until, finish, run  # noqa: E402

SERVER = os.environ.get('RD_SERVER_BIN', '')
CLI = os.environ.get('RD_CLI_BIN', '')
DEBIAN_PYTHON = '/usr/bin/python3'
DOVECOT = '/usr/sbin/dovecot'
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'smtp-peer.py')
CHEAP = ['--pwhash-ops', '1', '--pwhash-mem', '8']
PORTS = {name: free_port(socket.SOCK_STREAM) for name in ('server', 'smtp', 'imap')}
DATA = os.path.join(T, 'data')
BASE = 'http://127.0.0.1:%d' % PORTS['server']
API = BASE + '/api/v1'
OUTBOX = os.path.join(T, 'smtp-received')
MAILDIR = os.path.join(T, 'imap', 'maildir')
FROM = 'support@ringdesk.test'


def accepts(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=0.5):
            return True
    except OSError:
        return False


def admin(*args, password=None):
    r = subprocess.run([SERVER, '--data-dir', DATA] + CHEAP + list(args),
                       input=(password + '\n') if password else None, text=True,
                       capture_output=True, timeout=60)
    if r.returncode != 0:
        bail('ringdesk-server %s: %s' % (' '.join(args), r.stderr))


def http(method, url, token=None, body=None, raw=False):
    headers = {}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    if token:
        headers['Authorization'] = 'Bearer ' + token
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            content = r.read()
            return r.status, (content, dict(r.headers)) if raw else json.loads(content or b'null')
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {'raw': text.decode(errors='replace')}
    except (ConnectionError, urllib.error.URLError) as e:
        return 0, {'message': str(e)}


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


def wait_status(mid, token, wanted, timeout=30):
    return wait_until('message %s %s' % (mid, wanted),
                      lambda: (lambda m: m if m and m.get('status') == wanted else None)(
                          message(mid, token)), timeout)


# ---- the peers ------------------------------------------------------------------------------

def make_certificate():
    cert, key = os.path.join(T, 'smtp-cert.pem'), os.path.join(T, 'smtp-key.pem')
    r = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
                        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
                        '-keyout', key, '-out', cert], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        bail('openssl: ' + r.stderr)
    return cert, key


def start_smtp(cert, key):
    os.makedirs(OUTBOX, exist_ok=True)
    p = spawn('smtp', [DEBIAN_PYTHON, PEER, str(PORTS['smtp']), OUTBOX, cert, key,
                       'mailer', 'smtp-pw-1'])
    wait_until('the SMTP server', lambda: accepts(PORTS['smtp']), 20)
    return p


def stop(p):
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def smtp_received():
    out = []
    for path in sorted(glob.glob(os.path.join(OUTBOX, '*.eml')), key=lambda p: int(os.path.basename(p)[:-4])):
        with open(path, 'rb') as f:
            msg = email.message_from_bytes(f.read(), policy=email.policy.default)
        with open(path[:-4] + '.json') as f:
            envelope = json.load(f)
        out.append((msg, envelope))
    return out


def start_dovecot():
    """dovecot as an unprivileged user: nobody when we are root, else ourselves."""
    root = os.path.join(T, 'imap')
    for sub in ('run', 'state', 'home', 'maildir/new', 'maildir/cur', 'maildir/tmp'):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    user = pwd.getpwnam('nobody') if os.getuid() == 0 else pwd.getpwuid(os.getuid())
    group = subprocess.run(['id', '-gn', user.pw_name], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(root, 'passwd'), 'w') as f:
        f.write('replies:{PLAIN}imap-pw-1\n')
    conf = os.path.join(root, 'dovecot.conf')
    with open(conf, 'w') as f:
        f.write('''base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={r}/home
}}
mail_location = maildir:{r}/maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
'''.format(r=root, user=user.pw_name, group=group, uid=user.pw_uid, gid=user.pw_gid,
           port=PORTS['imap']))
    argv = [DOVECOT, '-F', '-c', conf]
    if os.getuid() == 0:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                os.chown(os.path.join(dirpath, name), user.pw_uid, user.pw_gid)
        os.chown(root, user.pw_uid, user.pw_gid)
        os.chmod(T, 0o755)
        argv = ['setpriv', '--reuid=%d' % user.pw_uid, '--regid=%d' % user.pw_gid,
                '--clear-groups'] + argv
    p = spawn('dovecot-master', argv)
    wait_until('dovecot', lambda: accepts(PORTS['imap']), 20)
    return p, user


DROPPED = [0]


def drop(raw, owner):
    """Delivers @raw into the Maildir as a delivery agent would (tmp/, then new/)."""
    DROPPED[0] += 1
    name = '%d.%d.ringdesk-test' % (int(time.time()), DROPPED[0])
    tmp = os.path.join(MAILDIR, 'tmp', name)
    with open(tmp, 'wb') as f:
        f.write(raw.replace(b'\n', b'\r\n'))
    os.chown(tmp, owner.pw_uid, owner.pw_gid)
    os.rename(tmp, os.path.join(MAILDIR, 'new', name))


def start_server():
    err = open(os.path.join(T, 'server.log'), 'a')
    with open(os.path.join(T, 'smtp-password'), 'w') as f:
        f.write('smtp-pw-1\n')
    with open(os.path.join(T, 'imap-password'), 'w') as f:
        f.write('imap-pw-1\n')
    server = subprocess.Popen([SERVER, '--data-dir', DATA, '--listen', '127.0.0.1:%d' % PORTS['server'],
                               '--smtp', 'smtp://127.0.0.1:%d' % PORTS['smtp'],
                               '--smtp-user', 'mailer', '--smtp-password-file', os.path.join(T, 'smtp-password'),
                               '--mail-from', FROM, '--mail-ca-file', os.path.join(T, 'smtp-cert.pem'),
                               '--imap', 'imap://127.0.0.1:%d/INBOX' % PORTS['imap'],
                               '--imap-user', 'replies', '--imap-password-file', os.path.join(T, 'imap-password'),
                               '--imap-poll', '1'] + CHEAP,
                              stdout=subprocess.PIPE, stderr=err, text=True,
                              stdin=subprocess.DEVNULL, cwd=T)
    PROCS.append(server)
    first = server.stdout.readline().strip()
    if not first.startswith('listening on '):
        bail('the server did not start: %r' % first)
    threading.Thread(target=server.stdout.read, daemon=True).start()
    return server


# ---- the run --------------------------------------------------------------------------------

def parts_of(msg):
    plain = msg.get_body(preferencelist=('plain',))
    html = msg.get_body(preferencelist=('html',))
    files = [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
             for p in msg.iter_attachments()]
    return plain, html, files


def count_messages():
    return merged("SELECT count(*) AS n FROM messages WHERE channel = 'email'")[0]['n']


def check_refusals(anna, boris, contact):
    before = count_messages()
    good = {'table': 'contacts', 'record': contact, 'to': ['anna@example.org'],
            'subject': 'x', 'text': 'x'}
    cases = [
        (dict(good, to=['not-an-address']), 400, 'not a valid e-mail address', 'an invalid address'),
        (dict(good, cc=['a@@example.org']), 400, 'not a valid e-mail address', 'an invalid cc'),
        (dict(good, to=[]), 400, 'no recipient', 'no recipient'),
        ({k: v for k, v in good.items() if k != 'text'}, 400, 'nothing to send', 'no text'),
        (dict(good, attachments=[{'name': 'a.bin', 'data': '***'}]), 400, 'not base64', 'bad base64'),
        (dict(good, attachments=[{'name': '../a', 'data': 'QQ=='}]), 400, 'without slashes', 'a path as a name'),
        (dict(good, table='deals'), 400, 'must be contacts', 'a table without e-mail'),
        (dict(good, reply_to_message='0190a1b2-0000-7000-8000-000000000000'), 404, 'no message', 'a reply to nothing'),
    ]
    for body, status, words, what in cases:
        got, answer = http('POST', API + '/messages/email', anna, body)
        check(got == status and words in answer.get('message', ''),
              '%s: %d (%s %s)' % (what, status, got, answer.get('message')))
    big = base64.b64encode(os.urandom(10 * 1024 * 1024 + 512 * 1024)).decode()
    got, answer = http('POST', API + '/messages/email', anna,
                       dict(good, attachments=[{'name': 'big.bin', 'data': big}]))
    check(got == 400 and 'at most 10 MB' in answer.get('message', ''),
          'a 10.5 MB attachment: 400 naming the 10 MB limit (%s %s)' % (got, answer.get('message')))
    huge = b'{"table":"contacts","record":"%s","to":["anna@example.org"],"text":"x","attachments":[{"name":"huge","data":"%s"}]}' % (
        contact.encode(), base64.b64encode(os.urandom(30 * 1024 * 1024)))
    got, answer = http('POST', API + '/messages/email', anna, huge)
    check(got == 413 and 'limit' in answer.get('message', ''),
          'a 30 MB attachment: 413 before the body is read (%s %s)' % (got, answer.get('message')))
    got, answer = http('POST', API + '/messages/email', boris, good)
    check(got == 404, 'another agent may not send from Anna\'s contact: 404 (%s)' % got)
    check(count_messages() == before, 'nothing refused was queued or written')


def main():
    for path in (SERVER, CLI, DEBIAN_PYTHON, DOVECOT):
        if not path or not os.access(path, os.X_OK):
            print('1..0 # SKIP needs %s (tools/install-deps: python3-aiosmtpd, dovecot-imapd)' % path)
            return 0
    if subprocess.run([DEBIAN_PYTHON, '-c', 'import aiosmtpd'], capture_output=True).returncode != 0:
        print('1..0 # SKIP needs python3-aiosmtpd')
        return 0

    cert, key = make_certificate()
    admin('user', 'add', 'anna', '--role', 'agent', password='anna-pw-1')
    admin('user', 'add', 'boris', '--role', 'agent', password='boris-pw-1')
    dovecot, owner = start_dovecot()
    start_server()
    anna, boris = login('anna'), login('boris')

    replica = os.path.join(T, 'anna')
    rc, out, e = cli(replica, 'login', 'anna', password='anna-pw-1')
    if rc != 0:
        bail('cli login: ' + e)
    rc, out, e = cli(replica, '--json', 'contact', 'add', 'Anna Petrova', '--email', 'anna@example.org')
    if rc != 0:
        bail('contact add: ' + e)
    contact = json.loads(out)['id']
    rc, out, e = cli(replica, 'sync')
    if rc != 0:
        bail('sync: ' + e)
    log('server %s, smtp :%d (down), imap :%d' % (BASE, PORTS['smtp'], PORTS['imap']))

    # 1. SMTP down: queued, the attempt in the reason; then up: sent, as the server got it.
    payload = bytes(range(256)) * 20
    html = '<p>Hello <b>Anna</b>,</p><ul><li>first</li><li>second</li></ul>'
    text = 'Hello Anna,\n\n• first\n• second\n'
    subject = 'Заказ №42 — готов'
    status, sent = http('POST', API + '/messages/email', anna, {
        'table': 'contacts', 'record': contact, 'to': ['anna@example.org'],
        'cc': 'boss@example.org', 'subject': subject, 'html': html, 'text': text,
        'attachments': [{'name': 'invoice 42.bin', 'content_type': 'application/octet-stream',
                         'data': base64.b64encode(payload).decode()}]})
    check(status == 202 and sent.get('status') == 'queued' and sent.get('channel') == 'email',
          'POST /messages/email: 202, the row queued (%s %s)' % (status, sent.get('message')))
    mid = sent.get('id', '')
    queued = wait_until('the failed attempt in the reason',
                        lambda: (lambda m: m if m and 'attempt 1 of' in (m.get('reason') or '') else None)(
                            message(mid, anna)), 15)
    check(queued['status'] == 'queued', 'SMTP down: still queued, "%s"' % queued['reason'])
    smtp = start_smtp(cert, key)
    row = wait_status(mid, anna, 'sent', 30)
    check(row.get('reason') is None, 'SMTP up: the retry sends it, "sent" without a reason')
    got = smtp_received()
    check(len(got) == 1, 'the SMTP server received it once (%d)' % len(got))
    msg, envelope = got[0]
    check(envelope['tls'] and envelope['login'] == 'mailer',
          'over STARTTLS, after AUTH as mailer (%s)' % envelope)
    check(envelope['from'] == FROM and sorted(envelope['to']) == ['anna@example.org', 'boss@example.org'],
          'envelope: from %s to the recipient and the copy (%s)' % (FROM, envelope))
    check(msg['From'].addresses[0].addr_spec == FROM and str(msg['To']) == 'anna@example.org' and
          str(msg['Cc']) == 'boss@example.org', 'headers From, To, Cc')
    check(str(msg['Subject']) == subject and '=?' in msg.as_bytes().decode('ascii', 'replace').split('\n\n')[0] or
          str(msg['Subject']) == subject, 'the Cyrillic subject arrives intact (%s)' % msg['Subject'])
    check(msg['Message-ID'] == row.get('message_id') and row['message_id'].endswith('@ringdesk.test>'),
          'Message-ID as on the row (%s)' % msg['Message-ID'])
    plain, htmlpart, files = parts_of(msg)
    check(msg.get_content_type() == 'multipart/mixed' and
          msg.get_payload()[0].get_content_type() == 'multipart/alternative',
          'multipart/mixed around multipart/alternative')
    check(plain is not None and plain.get_content().replace('\r\n', '\n') == text, 'the plain-text part')
    check(htmlpart is not None and '<b>Anna</b>' in htmlpart.get_content() and '<ul>' in htmlpart.get_content(),
          'the HTML part with <b> and <ul>')
    check(files == [('invoice 42.bin', 'application/octet-stream', payload)],
          'the attachment: its name, type and exact bytes')
    status, (content, headers) = http('GET', API + '/messages/%s/attachments/0' % mid, anna, raw=True)
    check(status == 200 and content == payload, 'the sent attachment is served to Anna')

    # 2. A recipient the SMTP server refuses: failed at once, with the server's words.
    status, body = http('POST', API + '/messages/email', anna, {
        'table': 'contacts', 'record': contact, 'to': ['refuse@example.org'], 'subject': 'x', 'text': 'x'})
    row = wait_status(body.get('id', ''), anna, 'failed', 20)
    check('550' in (row.get('reason') or ''), 'a 550 recipient: failed, "%s"' % row.get('reason'))

    # 3. Bad input: nothing queued.
    check_refusals(anna, boris, contact)

    # 4. IMAP: a reply to our message from another address, threaded by In-Reply-To.
    reply_bytes = ('From: "Anna at home" <anna.home@example.net>\n'
                   'To: %s\nSubject: Re: %s\nMessage-ID: <reply-1@example.net>\n'
                   'In-Reply-To: %s\nReferences: %s\nMIME-Version: 1.0\n'
                   'Content-Type: multipart/mixed; boundary="b1"\n\n'
                   '--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n'
                   'Спасибо, получила!\n\n> Hello Anna\n'
                   '--b1\nContent-Type: image/png\nContent-Disposition: attachment; filename="photo.png"\n'
                   'Content-Transfer-Encoding: base64\n\n%s\n--b1--\n'
                   % (FROM, subject, row_id(mid, anna), row_id(mid, anna),
                      base64.b64encode(b'\x89PNG fake bytes').decode())).encode()
    drop(reply_bytes, owner)
    filed = wait_until('the reply filed', lambda: merged(
        "SELECT * FROM messages WHERE message_id = '<reply-1@example.net>'"), 20)[0]
    check(filed['parent_id'] == contact and filed['direction'] == 'inbound' and
          filed['status'] == 'received' and filed['address'] == 'anna.home@example.net',
          'the reply is on Anna\'s contact, inbound, received, from its sender')
    check(filed['subject'] == 'Re: ' + subject and filed['body'].startswith('Спасибо, получила!') and
          filed['in_reply_to'] == row_id(mid, anna), 'subject, text and In-Reply-To kept')
    attachments = json.loads(filed['attachments'] or '[]')
    check(attachments == [{'name': 'photo.png', 'content_type': 'image/png', 'size': 15}],
          'its attachment listed (%s)' % attachments)
    status, (content, headers) = http('GET', API + '/messages/%s/attachments/0' % filed['id'], anna, raw=True)
    check(status == 200 and content == b'\x89PNG fake bytes' and 'photo.png' in headers.get('Content-Disposition', ''),
          'the received attachment served with its name')
    status, _ = http('GET', API + '/messages/%s/attachments/0' % filed['id'], boris)
    check(status == 404, 'not to another agent: 404')
    status, _ = http('GET', API + '/messages/%s/attachments/0' % filed['id'])
    check(status == 401, 'not without a token: 401')

    # 5. By the sender's address; an unknown sender; HTML only; the same Message-ID again.
    drop(b'From: anna@example.org\nSubject: New question\nMessage-ID: <q-2@example.org>\n\nA question.\n', owner)
    drop(b'From: "Ivan Sidorov" <ivan@example.com>\nSubject: Hello\nMessage-ID: <u-3@example.com>\n'
         b'MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n'
         b'<html><style>p{color:red}</style><p>Who &amp; what?</p><script>alert(1)</script></html>\n', owner)
    drop(reply_bytes, owner)
    wait_until('three more filed', lambda: len(merged(
        "SELECT id FROM messages WHERE direction = 'inbound' AND channel = 'email'")) >= 3, 20)
    time.sleep(2.5)   # two more polls: the copy must not be filed
    by_sender = merged("SELECT * FROM messages WHERE message_id = '<q-2@example.org>'")
    check(by_sender and by_sender[0]['parent_id'] == contact, 'a new mail from the contact\'s address lands on it')
    unknown = merged("SELECT m.*, c.name, c.tags, c.owner AS cowner FROM messages m JOIN contacts c ON c.id = m.parent_id"
                     " WHERE m.message_id = '<u-3@example.com>'")
    check(unknown and unknown[0]['name'] == 'Ivan Sidorov' and unknown[0]['tags'] == 'unsorted' and
          unknown[0]['cowner'] == 'shared', 'an unknown sender: a new shared "unsorted" contact named by the sender')
    check(unknown and merged("SELECT address FROM emails WHERE parent_id = ?", (unknown[0]['parent_id'],)) ==
          [{'address': 'ivan@example.com'}], 'with the sender\'s address')
    check(unknown and unknown[0]['body'] == 'Who & what?' and unknown[0]['html'] is None,
          'HTML only: kept as text, no script or style, no HTML stored (%r)' % (unknown and unknown[0]['body']))
    check(len(merged("SELECT id FROM messages WHERE message_id = '<reply-1@example.net>'")) == 1,
          'the same Message-ID twice is filed once')

    # 6. A reply from the record: In-Reply-To and References to the received one.
    status, body = http('POST', API + '/messages/email', anna, {
        'table': 'contacts', 'record': contact, 'to': ['anna.home@example.net'],
        'subject': 'Re: ' + subject, 'text': 'Glad to hear.\n\n> Спасибо, получила!',
        'reply_to_message': filed['id']})
    check(status == 202, 'a reply to the received e-mail: 202')
    wait_status(body.get('id', ''), anna, 'sent', 20)
    msg = smtp_received()[-1][0]
    check(msg['In-Reply-To'] == '<reply-1@example.net>' and
          str(msg['References']).split() == [row_id(mid, anna), '<reply-1@example.net>'],
          'In-Reply-To and References name the thread (%s / %s)' % (msg['In-Reply-To'], msg['References']))
    check(msg.get_content_type() == 'text/plain', 'text only: a single text/plain part')

    # 6b. A user whose users record has an address writes From it, with the user's name.
    # The users table mirrors accounts and is the server's to write: the address is set
    # through the account (PATCH /users/NAME), which writes the record.
    status, me = http('GET', API + '/session', anna)
    status, pushed = http('PATCH', API + '/users/' + me['user']['name'], anna,
                          {'email': 'anna.agent@ringdesk.test'})
    check(status == 200, 'Anna\'s users record with her address, from her account (%s)' % status)
    status, body = http('POST', API + '/messages/email', anna, {
        'table': 'contacts', 'record': contact, 'to': 'anna@example.org', 'subject': 'From me',
        'text': 'x'})
    wait_status(body.get('id', ''), anna, 'sent', 20)
    msg, envelope = smtp_received()[-1]
    check(envelope['from'] == 'anna.agent@ringdesk.test' and
          msg['From'].addresses[0].display_name == me['user']['name'] and
          row_id(body['id'], anna).endswith('@ringdesk.test>'),
          'From the user\'s own address and name (%s, %s)' % (envelope['from'], msg['From']))

    # 6c. ringdesk-cli (the app's core) sends with HTML and an attachment from the replica.
    html_file, note = os.path.join(T, 'body.html'), os.path.join(T, 'note.txt')
    with open(html_file, 'w') as f:
        f.write('<p>From the <i>CLI</i></p>')
    with open(note, 'wb') as f:
        f.write(b'note bytes \x00\x01')
    rc, out, e = cli(replica, 'email', contact, 'anna@example.org', 'By CLI', 'From the CLI',
                     '--html', html_file, '--attach', note, '--cc', 'boss@example.org')
    check(rc == 0 and json.loads(out).get('status') == 'queued', 'ringdesk-cli email: queued (%s)' % e.strip())
    if rc == 0:
        wait_status(json.loads(out)['id'], anna, 'sent', 20)
        msg, envelope = smtp_received()[-1]
        plain, htmlpart, files = parts_of(msg)
        check(str(msg['Subject']) == 'By CLI' and '<i>CLI</i>' in htmlpart.get_content() and
              [(n, b) for n, t, b in files] == [('note.txt', b'note bytes \x00\x01')] and
              'boss@example.org' in envelope['to'], 'its HTML, attachment and copy arrive (%s)' % files)
    rc, out, e = cli(replica, 'email', contact, 'anna@example.org', 'Big', 'x', '--attach', '/nonexistent')
    check(rc != 0 and 'nonexistent' in e, 'a file that is not there: refused before the upload')

    # 7. The replica has the messages and their status by sync.
    rc, out, e = cli(replica, 'sync')
    db = sqlite3.connect(os.path.join(replica, 'replica.db'))
    rows = db.execute("SELECT status, direction FROM messages WHERE channel = 'email'"
                      " AND parent_id = ? ORDER BY created_at", (contact,)).fetchall()
    db.close()
    check(rc == 0 and ('sent', 'outbound') in rows and ('received', 'inbound') in rows and
          ('failed', 'outbound') in rows, 'the replica has them by sync with their status (%s)' % rows)

    # 8. Down again, the server stopped while the message waits, started again: sent once.
    stop(smtp)
    status, body = http('POST', API + '/messages/email', anna, {
        'table': 'contacts', 'record': contact, 'to': ['anna@example.org'], 'subject': 'After restart',
        'text': 'x'})
    wait_until('a failed attempt', lambda: 'attempt 1' in ((message(body['id'], anna) or {}).get('reason') or ''), 15)
    server = PROCS[[i for i, p in enumerate(PROCS) if p.args and p.args[0] == SERVER][-1]]
    stop(server)
    smtp = start_smtp(cert, key)
    start_server()
    anna = login('anna')
    wait_status(body['id'], anna, 'sent', 30)
    again = [m for m, e in smtp_received() if str(m['Subject']) == 'After restart']
    check(len(again) == 1, 'queued across a restart: sent once (%d)' % len(again))
    stop(dovecot)
    return finish()


def row_id(mid, token):
    return (message(mid, token) or {}).get('message_id', '')


run(main)
