package io.batchrollout.core.pools;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;

/** One managed pool in a list: what ARM's list returns, no data plane call (that is per pool, and costs). */
public record PoolSummary(PoolId poolId, String vmSize, PoolImage image, RolloutPolicy policy, String provisioningState,
                          String allocationState, ScaleSettings scaleSettings, int currentDedicatedNodes,
                          int currentLowPriorityNodes, int resizeErrorCount) {

    static PoolSummary of(Pool pool, RolloutPolicy policy) {
        return new PoolSummary(pool.id(), pool.vmSize(), PoolImage.of(pool.imageReferenceId()), policy,
                pool.provisioningState(), pool.allocationState(), pool.scaleSettings(), pool.currentDedicatedNodes(),
                pool.currentLowPriorityNodes(), pool.resizeErrors().size());
    }
}
