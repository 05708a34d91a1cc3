# SPDX-License-Identifier: GPL-3.0-or-later
"""A small Chrome DevTools protocol driver for headless Chromium (Debian `chromium`) over
a WebSocket (Debian python3-websockets): navigate, run a script, fill and submit forms,
choose a file, wait for a condition, take screenshots. Every wait has a deadline."""

import asyncio
import base64
import json
import os
import re
import subprocess
import time
import urllib.request

try:
    import websockets
except ImportError:   # a python3 of its own ahead of Debian's on PATH
    import sys
    sys.path.append('/usr/lib/python3/dist-packages')
    import websockets

CHROMIUM = os.environ.get('RD_CHROMIUM', '/usr/bin/chromium')


class Browser:
    def __init__(self, workdir, log):
        self.workdir = workdir
        self.log = log
        self.proc = None
        self.ws = None
        self.next_id = 0
        self.events = []

    async def start(self):
        profile = os.path.join(self.workdir, 'chromium-profile')
        os.makedirs(profile, exist_ok=True)
        self.errlog = open(os.path.join(self.workdir, 'chromium.log'), 'w+')
        self.proc = subprocess.Popen(
            [CHROMIUM, '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--no-default-browser-check', '--disable-extensions', '--disable-dev-shm-usage',
             '--remote-debugging-port=0', '--remote-allow-origins=*', '--user-data-dir=' + profile,
             '--window-size=1100,900', 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=self.errlog, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        url = None
        while time.time() < deadline and url is None:
            await asyncio.sleep(0.2)
            self.errlog.seek(0)
            m = re.search(r'DevTools listening on (ws://\S+)', self.errlog.read())
            if m:
                url = m.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError('chromium exited with %s' % self.proc.returncode)
        if url is None:
            raise RuntimeError('chromium did not start its DevTools endpoint')
        port = int(re.search(r':(\d+)/', url).group(1))
        with urllib.request.urlopen('http://127.0.0.1:%d/json/list' % port, timeout=10) as r:
            pages = [t for t in json.loads(r.read()) if t['type'] == 'page']
        self.ws = await websockets.connect(pages[0]['webSocketDebuggerUrl'], max_size=64 * 1024 * 1024)
        await self.call('Page.enable')
        await self.call('Runtime.enable')
        await self.call('Network.enable')

    async def stop(self):
        if self.ws is not None:
            await self.ws.close()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    async def call(self, method, timeout=30, **params):
        self.next_id += 1
        my_id = self.next_id
        await self.ws.send(json.dumps({'id': my_id, 'method': method, 'params': params}))
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError('%s: no answer in %d s' % (method, timeout))
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), left))
            if msg.get('id') == my_id:
                if 'error' in msg:
                    raise RuntimeError('%s: %s' % (method, msg['error']))
                return msg.get('result', {})
            if 'method' in msg:
                self.events.append(msg)

    async def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e['method'] == name:
                    del self.events[:i + 1]
                    return e
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError('no %s in %d s' % (name, timeout))
            try:
                msg = json.loads(await asyncio.wait_for(self.ws.recv(), left))
            except asyncio.TimeoutError:
                continue
            if 'method' in msg:
                self.events.append(msg)

    async def set_language(self, lang):
        await self.call('Network.setExtraHTTPHeaders', headers={'Accept-Language': lang})

    async def goto(self, url):
        self.events.clear()
        await self.call('Page.navigate', url=url)
        await self.wait_event('Page.loadEventFired')

    async def js(self, expression):
        result = await self.call('Runtime.evaluate', expression=expression, returnByValue=True,
                                 awaitPromise=True)
        if 'exceptionDetails' in result:
            raise RuntimeError('script failed: %s' % result['exceptionDetails'])
        return result['result'].get('value')

    async def fill(self, fields):
        for element_id, value in fields.items():
            await self.js('document.getElementById(%s).value = %s' % (json.dumps(element_id),
                                                                        json.dumps(value)))

    async def click_and_load(self, element_id):
        """Clicks a submit button and waits for the next page to load."""
        self.events.clear()
        await self.js('document.getElementById(%s).click()' % json.dumps(element_id))
        await self.wait_event('Page.loadEventFired')

    async def choose_file(self, selector, path):
        doc = await self.call('DOM.getDocument')
        node = await self.call('DOM.querySelector', nodeId=doc['root']['nodeId'], selector=selector)
        await self.call('DOM.setFileInputFiles', files=[path], nodeId=node['nodeId'])

    async def text(self):
        return await self.js('document.body.innerText')

    async def wait_text(self, needle, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if needle in await self.text():
                return True
            await asyncio.sleep(0.25)
        return False

    async def screenshot(self, path):
        data = await self.call('Page.captureScreenshot', format='png')
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data['data']))
        self.log('screenshot ' + path)
        return path
