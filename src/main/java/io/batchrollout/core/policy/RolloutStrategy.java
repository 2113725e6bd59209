package io.batchrollout.core.policy;

import java.util.Arrays;
import java.util.Optional;

/** How a pool moves to a new image: drained and re-imaged in place, or replaced by a new pool (blue-green). */
public enum RolloutStrategy {
    IN_PLACE("inPlace"),
    BLUE_GREEN("blueGreen");

    private final String wireName;

    RolloutStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the HTTP API and in pool metadata. */
    public String wireName() {
        return wireName;
    }

    public static Optional<RolloutStrategy> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
