package io.batchrollout.sim.gallery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How a version's replication moves with simulated time: one region after another, the gallery's own region
 * first, then the others in the order the publisher gave them. A region takes {@link Timing#perRegion} plus
 * {@link Timing#perExtraReplica} for each replica beyond the first. The version is Succeeded once every target
 * region is Completed, and Failed as soon as one region fails; the other regions carry on replicating.
 */
final class Replication {

    /** Simulated time replication takes; configurable per simulator. */
    record Timing(Duration perRegion, Duration perExtraReplica) {
        static final Timing DEFAULT = new Timing(Duration.ofMinutes(10), Duration.ofMinutes(1));

        Timing {
            Objects.requireNonNull(perRegion, "perRegion");
            Objects.requireNonNull(perExtraReplica, "perExtraReplica");
            if (perRegion.isNegative() || perRegion.isZero() || perExtraReplica.isNegative()) {
                throw new IllegalArgumentException("replication takes a positive time per region");
            }
        }

        Duration of(RegionReplica region) {
            return perRegion.plus(perExtraReplica.multipliedBy(Math.max(0, region.regionalReplicaCount - 1)));
        }
    }

    private volatile Timing timing = Timing.DEFAULT;

    void setTiming(Timing timing) {
        this.timing = Objects.requireNonNull(timing);
    }

    Timing timing() {
        return timing;
    }

    /** Queues these regions of the version behind whatever is still replicating. Under the write lock. */
    void schedule(ImageVersionResource version, List<RegionReplica> regions, Instant now) {
        Instant cursor = now;
        for (RegionReplica running : version.regions) {
            if (!regions.contains(running) && running.state == RegionReplica.State.REPLICATING && running.endAt != null
                    && running.endAt.isAfter(cursor)) {
                cursor = running.endAt;
            }
        }
        String home = version.definition.gallery.location.name();
        List<RegionReplica> ordered = new ArrayList<>(regions);
        ordered.sort(Comparator.comparing(r -> r.region.name().equals(home) ? 0 : 1));
        for (RegionReplica region : ordered) {
            region.schedule(cursor, timing.of(region));
            cursor = region.endAt;
        }
    }

    /** Brings the version's regions, provisioning state and pending operation up to {@code now}. Under the write lock. */
    void advance(ImageVersionResource version, Instant now, AsyncOperations operations) {
        for (RegionReplica region : version.regions) {
            if (region.state != RegionReplica.State.REPLICATING || region.endAt == null) {
                continue;
            }
            if (!now.isBefore(region.endAt)) {
                if (region.failWhenDone) {
                    region.state = RegionReplica.State.FAILED;
                    region.details = "Replication to region '" + region.region.displayName()
                            + "' failed: the replication job could not copy the image (failure requested of the simulator).";
                } else {
                    region.state = RegionReplica.State.COMPLETED;
                    region.progress = 100;
                }
            } else if (now.isAfter(region.startAt)) {
                long total = Duration.between(region.startAt, region.endAt).toMillis();
                long done = Duration.between(region.startAt, now).toMillis();
                region.progress = (int) Math.min(99, done * 100 / Math.max(1, total));
            }
        }
        settle(version, operations);
    }

    /** A version whose write is still running becomes Failed or Succeeded once its regions say so. */
    private static void settle(ImageVersionResource version, AsyncOperations operations) {
        boolean writing = version.provisioningState.equals("Creating") || version.provisioningState.equals("Updating");
        if (!writing) {
            return;
        }
        RegionReplica failed = version.regions.stream().filter(r -> r.state == RegionReplica.State.FAILED)
                .min(Comparator.comparing(r -> r.endAt)).orElse(null);
        if (failed != null) {
            version.provisioningState = "Failed";
            if (version.pendingOperationId != null) {
                operations.fail(version.pendingOperationId, failed.endAt, "ReplicationFailed", failed.details);
            }
            version.pendingOperationId = null;
        } else if (version.regions.stream().allMatch(r -> r.state == RegionReplica.State.COMPLETED)) {
            version.provisioningState = "Succeeded";
            Instant end = version.regions.stream().map(r -> r.endAt).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            if (version.pendingOperationId != null && end != null) {
                operations.succeed(version.pendingOperationId, end);
            }
            version.pendingOperationId = null;
        }
    }
}
