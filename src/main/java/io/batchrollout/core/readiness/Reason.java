package io.batchrollout.core.readiness;

import java.util.Map;
import java.util.Optional;

/**
 * One reason an image cannot back a pool, with the numbers behind it (e.g. replicasNeeded and replicasPresent,
 * region and state) so a pipeline can act without reading prose. {@code version} names the version the reason is
 * about when several were considered.
 */
public record Reason(ReasonCode code, String message, Optional<String> version, Map<String, Object> facts) {
    public Reason {
        facts = Map.copyOf(facts);
    }
}
