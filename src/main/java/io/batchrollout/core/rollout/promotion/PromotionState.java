package io.batchrollout.core.rollout.promotion;

/** Where a version stands in gated promotion, as getPool, the drift report and the dashboard show it. */
public enum PromotionState {
    /** Excluded from latest and not rejected: canary pools roll to it; no canary has proved it yet. */
    CANDIDATE("candidate"),
    /** At least one canary passed its health gate on it and is staying healthy for PROMOTION_BAKE. */
    BAKING("baking"),
    /** The app (or an operator through it) set excludeFromLatest to false: every tracked pool follows. */
    PROMOTED("promoted"),
    /** A canary failed on it, or an operator rejected it: it stays excluded and no pool rolls to it. */
    REJECTED("rejected");

    private final String wireName;

    PromotionState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
