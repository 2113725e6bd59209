package io.batchrollout.core.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A gallery image version. {@code replication} is present only when read one by one with
 * {@code $expand=ReplicationStatus}: listing versions never returns it.
 */
public record ImageVersion(ImageVersionId id, String provisioningState, boolean excludeFromLatest,
                           OffsetDateTime publishedDate, OffsetDateTime endOfLifeDate, int defaultReplicaCount,
                           List<TargetRegion> targetRegions, Optional<Replication> replication) {

    public ImageVersion {
        targetRegions = List.copyOf(targetRegions);
    }

    /** One region a version is published to. {@code name} is as Azure returns it ("West Europe"). */
    public record TargetRegion(String name, int regionalReplicaCount, String storageAccountType, boolean excludeFromLatest) {
    }

    /** Aggregated and per-region replication state: Unknown, InProgress/Replicating, Completed, Failed. */
    public record Replication(String aggregatedState, List<RegionReplication> summary) {
        public Replication {
            summary = List.copyOf(summary);
        }
    }

    public record RegionReplication(String region, String state, String details, Integer progress) {
    }

    public Optional<TargetRegion> targetRegion(String region) {
        return targetRegions.stream().filter(t -> RegionName.same(t.name(), region)).findFirst();
    }
}
