# SPDX-License-Identifier: GPL-3.0-or-later
"""What the portal tests share: a ringdesk-server with staff accounts, the staff API, and a
cookie-keeping HTTP client for the portal's pages (http.client: every status is seen, no
redirect is followed)."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from rdtap import T, PROCS, bail, free_port, wait_until  # noqa: E402

SERVER = os.environ.get('RD_SERVER_BIN', '')
CHEAP = ['--pwhash-ops', '1', '--pwhash-mem', '8']
PASSWORD = 'staff-pw-123'


class Server:
    def __init__(self, *extra):
        if not SERVER:
            bail('RD_SERVER_BIN is not set')
        self.data = os.path.join(T, 'data')
        os.makedirs(self.data, exist_ok=True)
        self.port = free_port(socket.SOCK_STREAM)
        self.base = 'http://127.0.0.1:%d' % self.port
        self.api = self.base + '/api/v1'
        self.extra = list(extra)
        self.tokens = {}

    def admin(self, *args, password=None):
        r = subprocess.run([SERVER, '--data-dir', self.data] + CHEAP + list(args),
                           input=(password + '\n') if password else None, text=True,
                           capture_output=True, timeout=60)
        if r.returncode != 0:
            bail('ringdesk-server %s: %s' % (' '.join(args), r.stderr))

    def add_user(self, name, role, team=None):
        args = ['user', 'add', name, '--role', role] + (['--team', team] if team else [])
        self.admin(*args, password=PASSWORD)

    def start(self):
        log = open(os.path.join(T, 'server.log'), 'a')
        p = subprocess.Popen([SERVER, '--data-dir', self.data, '--listen',
                              '127.0.0.1:%d' % self.port] + CHEAP + self.extra,
                             stdout=subprocess.PIPE, stderr=log, text=True,
                             stdin=subprocess.DEVNULL, cwd=T)
        PROCS.append(p)
        line = p.stdout.readline()
        if 'listening on' not in line:
            bail('the server did not start: %r' % line)

    def call(self, method, path, user=None, body=None):
        """The staff API as @user: (status, JSON body)."""
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        if user:
            headers['Authorization'] = 'Bearer ' + self.token(user)
        req = urllib.request.Request(self.api + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b'null')
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {'raw': text.decode(errors='replace')}

    def token(self, user):
        if user not in self.tokens:
            status, body = self.call('POST', '/session', body={'username': user,
                                                               'password': PASSWORD})
            if status != 200:
                bail('login %s: %s %s' % (user, status, body))
            self.tokens[user] = body['token']
        return self.tokens[user]

    def approve(self, email, user='boss'):
        status, body = self.call('GET', '/customers?status=pending', user)
        match = [c for c in body.get('customers', []) if c['email'] == email.lower()]
        if status != 200 or not match:
            bail('no pending registration of %s: %s %s' % (email, status, body))
        status, body = self.call('POST', '/customers/%d/approve' % match[0]['id'], user)
        if status != 200:
            bail('approve %s: %s %s' % (email, status, body))
        return body


class Page:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode('utf-8', errors='replace')

    def header(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def csrf(self):
        m = re.search(r'name="csrf" value="([^"]+)"', self.text)
        return m.group(1) if m else None


class Client:
    """One browser-like visitor: keeps cookies, sends Accept-Language."""

    def __init__(self, server, lang='en'):
        self.server = server
        self.lang = lang
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None):
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port, timeout=30)
        headers = {'Accept-Language': self.lang}
        if self.cookies:
            headers['Cookie'] = '; '.join('%s=%s' % kv for kv in self.cookies.items())
        if content_type:
            headers['Content-Type'] = content_type
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            page = Page(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for cookie in page.header('Set-Cookie'):
            name, _, rest = cookie.partition('=')
            value = rest.split(';', 1)[0]
            if 'Max-Age=0' in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return page

    def get(self, path):
        return self.request('GET', path)

    def post(self, path, fields):
        return self.request('POST', path, urllib.parse.urlencode(fields).encode(),
                            'application/x-www-form-urlencoded')

    def post_multipart(self, path, fields, file_field=None, file_name=None, file_data=b'',
                       file_type='application/octet-stream'):
        boundary = 'rd-' + uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                          % (boundary, k, v)).encode())
        if file_field:
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                          'Content-Type: %s\r\n\r\n' % (boundary, file_field, file_name,
                                                        file_type)).encode() + file_data + b'\r\n')
        parts.append(('--%s--\r\n' % boundary).encode())
        return self.request('POST', path, b''.join(parts),
                            'multipart/form-data; boundary=' + boundary)

    def form_csrf(self, path):
        token = self.get(path).csrf()
        if not token:
            bail('no CSRF token on ' + path)
        return token

    def register(self, name, email, password):
        return self.post('/portal/register', {'csrf': self.form_csrf('/portal/register'),
                                              'name': name, 'email': email,
                                              'password': password})

    def signin(self, email, password):
        return self.post('/portal/signin', {'csrf': self.form_csrf('/portal/signin'),
                                            'email': email, 'password': password})

    def new_ticket(self, subject, text, file_name=None, file_data=b''):
        token = self.form_csrf('/portal/tickets/new')
        return self.post_multipart('/portal/tickets/new',
                                   {'csrf': token, 'subject': subject, 'text': text},
                                   'file' if file_name else None, file_name, file_data)
