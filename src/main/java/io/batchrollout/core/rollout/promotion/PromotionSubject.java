package io.batchrollout.core.rollout.promotion;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.readiness.DefinitionVersions;
import io.batchrollout.core.readiness.GalleryTags;
import io.batchrollout.core.readiness.SemanticVersion;
import java.util.List;
import java.util.Optional;

/**
 * Which version of a definition gated promotion works on, and where any version stands, from the gallery alone
 * (excludeFromLatest and the app's tags): the only lasting record of a verdict is the gallery's, so every pass and every
 * view reads it the same way.
 */
public final class PromotionSubject {
    private PromotionSubject() {
    }

    /** The version decided on, with what the gallery says of it. */
    public record Found(ImageVersion version, PromotionDecider.Subject subject) {
    }

    /**
     * The newest Major.Minor.Patch version of the list, when promotion concerns it: excluded from latest (a candidate,
     * or rejected if tagged so) or promoted by this app. An ordinary newest version (never excluded) concerns no one,
     * and neither does a version whose provisioning failed (no pool can run it).
     */
    public static Optional<Found> of(List<ImageVersion> listed) {
        Optional<ImageVersion> newest = listed.stream().filter(v -> SemanticVersion.parse(v.id().versionName()).isPresent())
                .sorted(DefinitionVersions.NEWEST_FIRST).findFirst();
        if (newest.isEmpty() || "Failed".equalsIgnoreCase(newest.get().provisioningState())) {
            return Optional.empty();
        }
        ImageVersion v = newest.get();
        String name = v.id().versionName();
        if (GalleryTags.excluded(v)) {
            return Optional.of(new Found(v, GalleryTags.rejected(v)
                    .<PromotionDecider.Subject>map(reason -> new PromotionDecider.Subject.Rejected(name, reason))
                    .orElse(new PromotionDecider.Subject.Candidate(name))));
        }
        return GalleryTags.promoted(v).map(reason -> new Found(v, new PromotionDecider.Subject.Promoted(name, reason)));
    }

    /**
     * Where one version stands, for the drift report: rejected or promoted by the app's tags, a candidate (baking when a
     * canary records a bake of it) when excluded on a definition that has canaries; empty for a version promotion never
     * touched.
     */
    public static Optional<PromotionState> stateOf(ImageVersion version, boolean definitionHasCanaries, boolean baking) {
        boolean excluded = GalleryTags.excluded(version);
        if (excluded && GalleryTags.rejected(version).isPresent()) {
            return Optional.of(PromotionState.REJECTED);
        }
        if (!excluded && GalleryTags.promoted(version).isPresent()) {
            return Optional.of(PromotionState.PROMOTED);
        }
        if (excluded && definitionHasCanaries) {
            return Optional.of(baking ? PromotionState.BAKING : PromotionState.CANDIDATE);
        }
        return Optional.empty();
    }
}
