package io.batchrollout.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.drift.DriftReport;
import io.batchrollout.core.rollout.drift.DriftReporter;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.sim.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, items 3 and 4: a pass observes in bulk and writes only steps, and fits its time. Pools are seeded straight
 * into the simulator's state (as the fleet benchmark does); the engine talks to it through the real adapters.
 */
class FleetPassSimTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GALLERY_OPS = "Gallery";

    /** A second account with room for a fleet (the world's own has 500 cores). */
    static BatchAccountId fleetAccount(RolloutWorld world) {
        world.sim.batch().addAccount(RolloutWorld.SUB, "batch-rg", "fleet", "northeurope", 10_000_000, 0);
        BatchAccountId id = BatchAccountId.parse("/subscriptions/" + RolloutWorld.SUB
                + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/fleet");
        world.sim.batch().setPoolQuota(id.toString(), 10_000);
        return id;
    }

    static void seed(RolloutWorld world, BatchAccountId account, String name, ImageDefinitionId definition,
                             int nodes) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode props = body.putObject("properties");
        props.put("vmSize", "Standard_D2s_v3");
        ObjectNode vm = props.putObject("deploymentConfiguration").putObject("virtualMachineConfiguration");
        vm.putObject("imageReference").put("id", definition.version("1.0.0").toString());
        vm.put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
        props.putObject("scaleSettings").putObject("fixedScale").put("targetDedicatedNodes", nodes)
                .put("resizeTimeout", "PT15M");
        ArrayNode metadata = props.putArray("metadata");
        new RolloutPolicy(new ImageRef.Tracked(definition), RolloutStrategy.IN_PLACE).toMetadata()
                .forEach(m -> metadata.addObject().put("name", m.name()).put("value", m.value()));
        world.sim.batch().seedPool(account.toString(), name, body);
    }

    private static Map<String, Long> requestsOfOnePassAtRest(int pools) {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = fleetAccount(world);
            List<ImageDefinitionId> definitions = List.of(world.definition("alpha"), world.definition("beta"));
            for (int i = 0; i < pools; i++) {
                // Many sizes (as a fleet of autoscaled pools has): the reads must not follow the sizes. All within what the
                // version's one replica serves, so every pool is in sync (a pool too large for it is blocked, and its
                // verdict is read with replication status, still once per definition).
                seed(world, account, "pool-" + i, definitions.get(i % 2), i % 300);
            }
            Reconciler engine = world.engine(List.of(account), world.clients.pools());
            engine.reconcileAll();
            world.sim.requests().clear();
            engine.reconcileAll();
            return world.sim.requests().countsByOperation();
        }
    }

    @Test
    void aPassAtRestCostsTheSameRequestsFor50And500PoolsExceptListPages() {
        Map<String, Long> small = requestsOfOnePassAtRest(50);
        Map<String, Long> large = requestsOfOnePassAtRest(500);

        assertEquals(withoutLists(small), withoutLists(large), "50 pools: " + small + "; 500 pools: " + large);
        assertEquals(1L, large.get("Pool_ListByBatchAccount"), "500 pools fit one page of 1,000: " + large);
        long gallery = large.entrySet().stream().filter(e -> e.getKey().startsWith(GALLERY_OPS))
                .mapToLong(Map.Entry::getValue).sum();
        long versionsRead = large.getOrDefault("GalleryImageVersions_Get", 0L);
        assertTrue(gallery <= 2 * 2 + versionsRead && versionsRead <= 2 * GalleryImageResolverMaxCandidates.VALUE,
                "at most 2 reads per definition plus the versions read: " + large);
        assertEquals(0L, versionsRead, "every pool runs the newest listed version: " + large);
        assertEquals(0, large.keySet().stream().filter(op -> op.startsWith("Pool_Update") || op.startsWith("Pool_Get"))
                .count(), "no per-pool call at rest: " + large);
    }

    /** GalleryImageResolver reads at most this many candidate versions per definition. */
    private static final class GalleryImageResolverMaxCandidates {
        static final int VALUE = io.batchrollout.core.readiness.GalleryImageResolver.DEFAULT_MAX_CANDIDATES;
    }

    private static Map<String, Long> withoutLists(Map<String, Long> counts) {
        Map<String, Long> rest = new HashMap<>(counts);
        rest.remove("Pool_ListByBatchAccount");
        return rest;
    }

    @Test
    void aNewVersionOnManyDefinitionsCostsWritesOnlyForThePoolsThatStartNow() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = fleetAccount(world);
            List<ImageDefinitionId> definitions = new ArrayList<>();
            for (String name : List.of("d0", "d1", "d2", "d3")) {
                definitions.add(world.definition(name));
            }
            for (int i = 0; i < 40; i++) {
                seed(world, account, "pool-" + i, definitions.get(i % 4), 1 + i % 3);
            }
            world.sim.advance(Duration.ofMinutes(15));
            Reconciler engine = world.engine(List.of(account), world.clients.pools());
            engine.reconcileAll();
            definitions.forEach(d -> world.addVersion(d, "1.1.0"));
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();

            List<RequestLog.Entry> writes = world.sim.requests().entries().stream().filter(RequestLog.Entry::isWrite).toList();
            assertEquals(4, report.summary().rolling(), report.summary().line());
            assertEquals(36, report.decisions().stream().filter(d -> d.reason().startsWith("waiting to roll")).count());
            assertEquals(4, writes.size(), "one write per pool that starts (one per definition), none per waiting pool: "
                    + writes.stream().map(e -> e.operation() + " " + e.path()).toList());
            DriftReport drift = new DriftReporter(List.of(account), world.clients.pools(), world.accounts, world.resolver,
                    new io.batchrollout.core.readiness.ReplicaRule(300)).report();
            assertEquals(36, drift.pools().stream().filter(e -> e.holds().stream()
                    .anyMatch(h -> h.startsWith("waiting to roll to 1.1.0"))).count(),
                    "the drift report derives who waits, nothing on the pools says it");
        }
    }

    @Test
    void aPassOverItsDeadlineDefersTheRestAndTheNextPassDecidesTheDeferredFirst() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = fleetAccount(world);
            ImageDefinitionId definition = world.definition("slow");
            for (int i = 0; i < 30; i++) {
                seed(world, account, "pool-" + i, definition, i % 3);
            }
            // Every look at the clock is one second later: the pass decides 9 pools within its 10 seconds.
            AtomicLong seconds = new AtomicLong();
            Reconciler engine = world.engine(List.of(account), world.clients.pools())
                    .withPassLimits(new Reconciler.PassLimits(1, Duration.ofSeconds(10),
                            () -> Duration.ofSeconds(seconds.incrementAndGet()).toNanos(), () -> -1));

            PassReport first = engine.reconcileAll();
            Set<String> deferred = names(first, true);
            PassReport second = engine.reconcileAll();

            assertEquals(21, first.summary().deferred(), first.summary().line());
            assertEquals(21, deferred.size());
            assertTrue(first.summary().line().contains("deferred=21"), first.summary().line());
            Set<String> decidedNext = names(second, false);
            assertEquals(9, decidedNext.size());
            assertTrue(deferred.containsAll(decidedNext), "the second pass decides pools the first deferred: "
                    + decidedNext + " not all in " + deferred);
        }
    }

    private static Set<String> names(PassReport report, boolean deferred) {
        return report.decisions().stream().filter(d -> PassSummary.isDeferred(d) == deferred)
                .map(d -> d.pool().poolName()).collect(Collectors.toSet());
    }

    @Test
    void aThrottledPoolUpdateWithRetryAfterSlowsThePassButDoesNotFailIt() {
        try (RolloutWorld world = new RolloutWorld()) {
            ImageDefinitionId definition = world.definition("throttled");
            world.pool("busy", definition, 1);
            world.pool("quiet", world.definition("other"), 1);
            Reconciler engine = world.engine().withPassLimits(new Reconciler.PassLimits(8, Duration.ofMinutes(3),
                    System::nanoTime, world.clients::requestsSent));
            engine.reconcileAll();
            world.addVersion(definition, "1.1.0");
            world.sim.faults().throttle("Pool_Update", 1, Duration.ofSeconds(1));
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();
            long sent = world.sim.requests().entries().size();

            assertEquals(RolloutPhase.DRAINING, world.state("busy").phase(), report.toString());
            assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() == 429));
            assertEquals(1, world.sim.requests().count(e -> e.operation().equals("Pool_Update") && e.status() < 300));
            assertEquals(0, report.summary().failed(), report.summary().line());
            assertEquals(sent, report.summary().requests(),
                    "the summary counts every request the pass sent, the throttled one included: "
                            + world.sim.requests().entries().stream().map(e -> e.operation() + " " + e.status()).toList());
        }
    }

    @Test
    void manyPoolsVerifyingInOneAccountShareOneAccountWideNodeCountsListInsteadOfOneCallEach() {
        try (RolloutWorld world = new RolloutWorld()) {
            BatchAccountId account = fleetAccount(world);
            ImageDefinitionId definition = world.definition("many");
            for (int i = 0; i < 25; i++) {
                seed(world, account, "pool-" + i, definition, 1);
            }
            world.sim.advance(Duration.ofMinutes(15));
            Reconciler engine = world.engine(List.of(account), world.clients.pools()).withMaxRolloutsPerImage(25);
            engine.reconcileAll();
            world.addVersion(definition, "1.1.0");
            long verifying = 0;
            for (int pass = 0; pass < 30 && verifying < 12; pass++) {
                PassReport report = engine.reconcileAll();
                verifying = report.decisions().stream().filter(d -> d.phase().equals("VERIFYING")).count();
                world.sim.advance(Duration.ofMinutes(1));
            }
            assertTrue(verifying >= 12, "not enough pools verifying: " + verifying);
            world.sim.requests().clear();

            PassReport report = engine.reconcileAll();

            List<RequestLog.Entry> counts = world.sim.requests().entries().stream()
                    .filter(e -> e.operation().equals("Account_ListPoolNodeCounts")).toList();
            assertEquals(3, counts.size(), "25 pools are 3 pages of 10, read once for every pool that verifies: "
                    + counts.stream().map(e -> e.query()).toList());
            assertTrue(counts.stream().noneMatch(e -> e.query() != null && e.query().contains("filter")),
                    "no per-pool filter: " + counts.stream().map(e -> e.query()).toList());
            assertEquals(0, report.summary().failed(), report.summary().line());
        }
    }
}
