package io.batchrollout.core.rollout;

import static io.batchrollout.core.rollout.RolloutDecider.versionName;

import io.batchrollout.core.model.Pool;
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
 *   <li>The restore of the saved scale: tried again, {@link #RESTORE_ATTEMPTS} refusals in a row at most; then the pool
 *   rests drained with a decision naming Azure's answer, for an operator (no smaller or other scale is invented).
 * </ul>
 *
 * A refusal that has been acted on stays recorded: through the rollback it caused, and at rest, where it keeps the
 * decision that says why (the resting pass writes nothing over it) until a rollout starts or an operator retries.
 */
final class RefusalRules {
    /** Refusals in a row of the restore before the app stops asking. */
    static final int RESTORE_ATTEMPTS = 3;

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
        String target = state.target().map(RolloutDecider::versionName).orElse("?");
        String previous = state.previous().map(RolloutDecider::versionName).orElse("?");
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
        Optional<Refusal> refusal = state.refused().filter(r -> r.step() == Refusal.Kind.CHANGE_IMAGE);
        String current = versionName(pool.imageReferenceId());
        String target = state.target().map(RolloutDecider::versionName).orElse("?");
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
        if (!RolloutDecider.steady(pool)) {
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

    private static Outcome restore(Pool pool, RolloutState state, Refusal refusal, Instant now) {
        boolean onPrevious = state.previous().filter(p -> p.equalsIgnoreCase(pool.imageReferenceId())).isPresent();
        if (refusal.count() < RESTORE_ATTEMPTS) {
            if (state.phase() == RolloutPhase.ROLLING_BACK && !onPrevious && state.savedScale().isPresent()
                    && RolloutDecider.isDrainScale(pool.scaleSettings()) && pool.isSteadyAndEmpty()) {
                // The restore on the pool's own image after the image change back was refused: that restore again,
                // not the refused image change.
                return act(Step.restore(pool, state.savedScale().get(), state.withoutRefusal()
                        .enter(RolloutPhase.ROLLING_BACK_RESTORE, now).withDecision("rolled back capacity on "
                                + versionName(pool.imageReferenceId()) + ": the image change back to "
                                + state.previous().map(RolloutDecider::versionName).orElse("?") + " was refused earlier "
                                + "and the restore is tried again (" + refusal.count() + " refused)")));
            }
            // Decided as usual: the same restore, and once it goes through nothing of the refusal is left.
            return new Outcome.Continue(state.withoutRefusal());
        }
        String text = "capacity NOT restored: Azure refused " + refusal.describe() + " " + refusal.count()
                + " times in a row; the pool stays drained on " + versionName(pool.imageReferenceId())
                + ". An operator must fix the cause (quota, the saved scale) and `retry` on this pool";
        return act(state.lastDecision().filter(text::equals).isPresent() ? Step.none(text)
                : Step.record(state.withDecision(text)));
    }

    private static Outcome act(Step step) {
        return new Outcome.Act(step);
    }
}
