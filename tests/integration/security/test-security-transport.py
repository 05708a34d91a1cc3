#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport under attack, against a real ringdesk-server on loopback (issue 18,
security review): many or overlapping Range requests on a recording cannot multiply the
answer (one range is served, a list of them is the whole file once), and the /events
WebSocket closes an oversized message with 1009 instead of buffering it, whether it comes
as one frame or as endless continuation frames, while the server's memory stays put and it
keeps serving.

Output is TAP. Needs: RD_SERVER_BIN.
"""

import base64
import http.client
import os
import socket
import struct
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'portal'))
from rdtap import PROCS, log, check, finish, run  # noqa: E402
from portalkit import Server  # noqa: E402

MIB = 1024 * 1024
# Under ASan (build-asan) freed memory waits in a quarantine of 256 MB by default, which an
# RSS figure would count: a small one lets the memory check mean the same in both builds.
os.environ['ASAN_OPTIONS'] = ':'.join(x for x in (os.environ.get('ASAN_OPTIONS'), 'detect_leaks=0',
                                                   'quarantine_size_mb=8') if x)


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def get(server, path, token, headers=None):
    conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=60)
    h = {'Authorization': 'Bearer ' + token}
    h.update(headers or {})
    try:
        conn.request('GET', path, headers=h)
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def put_recording(server, token, call_id, data):
    conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=60)
    try:
        conn.request('PUT', '/api/v1/recordings/' + call_id, body=data,
                     headers={'Authorization': 'Bearer ' + token, 'Content-Type': 'audio/wav'})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def wav(size):
    body = bytes(size - 44)
    return (b'RIFF' + struct.pack('<I', size - 8) + b'WAVEfmt ' +
            struct.pack('<IHHIIHH', 16, 1, 1, 8000, 16000, 2, 16) + b'data' +
            struct.pack('<I', len(body)) + body)


def websocket(server, token):
    sock = socket.create_connection(('127.0.0.1', server.port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(('GET /api/v1/events?token=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n'
                  'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n'
                  % (token, key)).encode())
    answer = b''
    while b'\r\n\r\n' not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    head, _, rest = answer.partition(b'\r\n\r\n')
    return sock, head.split(b'\r\n')[0], rest


def frame(opcode, size, fin):
    """A client frame of @size zero bytes (masked: the mask itself, repeated)."""
    mask = os.urandom(4)
    head = bytes([(0x80 if fin else 0) | opcode])
    if size < 126:
        head += bytes([0x80 | size])
    elif size < 65536:
        head += bytes([0x80 | 126]) + struct.pack('>H', size)
    else:
        head += bytes([0x80 | 127]) + struct.pack('>Q', size)
    return head + mask + (mask * (size // 4 + 1))[:size]


def close_frame(code):
    mask = os.urandom(4)
    payload = struct.pack('>H', code)
    return bytes([0x88, 0x80 | 2]) + mask + bytes(b ^ mask[i] for i, b in enumerate(payload))


def read_frames(sock, buffered, deadline):
    """The server's frames until it closes: [(opcode, payload)]."""
    data, frames = buffered, []
    sock.settimeout(1)
    while time.time() < deadline:
        while len(data) >= 2:
            n = data[1] & 0x7f
            off = 2
            if n == 126:
                n, off = struct.unpack('>H', data[2:4])[0], 4
            elif n == 127:
                n, off = struct.unpack('>Q', data[2:10])[0], 10
            if len(data) < off + n:
                break
            frames.append((data[0] & 0x0f, data[off:off + n]))
            data = data[off + n:]
        if frames and frames[-1][0] == 8:
            return frames
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            return frames
        if not chunk:
            return frames
        data += chunk
    return frames


def flood(sock, first_opcode, total, piece):
    """Sends a message of @total bytes in frames of @piece, never FIN; stops when the server
    stops reading or closes. Returns the bytes it could send."""
    sent = 0
    sock.settimeout(3)
    try:
        while sent < total:
            sock.sendall(frame(first_opcode if sent == 0 else 0, piece, False))
            sent += piece
    except OSError:
        pass
    return sent


def close_code(frames):
    closes = [p for op, p in frames if op == 8]
    return struct.unpack('>H', closes[0][:2])[0] if closes and len(closes[0]) >= 2 else None


