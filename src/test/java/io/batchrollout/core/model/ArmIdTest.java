package io.batchrollout.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArmIdTest {
    static final String VERSION = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers/"
            + "Microsoft.Compute/galleries/demogallery/images/ubuntu2204-batch/versions/1.0.0";

    @Test
    void versionIdKnowsItsDefinitionAndGallery() {
        ImageVersionId version = ImageVersionId.parse(VERSION);
        assertEquals("1.0.0", version.versionName());
        assertEquals("ubuntu2204-batch", version.definition().imageName());
        assertEquals("demogallery", version.definition().gallery().galleryName());
        assertEquals(version, version.definition().version("1.0.0"));
    }

    @Test
    void idsCompareIgnoringCaseAsArmDoes() {
        ArmId a = ArmId.parse(VERSION);
        ArmId b = ArmId.parse(VERSION.replace("resourceGroups", "resourcegroups").replace("Microsoft.Compute", "microsoft.compute"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void aDefinitionIdIsNotAVersionId() {
        String definition = VERSION.substring(0, VERSION.indexOf("/versions/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageVersionId.parse(definition));
        assertTrue(e.getMessage().contains("expected a Microsoft.Compute/galleries/images/versions id"), e.getMessage());
        assertEquals("ubuntu2204-batch", ImageDefinitionId.parse(definition).imageName());
    }

    @Test
    void poolIdBuiltFromAccountRoundTrips() {
        BatchAccountId account = BatchAccountId.parse(
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers/Microsoft.Batch/batchAccounts/demobatch");
        PoolId pool = account.pool("render-pool_1");
        assertEquals(pool, PoolId.parse(pool.toString()));
        assertEquals(account, pool.account());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts//pools/p",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/r g/providers/Microsoft.Batch/batchAccounts/a",
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a?x=1",
    })
    void malformedIdsAreRefusedWithAReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArmId.parse(text));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void poolNamesFollowBatchRules() {
        BatchAccountId account = BatchAccountId.parse(
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/demo-rg/providers/Microsoft.Batch/batchAccounts/demobatch");
        assertThrows(IllegalArgumentException.class, () -> account.pool("bad.name"));
        assertThrows(IllegalArgumentException.class, () -> account.pool("x".repeat(65)));
    }

    @Test
    void regionDisplayNameEqualsRegionName() {
        assertTrue(RegionName.same("West Europe", "westeurope"));
        assertEquals("westeurope", RegionName.normalize("West Europe"));
    }
}
