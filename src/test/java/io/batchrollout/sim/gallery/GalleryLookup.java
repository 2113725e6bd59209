package io.batchrollout.sim.gallery;

import java.util.Map;
import java.util.Optional;

/**
 * What the Batch part of the simulator asks the gallery part, under the simulator's state lock: whether an image
 * can back a pool in a region, and whether nodes built from it are healthy. Ids are ARM id strings compared
 * case-insensitively; regions are normalised ("westeurope").
 */
public interface GalleryLookup {

    /**
     * @param replicationByRegion normalised region name to Unknown|Replicating|Completed|Failed
     * @param broken              nodes built from this version fail their start task
     */
    record VersionFacts(String id, String provisioningState, Map<String, String> replicationByRegion, boolean broken) {
        public boolean completedIn(String normalizedRegion) {
            return "Completed".equals(replicationByRegion.get(normalizedRegion));
        }
    }

    /** osType Linux|Windows; osState Generalized|Specialized. */
    record DefinitionFacts(String id, String osType, String osState, String hyperVGeneration) {
    }

    Optional<VersionFacts> version(String versionId);

    Optional<DefinitionFacts> definition(String definitionId);

    /**
     * The version a pool on a definition id gets in this region: the highest Major.Minor.Patch not excluded from
     * latest (for the version, or for its target region) whose replication there is Completed.
     */
    Optional<String> latestVersionId(String definitionId, String normalizedRegion);
}
