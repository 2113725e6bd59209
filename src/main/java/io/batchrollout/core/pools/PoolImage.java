package io.batchrollout.core.pools;

import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;
import java.util.Optional;

/** What a pool's imageReference names, as far as the pool itself tells (nodes are not read for this). */
public sealed interface PoolImage {

    /** The imageReference as the pool holds it. */
    String referenceId();

    Optional<ImageDefinitionId> definition();

    /** The concrete version, when the pool names one. */
    Optional<ImageVersionId> version();

    /** A gallery version: every node is built from it. */
    record Version(ImageVersionId id) implements PoolImage {
        public String referenceId() {
            return id.toString();
        }

        public Optional<ImageDefinitionId> definition() {
            return Optional.of(id.definition());
        }

        public Optional<ImageVersionId> version() {
            return Optional.of(id);
        }
    }

    /** A gallery definition: Batch builds each node from the latest version at the time that node is built. */
    record LatestOfDefinition(ImageDefinitionId id) implements PoolImage {
        public String referenceId() {
            return id.toString();
        }

        public Optional<ImageDefinitionId> definition() {
            return Optional.of(id);
        }

        public Optional<ImageVersionId> version() {
            return Optional.empty();
        }
    }

    /** Anything else (a marketplace image, a managed image), or no image at all ({@code referenceId} empty). */
    record NotAGalleryImage(String referenceId) implements PoolImage {
        public Optional<ImageDefinitionId> definition() {
            return Optional.empty();
        }

        public Optional<ImageVersionId> version() {
            return Optional.empty();
        }
    }

    static PoolImage of(String imageReferenceId) {
        if (imageReferenceId == null || imageReferenceId.isBlank()) {
            return new NotAGalleryImage("");
        }
        try {
            ArmId id = ArmId.parse(imageReferenceId);
            if (id.isOfType(ImageVersionId.TYPE)) {
                return new Version(new ImageVersionId(id));
            }
            if (id.isOfType(ImageDefinitionId.TYPE)) {
                return new LatestOfDefinition(new ImageDefinitionId(id));
            }
        } catch (IllegalArgumentException e) {
            // a marketplace image (publisher:offer:sku:version) is not an ARM id
        }
        return new NotAGalleryImage(imageReferenceId);
    }
}
