package io.batchrollout.core.rollout.plan;

import io.batchrollout.core.capacity.Capacity;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.LatestCandidates;
import io.batchrollout.core.readiness.PoolTarget;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.ReasonCode;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.PoolReads;
import io.batchrollout.core.rollout.StateValidation;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.bluegreen.CoreQuotaCheck;
import io.batchrollout.core.rollout.operator.TamperedState;
import io.batchrollout.core.rollout.plan.RolloutPlan.Action;
import io.batchrollout.core.rollout.plan.RolloutPlan.PoolPlan;
import io.batchrollout.core.rollout.plan.RolloutPlan.QuotaView;
import io.batchrollout.core.rollout.plan.RolloutPlan.Why;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.waves.ImageWaves;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dry-run plan as a pure function of {@link PlanFacts}: for each managed pool naming the definition, in the order a
 * pass decides them ({@link ImageWaves#ORDER}), the rule of the pass that would hold it back, in the pass's precedence
 * (paused before anything, then a rollout in progress, the version it runs, a rejection, the gate, a halt, the slots).
 * Only the gate is assumed: see {@link #ASSUMED}. One rule is applied earlier than a pass applies it: a blue-green
 * pool's core quota is checked whatever its place in the queue (a pass checks it when a slot is free for the pool), so
 * the plan names a candidate that would not fit now instead of queueing it; either way it takes no slot.
 */
public final class Planner {
    /**
     * What publishing the version completes, so "if it were ready" assumes it away: its provisioning, its replication
     * to the pool's region (failed included: the publisher replicates again) and the replicas the pool's size needs.
     * Every other reason (end of life, a policy report, the node agent's OS, a pool too large for any version, the
     * definition's OS state, the gallery's subscription) holds whatever the publisher does: the pool is skipped.
     */
    public static final Set<ReasonCode> ASSUMED = EnumSet.of(ReasonCode.VERSION_NOT_SUCCEEDED,
            ReasonCode.REPLICATION_IN_PROGRESS, ReasonCode.REPLICATION_FAILED, ReasonCode.TOO_FEW_REPLICAS,
            ReasonCode.REGION_NOT_TARGETED);

    private Planner() {
    }

    /** A pool's verdict before the slots: skipped with why, or a candidate for a slot. */
    private record Held(Why code, String why) {
    }

    public static RolloutPlan plan(PlanFacts facts) {
        String name = facts.version().id().versionName();
        ImageWave wave = ImageWaves.of(facts.everyPool(), facts.limit(), facts.unreadAccounts()).of(facts.definition());
        int free = Math.max(0, facts.limit() - wave.inFlight().size());
        List<String> ahead = new ArrayList<>(wave.inFlight().stream()
                .map(f -> f.pool().poolName() + " (in progress, on " + f.version() + ")").toList());
        List<PoolPlan> plans = new ArrayList<>();
        int order = 0;
        int queued = 0;
        // Each account's pools, once: StateValidation and the quota check read them per pool.
        Map<String, List<Pool>> byAccount = facts.everyPool().stream()
                .collect(Collectors.groupingBy(p -> PlanFacts.key(p.id().account())));
        for (Pool pool : facts.everyPool().stream().sorted(ImageWaves.ORDER).toList()) {
            Optional<RolloutPolicy> policy = RolloutPolicy.of(pool)
                    .filter(p -> p.image().definition().toString().equalsIgnoreCase(facts.definition().toString()));
            Optional<BatchAccount> account = facts.account(pool);
            if (policy.isEmpty() || account.isEmpty()) {
                continue;
            }
            order++;
            PoolTarget target = PoolReads.target(account.get(), pool);
            RolloutPlan.GateView gate = GateViews.of(facts, target, facts.gate().getOrDefault(PlanFacts.key(pool.id()), List.of()));
            RolloutStrategy strategy = policy.get().strategy();
            String current = PoolFacts.versionName(pool.imageReferenceId());
            List<Pool> accountPools = byAccount.getOrDefault(PlanFacts.key(pool.id().account()), List.of());
            Optional<Held> held = held(facts, pool, policy.get(), gate, wave, accountPools);
            if (held.isPresent()) {
                OptionalInt in = held.get().code() == Why.IN_PROGRESS ? OptionalInt.of(1) : OptionalInt.empty();
                plans.add(new PoolPlan(order, in, pool.id(), pool.id().account(), strategy, current, Action.SKIP,
                        held.get().code(), held.get().why(), gate, Optional.empty(), Optional.empty()));
                continue;
            }
            Optional<RolloutPlan.CapacityDown> down = Optional.of(CapacityDownEstimate.of(facts, pool, strategy, target, name));
            Optional<QuotaView> quota = strategy == RolloutStrategy.BLUE_GREEN ? Optional.of(quota(facts, pool, accountPools))
                    : Optional.empty();
            if (quota.filter(q -> !q.ok() && !q.detail().startsWith(NOT_READ)).isPresent()) {
                plans.add(new PoolPlan(order, OptionalInt.empty(), pool.id(), pool.id().account(), strategy, current,
                        Action.SKIP, Why.QUOTA, "blocked: the candidate on " + name + " would not be created: "
                        + quota.get().detail(), gate, quota, Optional.empty()));
                continue;
            }
            if (!facts.unreadAccounts().isEmpty()) {
                plans.add(new PoolPlan(order, OptionalInt.empty(), pool.id(), pool.id().account(), strategy, current,
                        Action.WAIT, Why.WAITS_FOR_UNREAD_ACCOUNT, wave.holdBack(pool.id(), name).map(ImageWave.HoldBack::now)
                        .orElse("waits until every account is listed"), gate, quota, down));
                continue;
            }
            String notes = notes(facts, pool, strategy, gate.region());
            int position = queued++;
            if (position < free) {
                plans.add(new PoolPlan(order, OptionalInt.of(1), pool.id(), pool.id().account(), strategy, current,
                        Action.ROLL, Why.ROLLS_NOW, rollsNow(strategy, current, name, quota) + notes, gate, quota, down));
            } else {
                int number = 2 + (position - free) / facts.limit();
                plans.add(new PoolPlan(order, OptionalInt.of(number), pool.id(), pool.id().account(), strategy, current,
                        Action.WAIT, Why.WAITS_FOR_SLOT, "waits in wave " + number + ": at most " + facts.limit()
                        + " pool(s) of " + facts.definition().imageName() + " roll at a time (MAX_ROLLOUTS_PER_IMAGE), "
                        + "smaller pools first; ahead of it: " + ahead(ahead) + notes, gate, quota, down));
            }
            ahead.add(pool.id().poolName());
        }
        return new RolloutPlan(facts.definition(), facts.version().id(), facts.limit(), plans, facts.unreadAccounts(),
                newer(facts, facts.listed()));
    }

    static final String NOT_READ = "not read: ";

    /** The pass's rules that keep a pool from starting a rollout to the version, in the pass's precedence. */
    private static Optional<Held> held(PlanFacts facts, Pool pool, RolloutPolicy policy, RolloutPlan.GateView gate,
                                       ImageWave wave, List<Pool> accountPools) {
        String name = facts.version().id().versionName();
        String versionId = facts.version().id().toString();
        String current = PoolFacts.versionName(pool.imageReferenceId());
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(pool.metadata());
        if (decoded instanceof RolloutStateCodec.Decoded.Unreadable unreadable) {
            return held(Why.UNREADABLE_STATE, "its rollout state cannot be read (" + unreadable.reason() + "): passes "
                    + "leave it alone until the entries are fixed or removed");
        }
        RolloutState state = ((RolloutStateCodec.Decoded.Present) decoded).state();
        Optional<String> tampered = TamperedState.isTampered(state) ? state.lastDecision()
                : StateValidation.problem(pool, policy, state, accountPools);
        if (tampered.isPresent()) {
            return held(Why.TAMPERED, "its recorded state does not check out (" + tampered.get() + "): an operator must "
                    + "look at it");
        }
        if (policy.image() instanceof ImageRef.Pinned pinned) {
            return pinned.version().toString().equalsIgnoreCase(pool.imageReferenceId())
                    && pinned.version().versionName().equals(name)
                    ? held(Why.ALREADY_ON_VERSION, "pinned to " + name + " and on it")
                    : held(Why.PINNED, "pinned to " + pinned.version().versionName() + ": never rolled automatically");
        }
        if (state.paused()) {
            return held(Why.PAUSED, "paused by an operator in phase " + state.phase() + ": `resume` lets passes roll it");
        }
        if (state.phase() == RolloutPhase.CANDIDATE) {
            // Its rollout is recorded on the pool it replaces, which holds the slot (ImageWaves does not count it).
            return held(Why.CANDIDATE, "blue-green candidate on " + current + " of pool "
                    + state.links().replaces().orElse("?") + ": the rollout is that pool's");
        }
        if (state.phase().inProgress()) {
            return held(Why.IN_PROGRESS, "a rollout to " + state.target().map(PoolFacts::versionName).orElse("?")
                    + " is in progress (phase " + state.phase() + "); it holds a slot until it ends");
        }
        if (versionId.equalsIgnoreCase(pool.imageReferenceId())) {
            return held(Why.ALREADY_ON_VERSION, "already on " + name);
        }
        Optional<SemanticVersion> on = SemanticVersion.parse(current);
        Optional<SemanticVersion> offered = SemanticVersion.parse(name);
        if (on.isPresent() && offered.isPresent() && offered.get().compareTo(on.get()) < 0) {
            return held(Why.ON_NEWER_VERSION, "on " + current + ", newer than " + name + ": not downgraded automatically");
        }
        if (state.isRejected(name)) {
            return held(Why.REJECTED, name + " failed the health gate on this pool (or an operator rolled it back): not "
                    + "tried again until an operator retries it");
        }
        Optional<String> notForPool = notReadyForPool(facts, gate, policy.seesCandidates());
        if (notForPool.isPresent()) {
            return held(Why.NOT_READY_FOR_POOL, "the version cannot back this pool even once published: " + notForPool.get());
        }
        Optional<String> blocked = blocked(facts, pool, policy, state);
        if (blocked.isPresent()) {
            return held(Why.BLOCKED, "blocked: " + blocked.get());
        }
        Optional<ImageWave.HoldBack> halted = wave.holdBack(pool.id(), name).filter(h -> h.now().startsWith("halted"));
        return halted.map(h -> new Held(Why.HALTED, h.now()));
    }

    /**
     * Excluded from latest (a tracked pool never takes it; a canary does, unless a canary rejected it: gated promotion)
     * or a reason of the gate that publishing does not clear.
     */
    private static Optional<String> notReadyForPool(PlanFacts facts, RolloutPlan.GateView gate, boolean canary) {
        var version = facts.version();
        if (LatestCandidates.excludedFor(version, gate.region(), canary)) {
            return Optional.of(version.id().versionName() + " is excluded from latest" + (version.excludeFromLatest() ? ""
                    : " in " + gate.region()) + ", so a pool tracking the definition never takes it");
        }
        List<Reason> lasting = gate.reasons().stream().filter(r -> !ASSUMED.contains(r.code())).toList();
        return lasting.isEmpty() ? Optional.empty()
                : Optional.of(lasting.stream().map(r -> r.code() + ": " + r.message()).collect(Collectors.joining("; ")));
    }

    /** What a pass blocks a start on besides the gate (the decider's rules for its strategy). */
    private static Optional<String> blocked(PlanFacts facts, Pool pool, RolloutPolicy policy, RolloutState state) {
        String versionId = facts.version().id().toString();
        if (policy.strategy() == RolloutStrategy.BLUE_GREEN) {
            if (state.target().filter(versionId::equalsIgnoreCase).isPresent()
                    && state.attempts() >= BlueGreenDecider.MAX_ATTEMPTS) {
                return Optional.of(state.attempts() + " rollouts to this version ended with their candidate deleted by "
                        + "someone else; an operator `retry` clears it");
            }
            if (!pool.secretsNotReturned().isEmpty()) {
                return Optional.of("a blue-green candidate copies the pool, but its " + String.join(" and ",
                        pool.secretsNotReturned()) + " carry secrets Batch never returns");
            }
            return Optional.empty();
        }
        if (pool.secretsNotReturned().contains(Pool.REGISTRY_PASSWORDS)) {
            return Optional.of("changing the image resends the VM configuration, and the container registry password "
                    + "(never returned by Batch) would be lost");
        }
        return Optional.empty();
    }

    private static QuotaView quota(PlanFacts facts, Pool pool, List<Pool> accountPools) {
        String account = PlanFacts.key(pool.id().account());
        Capacity capacity = facts.capacity().get(account);
        if (capacity == null) {
            return new QuotaView(false, NOT_READ + facts.capacityFailed().getOrDefault(account,
                    "the account's capacity was not read"));
        }
        PoolTarget target = PoolReads.target(capacity.account(), pool);
        Optional<String> refusal = CoreQuotaCheck.refusal(capacity, accountPools, pool.vmSize(),
                target.dedicatedNodes(), target.lowPriorityNodes());
        return refusal.map(r -> new QuotaView(false, r)).orElseGet(() -> new QuotaView(true, "the candidate's "
                + target.totalNodes() + " " + pool.vmSize() + " nodes fit the quotas next to the account's pools as they are now"));
    }

    /** The pools ahead in the queue, the nearest few by name: a fleet of thousands must not repeat itself per line. */
    private static String ahead(List<String> ahead) {
        int shown = 5;
        return ahead.size() <= shown ? String.join(", ", ahead) : ahead.size() + " pools (the last " + shown + ": "
                + String.join(", ", ahead.subList(ahead.size() - shown, ahead.size())) + ")";
    }

    /** Versions in the list newer than the one planned for, newest first. */
    private static List<String> newer(PlanFacts facts, List<io.batchrollout.core.model.ImageVersion> versions) {
        Optional<SemanticVersion> planned = SemanticVersion.parse(facts.version().id().versionName());
        return versions.stream().map(v -> v.id().versionName())
                .filter(n -> planned.isPresent() && SemanticVersion.parse(n).filter(v -> v.compareTo(planned.get()) > 0).isPresent())
                .sorted(java.util.Comparator.comparing((String n) -> SemanticVersion.parse(n).get()).reversed())
                .toList();
    }

    /**
     * What may still change the pass's answer for a pool that would roll: a newer version it could take (a pass rolls a
     * tracked pool to the newest ready one) and, in place, a pool that is not Steady (the drain waits for it, and the
     * slot goes to the next pool meanwhile).
     */
    private static String notes(PlanFacts facts, Pool pool, RolloutStrategy strategy, String region) {
        StringBuilder notes = new StringBuilder();
        List<String> newer = newer(facts, LatestCandidates.in(facts.listed(), region).newestFirst());
        if (!newer.isEmpty()) {
            notes.append("; but ").append(String.join(", ", newer)).append(newer.size() == 1 ? " is" : " are")
                    .append(" newer and eligible in ").append(region).append(": a pass takes the newest ready version");
        }
        if (strategy == RolloutStrategy.IN_PLACE && !PoolFacts.steady(pool)) {
            notes.append("; the pool is ").append(pool.allocationState()).append(": the drain waits until it is Steady");
        }
        return notes.toString();
    }

    private static String rollsNow(RolloutStrategy strategy, String current, String name, Optional<QuotaView> quota) {
        String how = strategy == RolloutStrategy.BLUE_GREEN ? "creates a candidate on " + name + " beside the pool"
                : "drains the pool, changes its image from " + current + " to " + name + " and restores it";
        return "rolls on the next pass once " + name + " is ready: " + how
                + quota.filter(q -> !q.ok()).map(q -> " (quota " + q.detail() + ")").orElse("");
    }

    private static Optional<Held> held(Why code, String why) {
        return Optional.of(new Held(code, why));
    }
}
