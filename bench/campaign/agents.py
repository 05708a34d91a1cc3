# SPDX-License-Identifier: GPL-3.0-or-later
"""The campaign bench's agents: one loop plays all of them over the HTTP API. It reads every
agent's status (GET /agents?campaign=ID, the manager's view) every 100 ms; an agent bridged
to a customer talks for a time drawn as the simulator draws it (log-normal, the talk mean
and cv) from the moment the server bridged them (`since`), then hangs up (POST
/agent/hangup); in wrap-up they give a disposition after a log-normal wrap time (mean,
cv 0.6; the server's wrap-up timeout cuts it, as the simulator's does)."""

import heapq
import itertools
import random
import time

from leads import lognormal

POLL_S = 0.1


class Agents:
    def __init__(self, server, manager, campaign_id, tokens, p, seed):
        self.server, self.manager, self.cid = server, manager, campaign_id
        self.tokens = tokens                 # agent name -> bearer token
        self.p = p
        self.rng = random.Random(seed)
        self.due = []                        # heap of (time, seq, kind, agent, call_id)
        self.seq = itertools.count()
        self.seen = set()                    # (kind, call_id) already scheduled
        self.errors = 0

    def statuses(self):
        status, body = self.server.api('GET', '/agents?campaign=%s' % self.cid, self.manager)
        return body.get('agents', []) if status == 200 else []

    def schedule(self, s, drain):
        name, state, call_id = s.get('agent'), s.get('state'), s.get('call_id')
        if name not in self.tokens or not call_id:
            return
        if state == 'on_call' and ('talk', call_id) not in self.seen:
            self.seen.add(('talk', call_id))
            secs = 0 if drain else lognormal(self.rng, self.p['talk_mean'], self.p['talk_cv'])
            self.push(s['since'] / 1000.0 + secs, 'hangup', name, call_id)
        elif state == 'wrap_up' and ('wrap', call_id) not in self.seen:
            self.seen.add(('wrap', call_id))
            secs = 0 if drain else min(lognormal(self.rng, self.p['wrap_mean'], 0.6),
                                       self.p['wrap_timeout'])
            self.push(s['since'] / 1000.0 + secs, 'disposition', name, call_id)

    def push(self, when, kind, name, call_id):
        heapq.heappush(self.due, (when, next(self.seq), kind, name, call_id))

    def act(self, kind, name, call_id):
        token = self.tokens[name]
        if kind == 'hangup':
            status, _ = self.server.api('POST', '/agent/hangup', token)
        else:
            status, _ = self.server.api('POST', '/agent/disposition', token,
                                        {'call_id': call_id, 'code': 'not-interested'})
        # 409/404: the call ended or the wrap-up timed out meanwhile
        if status not in (200, 404, 409):
            self.errors += 1

    def run(self, until, drain=False):
        """Plays the agents until @until (time.time()); with @drain, every call is hung up
        and disposed of at once. Returns the last statuses seen."""
        last = []
        if drain:                            # what was planned for later is done now
            self.due = [(0.0,) + d[1:] for d in self.due]
            heapq.heapify(self.due)
        while time.time() < until:
            last = self.statuses()
            for s in last:
                self.schedule(s, drain)
            while self.due and self.due[0][0] <= time.time():
                _, _, kind, name, call_id = heapq.heappop(self.due)
                self.act(kind, name, call_id)
            if drain and all(s.get('state') not in ('on_call', 'wrap_up') for s in last) \
                    and not self.due:
                break
            wake = time.time() + POLL_S
            if self.due:
                wake = min(wake, self.due[0][0])
            time.sleep(max(0.0, wake - time.time()))
        return last
