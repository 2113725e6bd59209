package io.batchrollout.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.port.GalleryWrites;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PATCH body is built from the version as Azure returned it: what the update does not name goes back as read. */
class VersionUpdateBodyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ImageVersionId ID = ImageVersionId.parse("/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/g"
            + "/providers/Microsoft.Compute/galleries/gal/images/img/versions/1.1.0");
    /** Shaped like Microsoft's GalleryImageVersion_Update example answer, with a member no model of this app knows. */
    static final String READ = """
            {"id": "x", "name": "1.1.0", "location": "West US", "tags": {"team": "img"},
             "properties": {"publishingProfile": {"targetRegions": [
                 {"name": "West US", "regionalReplicaCount": 1, "storageAccountType": "Standard_LRS", "excludeFromLatest": false,
                  "encryption": {"osDiskImage": {"diskEncryptionSetId": "/des"}},
                  "additionalReplicaSets": [{"storageAccountType": "PremiumV2_LRS", "regionalReplicaCount": 1}]},
                 {"name": "East US", "regionalReplicaCount": 2, "storageAccountType": "Standard_ZRS", "excludeFromLatest": true}],
               "replicaCount": 1, "publishedDate": "2018-01-01T00:00:00Z", "storageAccountType": "Standard_LRS",
               "futureMember": {"kept": true}},
              "storageProfile": {"source": {"id": "/img"}, "osDiskImage": {"sizeInGB": 10}},
              "provisioningState": "Succeeded"}}""";

    static JsonNode body(GalleryWrites.VersionUpdate update) throws Exception {
        return JSON.readTree(VersionUpdateBody.of(VersionUpdateBody.read(ID, READ), update));
    }

    @Test
    void aRaisedRegionKeepsEveryFieldItHadAndTheOtherRegionIsSentAsRead() throws Exception {
        JsonNode body = body(new GalleryWrites.VersionUpdate("fp:x", Optional.of(List.of(
                new GalleryWrites.TargetRegion("westus", 10, Optional.empty(), Optional.empty()),
                new GalleryWrites.TargetRegion("East US", 2, Optional.of("Standard_ZRS"), Optional.of(true)))),
                Optional.empty(), Map.of()));

        JsonNode regions = body.path("properties").path("publishingProfile").path("targetRegions");
        assertEquals(10, regions.get(0).path("regionalReplicaCount").asInt());
        assertEquals("West US", regions.get(0).path("name").asText(), "the name as Azure spells it");
        assertEquals("/des", regions.get(0).path("encryption").path("osDiskImage").path("diskEncryptionSetId").asText());
        assertEquals("PremiumV2_LRS", regions.get(0).path("additionalReplicaSets").get(0).path("storageAccountType").asText());
        assertTrue(regions.get(1).path("excludeFromLatest").asBoolean());
        JsonNode publishing = body.path("properties").path("publishingProfile");
        assertTrue(publishing.path("futureMember").path("kept").asBoolean(), "members the app does not know go back too");
        assertFalse(publishing.has("publishedDate"), "read-only");
        assertTrue(body.path("properties").path("storageProfile").isEmpty(), "required, empty: the source cannot change");
        assertFalse(body.has("tags"), "tags untouched when none are set");
        assertFalse(body.has("id") || body.has("location") || body.path("properties").has("provisioningState"));
    }

    @Test
    void tagsToSetAreMergedIntoTheTagsAsReadAndTheFlagIsSetWhenGiven() throws Exception {
        JsonNode body = body(new GalleryWrites.VersionUpdate(null, Optional.empty(), Optional.of(false),
                Map.of("batch-image-rollout.remediation", "westus:1>10")));

        assertEquals(JSON.readTree("{\"batch-image-rollout.remediation\":\"westus:1>10\",\"team\":\"img\"}"), body.path("tags"));
        assertFalse(body.path("properties").path("publishingProfile").path("excludeFromLatest").asBoolean(true));
        assertEquals(2, body.path("properties").path("publishingProfile").path("targetRegions").size(), "regions as read");
    }
}
