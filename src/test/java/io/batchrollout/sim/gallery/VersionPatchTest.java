package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.RESOURCE_GROUP;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GalleryImageVersions_Update (PATCH) over raw HTTP: what it changes, what replicates again, what it refuses. */
class VersionPatchTest {
    static final String GALLERY = "patchgallery";
    static SimulatedAzure sim;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.gallery().addGallery(GalleryTestSupport.SUBSCRIPTION, RESOURCE_GROUP, GALLERY, "West Europe");
        for (String image : List.of("raise", "add", "refuse", "busy", "tags")) {
            sim.gallery().addImageDefinition(GalleryTestSupport.galleryPath(GALLERY), image, "Linux", "Generalized", "V2");
            sim.gallery().addVersion(GalleryTestSupport.definitionId(GALLERY, image), "1.0.0",
                    List.of(new GallerySimulation.SimTargetRegion("West Europe", 1, false)), true);
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String path(String image) {
        return versionId(GALLERY, image, "1.0.0") + API;
    }

    private static String regions(String... nameAndCount) {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < nameAndCount.length; i += 2) {
            json.append(json.isEmpty() ? "" : ",").append("{\"name\":\"").append(nameAndCount[i])
                    .append("\",\"regionalReplicaCount\":").append(nameAndCount[i + 1]).append(",\"storageAccountType\":\"Standard_LRS\"}");
        }
        return "{\"properties\":{\"publishingProfile\":{\"targetRegions\":[" + json + "]},\"storageProfile\":{}}}";
    }

    private static JsonNode expanded(String image) {
        return call(sim, "GET", path(image) + "&$expand=ReplicationStatus", null).body();
    }

    @Test
    void raisingTheReplicaCountIsALongRunningUpdateThatReplicatesTheRegionAgain() {
        var answer = call(sim, "PATCH", path("raise"), regions("West Europe", "10"));

        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("Updating", answer.body().path("properties").path("provisioningState").asText());
        assertTrue(answer.raw().headers().firstValue("Location").isPresent(), "the spec's PATCH answers with Location");
        assertTrue(answer.raw().headers().firstValue("Azure-AsyncOperation").isPresent());
        JsonNode during = expanded("raise");
        assertEquals(10, during.path("properties").path("publishingProfile").path("targetRegions").get(0).path("regionalReplicaCount").asInt());
        assertEquals("Replicating", during.path("properties").path("replicationStatus").path("summary").get(0).path("state").asText());
        assertEquals("InProgress", during.path("properties").path("replicationStatus").path("aggregatedState").asText());

        sim.advance(Duration.ofMinutes(20));

        JsonNode after = expanded("raise");
        assertEquals("Completed", after.path("properties").path("replicationStatus").path("aggregatedState").asText());
        assertEquals("Succeeded", after.path("properties").path("provisioningState").asText());
        assertEquals(1, sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Update") && e.path().contains("/images/raise/")));
    }

    @Test
    void anAddedRegionReplicatesWhileTheKeptOneStaysCompleted() {
        var answer = call(sim, "PATCH", path("add"), regions("West Europe", "1", "North Europe", "3"));

        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode summary = expanded("add").path("properties").path("replicationStatus").path("summary");
        assertEquals("Completed", summary.get(0).path("state").asText());
        assertEquals("North Europe", summary.get(1).path("region").asText());
        assertEquals("Replicating", summary.get(1).path("state").asText());
    }

    @Test
    void refusesWhatAzureRefusesAndChangesNothing() {
        String before = expanded("refuse").path("properties").path("publishingProfile").toString();

        assertEquals(400, call(sim, "PATCH", path("refuse"), regions("West Europe", "101")).status(), "at most 100 replicas a region");
        assertEquals(400, call(sim, "PATCH", path("refuse"), regions("West Europe", "0")).status());
        assertEquals(400, call(sim, "PATCH", path("refuse"), regions("West Europe", "1", "Atlantis", "1")).status(), "unknown region");
        assertEquals(400, call(sim, "PATCH", path("refuse"), "{\"properties\":{\"publishingProfile\":{}}}").status(),
                "storageProfile is required by GalleryImageVersionProperties");
        assertEquals(409, call(sim, "PATCH", path("refuse"), "{\"properties\":{\"storageProfile\":{\"source\":{\"id\":\"/subscriptions/"
                + GalleryTestSupport.SUBSCRIPTION + "/resourceGroups/x/providers/Microsoft.Compute/images/other\"}}}}").status(),
                "the source cannot change");
        assertEquals(404, call(sim, "PATCH", versionId(GALLERY, "refuse", "9.9.9") + API, regions("West Europe", "2")).status(),
                "PATCH never creates");

        assertEquals(before, expanded("refuse").path("properties").path("publishingProfile").toString());
    }

    @Test
    void aSecondUpdateWhileTheFirstRunsIsAConflict() {
        assertEquals(200, call(sim, "PATCH", path("busy"), regions("West Europe", "5")).status());

        var second = call(sim, "PATCH", path("busy"), regions("West Europe", "5"));

        assertEquals(409, second.status());
        assertEquals("OperationNotAllowed", second.errorCode());
    }

    @Test
    void tagsGivenReplaceTheTagsAndAnUpdateWithoutTagsKeepsThem() {
        var tagged = call(sim, "PATCH", path("tags"), "{\"tags\":{\"team\":\"render\"},\"properties\":{\"storageProfile\":{}}}");
        assertEquals(200, tagged.status(), tagged.body().toString());
        sim.advance(Duration.ofMinutes(1));

        var again = call(sim, "PATCH", path("tags"), "{\"properties\":{\"publishingProfile\":{\"excludeFromLatest\":true},\"storageProfile\":{}}}");

        assertEquals(200, again.status(), again.body().toString());
        JsonNode version = expanded("tags");
        assertEquals("render", version.path("tags").path("team").asText());
        assertTrue(version.path("properties").path("publishingProfile").path("excludeFromLatest").asBoolean());
        assertFalse(version.has("etag"), "GalleryRP 2024-03-03 gives a version no ETag");
    }
}
