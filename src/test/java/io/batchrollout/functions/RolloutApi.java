package io.batchrollout.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The local runner on the demo seed, with one image definition per test in the demo gallery (so one test publishing a
 * version does not roll another test's pools), pools made through the app's clients, passes run by the app's own
 * engine, and the operator endpoints called over HTTP.
 */
final class RolloutApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<SimTargetRegion> WEST_EUROPE = List.of(new SimTargetRegion("West Europe", 1, false));

    final LocalRunner runner = LocalRunner.start(LocalRunner.Options.forTests(java.util.Map.of()).withSeed(Seed.DEMO));
    final HttpClient http = HttpClient.newHttpClient();

    /** A definition of the demo gallery with version 1.0.0 replicated to the account's region. */
    ImageDefinitionId definition(String name) {
        runner.sim().gallery().addImageDefinition(DemoResources.galleryId().toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId id = DemoResources.galleryId().image(name);
        addVersion(id, "1.0.0");
        return id;
    }

    void addVersion(ImageDefinitionId definition, String version) {
        runner.sim().gallery().addVersion(definition.toString(), version, WEST_EUROPE, true);
    }

    /** A pool on 1.0.0 with a waiting start task and the caller's entry "team"; managed when {@code policy} is given. */
    Pool pool(String name, ImageDefinitionId definition, int nodes, Optional<RolloutPolicy> policy) {
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        policy.ifPresent(p -> metadata.addAll(p.toMetadata()));
        AppContext.clients().pools().create(DemoResources.batchAccountId().pool(name), new PoolSpec("Standard_D2s_v3",
                definition.version("1.0.0").toString(), "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0,
                Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), metadata));
        runner.sim().advance(Duration.ofMinutes(6));
        return get(name);
    }

    static RolloutPolicy tracking(ImageDefinitionId definition) {
        return new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE);
    }

    Pool get(String name) {
        return AppContext.clients().pools().get(DemoResources.batchAccountId().pool(name)).orElseThrow();
    }

    RolloutState state(String name) {
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(get(name).metadata())).state();
    }

    /** Passes of the app's engine one simulated minute apart until {@code done} holds for the pool; the passes run. */
    int passUntil(String pool, Predicate<Pool> done, int maxPasses) {
        for (int pass = 1; pass <= maxPasses; pass++) {
            AppContext.services().rolloutEngine().reconcileAll();
            if (done.test(get(pool))) {
                return pass;
            }
            runner.sim().advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("pool " + pool + " not done after " + maxPasses + " passes: " + state(pool));
    }

    static Predicate<Pool> inPhase(RolloutPhase phase) {
        return p -> RolloutStateCodec.decode(p.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && present.state().phase() == phase;
    }

    static Predicate<Pool> stableOn(String version) {
        return inPhase(RolloutPhase.STABLE).and(p -> p.imageReferenceId().endsWith("/versions/" + version)
                && "Steady".equals(p.allocationState()));
    }

    long successfulWrites(String pool) {
        return runner.sim().requests().count(e -> e.operation().equals("Pool_Update") && e.status() < 300
                && e.path().endsWith("/pools/" + pool));
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> action(String pool, String action) throws Exception {
        return post("/api/pools/" + pool + "/rollout", "application/json", "{\"action\":\"" + action + "\"}");
    }

    JsonNode ok(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        if (response.statusCode() != status
                || !response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json")) {
            throw new AssertionError(response.uri() + " answered " + response.statusCode() + " (expected " + status + "): "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode getJson(String path) throws Exception {
        return ok(http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Override
    public void close() {
        runner.close();
    }
}
