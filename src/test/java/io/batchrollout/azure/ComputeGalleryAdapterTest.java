package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinition;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gallery adapter, through the app's own client factory, against the simulated Azure. */
class ComputeGalleryAdapterTest {
    static final String SUBSCRIPTION = "3f9e2b71-5c4d-4a8e-b6f0-91d2c7a4e5b3";
    static final GalleryId GALLERY = GalleryId.parse("/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/adaptergallery");

    static SimulatedAzure sim;
    static ImageGallery gallery;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.gallery().addGallery(SUBSCRIPTION, "images-rg", "adaptergallery", "westeurope");
        gallery = AzureClients.create(sim.target()).gallery();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static ImageDefinitionId definition(String image) {
        sim.gallery().addImageDefinition(GALLERY.toString(), image, "Linux", "Generalized", "V2");
        return GALLERY.image(image);
    }

    private static List<SimTargetRegion> regions(String... names) {
        return java.util.Arrays.stream(names).map(n -> new SimTargetRegion(n, 1, false)).toList();
    }

    @Test
    void seededReplicatedVersionReadsCompletedInWestEurope() {
        ImageDefinitionId image = definition("replicated");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope", "eastus"), true);

        ImageVersion version = gallery.version(image.version("1.0.0")).orElseThrow();

        assertEquals("Succeeded", version.provisioningState());
        ImageVersion.Replication replication = version.replication().orElseThrow();
        assertEquals("Completed", replication.aggregatedState());
        assertEquals(List.of("West Europe", "East US"), replication.summary().stream().map(ImageVersion.RegionReplication::region).toList());
        assertTrue(replication.summary().stream().allMatch(r -> r.state().equals("Completed") && r.progress() == 100));
    }

    @Test
    void versionPublishedNowReadsReplicatingWithProgressThenCompletedAfterTheClockMoves() {
        ImageDefinitionId image = definition("fresh");
        sim.gallery().publishVersion(image.toString(), "2.0.0", regions("West Europe"));
        sim.advance(Duration.ofMinutes(4));

        ImageVersion during = gallery.version(image.version("2.0.0")).orElseThrow();
        sim.advance(Duration.ofMinutes(6));
        ImageVersion after = gallery.version(image.version("2.0.0")).orElseThrow();

        assertEquals("Creating", during.provisioningState());
        ImageVersion.RegionReplication replicating = during.replication().orElseThrow().summary().get(0);
        assertEquals("Replicating", replicating.state());
        assertEquals(40, replicating.progress());
        assertEquals("InProgress", during.replication().orElseThrow().aggregatedState());
        assertEquals("Succeeded", after.provisioningState());
        assertEquals("Completed", after.replication().orElseThrow().summary().get(0).state());
    }

    @Test
    void regionNamesReadAsDisplayNamesWhateverFormTheyWereGivenIn() {
        ImageDefinitionId image = definition("names");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope", "North Europe", "southeastasia"), true);

        ImageVersion version = gallery.version(image.version("1.0.0")).orElseThrow();

        assertEquals(List.of("West Europe", "North Europe", "Southeast Asia"),
                version.targetRegions().stream().map(ImageVersion.TargetRegion::name).toList());
        assertTrue(version.targetRegion("westeurope").isPresent(), "the model compares regions in either form");
    }

    @Test
    void failedReplicationReadsFailedWithTheRegionNamed() {
        ImageDefinitionId image = definition("failing");
        ImageVersionId id = image.version("1.0.0");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope", "uksouth"), false);
        sim.gallery().failReplication(id.toString(), "UK South");
        sim.advance(Duration.ofMinutes(20));

        ImageVersion version = gallery.version(id).orElseThrow();

        assertEquals("Failed", version.provisioningState());
        ImageVersion.Replication replication = version.replication().orElseThrow();
        assertEquals("Failed", replication.aggregatedState());
        ImageVersion.RegionReplication uk = replication.summary().get(1);
        assertEquals("UK South", uk.region());
        assertEquals("Failed", uk.state());
        assertTrue(uk.details().contains("UK South"), uk.details());
        assertEquals("Completed", replication.summary().get(0).state());
    }

    @Test
    void listingFollowsNextLinkAcrossPagesAndCarriesNoReplicationStatus() {
        ImageDefinitionId image = definition("many");
        for (String v : List.of("1.0.0", "1.2.0", "1.10.0", "2.0.0", "0.9.1")) {
            sim.gallery().addVersion(image.toString(), v, regions("westeurope"), true);
        }
        sim.requests().clear();

        List<ImageVersion> versions = gallery.versions(image);

        assertEquals(5, versions.size());
        assertEquals(3, sim.requests().count("GalleryImageVersions_ListByGalleryImage"), "pages of two: three calls");
        assertTrue(versions.stream().allMatch(v -> v.replication().isEmpty()));
        assertTrue(versions.stream().allMatch(v -> v.id().definition().equals(image)));
        assertEquals(List.of("0.9.1", "1.0.0", "1.10.0", "1.2.0", "2.0.0"),
                versions.stream().map(v -> v.id().versionName()).sorted().toList());
    }

