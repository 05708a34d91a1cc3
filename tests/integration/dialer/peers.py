# SPDX-License-Identifier: GPL-3.0-or-later
"""What the dialer's end-to-end tests share: TAP output, the peers they start (Kamailio,
sipp, baresip, ringdesk-server), HTTP calls, callcenter.db reads, and audio by content
(WAV reading, Goertzel, envelopes, RTP from a loopback capture)."""

import array
import glob
import hashlib
import json
import math
import os
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
SWITCH = os.path.join(HERE, '..', 'switch')
SERVER = os.environ.get('RD_SERVER_BIN', '')
T = tempfile.mkdtemp(prefix='rd-%s.' % os.path.splitext(os.path.basename(sys.argv[0]))[0])
PROCS = []
RESULTS = []
CHEAP = ['--pwhash-ops', '1', '--pwhash-mem', '8']


def log(msg):
    print('# ' + msg, flush=True)


def check(ok, what):
    RESULTS.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(RESULTS), what), flush=True)
    return ok


def bail(msg):
    print('Bail out! ' + msg, flush=True)
    for name in sorted(glob.glob(os.path.join(T, '*.log'))):
        with open(name, errors='replace') as f:
            lines = f.readlines()[-15:]
        print('# --- %s' % os.path.basename(name))
        for line in lines:
            print('#   ' + line.rstrip())
    print('# logs kept in ' + T)
    cleanup()
    sys.exit(1)


def cleanup():
    for p in PROCS:
        if p.poll() is None:
            p.terminate()
    deadline = time.time() + 3
    for p in PROCS:
        try:
            p.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def free_port(kind=socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sip_port():
    """A port free for UDP and TCP whose next one is free for TCP (baresip's SIP/TLS)."""
    for _ in range(50):
        p = free_port()
        try:
            for q in (p, p + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(('127.0.0.1', q))
                s.close()
            return p
        except OSError:
            pass
    bail('no free port pair for baresip')


def spawn(name, argv, **kw):
    out = open(os.path.join(T, name + '.log'), 'w')
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         cwd=T, **kw)
    PROCS.append(p)
    return p


def wait_until(what, fn, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    bail('timed out after %g s waiting for %s' % (timeout, what))


def file_has(path, text):
    try:
        with open(path, errors='replace') as f:
            return text in f.read()
    except FileNotFoundError:
        return False


# ---- the server ---------------------------------------------------------------------------

class Server:
    def __init__(self, data, trunk):
        self.data = data
        self.trunk = trunk
        self.proc = None

    def admin(self, *args, password=None):
        r = subprocess.run([SERVER, '--data-dir', self.data] + CHEAP + list(args),
                           input=(password + '\n') if password else None, text=True,
                           capture_output=True, timeout=60)
        if r.returncode != 0:
            bail('ringdesk-server %s: %s' % (' '.join(args), r.stderr))

    def start(self, name, extra=(), listen='127.0.0.1:0', env=None):
        """Starts the server (again) on its data dir; a server without a trunk (None) runs
        no switch. @env: variables added to the environment (the fault tests' RD_KILL_AT)."""
        sip = ['--sip-listen', '127.0.0.1:0', '--trunk', self.trunk] if self.trunk else []
        argv = [SERVER, '--data-dir', self.data, '--listen', listen] + CHEAP + sip + list(extra)
        err = open(os.path.join(T, name + '.log'), 'a')
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True,
                                     stdin=subprocess.DEVNULL, cwd=T,
                                     env=dict(os.environ, **env) if env else None)
        PROCS.append(self.proc)
        first = self.proc.stdout.readline().strip()
        second = self.proc.stdout.readline().strip() if sip else 'sip on -'
        if not first.startswith('listening on ') or not second.startswith('sip on '):
            bail('the server did not start: %r %r' % (first, second))
        self.base = first[len('listening on '):] + '/api/v1'
        self.sip = second[len('sip on '):]
        # the rest of stdout goes on draining, so the server never blocks on it
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        log('server %s, %s' % (self.base, self.sip))

    def raw(self, path, token):
        req = urllib.request.Request(self.base + path, headers={'Authorization': 'Bearer ' + token})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers.get('Content-Type'), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get('Content-Type'), e.read()

    def api(self, method, path, token=None, body=None, ctype='application/json'):
        data = None
        headers = {}
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers['Content-Type'] = ctype
        if token:
            headers['Authorization'] = 'Bearer ' + token
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b'null')
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {'raw': text.decode(errors='replace')}

    def login(self, name, password):
        status, body = self.api('POST', '/session', body={'username': name, 'password': password})
        if status != 200:
            bail('login %s: %s %s' % (name, status, body))
        return body['token']


