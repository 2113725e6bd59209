package io.batchrollout.core.rollout.operator;

import io.batchrollout.core.rollout.StateValidation;
import io.batchrollout.core.rollout.state.RolloutState;

/**
 * How a TAMPERED pool ({@link StateValidation}) is reset: by an operator's {@code retry} or by adopting it again. The
 * recorded state is not repaired but forgotten, since none of it can be trusted (saved scale included): the pool rests
 * as STABLE on the image it has, and the next pass decides afresh from Azure's facts. A pool that was drained when its
 * state was edited keeps the scale it has; the decision says to restore it by hand.
 */
public final class TamperedState {
    private TamperedState() {
    }

    /** Whether the pool's last recorded decision is a TAMPERED one. */
    public static boolean isTampered(RolloutState state) {
        return state.lastDecision().filter(d -> d.startsWith(StateValidation.TAMPERED)).isPresent();
    }

    /** The state written by the reset; {@code by} names who reset it ("operator: retry", "adoption"). */
    public static RolloutState reset(RolloutState state, String by) {
        return RolloutState.initial().withDecision(by + ": reset the rollout state that failed validation (was: "
                + StateValidation.shown(state.lastDecision().orElse("")) + "); the pool rests on the image it has and the "
                + "next pass decides afresh; if it was drained, set its scale back yourself");
    }
}
