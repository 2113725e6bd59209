'use strict';
// One card per managed pool: what the drift report says of every pool, and getPool's detail for the pools that roll
// or that the operator opened.

const AT_REST = new Set(['Stable', 'Blocked']);
const SEQUENCES = {
  inPlace: {steps: ['drain', 'change image', 'restore', 'verify'], alt: ['drain', 'image back', 'restore'], altLabel: 'roll back'},
  blueGreen: {steps: ['candidate', 'verify', 'move jobs', 'retire'], alt: ['jobs back', 'delete candidate'], altLabel: 'abort'},
};
const BAD_NODE_STATES = new Set(['startTaskFailed', 'unusable', 'offline', 'preempted']);

function inProgress(phase) {
  return typeof phase === 'string' && phase !== '' && !AT_REST.has(phase);
}

function strategyOf(entry, detail) {
  const policy = (detail && isObject(detail.policy)) ? detail.policy : (isObject(entry.policy) ? entry.policy : {});
  return policy.strategy === 'blueGreen' ? 'blueGreen' : 'inPlace';
}

/**
 * Where the phase stands in its strategy's sequence: {path: 'main'|'alt', index} or null at rest. Draining covers
 * three steps of an in-place roll: the drain, the image change once the pool is empty, and the restore that follows.
 */
function stepOf(phase, entry, detail) {
  const rollout = detail && isObject(detail.rollout) ? detail.rollout : {};
  const current = detail && isObject(detail.image) ? lastSegment(detail.image.versionId || detail.image.referenceId) : entry.currentVersion;
  const target = rollout.targetVersion || entry.desiredVersion;
  const empty = detail && isObject(detail.nodeCounts) && detail.nodeCounts.available
    && total(detail.nodeCounts) === 0 && detail.allocationState === 'Steady';
  switch (phase) {
    case 'Draining': return {path: 'main', index: current && target && current === target ? 2 : (empty ? 1 : 0)};
    case 'Verifying': return {path: 'main', index: 3};
    case 'RollingBack': {
      const previous = rollout.previousVersion;
      return {path: 'alt', index: previous && current === previous ? 2 : (empty ? 1 : 0)};
    }
    case 'RollingBackRestore': return {path: 'alt', index: 2};
    case 'CreatingCandidate': return {path: 'main', index: 0};
    case 'CandidateVerifying': return {path: 'main', index: 1};
    case 'MovingJobs': case 'AdoptingJobs': return {path: 'main', index: 2};
    case 'RetiringOldPool': return {path: 'main', index: 3};
    case 'Aborting': return {path: 'alt', index: 0};
    case 'Candidate': return {path: 'main', index: 1};
    default: return null;
  }
}

function total(nodeCounts) {
  let sum = 0;
  for (const kind of ['dedicated', 'lowPriority']) {
    if (isObject(nodeCounts[kind]) && typeof nodeCounts[kind].total === 'number') sum += nodeCounts[kind].total;
  }
  return sum;
}

function stepsView(strategy, step) {
  const sequence = SEQUENCES[strategy];
  const row = (names, path, label) => el('ol', {class: 'steps' + (path === 'alt' ? ' alt' : ''), dataset: {path}},
    label ? el('li', {class: 'label'}, label) : null,
    names.map((name, i) => {
      let state = '';
      if (step && step.path === path) state = i < step.index ? 'done' : (i === step.index ? 'current' : '');
      else if (step && step.path === 'alt' && path === 'main') state = 'done';
      return el('li', {class: state, dataset: {step: name}, 'aria-current': state === 'current' ? 'step' : null}, name);
    }));
  if (!step) return null;
  const rows = [row(sequence.steps, 'main', null)];
  if (step && step.path === 'alt') rows.push(row(sequence.alt, 'alt', sequence.altLabel + ':'));
  return rows;
}

