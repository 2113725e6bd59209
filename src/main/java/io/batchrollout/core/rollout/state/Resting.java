package io.batchrollout.core.rollout.state;

import java.time.Instant;

/** Resting decisions shared by the in-place and blue-green strategies, worded the same so a pool is not rewritten. */
public final class Resting {
    private Resting() {
    }

    /** A resting phase, written only when it says something new: passes at rest cost no write. */
    public static Step step(RolloutState state, RolloutPhase phase, String decision, Instant now) {
        if (state.phase() == phase && state.lastDecision().filter(decision::equals).isPresent()) {
            return Step.none(decision);
        }
        RolloutState next = state.phase() == phase ? state : state.settle(phase, now);
        return Step.record(next.withDecision(decision));
    }

    /** The same words after the rollback and at rest afterwards, so the pool is not rewritten on every pass. */
    public static String rejectedText(String rejected, String current) {
        return "on " + PoolFacts.versionName(current) + "; " + rejected + " failed the health gate on this pool and is "
                + "not tried again until a newer version appears or an operator retries it";
    }
}
