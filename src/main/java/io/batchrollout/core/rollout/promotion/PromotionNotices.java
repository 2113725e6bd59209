package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.RolloutNotifications;
import java.time.Instant;
import java.util.List;

/**
 * The notifications of gated promotion, one per verdict written to the gallery: {@code io.batchrollout.image.promoted}
 * and {@code io.batchrollout.image.rejected}, about the version (subject: its ARM id). Pool fields are null: a verdict
 * is the definition's, not one pool's. The id is derived from the version and the verdict, so a consumer can drop a
 * duplicate.
 */
public final class PromotionNotices {
    public static final String PREFIX = "io.batchrollout.image.";
    public static final String PROMOTED = PREFIX + "promoted";
    public static final String REJECTED = PREFIX + "rejected";

    private PromotionNotices() {
    }

    public static RolloutNotifications.Notice of(ImageVersionId version, PromotionState state, String reason, Instant at) {
        String type = state == PromotionState.PROMOTED ? PROMOTED : REJECTED;
        return new RolloutNotifications.Notice(state.wireName() + ":" + version, type, version.toString(), at,
                new RolloutNotifications.Data(null, null, version.definition().toString(), null, version.versionName(),
                        state.name(), List.of(reason), null, "/api/drift"));
    }
}
