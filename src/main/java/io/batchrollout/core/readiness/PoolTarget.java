package io.batchrollout.core.readiness;

import io.batchrollout.core.model.BatchAccount;

/** What an image must be ready for: a pool of this size and node agent in this Batch account (and so its region). */
public record PoolTarget(BatchAccount account, int dedicatedNodes, int lowPriorityNodes, String nodeAgentSkuId) {
    public int totalNodes() {
        return dedicatedNodes + lowPriorityNodes;
    }
}
