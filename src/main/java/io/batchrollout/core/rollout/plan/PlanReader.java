package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.DefinitionVersions;
import io.batchrollout.core.readiness.GalleryImageResolver;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.NodeAgentFamily;
import io.batchrollout.core.readiness.PassGalleryReads;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.ReadinessGate;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.FleetReads;
import io.batchrollout.core.rollout.PoolReads;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchNodes;
import io.batchrollout.port.BatchPools;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.port.ResourceProviders;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Reads what the {@link Planner} needs, as a pass does, and never writes. Cost: the definition, its version list and
 * the version (with replication status) once each; one pool list per configured account, side by side (the account
 * once per process); a provider registration read only for a gallery in another subscription. Then, only for the pools
 * the plan would roll: the node counts of in-place pools (one account-wide list per account when more than one of its
 * pools needs them) and the capacity of each account holding a blue-green pool (account, sizes, usages as the pass's
 * quota check reads them). The gate runs per pool in memory, once per distinct region, subscription, size and agent.
 */
public final class PlanReader {
    private static final int PARALLEL_LISTS = 4;

    private final List<BatchAccountId> accounts;
    private final BatchPools pools;
    private final BatchNodes nodes;
    private final BatchAccountCache accountCache;
    private final CapacityReader capacity;
    private final ImageGallery gallery;
    private final ResourceProviders providers;
    private final ReadinessGate gate;
    private final Predicate<GalleryId> galleryAllowed;
    private final Clock clock;
    private final int limit;
    private final Duration verifyGrace;

    public PlanReader(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, BatchAccountCache accountCache,
                      CapacityReader capacity, ImageGallery gallery, ResourceProviders providers, ReadinessGate gate,
                      Predicate<GalleryId> galleryAllowed, Clock clock, int limit, Duration verifyGrace) {
        this.accounts = List.copyOf(accounts);
        this.pools = pools;
        this.nodes = nodes;
        this.accountCache = accountCache;
        this.capacity = capacity;
        this.gallery = gallery;
        this.providers = providers;
        this.gate = gate;
        this.galleryAllowed = galleryAllowed;
        this.clock = clock;
        this.limit = limit;
        this.verifyGrace = verifyGrace;
    }

    /**
     * @param versionName a version name of the definition, or empty for its newest (highest Major.Minor.Patch)
     * @throws AzureCallException when Azure refuses a read the whole plan needs (the gallery); an account that cannot be
     *                            listed is named in the plan instead
     */
    public PlanOutcome plan(ImageDefinitionId definition, Optional<String> versionName) {
        if (!galleryAllowed.test(definition.gallery())) {
            return new PlanOutcome.GalleryNotAllowed(definition.gallery());
        }
        PassGalleryReads reads = new PassGalleryReads(gallery);
        if (reads.imageDefinition(definition).isEmpty()) {
            return new PlanOutcome.DefinitionNotFound(definition);
        }
        List<ImageVersion> newestFirst = reads.versions(definition).stream()
                .filter(v -> SemanticVersion.parse(v.id().versionName()).isPresent())
                .sorted(DefinitionVersions.NEWEST_FIRST)
                .toList();
        List<String> names = newestFirst.stream().limit(5).map(v -> v.id().versionName()).toList();
        Optional<ImageVersion> listed = versionName.isPresent()
                ? newestFirst.stream().filter(v -> v.id().versionName().equalsIgnoreCase(versionName.get())).findFirst()
                : newestFirst.stream().findFirst();
        Optional<ImageVersion> version = listed.flatMap(v -> reads.version(v.id()));
        if (version.isEmpty()) {
            return new PlanOutcome.VersionNotFound(definition, versionName.orElse(""), names);
        }
        Fleet fleet = listFleet();
        PlanFacts facts = new PlanFacts(definition, version.get(), fleet.everyPool(), fleet.accounts(), fleet.unread(),
                limit, verifyGrace, gate.replicaRule(), gateVerdicts(reads, definition, version.get(), fleet),
                Map.of(), Map.of(), Map.of()).withListed(newestFirst);
        // The node counts and quotas are read only for the pools the plan would roll: a first plan says which.
        RolloutPlan first = Planner.plan(facts);
        Map<String, Pool> byKey = new HashMap<>();
        fleet.everyPool().forEach(p -> byKey.put(PlanFacts.key(p.id()), p));
        Map<String, List<Pool>> inPlaceByAccount = new LinkedHashMap<>();
        Map<String, BatchAccountId> blueGreenAccounts = new LinkedHashMap<>();
        for (RolloutPlan.PoolPlan p : first.pools()) {
            if (p.action() == RolloutPlan.Action.SKIP) {
                continue;
            }
            if (p.strategy() == RolloutStrategy.BLUE_GREEN) {
                blueGreenAccounts.putIfAbsent(PlanFacts.key(p.account()), p.account());
            } else {
                inPlaceByAccount.computeIfAbsent(PlanFacts.key(p.account()), k -> new ArrayList<>()).add(byKey.get(PlanFacts.key(p.pool())));
            }
        }
        Map<String, NodeCounts> counts = nodeCounts(fleet, inPlaceByAccount);
        Map<String, Capacity> capacities = new HashMap<>();
        Map<String, String> failures = new HashMap<>();
        blueGreenAccounts.forEach((key, id) -> {
            try {
                capacities.put(key, capacity.read(id));
            } catch (AzureCallException e) {
                failures.put(key, "Azure answered " + e.status() + " " + e.code() + " reading the account's capacity");
            }
        });
        return new PlanOutcome.Planned(Planner.plan(facts.withRollReads(counts, capacities, failures)),
                new PlanOutcome.PlanCost(fleet.accounts().size(), inPlaceByAccount.values().stream().mapToInt(List::size).sum(),
                        blueGreenAccounts.size()));
    }

