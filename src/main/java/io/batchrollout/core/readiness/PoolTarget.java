package io.batchrollout.core.readiness;

import io.batchrollout.core.model.BatchAccount;

/**
 * What an image must be ready for: a pool of this size and node agent in this Batch account (and so its region).
 *
 * @param seesCandidates a canary pool tracking its definition: besides the versions the gallery counts as "latest", it
 *                       may take a candidate (a version published with excludeFromLatest that no canary has rejected)
 */
public record PoolTarget(BatchAccount account, int dedicatedNodes, int lowPriorityNodes, String nodeAgentSkuId,
                         boolean seesCandidates) {

    /** A pool that is not a canary: only what the gallery counts as "latest" is eligible. */
    public PoolTarget(BatchAccount account, int dedicatedNodes, int lowPriorityNodes, String nodeAgentSkuId) {
        this(account, dedicatedNodes, lowPriorityNodes, nodeAgentSkuId, false);
    }

    public int totalNodes() {
        return dedicatedNodes + lowPriorityNodes;
    }
}
