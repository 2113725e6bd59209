package io.batchrollout.sim.batch;

import io.batchrollout.testworld.BatchWorld;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.ImageVersionId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.VmSku;
import io.batchrollout.port.AzureCallException;
import io.batchrollout.sim.RequestLog;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Location_ListSupportedVirtualMachineSkus through the app's adapter, and its shape on the wire. */
class VmSkuListTest {
    static final String PATH = "/subscriptions/" + BatchWorld.SUBSCRIPTION + "/providers/Microsoft.Batch/locations/";
    static final ObjectMapper JSON = new ObjectMapper();
    static BatchWorld world;

    @BeforeAll
    static void start() {
        world = BatchWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static List<RequestLog.Entry> since(int mark) {
        List<RequestLog.Entry> all = world.azure.requests().entries();
        return all.subList(mark, all.size());
    }

    @Test
    void theAdapterFollowsEveryPageAndReadsCoresAndFamilyOfEachSize() {
        int mark = world.azure.requests().entries().size();
        List<VmSku> skus = world.clients.vmSkus().supportedVmSkus(BatchWorld.SUBSCRIPTION, "westeurope");

        Map<String, VmSku> byName = skus.stream().collect(Collectors.toMap(VmSku::name, Function.identity()));
        assertEquals(VmSizes.all().size(), skus.size());
        assertEquals(new VmSku("Standard_D16s_v3", "standardDSv3Family", 16), byName.get("Standard_D16s_v3"));
        assertEquals(new VmSku("Standard_NC6s_v3", "standardNCSv3Family", 6), byName.get("Standard_NC6s_v3"));
        for (String size : List.of("Standard_A1_v2", "Standard_A2_v2", "Standard_A4_v2", "Standard_D2_v3", "Standard_D4_v3",
                "Standard_D2s_v3", "Standard_D4s_v3", "Standard_D8s_v3", "Standard_D16s_v3", "Standard_D2s_v5",
                "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D2ds_v5", "Standard_D2as_v5", "Standard_E2s_v3",
                "Standard_E4s_v3", "Standard_F2s_v2", "Standard_F4s_v2", "Standard_F8s_v2", "Standard_NC6s_v3")) {
            assertTrue(byName.containsKey(size), "every size the app's old table knew is listed: " + size);
        }
        List<RequestLog.Entry> sent = since(mark);
        int pages = (VmSizes.all().size() + 9) / 10;
        assertEquals(pages, sent.size(), "ten sizes a page");
        assertTrue(sent.stream().allMatch(e -> e.operation().equals("Location_ListSupportedVirtualMachineSkus") && e.status() == 200));
        assertEquals("api-version=2023-05-01", sent.get(0).query());
        assertTrue(sent.get(1).query().contains("skiptoken="), sent.get(1).query());
    }

    @Test
    void eachSkuHasTheSpecsShapeWithCapabilitiesAsStringsAndAnAbsoluteNextLink() throws Exception {
        HttpResponse<String> response = world.send("GET", PATH + "westeurope/virtualMachineSkus?api-version=2024-07-01&maxresults=5", null);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(5, body.get("value").size());
        JsonNode first = body.get("value").get(0);
        assertEquals("Standard_A1_v2", first.get("name").asText());
        assertEquals("standardAv2Family", first.get("familyName").asText());
        JsonNode vCpus = null;
        for (JsonNode capability : first.get("capabilities")) {
            if (capability.get("name").asText().equals("vCPUs")) {
                vCpus = capability.get("value");
            }
        }
        assertTrue(vCpus != null && vCpus.isTextual() && vCpus.asText().equals("1"), "vCPUs is a string capability");
        URI next = URI.create(body.get("nextLink").asText());
        assertEquals("https", next.getScheme());
        assertTrue(next.getQuery().contains("maxresults=5"), next.toString());
    }

    @Test
    void anApiVersionBatchDoesNotServeIsRefused() {
        HttpResponse<String> response = world.send("GET", PATH + "westeurope/virtualMachineSkus?api-version=2015-01-01", null);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("NoRegisteredProviderFound"), response.body());
    }

    @Test
    void aWithdrawnSizeIsNotListedInThatRegionAndNoPoolCanBeCreatedOnIt() {
        world.azure.batch().withdrawVmSize("North Europe", "Standard_F8s_v2");
        try {
            assertFalse(world.clients.vmSkus().supportedVmSkus(BatchWorld.SUBSCRIPTION, "northeurope").stream()
                    .anyMatch(s -> s.is("standard_f8s_v2")));
            assertTrue(world.clients.vmSkus().supportedVmSkus(BatchWorld.SUBSCRIPTION, "westeurope").stream()
                    .anyMatch(s -> s.is("Standard_F8s_v2")), "other regions still offer it");

            world.azure.batch().addAccount(BatchWorld.SUBSCRIPTION, BatchWorld.RESOURCE_GROUP, "skusne", "northeurope", 100, 0);
            BatchAccountId account = BatchAccountId.parse("/subscriptions/" + BatchWorld.SUBSCRIPTION + "/resourceGroups/"
                    + BatchWorld.RESOURCE_GROUP + "/providers/Microsoft.Batch/batchAccounts/skusne");
            ImageVersionId image = world.ubuntu.version("1.0.0");
            world.gallery.version(image.toString(), "northeurope", "Completed");
            PoolSpec base = BatchWorld.spec(image.toString(), 1);
            PoolSpec onWithdrawn = new PoolSpec("Standard_F8s_v2", base.imageReferenceId(), base.nodeAgentSkuId(),
                    base.scaleSettings(), base.startTask(), base.metadata());
            AzureCallException refused = assertThrows(AzureCallException.class, () -> world.create(account, "f8", onWithdrawn));
            assertEquals(400, refused.status());
        } finally {
            world.azure.batch().restoreVmSize("northeurope", "Standard_F8s_v2");
        }
    }
}
