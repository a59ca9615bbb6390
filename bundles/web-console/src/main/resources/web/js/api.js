// The console's only way to the gateway: JSON over /api/v1 with the session cookie (HttpOnly, so
// never seen here) and the CSRF token the login answered, sent on every request that changes
// something. The token lives in memory only: after a reload GET /session answers it again.
// A 401 anywhere means the session is gone: the app goes back to the login page.

import { takeEarly } from './early.js';

const BASE = '/api/v1';
let csrf = null;
let unauthorized = () => {};

/** An answer other than 2xx: its status, the server's message and its body (problems, …). */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Called on any 401 outside the login itself. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** Remembers the CSRF token of this session. */
export function setCsrf(token) {
  csrf = token || null;
}

/** @returns {boolean} whether a CSRF token is held */
export function hasCsrf() {
  return Boolean(csrf);
}

/**
 * One request.
 * @param {string} method GET, POST, PUT, DELETE
 * @param {string} path below /api/v1, already encoded ("/devices/" + encodeURIComponent(id))
 * @param {{json?: any, body?: BodyInit, headers?: object, expect?: 'json'|'text', login?: boolean, refresh?: boolean}} options
 *   refresh: the page asks by itself (a timer, an event), not the user: it does not keep the session alive
 * @returns {Promise<any>} the parsed JSON (or text), null for 204
 */
export async function request(method, path, options = {}) {
  const headers = { Accept: options.expect === 'text' ? 'text/plain, application/json' : 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  if (options.refresh) headers['X-Console-Refresh'] = '1';
  let res;
  try {
    const early = method === 'GET' && !options.headers && options.expect !== 'text' ? takeEarly(path) : null;
    if (early) res = await early.catch(() => null); // failed early: asked again below
    // an early answer from before a login (401) says nothing about the session now: ask again
    if (!res || (res.status === 401 && path !== '/session')) {
      res = await fetch(BASE + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
    }
  } catch (e) {
    throw new ApiError(0, `the gateway cannot be reached (${e.message})`, null);
  }
  const type = res.headers.get('Content-Type') || '';
  let payload = null;
  if (res.status !== 204) {
    const raw = await res.text();
    if (type.includes('json') && raw) {
      try {
        payload = JSON.parse(raw);
      } catch (e) {
        payload = raw;
      }
    } else {
      payload = raw;
    }
  }
  if (res.ok) return payload;
  const message = errorMessage(res, payload);
  if (res.status === 401 && !options.login) {
    setCsrf(null);
    unauthorized(message);
  }
  throw new ApiError(res.status, message, payload);
}

function errorMessage(res, payload) {
  if (payload && typeof payload === 'object' && typeof payload.error === 'string') return payload.error;
  if (payload && typeof payload === 'object' && Array.isArray(payload.problems)) {
    return `${payload.problems.length} problem${payload.problems.length === 1 ? '' : 's'}`;
  }
  if (typeof payload === 'string' && payload.trim() && payload.length < 300 && !payload.trimStart().startsWith('<')) return payload.trim();
  return `${res.status} ${res.statusText || 'error'}`;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, options) => request('POST', path, options);
export const put = (path, options) => request('PUT', path, options);
export const del = (path, options) => request('DELETE', path, options);

/** An encoded path segment. */
export const seg = (s) => encodeURIComponent(s);

/** The URL of a server-sent event stream below /api/v1. */
export const streamUrl = (path) => BASE + path;
