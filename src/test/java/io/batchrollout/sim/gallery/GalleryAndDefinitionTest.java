package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.RESOURCE_GROUP;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.galleryPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryInner;
import com.azure.resourcemanager.compute.models.GalleryImageFeature;
import com.azure.resourcemanager.compute.models.GalleryImageIdentifier;
import com.azure.resourcemanager.compute.models.GalleryProvisioningState;
import com.azure.resourcemanager.compute.models.HyperVGeneration;
import com.azure.resourcemanager.compute.models.OperatingSystemStateTypes;
import com.azure.resourcemanager.compute.models.OperatingSystemTypes;
import io.batchrollout.sim.SimulatedAzure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Galleries and image definitions: created through the SDK's pollers, refused over raw HTTP. */
class GalleryAndDefinitionTest {
    static SimulatedAzure sim;
    static ComputeManagementClient compute;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        compute = GalleryTestSupport.compute(sim);
        sim.gallery().addGallery(GalleryTestSupport.SUBSCRIPTION, RESOURCE_GROUP, "seeded", "westeurope");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String definitionJson(String osType, String hyperV, String securityType) {
        String features = securityType == null ? "" : ",\"features\":[{\"name\":\"SecurityType\",\"value\":\"" + securityType + "\"}]";
        return "{\"location\":\"West Europe\",\"properties\":{\"osType\":\"" + osType + "\",\"osState\":\"Generalized\","
                + "\"hyperVGeneration\":\"" + hyperV + "\",\"identifier\":{\"publisher\":\"p\",\"offer\":\"o\",\"sku\":\"s\"}" + features + "}}";
    }

    @Test
    void sdkCreatesAGalleryAndADefinitionAndReadsThemBack() {
        var galleryPoller = compute.getGalleries().beginCreateOrUpdate(RESOURCE_GROUP, "sdkgallery",
                new GalleryInner().withLocation("westeurope").withDescription("images for pools"));
        assertTrue(GalleryTestSupport.succeeded(GalleryTestSupport.pollUntilDone(sim, galleryPoller, Duration.ofSeconds(10), 3)));
        GalleryInner created = galleryPoller.getFinalResult();

        var imagePoller = compute.getGalleryImages().beginCreateOrUpdate(RESOURCE_GROUP, "sdkgallery", "ubuntu",
                new GalleryImageInner().withLocation("westeurope").withOsType(OperatingSystemTypes.LINUX)
                        .withOsState(OperatingSystemStateTypes.GENERALIZED).withHyperVGeneration(HyperVGeneration.V2)
                        .withIdentifier(new GalleryImageIdentifier().withPublisher("contoso").withOffer("ubuntu").withSku("22_04"))
                        .withFeatures(List.of(new GalleryImageFeature().withName("SecurityType").withValue("TrustedLaunch"))));
        assertTrue(GalleryTestSupport.succeeded(GalleryTestSupport.pollUntilDone(sim, imagePoller, Duration.ofSeconds(10), 3)));
        GalleryImageInner image = compute.getGalleryImages().get(RESOURCE_GROUP, "sdkgallery", "ubuntu");

        assertEquals(GalleryProvisioningState.SUCCEEDED, created.provisioningState());
        assertEquals("images for pools", created.description());
        assertEquals(GalleryTestSupport.SUBSCRIPTION + "-SDKGALLERY", created.identifier().uniqueName());
        assertEquals(OperatingSystemTypes.LINUX, image.osType());
        assertEquals(HyperVGeneration.V2, image.hyperVGeneration());
        assertEquals("TrustedLaunch", image.features().get(0).value());
        assertEquals("22_04", image.identifier().sku());
        assertEquals(galleryPath("sdkgallery") + "/images/ubuntu", image.id());
    }

    @Test
    void aDefinitionsOsTypeCannotChange() {
        String path = definitionId("seeded", "fixed") + API;
        assertEquals(201, call(sim, "PUT", path, definitionJson("Linux", "V1", null)).status());
        assertEquals(200, call(sim, "PUT", path, definitionJson("linux", "V1", null)).status(), "same values, any casing");

        var changed = call(sim, "PUT", path, definitionJson("Windows", "V1", null));

        assertEquals(409, changed.status());
        assertEquals("PropertyChangeNotAllowed", changed.errorCode());
    }

    @Test
    void trustedLaunchNeedsGenerationTwoAndUnknownValuesAreRefused() {
        var v1 = call(sim, "PUT", definitionId("seeded", "tl") + API, definitionJson("Linux", "V1", "TrustedLaunch"));
        var badOs = call(sim, "PUT", definitionId("seeded", "bados") + API, definitionJson("Solaris", "V1", null));
        var badName = call(sim, "PUT", definitionId("seeded", "-dash-first") + API, definitionJson("Linux", "V1", null));

        assertEquals(List.of(400, 400, 400), List.of(v1.status(), badOs.status(), badName.status()));
        assertEquals("InvalidParameter", v1.errorCode());
    }

    @Test
    void aDefinitionUnderAMissingGalleryIs404AndAnUnknownLocationIs400() {
        var orphan = call(sim, "PUT", definitionId("nogallery", "x") + API, definitionJson("Linux", "V1", null));
        var nowhere = call(sim, "PUT", galleryPath("nowhere") + API, "{\"location\":\"moon\"}");
        var missing = call(sim, "GET", galleryPath("absent") + API, null);

        assertEquals(404, orphan.status());
        assertEquals("ParentResourceNotFound", orphan.errorCode());
        assertEquals(400, nowhere.status());
        assertEquals("LocationNotAvailableForResourceType", nowhere.errorCode());
        assertEquals(404, missing.status());
        assertEquals("ResourceNotFound", missing.errorCode());
    }

    @Test
    void definitionsAndGalleriesListWithPaging() {
        for (String image : List.of("l1", "l2", "l3")) {
            sim.gallery().addImageDefinition(galleryPath("seeded"), image, "Linux", "Generalized", "V1");
        }
        List<String> names = new java.util.ArrayList<>();
        compute.getGalleryImages().listByGallery(RESOURCE_GROUP, "seeded").forEach(d -> names.add(d.name()));
        assertTrue(names.containsAll(List.of("l1", "l2", "l3")), names.toString());
        assertTrue(sim.requests().count("GalleryImages_ListByGallery") >= 2, "more than one page");

        List<String> galleries = new java.util.ArrayList<>();
        compute.getGalleries().listByResourceGroup(RESOURCE_GROUP).forEach(g -> galleries.add(g.name()));
        assertTrue(galleries.contains("seeded"), galleries.toString());
    }

    @Test
    void aGalleryPutPublishesAGalleryWriteEvent() {
        assertEquals(201, call(sim, "PUT", galleryPath("evented") + API, "{\"location\":\"westeurope\"}").status());

        var events = GalleryTestSupport.eventsAbout(sim.events(), galleryPath("evented"));

        assertEquals(1, events.size());
        assertEquals("Microsoft.Compute/galleries/write", events.get(0).path("data").path("operationName").asText());
    }
}
