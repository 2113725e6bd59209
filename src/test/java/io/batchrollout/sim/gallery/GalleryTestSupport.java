package io.batchrollout.sim.gallery;

import static org.junit.jupiter.api.Assertions.fail;

import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.implementation.ComputeManagementClientBuilder;
import com.azure.resourcemanager.compute.models.GalleryArtifactVersionFullSource;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionStorageProfile;
import com.azure.resourcemanager.compute.models.TargetRegion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the gallery simulator's tests share: raw ARM calls, the real Compute client, and a poller driven by simulated time. */
final class GalleryTestSupport {
    static final String SUBSCRIPTION = "6b1c5a9e-0f3d-4c8e-9a51-2d7e4f1b3c01";
    static final String RESOURCE_GROUP = "images-rg";
    static final String API = "?api-version=2024-03-03";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    private GalleryTestSupport() {
    }

    static String galleryPath(String gallery) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP + "/providers/Microsoft.Compute/galleries/" + gallery;
    }

    static String definitionId(String gallery, String image) {
        return galleryPath(gallery) + "/images/" + image;
    }

    static String versionId(String gallery, String image, String version) {
        return definitionId(gallery, image) + "/versions/" + version;
    }

    /** A gallery in West Europe with one Linux definition, seeded directly. */
    static void seedDefinition(SimulatedAzure sim, String gallery, String image) {
        sim.gallery().addGallery(SUBSCRIPTION, RESOURCE_GROUP, gallery, "westeurope");
        sim.gallery().addImageDefinition(galleryPath(gallery), image, "Linux", "Generalized", "V2");
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String errorCode() {
            return body.path("error").path("code").asText();
        }
    }

    /** A raw ARM call with the simulator's bearer token; {@code pathAndQuery} may also be an absolute URL. */
    static Answer call(SimulatedAzure sim, String method, String pathAndQuery, String jsonBody) {
        String url = pathAndQuery.startsWith("https://") ? pathAndQuery : sim.baseUrl() + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (Exception e) {
            throw new IllegalStateException("call to the simulator failed: " + method + " " + url, e);
        }
    }

    static String versionJson(String location, String... targetRegions) {
        StringBuilder targets = new StringBuilder();
        for (String region : targetRegions) {
            targets.append(targets.isEmpty() ? "" : ",").append("{\"name\":\"").append(region).append("\",\"regionalReplicaCount\":1}");
        }
        return "{\"location\":\"" + location + "\",\"properties\":{\"publishingProfile\":{\"targetRegions\":[" + targets
                + "]},\"storageProfile\":{\"source\":{\"id\":\"/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Compute/images/source\"}}}}";
    }

    /** The real Compute service client, over the same authenticated pipeline the app builds. */
    static ComputeManagementClient compute(SimulatedAzure sim) {
        AzureClients clients = AzureClients.create(sim.target());
        String endpoint = clients.resourceManagerEndpoint();
        return new ComputeManagementClientBuilder()
                .pipeline(clients.armPipeline())
                .endpoint(endpoint.substring(0, endpoint.length() - 1))
                .environment(AzureEnvironment.AZURE)
                .subscriptionId(SUBSCRIPTION)
                .defaultPollInterval(Duration.ofSeconds(1))
                .buildClient();
    }

    static GalleryImageVersionInner sdkVersion(String location, String... regions) {
        List<TargetRegion> targets = new ArrayList<>();
        for (String region : regions) {
            targets.add(new TargetRegion().withName(region).withRegionalReplicaCount(1));
        }
        return new GalleryImageVersionInner()
                .withLocation(location)
                .withPublishingProfile(new GalleryImageVersionPublishingProfile().withTargetRegions(targets))
                .withStorageProfile(new GalleryImageVersionStorageProfile().withSource(new GalleryArtifactVersionFullSource()
                        .withId("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP + "/providers/Microsoft.Compute/images/source")));
    }

    /**
     * Drives the SDK's own poller: one status poll, then {@code step} of simulated time, until the operation ends.
     * Returns the last poll response; nothing here sleeps.
     */
    static <T> PollResponse<PollResult<T>> pollUntilDone(SimulatedAzure sim, SyncPoller<PollResult<T>, T> poller,
                                                          Duration step, int maxPolls) {
        for (int i = 0; i < maxPolls; i++) {
            PollResponse<PollResult<T>> response = poller.poll();
            if (response.getStatus().isComplete()) {
                return response;
            }
            sim.advance(step);
        }
        return fail("the operation did not end within " + maxPolls + " polls");
    }

    static boolean succeeded(PollResponse<?> response) {
        return response.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED;
    }

    /** Events delivered so far whose subject is this resource id (compared as ARM does, ignoring case). */
    static List<JsonNode> eventsAbout(EventDelivery events, String resourceId) {
        events.awaitDelivered();
        List<JsonNode> found = new ArrayList<>();
        for (EventDelivery.Delivered delivered : events.delivered()) {
            for (JsonNode event : delivered.events()) {
                if (event.path("subject").asText().equalsIgnoreCase(resourceId)) {
                    found.add(event);
                }
            }
        }
        return found;
    }
}
