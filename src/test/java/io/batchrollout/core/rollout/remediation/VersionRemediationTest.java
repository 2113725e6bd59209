package io.batchrollout.core.rollout.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.port.GalleryWrites;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure per-version decision: one update over every need, never lowering, never removing. */
class VersionRemediationTest {
    static final ImageVersionId V = ImageVersionId.parse("/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/g/providers/Microsoft.Compute"
            + "/galleries/gal/images/img/versions/1.1.0");
    static final BatchAccountId ACCOUNT = BatchAccountId.parse("/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/g/providers/Microsoft.Batch/batchAccounts/a");

    static ImageVersion version(String provisioning, Map<String, String> tags, ImageVersion.TargetRegion... regions) {
        return new ImageVersion(V, provisioning, false, null, null, 1, List.of(regions), Optional.empty(),
                ImageVersion.Safety.UNFLAGGED, "fp:abc", tags);
    }

    static ImageVersion.TargetRegion region(String name, int replicas) {
        return new ImageVersion.TargetRegion(name, replicas, "Standard_ZRS", false);
    }

    static ReplicaNeed need(String pool, String region, int replicas) {
        return new ReplicaNeed(V, region, ACCOUNT.pool(pool), replicas * 300, replicas);
    }

    @Test
    void theLargestPoolInARegionSetsTheCountAndEveryOtherRegionIsSentAsRead() {
        ImageVersion read = version("Succeeded", Map.of(), region("West Europe", 1), region("East US", 4));

        Remediation decided = VersionRemediation.decide(read, List.of(need("small", "westeurope", 2),
                need("big", "westeurope", 10), need("mid", "westeurope", 5)), true);

        Remediation.Update update = assertInstanceOf(Remediation.Update.class, decided);
        assertEquals(List.of(new RegionChange("westeurope", 1, 10)), update.changes());
        List<GalleryWrites.TargetRegion> sent = update.update().targetRegions().orElseThrow();
        assertEquals(List.of(
                new GalleryWrites.TargetRegion("West Europe", 10, Optional.of("Standard_ZRS"), Optional.of(false)),
                new GalleryWrites.TargetRegion("East US", 4, Optional.of("Standard_ZRS"), Optional.of(false))), sent);
        assertEquals("fp:abc", update.update().etag(), "conditional on what was read");
        assertEquals(Map.of(RemediationTag.KEY, "westeurope:1>10"), update.update().tagsToSet());
        assertEquals("raising replicas of 1.1.0 in westeurope from 1 to 10", update.text());
    }

    @Test
    void aMissingRegionIsAddedAtTheEndWithAzuresDefaultsAndBothChangesGoInOneUpdate() {
        ImageVersion read = version("Succeeded", Map.of(), region("West Europe", 1));

        Remediation.Update update = assertInstanceOf(Remediation.Update.class, VersionRemediation.decide(read,
                List.of(need("a", "northeurope", 3), need("b", "westeurope", 2)), true));

        assertEquals(List.of(new RegionChange("northeurope", 0, 3), new RegionChange("westeurope", 1, 2)), update.changes());
        List<GalleryWrites.TargetRegion> sent = update.update().targetRegions().orElseThrow();
        assertEquals(2, sent.size());
        assertEquals(new GalleryWrites.TargetRegion("northeurope", 3, Optional.empty(), Optional.empty()), sent.get(1));
        assertEquals("northeurope:0>3,westeurope:1>2", update.update().tagsToSet().get(RemediationTag.KEY));
    }

    @Test
    void aCountIsNeverLoweredNorARegionRemoved() {
        ImageVersion read = version("Succeeded", Map.of(), region("West Europe", 20), region("East US", 1));

        Remediation decided = VersionRemediation.decide(read, List.of(need("small", "westeurope", 1)), true);

        assertInstanceOf(Remediation.Nothing.class, decided);
    }

    @Test
    void nothingIsWrittenToAFailedOrUpdatingVersionNorOutsideTheAllowedGalleries() {
        List<ReplicaNeed> needs = List.of(need("big", "westeurope", 10));

        assertTrue(((Remediation.Nothing) VersionRemediation.decide(version("Failed", Map.of(), region("West Europe", 1)), needs, true))
                .why().contains("Failed"));
        assertInstanceOf(Remediation.Nothing.class, VersionRemediation.decide(version("Updating", Map.of(), region("West Europe", 1)), needs, true));
        assertTrue(((Remediation.Nothing) VersionRemediation.decide(version("Succeeded", Map.of(), region("West Europe", 1)), needs, false))
                .why().contains("ALLOWED_GALLERY_IDS"));
    }

    @Test
    void aNeedBeyondTheGallerysLimitOrForAnotherVersionIsIgnored() {
        ImageVersionId other = ImageVersionId.parse(V.toString().replace("1.1.0", "1.2.0"));
        ImageVersion read = version("Succeeded", Map.of(), region("West Europe", 1));

        Remediation decided = VersionRemediation.decide(read, List.of(new ReplicaNeed(V, "westeurope", ACCOUNT.pool("x"), 40_000, 134),
                new ReplicaNeed(other, "westeurope", ACCOUNT.pool("y"), 3000, 10)), true);

        assertInstanceOf(Remediation.Nothing.class, decided);
    }

    @Test
    void earlierEntriesOfTheTagForOtherRegionsAreKept() {
        ImageVersion read = version("Succeeded", Map.of(RemediationTag.KEY, "eastus:1>4,westeurope:1>2", "team", "img"),
                region("West Europe", 2), region("East US", 4));

        Remediation.Update update = (Remediation.Update) VersionRemediation.decide(read, List.of(need("big", "westeurope", 10)), true);

        assertEquals("eastus:1>4,westeurope:2>10", update.update().tagsToSet().get(RemediationTag.KEY));
        assertEquals(1, update.update().tagsToSet().size(), "other tags are the adapter's to keep, not to resend");
    }
}
