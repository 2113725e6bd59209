package io.batchrollout.core.rollout.state;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.ScaleSettings;

/** What every strategy, the pass and the views read off a pool or its image reference, the same way everywhere. */
public final class PoolFacts {
    private PoolFacts() {
    }

    /** "1.1.0" for a gallery version id; the reference as it is otherwise. */
    public static String versionName(String imageReferenceId) {
        try {
            return ImageVersionId.parse(imageReferenceId).versionName();
        } catch (IllegalArgumentException notAVersion) {
            return imageReferenceId;
        }
    }

    /** A drain is a fixed scale of zero nodes: how a rollout empties a pool before its image changes. */
    public static boolean isDrainScale(ScaleSettings scale) {
        return scale instanceof ScaleSettings.FixedScale f && f.totalNodes() == 0;
    }

    public static boolean steady(Pool pool) {
        return "Steady".equalsIgnoreCase(pool.allocationState());
    }
}
