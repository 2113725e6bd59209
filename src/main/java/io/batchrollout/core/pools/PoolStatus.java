package io.batchrollout.core.pools;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Everything the API tells about one managed pool: the management plane's view, the policy, node counts from the data
 * plane, and the rollout phase (none until rollouts exist).
 *
 * @param metadata the caller's entries only; the app's own are shown through {@code policy} and {@code rolloutPhase}
 */
public record PoolStatus(BatchAccountId accountId, PoolId poolId, String vmSize, String nodeAgentSkuId, PoolImage image,
                         RolloutPolicy policy, String provisioningState, String allocationState,
                         OffsetDateTime allocationStateTransitionTime, ScaleSettings scaleSettings,
                         int currentDedicatedNodes, int currentLowPriorityNodes, List<Pool.ResizeError> resizeErrors,
                         NodeCountsReading nodeCounts, Optional<String> rolloutPhase, List<Metadata> metadata) {

    public PoolStatus {
        resizeErrors = List.copyOf(resizeErrors);
        metadata = List.copyOf(metadata);
    }
}
