package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading versions over raw HTTP: the response shapes, $expand, api-version checks and list paging. */
class VersionGetAndListTest {
    static final String GALLERY = "readgallery";
    static SimulatedAzure sim;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        GalleryTestSupport.seedDefinition(sim, GALLERY, "app");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0")) {
            sim.gallery().addVersion(definitionId(GALLERY, "app"), v,
                    List.of(new SimTargetRegion("westeurope", 1, false), new SimTargetRegion("eastus2", 3, false)), true);
        }
        sim.gallery().addVersion(definitionId(GALLERY, "app"), "3.0.0",
                List.of(new SimTargetRegion("eastus2", 3, false), new SimTargetRegion("West Europe", 1, false)), false);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void getWithoutExpandHasNoReplicationStatus() {
        var answer = call(sim, "GET", versionId(GALLERY, "app", "1.0.0") + API, null);
        assertEquals(200, answer.status());
        assertFalse(answer.body().path("properties").has("replicationStatus"));
        assertEquals("Microsoft.Compute/galleries/images/versions", answer.body().path("type").asText());
        assertEquals(versionId(GALLERY, "app", "1.0.0"), answer.body().path("id").asText());
        assertEquals("West Europe", answer.body().path("location").asText(), "GalleryRP examples answer a display name");
    }

    @Test
    void getWithExpandReportsEachRegionByDisplayNameInTheOrderGiven() {
        var answer = call(sim, "GET", versionId(GALLERY, "app", "3.0.0") + API + "&$expand=ReplicationStatus", null);
        JsonNode status = answer.body().path("properties").path("replicationStatus");

        assertEquals("InProgress", status.path("aggregatedState").asText());
        assertEquals("East US 2", status.path("summary").get(0).path("region").asText());
        assertEquals("West Europe", status.path("summary").get(1).path("region").asText());
        assertEquals("Replicating", status.path("summary").get(0).path("state").asText());
        assertEquals(0, status.path("summary").get(0).path("progress").asInt());
        assertEquals("Creating", answer.body().path("properties").path("provisioningState").asText());
    }

    @Test
    void anUnknownExpandValueIsRefused() {
        var answer = call(sim, "GET", versionId(GALLERY, "app", "1.0.0") + API + "&$expand=Everything", null);
        assertEquals(400, answer.status());
        assertEquals("InvalidParameter", answer.errorCode());
    }

    @Test
    void malformedAndUnservedApiVersionsAreRefusedAsArmDoes() {
        String path = versionId(GALLERY, "app", "1.0.0");
        var malformed = call(sim, "GET", path + "?api-version=latest", null);
        var unserved = call(sim, "GET", path + "?api-version=2017-01-01", null);
        var older = call(sim, "GET", path + "?api-version=2022-03-03", null);

        assertEquals(400, malformed.status());
        assertEquals("InvalidApiVersionParameter", malformed.errorCode());
        assertEquals(400, unserved.status());
        assertEquals("NoRegisteredProviderFound", unserved.errorCode());
        assertTrue(unserved.body().path("error").path("message").asText().contains("2024-03-03"));
        assertEquals(200, older.status());
    }

    @Test
    void anUnknownVersionIs404ResourceNotFound() {
        var answer = call(sim, "GET", versionId(GALLERY, "app", "9.9.9") + API, null);
        assertEquals(404, answer.status());
        assertEquals("ResourceNotFound", answer.errorCode());
    }

    @Test
    void listPagesWithAnAbsoluteNextLinkCarryingApiVersionAndSkipToken() {
        List<String> names = new ArrayList<>();
        String next = definitionId(GALLERY, "app") + "/versions" + API;
        int pages = 0;
        while (next != null) {
            var page = call(sim, "GET", next, null);
            assertEquals(200, page.status(), page.raw().body());
            pages++;
            for (JsonNode version : page.body().path("value")) {
                names.add(version.path("name").asText());
                assertFalse(version.path("properties").has("replicationStatus"), "a list never carries replicationStatus");
            }
            next = page.body().hasNonNull("nextLink") ? page.body().get("nextLink").asText() : null;
            if (next != null) {
                assertTrue(next.startsWith(sim.baseUrl() + definitionId(GALLERY, "app") + "/versions?"), next);
                assertTrue(next.contains("api-version=2024-03-03") && next.contains("$skiptoken="), next);
            }
        }
        assertEquals(3, pages);
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0", "3.0.0"), names);
    }

    @Test
    void aPageSizeCanBeSetAndABadSkipTokenIsRefused() {
        sim.gallery().setPageSize(10);
        try {
            var all = call(sim, "GET", definitionId(GALLERY, "app") + "/versions" + API, null);
            assertEquals(6, all.body().path("value").size());
            assertFalse(all.body().has("nextLink"));
        } finally {
            sim.gallery().setPageSize(GallerySimulation.DEFAULT_PAGE_SIZE);
        }
        var bad = call(sim, "GET", definitionId(GALLERY, "app") + "/versions" + API + "&$skiptoken=not-a-token!", null);
        assertEquals(400, bad.status());
    }

    @Test
    void listingUnderADefinitionThatDoesNotExistIs404() {
        var answer = call(sim, "GET", definitionId(GALLERY, "missing") + "/versions" + API, null);
        assertEquals(404, answer.status());
        assertEquals("ParentResourceNotFound", answer.errorCode());
    }

    @Test
    void replicationProgressesWithSimulatedTime() {
        sim.gallery().addImageDefinition(GalleryTestSupport.galleryPath(GALLERY), "progress", "Linux", "Generalized", "V1");
        sim.gallery().publishVersion(definitionId(GALLERY, "progress"), "4.0.0", List.of(new SimTargetRegion("westeurope", 1, false)));
        String path = versionId(GALLERY, "progress", "4.0.0") + API + "&$expand=ReplicationStatus";
        sim.advance(Duration.ofMinutes(5));
        JsonNode halfway = call(sim, "GET", path, null).body().path("properties").path("replicationStatus").path("summary").get(0);
        assertEquals(50, halfway.path("progress").asInt());
        sim.advance(Duration.ofMinutes(5));
        JsonNode done = call(sim, "GET", path, null).body().path("properties").path("replicationStatus").path("summary").get(0);
        assertEquals("Completed", done.path("state").asText());
        assertEquals(100, done.path("progress").asInt());
    }
}
