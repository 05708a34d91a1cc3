#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a queue's agent does beyond taking a caller, every peer real: sipp callers dial the
queue's number straight into the server's switch, the agent is a baresip (2 kHz) on her
permanent leg, Kamailio is the trunk that a callback goes out through, to a baresip
customer (auto-answer, 1 kHz).

  - a queue's own dispositions: bad lists are 400 naming the entry; the call card of a queue
    call carries the queue's list; a code of the defaults (not the queue's) is 400, the
    queue's own is stored on the call row;
  - the expected wait: after an answered call of about 3 s, the next caller hears "You are
    number 1 in the queue." and then "The expected wait is less than a minute." (envelope
    correlation of the call's recording, right channel: what the caller heard, against the
    server's espeak-ng WAVs); in a queue with no answered call only the position is said;
  - per-queue login: GET /agent/queues says which queues she is logged in to and who waits;
    out of Support (PUT /agent/queues) a Support caller waits while she is ready, back in,
    they get her; out of every queue without a campaign is 409;
  - the callback of the caller who hung up waiting: POST /agent/callbacks/CB/call dials the
    number through the trunk with the queue's number as caller id, bridges it to her (the
    customer hears her 2 kHz), closes the callback (one attempt, done by her); the call row
    is the queue's, outbound, hers, disposed with the queue's code; another team's agent
    may not call it back (404).

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, sipp, sox, espeak-ng.
"""

import os
import shutil
import sys
import time

QUEUES = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(QUEUES, '..', 'dialer'))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CUSTOMER, AGENT = 1000, 2000
SUPPORT, QUIET, RINGING = '+15550100', '+15550101', '+15550102'
CODES = [{'code': 'billing', 'label': 'Billing question'}, {'code': 'fixed', 'label': 'Fixed on the call'},
         {'code': 'escalate', 'label': 'Escalated', 'dnc': False}]
POSITION = 'You are number 1 in the queue.'
EXPECTED = 'The expected wait is less than a minute.'


def main():
    for tool in ('kamailio', 'baresip', 'sipp', 'sox', 'espeak-ng'):
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

    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % kp)
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    server.admin('user', 'add', 'olga', '--role', 'agent', '--team', 'north', password='agent-password')
    server.admin('user', 'add', 'bob', '--role', 'agent', '--team', 'north', password='agent-password')
    server.admin('user', 'add', 'zed', '--role', 'agent', '--team', 'south', password='agent-password')
    server.start('server')
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    zed = server.login('zed', 'agent-password')
    bob = server.login('bob', 'agent-password')

    # ---- a queue's own dispositions: the API ----------------------------------------------
    for codes, what in (([{'code': 'voicemail', 'label': 'VM'}], 'voicemail'),
                        ([{'code': 'a b', 'label': 'X'}], 'code'),
                        ([{'code': 'x', 'label': ''}], 'label'),
                        ([{'code': 'x', 'label': 'X'}, {'code': 'x', 'label': 'Y'}], 'repeats'),
                        ([{'code': 'x', 'label': 'X', 'closes': True}], 'nothing else'),
                        ('billing', 'array')):
        status, err = server.api('POST', '/queues', mira, {'name': 'Bad', 'dispositions': codes})
        check(status == 400 and what in err.get('message', '') and 'dispositions' in err.get('message', ''),
              'a bad disposition list (%s) is 400 naming it (%s %s)' % (what, status, err.get('message')))
    status, support = server.api('POST', '/queues', mira, {
        'name': 'Support', 'numbers': [SUPPORT], 'members': [{'team': 'north'}], 'announce_period': 10,
        'wrap_up_timeout': 120, 'dispositions': CODES})
    status2, quiet = server.api('POST', '/queues', mira, {
        'name': 'Quiet', 'numbers': [QUIET], 'members': [{'agent': 'olga'}], 'announce_period': 10})
    if status != 201 or status2 != 201:
        bail('queues: %s %s %s %s' % (status, support, status2, quiet))
    check([d['code'] for d in support['dispositions']] == ['billing', 'fixed', 'escalate']
          and 'voicemail' not in [d['code'] for d in quiet['dispositions']]
          and 'resolved' in [d['code'] for d in quiet['dispositions']] and support['announce_wait'] is True,
          'a queue keeps its own codes; another has the defaults without the server\'s voicemail (%s)'
          % [d['code'] for d in quiet['dispositions']])

    # ---- the agent: her queues, her leg ---------------------------------------------------
    status, st = server.api('POST', '/agent/login', olga, {'queues': [support['id']]})
    if status != 200:
        bail('login: %s %s' % (status, st))
    agent_dir = baresip_config('agent', sip_port(), os.path.join(T, 'agent.wav'), '<sip:agent@127.0.0.1>;regint=0')
    spawn('baresip-agent', ['baresip', '-f', agent_dir, '-e', '/dial ' + st['leg_uri'], '-t', '300'])

    def state():
        return server.api('GET', '/agent', olga)[1]

    def my_queues():
        return {q['name']: q for q in server.api('GET', '/agent/queues', olga)[1]}

    def call_of(number, direction='inbound'):
        rows = center_rows(data, 'SELECT * FROM calls WHERE direction = ? AND number = ? ORDER BY created_at DESC',
                           (direction, number))
        return rows[0] if rows else None

    wait_until('the agent\'s leg', lambda: state().get('leg_up'), 15)
    qs = my_queues()
    check(qs['Support']['logged_in'] is True and qs['Quiet']['logged_in'] is False,
          'her queues: logged in to Support, not to Quiet (%s)' % {n: q['logged_in'] for n, q in qs.items()})
    status, err = server.api('PUT', '/agent/queues', zed, {'queues': [support['id']]})
    check(status in (403, 404), 'an agent of another team may not log in to Support (%s)' % status)
    status, st = server.api('PUT', '/agent/queues', olga, {'queues': [support['id'], quiet['id']]})
    check(status == 200 and sorted(st.get('queues', [])) == sorted([support['id'], quiet['id']])
          and my_queues()['Quiet']['logged_in'] is True,
          'she logs in to Quiet too without leaving her session (%s)' % status)
    status, err = server.api('PUT', '/agent/queues', olga, {'queues': []})
    check(status == 409 and 'log out' in err.get('message', ''),
          'out of every queue and in no campaign is 409 (%s %s)' % (status, err.get('message')))
    status, _ = server.api('PUT', '/agent/queues', olga, {'queue': []})
    check(status == 400, 'a body without “queues” is 400 (%s)' % status)

    sip_target = server.sip.split('@', 1)[1]
    callers = {}

    def sipp_call(name, frm, to, hold_ms):
        csv = os.path.join(T, name + '.csv')
        with open(csv, 'w') as f:
            f.write('SEQUENTIAL\n%s;%s;\n' % (frm, to))
        callers[name] = spawn('sipp-' + name, [
            'sipp', '-sf', os.path.join(QUEUES, 'sipp-caller.xml'), '-inf', csv, '-m', '1', '-d', str(hold_ms),
            '-i', '127.0.0.1', '-p', str(free_port()), '-mp', str(21000 + 10 * len(callers)),
            '-timeout', '60', '-timeout_error', '-trace_err', sip_target])

    def done(name, timeout=30):
        try:
            return callers[name].wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def on_call():
        return wait_until('the agent on a call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(state()), 15)

    # ---- a first caller, answered at once: the queue's first handle time ------------------
    server.api('POST', '/agent/ready', olga)
    sipp_call('first', '+15550001', SUPPORT, 3000)
    st = on_call()
    card = st.get('call') or {}
    check(card.get('queue_name') == 'Support' and [d['code'] for d in card.get('dispositions', [])] ==
          ['billing', 'fixed', 'escalate'],
          'the call card of a Support call carries Support\'s own codes (%s)' % card.get('dispositions'))
    check(done('first') == 0, 'the first caller talked 3 s and hung up')
    wait_until('the wrap-up', lambda: state()['state'] == 'wrap_up', 10)
    first = card['call_id']
    status, err = server.api('POST', '/agent/disposition', olga, {'call_id': first, 'code': 'resolved'})
    check(status == 400 and 'queue has no disposition' in err.get('message', ''),
          'a default code Support does not have is 400 (%s %s)' % (status, err.get('message')))
    status, _ = server.api('POST', '/agent/pause', olga, {'code': 'break'})
    status, _ = server.api('POST', '/agent/disposition', olga, {'call_id': first, 'code': 'billing',
                                                                'notes': 'a refund asked'})
    row = call_of('+15550001')
    check(status == 200 and row['disposition'] == 'billing' and row['notes'] == 'a refund asked',
          'disposed with Support\'s own code: on the call row (%s %s)' % (status, row['disposition']))
    wait_until('paused after the wrap-up', lambda: state()['state'] == 'paused', 10)

    # ---- the next caller waits: the position, then the expected wait ----------------------
    sipp_call('waits', '+79161000002', SUPPORT, 9000)
    sipp_call('quiet', '+15550003', QUIET, 6000)
    w = wait_until('the caller waiting', lambda: server.api('GET', '/queues/%s/waiting' % support['id'], mira)[1] or None, 10)
    qs = my_queues()
    check(qs['Support']['waiting'] == 1 and qs['Quiet']['waiting'] == 1,
          'her queues say who waits: Support %s, Quiet %s' % (qs['Support']['waiting'], qs['Quiet']['waiting']))
    check(done('waits') == 0 and done('quiet') == 0, 'the callers hung up waiting (9 s, 6 s)')
    waited = wait_until('the row', lambda: (lambda r: r if r and r['ended_at'] else None)(call_of('+79161000002')), 5)
    quiet_row = wait_until('the row', lambda: (lambda r: r if r and r['ended_at'] else None)(call_of('+15550003')), 5)
    for text in (POSITION, EXPECTED):
        check(os.path.exists(prompt_path(data, text)), 'the server spoke "%s" with espeak-ng' % text)
    rate, chans = read_wav_channels(os.path.join(data, 'call-recordings', waited['recording']))
    heard = chans[1]
    _, pos = read_wav(prompt_path(data, POSITION))
    _, exp = read_wav(prompt_path(data, EXPECTED))
    pos_env, exp_env, heard_env = envelope(pos, rate), envelope(exp, rate), envelope(heard[:rate * 8], rate)
    cp, ce = best_correlation(pos_env, heard_env), best_correlation(exp_env, heard_env)
    # where each one lies: the expected wait right after the position
    check(cp > 0.9 and ce > 0.9,
          'the caller heard "%s" (%.3f) and "%s" (%.3f)' % (POSITION, cp, EXPECTED, ce))
    after = heard_env[len(pos_env):len(pos_env) + len(exp_env) + 100]
    ca = best_correlation(exp_env, after)
    check(ca > 0.9, 'the expected wait follows the position (%.3f in the 1 s after it)' % ca)
    _, qchans = read_wav_channels(os.path.join(data, 'call-recordings', quiet_row['recording']))
    cq = best_correlation(exp_env, envelope(qchans[1][:rate * 6], rate))
    cqp = best_correlation(pos_env, envelope(qchans[1][:rate * 6], rate))
    check(cqp > 0.9 and cq < 0.7,
          'in Quiet, with no answered call yet, only the position is said (%.3f; the expected wait %.3f)' % (cqp, cq))

    # ---- per-queue login: out of Support, its caller waits; back in, they get her ---------
    status, st = server.api('PUT', '/agent/queues', olga, {'queues': [quiet['id']]})
    check(status == 200 and st.get('queues') == [quiet['id']] and my_queues()['Support']['logged_in'] is False,
          'she logs out of Support alone (%s)' % status)
    server.api('POST', '/agent/ready', olga)
    sipp_call('later', '+15550004', SUPPORT, 2000)
    wait_until('the caller waiting', lambda: server.api('GET', '/queues/%s/waiting' % support['id'], mira)[1] or None, 10)
    time.sleep(1.5)
    check(state()['state'] == 'ready', 'out of Support, ready, she does not get its caller (%s)' % state()['state'])
    server.api('PUT', '/agent/queues', olga, {'queues': [quiet['id'], support['id']]})
    st = on_call()
    check(st['call'].get('number') == '+15550004', 'back in Support, its waiting caller gets her at once')
    check(done('later') == 0, 'that caller talked and hung up')
    wait_until('the wrap-up', lambda: state()['state'] == 'wrap_up', 10)
    server.api('POST', '/agent/pause', olga, {'code': 'break'})
    server.api('POST', '/agent/disposition', olga, {'call_id': st['call']['call_id'], 'code': 'fixed'})
    wait_until('paused', lambda: state()['state'] == 'paused', 10)

    # ---- the callback of the caller who hung up waiting -----------------------------------
    status, cbs = server.api('GET', '/agent/callbacks', olga)
    cb = [c for c in cbs if c['number'] == '+79161000002'] if status == 200 else []
    check(len(cb) == 1 and cb[0]['queue_name'] == 'Support' and cb[0]['reason'] == 'abandoned'
          and cb[0]['attempts'] == 0, 'her callbacks: the Support caller who hung up (%s)' % cbs)
    cb = cb[0] if cb else {'id': 'none'}
    status, _ = server.api('POST', '/agent/callbacks/%s/call' % cb['id'], zed)
    check(status == 404, 'another team\'s agent may not call it back (%s)' % status)
    status, err = server.api('POST', '/agent/callbacks/nope/call', olga)
    check(status == 404, 'an unknown callback is 404 (%s %s)' % (status, err.get('message')))
    status, placed = server.api('POST', '/agent/callbacks/%s/call' % cb['id'], olga)
    check(status == 200 and placed.get('queue_id') == support['id'], 'she calls it back (%s %s)' % (status, placed))
    st = on_call()
    bridged = wait_until('the callback bridged', lambda: (lambda r: r if r and r['bridged_at'] else None)(
        call_of('+79161000002', 'outbound')), 15)
    status, err = server.api('POST', '/agent/callbacks/%s/call' % cb['id'], olga)
    check(status in (404, 409), 'a callback being called is not called twice (%s %s)' % (status, err.get('message')))
    time.sleep(2.5)
    rate, cheard = read_wav(dec_file(cust_dir))
    check(share(cheard[-rate * 2:], rate, AGENT) >= 0.8,
          'the caller called back hears her (2 kHz in %.0f %% of frames)' % (100 * share(cheard[-rate * 2:], rate, AGENT)))
    check(bridged['queue_id'] == support['id'] and bridged['agent'] == 'olga' and bridged['caller_id'] == SUPPORT
          and st['call'].get('queue_name') == 'Support' and st['call'].get('call_id') == placed['call_id'],
          'the call is Support\'s, outbound, hers, from Support\'s number (%s %s)' % (bridged['queue_id'], bridged['caller_id']))
    status, open_cbs = server.api('GET', '/agent/callbacks', olga)
    done_row = center_rows(data, 'SELECT * FROM queue_callbacks WHERE id = ?', (cb['id'],))[0]
    check(all(c['id'] != cb['id'] for c in open_cbs) and done_row['done_by'] == 'olga' and done_row['attempts'] == 1
          and done_row['last_call_id'] == placed['call_id'],
          'reached, the callback is closed: done by her, one attempt (%s %s)' % (done_row['done_by'], done_row['attempts']))
    server.api('POST', '/agent/hangup', olga)
    wait_until('the wrap-up', lambda: state()['state'] == 'wrap_up', 10)
    status, _ = server.api('POST', '/agent/disposition', olga, {'call_id': placed['call_id'], 'code': 'escalate'})
    row = call_of('+79161000002', 'outbound')
    states = center_rows(data, "SELECT state, queue_id FROM agent_states WHERE agent = 'olga' AND call_id = ? ORDER BY id",
                         (placed['call_id'],))
    check(status == 200 and row['disposition'] == 'escalate' and row['result'] == 'human'
          and ('wrap_up', support['id']) in [(s['state'], s['queue_id']) for s in states],
          'she disposes the callback call with Support\'s code; her state log has it with the queue (%s %s)'
          % (row['disposition'], [(s['state'], s['queue_id']) for s in states]))

    status, stats = server.api('GET', '/queues/%s/stats?from=0&to=%d' % (support['id'], int(time.time() * 1000) + 60000), mira)
    check(status == 200 and (stats['calls'], stats['answered'], stats['abandoned']) == (3, 2, 1),
          'Support\'s figures count its 3 callers, not the call back (%s)' % stats)

    # ---- answer mode "accept": the ring timeout, a missed offer, the next agent ----------
    status, err = server.api('POST', '/queues', mira, {'name': 'X', 'answer_mode': 'later'})
    check(status == 400 and 'answer_mode' in err.get('message', ''), 'a bad answer_mode is 400 (%s)' % status)
    status, ringing = server.api('POST', '/queues', mira, {
        'name': 'Ringing', 'numbers': [RINGING], 'members': [{'team': 'north'}], 'announce_period': 0,
        'answer_mode': 'accept', 'ring_timeout': 5})
    if status != 201:
        bail('queue Ringing: %s %s' % (status, ringing))
    status, st = server.api('POST', '/agent/login', bob, {'queues': [ringing['id']]})
    if status != 200:
        bail('bob login: %s %s' % (status, st))
    bob_dir = baresip_config('bob', sip_port(), os.path.join(T, 'agent.wav'), '<sip:bob@127.0.0.1>;regint=0')
    spawn('baresip-bob', ['baresip', '-f', bob_dir, '-e', '/dial ' + st['leg_uri'], '-t', '300'])
    wait_until('bob\'s leg', lambda: server.api('GET', '/agent', bob)[1].get('leg_up'), 15)
    server.api('PUT', '/agent/queues', olga, {'queues': [support['id'], quiet['id'], ringing['id']]})
    server.api('POST', '/agent/ready', olga)
    time.sleep(0.5)
    server.api('POST', '/agent/ready', bob)
    sipp_call('rings', '+15550008', RINGING, 20000)
    offer = wait_until('the offer to her', lambda: state().get('offer'), 10)
    check(offer['call']['queue_name'] == 'Ringing' and offer['call']['number'] == '+15550008'
          and 0 < offer['expires_in_ms'] <= 5000 and state()['state'] == 'ready',
          'the call rings for her, the longest ready: its card pops before the answer (%s)' % offer['call'].get('number'))
    check(len(server.api('GET', '/queues/%s/waiting' % ringing['id'], mira)[1]) == 1,
          'the caller still waits while it rings')
    bob_offer = wait_until('the offer to Bob', lambda: server.api('GET', '/agent', bob)[1].get('offer'), 10)
    missed = center_rows(data, 'SELECT * FROM queue_missed_offers')
    check(len(missed) == 1 and missed[0]['agent'] == 'olga' and missed[0]['call_id'] == offer['call_id']
          and 4500 <= missed[0]['missed_at'] - missed[0]['offered_at'] <= 7000 and not state().get('offer'),
          'she let it ring 5 s: a missed offer, and it rings for Bob (%s ms)'
          % (missed[0]['missed_at'] - missed[0]['offered_at'] if missed else None))
    status, err = server.api('POST', '/agent/answer', olga)
    check(status == 409, 'nothing rings for her now: her answer is 409 (%s %s)' % (status, err.get('message')))
    status, st = server.api('POST', '/agent/answer', bob)
    check(status == 200 and st['state'] == 'on_call' and st['call']['call_id'] == bob_offer['call_id'],
          'Bob answers: on the call (%s)' % st.get('state'))
    row = wait_until('the row bridged', lambda: (lambda r: r if r and r['bridged_at'] else None)(call_of('+15550008')), 5)
    check(row['agent'] == 'bob' and row['queue_id'] == ringing['id'], 'the row is Bob\'s, in Ringing')
    server.api('POST', '/agent/hangup', bob)
    status, stats = server.api('GET', '/queues/%s/stats?from=0&to=%d' % (ringing['id'], int(time.time() * 1000) + 60000), mira)
    check(status == 200 and stats['missed_offers'] == 1 and stats['answered'] == 1,
          'Ringing\'s figures: 1 answered, 1 missed offer (%s)' % stats)

    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
