package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutWorld.stableOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.sim.batch.BatchSimulation;
import io.batchrollout.sim.gallery.GallerySimulation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-place strategy on the simulated Azure: real adapters, simulated clock, one pass per simulated minute. */
class InPlaceRolloutSimTest extends RolloutWorldTest {

    @Test
    void aFullInPlaceRollFinishesEveryRunningTaskAndRestoresTheSavedCapacity() {
        ImageDefinitionId image = world.definition("full-roll");
        world.pool("full-roll", image, 4);
        addTasks("full-roll-job", "full-roll", 8, Duration.ofMinutes(10));
        world.sim.advance(Duration.ofMinutes(1));
        BatchSimulation.TaskCounters before = world.sim.batch().counters();
        world.addVersion(image, "1.1.0");
        long requestsBefore = world.sim.requests().entries().size();
        Instant start = world.sim.clock().now();

        int passes = world.passUntil(image, "full-roll", stableOn("1.1.0"), 120);

        Duration took = Duration.between(start, world.sim.clock().now());
        long requests = world.sim.requests().entries().size() - requestsBefore;
        Pool pool = world.get("full-roll");
        assertEquals(new ScaleSettings.FixedScale(4, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                pool.scaleSettings());
        assertEquals(4, pool.currentDedicatedNodes());
        assertEquals("render", pool.metadataValue("team").orElseThrow(), "the caller's metadata is kept");
        assertEquals(4, world.successfulWrites("full-roll"), "drain, image, restore, verified:\n" + String.join("\n", world.log));
        assertEquals(1, world.imageChanges("full-roll"));
        world.sim.advance(Duration.ofMinutes(30));
        BatchSimulation.TaskCounters after = world.sim.batch().counters();
        assertEquals(8, after.completed() - before.completed(), "every task completes");
        assertEquals(0, after.killed() - before.killed(), "no task killed");
        assertEquals(0, after.requeued() - before.requeued(), "no task requeued");
        System.out.printf("in-place roll of 4 nodes with 10-minute tasks: %d passes, %d simulated minutes, %d requests (%.1f per pass)%n",
                passes, took.toMinutes(), requests, (double) requests / passes);
    }

    @Test
    void aBrokenVersionIsRolledBackRejectedAndANewerGoodVersionThenRolls() {
        ImageDefinitionId image = world.definition("broken");
        world.pool("broken", image, 3);
        world.addVersion(image, "1.1.0");
        world.sim.gallery().markBroken(image.version("1.1.0").toString());

        world.passUntil(image, "broken", p -> stableOn("1.0.0").test(p) && world.state("broken").isRejected("1.1.0"), 120);

        Pool back = world.get("broken");
        assertEquals(3, ((ScaleSettings.FixedScale) back.scaleSettings()).targetDedicatedNodes());
        assertTrue(world.state("broken").lastDecision().orElseThrow().contains("1.1.0 failed the health gate"));
        assertEquals(2, world.imageChanges("broken"), "to 1.1.0 and back");
        long writes = world.successfulWrites("broken");
        for (int i = 0; i < 5; i++) {
            world.engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }
        assertEquals(writes, world.successfulWrites("broken"), "the rejected version is not tried again");

        world.addVersion(image, "1.2.0");
        world.passUntil(image, "broken", stableOn("1.2.0"), 120);
        assertEquals(3, world.get("broken").currentDedicatedNodes());
        assertEquals(List.of("1.1.0"), world.state("broken").rejected());
    }

    @Test
    void aVersionThatNeverReplicatesToThePoolRegionLeavesThePoolPutAndBlockedWithTheReason() {
        ImageDefinitionId image = world.definition("no-replica");
        world.pool("no-replica", image, 2);
        String version = world.sim.gallery().publishVersion(image.toString(), "1.1.0", RolloutWorld.regions());
        world.sim.gallery().failReplication(version, "North Europe");
        world.sim.advance(Duration.ofHours(2));

        world.engine().reconcileTracking(image);
        RolloutState blocked = world.state("no-replica");
        assertEquals(RolloutPhase.BLOCKED, blocked.phase());
        assertTrue(blocked.lastDecision().orElseThrow().contains("REPLICATION_FAILED"), blocked.lastDecision().orElseThrow());
        long writes = world.successfulWrites("no-replica");
        for (int i = 0; i < 5; i++) {
            world.sim.advance(Duration.ofMinutes(5));
            world.engine().reconcileTracking(image);
        }
        Pool pool = world.get("no-replica");
        assertTrue(pool.imageReferenceId().endsWith("/versions/1.0.0"));
        assertEquals(2, pool.currentDedicatedNodes());
        assertEquals(writes, world.successfulWrites("no-replica"), "a blocked pool is not rewritten on every pass");
    }

    @Test
    void aVersionStillReplicatingBlocksThePoolWithOneWriteNotOnePerPassAsItsProgressMoves() {
        ImageDefinitionId image = world.definition("slow-replica");
        world.pool("slow-replica", image, 1);
        // The gallery's own region (West Europe) replicates first, then the pool's: 20 simulated minutes each.
        world.sim.gallery().setReplicationTiming(Duration.ofMinutes(20), Duration.ofMinutes(1));
        try {
            world.sim.gallery().publishVersion(image.toString(), "1.1.0",
                    List.of(new GallerySimulation.SimTargetRegion("North Europe", 1, false),
                            new GallerySimulation.SimTargetRegion("West Europe", 1, false)));
            world.sim.advance(Duration.ofMinutes(25));
            world.engine().reconcileTracking(image);
            RolloutState blocked = world.state("slow-replica");
            assertEquals(RolloutPhase.BLOCKED, blocked.phase());
            assertTrue(blocked.lastDecision().orElseThrow().contains("REPLICATION_IN_PROGRESS"), blocked.lastDecision().orElseThrow());
            long writes = world.successfulWrites("slow-replica");
            for (int i = 0; i < 5; i++) {
                world.sim.advance(Duration.ofMinutes(2));
                world.engine().reconcileTracking(image);
            }
            assertEquals(writes, world.successfulWrites("slow-replica"),
                    "replication progress alone does not rewrite the pool: " + world.state("slow-replica").lastDecision());
        } finally {
            world.sim.gallery().setReplicationTiming(Duration.ofMinutes(10), Duration.ofMinutes(1));
        }
    }
}
