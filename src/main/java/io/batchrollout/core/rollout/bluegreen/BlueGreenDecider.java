package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.BatchJob;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.NodeCounts;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.PoolMetadata;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.gate.GateTarget;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.Resting;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure blue-green decision. The rollout state lives on the pool being replaced (the group's active pool) from the
 * quota check to its own deletion, so one pool's ETag orders every step of a rollout; the candidate carries its
 * links and the phase CANDIDATE, and promotes itself once the pool it replaces is gone. Capacity never dips: the old
 * pool keeps its nodes until every job runs on the verified candidate.
 */
public final class BlueGreenDecider {
    /**
     * Rollouts of one version that may end with the candidate deleted by someone else before the app gives up on it
     * (BLOCKED, until a newer version): a deleted candidate says nothing about the image, so it is tried again, not
     * rejected, but a pipeline that keeps deleting candidates must not make the app create them forever.
     */
    public static final int MAX_ATTEMPTS = 3;

    private final HealthGate gate;

    public BlueGreenDecider(HealthGate gate) {
        this.gate = gate;
    }

    public static boolean needsCandidateNodes(RolloutState state) {
        return !state.paused() && state.phase() == RolloutPhase.CANDIDATE_VERIFYING;
    }

    public static boolean needsJobs(RolloutState state) {
        return !state.paused() && (state.phase() == RolloutPhase.MOVING_JOBS || state.phase() == RolloutPhase.ABORTING
                || state.phase() == RolloutPhase.RETIRING_OLD_POOL || state.phase() == RolloutPhase.ADOPTING_JOBS);
    }

    /** At rest with a ready, newer, not rejected version: check the quota, then record the candidate's name. */
    public Step start(Pool pool, RolloutState state, String chosen, Observations seen) {
        if (seen.blueGreen().isEmpty()) {
            return Step.none("the account's pools were not read this pass");
        }
        BlueGreenView view = seen.blueGreen().get();
        String current = pool.imageReferenceId();
        String chosenName = PoolFacts.versionName(chosen);
        if (state.target().filter(chosen::equalsIgnoreCase).isPresent() && state.attempts() >= MAX_ATTEMPTS) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on "
                    + PoolFacts.versionName(current) + ": " + state.attempts() + " rollouts to " + chosenName
                    + " ended with their candidate deleted by someone else; it is not tried again until a newer "
                    + "version appears or an operator retries it", seen.now());
        }
        Optional<SemanticVersion> version = SemanticVersion.parse(chosenName);
        if (version.isEmpty()) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on "
                    + PoolFacts.versionName(current) + ": version name " + chosenName
                    + " is not Major.Minor.Patch, so no candidate name can be made from it", seen.now());
        }
        String group = PoolGroups.groupOf(pool);
        String candidate = PoolGroups.candidateName(group, version.get());
        if (!pool.secretsNotReturned().isEmpty()) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on "
                    + PoolFacts.versionName(current) + ": a blue-green candidate must copy the pool, but its "
                    + String.join(" and ", pool.secretsNotReturned()) + " carry secrets Batch never returns; roll it in "
                    + "place (adopt it with strategy inPlace) or recreate it through the API", seen.now());
        }
        if (view.capacity().isEmpty()) {
            return new Step.ReadQuota("check the core quota for candidate " + candidate);
        }
        int[] size = nodes(pool);
        Optional<String> refusal = CoreQuotaCheck.refusal(view.capacity().get(), view.accountPools(), pool.vmSize(),
                size[0], size[1]);
        if (refusal.isPresent()) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on "
                    + PoolFacts.versionName(current) + " and candidate " + candidate + " of " + chosenName
                    + " is not created: " + refusal.get(), seen.now());
        }
        return Step.record(state.startBlueGreen(chosen, current, pool.scaleSettings(), group, candidate, seen.now())
                .withDecision("create candidate " + candidate + " on " + chosenName + " for group " + group
                        + ": the version is ready and the cores fit"));
    }

    public Step decide(Pool pool, RolloutPolicy policy, RolloutState state, Observations seen) {
        if (seen.blueGreen().isEmpty()) {
            return Step.none("the account's pools were not read this pass");
        }
        BlueGreenView view = seen.blueGreen().get();
        if (deleting(pool)) {
            return Step.none("being deleted");
        }
        if (state.phase() == RolloutPhase.CANDIDATE) {
            return BlueGreenTakeover.decide(pool, state, view, seen.now());
        }
        if (state.phase() == RolloutPhase.ADOPTING_JOBS) {
            return BlueGreenAdoption.decide(pool, state, view, seen.now());
        }
        Optional<String> name = state.links().candidate();
        if (name.isEmpty() || state.target().isEmpty()) {
            return Step.none("phase " + state.phase() + " lacks its candidate or target: an operator must look at it");
        }
        // Someone else may delete the candidate at any time (a cleanup script, a person): deleting or gone, it is lost.
        Optional<Pool> candidate = view.pool(name.get()).filter(p -> !deleting(p));
        String old = pool.id().poolName();
        return switch (state.phase()) {
            case CREATING_CANDIDATE -> creating(pool, policy, state, name.get(), view, seen.now());
            case CANDIDATE_VERIFYING -> candidate.isEmpty()
                    ? Step.record(state.settle(RolloutPhase.STABLE, seen.now()).withDecision(
                    candidateDeleted(pool, state, name.get(), "before it was verified")))
                    : verifying(candidate.get(), state, seen);
            case MOVING_JOBS -> candidate.isEmpty()
                    ? Step.record(state.enter(RolloutPhase.ABORTING, seen.now()).withDecision("candidate " + name.get()
                    + " was deleted by someone else while jobs moved: the jobs already on it move back to " + old
                    + ", which keeps serving; " + PoolFacts.versionName(state.target().get()) + " is not rejected"))
                    : JobMoves.move(pool, state, old, name.get(), view.jobsOnOld(), view.jobsOnCandidate(), true,
                    () -> retire(pool, state, name.get(), seen.now()));
            case RETIRING_OLD_POOL -> candidate.isEmpty() ? retiringWithoutCandidate(pool, state, name.get(), seen.now())
                    : retiring(pool, state, name.get(), view.jobsOnOld(), seen.now());
            // Jobs on the candidate move back whether it still stands or someone deleted it (its jobs are still listed
            // under its name, retargetable): no job is left pointing at a pool that does not exist.
            case ABORTING -> JobMoves.move(pool, state, name.get(), old, view.jobsOnCandidate(), view.jobsOnOld(), false,
                    () -> candidate.<Step>map(c -> new Step.DeletePool(c, Step.DeleteTarget.ABORTED_CANDIDATE, "no job left on candidate " + name.get()
                            + ": delete it; the jobs stay on " + old))
                            .orElseGet(() -> Step.record(state.settle(RolloutPhase.STABLE, seen.now()).withDecision(
                                    state.isRejected(PoolFacts.versionName(state.target().get()))
                                            ? Resting.rejectedText(PoolFacts.versionName(state.target().get()),
                                            pool.imageReferenceId())
                                            : candidateDeleted(pool, state, name.get(), "before the rollout finished")))));
            default -> Step.none("phase " + state.phase() + " is not a blue-green phase");
        };
    }

    /** Back at rest, not rejected: the next pass tries again while attempts are left ({@link #MAX_ATTEMPTS}). */
    private static String candidateDeleted(Pool pool, RolloutState state, String candidate, String when) {
        String version = PoolFacts.versionName(state.target().get());
        return "candidate " + candidate + " on " + version + " was deleted by someone else " + when + "; "
                + pool.id().poolName() + " keeps serving on " + PoolFacts.versionName(pool.imageReferenceId())
                + " with every job; " + version + " is not rejected (a deleted candidate says nothing about the image): "
                + "attempt " + state.attempts() + " of " + MAX_ATTEMPTS
                + (state.attempts() >= MAX_ATTEMPTS ? ", the last" : ", the next pass tries again");
    }

    /**
     * The candidate holding the jobs is gone while the old pool drains: the old pool gets its capacity back first (one
     * PATCH with ABORTING), then the jobs move back to it. The pool must be Steady for Batch to take new targets.
     */
    private static Step retiringWithoutCandidate(Pool pool, RolloutState state, String candidate, Instant now) {
        String why = "candidate " + candidate + " was deleted by someone else while " + pool.id().poolName()
                + " retired: ";
        if (state.savedScale().isEmpty() || !PoolFacts.isDrainScale(pool.scaleSettings())) {
            return Step.record(state.enter(RolloutPhase.ABORTING, now).withDecision(why + "the jobs move back to "
                    + pool.id().poolName()));
        }
        if (!PoolFacts.steady(pool)) {
            return Step.none(why + "waiting for " + pool.id().poolName() + " to be Steady to restore its capacity (it is "
                    + pool.allocationState() + ")");
        }
        return Step.restore(pool, state.savedScale().get(), state.enter(RolloutPhase.ABORTING, now).withDecision(why
                + "restore its capacity and move the jobs back to it"));
    }

    private Step creating(Pool pool, RolloutPolicy policy, RolloutState state, String name, BlueGreenView view,
                          Instant now) {
        Optional<Pool> existing = view.pool(name);
        String version = PoolFacts.versionName(state.target().get());
        if (existing.isEmpty()) {
            return new Step.CreatePool(pool.id().account().pool(name), candidateSpec(pool, policy, state, name, now),
                    "create candidate " + name + " on " + version);
        }
        if (deleting(existing.get())) {
            return Step.none("waiting for an earlier pool " + name + " to finish deleting before creating the candidate");
        }
        Optional<String> replaces = PoolGroups.stateOf(existing.get()).links().replaces();
        if (replaces.filter(pool.id().poolName()::equalsIgnoreCase).isEmpty()) {
            return Step.record(state.settle(RolloutPhase.BLOCKED, now).withDecision("blocked, the pool stays on "
                    + PoolFacts.versionName(pool.imageReferenceId()) + ": a pool named " + name
                    + " exists and is not this pool's candidate"));
        }
        return Step.record(state.enter(RolloutPhase.CANDIDATE_VERIFYING, now)
                .withDecision("candidate " + name + " created on " + version + ": verifying it"));
    }

    /** Same size, start task, caller metadata and policy; the new image; a resizeTimeout sized to the pool. */
    private static PoolSpec candidateSpec(Pool pool, RolloutPolicy policy, RolloutState state, String name, Instant now) {
        String group = state.links().group().orElse(pool.id().poolName());
        RolloutState candidateState = new RolloutState(RolloutPhase.CANDIDATE, state.target(), state.previous(),
                Optional.of(now), Optional.empty(), 0, state.rejected(), false,
                Optional.of("candidate of " + pool.id().poolName() + " in group " + group + " on "
                        + PoolFacts.versionName(state.target().get())),
                BlueGreenLinks.candidateOf(group, pool.id().poolName()));
        List<Metadata> app = new ArrayList<>(policy.toMetadata());
        app.addAll(RolloutStateCodec.encode(candidateState));
        List<Metadata> metadata = PoolMetadata.merge(PoolMetadata.split(pool.metadata()).caller(), app);
        ScaleSettings scale = Step.restoreScale(state.savedScale().orElse(pool.scaleSettings()));
        return new PoolSpec(pool.vmSize(), state.target().get(), pool.nodeAgentSkuId(), scale, pool.startTask(), metadata);
    }

    private Step verifying(Pool candidate, RolloutState state, Observations seen) {
        if (seen.blueGreen().get().candidateNodes().isEmpty() || state.since().isEmpty()) {
            return Step.none("cannot verify: candidate node counts or phase start missing");
        }
        NodeCounts counts = seen.blueGreen().get().candidateNodes().get();
        // The candidate's scale was set when it was created (its own recorded start), before verifying began.
        Instant created = PoolGroups.stateOf(candidate).since().orElse(state.since().get());
        String name = candidate.id().poolName();
        String version = PoolFacts.versionName(state.target().get());
        HealthGate.Verdict verdict = GateTarget.verdict(gate, candidate, candidate.scaleSettings(), counts, created,
                state.since().get(), seen.now());
        if (verdict instanceof HealthGate.Verdict.Passed passed) {
            return Step.record(state.enter(RolloutPhase.MOVING_JOBS, seen.now()).withDecision("candidate " + name
                    + " on " + version + " passed the health gate (" + passed.summary() + ")" + resized(candidate, state)
                    + ": moving the jobs"));
        }
        if (verdict instanceof HealthGate.Verdict.Waiting waiting) {
            return Step.none("verifying candidate " + name + " on " + version + ": " + waiting.summary());
        }
        return Step.record(state.reject(version).enter(RolloutPhase.ABORTING, seen.now()).withDecision("abort: candidate "
                + name + " on " + version + " failed the health gate (" + verdict.summary()
                + "); it is deleted and the jobs stay where they are"));
    }

    /**
     * The gate judges the targets the candidate has when it is verified: someone who resized it meant that size (the
     * gate checks the image, not the size), but the decision says so, since the jobs then move to a pool of that size.
     */
    private static String resized(Pool candidate, RolloutState state) {
        if (state.savedScale().orElse(null) instanceof ScaleSettings.FixedScale created
                && candidate.scaleSettings() instanceof ScaleSettings.FixedScale now
                && (created.targetDedicatedNodes() != now.targetDedicatedNodes()
                || created.targetLowPriorityNodes() != now.targetLowPriorityNodes())) {
            return "; its targets were changed by someone else from " + created.targetDedicatedNodes() + " dedicated/"
                    + created.targetLowPriorityNodes() + " low-priority to " + now.targetDedicatedNodes() + "/"
                    + now.targetLowPriorityNodes() + " after it was created, the gate judged those, and the jobs move "
                    + "to it at that size";
        }
        return "";
    }

    private static Step retire(Pool pool, RolloutState state, String candidate, Instant now) {
        if (!PoolFacts.steady(pool)) {
            return Step.none("every job is on " + candidate + "; waiting for " + pool.id().poolName()
                    + " to be Steady to drain it (it is " + pool.allocationState() + ")");
        }
        return Step.drain(pool, state.enter(RolloutPhase.RETIRING_OLD_POOL, now).withDecision("every job is on "
                + candidate + ": drain " + pool.id().poolName() + " with TaskCompletion, then delete it"));
    }

    private static Step retiring(Pool pool, RolloutState state, String candidate, List<BatchJob> jobsOnOld, Instant now) {
        Optional<BatchJob> stray = JobMoves.nextJob(jobsOnOld, Optional.empty());
        if (stray.isPresent()) {
            // A job submitted to the old pool after the moves (a pipeline that still names it) would be stranded by the
            // delete: move it to the candidate first.
            return Step.record(state.enter(RolloutPhase.MOVING_JOBS, now).withLinks(state.links().movingNext(stray))
                    .withDecision("job " + stray.get().id() + " was submitted to " + pool.id().poolName() + " while it retired: "
                            + "move it to " + candidate + " before the pool is deleted" + JobMoves.foundNote(stray.get())));
        }
        if (!PoolFacts.isDrainScale(pool.scaleSettings())) {
            return PoolFacts.steady(pool) ? Step.drain(pool, state)
                    : Step.none("waiting for the pool to be Steady to drain it (it is " + pool.allocationState() + ")");
        }
        if (!pool.isSteadyAndEmpty()) {
            return Step.none("retiring: " + (pool.currentDedicatedNodes() + pool.currentLowPriorityNodes())
                    + " nodes left, running tasks finish first");
        }
        return new Step.DeletePool(pool, Step.DeleteTarget.RETIRED_OLD_POOL, pool.id().poolName() + " is empty and its jobs run on " + candidate
                + ": delete it; " + candidate + " becomes the active pool of group "
                + state.links().group().orElse(pool.id().poolName()));
    }

    public static boolean deleting(Pool pool) {
        return "Deleting".equalsIgnoreCase(pool.provisioningState());
    }

    /** The candidate's dedicated and low-priority nodes: the fixed targets, or what an autoscaled pool is planned for. */
    private static int[] nodes(Pool pool) {
        if (pool.scaleSettings() instanceof ScaleSettings.FixedScale f) {
            return new int[] {f.targetDedicatedNodes(), f.targetLowPriorityNodes()};
        }
        var planned = PlannedNodes.autoscaled(pool);
        return new int[] {planned.dedicated(), planned.lowPriority()};
    }
}