/** Time in phase against its deadline: a bar that turns red once the deadline has passed. */
function timeView(entry, detail) {
  const rollout = detail && isObject(detail.rollout) ? detail.rollout : {};
  const since = rollout.since;
  const deadline = rollout.deadline || entry.phaseDeadline;
  if (!since && !deadline) return null;
  if (since) clock.saw(since);
  const now = clock.nowMs();
  const sinceMs = Date.parse(since);
  const deadlineMs = Date.parse(deadline);
  const parts = [];
  if (!Number.isNaN(sinceMs)) parts.push(formatDuration(now - sinceMs) + ' in phase (since ' + formatInstant(since) + ')');
  const stuck = rollout.stuck === true || entry.stuck === true || (!Number.isNaN(deadlineMs) && now > deadlineMs);
  if (!Number.isNaN(deadlineMs)) {
    parts.push(stuck ? 'deadline ' + formatInstant(deadline) + ' passed ' + formatDuration(now - deadlineMs) + ' ago'
      : 'deadline ' + formatInstant(deadline) + ', in ' + formatDuration(deadlineMs - now));
  }
  const view = [el('div', {class: 'line time' + (stuck ? ' late' : '')}, parts.join(' · '))];
  if (!Number.isNaN(sinceMs) && !Number.isNaN(deadlineMs) && deadlineMs > sinceMs) {
    const bar = el('div', {class: 'timebar' + (stuck ? ' late' : ''), role: 'presentation'}, el('div', {}));
    bar.firstChild.style.width = Math.min(100, Math.max(2, 100 * (now - sinceMs) / (deadlineMs - sinceMs))) + '%';
    view.push(bar);
  }
  return view;
}

function nodesView(detail) {
  if (!detail || !isObject(detail.nodeCounts)) return null;
  const counts = detail.nodeCounts;
  const scale = isObject(detail.scale) ? detail.scale : {};
  const target = scale.mode === 'fixed' ? (scale.targetDedicatedNodes || 0) + (scale.targetLowPriorityNodes || 0) : null;
  const about = [target !== null ? 'target ' + target : scale.mode === 'autoScale' ? 'autoscale' : null, detail.allocationState].filter(Boolean);
  const head = 'nodes' + (about.length ? ' (' + about.join(', ') + ')' : '');
  if (!counts.available) return el('div', {class: 'line'}, head + ': node counts unavailable: ' + (counts.reason || ''));
  const byState = new Map();
  for (const kind of ['dedicated', 'lowPriority']) {
    if (!isObject(counts[kind])) continue;
    for (const [state, n] of Object.entries(counts[kind])) {
      if (state !== 'total' && typeof n === 'number' && n > 0) byState.set(state, (byState.get(state) || 0) + n);
    }
  }
  const chips = [...byState.entries()].map(([state, n]) => el('span', {class: 'chip' + (BAD_NODE_STATES.has(state) ? ' bad' : '')}, state + ' ' + n));
  return el('div', {class: 'line nodes'}, el('b', {}, head + ': '), chips.length ? el('span', {class: 'chips'}, chips) : 'none');
}

function reasonsView(title, reasons) {
  const items = list(reasons).map(r => isObject(r) ? (r.code ? r.code + ': ' : '') + (r.message || '') : String(r));
  if (!items.length) return null;
  return el('div', {class: 'line'}, el('b', {}, title), el('ul', {class: 'reasons'}, items.map(t => el('li', {}, t))));
}

function waveView(detail) {
  const wave = detail && isObject(detail.wave) ? detail.wave : null;
  if (!wave) return null;
  return el('div', {class: 'line wave'}, el('b', {}, 'wave: '), 'waits at position ' + wave.position + ' of ' + wave.of
    + (wave.position === 1 ? ' (next to start)' : ''), list(wave.inProgress).length ? ' · rolling now: ' + list(wave.inProgress).join(', ') : '');
}

/** The pool's tone and badges: rolling, waiting, blocked, halted, tampered, paused, stuck... */
function classify(entry, detail) {
  const phase = (detail && detail.rollout && detail.rollout.phase) || entry.rolloutPhase;
  const decision = (detail && detail.rollout && detail.rollout.lastDecision) || entry.lastDecision || '';
  const holds = list(entry.holds).map(String);
  const paused = (detail && detail.rollout && detail.rollout.paused) || entry.paused === true;
  const tampered = /^(TAMPERED|UNREADABLE)/.test(decision) || !!(detail && detail.rollout && detail.rollout.unreadable);
  const failed = /^FAILED/.test(decision) || /PERMISSION DENIED/.test(decision);
  const halted = holds.some(h => h.startsWith('halted'));
  const waiting = !inProgress(phase) && (holds.some(h => h.startsWith('waiting')) || !!(detail && detail.wave));
  const stuck = entry.stuck === true || !!(detail && detail.rollout && detail.rollout.stuck === true);
  let tone = '';
  if (tampered || failed || stuck || halted) tone = 'bad';
  else if (inProgress(phase)) tone = 'rolling';
  else if (phase === 'Blocked') tone = 'blocked';
  else if (waiting) tone = 'waiting';
  return {phase, decision, holds, paused, tampered, failed, halted, waiting, stuck, tone};
}

/** Reasons the last decision already spells out are not listed twice. */
function untold(reasons, decision) {
  return list(reasons).filter(r => !(isObject(r) && r.message && decision.includes(r.message)));
}

