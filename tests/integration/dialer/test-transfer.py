#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An agent hands her campaign customer to an outside number, every peer real.

A progressive campaign dials one lead through Kamailio to a baresip customer (1 kHz tone),
bridged to the agent's baresip (2 kHz). The outside number is a third baresip (600 Hz)
behind Kamailio too. The agent:

  1. transfers blind to a number the carrier refuses (503): the transfer fails, and the
     customer never left her;
  2. consults the outside number: she and the number hear each other, the customer hears
     the campaign's hold message (its envelope against the server's spoken WAV) and
     neither of them; she cancels, and she and the customer hear each other again;
  3. consults again and completes: the customer and the number hear each other, she hears
     neither, and she wraps up; the call row keeps the number and her as who handed it on.
     The number hangs up: the customer's leg ends, hung up by the transfer.

Bad requests are refused with 400/409 and nothing changes. Output is TAP. Needs:
RD_SERVER_BIN, kamailio, baresip, sox.
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CUSTOMER, AGENT, THIRD = 1000, 2000, 600
PHASE = 3.0
HOLD = 'Please hold the line. Your call is being transferred.'
OUTSIDE = '+7 916 600-00-01'    # Kamailio's route to the third baresip
REFUSED = '+7 916 400-00-01'    # Kamailio answers 503 itself


