package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.waves.ImageWaves;
import io.batchrollout.port.BatchJobs;
import io.batchrollout.port.BatchNodes;
import io.batchrollout.port.BatchPools;
import io.batchrollout.port.RolloutNotifications;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.core.rollout.promotion.PromotionDecider;
import io.batchrollout.core.model.PoolId;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One pass: for each managed pool, observe (the pool from the account's list, plus the image or node counts only when
 * its phase needs them), decide ({@link RolloutDecider}), apply with the pool's ETag ({@link StepApplier}), return.
 * Nothing waits for Azure and nothing is retried within a pass: a 412/409 means another writer came first, throttling
 * means later; the next pass reads afresh and decides again. Holds no state between passes, so any number of
 * instances may run passes at once.
 *
 * <p>Waves: every account is listed before any pool is decided, so at most MAX_ROLLOUTS_PER_IMAGE pools of an image
 * definition are mid-rollout at once across accounts ({@link ImageWaves}; its comment says what two concurrent passes
 * can and cannot do to that limit).
 */
public final class Reconciler implements RolloutEngine {
    private final List<BatchAccountId> accounts;
    private final BatchPools pools;
    private final BatchNodes nodes;
    private final Optional<BatchJobs> jobs;
    private final BatchAccountCache accountCache;
    private final CapacityReader capacity;
    private final ImageResolver resolver;
    private final PoolStepWriter writer;
    private final PoolGuard guard;
    private final PoolReconciler perPool;
    private final HealthGate gate;
    private final int maxRolloutsPerImage;
    private final PassLimits limits;
    private final PassFeatures features;
    private final PassBudget budget;
    private final DecisionMemory memory;
    private final Clock clock;
    private final Consumer<String> log;

    /**
     * How a pass spends its time and requests: MAX_PARALLEL_WRITES, PASS_DEADLINE, the ticker the deadline is read from
     * (nanoseconds) and the process's request counter for the summary (-1 when not counted).
     */
    public record PassLimits(int maxParallelWrites, Duration deadline, LongSupplier ticker, LongSupplier requests) {
        /** One write at a time and no practical deadline: what a reconciler built without settings does. */
        public static PassLimits sequential() {
            return new PassLimits(1, Duration.ofDays(1), System::nanoTime, () -> -1);
        }
    }

    /** Without job access: blue-green pools stop before moving jobs, saying so. */
    public Reconciler(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, BatchAccountCache accountCache,
                      CapacityReader capacity, ImageResolver resolver, HealthGate gate, Clock clock, Consumer<String> log) {
        this(accounts, pools, nodes, Optional.empty(), accountCache, capacity, resolver, gate, ImageWave.DEFAULT_LIMIT,
                PassLimits.sequential(), clock, log, PassFeatures.none());
    }

    public Reconciler(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, BatchJobs jobs,
                      BatchAccountCache accountCache, CapacityReader capacity, ImageResolver resolver, HealthGate gate,
                      Clock clock, Consumer<String> log) {
        this(accounts, pools, nodes, Optional.of(jobs), accountCache, capacity, resolver, gate, ImageWave.DEFAULT_LIMIT,
                PassLimits.sequential(), clock, log, PassFeatures.none());
    }

    private Reconciler(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, Optional<BatchJobs> jobs,
                       BatchAccountCache accountCache, CapacityReader capacity, ImageResolver resolver, HealthGate gate,
                       int maxRolloutsPerImage, PassLimits limits, Clock clock, Consumer<String> log,
                       PassFeatures features) {
        if (maxRolloutsPerImage < 1) {
            throw new IllegalArgumentException("maxRolloutsPerImage must be at least 1");
        }
        this.accounts = List.copyOf(accounts);
        this.pools = pools;
        this.nodes = nodes;
        this.jobs = jobs;
        this.accountCache = accountCache;
        this.capacity = capacity;
        this.resolver = resolver;
        this.gate = gate;
        this.maxRolloutsPerImage = maxRolloutsPerImage;
        this.limits = limits;
        this.features = features;
        this.budget = new PassBudget(limits.deadline(), limits.ticker());
        this.memory = new DecisionMemory();
        this.writer = new PoolStepWriter(jobs.map(j -> new StepApplier(pools, j)).orElseGet(() -> new StepApplier(pools)),
                clock);
        this.guard = new PoolGuard(pools);
        this.perPool = new PoolReconciler(new RolloutDecider(gate), guard, capacity, clock);
        this.clock = clock;
        this.log = log;
    }

