package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
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
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.readiness.ResizeTimeout;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GALLERY_REMEDIATION=replicas on the simulated Azure: the app raises a version's replicas (or adds the pool's region)
 * with one PATCH, the pool waits BLOCKED saying so, and rolls once replication is complete. Requests are counted.
 */
class ReplicaRemediationSimTest {
    private final RolloutWorld world = new RolloutWorld();
    private final BatchAccountId big = BatchAccountId.parse("/subscriptions/" + RolloutWorld.SUB
            + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/bigbatch");
    private final GalleryId otherGallery = GalleryId.parse("/subscriptions/" + RolloutWorld.SUB
            + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/notallowed");

    ReplicaRemediationSimTest() {
        world.sim.batch().addAccount(RolloutWorld.SUB, "batch-rg", "bigbatch", "northeurope", 20_000, 0);
        world.sim.gallery().addGallery(RolloutWorld.SUB, "img-rg", "notallowed", "westeurope");
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private Reconciler engine(boolean remediate, int vmsPerReplica) {
        GalleryImageResolver resolver = new GalleryImageResolver(world.clients.gallery(), world.clients.providers(),
                new ReadinessGate(vmsPerReplica), g -> g.equals(world.gallery), world.clock);
        Reconciler engine = new Reconciler(List.of(big), world.clients.pools(), world.clients.nodes(), world.clients.jobs(),
                world.accounts, world.capacity(world.clients.pools()), resolver, HealthGate.defaults(), world.clock,
                line -> {
                    synchronized (world.log) {
                        world.log.add(world.sim.clock().now() + " " + line);
                    }
                });
        return remediate ? engine.withRemediation(new PassRemediation.Config(world.clients.galleryWrites(),
                new ReplicaRule(vmsPerReplica), g -> g.equals(world.gallery))) : engine;
    }

    private ImageDefinitionId definition(GalleryId gallery, String name, List<SimTargetRegion> v1, List<SimTargetRegion> v11) {
        world.sim.gallery().addImageDefinition(gallery.toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId id = gallery.image(name);
        world.sim.gallery().addVersion(id.toString(), "1.0.0", v1, true);
        world.sim.gallery().addVersion(id.toString(), "1.1.0", v11, true);
        return id;
    }

    private static List<SimTargetRegion> regions(int northEuropeReplicas) {
        return List.of(new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("North Europe", northEuropeReplicas, false));
    }

    /** A tracked in-place pool on 1.0.0 in the big account, allocated (resize timeout sized for it). */
    private Pool pool(String name, ImageDefinitionId definition, int nodes) {
        RolloutPolicy policy = new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE);
        List<Metadata> metadata = new ArrayList<>(policy.toMetadata());
        world.clients.pools().create(big.pool(name), new PoolSpec("Standard_D2s_v3", definition.version("1.0.0").toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(nodes, 0, ResizeTimeout.forNodes(nodes),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                metadata));
        world.sim.advance(Duration.ofMinutes(nodes > 1000 ? 45 : 6));
        return get(name);
    }

    private Pool get(String name) {
        return world.clients.pools().get(big.pool(name)).orElseThrow();
    }

    private long patches(ImageDefinitionId definition) {
        return world.sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Update")
                && e.path().toLowerCase().startsWith(definition.toString().toLowerCase()));
    }

    private long acceptedPatches(ImageDefinitionId definition) {
        return world.sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Update") && e.status() < 300
                && e.path().toLowerCase().startsWith(definition.toString().toLowerCase()));
    }

    private ImageVersion version(ImageDefinitionId definition, String name) {
        return world.clients.gallery().version(definition.version(name)).orElseThrow();
    }

    private String decision(String pool) {
        return world.clients.pools().get(big.pool(pool)).map(p -> ((io.batchrollout.core.rollout.state.RolloutStateCodec.Decoded.Present)
                io.batchrollout.core.rollout.state.RolloutStateCodec.decode(p.metadata())).state())
                .flatMap(s -> s.lastDecision()).orElse("");
    }

    private RolloutPhase phase(String pool) {
        return ((io.batchrollout.core.rollout.state.RolloutStateCodec.Decoded.Present)
                io.batchrollout.core.rollout.state.RolloutStateCodec.decode(get(pool).metadata())).state().phase();
    }

    /** Passes one simulated minute apart until the pool is STABLE on {@code version}; the passes run. */
    private int passUntilStableOn(Reconciler engine, ImageDefinitionId definition, String pool, String version, int max) {
        for (int pass = 1; pass <= max; pass++) {
            engine.reconcileTracking(definition);
            if (RolloutWorld.stableOn(version).test(get(pool))) {
                return pass;
            }
            world.sim.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("not stable on " + version + " after " + max + " passes:\n" + String.join("\n", world.log));
    }

    @Test
    void aThreeThousandNodePoolGetsTenReplicasWithOnePatchAndRollsOnceTheyAreThere() {
        ImageDefinitionId image = definition(world.gallery, "big-image", regions(1), regions(1));
        pool("render", image, 3000);
        Reconciler engine = engine(true, 300);

        engine.reconcileTracking(image);

        assertEquals(1, patches(image), "one update of 1.1.0");
        ImageVersion raised = version(image, "1.1.0");
        assertEquals(10, raised.targetRegion("northeurope").orElseThrow().regionalReplicaCount());
        assertEquals(1, raised.targetRegion("westeurope").orElseThrow().regionalReplicaCount(), "the other region is kept");
        assertEquals(RolloutPhase.BLOCKED, phase("render"));
        assertTrue(decision("render").endsWith("raising replicas of 1.1.0 in northeurope from 1 to 10 (replication in progress)"),
                decision("render"));
        assertEquals(1, version(image, "1.0.0").targetRegion("northeurope").orElseThrow().regionalReplicaCount(),
                "only the version the pool would roll to is raised");

        world.sim.advance(Duration.ofMinutes(1));
        engine.reconcileTracking(image);
        assertEquals(1, patches(image), "a pass that sees replication in progress sends nothing");
        assertTrue(decision("render").contains("(replication in progress)"), decision("render"));
        com.fasterxml.jackson.databind.JsonNode drift = io.batchrollout.api.DriftReportJson.report(new io.batchrollout.core.rollout.drift
                .DriftReporter(List.of(big), world.clients.pools(), world.accounts, new GalleryImageResolver(world.clients.gallery(),
                world.clients.providers(), new ReadinessGate(300), g -> true, world.clock), new ReplicaRule(300)).report());
        assertEquals("{\"region\":\"northeurope\",\"from\":1,\"to\":10,\"state\":\"Replicating\"}",
                drift.path("images").get(0).path("versions").get(0).path("remediation").get(0).toString(), drift.toString());

        passUntilStableOn(engine, image, "render", "1.1.0", 150);
        assertEquals(1, patches(image), "exactly one version PATCH for the whole story");
        assertEquals(3000, get("render").currentDedicatedNodes());
    }

    /**
     * An update makes the version Updating, and a rollout's image change re-checks its version right before: so the
     * version is not updated while another pool rolls to it. The small pool rolls first, untouched; then the big one.
     */
    @Test
    void theVersionIsNotUpdatedWhileAnotherPoolRollsToItAndThenIs() {
        ImageDefinitionId image = definition(world.gallery, "shared-image", regions(1), regions(1));
        pool("canary", image, 2);
        pool("bulk", image, 3000);
        Reconciler engine = engine(true, 300);

        engine.reconcileTracking(image);
        assertTrue(phase("canary").inProgress(), "the small pool starts at once: 1 replica serves it");
        assertEquals(0, patches(image));
        assertTrue(decision("bulk").endsWith("will be raising replicas of 1.1.0 in northeurope from 1 to 10 once the rollouts "
                + "to 1.1.0 in progress have finished"), decision("bulk"));

        passUntilStableOn(engine, image, "canary", "1.1.0", 60);
        assertEquals(0, patches(image), "nothing while the canary rolled to 1.1.0");
        passUntilStableOn(engine, image, "bulk", "1.1.0", 150);
        assertEquals(1, patches(image));
        assertTrue(RolloutWorld.stableOn("1.1.0").test(get("canary")), "the canary stays on 1.1.0 while the version updates");
    }

    @Test
    void aRegionMissingFromTheNewestVersionIsAddedAndThePoolRolls() {
        ImageDefinitionId image = definition(world.gallery, "west-only", regions(1),
                List.of(new SimTargetRegion("West Europe", 2, false)));
        pool("small", image, 2);
        Reconciler engine = engine(true, 300);

        engine.reconcileTracking(image);

        assertEquals(1, patches(image));
        ImageVersion added = version(image, "1.1.0");
        assertEquals(1, added.targetRegion("northeurope").orElseThrow().regionalReplicaCount());
        assertEquals(2, added.targetRegion("westeurope").orElseThrow().regionalReplicaCount());
        assertEquals("northeurope:0>1", added.tags().get("batch-image-rollout.remediation"), "visible from the gallery's side");
        assertTrue(decision("small").endsWith("adding northeurope to 1.1.0 with 1 replica (replication in progress)"), decision("small"));

        passUntilStableOn(engine, image, "small", "1.1.0", 60);
        assertEquals(1, patches(image));
    }

    @Test
    void withRemediationOffNothingIsChangedAndThePoolStaysBlockedOnTheGatesReasons() {
        ImageDefinitionId image = definition(world.gallery, "off-image", regions(1), regions(1));
        pool("render-off", image, 3000);
        Reconciler engine = engine(false, 300);

        for (int pass = 0; pass < 3; pass++) {
            engine.reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(0, patches(image));
        assertEquals(RolloutPhase.BLOCKED, phase("render-off"));
        assertTrue(decision("render-off").contains("raise its regionalReplicaCount in northeurope to at least 10"), decision("render-off"));
    }

    @Test
    void twoConcurrentPassesUpdateTheVersionOnce() throws Exception {
        ImageDefinitionId image = definition(world.gallery, "race-image", regions(1), regions(1));
        pool("race", image, 3000);
        Reconciler first = engine(true, 300);
        Reconciler second = engine(true, 300);

        CompletableFuture<PassReport> a = CompletableFuture.supplyAsync(() -> first.reconcileTracking(image));
        CompletableFuture<PassReport> b = CompletableFuture.supplyAsync(() -> second.reconcileTracking(image));
        a.get();
        b.get();

        assertEquals(1, acceptedPatches(image), "one update reached the version");
        assertTrue(patches(image) <= 2, "the loser, if it got as far as the PATCH, was refused");
        assertEquals(10, version(image, "1.1.0").targetRegion("northeurope").orElseThrow().regionalReplicaCount());
    }

    @Test
    void aVersionWithMoreReplicasThanThePoolNeedsIsNeverLoweredAndNoRegionIsRemoved() {
        ImageDefinitionId image = definition(world.gallery, "plenty", regions(20), List.of(
                new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("North Europe", 20, false),
                new SimTargetRegion("East US", 3, false)));
        pool("tiny", image, 2);

        engine(true, 300).reconcileTracking(image);

        assertEquals(0, patches(image));
        assertTrue(RolloutWorld.stableOn("1.1.0").test(get("tiny")) || phase("tiny").inProgress(), "it simply rolls");
        assertEquals(3, version(image, "1.1.0").targetRegions().size());
    }

    @Test
    void aVersionOutsideTheAllowedGalleriesIsNeverTouched() {
        ImageDefinitionId image = definition(otherGallery, "foreign", regions(1), regions(1));
        pool("foreign", image, 3000);

        engine(true, 300).reconcileTracking(image);

        assertEquals(0, patches(image));
        assertEquals(RolloutPhase.BLOCKED, phase("foreign"));
        assertTrue(decision("foreign").contains("ALLOWED_GALLERY_IDS"), decision("foreign"));
    }

    @Test
    void aPoolNeedingMoreThanOneHundredReplicasStaysBlockedWithThatReason() {
        ImageDefinitionId image = definition(world.gallery, "too-big", regions(1), regions(1));
        pool("huge", image, 101);

        Reconciler engine = engine(true, 1);
        engine.reconcileTracking(image);
        world.sim.advance(Duration.ofMinutes(1));
        engine.reconcileTracking(image);

        assertEquals(0, patches(image));
        assertEquals(RolloutPhase.BLOCKED, phase("huge"));
        assertTrue(decision("huge").contains("at most 100 replicas per region"), decision("huge"));
    }
}
