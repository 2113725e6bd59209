package io.batchrollout.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.capacity.VmSkuCatalog;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.drift.DriftReporter;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.PassReport;
import io.batchrollout.core.rollout.Reconciler;
import io.batchrollout.port.BatchPools;
import io.batchrollout.sim.FaultInjector;
import io.batchrollout.sim.FaultRule;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The cost of a pass over a fleet (issue 8): 3 Batch accounts, 20 image definitions, N managed pools of mixed sizes,
 * fixed and autoscaled, at rest; then 5 definitions publish a new version. For N = 500, 1,500 and 5,000, prints the
 * requests by operation and the wall time of one pass at rest, one drift report and the pass in which rollouts start.
 *
 * <p>Two engines are measured in the same run, each on a freshly seeded simulator. "now" is the engine as built, at
 * 50 ms injected latency on every request. "baseline" is the engine as it was before issue 8, restored through
 * benchmark-only switches: pool lists with the service's default page (the simulator's 10: the old adapter sent no
 * maxresults), gallery reads shared only between pools of the same size (the old per-pass cache), a "waiting to roll"
 * record written on each waiting pool ({@link ImageWave#RECORD_WAITING_FOR_BASELINE}), one write at a time. Its request
 * counts are exact; its wall time is measured without injected latency unless {@code -Dbench.baselineLatency=true}
 * (at 50 ms the baseline alone takes several minutes at 5,000 pools). Pools are seeded straight into the simulator's
 * state (no HTTP), then one warm-up pass fills the process's account cache. Run with `mvn -Pbench`.
 */
public final class FleetBenchmark {
    private static final String SUB = "00000000-0000-0000-0000-00000000f1ee";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOCATIONS = List.of("northeurope", "westeurope", "eastus");
    private static final int DEFINITIONS = 20;
    private static final int NEW_VERSIONS = 5;
    private static final Duration LATENCY = Duration.ofMillis(50);

    public static void main(String[] args) {
        List<Integer> sizes = args.length > 0 ? List.of(args[0].split(",")).stream().map(Integer::parseInt).toList()
                : List.of(500, 1_500, 5_000);
        boolean baselineLatency = Boolean.getBoolean("bench.baselineLatency");
        System.out.println("Fleet pass cost on the simulated Azure: 3 accounts, " + DEFINITIONS + " definitions, "
                + "mixed fixed/autoscaled pools at rest; then " + NEW_VERSIONS + " definitions publish 1.1.0");
        System.out.println("now: " + LATENCY.toMillis() + " ms injected per request; baseline: "
                + (baselineLatency ? LATENCY.toMillis() + " ms injected" : "no injected latency (request counts exact, "
                + "wall time not comparable)"));
        System.out.printf(Locale.ROOT, "%-9s %6s %-14s %9s %9s  %s%n", "engine", "pools", "measured", "requests", "wall ms",
                "requests by operation");
        for (int pools : sizes) {
            run("baseline", pools, true, baselineLatency);
            run("now", pools, false, true);
        }
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }

    private static void run(String engine, int poolCount, boolean baseline, boolean latency) {
        ImageWave.RECORD_WAITING_FOR_BASELINE = baseline;
        try (SimulatedAzure sim = SimulatedAzure.start(0)) {
            Fleet fleet = seed(sim, poolCount);
            AzureClients clients = AzureClients.create(sim.target());
            Clock clock = sim.clock().asJavaClock();
            GalleryImageResolver gallery = new GalleryImageResolver(clients.gallery(), clients.providers(),
                    new ReadinessGate(300), g -> true, clock);
            // The baseline's resolver hides forPass(): each (definition, size) key reads the gallery on its own.
            ImageResolver resolver = baseline ? gallery::resolve : gallery;
            BatchPools pools = baseline ? defaultPages(clients.pools()) : clients.pools();
            BatchAccountCache accounts = new BatchAccountCache(pools);
            Reconciler reconciler = new Reconciler(fleet.accounts, pools, clients.nodes(), clients.jobs(), accounts,
                    new CapacityReader(pools, new VmSkuCatalog(clients.vmSkus(), clock), clients.usages()), resolver,
                    HealthGate.defaults(), clock, line -> { })
                    .withPassLimits(baseline ? Reconciler.PassLimits.sequential()
                            : new Reconciler.PassLimits(8, Duration.ofMinutes(3), System::nanoTime, clients::requestsSent));
            DriftReporter drift = new DriftReporter(fleet.accounts, pools, accounts, resolver, new ReplicaRule(300))
                    .withMaxRolloutsPerImage(1);
            reconciler.reconcileAll();
            if (latency) {
                sim.faults().add("*", new FaultInjector.Fault.Latency(LATENCY), FaultRule.Rate.always(),
                        new FaultRule.Lifetime(Optional.empty(), Optional.empty(), Optional.empty()), Instant.MIN);
            }
            measure(sim, engine, poolCount, "pass at rest", () -> summary(reconciler.reconcileAll()));
            measure(sim, engine, poolCount, "drift report", () -> drift.report().pools().size() + " entries");
            for (int i = 0; i < NEW_VERSIONS; i++) {
                sim.gallery().addVersion(fleet.definitions.get(i).toString(), "1.1.0", fleet.regions, true);
            }
            measure(sim, engine, poolCount, "rollout pass", () -> summary(reconciler.reconcileAll()));
        } finally {
            ImageWave.RECORD_WAITING_FOR_BASELINE = false;
        }
    }

    private static String summary(PassReport report) {
        return report.summary().line();
    }

    private static void measure(SimulatedAzure sim, String engine, int pools, String what, Supplier<String> pass) {
        sim.requests().clear();
        long start = System.nanoTime();
        String said = pass.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        Map<String, Long> byOperation = new TreeMap<>(sim.requests().countsByOperation());
        long total = byOperation.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%-9s %6d %-14s %9d %9d  %s%n", engine, pools, what, total, ms, byOperation);
        System.out.println("          " + said);
    }

    private record Fleet(List<BatchAccountId> accounts, List<ImageDefinitionId> definitions, List<SimTargetRegion> regions) {
    }

    /**
     * Three accounts (one per region), a gallery replicating 1.0.0 of 20 definitions to the three regions, and
     * {@code count} pools spread round-robin over accounts and definitions: sizes 0 to 12 nodes, every fourth pool
     * autoscaled, all on 1.0.0 and tracking their definition in place (every tenth blue-green).
     */
    private static Fleet seed(SimulatedAzure sim, int count) {
        List<SimTargetRegion> regions = List.of(new SimTargetRegion("North Europe", 1, false),
                new SimTargetRegion("West Europe", 1, false), new SimTargetRegion("East US", 1, false));
        sim.gallery().addGallery(SUB, "img-rg", "fleetgallery", "westeurope");
        GalleryId gallery = GalleryId.parse("/subscriptions/" + SUB + "/resourceGroups/img-rg/providers/Microsoft.Compute/"
                + "galleries/fleetgallery");
        List<ImageDefinitionId> definitions = new ArrayList<>();
        for (int d = 0; d < DEFINITIONS; d++) {
            sim.gallery().addImageDefinition(gallery.toString(), "image" + d, "Linux", "Generalized", "V2");
            definitions.add(gallery.image("image" + d));
            sim.gallery().addVersion(gallery.image("image" + d).toString(), "1.0.0", regions, true);
        }
        List<BatchAccountId> accounts = new ArrayList<>();
        for (int a = 0; a < LOCATIONS.size(); a++) {
            sim.batch().addAccount(SUB, "batch-rg", "fleet" + a, LOCATIONS.get(a), 10_000_000, 0);
            BatchAccountId id = BatchAccountId.parse("/subscriptions/" + SUB + "/resourceGroups/batch-rg/providers/"
                    + "Microsoft.Batch/batchAccounts/fleet" + a);
            sim.batch().setPoolQuota(id.toString(), 100_000);
            accounts.add(id);
        }
        int[] sizes = {0, 1, 2, 3, 5, 8, 12};
        for (int i = 0; i < count; i++) {
            ImageDefinitionId definition = definitions.get(i % DEFINITIONS);
            RolloutStrategy strategy = i % 10 == 9 ? RolloutStrategy.BLUE_GREEN : RolloutStrategy.IN_PLACE;
            ObjectNode body = poolBody(definition, sizes[i % sizes.length], i % 4 == 3,
                    new RolloutPolicy(new ImageRef.Tracked(definition), strategy).toMetadata());
            sim.batch().seedPool(accounts.get(i % accounts.size()).toString(), String.format(Locale.ROOT, "pool-%05d", i), body);
        }
        sim.advance(Duration.ofMinutes(15));
        return new Fleet(accounts, definitions, regions);
    }

    private static ObjectNode poolBody(ImageDefinitionId definition, int nodes, boolean autoscaled, List<Metadata> policy) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode props = body.putObject("properties");
        props.put("vmSize", "Standard_D2s_v3");
        ObjectNode vm = props.putObject("deploymentConfiguration").putObject("virtualMachineConfiguration");
        vm.putObject("imageReference").put("id", definition.version("1.0.0").toString());
        vm.put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
        ObjectNode scale = props.putObject("scaleSettings");
        if (autoscaled) {
            scale.putObject("autoScale").put("formula", "$TargetDedicatedNodes = " + nodes + ";")
                    .put("evaluationInterval", "PT5M");
        } else {
            scale.putObject("fixedScale").put("targetDedicatedNodes", nodes).put("resizeTimeout", "PT15M");
        }
        ArrayNode metadata = props.putArray("metadata");
        metadata.addObject().put("name", "team").put("value", "render");
        policy.forEach(m -> metadata.addObject().put("name", m.name()).put("value", m.value()));
        return body;
    }

    /** The old adapter's list: no maxresults, so the service's default page (the simulator's 10 pools). */
    private static BatchPools defaultPages(BatchPools real) {
        return (BatchPools) Proxy.newProxyInstance(BatchPools.class.getClassLoader(), new Class<?>[]{BatchPools.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list") && args != null && args.length == 1) {
                        List<io.batchrollout.core.model.Pool> all = new ArrayList<>();
                        Optional<String> next = Optional.empty();
                        do {
                            var page = real.listPage((BatchAccountId) args[0], next, 10);
                            all.addAll(page.pools());
                            next = page.nextLink();
                        } while (next.isPresent());
                        return all;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
