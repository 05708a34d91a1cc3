#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inbound queues end to end, every peer real: callers (baresip, sipp) dial a queue's number
straight into the server's switch, as a trunk would hand them on; two agents' baresips hold
their permanent legs.

  - the API: agents may not touch queues (403), bad settings are 400 naming the field, a
    number two queues want is 409, another team's manager does not see a queue (404), an
    agent who is not a member may not log in to it (403);
  - a caller who waits hears "You are number 1 in the queue" (its 10 ms envelope against
    the server's espeak-ng WAV) and is bridged the moment an agent is ready: tones both ways
    (caller 1 kHz, agent 2 kHz) by Goertzel; the agent's status has the call card with the
    queue's name and the wait; the state log has on_call and wrap_up with the queue;
  - longest idle: of two ready agents, the one ready longer gets the next caller;
  - responsible manager: a caller whose number is on a CRM contact owned by the agent ready
    for less time goes to that owner;
  - a caller who hangs up waiting is abandoned, with its wait, and a callback is owed;
  - the maximum wait: a caller overflows into the next queue and is bridged there; in a
    queue without overflow the caller hears goodbye, is hung up, and is owed a callback;
  - a number no queue has is refused 404 with a log line.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN, baresip, sipp, sox, espeak-ng.
"""

import os
import shutil
import sqlite3
import sys
import time

QUEUES = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(QUEUES, "..", "dialer"))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CLI = os.environ.get('RD_CLI_BIN', '')
CALLER, ANN, BOB = 1000, 2000, 600
SUPPORT, SHORT, GONE, MAILBOX, OVERFLOW, UNKNOWN = ('+15550100', '+15550101', '+15550102', '+15550103',
                                                   '+15550199', '+15559999')
VOICEMAIL_RU = ('Извините, сейчас все операторы заняты. Оставьте, пожалуйста, сообщение после этого '
                'объявления, и мы вам перезвоним.')
OWNED = '+74951112233'


def main():
    for tool in ('baresip', 'sipp', 'sox', 'espeak-ng'):
        if shutil.which(tool) is None:
            print('1..0 # SKIP %s is missing: run tools/install-deps' % tool)
            return 0
    if not os.access(SERVER, os.X_OK) or not os.access(CLI, os.X_OK):
        bail('RD_SERVER_BIN and RD_CLI_BIN must name the binaries')

    for name, freq in (('caller', CALLER), ('ann', ANN), ('bob', BOB)):
        subprocess.run(['sox', '-n', '-r', '8000', '-c', '1', '-b', '16', name + '.wav',
                        'synth', '600', 'sine', str(freq), 'vol', '0.3'], cwd=T, check=True)
    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = Server(data, '127.0.0.1:%d' % free_port())
    server.admin('user', 'add', 'root', '--role', 'admin', password='admin-password')
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    server.admin('user', 'add', 'pavel', '--role', 'manager', '--team', 'south', password='manager-password')
    for agent, team in (('ann', 'north'), ('bob', 'north'), ('zed', 'south')):
        server.admin('user', 'add', agent, '--role', 'agent', '--team', team, password='agent-password')
    server.start('server')
    root_url = server.base[:-len('/api/v1')]
    mira = server.login('mira', 'manager-password')
    pavel = server.login('pavel', 'manager-password')
    ann, bob, zed = (server.login(n, 'agent-password') for n in ('ann', 'bob', 'zed'))

    # ---- the API and its roles ------------------------------------------------------------
    status, _ = server.api('POST', '/queues', ann, {'name': 'Mine'})
    check(status == 403, 'an agent may not create a queue (%s)' % status)
    status, _ = server.api('GET', '/queues', ann)
    check(status == 403, 'an agent may not list queues (%s)' % status)
    for body, field in (({'name': 'X', 'strategy': 'random'}, 'strategy'),
                        ({'name': 'X', 'max_wait': 1}, 'max_wait'),
                        ({'name': 'X', 'numbers': ['call-me']}, 'numbers'),
                        ({'name': 'X', 'members': [{'agent': 'ann', 'team': 'north'}]}, 'member'),
                        ({'name': 'X', 'language': 'de'}, 'language'),
                        ({'name': 'X', 'overflow_queue_id': 'nope'}, 'overflow_queue_id'),
                        ({'name': 'X', 'colour': 'red'}, 'colour'),
                        ({'strategy': 'round-robin'}, 'name')):
        status, err = server.api('POST', '/queues', mira, body)
        check(status == 400 and field in err.get('message', ''),
              'a bad %s is 400 naming it (%s %s)' % (field, status, err.get('message')))

    def create(body):
        status, q = server.api('POST', '/queues', mira, body)
        if status != 201:
            bail('queue %s: %s %s' % (body['name'], status, q))
        return q

    overflow = create({'name': 'Overflow', 'numbers': [OVERFLOW], 'members': [{'agent': 'ann'}],
                       'announce_period': 0})
    support = create({'name': 'Support', 'numbers': [SUPPORT], 'members': [{'team': 'north', 'priority': 0}],
                      'strategy': 'longest-idle', 'announce_period': 15, 'owner_routing': True,
                      'owner_routing_seconds': 10, 'wrap_up_timeout': 120})
    short = create({'name': 'Short', 'numbers': [SHORT], 'members': [{'agent': 'bob'}], 'max_wait': 10,
                    'overflow_queue_id': overflow['id']})
    gone = create({'name': 'Gone', 'numbers': [GONE], 'members': [{'agent': 'bob'}], 'max_wait': 10,
                   'announce_period': 0})
    mailbox = create({'name': 'Mailbox', 'numbers': [MAILBOX], 'members': [{'agent': 'bob'}], 'max_wait': 10,
                      'announce_period': 0, 'language': 'ru', 'voicemail': True, 'voicemail_seconds': 10})
    check(support['numbers'] == [SUPPORT] and support['team'] == 'north' and support['service_level'] == 20
          and support['max_wait'] == 300 and support['language'] == 'en',
          'a queue keeps its settings, the manager\'s team and the defaults (%s)' % support)
    status, err = server.api('POST', '/queues', mira, {'name': 'Twin', 'numbers': [SUPPORT]})
    check(status == 409, 'a number another queue has is 409 (%s %s)' % (status, err.get('message')))
    status, _ = server.api('GET', '/queues/' + support['id'], pavel)
    check(status == 404, 'another team\'s manager does not see the queue (%s)' % status)
    status, _ = server.api('PATCH', '/queues/' + support['id'], pavel, {'max_wait': 60})
    check(status == 404, 'nor change it (%s)' % status)
    status, err = server.api('DELETE', '/queues/' + overflow['id'], mira)
    check(status == 409, 'a queue another overflows into is not deleted (%s)' % status)
    status, err = server.api('POST', '/agent/login', zed, {'queues': [support['id']]})
    check(status in (403, 404), 'an agent of another team may not log in to the queue (%s)' % status)

    # Bob's contact: the number OWNED is his (responsible-manager routing).
    r = subprocess.run([CLI, '--replica', os.path.join(T, 'bob-replica'), '--server', root_url, 'login', 'bob'],
                       input='agent-password\n', text=True, capture_output=True, timeout=60)
    r2 = subprocess.run([CLI, '--replica', os.path.join(T, 'bob-replica'), '--server', root_url, 'contact', 'add',
                         'Vera Owned', '--phone', '+7 495 111-22-33'], text=True, capture_output=True, timeout=60)
    r3 = subprocess.run([CLI, '--replica', os.path.join(T, 'bob-replica'), '--server', root_url, 'sync'],
                        text=True, capture_output=True, timeout=60)
    if r.returncode or r2.returncode or r3.returncode:
        bail('bob\'s contact: %s %s %s' % (r.stderr, r2.stderr, r3.stderr))

    # ---- the agents' permanent legs -------------------------------------------------------
    dirs = {}
    for name, token, queues in (('ann', ann, [support['id'], overflow['id']]),
                                ('bob', bob, [support['id'], short['id'], gone['id']])):
        status, st = server.api('POST', '/agent/login', token, {'queues': queues})
        if status != 200:
            bail('%s login: %s %s' % (name, status, st))
        dirs[name] = baresip_config(name, sip_port(), os.path.join(T, name + '.wav'),
                                    '<sip:%s@127.0.0.1>;regint=0' % name)
        spawn('baresip-' + name, ['baresip', '-f', dirs[name], '-e', '/dial ' + st['leg_uri'], '-t', '300'])
    for name, token in (('ann', ann), ('bob', bob)):
        wait_until('%s\'s leg' % name, lambda: server.api('GET', '/agent', token)[1].get('leg_up'), 15)

    def state(token):
        return server.api('GET', '/agent', token)[1]

    def waiting(queue):
        return server.api('GET', '/queues/%s/waiting' % queue['id'], mira)[1]

    sip_host, sip_port_ = server.sip.split('@', 1)[1].split(':')
    callers = {}

    def sipp_call(name, frm, to, hold_ms, scenario='sipp-caller.xml', pcap=''):
        csv = os.path.join(T, name + '.csv')
        with open(csv, 'w') as f:
            f.write('SEQUENTIAL\n%s;%s;\n' % (frm, to))
        callers[name] = spawn('sipp-' + name, [
            'sipp', '-sf', os.path.join(QUEUES, scenario), '-inf', csv, '-m', '1', '-d', str(hold_ms),
            '-i', '127.0.0.1', '-p', str(free_port()), '-mp', str(20000 + 10 * len(callers)),
            '-timeout', '90', '-timeout_error', '-trace_err'] + (['-key', 'pcap', pcap] if pcap else []) + [
            '%s:%s' % (sip_host, sip_port_)])

    def done(name, timeout=40):
        p = callers[name]
        try:
            return p.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def call_of(number, to=None):
        rows = center_rows(data, 'SELECT * FROM calls WHERE direction = \'inbound\' AND number = ?'
                           + (' AND caller_id = ?' if to else '') + ' ORDER BY created_at DESC',
                           (number, to) if to else (number,))
        return rows[0] if rows else None

    def ended(number):
        return wait_until('the call row of %s ended' % number,
                          lambda: (lambda r: r if r and r['ended_at'] else None)(call_of(number)), 5)

    # ---- an unknown number ----------------------------------------------------------------
    sipp_call('unknown', '+15550009', UNKNOWN, 0, 'sipp-refused.xml')

    # ---- a caller waits, hears their position, and is bridged -----------------------------
    caller_dir = baresip_config('caller', sip_port(), os.path.join(T, 'caller.wav'),
                                '<sip:+15550001@127.0.0.1>;regint=0')
    spawn('baresip-caller', ['baresip', '-f', caller_dir, '-e',
                             '/dial sip:%s@%s:%s' % (SUPPORT, sip_host, sip_port_), '-t', '300'])
    w = wait_until('the caller waiting', lambda: waiting(support) or None, 15)
    check(len(w) == 1 and w[0]['position'] == 1 and w[0]['number'] == '+15550001',
          'the caller waits in Support, number 1 (%s)' % w)
    time.sleep(4.5)
    server.api('POST', '/agent/ready', ann)
    st = wait_until('Ann on the call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(state(ann)), 10)
    card = st.get('call') or {}
    check(card.get('queue_name') == 'Support' and card.get('wait_ms', 0) >= 4000 and card.get('number') == '+15550001'
          and st.get('queue_id') == support['id'],
          'Ann\'s status pops the call card with the queue and the wait (%s, %s ms)'
          % (card.get('queue_name'), card.get('wait_ms')))
    first_call = card.get('call_id')
    time.sleep(3.0)
    server.api('POST', '/agent/pause', ann, {'code': 'break'})
    status, _ = server.api('POST', '/agent/hangup', ann)
    check(status == 200, 'Ann hangs up (%s)' % status)
    wait_until('Ann in wrap-up', lambda: state(ann)['state'] == 'wrap_up', 10)

    rate, heard = read_wav(dec_file(caller_dir))
    prompt = prompt_path(data, 'You are number 1 in the queue.')
    check(os.path.exists(prompt), 'the position prompt was spoken into %s' % os.path.basename(prompt))
    prate, psamples = read_wav(prompt)
    corr = best_correlation(envelope(psamples, prate), envelope(heard[:rate * 4], rate))
    check(corr > 0.9, 'the caller heard "You are number 1 in the queue" (envelope correlation %.3f)' % corr)
    _, ann_heard = read_wav(dec_file(dirs['ann']))
    talk = heard[-int(rate * 2.5):]
    check(share(talk, rate, ANN) >= 0.8 and share(ann_heard[-int(rate * 2.5):], rate, CALLER) >= 0.8,
          'bridged: the caller hears Ann (2 kHz %.2f), Ann the caller (1 kHz %.2f)'
          % (share(talk, rate, ANN), share(ann_heard[-int(rate * 2.5):], rate, CALLER)))
    row = wait_until('the first call row ended', lambda: (lambda r: r if r and r['ended_at'] else None)(
        call_of('+15550001')), 10)
    check(row['queue_id'] == support['id'] and row['agent'] == 'ann' and row['result'] == 'human'
          and row['answered_at'] and row['bridged_at'] - row['answered_at'] >= 4000 and row['caller_id'] == SUPPORT,
          'the call row: inbound, Support, answered, bridged to Ann %d ms later, human'
          % (row['bridged_at'] - row['answered_at']))
    status, _ = server.api('POST', '/agent/disposition', ann, {'call_id': first_call, 'code': 'resolved'})
    check(status == 200, 'Ann disposes the queue call with a queue disposition (%s)' % status)
    log_rows = center_rows(data, 'SELECT state, queue_id FROM agent_states WHERE agent = \'ann\' AND call_id = ?'
                           ' ORDER BY id', (first_call,))
    check([r['state'] for r in log_rows] == ['on_call', 'wrap_up'] and
          all(r['queue_id'] == support['id'] for r in log_rows),
          'the state log has on_call and wrap_up with the queue (%s)' % log_rows)
    wait_until('Ann paused', lambda: state(ann)['state'] == 'paused', 5)

    # ---- longest idle: Bob ready first gets the next caller, then Ann ---------------------
    server.api('POST', '/agent/ready', bob)
    time.sleep(0.5)
    server.api('POST', '/agent/ready', ann)
    time.sleep(0.3)
    sipp_call('second', '+15550002', SUPPORT, 3000)
    time.sleep(0.8)
    sipp_call('third', '+15550003', SUPPORT, 3000)
    check(done('second') == 0 and done('third') == 0, 'both sipp callers finished their calls')
    second, third = call_of('+15550002'), call_of('+15550003')
    check(second['agent'] == 'bob' and third['agent'] == 'ann',
          'longest idle: Bob (ready longer) took the first, Ann the next (%s, %s)' % (second['agent'], third['agent']))
    check(second['bridged_at'] - second['answered_at'] < 500,
          'a ready agent takes a caller at once (%d ms)' % (second['bridged_at'] - second['answered_at']))
    server.api('POST', '/agent/disposition', ann, {'call_id': third['id'], 'code': 'resolved'})
    time.sleep(0.5)
    server.api('POST', '/agent/disposition', bob, {'call_id': second['id'], 'code': 'resolved'})
    time.sleep(0.3)

    # ---- responsible manager: Bob's contact goes to Bob, though Ann waited longer ----------
    check(state(ann)['state'] == 'ready' and state(bob)['state'] == 'ready', 'both agents ready again')
    sipp_call('owned', OWNED, SUPPORT, 2000)
    check(done('owned') == 0, 'the owned caller finished the call')
    owned = call_of(OWNED)
    check(owned['agent'] == 'bob', 'the caller of Bob\'s contact went to Bob, not Ann (%s)' % owned['agent'])
    server.api('POST', '/agent/disposition', bob, {'call_id': owned['id'], 'code': 'resolved'})

    # ---- abandoned: nobody ready, the caller gives up -------------------------------------
    server.api('POST', '/agent/pause', ann, {'code': 'break'})
    server.api('POST', '/agent/pause', bob, {'code': 'break'})
    sipp_call('gives-up', '+15550004', SUPPORT, 3000)
    check(done('gives-up') == 0, 'the caller who gives up hung up')
    lost = wait_until('the abandoned row', lambda: (lambda r: r if r and r['ended_at'] else None)(
        call_of('+15550004')), 5)
    wait = lost['ended_at'] - lost['answered_at']
    check(lost['result'] == 'abandoned' and lost['hangup_by'] == 'customer' and lost['bridged_at'] is None
          and 2500 <= wait <= 4500, 'abandoned, hung up by the caller after %d ms, never bridged' % wait)
    status, cbs = server.api('GET', '/queues/%s/callbacks' % support['id'], mira)
    cb = [c for c in cbs if c['call_id'] == lost['id']] if status == 200 else []
    check(len(cb) == 1 and cb[0]['reason'] == 'abandoned' and cb[0]['team'] == 'north'
          and 2500 <= cb[0]['waited_ms'] <= 4500 and cb[0]['number'] == '+15550004',
          'a callback is owed by the queue\'s team, with the wait (%s)' % cb)
    status, _ = server.api('GET', '/queues/%s/callbacks' % support['id'], ann)
    check(status == 403, 'an agent may not read the queue\'s callbacks (%s)' % status)
    status, mine = server.api('GET', '/agent/callbacks', ann)
    status_z, theirs = server.api('GET', '/agent/callbacks', zed)
    check(status == 200 and [c['call_id'] for c in mine] == [lost['id']] and mine[0]['queue_name'] == 'Support'
          and status_z == 200 and theirs == [],
          'the team\'s agent sees the callback, another team\'s does not (%s, %s)' % (len(mine), theirs))
    status, _ = server.api('POST', '/queues/%s/callbacks/%s/done' % (support['id'], cb[0]['id'] if cb else 'x'), zed)
    check(status in (403, 404), 'another team\'s agent may not close it (%s)' % status)
    if cb:
        status, _ = server.api('POST', '/queues/%s/callbacks/%s/done' % (support['id'], cb[0]['id']), ann)
        status2, open_cbs = server.api('GET', '/queues/%s/callbacks' % support['id'], mira)
        check(status == 200 and all(c['id'] != cb[0]['id'] for c in open_cbs), 'Ann made the call back and closed it')
    status, qs = server.api('GET', '/agent/queues', ann)
    check(status == 200 and sorted(q['name'] for q in qs) == ['Overflow', 'Support'],
          'Ann\'s queues: Overflow and Support (%s)' % [q['name'] for q in qs])

    # ---- the maximum wait: overflow, and goodbye ------------------------------------------
    subprocess.run(['sox', '-n', '-r', '8000', '-c', '1', '-b', '16', 'talk.wav', 'synth', '30', 'sine',
                    str(CALLER), 'vol', '0.3'], cwd=T, check=True)
    rtp_pcap(os.path.join(T, 'talk.wav'), os.path.join(T, 'talk.pcap'))
    sipp_call('voicemail', '+15550007', MAILBOX, 24000, 'sipp-caller-talks.xml', os.path.join(T, 'talk.pcap'))
    sipp_call('overflows', '+15550005', SHORT, 0, 'sipp-caller-sent-away.xml')
    sipp_call('sent-away', '+15550006', GONE, 0, 'sipp-caller-sent-away.xml')
    wait_until('the overflow', lambda: (lambda r: r if r and r['queue_id'] == overflow['id'] else None)(
        call_of('+15550005')), 16)
    server.api('POST', '/agent/ready', ann)
    st = wait_until('Ann takes the overflowed caller',
                    lambda: (lambda s: s if s['state'] == 'on_call' else None)(state(ann)), 5)
    over = wait_until('the overflowed caller bridged', lambda: (lambda r: r if r['bridged_at'] else None)(
        call_of('+15550005')), 5)
    check(over['overflow_from'] == short['id'] and over['agent'] == 'ann' and st['call']['queue_name'] == 'Overflow'
          and over['bridged_at'] - over['answered_at'] >= 10000,
          'after the 10 s maximum wait the caller overflowed from Short into Overflow and reached Ann (%d ms)'
          % (over['bridged_at'] - over['answered_at']))
    check(done('sent-away') == 0, 'the caller in a queue without overflow was hung up by the server')
    away = ended('+15550006')
    status, cbs = server.api('GET', '/queues/%s/callbacks' % gone['id'], mira)
    check(away['result'] == 'abandoned' and away['hangup_by'] == 'system' and away['bridged_at'] is None
          and status == 200 and [c['reason'] for c in cbs] == ['max-wait'],
          'sent away after the maximum wait: abandoned, by the system, a callback owed (%s %s)'
          % (away['result'], [c['reason'] for c in cbs]))
    goodbye = prompt_path(data, 'Sorry, no agent is free now. We will call you back. Goodbye.')
    check(os.path.exists(goodbye), 'the goodbye was spoken')
    server.api('POST', '/agent/hangup', ann)
    check(done('overflows') == 0, 'the overflowed caller\'s call ended')

    # ---- voicemail: the message is in the call's recording, after the Russian prompt ------
    check(done('voicemail', 40) == 0, 'the caller who left a message hung up')
    mail = wait_until('the voicemail row', lambda: (lambda r: r if r and r['ended_at'] else None)(
        call_of('+15550007')), 5)
    status, cbs = server.api('GET', '/queues/%s/callbacks' % mailbox['id'], mira)
    cb = cbs[0] if status == 200 and len(cbs) == 1 else {}
    check(mail['result'] == 'abandoned' and mail['hangup_by'] == 'customer' and cb.get('reason') == 'voicemail'
          and cb.get('has_recording') == 1 and (cb.get('message_at_ms') or 0) > 10000,
          'voicemail after the maximum wait: a callback with the message at %s ms of the recording'
          % cb.get('message_at_ms'))
    status, ctype, wav = server.raw('/queues/%s/calls/%s/recording' % (mailbox['id'], mail['id']), mira)
    status_other, _, _ = server.raw('/queues/%s/calls/%s/recording' % (support['id'], mail['id']), mira)
    check(status == 200 and ctype == 'audio/wav' and status_other == 404,
          'the recording is served for its queue (%s %s), not another\'s (%s)' % (status, ctype, status_other))
    if status == 200 and cb:
        with open(os.path.join(T, 'voicemail.wav'), 'wb') as f:
            f.write(wav)
        rrate, (said, heard_mail) = read_wav_channels(os.path.join(T, 'voicemail.wav'))
        at = cb['message_at_ms'] * rrate // 1000
        msg_share = share(said[at + rrate // 2:], rrate, CALLER)
        vrate, vsamples = read_wav(prompt_path(data, VOICEMAIL_RU, 'ru'))
        vcorr = best_correlation(envelope(vsamples, vrate), envelope(heard_mail[:at + rrate], rrate))
        check(msg_share >= 0.8 and len(said) - at >= 4 * rrate,
              'the message is in the recording: the caller\'s 1 kHz in %.0f %% of %.1f s' % (
                  100 * msg_share, (len(said) - at) / rrate))
        check(vcorr > 0.9, 'the caller heard the Russian voicemail prompt first (envelope correlation %.3f)' % vcorr)
    crm = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'merged.db'), uri=True, timeout=10)
    filed = crm.execute('SELECT disposition, direction, from_number, recording FROM calls WHERE center_call_id = ?',
                        (mail['id'],)).fetchall()
    crm.close()
    check(len(filed) == 1 and filed[0][0] == 'Voicemail' and filed[0][1] == 'inbound'
          and filed[0][2] == '+15550007' and (filed[0][3] or '').startswith('server:recordings/'),
          'the voicemail is filed in the CRM with its recording (%s)' % filed)

    # ---- the unknown number ---------------------------------------------------------------
    check(done('unknown') == 0, 'a call to a number no queue has is answered 404')
    check(file_has(os.path.join(T, 'server.log'), 'to sip:%s@' % UNKNOWN)
          and file_has(os.path.join(T, 'server.log'), 'refused (404)'),
          'the server logs the refused number')
    status, stats = server.api('GET', '/queues/%s/stats' % support['id'], mira)
    check(status == 200 and stats['calls'] == 5 and stats['answered'] == 4 and stats['abandoned'] == 1,
          'Support\'s figures: 5 calls, 4 answered, 1 abandoned (%s)' % stats)

    # ---- a queue deleted while a caller waits in it: goodbye, not silence -----------------
    temp = create({'name': 'Temp', 'numbers': ['+15550104'], 'members': [{'agent': 'bob'}], 'announce_period': 0})
    sipp_call('orphan', '+15550009', '+15550104', 0, 'sipp-caller-sent-away.xml')
    wait_until('the caller waiting in Temp', lambda: waiting(temp) or None, 10)
    status, _ = server.api('DELETE', '/queues/' + temp['id'], mira)
    check(status == 200 and done('orphan', 20) == 0 and ended('+15550009')['result'] == 'abandoned',
          'a queue deleted while a caller waits: the caller hears goodbye and is hung up (%s)' % status)

    # ---- a caller waiting when the server is killed is owed a callback at the restart -----
    server.api('POST', '/agent/pause', ann, {'code': 'break'})
    server.api('POST', '/agent/pause', bob, {'code': 'break'})
    sipp_call('waits-crash', '+15550008', SUPPORT, 0, 'sipp-caller-sent-away.xml')
    wait_until('the caller waiting', lambda: waiting(support) or None, 10)
    server.proc.kill()
    server.proc.wait(10)
    server.start('server-restarted')
    mira = server.login('mira', 'manager-password')
    crashed = call_of('+15550008')
    status, cbs = server.api('GET', '/queues/%s/callbacks' % support['id'], mira)
    cb = [c for c in cbs if c['call_id'] == crashed['id']] if status == 200 else []
    check(crashed['result'] == 'abandoned' and crashed['hangup_cause'] == 'server-crashed' and len(cb) == 1
          and cb[0]['reason'] == 'server-crashed' and cb[0]['waited_ms'] >= 0,
          'killed while a caller waited: at the restart the row is abandoned and a callback owed (%s)' % cb)

    stop_cleanly(server)
    return finish()


if __name__ == '__main__':
    run(main)
