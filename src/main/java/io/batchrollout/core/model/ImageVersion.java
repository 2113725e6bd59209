package io.batchrollout.core.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gallery image version. {@code replication} is present only when read one by one with
 * {@code $expand=ReplicationStatus}: listing versions never returns it. {@code safety} is what Azure reports in
 * {@code safetyProfile} (read-only: set by the gallery service, never by the publisher).
 * {@code etag} is what a write is conditional on: Azure's ETag if it sends one (GalleryRP 2024-03-03 declares none),
 * else a fingerprint the adapter computes from what an update may change (target regions, excludeFromLatest, end of
 * life, replica count, tags), so a version read by a list and one read alone agree; null when unknown (fixtures).
 * {@code tags} are the version's ARM tags.
 */
public record ImageVersion(ImageVersionId id, String provisioningState, boolean excludeFromLatest,
                           OffsetDateTime publishedDate, OffsetDateTime endOfLifeDate, int defaultReplicaCount,
                           List<TargetRegion> targetRegions, Optional<Replication> replication, Safety safety,
                           String etag, Map<String, String> tags) {

    public ImageVersion {
        targetRegions = List.copyOf(targetRegions);
        safety = safety == null ? Safety.UNFLAGGED : safety;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Without an ETag or tags (test fixtures, versions built in memory). */
    public ImageVersion(ImageVersionId id, String provisioningState, boolean excludeFromLatest,
                        OffsetDateTime publishedDate, OffsetDateTime endOfLifeDate, int defaultReplicaCount,
                        List<TargetRegion> targetRegions, Optional<Replication> replication, Safety safety) {
        this(id, provisioningState, excludeFromLatest, publishedDate, endOfLifeDate, defaultReplicaCount, targetRegions,
                replication, safety, null, Map.of());
    }

    /** A version Azure has not reported for a policy violation. */
    public ImageVersion(ImageVersionId id, String provisioningState, boolean excludeFromLatest,
                        OffsetDateTime publishedDate, OffsetDateTime endOfLifeDate, int defaultReplicaCount,
                        List<TargetRegion> targetRegions, Optional<Replication> replication) {
        this(id, provisioningState, excludeFromLatest, publishedDate, endOfLifeDate, defaultReplicaCount, targetRegions,
                replication, Safety.UNFLAGGED);
    }

    /**
     * {@code safetyProfile.reportedForPolicyViolation} and {@code policyViolations}. A version with violations listed
     * counts as flagged even if the flag itself is false: the stricter reading of an answer that contradicts itself.
     */
    public record Safety(boolean reportedForPolicyViolation, List<PolicyViolation> policyViolations) {
        public static final Safety UNFLAGGED = new Safety(false, List.of());

        public Safety {
            policyViolations = List.copyOf(policyViolations);
        }

        public boolean flagged() {
            return reportedForPolicyViolation || !policyViolations.isEmpty();
        }
    }

    /** One violation: {@code category} ImageFlaggedUnsafe, CopyrightValidation, IpTheft or Other (as Azure spells it). */
    public record PolicyViolation(String category, String details) {
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
