'use strict';
// Polling and the page's state. Each refresh reads the drift report (every managed pool in one call) and getPool
// only for pools that roll or that the operator opened, so the page adds no read of its own to Azure's load.

const KEY_STORE = 'batch-image-rollout.dashboard.key';
const DEFAULT_POLL_S = 10, MIN_POLL_S = 2, MAX_POLL_S = 300, MAX_BACKOFF_MS = 5 * 60 * 1000, MAX_DETAILS = 25, MAX_CARDS = 300;

const state = {
  key: null, base: './', pollMs: DEFAULT_POLL_S * 1000, timer: null, inFlight: false, again: false,
  drift: null, driftError: null, failures: 0, updatedAt: null, nextAt: null, delayMs: null,
  details: new Map(), opened: new Set(), plans: new Map(), filter: '', rendered: '', flash: null,
};

function poolKey(entry) {
  return (entry.batchAccountId || '') + '|' + entry.poolId;
}

/**
 * The key comes in ?code= (how the Functions host takes it); it is kept for this tab only and removed from the
 * address bar, and every API call carries it as the x-functions-key header, never in a URL.
 */
function takeKey() {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code');
  if (code) {
    try { sessionStorage.setItem(KEY_STORE, code); } catch (e) { /* storage off: the key lives in memory only */ }
    url.searchParams.delete('code');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  let stored = null;
  try { stored = sessionStorage.getItem(KEY_STORE); } catch (e) { /* storage off */ }
  state.key = code || stored;
  const seconds = Number(url.searchParams.get('refresh'));
  if (Number.isFinite(seconds) && seconds > 0) state.pollMs = Math.min(MAX_POLL_S, Math.max(MIN_POLL_S, seconds)) * 1000;
  // The APIs are the dashboard's siblings: /api/dashboard -> /api/drift, whatever the host's route prefix.
  state.base = url.pathname.replace(/\/dashboard\/?$/i, '/');
}

async function api(method, path, body) {
  const headers = {'Accept': 'application/json'};
  if (state.key) headers['x-functions-key'] = state.key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(state.base + path, {method, headers, cache: 'no-store', credentials: 'same-origin',
    referrerPolicy: 'no-referrer', body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  let json = null;
  if (/json/i.test(response.headers.get('Content-Type') || '') && text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  return {ok: response.ok, status: response.status, statusText: response.statusText, text, json};
}

async function refresh() {
  if (state.inFlight) { state.again = true; return; }
  state.inFlight = true;
  clearTimeout(state.timer);
  try {
    const drift = await api('GET', 'drift');
    if (!drift.ok || !isObject(drift.json)) throw drift;
    state.drift = drift.json;
    state.driftError = null;
    await readDetails(drift.json);
    state.failures = 0;
    state.updatedAt = new Date();
  } catch (e) {
    state.failures++;
    state.driftError = isObject(e) && 'status' in e ? e : {status: 0, statusText: 'network error', text: String(e && e.message || e), json: null};
  } finally {
    state.inFlight = false;
    render();
    schedule();
    if (state.again) { state.again = false; refresh(); }
  }
}

async function readDetails(drift) {
  const wanted = list(drift.pools).filter(p => isObject(p) && (inProgress(p.rolloutPhase) || state.opened.has(poolKey(p))));
  const keep = new Set(wanted.map(poolKey));
  for (const key of [...state.details.keys()]) if (!keep.has(key) && !state.opened.has(key)) state.details.delete(key);
  for (const entry of wanted.slice(0, MAX_DETAILS)) await readDetail(entry);
}

async function readDetail(entry) {
  const path = 'pools/' + encodeURIComponent(entry.poolId)
    + (entry.batchAccountId ? '?batchAccountId=' + encodeURIComponent(entry.batchAccountId) : '');
  try {
    const answer = await api('GET', path);
    if (answer.ok && isObject(answer.json)) state.details.set(poolKey(entry), {json: answer.json, error: null});
    else state.details.set(poolKey(entry), {json: (state.details.get(poolKey(entry)) || {}).json || null, error: answer});
  } catch (e) {
    state.details.set(poolKey(entry), {json: null, error: {status: 0, statusText: 'network error', text: String(e), json: null}});
  }
}

/** Every pollMs while the tab is visible; after failures, twice as long each time (at most 5 minutes). */
function schedule() {
  clearTimeout(state.timer);
  state.nextAt = null;
  if (document.hidden) { renderStatus(); return; }
  const delay = state.failures ? Math.min(MAX_BACKOFF_MS, state.pollMs * 2 ** Math.min(state.failures, 10)) : state.pollMs;
  state.delayMs = delay;
  state.nextAt = Date.now() + delay;
  state.timer = setTimeout(refresh, delay);
  renderStatus();
}

function refreshNow() {
  refresh();
}

function toggleOpen(entry) {
  const key = poolKey(entry);
  if (state.opened.has(key)) { state.opened.delete(key); render(); return; }
  state.opened.add(key);
  render();
  readDetail(entry).then(render);
}

async function loadPlan(definitionId) {
  state.plans.set(definitionId, {loading: true});
  render();
  let plan;
  try {
    const answer = await api('GET', 'plan?image=' + encodeURIComponent(definitionId));
    if (answer.ok && isObject(answer.json)) plan = {json: answer.json};
    // The host answers an unknown route with an empty 404 (the local runner with a problem naming its routes).
    else if (answer.status === 404 && (!isObject(answer.json) || /No function answers/.test(String(answer.json.detail || '')))) plan = {unavailable: true};
    else plan = {error: answer};
  } catch (e) {
    plan = {error: {status: 0, statusText: 'network error', text: String(e), json: null}};
  }
  state.plans.set(definitionId, plan);
  render();
}

function flash(text) {
  state.flash = {text, until: Date.now() + 6000};
  renderStatus();
}

function renderStatus() {
  const status = document.getElementById('poll-state');
  const parts = [];
  if (state.updatedAt) parts.push('updated at ' + wallClock(state.updatedAt));
  if (state.driftError) parts.push('last refresh failed (HTTP ' + state.driftError.status + ')');
  if (document.hidden) parts.push('paused while the tab is hidden');
  else if (state.nextAt) parts.push('next in ' + Math.max(1, Math.round((state.nextAt - Date.now()) / 1000)) + ' s');
  if (state.flash && state.flash.until > Date.now()) parts.unshift(state.flash.text);
  status.textContent = parts.join(' · ') || 'loading…';
  status.classList.toggle('error', !!state.driftError);
}

function render() {
  renderStatus();
  const banner = document.getElementById('banner');
  banner.replaceChildren(state.driftError ? problemView(state.driftError) : '');
  banner.hidden = !state.driftError;
  const drift = state.drift;
  if (!drift) return;
  const entries = list(drift.pools).filter(p => isObject(p) && typeof p.poolId === 'string');
  const signature = JSON.stringify([drift, [...state.details.entries()], [...state.opened], [...state.plans.entries()], state.filter,
    Math.floor(clock.nowMs() / 60000)]);
  if (signature === state.rendered) return;
  state.rendered = signature;
  document.getElementById('summary').replaceChildren(...summaryView(drift, entries));
  const images = imageCards(drift, state.plans);
  document.getElementById('images').replaceChildren(...(images.length ? images : [el('p', {class: 'empty'}, 'No image definition is in use by a managed pool.')]));
  const matching = entries.filter(matchesFilter).sort(byUrgency);
  const shown = matching.slice(0, MAX_CARDS).map(e => {
    const detail = state.details.get(poolKey(e));
    return poolCard(e, detail && detail.json, detail && detail.error, state.opened.has(poolKey(e)), isCanary(e, entries));
  });
  if (matching.length > MAX_CARDS) {
    shown.push(el('p', {class: 'empty'}, (matching.length - MAX_CARDS) + ' more pools at rest or waiting: narrow them down with the filter.'));
  }
  document.getElementById('pools').replaceChildren(...(shown.length ? shown
    : [el('p', {class: 'empty'}, entries.length ? 'No pool matches the filter.' : 'No managed pool yet: create one with POST /api/pools or adopt one.')]));
}

/** A pool rolling a version that no other pool of its definition runs yet goes first: the wave's canary. */
function isCanary(entry, entries) {
  if (!inProgress(entry.rolloutPhase) || entry.rolloutPhase === 'Candidate') return false;
  const detail = (state.details.get(poolKey(entry)) || {}).json;
  const target = (detail && detail.rollout && detail.rollout.targetVersion) || entry.desiredVersion;
  const definition = definitionOf(isObject(entry.policy) ? entry.policy.image : null);
  if (!target || !definition) return false;
  return !entries.some(o => o !== entry && o.currentVersion === target && definitionOf(isObject(o.policy) ? o.policy.image : null) === definition
    && !(isObject(detail) && detail.group && (o.poolId === detail.group || String(o.poolId).startsWith(detail.group + '-v'))));
}

function matchesFilter(entry) {
  if (!state.filter) return true;
  const text = [entry.poolId, lastSegment(entry.batchAccountId), entry.currentVersion, entry.desiredVersion, entry.rolloutPhase,
    isObject(entry.policy) ? lastSegment(definitionOf(entry.policy.image)) : ''].join(' ').toLowerCase();
  return text.includes(state.filter);
}

/** Rolling first, then what needs a look (failed, blocked), then waiting, then at rest; by name within each. */
function byUrgency(a, b) {
  const rank = (e) => { const c = classify(e, (state.details.get(poolKey(e)) || {}).json); return c.tone === 'bad' ? 1 : c.tone === 'rolling' ? 0 : c.tone === 'blocked' ? 2 : c.tone === 'waiting' ? 3 : 4; };
  return rank(a) - rank(b) || String(a.poolId).localeCompare(String(b.poolId));
}

function summaryView(drift, entries) {
  const stat = (value, label, tone) => el('div', {class: 'stat' + (tone && value ? ' ' + tone : ''), dataset: {stat: label}}, el('b', {}, String(value)), el('span', {}, label));
  const rolling = entries.filter(e => inProgress(e.rolloutPhase)).length;
  const blocked = entries.filter(e => e.rolloutPhase === 'Blocked').length;
  const waiting = entries.filter(e => !inProgress(e.rolloutPhase) && list(e.holds).some(h => String(h).startsWith('waiting'))).length;
  const paused = entries.filter(e => e.paused === true).length;
  const out = [stat(drift.total ?? entries.length, 'pools'), stat(drift.inSync ?? 0, 'in sync'), stat(drift.drifted ?? 0, 'drifted', 'warn'),
    stat(rolling, 'rolling', 'go'), stat(waiting, 'waiting'), stat(blocked, 'blocked', 'warn'), stat(paused, 'paused', 'warn')];
  if (typeof drift.stuck === 'number') out.push(stat(drift.stuck, 'stuck', 'bad'));
  if (typeof drift.behind === 'number') out.push(stat(drift.behind, 'behind', 'warn'));
  if (typeof drift.endOfLifeSoon === 'number') out.push(stat(drift.endOfLifeSoon, 'end of life soon', 'warn'));
  if (drift.unknown) out.push(stat(drift.unknown, 'unknown', 'bad'));
  for (const account of list(drift.accountsNotRead).filter(isObject)) {
    out.push(el('div', {class: 'problem'}, 'account ' + lastSegment(account.batchAccountId) + ' not read: ' + (account.status || '') + ' '
      + (account.code || '') + ' ' + (account.message || '')));
  }
  return out;
}

function start() {
  clock.start(document.documentElement.dataset.servedAt);
  takeKey();
  wireDialog();
  document.getElementById('refresh-now').addEventListener('click', refreshNow);
  document.getElementById('filter').addEventListener('input', (e) => { state.filter = e.target.value.trim().toLowerCase(); render(); });
  document.addEventListener('visibilitychange', () => { if (document.hidden) schedule(); else refresh(); });
  setInterval(renderStatus, 1000);
  refresh();
}

start();
