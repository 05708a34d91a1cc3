#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints one part of a received message, decoded, for the C tests: the header named
(header:NAME), the text/plain or text/html part (plain, html), or the attachments' names
and sizes (attachments).

    mime-part.py FILE plain|html|attachments|header:NAME
"""

import email
import email.policy
import sys


def main():
    path, what = sys.argv[1:3]
    with open(path, 'rb') as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    if what.startswith('header:'):
        print(msg.get(what[len('header:'):], ''), end='')
    elif what in ('plain', 'html'):
        part = msg.get_body(preferencelist=(what,))
        print(part.get_content().replace('\r\n', '\n') if part is not None else '', end='')
    elif what == 'attachments':
        for part in msg.iter_attachments():
            print('%s %d' % (part.get_filename(), len(part.get_payload(decode=True))))


if __name__ == '__main__':
    main()
