package io.batchrollout.core.rollout.operator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an operator can ask of a managed pool's rollout through {@code POST /api/pools/{poolId}/rollout}. */
public enum OperatorAction {
    /** Forget the rejections, so the next pass tries the version the pool would roll to again. */
    RETRY,
    /** Passes leave the pool alone (no step at all) until resumed; the phase is kept. */
    PAUSE,
    /** Passes take steps again, from the phase the pool was paused in. */
    RESUME,
    /** Go back to the version the pool had before the rollout, and reject the one rolled to. */
    ROLLBACK;

    /** The name in the API: {@code retry}, {@code pause}, {@code resume}, {@code rollback}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OperatorAction> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }
}
