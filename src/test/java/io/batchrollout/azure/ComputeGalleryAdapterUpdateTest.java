package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.ImageVersion;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.port.GalleryWrites;
import io.batchrollout.port.ImageGallery;
import io.batchrollout.sim.RequestLog;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GalleryWrites.updateVersion through the app's client factory against the simulated Azure. */
class ComputeGalleryAdapterUpdateTest {
    static final String SUBSCRIPTION = "3f9e2b71-5c4d-4a8e-b6f0-91d2c7a4e5b4";
    static final GalleryId GALLERY = GalleryId.parse("/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/updategallery");

    static SimulatedAzure sim;
    static ImageGallery gallery;
    static GalleryWrites writes;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        sim.gallery().addGallery(SUBSCRIPTION, "images-rg", "updategallery", "westeurope");
        AzureClients clients = AzureClients.create(sim.target());
        gallery = clients.gallery();
        writes = clients.galleryWrites();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static ImageVersionId version(String image, SimTargetRegion... regions) {
        sim.gallery().addImageDefinition(GALLERY.toString(), image, "Linux", "Generalized", "V2");
        ImageDefinitionId definition = GALLERY.image(image);
        sim.gallery().addVersion(definition.toString(), "1.0.0", List.of(regions), true);
        return definition.version("1.0.0");
    }

    private static long updates(ImageVersionId id) {
        return sim.requests().count(e -> e.operation().equals("GalleryImageVersions_Update")
                && e.path().equalsIgnoreCase(id.toString()));
    }

    private static List<GalleryWrites.TargetRegion> asRead(ImageVersion v) {
        return v.targetRegions().stream().map(t -> new GalleryWrites.TargetRegion(t.name(), t.regionalReplicaCount(),
                Optional.ofNullable(t.storageAccountType()), Optional.of(t.excludeFromLatest()))).toList();
    }

    @Test
    void aVersionReadByTheListAndReadAloneCarryTheSameFingerprintAndItsTags() {
        ImageVersionId id = version("fingerprint", new SimTargetRegion("westeurope", 1, false));

        ImageVersion alone = gallery.version(id).orElseThrow();
        ImageVersion listed = gallery.versions(id.definition()).get(0);

        assertTrue(alone.etag().startsWith(ComputeGalleryAdapter.FINGERPRINT_PREFIX), alone.etag());
        assertEquals(alone.etag(), listed.etag());
    }

    @Test
    void raisingOneRegionKeepsTheOthersAndChangesTheFingerprint() {
        ImageVersionId id = version("raise", new SimTargetRegion("westeurope", 1, false), new SimTargetRegion("northeurope", 2, true));
        ImageVersion read = gallery.version(id).orElseThrow();
        List<GalleryWrites.TargetRegion> targets = List.of(
                new GalleryWrites.TargetRegion("West Europe", 10, Optional.empty(), Optional.empty()), asRead(read).get(1));

        writes.updateVersion(id, new GalleryWrites.VersionUpdate(read.etag(), Optional.of(targets), Optional.empty(), Map.of()));

        ImageVersion after = gallery.version(id).orElseThrow();
        assertEquals(10, after.targetRegion("westeurope").orElseThrow().regionalReplicaCount());
        assertEquals(2, after.targetRegion("northeurope").orElseThrow().regionalReplicaCount());
        assertTrue(after.targetRegion("northeurope").orElseThrow().excludeFromLatest());
        assertEquals("Updating", after.provisioningState());
        assertNotEquals(read.etag(), after.etag());
        assertEquals(1, updates(id));
        RequestLog.Captured patch = sim.requests().captured().stream()
                .filter(c -> c.entry().operation().equals("GalleryImageVersions_Update") && c.entry().path().equalsIgnoreCase(id.toString()))
                .findFirst().orElseThrow();
        assertTrue(patch.body().path("properties").path("storageProfile").isEmpty(), patch.body().toString());
        assertTrue(patch.body().path("properties").path("publishingProfile").path("publishedDate").isMissingNode(), "read-only");
        assertTrue(!patch.headers().containsKey("if-match"), "no If-Match: Azure gave no ETag");
    }

    @Test
    void aVersionChangedSinceItWasReadIsNotUpdated() {
        ImageVersionId id = version("stale", new SimTargetRegion("westeurope", 1, false));
        ImageVersion read = gallery.version(id).orElseThrow();
        writes.updateVersion(id, new GalleryWrites.VersionUpdate(read.etag(), Optional.empty(), Optional.empty(), Map.of("owner", "someone")));

        var refused = assertThrows(AzureCallException.PreconditionFailed.class, () -> writes.updateVersion(id,
                new GalleryWrites.VersionUpdate(read.etag(), Optional.of(asRead(read)), Optional.of(true), Map.of())));

        assertTrue(refused.getMessage().contains("changed since it was read"), refused.getMessage());
        assertEquals(1, updates(id), "only the first update reached Azure");
    }

    @Test
    void tagsToSetAreMergedIntoTheVersionsTags() {
        ImageVersionId id = version("tags", new SimTargetRegion("westeurope", 1, false));
        writes.updateVersion(id, new GalleryWrites.VersionUpdate(null, Optional.empty(), Optional.empty(), Map.of("team", "render")));
        sim.advance(java.time.Duration.ofMinutes(1));

        writes.updateVersion(id, new GalleryWrites.VersionUpdate(null, Optional.empty(), Optional.empty(), Map.of("batch-image-rollout.note", "x")));

        assertEquals(Map.of("team", "render", "batch-image-rollout.note", "x"), gallery.version(id).orElseThrow().tags());
    }

    @Test
    void azureRefusingTheUpdateLeavesAsAnAzureCallException() {
        ImageVersionId id = version("refused", new SimTargetRegion("westeurope", 1, false));
        ImageVersion read = gallery.version(id).orElseThrow();

        var refused = assertThrows(AzureCallException.class, () -> writes.updateVersion(id, new GalleryWrites.VersionUpdate(read.etag(),
                Optional.of(List.of(new GalleryWrites.TargetRegion("westeurope", 101, Optional.empty(), Optional.empty()))),
                Optional.empty(), Map.of())));

        assertEquals(400, refused.status());
        assertEquals(1, gallery.version(id).orElseThrow().targetRegion("westeurope").orElseThrow().regionalReplicaCount());
    }
}
