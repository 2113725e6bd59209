package io.batchrollout.core.readiness;

import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersion.RegionReplication;
import io.batchrollout.core.model.ImageVersion.Replication;
import io.batchrollout.core.model.ImageVersion.TargetRegion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built model records for the gate's unit tests: a ready Linux version in West Europe, changed one fact at a time. */
final class ReadinessFixtures {
    static final String SUBSCRIPTION = "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final GalleryId GALLERY = GalleryId.parse("/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/fixtures");
    static final ImageDefinitionId UBUNTU = GALLERY.image("ubuntu-worker");
    static final String LINUX_AGENT = "batch.node.ubuntu 22.04";
    static final String WINDOWS_AGENT = "batch.node.windows amd64";

    private ReadinessFixtures() {
    }

    static ImageDefinition linuxDefinition() {
        return new ImageDefinition(UBUNTU, "westeurope", ImageDefinition.OsType.LINUX, ImageDefinition.OsState.GENERALIZED,
                "V2", null);
    }

    static ImageDefinition definition(ImageDefinition.OsType os, ImageDefinition.OsState state) {
        return new ImageDefinition(UBUNTU, "westeurope", os, state, "V2", null);
    }

    static BatchAccount account(String location) {
        return new BatchAccount(BatchAccountId.parse("/subscriptions/" + SUBSCRIPTION
                + "/resourceGroups/batch-rg/providers/Microsoft.Batch/batchAccounts/fixturebatch"),
                location, "fixturebatch." + location + ".batch.azure.com", "BatchService", 1000, 1000, true, Map.of(), 100);
    }

    static PoolTarget pool(int dedicated, int lowPriority) {
        return new PoolTarget(account("westeurope"), dedicated, lowPriority, LINUX_AGENT);
    }

    static TargetRegion target(String name, int replicas) {
        return new TargetRegion(name, replicas, "Standard_LRS", false);
    }

    static RegionReplication completed(String region) {
        return new RegionReplication(region, "Completed", null, 100);
    }

    /** Succeeded, published to West Europe and North Europe with {@code replicas} each, Completed in both, no end of life. */
    static ImageVersion version(String name, int replicas) {
        return version(name, "Succeeded", List.of(target("West Europe", replicas), target("North Europe", replicas)),
                List.of(completed("West Europe"), completed("North Europe")), null);
    }

    static ImageVersion version(String name, String provisioningState, List<TargetRegion> targets,
                                List<RegionReplication> summary, OffsetDateTime endOfLife) {
        return new ImageVersion(UBUNTU.version(name), provisioningState, false,
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), endOfLife, 1, targets,
                Optional.of(new Replication(aggregate(summary), summary)));
    }

    static ImageVersion withEndOfLife(ImageVersion v, OffsetDateTime endOfLife) {
        return new ImageVersion(v.id(), v.provisioningState(), v.excludeFromLatest(), v.publishedDate(), endOfLife,
                v.defaultReplicaCount(), v.targetRegions(), v.replication());
    }

    /** The same version as Azure answers it once the gallery service reported it for these policy violations. */
    static ImageVersion flagged(ImageVersion v, boolean reported, ImageVersion.PolicyViolation... violations) {
        return new ImageVersion(v.id(), v.provisioningState(), v.excludeFromLatest(), v.publishedDate(), v.endOfLifeDate(),
                v.defaultReplicaCount(), v.targetRegions(), v.replication(), new ImageVersion.Safety(reported, List.of(violations)));
    }

    /** As the version LIST returns it: no replication status. */
    static ImageVersion listed(String name, boolean excludeFromLatest, TargetRegion... targets) {
        return new ImageVersion(UBUNTU.version(name), "Succeeded", excludeFromLatest, null, null, 1, List.of(targets),
                Optional.empty());
    }

    private static String aggregate(List<RegionReplication> summary) {
        if (summary.stream().anyMatch(s -> s.state().equals("Failed"))) {
            return "Failed";
        }
        return summary.stream().allMatch(s -> s.state().equals("Completed")) ? "Completed" : "InProgress";
    }
}
