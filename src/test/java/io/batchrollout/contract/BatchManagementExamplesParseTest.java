package io.batchrollout.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.azure.AzureClients;
import io.batchrollout.core.model.BatchAccount;
import io.batchrollout.core.model.BatchAccountId;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.Pool;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.model.PoolSpec;
import io.batchrollout.core.model.PoolUpdate;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.VmSku;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's Batch management examples (2024-07-01) served to the app's real pool, account and VM-size adapters:
 * each parses into the model with the example's values.
 */
class BatchManagementExamplesParseTest {
    static final String ACCOUNT_PATH = "/subscriptions/" + Examples.SUBSCRIPTION
            + "/resourceGroups/default-azurebatch-japaneast/providers/Microsoft.Batch/batchAccounts/sampleacct";
    static final BatchAccountId ACCOUNT = BatchAccountId.parse(ACCOUNT_PATH);
    static final PoolId POOL = ACCOUNT.pool("testpool");
    static final String GALLERY_VERSION = "/subscriptions/" + Examples.SUBSCRIPTION
            + "/resourceGroups/networking-group/providers/Microsoft.Compute/galleries/testgallery/images/testimagedef/versions/0.0.1";
    static final Map<String, String> ETAG = Map.of("ETag", "W/\"0x8D4EDFEBFADF4AB\"");

    static ExampleStub stub;
    static AzureClients clients;

