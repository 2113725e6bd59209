package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.readiness.ResizeTimeout;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulated Batch takes pools on gallery images above the 2,000 dedicated nodes that bind managed-image-resource pools,
 * and allocates them within a resizeTimeout that grows with the pool (15 minutes per started 1,000 nodes), not within
 * Batch's 15-minute default.
 */
class LargeGalleryPoolAllocationTest {
    static BatchWorld world;
    static BatchAccountId accountId;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        accountId = world.addAccount("large", 20_000, 0);
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static PoolSpec spec(int nodes, Duration resizeTimeout) {
        PoolSpec base = BatchWorld.spec(image.toString(), nodes);
        return new PoolSpec(base.vmSize(), base.imageReferenceId(), base.nodeAgentSkuId(),
                BatchWorld.fixed(nodes, resizeTimeout, ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                base.startTask(), base.metadata());
    }

    @Test
    void threeThousandNodesOnAGalleryImageAllocateFullyWithinTheResizeTimeoutSizedForThem() {
        world.create(accountId, "three-thousand", spec(3000, ResizeTimeout.forNodes(3000)));
        world.advance(Duration.ofMinutes(45));

        Pool pool = world.pool(accountId.pool("three-thousand"));
        assertEquals(3000, pool.currentDedicatedNodes());
        assertTrue(pool.resizeErrors().isEmpty(), pool.resizeErrors().toString());
        assertEquals("Steady", pool.allocationState());
    }

    @Test
    void theDefaultFifteenMinutesStopThreeThousandNodesShortWithAResizeTimeout() {
        world.create(accountId, "too-hasty", spec(3000, Duration.ofMinutes(15)));
        world.advance(Duration.ofMinutes(20));

        Pool pool = world.pool(accountId.pool("too-hasty"));
        assertTrue(pool.currentDedicatedNodes() < 3000, "allocated " + pool.currentDedicatedNodes());
        assertEquals("AllocationTimedout", pool.resizeErrors().get(0).code(), pool.resizeErrors().toString());
    }
}
