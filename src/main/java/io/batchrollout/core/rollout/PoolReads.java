package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import java.util.List;
import java.util.Optional;

/**
 * What the pass reads for one pool beyond the snapshot, and the size its image must be ready for: kept apart from the
 * {@link Reconciler} so that the reconciler stays the pass's orchestration (observe, decide, write).
 */
public final class PoolReads {

    private PoolReads() {
    }

    static final class NoJobAccess extends RuntimeException {
        NoJobAccess() {
            super("this reconciler was built without job access (BatchJobs), so jobs cannot move");
        }
    }

    static boolean blueGreen(RolloutPolicy policy, RolloutState state) {
        return policy.strategy() == RolloutStrategy.BLUE_GREEN || state.phase().blueGreen();
    }

    /** The account's pools (already listed) plus the candidate's node counts or the jobs, when the phase needs them. */
    static BlueGreenView observeGroup(BatchAccount account, Pool pool, RolloutState state, List<Pool> listed,
                                              BatchNodes nodes, Optional<BatchJobs> jobs) {
        Optional<String> candidate = state.links().candidate()
                .filter(name -> PoolGroups.named(listed, name).isPresent());
        Optional<NodeCounts> candidateNodes = BlueGreenDecider.needsCandidateNodes(state) && candidate.isPresent()
                ? Optional.of(nodes.nodeCounts(account, candidate.get())) : Optional.empty();
        List<BatchJob> onOld = List.of();
        List<BatchJob> onCandidate = List.of();
        // Jobs are read even when someone deleted the candidate: those moved to it still name it and must move back.
        if (BlueGreenDecider.needsJobs(state) && state.links().candidate().isPresent()) {
            BatchJobs batchJobs = jobs.orElseThrow(NoJobAccess::new);
            onOld = batchJobs.jobsOnPool(account, pool.id().poolName());
            onCandidate = batchJobs.jobsOnPool(account, state.links().candidate().get());
        }
        // Likewise a candidate adopting the jobs of the old pool someone deleted: they are listed under its name.
        if (BlueGreenDecider.needsJobs(state) && state.phase() == RolloutPhase.ADOPTING_JOBS
                && state.links().replaces().isPresent()) {
            BatchJobs batchJobs = jobs.orElseThrow(NoJobAccess::new);
            onOld = batchJobs.jobsOnPool(account, state.links().replaces().get());
            onCandidate = batchJobs.jobsOnPool(account, pool.id().poolName());
        }
        return new BlueGreenView(listed, Optional.empty(), candidateNodes, onOld, onCandidate);
    }

    /**
     * The size the image must be ready for: the pool's fixed targets, or under autoscale the larger of what it runs and
     * what its formula last asked for ({@link PlannedNodes}).
     */
    public static PoolTarget target(BatchAccount account, Pool pool) {
        PoolTarget sized = sized(account, pool);
        // A canary sees the definition's candidates: its policy says so, read from the same metadata.
        boolean canary = RolloutPolicy.of(pool).map(RolloutPolicy::seesCandidates).orElse(false);
        return canary ? new PoolTarget(account, sized.dedicatedNodes(), sized.lowPriorityNodes(), sized.nodeAgentSkuId(), true)
                : sized;
    }

    private static PoolTarget sized(BatchAccount account, Pool pool) {
        if (pool.scaleSettings() instanceof ScaleSettings.FixedScale f && f.totalNodes() > 0) {
            return new PoolTarget(account, f.targetDedicatedNodes(), f.targetLowPriorityNodes(), pool.nodeAgentSkuId());
        }
        if (pool.scaleSettings() instanceof ScaleSettings.AutoScale) {
            PoolAutoScaleRun.Targets planned = PlannedNodes.autoscaled(pool);
            return new PoolTarget(account, planned.dedicated(), planned.lowPriority(), pool.nodeAgentSkuId());
        }
        return new PoolTarget(account, pool.currentDedicatedNodes(), pool.currentLowPriorityNodes(), pool.nodeAgentSkuId());
    }

    static String version(Pool pool, RolloutState state) {
        return PoolFacts.versionName(state.phase().inProgress() ? state.target().orElse(pool.imageReferenceId())
                : pool.imageReferenceId());
    }

}
