#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inbound queue under a burst: CALLS simultaneous sipp callers into AGENTS agents.

A real ringdesk-server with one queue (longest idle, the agents' team as members, position
announcements every --announce seconds, off by default). The agents' phones are one sipp UAC that dials
every agent's leg URI and holds it (2 kHz PCMU; baresip is too heavy for 20 phones on this
machine); one loop plays the agents over the HTTP API: ready, and for each bridged call a
talk of TALK seconds counted from the bridge, POST /agent/hangup, a disposition at once.
The callers are one sipp UAC that places CALLS calls into the queue's number within about
a second (-r CALLS -rp 1000) and stays on the line until the server hangs up after the
agent (queues/sipp-caller-held.xml); its trace (-trace_stat) gives its own count.

Figures (one line each, from callcenter.db and sipp):
  invite_to_agent_ready   INVITE received -> bridged to an agent, calls that found one ready
  invite_to_agent_all     the same over every call (the queue's wait included)
  ready_to_bridged        an agent's ready -> the waiting caller bridged to them (the dispatch)
  lost                    calls sipp failed + rows that are not human (must be 0)
  stats                   the queue's /stats against what sipp and the rows say

  bench/bench-queues.py [--build build] [--calls 100] [--agents 20] [--talk 1.0] [--announce 0]
"""

import argparse
import csv
import glob
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('--build', default='build')
ap.add_argument('--calls', type=int, default=100)
ap.add_argument('--agents', type=int, default=20)
ap.add_argument('--talk', type=float, default=1.0)
ap.add_argument('--announce', type=int, default=0, help='the position announcement period (0: off)')
ARGS = ap.parse_args()
BUILD = os.path.abspath(ARGS.build)
os.environ['RD_SERVER_BIN'] = os.path.join(BUILD, 'src', 'server', 'ringdesk-server')
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration', 'dialer'))
import peers  # noqa: E402  (the dialer tests' peers: sipp, the server)
from peers import T, Server, bail, center_rows, free_port, log, spawn, wait_until  # noqa: E402

MKPCAP = os.path.join(HERE, '..', 'tests', 'integration', 'switch', 'mkpcap.py')
SIPP = ['sipp', '-i', '127.0.0.1', '-mi', '127.0.0.1', '-t', 'u1', '-nostdin', '-trace_err']
NUMBER = '+15550100'


def pct(values, p):
    if not values:
        return float('nan')
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def figure(name, values, unit='ms'):
    print('%-24s n=%d p50=%.1f %s p99=%.1f %s max=%.1f %s' % (
        name, len(values), pct(values, 50), unit, pct(values, 99), unit,
        max(values) if values else float('nan'), unit), flush=True)


def play_agents(server, tokens, stop):
    """Ready; on a call, hang up TALK s after the bridge; dispose at once."""
    for name, token in tokens.items():
        server.api('POST', '/agent/ready', token)
    while not stop.is_set():
        for name, token in tokens.items():
            status, st = server.api('GET', '/agent', token)
            if status != 200:
                continue
            if st['state'] == 'on_call' and time.time() * 1000 - st['since'] >= ARGS.talk * 1000:
                server.api('POST', '/agent/hangup', token)
            elif st['state'] == 'wrap_up' and st.get('call_id'):
                server.api('POST', '/agent/disposition', token, {'call_id': st['call_id'], 'code': 'resolved'})
        time.sleep(0.05)


def main():
    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % free_port())
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    names = ['agent%02d' % i for i in range(1, ARGS.agents + 1)]
    for name in names:
        server.admin('user', 'add', name, '--role', 'agent', '--team', 'north', password='agent-password')
    server.start('server')
    mira = server.login('mira', 'manager-password')
    status, queue = server.api('POST', '/queues', mira, {
        'name': 'Bench', 'numbers': [NUMBER], 'members': [{'team': 'north'}], 'announce_period': ARGS.announce,
        'max_wait': 600, 'wrap_up_timeout': 30})
    if status != 201:
        bail('queue: %s %s' % (status, queue))

    tokens, legs = {}, []
    for name in names:
        tokens[name] = server.login(name, 'agent-password')
        status, st = server.api('POST', '/agent/login', tokens[name], {'queues': [queue['id']]})
        if status != 200:
            bail('agent login %s: %s %s' % (name, status, st))
        legs.append(st['leg_token'])
    with open(os.path.join(T, 'legs.csv'), 'w') as f:
        f.write('SEQUENTIAL\n' + ''.join('%s;\n' % t for t in legs))
    subprocess.run(['python3', MKPCAP, 'agent.pcap', 'pcmu', '2000', '300'], cwd=T, check=True)
    sip_target = server.sip.split('@', 1)[1]
    spawn('sipp-agents', SIPP + ['-sf', os.path.join(HERE, 'campaign', 'sipp-agent-leg.xml'),
                                 '-inf', os.path.join(T, 'legs.csv'), '-m', str(len(names)),
                                 '-l', str(len(names)), '-r', '10', '-d', '600000',
                                 '-mp', str(free_port()), sip_target])
    for name in names:
        wait_until('%s\'s leg' % name, lambda: server.api('GET', '/agent', tokens[name])[1].get('leg_up'), 30)
    stop = threading.Event()
    player = threading.Thread(target=play_agents, args=(server, tokens, stop), daemon=True)
    player.start()
    wait_until('all agents ready', lambda: all(
        server.api('GET', '/agent', t)[1]['state'] == 'ready' for t in tokens.values()), 10)

    with open(os.path.join(T, 'callers.csv'), 'w') as f:
        f.write('SEQUENTIAL\n' + ''.join('+1555%07d;%s;\n' % (2000000 + i, NUMBER) for i in range(ARGS.calls)))
    start_ms = time.time() * 1000
    callers = spawn('sipp-callers', SIPP + [
        '-sf', os.path.join(HERE, 'queues', 'sipp-caller-held.xml'), '-inf', os.path.join(T, 'callers.csv'),
        '-m', str(ARGS.calls), '-l', str(ARGS.calls), '-r', str(ARGS.calls), '-rp', '1000',
        '-p', str(free_port()), '-mp', str(free_port()), '-timeout', '300', '-timeout_error',
        '-trace_stat', '-fd', '1', sip_target])
    rc = callers.wait(300)
    stop.set()
    player.join(5)
    log('sipp callers exit %s after %.1f s' % (rc, (time.time() * 1000 - start_ms) / 1000))

    rows = wait_until('every row ended', lambda: (lambda r: r if all(x['ended_at'] for x in r) and len(r) == ARGS.calls
                                                    else None)(center_rows(data, "SELECT * FROM calls WHERE direction = 'inbound'")), 20)
    states = center_rows(data, "SELECT agent, state, started_at, call_id FROM agent_states ORDER BY id")
    ready_at = {}
    last_ready = {}
    for s in states:
        if s['state'] == 'ready':
            last_ready[s['agent']] = s['started_at']
        elif s['state'] == 'on_call' and s['call_id']:
            ready_at[s['call_id']] = last_ready.get(s['agent'])
    found_ready, waited, dispatch = [], [], []
    for r in rows:
        if r['bridged_at'] is None:
            continue
        total = r['bridged_at'] - r['created_at']
        waited.append(total)
        ra = ready_at.get(r['id'])
        if ra is not None and ra <= r['created_at']:
            found_ready.append(total)
        elif ra is not None:
            dispatch.append(r['bridged_at'] - ra)
    figure('invite_to_agent_ready', found_ready)
    figure('invite_to_agent_all', waited)
    figure('ready_to_bridged', dispatch)

    stat_files = glob.glob(os.path.join(T, '*_.csv')) + glob.glob(os.path.join(T, 'sipp-caller-held*_.csv'))
    sipp_ok = sipp_failed = None
    for path in stat_files:
        with open(path) as f:
            last = list(csv.DictReader(f, delimiter=';'))[-1]
        sipp_ok, sipp_failed = int(last['SuccessfulCall(C)']), int(last['FailedCall(C)'])
    not_human = sum(1 for r in rows if r['result'] != 'human')
    print('lost                     sipp_failed=%s not_human=%d rows=%d sipp_ok=%s' % (
        sipp_failed, not_human, len(rows), sipp_ok), flush=True)
    status, stats = server.api('GET', '/queues/%s/stats' % queue['id'], mira)
    derived_wait = sorted(r['bridged_at'] - r['answered_at'] for r in rows if r['bridged_at'])
    print('stats                    server: calls=%d answered=%d abandoned=%d wait_p50=%d ms wait_max=%d ms;'
          ' rows: answered=%d wait_p50=%d ms wait_max=%d ms; sipp: ok=%s' % (
              stats['calls'], stats['answered'], stats['abandoned'], stats['wait_p50_ms'], stats['wait_max_ms'],
              len(derived_wait), derived_wait[len(derived_wait) // 2] if derived_wait else -1,
              derived_wait[-1] if derived_wait else -1, sipp_ok), flush=True)
    peers.cleanup()
    return 0 if rc == 0 and not_human == 0 and sipp_failed == 0 else 1


if __name__ == '__main__':
    peers.run(main)
