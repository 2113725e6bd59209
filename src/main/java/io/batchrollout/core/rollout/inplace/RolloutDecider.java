package io.batchrollout.core.rollout.inplace;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.policy.RolloutStrategy;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.readiness.SemanticVersion;
import io.batchrollout.core.rollout.bluegreen.BlueGreenAdoption;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.gate.GateTarget;
import io.batchrollout.core.rollout.gate.HealthGate;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.state.ImageWave;
import io.batchrollout.core.rollout.state.Observations;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.Resting;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pure decision (in place here, blue-green in {@link BlueGreenDecider}): from the pool, its policy, its recorded state and what the pass observed, the one step
 * to take. No I/O and no clock of its own, so every rule is tested with hand-built records. A rollout in progress is
 * finished before any newer version is looked at: one rollout per pool at a time.
 */
public final class RolloutDecider {
    private final HealthGate gate;
    private final BlueGreenDecider blueGreen;

    public RolloutDecider(HealthGate gate) {
        this.gate = gate;
        this.blueGreen = new BlueGreenDecider(gate);
    }

    /** The resolver runs only for a tracked pool at rest: mid-rollout a newer version waits anyway. */
    public static boolean needsImage(RolloutPolicy policy, RolloutState state) {
        return !state.paused() && policy.image() instanceof ImageRef.Tracked && !state.phase().inProgress();
    }

    public static boolean needsNodeCounts(RolloutState state) {
        return !state.paused() && state.phase() == RolloutPhase.VERIFYING;
    }

    public Step decide(Pool pool, RolloutPolicy policy, RolloutState state, Observations seen) {
        if (state.paused()) {
            return Step.none("paused by an operator in phase " + state.phase());
        }
        if (state.refused().isPresent() && state.phase() != RolloutPhase.CANDIDATE) {
            RefusalRules.Outcome onRefusal = RefusalRules.decide(pool, state, seen.now());
            if (onRefusal instanceof RefusalRules.Outcome.Act act) {
                return act.step();
            }
            state = ((RefusalRules.Outcome.Continue) onRefusal).state();
        }
        if (state.phase().blueGreen()) {
            return blueGreen.decide(pool, policy, state, seen);
        }
        return switch (state.phase()) {
            case STABLE, BLOCKED -> keepingRefusal(state, atRest(pool, policy, state, seen));
            case DRAINING -> draining(pool, state, seen.now());
            case VERIFYING -> verifying(pool, state, seen);
            case ROLLING_BACK -> rollingBack(pool, state, seen.now());
            case ROLLING_BACK_RESTORE -> rollbackRestored(pool, state, seen.now());
            default -> Step.none("phase " + state.phase() + " is not handled by the in-place strategy");
        };
    }

