package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules the simulator checks from the specs on its own (not with the app's classes): pool names of
 * BatchManagement.json, gallery image ids with ARM's case-insensitive segments, and region names.
 */
class IndependentValidationTest {
    static BatchWorld world;
    static BatchAccountId account;
    static ImageVersionId image;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
        account = world.addAccount("independent", 400, 0);
        image = world.publish(world.ubuntu, "1.0.0");
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static HttpResponse<String> putPool(String name, String imageId) {
        String body = """
                {"properties":{"vmSize":"Standard_D2s_v3",
                 "deploymentConfiguration":{"virtualMachineConfiguration":{"imageReference":{"id":"%s"},"nodeAgentSkuId":"%s"}}}}
                """.formatted(imageId, BatchWorld.LINUX_AGENT);
        return world.send("PUT", account + "/pools/" + name + "?api-version=2024-07-01", body);
    }

    @Test
    void aPoolNameOfSixtyFourLettersDigitsHyphensAndUnderscoresIsAcceptedAndSixtyFiveAreNot() {
        String longest = "a_-9".repeat(16);
        assertEquals(200, putPool(longest, image.toString()).statusCode());
        HttpResponse<String> tooLong = putPool(longest + "x", image.toString());
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("InvalidPropertyValue"), tooLong.body());
    }

    @Test
    void anImageIdWhoseSegmentNamesAreInAnotherCaseIsTheSameGalleryVersion() {
        String shouted = image.toString().replace("/resourceGroups/", "/RESOURCEGROUPS/").replace("/providers/", "/Providers/")
                .replace("/versions/", "/VERSIONS/");
        HttpResponse<String> created = putPool("shouted", shouted);
        assertEquals(200, created.statusCode(), created.body());
    }

    @Test
    void anImageIdThatIsNotAGalleryImageOrVersionIsAnInvalidPropertyValue() {
        String managedImage = "/subscriptions/" + BatchWorld.SUBSCRIPTION + "/resourceGroups/images-rg/providers/Microsoft.Compute/images/golden";
        for (String id : new String[] {managedImage, "golden", image + "/extra"}) {
            HttpResponse<String> refused = putPool("not-gallery", id);
            assertEquals(400, refused.statusCode(), id);
            assertTrue(refused.body().contains("InvalidPropertyValue"), refused.body());
        }
    }

    @Test
    void locationEndpointsTakeEitherSpellingOfAKnownRegionAndRefuseAnUnknownOneAsArmDoes() {
        String skus = "/subscriptions/" + BatchWorld.SUBSCRIPTION + "/providers/Microsoft.Batch/locations/";
        assertEquals(200, world.send("GET", skus + "West%20Europe/virtualMachineSkus?api-version=2024-07-01", null).statusCode());
        HttpResponse<String> unknownSkus = world.send("GET", skus + "westmoon/virtualMachineSkus?api-version=2024-07-01", null);
        assertEquals(400, unknownSkus.statusCode());
        assertTrue(unknownSkus.body().contains("NoRegisteredProviderFound"), unknownSkus.body());
        HttpResponse<String> unknownUsages = world.send("GET", "/subscriptions/" + BatchWorld.SUBSCRIPTION
                + "/providers/Microsoft.Compute/locations/westmoon/usages?api-version=2024-07-01", null);
        assertEquals(400, unknownUsages.statusCode());
        assertTrue(unknownUsages.body().contains("NoRegisteredProviderFound"), unknownUsages.body());
    }

    @Test
    void seedingAnAccountInARegionTheSimulatorDoesNotKnowIsAMistakeInTheTest() {
        assertThrows(IllegalArgumentException.class, () -> world.azure.batch()
                .addAccount(BatchWorld.SUBSCRIPTION, BatchWorld.RESOURCE_GROUP, "moonbatch", "westmoon", 10, 0));
    }
}
