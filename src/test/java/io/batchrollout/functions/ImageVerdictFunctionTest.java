package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.local.DemoResources;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/images/promote and /reject through the local runner on the simulated Azure: an operator's verdict on a
 * candidate is one conditional gallery write; every refusal is problem+json and writes nothing.
 */
class ImageVerdictFunctionTest {
    static PoolApiWorld world;
    static final String IMAGE = DemoResources.imageId().toString();

    @BeforeAll
    static void start() {
        world = new PoolApiWorld();
        // A canary on the demo definition: the drift report then shows where its candidates stand.
        world.pool(world.demo, "verdict-canary", "Standard_D2s_v3", 1, java.util.Optional.of(new RolloutPolicy(
                new ImageRef.Tracked(DemoResources.imageId()), RolloutStrategy.IN_PLACE, true)), List.of());
        // Candidates as a team publishes them for gated promotion: excluded from latest in the demo region.
        for (String version : List.of("1.1.0", "1.2.0")) {
            world.runner.sim().gallery().addVersion(IMAGE, version, List.of(new SimTargetRegion("West Europe", 1, true)), true);
        }
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static HttpResponse<String> post(String verdict, String body) throws Exception {
        return world.http.send(HttpRequest.newBuilder(URI.create(world.runner.baseUrl() + "/api/images/" + verdict))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        return PoolApiWorld.JSON.readTree(response.body());
    }

    private static long patches() {
        return world.runner.sim().requests().count("GalleryImageVersions_Update");
    }

    private static ImageVersion version(String name) {
        return world.clients.gallery().version(DemoResources.imageId().version(name)).orElseThrow();
    }

    private static String id(String name) {
        return DemoResources.imageId().version(name).toString();
    }

    @Test
    void anOperatorRejectsACandidateOnceTaggingItWithTheReasonAndItStaysExcluded() throws Exception {
        long before = patches();
        HttpResponse<String> rejected = post("reject", "{\"versionId\": \"" + id("1.1.0") + "\", \"reason\": \"CVE in openssl\"}");

        assertEquals(200, rejected.statusCode(), rejected.body());
        assertEquals("rejected", PoolApiWorld.JSON.readTree(rejected.body()).path("state").asText());
        assertEquals(before + 1, patches());
        ImageVersion read = version("1.1.0");
        assertTrue(read.targetRegion("westeurope").orElseThrow().excludeFromLatest(), "still excluded");
        assertTrue(GalleryTags.rejected(read).orElseThrow().endsWith(": CVE in openssl"), read.tags().toString());

        JsonNode drift = world.ok("/api/drift");
        JsonNode v110 = null;
        for (JsonNode v : drift.path("images").get(0).path("versions")) {
            v110 = v.path("version").asText().equals("1.1.0") ? v : v110;
        }
        assertEquals("rejected", v110.path("promotion").path("state").asText(), drift.toString());
        assertEquals("verdict-canary", v110.path("promotion").path("canaries").get(0).asText());
        JsonNode canary = world.ok("/api/pools/verdict-canary" + world.demoQuery());
        assertTrue(canary.path("policy").path("canary").asBoolean(), canary.toString());

        JsonNode again = problem(post("reject", "{\"versionId\": \"" + id("1.1.0") + "\", \"reason\": \"again\"}"), 409);
        assertTrue(again.path("detail").asText().contains("already rejected"), again.toString());
        assertEquals(before + 1, patches(), "a refused verdict writes nothing");
    }

    @Test
    void anOperatorPromotesACandidateClearingItsRegionalExclusionAndCannotPromoteItTwice() throws Exception {
        long before = patches();
        HttpResponse<String> promoted = post("promote", "{\"versionId\": \"" + id("1.2.0") + "\"}");

        assertEquals(200, promoted.statusCode(), promoted.body());
        assertEquals("promoted", PoolApiWorld.JSON.readTree(promoted.body()).path("state").asText());
        assertEquals(before + 1, patches());
        ImageVersion read = version("1.2.0");
        assertFalse(read.excludeFromLatest());
        assertFalse(read.targetRegion("westeurope").orElseThrow().excludeFromLatest(), "the region's exclusion is cleared");
        assertTrue(GalleryTags.promoted(read).orElseThrow().startsWith("promoted by an operator"), read.tags().toString());

        problem(post("promote", "{\"versionId\": \"" + id("1.2.0") + "\"}"), 409);
        problem(post("reject", "{\"versionId\": \"" + id("1.0.0") + "\", \"reason\": \"late\"}"), 409);
        assertEquals(before + 1, patches());
    }

    @Test
    void badBodiesUnknownVersionsAndGalleriesOutsideTheAllowListAreRefusedWithoutAWrite() throws Exception {
        long before = patches();
        JsonNode noReason = problem(post("reject", "{\"versionId\": \"" + id("1.1.0") + "\"}"), 400);
        assertEquals("#/reason", noReason.path("errors").get(0).path("pointer").asText(), noReason.toString());
        JsonNode definition = problem(post("promote", "{\"versionId\": \"" + IMAGE + "\"}"), 400);
        assertEquals("#/versionId", definition.path("errors").get(0).path("pointer").asText(), definition.toString());
        problem(post("promote", "{\"versionId\": \"" + id("1.1.0") + "\", \"extra\": 1}"), 400);
        problem(post("promote", "not json"), 400);
        problem(post("promote", "{\"versionId\": \"" + id("9.9.9") + "\"}"), 404);
        String elsewhere = id("1.1.0").replace("/galleries/demogallery/", "/galleries/othergallery/");
        JsonNode outside = problem(post("promote", "{\"versionId\": \"" + elsewhere + "\"}"), 422);
        assertTrue(outside.path("detail").asText().contains("ALLOWED_GALLERY_IDS"), outside.toString());
        assertEquals(before, patches());
    }
}
