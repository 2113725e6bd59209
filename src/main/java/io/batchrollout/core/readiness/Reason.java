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

    /**
     * The message without what moves from one read to the next (replication progress). A pool's recorded decision is
     * rewritten only when it changes, so a blocked pool costs one write when it becomes blocked, not one per pass while
     * a version replicates.
     */
    public String lastingMessage() {
        if (code == ReasonCode.REPLICATION_IN_PROGRESS) {
            return Reasons.replicatingMessage(version.orElse("?"), String.valueOf(facts.get("region")), facts.get("state"), "");
        }
        return message;
    }
}
