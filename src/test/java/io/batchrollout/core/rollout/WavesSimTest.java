package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorActions;
import io.batchrollout.core.rollout.state.RolloutPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waves on the simulated Azure: pools tracking one image roll one at a time, the smallest first, and halt on failure. */
class WavesSimTest extends RolloutWorldTest {
    private static List<String> inProgress(List<String> pools) {
        return pools.stream().filter(name -> world.state(name).phase().inProgress()).toList();
    }

    @Test
    void poolsTrackingOneImageRollOneAtATimeTheSmallestFirstAndAllEndOnTheNewVersion() {
        ImageDefinitionId image = world.definition("wave");
        List<String> pools = List.of("wave-big", "wave-small", "wave-mid");
        world.pool("wave-big", image, 3);
        world.pool("wave-small", image, 1);
        world.pool("wave-mid", image, 2);
        world.addVersion(image, "1.1.0");

        List<String> started = new ArrayList<>();
        int passes = 0;
        while (!pools.stream().allMatch(name -> stableOn("1.1.0").test(world.get(name)))) {
            assertTrue(++passes <= 300, "not done after 300 passes:\n" + String.join("\n", world.log));
            PassReport report = world.engine().reconcileTracking(image);
            List<String> rolling = inProgress(pools);
            assertTrue(rolling.size() <= 1, "pass " + passes + ": " + rolling + " mid-rollout at once");
            rolling.stream().filter(name -> !started.contains(name)).forEach(started::add);
            long waiting = report.decisions().stream().filter(d -> d.reason().startsWith("waiting: 1 of 1 rollouts of wave")
                    || d.reason().startsWith("waiting to roll to 1.1.0")).count();
            if (!rolling.isEmpty()) {
                assertEquals(pools.size() - 1 - pools.stream().filter(n -> !n.equals(rolling.get(0))
                        && stableOn("1.1.0").test(world.get(n))).count(), waiting, "pass " + passes + ": " + report);
            }
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(List.of("wave-small", "wave-mid", "wave-big"), started);
        for (String name : pools) {
            assertEquals(1, world.imageChanges(name), name);
            // Issue 8: the wait is derived from the listed pools, not recorded: waiting pools cost no write at all.
            assertEquals(4, world.successfulWrites(name), name + ": drain, image, restore, verified; waiting is not "
                    + "written");
        }
    }

    @Test
    void aBrokenVersionRollsBackOnTheCanaryAndTheOtherPoolsNeverLeaveTheirVersion() {
        ImageDefinitionId image = world.definition("halt");
        world.pool("halt-canary", image, 1);
        world.pool("halt-b", image, 2);
        world.pool("halt-c", image, 3);
        world.engine().reconcileTracking(image);
        long writesB = world.successfulWrites("halt-b");
        long writesC = world.successfulWrites("halt-c");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());

        world.passUntil(image, "halt-canary", p -> stableOn("1.0.0").test(p) && world.state("halt-canary").isRejected("1.1.0"), 120);
        PassReport after = null;
        for (int i = 0; i < 5; i++) {
            after = world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        for (String other : List.of("halt-b", "halt-c")) {
            Pool pool = world.get(other);
            assertTrue(pool.imageReferenceId().endsWith("/versions/1.0.0"), other + " stays on 1.0.0");
            assertEquals(RolloutPhase.STABLE, world.state(other).phase());
            assertEquals(0, world.imageChanges(other), other);
        }
        // One write to record the halt: none for the wait, none per pass after that.
        // Issue 8: waiting is derived, not written; the halt is still recorded once.
        assertEquals(writesB + 1, world.successfulWrites("halt-b"), "halt-b: the halt recorded once, the wait never");
        assertEquals(writesC + 1, world.successfulWrites("halt-c"), "halt-c: the halt recorded once, the wait never");
        assertTrue(world.state("halt-b").lastDecision().orElseThrow().startsWith("halted: 1.1.0 failed the health gate on "
                + "pool halt-canary"), "getPool shows why halt-b does not roll: " + world.state("halt-b").lastDecision());
        assertEquals(2, world.imageChanges("halt-canary"), "to 1.1.0 and back");
        List<String> halted = after.decisions().stream().filter(d -> !d.pool().poolName().equals("halt-canary"))
                .map(PassReport.PoolDecision::reason).toList();
        assertEquals(2, halted.size());
        halted.forEach(reason -> assertTrue(reason.startsWith("halted: 1.1.0 failed the health gate on pool halt-canary"),
                reason));

        world.addVersion(image, "1.2.0");
        for (String name : List.of("halt-canary", "halt-b", "halt-c")) {
            world.passUntil(image, name, stableOn("1.2.0"), 200);
        }
        assertEquals(1, world.imageChanges("halt-b"), "a newer version is not halted: straight to 1.2.0");
    }

    @Test
    void anOperatorRetryOnTheCanaryLiftsTheHaltAndTheCanaryGoesFirstAgain() {
        ImageDefinitionId image = world.definition("retried");
        world.pool("retried-canary", image, 1);
        world.pool("retried-b", image, 2);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());
        world.passUntil(image, "retried-canary", p -> stableOn("1.0.0").test(p)
                && world.state("retried-canary").isRejected("1.1.0"), 120);
        world.engine().reconcileTracking(image);

        OperatorActions operator = new OperatorActions(world.clients.pools(), world.clock, line -> { });
        assertTrue(operator.apply(world.poolId("retried-canary"), OperatorAction.RETRY) instanceof OperatorActions.Outcome.Applied);
        PassReport next = world.engine().reconcileTracking(image);

        assertEquals(RolloutPhase.DRAINING, world.state("retried-canary").phase(), "the canary tries 1.1.0 again");
        assertEquals("waiting to roll to 1.1.0: 1 of 1 rollouts of retried in progress (pool retried-canary on 1.1.0); "
                + "at most 1 roll at a time (MAX_ROLLOUTS_PER_IMAGE), smaller pools first", next.decisions().stream()
                .filter(d -> d.pool().poolName().equals("retried-b")).findFirst().orElseThrow().reason());
        world.passUntil(image, "retried-canary", p -> stableOn("1.0.0").test(p)
                && world.state("retried-canary").isRejected("1.1.0"), 120);
        assertEquals(0, world.imageChanges("retried-b"), "still broken: the second pool never left 1.0.0");
    }
}
