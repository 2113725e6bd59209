'use strict';
// Operator actions (POST pools/{poolId}/rollout), each behind a dialog that names the pool and what will happen.

const ACTIONS = {
  pause: {label: 'Pause', tone: '', says: (p) => 'Passes take no step on ' + p + ' until it is resumed. A rollout in progress stays in its phase; nothing is undone.'},
  resume: {label: 'Resume', tone: '', says: (p) => 'Passes take steps on ' + p + ' again: a rollout in progress continues from its phase, a pool at rest rolls when its version is ready.'},
  retry: {label: 'Retry', tone: '', says: (p) => 'Forgets the versions rejected on ' + p + ', a step Azure refused and spent attempts, so the next pass tries again. In a halted wave, the other pools follow once ' + p + ' is healthy.'},
  rollback: {label: 'Roll back', tone: 'danger', says: (p, strategy) => strategy === 'blueGreen'
    ? 'Aborts the blue-green rollout of ' + p + ' while the old pool still has its capacity: moved jobs go back, the candidate pool is deleted and the version is rejected for ' + p + '.'
    : 'Drains ' + p + ' (running tasks finish) and puts it back on its previous version, even after a finished rollout; the version is rejected for ' + p + '.'},
};

function actionsView(entry, paused, opened) {
  const strategy = isObject(entry.policy) && entry.policy.strategy === 'blueGreen' ? 'blueGreen' : 'inPlace';
  const button = (action) => el('button', {type: 'button', class: 'btn small ' + ACTIONS[action].tone, dataset: {action},
    onclick: () => confirmAction(entry, action, strategy)}, ACTIONS[action].label);
  return el('div', {class: 'actions'},
    el('button', {type: 'button', class: 'btn small', dataset: {toggle: 'details'}, 'aria-expanded': opened ? 'true' : 'false',
      onclick: () => toggleOpen(entry)}, opened ? 'Hide details' : 'Details'),
    button(paused ? 'resume' : 'pause'), button('retry'), button('rollback'));
}

const dialog = {
  pending: null,
  node: () => document.getElementById('confirm'),
};

function confirmAction(entry, action, strategy) {
  const node = dialog.node();
  const account = lastSegment(entry.batchAccountId);
  dialog.pending = {entry, action};
  document.getElementById('confirm-title').textContent = ACTIONS[action].label + ' pool ' + entry.poolId
    + (account ? ' (account ' + account + ')' : '') + '?';
  document.getElementById('confirm-text').textContent = ACTIONS[action].says(entry.poolId, strategy);
  const problem = document.getElementById('confirm-problem');
  problem.hidden = true;
  problem.replaceChildren();
  const ok = document.getElementById('confirm-ok');
  ok.textContent = ACTIONS[action].label + ' ' + entry.poolId;
  ok.hidden = false;
  ok.disabled = false;
  document.getElementById('confirm-cancel').textContent = 'Cancel';
  if (typeof node.showModal === 'function') node.showModal(); else node.setAttribute('open', '');
}

function closeDialog() {
  dialog.pending = null;
  const node = dialog.node();
  if (typeof node.close === 'function') node.close(); else node.removeAttribute('open');
}

async function sendPendingAction() {
  const pending = dialog.pending;
  if (!pending) return;
  const ok = document.getElementById('confirm-ok');
  ok.disabled = true;
  const {entry, action} = pending;
  const path = 'pools/' + encodeURIComponent(entry.poolId) + '/rollout'
    + (entry.batchAccountId ? '?batchAccountId=' + encodeURIComponent(entry.batchAccountId) : '');
  let answer;
  try {
    answer = await api('POST', path, {action});
  } catch (e) {
    answer = {status: 0, statusText: 'network error', text: String(e && e.message || e), json: null};
  }
  if (dialog.pending !== pending) return;
  if (answer.ok) {
    closeDialog();
    if (isObject(answer.json)) state.details.set(poolKey(entry), {json: answer.json, error: null});
    flash(ACTIONS[action].label + ' sent for ' + entry.poolId + '.');
    refreshNow();
    return;
  }
  const problem = document.getElementById('confirm-problem');
  problem.replaceChildren(problemView(answer));
  problem.hidden = false;
  ok.hidden = true;
  document.getElementById('confirm-cancel').textContent = 'Close';
}

function wireDialog() {
  document.getElementById('confirm-cancel').addEventListener('click', closeDialog);
  document.getElementById('confirm-ok').addEventListener('click', sendPendingAction);
  dialog.node().addEventListener('cancel', () => { dialog.pending = null; });
}
