package io.batchrollout.core.rollout.promotion;

import java.util.List;
import java.util.Objects;

/**
 * What gated promotion decides for a definition's newest candidate in one pass: one gallery write at most (promote or
 * reject, with the version's ETag), the bake records to write on canary pools (each with its pool's ETag), and the
 * standing for getPool, the drift report and the log.
 *
 * @param version   the version name decided on
 * @param action    the gallery write, if any
 * @param state     where the version stands after this decision
 * @param reason    why, in one sentence
 * @param marks     bake records to write, pool by pool (nothing when every canary already carries what it should)
 * @param canaries  each canary's standing, in pool order
 */
public record PromotionDecision(String version, Action action, PromotionState state, String reason, List<Mark> marks,
                                List<Standing> canaries) {
    public PromotionDecision {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        marks = List.copyOf(marks);
        canaries = List.copyOf(canaries);
    }

    /** The gallery write: none, promote (excludeFromLatest false everywhere) or reject (the rejected tag). */
    public enum Action {
        NONE, PROMOTE, REJECT
    }

    /** A bake record to write on one canary pool. */
    public record Mark(String pool, BakeRecord record) {
    }

    /** One canary's standing toward the version: rolling, baking (with how long is left), ready, failed, waiting. */
    public record Standing(String pool, String standing, String detail) {
    }
}
