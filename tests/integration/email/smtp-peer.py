#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server on loopback for the e-mail tests: aiosmtpd with STARTTLS (the
certificate given) and AUTH (PLAIN and LOGIN, one account, only after STARTTLS). Each
message it accepts is written to DIR/N.eml with DIR/N.json (envelope, the AUTH login and
whether the session was TLS). A recipient whose local part is "refuse" gets 550.

    smtp-peer.py PORT DIR CERT KEY USER PASSWORD
    smtp-peer.py PORT DIR -      (plain SMTP, no TLS, no AUTH: the app's ui test)
"""

import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split('@')[0] == 'refuse':
            return '550 5.1.1 no such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.out, '%d' % self.count)
        with open(base + '.eml.part', 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + '.json', 'w') as f:
            json.dump({'from': envelope.mail_from, 'to': envelope.rcpt_tos,
                       'login': (session.auth_data.login.decode()
                                 if isinstance(session.auth_data, LoginPassword) else None),
                       'tls': session.ssl is not None}, f)
        os.rename(base + '.eml.part', base + '.eml')
        return '250 Message accepted for delivery'


def main():
    port, out = sys.argv[1:3]
    if sys.argv[3] == '-':
        controller = Controller(Handler(out), hostname='127.0.0.1', port=int(port))
        serve(controller)
        return
    cert, key, user, password = sys.argv[3:7]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and
              auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    controller = Controller(Handler(out), hostname='127.0.0.1', port=int(port),
                            tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True,
                            auth_require_tls=True)
    serve(controller)


def serve(controller):
    controller.start()
    print('ready', flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    stop.wait()
    controller.stop()


if __name__ == '__main__':
    main()
