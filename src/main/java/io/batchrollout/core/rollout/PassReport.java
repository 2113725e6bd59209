package io.batchrollout.core.rollout;

import io.batchrollout.core.model.PoolId;
import java.util.List;

/** What one pass decided for each pool it looked at: one readable line each, for logs and tests. */
public record PassReport(List<PoolDecision> decisions) {
    public PassReport {
        decisions = List.copyOf(decisions);
    }

    /**
     * @param phase    the pool's rollout phase after the pass
     * @param step     the step taken (e.g. "drain", "change image", "none")
     * @param reason   why, in words a platform engineer acts on
     */
    public record PoolDecision(PoolId pool, String phase, String version, String step, String reason) {
        /** "pool render: phase DRAINING, version 1.1.0, step drain: ..." */
        public String line() {
            return "pool " + pool.poolName() + ": phase " + phase + ", version " + version + ", step " + step + ": " + reason;
        }
    }
}
