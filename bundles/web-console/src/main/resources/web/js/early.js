// The landing page's data, asked for by the page's first script: it runs as soon as it has arrived
// (index.html loads it async, no imports), so the session check and the overview's two requests
// travel while the rest of the modules load and run, not after them. api.js hands each answer to
// the first GET of its path within two seconds; anything not taken is dropped.

const WANTED = /^#?\/?(overview)?$/.test(location.hash) ? ['/session', '/overview', '/devices'] : [];
const at = Date.now();
const pending = new Map();
for (const path of WANTED) {
  const answer = fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
  answer.catch(() => {}); // a failure is seen (and reported) by whoever takes it
  pending.set(path, answer);
}

/**
 * @param {string} path below /api/v1
 * @returns {Promise<Response>|null} the early answer of a GET of this path, once, or null
 */
export function takeEarly(path) {
  const answer = pending.get(path);
  pending.delete(path);
  return answer && Date.now() - at < 2000 ? answer : null;
}
