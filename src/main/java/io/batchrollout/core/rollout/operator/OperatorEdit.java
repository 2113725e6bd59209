package io.batchrollout.core.rollout.operator;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.rollout.bluegreen.BlueGreenDecider;
import io.batchrollout.core.rollout.gate.PlannedNodes;
import io.batchrollout.core.rollout.inplace.RollbackTarget;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an operator action does to a pool's recorded rollout state, as a pure function: no I/O, so each rule is tested
 * with hand-built records. The reconciler then acts on the edited state as on any other: {@link io.batchrollout.core.rollout.inplace.RolloutDecider} honours
 * {@code paused}, retries a version that is no longer rejected, and runs ROLLING_BACK from {@code previous} with the
 * saved scale.
 */
public final class OperatorEdit {
    private OperatorEdit() {
    }

    /** The result of an action on one state. */
    public sealed interface Result {
        /** The state to write; {@code lastDecision} says what the operator did. */
        record Write(RolloutState state) implements Result {
        }

        /** Already as asked (e.g. pausing a paused pool): nothing to write, the answer is the pool as it is. */
        record AlreadySo(String reason) implements Result {
        }

        /** The action cannot apply to this pool now; nothing is written. */
        record Refused(String reason) implements Result {
        }
    }

    public static Result apply(OperatorAction action, Pool pool, RolloutState state, Instant now) {
        return switch (action) {
            case PAUSE -> state.paused() ? new Result.AlreadySo("already paused in phase " + state.phase())
                    : new Result.Write(withPaused(state, true).withDecision("operator: pause in phase " + state.phase()
                    + "; passes take no step until resumed"));
            case RESUME -> !state.paused() ? new Result.AlreadySo("not paused")
                    : new Result.Write(withPaused(state, false).withDecision("operator: resume in phase " + state.phase()));
            case RETRY -> retry(state);
            case ROLLBACK -> rollback(pool, state, now);
        };
    }

    /**
     * Forgets the rejections, Azure's recorded refusal ({@link io.batchrollout.core.rollout.state.Refusal}) and, once they ran out, the attempts of a
     * blue-green rollout whose candidate kept disappearing ({@link BlueGreenDecider#MAX_ATTEMPTS}): the next pass asks
     * Azure again.
     */
    private static Result retry(RolloutState state) {
        boolean attemptsRanOut = !state.phase().inProgress() && state.attempts() >= BlueGreenDecider.MAX_ATTEMPTS;
        if (state.rejected().isEmpty() && state.refused().isEmpty() && !attemptsRanOut) {
            return new Result.AlreadySo("no version is rejected on this pool");
        }
        List<String> forgot = new java.util.ArrayList<>();
        if (!state.rejected().isEmpty()) {
            forgot.add("the rejection of " + String.join(", ", state.rejected()) + ", the next pass may roll to "
                    + (state.rejected().size() == 1 ? "it" : "them") + " again");
        }
        state.refused().ifPresent(r -> forgot.add("Azure's refusal of " + r.what() + ", the next pass asks again"));
        if (attemptsRanOut) {
            forgot.add("the " + state.attempts() + " attempts at " + state.target().map(PoolFacts::versionName)
                    .orElse("the version") + ", the next pass starts a fresh one");
        }
        RolloutState cleared = attemptsRanOut ? state.withoutAttempts() : state;
        return new Result.Write(cleared.withRejected(List.of()).withoutRefusal()
                .withDecision("operator: retry; forgot " + String.join("; ", forgot)));
    }

