package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.config.Settings;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pools on Azure Compute Gallery images are not bound by Batch's 2,000 / 1,000 node limits (those are for managed
 * image resources): a 3,000-node pool is created when its version has ceil(3000 / VMS_PER_REPLICA) replicas in the
 * account's region, and refused by the readiness gate with the numbers when it has fewer, at 300 and at 600 VMs per
 * replica.
 */
class LargeGalleryPoolsThroughTheApiTest {
    LocalRunner runner;
    CreatePoolApi api;

    private void start(Map<String, String> settings) {
        runner = LocalRunner.start(LocalRunner.Options.forTests(settings).withSeed(Seed.DEMO));
        runner.sim().events().setWebhook(null);
        api = new CreatePoolApi(runner);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private String versionWithReplicas(String name, int replicas) {
        runner.sim().gallery().addVersion(DemoResources.imageId().toString(), name,
                List.of(new SimTargetRegion("West Europe", replicas, false)), true);
        return DemoResources.imageId().version(name).toString();
    }

    private Optional<Pool> pool(String poolId) {
        return AppContext.clients().pools().get(DemoResources.batchAccountId().pool(poolId));
    }

    private long poolCreates() {
        return runner.sim().requests().count(e -> e.operation().equals("Pool_Create"));
    }

    private void createdWithThreeThousandNodes(String poolId, String version) throws Exception {
        long before = poolCreates();
        HttpResponse<String> response = api.post(CreatePoolApi.body(poolId, 3000).put("image", version));

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(1, poolCreates() - before, "one create reaches Batch");
        ScaleSettings.FixedScale scale = (ScaleSettings.FixedScale) pool(poolId).orElseThrow().scaleSettings();
        assertEquals(3000, scale.targetDedicatedNodes());
        assertEquals(Duration.ofMinutes(45), scale.resizeTimeout(), "15 minutes per started 1,000 nodes");
    }

    private void refusedForReplicas(String poolId, String version, int needed, int present, int vmsPerReplica) throws Exception {
        long before = poolCreates();
        HttpResponse<String> response = api.post(CreatePoolApi.body(poolId, 2000).put("targetLowPriorityNodes", 1000)
                .put("image", version));

        assertEquals(422, response.statusCode(), response.body());
        JsonNode reasons = CreatePoolApi.json(response).path("reasons");
        assertEquals(1, reasons.size(), reasons.toString());
        assertEquals("TOO_FEW_REPLICAS", reasons.get(0).path("code").asText());
        JsonNode facts = reasons.get(0).path("facts");
        assertEquals(needed, facts.path("replicasNeeded").asInt());
        assertEquals(present, facts.path("replicasPresent").asInt());
        assertEquals(3000, facts.path("nodes").asInt());
        assertEquals(vmsPerReplica, facts.path("vmsPerReplica").asInt());
        assertEquals(0, poolCreates() - before, "nothing reaches Batch");
        assertFalse(pool(poolId).isPresent());
    }

    @Test
    void atThreeHundredVmsPerReplicaThreeThousandNodesNeedTenReplicas() throws Exception {
        start(Map.of());
        createdWithThreeThousandNodes("big-ten", versionWithReplicas("3.0.0", 10));
        refusedForReplicas("big-five", versionWithReplicas("3.1.0", 5), 10, 5, 300);
    }

    @Test
    void atSixHundredVmsPerReplicaThreeThousandNodesNeedFiveReplicas() throws Exception {
        start(Map.of(Settings.VMS_PER_REPLICA, "600"));
        createdWithThreeThousandNodes("big-five", versionWithReplicas("3.0.0", 5));
        refusedForReplicas("big-four", versionWithReplicas("3.1.0", 4), 5, 4, 600);
    }

    @Test
    void aPoolLargerThanOneHundredReplicasCanServeIsRefusedByTheGateWithItsLimit() throws Exception {
        start(Map.of());
        HttpResponse<String> response = api.post(CreatePoolApi.body("huge", 30_001).put("image", versionWithReplicas("3.0.0", 100)));

        assertEquals(422, response.statusCode(), response.body());
        JsonNode reason = CreatePoolApi.json(response).path("reasons").get(0);
        assertEquals("POOL_TOO_LARGE_FOR_GALLERY", reason.path("code").asText());
        assertEquals(30_000, reason.path("facts").path("maxNodes").asInt());
        assertTrue(pool("huge").isEmpty());
    }
}
