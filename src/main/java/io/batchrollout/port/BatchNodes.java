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

    /**
     * Counts of every pool of the account that has nodes, by pool id: one unfiltered, paged /nodecounts call. The
     * service pages it by at most 10 pools (verify: the data plane's default and, by our reading, its maximum), so it
     * pays only when more pools need counts than the account has pages. Adapters that cannot list it throw
     * {@link UnsupportedOperationException}, and callers ask per pool instead.
     */
    default java.util.Map<String, NodeCounts> nodeCountsOfAccount(BatchAccount account) {
        throw new UnsupportedOperationException("account-wide node counts are not offered by " + getClass().getName());
    }
}
