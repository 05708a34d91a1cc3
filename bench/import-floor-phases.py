#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Where the bare-SQLite floor under the CSV import goes, phase by phase: the statements the
# import runs for N new contacts (2 phones, 1 e-mail, 4 outbox rows each), grouped so that
# each phase can be timed, on a COPY of a replica (it writes to it):
#
#   cp KEPT/replica.db /tmp/x/replica.db && python3 bench/import-floor-phases.py /tmp/x/replica.db 100000 [sort]
#
# "sort" inserts each table's rows in the order of its most random index (no gain measured).
# Python adds ~1.5 us per statement; bench-store's csv_import_sqlite_floor_rows_s is the C figure.
import random, sqlite3, sys, time
db = sys.argv[1]; n = int(sys.argv[2]); srt = len(sys.argv) > 3 and sys.argv[3] == "sort"
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA cache_size=-1048576"); con.execute("PRAGMA temp_store=MEMORY"); con.execute("PRAGMA mmap_size=2147418112")
random.seed(5)
base = 80000000 + random.randint(0, 1000) * 200000
ctr = [0]
def nextid():
    ctr[0] += 1
    return "0199%012x-0000-7000-8000-%012x" % (int(time.time()*1000), ctr[0])
rows = []
idx = list(range(base, base + n))
random.shuffle(idx)
for i in idx:
    rows.append((nextid(), "%sov%d, Ivan" % (chr(65 + i % 26), i * 7919 % 1000003), "+7%010d" % (9000000000 + i*2), "+7812%07d" % (i * 31 % 10000000), "n%d@import.example" % (i*7 % 10000019)))
site = "0190a1b2-3c4d-7000-8000-00000000site"
T = {}
def tick(name, t):
    T[name] = T.get(name, 0) + time.time() - t
    return time.time()
t0 = time.time(); t = t0
con.execute("BEGIN")
c = con.cursor()
keys = sorted([r[2] for r in rows] + [r[3] for r in rows]) if srt else [r[2] for r in rows] + [r[3] for r in rows]
for k in keys:
    c.execute("SELECT p.parent_id FROM phones p JOIN contacts c ON c.id = p.parent_id WHERE p.e164 = ? AND p.deleted = 0 AND c.deleted = 0 LIMIT 1", (k,)).fetchall()
for k in (sorted(r[4] for r in rows) if srt else [r[4] for r in rows]):
    c.execute("SELECT e.parent_id FROM emails e JOIN contacts c ON c.id = e.parent_id WHERE e.address = ? AND e.deleted = 0 AND c.deleted = 0 LIMIT 1", (k,)).fetchall()
t = tick("dedupe", t)
for r in (sorted(rows, key=lambda r: r[1]) if srt else rows):
    c.execute("INSERT INTO contacts (id, hlc, fv, name, owner, created_at) VALUES (?,?,?,?,?,?)", (r[0], 1, '{"*":[1,1]}', r[1], "u1", 1))
t = tick("contacts", t)
ph = [(r[0], r[2], "mobile") for r in rows] + [(r[0], r[3], "work") for r in rows]
for (cid, num, kind) in (sorted(ph, key=lambda p: p[1]) if srt else ph):
    pid = nextid()
    c.execute("INSERT INTO phones (id, hlc, fv, raw, kind, parent_tbl, parent_id, owner, e164, invalid, digits_rev) VALUES (?,?,?,?,?,?,?,?,?,?,?)", (pid, 1, '{"*":[1,1]}', num, kind, "contacts", cid, "u1", num, 0, num[::-1][:-1]))
t = tick("phones", t)
for r in (sorted(rows, key=lambda r: r[4]) if srt else rows):
    c.execute("INSERT INTO emails (id, hlc, fv, address, kind, parent_tbl, parent_id, owner) VALUES (?,?,?,?,?,?,?,?)", (nextid(), 1, '{"*":[1,1]}', r[4], "work", "contacts", r[0], "u1"))
t = tick("emails", t)
for r in rows:
    for k in range(4):
        c.execute("INSERT INTO outbox (tbl,row_id,field,value,hlc,site) VALUES (?,?,?,?,?,?)", ("contacts", r[0], "*", '{"name":"%s","owner":"u1","created_at":1}' % r[1], 1, site))
t = tick("outbox", t)
con.execute("DELETE FROM contacts_fts WHERE rowid IN (SELECT rid FROM fts_pending WHERE tbl = 'contacts')")
con.execute("INSERT INTO contacts_fts (rowid, name, tags, emails) SELECT s.rowid, s.name, s.tags, (SELECT group_concat(address, ' ') FROM emails e WHERE e.parent_id = s.id AND e.deleted = 0) FROM contacts s WHERE s.rowid IN (SELECT rid FROM fts_pending WHERE tbl = 'contacts') AND s.deleted = 0")
con.execute("DELETE FROM fts_pending")
t = tick("fts", t)
con.execute("COMMIT")
t = tick("commit", t)
print("sort" if srt else "nosort", "rows/s %.0f " % (n/(t-t0)), " ".join("%s %.2f" % kv for kv in T.items()))
