# SPDX-License-Identifier: GPL-3.0-or-later
"""The campaign bench's figures: the real run's from callcenter.db (calls, agent_states)
over the run's window, the simulator's from `ringdesk-cli simulate` with the same traffic."""

import os
import sqlite3
import subprocess


def rows(data, sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'callcenter.db'), uri=True,
                         timeout=10)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute(sql, args)]
    finally:
        db.close()


def overlap(r, t0, t1):
    end = r['ended_at'] if r['ended_at'] is not None else t1
    return max(0, min(end, t1) - max(r['started_at'], t0))


def real(data, campaign_id, t0, t1, agents):
    """Figures of the calls launched in [t0, t1) (Unix ms) and of the agents' time in it."""
    calls = rows(data, 'SELECT * FROM calls WHERE campaign_id = ? AND created_at >= ? '
                       'AND created_at < ?', (campaign_id, t0, t1))
    answered = [c for c in calls if c['answered_at'] is not None]
    abandoned = [c for c in calls if c['result'] == 'abandoned']
    bridged = [c for c in calls if c['bridged_at'] is not None]
    states = rows(data, 'SELECT * FROM agent_states WHERE campaign_id = ?', (campaign_id,))
    per = {}
    for r in states:
        per[r['state']] = per.get(r['state'], 0) + overlap(r, t0, t1)
    logged = sum(per.get(s, 0) for s in ('ready', 'on_call', 'wrap_up', 'previewing'))
    talks = [(c['ended_at'] - c['bridged_at']) / 1000 for c in bridged
             if c['ended_at'] and c['ended_at'] < t1]
    rings = [(c['answered_at'] - c['created_at']) / 1000 for c in answered]
    hours = (t1 - t0) / 3.6e6 * agents
    return {
        'calls': len(calls), 'answered': len(answered), 'abandoned': len(abandoned),
        'abandon_rate': len(abandoned) / max(1, len(answered)),
        'utilization': per.get('on_call', 0) / max(1, logged),
        'talk_mean_s': sum(talks) / max(1, len(talks)),
        'ring_mean_s': sum(rings) / max(1, len(rings)),
        'calls_per_agent_hour': len(calls) / hours,
        'connects_per_agent_hour': len(bridged) / hours,
        'results': {r: sum(1 for c in calls if c['result'] == r)
                    for r in sorted({c['result'] or '-' for c in calls})},
    }


def simulate(cli, args, seeds):
    """The simulator's figures over @seeds shifts: mean utilization and abandon rate, the
    pooled abandon rate, and each seed's utilization."""
    runs = []
    for seed in range(1, seeds + 1):
        out = subprocess.run([cli, 'simulate', '--seed', str(seed)] + args, check=True,
                             capture_output=True, text=True).stdout
        runs.append(numbers(out))
    n = len(runs)
    return {
        'utilization': sum(r['utilization'] for r in runs) / n,
        'utilization_min': min(r['utilization'] for r in runs),
        'utilization_max': max(r['utilization'] for r in runs),
        'abandon_rate': sum(r['abandon_rate'] for r in runs) / n,
        'abandon_pooled': sum(r['abandoned'] for r in runs) / max(1, sum(r['answered'] for r in runs)),
        'calls': sum(r['calls'] for r in runs) / n,
        'answered': sum(r['answered'] for r in runs) / n,
        'connects_per_agent_hour': sum(r['connects_per_agent_hour'] for r in runs) / n,
        'calls_per_agent_hour': sum(r['calls_per_agent_hour'] for r in runs) / n,
    }


def numbers(text):
    """The `name value` lines of `ringdesk-cli simulate` whose value is a number."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return out
