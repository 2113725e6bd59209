package io.batchrollout.core.readiness;

import java.time.Duration;

/**
 * The resize timeout a pool is created with: 15 minutes for every started 1,000 nodes, never below 15 minutes
 * (Batch's own default). Larger pools take longer to allocate, and a timeout that fires mid-allocation leaves the
 * pool short with a resize error instead of full.
 */
public final class ResizeTimeout {
    public static final Duration PER_THOUSAND_NODES = Duration.ofMinutes(15);
    public static final int NODES_PER_STEP = 1_000;

    private ResizeTimeout() {
    }

    /** 0..1,000 nodes: 15 minutes; 1,001..2,000: 30 minutes; and so on. */
    public static Duration forNodes(int nodes) {
        if (nodes < 0) {
            throw new IllegalArgumentException("a pool cannot have " + nodes + " nodes");
        }
        long steps = Math.max(1, (nodes + (long) NODES_PER_STEP - 1) / NODES_PER_STEP);
        return PER_THOUSAND_NODES.multipliedBy(steps);
    }
}
