package io.batchrollout.testworld;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.batch.FixedGalleryLookup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulated Azure for Batch tests: scripted image facts ({@link FixedGalleryLookup}), the real clients built by
 * {@link AzureClients#create}, and helpers to seed accounts and images and to send raw requests for what no client
 * sends. One per test class.
 */
public final class BatchWorld implements AutoCloseable {
    public static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    public static final String RESOURCE_GROUP = "batch-rg";
    public static final String REGION = "westeurope";
    public static final String LINUX_AGENT = "batch.node.ubuntu 22.04";
    public static final String WINDOWS_AGENT = "batch.node.windows amd64";

    public final FixedGalleryLookup gallery = new FixedGalleryLookup();
    public final SimulatedAzure azure;
    public final AzureClients clients;
    public final GalleryId galleryId = GalleryId.parse("/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/rolloutgallery");
    public final ImageDefinitionId ubuntu = galleryId.image("ubuntu-worker");
    public final ImageDefinitionId windows = galleryId.image("windows-worker");
    public final ImageDefinitionId specialized = galleryId.image("specialized-worker");
    private final HttpClient http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();

    private BatchWorld() {
        azure = SimulatedAzure.start(0, SimulatedAzure.DEFAULT_START, gallery);
        clients = AzureClients.create(azure.target());
        gallery.definition(ubuntu.toString(), "Linux", "Generalized")
                .definition(windows.toString(), "Windows", "Generalized")
                .definition(specialized.toString(), "Linux", "Specialized");
    }

    public static BatchWorld start() {
        return new BatchWorld();
    }

    public BatchAccountId addAccount(String name, int dedicatedCores, int lowPriorityCores) {
        azure.batch().addAccount(SUBSCRIPTION, RESOURCE_GROUP, name, REGION, dedicatedCores, lowPriorityCores);
        return BatchAccountId.parse("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Batch/batchAccounts/" + name);
    }

    public BatchAccount account(BatchAccountId id) {
        return clients.pools().account(id);
    }

    /** A version replicated (Completed) to the test region. */
    public ImageVersionId publish(ImageDefinitionId definition, String version) {
        ImageVersionId id = definition.version(version);
        gallery.version(id.toString(), REGION, "Completed");
        return id;
    }

    public static PoolSpec spec(String imageReferenceId, int dedicated) {
        return new PoolSpec("Standard_D2s_v3", imageReferenceId, LINUX_AGENT,
                fixed(dedicated, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.REQUEUE),
                Optional.of(new StartTask("/bin/sh -c 'echo ready'", true, true, 1)),
                List.of(new Metadata("owner", "rollout")));
    }

    public static ScaleSettings.FixedScale fixed(int dedicated, Duration timeout, ScaleSettings.NodeDeallocationOption option) {
        return new ScaleSettings.FixedScale(dedicated, 0, timeout, option);
    }

    public Pool create(BatchAccountId account, String name, PoolSpec spec) {
        return clients.pools().create(account.pool(name), spec);
    }

    public Pool pool(PoolId id) {
        return clients.pools().get(id).orElseThrow(() -> new AssertionError("pool " + id + " is missing"));
    }

    public void advance(Duration by) {
        azure.advance(by);
    }

    /** A raw HTTPS request with the simulator's token, for what no client sends (other api-versions, bad bodies). */
    public HttpResponse<String> send(String method, String pathAndQuery, String jsonBody) {
        return send(method, pathAndQuery, jsonBody, java.util.Map.of());
    }

    /** The same with extra headers (If-Match...). */
    public HttpResponse<String> send(String method, String pathAndQuery, String jsonBody, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(azure.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed", e);
        }
    }

    @Override
    public void close() {
        azure.close();
    }
}
