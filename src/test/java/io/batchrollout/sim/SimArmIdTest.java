package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's own ARM id reading: ARM's grammar, segment names in any case, nothing it would not route. */
class SimArmIdTest {
    private static final String VERSION = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/images-rg"
            + "/providers/Microsoft.Compute/galleries/g1/images/ubuntu/versions/1.2.3";

    @Test
    void aGalleryVersionIdNamesItsTypeItsNameAndItsImageDefinition() {
        SimArmId id = SimArmId.read(VERSION).orElseThrow();
        assertTrue(id.is(SimArmId.GALLERY_IMAGE_VERSION));
        assertEquals("1.2.3", id.name());
        SimArmId definition = id.parent().orElseThrow();
        assertTrue(definition.is(SimArmId.GALLERY_IMAGE));
        assertEquals(VERSION.substring(0, VERSION.indexOf("/versions/")), definition.toString());
        assertEquals(VERSION, id.toString());
    }

    @Test
    void segmentNamesAndTypesMatchWithoutRegardToCaseAndKeepTheCallersSpelling() {
        String shouted = "/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/resourcegroups/Images-RG"
                + "/PROVIDERS/microsoft.compute/Galleries/g1/IMAGES/ubuntu/Versions/1.2.3";
        SimArmId id = SimArmId.read(shouted).orElseThrow();
        assertTrue(id.is(SimArmId.GALLERY_IMAGE_VERSION));
        assertEquals("Images-RG", id.resourceGroup());
        assertEquals(SimArmId.read(VERSION).orElseThrow().key(), id.key());
    }

    @Test
    void aBatchPoolIdIsTwoLevelsUnderTheBatchNamespace() {
        SimArmId pool = SimArmId.read("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct/pools/p1")
                .orElseThrow();
        assertTrue(pool.is(SimArmId.BATCH_POOL));
        assertEquals(List.of("acct", "p1"), pool.names());
    }

    @Test
    void textsThatAreNotResourceIdsUnderAGroupAndAProviderAreRefused() {
        List<String> refused = List.of("", "subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries//images/i",
                "/subscriptions/s/groups/rg/providers/Microsoft.Compute/galleries/g",
                "/subscriptions/s/resourceGroups/rg/Microsoft.Compute/galleries/g/images/i",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g?api-version=1");
        assertEquals(List.of(), refused.stream().filter(t -> SimArmId.read(t).isPresent()).toList());
        assertTrue(SimArmId.read(null).isEmpty());
    }
}
