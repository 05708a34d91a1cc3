#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The review's whole attack sequence against one real ringdesk-server on loopback, then
heavy load and a SIGTERM in the middle of it (issue 18, security review: the server stopped
answering once after the sequence, and a SIGTERM after heavy load ended in SIGSEGV). The
server must answer promptly after every step and exit 0 on SIGTERM with nothing from a
sanitizer in its log; built with ASan (build-asan), RD_SERVER_BIN is the ASan binary and the
test is its run under ASan.

Output is TAP. Needs: RD_SERVER_BIN.
"""

import base64
import concurrent.futures
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'portal'))
from rdtap import T, PROCS, check, finish, free_port, run  # noqa: E402
from portalkit import Server, PASSWORD  # noqa: E402

os.environ.setdefault('ASAN_OPTIONS', 'detect_leaks=0:abort_on_error=1')
os.environ.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')


def request(port, method, path, token=None, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    h = dict(headers or {})
    if token:
        h['Authorization'] = 'Bearer ' + token
    if body is not None and 'Content-Type' not in h:
        h['Content-Type'] = 'application/json'
    try:
        conn.request(method, '/api/v1' + path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, r.read()
    except (OSError, http.client.HTTPException) as e:
        return None, str(e).encode()
    finally:
        conn.close()


def answers(s, what):
    start = time.time()
    status, _ = request(s.port, 'GET', '/session', s.token('admin1'), timeout=10)
    took = time.time() - start
    check(status == 200 and took < 5, 'after %s the server answers (%s in %.2f s)' % (what, status, took))


def raw_send(port, data, keep=False):
    sock = socket.create_connection(('127.0.0.1', port), timeout=5)
    try:
        sock.sendall(data)
        if keep:
            return sock
        sock.settimeout(2)
        try:
            sock.recv(65536)
        except OSError:
            pass
    except OSError:
        pass
    sock.close()
    return None


def ws_open(port, token):
    sock = socket.create_connection(('127.0.0.1', port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(('GET /api/v1/events?token=%s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'
                  'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n'
                  % (token, key)).encode())
    sock.recv(4096)
    return sock


def ws_frame(opcode, size, fin):
    mask = os.urandom(4)
    head = bytes([(0x80 if fin else 0) | opcode])
    head += bytes([0x80 | 126]) + struct.pack('>H', size) if size >= 126 else bytes([0x80 | size])
    return head + mask + (mask * (size // 4 + 1))[:size]


def attack_sequence(s, schema):
    admin = s.token('admin1')
    agent = s.token('ann')
    # Logins: parallel guesses, NULs, look-alike names.
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        list(pool.map(lambda i: request(s.port, 'POST', '/session', body=json.dumps(
            {'username': 'ann', 'password': 'guess-%d' % i}).encode()), range(40)))
    for body in (b'{"username": "admin1\\u0000x", "password": "p"}',
                 b'{"username": "Admin1", "password": "long-password-1"}'):
        request(s.port, 'POST', '/session', body=body)
        request(s.port, 'POST', '/signup', body=body)
    answers(s, 'the login attacks')

    # Pushes to the account tables and oversized, malformed batches.
    site = str(uuid.uuid4())
    request(s.port, 'POST', '/sync/push', agent, json.dumps({'schema': schema, 'site': site, 'changes': [
        {'op': 1, 'table': 'users', 'id': str(uuid.uuid4()), 'field': 'role', 'value': 'admin',
         'hlc': int(time.time() * 1000) << 16}]}).encode())
    request(s.port, 'POST', '/sync/push', agent, b'[' * 100000)
    request(s.port, 'POST', '/sync/push', agent, b'{"changes": ' + b'[' * 70 + b']' * 70 + b'}')
    request(s.port, 'POST', '/sync/push', agent, b'x' * (9 * 1024 * 1024))
    answers(s, 'the push attacks')

    # Garbage on the wire, half requests left open, a chunked body never finished.
    raw_send(s.port, b'\x00\xff' * 1000 + b'\r\n\r\n')
    raw_send(s.port, b'GET /api/v1/session HTTP/1.1\r\nHost: x\r\n' + b'X: ' + b'a' * 100000 + b'\r\n\r\n')
    held = [raw_send(s.port, b'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{',
                     keep=True) for _ in range(20)]
    held += [raw_send(s.port, b'POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: '
                      b'chunked\r\nAuthorization: Bearer ' + agent.encode() + b'\r\n\r\n5\r\nhello\r\n',
                      keep=True) for _ in range(10)]
    answers(s, 'garbage and half-open requests')

    # Ranges and WebSocket floods.
    request(s.port, 'GET', '/recordings/' + str(uuid.uuid4()), admin,
            headers={'Range': 'bytes=' + ','.join(['0-'] * 100)})
    for _ in range(3):
        sock = ws_open(s.port, agent)
        try:
            sock.sendall(ws_frame(1, 16 * 1024, False))
            for _ in range(200):
                sock.sendall(ws_frame(0, 16 * 1024, False))
        except OSError:
            pass
        sock.close()
    sockets = [ws_open(s.port, agent) for _ in range(10)]
    answers(s, 'the WebSocket floods')
    for sock in held + sockets:
        if sock:
            sock.close()
    answers(s, 'the attack sequence')


def heavy_load(s, schema, stop):
    """Logins (argon2 in workers), pushes, pulls, long polls, WebSockets, reports, until
    @stop is set."""
    tokens = [s.token('agent%d' % i) for i in range(4)]

    def worker(n):
        token = tokens[n % len(tokens)]
        site = str(uuid.uuid4())
        i = 0
        while not stop.is_set():
            i += 1
            kind = (n + i) % 6
            if kind == 0:
                request(s.port, 'POST', '/session', body=json.dumps(
                    {'username': 'agent%d' % (n % 4), 'password': PASSWORD}).encode(), timeout=10)
            elif kind == 1:
                hlc = (int(time.time() * 1000) << 16) + i
                changes = [{'op': j, 'table': 'contacts', 'id': str(uuid.uuid4()), 'field': 'name',
                            'value': 'c%d' % j, 'hlc': hlc + j} for j in range(50)]
                request(s.port, 'POST', '/sync/push', token, json.dumps(
                    {'schema': schema, 'site': site, 'changes': changes}).encode(), timeout=10)
            elif kind == 2:
                request(s.port, 'GET', '/sync/pull?since=0&limit=1000', token, timeout=10)
            elif kind == 3:
                request(s.port, 'GET', '/events?since=999999999&timeout=2', token, timeout=10)
            elif kind == 4:
                request(s.port, 'GET', '/reports/cdr', token, timeout=10)
            else:
                try:
                    ws_open(s.port, token).close()
                except OSError:
                    pass

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(12)]
    for t in threads:
        t.start()
    return threads


def main():
    s = Server('--login-limit-address', '100000', '--sync-limit', '0', '--events-limit', '0',
               '--sip-listen', '127.0.0.1:%d' % free_port(), '--trunk', '127.0.0.1:%d' % free_port())
    s.add_user('admin1', 'admin')
    s.add_user('ann', 'agent', 'sales')
    for i in range(4):
        s.add_user('agent%d' % i, 'agent', 'sales')
    s.start()
    server = PROCS[-1]
    schema = json.loads(request(s.port, 'GET', '/sync/pull?since=0&limit=1', s.token('admin1'))[1])['schema']

    attack_sequence(s, schema)

    stop = threading.Event()
    threads = heavy_load(s, schema, stop)
    time.sleep(8)
    answers(s, '8 s of heavy load')
    # At the signal: streams open, long polls waiting, logins hashing, a body half sent.
    streams = [ws_open(s.port, s.token('agent%d' % (i % 4))) for i in range(20)]
    pending = [threading.Thread(target=request, daemon=True, args=(
        s.port, 'GET', '/events?since=999999999&timeout=60', s.token('agent1'))) for _ in range(10)]
    pending += [threading.Thread(target=request, daemon=True, args=(
        s.port, 'POST', '/session', None, json.dumps({'username': 'agent2', 'password': PASSWORD}).encode()))
        for _ in range(10)]
    for t in pending:
        t.start()
    # Snapshots asked for and never read: the server is mid-stream at the signal.
    streams += [raw_send(s.port, b'GET /api/v1/sync/snapshot HTTP/1.1\r\nHost: x\r\nAuthorization: '
                         b'Bearer ' + s.token('agent3').encode() + b'\r\n\r\n', keep=True)
                for _ in range(3)]
    half = raw_send(s.port, b'POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n'
                    b'Content-Type: application/json\r\n\r\n{"changes": [', keep=True)
    time.sleep(0.05)
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(30)
    except subprocess.TimeoutExpired:
        code = None
        server.kill()
        server.wait()
    stop.set()
    for t in threads + pending:
        t.join(15)
    for sock in streams + [half]:
        if sock:
            sock.close()
    with open(os.path.join(T, 'server.log'), errors='replace') as f:
        text = f.read()
    sanitizer = [l for l in text.splitlines() if 'AddressSanitizer' in l or 'runtime error' in l or
                 'LeakSanitizer' in l][:5]
    check(code == 0, 'SIGTERM under heavy load: a clean exit (%s)' % code)
    check(not sanitizer, 'nothing from a sanitizer in the log (%s)' % sanitizer)
    return finish()


run(main)
