package io.batchrollout.core.rollout.gate;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a pool restored on a new image is healthy: at least {@code minReadyPercent} of the target nodes idle or
 * running, at most {@code maxUnhealthyPercent} startTaskFailed or unusable, and no resize error. Deallocated and
 * deallocating nodes count as not ready. The verdict waits
 * while nodes are still on their way, and fails as soon as waiting cannot help: a resize error, the deadline passed,
 * or the pool settled (Steady, no node creating or starting) short of the mark. Failing early matters: a broken image
 * otherwise holds the pool without capacity for the whole grace.
 */
public record HealthGate(int minReadyPercent, int maxUnhealthyPercent, Duration verifyGrace) {

    public HealthGate {
        if (minReadyPercent < 1 || minReadyPercent > 100 || maxUnhealthyPercent < 0 || maxUnhealthyPercent > 100) {
            throw new IllegalArgumentException("percentages out of range: " + minReadyPercent + ", " + maxUnhealthyPercent);
        }
        if (verifyGrace.isNegative()) {
            throw new IllegalArgumentException("verifyGrace cannot be negative");
        }
    }

    public static HealthGate defaults() {
        return new HealthGate(90, 10, Duration.ofMinutes(10));
    }

    public sealed interface Verdict {
        String summary();

        record Passed(String summary) implements Verdict {
        }

        record Waiting(String summary) implements Verdict {
        }

        record Failed(String summary) implements Verdict {
        }
    }

    /** @param targetNodes the nodes the restored scale asks for (dedicated plus low priority) */
    public Verdict evaluate(Pool pool, NodeCounts counts, int targetNodes, Instant now, Instant deadline) {
        NodeCounts.StateCounts d = counts.dedicated();
        NodeCounts.StateCounts l = counts.lowPriority();
        int ready = d.idle() + d.running() + l.idle() + l.running();
        int unhealthy = d.startTaskFailed() + d.unusable() + l.startTaskFailed() + l.unusable();
        int onTheirWay = d.creating() + d.starting() + d.waitingForStartTask() + l.creating() + l.starting()
                + l.waitingForStartTask();
        // Deallocated nodes keep their place in the pool but run nothing, and deallocating ones are on their way out,
        // not in: neither is ready, and neither is waited for.
        int deallocated = d.deallocated() + d.deallocating() + l.deallocated() + l.deallocating();
        String numbers = ready + " of " + targetNodes + " target nodes idle or running (need " + minReadyPercent + "%), "
                + unhealthy + " startTaskFailed or unusable (at most " + maxUnhealthyPercent + "%), " + onTheirWay
                + " still starting, " + (deallocated == 0 ? "" : deallocated + " deallocated or deallocating (not ready), ")
                + "pool " + pool.allocationState();
        if (!pool.resizeErrors().isEmpty()) {
            List<String> errors = new ArrayList<>();
            pool.resizeErrors().forEach(e -> errors.add(e.code() + " (" + e.message() + ")"));
            return new Verdict.Failed("resize errors " + String.join(", ", errors) + "; " + numbers);
        }
        boolean enoughReady = 100L * ready >= (long) minReadyPercent * targetNodes;
        boolean fewUnhealthy = 100L * unhealthy <= (long) maxUnhealthyPercent * targetNodes;
        if (enoughReady && fewUnhealthy) {
            return new Verdict.Passed(numbers);
        }
        boolean settled = "Steady".equalsIgnoreCase(pool.allocationState()) && onTheirWay == 0;
        if (settled) {
            return new Verdict.Failed("the pool settled short of the health gate: " + numbers);
        }
        if (!now.isBefore(deadline)) {
            return new Verdict.Failed("health gate deadline " + deadline + " passed: " + numbers);
        }
        return new Verdict.Waiting(numbers + "; deadline " + deadline);
    }
}
