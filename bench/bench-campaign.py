#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A predictive campaign on a real ringdesk-server against the simulator.

20 agents (sipp UACs dial their leg URIs and hold; campaign/agents.py plays them over the
HTTP API: ready, talk, hang up, disposition) work a predictive campaign for MINUTES; the
server dials through Kamailio (the trunk), which routes each number to the sipp that plays
its class, drawn as the simulator draws its leads (campaign/leads.py): 30 % a person after
a log-normal ring, 8 % busy, 2 % failed, the rest never answer and are cancelled at the
ring timeout. Talk and wrap times are drawn as the simulator draws them. The run is
accelerated only in its talk time (mean 30 s instead of the simulator's default 180 s), so
that minutes give hundreds of connects; ring times, the ring timeout (15 s, the server's
least), the 2 s safe-harbor rule and the wrap-up are real. The simulator is then run with
the same parameters for the same time, over SEEDS seeds. Figures from callcenter.db: abandon
rate (abandoned / answered), utilization (talk / logged-in time not paused, agent_states).

  bench/bench-campaign.py [--build build] [--minutes 8] [--seeds 20]
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('--build', default='build')
ap.add_argument('--minutes', type=float, default=8.0)
ap.add_argument('--agents', type=int, default=20)
ap.add_argument('--talk-mean', type=float, default=30.0)
ap.add_argument('--seeds', type=int, default=20)
ap.add_argument('--leads', type=int, default=4000)
ARGS = ap.parse_args()
BUILD = os.path.abspath(ARGS.build)
os.environ['RD_SERVER_BIN'] = os.path.join(BUILD, 'src', 'server', 'ringdesk-server')
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'integration', 'dialer'))
sys.path.insert(0, os.path.join(HERE, 'campaign'))
import peers  # noqa: E402  (the dialer tests' peers: Kamailio, sipp, the server)
from peers import T, Server, bail, free_port, log, spawn, wait_until  # noqa: E402
import agents as agents_mod  # noqa: E402
import figures  # noqa: E402
import leads  # noqa: E402

TRAFFIC = {'answer_rate': 0.3, 'busy_rate': 0.08, 'failed_rate': 0.02, 'ring_mean': 8.0,
           'no_answer_timeout': 15.0, 'talk_mean': ARGS.talk_mean, 'talk_cv': 0.8,
           'wrap_mean': 12.0, 'wrap_timeout': 30.0}
MKPCAP = os.path.join(HERE, '..', 'tests', 'integration', 'switch', 'mkpcap.py')
SIPP = ['sipp', '-i', '127.0.0.1', '-mi', '127.0.0.1', '-t', 'u1', '-nostdin', '-trace_err']


def start_trunk():
    """Kamailio and a sipp per customer class; the trunk's address."""
    ports = {k: free_port() for k in ('PROXY', 'ANSWER', 'BUSY', 'NOANSWER', 'FAILED')}
    with open(os.path.join(HERE, 'campaign', 'kamailio.cfg')) as f:
        cfg = f.read()
    for k, v in ports.items():
        cfg = cfg.replace('RD_%s_PORT' % k, str(v))
    with open(os.path.join(T, 'kamailio.cfg'), 'w') as f:
        f.write(cfg)
    os.makedirs(os.path.join(T, 'kamailio-run'))
    spawn('kamailio', ['kamailio', '-f', 'kamailio.cfg', '-DD', '-E', '-Y',
                       os.path.join(T, 'kamailio-run')])
    subprocess.run(['python3', MKPCAP, 'customer.pcap', 'pcma', '1000', '400'], cwd=T, check=True)
    scen = {'ANSWER': os.path.join(HERE, 'campaign', 'sipp-answer.xml'),
            'BUSY': os.path.join(HERE, 'campaign', 'sipp-busy.xml'),
            'FAILED': os.path.join(HERE, 'campaign', 'sipp-failed.xml'),
            'NOANSWER': os.path.join(HERE, '..', 'tests', 'integration', 'switch', 'sipp',
                                     'uas-noanswer.xml')}
    for k, xml in scen.items():
        extra = ['-mp', str(free_port())] if k == 'ANSWER' else []
        spawn('sipp-' + k.lower(), SIPP + ['-sf', xml, '-p', str(ports[k])] + extra)
    time.sleep(1.5)
    for p in peers.PROCS:
        if p.poll() is not None:
            bail('%s exited at start' % p.args[0])
    return '127.0.0.1:%d' % ports['PROXY']


def make_campaign(server, manager, names):
    csv, counts = leads.leadset_csv(ARGS.leads, TRAFFIC, seed=12)
    log('leadset: %d leads, by class %s' % (ARGS.leads, counts))
    status, report = server.api('POST', '/leadsets?name=bench&country=RU', manager,
                                csv.encode(), 'text/csv')
    if status != 201:
        bail('leadset: %s %s' % (status, report))
    status, campaign = server.api('POST', '/campaigns', manager, {
        'name': 'Bench predictive', 'dial_method': 'predictive', 'caller_id': '+74951234567',
        'calling_hours_start': '00:00', 'calling_hours_end': '23:59', 'ring_timeout': 15,
        'safe_harbor_ms': 2000, 'wrap_up_timeout': int(TRAFFIC['wrap_timeout']),
        'abandon_cap': 3, 'compliance_window': '24h', 'max_attempts': 1})
    if status != 201:
        bail('campaign: %s %s' % (status, campaign))
    cid = campaign['id']
    for method, path, body in (('PUT', '/campaigns/%s/leadsets/%s' % (cid, report['id']), None),
                               ('PUT', '/campaigns/%s/agents' % cid, {'agents': names}),
                               ('POST', '/campaigns/%s/start' % cid, None)):
        status, body = server.api(method, path, manager, body)
        if status not in (200, 201):
            bail('%s %s: %s %s' % (method, path, status, body))
    return cid


