#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Answering-machine detection on a campaign, every peer real.

A progressive campaign with `amd` set to `hangup` dials two leads through Kamailio: a
person (baresip that says "Hello?" in espeak-ng's voice, then waits) and an answering
machine (baresip playing a long voicemail greeting). The person is bridged to the agent once
judged a person (after their "Hello?" and the silence that follows); the machine is hung up by the
server after the greeting's first words, never reaches the agent, and its call row says
`machine`. Then the same with `amd` set to `detect` in a campaign that does not record: the
machine is bridged (an agent may leave a message), its row still says `machine`, and no
recording is made.

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, espeak-ng, sox.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)


def spoken(name, voice, text, pad):
    """A WAV of @text (8 kHz mono 16-bit) with @pad seconds of silence after it."""
    raw = os.path.join(T, name + '.espeak.wav')
    out = os.path.join(T, name + '.wav')
    subprocess.run(['espeak-ng', '-v', voice, '-w', raw, '--', text], check=True)
    subprocess.run(['sox', raw, '-r', '8000', '-c', '1', '-b', '16', out, 'pad', '0', str(pad)],
                   check=True)
    return out


def main():
    if not need('kamailio', 'baresip', 'sox', 'espeak-ng'):
        return 0

    kp, person, machine, agent_port = free_port(), sip_port(), sip_port(), sip_port()
    hello = spoken('hello', 'en', 'Hello?', 20)
    greeting = spoken('greeting', 'en', 'Hello, you have reached Anna Petrova. I cannot take '
                      'your call right now. Please leave a message after the tone.', 10)
    agent_tone = tone('agent', 2000, 300)
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': person, 'RD_MACHINE_PORT': machine})
    person_dir = baresip_config('person', person, hello,
                                '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    machine_dir = baresip_config('machine', machine, greeting,
                                 '<sip:machine@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-person', ['baresip', '-f', person_dir, '-t', '300'])
    spawn('baresip-machine', ['baresip', '-f', machine_dir, '-t', '300'])
    peers_up()

    server = start_server(kp, (('mira', 'manager', None, 'manager-password'),
                               ('olga', 'agent', None, 'agent-password')))
    data = server.data
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')

    def campaign(name, amd, csv, **extra):
        return make_campaign(server, mira, {
            'name': name, 'dial_method': 'progressive', 'caller_id': '+74951234567', 'amd': amd,
            'wrap_up_timeout': 120, **extra}, csv, ['olga'], leadset=name.replace(' ', '-'))[0]['id']

    def agent():
        return server.api('GET', '/agent', olga)[1]

    def rows(cid):
        return {r['name']: r for r in center_rows(
            data, 'SELECT l.name AS name, c.* FROM calls c JOIN leads l ON l.id = c.lead_id '
                  'WHERE c.campaign_id = ?', (cid,))}

    # ---- amd hangup: the machine is hung up, the person reaches the agent ------------------
    cid = campaign('AMD hangup', 'hangup', 'name,phone\nMax Machine,+7 916 500-00-01\n'
                                           'Petra Person,+7 916 100-00-02\n')
    agent_phone(server, olga, cid, 'agent', agent_tone, agent_port)
    server.api('POST', '/agent/ready', olga)
    st = wait_until('a bridged call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 40)
    check(st['call']['lead']['name'] == 'Petra Person',
          'the agent is given the person, not the machine (%s)' % st['call']['lead']['name'])
    r = rows(cid)
    m = r.get('Max Machine', {})
    check(m.get('result') == 'machine' and m.get('hangup_by') == 'system' and not m.get('bridged_at')
          and not m.get('agent') and m.get('answered_at') and m.get('ended_at')
          and m['ended_at'] - m['answered_at'] < 4000,
          'the machine is detected and hung up within 4 s of the answer, never bridged (%s, %s ms)'
          % (m.get('result'), (m.get('ended_at') or 0) - (m.get('answered_at') or 0)))
    p = r.get('Petra Person', {})
    wait_s = ((p.get('bridged_at') or 0) - (p.get('answered_at') or 0)) / 1000
    log('person: answer to bridge %.2f s (the detector\'s decision, then the bridge)' % wait_s)
    check(0.5 < wait_s < 3.0, 'the person is bridged once judged a person (%.2f s after the answer)' % wait_s)
    time.sleep(2)
    server.api('POST', '/agent/hangup', olga)
    wait_until('wrap-up', lambda: agent()['state'] == 'wrap_up', 10)
    states = [s['state'] for s in center_rows(
        data, "SELECT state FROM agent_states WHERE agent = 'olga' ORDER BY id")]
    check(states.count('on_call') == 1, 'the agent had one call, the person\'s (%s)' % states)
    status, st = server.api('POST', '/agent/disposition', olga,
                            {'call_id': p['id'], 'code': 'sale'})
    check(status == 200, 'disposition (%s)' % status)
    server.api('POST', '/agent/logout', olga)

    # ---- amd detect: the machine reaches the agent, its row says machine ------------------
    cid2 = campaign('AMD detect', 'detect', 'name,phone\nMia Machine,+7 916 500-00-03\n',
                    record_calls=False)
    agent_phone(server, olga, cid2, 'agent2', agent_tone)
    server.api('POST', '/agent/ready', olga)
    st = wait_until('the machine bridged', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 40)
    check(st['call']['lead']['name'] == 'Mia Machine', 'detect: the machine is bridged to the agent')
    server.api('POST', '/agent/hangup', olga)
    row = wait_until('the call ended', lambda: (lambda r: r if r.get('ended_at') else None)(
        rows(cid2).get('Mia Machine', {})), 10)
    check(row.get('result') == 'machine' and row.get('agent') == 'olga',
          'detect: the call row says machine, with the agent (%s %s)' % (row.get('result'), row.get('agent')))
    check(p.get('recording') and os.path.isfile(os.path.join(data, 'call-recordings', p['recording']))
          and row.get('recording') is None
          and not os.path.exists(os.path.join(data, 'call-recordings', row['id'] + '.wav')),
          'a campaign records its calls unless record_calls is off (%s, %s)'
          % (p.get('recording'), row.get('recording')))

    stop_cleanly(server)

    return finish()


if __name__ == '__main__':
    run(main)
