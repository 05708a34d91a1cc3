#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A trunk with an account: the server registers and answers digest challenges.

Kamailio plays a carrier that wants an account (kamailio.cfg with WITH_AUTH): REGISTER is
challenged (401) and kept in its location table, every INVITE is challenged (407). First the
server runs with a wrong password: the registration fails, and a campaign call fails with
the carrier's 407 (never reaching the customer). Then with the right one: the account is
registered (the Contact is the switch's), a campaign call is authenticated and bridged to
the agent, and a clean stop takes the registration back (REGISTER with expires 0).

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, sox.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)


def kamailio_lines(path, tag):
    try:
        with open(path, errors='replace') as f:
            return [line.split(tag, 1)[1].strip() for line in f if tag in line]
    except FileNotFoundError:
        return []


def main():
    if not need('kamailio', 'baresip', 'sox'):
        return 0

    kp, cust = free_port(), sip_port()
    sound = tone('tone', 1000, 300)
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': cust}, defines=['WITH_AUTH'],
                    password='trunk-secret')
    klog = os.path.join(T, 'kamailio.log')
    cust_dir = baresip_config('customer', cust, sound,
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '300'])
    peers_up()

    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % kp)
    server.admin('user', 'add', 'mira', '--role', 'manager', password='manager-password')
    server.admin('user', 'add', 'olga', '--role', 'agent', password='agent-password')
    for name, secret in (('wrong', 'not-the-password'), ('right', 'trunk-secret')):
        with open(os.path.join(T, name + '.pw'), 'w') as f:
            f.write(secret + '\n')

    def run(name, password_file, lead):
        server.start('server-' + name, ['--trunk-user', 'ringdesk', '--trunk-password-file',
                                        password_file, '--trunk-register', '60'])
        mira = server.login('mira', 'manager-password')
        olga = server.login('olga', 'agent-password')
        c, _ = make_campaign(server, mira, {
            'name': name, 'dial_method': 'progressive', 'caller_id': '+74951234567',
            'wrap_up_timeout': 120}, 'name,phone\n%s,+7 916 100-00-0%d\n' % lead, ['olga'], leadset=name)
        agent_phone(server, olga, c['id'], 'agent-' + name, sound)
        server.api('POST', '/agent/ready', olga)
        return c['id'], olga

    # ---- a wrong password: refused, and no call gets through -------------------------------
    cid, olga = run('wrong', os.path.join(T, 'wrong.pw'), ('Willa Wrong', 1))
    row = wait_until('the call failed', lambda: (lambda r: r[0] if r and r[0]['ended_at'] else None)(
        center_rows(data, 'SELECT * FROM calls WHERE campaign_id = ?', (cid,))), 30)
    check(row['result'] == 'failed' and row['sip_code'] == 407,
          'with a wrong password the carrier refuses the call: failed, 407 (%s %s)'
          % (row['result'], row['sip_code']))
    check(kamailio_lines(klog, 'RDTRUNK INVITE ') == [], 'no INVITE got past the challenge')
    wait_until('the REGISTER challenged', lambda: kamailio_lines(klog, 'RDTRUNK CHALLENGE REGISTER '), 10)
    time.sleep(0.5)
    check(kamailio_lines(klog, 'RDTRUNK REGISTERED ') == [], 'a wrong password registers nothing')
    check(file_has(os.path.join(T, 'server-wrong.log'), 'registration failed'),
          'the server says the registration failed')
    server.proc.terminate()
    server.proc.wait(20)

    # ---- the right password: registered, calls authenticated ------------------------------
    cid, olga = run('right', os.path.join(T, 'right.pw'), ('Rita Right', 2))
    reg = wait_until('registered', lambda: kamailio_lines(klog, 'RDTRUNK REGISTERED '), 10)
    check(reg[0].startswith('ringdesk <sip:ringdesk@127.0.0.1:'),
          'the account is registered with the switch as its contact (%s)' % reg[0])
    check(file_has(os.path.join(T, 'server-right.log'), 'registered'), 'the server says it is registered')
    st = wait_until('a bridged call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(
        server.api('GET', '/agent', olga)[1]), 30)
    check(st['call']['lead']['name'] == 'Rita Right', 'the authenticated call is bridged to the agent')
    check(kamailio_lines(klog, 'RDTRUNK AUTHENTICATED ') == ['ringdesk'] and
          kamailio_lines(klog, 'RDTRUNK INVITE ') == ['+79161000002'],
          'the carrier saw one INVITE, authenticated as the account (%s)'
          % kamailio_lines(klog, 'RDTRUNK AUTHENTICATED '))
    server.api('POST', '/agent/hangup', olga)
    time.sleep(0.5)
    stop_cleanly(server)
    regs = kamailio_lines(klog, 'RDTRUNK REGISTERED ')
    check(len(regs) >= 2 and 'expires=0' in regs[-1].replace(' ', ''),
          'a clean stop takes the registration back (%s)' % regs[-1:])

    return finish()


if __name__ == '__main__':
    run(main)
