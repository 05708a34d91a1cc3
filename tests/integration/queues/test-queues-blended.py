#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A blended agent: logged in to a progressive campaign and to a queue at once, every peer
real. Kamailio is the campaign's trunk, routing the lead's number to a baresip customer
(auto-answer, 1 kHz); a sipp caller waits in the queue; the agent is a baresip (2 kHz).

  - while the agent is paused the campaign dials nothing and the caller waits;
  - the agent becomes ready: inbound first, the waiting caller gets her and the campaign
    still dials nothing (no customer is called for an agent the queue took);
  - once she is done with the queue call and ready again, the campaign dials its lead and
    bridges the customer to her: the customer hears her 2 kHz;
  - her state log has the queue call with its queue and the campaign call with none.

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, sipp, sox.
"""

import os
import shutil
import sys
import time

QUEUES = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(QUEUES, '..', 'dialer'))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CUSTOMER, AGENT = 1000, 2000
NUMBER = '+15550100'


def main():
    for tool in ('kamailio', 'baresip', 'sipp', 'sox'):
        if shutil.which(tool) is None:
            print('1..0 # SKIP %s is missing: run tools/install-deps' % tool)
            return 0
    if not os.access(SERVER, os.X_OK):
        bail('RD_SERVER_BIN is not set to the ringdesk-server binary')

    kp, cust = free_port(), sip_port()
    for name, freq in (('customer', CUSTOMER), ('agent', AGENT)):
        subprocess.run(['sox', '-n', '-r', '8000', '-c', '1', '-b', '16', name + '.wav',
                        'synth', '600', 'sine', str(freq), 'vol', '0.3'], cwd=T, check=True)
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': cust})
    cust_dir = baresip_config('customer', cust, os.path.join(T, 'customer.wav'),
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '300'])
    time.sleep(1.0)

    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % kp)
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    server.admin('user', 'add', 'olga', '--role', 'agent', '--team', 'north', password='agent-password')
    server.start('server')
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')

    status, report = server.api('POST', '/leadsets?name=blend&country=RU', mira,
                                b'name,phone\nAnna Blended,+7 916 100-00-01\n', 'text/csv')
    if status != 201:
        bail('leadset: %s %s' % (status, report))
    status, campaign = server.api('POST', '/campaigns', mira, {
        'name': 'Blended', 'dial_method': 'progressive', 'caller_id': '+74951234567',
        'calling_hours_start': '00:00', 'calling_hours_end': '23:59', 'wrap_up_timeout': 120})
    if status != 201:
        bail('campaign: %s %s' % (status, campaign))
    cid = campaign['id']
    for method, path, body in (('PUT', '/campaigns/%s/leadsets/%s' % (cid, report['id']), None),
                               ('PUT', '/campaigns/%s/agents' % cid, {'agents': ['olga']}),
                               ('POST', '/campaigns/%s/start' % cid, None)):
        status, body = server.api(method, path, mira, body)
        if status not in (200, 201):
            bail('%s %s: %s %s' % (method, path, status, body))
    status, queue = server.api('POST', '/queues', mira, {'name': 'Inbound', 'numbers': [NUMBER],
                                                         'members': [{'agent': 'olga'}], 'announce_period': 0})
    if status != 201:
        bail('queue: %s %s' % (status, queue))

    status, st = server.api('POST', '/agent/login', olga, {'campaign_id': cid, 'queues': [queue['id']]})
    check(status == 200 and st.get('campaign_id') == cid and st.get('queues') == [queue['id']],
          'the agent logs in to the campaign and the queue at once (%s)' % status)
    agent_dir = baresip_config('agent', sip_port(), os.path.join(T, 'agent.wav'), '<sip:agent@127.0.0.1>;regint=0')
    spawn('baresip-agent', ['baresip', '-f', agent_dir, '-e', '/dial ' + st['leg_uri'], '-t', '300'])

    def state():
        return server.api('GET', '/agent', olga)[1]

    def calls():
        return center_rows(data, 'SELECT * FROM calls ORDER BY created_at')

    wait_until('the agent\'s leg', lambda: state().get('leg_up'), 15)
    sip_target = server.sip.split('@', 1)[1]
    csv = os.path.join(T, 'caller.csv')
    with open(csv, 'w') as f:
        f.write('SEQUENTIAL\n+15550001;%s;\n' % NUMBER)
    # The caller hangs up 9 s after the queue answers her: time to wait, and to talk once
    # the agent is ready, on a loaded CI machine under ASan too.
    caller = spawn('sipp-caller', ['sipp', '-sf', os.path.join(QUEUES, 'sipp-caller.xml'), '-inf', csv,
                                   '-m', '1', '-d', '9000', '-i', '127.0.0.1', '-p', str(free_port()),
                                   '-mp', str(free_port()), '-timeout', '60', '-timeout_error', '-trace_err',
                                   sip_target])
    wait_until('the caller waiting', lambda: server.api('GET', '/queues/%s/waiting' % queue['id'], mira)[1] or None, 10)
    time.sleep(1.5)
    check([c['direction'] for c in calls()] == ['inbound'],
          'while the agent is paused the campaign dials nothing and the caller waits')

    server.api('POST', '/agent/ready', olga)
    st = wait_until('the agent on a call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(state()), 20)
    check(st.get('queue_id') == queue['id'] and st['call'].get('queue_name') == 'Inbound',
          'inbound first: the waiting caller gets the agent the moment she is ready (%s)' % st['call'].get('queue_name'))
    time.sleep(1.0)
    check([c['direction'] for c in calls()] == ['inbound'],
          'and the campaign called nobody for her meanwhile (%s)' % [c['direction'] for c in calls()])
    try:
        rc = caller.wait(40)
    except subprocess.TimeoutExpired:
        rc = None
    check(rc == 0, 'the caller hung up after the talk (sipp %s)' % rc)
    wait_until('the wrap-up', lambda: state()['state'] == 'wrap_up', 20)
    queue_call = st['call']['call_id']
    status, _ = server.api('POST', '/agent/disposition', olga, {'call_id': queue_call, 'code': 'resolved'})
    check(status == 200, 'the queue call disposed with a queue code (%s)' % status)

    st = wait_until('the campaign customer bridged', lambda: (lambda s: s if s['state'] == 'on_call' else None)(state()), 20)
    check(st.get('campaign_id') == cid and st['call'].get('campaign_name') == 'Blended' and st.get('queue_id') is None,
          'ready again, the campaign dials its lead and bridges the customer to her (%s)' % st['call'].get('campaign_name'))
    # The last 2 s the customer's baresip wrote, read until they are the agent's tone (a
    # bound of 15 s: under ASan on a loaded machine the relay's first frames come late).
    heard_share = 0.0
    deadline = time.time() + 15
    while time.time() < deadline:
        time.sleep(0.5)
        path = dec_file(cust_dir)
        if path is None:
            continue
        rate, heard = read_wav(path)
        if len(heard) >= rate * 2:
            heard_share = share(heard[-rate * 2:], rate, AGENT)
            if heard_share >= 0.8:
                break
    check(heard_share >= 0.8, 'the customer hears the agent (2 kHz in %.0f %% of frames)' % (100 * heard_share))
    server.api('POST', '/agent/hangup', olga)
    rows = center_rows(data, "SELECT state, queue_id, campaign_id, call_id FROM agent_states WHERE agent = 'olga'"
                             " AND state IN ('on_call', 'wrap_up') ORDER BY id")
    campaign_call = st['call']['call_id']
    check([(r['state'], r['queue_id']) for r in rows if r['call_id'] == queue_call] ==
          [('on_call', queue['id']), ('wrap_up', queue['id'])] and
          all(r['queue_id'] is None and r['campaign_id'] == cid for r in rows if r['call_id'] == campaign_call),
          'the state log: the queue call with its queue, the campaign call with none (%d rows)' % len(rows))

    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
