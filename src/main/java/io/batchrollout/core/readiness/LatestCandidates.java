package io.batchrollout.core.readiness;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.RegionName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The versions of a definition that may be "latest" in one region, newest first: named Major.Minor.Patch, not excluded
 * from latest (as a whole or for that target region) and published to that region, as the gallery itself decides.
 * Works on the version LIST (no replication status): whether a candidate is ready is the gate's question.
 */
public final class LatestCandidates {

    /** Why versions were left out, so "no eligible version" can say which rule removed them. */
    public record Census(String region, int listed, int excludedFromLatest, int notTargeted, int notNumeric) {
    }

    public record Candidates(List<ImageVersion> newestFirst, Census census) {
        public Candidates {
            newestFirst = List.copyOf(newestFirst);
        }
    }

    private LatestCandidates() {
    }

    /**
     * Excluded from latest in {@code region} (as a whole, or in that target region), unless {@code candidates} (a canary
     * pool) and no canary rejected it: the rule {@link #in} and the dry-run plan share.
     */
    public static boolean excludedFor(ImageVersion version, String region, boolean candidates) {
        boolean excluded = version.excludeFromLatest()
                || version.targetRegion(region).map(ImageVersion.TargetRegion::excludeFromLatest).orElse(false);
        return excluded && !(candidates && GalleryTags.rejected(version).isEmpty());
    }

    public static Candidates in(List<ImageVersion> versions, String region) {
        return in(versions, region, false);
    }

    /**
     * With {@code candidates} (a canary pool), a version excluded from latest is eligible too unless a canary rejected
     * it ({@link GalleryTags#REJECTED}): the canary is what proves it before the gallery offers it to everyone.
     */
    public static Candidates in(List<ImageVersion> versions, String region, boolean candidates) {
        String normalized = RegionName.normalize(region);
        List<Ranked> eligible = new ArrayList<>();
        int excluded = 0;
        int notTargeted = 0;
        int notNumeric = 0;
        for (ImageVersion version : versions) {
            Optional<SemanticVersion> number = SemanticVersion.parse(version.id().versionName());
            Optional<ImageVersion.TargetRegion> target = version.targetRegion(normalized);
            if (number.isEmpty()) {
                notNumeric++;
            } else if (excludedFor(version, normalized, candidates)) {
                excluded++;
            } else if (target.isEmpty()) {
                notTargeted++;
            } else {
                eligible.add(new Ranked(number.get(), version));
            }
        }
        List<ImageVersion> newestFirst = eligible.stream()
                .sorted(Comparator.comparing(Ranked::number).reversed())
                .map(Ranked::version)
                .toList();
        return new Candidates(newestFirst, new Census(normalized, versions.size(), excluded, notTargeted, notNumeric));
    }

    private record Ranked(SemanticVersion number, ImageVersion version) {
    }
}
