package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.pools.PoolStatusReader;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.drift.DriftEntry;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.drift.DriftReporter;
import io.batchrollout.core.rollout.drift.ImageDrift;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift report on the simulated Azure: what a platform team acts on, and what it costs to read. */
class DriftReportSimTest {
    private static final PhaseDeadline DEADLINES = PhaseDeadline.of(HealthGate.defaults());

    /** One replica per 2 VMs, so that pools of a few nodes need several replicas (the rule is the same at 300). */
    private static DriftReporter reporter(RolloutWorld world, int vmsPerReplica) {
        GalleryImageResolver resolver = new GalleryImageResolver(world.clients.gallery(), world.clients.providers(),
                new ReadinessGate(vmsPerReplica), g -> true, world.clock);
        return new DriftReporter(List.of(world.account), world.clients.pools(), world.accounts, resolver,
                new ReplicaRule(vmsPerReplica)).withDeadlines(DEADLINES, world.clock);
    }

    private static ImageDrift image(DriftReport report, ImageDefinitionId definition) {
        return report.images().stream().filter(i -> i.definitionId().equals(definition)).findFirst().orElseThrow();
    }

    private static DriftEntry pool(DriftReport report, String name) {
        return report.pools().stream().filter(p -> p.pool().poolName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Long> galleryAndListReads(RolloutWorld world) {
        return Map.of("GalleryImages_Get", world.sim.requests().count(e -> e.operation().equals("GalleryImages_Get")),
                "GalleryImageVersions_ListByGalleryImage", world.sim.requests().count(e -> e.operation()
                        .equals("GalleryImageVersions_ListByGalleryImage")),
                "GalleryImageVersions_Get", world.sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Get")),
                "Pool_ListByBatchAccount", world.sim.requests().count(e -> e.operation().equals("Pool_ListByBatchAccount")));
    }

    @Test
    void theLargestPoolOfARegionIsShownItsReplicaShortfallAndARegionTheVersionMissesHasNone() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId short_ = world.definition("dr-short");
            ImageDefinitionId missing = world.definition("dr-missing");
            world.pool("dr-small", short_, 2);
            world.pool("dr-large", short_, 5);
            world.pool("dr-miss", missing, 2);
            world.sim.gallery().addVersion(short_.toString(), "1.1.0", List.of(new SimTargetRegion("West Europe", 1, false),
                    new SimTargetRegion("North Europe", 2, false)), true);
            world.sim.gallery().addVersion(missing.toString(), "1.1.0", List.of(new SimTargetRegion("West Europe", 1, false)), true);

            DriftReport report = reporter(world, 2).report();

            ImageDrift shortfall = image(report, short_);
            assertEquals("1.1.0", shortfall.newestVersion().orElseThrow().id().versionName());
            assertEquals(List.of("1.1.0", "1.0.0"), shortfall.versions().stream().map(v -> v.version().id().versionName()).toList());
            assertEquals(List.of(new ImageDrift.RegionState("westeurope", Optional.of("Completed"), 1, Optional.of(100)),
                    new ImageDrift.RegionState("northeurope", Optional.of("Completed"), 2, Optional.of(100))),
                    shortfall.versions().get(0).regions());
            assertEquals(List.of(new ImageDrift.Shortfall("northeurope", "1.1.0", world.poolId("dr-large"), 5, 3, 2)),
                    shortfall.replicaShortfall());
            assertEquals(1, shortfall.replicaShortfall().get(0).shortfall());
            ImageDrift.AccountReadiness readiness = shortfall.versions().get(0).readiness().get(0);
            assertEquals("northeurope", readiness.region());
            assertFalse(readiness.readiness().ready(), "judged for the largest pool of the account");
            assertEquals(List.of(ReasonCode.TOO_FEW_REPLICAS), readiness.readiness().reasons().stream().map(r -> r.code()).toList());

            ImageDrift notTargeted = image(report, missing);
            assertEquals(List.of("westeurope"), notTargeted.versions().get(0).regions().stream().map(ImageDrift.RegionState::region).toList());
            assertEquals(List.of(new ImageDrift.Shortfall("northeurope", "1.1.0", world.poolId("dr-miss"), 2, 1, 0)),
                    notTargeted.replicaShortfall());
            assertTrue(notTargeted.versions().get(0).readiness().get(0).readiness().reasons().stream()
                    .anyMatch(r -> r.code() == ReasonCode.REGION_NOT_TARGETED));
            assertEquals(DriftEntry.Status.IN_SYNC, pool(report, "dr-miss").status(), "1.0.0 is the newest ready there");
        }
    }

