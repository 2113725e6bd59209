package io.batchrollout.core.rollout.inplace;

import static io.batchrollout.core.rollout.state.PoolFacts.versionName;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.readiness.ResizeTimeout;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.Refusal;
import io.batchrollout.core.rollout.state.Resting;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.Optional;

/**
 * What a pass does with a step Azure refused on an earlier pass ({@link Refusal}, recorded on the pool). Pure, like the
 * deciders. The rule of the product: no pool is left without capacity unless a policy says so, so a refusal never
 * leaves a drained pool waiting for a step that cannot succeed.
 *
 * <ul>
 *   <li>The drain that starts a rollout, or the creation of a blue-green candidate: nothing changed on the pool. The
 *   version is rejected on this pool (waves then halt it elsewhere, as after a failed health gate) and the pool rests.
 *   <li>The image change to the target, on the drained pool: the version is rejected and the rollback starts. The
 *   pool's image never changed, so the rollback restores the saved scale at once.
 *   <li>The image change back to the previous version during a rollback (that version was deleted too): the saved
 *   scale is restored on the image the pool has, the only one Batch accepts, and the pool rests there with a decision
 *   that says so; it does not wait at zero.
 *   <li>The restore of the saved scale: tried again, {@link #RESTORE_ATTEMPTS} refusals in a row at most. Then a saved
 *   autoscale formula gives way to a fixed scale of the nodes the pool was planned for before the drain
 *   ({@link RolloutState#savedNodes}): the formula itself is the likely cause (it no longer validates), and those counts
 *   are capacity the pool provably ran. The rollout goes on as if the restore had succeeded (the gate verifies the fixed
 *   targets; after a rollback the pool rests) and the refusal stays recorded to keep the decision that says so: an
 *   operator fixes the formula and sets it again, the app never puts it back by itself. A saved fixed scale, or an
 *   autoscale one drained before the counts were saved, rests drained with a decision naming Azure's answer, for an
 *   operator (no smaller or other scale is invented). It is not retried with another resizeTimeout: the restore already
 *   sends the larger of the saved one (which Batch accepted) and {@code ResizeTimeout.forNodes}, and Batch documents
 *   only a minimum (5 minutes), so the timeout is not what it refused.
 * </ul>
 *
 * A refusal that has been acted on stays recorded: through the rollback it caused, and at rest, where it keeps the
 * decision that says why (the resting pass writes nothing over it) until a rollout starts or an operator retries.
 */
public final class RefusalRules {
    /** Refusals in a row of the restore before the app stops asking. */
    public static final int RESTORE_ATTEMPTS = 3;

    private RefusalRules() {
    }

    /** Either a step to take now, or the usual decision on this state. */
    sealed interface Outcome {
        record Act(Step step) implements Outcome {
        }

        record Continue(RolloutState state) implements Outcome {
        }
    }

    static Outcome decide(Pool pool, RolloutState state, Instant now) {
        Refusal refusal = state.refused().orElseThrow();
        RolloutPhase phase = state.phase();
        String target = state.target().map(PoolFacts::versionName).orElse("?");
        String previous = state.previous().map(PoolFacts::versionName).orElse("?");
        String current = versionName(pool.imageReferenceId());
        return switch (refusal.step()) {
            case DRAIN -> {
                if (!phase.inProgress() && !state.isRejected(refusal.version())) {
                    yield act(Step.record(state.reject(refusal.version()).settle(RolloutPhase.STABLE, now)
                            .withDecision(restingText(current, refusal.version(), refusal))));
                }
                if (phase == RolloutPhase.DRAINING) {
                    yield act(Step.record(state.reject(target).settle(RolloutPhase.STABLE, now)
                            .withDecision(restingText(current, target, refusal))));
                }
                if (phase == RolloutPhase.ROLLING_BACK) {
                    yield act(Step.record(state.settle(RolloutPhase.STABLE, now).withDecision("on " + current
                            + " with its capacity: the rollback to " + previous + " could not start, Azure refused "
                            + refusal.describe() + "; " + target + " stays rejected. An operator must act: `retry` "
                            + "to try the rollback's drain again, or publish a newer version")));
                }
                yield new Outcome.Continue(state);
            }
            case CHANGE_IMAGE -> {
                if (phase == RolloutPhase.DRAINING && refusal.version().equals(target)) {
                    // The pool's image never changed: ROLLING_BACK finds it on the previous image and restores at once.
                    yield act(Step.record(state.reject(target).enter(RolloutPhase.ROLLING_BACK, now).withDecision(
                            "roll back to " + previous + ": Azure refused " + refusal.describe() + "; " + target
                                    + " is rejected on this pool and the saved capacity comes back on " + previous)));
                }
                if (phase == RolloutPhase.ROLLING_BACK && refusal.version().equals(previous)) {
                    yield act(restoreWhereItIs(pool, state, now));
                }
                yield new Outcome.Continue(state);
            }
            case RESTORE -> restore(pool, state, refusal, now);
            case CREATE_POOL -> phase == RolloutPhase.CREATING_CANDIDATE && refusal.version().equals(target)
                    ? act(Step.record(state.reject(target).settle(RolloutPhase.STABLE, now)
                    .withDecision(restingText(current, target, refusal) + "; no candidate was created, nothing to clean up")))
                    : new Outcome.Continue(state);
        };
    }

