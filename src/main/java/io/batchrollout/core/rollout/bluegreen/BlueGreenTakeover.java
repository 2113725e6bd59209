package io.batchrollout.core.rollout.bluegreen;

import io.batchrollout.core.model.Pool;
import io.batchrollout.core.rollout.state.BlueGreenLinks;
import io.batchrollout.core.rollout.state.BlueGreenView;
import io.batchrollout.core.rollout.state.PoolFacts;
import io.batchrollout.core.rollout.state.RolloutPhase;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.core.rollout.state.Step;
import java.time.Instant;
import java.util.Optional;

/**
 * The candidate's own passes (phase CANDIDATE): the rollout is driven from the pool it replaces, so the candidate only
 * waits, and takes over as the group's active pool once that pool is gone, whether the app retired it or someone else
 * deleted it.
 */
final class BlueGreenTakeover {
    private BlueGreenTakeover() {
    }

    /**
     * On the candidate: wait while the replaced pool is there. Once it is gone or going the candidate takes over:
     * directly when that pool's state (still listed while it deletes) shows the candidate passed its gate (jobs moving
     * or the pool retiring); otherwise (someone deleted the old pool before, or it is gone without a trace) the
     * candidate passes the health gate itself, in place (VERIFYING from now, on the targets it has), then is STABLE, or
     * rolls back in place to the version the old pool ran. A healthy candidate passes at once, so a retired pool that
     * deleted too fast to be seen costs one more write, not a wait. A candidate verified the other way (the old pool
     * deleted by someone else while it moved jobs), or after its own gate, adopts the jobs left on the deleted pool
     * ({@link BlueGreenAdoption}) before it is STABLE.
     */
    static Step decide(Pool self, RolloutState state, BlueGreenView view, Instant now) {
        String group = state.links().group().orElse("?");
        Optional<String> replaced = state.links().replaces();
        Optional<Pool> replacedPool = replaced.flatMap(view::pool);
        if (replacedPool.filter(p -> !BlueGreenDecider.deleting(p)).isPresent()) {
            if (RolloutStateCodec.decode(replacedPool.get().metadata()) instanceof RolloutStateCodec.Decoded.Unreadable u) {
                return Step.none("candidate of " + replaced.get() + " in group " + group + "; the rollout is stopped: "
                        + replaced.get() + "'s rollout state cannot be read (" + u.reason() + "), so nothing is written "
                        + "to either pool until it is fixed");
            }
            return Step.none("candidate of " + replaced.get() + " in group " + group + "; the rollout is driven from "
                    + replaced.get());
        }
        String version = state.target().map(PoolFacts::versionName).orElse("?");
        Optional<RolloutState> replacedState = replacedPool.map(PoolGroups::stateOf);
        if (replacedState.filter(s -> s.phase() == RolloutPhase.MOVING_JOBS).isPresent()) {
            return Step.record(BlueGreenAdoption.takeOverMove(state, replacedState.get(), now));
        }
        boolean verified = replacedState.map(RolloutState::phase)
                .filter(p -> p == RolloutPhase.MOVING_JOBS || p == RolloutPhase.RETIRING_OLD_POOL).isPresent();
        if (verified || replaced.isEmpty() || state.target().isEmpty() || state.previous().isEmpty()) {
            return Step.record(state.settle(RolloutPhase.STABLE, now).withDecision("on " + version
                    + ", the active pool of group " + group + replaced.map(r -> " since " + r + " was retired").orElse("")));
        }
        return Step.record(state.enter(RolloutPhase.VERIFYING, now)
                .withProgress(state.target(), state.previous(), Optional.of(self.scaleSettings()))
                // The replaced pool's name stays: the jobs still naming it move here once the gate passes.
                .withLinks(BlueGreenLinks.candidateOf(group, replaced.get()))
                .withDecision(replaced.get() + " is gone, and its record of the health gate with it: "
                        + self.id().poolName() + " is the active pool of group " + group + " and passes the gate on "
                        + version + " itself before it is STABLE (it rolls back in place if it fails)"));
    }
}