    @Test
    void theReportReadsEachDefinitionAFixedNumberOfTimesHoweverManyPoolsUseIt() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId first = world.definition("dr-cost-a");
            ImageDefinitionId second = world.definition("dr-cost-b");
            world.addVersion(first, "1.1.0");
            world.addVersion(second, "1.1.0");
            world.addVersion(second, "1.2.0");
            world.pool("dr-cost-a0", first, 1);
            world.pool("dr-cost-b0", second, 2);
            DriftReporter reporter = reporter(world, 300);
            reporter.report();
            world.sim.requests().clear();
            reporter.report();
            Map<String, Long> few = galleryAndListReads(world);
            for (int i = 1; i <= 6; i++) {
                world.pool("dr-cost-a" + i, first, i % 3);
                world.pool("dr-cost-b" + i, second, 1 + i % 2);
            }
            world.sim.requests().clear();

            DriftReport report = reporter.report();

            // Per definition: the definition, its list (the simulator pages it 2 versions a page: 1 + 2 pages), and its
            // newest versions (2 and 3) with replication status, which the pools' choices share.
            assertEquals(Map.of("GalleryImages_Get", 2L, "GalleryImageVersions_ListByGalleryImage", 3L,
                    "GalleryImageVersions_Get", 5L, "Pool_ListByBatchAccount", 1L), galleryAndListReads(world));
            assertEquals(few, galleryAndListReads(world), "14 pools cost what 2 did");
            assertEquals(14, report.pools().size());
            assertEquals(3, image(report, second).versions().size());
        }
    }

    @Test
    void versionsInUsePastOrWithinThirtyDaysOfTheirEndOfLifeNameTheirPoolsAndDaysBehindCountFromPublishing() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId definition = world.definition("dr-eol");
            world.pool("dr-old", definition, 1);
            world.pool("dr-old2", definition, 1);
            world.addVersion(definition, "1.1.0");
            pinnedOn(world, "dr-pinned", definition, "1.1.0");
            world.addVersion(definition, "1.2.0");
            world.sim.advance(Duration.ofDays(2).plusHours(3));
            Instant now = world.clock.instant();
            world.sim.gallery().setEndOfLife(definition.version("1.0.0").toString(), now.minus(Duration.ofDays(3)));
            world.sim.gallery().setEndOfLife(definition.version("1.1.0").toString(), now.plus(Duration.ofDays(10)));
            world.sim.gallery().setEndOfLife(definition.version("1.2.0").toString(), now.plus(Duration.ofDays(60)));

            DriftReport report = reporter(world, 300).report();

            List<ImageDrift.EndOfLife> endOfLife = image(report, definition).endOfLife();
            assertEquals(List.of("1.1.0", "1.0.0"), endOfLife.stream().map(ImageDrift.EndOfLife::version).toList());
            assertEquals(List.of(10L, -3L), endOfLife.stream().map(ImageDrift.EndOfLife::daysLeft).toList());
            assertEquals(List.of(List.of("dr-pinned"), List.of("dr-old", "dr-old2")),
                    endOfLife.stream().map(ImageDrift.EndOfLife::pools).toList());
            assertEquals(Optional.of(2L), pool(report, "dr-old").daysBehind(), "1.2.0 was published 2 days and 3 hours ago");
            assertEquals("1.2.0", pool(report, "dr-old").desiredImage().map(v -> v.substring(v.lastIndexOf('/') + 1)).orElseThrow());
            assertEquals(Optional.empty(), pool(report, "dr-pinned").daysBehind(), "a pin is never behind");
            DriftCounts counts = report.counts();
            assertEquals(3, counts.endOfLifeSoon());
            assertEquals(2, counts.behind());
            assertEquals(0, counts.stuck());
        }
    }

    @Test
    void aPoolVerifyingPastItsDeadlineIsStuckInTheReportInGetPoolAndInThePassLine() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId definition = world.definition("dr-stuck");
            world.pool("dr-stuck", definition, 2);
            world.addVersion(definition, "1.1.0");
            world.passUntil(definition, "dr-stuck", p -> RolloutStateCodec.decode(p.metadata())
                    instanceof RolloutStateCodec.Decoded.Present present && present.state().phase() == RolloutPhase.VERIFYING, 30);
            Instant since = world.state("dr-stuck").since().orElseThrow();
            Instant deadline = since.plus(Duration.ofMinutes(15)).plus(HealthGate.defaults().verifyGrace());
            PoolStatusReader getPool = new PoolStatusReader(world.clients.pools(), world.clients.nodes(), world.accounts,
                    world.clients.resourceManagerEndpoint()).withDeadlines(DEADLINES, world.clock);

            DriftEntry onTime = pool(reporter(world, 300).report(), "dr-stuck");
            world.sim.advance(Duration.between(world.clock.instant(), deadline).plusSeconds(1));
            DriftReport late = reporter(world, 300).report();

            assertEquals(Optional.of(deadline), onTime.timing().deadline());
            assertFalse(onTime.timing().stuck());
            assertTrue(pool(late, "dr-stuck").timing().stuck());
            assertEquals(1, late.counts().stuck());
            assertEquals(new PhaseDeadline.Timing(Optional.of(deadline), true),
                    getPool.read(world.poolId("dr-stuck")).orElseThrow().timing());
            world.engine().reconcileAll();
            assertTrue(world.log.stream().anyMatch(l -> l.contains("drift summary: managed=1 inSync=1 drifted=0 unknown=0 stuck=1")),
                    String.join("\n", world.log));
        }
    }

    @Test
    void aDefinitionAzureRefusesToReadIsNamedWithItsAnswerAndAskedOnceForThePoolsAndTheImage() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId definition = world.definition("dr-denied");
            world.pool("dr-denied", definition, 1);
            world.pool("dr-denied-2", definition, 2);
            world.sim.requests().clear();
            world.sim.faults().add("GalleryImages_Get", new io.batchrollout.sim.FaultInjector.Fault.ServerError(403,
                    "AuthorizationFailed"), 10);

            DriftReport report = reporter(world, 300).report();

            ImageDrift image = image(report, definition);
            assertTrue(image.note().orElseThrow().contains("403 AuthorizationFailed"), image.note().toString());
            assertEquals(List.of(), image.versions());
            assertEquals(List.of(), image.replicaShortfall());
            assertEquals(DriftEntry.Status.UNKNOWN, pool(report, "dr-denied").status());
            assertEquals(1, world.sim.requests().count("GalleryImages_Get"), "a refused read is remembered for the report");
            assertEquals(0, report.counts().behind());
        }
    }

    /** A pool created on {@code version} and pinned to it. */
    private static void pinnedOn(RolloutWorld world, String name, ImageDefinitionId definition, String version) {
        List<Metadata> metadata = new ArrayList<>(new RolloutPolicy(new ImageRef.Pinned(definition.version(version)),
                RolloutStrategy.IN_PLACE).toMetadata());
        world.clients.pools().create(world.account.pool(name), new PoolSpec("Standard_D2s_v3",
                definition.version(version).toString(), "batch.node.ubuntu 22.04", new ScaleSettings.FixedScale(1, 0,
                Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION),
                Optional.of(new StartTask("/bin/true", false, true, 0)), metadata));
        world.sim.advance(Duration.ofMinutes(6));
    }
}
