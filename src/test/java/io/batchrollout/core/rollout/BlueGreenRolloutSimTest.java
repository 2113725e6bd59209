package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blue-green strategy on the simulated Azure: real adapters, simulated clock, one pass per simulated minute. */
class BlueGreenRolloutSimTest extends RolloutWorldTest {
    static BatchAccount account;

    @BeforeAll
    static void start() {
        account = world.clients.pools().account(world.account);
    }

    private static int ready(String pool) {
        if (world.find(pool).isEmpty()) {
            return 0;
        }
        NodeCounts counts = world.clients.nodes().nodeCounts(account, pool);
        return counts.dedicated().idle() + counts.dedicated().running() + counts.lowPriority().idle()
                + counts.lowPriority().running();
    }

    private static Set<String> jobsOn(String pool) {
        return world.clients.jobs().jobsOnPool(account, pool).stream().map(BatchJob::id).collect(Collectors.toSet());
    }

    private static boolean promoted(String candidate) {
        return world.find(candidate).map(p -> RolloutStateCodec.decode(p.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && present.state().phase() == RolloutPhase.STABLE).orElse(false);
    }

    private static long jobCalls(String operation) {
        return world.sim.requests().count(e -> e.operation().equals(operation) && e.status() < 300);
    }

    @Test
    void aFullBlueGreenRollMovesEveryJobWithoutKillingATaskOrDroppingCapacityThenRetiresTheOldPool() {
        ImageDefinitionId image = world.definition("bg-full");
        world.pool("bg-full", image, 3, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bg-render", "bg-full", 5, Duration.ofMinutes(12));
        addTasks("bg-encode", "bg-full", 3, Duration.ofMinutes(7));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        String candidate = "bg-full-v1-1-0";
        Instant start = world.sim.clock().now();

        int passes = 0;
        long engineRequests = 0;
        boolean verified = false;
        while (!promoted(candidate) || world.find("bg-full").isPresent()) {
            if (++passes > 200) {
                throw new AssertionError("not done:\n" + String.join("\n", world.log));
            }
            long beforePass = world.sim.requests().entries().size();
            world.engine().reconcileTracking(image);
            engineRequests += world.sim.requests().entries().size() - beforePass;
            Optional<RolloutPhase> phase = world.find("bg-full").map(p -> world.state("bg-full").phase());
            verified |= phase.filter(p -> p == RolloutPhase.MOVING_JOBS || p == RolloutPhase.RETIRING_OLD_POOL).isPresent();
            if (verified) {
                int capacity = ready("bg-full") + ready(candidate);
                assertTrue(capacity >= 3, "capacity " + capacity + " below the target of 3 after pass " + passes
                        + ":\n" + String.join("\n", world.log));
            }
            world.sim.advance(Duration.ofMinutes(1));
        }

        Duration took = Duration.between(start, world.sim.clock().now());
        assertTrue(verified, "the candidate was verified before the old pool retired");
        Pool active = world.get(candidate);
        assertTrue(active.imageReferenceId().endsWith("/versions/1.1.0"));
        assertEquals(new ScaleSettings.FixedScale(3, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                active.scaleSettings());
        assertEquals("render", active.metadataValue("team").orElseThrow(), "the caller's metadata is kept");
        assertEquals(Set.of("bg-render", "bg-encode"), jobsOn(candidate));
        assertEquals(Optional.of(active.id()), new PoolGroups(world.clients.pools()).activePool(world.account, "bg-full"));
        RolloutState state = world.state(candidate);
        assertEquals(Optional.of("bg-full"), state.links().group());
        assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.status() < 300
                && e.path().endsWith("/" + candidate)));
        assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Delete") && e.status() < 300
                && e.path().endsWith("/bg-full")));
        world.sim.advance(Duration.ofMinutes(40));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(8, after.completed() - before.completed(), "every task completes");
        assertEquals(0, after.killed() - before.killed(), "no task killed");
        assertEquals(0, after.requeued() - before.requeued(), "no task requeued");
        System.out.printf("blue-green roll of 3 nodes with 2 jobs (7- and 12-minute tasks): %d passes, %d simulated minutes,"
                + " %d reconciler requests (%.1f per pass)%n", passes, took.toMinutes(), engineRequests,
                (double) engineRequests / passes);
    }

    @Test
    void aBrokenVersionDeletesTheCandidateLeavesTheJobsAloneAndIsRejected() {
        ImageDefinitionId image = world.definition("bg-broken");
        world.pool("bg-broken", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bg-broken-job", "bg-broken", 4, Duration.ofMinutes(30));
        world.sim.advance(Duration.ofMinutes(1));
        long disablesBefore = jobCalls("Job_Disable");
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());

        world.passUntil(image, "bg-broken", p -> world.state("bg-broken").phase() == RolloutPhase.STABLE
                && world.state("bg-broken").isRejected("1.1.0"), 120);

        assertTrue(world.state("bg-broken").lastDecision().orElseThrow().contains("1.1.0 failed the health gate"));
        world.sim.advance(Duration.ofMinutes(5));
        assertFalse(world.find("bg-broken-v1-1-0").isPresent(), "the candidate is deleted");
        assertEquals(Set.of("bg-broken-job"), jobsOn("bg-broken"));
        assertEquals(disablesBefore, jobCalls("Job_Disable"), "no job was touched");
        Pool old = world.get("bg-broken");
        assertTrue(old.imageReferenceId().endsWith("/versions/1.0.0"));
        assertEquals(2, old.currentDedicatedNodes());
        long writes = world.successfulWrites("bg-broken");
        for (int i = 0; i < 5; i++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, world.successfulWrites("bg-broken"), "the rejected version is not tried again");
        assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.path().endsWith("/bg-broken-v1-1-0")));
    }

    @Test
    void tooSmallACoreQuotaBlocksWithTheNumbersAndCreatesNoCandidate() {
        ImageDefinitionId image = world.definition("bg-quota");
        world.sim.batch().setFamilyCoreQuota(world.account.toString(), "standardFSv2Family", 6);
        world.pool("bg-quota", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_F2s_v2");
        world.addVersion(image, "1.1.0");

        world.engine().reconcileTracking(image);

        RolloutState blocked = world.state("bg-quota");
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        String reason = blocked.lastDecision().orElseThrow();
        assertTrue(reason.contains("needs 4 dedicated cores of family standardFSv2Family, 4 are in use, the quota is 6"), reason);
        long writes = world.successfulWrites("bg-quota");
        for (int i = 0; i < 3; i++) {
            world.sim.advance(Duration.ofMinutes(1));
            world.engine().reconcileTracking(image);
        }
        assertEquals(writes, world.successfulWrites("bg-quota"), "a blocked pool is not rewritten on every pass");
        assertEquals(0, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.path().contains("/bg-quota-v")));
        assertEquals(2, world.get("bg-quota").currentDedicatedNodes());
    }

    @Test
    void aCrashBetweenEveryPairOfStepsIsFinishedByTheNextPass() {
        ImageDefinitionId image = world.definition("bg-crash");
        world.pool("bg-crash", image, 2, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bg-crash-a", "bg-crash", 3, Duration.ofMinutes(6));
        addTasks("bg-crash-b", "bg-crash", 2, Duration.ofMinutes(4));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        String candidate = "bg-crash-v1-1-0";
        List<String> writes = List.of("Pool_Update", "Pool_Create", "Pool_Delete", "Job_Disable", "Job_Patch", "Job_Enable");
        long failedBefore = world.sim.requests().count(e -> writes.contains(e.operation()) && e.status() == 500);

        int passes = 0;
        while (!promoted(candidate) || world.find("bg-crash").isPresent()) {
            if (++passes > 300) {
                throw new AssertionError("not done:\n" + String.join("\n", world.log));
            }
            // Every mutating call fails once (all retries of the pipeline included) before a later pass repeats it,
            // and each pass is a fresh reconciler: nothing survives in memory from one pass to the next.
            long succeeded = world.sim.requests().count(e -> writes.contains(e.operation()) && e.status() < 300);
            world.sim.faults().clear();
            writes.forEach(op -> world.sim.faults().serverError(op, 4));
            world.engine().reconcileTracking(image);
            world.sim.faults().clear();
            if (world.sim.requests().count(e -> writes.contains(e.operation()) && e.status() < 300) == succeeded) {
                world.engine().reconcileTracking(image);
            }
            world.sim.advance(Duration.ofMinutes(1));
        }

        long failed = world.sim.requests().count(e -> writes.contains(e.operation()) && e.status() == 500) - failedBefore;
        assertTrue(failed >= 4 * 6, "writes failed before they were applied: " + failed);
        assertEquals(Set.of("bg-crash-a", "bg-crash-b"), jobsOn(candidate));
        assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.status() < 300
                && e.path().endsWith("/" + candidate)));
        world.sim.advance(Duration.ofMinutes(30));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(5, after.completed() - before.completed());
        assertEquals(0, after.killed() - before.killed());
        assertEquals(0, after.requeued() - before.requeued());
    }
}
