package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.sim.SimulatedAzure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the gated promotion tests do to the rollout world: canary pools, candidates published as a team would. */
final class PromotionWorld {
    private final RolloutWorld world;

    PromotionWorld(RolloutWorld world) {
        this.world = world;
    }

    /** A tracked in-place canary pool on 1.0.0, allocated and idle. */
    Pool canary(String name, ImageDefinitionId definition, int nodes) {
        RolloutPolicy policy = new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE, true);
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(policy.toMetadata());
        world.clients.pools().create(world.account.pool(name), new PoolSpec("Standard_D2s_v3",
                definition.version("1.0.0").toString(), "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0,
                Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), metadata));
        world.sim.advance(Duration.ofMinutes(6));
        return world.get(name);
    }

    /**
     * Publishes {@code version} with {@code publishingProfile.excludeFromLatest} true, as a team using gated promotion
     * would, over ARM (raw PUT with the simulator's token), and lets it replicate to both regions.
     */
    void publishCandidate(ImageDefinitionId definition, String version) {
        String body = "{\"location\":\"westeurope\",\"properties\":{\"publishingProfile\":{\"excludeFromLatest\":true,"
                + "\"targetRegions\":[{\"name\":\"West Europe\",\"regionalReplicaCount\":1},{\"name\":\"North Europe\","
                + "\"regionalReplicaCount\":1}]},\"storageProfile\":{\"source\":{\"id\":\"/subscriptions/" + RolloutWorld.SUB
                + "/resourceGroups/img-rg/providers/Microsoft.Compute/images/" + definition.imageName() + "-" + version
                + "\"}}}}";
        HttpClient http = HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();
        HttpRequest put = HttpRequest.newBuilder(URI.create(world.sim.baseUrl() + definition.version(version)
                        + "?api-version=2024-03-03"))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201 && status != 200) {
                throw new IllegalStateException("publishing " + definition.version(version) + " answered " + status);
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("publishing " + definition.version(version) + " failed", e);
        }
        world.sim.advance(Duration.ofMinutes(30));
    }

    ImageVersion read(ImageDefinitionId definition, String version) {
        return world.clients.gallery().version(definition.version(version)).orElseThrow();
    }

    /** Version updates Azure accepted for this version. */
    long versionPatches(ImageDefinitionId definition, String version) {
        String path = definition.version(version).toString().toLowerCase(java.util.Locale.ROOT);
        return world.sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Update") && e.status() < 300
                && e.path().toLowerCase(java.util.Locale.ROOT).endsWith(path));
    }

    /** The world's reconciler with gated promotion through the real gallery adapter. */
    Reconciler engine(Duration bake) {
        return engine(bake, world.clients.galleryWrites());
    }

    Reconciler engine(Duration bake, GalleryWrites writes) {
        return world.engine().withPromotion(writes, bake);
    }
}
