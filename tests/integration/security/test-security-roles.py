#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every endpoint's role check, against a real ringdesk-server on loopback (issue 18,
security review). The table is docs/api.md's "Who may call what": this test reads it and
walks every row for every column (a staff role is an account of that role, `customer` a
signed-in portal customer, `anonymous` no credentials), so a new role is a new column there
and nothing here. Also: every route of the server has its row; secrets (passwords, tokens)
never reach the server's log; the recording store refuses paths outside its folder; a token
is its user's on every request (revoked with a new password or a disabled account); the
portal's cookies are HttpOnly and SameSite (Secure over TLS) and its posts need the session's
CSRF token.

Output is TAP. Needs: RD_SERVER_BIN, openssl.
"""

import http.client
import os
import re
import ssl
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, os.path.join(HERE, '..'))
sys.path.insert(0, os.path.join(HERE, '..', 'portal'))
from rdtap import T, log, check, bail, finish, run  # noqa: E402
from portalkit import Server, Client, PASSWORD  # noqa: E402

NOBODY = '00000000-0000-7000-8000-000000000000'
OTHER = 'target'   # NAME in the table: another user of the caller's team
CUSTOMER = ('cora@example.org', 'cora-password-1')


def read_table():
    """The rows of docs/api.md's roles table: (roles, [(method, path, {role: cell})])."""
    with open(os.path.join(ROOT, 'docs', 'api.md')) as f:
        text = f.read()
    m = re.search(r'<!-- roles-table -->\n(.*?)\n<!-- /roles-table -->', text, re.S)
    if not m:
        bail('docs/api.md has no roles table')
    lines = [l.strip().strip('|').split('|') for l in m.group(1).splitlines()]
    header = [c.strip() for c in lines[0]]
    roles = header[2:]
    rows = []
    for cells in lines[2:]:
        cells = [c.strip() for c in cells]
        rows.append((cells[0], cells[1].strip('`'), dict(zip(roles, cells[2:]))))
    return roles, rows


def source_routes():
    """(method, pattern) of every route in the API's and the portal's route tables."""
    routes = set()
    for path, prefix in (('src/server/api/rd-server.c', ''), ('src/server/portal/rd-portal.c', '/portal')):
        with open(os.path.join(ROOT, path)) as f:
            for m in re.finditer(r'\{ "(GET|POST|PUT|PATCH|DELETE)",\s+"([^"]*)",\s+(TRUE|FALSE),', f.read()):
                routes.add((m.group(1), prefix + '/' + m.group(2) if prefix else '/' + m.group(2)))
    return routes


def pattern_of(path):
    return '/'.join('*' if re.fullmatch(r'[A-Z][A-Z_]*', s) else s for s in path.split('/'))


def concrete(path):
    return '/'.join((OTHER if s == 'NAME' else NOBODY) if re.fullmatch(r'[A-Z][A-Z_]*', s) else s
                    for s in path.split('/'))


def request(server, method, path, headers=None, body=None, conn_factory=None):
    conn = (conn_factory or (lambda: http.client.HTTPConnection('127.0.0.1', server.port,
                                                                timeout=30)))()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


class Credentials:
    """How each column of the table asks."""

    def __init__(self, server, roles):
        self.server = server
        self.staff = [r for r in roles if r not in ('customer', 'anonymous')]
        for role in self.staff:
            server.add_user('as-' + role, role, 'sales')
        server.add_user(OTHER, 'agent', 'sales')

    def start(self):
        s = self.server
        self.portal = Client(s)
        self.portal.register('Cora', *CUSTOMER)
        s.approve(CUSTOMER[0], 'as-admin')
        self.signin()

    def signin(self):
        self.portal = Client(self.server)
        page = self.portal.signin(*CUSTOMER)
        if page.status != 303:
            bail('the customer could not sign in: %s' % page.status)
        self.csrf = self.portal.form_csrf('/portal/tickets/new')

    def headers(self, role):
        if role == 'anonymous':
            return {}
        if role == 'customer':
            return {'Cookie': '; '.join('%s=%s' % kv for kv in self.portal.cookies.items())}
        return {'Authorization': 'Bearer ' + self.server.token('as-' + role)}

    def relogin(self, role):
        self.server.tokens.pop('as-' + role, None)


