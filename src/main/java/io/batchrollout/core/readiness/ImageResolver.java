package io.batchrollout.core.readiness;

import io.batchrollout.core.policy.ImageRef;

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
}
