// Overview: the gateway at a glance (identity, resources, time, position, cloud link and its
// backlog, drivers) and every device's state. Refreshed every few seconds while shown: one small
// request, not a stream per figure.

import { get } from '../api.js';
import { badge, facts, h, replace, table, text } from '../dom.js';
import * as fmt from '../format.js';

const REFRESH_MS = 5000;

export async function render(main, ctx) {
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));
  // the first look is the user's; the timer's refreshes are the page's own and do not keep the session alive
  const refresh = async (byTimer) => {
    const options = byTimer ? { refresh: true } : undefined;
    const [o, devices] = await Promise.all([get('/overview', options), get('/devices', options)]);
    if (!ctx.current()) return;
    text(document.getElementById('gateway-name'), o.gateway && o.gateway.id);
    replace(main, view(o, devices));
  };
  await refresh();
  const again = () => {
    timer = setTimeout(async () => {
      try {
        await refresh(true);
      } catch (e) {
        if (ctx.current() && e.status !== 401) ctx.error(e);
      }
      if (ctx.current()) again();
    }, REFRESH_MS);
  };
  again();
}

function view(o, devices) {
  const g = o.gateway || {};
  const mem = g.memory || {};
  const disk = g.disk || {};
  const link = o.link || {};
  const invalid = Array.isArray(o.invalidDescriptors) ? o.invalidDescriptors : [];
  return h('div.page', { id: 'overview' },
    h('h1', null, 'Overview'),
    h('div.grid', null,
      h('section.card', { id: 'overview-gateway' },
        h('h2', null, 'Gateway'),
        facts([
          ['Id', g.id, 'id'],
          ['Version', g.version, 'version'],
          ['Profile', g.profile, 'profile'],
          ['Uptime', fmt.duration(g.uptimeSeconds), 'uptime'],
          ['CPU', g.loadAverage !== undefined && g.loadAverage !== null
            ? `${fmt.percent(g.cpuPercent)} (load ${Number(g.loadAverage).toFixed(2)}${g.cpuCount ? ` on ${g.cpuCount} cores` : ''})`
            : fmt.percent(g.cpuPercent), 'cpu'],
          ['Memory', mem.rssBytes !== undefined ? `${fmt.bytes(mem.rssBytes)} used of ${fmt.bytes(mem.totalBytes)} (${fmt.bytes(mem.availableBytes)} available)` : null, 'memory'],
          ['Disk', disk.totalBytes !== undefined && disk.totalBytes !== null ? `${fmt.bytes(disk.freeBytes)} free of ${fmt.bytes(disk.totalBytes)}` : null, 'disk'],
          ['Temperature', g.temperatureC === null || g.temperatureC === undefined ? 'not measured' : `${Number(g.temperatureC).toFixed(1)} °C`, 'temperature'],
        ])),
      h('section.card', { id: 'overview-link' },
        h('h2', null, 'Cloud link'),
        facts([
          ['State', badge(link.state), 'link-state'],
          ['Broker', link.broker, 'broker'],
          ['Since', since(link.since), 'link-since'],
          ['Last error', link.lastError, 'last-error'],
          ['Backlog', link.backlogUpdates !== undefined && link.backlogUpdates !== null ? `${link.backlogUpdates} updates, ${fmt.bytes(link.backlogBytes)}` : null, 'backlog'],
          ['Oldest queued', link.oldestQueuedSeconds === null || link.oldestQueuedSeconds === undefined ? 'nothing queued' : `${fmt.duration(link.oldestQueuedSeconds)} ago`, 'oldest-queued'],
          link.dropped ? ['Dropped', `${link.dropped} updates`, 'dropped'] : null,
        ].filter(Boolean))),
      h('section.card', { id: 'overview-time' },
        h('h2', null, 'Time'),
        facts(flatten(o.time))),
      h('section.card', { id: 'overview-position' },
        h('h2', null, 'Position'),
        facts(flatten(o.position))),
      h('section.card', { id: 'overview-drivers' },
        h('h2', null, 'Drivers installed'),
        drivers(o.drivers))),
    invalid.length === 0 ? null : h('section.card', { id: 'overview-invalid' },
      h('h2', null, h('a', { href: '#/descriptors' }, `Descriptors refused (${invalid.length})`)),
      h('ul.problems', null, invalid.map((i) => h('li', null, h('code', null, i.origin || ''), ' ', i.problem || '')))),
    h('section.card', { id: 'overview-devices' },
      h('h2', null, h('a', { href: '#/devices' }, `Devices (${devices.length})`)),
      devices.length === 0 ? h('p', null, 'No devices: add a descriptor.') :
        table(['Device', 'State', 'Reason', 'Since'], devices.map((d) => h('tr', { dataset: { device: d.id } },
          h('td', null, h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.id)),
          h('td.state', null, badge(d.state)),
          h('td.reason', null, d.reason || ''),
          h('td.since', null, since(d.since)))))));
}

function since(iso) {
  return iso ? h('time', { datetime: iso, title: fmt.instant(iso) }, fmt.age(iso)) : null;
}

function drivers(list) {
  if (!Array.isArray(list) || list.length === 0) return h('p', null, 'none');
  return h('ul.chips', null, list.map((d) => {
    if (d && typeof d === 'object') {
      const name = d.name || d.id || d.driver || JSON.stringify(d);
      const more = Object.entries(d).filter(([k, v]) => !['name', 'id', 'driver'].includes(k) && v !== null && typeof v !== 'object');
      return h('li', { dataset: { driver: name } }, name, more.length ? h('span.muted', null, ` ${more.map(([, v]) => v).join(' ')}`) : null);
    }
    return h('li', { dataset: { driver: String(d) } }, String(d));
  }));
}

/** Words for the keys the gateway reports in its time and position features. */
const LABELS = {
  lat: 'Latitude', lon: 'Longitude', alt: 'Altitude (m)', fix: 'Fix', source: 'Source', synced: 'Synced', discipline: 'Discipline',
  offsetMs: 'Offset (ms)', stratum: 'Stratum', server: 'Server', quality: 'Quality', accuracy: 'Accuracy (m)', speed: 'Speed', heading: 'Heading',
};

function label(key) {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An object of unknown depth as [label, text, key] triples ("Synced", "Source name"). */
function flatten(obj, prefix = '') {
  if (!obj || typeof obj !== 'object') return [['–', obj === undefined || obj === null ? 'not reported' : String(obj)]];
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v, `${key}.`));
    else out.push([label(key), Array.isArray(v) ? v.join(', ') : v === null ? '–' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v), key]);
  }
  return out.length ? out : [['–', 'not reported']];
}
