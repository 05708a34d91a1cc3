#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The customers' portal over HTTP against a real ringdesk-server on loopback.

Registration waits for approval (by the API, as an admin; an agent may not); cookies are
HttpOnly and SameSite=Lax; every POST without the form's CSRF token, or with a wrong one,
is 403; a ticket raised on the portal is a real `tickets` row in merged.db under the
customer's contact, its thread `messages` rows with channel "portal"; an agent's answer
through the API shows in the customer's thread.json; another customer's ticket is 404 on
every route; an attachment or a photo over its limit is 413 with a page saying why; text is
HTML-escaped; the sign-in form answers 429 past its limit; a Contact us enquiry is seen by
support (the support team, admins) and not by an agent of another team, and support accepts,
resolves, rejects and returns it to the queue, with keyword search. Output is TAP.
"""

import http.client
import json
import os
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from portalkit import Server, Client  # noqa: E402
from rdtap import T, check, finish, log, run  # noqa: E402

LIMIT = 6


def merged(server, sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(server.data, 'merged.db'), uri=True,
                         timeout=10)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


def main():
    s = Server('--portal-limit', str(LIMIT), '--portal-max-attachment', '64',
               '--portal-max-photo', '16')
    s.add_user('boss', 'admin')
    s.add_user('sam', 'agent', 'sales')
    s.add_user('sue', 'agent', 'support')
    s.start()

    # ---- registration and approval ------------------------------------------------------
    ann = Client(s)
    page = ann.get('/portal/register')
    check(page.status == 200 and page.csrf(), 'the register page carries a CSRF token')
    cookie = ' '.join(page.header('Set-Cookie'))
    check('HttpOnly' in cookie and 'SameSite=Lax' in cookie, 'the CSRF cookie is HttpOnly, SameSite=Lax')
    fields = {'name': 'Ann Customer', 'email': 'ann@example.com', 'password': 'ann-secret-1'}
    page = ann.post('/portal/register', fields)
    check(page.status == 403, 'register without a CSRF token: 403 (%d)' % page.status)
    page = ann.post('/portal/register', dict(fields, csrf='x' * 43))
    check(page.status == 403 and 'expired' in page.text, 'register with a wrong CSRF token: 403 with a page that says why')
    page = ann.register(**fields)
    check(page.status == 202 and 'waits for approval' in page.text, 'registered, waiting for approval (%d)' % page.status)
    page = ann.signin('ann@example.com', 'ann-secret-1')
    check(page.status == 403 and 'waiting for approval' in page.text, 'sign-in before approval: 403, pending')

    status, body = s.call('GET', '/customers?status=pending', 'sam')
    check(status == 403, 'an agent of no support team may not list registrations (%d)' % status)
    status, body = s.call('GET', '/customers?status=pending', 'sue')
    check(status == 200 and [c['email'] for c in body['customers']] == ['ann@example.com'],
          'support sees the pending registration')
    customer = s.approve('ann@example.com')
    check(customer['status'] == 'approved' and customer['contact_id'], 'approved by the admin, with a CRM contact')
    contact = merged(s, 'SELECT name, owner FROM contacts WHERE id = ?', (customer['contact_id'],))
    check(contact == [{'name': 'Ann Customer', 'owner': 'shared'}], 'the contact is in merged.db')

    page = ann.signin('ann@example.com', 'wrong-password')
    check(page.status == 401 and 'Wrong e-mail or password' in page.text, 'a wrong password: 401')
    page = ann.signin('ann@example.com', 'ann-secret-1')
    session = [c for c in page.header('Set-Cookie') if c.startswith('rdp_session=')]
    check(page.status == 303 and page.header('Location') == ['/portal/tickets'], 'signed in: 303 to the tickets')
    check(session and 'HttpOnly' in session[0] and 'SameSite=Lax' in session[0] and 'Path=/portal' in session[0]
          and 'Secure' not in session[0], 'the session cookie: HttpOnly, SameSite=Lax, Path=/portal (no Secure over http)')

    # ---- a ticket and its thread --------------------------------------------------------
    page = ann.new_ticket('<script>alert(1)</script> Printer', 'It prints <b>nothing</b>.',
                          'log.txt', b'paper jam\n')
    check(page.status == 303 and page.header('Location')[0].startswith('/portal/tickets/'),
          'a new ticket with an attachment: 303 to it (%d)' % page.status)
    ticket_url = page.header('Location')[0]
    ticket_id = ticket_url.rsplit('/', 1)[1]
    rows = merged(s, 'SELECT subject, status, contact_id, owner FROM tickets WHERE id = ?', (ticket_id,))
    check(len(rows) == 1 and rows[0]['contact_id'] == customer['contact_id'] and rows[0]['status'] == 'open',
          'the ticket is a tickets row of merged.db under the customer\'s contact')
    page = ann.get(ticket_url)
    check(page.status == 200 and '&lt;script&gt;alert(1)&lt;/script&gt;' in page.text
          and '<script>alert' not in page.text and '&lt;b&gt;nothing' in page.text,
          'subject and text are HTML-escaped')
    check('Waiting for an agent' in page.text, 'the ticket waits for an agent')
    att = ann.get(ticket_url + '/attachment')
    check(att.status == 200 and att.body == b'paper jam\n' and 'attachment' in att.header('Content-Disposition')[0],
          'the attachment downloads as an attachment')

    token = ann.form_csrf(ticket_url)
    page = ann.post(ticket_url + '/messages', {'text': 'no token'})
    check(page.status == 403, 'a message without the CSRF token: 403')
    page = ann.post(ticket_url + '/messages', {'csrf': token[::-1], 'text': 'reversed token'})
    check(page.status == 403, 'a message with a wrong CSRF token: 403')
    page = ann.post(ticket_url + '/messages', {'csrf': token, 'text': 'Any news?'})
    check(page.status == 303, 'a message with the token: 303 back to the thread')
    msgs = merged(s, "SELECT channel, direction, body FROM messages WHERE parent_id = ?", (ticket_id,))
    check(msgs == [{'channel': 'portal', 'direction': 'inbound', 'body': 'Any news?'}],
          'the message is a messages row of the ticket, channel portal, inbound')
    # A part whose Content-Disposition names no disposition (found by fuzz-portal-forms:
    # libsoup compared NULL with "form-data", a critical): 400, nothing kept.
    odd = ('--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n'
           '--b\r\nContent-Disposition: text=-data; name="text"\r\n\r\nodd part\r\n--b--\r\n' % token)
    page = ann.request('POST', ticket_url + '/messages', odd.encode(), 'multipart/form-data; boundary=b')
    check(page.status == 400, 'a multipart part without a disposition: 400 (%d)' % page.status)
    check(len(merged(s, "SELECT id FROM messages WHERE parent_id = ?", (ticket_id,))) == 1,
          'and no message was kept')
    # Two parts named "file" (found by fuzz-portal-forms: libsoup kept the second and leaked
    # the first one's name, type and body): 400, nothing kept.
    two = ('--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n'
           '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\ntwo files\r\n'
           '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nA\r\n'
           '--b\r\nContent-Disposition: form-data; name="file"; filename="b.txt"\r\n\r\nB\r\n'
           '--b--\r\n' % token)
    page = ann.request('POST', ticket_url + '/messages', two.encode(), 'multipart/form-data; boundary=b')
    check(page.status == 400, 'a multipart with two files: 400 (%d)' % page.status)
    check(len(merged(s, "SELECT id FROM messages WHERE parent_id = ?", (ticket_id,))) == 1,
          'and no message was kept either')

    # ---- the agent answers through the API ----------------------------------------------
    status, _ = s.call('POST', '/tickets/%s/accept' % ticket_id, 'sam')
    check(status == 200, 'the agent takes the ticket (%d)' % status)
    status, body = s.call('POST', '/tickets/%s/messages' % ticket_id, 'sam', {'text': 'Replace the drum.'})
    check(status == 201 and body['direction'] == 'outbound', 'the agent answers (%d)' % status)
    status, body = s.call('GET', '/tickets/%s/messages' % ticket_id, 'sam')
    check(status == 200 and [m['body'] for m in body['messages']] == ['Any news?', 'Replace the drum.'],
          'the agent reads the thread through the API')
    req = urllib.request.Request(s.api + '/tickets/%s/attachment' % ticket_id,
                                 headers={'Authorization': 'Bearer ' + s.token('sam')})
    with urllib.request.urlopen(req, timeout=30) as r:
        check(r.status == 200 and r.read() == b'paper jam\n' and 'log.txt' in r.headers['Content-Disposition'],
              'the agent downloads the customer\'s attachment through the API')
    page = ann.get(ticket_url + '/thread.json?after=2')
    thread = json.loads(page.text)
    check(page.status == 200 and [m['text'] for m in thread['messages']] == ['Replace the drum.']
          and thread['messages'][0]['who'] == 'sam' and thread['count'] == 3,
          'the customer\'s thread.json has the agent\'s answer')
    check(thread['status'] == 'in_progress' and thread['taken'].startswith('Taken by sam'),
          'the ticket shows who took it and when: %s' % thread['taken'])
    page = ann.get('/portal/tickets')
    check('sam, 20' in page.text and 'In progress' in page.text, 'the list shows status and who took it')

    # ---- what an agent's app gets by sync, and what it sends back -------------------------
    status, body = s.call('GET', '/sync/pull?since=0&limit=10000', 'sam')
    pulled = {(c.get('table'), c.get('id')) for c in body.get('changes', [])}
    schema = body.get('schema')   # the replica's schema the server speaks
    check(status == 200 and ('tickets', ticket_id) in pulled, 'the agent\'s replica pulls the portal ticket')
    check(sum(1 for t, _ in pulled if t == 'messages') == 2, 'and both messages of its thread')
    site, mid = str(uuid.uuid4()), str(uuid.uuid7()) if hasattr(uuid, 'uuid7') else str(uuid.uuid4())
    hlc = (int(time.time() * 1000) << 16) + 1
    fields = {'owner': 'shared', 'parent_tbl': 'tickets', 'parent_id': ticket_id, 'channel': 'portal',
              'direction': 'outbound', 'address': 'sam', 'body': 'Sent from the app.', 'status': 'sent',
              'created_at': int(time.time() * 1000)}
    changes = [{'op': 1, 'table': 'messages', 'id': mid, 'field': f, 'value': v, 'hlc': hlc}
               for f, v in fields.items()]
    status, body = s.call('POST', '/sync/push', 'sam', {'schema': schema, 'site': site, 'changes': changes})
    check(status == 200 and all(r['status'] == 'applied' for r in body['results']),
          'the app\'s answer (a messages row) is pushed like any write (%d)' % status)
    thread = json.loads(ann.get(ticket_url + '/thread.json?after=3').text)
    check([m['text'] for m in thread['messages']] == ['Sent from the app.'], 'and shows in the customer\'s thread')

    # ---- another customer ---------------------------------------------------------------
    bob = Client(s, 'ru')
    bob.register('Bob', 'bob@example.com', 'bob-secret-1')
    s.approve('bob@example.com', 'sue')
    page = bob.signin('bob@example.com', 'bob-secret-1')
    check(page.status == 303, 'a second customer, approved by support, signs in')
    page = bob.get(ticket_url)
    check(page.status == 404 and 'Среди ваших обращений такого нет' in page.text,
          'another customer\'s ticket: 404, in Russian by Accept-Language')
    check(bob.get(ticket_url + '/thread.json').status == 404, 'another customer\'s thread.json: 404')
    check(bob.get(ticket_url + '/attachment').status == 404, 'another customer\'s attachment: 404')
    page = bob.post(ticket_url + '/messages', {'csrf': bob.form_csrf('/portal/tickets'), 'text': 'hi'})
    check(page.status == 404, 'a message into another customer\'s ticket: 404')
    check('Мои обращения' in bob.get('/portal/tickets').text and 'Any news' not in bob.get('/portal/tickets').text,
          'the second customer\'s list has none of the first one\'s tickets')
    page = bob.post('/portal/tickets/new', {'csrf': ann.form_csrf('/portal/tickets'), 'subject': 'x', 'text': 'y'})
    check(page.status == 403, 'one customer\'s CSRF token does not work for another')

    # ---- limits -------------------------------------------------------------------------
    page = ann.new_ticket('Big', 'too large', 'big.bin', b'x' * (80 * 1024))
    check(page.status == 413 and 'too large' in page.text, 'an attachment over the limit: 413 with a page saying so')
    token = ann.form_csrf('/portal/profile')
    page = ann.post_multipart('/portal/profile', {'csrf': token, 'name': 'Ann C.'}, 'file', 'big.png',
                              b'\x89PNG\r\n\x1a\n' + b'\0' * (20 * 1024), 'image/png')
    check(page.status == 413 and 'too large' in page.text, 'a photo over the limit: 413 with a page saying so')
    page = ann.post_multipart('/portal/profile', {'csrf': token, 'name': 'Ann C.'}, 'file', 'a.png',
                              b'\x89PNG\r\n\x1a\n' + b'\0' * 100, 'image/png')
    check(page.status == 200 and 'Your profile is saved' in page.text, 'a small photo and a new name are saved')
    photo = ann.get('/portal/photo')
    check(photo.status == 200 and photo.header('Content-Type') == ['image/png'], 'the photo is served back')
    page = ann.post_multipart('/portal/profile', {'csrf': token, 'name': 'Ann C.'}, 'file', 'a.html',
                              b'<html><script>alert(1)</script>', 'image/png')
    check(page.status == 415, 'a photo that is not an image: 415')

    # Over the server's --max-body (8 MiB): refused from Content-Length, before the body
    # (Expect: 100-continue asks for the answer before sending it; a browser that sends the
    # body gets the same page once it has been read and dropped).
    conn = http.client.HTTPConnection('127.0.0.1', s.port, timeout=30)
    conn.putrequest('POST', '/portal/tickets/new')
    conn.putheader('Content-Type', 'multipart/form-data; boundary=x')
    conn.putheader('Content-Length', str(20 * 1024 * 1024))
    conn.putheader('Accept-Language', 'ru')
    conn.putheader('Expect', '100-continue')
    conn.endheaders()
    r = conn.getresponse()
    text = r.read().decode()
    conn.close()
    check(r.status == 413 and r.getheader('Content-Type', '').startswith('text/html')
          and 'Файл слишком велик' in text, 'a body over --max-body: 413 with a page (in Russian), not JSON')

    eve = Client(s)
    statuses = [eve.signin('ann@example.com', 'guess-%d' % i).status for i in range(LIMIT + 1)]
    log('sign-in statuses: %s' % statuses)
    check(statuses[-1] == 429, 'sign-in past the limit: 429')
    page = eve.signin('ann@example.com', 'ann-secret-1')
    check(page.status == 429 and page.header('Retry-After'), 'still 429 with the right password, with Retry-After')

    # ---- Contact us and the enquiries queue ---------------------------------------------
    visitor = Client(s)
    page = visitor.post('/portal/contact', {'name': 'Vic', 'email': 'vic@example.org', 'message': 'Prices?'})
    check(page.status == 403, 'Contact us without a CSRF token: 403')
    token = visitor.form_csrf('/portal/contact')
    page = visitor.post('/portal/contact', {'csrf': token, 'name': 'Vic', 'email': 'vic@example.org',
                                            'message': 'What are your prices for wholesale?'})
    check(page.status == 200 and 'reached our support team' in page.text, 'Contact us sends an enquiry')
    visitor.post('/portal/contact', {'csrf': token, 'name': 'Wes', 'email': 'wes@example.org',
                                     'message': 'Do you ship to Kazan?'})
    status, body = s.call('GET', '/enquiries', 'sam')
    check(status == 403, 'an agent of no support team may not see enquiries (%d)' % status)
    status, body = s.call('GET', '/enquiries?status=unaccepted', 'sue')
    check(status == 200 and len(body['enquiries']) == 2, 'support sees both unaccepted enquiries')
    status, body = s.call('GET', '/enquiries?q=wholesale%20prices', 'sue')
    check(status == 200 and [e['name'] for e in body['enquiries']] == ['Vic'], 'keyword search finds the one')
    eid = body['enquiries'][0]['id']
    for action, wanted in (('accept', 'accepted'), ('resolve', 'resolved'), ('unaccept', 'unaccepted'),
                           ('reject', 'rejected')):
        status, body = s.call('POST', '/enquiries/%s/%s' % (eid, action), 'sue')
        check(status == 200 and body['status'] == wanted and
              (body['handled_by'] == 'sue' if wanted != 'unaccepted' else body['handled_by'] is None),
              'support can %s an enquiry' % action)
    status, _ = s.call('POST', '/enquiries/%s/accept' % eid, 'sam')
    check(status == 403, 'an agent of no support team may not accept one')
    status, body = s.call('GET', '/enquiries?status=rejected', 'boss')
    check(status == 200 and [e['id'] for e in body['enquiries']] == [eid], 'an admin sees the rejected one')
    statuses = [visitor.post('/portal/contact', {'csrf': token, 'name': 'Spam', 'email': 's@example.org',
                                                 'message': 'spam'}).status for _ in range(LIMIT)]
    check(statuses[-1] == 429, 'Contact us past the limit: 429 (%s)' % statuses)

    # ---- over https the cookies are Secure ----------------------------------------------
    key, cert = os.path.join(T, 'tls.key'), os.path.join(T, 'tls.crt')
    made = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
                           '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
                           '-addext', 'subjectAltName=IP:127.0.0.1'], capture_output=True, timeout=60)
    if made.returncode == 0:
        tls = Server('--tls-cert', cert, '--tls-key', key)
        tls.data = os.path.join(T, 'data-tls')
        os.makedirs(tls.data, exist_ok=True)
        tls.start()
        context = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection('127.0.0.1', tls.port, timeout=30, context=context)
        conn.request('GET', '/portal/register')
        r = conn.getresponse()
        r.read()
        cookie = r.getheader('Set-Cookie', '')
        conn.close()
        check(r.status == 200 and 'Secure' in cookie and 'HttpOnly' in cookie,
              'served over https, the cookies are Secure too: %s' % cookie.split(';', 1)[1].strip())
    else:
        check(False, 'openssl made no test certificate: %s' % made.stderr.decode(errors='replace'))

    # ---- sign out -----------------------------------------------------------------------
    page = ann.post('/portal/signout', {'csrf': ann.form_csrf('/portal/tickets')})
    check(page.status == 303, 'sign out')
    check(ann.get('/portal/tickets').status == 303, 'signed out, the tickets redirect to sign-in')
    return finish()


run(main)
