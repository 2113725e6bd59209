'use strict';
// One card per image definition: its newest versions with replication per region and readiness per account, from
// the drift report's images; on an app whose drift report has no images yet, the definitions its pools name.

function imageCards(drift, plans) {
  const images = list(drift.images).filter(isObject);
  if (images.length) return images.map(image => imageCard(image, plans.get(image.definitionId)));
  const definitions = new Map();
  for (const pool of list(drift.pools).filter(isObject)) {
    const definition = definitionOf(isObject(pool.policy) ? pool.policy.image : null);
    if (!definition) continue;
    if (!definitions.has(definition)) definitions.set(definition, {desired: new Set(), used: new Map()});
    const facts = definitions.get(definition);
    if (pool.desiredVersion) facts.desired.add(pool.desiredVersion);
    if (pool.currentVersion) facts.used.set(pool.currentVersion, (facts.used.get(pool.currentVersion) || 0) + 1);
  }
  const byVersion = (a, b) => b.localeCompare(a, undefined, {numeric: true});
  return [...definitions.entries()].map(([definitionId, facts]) => el('article', {class: 'card image', dataset: {definition: definitionId}},
    el('div', {class: 'card-head'}, el('h3', {}, lastSegment(definitionId)), el('span', {class: 'muted'}, galleryOf(definitionId))),
    el('div', {class: 'line'}, el('b', {}, 'pools should run: '), [...facts.desired].sort(byVersion).join(', ') || 'none'),
    el('div', {class: 'line'}, el('b', {}, 'in use: '), [...facts.used.keys()].sort(byVersion)
      .map(v => v + ' (' + facts.used.get(v) + (facts.used.get(v) === 1 ? ' pool)' : ' pools)')).join(', ')),
    el('div', {class: 'line empty'}, 'Replication per region appears when the drift report lists images.'),
    planView(definitionId, plans.get(definitionId))));
}

function galleryOf(definitionId) {
  const parts = String(definitionId).split('/');
  const at = parts.findIndex(p => p.toLowerCase() === 'galleries');
  return at >= 0 && parts[at + 1] ? 'gallery ' + parts[at + 1] : '';
}

function imageCard(image, plan) {
  const versions = list(image.versions).filter(isObject);
  return el('article', {class: 'card image', dataset: {definition: image.definitionId || ''}},
    el('div', {class: 'card-head'}, el('h3', {}, lastSegment(image.definitionId)), el('span', {class: 'muted'}, galleryOf(image.definitionId))),
    el('div', {class: 'line'}, el('b', {}, 'newest: '), image.newestVersion || 'none'),
    versions.length ? el('div', {class: 'table-wrap'}, el('table', {},
      el('thead', {}, el('tr', {}, ['version', 'region', 'replication', 'replicas', 'ready for'].map(h => el('th', {}, h)))),
      el('tbody', {}, versions.map(versionRows)))) : el('div', {class: 'line empty'}, 'no versions listed'),
    shortfallView(image.replicaShortfall),
    endOfLifeView(image.endOfLife),
    planView(image.definitionId, plan));
}

// Gated promotion: a candidate waits for canaries, bakes on them, then is promoted to latest or rejected.
const PROMOTION_TONES = {candidate: 'blue', baking: 'amber', promoted: 'green', rejected: 'red'};

