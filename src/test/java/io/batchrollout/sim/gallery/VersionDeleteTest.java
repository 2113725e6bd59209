package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.RESOURCE_GROUP;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting versions: through the SDK's delete poller, then over raw HTTP for what no client checks. */
class VersionDeleteTest {
    static final String GALLERY = "deletegallery";
    static SimulatedAzure sim;
    static ComputeManagementClient compute;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        compute = GalleryTestSupport.compute(sim);
        GalleryTestSupport.seedDefinition(sim, GALLERY, "app");
        for (String v : List.of("1.0.0", "2.0.0", "3.0.0")) {
            sim.gallery().addVersion(definitionId(GALLERY, "app"), v, List.of(new SimTargetRegion("westeurope", 1, false)), true);
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void sdkDeleteEndsAndTheVersionIsGone() {
        var poller = compute.getGalleryImageVersions().beginDelete(RESOURCE_GROUP, GALLERY, "app", "1.0.0");
        var last = GalleryTestSupport.pollUntilDone(sim, poller, Duration.ofSeconds(30), 5);

        assertTrue(GalleryTestSupport.succeeded(last), "status " + last.getStatus());
        assertEquals(404, call(sim, "GET", versionId(GALLERY, "app", "1.0.0") + API, null).status());
        assertTrue(sim.gallery().version(versionId(GALLERY, "app", "1.0.0")).isEmpty());
    }

    @Test
    void deleteAnswers202WithOperationHeadersThen204OnceGone() {
        String path = versionId(GALLERY, "app", "2.0.0") + API;
        var first = call(sim, "DELETE", path, null);
        var again = call(sim, "DELETE", path, null);

        assertEquals(202, first.status());
        String status = first.raw().headers().firstValue("Azure-AsyncOperation").orElseThrow();
        String monitor = first.raw().headers().firstValue("Location").orElseThrow();
        assertEquals("Succeeded", call(sim, "GET", status, null).body().path("status").asText());
        assertEquals(200, call(sim, "GET", monitor, null).status());
        assertEquals(204, again.status());
    }

    @Test
    void aDeletePublishesOneResourceDeleteSuccessEventWithTheRequest() {
        String id = versionId(GALLERY, "app", "3.0.0");
        assertEquals(202, call(sim, "DELETE", id + API, null).status());

        List<JsonNode> deletes = GalleryTestSupport.eventsAbout(sim.events(), id).stream()
                .filter(e -> e.path("eventType").asText().equals("Microsoft.Resources.ResourceDeleteSuccess")).toList();

        assertEquals(1, deletes.size());
        JsonNode data = deletes.get(0).path("data");
        assertEquals("Microsoft.Compute/galleries/images/versions/delete", data.path("operationName").asText());
        assertEquals("DELETE", data.path("httpRequest").path("method").asText());
        assertEquals(GallerySimulation.TENANT_ID, data.path("tenantId").asText());
    }

    @Test
    void deletingUnderAMissingDefinitionIs404() {
        assertEquals(404, call(sim, "DELETE", definitionId(GALLERY, "nothing") + "/versions/1.0.0" + API, null).status());
    }
}
