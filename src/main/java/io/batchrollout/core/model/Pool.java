package io.batchrollout.core.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A Batch pool as the management plane returns it, with its ETag. {@code imageReferenceId} is a gallery image
 * version id (pinned) or an image definition id (Batch takes the latest version when nodes are built).
 */
public record Pool(PoolId id, String etag, String provisioningState, OffsetDateTime lastModified,
                   String vmSize, String imageReferenceId, String nodeAgentSkuId, ScaleSettings scaleSettings,
                   String allocationState, OffsetDateTime allocationStateTransitionTime,
                   int currentDedicatedNodes, int currentLowPriorityNodes, List<ResizeError> resizeErrors,
                   Optional<StartTask> startTask, List<Metadata> metadata, List<String> secretsNotReturned,
                   Optional<PoolAutoScaleRun> autoScaleRun) {

    /**
     * {@code secretsNotReturned} names configuration whose secrets Batch never returns (user account passwords, mount
     * keys): such a pool cannot be copied faithfully, so it cannot be replaced blue-green. {@code autoScaleRun} is the
     * last evaluation of an autoscaled pool's formula (empty for fixed scale, or before Batch evaluated it).
     */
    /**
     * The {@code secretsNotReturned} entry for container registries signed in with a user name: unlike the others it also
     * stops an in-place image change, which resends the VM configuration those registries are part of.
     */
    public static final String REGISTRY_PASSWORDS = "container registries signed in with a user name (passwords)";

    public Pool {
        resizeErrors = List.copyOf(resizeErrors);
        metadata = List.copyOf(metadata);
        secretsNotReturned = List.copyOf(secretsNotReturned);
        java.util.Objects.requireNonNull(autoScaleRun, "autoScaleRun");
    }

    public Pool(PoolId id, String etag, String provisioningState, OffsetDateTime lastModified,
                String vmSize, String imageReferenceId, String nodeAgentSkuId, ScaleSettings scaleSettings,
                String allocationState, OffsetDateTime allocationStateTransitionTime,
                int currentDedicatedNodes, int currentLowPriorityNodes, List<ResizeError> resizeErrors,
                Optional<StartTask> startTask, List<Metadata> metadata, List<String> secretsNotReturned) {
        this(id, etag, provisioningState, lastModified, vmSize, imageReferenceId, nodeAgentSkuId, scaleSettings,
                allocationState, allocationStateTransitionTime, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                startTask, metadata, secretsNotReturned, Optional.empty());
    }

    public Pool(PoolId id, String etag, String provisioningState, OffsetDateTime lastModified,
                String vmSize, String imageReferenceId, String nodeAgentSkuId, ScaleSettings scaleSettings,
                String allocationState, OffsetDateTime allocationStateTransitionTime,
                int currentDedicatedNodes, int currentLowPriorityNodes, List<ResizeError> resizeErrors,
                Optional<StartTask> startTask, List<Metadata> metadata) {
        this(id, etag, provisioningState, lastModified, vmSize, imageReferenceId, nodeAgentSkuId, scaleSettings,
                allocationState, allocationStateTransitionTime, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                startTask, metadata, List.of(), Optional.empty());
    }

    /** The same pool with this last autoscale evaluation. */
    public Pool withAutoScaleRun(Optional<PoolAutoScaleRun> run) {
        return new Pool(id, etag, provisioningState, lastModified, vmSize, imageReferenceId, nodeAgentSkuId, scaleSettings,
                allocationState, allocationStateTransitionTime, currentDedicatedNodes, currentLowPriorityNodes, resizeErrors,
                startTask, metadata, secretsNotReturned, run);
    }

    public record ResizeError(String code, String message) {
    }

    public Optional<String> metadataValue(String name) {
        return metadata.stream().filter(m -> m.name().equals(name)).map(Metadata::value).findFirst();
    }

    public boolean isSteadyAndEmpty() {
        return "Steady".equalsIgnoreCase(allocationState) && currentDedicatedNodes == 0 && currentLowPriorityNodes == 0;
    }
}
