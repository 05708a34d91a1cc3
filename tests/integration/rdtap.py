# SPDX-License-Identifier: GPL-3.0-or-later
"""What the python-driven integration tests share: TAP output, a temporary folder for
logs, the daemons they spawn (stopped on every exit), free loopback ports and bounded
waits. A test imports it, writes its checks, and ends with rdtap.run(main)."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

T = tempfile.mkdtemp(prefix='rd-%s.' % os.path.splitext(os.path.basename(sys.argv[0]))[0])
PROCS = []
RESULTS = []


def log(msg):
    print('# ' + msg, flush=True)


def check(ok, what):
    RESULTS.append(bool(ok))
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(RESULTS), what), flush=True)
    return ok


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


def free_port(kind=socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def spawn(name, argv, **kw):
    """@argv with stdout and stderr appended to T/NAME.log, stopped by cleanup()."""
    out = open(os.path.join(T, name + '.log'), 'a')
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


def finish():
    """Stops the daemons and prints the plan; the logs stay when a check failed."""
    cleanup()
    print('1..%d' % len(RESULTS))
    if all(RESULTS):
        shutil.rmtree(T, ignore_errors=True)
        return 0
    print('# logs kept in ' + T)
    return 1


def run(main):
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException as e:   # an exception is a failure with its logs, never a hang
        import traceback
        traceback.print_exc()
        bail('%s: %s' % (type(e).__name__, e))
