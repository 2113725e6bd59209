// Renders a drift report and a getPool answer of CONTRACT.md's shapes with the page's own functions.
// arguments[0]: a Batch account id, arguments[1]: an image definition id. Returns the text shown.
const image = {definitionId: arguments[1], newestVersion: '1.1.0', versions: [{version: '1.1.0',
  versionId: arguments[1] + '/versions/1.1.0', provisioningState: 'Succeeded', excludeFromLatest: false,
  publishedDate: '2026-01-05T08:00:00Z', endOfLifeDate: null,
  regions: [{region: 'westeurope', state: 'Completed', replicas: 2, progress: 100},
            {region: 'eastus', state: 'Replicating', replicas: 1, progress: 45}],
  remediation: [{region: 'westeurope', from: 1, to: 2, state: 'Completed'}],
  readiness: [{batchAccountId: arguments[0], region: 'westeurope', ready: true, reasons: []},
              {batchAccountId: arguments[0], region: 'eastus', ready: false,
               reasons: [{code: 'REPLICATION_IN_PROGRESS', message: 'still replicating to eastus'}]}],
  promotion: {state: 'baking', reason: 'canary baking since 2026-01-05T08:30:00Z', canaries: ['canary']}}],
  replicaShortfall: [{region: 'westeurope', version: '1.1.0', largestPoolId: arguments[0] + '/pools/big',
    nodes: 3000, replicasNeeded: 10, replicasPresent: 2, shortfall: 8}],
  endOfLife: [{version: '1.0.0', endOfLifeDate: '2026-01-02T00:00:00Z', daysLeft: -3, pools: ['old-a', 'old-b']}]};
const pool = {poolId: 'late', batchAccountId: arguments[0], policy: {image: arguments[1], mode: 'tracked',
  strategy: 'inPlace'}, currentVersion: '1.0.0', desiredVersion: '1.1.0', status: 'drifted',
  rolloutPhase: 'Draining', paused: false, lastDecision: 'drain to roll', blockedReasons: [], holds: [],
  phaseDeadline: '2026-01-05T09:30:00Z', stuck: true, daysBehind: 3};
const detail = {poolId: 'late', rollout: {phase: 'Draining', since: '2026-01-05T09:00:00Z',
  deadline: '2026-01-05T09:30:00Z', stuck: true, targetVersion: '1.1.0', previousVersion: '1.0.0',
  rejectedVersions: ['0.9.9']}, nodeCounts: {available: true, dedicated: {running: 3, idle: 1, total: 4},
  lowPriority: {total: 0}}, scale: {mode: 'fixed', targetDedicatedNodes: 4, targetLowPriorityNodes: 0},
  allocationState: 'Resizing', policy: {image: arguments[1], mode: 'tracked', strategy: 'inPlace', canary: true},
  promotion: {version: '1.1.0', bakeSince: '2026-01-05T08:30:00Z', state: 'baking', reason: null}};
const box = el('div', {id: 'contract-shapes'}, imageCards({images: [image], pools: [pool]}, new Map()),
  poolCard(pool, detail, null, false, false));
document.body.append(box);
return box.innerText;
