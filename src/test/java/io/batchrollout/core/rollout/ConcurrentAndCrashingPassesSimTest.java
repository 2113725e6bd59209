package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.port.BatchPools;
import io.batchrollout.sim.batch.BatchSimulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Passes that race each other or die mid-way still finish the rollout, and no step is applied twice. */
class ConcurrentAndCrashingPassesSimTest extends RolloutWorldTest {
    /** Both reconcilers read the pools before either writes: every write races on the same ETag. */
    static final class ReadTogether extends ForwardingBatchPools {
        final CyclicBarrier barrier;

        ReadTogether(BatchPools real, CyclicBarrier barrier) {
            super(real);
            this.barrier = barrier;
        }

        @Override
        public List<Pool> list(BatchAccountId account) {
            List<Pool> pools = real.list(account);
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return pools;
        }
    }

    @Test
    void twoReconcilersInterleavedApplyNoStepTwice() {
        ImageDefinitionId image = world.definition("raced");
        world.pool("raced", image, 3);
        world.addVersion(image, "1.1.0");
        CyclicBarrier barrier = new CyclicBarrier(2);
        Reconciler first = world.engine(new ReadTogether(world.clients.pools(), barrier));
        Reconciler second = world.engine(new ReadTogether(world.clients.pools(), barrier));
        long conflictsBefore = world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 412);

        boolean done = false;
        for (int pass = 0; pass < 120 && !done; pass++) {
            CompletableFuture<PassReport> a = CompletableFuture.supplyAsync(() -> first.reconcileTracking(image));
            CompletableFuture<PassReport> b = CompletableFuture.supplyAsync(() -> second.reconcileTracking(image));
            a.join();
            b.join();
            done = stableOn("1.1.0").test(world.get("raced"));
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertTrue(done, String.join("\n", world.log));
        assertEquals(4, world.successfulWrites("raced"), "drain, image, restore, verified: once each\n" + String.join("\n", world.log));
        assertEquals(1, world.imageChanges("raced"));
        // The loser of a race learns of it from Azure's 412 on its PATCH, or, for the image change, from the adapter's
        // own re-read of the pool just before it (a changed ETag: 412 without a write), whichever comes first.
        long conflicts = world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 412) - conflictsBefore;
        long racesLost = world.log.stream().filter(line -> line.contains("changed since it was read")).count();
        assertEquals(4, racesLost, "the loser of every race got 412 and decided again on the next pass\n" + String.join("\n", world.log));
        assertTrue(conflicts >= 3 && conflicts <= 4, "Azure refused every losing PATCH it received: " + conflicts);
    }

    @Test
    void aCrashBetweenEveryPairOfStepsIsFinishedByTheNextPass() {
        ImageDefinitionId image = world.definition("crashing");
        world.pool("crashing", image, 3);
        world.sim.batch().addJob(world.account.toString(), "crashing-job", "crashing");
        for (int i = 0; i < 6; i++) {
            world.sim.batch().addTask(world.account.toString(), "crashing-job", "c" + i, Duration.ofMinutes(7));
        }
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        long failedBefore = world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 500);

        boolean done = false;
        for (int pass = 0; pass < 120 && !done; pass++) {
            // Every write fails once (all retries of the pipeline included) before it succeeds on a later pass, and
            // each pass is a fresh reconciler: nothing survives in memory from one pass to the next.
            long writes = world.successfulWrites("crashing");
            world.sim.faults().clear();
            world.sim.faults().serverError("Pool_Update", 4);
            world.engine().reconcileTracking(image);
            if (world.successfulWrites("crashing") == writes) {
                world.sim.faults().clear();
                world.engine().reconcileTracking(image);
            }
            done = stableOn("1.1.0").test(world.get("crashing"));
            world.sim.advance(Duration.ofMinutes(1));
        }
        world.sim.faults().clear();

        assertTrue(done, String.join("\n", world.log));
        assertEquals(4, world.successfulWrites("crashing"));
        assertTrue(world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 500) - failedBefore >= 4 * 4,
                "each of the four steps failed once before it was applied");
        world.sim.advance(Duration.ofMinutes(30));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(6, after.completed() - before.completed());
        assertEquals(0, after.killed() - before.killed());
        assertEquals(0, after.requeued() - before.requeued());
    }
}
