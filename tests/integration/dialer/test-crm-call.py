#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a campaign call leaves in the CRM, every peer real.

A progressive campaign dials three leads through Kamailio to a baresip customer who answers;
a baresip agent takes each call. Anna Petrova is a contact in the agent's own replica (made
with ringdesk-cli, synced); Ivan and Petra are in no CRM record. The agent disposes Anna's
call with notes and tags (after bad tags are refused with 400), Ivan's too, and lets Petra's
wrap-up time out, then dials a number of her own. Then: each call is a CRM `calls` record in merged.db (Anna's under her
contact, with the label, notes and the tags merged into hers; Ivan's and Petra's under a
new CRM lead made from the campaign lead), owned by the agent, synced to her replica and on
the contact's timeline; GET /recordings/ID gives the campaign WAV's bytes to her and her
manager and 404 to an agent of another team; a second disposition, a late one and a restart
(also one that finds a call marked unfiled, as after a crash between the two files) update
the same records and never add one; a SIGKILL during a wrap-up leaves the call to be filed
at the next start, and its late disposition updates that record.

Output is TAP. Needs: RD_SERVER_BIN, RD_CLI_BIN, kamailio, baresip, sox.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import *  # noqa: E402,F401,F403  (the shared peers and checks)

CLI = os.environ.get('RD_CLI_BIN', '')


