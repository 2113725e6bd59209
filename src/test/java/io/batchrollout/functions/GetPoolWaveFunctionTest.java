package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.local.DemoResources;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GET /api/pools/{poolId} says why a pool waits in its definition's wave, though nothing about waiting is written on
 * the pool: derived from every configured account's pools (ImageWaves, as a pass and the drift report do).
 */
class GetPoolWaveFunctionTest {
    private static final List<String> POOLS = List.of("wave-a", "wave-b", "wave-c");

    @Test
    void aWaitingPoolShowsItsPlaceInTheWaveTheRolloutsHoldingTheSlotsAndWhyAtBoundedCost() throws Exception {
        try (PoolApiWorld world = new PoolApiWorld()) {
            for (int i = 0; i < POOLS.size(); i++) {
                world.clients.pools().create(world.demo.pool(POOLS.get(i)), new PoolSpec("Standard_D2s_v3",
                        DemoResources.imageId().version(DemoResources.VERSION).toString(), PoolApiWorld.AGENT,
                        new ScaleSettings.FixedScale(1 + i, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.REQUEUE),
                        Optional.of(new StartTask("/bin/true", false, true, 0)), PoolApiWorld.tracked().writeInto(List.of())));
            }
            world.runner.sim().advance(Duration.ofMinutes(6));
            AppContext.services().rolloutEngine().reconcileAll();
            assertTrue(world.ok("/api/pools/wave-c" + world.demoQuery()).path("wave").isNull(), "in sync: not waiting");
            world.runner.sim().gallery().addVersion(DemoResources.imageId().toString(), "1.1.0",
                    List.of(new SimTargetRegion("West Europe", 1, false)), true);
            AppContext.services().rolloutEngine().reconcileAll();

            world.runner.sim().requests().clear();
            JsonNode c = world.ok("/api/pools/wave-c" + world.demoQuery()).path("wave");
            Map<String, Long> cost = world.runner.sim().requests().countsByOperation();
            JsonNode b = world.ok("/api/pools/wave-b" + world.demoQuery()).path("wave");
            JsonNode a = world.ok("/api/pools/wave-a" + world.demoQuery());

            assertEquals("Draining", a.path("rolloutPhase").asText(), "the smallest pool took the one slot: " + a);
            assertTrue(a.path("wave").isNull(), "a pool mid-rollout does not wait: " + a.path("wave"));
            assertEquals(List.of("wave-a on 1.1.0"), List.of(c.path("inProgress").get(0).asText()), c.toString());
            assertEquals(1, c.path("inProgress").size(), c.toString());
            assertEquals(b.path("position").asInt() + 1, c.path("position").asInt(), "smaller pools first: " + b + " " + c);
            assertEquals(b.path("of").asInt(), c.path("of").asInt());
            assertTrue(c.path("position").asInt() <= c.path("of").asInt(), c.toString());
            assertTrue(c.path("reason").asText().startsWith("waiting to roll to 1.1.0: 1 of 1 rollouts"), c.toString());
            assertEquals(3L, cost.get("Pool_ListByBatchAccount"), "one list of each configured account: " + cost);
            assertEquals(1L, cost.get("GalleryImages_Get"), cost.toString());
            assertEquals(1L, cost.get("GalleryImageVersions_ListByGalleryImage"), cost.toString());
            assertTrue(cost.getOrDefault("GalleryImageVersions_Get", 0L) <= 2, "the candidates, once: " + cost);
            assertEquals(0, world.runner.sim().requests().writes(), "getPool writes nothing");
        }
    }
}
