package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.galleryPath;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replication over simulated time, and what the Batch part of the simulator asks through {@link GalleryLookup}. */
class ReplicationAndLookupTest {
    static final String GALLERY = "lookupgallery";
    static SimulatedAzure sim;
    static GallerySimulation gallery;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        gallery = sim.gallery();
        gallery.addGallery(GalleryTestSupport.SUBSCRIPTION, GalleryTestSupport.RESOURCE_GROUP, GALLERY, "westeurope");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String definition(String image) {
        gallery.addImageDefinition(galleryPath(GALLERY), image, "Linux", "Generalized", "V2");
        return definitionId(GALLERY, image);
    }

    private static SimTargetRegion region(String name) {
        return new SimTargetRegion(name, 1, false);
    }

    private static String stateIn(String versionId, String region) {
        return gallery.version(versionId).orElseThrow().replicationByRegion().get(region);
    }

    @Test
    void theGalleryRegionReplicatesFirstThenTheOthersInTheOrderGiven() {
        String image = definition("order");
        gallery.addVersion(image, "1.0.0", List.of(region("eastus"), region("uksouth"), region("westeurope")), false);
        String id = versionId(GALLERY, "order", "1.0.0");

        sim.advance(Duration.ofMinutes(10));
        assertEquals(List.of("Replicating", "Replicating", "Completed"),
                List.of(stateIn(id, "eastus"), stateIn(id, "uksouth"), stateIn(id, "westeurope")));
        sim.advance(Duration.ofMinutes(10));
        assertEquals("Completed", stateIn(id, "eastus"));
        assertEquals("Replicating", stateIn(id, "uksouth"));
        assertEquals("Creating", gallery.version(id).orElseThrow().provisioningState());
        sim.advance(Duration.ofMinutes(10));
        assertEquals("Completed", stateIn(id, "uksouth"));
        assertEquals("Succeeded", gallery.version(id).orElseThrow().provisioningState());
    }

    @Test
    void extraReplicasTakeLongerAndTheTimingIsConfigurable() {
        try (SimulatedAzure own = SimulatedAzure.start(0)) {
            String galleryId = "/subscriptions/" + GalleryTestSupport.SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Compute/galleries/g";
            own.gallery().addGallery(GalleryTestSupport.SUBSCRIPTION, "rg", "g", "westeurope");
            own.gallery().addImageDefinition(galleryId, "i", "Linux", "Generalized", "V1");
            own.gallery().setReplicationTiming(Duration.ofMinutes(30), Duration.ofMinutes(5));
            String versionId = galleryId + "/images/i/versions/1.0.0";
            own.gallery().addVersion(galleryId + "/images/i", "1.0.0", List.of(new SimTargetRegion("westeurope", 3, false)), false);

            own.advance(Duration.ofMinutes(39));
            assertEquals("Replicating", own.gallery().version(versionId).orElseThrow().replicationByRegion().get("westeurope"));
            own.advance(Duration.ofMinutes(1));
            assertEquals("Completed", own.gallery().version(versionId).orElseThrow().replicationByRegion().get("westeurope"));
        }
    }

    @Test
    void aFailedRegionFailsTheVersionWhileTheOthersCarryOn() {
        String image = definition("failing");
        gallery.addVersion(image, "1.0.0", List.of(region("westeurope"), region("eastus"), region("northeurope")), false);
        String id = versionId(GALLERY, "failing", "1.0.0");
        gallery.failReplication(id, "East US");

        sim.advance(Duration.ofMinutes(20));
        assertEquals("Failed", stateIn(id, "eastus"));
        assertEquals("Failed", gallery.version(id).orElseThrow().provisioningState());
        sim.advance(Duration.ofMinutes(10));
        assertEquals("Completed", stateIn(id, "northeurope"));
        assertEquals("Failed", gallery.version(id).orElseThrow().provisioningState());
        assertThrows(IllegalStateException.class, () -> gallery.failReplication(id, "westeurope"), "already completed");
        assertThrows(IllegalArgumentException.class, () -> gallery.failReplication(id, "japaneast"), "not a target");
    }

    @Test
    void latestIsTheHighestVersionCompletedAndNotExcludedInThatRegion() {
        String image = definition("latest");
        gallery.addVersion(image, "1.9.0", List.of(region("westeurope"), region("eastus")), true);
        gallery.addVersion(image, "1.10.0", List.of(region("westeurope"), new SimTargetRegion("eastus", 1, true)), true);
        gallery.addVersion(image, "1.11.0", List.of(region("westeurope"), region("eastus")), false);

        assertEquals(versionId(GALLERY, "latest", "1.10.0"), gallery.latestVersionId(image, "West Europe").orElseThrow());
        assertEquals(versionId(GALLERY, "latest", "1.9.0"), gallery.latestVersionId(image, "eastus").orElseThrow());
        sim.advance(Duration.ofMinutes(10));
        assertEquals(versionId(GALLERY, "latest", "1.11.0"), gallery.latestVersionId(image, "westeurope").orElseThrow());
        assertTrue(gallery.latestVersionId(image, "japaneast").isEmpty());
        assertTrue(gallery.latestVersionId(definitionId(GALLERY, "nothing"), "westeurope").isEmpty());
    }

    @Test
    void factsComeBackForIdsInAnyCasing() {
        String image = definition("facts");
        gallery.addVersion(image, "2.0.0", List.of(region("westeurope")), true);
        String id = versionId(GALLERY, "facts", "2.0.0");
        gallery.markBroken(id.toUpperCase());

        GalleryLookup.VersionFacts facts = gallery.version(id.replace("/resourceGroups/", "/resourcegroups/")).orElseThrow();
        GalleryLookup.DefinitionFacts definitionFacts = gallery.definition(image.toLowerCase()).orElseThrow();

        assertEquals(id, facts.id());
        assertTrue(facts.broken());
        assertTrue(facts.completedIn("westeurope"));
        assertEquals("Succeeded", facts.provisioningState());
        assertEquals(List.of("Linux", "Generalized", "V2"),
                List.of(definitionFacts.osType(), definitionFacts.osState(), definitionFacts.hyperVGeneration()));
        assertTrue(gallery.version(versionId(GALLERY, "facts", "9.0.0")).isEmpty());
        assertTrue(gallery.version("not an id").isEmpty());
    }

    @Test
    void lookupsWorkWhileTheCallerHoldsTheStateLock() {
        String image = definition("locked");
        gallery.addVersion(image, "1.0.0", List.of(region("westeurope")), true);

        var underWrite = sim.state().write(() -> gallery.latestVersionId(image, "westeurope"));
        var underRead = sim.state().read(() -> gallery.version(versionId(GALLERY, "locked", "1.0.0")));

        assertTrue(underWrite.isPresent());
        assertTrue(underRead.isPresent());
    }

    @Test
    void seedingValidatesAsAPutWould() {
        String image = definition("seeds");
        assertThrows(RuntimeException.class, () -> gallery.addVersion(image, "1.0", List.of(region("westeurope")), true));
        assertThrows(RuntimeException.class, () -> gallery.addVersion(image, "1.0.0", List.of(region("eastus")), true),
                "the gallery's own region must be a target");
        assertThrows(IllegalArgumentException.class, () -> gallery.addVersion(definitionId(GALLERY, "none"), "1.0.0",
                List.of(region("westeurope")), true));
        assertTrue(gallery.version(versionId(GALLERY, "seeds", "1.0.0")).isEmpty());
    }
}