def main():
    if not need('kamailio', 'baresip', 'sox', binaries=(SERVER, CLI)):
        return 0

    kp, customer, agent_port = free_port(), sip_port(), sip_port()
    agent_tone = tone('agent', 2000, 300)
    kamailio_config({'RD_PROXY_PORT': kp, 'RD_CUSTOMER_PORT': customer})
    cust_dir = baresip_config('cust', customer, tone('customer', 1000, 300),
                              '<sip:cust@127.0.0.1>;regint=0;answermode=auto')
    spawn('baresip-customer', ['baresip', '-f', cust_dir, '-t', '600'])
    peers_up()

    server = start_server(kp, (('mira', 'manager', 'north', 'manager-password'),
                               ('olga', 'agent', 'north', 'agent-password'),
                               ('boris', 'agent', 'south', 'boris-password')))
    data = server.data
    root = server.base[:-len('/api/v1')]
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    boris = server.login('boris', 'boris-password')

    def cli(*args, password=None):
        r = subprocess.run([CLI, '--replica', os.path.join(T, 'olga-replica'), '--server', root] + list(args),
                           input=(password + '\n') if password else None, text=True,
                           capture_output=True, timeout=60)
        if r.returncode != 0:
            bail('ringdesk-cli %s: %s' % (' '.join(args), r.stderr))
        return r.stdout

    def merged(sql, args=()):
        db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'merged.db'), uri=True, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in db.execute(sql, args)]
        finally:
            db.close()

    # Olga's replica: Anna is her contact, tagged vip.
    cli('login', 'olga', password='agent-password')
    anna = json.loads(cli('--json', 'contact', 'add', 'Anna Petrova', '--phone', '8 916 100-00-01',
                          '--tags', 'vip'))['id']
    cli('sync')
    olga_uuid = merged("SELECT owner FROM contacts WHERE id = ?", (anna,))[0]['owner']

    c, report = make_campaign(server, mira, {
        'name': 'Spring renewals', 'dial_method': 'progressive', 'caller_id': '+74951234567',
        'wrap_up_timeout': 8},
        b'name,phone,company,email,city\n'
        b'Anna Petrova,+7 916 100-00-01,,,\n'
        b'Ivan Sokolov,+7 916 100-00-02,Acme,Ivan@Acme.example,Tver\n'
        b'Petra Ivanova,+7 916 100-00-03,,,\n', ['olga'], leadset='crm')
    cid = c['id']

    def agent():
        return server.api('GET', '/agent', olga)[1]

    agent_phone(server, olga, cid, 'agent', agent_tone, agent_port, seconds=600)
    server.api('POST', '/agent/ready', olga)

    calls = {}
    for _ in range(3):
        st = wait_until('a bridged call', lambda: (lambda s: s if s['state'] == 'on_call' else None)(agent()), 40)
        name = st['call']['lead']['name']
        call_id = st['call']['call_id']
        calls[name] = call_id
        time.sleep(1.5)
        server.api('POST', '/agent/hangup', olga)
        wait_until('wrap-up', lambda: agent()['state'] == 'wrap_up', 10)
        if name == 'Anna Petrova':
            bad = [(['x'] * 21, 'at most 20'), (['a' * 41], '1 to 40'), ([7], 'not a string'),
                   (['  '], '1 to 40'), (['a,b'], 'comma'), ('vip', 'array')]
            refused = []
            for tags, words in bad:
                status, body = server.api('POST', '/agent/disposition', olga,
                                          {'call_id': call_id, 'code': 'sale', 'tags': tags})
                refused.append(status == 400 and words in body.get('message', ''))
            check(all(refused) and agent()['state'] == 'wrap_up',
                  'bad tags are refused with 400 naming the rule, nothing written (%s)' % refused)
            status, body = server.api('POST', '/agent/disposition', olga, {
                'call_id': call_id, 'code': 'sale', 'notes': 'Two-year plan, pays by card',
                'tags': [' renewal ', 'VIP', 'card']})
            check(status == 200, 'disposition with notes and tags (%s %s)' % (status, body))
        elif name == 'Ivan Sokolov':
            status, body = server.api('POST', '/agent/disposition', olga, {
                'call_id': call_id, 'code': 'not-interested', 'notes': 'Has a supplier', 'tags': ['cold']})
            check(status == 200, 'disposition of the unknown number (%s %s)' % (status, body))
        else:
            # Petra: no disposition; the 8 s wrap-up timeout ends it
            wait_until('the wrap-up timeout', lambda: agent()['state'] != 'wrap_up', 20)
    check(sorted(calls) == ['Anna Petrova', 'Ivan Sokolov', 'Petra Ivanova'],
          'the three leads were called (%s)' % sorted(calls))

    def crm_call(name):
        rows = merged('SELECT * FROM calls WHERE center_call_id = ?', (calls[name],))
        return rows[0] if len(rows) == 1 else {'count': len(rows)}

    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (calls['Anna Petrova'],))[0]
    a = crm_call('Anna Petrova')
    check(a.get('parent_tbl') == 'contacts' and a.get('parent_id') == anna,
          'Anna\'s call is a CRM call record under her contact (%s %s)' % (a.get('parent_tbl'), a.get('parent_id')))
    check(a.get('owner') == olga_uuid and a.get('agent') == 'olga' and a.get('direction') == 'outbound'
          and a.get('to_number') == '+79161000001' and a.get('from_number') == '+74951234567'
          and a.get('campaign') == 'Spring renewals',
          'owned by the agent, outbound, the numbers and the campaign\'s name (%s)'
          % {k: a.get(k) for k in ('owner', 'agent', 'to_number', 'from_number', 'campaign')})
    check(a.get('disposition') == 'Sale' and a.get('notes') == 'Two-year plan, pays by card',
          'the disposition\'s label and the notes (%s / %s)' % (a.get('disposition'), a.get('notes')))
    check(a.get('started_at') == row['created_at'] and a.get('answered_at') == row['answered_at']
          and a.get('ended_at') == row['ended_at'] and 1 <= (a.get('bill_sec') or 0) <= 4
          and a.get('total_sec', 0) >= a.get('bill_sec', 0),
          'the times and durations of the call row (bill %s s, total %s s)' % (a.get('bill_sec'), a.get('total_sec')))
    check(center_rows(data, 'SELECT tags FROM calls WHERE id = ?', (calls['Anna Petrova'],))[0]['tags']
          == '["renewal","VIP","card"]', 'the call row keeps the trimmed tags')
    tags = merged('SELECT tags FROM contacts WHERE id = ?', (anna,))[0]['tags']
    check(tags == 'vip, renewal, card', 'the tags are merged into the contact\'s, VIP once (%s)' % tags)

    ivan = crm_call('Ivan Sokolov')
    leads = merged("SELECT * FROM leads WHERE id = ?", (ivan.get('parent_id'),))
    lead = leads[0] if leads else {}
    phone = merged("SELECT e164, raw FROM phones WHERE parent_id = ?", (lead.get('id'),))
    email = merged("SELECT address FROM emails WHERE parent_id = ?", (lead.get('id'),))
    check(ivan.get('parent_tbl') == 'leads' and lead.get('name') == 'Ivan Sokolov'
          and lead.get('company') == 'Acme' and lead.get('owner') == olga_uuid
          and lead.get('tags') == 'cold' and lead.get('source') == 'campaign: Spring renewals'
          and phone == [{'e164': '+79161000002', 'raw': '+7 916 100-00-02'}]
          and email == [{'address': 'ivan@acme.example'}],
          'a number in no CRM record becomes a CRM lead of the agent\'s, from the campaign lead (%s, %s, %s)'
          % ({k: lead.get(k) for k in ('name', 'company', 'tags', 'source')}, phone, email))
    check(ivan.get('disposition') == 'Not interested' and ivan.get('owner') == olga_uuid,
          'its call is under that lead')
    petra = crm_call('Petra Ivanova')
    check(petra.get('parent_tbl') == 'leads' and petra.get('disposition') is None and petra.get('ended_at'),
          'a wrap-up that timed out is filed without a disposition (%s)' % petra.get('disposition'))

    # The recording: the campaign's WAV, played through the CRM record.
    with open(os.path.join(data, 'call-recordings', row['recording']), 'rb') as f:
        wav = f.read()
    status, ctype, body = server.raw('/recordings/' + a['id'], olga)
    check(status == 200 and ctype == 'audio/wav' and body == wav and len(wav) > 8000,
          'GET /recordings/ID gives the agent the campaign WAV\'s bytes (%s, %d bytes)' % (status, len(body)))
    check(a.get('recording') == 'server:recordings/%s.wav' % a['id'],
          'the record says it has a recording on the server (%s)' % a.get('recording'))
    status, _, body2 = server.raw('/recordings/' + a['id'], mira)
    check(status == 200 and body2 == wav, 'her manager gets it too (%s)' % status)
    status, _, _ = server.raw('/recordings/' + a['id'], boris)
    check(status == 404, 'an agent of another team gets 404 (%s)' % status)

    # Her replica has it all, and the contact's timeline shows the call.
    cli('sync')
    timeline = json.loads(cli('--json', 'timeline', anna))
    mine = [t for t in timeline if t.get('id') == a['id']]
    check(len(mine) == 1 and 'Sale' in mine[0].get('summary', ''),
          'the call is on the contact\'s timeline in the agent\'s replica (%s)' % mine)
    shown = json.loads(cli('--json', 'contact', 'show', anna))
    check(shown.get('tags') == 'vip, renewal, card', 'the replica has the merged tags (%s)' % shown.get('tags'))

    # The agent's own call (manual dial) is filed too: no campaign lead, a lead named by the number.
    wait_until('ready again', lambda: agent()['state'] == 'ready', 10)
    status, st = server.api('POST', '/agent/dial', olga, {'number': '+7 916 800-00-09'})
    if status != 200:
        bail('manual dial: %s %s' % (status, st))
    st = wait_until('the manual call answered', lambda: (lambda s: s if s['state'] == 'on_call' and not s.get('reason') else None)(agent()), 20)
    manual_id = st['call_id']
    time.sleep(1)
    server.api('POST', '/agent/hangup', olga)
    wait_until('wrap-up', lambda: agent()['state'] == 'wrap_up', 10)
    status, _ = server.api('POST', '/agent/disposition', olga,
                           {'call_id': manual_id, 'code': 'callback', 'tags': ['manual'],
                            'callback_at': int(time.time() * 1000) + 3600000})
    m = merged('SELECT * FROM calls WHERE center_call_id = ?', (manual_id,))
    ml = merged('SELECT * FROM leads WHERE id = ?', (m[0]['parent_id'],)) if m else []
    check(status == 200 and len(m) == 1 and m[0]['disposition'] == 'Call back' and m[0]['owner'] == olga_uuid
          and m[0]['campaign'] == 'Spring renewals' and len(ml) == 1 and ml[0]['name'] == '+79168000009'
          and ml[0]['tags'] == 'manual',
          'a manual call is filed under a new lead named by its number (%s, %s)'
          % (m[0].get('disposition') if m else None, ml[0].get('name') if ml else None))

    # A second disposition and a late one update the same records.
    status, _ = server.api('POST', '/agent/disposition', olga, {
        'call_id': calls['Anna Petrova'], 'code': 'sale', 'notes': 'Two-year plan, pays by invoice',
        'tags': ['card', 'invoice']})
    status2, _ = server.api('POST', '/agent/disposition', olga, {
        'call_id': calls['Petra Ivanova'], 'code': 'wrong-number'})
    a2, p2 = crm_call('Anna Petrova'), crm_call('Petra Ivanova')
    tags = merged('SELECT tags FROM contacts WHERE id = ?', (anna,))[0]['tags']
    check(status == 200 and status2 == 200 and a2.get('id') == a['id']
          and a2.get('notes') == 'Two-year plan, pays by invoice' and p2.get('id') == petra.get('id')
          and p2.get('disposition') == 'Wrong number' and tags == 'vip, renewal, card, invoice',
          'a second and a late disposition update the same records (%s, %s, %s)'
          % (a2.get('notes'), p2.get('disposition'), tags))
    counts = merged('SELECT count(*) AS n FROM calls')[0]['n'], merged('SELECT count(*) AS n FROM leads')[0]['n']
    check(counts == (4, 3), 'four call records, three new leads (%s)' % (counts,))

    # A restart, and one that finds the calls marked unfiled (a crash between the files).
    server.api('POST', '/agent/logout', olga)
    stop_cleanly(server)
    seq_before = merged('SELECT max(seq) AS s FROM changes')[0]['s']
    db = sqlite3.connect(os.path.join(data, 'callcenter.db'))
    db.execute('UPDATE calls SET crm_filed = 0')
    db.commit()
    db.close()
    server.start('server-2')
    wait_until('the calls filed again', lambda: center_rows(
        data, 'SELECT count(*) AS n FROM calls WHERE crm_filed = 0')[0]['n'] == 0, 15)
    counts = merged('SELECT count(*) AS n FROM calls')[0]['n'], merged('SELECT count(*) AS n FROM leads')[0]['n']
    seq_after = merged('SELECT max(seq) AS s FROM changes')[0]['s']
    check(counts == (4, 3) and seq_after == seq_before,
          'after the restart: still four call records and three leads, nothing rewritten (%s, seq %s -> %s)'
          % (counts, seq_before, seq_after))

    # A crash (SIGKILL) during a wrap-up: the next start files the call, and the disposition
    # that comes afterwards lands on that record.
    agent_phone(server, olga, cid, 'agent2', agent_tone, seconds=600)
    status, st = server.api('POST', '/agent/dial', olga, {'number': '+7 916 800-00-10'})
    if status != 200:
        bail('manual dial after the restart: %s %s' % (status, st))
    st = wait_until('the call answered', lambda: (lambda s: s if s['state'] == 'on_call' and not s.get('reason') else None)(agent()), 20)
    crash_id = st['call_id']
    time.sleep(1)
    server.api('POST', '/agent/hangup', olga)
    wait_until('wrap-up', lambda: agent()['state'] == 'wrap_up', 10)
    check(merged('SELECT count(*) AS n FROM calls WHERE center_call_id = ?', (crash_id,))[0]['n'] == 0,
          'during the wrap-up the call is not filed yet')
    server.proc.kill()
    server.proc.wait()
    server.start('server-3')
    filed = wait_until('the call filed at start', lambda: merged(
        'SELECT * FROM calls WHERE center_call_id = ?', (crash_id,)), 15)
    status, _ = server.api('POST', '/agent/disposition', olga, {'call_id': crash_id, 'code': 'sale',
                                                               'notes': 'after the crash'})
    after = merged('SELECT * FROM calls WHERE center_call_id = ?', (crash_id,))
    check(len(filed) == 1 and filed[0]['disposition'] is None and filed[0]['ended_at']
          and status == 200 and len(after) == 1 and after[0]['id'] == filed[0]['id']
          and after[0]['disposition'] == 'Sale' and after[0]['notes'] == 'after the crash',
          'a call whose wrap-up a crash cut is filed at start; its late disposition updates it (%s)'
          % [(r['disposition'], r['notes']) for r in after])
    stop_cleanly(server)

    return finish()


if __name__ == '__main__':
    run(main)
