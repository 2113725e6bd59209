package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.config.Settings;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local runner on the demo simulator with three configured accounts (two more in the demo's region), and pools
 * made for the tests directly through the app's clients, with the policy written by the app's own codec.
 */
final class PoolApiWorld implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AGENT = "batch.node.ubuntu 22.04";

    final LocalRunner runner;
    final AzureClients clients;
    final HttpClient http = HttpClient.newHttpClient();
    final BatchAccountId demo = DemoResources.batchAccountId();
    final BatchAccountId listOne = sibling("listone");
    final BatchAccountId listTwo = sibling("listtwo");

    PoolApiWorld() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of(Settings.BATCH_ACCOUNT_IDS,
                listOne + "," + listTwo + "," + demo)).withSeed(Seed.DEMO));
        for (BatchAccountId account : List.of(listOne, listTwo)) {
            runner.sim().batch().addAccount(DemoResources.SUBSCRIPTION_ID, DemoResources.RESOURCE_GROUP, account.accountName(),
                    DemoResources.LOCATION, 100, 100);
        }
        clients = AzureClients.create(runner.sim().target());
    }

    static BatchAccountId sibling(String name) {
        return BatchAccountId.parse(DemoResources.batchAccountId().toString().replace("demobatch", name));
    }

    static RolloutPolicy tracked() {
        return new RolloutPolicy(new ImageRef.Tracked(DemoResources.imageId()), RolloutStrategy.IN_PLACE);
    }

    static RolloutPolicy pinned() {
        return new RolloutPolicy(new ImageRef.Pinned(DemoResources.imageId().version(DemoResources.VERSION)), RolloutStrategy.BLUE_GREEN);
    }

    /** A pool as createPool will make it: the caller's metadata, then the policy (none for an unmanaged pool). */
    Pool pool(BatchAccountId account, String name, String vmSize, int dedicated, Optional<RolloutPolicy> policy,
              List<Metadata> callerMetadata) {
        String image = policy.map(p -> p.image() instanceof ImageRef.Pinned pin ? pin.version().toString() : p.image().definition().toString())
                .orElse(DemoResources.imageId().toString());
        List<Metadata> metadata = policy.map(p -> p.writeInto(callerMetadata)).orElse(callerMetadata);
        return clients.pools().create(account.pool(name), new PoolSpec(vmSize, image, AGENT,
                new ScaleSettings.FixedScale(dedicated, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.REQUEUE),
                Optional.of(new StartTask("/bin/true", false, true, 0)), metadata));
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("not JSON: " + response.headers().map());
        }
        return JSON.readTree(response.body());
    }

    /** The problem body, after checking status and media type. */
    JsonNode problem(String pathAndQuery, int status) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != status || !response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json")) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("Content-Type").orElse("") + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String demoQuery() {
        return "?batchAccountId=" + demo;
    }

    @Override
    public void close() {
        runner.close();
    }
}