    @Test
    void unknownVersionAndUnknownDefinitionReadEmpty() {
        ImageDefinitionId image = definition("sparse");

        assertTrue(gallery.version(image.version("9.9.9")).isEmpty());
        assertTrue(gallery.imageDefinition(GALLERY.image("never-created")).isEmpty());
        assertTrue(gallery.version(GALLERY.image("never-created").version("1.0.0")).isEmpty());
        assertThrows(AzureCallException.NotFound.class, () -> gallery.versions(GALLERY.image("never-created")));
    }

    @Test
    void imageDefinitionFieldsMap() {
        sim.gallery().addImageDefinition(GALLERY.toString(), "trusted", "Windows", "Specialized", "V2", "TrustedLaunch");

        ImageDefinition definition = gallery.imageDefinition(GALLERY.image("trusted")).orElseThrow();

        assertEquals(ImageDefinition.OsType.WINDOWS, definition.osType());
        assertEquals(ImageDefinition.OsState.SPECIALIZED, definition.osState());
        assertEquals("V2", definition.hyperVGeneration());
        assertEquals("TrustedLaunch", definition.securityType());
        assertEquals("westeurope", definition.location(), "the gallery answers West Europe; the app keeps the short form");
    }

    @Test
    void aVersionReportedForAPolicyViolationReadsFlaggedWithItsViolationsAndAnUnflaggedOneReadsClean() {
        ImageDefinitionId image = definition("safety");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope"), true);
        sim.gallery().addVersion(image.toString(), "1.1.0", regions("westeurope"), true);
        sim.gallery().reportPolicyViolation(image.version("1.1.0").toString(), "ImageFlaggedUnsafe", "malware found");

        ImageVersion clean = gallery.version(image.version("1.0.0")).orElseThrow();
        ImageVersion flagged = gallery.version(image.version("1.1.0")).orElseThrow();

        assertEquals(ImageVersion.Safety.UNFLAGGED, clean.safety());
        assertTrue(flagged.safety().flagged());
        assertTrue(flagged.safety().reportedForPolicyViolation());
        assertEquals(List.of(new ImageVersion.PolicyViolation("ImageFlaggedUnsafe", "malware found")),
                flagged.safety().policyViolations());
        assertTrue(gallery.versions(image).stream().filter(v -> v.id().versionName().equals("1.1.0"))
                .allMatch(v -> v.safety().flagged()), "the list carries the flag too");
    }

    @Test
    void versionFieldsMap() {
        ImageDefinitionId image = definition("fields");
        sim.gallery().addVersion(image.toString(), "3.1.4", List.of(new SimTargetRegion("westeurope", 5, false),
                new SimTargetRegion("eastus", 2, true)), true);

        ImageVersion version = gallery.version(image.version("3.1.4")).orElseThrow();

        assertEquals(sim.clock().now(), version.publishedDate().toInstant());
        assertEquals(1, version.defaultReplicaCount());
        ImageVersion.TargetRegion eastUs = version.targetRegion("East US").orElseThrow();
        assertEquals(2, eastUs.regionalReplicaCount());
        assertTrue(eastUs.excludeFromLatest());
        assertEquals("Standard_LRS", eastUs.storageAccountType());
        assertEquals(5, version.targetRegion("West Europe").orElseThrow().regionalReplicaCount());
    }

    @Test
    void throttledReadsAreRetriedByThePipelineAndSucceed() {
        ImageDefinitionId image = definition("throttled");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope"), true);
        sim.requests().clear();
        sim.faults().throttle("GalleryImageVersions_Get", 2, Duration.ZERO);

        ImageVersion version = gallery.version(image.version("1.0.0")).orElseThrow();

        assertEquals("Succeeded", version.provisioningState());
        assertEquals(3, sim.requests().count("GalleryImageVersions_Get"));
        assertEquals(2, sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Get") && e.status() == 429));
    }

    @Test
    void persistentThrottlingSurfacesAsThrottled() {
        ImageDefinitionId image = definition("busy");
        sim.gallery().addVersion(image.toString(), "1.0.0", regions("westeurope"), true);
        sim.requests().clear();
        sim.faults().throttle("GalleryImageVersions_Get", 10, Duration.ZERO);
        try {
            AzureCallException.Throttled thrown = assertThrows(AzureCallException.Throttled.class,
                    () -> gallery.version(image.version("1.0.0")));

            assertEquals(429, thrown.status());
            assertEquals(4, sim.requests().count("GalleryImageVersions_Get"), "the first call and three retries");
        } finally {
            sim.faults().clear();
        }
    }
}
