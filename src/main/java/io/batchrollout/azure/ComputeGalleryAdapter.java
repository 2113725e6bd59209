package io.batchrollout.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.models.GalleryImageFeature;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionSafetyProfile;
import com.azure.resourcemanager.compute.models.RegionalReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import com.azure.resourcemanager.compute.models.TargetRegion;
import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.RegionName;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.ImageGallery;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a Compute Gallery through the Compute service client of the gallery's subscription. A 404 is an absent
 * resource; every other failure leaves as an {@link AzureCallException} through {@link AzureErrors}.
 */
final class ComputeGalleryAdapter implements ImageGallery {
    private static final String SECURITY_TYPE = "SecurityType";

    private final Function<String, ComputeManagementClient> clientForSubscription;

    ComputeGalleryAdapter(Function<String, ComputeManagementClient> clientForSubscription) {
        this.clientForSubscription = clientForSubscription;
    }

    @Override
    public Optional<ImageDefinition> imageDefinition(ImageDefinitionId id) {
        ArmId arm = id.armId();
        return absentOn404(() -> AzureErrors.call("read image definition " + id, () -> client(arm).getGalleryImages()
                .getWithResponse(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), Context.NONE).getValue()))
                .map(inner -> toDefinition(id, inner));
    }

    /** Follows every nextLink; a definition that is not there is NotFound, not an empty list. */
    @Override
    public List<ImageVersion> versions(ImageDefinitionId id) {
        ArmId arm = id.armId();
        return AzureErrors.call("list versions of " + id, () -> client(arm).getGalleryImageVersions()
                .listByGalleryImage(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), Context.NONE)
                .stream()
                .map(inner -> toVersion(id.version(inner.name()), inner))
                .toList());
    }

    @Override
    public Optional<ImageVersion> version(ImageVersionId id) {
        ArmId arm = id.armId();
        return absentOn404(() -> AzureErrors.call("read image version " + id, () -> client(arm).getGalleryImageVersions()
                .getWithResponse(arm.resourceGroup(), arm.names().get(0), arm.names().get(1), arm.names().get(2),
                        ReplicationStatusTypes.REPLICATION_STATUS, Context.NONE)
                .getValue()))
                .map(inner -> toVersion(id, inner));
    }

    private ComputeManagementClient client(ArmId id) {
        return clientForSubscription.apply(id.subscriptionId());
    }

    private static <T> Optional<T> absentOn404(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (AzureCallException.NotFound e) {
            return Optional.empty();
        }
    }

    static ImageDefinition toDefinition(ImageDefinitionId id, GalleryImageInner inner) {
        String securityType = inner.features() == null ? null : inner.features().stream()
                .filter(f -> SECURITY_TYPE.equalsIgnoreCase(f.name()))
                .map(GalleryImageFeature::value)
                .findFirst().orElse(null);
        // GalleryRP answers a display name ("West US"), other providers the short form: keep one form.
        return new ImageDefinition(id, RegionName.normalize(inner.location()),
                ImageDefinition.OsType.valueOf(wire(inner.osType(), "osType").toUpperCase(Locale.ROOT)),
                ImageDefinition.OsState.valueOf(wire(inner.osState(), "osState").toUpperCase(Locale.ROOT)),
                inner.hyperVGeneration() == null ? "V1" : inner.hyperVGeneration().toString(),
                securityType);
    }

    static ImageVersion toVersion(ImageVersionId id, GalleryImageVersionInner inner) {
        GalleryImageVersionPublishingProfile publishing = inner.publishingProfile();
        int defaultReplicas = publishing == null || publishing.replicaCount() == null ? 1 : publishing.replicaCount();
        List<ImageVersion.TargetRegion> targets = publishing == null || publishing.targetRegions() == null ? List.of()
                : publishing.targetRegions().stream().map(t -> toTarget(t, defaultReplicas)).toList();
        return new ImageVersion(id,
                inner.provisioningState() == null ? null : inner.provisioningState().toString(),
                publishing != null && Boolean.TRUE.equals(publishing.excludeFromLatest()),
                publishing == null ? null : publishing.publishedDate(),
                publishing == null ? null : publishing.endOfLifeDate(),
                defaultReplicas,
                targets,
                Optional.ofNullable(inner.replicationStatus()).map(ComputeGalleryAdapter::toReplication),
                toSafety(inner.safetyProfile()));
    }

    /** Absent profile or flag: not reported. Violations are kept whatever the flag says (the gate decides). */
    static ImageVersion.Safety toSafety(GalleryImageVersionSafetyProfile profile) {
        if (profile == null) {
            return ImageVersion.Safety.UNFLAGGED;
        }
        List<ImageVersion.PolicyViolation> violations = profile.policyViolations() == null ? List.of()
                : profile.policyViolations().stream().filter(Objects::nonNull)
                .map(v -> new ImageVersion.PolicyViolation(v.category() == null ? null : v.category().toString(), v.details()))
                .toList();
        return new ImageVersion.Safety(Boolean.TRUE.equals(profile.reportedForPolicyViolation()), violations);
    }

    private static ImageVersion.TargetRegion toTarget(TargetRegion target, int defaultReplicas) {
        return new ImageVersion.TargetRegion(target.name(),
                target.regionalReplicaCount() == null ? defaultReplicas : target.regionalReplicaCount(),
                target.storageAccountType() == null ? null : target.storageAccountType().toString(),
                Boolean.TRUE.equals(target.excludeFromLatest()));
    }

    private static ImageVersion.Replication toReplication(ReplicationStatus status) {
        List<RegionalReplicationStatus> summary = status.summary() == null ? List.of() : status.summary();
        return new ImageVersion.Replication(
                status.aggregatedState() == null ? "Unknown" : status.aggregatedState().toString(),
                summary.stream().map(s -> new ImageVersion.RegionReplication(s.region(),
                        s.state() == null ? "Unknown" : s.state().toString(), s.details(), s.progress())).toList());
    }

    private static String wire(Object value, String field) {
        return Objects.requireNonNull(value, () -> "Azure answered an image definition without " + field).toString();
    }
}
