// SPDX-License-Identifier: GPL-3.0-or-later
// Live updates of a ticket's thread: polls thread.json for messages after the ones on the
// page and appends them (text only, through textContent). The page works without this.
'use strict';

(function () {
  const thread = document.getElementById('thread');
  if (!thread)
    return;
  const ticket = thread.dataset.ticket;
  let count = parseInt(thread.dataset.count, 10) || 0;

  function append(m) {
    const li = document.createElement('li');
    li.className = 'message ' + (m.from === 'customer' ? 'customer' : 'staff');
    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = m.who;
    const at = document.createElement('span');
    at.className = 'at';
    at.textContent = m.at;
    meta.append(who, ' · ', at);
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = m.text;
    li.append(meta, text);
    thread.append(li);
  }

  async function poll() {
    try {
      const r = await fetch('/portal/tickets/' + encodeURIComponent(ticket) +
                            '/thread.json?after=' + count, { credentials: 'same-origin' });
      if (r.ok) {
        const data = await r.json();
        for (const m of data.messages)
          append(m);
        count = data.count;
        const status = document.getElementById('status');
        status.textContent = data.status_text;
        status.className = 'status ' + data.status;
        document.getElementById('taken').textContent = data.taken;
      }
    } catch (e) {
      // offline for a moment: the next poll tries again
    }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
