package io.batchrollout.port;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.NodeCounts;
import java.util.List;

/** Node state of pools, from the Batch data plane of the pool's account. */
public interface BatchNodes {

    /** Counts by state; all zero when the pool has no nodes. */
    NodeCounts nodeCounts(BatchAccount account, String poolId);

    List<ComputeNode> nodes(BatchAccount account, String poolId);
}
