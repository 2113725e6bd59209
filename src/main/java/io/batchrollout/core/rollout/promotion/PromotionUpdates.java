package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.port.GalleryWrites;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gallery writes of gated promotion, each conditional on the version as it was read ({@link ImageVersion#etag()}):
 * a second pass deciding the same from the same read is refused, so a verdict is written once.
 */
public final class PromotionUpdates {
    private PromotionUpdates() {
    }

    /**
     * excludeFromLatest false on the version and on every target region that set it (the rest of each region sent as
     * read), and the promoted tag: "latest" now offers it everywhere the version is published.
     */
    public static GalleryWrites.VersionUpdate promote(ImageVersion version, String reason) {
        boolean regional = version.targetRegions().stream().anyMatch(ImageVersion.TargetRegion::excludeFromLatest);
        Optional<List<GalleryWrites.TargetRegion>> regions = regional
                ? Optional.of(version.targetRegions().stream().map(PromotionUpdates::included).toList())
                : Optional.empty();
        return new GalleryWrites.VersionUpdate(version.etag(), regions, Optional.of(false),
                Map.of(GalleryTags.PROMOTED, GalleryTags.value(reason)));
    }

    /** Only the rejected tag: the version stays excluded, and people looking at the gallery see why. */
    public static GalleryWrites.VersionUpdate reject(ImageVersion version, String reason) {
        return new GalleryWrites.VersionUpdate(version.etag(), Optional.empty(), Optional.empty(),
                Map.of(GalleryTags.REJECTED, GalleryTags.value(reason)));
    }

    private static GalleryWrites.TargetRegion included(ImageVersion.TargetRegion region) {
        return new GalleryWrites.TargetRegion(region.name(), region.regionalReplicaCount(),
                Optional.ofNullable(region.storageAccountType()),
                region.excludeFromLatest() ? Optional.of(false) : Optional.empty());
    }
}
