package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.PoolIsolationSimTest.edit;
import static io.batchrollout.core.rollout.PoolIsolationSimTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.drift.DriftEntry;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.drift.DriftReporter;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.operator.OperatorAction;
import io.batchrollout.core.rollout.operator.OperatorActions;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.RolloutView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pool metadata is input: every link and version field pointed at foreign pools, other definitions, other galleries,
 * malformed, oversized or with control characters. The pool is TAMPERED (pass report, log at WARNING, getPool's
 * rollout view, the drift report), left as it is, and no foreign pool, job or image outside the policy is touched.
 */
class HostileMetadataSimTest extends RolloutWorldTest {
    static GalleryId foreignGallery;
    static ImageDefinitionId foreignDefinition;

    @BeforeAll
    static void galleries() {
        world.sim.gallery().addGallery(RolloutWorld.SUB, "img-rg", "foreigngallery", "westeurope");
        foreignGallery = GalleryId.parse("/subscriptions/" + RolloutWorld.SUB
                + "/resourceGroups/img-rg/providers/Microsoft.Compute/galleries/foreigngallery");
        world.sim.gallery().addImageDefinition(foreignGallery.toString(), "other", "Linux", "Generalized", "V2");
        foreignDefinition = foreignGallery.image("other");
        world.sim.gallery().addVersion(foreignDefinition.toString(), "9.9.9", RolloutWorld.regions(), true);
    }

    /** ALLOWED_GALLERY_IDS holds only the world's own gallery. */
    static Reconciler engine() {
        GalleryImageResolver allowedOnly = new GalleryImageResolver(world.clients.gallery(), world.clients.providers(),
                new ReadinessGate(300), g -> g.toString().equalsIgnoreCase(world.gallery.toString()), world.clock);
        return new Reconciler(List.of(world.account), world.clients.pools(), world.clients.nodes(), world.clients.jobs(),
                world.accounts, world.capacity(world.clients.pools()), allowedOnly, HealthGate.defaults(), world.clock,
                line -> world.log.add(line));
    }

    static final List<String> TOUCHING = List.of("Pool_Update", "Pool_Delete", "Pool_Create", "Pool_Patch");

    /** Writes, deletes and job calls that name {@code pool} or {@code job}. */
    static long touches(String pool, String job) {
        return world.sim.requests().count(e -> (TOUCHING.contains(e.operation()) && e.path().endsWith("/" + pool))
                || (e.operation().startsWith("Job_") && !e.operation().equals("Job_List") && e.path().contains("/" + job)));
    }

