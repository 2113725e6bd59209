package io.batchrollout.core.rollout;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.policy.ImageRef;
import io.batchrollout.core.readiness.ImageChoice;
import io.batchrollout.core.readiness.ImageResolver;
import io.batchrollout.core.rollout.gate.PhaseDeadline;
import io.batchrollout.core.rollout.inplace.RolloutDecider;
import io.batchrollout.core.rollout.state.RolloutState;
import io.batchrollout.core.rollout.state.RolloutStateCodec;
import io.batchrollout.port.AzureCallException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The drift report's counts ({@link DriftCounts}) from what one pass already read, for the line the timer logs after
 * its summary: no request of its own. A pool's image choice is the one its decision used (the pass's cache answers it
 * again); versions' dates come from the version lists the pass read. So a pool the pass did not resolve an image for
 * counts as the report would count it only as far as the pass knows: mid-rollout it is drifted until it runs its
 * target (behind by that target's age), paused at rest, deferred, tampered, failed or unreadable it is unknown, and a
 * version whose list the pass did not read counts for no end of life.
 */
final class PassDrift {
    /** Decisions whose image the pass did not resolve (or whose state it could not trust). */
    private static final Set<String> NOT_LOOKED_AT = Set.of("TAMPERED", "UNREADABLE", "FAILED");

    private PassDrift() {
    }

    static DriftCounts of(FleetSnapshot fleet, List<PassReport.PoolDecision> decisions, ImageResolver images,
                          PhaseDeadline deadlines, Instant now) {
        DriftCounts.Tally tally = new DriftCounts.Tally();
        for (FleetSnapshot.Managed m : fleet.managed()) {
            PassReport.PoolDecision decision = decisions.get(m.index());
            Pool pool = m.pool();
            if (!(RolloutStateCodec.decode(pool.metadata()) instanceof RolloutStateCodec.Decoded.Present present)) {
                tally.add(DriftCounts.Status.UNKNOWN, false, false, false);
                continue;
            }
            RolloutState state = present.state();
            boolean stuck = deadlines.timing(pool, state, m.listed(), now).stuck();
            Optional<List<ImageVersion>> listed = images.listedVersions(m.policy().image().definition());
            Optional<OffsetDateTime> endOfLife = listed.flatMap(l -> find(l, pool.imageReferenceId()))
                    .map(ImageVersion::endOfLifeDate);
            boolean nearEnd = endOfLife.filter(date -> DriftCounts.endOfLifeSoon(date, now)).isPresent();
            String current = pool.imageReferenceId();
            if (m.policy().image() instanceof ImageRef.Pinned pinned) {
                boolean inSync = pinned.version().toString().equalsIgnoreCase(current);
                tally.add(inSync ? DriftCounts.Status.IN_SYNC : DriftCounts.Status.DRIFTED, stuck, false, nearEnd);
                continue;
            }
            // A read that failed is not asked again here: its pool is unknown this pass, as in its decision.
            boolean unknown = decision == null || PassSummary.isDeferred(decision) || NOT_LOOKED_AT.contains(decision.phase())
                    || decision.reason().startsWith("not decided");
            if (unknown || (!state.phase().inProgress() && state.paused())) {
                tally.add(DriftCounts.Status.UNKNOWN, stuck, false, nearEnd);
            } else if (RolloutDecider.needsImage(m.policy(), state)) {
                ImageChoice choice;
                try {
                    choice = images.resolveRunning(m.policy().image(), PoolReads.target(m.account(), pool), current);
                } catch (AzureCallException remembered) {
                    tally.add(DriftCounts.Status.UNKNOWN, stuck, false, nearEnd);
                    continue;
                }
                if (choice instanceof ImageChoice.Ready ready) {
                    boolean inSync = ready.version().id().toString().equalsIgnoreCase(current);
                    boolean behind = !inSync && DriftCounts.daysBehind(ready.version().publishedDate(), now).isPresent();
                    boolean soon = nearEnd || (inSync && DriftCounts.endOfLifeSoon(ready.version().endOfLifeDate(), now));
                    tally.add(inSync ? DriftCounts.Status.IN_SYNC : DriftCounts.Status.DRIFTED, stuck, behind, soon);
                } else {
                    tally.add(DriftCounts.Status.UNKNOWN, stuck, false, nearEnd);
                }
            } else {
                // Mid-rollout: the version it rolls to is the newest that was ready when it started.
                Optional<String> target = state.target();
                boolean onTarget = target.filter(current::equalsIgnoreCase).isPresent();
                boolean behind = !onTarget && target.flatMap(t -> listed.flatMap(l -> find(l, t)))
                        .flatMap(v -> DriftCounts.daysBehind(v.publishedDate(), now)).isPresent();
                tally.add(onTarget ? DriftCounts.Status.IN_SYNC : DriftCounts.Status.DRIFTED, stuck, behind, nearEnd);
            }
        }
        return tally.counts();
    }

    private static Optional<ImageVersion> find(List<ImageVersion> versions, String id) {
        return versions.stream().filter(v -> v.id().toString().equalsIgnoreCase(id)).findFirst();
    }
}
