package io.batchrollout.sim.gallery;

import io.batchrollout.sim.EventDelivery;
import io.batchrollout.sim.Router;
import io.batchrollout.sim.SimState;
import java.util.List;
import java.util.Optional;

/**
 * CONTRACT PLACEHOLDER (being written): the Compute Gallery part of the simulator. The method signatures below
 * are the contract other parts of the simulator and the local runner code against; keep them.
 * All ids are ARM ids as strings, compared case-insensitively.
 */
public final class GallerySimulation implements GalleryLookup {

    /** A target region of a version as a seed or a PUT gives it. {@code name} may be "West Europe" or "westeurope". */
    public record SimTargetRegion(String name, int regionalReplicaCount, boolean excludeFromLatest) {
    }

    public GallerySimulation(SimState state, Router router, EventDelivery events) {
    }

    /** Seeds a gallery, as a PUT would. */
    public void addGallery(String subscriptionId, String resourceGroup, String galleryName, String location) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Seeds an image definition; osType Linux|Windows, osState Generalized|Specialized, hyperVGeneration V1|V2. */
    public void addImageDefinition(String galleryId, String imageName, String osType, String osState, String hyperVGeneration) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * Seeds a version as a PUT would. With {@code replicatedAlready} every region is Completed and the version
     * Succeeded now; otherwise replication advances region by region over simulated time.
     */
    public void addVersion(String definitionId, String versionName, List<SimTargetRegion> regions, boolean replicatedAlready) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Nodes built from this version fail their start task (the simulator's "bad image"). */
    public void markBroken(String versionId) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Replication of this version to this region fails when it would otherwise complete. */
    public void failReplication(String versionId, String region) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Optional<VersionFacts> version(String versionId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Optional<DefinitionFacts> definition(String definitionId) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override
    public Optional<String> latestVersionId(String definitionId, String region) {
        throw new UnsupportedOperationException("not written yet");
    }
}
