package io.batchrollout.core.readiness;

import java.util.List;

/** The gate's verdict: ready when there is no reason against it. Every reason is listed, not only the first. */
public record Readiness(List<Reason> reasons) {
    public Readiness {
        reasons = List.copyOf(reasons);
    }

    public boolean ready() {
        return reasons.isEmpty();
    }
}
