package io.batchrollout.core.rollout.drift;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.rollout.remediation.RemediationStatus;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.readiness.Readiness;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import io.batchrollout.core.rollout.promotion.PromotionState;

/**
 * One image definition in the drift report: what a platform team acts on before and during a rollout.
 *
 * @param newestVersion    the gallery's latest: the highest Major.Minor.Patch not excluded from latest
 * @param versions         the newest few versions by name (at most {@link DriftReporter#VERSIONS_SHOWN}), newest first,
 *                         read with replication status
 * @param replicaShortfall per region with managed pools of the definition: the replicas the largest of them needs of
 *                         the newest version (VMS_PER_REPLICA) against those the version has there
 * @param endOfLife        versions managed pools run that are past their end-of-life date or within
 *                         {@link io.batchrollout.core.rollout.DriftCounts#END_OF_LIFE_WINDOW} of it, with those pools
 * @param note             why the definition could not be read (gallery not allowed, not found, Azure's answer)
 */
public record ImageDrift(ImageDefinitionId definitionId, Optional<ImageVersion> newestVersion, List<VersionState> versions,
                         List<Shortfall> replicaShortfall, List<EndOfLife> endOfLife, Optional<String> note) {

    public ImageDrift {
        versions = List.copyOf(versions);
        replicaShortfall = List.copyOf(replicaShortfall);
        endOfLife = List.copyOf(endOfLife);
    }

    /** A version with its replication per target region and its readiness for each account with pools on the definition. */
    public record VersionState(ImageVersion version, List<RegionState> regions, List<AccountReadiness> readiness,
                               Optional<Promotion> promotion) {
        public VersionState {
            regions = List.copyOf(regions);
            readiness = List.copyOf(readiness);
            promotion = promotion == null ? Optional.empty() : promotion;
        }

        /** A version gated promotion does not concern. */
        public VersionState(ImageVersion version, List<RegionState> regions, List<AccountReadiness> readiness) {
            this(version, regions, readiness, Optional.empty());
        }

        /** What GALLERY_REMEDIATION changed on this version (its tag), with the replication state there now. */
        public List<RemediationStatus.RegionStatus> remediation() {
            return RemediationStatus.of(version);
        }
    }

    /**
     * Where a version stands in gated promotion, from the gallery (exclusion, the app's tags) and the canaries' bake
     * records: empty for a version promotion never touched.
     *
     * @param canaries the definition's canary pools (names)
     */
    public record Promotion(PromotionState state, String reason, List<String> canaries) {
        public Promotion {
            canaries = List.copyOf(canaries);
        }
    }

    /**
     * @param region   normalized ("westeurope")
     * @param state    the replication state Azure reports there (Completed, Replicating, Failed...); empty when not reported
     * @param replicas the regional replica count the version is published with
     * @param progress percent, when reported
     */
    public record RegionState(String region, Optional<String> state, int replicas, Optional<Integer> progress) {
    }

    /** Judged for the account's largest managed pool of the definition (its size and node agent). */
    public record AccountReadiness(BatchAccountId account, String region, Readiness readiness) {
    }

    /** {@code replicasPresent} is 0 when the version does not target the region at all. */
    public record Shortfall(String region, String version, PoolId largestPool, int nodes, int replicasNeeded,
                            int replicasPresent) {
        public int shortfall() {
            return Math.max(0, replicasNeeded - replicasPresent);
        }
    }

    /** @param daysLeft whole days until the date, rounded down: negative once it has passed */
    public record EndOfLife(String version, OffsetDateTime endOfLifeDate, long daysLeft, List<String> pools) {
        public EndOfLife {
            pools = List.copyOf(pools);
        }
    }
}