def walk_table(s, creds, roles, rows):
    failures = []
    for method, path, cells in rows:
        url = concrete(path if path.startswith('/portal') else '/api/v1' + path)
        for role in roles:
            headers = creds.headers(role)
            body = None
            if method in ('POST', 'PUT', 'PATCH') and not path.startswith('/portal'):
                body = b'{}'
                headers['Content-Type'] = 'application/json'
            elif method == 'POST' and role == 'customer':
                body = urllib.parse.urlencode({'csrf': creds.csrf}).encode()
                headers['Content-Type'] = 'application/x-www-form-urlencoded'
            status, answer_headers, _ = request(s, method, url, headers, body)
            location = dict((k.lower(), v) for k, v in answer_headers).get('location', '')
            want = cells[role]
            if want == 'yes':
                # The portal's 401 is a wrong password (its sign-in's own answer), no role check.
                refused = (403,) if path.startswith('/portal') else (401, 403)
                ok = status not in refused and not (status == 303 and 'signin' in location)
            elif want == 'signin':
                ok = status == 303 and location.endswith('/portal/signin')
            else:
                ok = str(status) == want
            if not ok:
                failures.append('%s %s as %s: %s, the table says %s' % (method, path, role, status, want))
            if method == 'DELETE' and path == '/session' and role in creds.staff:
                creds.relogin(role)
            if path == '/portal/signout' and role == 'customer':
                creds.signin()
    for f in failures:
        log(f)
    check(not failures, 'every row of the roles table for every role (%d rows x %d roles, %d differ)'
          % (len(rows), len(roles), len(failures)))


def make_certificate():
    cert, key = os.path.join(T, 'cert.pem'), os.path.join(T, 'key.pem')
    r = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                        'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1',
                        '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2',
                        '-keyout', key, '-out', cert], capture_output=True, timeout=60)
    if r.returncode != 0:
        bail('openssl: %s' % r.stderr.decode(errors='replace'))
    return cert, key


