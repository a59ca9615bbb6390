// Builds DOM nodes from data without ever parsing it as HTML: text always goes through text nodes
// (textContent), attributes through setAttribute, handlers through addEventListener. Nothing here
// touches innerHTML, so a device name, a log line or a descriptor cannot inject markup or script.

/**
 * Creates an element.
 * @param {string} tag element name, optionally with classes: "td.value.num"
 * @param {object|null} attrs attributes; "on<event>" keys add listeners, boolean true sets an empty
 *   attribute, false/null/undefined leave it out; "dataset" is an object of data-* values
 * @param {...(Node|string|number|boolean|null|undefined|Array)} children nodes or text
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.classList.add(...classes);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'hidden' || key === 'selected') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, text, nested arrays; null and undefined are skipped). */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Sets the text of an element (nothing else). */
export function text(el, value) {
  el.textContent = value === null || value === undefined ? '' : String(value);
  return el;
}

/** A table inside a horizontally scrollable wrapper, so it stays usable on a phone. */
export function table(headers, rows, attrs) {
  return h('div.table-wrap', null,
    h('table', attrs,
      h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows)));
}

/** A definition list of [term, value] pairs; value may be a node. */
export function facts(pairs, attrs) {
  return h('dl.facts', attrs, pairs.flatMap(([term, value, key]) => [
    h('dt', null, term),
    h('dd', key ? { dataset: { fact: key } } : null, value === null || value === undefined || value === '' ? '–' : value),
  ]));
}

/** A state badge (online, offline, degraded, misconfigured, connected, …). */
export function badge(state, attrs) {
  const s = state === null || state === undefined ? 'unknown' : String(state);
  return h('span.badge', { ...attrs, dataset: { state: s.toLowerCase() } }, s);
}
