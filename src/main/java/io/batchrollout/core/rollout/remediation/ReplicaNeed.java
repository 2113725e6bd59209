package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;

/**
 * One pool's ask of one version: {@code replicasNeeded} replicas in {@code region} (normalized), for a pool of
 * {@code nodes} nodes that the readiness gate blocks only for that (too few replicas there, or the region not targeted).
 */
public record ReplicaNeed(ImageVersionId version, String region, PoolId pool, int nodes, int replicasNeeded) {
}
