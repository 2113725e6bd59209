package io.batchrollout.core.pools;

import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.rollout.bluegreen.PoolGroups;
import io.batchrollout.core.rollout.state.RolloutView;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.BatchNodes;
import io.batchrollout.port.BatchPools;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.drift.WaveStanding;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import java.time.Clock;
import io.batchrollout.core.rollout.promotion.BakeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads managed pools for the API. One pool: the pool (ARM), its account (once per process) and its node counts
 * (data plane, filtered to the pool). A list: ARM pages only, never the data plane per pool. Built once per process.
 * Azure failures surface as {@link AzureCallException}, except on the account read and node counts, which only
 * feed the node counts: those are then reported unavailable, with the reason.
 */
public final class PoolStatusReader {
    private final BatchPools pools;
    private final BatchNodes nodes;
    private final BatchAccountCache accounts;
    private final ManagedPoolLister lister;
    private final String resourceManagerEndpoint;
    private final Optional<Waves> waves;
    private final PhaseDeadline deadlines;
    private final Clock clock;

    /** What deriving a pool's wave standing needs: the configured accounts, the image resolver, MAX_ROLLOUTS_PER_IMAGE. */
    private record Waves(List<BatchAccountId> accounts, ImageResolver resolver, int limit) {
    }

    /** @param resourceManagerEndpoint the ARM endpoint the clients use; list continuation links must point there */
    public PoolStatusReader(BatchPools pools, BatchNodes nodes, BatchAccountCache accounts, String resourceManagerEndpoint) {
        this(pools, nodes, accounts, resourceManagerEndpoint, Optional.empty(), PhaseDeadline.of(HealthGate.defaults()),
                Clock.systemUTC());
    }

