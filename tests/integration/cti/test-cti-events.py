#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The generic CTI event-listener API against a real ringdesk-server over real HTTP: PBX
tokens, extension mapping, the screen pop on the agent's events WebSocket before the
answer, the call row in callcenter.db and the CRM record after the hangup (with the
recording fetched from the PBX's URL), duplicates doing nothing twice, 401/403 without the
PBX's token, 404 for an unknown extension, 400 for malformed events, and calls that stay
open across a server stop and a kill."""

import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctipeers import (T, CtiServer, Events, Files, bail, center_rows, check, cleanup, cli,  # noqa: E402
                      log, make_wav, merged_rows, wait_until)

ANNA = '+79161000001'
DID = '+74951234567'


def main():
    print('TAP version 13', flush=True)
    data = os.path.join(T, 'data')
    os.makedirs(data)
    server = CtiServer(data)
    server.admin('user', 'add', 'root', '--role', 'admin', password='admin-password')
    server.admin('user', 'add', 'mira', '--role', 'manager', '--team', 'north', password='manager-password')
    server.admin('user', 'add', 'olga', '--role', 'agent', '--team', 'north', password='agent-password')
    server.admin('user', 'add', 'ivan', '--role', 'agent', '--team', 'north', password='ivan-password')
    server.start('server', ['--cti-country', 'RU'])
    root = server.login('root', 'admin-password')
    mira = server.login('mira', 'manager-password')
    olga = server.login('olga', 'agent-password')
    ivan = server.login('ivan', 'ivan-password')

    # Anna is Olga's contact, synced from her replica.
    replica = os.path.join(T, 'olga-replica')
    cli(replica, server.root, 'login', 'olga', password='agent-password')
    anna = json.loads(cli(replica, server.root, '--json', 'contact', 'add', 'Anna Petrova',
                          '--phone', '8 916 100-00-01'))['id']
    cli(replica, server.root, 'sync')
    olga_uuid = merged_rows(data, 'SELECT owner FROM contacts WHERE id = ?', (anna,))[0]['owner']

    # PBX tokens: admins only; the token shown once, stored hashed.
    status, _ = server.api('POST', '/cti/pbxes', mira, {'name': 'freepbx'})
    check(status == 403, 'a manager may not add a PBX (403)')
    status, pbx = server.api('POST', '/cti/pbxes', root, {'name': 'freepbx'})
    check(status == 201 and len(pbx.get('token', '')) == 43, 'an admin adds a PBX and gets its token')
    token = pbx['token']
    status, _ = server.api('POST', '/cti/pbxes', root, {'name': 'freepbx'})
    check(status == 409, 'a PBX name taken is 409')
    status, listing = server.api('GET', '/cti/pbxes', root)
    check(status == 200 and [p['name'] for p in listing['pbxes']] == ['freepbx'] and
          'token' not in listing['pbxes'][0], 'the PBX list has no token')
    stored = center_rows(data, 'SELECT token_hash FROM cti_pbxes')[0]['token_hash']
    check(token not in stored and len(stored) == 64, 'only the token\'s SHA-256 is stored')

    # Extensions: managers map them.
    status, _ = server.api('PUT', '/cti/extensions/201', olga, {'agent': 'olga'})
    check(status == 403, 'an agent may not map extensions (403)')
    status, _ = server.api('PUT', '/cti/extensions/201', mira, {'agent': 'nobody'})
    check(status == 404, 'an unknown agent is 404')
    status, _ = server.api('PUT', '/cti/extensions/2%201', mira, {'agent': 'olga'})
    check(status == 400, 'an extension with a space is 400')
    for ext, agent in (('201', 'olga'), ('202', 'ivan')):
        status, _ = server.api('PUT', '/cti/extensions/' + ext, mira, {'agent': agent})
        if status != 200:
            bail('mapping %s: %s' % (ext, status))
    status, exts = server.api('GET', '/cti/extensions', mira)
    check(status == 200 and [(e['extension'], e['agent']) for e in exts['extensions']] ==
          [('201', 'olga'), ('202', 'ivan')], 'the extensions are listed')

    ws_olga = Events(server.root, olga)
    ws_ivan = Events(server.root, ivan)
    time.sleep(0.3)

    # Authentication of the PBX.
    ring = {'pbx_call_id': 'c1', 'event': 'ring', 'from': '8 916 100-00-01', 'to': DID,
            'extension': '201', 'time': '2026-12-07T10:00:00.250Z'}
    status, body = server.post_event(None, ring)
    check(status == 401, 'an event without a token is 401')
    status, body = server.post_event('x' * 43, ring)
    check(status == 401, 'an unknown PBX token is 401')
    status, body = server.post_event(olga, ring)
    check(status == 403 and 'PBX' in body.get('message', ''), 'a user\'s session token is 403')
    check(ws_olga.cti() == [], 'no pop from refused events')

    # Malformed events.
    status, body = server.post_event(token, None, raw=b'{"pbx_call_id": "c1", "event": ')
    check(status == 400, 'malformed JSON is 400')
    status, body = server.post_event(token, dict(ring, event='dial'))
    check(status == 400 and 'ring, answer' in body.get('message', ''), 'an unknown event is 400')
    status, body = server.post_event(token, {'event': 'ring', 'extension': '201'})
    check(status == 400 and 'pbx_call_id' in body.get('message', ''), 'no call id is 400')
    status, body = server.post_event(token, dict(ring, time='yesterday'))
    check(status == 400 and 'time' in body.get('message', ''), 'a bad time is 400')
    status, body = server.post_event(token, dict(ring, colour='red'))
    check(status == 400, 'an unknown member is 400')

    # An unknown extension: 404 with the reason, and a log line.
    status, body = server.post_event(token, dict(ring, pbx_call_id='c0', extension='299'))
    check(status == 404 and 'extension 299' in body.get('message', ''),
          'an unknown extension is 404 naming it: %s' % body.get('message'))
    check(wait_until('the log line', lambda: 'extension 299' in server.log_text(), 5),
          'the unknown extension is in the server log')
    check(center_rows(data, 'SELECT count(*) AS n FROM calls')[0]['n'] == 0, 'no call row for refused events')

    # Ringing: Olga's app pops Anna before anyone answers.
    status, body = server.post_event(token, ring)
    check(status == 200 and body['duplicate'] is False, 'ring accepted')
    call_id = body['call_id']
    pop = ws_olga.wait_cti('the ring pop', lambda m: m['event'] == 'ring')
    check(pop['call_id'] == call_id and pop['number'] == ANNA and pop['direction'] == 'inbound' and
          pop['extension'] == '201' and pop['record'] and pop['record']['table'] == 'contacts' and
          pop['record']['id'] == anna and pop['record']['name'] == 'Anna Petrova',
          'the pop names Anna\'s contact: %s' % pop)
    status, body = server.post_event(token, ring)
    check(status == 200 and body['duplicate'] is True and body['call_id'] == call_id,
          'the same ring again is 200, a duplicate')

    # Answer, then hangup with a recording the PBX serves.
    recs = os.path.join(T, 'pbx-recordings')
    os.makedirs(recs)
    make_wav(os.path.join(recs, 'c1.wav'), 1.5)
    files = Files(recs)
    status, body = server.post_event(token, {'pbx_call_id': 'c1', 'event': 'answer', 'extension': '201',
                                             'time': 1796637605250})
    check(status == 200 and not body['duplicate'], 'answer accepted')
    status, body = server.post_event(token, {'pbx_call_id': 'c1', 'event': 'hangup',
                                             'time': '2026-12-07T10:01:05.250+00:00',
                                             'cause': 'normal-clearing',
                                             'recording_url': files.url + '/c1.wav'})
    check(status == 200 and not body['duplicate'], 'hangup accepted')
    ws_olga.wait_cti('the hangup message', lambda m: m['event'] == 'hangup')
    check(len([m for m in ws_olga.cti() if m['event'] == 'ring']) == 1, 'one ring pop, not two')
    check(ws_ivan.cti() == [], 'Ivan\'s app got none of Olga\'s call')

    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (call_id,))[0]
    check(row['direction'] == 'inbound' and row['number'] == ANNA and row['caller_id'] == DID and
          row['agent'] == 'olga' and row['campaign_id'] is None, 'the call row: who and which numbers')
    check(row['created_at'] == 1796637600250 and row['ringing_at'] == 1796637600250 and
          row['answered_at'] == 1796637605250 and row['ended_at'] == 1796637665250,
          'the call row\'s times are the PBX\'s: %s' % {k: row[k] for k in
                                                        ('created_at', 'answered_at', 'ended_at')})
    check(row['result'] == 'human' and row['hangup_cause'] == 'normal-clearing', 'result and cause')

    filed = wait_until('the CRM record', lambda: merged_rows(
        data, 'SELECT * FROM calls WHERE center_call_id = ?', (call_id,)), 10)
    rec = filed[0]
    check(len(filed) == 1 and rec['parent_tbl'] == 'contacts' and rec['parent_id'] == anna and
          rec['owner'] == olga_uuid and rec['direction'] == 'inbound' and
          rec['from_number'] == ANNA and rec['to_number'] == DID and rec['agent'] == 'olga',
          'the CRM call record is on Anna, owned by Olga, from Anna to the DID')
    check(rec['bill_sec'] == 60 and rec['total_sec'] == 65, 'billed 60 s of 65 s')
    wait_until('the recording on the CRM record', lambda: merged_rows(
        data, 'SELECT recording FROM calls WHERE center_call_id = ?', (call_id,))[0]['recording'], 10)
    rec = merged_rows(data, 'SELECT * FROM calls WHERE center_call_id = ?', (call_id,))[0]
    check(files.asked == ['/c1.wav'] and rec['recording'] == 'server:recordings/%s.wav' % rec['id'],
          'the recording was fetched from the PBX once and attached')
    status, ctype, wav = server.raw('/recordings/' + rec['id'], olga)
    with open(os.path.join(recs, 'c1.wav'), 'rb') as f:
        check(status == 200 and wav == f.read(), 'Olga plays the PBX\'s recording through /recordings')

    for event in ('ring', 'answer', 'hangup'):
        status, body = server.post_event(token, {'pbx_call_id': 'c1', 'event': event, 'extension': '201'})
        check(status == 200 and body['duplicate'], 'a repeated %s is a duplicate' % event)
    time.sleep(0.5)
    check(len(merged_rows(data, 'SELECT id FROM calls WHERE center_call_id = ?', (call_id,))) == 1 and
          files.asked == ['/c1.wav'], 'still one CRM record, the recording fetched once')

    # An outbound call from Ivan's phone to a number nobody has: a new lead, not answered.
    status, body = server.post_event(token, {'pbx_call_id': 'c2', 'event': 'ring', 'from': '202',
                                             'to': '+79161000099', 'extension': '202'})
    c2 = body['call_id']
    pop = ws_ivan.wait_cti('Ivan\'s outbound pop', lambda m: m['call_id'] == c2)
    check(pop['direction'] == 'outbound' and pop['number'] == '+79161000099' and pop['record'] is None,
          'an outbound ring pops for the caller, no record for an unknown number')
    server.post_event(token, {'pbx_call_id': 'c2', 'event': 'hangup', 'cause': 'no-answer'})
    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (c2,))[0]
    check(row['direction'] == 'outbound' and row['agent'] == 'ivan' and row['result'] == 'no-answer' and
          row['caller_id'] == '202', 'the unanswered outbound row')
    rec = wait_until('c2 in the CRM', lambda: merged_rows(
        data, 'SELECT * FROM calls WHERE center_call_id = ?', (c2,)), 10)[0]
    lead = merged_rows(data, 'SELECT * FROM leads WHERE id = ?', (rec['parent_id'],))
    check(rec['parent_tbl'] == 'leads' and lead and rec['to_number'] == '+79161000099',
          'the call is on a new lead for the unknown number')

    # What PBX templates send: an anonymous caller's empty "from", numbers as JSON numbers.
    status, body = server.post_event(token, {'pbx_call_id': 'c6', 'event': 'ring', 'from': '',
                                             'to': DID, 'extension': 202, 'recording_url': ''})
    check(status == 200, 'an empty "from" and a numeric extension are taken: %s' % body)
    status, body = server.post_event(token, {'pbx_call_id': 'c6', 'event': 'hangup', 'extension': '',
                                             'cause': ''})
    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (body['call_id'],))[0]
    check(row['number'] is None and row['agent'] == 'ivan' and row['result'] == 'cancelled',
          'an anonymous missed call: no number, Ivan\'s, cancelled')
    leads_before = len(merged_rows(data, 'SELECT id FROM leads'))
    status, body = server.post_event(token, {'pbx_call_id': 'c7', 'event': 'ring', 'from': 'anonymous',
                                             'to': DID, 'extension': '202'})
    server.post_event(token, {'pbx_call_id': 'c7', 'event': 'hangup'})
    for call in ('c6', 'c7'):
        cid = center_rows(data, 'SELECT call_id FROM cti_calls WHERE pbx_call_id = ?', (call,))[0]['call_id']
        rec = wait_until('%s in the CRM' % call, lambda: merged_rows(
            data, 'SELECT * FROM calls WHERE center_call_id = ?', (cid,)), 10)[0]
        check(rec['parent_id'] is None and rec['agent'] == 'ivan',
              '%s, from no number, is filed on no record' % call)
    check(len(merged_rows(data, 'SELECT id FROM leads')) == leads_before,
          'and makes no lead for "anonymous"')

    # A transfer from Olga to Ivan.
    server.post_event(token, {'pbx_call_id': 'c3', 'event': 'ring', 'from': ANNA, 'to': DID, 'extension': '201'})
    server.post_event(token, {'pbx_call_id': 'c3', 'event': 'answer', 'extension': '201'})
    status, body = server.post_event(token, {'pbx_call_id': 'c3', 'event': 'transfer', 'extension': '202'})
    c3 = body['call_id']
    pop = ws_ivan.wait_cti('the transfer pop', lambda m: m['call_id'] == c3)
    check(pop['event'] == 'transfer' and pop['record']['id'] == anna, 'Ivan\'s app pops Anna on the transfer')
    status, body = server.post_event(token, {'pbx_call_id': 'c3', 'event': 'transfer', 'extension': '202'})
    check(body['duplicate'], 'the same transfer again is a duplicate')
    server.post_event(token, {'pbx_call_id': 'c3', 'event': 'hangup'})
    row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (c3,))[0]
    check(row['agent'] == 'ivan' and row['transferred_from'] == 'olga' and row['transferred_at'],
          'the row has Ivan, transferred from Olga')

    # Across a clean stop and a kill, a call the PBX still has stays open and ends once.
    ws_olga.close()
    ws_ivan.close()
    for n, sig in ((4, 15), (5, 9)):
        pbx_id = 'c%d' % n
        server.post_event(token, {'pbx_call_id': pbx_id, 'event': 'ring', 'from': ANNA, 'to': DID,
                                  'extension': '201'})
        status, body = server.post_event(token, {'pbx_call_id': pbx_id, 'event': 'answer', 'extension': '201'})
        cid = body['call_id']
        server.stop(sig)
        server.start('server-%d' % n, ['--cti-country', 'RU'])
        row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (cid,))[0]
        check(row['ended_at'] is None and row['result'] == 'in-progress',
              'after a %s the PBX\'s call is still open' % ('stop' if sig == 15 else 'kill'))
        status, body = server.post_event(token, {'pbx_call_id': pbx_id, 'event': 'answer', 'extension': '201'})
        check(status == 200 and body['duplicate'] and body['call_id'] == cid,
              'the answer posted again after the restart is a duplicate')
        server.post_event(token, {'pbx_call_id': pbx_id, 'event': 'hangup'})
        row = center_rows(data, 'SELECT * FROM calls WHERE id = ?', (cid,))[0]
        check(row['ended_at'] is not None and row['result'] == 'human', 'then it ends as the PBX says')
        recs_n = wait_until('%s filed' % pbx_id, lambda: merged_rows(
            data, 'SELECT id FROM calls WHERE center_call_id = ?', (cid,)), 10)
        check(len(recs_n) == 1, 'and is filed once')
    total = center_rows(data, 'SELECT count(*) AS n FROM calls')[0]['n']
    check(total == 7, 'seven calls, seven rows (%d)' % total)
    urllib.request.urlcleanup()


try:
    main()
finally:
    cleanup()
from ctipeers import RESULTS  # noqa: E402
print('1..%d' % len(RESULTS), flush=True)
sys.exit(0 if all(RESULTS) else 1)