    private record Fleet(List<Pool> everyPool, Map<String, BatchAccount> accounts, List<String> unread) {
    }

    private Fleet listFleet() {
        record Listing(BatchAccountId id, BatchAccount account, List<Pool> listed, AzureCallException failed) {
        }
        List<Callable<Listing>> lists = accounts.stream().<Callable<Listing>>map(id -> () -> {
            try {
                return new Listing(id, accountCache.get(id), pools.list(id), null);
            } catch (AzureCallException e) {
                return new Listing(id, null, List.of(), e);
            }
        }).toList();
        List<Pool> everyPool = new ArrayList<>();
        Map<String, BatchAccount> listedAccounts = new HashMap<>();
        List<String> unread = new ArrayList<>();
        for (Listing listing : FleetReads.inParallel(lists, PARALLEL_LISTS)) {
            if (listing.failed() != null) {
                unread.add(listing.id().accountName());
                continue;
            }
            everyPool.addAll(listing.listed());
            listedAccounts.put(PlanFacts.key(listing.id()), listing.account());
        }
        return new Fleet(everyPool, listedAccounts, unread);
    }

    /** The gate's verdict on the version for each pool naming the definition, shared by pools the gate cannot tell apart. */
    private Map<String, List<Reason>> gateVerdicts(PassGalleryReads reads, ImageDefinitionId definition, ImageVersion version,
                                                   Fleet fleet) {
        GalleryImageResolver resolver = new GalleryImageResolver(reads, providers, gate, galleryAllowed, clock);
        Map<String, List<Reason>> byInputs = new HashMap<>();
        Map<String, List<Reason>> byPool = new HashMap<>();
        for (Pool pool : fleet.everyPool()) {
            BatchAccount account = fleet.accounts().get(PlanFacts.key(pool.id().account()));
            boolean names = RolloutPolicy.of(pool).filter(p -> p.image().definition().toString()
                    .equalsIgnoreCase(definition.toString())).isPresent();
            if (!names || account == null) {
                continue;
            }
            PoolTarget target = PoolReads.target(account, pool);
            String inputs = String.join("|", RegionName.normalize(account.location()),
                    account.id().subscriptionId().toLowerCase(Locale.ROOT),
                    Integer.toString(gate.replicaRule().replicasNeeded(target.totalNodes())),
                    NodeAgentFamily.of(target.nodeAgentSkuId()).name());
            byPool.put(PlanFacts.key(pool.id()), byInputs.computeIfAbsent(inputs, k ->
                    resolver.resolve(new ImageRef.Pinned(version.id()), target) instanceof ImageChoice.NotReady notReady
                            ? notReady.reasons() : List.of()));
        }
        return byPool;
    }

    /** Per account: one account-wide list when more than one pool needs counts and the adapter offers it. */
    private Map<String, NodeCounts> nodeCounts(Fleet fleet, Map<String, List<Pool>> byAccount) {
        Map<String, NodeCounts> counts = new HashMap<>();
        byAccount.forEach((accountKey, needing) -> {
            BatchAccount account = fleet.accounts().get(accountKey);
            try {
                if (needing.size() > 1) {
                    try {
                        Map<String, NodeCounts> all = nodes.nodeCountsOfAccount(account);
                        for (Pool pool : needing) {
                            counts.put(PlanFacts.key(pool.id()), all.entrySet().stream()
                                    .filter(e -> e.getKey().equalsIgnoreCase(pool.id().poolName())).map(Map.Entry::getValue)
                                    .findFirst().orElse(new NodeCounts(pool.id().poolName(), NodeCounts.StateCounts.NONE,
                                            NodeCounts.StateCounts.NONE)));
                        }
                        return;
                    } catch (UnsupportedOperationException notOffered) {
                        // asked per pool below
                    }
                }
                for (Pool pool : needing) {
                    counts.put(PlanFacts.key(pool.id()), nodes.nodeCounts(account, pool.id().poolName()));
                }
            } catch (AzureCallException unread) {
                // The estimate then says the counts were not read; the plan does not fail for them.
            }
        });
        return counts;
    }
}