    @BeforeAll
    static void start() {
        stub = new ExampleStub();
        clients = stub.clients();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static String poolPath() {
        return ACCOUNT_PATH + "/pools/testpool";
    }

    @Test
    void aPoolCreatedFromAGalleryImageReadsItsVersionAgentSizeAndTheEtagHeader() {
        stub.on("PUT", poolPath(), 200, ETAG, Examples.served("batch-management/PoolCreate_SharedImageGallery.json", 200, Map.of()));

        Pool pool = clients.pools().create(POOL, new PoolSpec("STANDARD_D4", GALLERY_VERSION, "batch.node.ubuntu 18.04",
                new ScaleSettings.FixedScale(0, 0, Duration.ofMinutes(15), ScaleSettings.NodeDeallocationOption.REQUEUE),
                Optional.empty(), List.of()));

        assertEquals(POOL, pool.id());
        assertEquals(GALLERY_VERSION, pool.imageReferenceId());
        assertEquals("batch.node.ubuntu 18.04", pool.nodeAgentSkuId());
        assertEquals("STANDARD_D4", pool.vmSize());
        assertEquals("W/\"0x8D4EDFEBFADF4AB\"", pool.etag());
        assertEquals("Steady", pool.allocationState());
        assertEquals("Succeeded", pool.provisioningState());
        assertEquals(0, pool.currentDedicatedNodes());
        assertEquals(1, stub.count("PUT", poolPath()));
    }

    @Test
    void thePoolGetExampleReadsScaleSettingsStartTaskMetadataAndAResizeInProgress() {
        stub.on("GET", poolPath(), 200, ETAG, Examples.served("batch-management/PoolGet.json", 200, Map.of()));

        Pool pool = clients.pools().get(POOL).orElseThrow();

        assertEquals("Resizing", pool.allocationState());
        assertEquals("W/\"0x8D4EDFEBFADF4AB\"", pool.etag());
        assertEquals("MicrosoftWindowsServer:WindowsServer:2016-Datacenter-SmallDisk:latest", pool.imageReferenceId(),
                "a Marketplace image is named publisher:offer:sku:version");
        assertEquals("batch.node.windows amd64", pool.nodeAgentSkuId());
        ScaleSettings.FixedScale fixed = (ScaleSettings.FixedScale) pool.scaleSettings();
        assertEquals(6, fixed.targetDedicatedNodes());
        assertEquals(28, fixed.targetLowPriorityNodes());
        assertEquals(Duration.ofMinutes(8), fixed.resizeTimeout());
        assertEquals(ScaleSettings.NodeDeallocationOption.TASK_COMPLETION, fixed.nodeDeallocationOption(),
                "Batch does not echo fixedScale.nodeDeallocationOption; resizeOperationStatus carries it");
        assertEquals("cmd /c SET", pool.startTask().orElseThrow().commandLine());
        assertEquals(List.of(new Metadata("metadata-1", "value-1"), new Metadata("metadata-2", "value-2")), pool.metadata());
        assertEquals(List.of(), pool.resizeErrors());
    }

    @Test
    void thePoolListExampleCarriesItsResizeErrorIntoTheModel() {
        stub.on("GET", ACCOUNT_PATH + "/pools", 200, Examples.served("batch-management/PoolList.json", 200, Map.of()));

        List<Pool> pools = clients.pools().list(ACCOUNT);

        assertEquals(1, pools.size());
        assertEquals(POOL, pools.get(0).id());
        assertEquals(List.of(new Pool.ResizeError("AllocationTimedout",
                "Desired number of dedicated nodes could not be allocated as the resize timeout was reached")), pools.get(0).resizeErrors());
        assertEquals("W/\"0x8D4EDFEBFADF4AB\"", pools.get(0).etag(), "the list has no ETag header: the body's etag is used");
    }

    @Test
    void thePoolUpdateExampleReadsAPoolWithoutAVirtualMachineConfigurationWithoutFailing() {
        stub.on("PATCH", poolPath(), 200, ETAG, Examples.served("batch-management/PoolUpdate_OtherProperties.json", 200, Map.of()));

        Pool pool = clients.pools().update(POOL, new PoolUpdate(Optional.empty(),
                Optional.of(List.of(new Metadata("key1", "value1"))), Optional.empty()), "W/\"0x8D4EDFEBFADF4AB\"");

        assertEquals(List.of(new Metadata("key1", "value1")), pool.metadata());
        assertNull(pool.imageReferenceId());
        assertEquals(12, pool.currentDedicatedNodes());
        assertEquals(1, ((ScaleSettings.FixedScale) pool.scaleSettings()).targetDedicatedNodes());
        assertEquals(java.time.Instant.parse("2017-08-29T10:22:55.9407275Z"), pool.autoScaleRun().orElseThrow().evaluationTime());
        assertEquals(java.util.OptionalInt.of(34), pool.autoScaleRun().orElseThrow().targetDedicatedNodes());
    }

    @Test
    void aPoolDeleteAnsweredWithEachOfTheSpecsStatusesCountsAsStarted() {
        String location = "https://" + stub.authority() + ACCOUNT_PATH + "/poolOperationResults/delete-testpool-8D4EDFF164A11C9";
        stub.on("GET", ACCOUNT_PATH + "/poolOperationResults/.*", 200, null);
        for (int status : List.of(202, 200, 204)) {
            Map<String, String> headers = status == 202 ? Map.of("Location", location + "?api-version=2024-07-01", "Retry-After", "15")
                    : Map.of();
            stub.on("DELETE", poolPath(), status, headers, null);
            long before = stub.count("DELETE", poolPath());

            clients.pools().delete(POOL);

            assertEquals(before + 1, stub.count("DELETE", poolPath()), "status " + status);
        }
    }

    @Test
    void theAccountExampleReadsEndpointModeAndQuotasWithoutPerFamilyQuota() {
        stub.on("GET", ACCOUNT_PATH, 200, Examples.served("batch-management/BatchAccountGet.json", 200, Map.of()));

        BatchAccount account = clients.pools().account(ACCOUNT);

        assertEquals("sampleacct.japaneast.batch.azure.com", account.accountEndpoint());
        assertEquals("japaneast", account.location());
        assertEquals("BatchService", account.poolAllocationMode());
        assertEquals(20, account.dedicatedCoreQuota());
        assertEquals(20, account.lowPriorityCoreQuota());
        assertEquals(20, account.poolQuota());
        assertFalse(account.dedicatedCoreQuotaPerVmFamilyEnforced(), "the example has no dedicatedCoreQuotaPerVMFamilyEnforced");
        assertEquals(Map.of(), account.dedicatedCoreQuotaPerVmFamily());
    }

    @Test
    void theSupportedVmSkusExampleReadsEachSizesFamilyAndVcpus() {
        stub.on("GET", "/subscriptions/" + Examples.SUBSCRIPTION + "/providers/Microsoft.Batch/locations/japaneast/virtualMachineSkus",
                200, Examples.served("batch-management/LocationListVirtualMachineSkus.json", 200, Map.of()));

        List<VmSku> skus = clients.vmSkus().supportedVmSkus(Examples.SUBSCRIPTION, "japaneast");

        assertEquals(List.of(new VmSku("Standard_D1_v2", "standardDFamily", 1), new VmSku("Standard_A1", "standardA0_A7Family", 1)), skus);
    }
}