    private Step atRest(Pool pool, RolloutPolicy policy, RolloutState state, Observations seen) {
        if (policy.image() instanceof ImageRef.Pinned pinned) {
            return Step.none("pinned to " + pinned.version().versionName() + ": never rolled automatically");
        }
        Optional<ImageChoice> image = seen.image();
        if (image.isEmpty()) {
            return Step.none("the image was not read this pass");
        }
        Instant now = seen.now();
        if (image.get() instanceof ImageChoice.NotReady notReady) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on " + PoolFacts.versionName(pool.imageReferenceId())
                    + ": " + text(notReady.reasons()), now);
        }
        ImageChoice.Ready ready = (ImageChoice.Ready) image.get();
        String chosen = ready.version().id().toString();
        String chosenName = ready.version().id().versionName();
        String current = pool.imageReferenceId();
        if (chosen.equalsIgnoreCase(current) && state.isRejected(chosenName)) {
            // Left on a version that failed the gate because no version to return to was known (see verifying).
            return state.phase() == RolloutPhase.BLOCKED ? Step.none(state.lastDecision().orElse(noReturnText(chosenName)))
                    : Resting.step(state, RolloutPhase.BLOCKED, noReturnText(chosenName), now);
        }
        if (chosen.equalsIgnoreCase(current)) {
            if (ready.newerNotReady().isEmpty()) {
                // Up to date: a STABLE pool keeps its last decision (e.g. the gate's numbers), nothing is written.
                return state.phase() == RolloutPhase.STABLE ? Step.none("on " + chosenName + ", the newest ready version")
                        : Resting.step(state, RolloutPhase.STABLE, "on " + chosenName + ", the newest ready version", now);
            }
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on " + chosenName + ": "
                            + text(ready.newerNotReady()), now);
        }
        if (state.isRejected(chosenName)) {
            return Resting.step(state, RolloutPhase.STABLE, Resting.rejectedText(chosenName, current), now);
        }
        Optional<SemanticVersion> on = SemanticVersion.parse(PoolFacts.versionName(current));
        Optional<SemanticVersion> offered = SemanticVersion.parse(chosenName);
        if (on.isPresent() && offered.isPresent() && offered.get().compareTo(on.get()) < 0) {
            return Resting.step(state, RolloutPhase.STABLE, "on " + on.get() + ", newer than the newest eligible version "
                    + chosenName + ": not downgraded automatically", now);
        }
        // Waves: checked before anything a start would read (the quota). A waiting or halted pool reads nothing more and
        // is written once, when it starts to wait or is halted, so that getPool says why it is not rolling.
        Optional<ImageWave.HoldBack> heldBack = seen.wave().holdBack(pool.id(), chosenName);
        if (heldBack.isPresent()) {
            Optional<Step> record = heldBack.get().lasting().map(text -> Resting.step(state, RolloutPhase.STABLE, text, now))
                    .filter(Step.Record.class::isInstance);
            return record.orElseGet(() -> Step.none(heldBack.get().now()));
        }
        if (policy.strategy() == RolloutStrategy.BLUE_GREEN) {
            return blueGreen.start(pool, state, chosen, seen);
        }
        if (pool.secretsNotReturned().contains(Pool.REGISTRY_PASSWORDS)) {
            // Checked before the drain: the image change resends the whole VM configuration, as Batch returns it.
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on " + PoolFacts.versionName(current) + ": changing "
                    + "its image resends its VM configuration, and its container registry password (never returned by "
                    + "Batch) would be lost; sign in to the registry with a managed identity (identityReference)", now);
        }
        if (!PoolFacts.steady(pool)) {
            return Step.none(chosenName + " is ready; waiting for the pool to be Steady before draining (it is "
                    + pool.allocationState() + ")");
        }
        RollbackTarget.Choice back = RollbackTarget.choose(pool, policy, state, chosen, seen.nodeImages());
        if (back instanceof RollbackTarget.Choice.ReadNodes) {
            return new Step.ReadNodeImages(chosenName + " is ready; the pool names its image definition: read the images "
                    + "its nodes report for a version to roll back to");
        }
        if (back instanceof RollbackTarget.Choice.Unknown unknown) {
            return Resting.step(state, RolloutPhase.BLOCKED, "blocked, the pool stays on " + PoolFacts.versionName(current) + ": "
                    + unknown.reason(), now);
        }
        String from = back instanceof RollbackTarget.Choice.Known known ? known.versionId() : current;
        String whence = back instanceof RollbackTarget.Choice.Known known && !from.equalsIgnoreCase(current)
                ? " (" + known.source() + "; the pool names " + PoolFacts.versionName(current) + ")"
                : back instanceof RollbackTarget.Choice.NothingToLose ? " (no node runs: nothing to roll back)" : "";
        RolloutState draining = state.startRollout(chosen, from, pool.scaleSettings(), now)
                .withSavedNodes(PlannedNodes.beforeDrain(pool))
                .withDecision("drain to roll from " + PoolFacts.versionName(from) + whence + " to " + chosenName
                        + ": the version is ready");
        return Step.drain(pool, draining);
    }

    /**
     * A resting pool that records a refusal keeps the decision that says why ({@link RefusalRules}): another resting
     * decision (up to date, blocked, halted...) is not written over it. A new rollout still starts, and clears it.
     */
    private static Step keepingRefusal(RolloutState state, Step step) {
        if (state.refused().isPresent() && step instanceof Step.Record record && !record.state().phase().inProgress()) {
            return Step.none(state.lastDecision().orElse("Azure refused " + state.refused().get().describe())
                    + " (this pass: " + record.reason() + ")");
        }
        return step;
    }

    private Step draining(Pool pool, RolloutState state, Instant now) {
        return emptyThenImage(pool, state, state.target(), RolloutPhase.VERIFYING, "restore capacity on "
                + state.target().map(PoolFacts::versionName).orElse("?") + " and verify", now);
    }

    private Step rollingBack(Pool pool, RolloutState state, Instant now) {
        if (!RollbackTarget.usable(state.previous(), state.target().orElse(""))) {
            // Written by an app version that recorded a definition as the previous image: it resolves to "latest".
            return Step.none("phase ROLLING_BACK returns to " + state.previous().map(PoolFacts::versionName).orElse("?")
                    + ", which is not a concrete version other than " + state.target().map(PoolFacts::versionName)
                    .orElse("?") + " (a definition builds nodes from the newest version): the image is not changed; an "
                    + "operator must look at it");
        }
        return emptyThenImage(pool, state, state.previous(), RolloutPhase.ROLLING_BACK_RESTORE, "restore capacity on "
                + state.previous().map(PoolFacts::versionName).orElse("?") + " after the rollback", now);
    }

    /** Shared by the forward drain and the rollback: drain until empty, change the image, restore the saved scale. */
    private Step emptyThenImage(Pool pool, RolloutState state, Optional<String> image, RolloutPhase next,
                                String restoreDecision, Instant now) {
        if (image.isEmpty() || state.savedScale().isEmpty()) {
            return Step.none("phase " + state.phase() + " lacks its image or saved scale: an operator must look at it");
        }
        if (!PoolFacts.isDrainScale(pool.scaleSettings())) {
            return PoolFacts.steady(pool) ? Step.drain(pool, state)
                    : Step.none("waiting for the pool to be Steady to drain it (it is " + pool.allocationState() + ")");
        }
        if (!pool.isSteadyAndEmpty()) {
            return Step.none("draining: " + (pool.currentDedicatedNodes() + pool.currentLowPriorityNodes())
                    + " nodes left, running tasks finish first");
        }
        if (!image.get().equalsIgnoreCase(pool.imageReferenceId())) {
            return Step.changeImage(pool, image.get(), state, "the pool is empty: change its image to "
                    + PoolFacts.versionName(image.get()));
        }
        return Step.restore(pool, state.savedScale().get(), state.enter(next, now).withDecision(restoreDecision));
    }

    private Step verifying(Pool pool, RolloutState state, Observations seen) {
        if (state.savedScale().isEmpty() || state.since().isEmpty() || seen.nodes().isEmpty()) {
            return Step.none("cannot verify: saved scale, phase start or node counts missing");
        }
        ScaleSettings restored = Step.restoreScale(state.savedScale().get());
        String name = state.target().map(PoolFacts::versionName).orElse("?");
        // The restore wrote the scale and started VERIFYING in one step: the phase start is when the scale was set.
        HealthGate.Verdict verdict = GateTarget.verdict(gate, pool, restored, seen.nodes().get(), state.since().get(),
                state.since().get(), seen.now());
        if (verdict instanceof HealthGate.Verdict.Passed passed) {
            if (state.links().replaces().isPresent()) {
                // A blue-green candidate whose old pool someone deleted: it adopts the jobs left there first.
                RolloutState base = RefusalRules.restoredAsFixed(state) ? state : state.withoutRefusal();
                return Step.record(BlueGreenAdoption.afterGate(base, name, passed.summary(), seen.now()));
            }
            if (RefusalRules.restoredAsFixed(state)) {
                // The formula was refused: the refusal stays, so that the pool at rest keeps saying so.
                return Step.verified(state.settle(RolloutPhase.STABLE, seen.now()).withDecision("on " + name + ", "
                        + RefusalRules.fixedText(state) + "; health gate passed: " + passed.summary()));
            }
            return Step.verified(state.settle(RolloutPhase.STABLE, seen.now()).withoutRefusal()
                    .withDecision("on " + name + ", the newest ready version; health gate passed: " + passed.summary()));
        }
        if (verdict instanceof HealthGate.Verdict.Waiting waiting) {
            return Step.none("verifying " + name + ": " + waiting.summary());
        }
        if (!RollbackTarget.usable(state.previous(), state.target().orElse(""))) {
            // Never roll back to a definition ("latest": the version that failed) nor to the target itself.
            return Step.record(state.reject(name).settle(RolloutPhase.BLOCKED, seen.now()).withDecision(
                    noReturnText(name) + " (" + verdict.summary() + ")"));
        }
        RolloutState back = state.reject(name).enter(RolloutPhase.ROLLING_BACK, seen.now())
                .withDecision("roll back from " + name + " to " + state.previous().map(PoolFacts::versionName).orElse("?")
                        + ": " + verdict.summary());
        return Step.rollBack(pool, back);
    }

    private static Step rollbackRestored(Pool pool, RolloutState state, Instant now) {
        if (!PoolFacts.steady(pool)) {
            return Step.none("rolled back; waiting for the pool to be Steady with its capacity (it is "
                    + pool.allocationState() + ")");
        }
        String rejected = state.target().map(PoolFacts::versionName).orElse("?");
        return Step.record(state.settle(RolloutPhase.STABLE, now).withDecision(RefusalRules.afterRollback(pool, state)
                .orElseGet(() -> Resting.rejectedText(rejected, pool.imageReferenceId()))));
    }

    /** A version that failed the gate where no version to return to was known: the pool stays on it, BLOCKED. */
    static String noReturnText(String failed) {
        return "blocked on " + failed + ", which failed the health gate on this pool; no concrete version to roll back "
                + "to was known (the pool named its image definition, whose newest version is " + failed + "), so it "
                + "was not rolled back: set the pool's imageReference to a good version id or publish a fixed version, "
                + "then retry";
    }

    private static String text(List<Reason> reasons) {
        return reasons.stream().map(r -> r.code() + ": " + r.lastingMessage()).collect(Collectors.joining("; "));
    }
}
