package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the promotion decision needs of one canary pool, as a pass read it.
 *
 * @param pool           the pool's name, for reasons
 * @param runningVersion the version name its image reference names
 * @param rejected       version names the pool's rollouts rejected (health gate failed, rolled back)
 * @param record         its bake record, if readable
 * @param counts         node counts, read only while it bakes the candidate (at rest on it with a record for it)
 * @param plannedNodes   the nodes its scale asks for: what the gate's unhealthy limit is a percentage of
 */
public record CanaryView(String pool, String runningVersion, RolloutPhase phase, boolean paused, List<String> rejected,
                         Optional<String> lastDecision, Optional<BakeRecord> record, Optional<NodeCounts> counts,
                         int plannedNodes) {
    public CanaryView {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(runningVersion, "runningVersion");
        Objects.requireNonNull(phase, "phase");
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(lastDecision, "lastDecision");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(counts, "counts");
    }

    /** At rest on {@code version}, not paused: the state in which a canary bakes it. */
    public boolean restingOn(String version) {
        return runningVersion.equals(version) && phase == RolloutPhase.STABLE && !paused;
    }

    /** Its bake record, if it is for {@code version}. */
    public Optional<BakeRecord> recordFor(String version) {
        return record.filter(r -> r.version().equals(version));
    }

    /** Whether a pass must read its node counts to judge the bake of {@code version}. */
    public boolean needsCounts(String version) {
        return restingOn(version) && recordFor(version).filter(r -> r.verdict().isEmpty()).isPresent();
    }

    /** The same canary with its node counts, once read. */
    public CanaryView withCounts(Optional<NodeCounts> read) {
        return new CanaryView(pool, runningVersion, phase, paused, rejected, lastDecision, record, read, plannedNodes);
    }
}
