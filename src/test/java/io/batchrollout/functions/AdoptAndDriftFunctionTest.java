package io.batchrollout.functions;

import static io.batchrollout.functions.RolloutApi.stableOn;
import static io.batchrollout.functions.RolloutApi.tracking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.local.DemoResources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/pools/{poolId}/adopt and GET /api/drift end to end on the demo seed, passes run by the app's engine. */
class AdoptAndDriftFunctionTest {
    static RolloutApi api;

    @BeforeAll
    static void start() {
        api = new RolloutApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String adoptBody(String image, String strategy) {
        return "{\"image\":\"" + image + "\",\"rollout\":{\"strategy\":\"" + strategy + "\"}}";
    }

    private static JsonNode entry(JsonNode report, String pool) {
        for (JsonNode p : report.path("pools")) {
            if (p.path("poolId").asText().equals(pool)) {
                return p;
            }
        }
        throw new AssertionError("no " + pool + " in " + report);
    }

    @Test
    void anAdoptedPoolKeepsItsMetadataAndIsRolledWhenANewerVersionIsPublished() throws Exception {
        ImageDefinitionId image = api.definition("adopt-roll");
        api.pool("adopt-roll", image, 2, Optional.empty());

        JsonNode adopted = api.ok(api.post("/api/pools/adopt-roll/adopt", "application/json", adoptBody(image.toString(), "inPlace")));

        assertEquals("tracked", adopted.path("policy").path("mode").asText());
        assertEquals("Stable", adopted.path("rolloutPhase").asText());
        List<Metadata> metadata = api.get("adopt-roll").metadata();
        assertEquals(new Metadata("team", "render"), metadata.get(0), "the caller's entries are kept, first");
        assertEquals(tracking(image), RolloutPolicy.of(api.get("adopt-roll")).orElseThrow());
        long writes = api.successfulWrites("adopt-roll");
        api.ok(api.post("/api/pools/adopt-roll/adopt", "application/json; charset=utf-8", adoptBody(image.toString(), "inPlace")));
        assertEquals(writes, api.successfulWrites("adopt-roll"), "adopting again with the same policy writes nothing");

        api.addVersion(image, "1.1.0");
        api.passUntil("adopt-roll", stableOn("1.1.0"), 60);
        assertEquals(2, api.get("adopt-roll").currentDedicatedNodes());
    }

    @Test
    void adoptingAManagedPoolAgainWithOnlyTheCanaryFlagChangedOptsItInAndOutOfGatedPromotion() throws Exception {
        ImageDefinitionId image = api.definition("adopt-canary");
        api.pool("adopt-canary", image, 0, Optional.empty());
        String canary = "{\"image\":\"" + image + "\",\"rollout\":{\"strategy\":\"inPlace\",\"canary\":true}}";

        api.ok(api.post("/api/pools/adopt-canary/adopt", "application/json", adoptBody(image.toString(), "inPlace")));
        JsonNode opted = api.ok(api.post("/api/pools/adopt-canary/adopt", "application/json", canary));
        assertTrue(opted.path("policy").path("canary").asBoolean(), opted.toString());
        assertTrue(RolloutPolicy.of(api.get("adopt-canary")).orElseThrow().canary());
        long writes = api.successfulWrites("adopt-canary");
        api.ok(api.post("/api/pools/adopt-canary/adopt", "application/json", canary));
        assertEquals(writes, api.successfulWrites("adopt-canary"), "the same canary policy again writes nothing");

        JsonNode out = api.ok(api.post("/api/pools/adopt-canary/adopt", "application/json", adoptBody(image.toString(), "inPlace")));
        assertEquals(false, out.path("policy").path("canary").asBoolean(), out.toString());
        assertTrue(api.get("adopt-canary").metadata().stream().noneMatch(m -> m.name().equals(RolloutPolicy.CANARY)));
    }

    @Test
    void adoptRefusesAnotherPolicyAnotherDefinitionAGalleryNotAllowedAndAMissingPool() throws Exception {
        ImageDefinitionId image = api.definition("adopt-refused");
        ImageDefinitionId other = api.definition("adopt-other");
        api.pool("adopt-refused", image, 0, Optional.empty());
        long writes = api.runner.sim().requests().writes();

        JsonNode mismatch = api.problem(api.post("/api/pools/adopt-refused/adopt", "application/json",
                adoptBody(other.toString(), "inPlace")), 409);
        assertTrue(mismatch.path("detail").asText().contains("runs image definition " + image), mismatch.toString());
        JsonNode notAllowed = api.problem(api.post("/api/pools/adopt-refused/adopt", "application/json",
                adoptBody(image.toString().replace("demogallery", "othergallery"), "inPlace")), 400);
        assertEquals("#/image", notAllowed.path("errors").get(0).path("pointer").asText());
        assertTrue(notAllowed.path("errors").get(0).path("detail").asText().contains("ALLOWED_GALLERY_IDS"));
        api.problem(api.post("/api/pools/adopt-refused/adopt", "application/json",
                "{\"image\":\"" + image + "\",\"rollout\":{\"strategy\":\"canary\"}}"), 400);
        api.problem(api.post("/api/pools/adopt-refused/adopt", "application/json", "{\"image\":\"" + image + "\",\"extra\":1}"), 400);
        api.problem(api.post("/api/pools/adopt-nowhere/adopt", "application/json", adoptBody(image.toString(), "inPlace")), 404);
        assertEquals(writes, api.runner.sim().requests().writes(), "nothing written for any refusal");

        api.ok(api.post("/api/pools/adopt-refused/adopt", "application/json", adoptBody(image.version("1.0.0").toString(), "blueGreen")));
        JsonNode otherPolicy = api.problem(api.post("/api/pools/adopt-refused/adopt", "application/json",
                adoptBody(image.toString(), "inPlace")), 409);
        assertEquals("pinned", otherPolicy.path("policy").path("mode").asText(), otherPolicy.toString());
        assertEquals(RolloutStrategy.BLUE_GREEN, RolloutPolicy.of(api.get("adopt-refused")).orElseThrow().strategy());
    }

    /**
     * runningVersion: the version the nodes of a pool naming its definition run (Batch does not report it), validated
     * like any field; a pool that names a version cannot be told it runs another one.
     */
    @Test
    void adoptRefusesARunningVersionThatIsNotAVersionOfTheDefinitionOrContradictsThePoolAndWritesNothing() throws Exception {
        ImageDefinitionId image = api.definition("adopt-running");
        ImageDefinitionId other = api.definition("adopt-running-other");
        api.addVersion(image, "1.1.0");
        api.pool("adopt-running", image, 0, Optional.empty());
        long writes = api.runner.sim().requests().writes();
        String tracked = image.toString();

        for (String running : List.of(image.toString(), other.version("1.0.0").toString(), "1.0.0")) {
            JsonNode refused = api.problem(api.post("/api/pools/adopt-running/adopt", "application/json",
                    "{\"image\":\"" + tracked + "\",\"runningVersion\":\"" + running + "\"}"), 400);
            assertEquals("#/runningVersion", refused.path("errors").get(0).path("pointer").asText(), refused.toString());
        }
        JsonNode pinned = api.problem(api.post("/api/pools/adopt-running/adopt", "application/json",
                "{\"image\":\"" + image.version("1.0.0") + "\",\"runningVersion\":\"" + image.version("1.0.0") + "\"}"), 400);
        assertTrue(pinned.path("errors").get(0).path("detail").asText().contains("image definition"), pinned.toString());
        JsonNode contradicts = api.problem(api.post("/api/pools/adopt-running/adopt", "application/json",
                "{\"image\":\"" + tracked + "\",\"runningVersion\":\"" + image.version("1.1.0") + "\"}"), 409);
        assertTrue(contradicts.path("detail").asText().contains("names image version"), contradicts.toString());
        assertEquals(writes, api.runner.sim().requests().writes(), "nothing written for any refusal");

        api.ok(api.post("/api/pools/adopt-running/adopt", "application/json",
                "{\"image\":\"" + tracked + "\",\"runningVersion\":\"" + image.version("1.0.0") + "\"}"));
        assertEquals(tracking(image), RolloutPolicy.of(api.get("adopt-running")).orElseThrow());
    }

    @Test
    void driftReportListsAPoolDriftedOnceANewVersionIsPublishedAndInSyncAfterTheRoll() throws Exception {
        ImageDefinitionId image = api.definition("drift");
        api.pool("drift", image, 2, Optional.of(tracking(image)));
        api.pool("drift-twin", image, 2, Optional.of(tracking(image)));
        api.pool("drift-pinned", image, 0, Optional.of(new RolloutPolicy(
                new io.batchrollout.core.policy.ImageRef.Pinned(image.version("1.0.0")), RolloutStrategy.IN_PLACE)));

        JsonNode before = api.getJson("/api/drift");
        assertEquals("inSync", entry(before, "drift").path("status").asText(), before.toString());
        assertEquals("inSync", entry(before, "drift-pinned").path("status").asText());
        assertEquals(before.path("pools").size(), before.path("total").asInt());

        api.addVersion(image, "1.1.0");
        long definitionReads = api.runner.sim().requests().count(e -> e.operation().equals("GalleryImages_Get")
                && e.path().endsWith("/images/drift"));
        JsonNode drifted = api.getJson("/api/drift");
        JsonNode pool = entry(drifted, "drift");
        assertEquals("drifted", pool.path("status").asText(), pool.toString());
        assertEquals("1.0.0", pool.path("currentVersion").asText());
        assertEquals("1.1.0", pool.path("desiredVersion").asText());
        assertEquals(image.version("1.1.0").toString(), pool.path("desiredImageId").asText());
        assertEquals("Stable", pool.path("rolloutPhase").asText());
        assertEquals("drifted", entry(drifted, "drift-twin").path("status").asText());
        assertEquals("inSync", entry(drifted, "drift-pinned").path("status").asText(), "a pin is its own desired version");
        assertEquals(definitionReads + 1, api.runner.sim().requests().count(e -> e.operation().equals("GalleryImages_Get")
                && e.path().endsWith("/images/drift")), "two pools of one size class share one image read");
        assertTrue(drifted.path("drifted").asInt() >= 2);

        api.passUntil("drift", stableOn("1.1.0"), 60);
        api.passUntil("drift-twin", stableOn("1.1.0"), 60);
        JsonNode after = api.getJson("/api/drift");
        assertEquals("inSync", entry(after, "drift").path("status").asText(), entry(after, "drift").toString());
        assertEquals(0, entry(after, "drift").path("blockedReasons").size());
        assertEquals(DemoResources.batchAccountId().toString(), entry(after, "drift").path("batchAccountId").asText());
    }

    @Test
    void driftReportNamesWhyAPoolIsNotRolled() throws Exception {
        ImageDefinitionId image = api.definition("drift-held");
        api.pool("drift-held", image, 0, Optional.of(tracking(image)));
        api.ok(api.action("drift-held", "pause"));
        String version = api.runner.sim().gallery().publishVersion(image.toString(), "1.1.0", RolloutApi.WEST_EUROPE);
        api.runner.sim().gallery().failReplication(version, "West Europe");

        JsonNode pool = entry(api.getJson("/api/drift"), "drift-held");

        assertEquals("inSync", pool.path("status").asText(), "1.1.0 cannot back the pool, 1.0.0 is the newest that can");
        assertTrue(pool.path("paused").asBoolean());
        assertTrue(pool.path("holds").get(0).asText().startsWith("paused by an operator"), pool.toString());
        assertEquals("1.1.0", pool.path("blockedReasons").get(0).path("version").asText(), pool.toString());
    }
}
