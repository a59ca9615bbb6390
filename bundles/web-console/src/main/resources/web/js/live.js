// Server-sent events from /api/v1: one EventSource per page, closed when the page is left. The
// browser reconnects by itself after a network hiccup; a stream the server closed for good (401
// after the session ended) makes the page check the session, which leads back to the login.

import { streamUrl, get } from './api.js';

/**
 * Opens a stream.
 * @param {string} path below /api/v1 ("/events?device=sim-boiler")
 * @param {Object<string, function(object): void>} handlers by event name, each given the parsed data
 * @param {function(string): void} [onStatus] told "live", "reconnecting" or "closed"
 * @returns {function(): void} closes the stream
 */
export function stream(path, handlers, onStatus = () => {}) {
  const source = new EventSource(streamUrl(path));
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (e) => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return; // not ours to show: the server only sends JSON
      }
      handler(data);
    });
  }
  source.addEventListener('open', () => onStatus('live'));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      onStatus('closed');
      // a 401 here means the session is gone: asking the API sends the app to the login
      get('/session').catch(() => {});
    } else {
      onStatus('reconnecting');
    }
  });
  return () => source.close();
}

/**
 * Expands a "values" event ({"at": tick epoch ms, "devices": {"dev": [[channel, value, offset ms, quality?], ...]}})
 * into one change per channel, as the "value" events of before carried them.
 * @param {object} data the parsed event
 * @param {function({device: string, channel: string, value: *, quality: string, at: ?string}): void} each told every change
 */
export function eachValue(data, each) {
  const devices = data && typeof data.devices === 'object' && data.devices ? data.devices : {};
  for (const [device, changes] of Object.entries(devices)) {
    if (!Array.isArray(changes)) continue;
    for (const c of changes) {
      if (!Array.isArray(c) || c.length < 3) continue;
      const at = typeof c[2] === 'number' ? new Date(data.at + c[2]).toISOString() : null;
      each({ device, channel: c[0], value: c[1], quality: c.length > 3 ? c[3] : 'good', at });
    }
  }
}