def main():
    if not need('kamailio', 'baresip', 'sox', 'espeak-ng'):
        return 0

    kp, cust, third = free_port(), sip_port(), sip_port()
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': cust, 'RD_LATE_PORT': third})
    cust_dir = baresip_config('customer', cust, tone('customer', CUSTOMER),
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    third_dir = baresip_config('third', third, tone('third', THIRD),
                               '<sip:late@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '300'])
    third_proc = spawn('baresip-third', ['baresip', '-f', third_dir, '-t', '300'])
    peers_up()

    server = start_server(kp, (('mira', 'manager', 'north', 'manager-password'),
                               ('olga', 'agent', 'north', 'agent-password')))
    data = server.data
    mira = server.login('mira', 'manager-password')
    campaign, _ = make_campaign(server, mira, {
        'name': 'Transfers', 'dial_method': 'progressive', 'caller_id': '+74951234567',
        'wrap_up_timeout': 120, 'hold_message': HOLD},
        'name,phone\nAnna Transferred,+7 916 100-00-01\n', ['olga'], leadset='transfer')
    cid = campaign['id']
    check(campaign.get('hold_message') == HOLD, 'the campaign keeps its hold message')

    olga = server.login('olga', 'agent-password')
    status, st = server.api('POST', '/agent/transfer', olga, {'number': OUTSIDE})
    check(status == 409, 'no transfer outside a campaign (%s %s)' % (status, st.get('message')))
    agent_dir = agent_phone(server, olga, cid, 'agent', tone('agent', AGENT))

    def agent():
        return server.api('GET', '/agent', olga)[1]

    def transfer_state(state):
        return lambda: (lambda s: s if (s.get('transfer') or {}).get('state') == state else None)(agent())

    status, st = server.api('POST', '/agent/transfer', olga, {'number': OUTSIDE})
    check(status == 409, 'no transfer without a customer on the line (%s %s)' % (status, st.get('message')))
    server.api('POST', '/agent/ready', olga)
    st = wait_until('the customer bridged', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 30)
    call_id = st['call']['call_id']
    wait_until('the phones\' recordings', lambda: dec_file(cust_dir) and dec_file(agent_dir), 10)
    files = {'customer': dec_file(cust_dir), 'agent': dec_file(agent_dir)}

    # ---- bad requests -------------------------------------------------------------------
    for body, code, what in (({}, 400, 'neither agent nor number'),
                             ({'agent': 'pia', 'number': OUTSIDE}, 400, 'both agent and number'),
                             ({'number': OUTSIDE, 'mode': 'warm'}, 400, 'an unknown mode'),
                             ({'number': '8 916 600-00-01'}, 400, 'a national number without a country'),
                             ({'number': '12345', 'country': 'RU'}, 400, 'an invalid number'),
                             ({'number': '+7 916 100-00-01'}, 409, 'the customer\'s own number'),
                             ({'number': 7}, 400, 'a number that is no string')):
        status, answer = server.api('POST', '/agent/transfer', olga, body)
        check(status == code, 'a transfer with %s is refused: %s (%s)' % (what, status, answer.get('message')))
    for path in ('/agent/transfer/complete', '/agent/transfer/cancel'):
        status, answer = server.api('POST', path, olga)
        check(status == 409, '%s without a transfer is refused: %s (%s)' % (path, status, answer.get('message')))

    def mark():
        return {k: length(v) for k, v in files.items()}

    def heard(who, since, freqs, until=None):
        rate, samples = read_wav(files[who])
        seg = samples[since[who] + rate // 2:(until[who] - rate // 4) if until else None]
        out = {f: share(seg, rate, f) for f in freqs}
        log('%-8s %.1f s: %s' % (who, len(seg) / rate, ' '.join('%d Hz %.2f' % kv for kv in out.items())))
        return out

    # ---- 1. blind to a number the carrier refuses ---------------------------------------
    m0 = mark()
    status, st = server.api('POST', '/agent/transfer', olga, {'number': REFUSED, 'mode': 'blind'})
    check(status == 200 and st.get('transfer', {}).get('number') == '+79164000001'
          and st['transfer'].get('mode') == 'blind',
          'a blind transfer starts, with the number in E.164 (%s %s)' % (status, st.get('transfer')))
    st = wait_until('the refused transfer', transfer_state('failed'), 10)
    check(st['transfer'].get('failure') == 'failed' and st['state'] == 'on_call',
          'the refused transfer failed; the agent still has her customer (%s)' % st.get('transfer'))
    time.sleep(PHASE)
    cust_h, agent_h = heard('customer', m0, (AGENT,)), heard('agent', m0, (CUSTOMER,))
    check(cust_h[AGENT] >= 0.8 and agent_h[CUSTOMER] >= 0.8,
          'the customer and the agent heard each other all along (%.2f, %.2f)' % (cust_h[AGENT], agent_h[CUSTOMER]))

    # ---- 2. consult, then cancel --------------------------------------------------------
    status, st = server.api('POST', '/agent/transfer', olga, {'number': '8 916 600-00-01',
                                                              'country': 'RU', 'mode': 'consult'})
    check(status == 200 and st.get('transfer', {}).get('state') == 'ringing',
          'a consulted transfer rings the number (%s %s)' % (status, st.get('transfer')))
    status, answer = server.api('POST', '/agent/transfer', olga, {'number': OUTSIDE})
    check(status == 409, 'no second transfer while one rings (%s %s)' % (status, answer.get('message')))
    wait_until('the consult answered', transfer_state('consulting'), 15)
    wait_until('the number\'s recording', lambda: dec_file(third_dir), 10)
    files['third'] = dec_file(third_dir)
    m1 = mark()
    time.sleep(PHASE + 1.0)
    m2 = mark()
    cust_h = heard('customer', m1, (AGENT, THIRD), m2)
    agent_h = heard('agent', m1, (CUSTOMER, THIRD), m2)
    third_h = heard('third', m1, (AGENT, CUSTOMER), m2)
    check(agent_h[THIRD] >= 0.8 and agent_h[CUSTOMER] <= 0.02,
          'consulting: the agent hears the number, not the customer (%.2f, %.2f)' % (agent_h[THIRD], agent_h[CUSTOMER]))
    check(third_h[AGENT] >= 0.8 and third_h[CUSTOMER] <= 0.02,
          'consulting: the number hears the agent, not the customer (%.2f, %.2f)' % (third_h[AGENT], third_h[CUSTOMER]))
    check(cust_h[AGENT] <= 0.02 and cust_h[THIRD] <= 0.02,
          'consulting: the customer hears neither (%.2f, %.2f)' % (cust_h[AGENT], cust_h[THIRD]))
    if check(os.path.isfile(prompt_path(data, HOLD)), 'the server spoke the hold message'):
        rate, prompt = read_wav(prompt_path(data, HOLD))
        _, samples = read_wav(files['customer'])
        corr = best_correlation(envelope(prompt, rate), envelope(samples[m1['customer'] - rate:m2['customer']], 8000))
        check(corr > 0.85, 'the customer heard the hold message: envelope correlation %.3f' % corr)
    status, st = server.api('POST', '/agent/transfer/cancel', olga)
    check(status == 200 and st['transfer'].get('failure') == 'cancelled' and st['state'] == 'on_call',
          'the agent cancels the consult and keeps her customer (%s %s)' % (status, st.get('transfer')))
    time.sleep(0.5)
    m3 = mark()
    time.sleep(PHASE)
    cust_h, agent_h = heard('customer', m3, (AGENT, THIRD)), heard('agent', m3, (CUSTOMER, THIRD))
    check(cust_h[AGENT] >= 0.8 and agent_h[CUSTOMER] >= 0.8 and agent_h[THIRD] <= 0.02,
          'after the cancel the customer and the agent hear each other again (%.2f, %.2f, %.2f)'
          % (cust_h[AGENT], agent_h[CUSTOMER], agent_h[THIRD]))

    # ---- 3. consult, then complete ------------------------------------------------------
    before = files['third']
    status, st = server.api('POST', '/agent/transfer', olga, {'number': OUTSIDE, 'mode': 'consult'})
    check(status == 200, 'the agent consults the number again (%s %s)' % (status, st.get('message')))
    wait_until('the second consult answered', transfer_state('consulting'), 15)
    wait_until('the number\'s second recording', lambda: dec_file(third_dir) != before, 10)
    files['third'] = dec_file(third_dir)
    status, st = server.api('POST', '/agent/transfer/complete', olga)
    check(status == 200 and st.get('state') == 'wrap_up' and st.get('call_id') == call_id,
          'the agent completes the transfer and wraps up the call (%s %s)' % (status, st.get('state')))
    time.sleep(0.5)
    m4 = mark()
    time.sleep(PHASE)
    cust_h = heard('customer', m4, (AGENT, THIRD))
    agent_h = heard('agent', m4, (CUSTOMER, THIRD))
    third_h = heard('third', m4, (AGENT, CUSTOMER))
    check(cust_h[THIRD] >= 0.8 and cust_h[AGENT] <= 0.02,
          'transferred: the customer hears the number, not the agent (%.2f, %.2f)' % (cust_h[THIRD], cust_h[AGENT]))
    check(third_h[CUSTOMER] >= 0.8 and third_h[AGENT] <= 0.02,
          'transferred: the number hears the customer, not the agent (%.2f, %.2f)' % (third_h[CUSTOMER], third_h[AGENT]))
    check(agent_h[CUSTOMER] <= 0.02 and agent_h[THIRD] <= 0.02,
          'transferred: the agent hears neither (%.2f, %.2f)' % (agent_h[CUSTOMER], agent_h[THIRD]))
    status, st = server.api('POST', '/agent/disposition', olga, {'call_id': call_id, 'code': 'sale',
                                                                 'notes': 'handed to billing'})
    check(status == 200 and st.get('state') == 'ready',
          'her disposition while the customer still talks to the number (%s %s)' % (status, st.get('state')))
    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (call_id,))[0]
    check(row['transferred_to'] == '+79166000001' and row['transferred_from'] == 'olga'
          and row['agent'] == 'olga' and row['transferred_at'] and row['ended_at'] is None,
          'the call row: handed by olga to the number, still up (%s %s %s)'
          % (row['transferred_to'], row['transferred_from'], row['ended_at']))

    # ---- the number hangs up: the customer's leg ends -----------------------------------
    third_proc.send_signal(signal.SIGTERM)
    rows = wait_until('the call row ended', lambda: [r for r in center_rows(
        data, 'SELECT * FROM calls WHERE id = ?', (call_id,)) if r['ended_at']], 15)
    check(rows[0]['hangup_by'] == 'transfer' and rows[0]['result'] == 'human'
          and rows[0]['disposition'] == 'sale',
          'the call ended when the number hung up, her disposition kept (%s %s %s)'
          % (rows[0]['hangup_by'], rows[0]['result'], rows[0]['disposition']))
    check(agent()['state'] == 'ready', 'the agent is ready for the next customer')

    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
