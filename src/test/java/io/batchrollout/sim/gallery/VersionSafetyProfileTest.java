package io.batchrollout.sim.gallery;

import static io.batchrollout.sim.gallery.GalleryTestSupport.API;
import static io.batchrollout.sim.gallery.GalleryTestSupport.call;
import static io.batchrollout.sim.gallery.GalleryTestSupport.definitionId;
import static io.batchrollout.sim.gallery.GalleryTestSupport.versionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchrollout.sim.SimulatedAzure;
import io.batchrollout.sim.gallery.GallerySimulation.SimTargetRegion;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * safetyProfile as GalleryRP 2024-03-03 shapes it (GalleryImageVersion_Get_WithReplicationStatus): the publisher's
 * allowDeletionOfReplicatedLocations, and reportedForPolicyViolation / policyViolations that only the service sets.
 */
class VersionSafetyProfileTest {
    static final String GALLERY = "safetygallery";
    static SimulatedAzure sim;

    @BeforeAll
    static void start() {
        sim = SimulatedAzure.start(0);
        GalleryTestSupport.seedDefinition(sim, GALLERY, "app");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode safetyOf(String version) {
        var answer = call(sim, "GET", versionId(GALLERY, "app", version) + API, null);
        assertEquals(200, answer.status());
        return answer.body().path("properties").path("safetyProfile");
    }

    @Test
    void anUnflaggedVersionAnswersItsSafetyProfileWithTheFlagFalseAndNoViolations() {
        sim.gallery().addVersion(definitionId(GALLERY, "app"), "1.0.0", List.of(new SimTargetRegion("westeurope", 1, false)), true);
        JsonNode safety = safetyOf("1.0.0");
        assertFalse(safety.path("allowDeletionOfReplicatedLocations").asBoolean(true));
        assertTrue(safety.path("reportedForPolicyViolation").isBoolean());
        assertFalse(safety.path("reportedForPolicyViolation").asBoolean());
        assertFalse(safety.has("policyViolations"));
    }

    @Test
    void aVersionTheServiceFlagsAnswersTheFlagAndEachViolationInGetAndList() {
        String id = versionId(GALLERY, "app", "2.0.0");
        sim.gallery().addVersion(definitionId(GALLERY, "app"), "2.0.0", List.of(new SimTargetRegion("westeurope", 1, false)), true);
        sim.gallery().reportPolicyViolation(id, "ImageFlaggedUnsafe", "malware found");
        JsonNode safety = safetyOf("2.0.0");
        assertTrue(safety.path("reportedForPolicyViolation").asBoolean());
        assertEquals(1, safety.path("policyViolations").size());
        assertEquals("ImageFlaggedUnsafe", safety.path("policyViolations").get(0).path("category").asText());
        assertEquals("malware found", safety.path("policyViolations").get(0).path("details").asText());

        var list = call(sim, "GET", definitionId(GALLERY, "app") + "/versions" + API, null);
        boolean listedFlagged = false;
        for (JsonNode page = list.body(); ; ) {
            for (JsonNode v : page.path("value")) {
                listedFlagged |= v.path("name").asText().equals("2.0.0")
                        && v.path("properties").path("safetyProfile").path("reportedForPolicyViolation").asBoolean();
            }
            if (!page.hasNonNull("nextLink")) {
                break;
            }
            String next = page.path("nextLink").asText();
            page = call(sim, "GET", next.substring(next.indexOf("/subscriptions/")), null).body();
        }
        assertTrue(listedFlagged, "a list shows the flag as a GET does");

        sim.gallery().clearPolicyViolations(id);
        assertFalse(safetyOf("2.0.0").path("reportedForPolicyViolation").asBoolean());
    }

    @Test
    void aPutCannotSetTheReadOnlyFlagOrViolationsButKeepsThePublishersSetting() {
        String body = GalleryTestSupport.versionJson("westeurope", "westeurope").replace("\"properties\":{",
                "\"properties\":{\"safetyProfile\":{\"allowDeletionOfReplicatedLocations\":true,"
                        + "\"reportedForPolicyViolation\":true,\"policyViolations\":[{\"category\":\"Other\",\"details\":\"x\"}]},");
        var put = call(sim, "PUT", definitionId(GALLERY, "app") + "/versions/3.0.0" + API, body);
        assertEquals(201, put.status(), put.raw().body());
        JsonNode safety = safetyOf("3.0.0");
        assertTrue(safety.path("allowDeletionOfReplicatedLocations").asBoolean());
        assertFalse(safety.path("reportedForPolicyViolation").asBoolean(), safety.toString());
        assertFalse(safety.has("policyViolations"), safety.toString());
    }

    @Test
    void theTestSeamTakesOnlyTheCategoriesTheSpecNames() {
        String id = versionId(GALLERY, "app", "4.0.0");
        sim.gallery().addVersion(definitionId(GALLERY, "app"), "4.0.0", List.of(new SimTargetRegion("westeurope", 1, false)), true);
        assertThrows(IllegalArgumentException.class, () -> sim.gallery().reportPolicyViolation(id, "imageflaggedunsafe", "x"));
        assertThrows(IllegalArgumentException.class, () -> sim.gallery().reportPolicyViolation(id, "Malware", "x"));
    }
}
