package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageVersion;
import java.util.Map;
import java.util.Optional;

/**
 * The tags this app writes on a gallery image version, so that people looking at the gallery (portal, CLI) see what
 * gated promotion decided without asking the app. A tag is the gallery's own record: the app reads it back as the
 * lasting verdict (a rejected candidate is never rolled to again, whatever the pools' metadata says).
 */
public final class GalleryTags {
    /** Set when a candidate is rejected for promotion; its value is the reason. */
    public static final String REJECTED = "batch-image-rollout.rejected";
    /** Set when a candidate is promoted; its value says when and why. */
    public static final String PROMOTED = "batch-image-rollout.promoted";
    /** Azure's limit on a tag value (256 characters): longer reasons are cut to fit. */
    public static final int MAX_VALUE_LENGTH = 256;

    private GalleryTags() {
    }

    public static Optional<String> rejected(ImageVersion version) {
        return tag(version, REJECTED);
    }

    public static Optional<String> promoted(ImageVersion version) {
        return tag(version, PROMOTED);
    }

    /** Excluded from latest as a whole or in any target region: "latest" does not offer it everywhere. */
    public static boolean excluded(ImageVersion version) {
        return version.excludeFromLatest() || version.targetRegions().stream().anyMatch(ImageVersion.TargetRegion::excludeFromLatest);
    }

    /** A value cut to what a tag may hold. */
    public static String value(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }

    private static Optional<String> tag(ImageVersion version, String name) {
        return tags(version).entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    private static Map<String, String> tags(ImageVersion version) {
        return version.tags();
    }
}
