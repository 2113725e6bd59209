package io.batchrollout.azure;

import com.azure.resourcemanager.batch.fluent.models.BatchAccountInner;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.AutoScaleRun;
import com.azure.resourcemanager.batch.models.AutoScaleRunError;
import com.azure.resourcemanager.batch.models.AutoScaleSettings;
import com.azure.resourcemanager.batch.models.AutoUserScope;
import com.azure.resourcemanager.batch.models.AutoUserSpecification;
import com.azure.resourcemanager.batch.models.ComputeNodeDeallocationOption;
import com.azure.resourcemanager.batch.models.DeploymentConfiguration;
import com.azure.resourcemanager.batch.models.ElevationLevel;
import com.azure.resourcemanager.batch.models.FixedScaleSettings;
import com.azure.resourcemanager.batch.models.ImageReference;
import com.azure.resourcemanager.batch.models.MetadataItem;
import com.azure.resourcemanager.batch.models.ResizeOperationStatus;
import com.azure.resourcemanager.batch.models.UserIdentity;
import com.azure.resourcemanager.batch.models.VirtualMachineConfiguration;
import com.azure.resourcemanager.batch.models.VirtualMachineFamilyCoreQuota;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.StartTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the Batch management SDK's models to the core's records and back. Defaults are Batch's own: no scale
 * settings means fixed scale with no nodes, resizeTimeout 15 minutes, nodeDeallocationOption Requeue, a start task
 * waits for success. Batch does not echo fixedScale.nodeDeallocationOption on GET (azure-rest-api-specs#20948), so
 * it is read from resizeOperationStatus when fixedScale lacks it.
 */
final class BatchPoolMapper {
    static final Duration DEFAULT_RESIZE_TIMEOUT = Duration.ofMinutes(15);
    static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(15);

    private BatchPoolMapper() {
    }

    static BatchAccount account(BatchAccountId id, BatchAccountInner inner) {
        Map<String, Integer> families = new LinkedHashMap<>();
        if (inner.dedicatedCoreQuotaPerVMFamily() != null) {
            for (VirtualMachineFamilyCoreQuota family : inner.dedicatedCoreQuotaPerVMFamily()) {
                families.put(family.name(), orZero(family.coreQuota()));
            }
        }
        return new BatchAccount(id, inner.location(), inner.accountEndpoint(),
                inner.poolAllocationMode() == null ? null : inner.poolAllocationMode().toString(),
                orZero(inner.dedicatedCoreQuota()), orZero(inner.lowPriorityCoreQuota()),
                Boolean.TRUE.equals(inner.dedicatedCoreQuotaPerVMFamilyEnforced()), families, orZero(inner.poolQuota()));
    }

    /** {@code etagHeader} wins over the body's etag: it is what the service stamped for this response. */
    static Pool pool(PoolInner inner, String etagHeader) {
        VirtualMachineConfiguration vm = inner.deploymentConfiguration() == null ? null
                : inner.deploymentConfiguration().virtualMachineConfiguration();
        ResizeOperationStatus resize = inner.resizeOperationStatus();
        List<Pool.ResizeError> errors = new ArrayList<>();
        if (resize != null && resize.errors() != null) {
            resize.errors().forEach(e -> errors.add(new Pool.ResizeError(e.code(), e.message())));
        }
        return new Pool(PoolId.parse(inner.id()), etagHeader != null ? etagHeader : inner.etag(),
                inner.provisioningState() == null ? null : inner.provisioningState().toString(), inner.lastModified(),
                inner.vmSize(), vm == null ? null : imageReferenceId(vm.imageReference()),
                vm == null ? null : vm.nodeAgentSkuId(), scale(inner.scaleSettings(), resize),
                inner.allocationState() == null ? null : inner.allocationState().toString(),
                inner.allocationStateTransitionTime(), orZero(inner.currentDedicatedNodes()),
                orZero(inner.currentLowPriorityNodes()), errors, startTask(inner.startTask()), metadata(inner.metadata()),
                secretsBatchDoesNotReturn(inner), autoScaleRun(inner.autoScaleRun()));
    }

    /** A run without its (required) evaluationTime cannot be ordered against a rollout phase: treated as none. */
    static Optional<PoolAutoScaleRun> autoScaleRun(AutoScaleRun run) {
        if (run == null || run.evaluationTime() == null) {
            return Optional.empty();
        }
        return Optional.of(PoolAutoScaleRun.of(run.evaluationTime().toInstant(), run.results(),
                Optional.ofNullable(run.error()).map(BatchPoolMapper::autoScaleError)));
    }

    private static PoolAutoScaleRun.Error autoScaleError(AutoScaleRunError error) {
        List<String> details = new ArrayList<>();
        if (error.details() != null) {
            error.details().forEach(d -> details.add(d.code() == null || d.code().isBlank() || "Message".equals(d.code())
                    ? d.message() : d.code() + ": " + d.message()));
        }
        return new PoolAutoScaleRun.Error(error.code(), error.message(), details);
    }

    /** A gallery id as is; a marketplace image as publisher:offer:sku:version, so it is never mistaken for one. */
    private static String imageReferenceId(ImageReference image) {
        if (image == null) {
            return null;
        }
        if (image.id() != null) {
            return image.id();
        }
        return String.join(":", String.valueOf(image.publisher()), String.valueOf(image.offer()),
                String.valueOf(image.sku()), String.valueOf(image.version()));
    }

    static ScaleSettings scale(com.azure.resourcemanager.batch.models.ScaleSettings settings, ResizeOperationStatus resize) {
        if (settings != null && settings.autoScale() != null) {
            AutoScaleSettings auto = settings.autoScale();
            return new ScaleSettings.AutoScale(auto.formula(),
                    auto.evaluationInterval() == null ? DEFAULT_EVALUATION_INTERVAL : auto.evaluationInterval());
        }
        FixedScaleSettings fixed = settings == null ? null : settings.fixedScale();
        if (fixed == null) {
            return new ScaleSettings.FixedScale(0, 0, DEFAULT_RESIZE_TIMEOUT, ScaleSettings.NodeDeallocationOption.REQUEUE);
        }
        ComputeNodeDeallocationOption option = fixed.nodeDeallocationOption() != null ? fixed.nodeDeallocationOption()
                : resize != null ? resize.nodeDeallocationOption() : null;
        return new ScaleSettings.FixedScale(orZero(fixed.targetDedicatedNodes()), orZero(fixed.targetLowPriorityNodes()),
                fixed.resizeTimeout() == null ? DEFAULT_RESIZE_TIMEOUT : fixed.resizeTimeout(),
                option == null ? ScaleSettings.NodeDeallocationOption.REQUEUE
                        : ScaleSettings.NodeDeallocationOption.valueOf(option.name()));
    }

    static com.azure.resourcemanager.batch.models.ScaleSettings toSdk(ScaleSettings scale) {
        com.azure.resourcemanager.batch.models.ScaleSettings settings = new com.azure.resourcemanager.batch.models.ScaleSettings();
        if (scale instanceof ScaleSettings.FixedScale fixed) {
            settings.withFixedScale(new FixedScaleSettings()
                    .withTargetDedicatedNodes(fixed.targetDedicatedNodes())
                    .withTargetLowPriorityNodes(fixed.targetLowPriorityNodes())
                    .withResizeTimeout(fixed.resizeTimeout())
                    .withNodeDeallocationOption(ComputeNodeDeallocationOption.valueOf(fixed.nodeDeallocationOption().name())));
        } else if (scale instanceof ScaleSettings.AutoScale auto) {
            settings.withAutoScale(new AutoScaleSettings().withFormula(auto.formula())
                    .withEvaluationInterval(auto.evaluationInterval()));
        }
        return settings;
    }

    /** Batch reports a removed start task as absent (or as an empty object in a PATCH): both mean none. */
    static Optional<StartTask> startTask(com.azure.resourcemanager.batch.models.StartTask task) {
        if (task == null || task.commandLine() == null) {
            return Optional.empty();
        }
        boolean elevated = task.userIdentity() != null && task.userIdentity().autoUser() != null
                && task.userIdentity().autoUser().elevationLevel() == ElevationLevel.ADMIN;
        return Optional.of(new StartTask(task.commandLine(), elevated, task.waitForSuccess() == null || task.waitForSuccess(),
                orZero(task.maxTaskRetryCount())));
    }

    static com.azure.resourcemanager.batch.models.StartTask toSdk(StartTask task) {
        return new com.azure.resourcemanager.batch.models.StartTask()
                .withCommandLine(task.commandLine())
                .withUserIdentity(new UserIdentity().withAutoUser(new AutoUserSpecification()
                        .withScope(AutoUserScope.POOL)
                        .withElevationLevel(task.elevated() ? ElevationLevel.ADMIN : ElevationLevel.NON_ADMIN)))
                .withWaitForSuccess(task.waitForSuccess())
                .withMaxTaskRetryCount(task.maxTaskRetryCount());
    }

    static List<Metadata> metadata(List<MetadataItem> items) {
        List<Metadata> metadata = new ArrayList<>();
        if (items != null) {
            items.forEach(i -> metadata.add(new Metadata(i.name(), i.value())));
        }
        return metadata;
    }

    static List<MetadataItem> toSdk(List<Metadata> metadata) {
        List<MetadataItem> items = new ArrayList<>();
        metadata.forEach(m -> items.add(new MetadataItem().withName(m.name()).withValue(m.value())));
        return items;
    }

    static PoolInner toInner(PoolSpec spec) {
        PoolInner inner = new PoolInner()
                .withVmSize(spec.vmSize())
                .withDeploymentConfiguration(deployment(spec.imageReferenceId(), spec.nodeAgentSkuId()))
                .withScaleSettings(toSdk(spec.scaleSettings()))
                .withMetadata(toSdk(spec.metadata()));
        spec.startTask().ifPresent(task -> inner.withStartTask(toSdk(task)));
        return inner;
    }

    static List<String> secretsBatchDoesNotReturn(PoolInner pool) {
        List<String> found = new java.util.ArrayList<>();
        if (pool.userAccounts() != null && !pool.userAccounts().isEmpty()) {
            found.add("user accounts (passwords)");
        }
        if (pool.mountConfiguration() != null && pool.mountConfiguration().stream().anyMatch(m -> m.azureFileShareConfiguration() != null
                || m.cifsMountConfiguration() != null || m.azureBlobFileSystemConfiguration() != null)) {
            found.add("Azure Files, CIFS or blob mounts (keys and passwords)");
        }
        VirtualMachineConfiguration vm = pool.deploymentConfiguration() == null ? null
                : pool.deploymentConfiguration().virtualMachineConfiguration();
        if (vm != null && vm.containerConfiguration() != null && vm.containerConfiguration().containerRegistries() != null
                && vm.containerConfiguration().containerRegistries().stream().anyMatch(r -> r.username() != null)) {
            found.add(Pool.REGISTRY_PASSWORDS);
        }
        return found;
    }

    /** Only what the update names: an absent field is left out of the PATCH body and so left as it is. */
    static PoolInner toInner(PoolUpdate update) {
        PoolInner inner = new PoolInner();
        update.scaleSettings().ifPresent(scale -> inner.withScaleSettings(toSdk(scale)));
        update.metadata().ifPresent(metadata -> inner.withMetadata(toSdk(metadata)));
        update.startTask().ifPresent(task -> inner.withStartTask(toSdk(task)));
        return inner;
    }

    static DeploymentConfiguration deployment(String imageReferenceId, String nodeAgentSkuId) {
        return new DeploymentConfiguration().withVirtualMachineConfiguration(new VirtualMachineConfiguration()
                .withImageReference(new ImageReference().withId(imageReferenceId))
                .withNodeAgentSkuId(nodeAgentSkuId));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
