package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.local.DemoResources;
import io.batchrollout.local.LocalRunner;
import io.batchrollout.local.Seed;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** createPool never uses a gallery version Azure reported for a policy violation (safetyProfile). */
class ImageSafetyThroughTheApiTest {
    static LocalRunner runner;
    static CreatePoolApi api;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()).withSeed(Seed.DEMO));
        runner.sim().events().setWebhook(null);
        api = new CreatePoolApi(runner);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    /** A definition of its own with 1.0.0 and 1.1.0 replicated to West Europe; 1.1.0 reported for a violation. */
    private static ImageDefinitionId imageWithFlaggedNewest(String name) {
        runner.sim().gallery().addImageDefinition(DemoResources.galleryId().toString(), name, "Linux", "Generalized", "V2");
        ImageDefinitionId image = DemoResources.galleryId().image(name);
        for (String version : List.of("1.0.0", "1.1.0")) {
            runner.sim().gallery().addVersion(image.toString(), version, List.of(new SimTargetRegion("West Europe", 1, false)), true);
        }
        runner.sim().gallery().reportPolicyViolation(image.version("1.1.0").toString(), "ImageFlaggedUnsafe", "malware found");
        return image;
    }

    @Test
    void aPinnedFlaggedVersionIsRefusedWithItsOwnReasonNamingTheCategory() throws Exception {
        ImageDefinitionId image = imageWithFlaggedNewest("pinned-safety");
        long creates = runner.sim().requests().count(e -> e.operation().equals("Pool_Create"));

        HttpResponse<String> response = api.post(CreatePoolApi.body("flagged-pinned", 1).put("image", image.version("1.1.0").toString()));

        assertEquals(422, response.statusCode(), response.body());
        JsonNode reasons = CreatePoolApi.json(response).path("reasons");
        assertEquals(1, reasons.size(), reasons.toString());
        assertEquals("VERSION_REPORTED_FOR_POLICY_VIOLATION", reasons.get(0).path("code").asText());
        assertEquals("ImageFlaggedUnsafe", reasons.get(0).path("facts").path("categories").get(0).asText());
        assertTrue(reasons.get(0).path("message").asText().contains("ImageFlaggedUnsafe"));
        assertEquals(creates, runner.sim().requests().count(e -> e.operation().equals("Pool_Create")), "nothing reaches Batch");
        assertFalse(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("flagged-pinned")).isPresent());
    }

    @Test
    void aTrackedImageWhoseNewestVersionIsFlaggedIsCreatedOnTheNewestUnflaggedOne() throws Exception {
        ImageDefinitionId image = imageWithFlaggedNewest("tracked-safety");

        HttpResponse<String> response = api.post(CreatePoolApi.body("flagged-tracked", 1).put("image", image.toString()));

        assertEquals(201, response.statusCode(), response.body());
        assertTrue(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("flagged-tracked")).orElseThrow()
                .imageReferenceId().endsWith("/versions/1.0.0"), "never the flagged 1.1.0");
    }

    @Test
    void anUnflaggedVersionIsUsedAsBefore() throws Exception {
        ImageDefinitionId image = imageWithFlaggedNewest("cleared-safety");
        runner.sim().gallery().clearPolicyViolations(image.version("1.1.0").toString());

        HttpResponse<String> response = api.post(CreatePoolApi.body("cleared", 1).put("image", image.toString()));

        assertEquals(201, response.statusCode(), response.body());
        assertTrue(AppContext.clients().pools().get(DemoResources.batchAccountId().pool("cleared")).orElseThrow()
                .imageReferenceId().endsWith("/versions/1.1.0"));
    }
}
