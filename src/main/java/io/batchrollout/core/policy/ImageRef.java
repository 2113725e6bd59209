package io.batchrollout.core.policy;

import io.batchrollout.core.model.ArmId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersionId;

/**
 * Which image a managed pool should run: the latest eligible version of a definition (tracked: rolled onto new
 * versions as they become ready), or one version (pinned: never rolled automatically).
 */
public sealed interface ImageRef {

    ImageDefinitionId definition();

    record Tracked(ImageDefinitionId definition) implements ImageRef {
    }

    record Pinned(ImageVersionId version) implements ImageRef {
        @Override
        public ImageDefinitionId definition() {
            return version.definition();
        }
    }

    /** A definition id means tracked, a version id pinned; anything else is refused with the reason. */
    static ImageRef parse(String armId) {
        ArmId id = ArmId.parse(armId);
        if (id.isOfType(ImageVersionId.TYPE)) {
            return new Pinned(new ImageVersionId(id));
        }
        if (id.isOfType(ImageDefinitionId.TYPE)) {
            return new Tracked(new ImageDefinitionId(id));
        }
        throw new IllegalArgumentException("'" + armId + "' is a " + id.resourceType() + " id; expected a gallery image "
                + "definition id (" + ImageDefinitionId.TYPE + ", to track its latest version) or a version id ("
                + ImageVersionId.TYPE + ", to pin it)");
    }
}
