package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.sim.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, the benchmark's target as a specification: a pass at rest costs at most 2 x (accounts + definitions) + list
 * pages, because a definition whose pools already run its newest listed version needs no candidate read with
 * replication status; and a new version is still gated on that fresh read before any pool starts.
 */
class AtRestCostSimTest {
    private static final int DEFINITIONS = 3;

    private static List<ImageDefinitionId> fleet(RolloutWorld world, BatchAccountId account, int pools) {
        List<ImageDefinitionId> definitions = new ArrayList<>();
        for (int d = 0; d < DEFINITIONS; d++) {
            definitions.add(world.definition("def" + d));
        }
        for (int i = 0; i < pools; i++) {
            FleetPassSimTest.seed(world, account, "pool-" + i, definitions.get(i % DEFINITIONS), 1 + i % 7);
        }
        world.sim.advance(Duration.ofMinutes(15));
        return definitions;
    }

    @Test
    void aPassAtRestCostsAtMostTwoRequestsPerAccountAndDefinitionPlusListPagesAndReadsNoVersion() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = FleetPassSimTest.fleetAccount(world);
            fleet(world, account, 1_200);
            Reconciler engine = world.engine(List.of(account), world.clients.pools());
            engine.reconcileAll();
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();

            long pages = world.sim.requests().count("Pool_ListByBatchAccount");
            long all = world.sim.requests().entries().size();
            assertEquals(2, pages, "1,200 pools are 2 pages of 1,000");
            assertEquals(0, world.sim.requests().count("GalleryImageVersions_Get"),
                    "every pool runs the newest listed version: no candidate read at rest: "
                            + world.sim.requests().countsByOperation());
            assertTrue(all <= 2L * (1 + DEFINITIONS) + pages, all + " requests: " + world.sim.requests().countsByOperation());
            assertEquals(1_200, report.summary().inSync(), report.summary().line());
            assertEquals(new DriftCounts(1_200, 1_200, 0, 0, 0, 0, 0), report.summary().drift().orElseThrow(),
                    "the drift summary line is counted from the same reads, within the same requests");
        }
    }

    @Test
    void aNewVersionIsStillGatedOnAFreshReadWithReplicationStatusBeforeAPoolStarts() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = FleetPassSimTest.fleetAccount(world);
            List<ImageDefinitionId> definitions = fleet(world, account, 30);
            Reconciler engine = world.engine(List.of(account), world.clients.pools());
            engine.reconcileAll();
            world.addVersion(definitions.get(0), "1.1.0");
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();

            List<RequestLog.Entry> versionReads = world.sim.requests().entries().stream()
                    .filter(e -> e.operation().equals("GalleryImageVersions_Get")).toList();
            assertEquals(1, report.summary().rolling(), report.summary().line());
            DriftCounts drift = report.summary().drift().orElseThrow();
            assertEquals(List.of(10, 10, 0), List.of(drift.drifted(), drift.behind(), drift.unknown()), drift.line());
            assertTrue(versionReads.stream().anyMatch(e -> e.path().endsWith("/versions/1.1.0")
                            && e.query() != null && e.query().contains("ReplicationStatus")),
                    "the new version is read with its replication status: "
                            + versionReads.stream().map(e -> e.path() + "?" + e.query()).toList());
            assertTrue(versionReads.stream().noneMatch(e -> e.path().contains("def1") || e.path().contains("def2")),
                    "the definitions at rest still read no version: "
                            + versionReads.stream().map(RequestLog.Entry::path).toList());
        }
    }

    @Test
    void aNewVersionStillReplicatingStartsNoPoolThoughEveryPoolRunsAReadyVersion() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = FleetPassSimTest.fleetAccount(world);
            List<ImageDefinitionId> definitions = fleet(world, account, 30);
            Reconciler engine = world.engine(List.of(account), world.clients.pools());
            engine.reconcileAll();
            world.sim.gallery().addVersion(definitions.get(0).toString(), "1.1.0", world.regions(), false);
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();

            assertEquals(0, report.summary().rolling(), report.summary().line());
            assertEquals(10, report.decisions().stream().filter(d -> d.phase().equals("BLOCKED")
                    && d.reason().contains("1.1.0") && d.reason().contains("replicating")).count(),
                    "the 10 pools of def0 are blocked by the fresh read: " + report.decisions());
            assertEquals(1, world.sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Get")
                    && e.path().endsWith("/versions/1.1.0")), world.sim.requests().countsByOperation().toString());
        }
    }
}
