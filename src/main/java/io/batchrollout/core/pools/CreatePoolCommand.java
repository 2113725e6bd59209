package io.batchrollout.core.pools;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ResizeTimeout;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to create a managed pool: every field checked, the account resolved to a configured one.
 * Whether the image can back the pool is not decided here (that is the readiness gate's work).
 *
 * @param callerMetadata the caller's own entries, none under {@link PoolMetadata#PREFIX}, in the caller's order
 */
public record CreatePoolCommand(PoolId poolId, String vmSize, int targetDedicatedNodes, int targetLowPriorityNodes,
                                ImageRef image, String nodeAgentSkuId, Optional<StartTask> startTask,
                                RolloutStrategy strategy, boolean canary, List<Metadata> callerMetadata) {

    /** A pool that is not a canary. */
    public CreatePoolCommand(PoolId poolId, String vmSize, int targetDedicatedNodes, int targetLowPriorityNodes,
                             ImageRef image, String nodeAgentSkuId, Optional<StartTask> startTask,
                             RolloutStrategy strategy, List<Metadata> callerMetadata) {
        this(poolId, vmSize, targetDedicatedNodes, targetLowPriorityNodes, image, nodeAgentSkuId, startTask, strategy,
                false, callerMetadata);
    }

    public CreatePoolCommand {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(startTask, "startTask");
        Objects.requireNonNull(strategy, "strategy");
        callerMetadata = List.copyOf(callerMetadata);
        if (targetDedicatedNodes < 0 || targetLowPriorityNodes < 0) {
            throw new IllegalArgumentException("node targets cannot be negative");
        }
        for (Metadata m : callerMetadata) {
            if (PoolMetadata.isAppEntry(m.name())) {
                throw new IllegalArgumentException("caller metadata '" + m.name() + "' uses the app's prefix");
            }
        }
    }

    public int totalNodes() {
        return targetDedicatedNodes + targetLowPriorityNodes;
    }

    public RolloutPolicy policy() {
        return new RolloutPolicy(image, strategy, canary);
    }

    /** The pool's full metadata: the caller's entries as given, then the policy. */
    public List<Metadata> metadata() {
        return PoolMetadata.merge(callerMetadata, policy().toMetadata());
    }

    /** 15 minutes for every started 1,000 nodes, never less than 15 minutes (an empty pool gets 15 too). */
    public Duration resizeTimeout() {
        return ResizeTimeout.forNodes(totalNodes());
    }
}
