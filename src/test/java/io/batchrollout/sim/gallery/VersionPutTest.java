package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.RESOURCE_GROUP;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.models.GalleryProvisioningState;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing a version: the SDK's own create-or-update poller is driven by simulated time (poll, advance, poll)
 * until replication ends; refusals are checked over raw HTTP for ARM's error shape.
 */
class VersionPutTest {
    static final String GALLERY = "putgallery";
    static SimulatedAzure sim;
    static ComputeManagementClient compute;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        compute = GalleryTestSupport.compute(sim);
        sim.gallery().addGallery(GalleryTestSupport.SUBSCRIPTION, RESOURCE_GROUP, GALLERY, "West Europe");
        for (String image : List.of("app", "app-fails", "app-errors", "app-update", "app-events")) {
            sim.gallery().addImageDefinition(GalleryTestSupport.galleryPath(GALLERY), image, "Linux", "Generalized", "V2");
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void sdkCreateOrUpdateCompletesOnceEveryRegionHasReplicated() {
        Instant publishedAt = sim.clock().now();
        var poller = compute.getGalleryImageVersions().beginCreateOrUpdate(RESOURCE_GROUP, GALLERY, "app", "1.0.0",
                GalleryTestSupport.sdkVersion("westeurope", "westeurope", "North Europe"));
        assertEquals(LongRunningOperationStatus.IN_PROGRESS, poller.poll().getStatus());

        PollResponse<PollResult<GalleryImageVersionInner>> last =
                GalleryTestSupport.pollUntilDone(sim, poller, Duration.ofMinutes(5), 20);

        assertTrue(GalleryTestSupport.succeeded(last), "status " + last.getStatus());
        GalleryImageVersionInner version = poller.getFinalResult();
        assertEquals(GalleryProvisioningState.SUCCEEDED, version.provisioningState());
        assertEquals(publishedAt, version.publishingProfile().publishedDate().toInstant());
        assertEquals(List.of("West Europe", "North Europe"),
                version.publishingProfile().targetRegions().stream().map(t -> t.name()).toList());
        assertTrue(sim.clock().now().isAfter(publishedAt.plus(Duration.ofMinutes(19))),
                "two regions at 10 simulated minutes each must pass first");
    }

    @Test
    void replicationFailureEndsTheOperationFailedNamingTheRegion() {
        var poller = compute.getGalleryImageVersions().beginCreateOrUpdate(RESOURCE_GROUP, GALLERY, "app-fails", "1.0.0",
                GalleryTestSupport.sdkVersion("westeurope", "West Europe", "East US"));
        sim.gallery().failReplication(versionId(GALLERY, "app-fails", "1.0.0"), "eastus");

        PollResponse<PollResult<GalleryImageVersionInner>> last =
                GalleryTestSupport.pollUntilDone(sim, poller, Duration.ofMinutes(5), 20);

        assertEquals(LongRunningOperationStatus.FAILED, last.getStatus());
        String statusBody = last.getValue().getError().getResponseBody();
        assertTrue(statusBody.contains("\"status\":\"Failed\"") && statusBody.contains("East US"), statusBody);
        GalleryImageVersionInner version = compute.getGalleryImageVersions().getWithResponse(RESOURCE_GROUP, GALLERY,
                "app-fails", "1.0.0", ReplicationStatusTypes.REPLICATION_STATUS, com.azure.core.util.Context.NONE).getValue();
        assertEquals(GalleryProvisioningState.FAILED, version.provisioningState());
        assertEquals("Failed", version.replicationStatus().aggregatedState().toString());
    }

    @Test
    void putOfAVersionWhoseDefinitionDoesNotExistIs404InArmErrorShape() {
        var answer = call(sim, "PUT", definitionId(GALLERY, "no-such-image") + "/versions/1.0.0" + API,
                versionJson("westeurope", "westeurope"));
        assertEquals(404, answer.status());
        assertEquals("ParentResourceNotFound", answer.errorCode());
        assertTrue(answer.body().path("error").path("message").asText().contains("no-such-image"));
    }

    @Test
    void versionNamesThatAreNotMajorMinorPatchIntegersAreRefused() {
        for (String name : List.of("1.0", "1.0.0.0", "v1.0.0", "1.0.2147483648", "1.-1.0")) {
            var answer = call(sim, "PUT", definitionId(GALLERY, "app-errors") + "/versions/" + name + API,
                    versionJson("westeurope", "westeurope"));
            assertEquals(400, answer.status(), name);
            assertEquals("InvalidParameter", answer.errorCode(), name);
        }
    }

    @Test
    void replicaCountsOutside1To100AreRefused() {
        for (int count : new int[] {0, 101}) {
            String body = versionJson("westeurope", "westeurope").replace("\"regionalReplicaCount\":1", "\"regionalReplicaCount\":" + count);
            var answer = call(sim, "PUT", definitionId(GALLERY, "app-errors") + "/versions/2.0." + count + API, body);
            assertEquals(400, answer.status());
            assertEquals("InvalidParameter", answer.errorCode());
        }
        var hundred = call(sim, "PUT", definitionId(GALLERY, "app-errors") + "/versions/2.0.100" + API,
                versionJson("westeurope", "westeurope").replace("\"regionalReplicaCount\":1", "\"regionalReplicaCount\":100"));
        assertEquals(201, hundred.status(), hundred.raw().body());
    }

    @Test
    void targetRegionsMustBeKnownDistinctAndIncludeTheGalleryRegion() {
        String path = definitionId(GALLERY, "app-errors") + "/versions/3.0.0" + API;
        var unknown = call(sim, "PUT", path, versionJson("westeurope", "westeurope", "Atlantis Central"));
        var duplicate = call(sim, "PUT", path, versionJson("westeurope", "westeurope", "West Europe"));
        var withoutHome = call(sim, "PUT", path, versionJson("westeurope", "eastus"));
        var noLocation = call(sim, "PUT", path, versionJson("westeurope", "westeurope").replace("\"location\":\"westeurope\",", ""));
        var wrongLocation = call(sim, "PUT", path, versionJson("eastus", "westeurope"));

        assertEquals(List.of(400, 400, 400, 400, 400), List.of(unknown.status(), duplicate.status(), withoutHome.status(),
                noLocation.status(), wrongLocation.status()));
        assertTrue(duplicate.body().path("error").path("message").asText().contains("Duplicate regions"));
        assertEquals("LocationRequired", noLocation.errorCode());
        assertEquals(404, call(sim, "GET", path, null).status(), "a refused PUT creates nothing");
    }

    @Test
    void missingSourceIsRefused() {
        String body = "{\"location\":\"westeurope\",\"properties\":{\"publishingProfile\":{}}}";
        var answer = call(sim, "PUT", definitionId(GALLERY, "app-errors") + "/versions/4.0.0" + API, body);
        assertEquals(400, answer.status());
        assertEquals("InvalidParameter", answer.errorCode());
    }

    @Test
    void serverStampedFieldsInTheBodyAreIgnored() {
        String body = versionJson("westeurope", "westeurope").replace("\"publishingProfile\":{",
                "\"provisioningState\":\"Succeeded\",\"publishingProfile\":{\"publishedDate\":\"2001-01-01T00:00:00Z\",");
        var answer = call(sim, "PUT", definitionId(GALLERY, "app-errors") + "/versions/5.0.0" + API, body);
        assertEquals(201, answer.status(), answer.raw().body());
        JsonNode properties = answer.body().path("properties");
        assertEquals("Creating", properties.path("provisioningState").asText());
        assertEquals(sim.clock().now().toString(), properties.path("publishingProfile").path("publishedDate").asText());
        assertTrue(answer.raw().headers().firstValue("Azure-AsyncOperation").orElse("").startsWith(sim.baseUrl()));
    }

    @Test
    void aSecondPutUpdatesWith200AndOnlyReplicatesTheNewRegion() {
        String path = definitionId(GALLERY, "app-update") + "/versions/1.0.0" + API;
        assertEquals(201, call(sim, "PUT", path, versionJson("westeurope", "westeurope")).status());
        var whileCreating = call(sim, "PUT", path, versionJson("westeurope", "westeurope", "eastus"));
        assertEquals(409, whileCreating.status(), "no update while the creation runs");
        sim.advance(Duration.ofMinutes(10));

        var update = call(sim, "PUT", path, versionJson("westeurope", "westeurope", "eastus"));
        assertEquals(200, update.status(), update.raw().body());
        assertEquals("Updating", update.body().path("properties").path("provisioningState").asText());
        var status = call(sim, "GET", path + "&$expand=ReplicationStatus", null).body().path("properties").path("replicationStatus");
        assertEquals("Completed", status.path("summary").get(0).path("state").asText());
        assertEquals("Replicating", status.path("summary").get(1).path("state").asText());
        sim.advance(Duration.ofMinutes(10));
        assertEquals("Succeeded", call(sim, "GET", path, null).body().path("properties").path("provisioningState").asText());
    }

    @Test
    void anAcceptedPutPublishesExactlyOneResourceWriteSuccessEvent() {
        String id = versionId(GALLERY, "app-events", "1.0.0");
        var answer = call(sim, "PUT", id + API, versionJson("westeurope", "westeurope"));
        assertEquals(201, answer.status());
        call(sim, "PUT", definitionId(GALLERY, "app-events") + "/versions/bad" + API, versionJson("westeurope", "westeurope"));

        List<JsonNode> events = GalleryTestSupport.eventsAbout(sim.events(), id);

        assertEquals(1, events.size(), events.toString());
        JsonNode event = events.get(0);
        assertEquals("Microsoft.Resources.ResourceWriteSuccess", event.path("eventType").asText());
        assertEquals("Microsoft.Compute/galleries/images/versions/write", event.path("data").path("operationName").asText());
        assertEquals("Succeeded", event.path("data").path("status").asText());
        assertTrue(event.path("data").path("resourceUri").asText().equalsIgnoreCase(id));
        assertEquals("/subscriptions/" + GalleryTestSupport.SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP,
                event.path("topic").asText());
        assertEquals("1", event.path("metadataVersion").asText());
        assertFalse(event.path("data").has("httpRequest"), "a create carries no httpRequest");
    }
}
