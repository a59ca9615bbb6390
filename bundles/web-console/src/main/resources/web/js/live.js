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
