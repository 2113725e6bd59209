package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.TaskCounts;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two reconcilers whose passes interleave through a whole blue-green roll: both read the pools and the jobs before
 * either writes, so every pool step and every job call races. Each step still happens once; the loser is refused.
 */
class BlueGreenConcurrentPassesSimTest extends RolloutWorldTest {
    static BatchAccount account;

    @BeforeAll
    static void start() {
        account = world.clients.pools().account(world.account);
    }

    /** Both reconcilers list the jobs of a pool before either acts on what it read. */
    static final class ReadJobsTogether implements BatchJobs {
        final BatchJobs real;
        final CyclicBarrier barrier;

        ReadJobsTogether(BatchJobs real, CyclicBarrier barrier) {
            this.real = real;
            this.barrier = barrier;
        }

        public List<BatchJob> jobsOnPool(BatchAccount account, String poolId) {
            List<BatchJob> jobs = real.jobsOnPool(account, poolId);
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return jobs;
        }

        public TaskCounts taskCounts(BatchAccount account, String jobId) {
            return real.taskCounts(account, jobId);
        }

        public void disable(BatchAccount account, String jobId, DisableTasks disableTasks, String ifMatch) {
            real.disable(account, jobId, disableTasks, ifMatch);
        }

        public void retarget(BatchAccount account, String jobId, String newPoolId, String ifMatch) {
            real.retarget(account, jobId, newPoolId, ifMatch);
        }

        public void enable(BatchAccount account, String jobId, String ifMatch) {
            real.enable(account, jobId, ifMatch);
        }
    }

    private Reconciler racer(CyclicBarrier barrier) {
        return new Reconciler(List.of(world.account), new ConcurrentAndCrashingPassesSimTest.ReadTogether(world.clients.pools(), barrier),
                world.clients.nodes(), new ReadJobsTogether(world.clients.jobs(), barrier), world.accounts,
                world.capacity(world.clients.pools()), world.resolver,
                HealthGate.defaults(), world.clock, line -> {
                    synchronized (world.log) {
                        world.log.add(world.sim.clock().now() + " " + Thread.currentThread().getName() + " " + line);
                    }
                });
    }

    private static boolean promoted(String candidate) {
        return world.find(candidate).map(p -> RolloutStateCodec.decode(p.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && present.state().phase() == RolloutPhase.STABLE).orElse(false);
    }

    /** Calls that succeeded, or (succeeded false) that Azure refused as a lost race: 409 or 412, nothing else. */
    private static long calls(String operation, String pathEnd, boolean succeeded) {
        return world.sim.requests().count(e -> e.operation().equals(operation) && e.path().endsWith(pathEnd)
                && (succeeded ? e.status() < 300 : e.status() == 409 || e.status() == 412));
    }

    @Test
    void twoReconcilersInterleavedThroughABlueGreenRollCreateOneCandidateAndMoveEachJobOnce() {
        ImageDefinitionId image = world.definition("bg-raced");
        world.pool("bg-raced", image, 3, RolloutStrategy.BLUE_GREEN, "Standard_D2s_v3");
        addTasks("bgr-render", "bg-raced", 5, Duration.ofMinutes(12));
        addTasks("bgr-encode", "bg-raced", 3, Duration.ofMinutes(7));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        String candidate = "bg-raced-v1-1-0";
        CyclicBarrier barrier = new CyclicBarrier(2);
        Reconciler first = racer(barrier);
        Reconciler second = racer(barrier);

        int passes = 0;
        while (!promoted(candidate) || world.find("bg-raced").isPresent()) {
            if (++passes > 200) {
                throw new AssertionError("not done:\n" + String.join("\n", world.log));
            }
            CompletableFuture<PassReport> a = CompletableFuture.supplyAsync(() -> first.reconcileTracking(image));
            CompletableFuture<PassReport> b = CompletableFuture.supplyAsync(() -> second.reconcileTracking(image));
            a.join();
            b.join();
            world.sim.advance(Duration.ofMinutes(1));
        }

        String log = "\n" + String.join("\n", world.log);
        assertEquals(1, calls("Pool_Create", "/" + candidate, true), "one candidate created" + log);
        assertEquals(1, calls("Pool_Create", "/" + candidate, false), "the other create was refused" + log);
        assertEquals(2, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.path().endsWith("/" + candidate)),
                "no third create" + log);
        // Pool_Delete has no If-Match, so nothing lets one of two passes that read the same drained pool lose: both may
        // delete it (each after its own fresh read). A second delete of a pool being deleted changes nothing.
        long deletes = calls("Pool_Delete", "/bg-raced", true);
        assertTrue(deletes == 1 || deletes == 2, "the old pool deleted by one or both passes, " + deletes + log);
        assertEquals(0, world.sim.requests().count(e -> e.operation().equals("Pool_Delete") && e.path().endsWith("/" + candidate)),
                "the candidate never deleted" + log);
        for (String job : List.of("bgr-render", "bgr-encode")) {
            assertEquals(1, calls("Job_Disable", "/jobs/" + job + "/disable", true), job + " disabled once" + log);
            assertEquals(1, calls("Job_Patch", "/jobs/" + job, true), job + " retargeted once" + log);
            assertEquals(1, calls("Job_Enable", "/jobs/" + job + "/enable", true), job + " enabled once" + log);
            long refused = world.sim.requests().count(e -> e.path().contains("/jobs/" + job) && e.status() == 412);
            assertEquals(3, refused, job + ": the loser of each job call got 412" + log);
        }
        assertEquals(Set.of("bgr-render", "bgr-encode"), world.clients.jobs().jobsOnPool(account, candidate).stream()
                .map(BatchJob::id).collect(Collectors.toSet()));
        assertEquals(Optional.of(world.get(candidate).id()), new PoolGroups(world.clients.pools()).activePool(world.account, "bg-raced"));
        world.sim.advance(Duration.ofMinutes(40));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(8, after.completed() - before.completed(), "every task completes");
        assertEquals(0, after.killed() - before.killed(), "no task killed");
        assertEquals(0, after.requeued() - before.requeued(), "no task requeued");
    }
}
