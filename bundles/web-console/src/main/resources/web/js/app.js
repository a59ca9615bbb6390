// The console: a single page with hash routes (#/overview, #/devices/ID, …). Each page module
// renders into <main> and registers what to close (streams, timers) when the page is left.

import { ApiError, del, get, hasCsrf, onUnauthorized, setCsrf } from './api.js';
import { h, replace, text } from './dom.js';
import * as login from './pages/login.js';
import * as overview from './pages/overview.js';
import * as devices from './pages/devices.js';
import * as device from './pages/device.js';
import * as descriptors from './pages/descriptors.js';
import * as features from './pages/features.js';
import * as logs from './pages/logs.js';

const ROUTES = [
  [/^overview$/, overview],
  [/^devices$/, devices],
  [/^devices\/([^/]+)$/, device],
  [/^descriptors$/, descriptors],
  [/^descriptors\/([^/]+)$/, descriptors],
  [/^features$/, features],
  [/^logs$/, logs],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const notice = document.getElementById('notice');
let session = null; // {user, csrf} once logged in
let leaving = [];
let generation = 0;
let loginMessage = null;

/** What a page gets to work with. */
function context() {
  const mine = ++generation;
  return {
    /** Registers something to run when the page is left (close a stream, clear a timer). */
    onLeave(fn) {
      leaving.push(fn);
    },
    /** @returns {boolean} whether this page is still the one shown */
    current() {
      return mine === generation;
    },
    /** Shows an error above the page. */
    error(e) {
      showNotice(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    },
    session() {
      return session;
    },
    /** Called by the login page once the server accepted the password. */
    loggedIn(answer) {
      session = answer;
      setCsrf(answer.csrf);
      loginMessage = null;
      const back = sessionStorage.getItem('mviot.console.after-login');
      sessionStorage.removeItem('mviot.console.after-login');
      go(back && back !== '#/login' ? back : '#/overview');
    },
    loginMessage() {
      return loginMessage;
    },
  };
}

function showNotice(message) {
  if (!message) {
    notice.hidden = true;
    return;
  }
  replace(notice, h('span', null, message), h('button.link', { type: 'button', 'aria-label': 'dismiss', onclick: () => showNotice(null) }, '×'));
  notice.hidden = false;
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function leave() {
  const fns = leaving;
  leaving = [];
  for (const fn of fns) {
    try {
      fn();
    } catch (e) {
      // one page's cleanup must not keep the next from showing
    }
  }
}

async function route() {
  leave();
  showNotice(null);
  const path = (location.hash || '#/overview').replace(/^#\/?/, '');
  if (path === 'login' || !session) {
    nav.hidden = true;
    text(document.getElementById('gateway-name'), '');
    if (path !== 'login' && path) sessionStorage.setItem('mviot.console.after-login', '#/' + path);
    document.body.dataset.page = 'login';
    login.render(main, context());
    return;
  }
  nav.hidden = false;
  for (const [pattern, page] of ROUTES) {
    const m = pattern.exec(path);
    if (m) {
      const name = path.split('/')[0];
      document.body.dataset.page = m.length > 1 && page === device ? 'device' : name;
      for (const a of nav.querySelectorAll('a[data-route]')) a.classList.toggle('active', a.dataset.route === name);
      replace(main, h('p.loading', null, 'Loading…'));
      try {
        await page.render(main, context(), ...m.slice(1).map(decodeURIComponent));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) {
          replace(main, h('p.error', { id: 'page-error' }, e.message));
        }
      }
      return;
    }
  }
  go('#/overview');
}

onUnauthorized((message) => {
  if (!session) return;
  session = null;
  loginMessage = 'Your session has ended: log in again.';
  if (message && !/^401\b/.test(message)) loginMessage = `Your session has ended (${message}): log in again.`;
  if (!location.hash.startsWith('#/login')) sessionStorage.setItem('mviot.console.after-login', location.hash);
  go('#/login');
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await del('/session', { login: true });
  } catch (e) {
    // gone already: logged out all the same
  }
  session = null;
  setCsrf(null);
  loginMessage = 'Logged out.';
  sessionStorage.removeItem('mviot.console.after-login');
  go('#/login');
});

window.addEventListener('hashchange', route);

// A reload keeps the session (its cookie); the server says whether it still holds and answers its
// CSRF token again, or why not (for instance: no admin password set yet, and how to set one).
(async () => {
  try {
    const answer = await get('/session', { login: true });
    session = answer || {};
    if (answer && answer.csrf) setCsrf(answer.csrf);
    if (!hasCsrf()) session = null; // no token to send with changes: log in again for a new one
  } catch (e) {
    session = null;
    if (e instanceof ApiError && e.status !== 401) loginMessage = e.message;
  }
  route();
})();