    private Reconciler copy(int maxRollouts, PassLimits passLimits, PassFeatures passFeatures) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, maxRollouts, passLimits,
                clock, log, passFeatures);
    }

    /**
     * The same reconciler with at most {@code limit} pools per image definition mid-rollout at once (MAX_ROLLOUTS_PER_IMAGE;
     * {@link ImageWave#DEFAULT_LIMIT} otherwise).
     */
    public Reconciler withMaxRolloutsPerImage(int limit) {
        return copy(limit, limits, features);
    }

    /** The same reconciler with these pass limits (a fresh one: no deferred pools, no remembered decisions). */
    public Reconciler withPassLimits(PassLimits passLimits) {
        return copy(maxRolloutsPerImage, passLimits, features);
    }

    /** The same reconciler with GALLERY_REMEDIATION=replicas ({@link PassRemediation}). */
    public Reconciler withRemediation(PassRemediation.Config config) {
        return copy(maxRolloutsPerImage, limits, features.withRemediation(config));
    }

    /** The same reconciler publishing what its writes change ({@link PassNotices}) to {@code to} after each pass. */
    public Reconciler withNotifications(RolloutNotifications to) {
        return copy(maxRolloutsPerImage, limits, features.withNotifications(to));
    }

    /**
     * The same reconciler with gated promotion: after each pass, the candidates of definitions that canary pools track
     * are promoted or rejected through {@code writes} once the canaries proved them for {@code bake} (PROMOTION_BAKE).
     * Without it canaries still roll to candidates, and only an operator promotes them.
     */
    public Reconciler withPromotion(GalleryWrites writes, Duration bake) {
        return copy(maxRolloutsPerImage, limits, features.withPromotions(new PassPromotions(writes, pools,
                new PromotionDecider(bake, gate.maxUnhealthyPercent()), clock, log)));
    }

    @Override
    public PassReport reconcileAll() {
        return pass(policy -> true, true);
    }

    @Override
    public PassReport reconcileTracking(ImageDefinitionId definition) {
        String id = definition.toString();
        return pass(policy -> policy.image().definition().toString().equalsIgnoreCase(id), false);
    }

    /**
     * Observe every account first ({@link FleetSnapshot}): how many pools of an image definition are mid-rollout is only
     * known once all are listed ({@link ImageWaves}). Then decide the selected pools one by one, those the last pass
     * deferred first, then in wave order (the canary first), so the free slots go to the same pools in every pass;
     * their writes go out in parallel ({@link ParallelWrites}). Past the deadline the rest are deferred. The report
     * keeps the accounts' listing order. A pass over every managed pool also counts the fleet's drift from what it read.
     */
    private PassReport pass(Predicate<RolloutPolicy> selected, boolean wholeFleet) {
        PassBudget.Pass clockOfPass = budget.start();
        long requestsBefore = limits.requests().getAsLong();
        FleetSnapshot fleet = FleetSnapshot.read(accounts, accountCache, pools, selected, limits.maxParallelWrites());
        fleet.unread().forEach(skipped -> log.accept(skipped.line()));
        ImageWaves waves = ImageWaves.of(fleet.everyPool(), maxRolloutsPerImage, fleet.unreadAccountNames());
        ImageResolver passReads = resolver.forPass();
        FleetReads.warm(passReads, fleet.managed(), limits.maxParallelWrites());
        ImageResolver images = new PassImageCache(passReads);
        PassRemediation remedies = features.remediation().map(c -> PassRemediation.plan(c, fleet.managed(), images, log)).orElse(PassRemediation.NONE);
        BatchNodes passNodes = PassNodeCounts.of(nodes, fleet);
        Optional<BatchJobs> passJobs = jobs.map(j -> PassJobs.of(j, fleet));
        PassReport.PoolDecision[] decisions = new PassReport.PoolDecision[fleet.managed().size()];
        PassNotices notices = new PassNotices(fleet.managed(), clock, features.sent(),
                features.notifications() != RolloutNotifications.OFF);
        Set<PoolId> deferred = new HashSet<>();
        try (ParallelWrites writes = new ParallelWrites(limits.maxParallelWrites())) {
            for (FleetSnapshot.Managed m : budget.order(fleet.managed(), x -> x.pool().id(),
                    Comparator.comparing(FleetSnapshot.Managed::pool, ImageWaves.ORDER))) {
                if (clockOfPass.over()) {
                    deferred.add(m.pool().id());
                    decisions[m.index()] = PoolReconciler.decision(m.pool(), "-",
                            PoolFacts.versionName(m.pool().imageReferenceId()), PassSummary.DEFERRED, "not decided: the pass reached PASS_DEADLINE (" + budget.deadline()
                                    + "); the next pass decides this pool first");
                    continue;
                }
                ImageDefinitionId definition = m.policy().image().definition();
                // Isolation: whatever one pool throws, deciding or writing, is its own decision; the pass goes on.
                Object decided = guard.attempt(m.pool(), () -> perPool.reconcile(m.account(), m.pool(), m.policy(), m.listed(),
                        images, passNodes, passJobs, waves.of(definition), remedies,
                        version -> waves.started(definition, m.pool().id(), version), notices));
                if (decided instanceof PoolStepWriter.Write write) {
                    writes.submit(() -> guard.run(m.pool(), () -> writer.write(write, notices)),
                            result -> decisions[m.index()] = result);
                } else {
                    decisions[m.index()] = (PassReport.PoolDecision) decided;
                }
            }
            writes.awaitAll();
        }
        // After the pools' own steps: a canary that rests on a candidate since this pass is seen by the next one.
        List<String> promoted = features.promotions()
                .map(p -> p.run(fleet.managed(), passReads, passNodes, features.notifications()))
                .orElse(List.of());
        // After the writes, never inside a pool's decision: a failed publish is a WARNING line, the pass goes on.
        notices.publishTo(features.notifications(), log);
        Set<PoolId> decided = new HashSet<>();
        fleet.managed().forEach(m -> decided.add(m.pool().id()));
        decided.removeAll(deferred);
        budget.finish(decided, deferred);
        List<PassReport.PoolDecision> all = List.of(decisions);
        long requestsAfter = limits.requests().getAsLong();
        PassSummary counted = PassSummary.of(all, memory.worthLogging(all), requestsBefore < 0 ? -1 : requestsAfter - requestsBefore,
                clockOfPass.elapsed());
        PassSummary summary = wholeFleet
                ? counted.withDrift(PassDrift.of(fleet, all, images, PhaseDeadline.of(gate), clock.instant())) : counted;
        summary.loud().forEach(line -> log.accept((line.warning() ? "WARNING " : "") + line.decision().fields() + " | "
                + line.decision().line()));
        log.accept(summary.line());
        summary.drift().ifPresent(drift -> log.accept(drift.line()));
        return new PassReport(all, fleet.unread(), summary, promoted);
    }
}
