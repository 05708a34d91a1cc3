# SPDX-License-Identifier: GPL-3.0-or-later
"""What the CTI tests share beyond the dialer's peers.py: a ringdesk-server without the
switch (optionally following an AMI peer), a WebSocket client of /api/v1/events that keeps
every message, a local HTTP server for recordings, and merged.db reads."""

import base64
import http.server
import json
import os
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'dialer'))
from peers import (CHEAP, PROCS, RESULTS, SERVER, T, Server, bail, center_rows, check,  # noqa: E402,F401
                   cleanup, log, wait_until)


class CtiServer(Server):
    """ringdesk-server on loopback, no switch; `extra` adds options (--ami …)."""

    def __init__(self, data):
        super().__init__(data, None)
        self.log_name = None

    def start(self, name, extra=()):
        argv = [SERVER, '--data-dir', self.data, '--listen', '127.0.0.1:0'] + CHEAP + list(extra)
        self.log_name = os.path.join(T, name + '.log')
        err = open(self.log_name, 'w')
        env = dict(os.environ, G_MESSAGES_DEBUG='')
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True,
                                     stdin=subprocess.DEVNULL, cwd=T, env=env)
        PROCS.append(self.proc)
        first = self.proc.stdout.readline().strip()
        if not first.startswith('listening on '):
            bail('the server did not start: %r' % first)
        self.root = first[len('listening on '):]
        self.base = self.root + '/api/v1'
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        log('server %s' % self.base)

    def stop(self, sig=15):
        self.proc.send_signal(sig)
        self.proc.wait(20)

    def log_text(self):
        with open(self.log_name, errors='replace') as f:
            return f.read()

    def post_event(self, token, body, raw=None):
        """POST /cti/events with a PBX token (or none); the body as JSON, or raw bytes."""
        return self.api('POST', '/cti/events', token, raw if raw is not None else body)


class Events:
    """A WebSocket on /api/v1/events (@query: more of its query, such as "boards=…");
    every text message is kept, parsed, with the time it came in "_at"."""

    def __init__(self, root, token, query=''):
        u = urllib.parse.urlparse(root)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(('GET /api/v1/events?token=%s%s HTTP/1.1\r\nHost: %s:%d\r\n'
                           'Upgrade: websocket\r\nConnection: Upgrade\r\n'
                           'Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n'
                           % (token, '&' + query if query else '', u.hostname, u.port, key)).encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                bail('the events WebSocket closed during its handshake')
            head += chunk
        head, self.buf = head.split(b'\r\n\r\n', 1)
        if b' 101 ' not in head.split(b'\r\n')[0]:
            bail('no WebSocket: %r' % head[:200])
        self.messages = []
        self.lock = threading.Lock()
        self.sock.settimeout(None)
        threading.Thread(target=self._read, daemon=True).start()

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _read(self):
        try:
            while True:
                b0, b1 = self._need(2)
                n = b1 & 0x7f
                if n == 126:
                    n = struct.unpack('>H', self._need(2))[0]
                elif n == 127:
                    n = struct.unpack('>Q', self._need(8))[0]
                mask = self._need(4) if b1 & 0x80 else None
                payload = self._need(n)
                if mask:
                    payload = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
                op = b0 & 0x0f
                if op == 1:
                    message = json.loads(payload)
                    message['_at'] = time.time()
                    with self.lock:
                        self.messages.append(message)
                elif op == 9:
                    self._send(10, payload)
                elif op == 8:
                    return
        except (EOFError, OSError):
            return

    def _send(self, op, payload):
        mask = os.urandom(4)
        data = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        self.sock.sendall(bytes([0x80 | op, 0x80 | len(data)]) + mask + data)

    def boards(self, key=None):
        with self.lock:
            return [m for m in self.messages if m.get('type') == 'board' and key in (None, m.get('key'))]

    def wait_board(self, what, pred, key=None, timeout=10):
        """The first board message (of @key) @pred holds for, waited for at most @timeout s."""
        return wait_until(what, lambda: next((m for m in self.boards(key) if pred(m['board'])), None), timeout)

    def cti(self):
        with self.lock:
            return [m for m in self.messages if m.get('type') == 'cti-call']

    def wait_cti(self, what, pred, timeout=10):
        return wait_until(what, lambda: next((m for m in self.cti() if pred(m)), None), timeout)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def make_wav(path, seconds=1.0, freq=440):
    import math
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b''.join(struct.pack('<h', int(8000 * math.sin(2 * math.pi * freq * i / 8000)))
                               for i in range(int(8000 * seconds))))


class Files:
    """An HTTP server on loopback serving files of a folder; it keeps the paths asked for."""

    def __init__(self, folder):
        asked = self.asked = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=folder, **kw)

            def log_message(self, *a):
                pass

            def do_GET(self):
                asked.append(self.path)
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def merged_rows(data, sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'merged.db'), uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


def cli(replica, root, *args, password=None):
    r = subprocess.run([os.environ['RD_CLI_BIN'], '--replica', replica, '--server', root] + list(args),
                       input=(password + '\n') if password else None, text=True,
                       capture_output=True, timeout=60)
    if r.returncode != 0:
        bail('ringdesk-cli %s: %s' % (' '.join(args), r.stderr))
    return r.stdout
