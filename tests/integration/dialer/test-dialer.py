#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The dialer end to end, every peer real, on loopback.

A manager uploads a leadset and starts a progressive campaign over HTTP; an agent signs in,
joins, and their baresip dials the leg the server hands out; the server dials each lead
through Kamailio (the trunk), which routes by number to the customers:

  +7 916 1...  baresip, answers at once and sends a 1 kHz tone (a person)
  +7 916 2...  sipp, 486 Busy Here
  +7 916 3...  sipp, rings and never answers (the ring timeout cancels)
  +7 916 4...  Kamailio itself, 503 (the carrier fails)
  +7 916 6...  sipp, answers after 3 s of ringing, while the agent is on a break (safe harbor)
  +7 916 7...  sipp, answers and presses 1 (RFC 2833) during a broadcast message
  +7 916 8...  the baresip customer again, who listens to the broadcast to its end

Checked: who was dialled (Kamailio's log: each dialable lead once, never the DNC or the
invalid one), the agent's states and their log, the call card and script, audio by content
both ways (agent's 2 kHz at the customer, customer's 1 kHz at the agent, Goertzel), the
safe-harbor prompt heard by the customer (its envelope matched against the espeak-ng WAV the
server made), the call rows and each lead's next attempt, and a server killed with SIGKILL
while a call rings: the restarted server closes the call, gives the lead back with its
attempt counted, and dials nobody twice. Then a broadcast campaign with press-1: the one who
presses is bridged to the agent, whose wrap-up then times out into a pause; the one who
listens hears the broadcast message (its envelope again). Last, preview: a card skipped with
a reason (never dialled, no attempt counted), a card dialled by the agent and answered.