def main():
    roles, rows = read_table()
    log('roles: %s; %d rows' % (', '.join(roles), len(rows)))
    table_routes = {(m, pattern_of(p)) for m, p, _ in rows}
    missing = sorted(source_routes() - table_routes)
    check(not missing, 'every route of the server has its row in the table (missing: %s)' % missing)

    s = Server('--login-limit-address', '100000')
    creds = Credentials(s, roles)
    s.start()
    creds.start()

    # 1. The table, every row, every role.
    walk_table(s, creds, roles, rows)

    # 2. Tokens are their user's, on every request.
    status, _, body = request(s, 'GET', '/api/v1/session', creds.headers('agent'))
    check(status == 200 and b'"as-agent"' in body, 'a token answers as its own user')
    s.add_user('other2', 'agent', 'sales')
    token = s.token('other2')
    status, _, _ = request(s, 'GET', '/api/v1/users/as-agent', {'Authorization': 'Bearer ' + token})
    check(status == 403, 'another agent\'s token does not read as-agent\'s account (%s)' % status)
    status, _, _ = request(s, 'GET', '/api/v1/session?token=' + token)
    check(status == 401, 'a token in the query is no token outside /events (%s)' % status)
    status, _ = s.call('PATCH', '/users/other2', 'as-admin', {'password': 'reset-password-9'})
    status, _, _ = request(s, 'GET', '/api/v1/session', {'Authorization': 'Bearer ' + token})
    check(status == 401, 'a new password revokes the user\'s tokens (%s)' % status)
    status, body = s.call('POST', '/session', body={'username': 'other2', 'password': 'reset-password-9'})
    token = body['token']
    s.call('DELETE', '/users/other2', 'as-admin')
    status, _, _ = request(s, 'GET', '/api/v1/sync/pull', {'Authorization': 'Bearer ' + token})
    check(status == 401, 'a disabled account\'s token is refused (%s)' % status)

    # 3. The recording store stays in its folder.
    wav = b'RIFF\x24\x00\x00\x00WAVEfmt ' + b'\x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00' \
          b'\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00'
    for path in ('../../server.db', '..%2f..%2fserver.db', '%2e%2e%2fserver', NOBODY + '%2f..',
                 '..', '.%00' + NOBODY):
        status, _, body = request(s, 'PUT', '/api/v1/recordings/' + path,
                                  dict(creds.headers('admin'), **{'Content-Type': 'audio/wav'}), wav)
        status_get, _, _ = request(s, 'GET', '/api/v1/recordings/' + path, creds.headers('admin'))
        check(status in (400, 404) and status_get in (400, 404),
              'recording path %s: refused (PUT %s, GET %s)' % (path, status, status_get))
    leaked = [n for n in os.listdir(s.data) if n.endswith('.wav')] + \
        [n for n in os.listdir(os.path.dirname(s.data)) if n.endswith('.wav')]
    check(not leaked, 'no file written outside recordings/ (%s)' % leaked)

    # 4. The portal's cookies and CSRF tokens.
    visitor = Client(s)
    page = visitor.get('/portal/signin')
    cookies = page.header('Set-Cookie')
    check(cookies and all('HttpOnly' in c and 'SameSite=' in c and 'Secure' not in c for c in cookies),
          'portal cookies over http: HttpOnly, SameSite, not Secure (%s)' % cookies)
    page = visitor.post('/portal/signin', {'email': CUSTOMER[0], 'password': CUSTOMER[1]})
    check(page.status == 403, 'a sign-in without its CSRF token: 403 (%s)' % page.status)
    other = Client(s)
    foreign = other.form_csrf('/portal/signin')
    page = visitor.post('/portal/signin', {'csrf': foreign, 'email': CUSTOMER[0],
                                           'password': CUSTOMER[1]})
    check(page.status == 403, 'a sign-in with another visitor\'s CSRF token: 403 (%s)' % page.status)
    page = visitor.signin(*CUSTOMER)
    session_cookies = page.header('Set-Cookie')
    check(page.status == 303 and any('HttpOnly' in c and 'SameSite=' in c for c in session_cookies),
          'the session cookie: HttpOnly, SameSite (%s)' % session_cookies)
    page = visitor.post('/portal/tickets/new', {'csrf': foreign, 'subject': 'x', 'text': 'y'})
    check(page.status == 403, 'a signed-in post with another session\'s CSRF token: 403 (%s)'
          % page.status)

    cert, key = make_certificate()
    tls = Server('--tls-cert', cert, '--tls-key', key)
    tls.data = os.path.join(T, 'data-tls')
    os.makedirs(tls.data, exist_ok=True)
    tls.start()
    context = ssl.create_default_context(cafile=cert)
    status, headers, _ = request(tls, 'GET', '/portal/signin', conn_factory=lambda: http.client.HTTPSConnection(
        '127.0.0.1', tls.port, timeout=30, context=context))
    cookies = [v for k, v in headers if k.lower() == 'set-cookie']
    check(status == 200 and cookies and all('Secure' in c and 'HttpOnly' in c for c in cookies),
          'portal cookies over https: Secure too (%s)' % cookies)

    # 5. Secrets never in the log: the passwords and tokens of everything above.
    with open(os.path.join(T, 'server.log'), errors='replace') as f:
        text = f.read()
    secrets = [PASSWORD, CUSTOMER[1], 'reset-password-9'] + list(s.tokens.values()) + [token] + \
        [v for v in creds.portal.cookies.values()]
    found = [x[:6] + '…' for x in secrets if x and x in text]
    check(not found,
          'no password or token in the server\'s log (%d bytes read; found %s)' % (len(text), found))
    # ... nor in any file of its data folder (databases, their WAL, the audit log in them):
    # passwords are kept as argon2id hashes, tokens as their SHA-256.
    stored = []
    for folder, _, names in os.walk(s.data):
        for name in names:
            with open(os.path.join(folder, name), 'rb') as f:
                data = f.read()
            stored += ['%s in %s' % (x[:6] + '…', name) for x in secrets if x and x.encode() in data]
    check(not stored, 'no password or token in the data folder (%s)' % stored)

    return finish()


run(main)
