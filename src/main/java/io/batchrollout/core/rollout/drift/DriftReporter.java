package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.readiness.DefinitionVersions;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.NodeAgentFamily;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.PoolReads;
import io.batchrollout.core.rollout.DriftCounts;
import io.batchrollout.core.rollout.FleetReads;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import io.batchrollout.core.rollout.waves.ImageWaves;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The drift report: reads, never writes. Cost for N managed pools: one pool list per account (plus the account once
 * per process), and one resolver call per distinct (tracked definition, account region and subscription, replicas the
 * pool size needs, node agent family): the inputs the readiness gate reads, so pools sharing them share the answer.
 * Pinned pools cost no choice of their own: the pin is the desired version. Per image definition the pools name (pinned
 * or tracked), the report
 * also reads the newest {@link #VERSIONS_SHOWN} versions with replication status (definition, list and versions are
 * the pass's shared reads, {@link ImageResolver#forPass()}: the pools' choices read the same ones), so a definition
 * costs at most 2 + {@link #VERSIONS_SHOWN} gallery reads plus the candidates its pools' choices try beyond those,
 * whatever the number of pools.
 */
public final class DriftReporter {
    /** Versions shown per definition, newest first. */
    public static final int VERSIONS_SHOWN = 3;
    /** Gallery reads in flight at once (the definitions' and the pools' choices). */
    private static final int PARALLEL_READS = 8;

    private final List<BatchAccountId> accounts;
    private final BatchPools pools;
    private final BatchAccountCache accountCache;
    private final ImageResolver resolver;
    private final ReplicaRule replicas;
    private int maxRolloutsPerImage = ImageWave.DEFAULT_LIMIT;
    private PhaseDeadline deadlines = PhaseDeadline.of(HealthGate.defaults());
    private Clock clock = Clock.systemUTC();

    public DriftReporter(List<BatchAccountId> accounts, BatchPools pools, BatchAccountCache accountCache,
                         ImageResolver resolver, ReplicaRule replicas) {
        this.accounts = List.copyOf(accounts);
        this.pools = pools;
        this.accountCache = accountCache;
        this.resolver = resolver;
        this.replicas = replicas;
    }

    /** MAX_ROLLOUTS_PER_IMAGE, so that the report says which drifted pools wait for a slot. */
    public DriftReporter withMaxRolloutsPerImage(int limit) {
        DriftReporter copy = copy();
        copy.maxRolloutsPerImage = limit;
        return copy;
    }

    /** VERIFY_GRACE ({@code phaseDeadlines}) and the app's clock, for stuck, days behind and end of life. */
    public DriftReporter withDeadlines(PhaseDeadline phaseDeadlines, Clock now) {
        DriftReporter copy = copy();
        copy.deadlines = phaseDeadlines;
        copy.clock = now;
        return copy;
    }

    private DriftReporter copy() {
        DriftReporter copy = new DriftReporter(accounts, pools, accountCache, resolver, replicas);
        copy.maxRolloutsPerImage = maxRolloutsPerImage;
        copy.deadlines = deadlines;
        copy.clock = clock;
        return copy;
    }

    /** An image read, or why it failed; kept per key for the one report. */
    private record Read(Optional<ImageChoice> choice, String failure) {
    }

    public DriftReport report() {
        List<DriftEntry> entries = new ArrayList<>();
        List<DriftReport.AccountNotRead> notRead = new ArrayList<>();
        Map<String, Read> reads = new HashMap<>();
        ImageResolver images = resolver.forPass();
        List<Map.Entry<BatchAccount, List<Pool>>> seen = new ArrayList<>();
        for (BatchAccountId accountId : accounts) {
            BatchAccount account;
            List<Pool> listed;
            try {
                account = accountCache.get(accountId);
                listed = pools.list(accountId);
            } catch (AzureCallException e) {
                notRead.add(new DriftReport.AccountNotRead(accountId, e.status(), e.code(), e.getMessage()));
                continue;
            }
            seen.add(Map.entry(account, listed));
        }
        // Waiting in a wave is not recorded on the pool: the report derives it from every listed pool, as a pass does.
        ImageWaves waves = ImageWaves.of(seen.stream().flatMap(e -> e.getValue().stream()).toList(), maxRolloutsPerImage,
                notRead.stream().map(n -> n.account().accountName()).toList());
        Instant now = clock.instant();
        Map<String, List<ImageDriftReader.Member>> byDefinition = members(seen);
        Map<String, DefinitionVersions> definitions = warm(images, seen, byDefinition);
        for (Map.Entry<BatchAccount, List<Pool>> accountPools : seen) {
            for (Pool pool : accountPools.getValue()) {
                RolloutPolicy.of(pool).ifPresent(policy -> {
                    DriftEntry entry = entry(accountPools.getKey(), pool, policy, reads, images, waves, now);
                    Optional<OffsetDateTime> endOfLife = Optional.ofNullable(definitions.get(key(policy.image().definition())))
                            .flatMap(d -> d.listedVersion(pool.imageReferenceId())).map(v -> v.endOfLifeDate());
                    entries.add(entry.with(timing(pool, accountPools.getValue(), now), entry.daysBehind(), endOfLife));
                });
            }
        }
        List<ImageDrift> imageDrift = new ArrayList<>();
        byDefinition.forEach((key, members) -> imageDrift.add(ImageDriftReader.of(definitions.get(key), members,
                replicas, now)));
        return new DriftReport(entries, notRead, reads.size(), imageDrift, now);
    }

    /** Managed pools by the definition their policy names (pinned or tracked), in the order first named. */
    private static Map<String, List<ImageDriftReader.Member>> members(List<Map.Entry<BatchAccount, List<Pool>>> seen) {
        Map<String, List<ImageDriftReader.Member>> members = new LinkedHashMap<>();
        for (Map.Entry<BatchAccount, List<Pool>> accountPools : seen) {
            for (Pool pool : accountPools.getValue()) {
                RolloutPolicy.of(pool).ifPresent(policy -> members.computeIfAbsent(key(policy.image().definition()),
                        k -> new ArrayList<>()).add(new ImageDriftReader.Member(accountPools.getKey(), pool)));
            }
        }
        return members;
    }

    private static String key(ImageDefinitionId definition) {
        return definition.toString().toLowerCase(Locale.ROOT);
    }

    /** The phase deadline; a blue-green pool's candidate is found in its account's list (no read of its own). */
    private PhaseDeadline.Timing timing(Pool pool, List<Pool> listed, Instant now) {
        if (!(RolloutView.of(pool.metadata()) instanceof RolloutView.Known known)) {
            return PhaseDeadline.Timing.NONE;
        }
        return deadlines.timing(pool, known.state(), listed, now);
    }

    private DriftEntry entry(BatchAccount account, Pool pool, RolloutPolicy policy, Map<String, Read> reads,
                             ImageResolver images, ImageWaves waves, Instant now) {
        RolloutView view = RolloutView.of(pool.metadata());
        List<String> holds = new ArrayList<>();
        Optional<RolloutState> state = view instanceof RolloutView.Known known ? Optional.of(known.state()) : Optional.empty();
        state.filter(RolloutState::paused).ifPresent(s -> holds.add("paused by an operator in phase " + s.phase()));
        state.filter(TamperedState::isTampered).flatMap(RolloutState::lastDecision).ifPresent(holds::add);
        if (view instanceof RolloutView.Unreadable unreadable) {
            holds.add(unreadable.reason());
        }
        String current = pool.imageReferenceId();
        if (policy.image() instanceof ImageRef.Pinned pinned) {
            String pin = pinned.version().toString();
            boolean inSync = pin.equalsIgnoreCase(current);
            if (!inSync) {
                holds.add("pinned to " + pinned.version().versionName() + ": never rolled automatically");
            }
            return new DriftEntry(pool.id(), policy, current, Optional.of(pin),
                    inSync ? DriftEntry.Status.IN_SYNC : DriftEntry.Status.DRIFTED, view, List.of(), holds);
        }
        PoolTarget target = PoolReads.target(account, pool);
        Read read = reads.computeIfAbsent(key(policy, target), k -> resolve(images, policy, target));
        if (read.choice().isEmpty()) {
            holds.add(read.failure());
            return new DriftEntry(pool.id(), policy, current, Optional.empty(), DriftEntry.Status.UNKNOWN, view, List.of(), holds);
        }
        if (read.choice().get() instanceof ImageChoice.NotReady notReady) {
            return new DriftEntry(pool.id(), policy, current, Optional.empty(), DriftEntry.Status.UNKNOWN, view,
                    notReady.reasons(), holds);
        }
        ImageChoice.Ready ready = (ImageChoice.Ready) read.choice().get();
        String desired = ready.version().id().toString();
        boolean inSync = desired.equalsIgnoreCase(current);
        String name = ready.version().id().versionName();
        if (!inSync && state.filter(s -> s.isRejected(name)).isPresent()) {
            holds.add(name + " failed the health gate on this pool (or was rolled back by an operator) and is not tried "
                    + "again until a newer version appears or an operator retries it");
        }
        if (!inSync && state.filter(s -> !s.phase().inProgress()).isPresent()) {
            waves.of(policy.image().definition()).holdBack(pool.id(), name).ifPresent(held -> holds.add(held.now()));
        }
        List<Reason> blocked = ready.newerNotReady();
        Optional<Long> behind = inSync ? Optional.empty() : DriftCounts.daysBehind(ready.version().publishedDate(), now);
        return new DriftEntry(pool.id(), policy, current, Optional.of(desired),
                inSync ? DriftEntry.Status.IN_SYNC : DriftEntry.Status.DRIFTED, view, blocked, holds,
                PhaseDeadline.Timing.NONE, behind, Optional.empty());
    }

    /**
     * The gallery reads side by side (see {@link FleetReads}): each definition's newest versions, judged for the largest
     * pool of each account, and each tracked definition's choice per account. A definition that cannot be read is
     * reported with Azure's answer.
     */
    private static Map<String, DefinitionVersions> warm(ImageResolver images, List<Map.Entry<BatchAccount, List<Pool>>> seen,
                                                        Map<String, List<ImageDriftReader.Member>> byDefinition) {
        Map<String, Callable<Object>> reads = new LinkedHashMap<>();
        byDefinition.forEach((key, members) -> {
            ImageDefinitionId id = RolloutPolicy.of(members.get(0).pool()).orElseThrow().image().definition();
            List<PoolTarget> targets = ImageDriftReader.largestPerAccount(members).stream()
                    .map(ImageDriftReader.Member::target).toList();
            reads.put("definition|" + key, () -> {
                try {
                    return images.newestVersions(id, VERSIONS_SHOWN, targets);
                } catch (AzureCallException e) {
                    return DefinitionVersions.notRead(id, "not read: Azure answered " + e.status() + " " + e.code()
                            + "; the next report tries again");
                }
            });
        });
        for (Map.Entry<BatchAccount, List<Pool>> accountPools : seen) {
            for (Pool pool : accountPools.getValue()) {
                RolloutPolicy.of(pool).filter(p -> p.image() instanceof ImageRef.Tracked).ifPresent(policy ->
                        reads.putIfAbsent(policy.image() + "|" + accountPools.getKey().id(),
                                () -> resolve(images, policy, PoolReads.target(accountPools.getKey(), pool))));
            }
        }
        List<String> keys = List.copyOf(reads.keySet());
        List<Object> answers = FleetReads.inParallel(List.copyOf(reads.values()), PARALLEL_READS);
        Map<String, DefinitionVersions> definitions = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).startsWith("definition|")) {
                definitions.put(keys.get(i).substring("definition|".length()), (DefinitionVersions) answers.get(i));
            }
        }
        return definitions;
    }

    private static Read resolve(ImageResolver images, RolloutPolicy policy, PoolTarget target) {
        try {
            return new Read(Optional.of(images.resolve(policy.image(), target)), "");
        } catch (AzureCallException e) {
            return new Read(Optional.empty(), "the image was not read: Azure answered " + e.status() + " " + e.code()
                    + "; the next report tries again");
        }
    }

    /** What the readiness gate reads of a pool and its account; nothing else varies its answer. */
    private String key(RolloutPolicy policy, PoolTarget target) {
        ReplicaRule.Requirement requirement = replicas.requirementFor(target.totalNodes());
        String size = requirement instanceof ReplicaRule.TooLarge ? "too-large" : Integer.toString(requirement.replicasNeeded());
        return String.join("|", policy.image().definition().toString().toLowerCase(Locale.ROOT),
                RegionName.normalize(target.account().location()), target.account().id().subscriptionId().toLowerCase(Locale.ROOT),
                size, NodeAgentFamily.of(target.nodeAgentSkuId()).name());
    }

}