# ---- the set-up every dialer test shares ----------------------------------------------------

def need(*tools, binaries=None):
    """Whether the test can run: every tool on PATH (else a TAP plan that skips, and False)
    and the project's binaries built (else a bail-out)."""
    for tool in tools:
        if shutil.which(tool) is None:
            print('1..0 # SKIP %s is missing: run tools/install-deps' % tool)
            return False
    for path in binaries or (SERVER,):
        if not path or not os.access(path, os.X_OK):
            bail('RD_SERVER_BIN (and RD_CLI_BIN where the test needs it) must name the binaries')
    return True


def tone(name, freq, seconds=600):
    """T/@name.wav: a sine of @freq Hz, 8 kHz mono 16 bit, what a phone sends."""
    path = os.path.join(T, name + '.wav')
    subprocess.run(['sox', '-n', '-r', '8000', '-c', '1', '-b', '16', path, 'synth', str(seconds),
                    'sine', str(freq), 'vol', '0.3'], check=True)
    return path


def peers_up():
    """The peers spawned so far had a second to bind their ports, and none exited."""
    time.sleep(1.0)
    for p in PROCS:
        if p.poll() is not None:
            bail('%s exited at start' % p.args[0])


def start_server(trunk_port, users, name='server', extra=()):
    """A ringdesk-server on a fresh data dir (T/data) whose trunk is Kamailio at
    @trunk_port, with @users ((name, role, team or None, password) ...) made first."""
    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % trunk_port)
    for user, role, team, password in users:
        server.admin('user', 'add', user, '--role', role, *(('--team', team) if team else ()),
                     password=password)
    server.start(name, extra)
    return server


def make_campaign(server, token, settings, csv, agents, leadset='leads', country='RU', start=True):
    """A leadset of @csv and a running campaign of @settings (all day long unless they say
    otherwise) with it and @agents — paused instead, with @start False, so agents may join
    before anyone is dialled: (the campaign, the leadset's report)."""
    status, report = server.api('POST', '/leadsets?name=%s&country=%s' % (leadset, country), token,
                                csv if isinstance(csv, bytes) else csv.encode(), 'text/csv')
    if status != 201:
        bail('leadset %s: %s %s' % (leadset, status, report))
    status, c = server.api('POST', '/campaigns', token, {
        'calling_hours_start': '00:00', 'calling_hours_end': '23:59', **settings})
    if status != 201:
        bail('campaign: %s %s' % (status, c))
    for method, path, body in (('PUT', '/campaigns/%s/leadsets/%s' % (c['id'], report['id']), None),
                               ('PUT', '/campaigns/%s/agents' % c['id'], {'agents': list(agents)}),
                               ('POST', '/campaigns/%s/%s' % (c['id'], 'start' if start else 'pause'), None)):
        status, answer = server.api(method, path, token, body)
        if status not in (200, 201):
            bail('%s %s: %s %s' % (method, path, status, answer))
    return c, report


