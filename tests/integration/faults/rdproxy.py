# SPDX-License-Identifier: GPL-3.0-or-later
"""A bounded loopback TCP proxy for network faults between a replica and its server: it
passes, delays, refuses, cuts answers after some bytes, or stops answering, as the test
says at any moment. It runs an asyncio loop in a daemon thread of the test and listens on
127.0.0.1 only; it ends with the test's process."""

import asyncio
import random
import socket
import threading


class Proxy:
    """Connections to self.port go to 127.0.0.1:@target_port. set(mode, **params) changes
    what happens to the next connections:
      pass                 forward both ways
      delay   ms=         forward, each chunk held @ms milliseconds (a slow link)
      refuse               accept and close at once (a dropped connection)
      cut     after=       forward the request; close both sides after @after bytes of
                           the answer (0: the server got the request, the client nothing)
      stall                forward the request, never answer, keep the socket open
      flaky   p=, seed=    per connection, with probability @p, cut at a random byte
                           of the answer (0-4096), else pass"""

    def __init__(self, target_port):
        self.target = target_port
        self.mode, self.params = 'pass', {}
        self.connections = 0
        self.faults = 0
        self.rng = random.Random(1)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(('127.0.0.1', 0))
        self.port = sock.getsockname()[1]
        self.url = 'http://127.0.0.1:%d' % self.port
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                asyncio.start_server(self._client, sock=sock))
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)

    def set(self, mode, **params):
        def apply():
            self.mode, self.params = mode, params
            if 'seed' in params:
                self.rng = random.Random(params['seed'])
        self.loop.call_soon_threadsafe(apply)

    async def _client(self, creader, cwriter):
        self.connections += 1
        mode, params = self.mode, dict(self.params)
        if mode == 'flaky':
            if self.rng.random() < params.get('p', 0.3):
                mode, params = 'cut', {'after': self.rng.randrange(0, 4096)}
            else:
                mode = 'pass'
        if mode != 'pass' and mode != 'delay':
            self.faults += 1
        if mode == 'refuse':
            cwriter.close()
            return
        try:
            sreader, swriter = await asyncio.open_connection('127.0.0.1', self.target)
        except OSError:
            cwriter.close()
            return
        up = asyncio.ensure_future(self._pipe(creader, swriter, mode, params, False))
        down = asyncio.ensure_future(self._pipe(sreader, cwriter, mode, params, True))
        await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
        for task in (up, down):
            task.cancel()
        for w in (swriter, cwriter):
            w.close()

    async def _pipe(self, reader, writer, mode, params, answer):
        sent = 0
        while True:
            data = await reader.read(65536)
            if not data:
                return
            if answer and mode == 'stall':
                await asyncio.sleep(3600)
            if mode == 'delay':
                await asyncio.sleep(params.get('ms', 100) / 1000.0)
            if answer and mode == 'cut':
                room = params.get('after', 0) - sent
                if room <= 0:
                    return
                data = data[:room]
            writer.write(data)
            await writer.drain()
            sent += len(data)
            if answer and mode == 'cut' and sent >= params.get('after', 0):
                return
