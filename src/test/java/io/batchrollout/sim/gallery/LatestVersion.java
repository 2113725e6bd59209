package io.batchrollout.sim.gallery;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Azure resolves "latest" of an image definition to in a region: the highest Major.Minor.Patch version not
 * excluded from latest (for the version as a whole, or for that target region) whose replica there is Completed.
 */
final class LatestVersion {
    static final Comparator<ImageVersionResource> BY_VERSION_NUMBER = Comparator
            .<ImageVersionResource>comparingLong(v -> part(v, 0))
            .thenComparingLong(v -> part(v, 1))
            .thenComparingLong(v -> part(v, 2));

    private LatestVersion() {
    }

    static Optional<ImageVersionResource> in(List<ImageVersionResource> versions, String normalizedRegion) {
        return versions.stream()
                .filter(v -> !v.excludeFromLatest)
                .filter(v -> v.region(normalizedRegion)
                        .map(r -> !r.excludeFromLatest && r.state == RegionReplica.State.COMPLETED).orElse(false))
                .max(BY_VERSION_NUMBER);
    }

    static GalleryLookup.VersionFacts facts(ImageVersionResource version) {
        Map<String, String> byRegion = new LinkedHashMap<>();
        version.regions.forEach(r -> byRegion.put(r.region.name(), r.state.wire));
        return new GalleryLookup.VersionFacts(version.id(), version.provisioningState, Collections.unmodifiableMap(byRegion), version.broken);
    }

    private static long part(ImageVersionResource version, int index) {
        return Long.parseLong(version.name.split("\\.")[index]);
    }
}
