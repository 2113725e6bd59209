package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.policy.RolloutPolicy;
import io.batchrollout.core.readiness.Reason;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.state.RolloutView;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One managed pool in the drift report.
 *
 * @param currentImage   the pool's imageReference as Batch holds it
 * @param desiredImage   the version the policy asks for now: the pin, or the resolver's choice for a tracked definition;
 *                       empty when no version can be chosen (see {@code blockedReasons}) or the image was not read
 * @param blockedReasons why the newest version cannot back the pool: the readiness gate's reasons
 * @param holds          what keeps the app from rolling a drifted pool, in words: paused, rejected, pinned...
 * @param timing         when the rollout phase should have ended, and whether it is past that ({@link PhaseDeadline})
 * @param daysBehind     whole days since the desired version of a tracked pool not on it was published; empty when in
 *                       sync, pinned, unknown, or the gallery gave no published date
 * @param currentEndOfLife the end-of-life date of the version the pool runs, when the gallery lists one
 */
public record DriftEntry(PoolId pool, RolloutPolicy policy, String currentImage, Optional<String> desiredImage,
                         Status status, RolloutView rollout, List<Reason> blockedReasons, List<String> holds,
                         PhaseDeadline.Timing timing, Optional<Long> daysBehind, Optional<OffsetDateTime> currentEndOfLife) {

    public enum Status {
        IN_SYNC, DRIFTED,
        /** No desired version could be chosen, or the image could not be read this time. */
        UNKNOWN;

        public String apiName() {
            return switch (this) {
                case IN_SYNC -> "inSync";
                case DRIFTED -> "drifted";
                case UNKNOWN -> "unknown";
            };
        }
    }

    public DriftEntry {
        blockedReasons = List.copyOf(blockedReasons);
        holds = List.copyOf(holds);
    }

    /** Without a phase deadline, days behind or end of life. */
    public DriftEntry(PoolId pool, RolloutPolicy policy, String currentImage, Optional<String> desiredImage, Status status,
                      RolloutView rollout, List<Reason> blockedReasons, List<String> holds) {
        this(pool, policy, currentImage, desiredImage, status, rollout, blockedReasons, holds, PhaseDeadline.Timing.NONE,
                Optional.empty(), Optional.empty());
    }

    /** The same entry with the facts read per definition and phase: deadline, days behind, end of life. */
    DriftEntry with(PhaseDeadline.Timing phaseTiming, Optional<Long> behind, Optional<OffsetDateTime> endOfLife) {
        return new DriftEntry(pool, policy, currentImage, desiredImage, status, rollout, blockedReasons, holds, phaseTiming,
                behind, endOfLife);
    }
}
