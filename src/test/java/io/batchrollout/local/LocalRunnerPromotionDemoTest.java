package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.config.Settings;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's "Watch a promotion in the local runner", driven by hand: the same calls (pools through createPool, the
 * candidate through ARM's PUT, the timer through the admin endpoint), with the clock moved between passes.
 */
class LocalRunnerPromotionDemoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IMAGE = DemoResources.imageId().toString();

    @Test
    void theCandidateGoesToTheCanaryBakesIsPromotedAndThenTheTrackedPoolFollows() throws Exception {
        try (LocalRunner runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of(Settings.PROMOTION_BAKE, "PT10M"))
                .withSeed(Seed.DEMO))) {
            HttpClient app = HttpClient.newHttpClient();
            HttpClient arm = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();
            for (String pool : new String[] {"\"canary\", \"targetDedicatedNodes\": 1, \"rollout\": {\"canary\": true}",
                    "\"render\", \"targetDedicatedNodes\": 2"}) {
                HttpResponse<String> created = app.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/pools"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"poolId\": "
                                + pool + ", \"vmSize\": \"Standard_D2s_v3\", \"nodeAgentSkuId\": \"batch.node.ubuntu 22.04\", "
                                + "\"image\": \"" + IMAGE + "\", \"startTask\": {\"commandLine\": \"/bin/sh -c 'echo ready'\"}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
            }
            runner.sim().advance(Duration.ofMinutes(6));
            HttpResponse<String> put = arm.send(HttpRequest.newBuilder(URI.create(runner.sim().baseUrl() + IMAGE
                            + "/versions/1.1.0?api-version=2024-03-03"))
                    .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"location\":\"westeurope\",\"properties\":{\"publishingProfile\":"
                            + "{\"excludeFromLatest\":true,\"targetRegions\":[{\"name\":\"West Europe\",\"regionalReplicaCount\":1}]},"
                            + "\"storageProfile\":{\"source\":{\"id\":\"/subscriptions/" + DemoResources.SUBSCRIPTION_ID
                            + "/resourceGroups/demo-rg/providers/Microsoft.Compute/images/ubuntu2204-batch-1.1.0\"}}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(put.statusCode() == 201 || put.statusCode() == 200, put.body());

            String canaryOnNew = null;
            String promoted = null;
            String renderOnNew = null;
            boolean bakeShown = false;
            for (int minute = 0; minute < 120 && renderOnNew == null; minute++) {
                app.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/admin/functions/driftCheck"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                JsonNode canary = get(app, runner.baseUrl() + "/api/pools/canary");
                JsonNode render = get(app, runner.baseUrl() + "/api/pools/render");
                JsonNode version = get(app, runner.baseUrl() + "/api/drift").path("images").get(0).path("versions").get(0);
                String now = runner.sim().clock().now().toString();
                bakeShown |= canary.path("promotion").path("state").asText().equals("baking")
                        && canary.path("promotion").path("version").asText().equals("1.1.0");
                if (canaryOnNew == null && canary.path("image").toString().contains("1.1.0")
                        && canary.path("rolloutPhase").asText().equalsIgnoreCase("stable")) {
                    canaryOnNew = now;
                }
                if (promoted == null && version.path("promotion").path("state").asText().equals("promoted")) {
                    promoted = now;
                    assertTrue(canaryOnNew != null, "promoted before the canary rested on it");
                    assertTrue(!render.path("image").toString().contains("1.1.0"), "render moved before the promotion");
                }
                if (promoted == null) {
                    assertTrue(!render.path("image").toString().contains("1.1.0"), "render took the candidate: " + render);
                }
                if (render.path("image").toString().contains("1.1.0") && render.path("rolloutPhase").asText()
                        .equalsIgnoreCase("stable")) {
                    renderOnNew = now;
                }
                runner.sim().advance(Duration.ofMinutes(1));
            }
            assertTrue(renderOnNew != null, "render never followed: canary " + canaryOnNew + ", promoted " + promoted);
            assertTrue(bakeShown, "getPool showed the canary's bake");
            JsonNode canary = get(app, runner.baseUrl() + "/api/pools/canary");
            assertEquals("promoted", canary.path("promotion").path("state").asText(), canary.toString());
            assertTrue(canary.path("policy").path("canary").asBoolean());
            assertTrue(Duration.between(java.time.Instant.parse(canaryOnNew), java.time.Instant.parse(promoted))
                    .compareTo(Duration.ofMinutes(10)) >= 0, canaryOnNew + " -> " + promoted);
        }
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