def agent_phone(server, token, campaign_id, name, source, port=None, seconds=300):
    """The agent of @token joins @campaign_id and their baresip (config T/@name, sending
    @source) dials the leg the server hands out; back once the leg is up: its config dir."""
    status, st = server.api('POST', '/agent/login', token, {'campaign_id': campaign_id})
    if status != 200:
        bail('%s: agent login: %s %s' % (name, status, st))
    d = baresip_config(name, port or sip_port(), source, '<sip:%s@127.0.0.1>;regint=0' % name)
    spawn('baresip-' + name, ['baresip', '-f', d, '-e', '/dial ' + st['leg_uri'], '-t', str(seconds)])
    wait_until('%s\'s leg' % name, lambda: server.api('GET', '/agent', token)[1].get('leg_up'), 15)
    return d


def center_rows(data, sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'callcenter.db'), uri=True,
                         timeout=10)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


# ---- audio --------------------------------------------------------------------------------

def read_wav(path):
    """16-bit mono WAV samples; a file still being written (sizes not yet in its header)
    is read up to its end."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'RIFF' or data[8:12] != b'WAVE':
        bail('%s: not a WAV file' % path)
    off, rate, fmt_ok = 12, 0, False
    while off + 8 <= len(data):
        cid, size = data[off:off + 4], int.from_bytes(data[off + 4:off + 8], 'little')
        if cid == b'fmt ':
            channels = int.from_bytes(data[off + 10:off + 12], 'little')
            rate = int.from_bytes(data[off + 12:off + 16], 'little')
            fmt_ok = channels == 1 and int.from_bytes(data[off + 22:off + 24], 'little') == 16
        elif cid == b'data':
            end = off + 8 + size if size and off + 8 + size <= len(data) else len(data)
            body = data[off + 8:end]
            if not fmt_ok:
                bail('%s: not 16-bit mono' % path)
            return rate, array.array('h', body[:len(body) // 2 * 2])
        off += 8 + size + (size & 1)
    bail('%s: no audio' % path)


def read_wav_channels(path):
    """A finished 16-bit WAV of one or more channels: (rate, [samples of each channel])."""
    with wave.open(path) as w:
        n, rate = w.getnchannels(), w.getframerate()
        if w.getsampwidth() != 2:
            bail('%s: not 16-bit' % path)
        data = array.array('h', w.readframes(w.getnframes()))
    return rate, [data[i::n] for i in range(n)]


def ulaw(b):
    b = ~b & 0xff
    t = (((b & 0x0f) << 3) + 0x84) << ((b & 0x70) >> 4)
    return (0x84 - t) if b & 0x80 else (t - 0x84)


def alaw(b):
    b ^= 0x55
    t = (b & 0x0f) << 4
    seg = (b & 0x70) >> 4
    t = t + 8 if seg == 0 else (t + 0x108) << (seg - 1)
    return t if b & 0x80 else -t


ULAW = [ulaw(i) for i in range(256)]
ALAW = [alaw(i) for i in range(256)]


def goertzel(frame, rate, freq):
    k = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in frame:
        s1, s2 = x + k * s1 - s2, s1
    return math.sqrt(max(s1 * s1 + s2 * s2 - k * s1 * s2, 0)) / len(frame)


def tone_frames(samples, rate, freq, others):
    """20 ms frames where @freq stands out: loud, and 4 times any of @others."""
    n = rate // 50
    count = 0
    for i in range(0, len(samples) - n + 1, n):
        frame = samples[i:i + n]
        power = goertzel(frame, rate, freq)
        if power > 500 and all(power > 4 * goertzel(frame, rate, f) for f in others):
            count += 1
    return count


# Frequencies no peer sends: a tone counts as heard only well above them (G.711 noise).
CONTROL = (1500, 2500, 850)


def present(frame, rate, freq):
    """@freq is in @frame: loud, and well above frequencies nobody sends."""
    power = goertzel(frame, rate, freq)
    return power > 300 and all(power > 8 * goertzel(frame, rate, f) for f in CONTROL)


def share(samples, rate, freq):
    """The share of 20 ms frames of @samples in which @freq is heard."""
    n = rate // 50
    frames = [samples[i:i + n] for i in range(0, len(samples) - n + 1, n)]
    if not frames:
        return 0.0
    return sum(1 for f in frames if present(f, rate, freq)) / len(frames)


def dec_file(d):
    """The newest recording of what the baresip of config dir @d received (one a call)."""
    files = sorted(glob.glob(os.path.join(d, 'rec', '*-dec.wav')), key=os.path.getmtime)
    return files[-1] if files else None


def prompt_path(data, text, voice='en'):
    """Where the server keeps the spoken WAV of @text: DATA_DIR/prompts/, named by the
    first 24 hex digits of SHA-256 of "VOICE\nTEXT" (rd-prompt.c)."""
    digest = hashlib.sha256(('%s\n%s' % (voice, text)).encode()).hexdigest()[:24]
    return os.path.join(data, 'prompts', digest + '.wav')


def length(path):
    """Samples in the WAV at @path (0: none)."""
    return len(read_wav(path)[1]) if path else 0


def envelope(samples, rate):
    n = rate // 100   # 10 ms
    return [math.sqrt(sum(x * x for x in samples[i:i + n]) / n)
            for i in range(0, len(samples) - n + 1, n)]


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    da, db = [x - ma for x in a], [x - mb for x in b]
    na, nb = math.sqrt(sum(x * x for x in da)), math.sqrt(sum(x * x for x in db))
    return sum(x * y for x, y in zip(da, db)) / (na * nb) if na > 0 and nb > 0 else 0.0


def best_correlation(needle, hay):
    """Pearson correlation of @needle against @hay at the best offset (envelopes), where
    at least 90 % of @needle overlaps @hay (a packet or two lost at either end)."""
    m = len(needle)
    least = max(1, m * 9 // 10)
    best = 0.0
    for off in range(-(m - least), len(hay) - least + 1):
        lo, hi = max(0, -off), min(m, len(hay) - off)
        if hi - lo >= least:
            best = max(best, pearson(needle[lo:hi], hay[off + lo:off + hi]))
    return best


def rtp_audio(pcap, dst_port):
    """The G.711 audio of the RTP packets to @dst_port in a loopback capture, as 8 kHz s16."""
    out = array.array('h')
    with open(pcap, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return out
    linktype = int.from_bytes(data[20:24], 'little')
    link = 14 if linktype == 1 else 16 if linktype == 113 else 4 if linktype == 0 else 14
    off = 24
    while off + 16 <= len(data):
        incl = int.from_bytes(data[off + 8:off + 12], 'little')
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ip = pkt[link:]
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 15) * 4:]
        if int.from_bytes(udp[2:4], 'big') != dst_port:
            continue
        rtp = udp[8:]
        if len(rtp) < 12 or rtp[0] >> 6 != 2:
            continue
        payload = rtp[12 + 4 * (rtp[0] & 15):]
        pt = rtp[1] & 0x7f
        if pt in (0, 8):
            table = ULAW if pt == 0 else ALAW
            out.extend(table[x] for x in payload)
    return out


def rtp_pcap(wav, out, law='pcmu'):
    """A pcap of @wav (8 kHz mono) as G.711 RTP (@law pcmu or pcma), 20 ms packets, for
    sipp's play_pcap_audio (which rewrites the addresses and ports)."""
    pt, enc = (0, 'ul') if law == 'pcmu' else (8, 'al')
    raw = subprocess.run(['sox', wav, '-t', enc, '-r', '8000', '-c', '1', '-'],
                         check=True, capture_output=True).stdout

    def csum(b):
        s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
        s = (s >> 16) + (s & 0xffff)
        return ~(s + (s >> 16)) & 0xffff

    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(len(raw) // 160):
            rtp = struct.pack('!BBHII', 0x80, (0x80 if i == 0 else 0) | pt, i & 0xffff, i * 160,
                              0x5eed0001) + raw[i * 160:(i + 1) * 160]
            udp = struct.pack('!HHHH', 6000, 6002, 8 + len(rtp), 0) + rtp
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
            ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
            pkt = b'\0' * 12 + b'\x08\x00' + ip + udp
            t = i * 20000
            f.write(struct.pack('<IIII', t // 1000000, t % 1000000, len(pkt), len(pkt)))
            f.write(pkt)
    return out


# ---- the peers ----------------------------------------------------------------------------

def baresip_config(name, port, source, account):
    d = os.path.join(T, name)
    os.makedirs(os.path.join(d, 'rec'))
    with open(os.path.join(d, 'config'), 'w') as f:
        f.write('\n'.join([
            'poll_method\t\tepoll',
            'sip_listen\t\t127.0.0.1:%d' % port,
            'net_interface\t\t127.0.0.1',
            'audio_player\t\taubridge,nil',
            'audio_source\t\taufile,%s' % source,
            'audio_alert\t\taubridge,nil',
            'rtp_ports\t\t30000-39999',
            'module_path\t\t/usr/lib/baresip/modules',
            'module\t\t\tmenu.so', 'module\t\t\tg711.so', 'module\t\t\taufile.so',
            'module\t\t\taubridge.so', 'module\t\t\tsndfile.so', 'module\t\t\taccount.so',
            'snd_path\t\t%s' % os.path.join(d, 'rec'), '']))
    with open(os.path.join(d, 'accounts'), 'w') as f:
        f.write(account + '\n')
    return d


def kamailio_config(ports, defines=(), password='trunk-secret'):
    """This folder's kamailio.cfg in T with @ports ({'RD_PROXY_PORT': 5060, ...}) filled
    in; a route the test does not use points at a free port nobody answers. @defines:
    kamailio -A names (WITH_AUTH: a trunk account with @password)."""
    with open(os.path.join(HERE, 'kamailio.cfg')) as f:
        cfg = f.read()
    for name in ('RD_PROXY_PORT', 'RD_CUSTOMER_PORT', 'RD_BUSY_PORT', 'RD_NOANSWER_PORT',
                 'RD_LATE_PORT', 'RD_DTMF_PORT', 'RD_MACHINE_PORT', 'RD_SIT_PORT',
                 'RD_BUSYTONE_PORT', 'RD_RINGBACK_PORT', 'RD_ANNOUNCE_PORT'):
        cfg = cfg.replace(name, str(ports[name] if name in ports else free_port()))
    cfg = cfg.replace('RD_TRUNK_PASSWORD', password)
    with open(os.path.join(T, 'kamailio.cfg'), 'w') as f:
        f.write(cfg)
    os.makedirs(os.path.join(T, 'kamailio-run'))
    argv = ['kamailio', '-f', 'kamailio.cfg', '-DD', '-E', '-Y', os.path.join(T, 'kamailio-run')]
    for d in defines:
        argv += ['-A', d]
    return spawn('kamailio', argv)


def invites(path):
    """The numbers Kamailio was asked to reach, in order."""
    try:
        with open(path, errors='replace') as f:
            return [line.split('RDTRUNK INVITE ', 1)[1].strip()
                    for line in f if 'RDTRUNK INVITE ' in line]
    except FileNotFoundError:
        return []


# ---- the end of a test --------------------------------------------------------------------

def stop_cleanly(server):
    """SIGTERM, and a check that the server exits 0 (under AddressSanitizer: no leak, no
    error)."""
    server.proc.terminate()
    try:
        rc = server.proc.wait(20)
    except subprocess.TimeoutExpired:
        rc = None
    check(rc == 0, 'the server stops cleanly on SIGTERM (exit %s)' % rc)


def finish():
    """Stops the peers, prints the TAP plan; the logs are kept when a check failed."""
    cleanup()
    print('1..%d' % len(RESULTS))
    if all(RESULTS):
        shutil.rmtree(T, ignore_errors=True)
        return 0
    print('# logs kept in ' + T)
    return 1


def run(main):
    """Runs a test's main(): an exception is a failure with its logs, never a hang."""
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException as e:
        import traceback
        traceback.print_exc()
        bail('%s: %s' % (type(e).__name__, e))
