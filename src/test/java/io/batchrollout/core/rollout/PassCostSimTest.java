package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.sim.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a pass costs in Azure calls when many pools track one image. */
class PassCostSimTest {
    static RolloutWorld world;

    @BeforeAll
    static void start() {
        world = new RolloutWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void poolsTrackingTheSameImageAtTheSameSizeShareTheGalleryReadsOfAPass() {
        ImageDefinitionId image = world.definition("shared");
        for (String name : new String[] {"shared-a", "shared-b", "shared-c"}) {
            world.pool(name, image, 2);
        }
        world.engine().reconcileTracking(image);
        int before = world.sim.requests().entries().size();

        PassReport report = world.engine().reconcileTracking(image);

        assertEquals(3, report.decisions().size());
        var calls = world.sim.requests().entries().subList(before, world.sim.requests().entries().size());
        assertEquals(1, calls.stream().filter(e -> e.operation().equals("Pool_ListByBatchAccount")).count());
        assertEquals(1, calls.stream().filter(e -> e.operation().equals("GalleryImages_Get")).count(),
                "one definition read for three pools: " + calls.stream().map(RequestLog.Entry::operation).toList());
        assertEquals(1, calls.stream().filter(e -> e.operation().equals("GalleryImageVersions_Get")).count());
        assertEquals(0, calls.stream().filter(RequestLog.Entry::isWrite).count(), "a pass at rest writes nothing");
    }
}
