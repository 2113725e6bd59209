package io.batchrollout.core.rollout;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.capacity.VmSkuCatalog;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.BatchPools;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The simulated Azure with one Batch account in North Europe and a gallery replicating there, for reconciler tests. */
final class RolloutWorld implements AutoCloseable {
    static final String SUB = "00000000-0000-0000-0000-0000000000e4";
    final SimulatedAzure sim = SimulatedAzure.start(0);
    final AzureClients clients = AzureClients.create(sim.target());
    final Clock clock = sim.clock().asJavaClock();
    final GalleryId gallery = GalleryId.parse("/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/rollgallery");
    final BatchAccountId account = BatchAccountId.parse("/subscriptions/" + SUB
            + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/rollbatch");
    final BatchAccountCache accounts = new BatchAccountCache(clients.pools());
    final VmSkuCatalog skus = new VmSkuCatalog(clients.vmSkus(), clock);
    final GalleryImageResolver resolver = new GalleryImageResolver(clients.gallery(), clients.providers(),
            new ReadinessGate(300), g -> true, clock);
    final List<String> log = new ArrayList<>();

    RolloutWorld() {
        this(false);
    }

    private RolloutWorld(boolean userSubscription) {
        sim.gallery().addGallery(SUB, "img-rg", "rollgallery", "westeurope");
        if (userSubscription) {
            sim.batch().addUserSubscriptionAccount(SUB, "batch-rg", "rollbatch", "northeurope");
        } else {
            sim.batch().addAccount(SUB, "batch-rg", "rollbatch", "northeurope", 500, 0);
        }
    }

    /** The same world with the account in UserSubscription pool allocation mode (the subscription's quotas bind). */
    static RolloutWorld inUserSubscriptionMode() {
        return new RolloutWorld(true);
    }

    static List<SimTargetRegion> regions() {
        return List.of(new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("North Europe", 1, false));
    }

    /** A definition of its own per test, with version 1.0.0 replicated. */
    ImageDefinitionId definition(String name) {
        sim.gallery().addImageDefinition(gallery.toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId id = gallery.image(name);
        addVersion(id, "1.0.0");
        return id;
    }

    void addVersion(ImageDefinitionId definition, String version) {
        sim.gallery().addVersion(definition.toString(), version, regions(), true);
    }

    /** A tracked in-place pool on 1.0.0 with a start task that waits for success, allocated and idle. */
    Pool pool(String name, ImageDefinitionId definition, int nodes) {
        return pool(name, definition, nodes, RolloutStrategy.IN_PLACE, "Standard_D2s_v3");
    }

    /** A tracked pool of this strategy and VM size on 1.0.0, allocated and idle. */
    Pool pool(String name, ImageDefinitionId definition, int nodes, RolloutStrategy strategy, String vmSize) {
        return pool(account, name, definition, nodes, strategy, vmSize);
    }

    /** The same in another account of the simulated Azure (added by the test). */
    Pool pool(BatchAccountId in, String name, ImageDefinitionId definition, int nodes, RolloutStrategy strategy,
              String vmSize) {
        RolloutPolicy policy = new RolloutPolicy(new ImageRef.Tracked(definition), strategy);
        List<Metadata> metadata = new ArrayList<>(List.of(new Metadata("team", "render")));
        metadata.addAll(policy.toMetadata());
        clients.pools().create(in.pool(name), new PoolSpec(vmSize, definition.version("1.0.0").toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0, Duration.ofMinutes(15),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                metadata));
        sim.advance(Duration.ofMinutes(6));
        return clients.pools().get(in.pool(name)).orElseThrow();
    }

    Pool get(String name) {
        return clients.pools().get(account.pool(name)).orElseThrow();
    }

    Optional<Pool> find(String name) {
        return clients.pools().get(account.pool(name));
    }

    PoolId poolId(String name) {
        return account.pool(name);
    }

    RolloutState state(String name) {
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(get(name).metadata())).state();
    }

    Reconciler engine() {
        return engine(clients.pools());
    }

    Reconciler engine(BatchPools pools) {
        return engine(List.of(account), pools);
    }

    /** A reconciler over these accounts of the simulated Azure. */
    Reconciler engine(List<BatchAccountId> over, BatchPools pools) {
        return new Reconciler(over, pools, clients.nodes(), clients.jobs(), accounts, capacity(pools), resolver,
                HealthGate.defaults(), clock,
                line -> {
                    synchronized (log) {
                        log.add(sim.clock().now() + " " + line);
                    }
                });
    }

    /** Capacity read through {@code pools} (so a test's wrapper sees the account read), the world's SKU catalog. */
    CapacityReader capacity(BatchPools pools) {
        return new CapacityReader(pools, skus, clients.usages());
    }

    /** Passes one simulated minute apart until {@code done} holds; the number of passes run. */
    int passUntil(ImageDefinitionId definition, String pool, Predicate<Pool> done, int maxPasses) {
        for (int pass = 1; pass <= maxPasses; pass++) {
            engine().reconcileTracking(definition);
            if (done.test(get(pool))) {
                return pass;
            }
            sim.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not done after " + maxPasses + " passes:\n" + String.join("\n", log));
    }

    static Predicate<Pool> stableOn(String version) {
        return p -> p.imageReferenceId().endsWith("/versions/" + version)
                && RolloutStateCodec.decode(p.metadata()) instanceof RolloutStateCodec.Decoded.Present present
                && present.state().phase() == RolloutPhase.STABLE && "Steady".equals(p.allocationState());
    }

    /**
     * Deletes a gallery image version as a publisher would, over ARM (the app itself never deletes versions, so no
     * client of it does this): raw DELETE with the simulator's token. The simulated gallery removes it at once.
     */
    void deleteVersion(ImageDefinitionId definition, String version) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(SimulatedAzure.clientTrust()).build();
        java.net.http.HttpRequest delete = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl()
                        + definition.version(version) + "?api-version=2024-03-03"))
                .header("Authorization", "Bearer " + SimulatedAzure.ACCESS_TOKEN).DELETE().build();
        try {
            int status = http.send(delete, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 202 && status != 200) {
                throw new IllegalStateException("deleting " + definition.version(version) + " answered " + status);
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("deleting " + definition.version(version) + " failed", e);
        }
        if (sim.gallery().version(definition.version(version).toString()).isPresent()) {
            throw new IllegalStateException(definition.version(version) + " is still there after its delete");
        }
    }

    /** Writes of the pool Azure refused with 400 (validation), image changes included. */
    long refusedWrites(String pool) {
        return sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 400 && e.path().endsWith("/" + pool));
    }

    long successfulWrites(String pool) {
        return sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() < 300 && e.path().endsWith("/" + pool));
    }

    long imageChanges(String pool) {
        return sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() < 300 && e.path().endsWith("/" + pool)
                && e.query() != null && e.query().contains("2024-07-01"));
    }

    @Override
    public void close() {
        sim.close();
    }
}