function versionRows(version) {
  const regions = list(version.regions).filter(isObject);
  const readiness = list(version.readiness).filter(isObject);
  const rows = Math.max(1, regions.length);
  const out = [];
  for (let i = 0; i < rows; i++) {
    const region = regions[i];
    const cells = [];
    if (i === 0) {
      cells.push(el('td', {rowspan: rows}, el('b', {class: 'mono'}, version.version || lastSegment(version.versionId)),
        version.provisioningState && version.provisioningState !== 'Succeeded' ? [' ', badge(version.provisioningState, 'amber')] : null,
        version.excludeFromLatest ? [' ', badge('excluded from latest')] : null,
        isObject(version.promotion) ? el('div', {class: 'promotion', title: version.promotion.reason || ''},
          badge('promotion: ' + (version.promotion.state || ''), PROMOTION_TONES[version.promotion.state] || 'blue'),
          version.promotion.reason ? el('div', {class: 'muted'}, version.promotion.reason) : null) : null,
        version.endOfLifeDate ? el('div', {class: 'muted'}, 'end of life ' + formatDate(version.endOfLifeDate)) : null));
    }
    if (region) {
      const state = region.state || 'unknown';
      const progress = typeof region.progress === 'number' ? region.progress : null;
      cells.push(el('td', {}, region.region || ''),
        el('td', {}, badge(state, state === 'Completed' ? 'green' : state === 'Failed' ? 'red' : 'blue'),
          progress !== null && state !== 'Completed' ? [' ', el('progress', {max: 100, value: progress}), ' ' + progress + '%'] : null),
        el('td', {}, region.replicas !== undefined && region.replicas !== null ? String(region.replicas) : '',
          remediationNote(version, region.region)));
    } else {
      cells.push(el('td', {colspan: 3, class: 'empty'}, 'not replicated anywhere yet'));
    }
    if (i === 0) {
      cells.push(el('td', {rowspan: rows}, readiness.length ? readiness.map(r => el('div', {class: 'readiness'},
        badge((r.ready ? 'ready: ' : 'not ready: ') + lastSegment(r.batchAccountId) + ' ' + (r.region || ''), r.ready ? 'green' : 'amber'),
        r.ready ? null : el('ul', {class: 'reasons'}, list(r.reasons).map(x => el('li', {}, isObject(x) ? (x.code || '') + ': ' + (x.message || '') : String(x))))))
        : el('span', {class: 'empty'}, 'no account tracks it')));
    }
    out.push(el('tr', {}, cells));
  }
  return out;
}

/** GALLERY_REMEDIATION's change to this region of the version (the drift report's versions[].remediation), if any. */
function remediationNote(version, region) {
  const change = list(version.remediation).filter(isObject).find(r => r.region === region);
  if (!change) return null;
  return [' ', badge(change.from === 0 ? 'added by the app' : 'raised by the app from ' + change.from,
    change.state === 'Completed' ? 'green' : change.state === 'Failed' ? 'red' : 'blue')];
}

function shortfallView(shortfalls) {
  const items = list(shortfalls).filter(isObject);
  if (!items.length) return null;
  return el('div', {class: 'line'}, el('b', {}, 'replica shortfall: '), el('ul', {class: 'reasons'}, items.map(s => el('li', {},
    s.version + ' in ' + s.region + ': ' + s.replicasPresent + ' of ' + s.replicasNeeded + ' replicas for ' + s.nodes
    + ' nodes of ' + lastSegment(s.largestPoolId) + ' (' + s.shortfall + ' short)'))));
}

function endOfLifeView(entries) {
  const items = list(entries).filter(isObject);
  if (!items.length) return null;
  return el('div', {class: 'line'}, el('b', {}, 'end of life: '), el('ul', {class: 'reasons'}, items.map(e => el('li', {},
    e.version + ' ' + (e.daysLeft < 0 ? 'ended ' + (-e.daysLeft) + ' d ago' : 'ends in ' + e.daysLeft + ' d') + ' ('
    + formatDate(e.endOfLifeDate) + '), used by ' + list(e.pools).join(', ')))));
}

/** The dry-run plan, asked for on demand only (it reads the gallery and every pool of the definition). */
function planView(definitionId, plan) {
  const button = el('button', {type: 'button', class: 'btn small', dataset: {planFor: definitionId},
    onclick: () => loadPlan(definitionId)}, plan ? 'Plan again' : 'What would roll? (plan)');
  if (!plan) return el('div', {class: 'actions'}, button);
  if (plan.loading) return el('div', {class: 'line muted'}, 'asking for the plan…');
  if (plan.unavailable) return el('div', {class: 'line'}, el('span', {class: 'empty'}, 'This app has no dry-run plan (GET /api/plan) yet.'), ' ', button);
  if (plan.error) return el('div', {}, problemView(plan.error), button);
  const body = plan.json || {};
  const pools = list(body.pools).filter(isObject);
  return el('div', {class: 'plan'}, el('div', {class: 'line'}, el('b', {}, 'plan for ' + (body.version || '?') + ': '),
    isObject(body.summary) ? Object.entries(body.summary).map(([k, v]) => k + ' ' + v).join(', ') : ''),
  el('div', {class: 'table-wrap'}, el('table', {}, el('thead', {}, el('tr', {}, ['#', 'pool', 'action', 'why'].map(h => el('th', {}, h)))),
    el('tbody', {}, pools.map(p => el('tr', {}, el('td', {}, String(p.order ?? '')), el('td', {}, p.poolId || ''),
      el('td', {}, badge(p.action || '?', p.action === 'roll' ? 'blue' : p.action === 'wait' ? 'violet' : '')), el('td', {}, p.why || '')))))),
  button);
}
