package io.batchrollout.core.pools;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.state.RolloutView;

/**
 * One managed pool in a list: what ARM's list returns, no data plane call (that is per pool, and costs).
 *
 * @param rollout the recorded rollout state (from the pool's metadata), or why it cannot be read
 * @param timing  when the rollout phase should have ended and whether it is past that ({@link PhaseDeadline})
 */
public record PoolSummary(PoolId poolId, String vmSize, PoolImage image, RolloutPolicy policy, String provisioningState,
                          String allocationState, ScaleSettings scaleSettings, int currentDedicatedNodes,
                          int currentLowPriorityNodes, int resizeErrorCount, RolloutView rollout,
                          PhaseDeadline.Timing timing) {

    /** Without the rollout view (none recorded) and phase deadline. */
    public PoolSummary(PoolId poolId, String vmSize, PoolImage image, RolloutPolicy policy, String provisioningState,
                       String allocationState, ScaleSettings scaleSettings, int currentDedicatedNodes,
                       int currentLowPriorityNodes, int resizeErrorCount) {
        this(poolId, vmSize, image, policy, provisioningState, allocationState, scaleSettings, currentDedicatedNodes,
                currentLowPriorityNodes, resizeErrorCount, new RolloutView.Known(
                        io.batchrollout.core.rollout.state.RolloutState.initial()), PhaseDeadline.Timing.NONE);
    }

    static PoolSummary of(Pool pool, RolloutPolicy policy, PhaseDeadline.Timing timing) {
        return new PoolSummary(pool.id(), pool.vmSize(), PoolImage.of(pool.imageReferenceId()), policy,
                pool.provisioningState(), pool.allocationState(), pool.scaleSettings(), pool.currentDedicatedNodes(),
                pool.currentLowPriorityNodes(), pool.resizeErrors().size(), RolloutView.of(pool.metadata()), timing);
    }
}
