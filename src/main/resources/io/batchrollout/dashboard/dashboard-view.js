'use strict';
// DOM helpers. Every string from an API reaches the page as a text node or a property (textContent, value):
// pool metadata, decisions and Azure's messages are written by others, so nothing is ever parsed as markup.

/** el('div', {class: 'x', dataset: {pool: 'p'}}, 'text', otherNode, [more, nodes], null) */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function badge(text, tone) {
  return el('span', {class: 'badge' + (tone ? ' ' + tone : '')}, text);
}

/** The last segment of an ARM id: the account, definition or version name. */
function lastSegment(id) {
  if (typeof id !== 'string' || id === '') return '';
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] || id;
}

/** The image definition id a version id or definition id belongs to. */
function definitionOf(id) {
  if (typeof id !== 'string') return null;
  const at = id.toLowerCase().indexOf('/versions/');
  return at >= 0 ? id.substring(0, at) : id;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function list(value) {
  return Array.isArray(value) ? value : [];
}

// Time. The app's clock may differ from the browser's (and the local runner's simulated Azure keeps its own time):
// the page learns the app's time when it is served and never shows a time before one the APIs reported.
const clock = {
  skewMs: 0,
  latestSeenMs: 0,
  start(servedAt) {
    const served = Date.parse(servedAt);
    if (!Number.isNaN(served)) this.skewMs = served - Date.now();
  },
  saw(instant) {
    const ms = Date.parse(instant);
    if (!Number.isNaN(ms) && ms > this.latestSeenMs) this.latestSeenMs = ms;
  },
  nowMs() {
    return Math.max(Date.now() + this.skewMs, this.latestSeenMs);
  },
};

function pad(n) {
  return String(n).padStart(2, '0');
}

/** "09:26 UTC" for today on the app's clock, "Jan 5 09:26 UTC" otherwise. */
function formatInstant(instant) {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  const d = new Date(ms);
  const now = new Date(clock.nowMs());
  const time = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  const sameDay = d.getUTCFullYear() === now.getUTCFullYear() && d.getUTCMonth() === now.getUTCMonth()
    && d.getUTCDate() === now.getUTCDate();
  if (sameDay) return time + ' UTC';
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return months[d.getUTCMonth()] + ' ' + d.getUTCDate() + (d.getUTCFullYear() === now.getUTCFullYear() ? '' : ' ' + d.getUTCFullYear())
    + ' ' + time + ' UTC';
}

function formatDate(instant) {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  return new Date(ms).toISOString().substring(0, 10);
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h" */
function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min';
  const h = Math.floor(m / 60);
  if (h < 48) return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  return Math.floor(h / 24) + ' d' + (h % 24 ? ' ' + (h % 24) + ' h' : '');
}

function wallClock(date) {
  return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
}

/**
 * A problem+json answer as the API wrote it: title and status, detail, each entry of errors, and any other member
 * (reason, differences, azureError...) as name: value.
 */
function problemView(answer) {
  const box = el('div', {class: 'problem', role: 'alert'});
  const p = isObject(answer.json) ? answer.json : null;
  if (!p) {
    append(box, [el('b', {}, 'HTTP ' + answer.status + (answer.statusText ? ' ' + answer.statusText : '')),
      answer.text ? el('div', {}, answer.text.substring(0, 2000)) : el('div', {}, answer.status === 401 || answer.status === 403
        ? 'The app refused the key. Open the page with ?code=<function key>.' : 'The answer had no body.')]);
    return box;
  }
  append(box, el('b', {class: 'problem-title'}, (p.title !== undefined ? String(p.title) : 'Error') + ' (' + (p.status || answer.status) + ')'));
  if (p.detail !== undefined && p.detail !== null) append(box, el('div', {class: 'problem-detail'}, String(p.detail)));
  const errors = list(p.errors);
  if (errors.length) {
    append(box, el('ul', {class: 'problem-errors'}, errors.map(e => el('li', {},
      isObject(e) ? [e.pointer || e.field ? el('code', {}, String(e.pointer || e.field)) : null, ' ', String(e.detail ?? e.message ?? JSON.stringify(e))]
        : String(e)))));
  }
  const known = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);
  const extra = Object.entries(p).filter(([name]) => !known.has(name));
  if (extra.length) {
    append(box, el('ul', {class: 'problem-extensions'}, extra.map(([name, value]) =>
      el('li', {}, el('code', {}, name), ': ', typeof value === 'string' ? value : JSON.stringify(value)))));
  }
  return box;
}