    /**
     * The decision a rollback caused by a refusal ends with, the same words as at rest afterwards; empty when the
     * rollback had another cause (the health gate, an operator).
     */
    static Optional<String> afterRollback(Pool pool, RolloutState state) {
        if (restoredAsFixed(state)) {
            String rejected = state.target().map(PoolFacts::versionName).orElse("?");
            return Optional.of(Resting.rejectedText(rejected, pool.imageReferenceId()) + "; " + fixedText(state));
        }
        Optional<Refusal> refusal = state.refused().filter(r -> r.step() == Refusal.Kind.CHANGE_IMAGE);
        String current = versionName(pool.imageReferenceId());
        String target = state.target().map(PoolFacts::versionName).orElse("?");
        if (refusal.filter(r -> r.version().equals(target)).isPresent()) {
            return Optional.of(restingText(current, target, refusal.get()));
        }
        return refusal.map(r -> capacityKeptText(current, r));
    }

    /** "on 1.0.0; Azure refused ...: 1.1.0 is rejected on this pool ...". */
    static String restingText(String current, String rejected, Refusal refusal) {
        return "on " + current + "; Azure refused " + refusal.describe() + ": " + rejected + " is rejected on this pool "
                + "and is not tried again until a newer version appears or an operator retries it";
    }

    /** Rule (rollback refused): the saved capacity on the image the pool has, rather than no capacity at all. */
    private static Step restoreWhereItIs(Pool pool, RolloutState state, Instant now) {
        if (state.savedScale().isEmpty()) {
            return Step.none("phase " + state.phase() + " lacks its saved scale: an operator must look at it");
        }
        if (!PoolFacts.steady(pool)) {
            return Step.none("waiting for the pool to be Steady to restore its capacity (it is " + pool.allocationState() + ")");
        }
        String text = capacityKeptText(versionName(pool.imageReferenceId()), state.refused().orElseThrow());
        return Step.restore(pool, state.savedScale().get(), state.enter(RolloutPhase.ROLLING_BACK_RESTORE, now)
                .withDecision(text));
    }

    private static String capacityKeptText(String current, Refusal refusal) {
        return "rolled back capacity on " + current + " because Azure refused " + refusal.describe() + "; " + current
                + " stays rejected and the pool runs it. An operator must act: restore " + refusal.version()
                + " in the gallery and roll back, or publish a newer version";
    }

    /**
     * True once a refused autoscale restore was replaced by the fixed scale of {@link RolloutState#savedNodes}: the
     * refusal stays recorded beside the fixed saved scale (until the pool rests, which drops both) to keep saying why.
     */
    static boolean restoredAsFixed(RolloutState state) {
        return state.refused().filter(r -> r.step() == Refusal.Kind.RESTORE && r.count() >= RESTORE_ATTEMPTS).isPresent()
                && state.savedScale().filter(ScaleSettings.FixedScale.class::isInstance).isPresent()
                && state.savedNodes().isPresent();
    }

    /** What an operator must know after the fallback, the same words from the restore until the pool rests. */
    static String fixedText(RolloutState state) {
        Refusal refusal = state.refused().orElseThrow();
        ScaleSettings.FixedScale fixed = (ScaleSettings.FixedScale) state.savedScale().orElseThrow();
        return "capacity restored as fixed " + fixed.targetDedicatedNodes() + "/" + fixed.targetLowPriorityNodes()
                + " (dedicated/low-priority, what the pool ran before the drain) because Azure refused the autoscale "
                + "formula " + refusal.count() + " times in a row: " + refusal.status() + " " + refusal.code()
                + (refusal.message().isEmpty() ? "" : " (" + refusal.message() + ")") + ". An operator must fix the "
                + "formula and set it on the pool again: the app does not restore it by itself";
    }

