package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/pools end to end: the local runner, the real adapters, the simulated Azure seeded with the demo. */
class CreatePoolFunctionTest {
    static LocalRunner runner;
    static CreatePoolApi api;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        // These tests count and script Azure calls; rollout passes started by the simulator's events would share them.
        runner.sim().events().setWebhook(null);
        api = new CreatePoolApi(runner);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static Pool simulatedPool(String poolId) {
        return AppContext.clients().pools().get(DemoResources.batchAccountId().pool(poolId)).orElseThrow();
    }

    private static Set<String> reasonCodes(JsonNode problem) {
        Set<String> codes = new TreeSet<>();
        problem.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
        return codes;
    }

    private static JsonNode reason(JsonNode problem, String code) {
        for (JsonNode r : problem.path("reasons")) {
            if (r.path("code").asText().equals(code)) {
                return r;
            }
        }
        throw new AssertionError("no " + code + " in " + problem);
    }

    @Test
    void trackedImageCreatesThePoolOnTheLatestEligibleVersionWithItsPolicyAndTheCallersMetadata() throws Exception {
        HttpResponse<String> response = api.post(CreatePoolApi.body("render-a", 2));

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("/api/pools/render-a", response.headers().firstValue("Location").orElse(""));
        JsonNode status = CreatePoolApi.json(response);
        assertEquals(DemoResources.imageId().version("1.0.0").toString(), status.path("image").path("versionId").asText());
        assertEquals("tracked", status.path("policy").path("mode").asText());
        assertEquals("PT15M", status.path("scale").path("resizeTimeout").asText());

        Pool pool = simulatedPool("render-a");
        assertTrue(pool.imageReferenceId().endsWith("/versions/1.0.0"), "a tracked pool is created on the concrete version");
        assertEquals(new Metadata("team", "render"), pool.metadata().get(0), "the caller's metadata is kept, first");
        assertEquals(DemoResources.imageId(), RolloutPolicy.of(pool).orElseThrow().image().definition());
        ScaleSettings.FixedScale scale = (ScaleSettings.FixedScale) pool.scaleSettings();
        assertEquals(2, scale.targetDedicatedNodes());
    }

    @Test
    void replayingTheSameCreateAnswers200AndWritesNothing() throws Exception {
        assertEquals(201, api.post(CreatePoolApi.body("render-b", 1)).statusCode());
        long writes = runner.sim().requests().writes();

        HttpResponse<String> replay = api.post(CreatePoolApi.body("render-b", 1));

        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("render-b", CreatePoolApi.json(replay).path("poolId").asText());
        assertEquals(writes + 1, runner.sim().requests().writes(), "only the refused conditional PUT, nothing changed");
        RequestLog.Entry put = runner.sim().requests().entries().stream()
                .filter(e -> e.operation().equals("Pool_Create")).reduce((a, b) -> b).orElseThrow();
        assertEquals("*", put.ifNoneMatch());
        assertTrue(put.status() == 409 || put.status() == 412, "the replay's conditional PUT was refused: " + put);
    }

    @Test
    void replayWithAnotherSpecAnswers409NamingEachDifferingField() throws Exception {
        assertEquals(201, api.post(CreatePoolApi.body("render-c", 1)).statusCode());
        ObjectNode changed = CreatePoolApi.body("render-c", 3).put("vmSize", "Standard_D4s_v3");

        HttpResponse<String> response = api.post(changed);

        assertEquals(409, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        Set<String> fields = new TreeSet<>();
        CreatePoolApi.json(response).path("differences").forEach(d -> fields.add(d.path("field").asText()));
        assertEquals(Set.of("vmSize", "targetDedicatedNodes"), fields);
        assertEquals("Standard_D2s_v3", simulatedPool("render-c").vmSize(), "the existing pool is untouched");
    }

    @Test
    void aVersionStillReplicatingGives422ThenCreatesOnceTheSimulatedClockHasMoved() throws Exception {
        runner.sim().gallery().publishVersion(DemoResources.imageId().toString(), "1.1.0",
                List.of(new SimTargetRegion("West Europe", 1, false)));
        ObjectNode pinned = CreatePoolApi.body("render-d", 1).put("image", DemoResources.imageId().version("1.1.0").toString());

        HttpResponse<String> refused = api.post(pinned);

        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode problem = CreatePoolApi.json(refused);
        assertEquals(Set.of("VERSION_NOT_SUCCEEDED", "REPLICATION_IN_PROGRESS"), reasonCodes(problem));
        JsonNode replicating = reason(problem, "REPLICATION_IN_PROGRESS");
        assertEquals("westeurope", replicating.path("facts").path("region").asText().replace(" ", "").toLowerCase());
        assertTrue(replicating.path("facts").has("progress"), replicating.toString());
        assertFalse(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("render-d")).isPresent());

        runner.sim().advance(Duration.ofHours(1));
        HttpResponse<String> created = api.post(pinned);

        assertEquals(201, created.statusCode(), created.body());
        assertTrue(simulatedPool("render-d").imageReferenceId().endsWith("/versions/1.1.0"));
    }

    @Test
    void everyReasonIsListedWithItsNumbers() throws Exception {
        ObjectNode body = CreatePoolApi.body("render-e", 301).put("nodeAgentSkuId", "batch.node.windows amd64")
                .put("image", DemoResources.imageId().version("1.0.0").toString());

        HttpResponse<String> response = api.post(body);

        assertEquals(422, response.statusCode(), response.body());
        JsonNode problem = CreatePoolApi.json(response);
        assertEquals(Set.of("TOO_FEW_REPLICAS", "NODE_AGENT_OS_MISMATCH"), reasonCodes(problem));
        JsonNode replicas = reason(problem, "TOO_FEW_REPLICAS");
        assertEquals(2, replicas.path("facts").path("replicasNeeded").asInt());
        assertEquals(1, replicas.path("facts").path("replicasPresent").asInt());
    }

    @Test
    void aGalleryNotInTheAllowListIsRefusedWithoutReadingIt() throws Exception {
        long galleryReads = runner.sim().requests().count(e -> e.operation().startsWith("Gallery"));
        ObjectNode body = CreatePoolApi.body("render-f", 1).put("image",
                DemoResources.imageId().toString().replace("demogallery", "othergallery"));

        HttpResponse<String> response = api.post(body);

        assertEquals(422, response.statusCode(), response.body());
        assertEquals(Set.of("GALLERY_NOT_ALLOWED"), reasonCodes(CreatePoolApi.json(response)));
        assertEquals(galleryReads, runner.sim().requests().count(e -> e.operation().startsWith("Gallery")));
    }

    @Test
    void batchRefusingThePoolGives422WithBatchsCodeAndCreatesNothing() throws Exception {
        ObjectNode body = CreatePoolApi.body("render-g", 1).put("vmSize", "Standard_Q99s_v9");

        HttpResponse<String> response = api.post(body);

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("InvalidPropertyValue", CreatePoolApi.json(response).path("azureError").path("code").asText());
        assertFalse(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("render-g")).isPresent());
    }

    @Test
    void throttlingThatOutlastsTheSdkRetriesGives503WithRetryAfter() throws Exception {
        runner.sim().faults().throttle("GalleryImages_Get", 4, Duration.ofSeconds(1));

        HttpResponse<String> response = api.post(CreatePoolApi.body("render-h", 1));

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertFalse(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("render-h")).isPresent());
    }
}
