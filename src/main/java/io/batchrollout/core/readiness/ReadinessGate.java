package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.RegionName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure decision whether one image version can back one pool. No I/O: everything it needs is passed in, read
 * beforehand through the ports. Every check runs, so the verdict names every reason at once and a platform engineer
 * fixes them in one go instead of one per attempt.
 */
public final class ReadinessGate {
    private static final String SUCCEEDED = "Succeeded";
    private static final String COMPLETED = "Completed";
    private static final String FAILED = "Failed";

    private final ReplicaRule replicas;

    /** @param vmsPerReplica pool VMs one regional replica serves (VMS_PER_REPLICA) */
    public ReadinessGate(int vmsPerReplica) {
        this.replicas = new ReplicaRule(vmsPerReplica);
    }

    public ReplicaRule replicaRule() {
        return replicas;
    }

    /**
     * Every reason the version cannot back the pool, or none.
     *
     * @param version        read with replication status
     * @param galleryAllowed whether the gallery is in ALLOWED_GALLERY_IDS
     * @throws IllegalArgumentException when the target names no node agent SKU
     */
    public Readiness evaluate(ImageDefinition definition, ImageVersion version, PoolTarget target,
                              boolean galleryAllowed, ProviderRegistration registration, Instant now) {
        String name = version.id().versionName();
        List<Reason> reasons = new ArrayList<>();
        if (!galleryAllowed) {
            reasons.add(Reasons.galleryNotAllowed(Optional.of(name), definition.id().gallery().toString()));
        }
        if (registration instanceof ProviderRegistration.NotRegistered missing) {
            reasons.add(Reasons.providerNotRegistered(Optional.of(name), missing.subscriptionId(), missing.state()));
        }
        if (!SUCCEEDED.equalsIgnoreCase(version.provisioningState())) {
            reasons.add(Reasons.versionNotSucceeded(name, version.provisioningState()));
        }
        if (version.safety().flagged()) {
            reasons.add(Reasons.policyViolation(name, version.safety()));
        }
        regional(version, target, reasons);
        if (definition.osState() != ImageDefinition.OsState.GENERALIZED) {
            reasons.add(Reasons.notGeneralized(name, definition));
        }
        if (!NodeAgentFamily.of(target.nodeAgentSkuId()).runs(definition.osType())) {
            reasons.add(Reasons.nodeAgentMismatch(name, target.nodeAgentSkuId(), definition.osType()));
        }
        if (version.endOfLifeDate() != null && !now.isBefore(version.endOfLifeDate().toInstant())) {
            reasons.add(Reasons.endOfLife(name, version.endOfLifeDate()));
        }
        return new Readiness(reasons);
    }

    /** Targeting, replication and replica count in the pool's region, and whether any version could serve its size. */
    private void regional(ImageVersion version, PoolTarget target, List<Reason> reasons) {
        String name = version.id().versionName();
        String region = RegionName.normalize(target.account().location());
        ReplicaRule.Requirement requirement = replicas.requirementFor(target.totalNodes());
        if (requirement instanceof ReplicaRule.TooLarge tooLarge) {
            reasons.add(Reasons.poolTooLarge(name, tooLarge, replicas.vmsPerReplica()));
        }
        Optional<ImageVersion.TargetRegion> targeted = version.targetRegion(region);
        if (targeted.isEmpty()) {
            reasons.add(Reasons.regionNotTargeted(name, region,
                    version.targetRegions().stream().map(t -> RegionName.normalize(t.name())).toList()));
            return;
        }
        replicationIn(version, region).ifPresent(reasons::add);
        int present = targeted.get().regionalReplicaCount();
        if (requirement instanceof ReplicaRule.Replicas needed && present < needed.replicasNeeded()) {
            reasons.add(Reasons.tooFewReplicas(name, region, needed.replicasNeeded(), present, target.totalNodes(),
                    replicas.vmsPerReplica()));
        }
    }

    /** A region the summary does not mention (or a version read without status) counts as not replicated yet. */
    private static Optional<Reason> replicationIn(ImageVersion version, String region) {
        String name = version.id().versionName();
        Optional<ImageVersion.RegionReplication> status = version.replication().stream()
                .flatMap(r -> r.summary().stream())
                .filter(s -> RegionName.same(s.region(), region))
                .findFirst();
        String state = status.map(ImageVersion.RegionReplication::state).filter(s -> !s.isBlank()).orElse("Unknown");
        if (COMPLETED.equalsIgnoreCase(state)) {
            return Optional.empty();
        }
        if (FAILED.equalsIgnoreCase(state)) {
            return Optional.of(Reasons.replicationFailed(name, region, status.map(ImageVersion.RegionReplication::details).orElse(null)));
        }
        int progress = status.map(ImageVersion.RegionReplication::progress).orElse(0);
        return Optional.of(Reasons.replicationInProgress(name, region, state, progress));
    }
}