def join_agents(server, cid, names):
    """Each agent logs in; one sipp dials all their legs and holds them. Their tokens."""
    tokens, legs = {}, []
    for name in names:
        tokens[name] = server.login(name, 'agent-password')
        status, st = server.api('POST', '/agent/login', tokens[name], {'campaign_id': cid})
        if status != 200 or not st.get('leg_uri'):
            bail('agent login %s: %s %s' % (name, status, st))
        legs.append(st['leg_token'])
    with open(os.path.join(T, 'legs.csv'), 'w') as f:
        f.write('SEQUENTIAL\n' + ''.join('%s;\n' % t for t in legs))
    hold_ms = int((ARGS.minutes * 60 + 600) * 1000)
    subprocess.run(['python3', MKPCAP, 'agent.pcap', 'pcmu', '2000',
                    str(int(ARGS.minutes * 60 + 120))], cwd=T, check=True)
    spawn('sipp-agents', SIPP + ['-sf', os.path.join(HERE, 'campaign', 'sipp-agent-leg.xml'),
                                 '-inf', os.path.join(T, 'legs.csv'), '-m', str(len(names)),
                                 '-l', str(len(names)), '-r', '10', '-d', str(hold_ms),
                                 '-mp', str(free_port()), server.sip.split('@', 1)[1]])
    return tokens


def main():
    names = ['agent%02d' % i for i in range(1, ARGS.agents + 1)]
    trunk = start_trunk()
    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, trunk)
    server.admin('user', 'add', 'mira', '--role', 'manager', password='manager-password')
    for name in names:
        server.admin('user', 'add', name, '--role', 'agent', password='agent-password')
    server.start('server')
    manager = server.login('mira', 'manager-password')
    cid = make_campaign(server, manager, names)
    tokens = join_agents(server, cid, names)
    desk = agents_mod.Agents(server, manager, cid, tokens, TRAFFIC, seed=7)
    wait_until('every leg up', lambda: sum(1 for s in desk.statuses() if s.get('leg_up'))
               == len(names), 30)
    for name in names:
        status, body = server.api('POST', '/agent/ready', tokens[name])
        if status != 200:
            bail('ready %s: %s %s' % (name, status, body))
    t0 = int(time.time() * 1000)
    log('%d agents ready; the campaign runs %.1f min' % (len(names), ARGS.minutes))
    desk.run(t0 / 1000 + ARGS.minutes * 60)
    t1 = int(time.time() * 1000)
    server.api('POST', '/campaigns/%s/stop' % cid, manager)
    # the calls still ringing ring out (at most the ring timeout) or are answered and then
    # hung up at once, until every call row has ended
    deadline = time.time() + 45
    while time.time() < deadline and figures.rows(
            data, 'SELECT id FROM calls WHERE campaign_id = ? AND ended_at IS NULL', (cid,)):
        desk.run(min(deadline, time.time() + 2), drain=True)
        time.sleep(0.2)

    real = figures.real(data, cid, t0, t1, len(names))
    sim_args = ['--agents', str(len(names)), '--hours', '%.6f' % ((t1 - t0) / 3.6e6),
                '--pacer', 'predictive', '--breaks', '0', '--abandon-cap', '0.03']
    for k in ('answer_rate', 'busy_rate', 'failed_rate', 'ring_mean', 'no_answer_timeout',
              'talk_mean', 'talk_cv', 'wrap_mean', 'wrap_timeout'):
        sim_args += ['--' + k.replace('_', '-'), str(TRAFFIC[k])]
    sim = figures.simulate(os.path.join(BUILD, 'src', 'cli', 'ringdesk-cli'), sim_args,
                           ARGS.seeds)
    print('RESULT campaign real: %.1f min, %d agents, calls=%d answered=%d abandoned=%d '
          'abandon_rate=%.2f%% utilization=%.3f talk_mean=%.1fs ring_mean(answered)=%.1fs '
          'calls/agent-h=%.1f connects/agent-h=%.1f results=%s agent_errors=%d' % (
              (t1 - t0) / 60000, len(names), real['calls'], real['answered'],
              real['abandoned'], 100 * real['abandon_rate'], real['utilization'],
              real['talk_mean_s'], real['ring_mean_s'], real['calls_per_agent_hour'],
              real['connects_per_agent_hour'], real['results'], desk.errors))
    print('RESULT campaign simulator (%d seeds): calls=%.0f answered=%.0f abandon_rate=%.2f%% '
          '(pooled %.2f%%) utilization=%.3f (seeds %.3f-%.3f) calls/agent-h=%.1f '
          'connects/agent-h=%.1f' % (
              ARGS.seeds, sim['calls'], sim['answered'], 100 * sim['abandon_rate'],
              100 * sim['abandon_pooled'], sim['utilization'], sim['utilization_min'],
              sim['utilization_max'], sim['calls_per_agent_hour'],
              sim['connects_per_agent_hour']))
    diff = real['utilization'] / sim['utilization'] - 1
    print('RESULT campaign utilization real/simulated-1=%+.1f%% (bound 10%%); abandon_rate '
          '%.2f%% (bound 3%%): %s' % (
              100 * diff, 100 * real['abandon_rate'],
              'within both' if abs(diff) <= 0.10 and real['abandon_rate'] <= 0.03 else 'OUT'))
    print('RESULT simulate command: ringdesk-cli simulate --seed N ' + ' '.join(sim_args))
    peers.cleanup()
    log('logs in ' + T)


if __name__ == '__main__':
    main()
