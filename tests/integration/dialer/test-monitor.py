#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A supervisor listens, whispers and barges in on an agent's campaign call, every peer real.

A progressive campaign dials one lead through Kamailio to a baresip customer (1 kHz tone),
bridged to an agent's baresip (2 kHz). A manager asks to monitor the agent; their own
baresip (3 kHz) dials the leg the server hands out. Then the manager goes from listen to
whisper to barge on the same leg, and stops. Who hears what is measured by content in the
audio each phone received (baresip's own recordings, Goertzel per 20 ms frame):

  listen   supervisor: customer + agent   agent: customer only   customer: agent only
  whisper  supervisor: customer + agent   agent: customer + sup  customer: agent only
  barge    supervisor: customer + agent   agent: customer + sup  customer: agent + sup
  stopped  agent: customer only           customer: agent only

and in the server's recording of the call (what the customer heard, right channel). Also the
roles: an agent may not monitor (403), a manager of another team does not see the agent
(404), a second supervisor on the same agent is refused (409), a bad mode is 400. Then the agent hands
her customer to a colleague (the customer then hears the colleague's 600 Hz, not her); last,
she dials a number herself from a pause (manual dial): refused for a do-not-call or
invalid number, answered and bridged, logged, and back to her pause after the wrap-up.

Output is TAP. Needs: RD_SERVER_BIN, kamailio, baresip, sox.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CUSTOMER, AGENT, SUPERVISOR, COLLEAGUE = 1000, 2000, 3000, 600
PHASE = 3.0


def main():
    if not need('kamailio', 'baresip', 'sox'):
        return 0

    kp, cust, agent_port, sup_port = free_port(), sip_port(), sip_port(), sip_port()
    tones = {name: tone(name, freq) for name, freq in (
        ('customer', CUSTOMER), ('agent', AGENT), ('supervisor', SUPERVISOR), ('colleague', COLLEAGUE))}
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': cust})
    cust_dir = baresip_config('customer', cust, tones['customer'],
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '300'])
    peers_up()

    server = start_server(kp, (('root', 'admin', None, 'admin-password'),
                               ('mira', 'manager', 'north', 'manager-password'),
                               ('nina', 'manager', 'north', 'manager-password'),
                               ('pavel', 'manager', 'south', 'manager-password'),
                               ('pia', 'agent', 'north', 'agent-password'),
                               ('olga', 'agent', 'north', 'agent-password')))
    data = server.data
    mira = server.login('mira', 'manager-password')
    campaign, _ = make_campaign(server, mira, {
        'name': 'Monitored', 'dial_method': 'progressive', 'caller_id': '+74951234567',
        'wrap_up_timeout': 120}, 'name,phone\nAnna Monitored,+7 916 100-00-01\n', ['olga', 'pia'],
        leadset='monitor')
    cid = campaign['id']

    olga = server.login('olga', 'agent-password')
    status, body = server.api('POST', '/supervisor/monitor', mira, {'agent': 'olga', 'mode': 'listen'})
    check(status == 409, 'an agent who is not in a campaign cannot be monitored (%s)' % status)

    agent_dir = agent_phone(server, olga, cid, 'agent', tones['agent'], agent_port)

    def agent():
        return server.api('GET', '/agent', olga)[1]

    server.api('POST', '/agent/ready', olga)
    st = wait_until('the customer bridged', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 30)
    call_id = st['call']['call_id']

    # ---- who may monitor ------------------------------------------------------------------
    status, _ = server.api('POST', '/supervisor/monitor', olga, {'agent': 'olga', 'mode': 'listen'})
    check(status == 403, 'an agent may not monitor (%s)' % status)
    pavel = server.login('pavel', 'manager-password')
    status, _ = server.api('POST', '/supervisor/monitor', pavel, {'agent': 'olga', 'mode': 'listen'})
    check(status == 404, 'a manager of another team does not see the agent (%s)' % status)
    status, body = server.api('POST', '/supervisor/monitor', mira, {'agent': 'olga', 'mode': 'eavesdrop'})
    check(status == 400 and 'listen, whisper or barge' in body.get('message', ''),
          'an unknown mode is 400 naming the modes (%s %s)' % (status, body.get('message')))
    status, body = server.api('POST', '/supervisor/monitor', mira, {'agent': 'olga'})
    check(status == 400, 'a request without a mode is 400 (%s)' % status)

    # ---- listen ---------------------------------------------------------------------------
    status, mon = server.api('POST', '/supervisor/monitor', mira, {'agent': 'olga', 'mode': 'listen'})
    check(status == 200 and mon.get('mode') == 'listen' and mon.get('leg_uri', '').startswith('sip:')
          and mon.get('leg_up') is False,
          'monitor: listen, with a leg URI for the supervisor\'s phone (%s %s)' % (status, mon))
    sup_dir = baresip_config('supervisor', sup_port, tones['supervisor'],
                             '<sip:supervisor@127.0.0.1>;regint=0')
    spawn('baresip-supervisor', ['baresip', '-f', sup_dir, '-e', '/dial ' + mon['leg_uri'],
                                 '-t', '300'])
    wait_until('the supervisor\'s leg', lambda: server.api('GET', '/supervisor/monitor', mira)[1].get('leg_up'), 15)
    nina = server.login('nina', 'manager-password')
    status, body = server.api('POST', '/supervisor/monitor', nina, {'agent': 'olga', 'mode': 'barge'})
    check(status == 409 and 'mira' in body.get('message', ''),
          'a second supervisor on the same agent is refused, naming the first (%s %s)'
          % (status, body.get('message')))

    wait_until('the supervisor\'s phone recording', lambda: dec_file(sup_dir), 10)
    files = {'customer': dec_file(cust_dir), 'agent': dec_file(agent_dir),
             'supervisor': dec_file(sup_dir)}
    if not all(files.values()):
        bail('a phone recorded nothing: %s' % files)
    marks = [{k: length(v) for k, v in files.items()}]

    def phase(mode):
        time.sleep(PHASE)
        marks.append({k: length(v) for k, v in files.items()})
        if mode is None:
            return server.api('DELETE', '/supervisor/monitor', mira)
        return server.api('POST', '/supervisor/monitor', mira, {'agent': 'olga', 'mode': mode})

    status, mon = phase('whisper')
    check(status == 200 and mon.get('mode') == 'whisper' and 'leg_uri' not in mon and mon.get('leg_up'),
          'whisper on the same leg: no new dial (%s %s)' % (status, mon))
    status, mon = phase('barge')
    check(status == 200 and mon.get('mode') == 'barge', 'barge (%s %s)' % (status, mon.get('mode')))
    status, mon = phase(None)
    check(status == 200 and mon.get('mode') == 'off', 'stop monitoring (%s %s)' % (status, mon))
    time.sleep(PHASE)
    marks.append({k: length(v) for k, v in files.items()})

    # ---- what each phone heard, phase by phase -------------------------------------------
    names = ['listen', 'whisper', 'barge', 'after']
    heard = {}
    for who, path in files.items():
        rate, samples = read_wav(path)
        for i, name in enumerate(names):
            lo, hi = marks[i][who], marks[i + 1][who]
            lo += rate // 2     # half a second either side of a change: the mixer's cushion
            hi -= rate // 4
            seg = samples[lo:hi]
            heard[(who, name)] = {f: share(seg, rate, f) for f in (CUSTOMER, AGENT, SUPERVISOR)}
            log('%-10s %-7s %.1f s: 1k %.2f 2k %.2f 3k %.2f' % (
                who, name, len(seg) / rate, heard[(who, name)][CUSTOMER],
                heard[(who, name)][AGENT], heard[(who, name)][SUPERVISOR]))

    def hears(who, name, freq):
        return heard[(who, name)][freq] >= 0.8

    def silent(who, name, freq):
        return heard[(who, name)][freq] <= 0.02

    for name in ('listen', 'whisper', 'barge'):
        check(hears('supervisor', name, CUSTOMER) and hears('supervisor', name, AGENT),
              '%s: the supervisor hears the customer and the agent' % name)
    check(hears('agent', 'listen', CUSTOMER) and silent('agent', 'listen', SUPERVISOR),
          'listen: the agent hears the customer, not the supervisor')
    check(hears('customer', 'listen', AGENT) and silent('customer', 'listen', SUPERVISOR),
          'listen: the customer hears the agent, not the supervisor')
    check(hears('agent', 'whisper', CUSTOMER) and hears('agent', 'whisper', SUPERVISOR),
          'whisper: the agent hears the customer and the supervisor')
    check(hears('customer', 'whisper', AGENT) and silent('customer', 'whisper', SUPERVISOR),
          'whisper: the customer hears the agent, not the supervisor')
    check(hears('agent', 'barge', CUSTOMER) and hears('agent', 'barge', SUPERVISOR),
          'barge: the agent hears the customer and the supervisor')
    check(hears('customer', 'barge', AGENT) and hears('customer', 'barge', SUPERVISOR),
          'barge: the customer hears the agent and the supervisor')
    check(hears('agent', 'after', CUSTOMER) and silent('agent', 'after', SUPERVISOR)
          and hears('customer', 'after', AGENT) and silent('customer', 'after', SUPERVISOR),
          'stopped: the agent and the customer hear each other, no supervisor')
    check(silent('agent', 'listen', AGENT) and silent('customer', 'barge', CUSTOMER),
          'nobody hears their own tone back')
    check(marks[-1]['supervisor'] - marks[-2]['supervisor'] < 8000 // 2,
          'the supervisor\'s phone call ended when monitoring stopped')

    # ---- a transfer: olga hands the customer to pia --------------------------------------
    pia = server.login('pia', 'agent-password')
    agent_phone(server, pia, cid, 'colleague', tones['colleague'])
    status, body = server.api('POST', '/agent/transfer', olga, {'agent': 'pia'})
    check(status == 409, 'no transfer to a colleague who is not ready (%s %s)' % (status, body.get('message')))
    server.api('POST', '/agent/ready', pia)
    before = length(files['customer'])
    status, st = server.api('POST', '/agent/transfer', olga, {'agent': 'pia'})
    check(status == 200 and st.get('state') == 'ready',
          'olga hands the customer to pia and is ready again, no wrap-up (%s %s)' % (status, st.get('state')))
    ps = server.api('GET', '/agent', pia)[1]
    check(ps.get('state') == 'on_call' and ps.get('call_id') == call_id
          and (ps.get('call') or {}).get('number') == '+79161000001',
          'pia is on the call with its card (%s %s)' % (ps.get('state'), ps.get('call_id')))
    time.sleep(PHASE)
    rate, samples = read_wav(files['customer'])
    seg = samples[before + rate // 2:]
    heard_pia, heard_olga = share(seg, rate, COLLEAGUE), share(seg, rate, AGENT)
    log('customer after the transfer %.1f s: pia %.2f olga %.2f' % (len(seg) / rate, heard_pia, heard_olga))
    check(heard_pia >= 0.8 and heard_olga <= 0.02,
          'the customer hears pia now, not olga (%.2f, %.2f)' % (heard_pia, heard_olga))
    server.api('POST', '/agent/hangup', pia)
    wait_until('pia\'s wrap-up', lambda: server.api('GET', '/agent', pia)[1]['state'] == 'wrap_up', 10)
    status, _ = server.api('POST', '/agent/disposition', olga, {'call_id': call_id, 'code': 'sale'})
    check(status == 404, 'the call is not olga\'s to close any more (%s)' % status)
    status, st = server.api('POST', '/agent/disposition', pia, {'call_id': call_id, 'code': 'sale'})
    check(status == 200, 'pia gives the disposition (%s)' % status)
    server.api('POST', '/agent/logout', pia)
    rows = wait_until('the call row ended', lambda: [r for r in center_rows(
        data, 'SELECT * FROM calls WHERE id = ?', (call_id,)) if r['ended_at']], 15)
    rec = os.path.join(data, 'call-recordings', rows[0]['recording'] or '')
    if check(os.path.isfile(rec), 'the call is recorded on the server'):
        rate, (left, right) = read_wav_channels(rec)
        sup_right = share(right, rate, SUPERVISOR) * len(right) / rate
        sup_left = share(left, rate, SUPERVISOR) * len(left) / rate
        log('recording %.1f s: supervisor heard by the customer %.1f s, in what they said %.1f s'
            % (len(right) / rate, sup_right, sup_left))
        check(PHASE - 1.0 <= sup_right <= PHASE + 1.0 and sup_left == 0,
              'the recording has the barge-in on the customer\'s side only (%.1f s)' % sup_right)
    audit = server.api('GET', '/audit?limit=500', server.login('root', 'admin-password'))[1]
    actions = [e.get('action') for e in (audit or {}).get('entries', [])]
    log('audit: %s' % actions)
    check(actions.count('monitor') >= 3 and 'monitor-stop' in actions,
          'the audit log has every monitoring and its end')

    # ---- manual dial: the agent calls a number herself, from a pause ----------------------
    check(rows[0]['agent'] == 'pia' and rows[0]['transferred_from'] == 'olga'
          and rows[0]['transferred_at'] and rows[0]['disposition'] == 'sale',
          'the call row: pia\'s, transferred from olga, her disposition (%s %s %s)'
          % (rows[0]['agent'], rows[0]['transferred_from'], rows[0]['disposition']))
    server.api('POST', '/agent/pause', olga, {'code': 'lunch'})
    server.api('POST', '/dnc', mira, {'number': '+7 916 100-00-09', 'country': 'RU', 'reason': 'asked'})
    for body, code, what in (({'number': '8 916 100-00-09', 'country': 'RU'}, 409, 'a do-not-call number'),
                             ({'number': '12345', 'country': 'RU'}, 400, 'an invalid number'),
                             ({'number': '8 916 100-00-08'}, 400, 'a national number without a country')):
        status, answer = server.api('POST', '/agent/dial', olga, body)
        check(status == code, 'manual dial refuses %s: %s (%s)' % (what, status, answer.get('message')))
    status, st = server.api('POST', '/agent/dial', olga, {'number': '8 916 100-00-08', 'country': 'RU'})
    check(status == 200 and st.get('state') == 'on_call' and st.get('reason') == 'dialling',
          'manual dial: on call, dialling (%s %s %s)' % (status, st.get('state'), st.get('reason')))
    st = wait_until('the manual call answered', lambda: (lambda s: s if s['state'] == 'on_call' and not s.get('reason') else None)(agent()), 20)
    manual_id = st['call_id']
    check(st['call']['number'] == '+79161000008', 'the card has the number dialled (%s)' % st['call']['number'])
    time.sleep(1)
    server.api('POST', '/agent/hangup', olga)
    wait_until('wrap-up', lambda: agent()['state'] == 'wrap_up', 10)
    status, st = server.api('POST', '/agent/disposition', olga, {'call_id': manual_id, 'code': 'not-interested'})
    check(status == 200 and st.get('state') == 'paused' and st.get('reason') == 'lunch',
          'after the wrap-up the agent is back in her pause (%s %s)' % (st.get('state'), st.get('reason')))
    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (manual_id,))[0]
    check(row['agent'] == 'olga' and row['result'] == 'human' and row['lead_id'] is None
          and row['disposition'] == 'not-interested' and row['recording'],
          'the manual call is logged with its agent, result, disposition and recording (%s)' % row)

    # ---- a clean stop: SIGTERM, exit 0 (under AddressSanitizer: no leak, no error) --------
    stop_cleanly(server)

    return finish()


if __name__ == '__main__':
    run(main)
