package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.local.DemoResources;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/pools/{poolId} end to end: the local runner, the real clients, the simulated Azure and its clock. */
class GetPoolFunctionTest {
    static PoolApiWorld world;

    @BeforeAll
    static void start() {
        world = new PoolApiWorld();
        world.pool(world.demo, "pinned-empty", "Standard_D2s_v3", 0, Optional.of(PoolApiWorld.pinned()),
                List.of(new Metadata("team", "render"), new Metadata("owner", "ops")));
        world.pool(world.demo, "not-ours", "Standard_D2s_v3", 0, Optional.empty(), List.of(new Metadata("team", "other")));
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void clearFaults() {
        world.runner.sim().faults().clear();
    }

    @Test
    void nodeCountsByStateFollowTheSimulatedClockUntilThePoolIsSteady() throws Exception {
        world.pool(world.demo, "walk", "Standard_D2s_v3", 3, Optional.of(PoolApiWorld.tracked()), List.of());
        String path = "/api/pools/walk" + world.demoQuery();

        JsonNode justCreated = world.ok(path);
        assertEquals("Resizing", justCreated.path("allocationState").asText());
        assertEquals(0, justCreated.path("nodeCounts").path("dedicated").path("total").asInt());

        world.runner.sim().advance(Duration.ofSeconds(70));
        JsonNode dedicated = world.ok(path).path("nodeCounts").path("dedicated");
        assertEquals(3, dedicated.path("creating").asInt(), dedicated.toString());

        world.runner.sim().advance(Duration.ofSeconds(130));
        dedicated = world.ok(path).path("nodeCounts").path("dedicated");
        assertEquals(3, dedicated.path("waitingForStartTask").asInt(), dedicated.toString());

        world.runner.sim().advance(Duration.ofMinutes(20));
        JsonNode steady = world.ok(path);
        assertEquals("Steady", steady.path("allocationState").asText());
        assertEquals(3, steady.path("nodeCounts").path("dedicated").path("idle").asInt());
        assertEquals(3, steady.path("nodeCounts").path("dedicated").path("total").asInt());
        assertEquals(0, steady.path("nodeCounts").path("lowPriority").path("total").asInt());
        assertEquals(3, steady.path("scale").path("currentDedicatedNodes").asInt());
        assertEquals(0, steady.path("resizeErrors").size());
    }

    @Test
    void thePoolsImagePolicyAndOnlyTheCallersMetadataAreShown() throws Exception {
        JsonNode pool = world.ok("/api/pools/pinned-empty" + world.demoQuery());

        assertEquals("pinned-empty", pool.path("poolId").asText());
        assertEquals(world.demo.toString(), pool.path("batchAccountId").asText());
        assertEquals("Standard_D2s_v3", pool.path("vmSize").asText());
        assertEquals("version", pool.path("image").path("kind").asText());
        assertEquals(DemoResources.imageId().version("1.0.0").toString().toLowerCase(), pool.path("image").path("versionId").asText().toLowerCase());
        assertEquals(DemoResources.imageId().toString().toLowerCase(), pool.path("image").path("definitionId").asText().toLowerCase());
        assertEquals("pinned", pool.path("policy").path("mode").asText());
        assertEquals("blueGreen", pool.path("policy").path("strategy").asText());
        assertEquals("Stable", pool.path("rolloutPhase").asText(), "a managed pool that never rolled is at rest");
        assertEquals("[{\"name\":\"team\",\"value\":\"render\"},{\"name\":\"owner\",\"value\":\"ops\"}]", pool.path("metadata").toString());
        assertEquals("fixed", pool.path("scale").path("mode").asText());
        assertEquals("PT15M", pool.path("scale").path("resizeTimeout").asText());
    }

    @Test
    void aTrackedPoolNamesItsDefinitionAndNoVersion() throws Exception {
        world.pool(world.demo, "tracking", "Standard_D2s_v3", 0, Optional.of(PoolApiWorld.tracked()), List.of());
        JsonNode image = world.ok("/api/pools/tracking" + world.demoQuery()).path("image");

        assertEquals("latestOfDefinition", image.path("kind").asText());
        assertTrue(image.path("versionId").isNull());
        assertEquals("tracked", world.ok("/api/pools/tracking" + world.demoQuery()).path("policy").path("mode").asText());
    }

    @Test
    void resizeErrorsAreReportedWhenTheQuotaStopsTheResize() throws Exception {
        world.runner.sim().batch().setFamilyCoreQuota(world.demo.toString(), "standardFSv2Family", 4);
        world.pool(world.demo, "quota-hit", "Standard_F2s_v2", 3, Optional.of(PoolApiWorld.tracked()), List.of());
        world.runner.sim().advance(Duration.ofMinutes(20));

        JsonNode pool = world.ok("/api/pools/quota-hit" + world.demoQuery());

        assertEquals("Steady", pool.path("allocationState").asText());
        assertEquals("AccountCoreQuotaReached", pool.path("resizeErrors").path(0).path("code").asText(), pool.toString());
        assertEquals(2, pool.path("scale").path("currentDedicatedNodes").asInt());
        assertEquals(3, pool.path("scale").path("targetDedicatedNodes").asInt());
        assertEquals(2, pool.path("nodeCounts").path("dedicated").path("total").asInt());
    }

    @Test
    void absentAndUnmanagedPoolsAre404() throws Exception {
        JsonNode absent = world.problem("/api/pools/no-such-pool" + world.demoQuery(), 404);
        assertTrue(absent.path("detail").asText().contains("no-such-pool"), absent.toString());
        world.problem("/api/pools/not-ours" + world.demoQuery(), 404);
    }

    @Test
    void withSeveralAccountsTheAccountMustBeNamedAndConfigured() throws Exception {
        JsonNode missing = world.problem("/api/pools/pinned-empty", 400);
        assertTrue(missing.path("detail").asText().contains("batchAccountId"), missing.toString());
        world.problem("/api/pools/pinned-empty?batchAccountId=" + PoolApiWorld.sibling("elsewhere"), 400);
        world.problem("/api/pools/pinned-empty?batchAccountId=not-an-id", 400);
        world.ok("/api/pools/pinned-empty?BatchAccountId=" + world.demo.toString().toLowerCase());
    }

    @Test
    void malformedPoolIdsAreRefusedWithoutAnyAzureCall() throws Exception {
        long before = world.runner.sim().requests().entries().size();
        for (String id : List.of("has.dot", "%2e%2e", "x".repeat(65), "%3Cscript%3E")) {
            world.problem("/api/pools/" + id + world.demoQuery(), 400);
        }
        assertEquals(before, world.runner.sim().requests().entries().size());
    }

    @Test
    void theBatchAccountIsReadOncePerProcess() throws Exception {
        world.ok("/api/pools/pinned-empty" + world.demoQuery());
        long accountReads = world.runner.sim().requests().count("BatchAccount_Get");
        long nodeCountReads = world.runner.sim().requests().count("Account_ListPoolNodeCounts");

        world.ok("/api/pools/pinned-empty" + world.demoQuery());
        world.ok("/api/pools/pinned-empty" + world.demoQuery());

        assertEquals(accountReads, world.runner.sim().requests().count("BatchAccount_Get"));
        assertEquals(nodeCountReads + 2, world.runner.sim().requests().count("Account_ListPoolNodeCounts"));
    }

    @Test
    void throttlingPastTheSdksRetriesIs503WithRetryAfter() throws Exception {
        long before = world.runner.sim().requests().count("Pool_Get");
        world.runner.sim().faults().throttle("Pool_Get", 10, Duration.ZERO);

        HttpResponse<String> response = world.get("/api/pools/pinned-empty" + world.demoQuery());

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""), "at least a second, even when Azure says 0");
        assertEquals(before + 4, world.runner.sim().requests().count("Pool_Get"), "one call and the SDK's three retries");
    }

    @Test
    void anUnreachableDataPlaneLeavesTheRestOfTheStatus() throws Exception {
        world.runner.sim().faults().throttle("Account_ListPoolNodeCounts", 10, Duration.ZERO);

        JsonNode pool = world.ok("/api/pools/pinned-empty" + world.demoQuery());

        assertFalse(pool.path("nodeCounts").path("available").asBoolean());
        assertTrue(pool.path("nodeCounts").path("reason").asText().contains("429"), pool.path("nodeCounts").toString());
        assertEquals("pinned", pool.path("policy").path("mode").asText());
    }

    @Test
    void otherAzureRefusalsAre502NamingAzuresCode() throws Exception {
        world.runner.sim().faults().serverError("Pool_Get", 10);

        JsonNode problem = world.problem("/api/pools/pinned-empty" + world.demoQuery(), 502);

        assertTrue(problem.path("detail").asText().contains("InternalServerError"), problem.toString());
    }
}
