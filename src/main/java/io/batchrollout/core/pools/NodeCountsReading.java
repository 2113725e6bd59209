package io.batchrollout.core.pools;

import io.batchrollout.core.model.NodeCounts;

/** Node counts by state from the account's data plane, or why they could not be read this time. */
public sealed interface NodeCountsReading {

    record Read(NodeCounts counts) implements NodeCountsReading {
    }

    /** The pool's status is still worth answering without them: the reason says what failed. */
    record Unavailable(String reason) implements NodeCountsReading {
    }
}
