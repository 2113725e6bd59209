package io.batchrollout.core.readiness;

import static io.batchrollout.core.readiness.ReadinessFixtures.listed;
import static io.batchrollout.core.readiness.ReadinessFixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersion.TargetRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestCandidatesTest {
    static final TargetRegion WEST = target("West Europe", 1);
    static final TargetRegion EAST = target("East US", 1);

    private static List<String> names(LatestCandidates.Candidates candidates) {
        return candidates.newestFirst().stream().map(v -> v.id().versionName()).toList();
    }

    @Test
    void newestFirstByNumberSo1Dot10ComesBefore1Dot9() {
        List<ImageVersion> versions = List.of(listed("1.9.0", false, WEST), listed("1.10.0", false, WEST),
                listed("1.2.0", false, WEST));
        assertEquals(List.of("1.10.0", "1.9.0", "1.2.0"), names(LatestCandidates.in(versions, "westeurope")));
    }

    @Test
    void versionExcludedFromLatestIsSkippedEverywhere() {
        List<ImageVersion> versions = List.of(listed("2.0.0", true, WEST), listed("1.0.0", false, WEST));
        LatestCandidates.Candidates candidates = LatestCandidates.in(versions, "westeurope");
        assertEquals(List.of("1.0.0"), names(candidates));
        assertEquals(1, candidates.census().excludedFromLatest());
    }

    @Test
    void versionExcludedFromLatestInOneRegionIsSkippedOnlyThere() {
        TargetRegion westExcluded = new TargetRegion("West Europe", 1, "Standard_LRS", true);
        List<ImageVersion> versions = List.of(listed("2.0.0", false, westExcluded, EAST), listed("1.0.0", false, WEST, EAST));
        assertEquals(List.of("1.0.0"), names(LatestCandidates.in(versions, "West Europe")));
        assertEquals(List.of("2.0.0", "1.0.0"), names(LatestCandidates.in(versions, "eastus")));
    }

    @Test
    void versionsNotPublishedToTheRegionOrNotNumericAreNotCandidates() {
        List<ImageVersion> versions = List.of(listed("3.0.0", false, EAST), listed("nightly", false, WEST),
                listed("1.0.0", true, WEST));
        LatestCandidates.Candidates candidates = LatestCandidates.in(versions, "westeurope");
        assertEquals(List.of(), names(candidates));
        assertEquals(new LatestCandidates.Census("westeurope", 3, 1, 1, 1), candidates.census());
    }

    @Test
    void aCanarySeesACandidateExcludedFromLatestButNotOneACanaryRejected() {
        ImageVersion candidate = listed("2.0.0", true, WEST);
        ImageVersion rejected = new ImageVersion(candidate.id().definition().version("2.1.0"), "Succeeded", true, null, null, 1,
                List.of(WEST), java.util.Optional.empty(), null, null, java.util.Map.of(GalleryTags.REJECTED, "failed on canary a"));
        List<ImageVersion> versions = List.of(rejected, candidate, listed("1.0.0", false, WEST));
        assertEquals(List.of("2.0.0", "1.0.0"), names(LatestCandidates.in(versions, "westeurope", true)));
        assertEquals(List.of("1.0.0"), names(LatestCandidates.in(versions, "westeurope", false)), "other pools: latest only");
    }
}
