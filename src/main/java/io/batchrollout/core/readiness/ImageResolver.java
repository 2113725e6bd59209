package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.policy.ImageRef;
import java.util.List;
import java.util.Optional;

/**
 * Reads the image through the ports and picks the version a pool gets ({@link GalleryImageResolver}): the
 * pinned version if the gate passes, or the latest eligible version of a tracked definition in the pool's region.
 * Its ARM reads are counted in tests: definition (1), version list (tracked only, 1), each candidate version with
 * replication status (1 each, highest first, stopping at the first that passes), provider registration only when the
 * gallery is in another subscription (cached once Registered).
 */
public interface ImageResolver {

    ImageChoice resolve(ImageRef image, PoolTarget target);

    /**
     * The choice for a pool that already runs {@code runningImageId} (its image reference id). A resolver may answer
     * from less here when the answer cannot start a rollout: see {@link GalleryImageResolver}. By default, as
     * {@link #resolve}.
     */
    default ImageChoice resolveRunning(ImageRef image, PoolTarget target, String runningImageId) {
        return resolve(image, target);
    }

    /**
     * A resolver for one pass that shares its reads between pools: the gallery's answers do not depend on the pool's
     * size, only the gate's verdict does. By default this one (a resolver that reads nothing shares nothing).
     */
    default ImageResolver forPass() {
        return this;
    }

    /**
     * The definition's listed versions and its newest {@code count} read with replication status, each judged by the
     * readiness gate for every target: what the drift report shows per definition. Reads the same definition, list and
     * versions as {@link #resolve}, so a pass resolver ({@link #forPass()}) shares them with the pools' choices. By
     * default nothing is read (a resolver without a gallery).
     */
    default DefinitionVersions newestVersions(ImageDefinitionId definition, int count, List<PoolTarget> targets) {
        return DefinitionVersions.notRead(definition, "this resolver reads no gallery");
    }

    /**
     * The version list of {@code definition} if this resolver already read it (a pass resolver keeps its answers),
     * without reading anything: for summaries that must not cost a request. Empty otherwise.
     */
    default Optional<List<ImageVersion>> listedVersions(ImageDefinitionId definition) {
        return Optional.empty();
    }

    /**
     * The version as this resolver already read it (with replication status when the gate needed it), without reading
     * anything: a pass resolver keeps its answers, so what the gate judged can be acted on. Empty otherwise.
     */
    default Optional<ImageVersion> versionAsRead(ImageVersionId version) {
        return Optional.empty();
    }
}
