package io.batchrollout.core.rollout.gate;

import static io.batchrollout.core.rollout.DeciderFixtures.NOW;
import static io.batchrollout.core.rollout.DeciderFixtures.TEN;
import static io.batchrollout.core.rollout.DeciderFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.NodeCounts.StateCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.DeciderFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health gate on node counts as 2024-07-01.20.0 reports them, deallocation states included. */
class HealthGateTest {
    static final HealthGate GATE = HealthGate.defaults();

    /** Dedicated counts with these idle, creating, deallocated and deallocating nodes. */
    private static NodeCounts counts(int idle, int creating, int deallocated, int deallocating) {
        int total = idle + creating + deallocated + deallocating;
        return new NodeCounts("render", new StateCounts(creating, idle, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, total,
                deallocated, deallocating), StateCounts.NONE);
    }

    private static HealthGate.Verdict evaluate(String allocationState, NodeCounts counts) {
        Pool pool = DeciderFixtures.pool(V2, TEN, allocationState, counts.dedicated().total(), List.of());
        return GATE.evaluate(pool, counts, 10, NOW, NOW.plus(Duration.ofMinutes(20)));
    }

    @Test
    void deallocatedNodesAreNotReadySoASteadyPoolWithTwoOfTenDeallocatedFailsNamingThem() {
        HealthGate.Verdict verdict = evaluate("Steady", counts(8, 0, 2, 0));
        assertInstanceOf(HealthGate.Verdict.Failed.class, verdict);
        assertTrue(verdict.summary().contains("8 of 10 target nodes idle or running"), verdict.summary());
        assertTrue(verdict.summary().contains("2 deallocated or deallocating (not ready)"), verdict.summary());
    }

    @Test
    void deallocatingNodesAreNotWaitedForAsIfTheyWereStarting() {
        HealthGate.Verdict verdict = evaluate("Steady", counts(7, 0, 1, 2));
        assertInstanceOf(HealthGate.Verdict.Failed.class, verdict, verdict.summary());
        assertTrue(verdict.summary().contains("0 still starting, 3 deallocated or deallocating"), verdict.summary());
    }

    @Test
    void nodesStillCreatingAreWaitedForAndNoDeallocationIsMentionedWhenThereIsNone() {
        HealthGate.Verdict verdict = evaluate("Resizing", counts(5, 5, 0, 0));
        assertInstanceOf(HealthGate.Verdict.Waiting.class, verdict);
        assertTrue(!verdict.summary().contains("deallocat"), verdict.summary());
        assertInstanceOf(HealthGate.Verdict.Passed.class, evaluate("Steady", counts(9, 0, 1, 0)), "90% ready passes");
    }
}
