package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.RequestLog;
import org.junit.jupiter.api.Test;

/** What a pass costs in Azure calls when many pools track one image. */
class PassCostSimTest extends RolloutWorldTest {
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
        assertEquals(1, calls.stream().filter(e -> e.operation().equals("GalleryImageVersions_ListByGalleryImage")).count());
        assertEquals(0, calls.stream().filter(e -> e.operation().equals("GalleryImageVersions_Get")).count(),
                "the pools already run the newest listed version: no candidate read at rest (AtRestCostSimTest)");
        assertEquals(0, calls.stream().filter(RequestLog.Entry::isWrite).count(), "a pass at rest writes nothing");
    }

    /**
     * Issue 8: the pass in which a version appears used to write a "waiting to roll" record on every pool that could not
     * start. Waiting is derived from the listed pools now, so only the pool that starts is written, in that pass too.
     */
    @Test
    void poolsWaitingForTheirWaveAreNeverWrittenAndShareTheGalleryReads() {
        ImageDefinitionId image = world.definition("queued");
        world.pool("queued-canary", image, 1);
        world.pool("queued-b", image, 2);
        world.pool("queued-c", image, 2);
        world.addVersion(image, "1.1.0");
        int first = world.sim.requests().entries().size();
        world.engine().reconcileTracking(image);
        var startCalls = world.sim.requests().entries().subList(first, world.sim.requests().entries().size());
        assertEquals(RolloutPhase.DRAINING, world.state("queued-canary").phase());
        assertEquals(0, startCalls.stream().filter(e -> e.isWrite() && !e.path().endsWith("/queued-canary")).count(),
                "the pass that starts the canary writes no other pool: " + startCalls.stream()
                        .map(e -> e.operation() + " " + e.path()).toList());
        world.sim.advance(java.time.Duration.ofMinutes(1));
        int before = world.sim.requests().entries().size();

        PassReport report = world.engine().reconcileTracking(image);

        var calls = world.sim.requests().entries().subList(before, world.sim.requests().entries().size());
        assertEquals(2, report.decisions().stream().filter(d -> d.reason().startsWith("waiting to roll to 1.1.0: 1 of 1"))
                .count(), report.toString());
        assertEquals(0, calls.stream().filter(e -> e.isWrite() && !e.path().endsWith("/queued-canary")).count(),
                "waiting pools are not written: " + calls.stream().map(RequestLog.Entry::operation).toList());
        assertEquals(1, calls.stream().filter(e -> e.operation().equals("GalleryImages_Get")).count(),
                "one definition read per pass, shared by the waiting pools and the canary's readiness check right "
                        + "before its image change");
        assertEquals(0, calls.stream().filter(e -> e.path().matches(".*/pools/queued-[bc](/.*)?")).count(),
                "no call about a waiting pool beyond the account's list: " + calls.stream().map(e -> e.operation() + " " + e.path()).toList());
    }
}