    private static Outcome restore(Pool pool, RolloutState state, Refusal refusal, Instant now) {
        if (restoredAsFixed(state) || !state.phase().inProgress()) {
            // Capacity is back (as a fixed scale) or the pool rests: the refusal only keeps the decision that says why.
            return new Outcome.Continue(state);
        }
        boolean onPrevious = state.previous().filter(p -> p.equalsIgnoreCase(pool.imageReferenceId())).isPresent();
        if (refusal.count() < RESTORE_ATTEMPTS) {
            if (state.phase() == RolloutPhase.ROLLING_BACK && !onPrevious && state.savedScale().isPresent()
                    && PoolFacts.isDrainScale(pool.scaleSettings()) && pool.isSteadyAndEmpty()) {
                // The restore on the pool's own image after the image change back was refused: that restore again,
                // not the refused image change.
                return act(Step.restore(pool, state.savedScale().get(), state.withoutRefusal()
                        .enter(RolloutPhase.ROLLING_BACK_RESTORE, now).withDecision("rolled back capacity on "
                                + versionName(pool.imageReferenceId()) + ": the image change back to "
                                + state.previous().map(PoolFacts::versionName).orElse("?") + " was refused earlier "
                                + "and the restore is tried again (" + refusal.count() + " refused)")));
            }
            // Decided as usual: the same restore, and once it goes through nothing of the refusal is left.
            return new Outcome.Continue(state.withoutRefusal());
        }
        Optional<ScaleSettings.FixedScale> fixed = fallbackScale(state);
        // Once: a fallback refused in turn (counted on) leaves the pool drained like any other refused restore.
        boolean fallingBack = fixed.isPresent() && refusal.count() == RESTORE_ATTEMPTS;
        if (fallingBack && (state.phase() == RolloutPhase.DRAINING || state.phase() == RolloutPhase.ROLLING_BACK)) {
            if (!PoolFacts.steady(pool)) {
                return act(Step.none("waiting for the pool to be Steady to restore its capacity as a fixed scale (it is "
                        + pool.allocationState() + ")"));
            }
            RolloutPhase next = state.phase() == RolloutPhase.DRAINING ? RolloutPhase.VERIFYING
                    : RolloutPhase.ROLLING_BACK_RESTORE;
            RolloutState restored = state.withProgress(state.target(), state.previous(), Optional.of(fixed.get()))
                    .enter(next, now);
            return act(Step.restore(pool, fixed.get(), restored.withDecision(fixedText(restored))));
        }
        String text = "capacity NOT restored: Azure refused " + refusal.describe() + " " + refusal.count()
                + " times in a row" + fixed.filter(f -> refusal.count() > RESTORE_ATTEMPTS).map(f -> " (the last time as the fixed scale " + f.targetDedicatedNodes() + "/"
                + f.targetLowPriorityNodes() + " it fell back to)").orElse("") + "; the pool stays drained on "
                + versionName(pool.imageReferenceId())
                + ". An operator must fix the cause (quota, the saved scale) and `retry` on this pool";
        return act(state.lastDecision().filter(text::equals).isPresent() ? Step.none(text)
                : Step.record(state.withDecision(text)));
    }

    /** The fixed scale a refused autoscale restore gives way to; empty for a fixed saved scale or without the counts. */
    private static Optional<ScaleSettings.FixedScale> fallbackScale(RolloutState state) {
        if (!(state.savedScale().orElse(null) instanceof ScaleSettings.AutoScale) || state.savedNodes().isEmpty()) {
            return Optional.empty();
        }
        PoolAutoScaleRun.Targets nodes = state.savedNodes().get();
        return Optional.of(new ScaleSettings.FixedScale(nodes.dedicated(), nodes.lowPriority(),
                ResizeTimeout.forNodes(nodes.total()), ScaleSettings.NodeDeallocationOption.TASK_COMPLETION));
    }

    private static Outcome act(Step step) {
        return new Outcome.Act(step);
    }
}