    private PoolStatusReader(BatchPools pools, BatchNodes nodes, BatchAccountCache accounts, String resourceManagerEndpoint,
                             Optional<Waves> waves, PhaseDeadline deadlines, Clock clock) {
        this.pools = pools;
        this.nodes = nodes;
        this.accounts = accounts;
        this.resourceManagerEndpoint = resourceManagerEndpoint;
        this.lister = new ManagedPoolLister(pools, resourceManagerEndpoint, this::timing);
        this.waves = waves;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /**
     * The same reader judging phase deadlines with VERIFY_GRACE ({@code deadlines}) against {@code clock} (without it:
     * the default grace and the system clock).
     */
    public PoolStatusReader withDeadlines(PhaseDeadline phaseDeadlines, Clock now) {
        return new PoolStatusReader(pools, nodes, accounts, resourceManagerEndpoint, waves, phaseDeadlines, now);
    }

    /**
     * The same reader also saying, for one pool read by id or group name, where it waits in its definition's wave
     * ({@link WaveStanding}). That costs, for a tracked pool at rest only, the pool list of every configured account
     * (every page, as a pass reads them) and the gallery reads of its definition (definition, version list, candidates
     * as a pass reads them, shared by all the pools of the definition).
     */
    public PoolStatusReader withWaves(List<BatchAccountId> configuredAccounts, ImageResolver resolver, int maxRolloutsPerImage) {
        return new PoolStatusReader(pools, nodes, accounts, resourceManagerEndpoint,
                Optional.of(new Waves(List.copyOf(configuredAccounts), resolver, maxRolloutsPerImage)), deadlines, clock);
    }

    /**
     * The status of the managed pool with this id or, when there is none, of the active pool of the blue-green group of
     * that name (a group keeps its name while its pools are replaced). Empty when neither exists. Blue-green pools cost
     * one more list call, to name the group's active pool.
     */
    public Optional<PoolStatus> read(PoolId id) {
        Optional<Pool> found = pools.get(id).filter(pool -> RolloutPolicy.of(pool).isPresent());
        if (found.isPresent()) {
            Pool pool = found.get();
            RolloutPolicy policy = RolloutPolicy.of(pool).orElseThrow();
            // A blue-green pool's account is listed anyway (its group's active pool): its candidate is found there.
            List<Pool> listed = policy.strategy() == RolloutStrategy.BLUE_GREEN ? pools.list(id.account()) : List.of();
            PoolId active = policy.strategy() == RolloutStrategy.BLUE_GREEN
                    ? PoolGroups.activeIn(listed, PoolGroups.groupOf(pool)).map(Pool::id).orElse(pool.id())
                    : pool.id();
            return Optional.of(status(pool, policy, nodeCounts(id), active).withWave(standing(pool))
                    .withTiming(timing(pool, listed)));
        }
        List<Pool> listed = pools.list(id.account());
        return PoolGroups.activeIn(listed, id.poolName())
                .flatMap(pool -> RolloutPolicy.of(pool).map(policy -> status(pool, policy, nodeCounts(pool.id()), pool.id())
                        .withWave(standing(pool)).withTiming(timing(pool, listed))));
    }

    /** When the pool's phase should have ended; its candidate is looked up among {@code listed} (no read of its own). */
    private PhaseDeadline.Timing timing(Pool pool, List<Pool> listed) {
        if (!(RolloutView.of(pool.metadata()) instanceof RolloutView.Known known)) {
            return PhaseDeadline.Timing.NONE;
        }
        return deadlines.timing(pool, known.state(), listed, clock.instant());
    }

    /** Empty unless asked ({@link #withWaves}) and the pool waits; an account that cannot be listed is reported in it. */
    private Optional<WaveStanding> standing(Pool pool) {
        if (waves.isEmpty() || !WaveStanding.mayWait(pool)) {
            return Optional.empty();
        }
        List<Pool> everyPool = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (BatchAccountId account : waves.get().accounts()) {
            try {
                everyPool.addAll(pools.list(account));
            } catch (AzureCallException e) {
                unread.add(account.accountName());
            }
        }
        if (everyPool.stream().noneMatch(p -> p.id().toString().equalsIgnoreCase(pool.id().toString()))) {
            everyPool.add(pool);
        }
        return WaveStanding.of(pool, everyPool, unread, waves.get().limit(), accounts::get, waves.get().resolver().forPass());
    }

    /** The status of a pool already read, with node counts read now; empty when the pool is not managed by this app. */
    public Optional<PoolStatus> statusOf(Pool pool) {
        return RolloutPolicy.of(pool).map(policy -> status(pool, policy, nodeCounts(pool.id()), pool.id())
                .withTiming(timing(pool, List.of())));
    }

    /** The status of a pool just created: it has no nodes yet, so the data plane is not asked. */
    public static PoolStatus justCreated(Pool pool, RolloutPolicy policy) {
        return status(pool, policy, new NodeCountsReading.Unavailable("not read: the pool was created just now and has no nodes yet"),
                pool.id());
    }

    private static PoolStatus status(Pool pool, RolloutPolicy policy, NodeCountsReading counts, PoolId activePool) {
        RolloutView rollout = RolloutView.of(pool.metadata());
        return new PoolStatus(pool.id().account(), pool.id(), pool.vmSize(), pool.nodeAgentSkuId(),
                PoolImage.of(pool.imageReferenceId()), policy, pool.provisioningState(), pool.allocationState(),
                pool.allocationStateTransitionTime(), pool.scaleSettings(), pool.currentDedicatedNodes(),
                pool.currentLowPriorityNodes(), pool.resizeErrors(), counts, rollout.phaseName(),
                PoolMetadata.split(pool.metadata()).caller(), rollout, PoolGroups.groupOf(pool), activePool)
                .withPromotion(BakeRecord.of(pool.metadata()));
    }

    /**
     * Managed pools of the given accounts, in account order then ARM's order, at most {@code pageSize} per page.
     *
     * @throws InvalidContinuationException when the token was not issued by this app for these accounts
     */
    public ManagedPoolPage list(List<BatchAccountId> accountIds, Optional<String> continuation, int pageSize) {
        return lister.page(accountIds, continuation, pageSize);
    }

    /** The data plane may be unreachable (network rules, role missing) while ARM answers: say so, do not fail. */
    private NodeCountsReading nodeCounts(PoolId id) {
        try {
            BatchAccount account = accounts.get(id.account());
            return new NodeCountsReading.Read(nodes.nodeCounts(account, id.poolName()));
        } catch (AzureCallException e) {
            String code = e.code() == null ? "" : " " + e.code();
            return new NodeCountsReading.Unavailable("the Batch data plane answered " + e.status() + code + ": " + e.getMessage());
        }
    }
}
