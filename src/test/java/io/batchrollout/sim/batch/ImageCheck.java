package io.batchrollout.sim.batch;

import io.batchrollout.sim.SimArmId;
import io.batchrollout.sim.gallery.GalleryLookup;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What Batch checks about a pool's gallery image, and which version a new node gets. A pool may reference a
 * version (pinned) or a definition (Batch takes the latest version replicated to the pool's region when it builds
 * a node). Batch builds nodes only from Generalized images, and the node agent must match the OS.
 */
final class ImageCheck {

    /** What a node is built from: the pool's reference, the concrete version and whether that version is broken. */
    record Resolved(String referenceId, String versionId, String exactVersion, boolean broken) {
    }

    private static final String PATH = "properties.deploymentConfiguration.virtualMachineConfiguration";
    private final GalleryLookup gallery;

    ImageCheck(GalleryLookup gallery) {
        this.gallery = gallery;
    }

    /** Refuses (400 InvalidPropertyValue) an image Batch could not build nodes from in this region. */
    void requireUsable(SimPool.ImageRef image, String nodeAgentSkuId, String region, Instant now) {
        if (!image.isGallery()) {
            return;
        }
        SimArmId arm = SimArmId.read(image.id()).orElseThrow();
        boolean pinned = arm.is(SimArmId.GALLERY_IMAGE_VERSION);
        String definitionId = pinned ? arm.parent().orElseThrow().toString() : image.id();
        GalleryLookup.DefinitionFacts definition = gallery.definition(definitionId).orElseThrow(() ->
                BatchArmError.invalidValue("imageReference", PATH + ".imageReference",
                        "The image definition '" + definitionId + "' was not found.", now));
        if (!"Generalized".equalsIgnoreCase(definition.osState())) {
            throw BatchArmError.invalidValue("imageReference", PATH + ".imageReference", "The image '" + definitionId
                    + "' is " + definition.osState() + "; Batch supports only Generalized images.", now);
        }
        boolean windowsAgent = nodeAgentSkuId.toLowerCase(Locale.ROOT).startsWith("batch.node.windows");
        boolean windowsImage = "Windows".equalsIgnoreCase(definition.osType());
        if (windowsAgent != windowsImage) {
            throw BatchArmError.invalidValue("nodeAgentSkuId", PATH + ".nodeAgentSkuId", "The node agent SKU '"
                    + nodeAgentSkuId + "' does not match the " + definition.osType() + " image '" + definitionId + "'.", now);
        }
        if (pinned) {
            GalleryLookup.VersionFacts version = gallery.version(image.id()).orElseThrow(() ->
                    BatchArmError.invalidValue("imageReference", PATH + ".imageReference",
                            "The image version '" + image.id() + "' was not found.", now));
            if (!version.completedIn(region)) {
                throw BatchArmError.invalidValue("imageReference", PATH + ".imageReference", "The image version '"
                        + image.id() + "' is not replicated to region '" + region + "' (state "
                        + version.replicationByRegion().getOrDefault(region, "none") + ").", now);
            }
        } else if (gallery.latestVersionId(definitionId, region).isEmpty()) {
            throw BatchArmError.invalidValue("imageReference", PATH + ".imageReference", "No version of '"
                    + definitionId + "' is replicated to region '" + region + "'.", now);
        }
    }

    /** The version a node built now gets, or empty when the image can no longer back a node in this region. */
    Optional<Resolved> resolve(SimPool.ImageRef image, String region) {
        if (!image.isGallery()) {
            return Optional.of(new Resolved(null, null, null, false));
        }
        boolean pinned = SimArmId.read(image.id()).orElseThrow().is(SimArmId.GALLERY_IMAGE_VERSION);
        Optional<String> versionId = pinned ? Optional.of(image.id()) : gallery.latestVersionId(image.id(), region);
        return versionId.flatMap(gallery::version)
                .filter(v -> v.completedIn(region))
                .map(v -> new Resolved(image.id(), v.id(), pinned ? null : SimArmId.read(v.id()).orElseThrow().name(), v.broken()));
    }
}
