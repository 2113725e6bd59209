// The current step each phase of each strategy shows, as 'path:step' (or 'none' at rest), per case.
const out = {};
const cases = [['inPlace', 'Draining', {}], ['inPlace', 'Draining', {allocationState: 'Steady',
  nodeCounts: {available: true, dedicated: {total: 0}, lowPriority: {total: 0}}}],
  ['inPlace', 'Draining', {image: {versionId: '/x/versions/1.1.0'}}], ['inPlace', 'Verifying', {}],
  ['inPlace', 'RollingBack', {image: {versionId: '/x/versions/1.1.0'}}], ['inPlace', 'RollingBackRestore', {}],
  ['blueGreen', 'CreatingCandidate', {}], ['blueGreen', 'CandidateVerifying', {}], ['blueGreen', 'MovingJobs', {}],
  ['blueGreen', 'RetiringOldPool', {}], ['blueGreen', 'Aborting', {}], ['inPlace', 'Stable', {}], ['inPlace', 'Blocked', {}],
  ['inPlace', 'RollingBack', {image: {versionId: '/x/versions/1.1.0'}, allocationState: 'Steady',
    nodeCounts: {available: true, dedicated: {total: 0}, lowPriority: {total: 0}}}]];
cases.forEach(([strategy, phase, more], i) => {
  const entry = {poolId: 'p' + i, policy: {strategy, mode: 'tracked', image: '/x'}, currentVersion: '1.0.0',
    desiredVersion: '1.1.0', rolloutPhase: phase, holds: [], blockedReasons: []};
  const detail = Object.assign({rollout: {phase, targetVersion: '1.1.0', previousVersion: '1.0.0'}}, more);
  const card = poolCard(entry, detail, null, false, false);
  const current = card.querySelector('.steps li.current');
  const path = current ? current.closest('ol').dataset.path : '';
  out[i + ' ' + strategy + ' ' + phase] = current ? path + ':' + current.textContent : 'none';
});
return out;