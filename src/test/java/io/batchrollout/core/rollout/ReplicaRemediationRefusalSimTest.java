package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
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
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.sim.FaultInjector;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GALLERY_REMEDIATION=replicas when Azure refuses the version update: the blocked pool says what was attempted and
 * Azure's answer (never "replication in progress"), the update is tried once per pass, and the pool is written only
 * when its words change. The simulated Azure answers the PATCH with a scripted fault; requests are counted.
 */
class ReplicaRemediationRefusalSimTest {
    private static final String UPDATE = "GalleryImageVersions_Update";
    private final RolloutWorld world = new RolloutWorld();
    private final BatchAccountId big = BatchAccountId.parse("/subscriptions/" + RolloutWorld.SUB
            + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/bigbatch");

    ReplicaRemediationRefusalSimTest() {
        world.sim.batch().addAccount(RolloutWorld.SUB, "batch-rg", "bigbatch", "northeurope", 20_000, 0);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private Reconciler engine() {
        GalleryImageResolver resolver = new GalleryImageResolver(world.clients.gallery(), world.clients.providers(),
                new ReadinessGate(300), g -> g.equals(world.gallery), world.clock);
        return new Reconciler(List.of(big), world.clients.pools(), world.clients.nodes(), world.clients.jobs(),
                world.accounts, world.capacity(world.clients.pools()), resolver, HealthGate.defaults(), world.clock,
                line -> {
                    synchronized (world.log) {
                        world.log.add(world.sim.clock().now() + " " + line);
                    }
                }).withRemediation(new PassRemediation.Config(world.clients.galleryWrites(), new ReplicaRule(300),
                g -> g.equals(world.gallery)));
    }

    /** A 3,000-node tracked pool on 1.0.0 in North Europe, where 1.1.0 has one replica (it needs 10). */
    private ImageDefinitionId bigPoolOnAVersionWithOneReplica(String image, String pool) {
        world.sim.gallery().addImageDefinition(world.gallery.toString(), image, "Linux", "Generalized", "V2");
        ImageDefinitionId id = world.gallery.image(image);
        List<SimTargetRegion> regions = List.of(new SimTargetRegion("West Europe", 1, false),
                new SimTargetRegion("North Europe", 1, false));
        world.sim.gallery().addVersion(id.toString(), "1.0.0", regions, true);
        world.sim.gallery().addVersion(id.toString(), "1.1.0", regions, true);
        RolloutPolicy policy = new RolloutPolicy(new ImageRef.Tracked(id), RolloutStrategy.IN_PLACE);
        world.clients.pools().create(big.pool(pool), new PoolSpec("Standard_D2s_v3", id.version("1.0.0").toString(),
                "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(3000, 0, ResizeTimeout.forNodes(3000),
                ScaleSettings.NodeDeallocationOption.TASK_COMPLETION), Optional.of(new StartTask("/bin/true", false, true, 0)),
                new ArrayList<Metadata>(policy.toMetadata())));
        world.sim.advance(Duration.ofMinutes(45));
        return id;
    }

    private void refuseUpdates(int status, String code, String message, int times) {
        world.sim.faults().add(UPDATE, new FaultInjector.Fault.Scripted(Duration.ZERO,
                Optional.of(new FaultInjector.ErrorAnswer(status, code, message, Optional.empty()))), times);
    }

    private long patches() {
        return world.sim.requests().count(e -> e.operation().equals(UPDATE));
    }

    private long poolWrites(String pool) {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Update")
                && e.path().toLowerCase().endsWith("/pools/" + pool));
    }

    private RolloutStateCodec.Decoded.Present state(String pool) {
        return (RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(
                world.clients.pools().get(big.pool(pool)).orElseThrow().metadata());
    }

    private String decision(String pool) {
        return state(pool).state().lastDecision().orElse("");
    }

    @Test
    void aRefusedUpdateIsNamedInThePoolsDecisionTriedOncePerPassAndThePoolIsWrittenOnce() {
        ImageDefinitionId image = bigPoolOnAVersionWithOneReplica("denied-image", "render");
        refuseUpdates(403, "AuthorizationFailed", "The client 'app' does not have authorization to perform action "
                + "'Microsoft.Compute/galleries/images/versions/write'.", 100);
        Reconciler engine = engine();
        long writesBefore = poolWrites("render");
        Set<String> decisions = new HashSet<>();

        for (int pass = 1; pass <= 5; pass++) {
            engine.reconcileTracking(image);
            assertEquals(pass, patches(), "one PATCH attempt per pass, never more");
            String said = decision("render");
            decisions.add(said);
            assertTrue(said.contains("raising replicas of 1.1.0 in northeurope from 1 to 10 was refused: 403 AuthorizationFailed"),
                    said);
            assertTrue(said.contains("PERMISSION DENIED"), said);
            assertFalse(said.contains("replication in progress"), said);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(RolloutPhase.BLOCKED, state("render").state().phase());
        assertEquals(1, decisions.size(), "the same words every pass");
        assertEquals(1, poolWrites("render") - writesBefore, "the pool is written once over five passes");
        assertEquals(1, world.clients.gallery().version(image.version("1.1.0")).orElseThrow().targetRegion("northeurope")
                .orElseThrow().regionalReplicaCount(), "nothing changed on the version");
    }

    @Test
    void onceTheUpdateIsAcceptedThePoolSaysReplicationIsInProgressAndRollsWithOneAcceptedPatch() {
        ImageDefinitionId image = bigPoolOnAVersionWithOneReplica("conflict-image", "bulk");
        refuseUpdates(409, "OperationNotAllowed", "Another operation is in progress on the resource.", 1);
        Reconciler engine = engine();

        engine.reconcileTracking(image);
        assertEquals(1, patches());
        assertTrue(decision("bulk").contains("from 1 to 10 was refused: 409 OperationNotAllowed"), decision("bulk"));
        assertFalse(decision("bulk").contains("PERMISSION DENIED"), decision("bulk"));

        world.sim.advance(Duration.ofMinutes(1));
        engine.reconcileTracking(image);
        assertEquals(2, patches(), "tried again in the next pass, once");
        assertTrue(decision("bulk").endsWith("raising replicas of 1.1.0 in northeurope from 1 to 10 (replication in progress)"),
                decision("bulk"));
        world.sim.advance(Duration.ofMinutes(1));
        engine.reconcileTracking(image);
        assertEquals(2, patches(), "nothing more while replication runs");
    }
}