function poolCard(entry, detail, detailError, opened, canary) {
  const c = classify(entry, detail);
  const strategy = strategyOf(entry, detail);
  const policy = isObject(entry.policy) ? entry.policy : {};
  const rollout = detail && isObject(detail.rollout) ? detail.rollout : {};
  const target = rollout.targetVersion || (entry.desiredVersion !== entry.currentVersion ? entry.desiredVersion : null);
  const phaseTone = c.tone === 'bad' ? 'red' : inProgress(c.phase) ? 'blue' : c.phase === 'Blocked' ? 'amber' : 'green';
  const card = el('article', {class: 'card pool ' + c.tone, dataset: {pool: entry.poolId, account: entry.batchAccountId || '', phase: c.phase || ''}},
    el('div', {class: 'card-head'}, el('h3', {}, entry.poolId), el('span', {class: 'muted'}, lastSegment(entry.batchAccountId))),
    el('div', {class: 'badges'},
      badge(c.phase || 'no phase', phaseTone + ' phase'),
      badge(strategy === 'blueGreen' ? 'blue-green' : 'in place'),
      badge(policy.mode === 'pinned' ? 'pinned' : 'tracked'),
      entry.status ? badge(entry.status, entry.status === 'inSync' ? 'green' : entry.status === 'drifted' ? 'amber' : '') : null,
      canary ? badge('canary', 'blue') : null,
      c.paused ? badge('paused', 'amber') : null,
      c.waiting ? badge('waiting', 'violet') : null,
      c.halted ? badge('halted', 'red') : null,
      c.tampered ? badge('tampered', 'red') : null,
      c.stuck ? badge('stuck', 'red') : null,
      typeof entry.daysBehind === 'number' && entry.daysBehind > 0 ? badge(entry.daysBehind + ' d behind', 'amber') : null),
    el('div', {class: 'versions'}, el('span', {class: 'mono'}, entry.currentVersion || '?'),
      target && target !== entry.currentVersion ? [el('span', {class: 'arrow'}, '→'), el('span', {class: 'mono target'}, target)] : null,
      inProgress(c.phase) && rollout.previousVersion && rollout.previousVersion !== entry.currentVersion
        ? el('span', {class: 'muted'}, ' (from ' + rollout.previousVersion + ')') : null,
      el('span', {class: 'muted'}, '  ' + lastSegment(definitionOf(policy.image)))),
    stepsView(strategy, stepOf(c.phase, entry, detail)),
    timeView(entry, detail),
    nodesView(detail),
    c.decision ? el('div', {class: 'decision'}, el('b', {}, 'last decision: '), c.decision) : null,
    reasonsView('blocked: ', untold(entry.blockedReasons, c.decision)),
    reasonsView('held: ', c.holds),
    waveView(detail),
    list(rollout.rejectedVersions).length ? el('div', {class: 'line'}, el('b', {}, 'rejected: '), list(rollout.rejectedVersions).join(', ')) : null,
    isObject(rollout.refusal) ? el('div', {class: 'line'}, el('b', {}, 'Azure refused: '), rollout.refusal.step + ' ' + rollout.refusal.version
      + ' (' + rollout.refusal.status + ' ' + rollout.refusal.code + ', ' + rollout.refusal.count + '×): ' + rollout.refusal.message) : null,
    rollout.unreadable ? el('div', {class: 'line'}, el('b', {}, 'unreadable state: '), rollout.unreadable) : null,
    detailError ? problemView(detailError) : null,
    opened && detail ? detailsView(detail) : null,
    actionsView(entry, c.paused, opened));
  return card;
}

function detailsView(detail) {
  const metadata = list(detail.metadata).filter(m => isObject(m) && !String(m.name).startsWith('batch-image-rollout.'));
  return el('div', {class: 'details'},
    el('div', {class: 'line'}, el('b', {}, 'VM size: '), detail.vmSize || '', detail.group && detail.group !== detail.poolId
      ? ' · group ' + detail.group : '', detail.activePoolId && detail.activePoolId !== detail.poolId ? ' · active pool ' + detail.activePoolId : ''),
    detail.rollout && detail.rollout.previousVersion ? el('div', {class: 'line'}, el('b', {}, 'previous version: '), detail.rollout.previousVersion) : null,
    list(detail.resizeErrors).length ? reasonsView('resize errors: ', detail.resizeErrors) : null,
    metadata.length ? el('div', {class: 'line metadata'}, el('b', {}, 'metadata: '),
      metadata.map(m => el('span', {class: 'chip'}, String(m.name) + '=' + String(m.value)))) : null);
}