    private static Result rollback(Pool pool, RolloutState state, Instant now) {
        RolloutPhase phase = state.phase();
        if (phase == RolloutPhase.ROLLING_BACK || phase == RolloutPhase.ROLLING_BACK_RESTORE) {
            return new Result.AlreadySo("already rolling back to " + state.previous().map(PoolFacts::versionName).orElse("?"));
        }
        if (phase == RolloutPhase.ABORTING) {
            return new Result.AlreadySo("already aborting the blue-green rollout to "
                    + state.target().map(PoolFacts::versionName).orElse("?"));
        }
        if (phase == RolloutPhase.CREATING_CANDIDATE || phase == RolloutPhase.CANDIDATE_VERIFYING || phase == RolloutPhase.MOVING_JOBS) {
            // The old pool still has its capacity: abort moves any moved job back and deletes the candidate.
            String name = state.target().map(PoolFacts::versionName).orElse("?");
            return new Result.Write(state.withPaused(false).reject(name).enter(RolloutPhase.ABORTING, now)
                    .withDecision("operator: rollback of the blue-green rollout to " + name + " (was " + phase + "); jobs "
                            + "go back to this pool, the candidate is deleted, " + name + " is rejected until retried"));
        }
        if (phase.blueGreen()) {
            return new Result.Refused("the pool is in blue-green phase " + phase + ": "
                    + (phase == RolloutPhase.CANDIDATE ? "ask the pool it replaces for a rollback"
                    : phase == RolloutPhase.ADOPTING_JOBS ? "it moves the jobs of the deleted pool it replaced onto itself; "
                    + "ask for a rollback once it is STABLE"
                    : "the old pool is already being retired; its jobs run on the new pool"));
        }
        if (state.previous().isEmpty()) {
            return new Result.Refused("nothing to roll back: the pool is in phase " + phase + " on "
                    + PoolFacts.versionName(pool.imageReferenceId()) + " and no previous version is recorded "
                    + "(a finished rollout does not keep it)");
        }
        String previous = state.previous().get();
        if (phase.inProgress()) {
            // DRAINING or VERIFYING: the saved scale is the capacity to restore on the previous version.
            if (state.target().isEmpty() || state.savedScale().isEmpty()) {
                return new Result.Refused("phase " + phase + " lacks its target or saved scale: an operator must look at it");
            }
            if (!RollbackTarget.usable(state.previous(), state.target().get())) {
                return new Result.Refused(noConcretePrevious(previous, state.target().get()));
            }
            return new Result.Write(startRollback(state, state.target().get(), previous, state.savedScale().get(), now));
        }
        if (previous.equalsIgnoreCase(pool.imageReferenceId())) {
            return new Result.Refused("nothing to roll back: the pool is at rest on its previous version "
                    + PoolFacts.versionName(previous));
        }
        if (!RollbackTarget.usable(state.previous(), pool.imageReferenceId())) {
            return new Result.Refused(noConcretePrevious(previous, pool.imageReferenceId()));
        }
        // At rest on another version than the recorded previous one: roll back from it with the capacity it has now.
        RolloutState from = state.withProgress(Optional.of(pool.imageReferenceId()), state.previous(),
                Optional.of(pool.scaleSettings())).withSavedNodes(PlannedNodes.beforeDrain(pool));
        return new Result.Write(startRollback(from, pool.imageReferenceId(), previous, pool.scaleSettings(), now));
    }

    /**
     * ROLLING_BACK with the version rolled to rejected (else the next pass at rest would roll to it again) and the pause
     * lifted: an operator asking for a rollback wants it to run, not to wait for another call.
     */
    private static RolloutState startRollback(RolloutState state, String target, String previous, ScaleSettings saved,
                                              Instant now) {
        String name = PoolFacts.versionName(target);
        boolean wasPaused = state.paused();
        RolloutState back = state.withPaused(false).withProgress(Optional.of(target), Optional.of(previous), Optional.of(saved));
        return back.reject(name).enter(RolloutPhase.ROLLING_BACK, now).withDecision("operator: rollback from " + name + " to "
                + PoolFacts.versionName(previous) + " (was " + state.phase() + (wasPaused ? ", paused" : "") + "); "
                + name + " is rejected on this pool until retried");
    }

    /** A definition (Batch's "latest") or the version itself is no place to roll back to: it would rebuild on it. */
    private static String noConcretePrevious(String previous, String target) {
        return "no concrete version to roll back to: the recorded previous image " + PoolFacts.versionName(previous)
                + (RollbackTarget.isVersion(previous) ? " is the version being rolled back"
                : " is not a gallery version (a pool naming its image definition builds nodes from the newest version, "
                + "which is " + PoolFacts.versionName(target) + " or later)")
                + "; set the pool's imageReference to the version id to return to instead";
    }

    static RolloutState withPaused(RolloutState s, boolean paused) {
        return s.withPaused(paused);
    }
}
