package io.batchrollout.sim.gallery;

import io.batchrollout.sim.SimException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishing and updating a version: the checks that need stored state, then the change, shared by the PUT
 * handler and the seeding methods. Every method runs under the state's write lock.
 */
final class VersionWrites {

    /** The version after the write, whether the write created it, and the operation a client polls. */
    record Outcome(ImageVersionResource version, boolean created, AsyncOperations.Operation operation) {
    }

    private final GalleryStore store;
    private final Replication replication;
    private final AsyncOperations operations;

    VersionWrites(GalleryStore store, Replication replication, AsyncOperations operations) {
        this.store = store;
        this.replication = replication;
        this.operations = operations;
    }

    Outcome write(ImageDefinitionResource definition, String versionName, VersionSpec spec, Instant now) {
        GalleryResource gallery = definition.gallery;
        if (!spec.location().equals(gallery.location)) {
            throw SimException.badRequest("InvalidParameter", "The location '" + spec.location().name()
                    + "' of the gallery image version must be the location '" + gallery.location.name()
                    + "' of its gallery '" + gallery.name + "'.");
        }
        List<VersionSpec.Target> targets = spec.targetsOrDefault();
        if (targets.stream().noneMatch(t -> t.region().equals(gallery.location))) {
            throw SimException.badRequest("InvalidParameter", "The target regions of gallery image version '" + versionName
                    + "' must include the region of its gallery, '" + gallery.location.displayName() + "'.");
        }
        var existing = store.version(definition, versionName);
        return existing.isPresent() ? update(existing.get(), spec, targets, now) : create(definition, versionName, spec, targets, now);
    }

    private Outcome create(ImageDefinitionResource definition, String versionName, VersionSpec spec,
                           List<VersionSpec.Target> targets, Instant now) {
        ImageVersionResource version = new ImageVersionResource(definition, versionName, spec.location(), now);
        version.storageProfile = spec.storageProfile();
        applyProfile(version, spec);
        for (VersionSpec.Target target : targets) {
            version.regions.add(new RegionReplica(target.region(), target.regionalReplicaCount(),
                    target.storageAccountType(), target.excludeFromLatest()));
        }
        version.provisioningState = "Creating";
        AsyncOperations.Operation operation = operations.start(definition.gallery.subscriptionId, version.location, now);
        version.pendingOperationId = operation.id;
        replication.schedule(version, version.regions, now);
        store.put(version);
        replication.advance(version, now, operations);
        return new Outcome(version, true, operation);
    }

    /** Regions kept keep their replicas; new, resized or failed regions replicate again. */
    private Outcome update(ImageVersionResource version, VersionSpec spec, List<VersionSpec.Target> targets, Instant now) {
        if (version.provisioningState.equals("Creating") || version.provisioningState.equals("Updating")) {
            throw new SimException(409, "OperationNotAllowed", "Operation 'Update' is not allowed on gallery image version '"
                    + version.name + "' since it is in provisioning state '" + version.provisioningState + "'.");
        }
        if (!VersionSpec.sourceId(spec.storageProfile()).equalsIgnoreCase(VersionSpec.sourceId(version.storageProfile))) {
            throw GalleryRequests.propertyChange("galleryImageVersion.properties.storageProfile.source.id");
        }
        if (!spec.storageAccountType().equals(version.storageAccountType)) {
            throw GalleryRequests.propertyChange("galleryImageVersion.properties.publishingProfile.storageAccountType");
        }
        List<RegionReplica> regions = new ArrayList<>();
        List<RegionReplica> toReplicate = new ArrayList<>();
        for (VersionSpec.Target target : targets) {
            RegionReplica region = version.region(target.region().name()).orElse(null);
            if (region == null) {
                region = new RegionReplica(target.region(), target.regionalReplicaCount(), target.storageAccountType(),
                        target.excludeFromLatest());
                toReplicate.add(region);
            } else {
                if (!region.storageAccountType.equals(target.storageAccountType())) {
                    throw GalleryRequests.propertyChange("galleryImageVersion.properties.publishingProfile.targetRegions.storageAccountType");
                }
                if (region.regionalReplicaCount != target.regionalReplicaCount() || region.state == RegionReplica.State.FAILED) {
                    toReplicate.add(region);
                }
                region.regionalReplicaCount = target.regionalReplicaCount();
                region.excludeFromLatest = target.excludeFromLatest();
            }
            regions.add(region);
        }
        version.regions = regions;
        applyProfile(version, spec);
        version.provisioningState = "Updating";
        AsyncOperations.Operation operation = operations.start(version.definition.gallery.subscriptionId, version.location, now);
        version.pendingOperationId = operation.id;
        replication.schedule(version, toReplicate, now);
        replication.advance(version, now, operations);
        return new Outcome(version, false, operation);
    }

    private static void applyProfile(ImageVersionResource version, VersionSpec spec) {
        version.replicaCount = spec.replicaCount();
        version.excludeFromLatest = spec.excludeFromLatest();
        version.endOfLifeDate = spec.endOfLifeDate();
        version.storageAccountType = spec.storageAccountType();
        version.safety = spec.safety();
        version.tags = spec.tags();
    }

    /** Seeding only: the version as if its replication had already finished everywhere. */
    void completeNow(ImageVersionResource version, Instant now) {
        version.regions.forEach(r -> r.completeNow(now));
        replication.advance(version, now, operations);
    }

    /** Deleting stops whatever write was running; its operation reports the delete. */
    AsyncOperations.Operation delete(ImageVersionResource version, Instant now) {
        if (version.pendingOperationId != null) {
            operations.fail(version.pendingOperationId, now, "ResourceDeleted",
                    "Gallery image version '" + version.name + "' was deleted before the operation finished.");
        }
        store.remove(version);
        return operations.succeeded(version.definition.gallery.subscriptionId, version.location, now);
    }
}
