package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.readiness.NodeAgentFamily;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.core.rollout.PoolReads;
import io.batchrollout.core.rollout.FleetReads;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutView;
import io.batchrollout.core.rollout.waves.ImageWaves;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchPools;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The drift report: reads, never writes. Cost for N managed pools: one pool list per account (plus the account once
 * per process), and one resolver call per distinct (tracked definition, account region and subscription, replicas the
 * pool size needs, node agent family): the inputs the readiness gate reads, so pools sharing them share the answer.
 * Pinned pools cost no image read: the pin is the desired version.
 */
public final class DriftReporter {
    private final List<BatchAccountId> accounts;
    private final BatchPools pools;
    private final BatchAccountCache accountCache;
    private final ImageResolver resolver;
    private final ReplicaRule replicas;
    private int maxRolloutsPerImage = ImageWave.DEFAULT_LIMIT;

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
        DriftReporter copy = new DriftReporter(accounts, pools, accountCache, resolver, replicas);
        copy.maxRolloutsPerImage = limit;
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
        warm(images, seen);
        for (Map.Entry<BatchAccount, List<Pool>> accountPools : seen) {
            for (Pool pool : accountPools.getValue()) {
                RolloutPolicy.of(pool).ifPresent(policy -> entries.add(entry(accountPools.getKey(), pool, policy, reads,
                        images, waves)));
            }
        }
        return new DriftReport(entries, notRead, reads.size());
    }

    private DriftEntry entry(BatchAccount account, Pool pool, RolloutPolicy policy, Map<String, Read> reads,
                             ImageResolver images, ImageWaves waves) {
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
        return new DriftEntry(pool.id(), policy, current, Optional.of(desired),
                inSync ? DriftEntry.Status.IN_SYNC : DriftEntry.Status.DRIFTED, view, blocked, holds);
    }

    /** The gallery reads of every tracked definition, per account's region, side by side (see {@link FleetReads}). */
    private static void warm(ImageResolver images, List<Map.Entry<BatchAccount, List<Pool>>> seen) {
        Map<String, java.util.concurrent.Callable<Object>> reads = new java.util.LinkedHashMap<>();
        for (Map.Entry<BatchAccount, List<Pool>> accountPools : seen) {
            for (Pool pool : accountPools.getValue()) {
                RolloutPolicy.of(pool).filter(p -> p.image() instanceof ImageRef.Tracked).ifPresent(policy ->
                        reads.putIfAbsent(policy.image() + "|" + accountPools.getKey().id(),
                                () -> resolve(images, policy, PoolReads.target(accountPools.getKey(), pool))));
            }
        }
        FleetReads.inParallel(List.copyOf(reads.values()), 8);
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
