#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The customers' portal in a real browser: headless Chromium driven over the DevTools
protocol against a real ringdesk-server on loopback, in English and in Russian (by the
browser's Accept-Language). A customer registers, is approved through the API by an admin,
signs in, raises a ticket with an attachment, sends a message in its thread; an agent takes
the ticket and answers through the API, and the answer appears on the open page without a
reload (portal.js polling thread.json). Also the public Contact us form. Screenshots of each
step go to RD_SCREENSHOTS (default: the test's temporary folder). Output is TAP.
"""

import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CHROMIUM  # noqa: E402
from portalkit import Server  # noqa: E402
from rdtap import T, check, finish, log, run  # noqa: E402

SHOTS = os.environ.get('RD_SCREENSHOTS') or os.path.join(T, 'screenshots')

TEXTS = {
    'en': {'pending': 'waits for approval', 'tickets': 'My tickets', 'waiting': 'Waiting for an agent',
           'taken': 'Taken by sam', 'progress': 'In progress', 'sent': 'reached our support team',
           'subject': 'The printer is silent', 'text': 'It prints nothing since Monday.',
           'message': 'Any news about it?', 'too_large': 'The attachment is too large', 'answer': 'Please replace the drum, it is worn out.'},
    'ru': {'pending': 'ждёт одобрения', 'tickets': 'Мои обращения', 'waiting': 'Ждёт сотрудника',
           'taken': 'Принял sam', 'progress': 'В работе', 'sent': 'получено службой поддержки',
           'subject': 'Принтер молчит', 'text': 'С понедельника ничего не печатает.',
           'message': 'Есть новости?', 'too_large': 'Вложение слишком большое', 'answer': 'Замените, пожалуйста, барабан: он изношен.'},
}


async def flow(b, s, lang, name, email):
    t = TEXTS[lang]
    shot = lambda step: b.screenshot(os.path.join(SHOTS, '%s-%s.png' % (lang, step)))  # noqa: E731
    await b.set_language(lang)
    await b.goto(s.base + '/portal/register')
    await b.fill({'name': name, 'email': email, 'password': 'secret-%s-1' % lang})
    await shot('1-register')
    await b.click_and_load('submit')
    check(t['pending'] in await b.text(), '%s: registered, waiting for approval' % lang)
    await shot('2-registered')

    s.approve(email)
    await b.goto(s.base + '/portal/signin')
    await b.fill({'email': email, 'password': 'secret-%s-1' % lang})
    await b.click_and_load('submit')
    check(await b.js('location.pathname') == '/portal/tickets' and t['tickets'] in await b.text(),
          '%s: approved and signed in, on the tickets page' % lang)

    # An attachment over the limit: a 413 page that says so, the form kept.
    await b.goto(s.base + '/portal/tickets/new')
    await b.fill({'subject': t['subject'], 'text': t['text']})
    big = os.path.join(T, 'big.bin')
    with open(big, 'wb') as f:
        f.write(b'x' * (100 * 1024))
    await b.choose_file('#file', big)
    await b.click_and_load('submit')
    check(t['too_large'] in await b.text() and await b.js('document.getElementById("subject").value') == t['subject'],
          '%s: an attachment over the limit is refused with a page saying so, the form kept' % lang)
    await shot('3a-attachment-too-large')

    await b.goto(s.base + '/portal/tickets/new')
    await b.fill({'subject': t['subject'], 'text': t['text']})
    attachment = os.path.join(T, 'photo-of-error.txt')
    with open(attachment, 'w') as f:
        f.write('E-05 paper jam\n')
    await b.choose_file('#file', attachment)
    await shot('3-new-ticket')
    await b.click_and_load('submit')
    path = await b.js('location.pathname')
    ticket_id = path.rsplit('/', 1)[1]
    body = await b.text()
    check(path.startswith('/portal/tickets/') and t['subject'] in body and t['waiting'] in body,
          '%s: the ticket is raised and waits for an agent' % lang)

    await b.fill({'text': t['message']})
    await b.click_and_load('send')
    check(t['message'] in await b.text(), '%s: the message is in the thread' % lang)

    # The agent takes the ticket and answers while the page stays open.
    status, _ = s.call('POST', '/tickets/%s/accept' % ticket_id, 'sam')
    status2, _ = s.call('POST', '/tickets/%s/messages' % ticket_id, 'sam', {'text': t['answer']})
    check(status == 200 and status2 == 201, '%s: the agent takes the ticket and answers through the API' % lang)
    live = await b.wait_text(t['answer'], 20)
    check(live, '%s: the answer appears on the open page without a reload' % lang)
    check(await b.wait_text(t['taken'], 10) and t['progress'] in await b.text(),
          '%s: the page shows who took the ticket, and its status' % lang)
    await shot('4-thread-answered')

    await b.goto(s.base + '/portal/tickets')
    body = await b.text()
    check(t['subject'] in body and 'sam, 20' in body and t['progress'] in body, '%s: the list shows the ticket, status and who took it' % lang)
    await shot('5-tickets')

    await b.goto(s.base + '/portal/profile')
    await shot('6-profile')
    b.events.clear()
    await b.js("document.querySelector('form.inline button').click()")
    await b.wait_event('Page.loadEventFired')
    check(await b.js('location.pathname') == '/portal/signin', '%s: signed out' % lang)

    await b.goto(s.base + '/portal/contact')
    await b.fill({'name': 'Visitor ' + lang, 'email': 'visitor-%s@example.org' % lang,
                  'message': 'Wholesale prices, please (%s)' % lang})
    await shot('7-contact')
    await b.click_and_load('submit')
    check(t['sent'] in await b.text(), '%s: Contact us sent' % lang)
    status, body = s.call('GET', '/enquiries?q=wholesale%20' + lang, 'sue')
    check(status == 200 and len(body['enquiries']) == 1, '%s: support finds the enquiry' % lang)


async def amain():
    os.makedirs(SHOTS, exist_ok=True)
    s = Server('--portal-max-attachment', '64')
    s.add_user('boss', 'admin')
    s.add_user('sam', 'agent', 'sales')
    s.add_user('sue', 'agent', 'support')
    s.start()
    b = Browser(T, log)
    await b.start()
    try:
        await flow(b, s, 'en', 'Ann Customer', 'ann@example.com')
        await flow(b, s, 'ru', 'Анна Покупатель', 'anna@example.ru')
    finally:
        await b.stop()
    log('screenshots in ' + SHOTS)


def main():
    if not os.path.exists(CHROMIUM):
        print('1..0 # SKIP no chromium at %s (tools/install-deps installs it)' % CHROMIUM)
        return 77
    asyncio.run(amain())
    return finish()


run(main)
