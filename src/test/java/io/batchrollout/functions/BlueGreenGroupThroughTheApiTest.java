package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A pipeline keeps using the group's name while blue-green rollouts replace its pools: getPool names the active pool. */
class BlueGreenGroupThroughTheApiTest {
    static LocalRunner runner;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        runner.sim().events().setWebhook(null);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static JsonNode getPool(String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/pools/" + name))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return CreatePoolApi.JSON.readTree(response.body());
    }

    @Test
    void theGroupNameLeadsToTheActivePoolBeforeDuringAndAfterABlueGreenRoll() throws Exception {
        ObjectNode body = CreatePoolApi.body("render-bg", 2);
        body.putObject("rollout").put("strategy", "blueGreen");
        assertEquals(201, new CreatePoolApi(runner).post(body).statusCode());
        runner.sim().advance(Duration.ofMinutes(6));
        JsonNode before = getPool("render-bg");
        assertEquals("render-bg", before.path("group").asText());
        assertEquals("render-bg", before.path("activePoolId").asText());

        runner.sim().gallery().addVersion(DemoResources.imageId().toString(), "1.1.0",
                List.of(new SimTargetRegion("West Europe", 1, false)), true);
        boolean sawCandidateActiveWhileOldPoolExisted = false;
        for (int minute = 0; minute < 40; minute++) {
            AppContext.services().rolloutEngine().reconcileAll();
            runner.sim().advance(Duration.ofMinutes(1));
            if (AppContext.clients().pools().get(DemoResources.batchAccountId().pool("render-bg")).isPresent()
                    && getPool("render-bg").path("activePoolId").asText().equals("render-bg-v1-1-0")) {
                sawCandidateActiveWhileOldPoolExisted = true;
            }
        }

        assertTrue(sawCandidateActiveWhileOldPoolExisted, "once verified, the candidate takes the group's jobs");
        assertTrue(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("render-bg")).isEmpty(),
                "the old pool is deleted");
        JsonNode after = getPool("render-bg");
        assertEquals("render-bg-v1-1-0", after.path("poolId").asText(), "the group's name answers with the new pool");
        assertEquals("render-bg", after.path("group").asText());
        assertTrue(after.path("image").path("versionId").asText().endsWith("/versions/1.1.0"));
    }
}
