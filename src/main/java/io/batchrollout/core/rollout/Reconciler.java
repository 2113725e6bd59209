package io.batchrollout.core.rollout;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ComputeNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.accounts.BatchAccountCache;
import io.batchrollout.core.capacity.CapacityReader;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import io.batchrollout.core.rollout.waves.ImageWaves;
import io.batchrollout.port.AzureCallException;
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
    private final RolloutDecider decider;
    private final PoolStepWriter writer;
    private final PoolGuard guard;
    private final HealthGate gate;
    private final int maxRolloutsPerImage;
    private final PassLimits limits;
    private final Optional<PassRemediation.Config> remediation;
    private final PassBudget budget;
    private final DecisionMemory memory;
    private final Clock clock;
    private final Consumer<String> log;
    private final RolloutNotifications notifications;
    private final PassNotices.Sent sent;
    private final Optional<PassPromotions> promotions;

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
                PassLimits.sequential(), Optional.empty(), clock, log, RolloutNotifications.OFF, new PassNotices.Sent(),
                Optional.empty());
    }

    public Reconciler(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, BatchJobs jobs,
                      BatchAccountCache accountCache, CapacityReader capacity, ImageResolver resolver, HealthGate gate,
                      Clock clock, Consumer<String> log) {
        this(accounts, pools, nodes, Optional.of(jobs), accountCache, capacity, resolver, gate, ImageWave.DEFAULT_LIMIT,
                PassLimits.sequential(), Optional.empty(), clock, log, RolloutNotifications.OFF, new PassNotices.Sent(),
                Optional.empty());
    }

    private Reconciler(List<BatchAccountId> accounts, BatchPools pools, BatchNodes nodes, Optional<BatchJobs> jobs,
                       BatchAccountCache accountCache, CapacityReader capacity, ImageResolver resolver, HealthGate gate,
                       int maxRolloutsPerImage, PassLimits limits, Optional<PassRemediation.Config> remediation,
                       Clock clock, Consumer<String> log, RolloutNotifications notifications, PassNotices.Sent sent,
                       Optional<PassPromotions> promotions) {
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
        this.remediation = remediation;
        this.budget = new PassBudget(limits.deadline(), limits.ticker());
        this.memory = new DecisionMemory();
        this.decider = new RolloutDecider(gate);
        this.writer = new PoolStepWriter(jobs.map(j -> new StepApplier(pools, j)).orElseGet(() -> new StepApplier(pools)),
                clock);
        this.guard = new PoolGuard(pools);
        this.clock = clock;
        this.log = log;
        this.notifications = notifications;
        this.sent = sent;
        this.promotions = promotions;
    }

    /**
     * The same reconciler with at most {@code limit} pools per image definition mid-rollout at once (MAX_ROLLOUTS_PER_IMAGE;
     * {@link ImageWave#DEFAULT_LIMIT} otherwise).
     */
    public Reconciler withMaxRolloutsPerImage(int limit) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, limit, limits,
                remediation, clock, log, notifications, sent, promotions);
    }

    /** The same reconciler with these pass limits (a fresh one: no deferred pools, no remembered decisions). */
    public Reconciler withPassLimits(PassLimits passLimits) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, maxRolloutsPerImage,
                passLimits, remediation, clock, log, notifications, sent, promotions);
    }

    /** The same reconciler with GALLERY_REMEDIATION=replicas ({@link PassRemediation}). */
    public Reconciler withRemediation(PassRemediation.Config config) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, maxRolloutsPerImage,
                limits, Optional.of(config), clock, log, notifications, sent, promotions);
    }

    /** The same reconciler publishing what its writes change ({@link PassNotices}) to {@code to} after each pass. */
    public Reconciler withNotifications(RolloutNotifications to) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, maxRolloutsPerImage,
                limits, remediation, clock, log, to, new PassNotices.Sent(), promotions);
    }

    /**
     * The same reconciler with gated promotion: after each pass, the candidates of definitions that canary pools track
     * are promoted or rejected through {@code writes} once the canaries proved them for {@code bake} (PROMOTION_BAKE).
     * Without it canaries still roll to candidates, and only an operator promotes them.
     */
    public Reconciler withPromotion(GalleryWrites writes, Duration bake) {
        return new Reconciler(accounts, pools, nodes, jobs, accountCache, capacity, resolver, gate, maxRolloutsPerImage,
                limits, remediation, clock, log, notifications, sent, Optional.of(new PassPromotions(writes, pools,
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
        PassRemediation remedies = remediation.map(c -> PassRemediation.plan(c, fleet.managed(), images, log)).orElse(PassRemediation.NONE);
        BatchNodes passNodes = PassNodeCounts.of(nodes, fleet);
        Optional<BatchJobs> passJobs = jobs.map(j -> PassJobs.of(j, fleet));
        PassReport.PoolDecision[] decisions = new PassReport.PoolDecision[fleet.managed().size()];
        PassNotices notices = new PassNotices(fleet.managed(), clock, sent, notifications != RolloutNotifications.OFF);
        Set<PoolId> deferred = new HashSet<>();
        try (ParallelWrites writes = new ParallelWrites(limits.maxParallelWrites())) {
            for (FleetSnapshot.Managed m : budget.order(fleet.managed(), x -> x.pool().id(),
                    Comparator.comparing(FleetSnapshot.Managed::pool, ImageWaves.ORDER))) {
                if (clockOfPass.over()) {
                    deferred.add(m.pool().id());
                    decisions[m.index()] = decision(m.pool(), "-", PoolFacts.versionName(m.pool().imageReferenceId()),
                            PassSummary.DEFERRED, "not decided: the pass reached PASS_DEADLINE (" + budget.deadline()
                                    + "); the next pass decides this pool first");
                    continue;
                }
                ImageDefinitionId definition = m.policy().image().definition();
                // Isolation: whatever one pool throws, deciding or writing, is its own decision; the pass goes on.
                Object decided = guard.attempt(m.pool(), () -> reconcile(m.account(), m.pool(), m.policy(), m.listed(),
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
        List<String> promoted = promotions.map(p -> p.run(fleet.managed(), passReads, passNodes, notifications))
                .orElse(List.of());
        // After the writes, never inside a pool's decision: a failed publish is a WARNING line, the pass goes on.
        notices.publishTo(notifications, log);
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

    /**
     * One pool: observe what its phase needs and decide; the answer is either the pool's decision (nothing to write) or
     * the {@link PoolStepWriter.Write} to apply. {@code started} hears the version of a rollout this pool starts, before
     * the write: a write that fails (412 from a concurrent pass, throttling) still holds the slot for the rest of the
     * pass, the safe side.
     */
    private Object reconcile(BatchAccount account, Pool pool, RolloutPolicy policy, List<Pool> listed,
                             ImageResolver images, BatchNodes nodes, Optional<BatchJobs> jobs, ImageWave wave,
                             PassRemediation remedies, Consumer<String> started, PassNotices notices) {
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        if (decoded instanceof RolloutStateCodec.Decoded.Unreadable unreadable) {
            return decision(pool, "UNREADABLE", PoolFacts.versionName(pool.imageReferenceId()), "none",
                    unreadable.reason() + "; fix or remove those entries");
        }
        RolloutState state = ((RolloutStateCodec.Decoded.Present) decoded).state();
        // State is input: what it names is checked against the listed pools and the policy before anything reads or acts.
        Optional<String> tampered = StateValidation.problem(pool, policy, state, listed);
        if (tampered.isPresent()) {
            return guard.tampered(pool, tampered.get(), text -> notices.tampered(pool, state, text));
        }
        Step step;
        Optional<ImageChoice> image = Optional.empty();
        try {
            image = RolloutDecider.needsImage(policy, state)
                    ? Optional.of(images.resolveRunning(policy.image(), PoolReads.target(account, pool), pool.imageReferenceId()))
                    : Optional.empty();
            Optional<NodeCounts> counts = RolloutDecider.needsNodeCounts(state)
                    ? Optional.of(nodes.nodeCounts(account, pool.id().poolName())) : Optional.empty();
            Optional<BlueGreenView> view = PoolReads.blueGreen(policy, state)
                    ? Optional.of(PoolReads.observeGroup(account, pool, state, listed, nodes, jobs)) : Optional.empty();
            Observations seen = new Observations(image, counts, clock.instant(), view, wave);
            step = decider.decide(pool, policy, state, seen);
            if (step instanceof Step.ReadNodeImages) {
                // Read only when an in-place rollout of a pool naming its definition is about to start.
                List<String> reported = nodes.nodes(account, pool.id().poolName()).stream()
                        .map(ComputeNode::imageReferenceId).toList();
                step = decider.decide(pool, policy, state, seen.withNodeImages(reported));
            }
            if (step instanceof Step.ReadQuota && view.isPresent()) {
                // Quotas and usage change: the cached account is not trusted for them. Read only when a rollout starts.
                BlueGreenView withQuota = new BlueGreenView(listed, Optional.of(capacity.read(account.id())),
                        view.get().candidateNodes(), view.get().jobsOnOld(), view.get().jobsOnCandidate());
                step = decider.decide(pool, policy, state, new Observations(image, counts, clock.instant(),
                        Optional.of(withQuota), wave));
            }
            // The facts a step acts on (another pool, a job's pool, the image) are checked against Azure right before it.
            StepCheck.Outcome checked = StepCheck.check(account, pool, policy, state, step, listed, images, clock.instant());
            if (checked instanceof StepCheck.Outcome.Tampered t) {
                return guard.tampered(pool, t.reason(), text -> notices.tampered(pool, state, text));
            }
            step = checked instanceof StepCheck.Outcome.Replaced r ? r.step() : step;
            step = remedies.reword(pool, state, step, clock.instant());
        } catch (PoolReads.NoJobAccess noJobs) {
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), "none", "not decided: " + noJobs.getMessage());
        } catch (AzureCallException e) {
            if (e.status() == 403) {
                notices.denied(pool, state, "reading", e);
            }
            return decision(pool, state.phase().name(), PoolReads.version(pool, state), "none", "not decided: reading failed with "
                    + e.status() + " " + e.code() + "; next pass tries again");
        }
        if (!state.phase().inProgress()) {
            Step.stateAfter(step).filter(s -> s.phase().inProgress()).flatMap(RolloutState::target)
                    .ifPresent(target -> started.accept(PoolFacts.versionName(target)));
        }
        if (notices.on()) {
            PassNotices.waitingFor(pool, state, step, image, wave).ifPresent(version -> notices.heldBack(pool, version));
        }
        String phaseAfter = Step.stateAfter(step).map(s -> s.phase().name()).orElse(state.phase().name());
        if (step instanceof Step.NoChange) {
            return decision(pool, phaseAfter, PoolReads.version(pool, Step.stateAfter(step).orElse(state)), step.label(), step.reason());
        }
        return new PoolStepWriter.Write(account, pool, state, step, phaseAfter);
    }

    private static PassReport.PoolDecision decision(Pool pool, String phase, String version, String step, String reason) {
        return new PassReport.PoolDecision(pool.id(), phase, version, step, reason);
    }
}