def main():
    s = Server()
    s.add_user('admin1', 'admin')
    s.add_user('ann', 'agent', 'sales')
    s.start()
    server_pid = PROCS[-1].pid
    admin = s.token('admin1')

    # 1. Ranges: a recording of 1 MiB.
    call_id = str(uuid.uuid4())
    hlc = int(time.time() * 1000) << 16
    schema = s.call('GET', '/sync/pull?since=0&limit=1', 'admin1')[1]['schema']
    contact = str(uuid.uuid4())
    status, body = s.call('POST', '/sync/push', 'admin1', {
        'schema': schema, 'site': str(uuid.uuid4()), 'changes': [
            {'op': 1, 'table': 'contacts', 'id': contact, 'field': 'name', 'value': 'C', 'hlc': hlc},
            {'op': 2, 'table': 'calls', 'id': call_id, 'field': 'parent_tbl', 'value': 'contacts', 'hlc': hlc},
            {'op': 2, 'table': 'calls', 'id': call_id, 'field': 'parent_id', 'value': contact, 'hlc': hlc}]})
    status, _ = put_recording(s, admin, call_id, wav(MIB))
    check(status == 200, 'a 1 MiB recording stored (%s)' % status)
    path = '/api/v1/recordings/' + call_id
    status, headers, data = get(s, path, admin, {'Range': 'bytes=0-99'})
    check(status == 206 and len(data) == 100, 'one range is served: 206 with 100 bytes (%s, %d)'
          % (status, len(data)))
    for name, ranges in (('100 ranges "0-"', ','.join(['0-'] * 100)),
                         ('overlapping ranges', '0-1000000,10-1000000,20-1000000'),
                         ('two ranges', '0-9,20-29')):
        status, headers, data = get(s, path, admin, {'Range': 'bytes=' + ranges})
        check(status == 200 and len(data) == MIB,
              '%s: the whole file once, 200 with 1 MiB (%s, %d bytes)' % (name, status, len(data)))
    status, _, data = get(s, '/portal/static/portal.css', admin, {'Range': 'bytes=0-,0-,0-,0-'})
    check(status in (200, 404) and len(data) < 10 * MIB,
          'the portal\'s files: a range list is not multiplied either (%s, %d bytes)' % (status, len(data)))

    # 2. The events WebSocket: one oversized frame.
    token = s.token('ann')
    sock, status_line, rest = websocket(s, token)
    check(b' 101 ' in status_line, 'the events WebSocket opens (%s)' % status_line.decode())
    first = read_frames(sock, rest, time.time() + 0.5)
    sock.sendall(frame(2, 200 * 1024, True))
    frames = read_frames(sock, b'', time.time() + 10)
    check(close_code(frames) == 1009, 'a 200 KiB message: closed with 1009 (%s)' % close_code(frames))
    sock.close()

    # ... and 64 MiB of continuation frames of 16 KiB each: 1009, no growth.
    before = rss_kib(server_pid)
    sock, status_line, rest = websocket(s, token)
    sent = flood(sock, 1, 64 * MIB, 16 * 1024)
    frames = read_frames(sock, rest, time.time() + 10)
    after = rss_kib(server_pid)
    log('sent %d MiB before the server closed; RSS %d -> %d KiB' % (sent // MIB, before, after))
    check(close_code(frames) == 1009, 'endless continuation frames: closed with 1009 (%s)'
          % close_code(frames))
    check(after - before < 16 * 1024, 'the server did not buffer them (RSS grew %d KiB)' % (after - before))
    sock.close()

    # A well-behaved stream still works, and so does the API.
    sock, status_line, rest = websocket(s, token)
    frames = read_frames(sock, rest, time.time() + 2)
    check(any(op == 1 and b'"sequence"' in p for op, p in first + frames),
          'a new WebSocket gets its sequence message')
    sock.sendall(close_frame(1000))
    frames = read_frames(sock, b'', time.time() + 5)
    check(close_code(frames) == 1000, 'and closes cleanly (%s)' % close_code(frames))
    sock.close()
    status, _ = s.call('GET', '/session', 'ann')
    check(status == 200, 'the server keeps serving (%s)' % status)
    return finish()


run(main)
