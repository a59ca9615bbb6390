// Devices: each device's state with its reason and since when, kept current by the server's
// "state" events; the last-value column follows the "values" events. A device that appears (a
// descriptor saved) or goes makes the list load again.

import { get } from '../api.js';
import { badge, h, replace, table, text } from '../dom.js';
import * as fmt from '../format.js';
import { stream, eachValue } from '../live.js';

export async function render(main, ctx) {
  const rows = new Map();
  const status = h('span.live', { id: 'live-status' }, 'connecting…');
  const box = h('div', { id: 'devices-list' });

  const draw = (list) => {
    rows.clear();
    const body = list.map((d) => {
      const row = h('tr', { dataset: { device: d.id } },
        h('td', null, h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.id)),
        h('td.driver', null, d.driver),
        h('td.state', null, badge(d.state)),
        h('td.reason', null, d.reason || ''),
        h('td.since', null, when(d.since)),
        h('td.thing', null, d.thing || ''),
        h('td.last-value', null, when(d.lastValueAt)));
      rows.set(d.id, row);
      return row;
    });
    replace(box, list.length === 0
      ? h('p', null, 'No devices yet: add a descriptor on the ', h('a', { href: '#/descriptors' }, 'Descriptors'), ' page.')
      : table(['Device', 'Driver', 'State', 'Reason', 'Since', 'Thing', 'Last value'], body, { id: 'devices-table' }));
  };

  draw(await get('/devices'));
  if (!ctx.current()) return;
  replace(main, h('div.page', { id: 'devices' }, h('h1', null, 'Devices ', status), box));

  // a device not in the list: load the list again, at most once a second however many events ask
  let reload = null;
  const reloadSoon = () => {
    if (reload) return;
    reload = setTimeout(async () => {
      try {
        const list = await get('/devices', { refresh: true }); // the page's own, on a device event
        if (ctx.current()) draw(list);
      } catch (e) {
        if (ctx.current() && e.status !== 401) ctx.error(e);
      } finally {
        reload = null;
      }
    }, 1000);
  };
  ctx.onLeave(() => clearTimeout(reload));

  ctx.onLeave(stream('/events', {
    state: (e) => {
      const row = rows.get(e.device);
      if (!row) {
        reloadSoon();
        return;
      }
      replace(row.querySelector('.state'), badge(e.state));
      text(row.querySelector('.reason'), e.reason || '');
      replace(row.querySelector('.since'), when(e.since));
      if (e.state === 'removed' || e.state === 'gone') reloadSoon();
    },
    values: (tick) => eachValue(tick, (e) => {
      const row = rows.get(e.device);
      if (row) replace(row.querySelector('.last-value'), when(e.at));
      else reloadSoon();
    }),
  }, (s) => text(status, s)));
}

function when(iso) {
  return iso ? h('time', { datetime: iso, title: fmt.age(iso) }, fmt.instant(iso)) : '–';
}