Output is TAP. Needs: RD_SERVER_BIN, kamailio, sipp, baresip, tcpdump, espeak-ng, sox.
"""

import glob
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

SAFE_HARBOR = 'Ringdesk calling. Sorry, all our agents are busy. We will call you back.'
BROADCAST = 'Hello from Ringdesk. Your order has shipped today. Press one to talk to us.'


def main():
    if not need('kamailio', 'sipp', 'baresip', 'tcpdump', 'sox'):
        return 0

    kp, cust, busy, noans, late, late_media = (free_port(), sip_port(), free_port(),
                                                free_port(), free_port(), free_port())
    dtmf, dtmf_media = free_port(), free_port()
    agent_port, agent2_port = sip_port(), sip_port()
    log('ports: trunk=%d customer=%d busy=%d noanswer=%d late=%d agent=%d tmp=%s'
        % (kp, cust, busy, noans, late, agent_port, T))

    agent_tone, customer_tone = tone('agent', 2000), tone('customer', 1000)

    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': cust, 'RD_BUSY_PORT': busy,
                     'RD_NOANSWER_PORT': noans, 'RD_LATE_PORT': late, 'RD_DTMF_PORT': dtmf})
    kamailio_log = os.path.join(T, 'kamailio.log')

    sipp = ['sipp', '-i', '127.0.0.1', '-mi', '127.0.0.1', '-t', 'u1', '-nostdin',
            '-trace_err']
    busy_p = spawn('sipp-busy', sipp + ['-sf', os.path.join(SWITCH, 'sipp', 'uas-busy.xml'),
                                        '-p', str(busy), '-m', '1'])
    spawn('sipp-noanswer', sipp + ['-sf', os.path.join(SWITCH, 'sipp', 'uas-noanswer.xml'),
                                   '-p', str(noans), '-m', '2'])
    late_p = spawn('sipp-late', sipp + ['-sf', os.path.join(HERE, 'sipp-late-answer.xml'),
                                        '-p', str(late), '-mp', str(late_media), '-m', '1'])
    dtmf_p = spawn('sipp-dtmf', sipp + ['-sf', os.path.join(SWITCH, 'sipp', 'uas-dtmf.xml'),
                                        '-p', str(dtmf), '-mp', str(dtmf_media), '-m', '1'])
    spawn('tcpdump', ['tcpdump', '-i', 'lo', '-n', '-s', '400', '-w', 'late.pcap',
                      'udp and dst port %d' % late_media])
    cust_dir = baresip_config('customer', cust, customer_tone,
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '600'])
    peers_up()

    server = start_server(kp, (('mira', 'manager', None, 'manager-password'),
                               ('olga', 'agent', None, 'agent-password'),
                               ('ivan', 'agent', None, 'agent-password')))
    data = server.data
    mira = server.login('mira', 'manager-password')

    # ---- the manager: a leadset, a campaign, a DNC number --------------------------------
    csv = ('name,phone,company\n'
           'Anna Bridged,+7 916 100-00-01,Acme\n'
           'Boris Busy,8 916 200-00-02,Busy Ltd\n'
           'Vera NoAnswer,+79163000003,\n'
           'Gleb Failed,+7 (916) 400 00 04,\n'
           'Dina Donotcall,+7 916 100-00-05,\n'
           'Egor Invalid,12345,\n'
           'Lena Late,+7 916 600-00-06,\n')
    status, report = server.api('POST', '/leadsets?name=e2e&country=RU', mira, csv.encode(),
                                'text/csv')
    check(status == 201 and report.get('imported') == 7 and report.get('invalid_numbers') == 1,
          'leadset upload: 7 leads, 1 invalid number (%s %s)' % (status, report))
    leadset = report.get('id')
    status, campaign = server.api('POST', '/campaigns', mira, {
        'name': 'E2E progressive', 'dial_method': 'progressive', 'caller_id': '+74951234567',
        'calling_hours_start': '00:00', 'calling_hours_end': '23:59', 'ring_timeout': 15,
        'safe_harbor_ms': 2000, 'wrap_up_timeout': 120,
        'safe_harbor_message': SAFE_HARBOR,
        'script': 'Hello {name}, this is Olga from Ringdesk. I see you work at {company}.'})
    if status != 201:
        bail('campaign: %s %s' % (status, campaign))
    cid = campaign['id']
    for method, path, body in (('PUT', '/campaigns/%s/leadsets/%s' % (cid, leadset), None),
                               ('PUT', '/campaigns/%s/agents' % cid, {'agents': ['olga']}),
                               ('POST', '/dnc', {'number': '+7 916 100-00-05', 'country': 'RU',
                                                 'campaign_id': cid, 'reason': 'asked'}),
                               ('POST', '/campaigns/%s/start' % cid, None)):
        status, body = server.api(method, path, mira, body)
        if status not in (200, 201):
            bail('%s %s: %s %s' % (method, path, status, body))

    # ---- the agent joins: their softphone dials the leg ----------------------------------
    olga = server.login('olga', 'agent-password')
    status, st = server.api('POST', '/agent/login', olga, {'campaign_id': cid})
    check(status == 200 and st.get('state') == 'login' and st.get('leg_uri', '').startswith('sip:'),
          'agent login answers the leg URI (%s)' % st.get('leg_uri'))
    agent_dir = baresip_config('agent', agent_port, agent_tone,
                               '<sip:agent@127.0.0.1>;regint=0')
    spawn('baresip-agent', ['baresip', '-f', agent_dir, '-e', '/dial ' + st['leg_uri'],
                            '-t', '600'])

    def agent():
        return server.api('GET', '/agent', olga)[1]

    st = wait_until('the leg up', lambda: (lambda s: s if s.get('leg_up') else None)(agent()), 15)
    check(st['state'] == 'paused' and st.get('reason') == 'login',
          'leg up: the agent is paused (login) (%s %s)' % (st['state'], st.get('reason')))
    check(invites(kamailio_log) == [], 'nobody is dialled while no agent is ready')

    # ---- ready: the first answered customer is bridged ------------------------------------
    status, _ = server.api('POST', '/agent/ready', olga)
    check(status == 200, 'ready')
    st = wait_until('a bridged call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 30)
    call = st.get('call') or {}
    check(call.get('number') == '+79161000001' and call.get('lead', {}).get('name') == 'Anna Bridged',
          'on a call with Anna: the card has her number and name (%s)' % call.get('number'))
    check(call.get('script') == 'Hello Anna Bridged, this is Olga from Ringdesk. I see you work at Acme.',
          'the script has her fields filled in (%r)' % call.get('script'))
    time.sleep(3)   # both talk: the tones flow both ways
    status, _ = server.api('POST', '/agent/hangup', olga)
    check(status == 200, 'the agent hangs up')
    st = wait_until('wrap-up', lambda: (lambda s: s if s['state'] == 'wrap_up' else None)(agent()), 10)
    status, st = server.api('POST', '/agent/disposition', olga,
                            {'call_id': call.get('call_id'), 'code': 'sale', 'notes': 'two seats'})
    check(status == 200 and st.get('state') == 'ready',
          'disposition "sale" ends the wrap-up into ready (%s %s)' % (status, st.get('state')))

    # ---- the others: busy, no answer, failed; the late one while the agent is on a break --
    paused = False
    deadline = time.time() + 90
    while time.time() < deadline:
        rows = center_rows(data, 'SELECT l.name AS name, c.ended_at AS ended_at, '
                                 'c.ringing_at AS ringing_at FROM calls c '
                                 'JOIN leads l ON l.id = c.lead_id')
        lena = [r for r in rows if r['name'] == 'Lena Late']
        if lena and not paused:
            status, body = server.api('POST', '/agent/pause', olga, {'code': 'break'})
            if status != 200:
                bail('pause: %s %s' % (status, body))
            paused = True
        if lena and lena[0]['ended_at'] and paused:
            if len(rows) >= 5 and all(r['ended_at'] for r in rows):
                break
            server.api('POST', '/agent/ready', olga)
            paused = False
        time.sleep(0.1)
    else:
        bail('the campaign did not dial its five leads within 90 s')

    calls = {r['name']: r for r in center_rows(
        data, 'SELECT l.name AS name, c.* FROM calls c JOIN leads l ON l.id = c.lead_id')}
    check(sorted(calls) == ['Anna Bridged', 'Boris Busy', 'Gleb Failed', 'Lena Late', 'Vera NoAnswer'],
          'one call row per dialable lead (%s)' % sorted(calls))
    a = calls.get('Anna Bridged', {})
    check(a.get('result') == 'human' and a.get('agent') == 'olga' and a.get('disposition') == 'sale'
          and a.get('notes') == 'two seats' and a.get('hangup_by') == 'agent'
          and a.get('bridged_at') and a.get('answered_at') and a.get('safe_harbor') == 0,
          'Anna: human, bridged to olga, hung up by the agent, sale with notes (%s)' % a)
    b = calls.get('Boris Busy', {})
    check(b.get('result') == 'busy' and b.get('sip_code') == 486 and b.get('number') == '+79162000002',
          'Boris: busy (486), dialled as E.164 from "8 916 ..." (%s %s)' % (b.get('result'), b.get('sip_code')))
    v = calls.get('Vera NoAnswer', {})
    check(v.get('result') == 'no-answer' and v.get('ringing_at')
          and v['ended_at'] - v['created_at'] >= 15000,
          'Vera: rang, no answer, cancelled after the 15 s ring timeout (%s, %s ms)'
          % (v.get('result'), v.get('ended_at', 0) - v.get('created_at', 0)))
    g = calls.get('Gleb Failed', {})
    check(g.get('result') == 'failed' and g.get('sip_code') == 503,
          'Gleb: failed (503 from the carrier) (%s %s)' % (g.get('result'), g.get('sip_code')))
    lc = calls.get('Lena Late', {})
    check(lc.get('result') == 'abandoned' and lc.get('safe_harbor') == 1 and not lc.get('agent')
          and lc.get('hangup_by') == 'system',
          'Lena: answered with no agent ready: safe harbor, abandoned (%s)' % lc)
    if lc.get('answered_at') and lc.get('ended_at'):
        log('safe harbor: answer to hang-up %d ms' % (lc['ended_at'] - lc['answered_at']))

    dialled = invites(kamailio_log)
    check(sorted(dialled) == sorted(['+79161000001', '+79162000002', '+79163000003',
                                     '+79164000004', '+79166000006']),
          'the trunk was asked for each dialable number once, never the DNC one (%s)' % dialled)

    leads = {r['name']: r for r in center_rows(data, 'SELECT * FROM leads')}
    now = time.time() * 1000

    def next_in_minutes(name):
        n = leads.get(name, {}).get('next_at')
        return None if n is None else (n - now) / 60000

    check(leads['Anna Bridged']['state'] == 'done', 'Anna\'s lead is closed by the sale')
    check(leads['Boris Busy']['attempts'] == 1 and 13 < (next_in_minutes('Boris Busy') or 0) <= 15,
          'Boris is tried again in 15 min (recycle_busy) (%s)' % next_in_minutes('Boris Busy'))
    check(118 < (next_in_minutes('Vera NoAnswer') or 0) <= 120,
          'Vera in 120 min (recycle_no_answer) (%s)' % next_in_minutes('Vera NoAnswer'))
    check(58 < (next_in_minutes('Gleb Failed') or 0) <= 60,
          'Gleb in 60 min (recycle_failed) (%s)' % next_in_minutes('Gleb Failed'))
    check((next_in_minutes('Lena Late') or 0) > 72 * 60 - 2,
          'Lena, abandoned, not before 72 h (%s h)' % ((next_in_minutes('Lena Late') or 0) / 60))
    check(leads['Dina Donotcall']['state'] == 'dnc' and leads['Dina Donotcall']['attempts'] == 0,
          'Dina is do-not-call and never dialled')
    check(leads['Egor Invalid']['state'] == 'invalid' and leads['Egor Invalid']['attempts'] == 0,
          'Egor\'s invalid number is never dialled')

    states = [(r['state'], r['reason']) for r in center_rows(
        data, "SELECT state, reason FROM agent_states WHERE agent = 'olga' ORDER BY id")]
    check(states[:6] == [('login', None), ('paused', 'login'), ('ready', None),
                         ('on_call', None), ('wrap_up', None), ('ready', None)]
          and ('paused', 'break') in states,
          'the agent state log: login, paused (login), ready, on call, wrap-up, ready, ..., '
          'paused (break) (%s)' % states)

    # ---- audio by content ------------------------------------------------------------------
    time.sleep(0.5)
    cust_rec = sorted(glob.glob(os.path.join(cust_dir, 'rec', '*-dec.wav')))
    if check(len(cust_rec) == 1, 'the customer had one call (%d recordings)' % len(cust_rec)):
        rate, s = read_wav(cust_rec[0])
        frames = tone_frames(s, rate, 2000, (1000, 440))
        check(frames >= 100, 'the customer heard the agent\'s 2 kHz in %d frames of 20 ms (3 s = 150)' % frames)
    agent_rec = sorted(glob.glob(os.path.join(agent_dir, 'rec', '*-dec.wav')))
    if check(len(agent_rec) >= 1, 'the agent\'s leg is recorded by their phone'):
        rate, s = read_wav(agent_rec[0])
        frames = tone_frames(s, rate, 1000, (2000, 440))
        check(frames >= 100, 'the agent heard the customer\'s 1 kHz in %d frames of 20 ms (3 s = 150)' % frames)

    # the server's own recordings: left what the customer says, right what they hear
    rec = os.path.join(data, 'call-recordings', '%s.wav' % a.get('id'))
    if check(a.get('recording') == '%s.wav' % a.get('id') and os.path.exists(rec)
             and oct(os.stat(rec).st_mode & 0o777) == '0o600',
             'Anna\'s call is recorded on the server, 0600 (%s)' % a.get('recording')):
        rate, (left, right) = read_wav_channels(rec)
        lf = tone_frames(left, rate, 1000, (2000, 440))
        rf = tone_frames(right, rate, 2000, (1000, 440))
        cross = tone_frames(left, rate, 2000, (1000, 440)) + tone_frames(right, rate, 1000, (2000, 440))
        log('recording %.2f s: left 1 kHz %d frames, right 2 kHz %d frames, crossed %d'
            % (len(left) / rate, lf, rf, cross))
        check(rate == 8000 and lf >= 100 and rf >= 100 and cross == 0,
              'the recording has the customer (1 kHz) left and the agent (2 kHz) right, '
              'no bleed (%d, %d, %d frames)' % (lf, rf, cross))
        with open(rec, 'rb') as f:
            on_disk = f.read()
        path = '/campaign-calls/%s/recording' % a['id']
        ivan = server.login('ivan', 'agent-password')
        got = [server.raw(path, t) for t in (mira, olga, ivan)]
        check(got[0][0] == 200 and got[0][1] == 'audio/wav' and got[0][2] == on_disk
              and got[1][0] == 200 and got[2][0] == 404,
              'the recording plays over HTTP for the manager and the call\'s agent, 404 for '
              'another agent (%s)' % [g[0] for g in got])

    spoken = prompt_path(data, SAFE_HARBOR)
    heard = rtp_audio(os.path.join(T, 'late.pcap'), late_media)
    log('safe-harbor customer received %.2f s of audio' % (len(heard) / 8000))
    if check(os.path.isfile(spoken), 'the server spoke the safe-harbor message'):
        rate, prompt = read_wav(spoken)
        corr = best_correlation(envelope(prompt, rate), envelope(heard, 8000))
        check(corr > 0.85, 'the customer heard that prompt: envelope correlation %.3f' % corr)
        lrec = os.path.join(data, 'call-recordings', '%s.wav' % lc.get('id'))
        if check(os.path.exists(lrec), 'the safe-harbor call is recorded too'):
            _, (_, lright) = read_wav_channels(lrec)
            corr = best_correlation(envelope(prompt, rate), envelope(lright, 8000))
            check(corr > 0.85, 'its right channel has the prompt: envelope correlation %.3f' % corr)

    # ---- killed mid-campaign -----------------------------------------------------------------
    status, report = server.api('POST', '/leadsets?name=kill&country=RU', mira,
                                b'name,phone\nKira Killed,+7 916 300-00-09\n', 'text/csv')
    if status != 201:
        bail('second leadset: %s %s' % (status, report))
    server.api('PUT', '/campaigns/%s/leadsets/%s' % (cid, report['id']), mira)
    server.api('POST', '/agent/ready', olga)
    wait_until('Kira ringing', lambda: center_rows(
        data, "SELECT 1 FROM calls c JOIN leads l ON l.id = c.lead_id "
              "WHERE l.name = 'Kira Killed' AND c.ringing_at IS NOT NULL"), 20)
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    before = len(invites(kamailio_log))
    server.start('server-restarted')
    time.sleep(3)   # a run that would redial something has had time to
    k = center_rows(data, "SELECT c.*, l.state AS lead_state, l.attempts AS attempts FROM calls c "
                          "JOIN leads l ON l.id = c.lead_id WHERE l.name = 'Kira Killed'")
    check(len(k) == 1 and k[0]['ended_at'] and k[0]['hangup_cause'] == 'server-crashed'
          and k[0]['result'] == 'cancelled',
          'the call ringing when the server was killed is closed at restart (%s)' % k)
    check(len(k) == 1 and k[0]['lead_state'] == 'new' and k[0]['attempts'] == 1,
          'Kira\'s lead is given back with its attempt counted (%s)' % k)
    last = center_rows(data, "SELECT state, reason, ended_at FROM agent_states WHERE agent = 'olga' "
                             "ORDER BY id DESC LIMIT 1")
    check(last and last[0]['state'] == 'logout' and last[0]['reason'] == 'server-crashed',
          'the agent was logged out by the crash (%s)' % last)
    check(len(invites(kamailio_log)) == before, 'after the restart nobody is dialled again '
          '(no agent is in the campaign)')

    # ---- broadcast with press-1; a wrap-up that times out into a pause -------------------
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    bc, _ = make_campaign(server, mira, {
        'name': 'E2E broadcast', 'dial_method': 'broadcast', 'press_one': True,
        'wrap_up_timeout': 3, 'wrap_up_then': 'paused', 'broadcast_message': BROADCAST},
        'name,phone\nPavel Pressone,+7 916 700-00-07\nRita Listener,+7 916 800-00-08\n', ['olga'],
        leadset='broadcast', start=False)   # agents may join; nobody is dialled
    bid = bc['id']
    agent_phone(server, olga, bid, 'agent2', agent_tone, agent2_port, seconds=600)
    server.api('POST', '/agent/ready', olga)
    server.api('POST', '/campaigns/%s/start' % bid, mira)
    st = wait_until('the one who pressed 1', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 30)
    check((st.get('call') or {}).get('number') == '+79167000007',
          'press-1 bridges Pavel to the agent (%s)' % (st.get('call') or {}).get('number'))
    time.sleep(1)
    server.api('POST', '/agent/hangup', olga)
    t0 = time.time()
    st = wait_until('the wrap-up timeout', lambda: (lambda s: s if s['state'] == 'paused' else None)(agent()), 15)
    check(st.get('reason') == 'after-call' and time.time() - t0 >= 2.5,
          'no disposition: the 3 s wrap-up ends into paused, as the campaign says (%s after %.1f s)'
          % (st.get('reason'), time.time() - t0))
    rows = wait_until('both broadcast calls ended', lambda: (lambda r: r if len(r) == 2 and all(x['ended_at'] for x in r) else None)(
        center_rows(data, 'SELECT l.name AS name, l.state AS lead_state, c.* FROM calls c '
                          'JOIN leads l ON l.id = c.lead_id WHERE c.campaign_id = ?', (bid,))), 30)
    bcalls = {r['name']: r for r in rows}
    p, r = bcalls.get('Pavel Pressone', {}), bcalls.get('Rita Listener', {})
    check(p.get('result') == 'human' and p.get('agent') == 'olga' and p.get('bridged_at'),
          'Pavel: human, bridged to olga (%s %s)' % (p.get('result'), p.get('agent')))
    check(r.get('result') == 'human' and not r.get('agent') and r.get('hangup_by') == 'system'
          and r.get('lead_state') == 'done',
          'Rita heard the message to its end: human, hung up by the system, lead done (%s %s %s)'
          % (r.get('result'), r.get('hangup_by'), r.get('lead_state')))
    states = [(x['state'], x['reason']) for x in center_rows(
        data, "SELECT state, reason FROM agent_states WHERE agent = 'olga' AND campaign_id = ? "
              "ORDER BY id", (bid,))]
    check(states[-3:] == [('on_call', None), ('wrap_up', None), ('paused', 'after-call')],
          'the log: on call, wrap-up, paused (after-call) (%s)' % states)
    time.sleep(0.5)
    cust_rec = sorted(glob.glob(os.path.join(cust_dir, 'rec', '*-dec.wav')), key=os.path.getmtime)
    spoken = prompt_path(data, BROADCAST)
    if check(len(cust_rec) == 2 and os.path.isfile(spoken),
             'Rita\'s call recorded (%d) and the broadcast spoken' % len(cust_rec)):
        _, message = read_wav(spoken)
        _, heard = read_wav(cust_rec[-1])
        corr = best_correlation(envelope(message, 8000), envelope(heard, 8000))
        check(corr > 0.85, 'Rita heard the broadcast message: envelope correlation %.3f' % corr)

    time.sleep(2)   # time for a wrong redial to show
    dialled = invites(kamailio_log)
    check(dialled.count('+79167000007') == 1 and dialled.count('+79168000008') == 1,
          'neither broadcast customer is dialled again (%s)' % dialled[-4:])

    # ---- preview: a card to skip, a card to dial -------------------------------------------
    pc, _ = make_campaign(server, mira, {
        'name': 'E2E preview', 'dial_method': 'preview', 'script': 'Hi {name}, calling about {company}.'},
        'name,phone,phone2,company\nSasha Skipped,+7 916 100-00-10,,Old Co\n'
        'Tanya Preview,+7 916 100-00-12,+7 916 100-00-11,New Co\n', ['olga'],
        leadset='preview', start=False)
    pid = pc['id']
    agent_phone(server, olga, pid, 'agent3', agent_tone, seconds=600)
    server.api('POST', '/campaigns/%s/start' % pid, mira)
    server.api('POST', '/agent/ready', olga)

    def previewing(name):
        s = agent()
        return s if s['state'] == 'previewing' and \
            (s.get('preview') or {}).get('lead', {}).get('name') == name else None

    st = wait_until('the first card', lambda: previewing('Sasha Skipped'), 20)
    card = st['preview']
    check(card.get('number') == '+79161000010' and card.get('script') == 'Hi Sasha Skipped, calling about Old Co.'
          and card.get('history') == [],
          'preview: the agent gets Sasha\'s card with the script filled in and no history (%s)' % card)
    time.sleep(1)
    check('+79161000010' not in invites(kamailio_log), 'a card on offer is not dialled')
    status, st = server.api('POST', '/agent/preview/skip', olga, {'reason': 'wrong person'})
    check(status == 200, 'skip (%s %s)' % (status, st.get('message')))
    st = wait_until('the next card', lambda: previewing('Tanya Preview'), 20)
    check(st['preview']['lead'].get('alt_phones') == ['+79161000011'],
          'Tanya\'s card has her other number (%s)' % st['preview']['lead'].get('alt_phones'))
    for body, code, what in (({'number': '+79161000010'}, 400, 'a number not hers'),
                             ({'number': 12}, 400, 'a number that is no string'),
                             ({'phone': '+79161000011'}, 400, 'an unknown member')):
        status, answer = server.api('POST', '/agent/preview/dial', olga, body)
        check(status == code, 'preview dial refuses %s: %s (%s)' % (what, status, answer.get('message')))
    # The agent picks her other number on the card.
    status, st = server.api('POST', '/agent/preview/dial', olga, {'number': '+79161000011'})
    check(status == 200 and st.get('state') == 'previewing' and st.get('reason') == 'dialling',
          'dial: the agent is previewing, dialling (%s %s)' % (st.get('state'), st.get('reason')))
    st = wait_until('the preview call answered', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 20)
    check((st.get('call') or {}).get('number') == '+79161000011',
          'Tanya answers on her other number and talks to the agent')
    server.api('POST', '/agent/hangup', olga)
    st = wait_until('wrap-up', lambda: (lambda s: s if s['state'] == 'wrap_up' else None)(agent()), 10)
    status, st = server.api('POST', '/agent/disposition', olga,
                            {'call_id': st['call_id'], 'code': 'not-interested'})
    check(status == 200, 'disposition not-interested (%s)' % status)
    server.api('POST', '/agent/pause', olga, {'code': 'lunch'})
    dialled = invites(kamailio_log)
    check('+79161000010' not in dialled and dialled.count('+79161000011') == 1
          and '+79161000012' not in dialled,
          'the skipped lead was never dialled, the previewed one once, on the number chosen')
    pl = {r['name']: r for r in center_rows(
        data, 'SELECT l.* FROM leads l JOIN leadsets s ON s.id = l.leadset_id WHERE s.name = ?', ('preview',))}
    check(pl['Sasha Skipped']['state'] == 'new' and pl['Sasha Skipped']['attempts'] == 0
          and pl['Tanya Preview']['state'] == 'done',
          'Sasha waits for another agent, no attempt counted; Tanya is closed (%s, %s)'
          % (pl['Sasha Skipped']['state'], pl['Tanya Preview']['state']))
    states = [(x['state'], x['reason']) for x in center_rows(
        data, "SELECT state, reason FROM agent_states WHERE agent = 'olga' AND campaign_id = ? "
              "ORDER BY id", (pid,))]
    check(('ready', 'skip: wrong person') in states and ('previewing', 'dialling') in states
          and states[-1] == ('paused', 'lunch'),
          'the log keeps the skip with its reason and the dialling (%s)' % states)

    # ---- the peers ended their scenarios as expected ---------------------------------------
    for name, p in (('busy', busy_p), ('late answer', late_p), ('press-1', dtmf_p)):
        try:
            rc = p.wait(5)
        except subprocess.TimeoutExpired:
            rc = None
        check(rc == 0, 'sipp %s UAS ran its one call to the end (exit %s)' % (name, rc))

    # ---- a clean stop: SIGTERM, exit 0 (under AddressSanitizer: no leak, no error) --------
    stop_cleanly(server)
    last = center_rows(data, "SELECT hangup_cause FROM calls ORDER BY created_at DESC LIMIT 1")
    check(last and last[0]['hangup_cause'] is not None, 'no call row is left open')

    return finish()


if __name__ == '__main__':
    run(main)