    static long imageChanges() {
        return world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() < 300
                && e.query() != null && e.query().contains("2024-07-01"));
    }

    static RolloutState inPhase(RolloutPhase phase, String target, String previous, BlueGreenLinks links) {
        return new RolloutState(phase, Optional.of(target), Optional.of(previous), Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                Optional.of(new ScaleSettings.FixedScale(1, 0, Duration.ofMinutes(15),
                        ScaleSettings.NodeDeallocationOption.TASK_COMPLETION)), 1, List.of(), false, Optional.empty(), links);
    }

    /** A foreign pool of another team, with a job running on it: never to be touched. */
    static void foreign(String name, ImageDefinitionId image) {
        world.pool(name, image, 1);
        addTasks(name + "-job", name, 1, Duration.ofHours(2));
        world.sim.advance(Duration.ofMinutes(1));
    }

    private record Case(String pool, RolloutStrategy strategy, int nodes, UnaryOperator<List<Metadata>> poison) {
    }

    @Test
    void everyLinkAndVersionFieldPointedElsewhereIsReportedAsTamperedAndTouchesNothing() {
        ImageDefinitionId image = world.definition("hm");
        ImageDefinitionId sibling = world.definition("hm-sibling");
        // Another team's pools, on another definition (this pass is about "hm"): never to be touched from "hm" pools.
        foreign("hmf", sibling);
        foreign("hm-impostor-v1-1-0", sibling); // named like a candidate, not linking back to anyone
        world.addVersion(image, "1.1.0");
        String v110 = image.version("1.1.0").toString();
        String v100 = image.version("1.0.0").toString();
        String siblingVersion = sibling.version("1.0.0").toString();
        String otherGallery = foreignDefinition.version("9.9.9").toString();
        List<Case> cases = List.of(
                // Blue-green links to an unrelated pool, in every phase that moves jobs or deletes the candidate.
                new Case("hm-move", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.MOVING_JOBS, v110, v100,
                        BlueGreenLinks.replacing("hm-move", "hmf")))),
                new Case("hm-abort", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.ABORTING, v110, v100,
                        BlueGreenLinks.replacing("hm-abort", "hmf")))),
                new Case("hm-retire", RolloutStrategy.BLUE_GREEN, 0, state(inPhase(RolloutPhase.RETIRING_OLD_POOL, v110,
                        v100, BlueGreenLinks.replacing("hm-retire", "hmf")))),
                // The right candidate name for its group, but that pool does not link back.
                new Case("hm-impostor", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.ABORTING, v110, v100,
                        BlueGreenLinks.replacing("hm-impostor", "hm-impostor-v1-1-0")))),
                // A candidate adopting the jobs of a foreign pool it claims to replace.
                new Case("hm-adopt", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.ADOPTING_JOBS, v110, v100,
                        BlueGreenLinks.candidateOf("hm-adopt", "hmf")))),
                // Its group set to the foreign pool's, so it would create or delete that group's pools.
                new Case("hm-group", RolloutStrategy.BLUE_GREEN, 1, state(RolloutState.initial()
                        .withLinks(BlueGreenLinks.replacing("hmf", "hmf-v1-1-0").atRest()))),
                // Versions of another definition, another gallery, malformed, oversized, with control characters.
                new Case("hm-sib", RolloutStrategy.IN_PLACE, 0, state(inPhase(RolloutPhase.DRAINING, siblingVersion, v100,
                        BlueGreenLinks.NONE))),
                new Case("hm-gal", RolloutStrategy.IN_PLACE, 0, state(inPhase(RolloutPhase.DRAINING, otherGallery, v100,
                        BlueGreenLinks.NONE))),
                new Case("hm-back", RolloutStrategy.IN_PLACE, 0, state(inPhase(RolloutPhase.ROLLING_BACK, v110,
                        otherGallery, BlueGreenLinks.NONE))),
                new Case("hm-bad", RolloutStrategy.IN_PLACE, 0, state(inPhase(RolloutPhase.DRAINING, "not/an/image", v100,
                        BlueGreenLinks.NONE))),
                new Case("hm-big", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.MOVING_JOBS, v110, v100,
                        BlueGreenLinks.replacing("hm-big", "hm-big-v1-1-0" + "9".repeat(3000))))),
                new Case("hm-ctl", RolloutStrategy.BLUE_GREEN, 1, state(inPhase(RolloutPhase.MOVING_JOBS, v110, v100,
                        BlueGreenLinks.replacing("hm-ctl", "hm-ctl-v1-1-0\r\nhmf")))));
        for (Case c : cases) {
            world.pool(c.pool(), image, c.nodes(), c.strategy(), "Standard_D2s_v3");
            edit(world.account, c.pool(), c.poison());
        }
        Map<String, Long> ownWrites = new java.util.HashMap<>();
        cases.forEach(c -> ownWrites.put(c.pool(), world.successfulWrites(c.pool())));
        long foreignBefore = touches("hmf", "hmf-job") + touches("hm-impostor-v1-1-0", "hm-impostor-v1-1-0-job");
        long imagesBefore = imageChanges();

        PassReport last = null;
        for (int pass = 0; pass < 4; pass++) {
            last = engine().reconcileTracking(image);
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(foreignBefore, touches("hmf", "hmf-job") + touches("hm-impostor-v1-1-0", "hm-impostor-v1-1-0-job"),
                "no foreign pool or job touched:\n" + world.sim.requests().entries().stream().filter(e -> e.path().contains("hmf")
                        || e.path().contains("impostor")).map(Object::toString).collect(java.util.stream.Collectors.joining("\n")));
        assertEquals(imagesBefore, imageChanges(), "no image applied");
        assertEquals(Map.of("hmf-job", "active"), jobStatesOn("hmf"));
        assertEquals(0, world.sim.requests().count(e -> e.operation().equals("Pool_Create") && e.status() < 300
                && e.path().contains("hmf-v")), "no candidate of the foreign group");
        for (Case c : cases) {
            PassReport.PoolDecision decision = last.decisions().stream().filter(d -> d.pool().poolName().equals(c.pool()))
                    .findFirst().orElseThrow();
            assertEquals("TAMPERED", decision.phase(), decision.line());
            assertTrue(decision.reason().startsWith("TAMPERED: "), decision.reason());
            assertTrue(decision.reason().chars().noneMatch(Character::isISOControl), decision.reason());
            long written = world.successfulWrites(c.pool()) - ownWrites.get(c.pool());
            assertTrue(written <= 1, c.pool() + " written " + written + " times");
            assertTrue(world.log.stream().anyMatch(l -> l.contains("WARNING ") && l.contains("| pool " + c.pool() + ": phase TAMPERED")));
        }
        // getPool's rollout view and the drift report carry the decision.
        RolloutView view = RolloutView.of(world.get("hm-move").metadata());
        assertTrue(((RolloutView.Known) view).state().lastDecision().orElseThrow().startsWith("TAMPERED: "
                + RolloutStateCodec.CANDIDATE + " 'hmf' is not the candidate of group hm-move for 1.1.0"));
        DriftReport drift = new DriftReporter(List.of(world.account), world.clients.pools(), world.accounts, world.resolver,
                new ReplicaRule(300)).report();
        DriftEntry entry = drift.pools().stream().filter(e -> e.pool().poolName().equals("hm-move")).findFirst().orElseThrow();
        assertTrue(entry.holds().stream().anyMatch(h -> h.startsWith("TAMPERED: ")), entry.holds().toString());
    }

    @Test
    void aPolicyPointedAtAnotherGalleryRollsNothingOutsideAllowedGalleryIds() {
        ImageDefinitionId image = world.definition("hm-pol");
        world.pool("hm-pol", image, 0);
        String target = foreignDefinition.version("9.9.9").toString();
        edit(world.account, "hm-pol", metadata -> new RolloutPolicy(new ImageRef.Tracked(foreignDefinition),
                RolloutStrategy.IN_PLACE).writeInto(metadata));
        edit(world.account, "hm-pol", state(inPhase(RolloutPhase.DRAINING, target, image.version("1.0.0").toString(),
                BlueGreenLinks.NONE)));
        long imagesBefore = imageChanges();

        for (int pass = 0; pass < 3; pass++) {
            engine().reconcileAll();
            world.sim.advance(Duration.ofMinutes(1));
        }

        assertEquals(imagesBefore, imageChanges(), "no image outside the allowed galleries:\n" + String.join("\n", world.log));
        assertTrue(world.get("hm-pol").imageReferenceId().endsWith("/hm-pol/versions/1.0.0"));
    }

    @Test
    void aTamperedPoolIsResetByAnOperatorRetryAndThenRollsAsUsual() {
        ImageDefinitionId image = world.definition("hm-reset");
        world.pool("hm-reset", image, 1);
        world.addVersion(image, "1.1.0");
        edit(world.account, "hm-reset", state(inPhase(RolloutPhase.DRAINING, foreignDefinition.version("9.9.9").toString(),
                image.version("1.0.0").toString(), BlueGreenLinks.NONE)));
        engine().reconcileTracking(image);
        assertTrue(TamperedState.isTampered(world.state("hm-reset")), world.state("hm-reset").toString());
        long written = world.successfulWrites("hm-reset");
        engine().reconcileTracking(image);
        assertEquals(written, world.successfulWrites("hm-reset"), "the TAMPERED decision is recorded once");

        OperatorActions.Outcome retried = new OperatorActions(world.clients.pools(), world.clock, line -> { })
                .apply(world.poolId("hm-reset"), OperatorAction.RETRY);

        assertTrue(retried instanceof OperatorActions.Outcome.Applied, retried.toString());
        assertEquals(RolloutPhase.STABLE, world.state("hm-reset").phase());
        assertTrue(world.state("hm-reset").target().isEmpty());
        world.passUntil(image, "hm-reset", RolloutWorld.stableOn("1.1.0"), 40);
    }
}
