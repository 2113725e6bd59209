package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.core.readiness.ReplicaRule;
import io.batchrollout.port.GalleryWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure decision for one version: given every pool's need gathered in a pass, at most one update. Per region the
 * count goes to what the largest asking pool needs; a count is never lowered and a region never removed (every region
 * as read is sent back); nothing is written to a version whose provisioning is not Succeeded (failed: a person must
 * look; creating or updating: Azure refuses a second update, and replication may already be under way), that Azure
 * reported for a policy violation, or in a gallery outside ALLOWED_GALLERY_IDS.
 */
public final class VersionRemediation {
    private VersionRemediation() {
    }

    public static Remediation decide(ImageVersion version, List<ReplicaNeed> needs, boolean galleryAllowed) {
        if (!galleryAllowed) {
            return new Remediation.Nothing(version.id(), "its gallery is not in ALLOWED_GALLERY_IDS");
        }
        if (!"Succeeded".equalsIgnoreCase(version.provisioningState())) {
            return new Remediation.Nothing(version.id(), "its provisioning state is " + version.provisioningState());
        }
        if (version.safety().flagged()) {
            return new Remediation.Nothing(version.id(), "Azure reported it for a policy violation");
        }
        Map<String, Integer> largest = new LinkedHashMap<>();
        for (ReplicaNeed need : needs) {
            if (need.version().equals(version.id()) && need.replicasNeeded() >= 1
                    && need.replicasNeeded() <= ReplicaRule.MAX_REPLICAS_PER_REGION) {
                largest.merge(RegionName.normalize(need.region()), need.replicasNeeded(), Math::max);
            }
        }
        List<RegionChange> changes = new ArrayList<>();
        largest.forEach((region, needed) -> {
            int present = version.targetRegion(region).map(ImageVersion.TargetRegion::regionalReplicaCount).orElse(0);
            if (present < needed) {
                changes.add(new RegionChange(region, present, needed));
            }
        });
        if (changes.isEmpty()) {
            return new Remediation.Nothing(version.id(), "every asking region has the replicas its largest pool needs");
        }
        List<GalleryWrites.TargetRegion> targets = new ArrayList<>();
        for (ImageVersion.TargetRegion kept : version.targetRegions()) {
            int count = changes.stream().filter(c -> !c.added() && RegionName.same(c.region(), kept.name()))
                    .map(RegionChange::to).findFirst().orElse(kept.regionalReplicaCount());
            targets.add(new GalleryWrites.TargetRegion(kept.name(), count, Optional.ofNullable(kept.storageAccountType()),
                    Optional.of(kept.excludeFromLatest())));
        }
        changes.stream().filter(RegionChange::added).forEach(c ->
                targets.add(new GalleryWrites.TargetRegion(c.region(), c.to(), Optional.empty(), Optional.empty())));
        GalleryWrites.VersionUpdate update = new GalleryWrites.VersionUpdate(version.etag(), Optional.of(targets),
                Optional.empty(), Map.of(RemediationTag.KEY, RemediationTag.merged(version.tags(), changes)));
        return new Remediation.Update(version.id(), update, changes);
    }
}
