// One device: its state, and each channel's live value (server-sent "values" events for this device
// only, no polling), quality, last change and twin path. A writable channel has a form; the server
// applies the same type and range checks as a twin command and its answer is shown as it is.

import { ApiError, get, put, seg } from '../api.js';
import { badge, facts, h, replace, table, text } from '../dom.js';
import * as fmt from '../format.js';
import { stream, eachValue } from '../live.js';

export async function render(main, ctx, id) {
  let d;
  try {
    d = await get(`/devices/${seg(id)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replace(main, h('div.page', { id: 'device' }, h('p.error', { id: 'page-error' }, e.message), h('a', { href: '#/devices' }, 'All devices')));
      return;
    }
    throw e;
  }
  if (!ctx.current()) return;
  const channels = Array.isArray(d.channels) ? d.channels : [];
  const rows = new Map();
  const header = h('div', { id: 'device-state' });
  const showState = (s) => replace(header, facts([
    ['State', badge(s.state), 'state'],
    ['Reason', s.reason, 'reason'],
    ['Since', s.since ? `${fmt.instant(s.since)} (${fmt.age(s.since)})` : null, 'since'],
  ]));
  showState(d);
  const status = h('span.live', { id: 'live-status' }, 'connecting…');

  const body = channels.map((c) => {
    const row = h('tr', { dataset: { channel: c.id } },
      h('th', { scope: 'row' }, c.id),
      h('td.value.num', null, fmt.value(c.value, c.unit)),
      h('td.quality', null, quality(c.quality)),
      h('td.changed', null, changed(c.changedAt)),
      h('td.twin', null, h('code', null, c.twinPath || '')),
      h('td.type', null, [c.type, c.access].filter(Boolean).join(', '), range(c)),
      h('td.write', null, writable(c) ? writeForm(id, c) : ''));
    rows.set(c.id, { row, channel: c });
    return row;
  });

  replace(main, h('div.page', { id: 'device', dataset: { device: d.id } },
    h('p.crumbs', null, h('a', { href: '#/devices' }, 'Devices'), ' / ', d.id),
    h('h1', null, d.id, ' ', status),
    h('div.grid', null,
      h('section.card', null, h('h2', null, 'State'), header),
      h('section.card', null, h('h2', null, 'Device'), facts([
        ['Driver', d.driver, 'driver'],
        ['Thing', d.thing, 'thing'],
        ['Last value', d.lastValueAt ? fmt.instant(d.lastValueAt) : null, 'last-value'],
      ]))),
    h('section.card', null,
      h('h2', null, 'Channels'),
      channels.length === 0 ? h('p', null, 'No channels.')
        : table(['Channel', 'Value', 'Quality', 'Changed', 'Twin path', 'Type', 'Write'], body, { id: 'channels-table' }))));

  ctx.onLeave(stream(`/events?device=${seg(id)}`, {
    values: (tick) => eachValue(tick, (e) => {
      if (e.device !== d.id) return;
      const entry = rows.get(e.channel);
      if (!entry) return;
      const { row, channel } = entry;
      const cell = row.querySelector('.value');
      text(cell, fmt.value(e.value, channel.unit));
      cell.dataset.at = e.at || '';
      replace(row.querySelector('.quality'), quality(e.quality));
      replace(row.querySelector('.changed'), changed(e.at));
      flash(row);
    }),
    state: (e) => {
      if (e.device === d.id) showState(e);
    },
  }, (s) => text(status, s)));
}

function writable(c) {
  return typeof c.access === 'string' && /write/i.test(c.access);
}

function quality(q) {
  return q ? h('span.quality', { dataset: { quality: String(q).toLowerCase() } }, q) : '–';
}

function changed(iso) {
  // the time of day is what changes from one value to the next; the date is in the tooltip
  return iso ? h('time', { datetime: iso, title: fmt.instant(iso) }, fmt.instant(iso).slice(11)) : '–';
}

function range(c) {
  const has = (v) => v !== null && v !== undefined;
  if (!has(c.min) && !has(c.max)) return null;
  return h('span.muted', null, ` [${has(c.min) ? c.min : '…'} … ${has(c.max) ? c.max : '…'}]`);
}

function flash(row) {
  row.classList.remove('flash');
  // restart the animation: reading layout between removing and adding the class is what makes it run again
  void row.offsetWidth;
  row.classList.add('flash');
}

/** The value typed, as the JSON the channel's type wants; anything else goes as text for the server to refuse with its reason. */
function typed(c, raw) {
  const t = String(c.type || '').toLowerCase();
  const s = raw.trim();
  if (t === 'boolean' && (s === 'true' || s === 'false')) return s === 'true';
  if ((t === 'double' || t === 'float' || t === 'integer' || t === 'long' || t === 'int' || t === 'number') && s !== '' && Number.isFinite(Number(s))) return Number(s);
  return raw;
}

function writeForm(deviceId, c) {
  const isBoolean = String(c.type || '').toLowerCase() === 'boolean';
  const input = isBoolean
    ? h('select', { name: 'value', 'aria-label': `new value of ${c.id}` }, h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'))
    : h('input', { name: 'value', type: 'text', inputmode: 'decimal', size: 8, required: true, 'aria-label': `new value of ${c.id}`,
      placeholder: c.value === null || c.value === undefined ? '' : String(c.value) });
  const result = h('span.write-result', { role: 'status' });
  const button = h('button', { type: 'submit' }, 'Set');
  return h('form.write', { dataset: { channel: c.id }, onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    result.className = 'write-result';
    text(result, 'writing…');
    try {
      const answer = await put(`/devices/${seg(deviceId)}/channels/${seg(c.id)}`, { json: { value: typed(c, input.value) } });
      result.classList.add('ok');
      const status = answer && answer.status !== undefined ? String(answer.status) : 'written';
      text(result, answer && answer.written !== undefined && answer.written !== null ? `${status}: ${fmt.value(answer.written, c.unit)}` : status);
    } catch (err) {
      result.classList.add('err');
      text(result, err.message);
    } finally {
      button.disabled = false;
    }
  } }, input, button, result);
}
