// Logs: the gateway's last N log lines, then new ones as they are logged (server-sent "log"
// events). The view keeps a bounded number of lines so a chatty gateway cannot exhaust the tab.

import { get } from '../api.js';
import { h, replace, text } from '../dom.js';
import * as fmt from '../format.js';
import { stream } from '../live.js';

const KEEP = 2000;

export async function render(main, ctx) {
  const lines = h('input', { id: 'log-lines', type: 'number', min: 1, max: 1000, value: '200', inputmode: 'numeric' });
  const live = h('input', { id: 'log-live', type: 'checkbox', checked: true });
  const status = h('span.live', { id: 'live-status' }, '');
  const body = h('tbody');
  const box = h('div.table-wrap.logs', null, h('table', { id: 'log-table' },
    h('thead', null, h('tr', null, ['Time', 'Level', 'Logger', 'Message'].map((t) => h('th', { scope: 'col' }, t)))), body));

  const row = (l) => h('tr', { dataset: { level: String(l.level || '').toLowerCase() } },
    h('td.time', null, fmt.instant(l.time)),
    h('td.level', null, l.level),
    h('td.logger', null, l.logger),
    h('td.message', null, l.message));

  const atBottom = () => box.scrollHeight - box.scrollTop - box.clientHeight < 8;
  const add = (l) => {
    const follow = atBottom();
    body.append(row(l));
    while (body.rows.length > KEEP) body.deleteRow(0);
    if (follow) box.scrollTop = box.scrollHeight;
  };

  let close = null;
  const follow = () => {
    if (close) close();
    close = live.checked ? stream('/logs/stream', { log: add }, (s) => text(status, s)) : null;
    if (!close) text(status, 'paused');
  };
  ctx.onLeave(() => close && close());

  const load = async () => {
    const n = Math.min(1000, Math.max(1, Number(lines.value) || 200));
    const last = await get(`/logs?lines=${n}`);
    if (!ctx.current()) return;
    replace(body, last.map(row));
    box.scrollTop = box.scrollHeight;
  };

  replace(main, h('div.page', { id: 'logs' },
    h('h1', null, 'Logs ', status),
    h('form.row', { onsubmit: async (e) => {
      e.preventDefault();
      try {
        await load();
      } catch (err) {
        ctx.error(err);
      }
    } },
    h('label', { for: 'log-lines' }, 'Last'), lines, h('span', null, 'lines'),
    h('button', { id: 'log-load', type: 'submit' }, 'Load'),
    h('label.check', null, live, ' live')),
    box));
  live.addEventListener('change', follow);
  await load();
  follow();
}
