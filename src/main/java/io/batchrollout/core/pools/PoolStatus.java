package io.batchrollout.core.pools;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.rollout.state.RolloutView;
import io.batchrollout.core.rollout.drift.WaveStanding;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import io.batchrollout.core.rollout.promotion.BakeRecord;

/**
 * Everything the API tells about one managed pool: the management plane's view, the policy, node counts from the data
 * plane, and the rollout phase (from the pool's own metadata).
 *
 * @param rolloutPhase the phase's API name ({@link RolloutView#phaseName()}), empty when the state cannot be read
 * @param metadata     the caller's entries only; the app's own are shown through {@code policy} and {@code rollout}
 * @param rollout      the recorded rollout state (target, previous, decision...), or why it cannot be read
 * @param group        the name pipelines use for this pool across blue-green replacements (its own id until replaced)
 * @param activePoolId the pool of the group that takes the group's jobs now: the one to submit to
 * @param wave         where the pool waits in its definition's wave, derived when read (never recorded on the pool);
 *                     empty when it is not waiting or the reader was not asked to derive it
 * @param timing       when the rollout phase should have ended and whether it is past that ({@link PhaseDeadline})
 */
public record PoolStatus(BatchAccountId accountId, PoolId poolId, String vmSize, String nodeAgentSkuId, PoolImage image,
                         RolloutPolicy policy, String provisioningState, String allocationState,
                         OffsetDateTime allocationStateTransitionTime, ScaleSettings scaleSettings,
                         int currentDedicatedNodes, int currentLowPriorityNodes, List<Pool.ResizeError> resizeErrors,
                         NodeCountsReading nodeCounts, Optional<String> rolloutPhase, List<Metadata> metadata,
                         RolloutView rollout, String group, PoolId activePoolId, Optional<WaveStanding> wave,
                         PhaseDeadline.Timing timing, Optional<BakeRecord> promotion) {

    public PoolStatus {
        promotion = promotion == null ? Optional.empty() : promotion;
        resizeErrors = List.copyOf(resizeErrors);
        metadata = List.copyOf(metadata);
    }

    /** Without a wave standing. */
    public PoolStatus(BatchAccountId accountId, PoolId poolId, String vmSize, String nodeAgentSkuId, PoolImage image,
                      RolloutPolicy policy, String provisioningState, String allocationState,
                      OffsetDateTime allocationStateTransitionTime, ScaleSettings scaleSettings,
                      int currentDedicatedNodes, int currentLowPriorityNodes, List<Pool.ResizeError> resizeErrors,
                      NodeCountsReading nodeCounts, Optional<String> rolloutPhase, List<Metadata> metadata,
                      RolloutView rollout, String group, PoolId activePoolId) {
        this(accountId, poolId, vmSize, nodeAgentSkuId, image, policy, provisioningState, allocationState,
                allocationStateTransitionTime, scaleSettings, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                nodeCounts, rolloutPhase, metadata, rollout, group, activePoolId, Optional.empty(), PhaseDeadline.Timing.NONE,
                Optional.empty());
    }

    /** Without a phase deadline. */
    public PoolStatus(BatchAccountId accountId, PoolId poolId, String vmSize, String nodeAgentSkuId, PoolImage image,
                      RolloutPolicy policy, String provisioningState, String allocationState,
                      OffsetDateTime allocationStateTransitionTime, ScaleSettings scaleSettings,
                      int currentDedicatedNodes, int currentLowPriorityNodes, List<Pool.ResizeError> resizeErrors,
                      NodeCountsReading nodeCounts, Optional<String> rolloutPhase, List<Metadata> metadata,
                      RolloutView rollout, String group, PoolId activePoolId, Optional<WaveStanding> wave) {
        this(accountId, poolId, vmSize, nodeAgentSkuId, image, policy, provisioningState, allocationState,
                allocationStateTransitionTime, scaleSettings, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                nodeCounts, rolloutPhase, metadata, rollout, group, activePoolId, wave, PhaseDeadline.Timing.NONE,
                Optional.empty());
    }

    /** The same status with this wave standing. */
    public PoolStatus withWave(Optional<WaveStanding> standing) {
        return new PoolStatus(accountId, poolId, vmSize, nodeAgentSkuId, image, policy, provisioningState, allocationState,
                allocationStateTransitionTime, scaleSettings, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                nodeCounts, rolloutPhase, metadata, rollout, group, activePoolId, standing, timing, promotion);
    }

    /** The same status with this phase deadline. */
    public PoolStatus withTiming(PhaseDeadline.Timing phaseTiming) {
        return new PoolStatus(accountId, poolId, vmSize, nodeAgentSkuId, image, policy, provisioningState, allocationState,
                allocationStateTransitionTime, scaleSettings, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                nodeCounts, rolloutPhase, metadata, rollout, group, activePoolId, wave, phaseTiming, promotion);
    }

    /** The same status with a canary's bake record (gated promotion). */
    public PoolStatus withPromotion(Optional<BakeRecord> record) {
        return new PoolStatus(accountId, poolId, vmSize, nodeAgentSkuId, image, policy, provisioningState, allocationState,
                allocationStateTransitionTime, scaleSettings, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                nodeCounts, rolloutPhase, metadata, rollout, group, activePoolId, wave, timing, record);
    }
}
